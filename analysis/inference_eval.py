"""`python -m analysis evaluate-inference`: score `infer` against expert-answered prompts.

Figures: macro-F1 over the three labels, per-class precision/recall/F1, accuracy, the confusion
matrix, and "evidence found".

Evidence found: the share of prompts whose chosen sentence matches one of the experts' evidence
passages, where both are compared after lower-casing, unifying dashes/quotes/spaces and
collapsing whitespace, and "matches" means the chosen sentence contains the passage or the
passage contains the chosen sentence (experts sometimes cite part of a sentence, sometimes two
sentences at once).

Split: prompts are split by article so that no abstract is in both halves: half A holds the
articles whose CRC-32 of the pmcid (or, without one, of the title) is even, half B the odd ones.
Tune on A, check on B.
"""

from __future__ import annotations

import argparse
import re
import zlib
from typing import Any, Callable

from analysis import direction
from analysis.inference import baseline_one, infer_one, read_prompts
from analysis.text import normalise

_SPACE = re.compile(r"\s+")


def split_of(record: dict[str, Any]) -> str:
    """'A' or 'B': the half of the by-article split this prompt belongs to."""
    key = str(record.get("pmcid") or record.get("title") or "")
    return "A" if zlib.crc32(key.encode("utf-8")) % 2 == 0 else "B"


def _canon(text: str) -> str:
    return _SPACE.sub(" ", normalise(text).lower()).strip()


def evidence_found(chosen: str, passages: Any) -> bool:
    """Whether the chosen sentence contains an expert passage or lies inside one (normalised)."""
    if isinstance(passages, str):
        passages = [passages]
    c = _canon(chosen or "")
    if not c:
        return False
    for passage in passages or ():
        e = _canon(str(passage))
        if e and (e in c or c in e):
            return True
    return False


def score(gold: list[str], predicted: list[str], found: list[bool]) -> dict[str, Any]:
    """Macro-F1, per-class P/R/F1, accuracy, confusion matrix and evidence found."""
    labels = direction.LABELS
    confusion = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, predicted):
        confusion[g][p] += 1
    per_class = {}
    for lab in labels:
        tp = confusion[lab][lab]
        predicted_n = sum(confusion[g][lab] for g in labels)
        gold_n = sum(confusion[lab].values())
        prec = tp / predicted_n if predicted_n else 0.0
        rec = tp / gold_n if gold_n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_class[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": gold_n}
    n = len(gold)
    return {
        "n": n,
        "macro_f1": sum(c["f1"] for c in per_class.values()) / len(labels),
        "accuracy": sum(g == p for g, p in zip(gold, predicted)) / n if n else 0.0,
        "evidence_found": sum(found) / n if n else 0.0,
        "per_class": per_class,
        "confusion": confusion,
    }


def evaluate_records(records: list[dict[str, Any]], system: Callable[[dict], tuple[str, str]] = infer_one) -> dict[str, Any]:
    """Run `system` on labelled prompts and score it."""
    gold, predicted, found = [], [], []
    for rec in records:
        label, evidence = system(rec)
        gold.append(rec["label"])
        predicted.append(label)
        found.append(evidence_found(evidence, rec.get("evidence")))
    return score(gold, predicted, found)


def format_report(result: dict[str, Any], title: str) -> str:
    """The figures as a small text table."""
    short = {direction.INCREASED: "increased", direction.DECREASED: "decreased", direction.NO_DIFFERENCE: "no diff"}
    lines = [
        f"{title}: {result['n']} prompts",
        f"  macro-F1 {result['macro_f1']:.3f}   accuracy {result['accuracy']:.3f}   evidence found {result['evidence_found']:.3f}",
        f"  {'class':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}",
    ]
    for lab, c in result["per_class"].items():
        lines.append(f"  {short[lab]:<10} {c['precision']:6.3f} {c['recall']:6.3f} {c['f1']:6.3f} {c['support']:5d}")
    lines.append("  confusion (rows gold, columns predicted): " + " | ".join(short[lab] for lab in direction.LABELS))
    for g in direction.LABELS:
        lines.append(f"  {short[g]:<10} " + " ".join(f"{result['confusion'][g][p]:6d}" for p in direction.LABELS))
    return "\n".join(lines)


HELP = "score infer against expert-answered Evidence Inference prompts (macro-F1, per-class P/R/F1, evidence found)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of the evaluate-inference subcommand."""
    parser.description = HELP + ". " + __doc__.split("\n\n")[2].replace("\n", " ") + " " + __doc__.split("\n\n")[3].replace("\n", " ")
    parser.add_argument("--labelled", required=True, help="JSON lines with title, abstract, intervention, comparator, outcome, label, evidence")
    parser.add_argument("--split", choices=("A", "B", "all"), default="all", help="score half A, half B, or all prompts (default: all)")
    parser.add_argument("--system", choices=("rules", "overlap"), default="rules",
                        help="rules (what infer uses) or the word-overlap baseline (for comparison)")


def run(args: argparse.Namespace) -> int:
    """Run evaluate-inference; return the exit status."""
    records = read_prompts(args.labelled, need_label=True)
    if args.split != "all":
        records = [r for r in records if split_of(r) == args.split]
    system = infer_one if args.system == "rules" else baseline_one
    result = evaluate_records(records, system)
    print(format_report(result, f"{args.system}, split {args.split}"))
    return 0

"""`python -m analysis evaluate`: score the labels against expert labels (PsyNamic format).

The expert file is used to measure only; nothing here learns from it.  Our labels are mapped
into the experts' label space by the fixed tables below, then per-class precision/recall/F1,
micro/macro/weighted averages, accuracy and confusion matrices are printed for every task, on
all abstracts and on the ketamine subset.  PsyNamic's published figures are support-weighted
F1 (their model/analyse_performance.py); condition is reported as micro-F1.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from analysis.article_io import InputError, read_jsonl
from analysis.labels import label_articles

# ---------------------------------------------------------------------------------------
# Label mappings (expert label -> our label space)
# ---------------------------------------------------------------------------------------
# Conditions the issue names: scored as "condition" (micro-F1 target 0.93).
CONDITION_MAP_CORE = {
    "Depression": "depression",
    "Post-traumatic stress disorder (PTSD)": "ptsd",
    "(Chronic) Pain": "pain",
    "Anxiety": "anxiety",
}
# Further expert conditions we also label; scored separately as "condition (extended)".
# (The experts have no OCD, suicidality or bipolar label; "Psychiatric condition" is a parent
# label on every psychiatric study and "Palliative Setting"/dementia have no counterpart.)
CONDITION_MAP_EXTENDED = {
    **CONDITION_MAP_CORE,
    "Healthy Participants": "healthy_volunteers",
    "Alcoholism": "substance_use",
    "Substance abuse": "substance_use",
    "Other addictions (e.g. smoking)": "substance_use",
    "Recreational Drug Use": "recreational_use",
}
# Study type: the experts' two observational types are one design for us; their "Other"
# (non-randomised trials, secondary analyses, experiments) gathers our nonrandomised_trial,
# review, preclinical and other.
STUDY_TYPE_MAP = {
    "Randomized-controlled trial (RCT)": "rct",
    "Cohort study": "observational",
    "Real-world study": "observational",
    "Study protocol": "protocol",
    "Systematic review/meta-analysis": "systematic_review",
    "Qualitative Study": "qualitative",
    "Case report": "case_report",
    "Case series": "case_series",
    "Other": "other",
}
DESIGN_TO_STUDY_TYPE = {
    "rct": "rct", "observational": "observational", "protocol": "protocol",
    "systematic_review": "systematic_review", "qualitative": "qualitative", "case_report": "case_report",
    "case_series": "case_series", "nonrandomised_trial": "other", "review": "other", "preclinical": "other",
    "other": "other",
}
CONCLUSION_MAP = {
    "Positive": "positive", "Negative": "negative", "Neutral": "neutral", "Mixed": "mixed",
    "Unknown": "not_applicable", "Not Applicable": "not_applicable",
}
# PsyNamic's scheme gives every review "Not Applicable" (and most single case reports: one
# patient's course is not an efficacy conclusion); our label keeps the authors' verdict in both.
# Both are reported: "conclusion" below applies their convention to these designs,
# "conclusion_as_labelled" scores our label as it is.
REVIEW_DESIGNS = ("systematic_review", "review")
NO_EFFICACY_VERDICT_DESIGNS = REVIEW_DESIGNS + ("case_report",)
PARTICIPANT_BINS = (
    (1, 20, "1-20"), (21, 40, "21-40"), (41, 60, "41-60"), (61, 80, "61-80"), (81, 100, "81-100"),
    (101, 199, "100-199"), (200, 499, "200-499"), (500, 999, "500-999"), (1000, None, "≥1000"),
)
TARGETS = {"condition": 0.93, "study_type": 0.87, "conclusion": 0.81, "participants": 0.92}

_SEPARATOR = re.compile(r"\^(?:\\n|\n)")


# ---------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------
def load_labelled(path: str | Path) -> pd.DataFrame:
    """Read a PsyNamic JSONL file; split 'title^\\nabstract' titles; keep the gold label lists."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"labelled file not found: {p}")
    if p.suffix.lower() not in (".jsonl", ".ndjson", ".json"):
        raise InputError(f"unsupported labelled format '{p.suffix or p.name}': use the PsyNamic .jsonl file")
    df = read_jsonl(p)
    if df.empty:
        raise InputError(f"{p.name} holds no records")
    if "title" not in df.columns:
        raise InputError(f"{p.name} has no 'title' column")
    titles, abstracts = [], []
    for title, abstract in zip(df["title"], df.get("abstract", pd.Series([""] * len(df)))):
        title = "" if title is None else str(title)
        abstract = "" if abstract is None or (isinstance(abstract, float) and abstract != abstract) else str(abstract)
        parts = _SEPARATOR.split(title, maxsplit=1)
        if len(parts) == 2:
            title = parts[0]
            abstract = (parts[1] + ("\n" + abstract if abstract.strip() else "")).strip()
        titles.append(title.strip())
        abstracts.append(abstract)
    df["title"], df["abstract"] = titles, abstracts
    if "id" not in df.columns:
        df["id"] = range(len(df))
    if "is_ketamine" not in df.columns:
        df["is_ketamine"] = False
    df = df.rename(columns={"is_ketamine": "gold_is_ketamine"})
    for col in ("condition", "study_type", "study_conclusion", "number_of_participants"):
        if col not in df.columns:
            df[col] = None
    return df


# ---------------------------------------------------------------------------------------
# Mapping predictions and gold into one label space
# ---------------------------------------------------------------------------------------
def participant_bin(n: Any, basis: Any, design: Any) -> str:
    """The experts' participant bin for our sample size (reviews without participants: Not applicable)."""
    if n is None or n is pd.NA or basis == "included_studies" or (isinstance(n, float) and n != n):
        return "Not applicable" if design in REVIEW_DESIGNS else "Unknown"
    n = int(n)
    for lo, hi, name in PARTICIPANT_BINS:
        if n >= lo and (hi is None or n <= hi):
            return name
    return "Unknown"


def _gold_list(value: Any) -> list[str] | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _single(gold: list[str] | None, pred: str, mapping: dict[str, str] | None) -> str | None:
    """One gold label (the one matching the prediction when the experts gave several)."""
    if not gold:
        return None
    mapped = [mapping.get(g, g) if mapping else g for g in gold]
    return pred if pred in mapped else mapped[0]


def build_pairs(gold: pd.DataFrame, pred: pd.DataFrame) -> dict[str, list[tuple[Any, Any, bool]]]:
    """task -> [(gold, predicted, is_ketamine)] in the experts' label space."""
    pairs: dict[str, list[tuple[Any, Any, bool]]] = {
        "condition": [], "condition_extended": [], "study_type": [], "conclusion": [],
        "conclusion_as_labelled": [], "participants": [], "is_ketamine": [],
    }
    core = set(CONDITION_MAP_CORE.values())
    extended = set(CONDITION_MAP_EXTENDED.values())
    for g, p in zip(gold.itertuples(index=False), pred.itertuples(index=False)):
        ket = bool(g.gold_is_ketamine)
        conds = _gold_list(g.condition)
        if conds is not None:
            ours = set(p.conditions)
            pairs["condition"].append(({CONDITION_MAP_CORE[c] for c in conds if c in CONDITION_MAP_CORE}, ours & core, ket))
            pairs["condition_extended"].append(
                ({CONDITION_MAP_EXTENDED[c] for c in conds if c in CONDITION_MAP_EXTENDED}, ours & extended, ket)
            )
        study = DESIGN_TO_STUDY_TYPE.get(p.design, "other")
        gs = _single(_gold_list(g.study_type), study, STUDY_TYPE_MAP)
        if gs is not None:
            pairs["study_type"].append((gs, study, ket))
        concl_raw = str(p.conclusion)
        concl = "not_applicable" if p.design in NO_EFFICACY_VERDICT_DESIGNS else concl_raw
        gc = _gold_list(g.study_conclusion)
        if gc:
            pairs["conclusion"].append((_single(gc, concl, CONCLUSION_MAP), concl, ket))
            pairs["conclusion_as_labelled"].append((_single(gc, concl_raw, CONCLUSION_MAP), concl_raw, ket))
        bin_pred = participant_bin(p.sample_size, p.sample_size_basis, p.design)
        gb = _single(_gold_list(g.number_of_participants), bin_pred, None)
        if gb is not None:
            pairs["participants"].append((gb, bin_pred, ket))
        pairs["is_ketamine"].append(("ketamine" if ket else "other", "ketamine" if p.is_ketamine else "other", ket))
    return pairs


# ---------------------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------------------
def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def single_label_metrics(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Per-class P/R/F1, accuracy, micro/macro/weighted F1 and the confusion matrix."""
    pairs = list(pairs)
    labels = sorted({g for g, _ in pairs} | {p for _, p in pairs})
    confusion = {g: Counter() for g in labels}
    for g, p in pairs:
        confusion[g][p] += 1
    per_class = {}
    for c in labels:
        tp = confusion[c][c]
        fp = sum(confusion[g][c] for g in labels if g != c)
        fn = sum(confusion[c][p] for p in labels if p != c)
        prec, rec, f1 = _prf(tp, fp, fn)
        per_class[c] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    n = len(pairs)
    support = sum(v["support"] for v in per_class.values())
    present = [c for c in labels if per_class[c]["support"] > 0]
    accuracy = sum(confusion[c][c] for c in labels) / n if n else 0.0
    return {
        "n": n,
        "accuracy": accuracy,
        "micro_f1": accuracy,
        "macro_f1": sum(per_class[c]["f1"] for c in present) / len(present) if present else 0.0,
        "weighted_f1": sum(per_class[c]["f1"] * per_class[c]["support"] for c in labels) / support if support else 0.0,
        "per_class": per_class,
        "labels": labels,
        "confusion": {g: dict(confusion[g]) for g in labels},
    }


def multi_label_metrics(pairs: Iterable[tuple[set[str], set[str]]]) -> dict[str, Any]:
    """Per-class P/R/F1 over label sets, micro/macro/weighted F1, exact-match accuracy, 2x2 counts."""
    pairs = list(pairs)
    labels = sorted(set().union(*(g | p for g, p in pairs))) if pairs else []
    counts = {c: Counter() for c in labels}
    for g, p in pairs:
        for c in labels:
            counts[c]["tp" if c in g and c in p else "fn" if c in g else "fp" if c in p else "tn"] += 1
    per_class = {}
    for c in labels:
        prec, rec, f1 = _prf(counts[c]["tp"], counts[c]["fp"], counts[c]["fn"])
        per_class[c] = {"precision": prec, "recall": rec, "f1": f1, "support": counts[c]["tp"] + counts[c]["fn"]}
    tp = sum(counts[c]["tp"] for c in labels)
    fp = sum(counts[c]["fp"] for c in labels)
    fn = sum(counts[c]["fn"] for c in labels)
    micro_p, micro_r, micro_f = _prf(tp, fp, fn)
    support = sum(v["support"] for v in per_class.values())
    present = [c for c in labels if per_class[c]["support"] > 0]
    return {
        "n": len(pairs),
        "accuracy": sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0,
        "micro_precision": micro_p,
        "micro_recall": micro_r,
        "micro_f1": micro_f,
        "macro_f1": sum(per_class[c]["f1"] for c in present) / len(present) if present else 0.0,
        "weighted_f1": sum(per_class[c]["f1"] * per_class[c]["support"] for c in labels) / support if support else 0.0,
        "per_class": per_class,
        "labels": labels,
        "confusion": {c: dict(counts[c]) for c in labels},
    }


MULTI_LABEL_TASKS = ("condition", "condition_extended")


def evaluate_frame(gold: pd.DataFrame) -> dict[str, dict[str, dict[str, Any]]]:
    """Label the abstracts and score every task: {subset: {task: metrics}}."""
    pred = label_articles(gold[["id", "title", "abstract"]])
    pairs = build_pairs(gold, pred)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for subset in ("all", "ketamine"):
        out[subset] = {}
        for task, items in pairs.items():
            chosen = [(g, p) for g, p, ket in items if subset == "all" or ket]
            if task == "is_ketamine" and subset == "ketamine":
                continue
            fn = multi_label_metrics if task in MULTI_LABEL_TASKS else single_label_metrics
            out[subset][task] = fn(chosen)
    return out


# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------
HEADLINE = {
    "condition": ("micro_f1", "condition micro-F1 (depression, ptsd, pain, anxiety)"),
    "condition_extended": ("micro_f1", "condition micro-F1, extended (+ healthy, substance use, recreational)"),
    "study_type": ("weighted_f1", "study type weighted F1"),
    "conclusion": ("weighted_f1", "conclusion weighted F1 (reviews, case reports -> Not Applicable as experts)"),
    "conclusion_as_labelled": ("weighted_f1", "conclusion weighted F1 (our label as it is: review verdicts kept)"),
    "participants": ("weighted_f1", "participant-bin weighted F1"),
    "is_ketamine": ("weighted_f1", "is_ketamine weighted F1"),
}


def format_report(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    """Human-readable report: headline table, then per-task details and confusion matrices."""
    lines = ["Evaluation against expert labels (PsyNamic scheme; labels mapped as in analysis/evaluate.py)", ""]
    lines.append(f"{'task':<78} {'all':>7} {'ketamine':>9} {'target':>7}")
    for task, (metric, name) in HEADLINE.items():
        a = results["all"].get(task)
        k = results["ketamine"].get(task)
        target = TARGETS.get(task)
        lines.append(
            f"{name:<78} {a[metric] if a else float('nan'):>7.3f} "
            f"{k[metric] if k else float('nan'):>9.3f} {target if target else '':>7}"
        )
    for subset in ("all", "ketamine"):
        for task, m in results[subset].items():
            lines += ["", f"== {task} [{subset}] n={m['n']}"]
            lines.append(
                f"accuracy {m['accuracy']:.3f}  micro-F1 {m['micro_f1']:.3f}  macro-F1 {m['macro_f1']:.3f}  "
                f"weighted-F1 {m['weighted_f1']:.3f}"
            )
            lines.append(f"  {'class':<26} {'prec':>6} {'rec':>6} {'f1':>6} {'support':>8}")
            for c in m["labels"]:
                pc = m["per_class"][c]
                lines.append(f"  {c:<26} {pc['precision']:>6.3f} {pc['recall']:>6.3f} {pc['f1']:>6.3f} {pc['support']:>8}")
            lines.append("  confusion (rows: expert, columns: ours)" if task not in MULTI_LABEL_TASKS else "  per-class counts")
            if task in MULTI_LABEL_TASKS:
                for c in m["labels"]:
                    cc = m["confusion"][c]
                    lines.append(f"  {c:<26} tp {cc.get('tp', 0):>4} fp {cc.get('fp', 0):>4} fn {cc.get('fn', 0):>4} tn {cc.get('tn', 0):>4}")
            else:
                labels = m["labels"]
                short = [c[:9] for c in labels]
                lines.append("  " + " " * 18 + " ".join(f"{s:>9}" for s in short))
                for g in labels:
                    row = m["confusion"][g]
                    lines.append(f"  {g[:18]:<18}" + " ".join(f"{row.get(p, 0):>9}" for p in labels))
    return "\n".join(lines)


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of the evaluate subcommand."""
    parser.add_argument("--labelled", required=True, help="expert-labelled abstracts (PsyNamic JSONL)")
    parser.add_argument("--json", dest="json_out", help="also write the metrics as JSON to this file")


def run(args: argparse.Namespace) -> int:
    """Run evaluate; print the report; return the exit status."""
    gold = load_labelled(args.labelled)
    results = evaluate_frame(gold)
    print(format_report(results))
    if args.json_out:
        try:
            Path(args.json_out).write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write {args.json_out}: {' '.join(str(exc).split())}") from None
    return 0


if __name__ == "__main__":  # pragma: no cover
    from analysis.cli import main

    sys.exit(main(["evaluate", *sys.argv[1:]]))

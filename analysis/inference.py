"""`python -m analysis infer`: answer Evidence Inference prompts (Lehman et al. 2019) from the abstract.

A prompt asks: with respect to the outcome, how did the intervention arm compare with the
comparator arm?  The answer is a label ("significantly increased", "significantly decreased",
"no significant difference") and the abstract sentence it relies on, found and read by the
rules of analysis.direction.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable

from analysis import direction, outcome_sense, significance
from analysis.article_io import InputError
from analysis.result_text import words
from analysis.text import build_doc, normalise, split_sentences

PROMPT_KEYS = ("title", "abstract", "intervention", "comparator", "outcome")
# The label given when no candidate sentence states a direction or significance.
DEFAULT_LABEL = direction.NO_DIFFERENCE
# How many of the best-ranked sentences are read for a label (the evidence stays the best one).
# 1: the label comes from the evidence sentence alone (2-4 tried: no better on half A, worse on B).
CANDIDATES = 1
# When the best sentence states a significant difference but no direction, assume it favours the
# intervention (higher for outcomes where more is better, lower where less is better).
USE_BENEFIT_PRIOR = True
# ... judged on the clause about the outcome ("differences in Hb and ferritin, but no difference in anaemia")
PRIOR_ON_CLAUSE = True

# A section heading on its own line ("ABSTRACT.RESULTS::", "RESULTS:") or opening a line ("Results: ...").
_HEADING_LINE = re.compile(r"^\s*(?:ABSTRACT\.)?([A-Za-z][A-Za-z ,&/\-]{1,60}?)\s*::?\s*$")
_HEADING_INLINE = re.compile(r"^\s*(?:ABSTRACT\.)?([A-Za-z][A-Za-z ,&/\-]{1,60}?)\s*::?\s+(?=\S)")
# A line break inside a sentence (not after end punctuation): read as a space.
_INNER_BREAK = re.compile(r"(?<![.!?:])\n(?!\n)")
SECTION_WORDS = (
    ("result", "results"), ("finding", "results"), ("conclu", "conclusions"),
    ("interpretation", "conclusions"), ("discussion", "conclusions"), ("implication", "conclusions"),
    ("what th", "conclusions"), ("summary", "conclusions"),
    ("method", "methods"), ("design", "methods"), ("setting", "methods"), ("participant", "methods"),
    ("patient", "methods"), ("subject", "methods"), ("intervention", "methods"), ("material", "methods"),
    ("measure", "methods"), ("procedure", "methods"), ("statistic", "methods"), ("background", "background"),
    ("context", "background"), ("introduction", "background"), ("rationale", "background"),
    ("objective", "objective"), ("aim", "objective"), ("purpose", "objective"), ("goal", "objective"),
    ("hypothes", "objective"), ("registration", "registration"), ("funding", "registration"),
    ("trial", "registration"), ("supplementary", "registration"),
)
# Abstracts without heading lines but with inline ones ("... RESULTS: ...", as PubMed writes them)
# are read by analysis.text.build_doc (its sections mapped here).
USE_PROJECT_SECTIONS = True
_PROJECT_SECTION = {"body": "results", "registration": "registration"}
# Headings are short: at most this many words.
HEADING_MAX_WORDS = 6


def section_of(heading: str) -> str:
    """Canonical section a heading names ('ABSTRACT.MATERIALS AND METHODS' -> 'methods')."""
    low = heading.lower()
    for word, section in SECTION_WORDS:
        if word in low:
            return section
    return "other"


def _title_case(label: str) -> bool:
    """'Materials and Methods', 'Trial Registration': every word capitalised but small link words."""
    return all(w[0].isupper() or w.lower() in ("and", "of", "or", "the", "for", "in", "to") for w in label.split())


def _heading(line: str) -> tuple[str, int] | None:
    """(section, end of the heading) when the line opens with a section heading."""
    for pattern in (_HEADING_LINE, _HEADING_INLINE):
        m = pattern.match(line)
        if m is None:
            continue
        label = m.group(1)
        if len(label.split()) > HEADING_MAX_WORDS:
            continue
        section = section_of(label)
        if "::" in line[m.start(1):m.end()] or label.isupper() or (section != "other" and _title_case(label)):
            return section, m.end()
    return None


def abstract_sentences(title: str, abstract: str) -> tuple[list[str], list[str]]:
    """The abstract's sentences (exact slices) and the section of each; the title comes first."""
    sentences: list[str] = []
    sections: list[str] = []
    if title and title.strip():
        sentences.append(title.strip())
        sections.append("title")
    # cut the abstract into (section, start, end) at heading lines
    parts: list[tuple[str, int, int]] = []
    section, start, pos = "body", 0, 0
    for line in abstract.splitlines(keepends=True):
        h = _heading(line)
        if h is not None:
            if pos > start:
                parts.append((section, start, pos))
            section, start = h[0], pos + h[1]
        pos += len(line)
    parts.append((section, start, len(abstract)))
    if USE_PROJECT_SECTIONS and len(parts) == 1:
        # no heading lines: the project's own reader finds inline headings ("... RESULTS: ...")
        doc = build_doc(title, abstract)
        if doc.structured:
            return ([x.text for x in doc.sentences],
                    [_PROJECT_SECTION.get(x.section, x.section) for x in doc.sentences])
    norm = _INNER_BREAK.sub(" ", normalise(abstract))
    for section, a, b in parts:
        for sa, sb in split_sentences(norm, a, b):
            sentences.append(abstract[sa:sb])
            sections.append(section)
    if not any(s == "results" for s in sections):
        # unstructured: the body after its first third (background and aims come first) reads as results
        n = len(sentences)
        for i in range(n):
            if sections[i] == "body" and i >= n // 3:
                sections[i] = "results"
    return sentences, sections


def infer_one(record: dict[str, Any]) -> tuple[str, str]:
    """(label, evidence sentence) for one prompt record.

    The evidence is the best-ranked sentence for the outcome (direction.rank_sentences) and the
    label is what direction.classify reads in it.  When it states a significant difference but no
    direction, the label assumes the difference favours the intervention (USE_BENEFIT_PRIOR); when
    it says nothing classify can read, the label is DEFAULT_LABEL.
    """
    title = record.get("title")
    sentences, sections = abstract_sentences(title if isinstance(title, str) else "", record["abstract"])
    iv, cp, oc = record["intervention"], record["comparator"], record["outcome"]
    scores = direction.rank_sentences(sentences, iv, cp, oc, sections)
    order = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    if not order:
        return DEFAULT_LABEL, ""
    best = order[0]
    for i in order[:CANDIDATES]:
        if i != best and scores[i] <= 0:
            break
        following = sentences[i + 1] if i + 1 < len(sentences) else ""
        label = direction.classify(sentences[i], iv, cp, oc, following)
        if label is not None:
            return label, sentences[best]
    following = sentences[best + 1] if best + 1 < len(sentences) else ""
    if USE_BENEFIT_PRIOR and (direction.stated_significance(sentences[best], iv, cp, oc, following) if PRIOR_ON_CLAUSE
                              else significance.significance(sentences[best])):
        # significant but no direction written: trials mostly report differences that favour the intervention
        up = not outcome_sense.lower_is_better(oc)
        return (direction.INCREASED if up else direction.DECREASED), sentences[best]
    return DEFAULT_LABEL, sentences[best]


_BASELINE_NEGATION = re.compile(r"\bno\b|\bnot\b|similar")
_BASELINE_UP = re.compile(r"increas|higher|greater|more|improv")
_BASELINE_DOWN = re.compile(r"decreas|lower|reduc|fewer|less")


def baseline_one(record: dict[str, Any]) -> tuple[str, str]:
    """Word-overlap baseline (for comparison only): the sentence sharing most outcome words, labelled by keywords."""
    sentences, _ = abstract_sentences("", record["abstract"])
    if not sentences:
        return direction.NO_DIFFERENCE, ""
    ow = set(words(record["outcome"]))
    best = max(range(len(sentences)), key=lambda i: (len(set(words(sentences[i])) & ow), -i))
    s = sentences[best].lower()
    if _BASELINE_NEGATION.search(s):
        return direction.NO_DIFFERENCE, sentences[best]
    if _BASELINE_UP.search(s):
        return direction.INCREASED, sentences[best]
    if _BASELINE_DOWN.search(s):
        return direction.DECREASED, sentences[best]
    return direction.NO_DIFFERENCE, sentences[best]


# --------------------------------------------------------------------------------------
# Reading and writing prompt files
# --------------------------------------------------------------------------------------


def read_prompts(path: str | Path, need_label: bool = False) -> list[dict[str, Any]]:
    """JSONL prompt records, checked for the keys a prompt needs; problems raise InputError."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"input file not found: {p}")
    if p.is_dir():
        raise InputError(f"input is a directory, not a file: {p}")
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {p.name}: {' '.join(str(exc).split())[:200]}") from None
    keys = PROMPT_KEYS + (("label", "evidence") if need_label else ())
    records = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{p.name} line {lineno} is not JSON ({exc.msg}): expected one JSON object a line") from None
        if not isinstance(rec, dict):
            raise InputError(f"{p.name} line {lineno}: expected a JSON object")
        missing = [k for k in keys if k not in rec]
        if missing:
            raise InputError(f"{p.name} line {lineno}: missing key(s) {', '.join(missing)}")
        for k in PROMPT_KEYS[1:]:
            if not isinstance(rec[k], str) or not rec[k].strip():
                raise InputError(f"{p.name} line {lineno}: empty or non-text '{k}'")
        if need_label and rec["label"] not in direction.LABELS:
            raise InputError(f"{p.name} line {lineno}: label {rec['label']!r} is not one of {', '.join(direction.LABELS)}")
        records.append(rec)
    if not records:
        raise InputError(f"{p.name} holds no prompts")
    return records


def write_jsonl_atomic(records: Iterable[dict[str, Any]], path: str | Path) -> None:
    """Write JSON lines to a temporary file beside `path`, then rename (nothing half-written)."""
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"output directory does not exist: {parent}")
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        os.replace(tmp, p)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"cannot write {p}: {' '.join(str(exc).split())[:200]}") from None
        raise


def infer_file(input_path: str | Path, output_path: str | Path) -> int:
    """Answer every prompt of input_path into output_path; return how many."""
    records = read_prompts(input_path)
    out = []
    for rec in records:
        label, evidence = infer_one(rec)
        out.append({**rec, "label": label, "evidence": evidence})
    write_jsonl_atomic(out, output_path)
    return len(out)


INFER_HELP = "answer Evidence Inference prompts (JSONL: title, abstract, intervention, comparator, outcome)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of the infer subcommand."""
    parser.description = (
        INFER_HELP + ". Every input key is copied through; `label` and `evidence` (the sentence relied on) "
        "are added, and overwrite any `label`/`evidence` the input already has."
    )
    parser.add_argument("--input", required=True, help="prompts: JSON lines with title, abstract, intervention, comparator, outcome")
    parser.add_argument("--output", required=True, help="answers: JSON lines (input keys + label + evidence; existing label/evidence overwritten)")


def run(args: argparse.Namespace) -> int:
    """Run infer; return the exit status."""
    n = infer_file(args.input, args.output)
    print(f"answered {n} prompts -> {args.output}", file=sys.stderr)
    return 0

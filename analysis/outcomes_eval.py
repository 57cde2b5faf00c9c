"""`python -m analysis evaluate-outcomes`: precision and recall of extracted rates and effect values against hand-checked abstracts.

The labelled file (tests/fixtures/outcomes_handchecked.jsonl) holds one abstract a line with
the numbers read off it by hand: `response_rates`, `remission_rates` ({arm, percent, count}),
`effect_estimates` ({measure, value, ci_low, ci_high}), `optional` items (ambiguous: neither
rewarded nor penalised) and `half` (A or B, split by PMID).  A percentage counts when its kind
and value match; an effect value when its measure and value match and its CI, if extracted,
is the written one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from analysis.article_io import InputError
from analysis.outcomes import label_outcomes
from analysis.text import build_doc


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) < 1e-6


def read_labelled(path: str | Path) -> list[dict[str, Any]]:
    """The hand-checked records; one clear InputError when the file is missing or malformed."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"labelled file not found: {p}")
    rows = []
    for lineno, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON in {p.name} line {lineno}: {exc.msg}") from None
        if not isinstance(row, dict) or "abstract" not in row or "pmid" not in row:
            raise InputError(f"{p.name} line {lineno}: expected an object with pmid, title, abstract and expected items")
        rows.append(row)
    if not rows:
        raise InputError(f"{p.name} holds no records")
    return rows


def score_record(row: dict[str, Any]) -> dict[str, Any]:
    """Counts (tp, fp, fn) for percentages and effect values of one record, with the errors listed."""
    response, remission, effects, _ = label_outcomes(build_doc(row.get("title", ""), row["abstract"]))
    optional = row.get("optional", [])
    out: dict[str, Any] = {"rates": [0, 0, 0], "effects": [0, 0, 0], "ci_checked": [0, 0], "errors": []}
    for kind, got_items, want_items in (("response", response, row.get("response_rates", [])),
                                        ("remission", remission, row.get("remission_rates", []))):
        want = [w["percent"] for w in want_items]
        for g in got_items:
            hit = next((i for i, w in enumerate(want) if _close(w, g["percent"])), None)
            if hit is not None:
                want.pop(hit)
                out["rates"][0] += 1
            elif any(o.get("kind") == kind and _close(o.get("percent"), g["percent"]) for o in optional):
                continue
            else:
                out["rates"][1] += 1
                out["errors"].append(f"FP {kind} {g['percent']}% ({g['sentence'][:90]}...)")
        out["rates"][2] += len(want)
        out["errors"] += [f"FN {kind} {w}%" for w in want]
    want_e = list(row.get("effect_estimates", []))
    for g in effects:
        hit = next((i for i, w in enumerate(want_e) if w["measure"] == g["measure"] and _close(w["value"], g["value"])), None)
        if hit is not None:
            w = want_e[hit]
            if g["ci_low"] is not None and not (_close(w["ci_low"], g["ci_low"]) and _close(w["ci_high"], g["ci_high"])):
                out["effects"][1] += 1
                out["errors"].append(f"FP wrong CI {g['measure']} {g['value']} ({g['ci_low']}, {g['ci_high']})")
                continue
            want_e.pop(hit)
            out["effects"][0] += 1
            if w.get("ci_low") is not None:
                out["ci_checked"][1] += 1
                out["ci_checked"][0] += g["ci_low"] is not None
        elif any(o.get("kind") == "effect" and o.get("measure") == g["measure"] and _close(o.get("value"), g["value"])
                 for o in optional):
            continue
        else:
            out["effects"][1] += 1
            out["errors"].append(f"FP {g['measure']} {g['value']} ({g['ci_low']}, {g['ci_high']})")
    out["effects"][2] += len(want_e)
    out["errors"] += [f"FN {w['measure']} {w['value']}" for w in want_e]
    return out


def _pr(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return f"P {p:.3f} ({tp}/{tp + fp})  R {r:.3f} ({tp}/{tp + fn})"


def evaluate(rows: list[dict[str, Any]], verbose: bool = False) -> dict[str, dict[str, list[int]]]:
    """Totals per half ('A', 'B', 'all'): {'rates': [tp, fp, fn], 'effects': [...], 'numbers': [...], 'ci': [found, of]}."""
    totals: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"rates": [0, 0, 0], "effects": [0, 0, 0],
                                                                   "numbers": [0, 0, 0], "ci": [0, 0]})
    for row in rows:
        res = score_record(row)
        for half in (str(row.get("half", "?")), "all"):
            t = totals[half]
            for key in ("rates", "effects"):
                for i in range(3):
                    t[key][i] += res[key][i]
                    t["numbers"][i] += res[key][i]
            t["ci"][0] += res["ci_checked"][0]
            t["ci"][1] += res["ci_checked"][1]
        if verbose and res["errors"]:
            print(f"PMID {row['pmid']} (half {row.get('half')}):", file=sys.stderr)
            for e in res["errors"]:
                print("   ", e, file=sys.stderr)
    return dict(totals)


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of the evaluate-outcomes subcommand."""
    parser.add_argument("--labelled", required=True, help="hand-checked JSONL (tests/fixtures/outcomes_handchecked.jsonl)")
    parser.add_argument("--half", choices=("A", "B"), default=None, help="only this half")
    parser.add_argument("--errors", action="store_true", help="list every false positive and false negative on stderr")


def run(args: argparse.Namespace) -> int:
    """Print precision and recall per half; exit 0."""
    rows = read_labelled(args.labelled)
    if args.half:
        rows = [r for r in rows if r.get("half") == args.half]
    totals = evaluate(rows, verbose=args.errors)
    for half in sorted(k for k in totals if k != "all") + ["all"]:
        t = totals[half]
        n = sum(1 for r in rows if half == "all" or r.get("half") == half)
        print(f"half {half} ({n} abstracts)")
        print(f"  response/remission percentages  {_pr(*t['rates'])}")
        print(f"  effect values                   {_pr(*t['effects'])}")
        print(f"  all numbers                     {_pr(*t['numbers'])}")
        print(f"  CI read with matched effects    {t['ci'][0]}/{t['ci'][1]}")
    return 0

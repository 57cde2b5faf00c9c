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
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

from analysis.article_io import InputError, read_json_objects
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
    rows = read_json_objects(p, keys=("pmid", "abstract"))
    if not rows:
        raise InputError(f"{p.name} holds no records")
    return rows


def _pair(got: list[dict], want: list[dict], same: Callable[[dict, dict], bool], optional: list[dict],
          accept: Callable[[dict, dict], bool] = lambda w, g: True) -> tuple[list, list, list]:
    """Extracted items against the expected ones, each expected item used once (the first equal one):
    (matched (got, want) pairs, false positives as (got, refused by `accept`), expected items missed).
    An extracted item equal to none expected but to an optional one is neither right nor wrong."""
    want = list(want)
    pairs, wrong = [], []
    for g in got:
        hit = next((i for i, w in enumerate(want) if same(w, g)), None)
        if hit is not None and not accept(want[hit], g):
            wrong.append((g, True))
        elif hit is not None:
            pairs.append((g, want.pop(hit)))
        elif not any(same(o, g) for o in optional):
            wrong.append((g, False))
    return pairs, wrong, want


def _same_rate(w: dict, g: dict) -> bool:
    return _close(w.get("percent"), g["percent"])


def _same_effect(w: dict, g: dict) -> bool:
    return w.get("measure") == g["measure"] and _close(w.get("value"), g["value"])


def _ci_agrees(w: dict, g: dict) -> bool:
    return g["ci_low"] is None or (_close(w.get("ci_low"), g["ci_low"]) and _close(w.get("ci_high"), g["ci_high"]))


def score_record(row: dict[str, Any]) -> dict[str, Any]:
    """Counts (tp, fp, fn) for percentages and effect values of one record, with the errors listed."""
    response, remission, effects, _ = label_outcomes(build_doc(row.get("title", ""), row["abstract"]))
    optional = row.get("optional", [])
    out: dict[str, Any] = {"rates": [0, 0, 0], "effects": [0, 0, 0], "ci_checked": [0, 0], "errors": []}
    for kind, got_items, want_items in (("response", response, row.get("response_rates", [])),
                                        ("remission", remission, row.get("remission_rates", []))):
        pairs, wrong, missed = _pair(got_items, want_items, _same_rate, [o for o in optional if o.get("kind") == kind])
        out["rates"] = [out["rates"][0] + len(pairs), out["rates"][1] + len(wrong), out["rates"][2] + len(missed)]
        out["errors"] += [f"FP {kind} {g['percent']}% ({g['sentence'][:90]}...)" for g, _ in wrong]
        out["errors"] += [f"FN {kind} {w['percent']}%" for w in missed]
    pairs, wrong, missed = _pair(effects, row.get("effect_estimates", []), _same_effect,
                                 [o for o in optional if o.get("kind") == "effect"], accept=_ci_agrees)
    out["effects"] = [len(pairs), len(wrong), len(missed)]
    for g, w in pairs:
        if w.get("ci_low") is not None:
            out["ci_checked"][1] += 1
            out["ci_checked"][0] += g["ci_low"] is not None
    out["errors"] += [f"FP {'wrong CI ' if ci else ''}{g['measure']} {g['value']} ({g['ci_low']}, {g['ci_high']})"
                      for g, ci in wrong]
    out["errors"] += [f"FN {w['measure']} {w['value']}" for w in missed]
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

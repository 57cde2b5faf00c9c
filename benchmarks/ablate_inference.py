"""What each rule of the result reader is worth: Evidence Inference scores with one switch flipped at a time.

    python benchmarks/ablate_inference.py --labelled ../shared/data/evidence-inference/prompts_dev.jsonl [--only NAME ...]

Why: every rule of the result reader (analysis/direction.py and the modules it reads with:
mentions, outcome_sense, significance, arm_values; analysis/result_sentences.py; analysis/inference.py)
was kept only when the sets it was not written from did not get worse (from round 8: only when it
gained an answer on one of them; README, "How findings are read").  This prints the record behind
that: for each on/off switch (a module-level True/False setting), macro-F1 and evidence found on
half A and half B with that switch flipped, and the change from the shipped settings.  A rule whose
removal costs nothing on both halves is a candidate for deletion; one whose removal helps is a
candidate for review.  About 3 s per switch on one core.
Exit status 2, with one line, when the prompts file is missing (it is not shipped; see the README)
or is not one labelled prompt per line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import (arm_values, direction, inference, mentions, outcome_sense, result_sentences, result_text,  # noqa: E402
                      significance)
from analysis.article_io import InputError  # noqa: E402
from analysis.inference import read_prompts  # noqa: E402
from analysis.inference_eval import evaluate_records, split_of  # noqa: E402

MODULES = (mentions, outcome_sense, significance, arm_values, direction, result_sentences, inference)


def switches() -> list[tuple[object, str]]:
    """(module, name) of every on/off setting of the result reader, in the modules' order."""
    found = []
    for module in MODULES:
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, bool):
                found.append((module, name))
    return found


def _clear_caches() -> None:
    for module in MODULES + (result_text,):
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


def scores(halves: dict[str, list[dict]]) -> dict[str, tuple[float, float]]:
    """Macro-F1 and evidence found per half with the current settings."""
    _clear_caches()
    out = {}
    for half, records in halves.items():
        result = evaluate_records(records)
        out[half] = (result["macro_f1"], result["evidence_found"])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labelled", required=True, type=Path, help="expert-answered prompts (JSONL)")
    parser.add_argument("--only", nargs="*", default=(), help="flip only these switches")
    args = parser.parse_args(argv)
    try:
        records = read_prompts(args.labelled, need_label=True)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    halves = {h: [r for r in records if split_of(r) == h] for h in ("A", "B")}
    base = scores(halves)
    print(f"{'setting':44} {'A F1':>6} {'ΔA':>6} {'B F1':>6} {'ΔB':>6}  evidence A / B")
    print(f"{'(as shipped)':44} {base['A'][0]:6.3f} {'':6} {base['B'][0]:6.3f} {'':6}  {base['A'][1]:.3f} / {base['B'][1]:.3f}")
    for module, name in switches():
        if args.only and name not in args.only:
            continue
        shipped = getattr(module, name)
        setattr(module, name, not shipped)
        label = f"{name} -> {not shipped}"
        try:
            got = scores(halves)
        except Exception as exc:  # a setting read when the module's patterns are compiled cannot flip at run time
            print(f"{label:44} (not measurable at run time: {type(exc).__name__})", flush=True)
            continue
        finally:
            setattr(module, name, shipped)
        print(f"{label:44} {got['A'][0]:6.3f} {got['A'][0] - base['A'][0]:+6.3f} {got['B'][0]:6.3f} "
              f"{got['B'][0] - base['B'][0]:+6.3f}  {got['A'][1]:.3f} / {got['B'][1]:.3f}", flush=True)
    _clear_caches()
    return 0


if __name__ == "__main__":
    sys.exit(main())

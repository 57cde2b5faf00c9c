"""Command line of the analysis: `python -m analysis <subcommand> ...`.

Each subcommand is one entry of SUBCOMMANDS: (name, help, configure(parser), run(args) -> exit
status).  To add one, write those two functions in its module and add a line below.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable, Sequence

from analysis import annotate, evaluate, export, inference, inference_eval, outcomes_eval
from analysis.article_io import InputError

Subcommand = tuple[str, str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]

SUBCOMMANDS: list[Subcommand] = [
    ("annotate", "label an article file (CSV/JSONL/Parquet) and write the labels (CSV/JSONL)", annotate.configure, annotate.run),
    ("evaluate", "score the labels against expert-labelled abstracts (PsyNamic JSONL)", evaluate.configure, evaluate.run),
    ("export", export.EXPORT_HELP, export.configure, export.run),
    ("infer", inference.INFER_HELP, inference.configure, inference.run),
    ("evaluate-inference", inference_eval.HELP, inference_eval.configure, inference_eval.run),
    ("evaluate-outcomes", "precision/recall of extracted rates and effect values on hand-checked abstracts",
     outcomes_eval.configure, outcomes_eval.run),
]


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser with one subparser per SUBCOMMANDS entry."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="command")
    sub.required = True
    for name, help_text, configure, run in SUBCOMMANDS:
        p = sub.add_parser(name, help=help_text, description=help_text)
        configure(p)
        p.set_defaults(_run=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the subcommand; errors become one line on stderr and a non-zero status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: still one line, no traceback
        print(f"error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

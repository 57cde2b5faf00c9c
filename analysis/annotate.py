"""`python -m analysis annotate`: label an article file with the same code the store and dashboard use."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from analysis.article_io import read_articles, write_labels
from analysis.columns import LABEL_COLUMNS
from analysis.labels import label_articles


def annotate_file(input_path: str | Path, output_path: str | Path) -> int:
    """Label every article of input_path and write `id` plus the label columns to output_path."""
    articles = read_articles(input_path)
    labelled = label_articles(articles)
    write_labels(labelled[["id", *LABEL_COLUMNS]], output_path)
    return len(labelled)


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of the annotate subcommand."""
    parser.add_argument("--input", required=True, help="articles: .csv, .jsonl or .parquet with id/pmid, title, abstract")
    parser.add_argument("--output", required=True, help="labels: .csv (lists as JSON arrays) or .jsonl")


def run(args: argparse.Namespace) -> int:
    """Run annotate; return the exit status."""
    start = time.perf_counter()
    n = annotate_file(args.input, args.output)
    elapsed = time.perf_counter() - start
    print(f"labelled {n} articles -> {args.output} ({elapsed:.1f} s)", file=sys.stderr)
    return 0

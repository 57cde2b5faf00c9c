"""Throughput of the analysis: abstracts labelled per second on one core.

    .venv/bin/python benchmarks/bench_analysis.py [--corpus PATH] [--repeat N] [--min-rate 400]

Labels real PubMed records (by default the whole 912-record corpus in ../shared/data when it
is beside the checkout, else the slice in tests/fixtures), repeated N times, with the
same `label_articles` the store and the dashboard use, and prints abstracts/s measured on CPU time
of this process (so other programs on a shared machine count less) and on wall time.  The run
is done --rounds times; the best and the median round are reported (timing noise on a shared
machine only ever slows a round down).  Exits 1 if the best CPU rate is below --min-rate (the
target is 400 with findings, rates and effect estimates).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import label_articles  # noqa: E402
from tests.pubmed_material import benchmark_corpus  # noqa: E402

DEFAULT_CORPUS = benchmark_corpus()


def load_corpus(path: Path, repeat: int) -> pd.DataFrame:
    """The corpus records (title, abstract, keywords), repeated to make a longer run."""
    if not path.exists():
        raise SystemExit(f"error: corpus not found: {path}")
    df = pd.read_json(path, lines=True)
    df = df[["pmid", "title", "abstract", "keywords"]]
    return pd.concat([df] * repeat, ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the rates."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="how many times to label the corpus (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (default 3)")
    parser.add_argument("--min-rate", type=float, default=400.0, help="fail below this many abstracts/s (CPU)")
    args = parser.parse_args(argv)

    articles = load_corpus(args.corpus, max(1, args.repeat))
    label_articles(articles.head(50))  # warm-up: compile and cache the patterns

    cpu_times, wall_times = [], []
    for _ in range(max(1, args.rounds)):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        labelled = label_articles(articles)
        cpu_times.append(time.process_time() - cpu0)
        wall_times.append(time.perf_counter() - wall0)

    n = len(labelled)
    cpu, wall = min(cpu_times), min(wall_times)
    rate_cpu, rate_wall = n / cpu, n / wall
    median_cpu = sorted(cpu_times)[len(cpu_times) // 2]
    print(f"labelled {n} abstracts ({args.repeat} x {n // max(1, args.repeat)} corpus records), {len(cpu_times)} rounds")
    print(f"throughput: {rate_cpu:,.0f} abstracts/s on one core (best round, CPU time {cpu:.2f} s)")
    print(f"            {n / median_cpu:,.0f} abstracts/s on one core (median round)")
    print(f"            {rate_wall:,.0f} abstracts/s wall clock (best round, {wall:.2f} s)")
    print(f"per abstract: {1000 * cpu / n:.2f} ms CPU")
    if rate_cpu < args.min_rate:
        print(f"BELOW TARGET: {rate_cpu:.0f} < {args.min_rate:.0f} abstracts/s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

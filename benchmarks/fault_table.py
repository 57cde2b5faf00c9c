"""Print the table of refresh fault scenarios and how each ended (see tests/fault_scenarios.py).

Usage: python benchmarks/fault_table.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fetch.queries import load_queries  # noqa: E402
from tests.conftest import entry_date, ketamine_rows  # noqa: E402
from tests.fake_eutils import FakeEutils  # noqa: E402
from tests.fault_scenarios import SCENARIOS, prepare  # noqa: E402
from tests.pubmed_material import corpus_article_xml  # noqa: E402


def main() -> None:
    config = load_queries()
    fake = FakeEutils(blocks={c.name: c.query for c in config.conditions}, hang_seconds=1.5)
    for row, conditions in ketamine_rows(config):
        fake.add(int(row["pmid"]), corpus_article_xml(row), set(conditions), entry_date(row))
    fake.start()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        stage = prepare(fake, config, Path(tmp))
        for i, (name, scenario) in enumerate(SCENARIOS.items()):
            started = time.perf_counter()
            try:
                result = scenario(stage, f"s{i}")
                outcome, detail = result.outcome, result.detail
            except AssertionError as exc:
                outcome, detail = "BROKEN", str(exc).splitlines()[0]
            rows.append((name, outcome, f"{time.perf_counter() - started:.1f}s", detail))
    fake.stop()
    widths = [max(len(r[i]) for r in rows + [("scenario", "outcome", "time", "")]) for i in range(3)]
    print(f"| {'scenario':<{widths[0]}} | {'outcome':<{widths[1]}} | {'time':>{widths[2]}} | what the run said |")
    print(f"|{'-' * (widths[0] + 2)}|{'-' * (widths[1] + 2)}|{'-' * (widths[2] + 2)}|---|")
    for name, outcome, took, detail in rows:
        print(f"| {name:<{widths[0]}} | {outcome:<{widths[1]}} | {took:>{widths[2]}} | {detail[:110]} |")
    sys.exit(1 if any(r[1] == "BROKEN" for r in rows) else 0)


if __name__ == "__main__":
    main()

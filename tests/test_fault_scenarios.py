"""Every fault a scheduled refresh must survive ends complete-as-clean or failed-with-store-intact."""

from __future__ import annotations

import pytest

from tests.conftest import entry_date, ketamine_rows
from tests.fake_eutils import FakeEutils
from tests.fault_scenarios import COMPLETE, FAILED, SCENARIOS, Stage, prepare
from tests.pubmed_material import corpus_article_xml

MUST_FAIL = {"5xx that never ends", "count changes between ESearch and EFetch (for good)",
             "disk full (simulated write error)", "disk full (tiny tmpfs)"}
MUST_COMPLETE = {"429 burst with Retry-After", "5xx on searches", "request hangs past its timeout",
                 "connection reset", "truncated XML", "<ERROR> body with HTTP 200",
                 "empty body with HTTP 200", "count changes between ESearch and EFetch (once)",
                 "two refreshes started at once"}


@pytest.fixture(scope="module")
def stage(queries, tmp_path_factory) -> Stage:
    fake = FakeEutils(blocks={c.name: c.query for c in queries.conditions}, hang_seconds=1.5)
    for row, conditions in ketamine_rows(queries):
        fake.add(int(row["pmid"]), corpus_article_xml(row), set(conditions), entry_date(row))
    fake.start()
    yield prepare(fake, queries, tmp_path_factory.mktemp("faults"))
    fake.stop()


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_fault_scenario(stage, name):
    result = SCENARIOS[name](stage, name.replace(" ", "_").replace("<", "").replace(">", ""))
    if result.outcome == "skipped":
        pytest.skip(result.detail)
    assert result.outcome in (COMPLETE, FAILED)
    if name in MUST_FAIL:
        assert result.outcome == FAILED, result.detail
    if name in MUST_COMPLETE:
        assert result.outcome == COMPLETE, result.detail
    if result.outcome == FAILED:
        assert result.detail  # it says why

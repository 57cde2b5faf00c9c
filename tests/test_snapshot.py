"""The offline snapshot in data/ is what the first README command shows: it must carry today's labels."""

from __future__ import annotations

from analysis.columns import LABEL_COLUMNS
from fetch import store
from fetch.refresh import labels_version
from tests.pubmed_material import REPO

DATA = REPO / "data"
REBUILD = ("rebuild it: remove data/manifest.json, data/articles-*.parquet, data/run_log.jsonl and "
           "data/new_since_last_run.csv, then run "
           "python -m fetch import-corpus ../shared/data/corpus/pubmed_psychedelic_trials_2023_2025.jsonl")


def test_the_snapshot_was_labelled_by_this_code() -> None:
    manifest = store.load_manifest(DATA)
    assert manifest is not None, "data/ holds no store"
    assert manifest["labels_version"] == labels_version(), f"the snapshot's labels are stale: {REBUILD}"


def test_the_snapshot_has_every_label_column_and_no_registrations() -> None:
    articles = store.load_articles(DATA)
    assert len(articles) > 200
    missing = [name for name in LABEL_COLUMNS if name not in articles.columns]
    assert not missing, f"{missing}: {REBUILD}"
    # the snapshot is PubMed records only: the Registered trials tab explains how to load them
    assert store.load_registrations(DATA).empty

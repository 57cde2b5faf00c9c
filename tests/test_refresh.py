"""End-to-end refresh against the fake E-utilities server: clean, faulty, incremental, split, failed."""

from __future__ import annotations

import logging
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from fetch import store
from fetch.eutils import EutilsError
from fetch.parse import parse_pubmed_xml_batch
from fetch.refresh import RefreshOptions, run_refresh
from tests.fake_eutils import Fault
from tests.pubmed_material import corpus_article_xml, corpus_rows

CONTENT_COLUMNS = ["pmid", "title", "abstract", "authors", "doi", "pub_year", "keywords",
                   "matched_conditions", "date_revised", "source"]


def no_labels(df: pd.DataFrame) -> pd.DataFrame:
    """Stand-in labeller: these tests are about fetching and storing."""
    return df


def refresh(data_dir: Path, client, queries, **options) -> dict:
    return run_refresh(data_dir, client, queries, RefreshOptions(**options),
                       parse_pubmed_xml_batch, label=no_labels)


def content(data_dir: Path) -> pd.DataFrame:
    """What a store says about the literature, without the times it was written."""
    df = store.load_articles(data_dir)[CONTENT_COLUMNS]
    return df.assign(authors=df["authors"].map(tuple), keywords=df["keywords"].map(tuple),
                     matched_conditions=df["matched_conditions"].map(tuple))


def store_bytes(data_dir: Path) -> dict[str, bytes]:
    """Every store file's bytes (the run log and lock are not the store)."""
    return {p.name: p.read_bytes() for p in sorted(data_dir.iterdir())
            if p.name not in (store.RUN_LOG_NAME, ".refresh.lock")}


def test_clean_full_run_stores_every_matching_record(fake, client_for, queries, tmp_path):
    client = client_for(fake.base_url)
    run = refresh(tmp_path, client, queries)
    df = store.load_articles(tmp_path)
    expected = {pmid for pmid in fake.records}
    assert set(df["pmid"]) == expected and len(expected) > 250
    assert run["mode"] == "full" and run["added"] == len(expected) and run["outcome"] == "success"
    one = df.set_index("pmid").loc[36279978]
    assert one["title"].startswith("Association between intraoperative ketamine")
    assert one["doi"] == "10.1016/j.bjane.2022.10.002" and one["pub_year"] == 2022
    assert list(one["matched_conditions"]) == sorted(fake.records[36279978].conditions,
                                                     key=[c.name for c in queries.conditions].index)
    manifest = store.load_manifest(tmp_path)
    assert manifest["counts"]["total"] == len(expected)
    assert manifest["counts"]["pain"] == sum("pain" in r.conditions for r in fake.records.values())
    assert set(manifest["queries"]) == {"ketamine", "depression", "ptsd", "ocd", "pain"}
    # requests: one search per condition, one EPost, ceil(N / batch) EFetch
    efetches = -(-len(expected) // 500)
    assert run["requests"] == len(queries.conditions) + 1 + efetches
    assert fake.requests_to("efetch.fcgi") == efetches


@pytest.mark.parametrize("fault", [
    Fault("esearch.fcgi", "429", nth=2, times=2),
    Fault("efetch.fcgi", "500", nth=1, times=2),
    Fault("efetch.fcgi", "hang"),
    Fault("esearch.fcgi", "reset", nth=3),
    Fault("efetch.fcgi", "truncate"),
    Fault("esearch.fcgi", "error", nth=1),
    Fault("efetch.fcgi", "error"),
    Fault("epost.fcgi", "500"),
    Fault("efetch.fcgi", "drop_one"),
    Fault("efetch.fcgi", "empty"),
], ids=lambda f: f"{f.endpoint}-{f.kind}")
def test_faulty_run_ends_with_the_same_store_as_a_clean_run(fake, client_for, queries, tmp_path, fault):
    refresh(tmp_path / "clean", client_for(fake.base_url), queries, batch_size=200)
    fake.hang_seconds = 1.5
    fake.inject(fault)
    run = refresh(tmp_path / "faulty", client_for(fake.base_url), queries, batch_size=200)
    pd.testing.assert_frame_equal(content(tmp_path / "clean"), content(tmp_path / "faulty"))
    assert run["requests"] > len(queries.conditions) + 1 + 2  # the fault cost at least one retry


def test_retry_after_is_honoured(fake, client_for, queries, tmp_path):
    slept: list[float] = []
    client = client_for(fake.base_url)
    client.sleep = slept.append
    fake.inject(Fault("esearch.fcgi", "429", retry_after="2"))
    refresh(tmp_path, client, queries)
    assert slept and slept[0] >= 2.0


def test_exhausted_retries_fail_cleanly_and_leave_the_store_byte_for_byte(fake, client_for, queries, tmp_path):
    refresh(tmp_path, client_for(fake.base_url), queries)
    before = store_bytes(tmp_path)
    fake.inject(Fault("efetch.fcgi", "500", times=100))
    fake.add(99000001, corpus_article_xml(corpus_rows()[0], pmid=99000001), {"pain"},
             datetime.now(timezone.utc).date())
    with pytest.raises(EutilsError, match="efetch.fcgi failed after 4 attempts: HTTP 500"):
        refresh(tmp_path, client_for(fake.base_url), queries)
    assert store_bytes(tmp_path) == before
    last = store.read_run_log(tmp_path)[-1]
    assert last["outcome"] == "failed" and "HTTP 500" in last["error"]
    assert not (tmp_path / ".refresh.lock").exists()


def test_incremental_run_fetches_only_new_and_changed_records(fake, client_for, queries, tmp_path):
    refresh(tmp_path, client_for(fake.base_url), queries)
    today = datetime.now(timezone.utc).date()
    rows = [r for r in corpus_rows() if "ketamine" in (r["title"] or "").lower()]
    fake.add(99000001, corpus_article_xml(rows[0], pmid=99000001), {"depression"}, today)
    fake.add(99000002, corpus_article_xml(rows[1], pmid=99000002), {"pain", "depression"}, today)
    changed_pmid = 36279978
    old = fake.records[changed_pmid]
    revised = corpus_article_xml(next(r for r in corpus_rows() if r["pmid"] == changed_pmid),
                                 revised=today, title_suffix=" [corrected]")
    fake.add(changed_pmid, revised, old.conditions, old.edat, mdat=today)
    fake.log.clear()
    client = client_for(fake.base_url)
    run = refresh(tmp_path, client, queries)
    assert run["mode"] == "incremental"
    assert (run["added"], run["updated"]) == (2, 1)
    fetched = [p for name, p in fake.log if name == "epost.fcgi"]
    assert len(fetched) == 1 and sorted(fetched[0]["id"].split(",")) == ["36279978", "99000001", "99000002"]
    df = store.load_articles(tmp_path).set_index("pmid")
    assert df.loc[changed_pmid, "title"].endswith("[corrected]")
    assert list(df.loc[99000002, "matched_conditions"]) == ["depression", "pain"]


def test_incremental_run_with_nothing_new_costs_one_search_per_condition(fake, client_for, queries, tmp_path):
    refresh(tmp_path, client_for(fake.base_url), queries)
    articles_file = store.load_manifest(tmp_path)["articles_file"]
    client = client_for(fake.base_url)
    run = refresh(tmp_path, client, queries)
    assert run["requests"] == len(queries.conditions)
    assert (run["added"], run["updated"], run["removed"]) == (0, 0, 0)
    assert store.load_manifest(tmp_path)["articles_file"] == articles_file  # no rewrite


def test_older_revision_never_replaces_a_newer_one(fake, client_for, queries, tmp_path):
    refresh(tmp_path, client_for(fake.base_url), queries)
    row = next(r for r in corpus_rows() if r["pmid"] == 36279978)
    newer = corpus_article_xml(row, revised=date(2026, 1, 1), title_suffix=" v2")
    older = corpus_article_xml(row, revised=date(2024, 1, 1), title_suffix=" v0")
    merged, added, updated = store.upsert(store.load_articles(tmp_path),
                                          parse_pubmed_xml_batch(b"<PubmedArticleSet>" + newer + b"</PubmedArticleSet>"),
                                          store.utc_now())
    assert updated == [36279978] and not added
    merged, added, updated = store.upsert(merged, parse_pubmed_xml_batch(
        b"<PubmedArticleSet>" + older + b"</PubmedArticleSet>"), store.utc_now())
    assert updated == [] and merged.set_index("pmid").loc[36279978, "title"].endswith(" v2")


def test_results_above_the_search_cap_are_split_by_entry_date(fake, client_for, queries, tmp_path):
    refresh(tmp_path / "plain", client_for(fake.base_url), queries)
    fake.search_cap = 40
    fake.log.clear()
    run = refresh(tmp_path / "split", client_for(fake.base_url), queries, search_cap=40)
    pd.testing.assert_frame_equal(content(tmp_path / "plain"), content(tmp_path / "split"))
    searches = [p for name, p in fake.log if name == "esearch.fcgi"]
    assert any("mindate" in p for p in searches)
    assert all(int(p["retmax"]) == 40 for p in searches)
    assert run["requests"] > 10


def test_full_refresh_reconciles_records_no_longer_found(fake, client_for, queries, tmp_path):
    refresh(tmp_path, client_for(fake.base_url), queries)
    del fake.records[36279978]
    run = refresh(tmp_path, client_for(fake.base_url), queries, full=True)
    assert run["removed"] == 1 and 36279978 not in set(store.load_articles(tmp_path)["pmid"])


def test_api_key_never_written_or_logged(fake, client_for, queries, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "SECRETKEY0123456789"
    fake.inject(Fault("esearch.fcgi", "500"), Fault("efetch.fcgi", "truncate"))
    refresh(tmp_path, client_for(fake.base_url, api_key=secret), queries)
    assert any(p.get("api_key") == secret for _, p in fake.log)  # it was sent ...
    assert secret not in caplog.text  # ... but never logged
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes()


def test_rate_limit_spaces_requests(fake, client_for):
    client = client_for(fake.base_url, max_rps=20.0)
    started = datetime.now()
    for _ in range(6):
        client.esearch("anything", retmax=5)
    assert (datetime.now() - started).total_seconds() >= 5 / 20.0 * 0.95


def test_rate_limit_never_exceeds_ncbi_policy():
    from fetch.eutils import ClientSettings
    assert ClientSettings().rate_limit() == 3.0
    assert ClientSettings(api_key="k").rate_limit() == 10.0
    assert ClientSettings(max_rps=50).rate_limit() == 3.0
    assert ClientSettings(max_rps=50, base_url="http://127.0.0.1:9/").rate_limit() == 50.0

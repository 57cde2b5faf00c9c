"""ClinicalTrials.gov as a second source: paging, incremental runs, faults, and one commit for both tables.

Runs the real refresh code against the fake API v2 server (tests/fake_ctgov.py, synthetic
registrations) and, for the two-source runs, the fake E-utilities server of tests/conftest.py.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from fetch import store
from fetch.ctgov import (POLITE_RPS, CtgovClient, CtgovError, CtgovSettings, CtgovTransientError,
                         read_page)
from fetch.parse import parse_pubmed_xml_batch
from fetch.queries import QueryConfigError, load_queries
from fetch.refresh import RefreshOptions, run_refresh
from fetch.registry_schema import REGISTRATION_COLUMNS
from tests.conftest import make_client
from tests.fake_ctgov import FakeCtgov, Fault, fixture_studies, nct
from tests.pubmed_material import REPO, corpus_article_xml, corpus_rows


def make_ctgov_client(base_url: str, **overrides) -> CtgovClient:
    """A client tuned for a local server: no rate wait worth noticing, short timeouts, quick retries."""
    settings = dict(base_url=base_url, max_rps=500.0, read_timeout=1.0, connect_timeout=1.0,
                    max_attempts=4, backoff_base=0.01, backoff_max=0.05)
    settings.update(overrides)
    return CtgovClient(CtgovSettings(**settings))


@pytest.fixture
def ctfake():
    """A running fake ClinicalTrials.gov serving the synthetic fixture registrations."""
    server = FakeCtgov(hang_seconds=1.5).load_fixture().start()
    yield server
    server.stop()


def no_labels(df: pd.DataFrame) -> pd.DataFrame:
    """Stand-in labeller: these tests are about fetching and storing."""
    return df


def refresh(data_dir: Path, queries, ctgov=None, pubmed=None, **options) -> dict:
    return run_refresh(data_dir, pubmed, queries, RefreshOptions(**options),
                       parse_pubmed_xml_batch, label=no_labels, ctgov=ctgov)


def registrations(data_dir: Path) -> pd.DataFrame:
    """What the store says about the registrations, without the times it wrote them."""
    df = store.load_registrations(data_dir).drop(columns=["first_seen", "last_updated"])
    for column in df.columns:
        if df[column].map(lambda v: isinstance(v, list)).any():
            df[column] = df[column].map(tuple)
    return df


def store_hashes(data_dir: Path) -> dict[str, str]:
    """SHA-256 of every file of the store (the run log and the lock are not the store)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(data_dir.iterdir())
            if p.is_file() and p.name not in (store.RUN_LOG_NAME, ".refresh.lock")}


def expected_matches(fake: FakeCtgov, queries) -> dict[str, list[str]]:
    """NCT number -> conditions whose registry search the fake answers with it (its own matcher)."""
    terms = queries.ctgov_terms()
    found: dict[str, list[str]] = {}
    for condition in queries.conditions:
        for study in fake.match({"query.intr": terms["ketamine"], "query.cond": terms[condition.name]}):
            found.setdefault(nct(study), []).append(condition.name)
    return found


def fetch_cli(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "CTGOV_BASE_URL"}
    full_env.update(NCBI_EMAIL="tests@example.org", **(env or {}))
    return subprocess.run([sys.executable, "-m", "fetch", *args], cwd=REPO, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


# -- paging, matching, parsing ------------------------------------------------------------
def test_full_run_pages_through_every_search_and_stores_each_registration_once(ctfake, queries, tmp_path):
    client = make_ctgov_client(ctfake.base_url)
    run = refresh(tmp_path, queries, ctgov=client, ctgov_page_size=3)
    expected = expected_matches(ctfake, queries)
    df = store.load_registrations(tmp_path).set_index("nct_id")
    assert set(df.index) == set(expected) and 20 <= len(expected) < len(ctfake.studies)
    assert "NCT09900004" not in df.index  # psilocybin, no ketamine arm
    assert "NCT06451627" not in df.index  # ketamine, but none of our conditions
    for nct_id, conditions in expected.items():
        assert list(df.loc[nct_id, "matched_conditions"]) == conditions
    assert list(df.loc["NCT09900002", "matched_conditions"]) == ["depression", "ptsd"]
    # one page of 3 per 3 registrations per search, nothing more
    pages = sum(max(1, math.ceil(len(ctfake.match({"query.intr": queries.ctgov_terms()["ketamine"],
                                                   "query.cond": queries.ctgov_terms()[c.name]})) / 3))
                for c in queries.conditions)
    assert run["requests"] == run["ctgov"]["requests"] == ctfake.requests == pages > len(queries.conditions)
    firsts = [p for p in ctfake.log if "pageToken" not in p]
    assert len(firsts) == len(queries.conditions) and all(p["countTotal"] == "true" for p in firsts)
    assert all("countTotal" not in p for p in ctfake.log if "pageToken" in p)
    assert all("ReferencesModule" in p["fields"] and "DescriptionModule" not in p["fields"]
               for p in ctfake.log)
    assert run["mode"] == "full" and run["ctgov"]["added"] == len(expected)
    manifest = store.load_manifest(tmp_path)
    assert manifest["registration_counts"]["total"] == len(expected)
    assert manifest["registrations_file"].startswith("registrations-")
    assert "last_success" not in manifest  # PubMed was not refreshed


def test_registration_fields_come_from_the_study_record(ctfake, queries, tmp_path):
    refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url))
    df = store.load_registrations(tmp_path).set_index("nct_id")
    raw = {nct(s): s for s in fixture_studies()}
    escape = df.loc["NCT04338321"]
    assert escape["title"] == raw["NCT04338321"]["protocolSection"]["identificationModule"]["briefTitle"]
    assert (escape["enrollment"], escape["enrollment_type"]) == (676, "ACTUAL")
    assert escape["has_results"] and not df.loc["NCT09900002", "has_results"]
    assert escape["sponsor"] == "Janssen-Cilag International NV"
    assert list(escape["reference_pmids"]) == [38954874, 39923271]
    assert list(escape["phases"]) == ["PHASE3"] and escape["study_type"] == "INTERVENTIONAL"
    assert "Drug: Quetiapine extended release" in list(escape["interventions"])
    assert escape["primary_completion_date"] == "2022-10" and escape["last_update_posted"] == "2024-09-30"
    # a BACKGROUND reference is someone else's paper, not a report of this trial
    assert list(df.loc["NCT05468840", "reference_pmids"]) == [38969374]
    assert list(df.loc["NCT02579928", "phases"]) == ["PHASE1", "PHASE2"]
    assert list(df.loc["NCT04877977", "phases"]) == [] and df.loc["NCT04877977", "study_type"] == "OBSERVATIONAL"
    # mapped conditions come from the registered conditions' own words
    assert list(df.loc["NCT09900002", "mapped_conditions"]) == ["depression", "ptsd"]
    assert list(df.loc["NCT05037123", "mapped_conditions"]) == ["pain"]
    assert list(df.columns) == [c for c in REGISTRATION_COLUMNS if c != "nct_id"]


def test_page_size_does_not_change_what_is_stored(ctfake, queries, tmp_path):
    refresh(tmp_path / "small", queries, ctgov=make_ctgov_client(ctfake.base_url), ctgov_page_size=2)
    small = ctfake.requests
    refresh(tmp_path / "big", queries, ctgov=make_ctgov_client(ctfake.base_url))
    assert ctfake.requests - small == len(queries.conditions)  # everything fits one page
    pd.testing.assert_frame_equal(registrations(tmp_path / "small"), registrations(tmp_path / "big"))


# -- incremental runs ------------------------------------------------------------------------
def test_incremental_run_with_nothing_new_costs_one_request_per_condition(ctfake, queries, tmp_path):
    refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url), ctgov_page_size=3)
    manifest = store.load_manifest(tmp_path)
    ctfake.log.clear()
    run = refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url), ctgov_page_size=3)
    assert run["ctgov"]["mode"] == "incremental"
    assert run["ctgov"]["requests"] == len(queries.conditions) == ctfake.requests
    assert (run["ctgov"]["added"], run["ctgov"]["updated"], run["ctgov"]["removed"]) == (0, 0, 0)
    since = (datetime.fromisoformat(manifest["ctgov_last_success"].replace("Z", "+00:00")).date()
             - timedelta(days=3)).isoformat()
    assert all(p["filter.advanced"] == f"AREA[LastUpdatePostDate]RANGE[{since},MAX]" for p in ctfake.log)
    assert store.load_manifest(tmp_path)["registrations_file"] == manifest["registrations_file"]


def test_incremental_run_picks_up_updated_and_new_registrations(ctfake, queries, tmp_path):
    refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url))
    before = store.load_registrations(tmp_path).set_index("nct_id")
    today = datetime.now(timezone.utc).date()
    ctfake.update("NCT05468840", today, status="COMPLETED")
    new = copy.deepcopy(next(s for s in fixture_studies() if nct(s) == "NCT09900001"))
    new["protocolSection"]["identificationModule"]["nctId"] = "NCT09900099"
    new["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = today.isoformat()
    ctfake.add(new)
    run = refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url))
    assert (run["ctgov"]["mode"], run["ctgov"]["added"], run["ctgov"]["updated"]) == ("incremental", 1, 1)
    after = store.load_registrations(tmp_path).set_index("nct_id")
    assert after.loc["NCT05468840", "overall_status"] == "COMPLETED"
    assert after.loc["NCT05468840", "first_seen"] == before.loc["NCT05468840", "first_seen"]
    assert after.loc["NCT05468840", "last_updated"] > before.loc["NCT05468840", "last_updated"] or \
        after.loc["NCT05468840", "last_updated"] == run["started"]
    assert list(after.loc["NCT09900099", "matched_conditions"]) == ["pain"]
    assert len(after) == len(before) + 1


def test_full_run_removes_registrations_no_longer_found(ctfake, queries, tmp_path):
    refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url))
    del ctfake.studies["NCT09900006"]
    run = refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url), full=True)
    assert run["ctgov"]["removed"] == 1
    assert "NCT09900006" not in set(store.load_registrations(tmp_path)["nct_id"])


# -- faults ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fault", [
    Fault("429", nth=2, times=2, retry_after="0"),
    Fault("500", nth=1, times=2),
    Fault("502", nth=3),
    Fault("503", nth=4),
    Fault("hang", nth=2),
    Fault("truncate", nth=1),
    Fault("truncate", nth=5, times=2),
    Fault("empty", nth=3),
    Fault("html", nth=2),
    Fault("reset", nth=2),
    Fault("drop_one", nth=2),
], ids=lambda f: f"{f.kind}-{f.nth}x{f.times}")
def test_each_fault_is_retried_and_the_run_stores_what_a_clean_run_does(ctfake, queries, tmp_path, fault):
    refresh(tmp_path / "clean", queries, ctgov=make_ctgov_client(ctfake.base_url), ctgov_page_size=4)
    clean_requests = ctfake.requests
    ctfake.log.clear()
    ctfake.inject(fault)
    run = refresh(tmp_path / "faulty", queries, ctgov=make_ctgov_client(ctfake.base_url), ctgov_page_size=4)
    pd.testing.assert_frame_equal(registrations(tmp_path / "clean"), registrations(tmp_path / "faulty"))
    assert run["ctgov"]["requests"] == ctfake.requests > clean_requests  # the fault cost a retry


def test_retry_after_is_honoured(ctfake, queries, tmp_path):
    slept: list[float] = []
    client = make_ctgov_client(ctfake.base_url)
    client.sleep = slept.append
    ctfake.inject(Fault("429", retry_after="2"))
    refresh(tmp_path, queries, ctgov=client)
    assert slept and slept[0] >= 2.0


def test_exhausted_retries_fail_naming_the_source_and_leave_both_tables_byte_for_byte(
        fake, ctfake, queries, tmp_path):
    refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url), pubmed=make_client(fake.base_url))
    before = store_hashes(tmp_path)
    assert any(name.startswith("registrations-") for name in before)
    fake.add(99000001, corpus_article_xml(corpus_rows()[0], pmid=99000001), {"pain"},
             datetime.now(timezone.utc).date())  # PubMed has something new: it must not be committed
    ctfake.inject(Fault("500", times=100))
    with pytest.raises(CtgovError, match=r"ClinicalTrials.gov /studies failed after 4 attempts: HTTP 500"):
        refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url), pubmed=make_client(fake.base_url))
    assert store_hashes(tmp_path) == before
    assert 99000001 not in set(store.load_articles(tmp_path)["pmid"])
    last = store.read_run_log(tmp_path)[-1]
    assert (last["outcome"], last["source"]) == ("failed", "ctgov") and "HTTP 500" in last["error"]
    assert last["ctgov"]["requests"] == 4 and last["pubmed"]["requests"] >= len(queries.conditions)
    assert last["requests"] == last["ctgov"]["requests"] + last["pubmed"]["requests"]
    assert not (tmp_path / ".refresh.lock").exists()


def test_a_pubmed_failure_is_named_too(fake, ctfake, queries, tmp_path):
    from fetch.eutils import EutilsError
    from tests.fake_eutils import Fault as EutilsFault
    fake.inject(EutilsFault("esearch.fcgi", "500", times=100))
    with pytest.raises(EutilsError):
        refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url), pubmed=make_client(fake.base_url))
    last = store.read_run_log(tmp_path)[-1]
    assert (last["outcome"], last["source"]) == ("failed", "pubmed")
    assert ctfake.requests == 0 and store.load_manifest(tmp_path) is None


def test_pages_that_never_add_up_fail_after_the_attempts(ctfake, queries, tmp_path):
    ctfake.inject(Fault("drop_one", times=1000))
    with pytest.raises(CtgovError, match="pages add up to .* totalCount said"):
        refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url))
    assert store.load_manifest(tmp_path) is None


@pytest.mark.parametrize("body, problem", [
    (b'{"studies": [{"protocolSection": {"identificationModule": {"nctId": "NCT0', "truncated JSON"),
    (b"", "empty body"),
    (b'{"totalCount": 3}', "no 'studies' list"),
    (b'{"studies": [], "nextPageToken": "abc", "totalCount": 3}', "empty page that claims a next page"),
    (b'{"studies": []}', "no totalCount"),
    (b'{"studies": [{"protocolSection": {"identificationModule": {"nctId": "NCT1234"}}}], "totalCount": 1}',
     "valid NCT number"),
])
def test_unusable_answers_are_transient(body, problem):
    with pytest.raises(CtgovTransientError, match=problem):
        read_page(body, want_total=True)


# -- one commit for both tables ----------------------------------------------------------------
def test_both_tables_are_committed_together_and_a_failed_write_commits_neither(
        fake, ctfake, queries, tmp_path, monkeypatch):
    run = refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url), pubmed=make_client(fake.base_url))
    manifest = store.load_manifest(tmp_path)
    version = manifest["store_version"]
    assert manifest["articles_file"] == f"articles-{version}.parquet"
    assert manifest["registrations_file"] == f"registrations-{version}.parquet"
    assert run["sources"] == ["pubmed", "ctgov"] and manifest["last_success"] == manifest["ctgov_last_success"]
    assert len(store.load_articles(tmp_path)) == len(fake.records)
    assert len(store.load_registrations(tmp_path)) == len(expected_matches(ctfake, queries))
    # a write failure on the registrations file, after the articles file was written
    before = store_hashes(tmp_path)
    ctfake.update("NCT09900001", datetime.now(timezone.utc).date(), status="COMPLETED")
    fake.add(99000002, corpus_article_xml(corpus_rows()[1], pmid=99000002), {"depression"},
             datetime.now(timezone.utc).date())
    real_write = pq.write_table

    def failing_write(table, where, **kwargs):
        if "registrations-" in str(where):
            raise OSError(28, "No space left on device")
        return real_write(table, where, **kwargs)

    monkeypatch.setattr(pq, "write_table", failing_write)
    with pytest.raises(store.StoreError, match="previous store is unchanged"):
        refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url), pubmed=make_client(fake.base_url))
    monkeypatch.setattr(pq, "write_table", real_write)
    assert store_hashes(tmp_path) == before  # the articles file written first is taken back
    assert store.load_manifest(tmp_path)["store_version"] == version
    refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url), pubmed=make_client(fake.base_url))
    files = [p.name for p in tmp_path.iterdir() if p.suffix == ".parquet"]
    assert len(files) == 2


def test_one_source_runs_keep_the_other_table(fake, ctfake, queries, tmp_path):
    refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url), pubmed=make_client(fake.base_url))
    first = store.load_manifest(tmp_path)
    fake.add(99000003, corpus_article_xml(corpus_rows()[2], pmid=99000003), {"pain"},
             datetime.now(timezone.utc).date())
    refresh(tmp_path, queries, pubmed=make_client(fake.base_url))  # PubMed only
    second = store.load_manifest(tmp_path)
    assert second["registrations_file"] == first["registrations_file"]
    assert (tmp_path / first["registrations_file"]).exists()  # not swept as unreferenced
    assert len(store.load_registrations(tmp_path)) == first["registration_counts"]["total"]
    assert second["ctgov_last_success"] == first["ctgov_last_success"]
    ctfake.update("NCT09900001", datetime.now(timezone.utc).date(), status="COMPLETED")
    digest = (tmp_path / "new_since_last_run.csv").read_bytes()
    run = refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url))  # registry only
    third = store.load_manifest(tmp_path)
    assert run["ctgov"]["updated"] == 1 and third["articles_file"] == second["articles_file"]
    assert third["last_success"] == second["last_success"]  # PubMed's freshness is not faked
    assert (tmp_path / "new_since_last_run.csv").read_bytes() == digest


def test_the_snapshot_store_has_no_registrations_and_loads_fine(tmp_path):
    snapshot = REPO / "data"
    if not (snapshot / store.MANIFEST_NAME).exists():
        pytest.skip("no store in data/")
    df = store.load_registrations(snapshot)
    assert df.empty and list(df.columns) == list(REGISTRATION_COLUMNS)
    assert str(df["enrollment"].dtype) == "Int64"
    copy_dir = tmp_path / "data"
    shutil.copytree(snapshot, copy_dir)
    result = fetch_cli("status", "--data-dir", str(copy_dir))
    assert result.returncode == 0, result.stderr
    assert "registrations: none" in result.stdout and "--source ctgov" in result.stdout


# -- settings and configuration --------------------------------------------------------------
def test_rate_is_capped_at_50_per_minute_on_clinicaltrials_gov():
    assert CtgovSettings().rate_limit() == POLITE_RPS == 50 / 60
    assert CtgovSettings(max_rps=5).rate_limit() == POLITE_RPS
    assert CtgovSettings(max_rps=0.5).rate_limit() == 0.5
    assert CtgovSettings(max_rps=5, base_url="https://www.clinicaltrials.gov/api/v2/").rate_limit() == POLITE_RPS
    assert CtgovSettings(max_rps=50, base_url="http://127.0.0.1:9/api/v2/").rate_limit() == 50


def test_a_queries_file_without_registry_terms_fails_before_any_request(ctfake, tmp_path):
    path = tmp_path / "queries.toml"
    path.write_text('[ketamine]\nquery = "ketamine[tiab]"\nctgov_intr = "ketamine"\n'
                    '[conditions.depression]\nquery = "depress*[tiab]"\nctgov_cond = "depression"\n'
                    '[conditions.ocd]\nquery = "OCD[tiab]"\n', encoding="utf-8")
    config = load_queries(path)
    with pytest.raises(QueryConfigError, match=r"\[conditions.ocd\] 'ctgov_cond'"):
        refresh(tmp_path / "data", config, ctgov=make_ctgov_client(ctfake.base_url))
    assert ctfake.requests == 0


# -- the command line --------------------------------------------------------------------------
def test_cli_refresh_against_both_fakes_fills_both_tables_and_status_shows_them(fake, ctfake, tmp_path):
    result = fetch_cli("refresh", "--data-dir", str(tmp_path), "--base-url", fake.base_url,
                       "--max-rps", "500", env={"CTGOV_BASE_URL": ctfake.base_url})
    assert result.returncode == 0, result.stderr
    n_registrations = len(store.load_registrations(tmp_path))
    line = result.stdout.strip()
    assert line.startswith(f"refresh full: {len(fake.records)} added")
    assert f"registrations full: {n_registrations} added, 0 updated, 0 removed, {n_registrations} stored" in line
    assert len(store.load_articles(tmp_path)) == len(fake.records) and n_registrations > 20
    status = fetch_cli("status", "--data-dir", str(tmp_path))
    assert status.returncode == 0, status.stderr
    counts = store.load_manifest(tmp_path)["registration_counts"]
    assert f"registrations (ClinicalTrials.gov): {n_registrations}" in status.stdout
    assert f"  ptsd         {counts['ptsd']}  (" in status.stdout
    assert "last successful ClinicalTrials.gov refresh: 20" in status.stdout
    again = fetch_cli("refresh", "--data-dir", str(tmp_path), "--base-url", fake.base_url,
                      "--ctgov-base-url", ctfake.base_url, "--max-rps", "500", "--source", "ctgov")
    assert again.returncode == 0, again.stderr
    load = load_queries()
    assert again.stdout.strip() == (f"refresh registrations incremental: 0 added, 0 updated, 0 removed, "
                                    f"{n_registrations} stored, {len(load.conditions)} requests")


def test_cli_exhausted_retries_exit_1_with_one_line_and_the_store_intact(fake, ctfake, tmp_path):
    built = fetch_cli("refresh", "--data-dir", str(tmp_path), "--base-url", fake.base_url,
                      "--ctgov-base-url", ctfake.base_url, "--max-rps", "500")
    assert built.returncode == 0, built.stderr
    before = store_hashes(tmp_path)
    ctfake.inject(Fault("503", times=1000))
    result = fetch_cli("refresh", "--data-dir", str(tmp_path), "--base-url", fake.base_url,
                       "--ctgov-base-url", ctfake.base_url, "--max-rps", "500", "--retries", "2", "-q")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "error" in line.lower()]
    assert errors == ["error: ClinicalTrials.gov /studies failed after 2 attempts: HTTP 503"], result.stderr
    assert "Traceback" not in result.stderr
    assert store_hashes(tmp_path) == before
    last = store.read_run_log(tmp_path)[-1]
    assert last["source"] == "ctgov" and last["outcome"] == "failed"
    status = fetch_cli("status", "--data-dir", str(tmp_path), "--check")
    assert status.returncode == 1 and "failed source: ctgov" in status.stdout


@pytest.mark.parametrize("args, needle", [
    (["refresh", "--source", "registry"], "invalid choice: 'registry'"),
    (["refresh", "--ctgov-page-size", "5000"], "must be at most 1000"),
    (["refresh", "--ctgov-base-url", "clinicaltrials.gov"], "invalid base URL"),
])
def test_bad_registry_arguments_give_one_line_and_exit_2(args, needle):
    result = fetch_cli(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr


def test_fixture_is_marked_synthetic():
    note = json.loads((REPO / "tests" / "fixtures" / "ctgov_studies.json").read_text())["_note"]
    assert note.startswith("SYNTHETIC TEST DATA")
    readme = (REPO / "tests" / "fixtures" / "README.md").read_text()
    assert "ctgov_studies.json" in readme and "synthetic" in readme.lower()


def test_a_damaged_registrations_file_is_one_line_and_costs_no_request(ctfake, queries, tmp_path):
    refresh(tmp_path, queries, ctgov=make_ctgov_client(ctfake.base_url))
    name = store.load_manifest(tmp_path)["registrations_file"]
    (tmp_path / name).write_bytes(b"PAR1 this is not parquet")
    sent = ctfake.requests
    result = fetch_cli("refresh", "--source", "ctgov", "--data-dir", str(tmp_path),
                       "--ctgov-base-url", ctfake.base_url, "--max-rps", "500")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "is corrupted or unreadable" in lines[0], result.stderr
    assert ctfake.requests == sent
    status = fetch_cli("status", "--data-dir", str(tmp_path))
    assert status.returncode == 1 and "is corrupted or unreadable" in status.stderr

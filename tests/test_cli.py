"""The `python -m fetch` command line, run as a user would: real processes, the fake server, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fetch import store
from tests.pubmed_material import REPO


def fetch_cli(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m fetch ...` from the repository root (a refresh: PubMed only, unless told;
    the ClinicalTrials.gov side has its own fake and tests in test_ctgov.py)."""
    if args[:1] == ("refresh",) and "--source" not in args:
        args = (*args, "--source", "pubmed")
    full_env = dict(os.environ, NCBI_EMAIL="tests@example.org", **(env or {}))
    return subprocess.run([sys.executable, "-m", "fetch", *args], cwd=REPO, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


def assert_one_line_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def built_store(fake, tmp_path) -> Path:
    """A store built by the CLI from the fake server."""
    result = fetch_cli("refresh", "--base-url", fake.base_url, "--data-dir", str(tmp_path),
                       "--max-rps", "200")
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_refresh_then_status_summarises_counts_last_run_and_staleness(fake, built_store):
    result = fetch_cli("status", "--data-dir", str(built_store))
    assert result.returncode == 0, result.stderr
    manifest = store.load_manifest(built_store)
    out = result.stdout
    assert f"records: {manifest['counts']['total']}" in out
    for name in ("depression", "ptsd", "ocd", "pain"):
        assert f"  {name:<12} {manifest['counts'][name]}" in out
    assert "last successful PubMed refresh: " + manifest["last_success"] in out
    assert "success  full" in out and "stale" not in out
    check = fetch_cli("status", "--data-dir", str(built_store), "--check", "--max-age", "1s")
    assert check.returncode == 1 and "WARNING: data is stale" in check.stdout


def test_refresh_prints_a_summary_and_no_progress_bar_when_not_a_terminal(fake, tmp_path):
    result = fetch_cli("refresh", "--base-url", fake.base_url, "--data-dir", str(tmp_path),
                       "--max-rps", "200")
    assert result.returncode == 0
    assert result.stdout.startswith(f"refresh full: {len(fake.records)} added")
    assert "\r" not in result.stderr and "rec/s" not in result.stderr


@pytest.mark.parametrize("args, needle", [
    (["refresh", "--batch-size", "0"], "--batch-size: must be at least 1"),
    (["refresh", "--every", "soon"], "invalid duration 'soon'"),
    (["refresh", "--base-url", "ftp://x"], "invalid base URL"),
    (["refresh", "--no-such-flag"], "unrecognized arguments: --no-such-flag"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
])
def test_bad_arguments_give_one_line_and_exit_2(args, needle):
    result = fetch_cli(*args)
    assert_one_line_error(result, needle)
    assert result.returncode == 2


def test_unwritable_data_directory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = fetch_cli("refresh", "--data-dir", str(blocker / "data"),
                       "--base-url", "http://127.0.0.1:9/")
    assert_one_line_error(result, "is not writable")
    assert result.returncode == 1


def test_unreachable_server_fails_cleanly_after_retries(tmp_path):
    result = fetch_cli("refresh", "--data-dir", str(tmp_path), "--base-url",
                       "http://127.0.0.1:9/", "--retries", "2", "--max-rps", "100")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == \
        "error: esearch.fcgi failed after 2 attempts: ConnectionError"
    assert store.load_manifest(tmp_path) is None


def test_corrupted_manifest_is_one_line_error(built_store):
    (built_store / store.MANIFEST_NAME).write_text('{"articles_file": ', encoding="utf-8")
    for command in (["status"], ["refresh", "--base-url", "http://127.0.0.1:9/"]):
        result = fetch_cli(*command, "--data-dir", str(built_store))
        assert_one_line_error(result, "manifest.json is corrupted")


def test_corrupted_articles_file_is_one_line_error(built_store):
    name = store.load_manifest(built_store)["articles_file"]
    (built_store / name).write_bytes(b"PAR1 this is not parquet")
    result = fetch_cli("status", "--data-dir", str(built_store))
    assert_one_line_error(result, "is corrupted or unreadable")


def test_missing_store_status_explains_how_to_build_one(tmp_path):
    result = fetch_cli("status", "--data-dir", str(tmp_path))
    assert result.returncode == 0 and "run 'python -m fetch refresh'" in result.stdout
    assert fetch_cli("status", "--data-dir", str(tmp_path), "--check").returncode == 1


def test_second_refresh_on_a_locked_directory_exits_at_once(built_store):
    lock = built_store / ".refresh.lock"
    lock.write_text(json.dumps({"pid": os.getpid(), "host": os.uname().nodename,
                                "started": "2026-01-01T00:00:00Z"}))
    result = fetch_cli("refresh", "--data-dir", str(built_store), "--base-url", "http://127.0.0.1:9/")
    assert_one_line_error(result, f"another refresh (PID {os.getpid()}", "is running on")
    assert result.returncode == 3 and lock.exists()


def test_stale_lock_from_a_dead_process_is_taken_over(fake, built_store):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    (built_store / ".refresh.lock").write_text(json.dumps({"pid": int(dead), "host": os.uname().nodename,
                                                           "started": "2026-01-01T00:00:00Z"}))
    result = fetch_cli("refresh", "--data-dir", str(built_store), "--base-url", fake.base_url,
                       "--max-rps", "200")
    assert result.returncode == 0, result.stderr
    assert not (built_store / ".refresh.lock").exists()


def test_every_loop_runs_cycles_and_logs_each(fake, tmp_path):
    result = fetch_cli("refresh", "--data-dir", str(tmp_path), "--base-url", fake.base_url,
                       "--max-rps", "200", "--every", "1s", "--cycles", "2")
    assert result.returncode == 0, result.stderr
    assert "cycle 1: success" in result.stderr and "cycle 2: success" in result.stderr
    runs = store.read_run_log(tmp_path)
    assert [r["mode"] for r in runs] == ["full", "incremental"]
    assert all(r["outcome"] == "success" for r in runs)

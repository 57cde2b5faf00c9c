"""Faults a scheduled refresh must survive, each judged the same way (used by tests and the table script).

Every scenario starts from a store built by a clean run, then PubMed (the fake server) gains new
and revised records and a fault is injected while `refresh` picks them up. The run must end in
one of two ways:
  * complete — the store holds exactly what a clean run makes of the same server state, or
  * failed   — the previous store is byte-for-byte intact and the run says why.
Anything else raises AssertionError.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pandas as pd

from fetch import store
from fetch.eutils import EutilsError
from fetch.parse import parse_pubmed_xml_batch
from fetch.queries import QueryConfig
from fetch.refresh import RefreshOptions, run_refresh
from tests.conftest import make_client as client
from tests.fake_eutils import FakeEutils, Fault
from tests.pubmed_material import REPO, corpus_article_xml, corpus_rows

COMPLETE = "complete: same store as a clean run"
FAILED = "failed: previous store byte-for-byte intact"
NEW_RECORDS = 120


@dataclass
class ScenarioResult:
    """How one scenario ended and what the run said."""

    name: str
    outcome: str
    detail: str


@dataclass
class Stage:
    """A store built before the fault, and what a clean refresh makes of the new server state."""

    fake: FakeEutils
    config: QueryConfig
    root: Path
    previous: Path
    reference: pd.DataFrame

    def workdir(self, name: str) -> Path:
        """A copy of the previous store to run one scenario on."""
        target = self.root / name
        shutil.copytree(self.previous, target)
        return target


def store_files(data_dir: Path) -> dict[str, bytes]:
    """The bytes that make up the current store: the manifest and the articles file it names."""
    manifest = data_dir / store.MANIFEST_NAME
    names = [store.MANIFEST_NAME, json.loads(manifest.read_text())["articles_file"]]
    return {name: (data_dir / name).read_bytes() for name in names}


def content(data_dir: Path) -> pd.DataFrame:
    """What a store says about the literature, without the times it was written."""
    df = store.load_articles(data_dir).drop(columns=["first_seen", "last_updated"])
    for column in df.columns:
        if df[column].map(lambda v: isinstance(v, list)).any():
            df[column] = df[column].map(tuple)
    return df.sort_values("pmid", ignore_index=True)


def refresh_in_process(data_dir: Path, stage: Stage, **client_overrides) -> dict:
    """One refresh with the real code and labels, as the CLI would run it."""
    return run_refresh(data_dir, client(stage.fake.base_url, **client_overrides), stage.config,
                       RefreshOptions(batch_size=50), parse_pubmed_xml_batch)


def prepare(fake: FakeEutils, config: QueryConfig, root: Path) -> Stage:
    """Build the previous store, then give the server new and revised records to pick up."""
    previous = root / "previous"
    run_refresh(previous, client(fake.base_url), config, RefreshOptions(batch_size=50),
                parse_pubmed_xml_batch)
    today = datetime.now(timezone.utc).date()
    pool = [(pmid, rec) for pmid, rec in sorted(fake.records.items())]
    for i in range(NEW_RECORDS):
        pmid, rec = pool[i % len(pool)]
        row = next(r for r in corpus_rows() if r["pmid"] == pmid)
        fake.add(98_000_000 + i, corpus_article_xml(row, revised=today, pmid=98_000_000 + i),
                 rec.conditions, today)
    pmid, rec = pool[0]
    row = next(r for r in corpus_rows() if r["pmid"] == pmid)
    fake.add(pmid, corpus_article_xml(row, revised=today, title_suffix=" (revised)"),
             rec.conditions, rec.edat, mdat=today)
    clean = root / "clean"
    shutil.copytree(previous, clean)
    refresh_in_process(clean, Stage(fake, config, root, previous, pd.DataFrame()))
    return Stage(fake, config, root, previous, content(clean))


def judge(stage: Stage, name: str, data_dir: Path, error: str | None) -> ScenarioResult:
    """Decide which of the two allowed endings a run reached; anything else is a failure."""
    if store_files(data_dir) == store_files(stage.previous):
        assert error, f"{name}: store unchanged but the run did not say why"
        return ScenarioResult(name, FAILED, error)
    now = content(data_dir)
    pd.testing.assert_frame_equal(now, stage.reference, obj=f"{name}: store after the run")
    return ScenarioResult(name, COMPLETE, error or "")


# -- scenarios run inside this process ----------------------------------------------------
def network_fault(*faults: Fault, **client_overrides) -> Callable[[Stage, str], ScenarioResult]:
    """A scenario injecting E-utilities faults into an in-process refresh."""
    def scenario(stage: Stage, name: str) -> ScenarioResult:
        data_dir = stage.workdir(name)
        stage.fake.inject(*faults)
        error = None
        try:
            run = refresh_in_process(data_dir, stage, **client_overrides)
            error = f"recovered after {run['requests']} requests"
        except EutilsError as exc:
            error = str(exc)
        finally:
            stage.fake.faults.clear()
        return judge(stage, name, data_dir, error)
    return scenario


def simulated_disk_full(stage: Stage, name: str) -> ScenarioResult:
    """Writing the new Parquet file fails half-way with ENOSPC."""
    import errno

    import pyarrow.parquet as pq

    data_dir = stage.workdir(name)
    real_write = pq.write_table

    def write_half_then_fail(table, where, **kwargs):
        Path(where).write_bytes(b"PAR1" + b"\0" * 1024)
        raise OSError(errno.ENOSPC, "No space left on device")

    pq.write_table = write_half_then_fail
    try:
        refresh_in_process(data_dir, stage)
        error = None
    except store.StoreError as exc:
        error = str(exc)
    finally:
        pq.write_table = real_write
    leftovers = [p.name for p in data_dir.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers, f"temporary files left behind: {leftovers}"
    return judge(stage, name, data_dir, error)


# -- scenarios that need a real process ---------------------------------------------------
def cli(data_dir: Path, stage: Stage, *extra: str) -> subprocess.Popen:
    """Start `python -m fetch refresh` against the fake server; slowed so it can be interrupted."""
    env = dict(os.environ, NCBI_EMAIL="tests@example.org")
    return subprocess.Popen([sys.executable, "-m", "fetch", "refresh", "--data-dir", str(data_dir),
                             "--base-url", stage.fake.base_url, "--batch-size", "10",
                             "--max-rps", "40", "--timeout", "2", "--source", "pubmed", *extra],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _wait_for_write(data_dir: Path, proc: subprocess.Popen, limit: float = 60.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.endswith(".tmp") and not p.name.startswith(".probe") for p in data_dir.iterdir()):
            return True
        time.sleep(0.0005)
    return False


def killed(sig: signal.Signals, during_write: bool, seed: int) -> Callable[[Stage, str], ScenarioResult]:
    """Kill a CLI refresh with `sig` at a random moment (or the moment it starts writing)."""
    def scenario(stage: Stage, name: str) -> ScenarioResult:
        data_dir = stage.workdir(name)
        proc = cli(data_dir, stage)
        if during_write:
            caught = _wait_for_write(data_dir, proc)
            moment = "while writing" if caught else "after the run ended (missed the write)"
        else:
            delay = random.Random(seed).uniform(0.3, 3.0)
            time.sleep(delay)
            moment = f"at {delay:.2f} s"
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
        said = (err.strip().splitlines() or ["(nothing)"])[-1]
        error = f"{sig.name} {moment}; exit {proc.returncode}; said: {said}"
        result = judge(stage, name, data_dir, error)
        again = cli(data_dir, stage)  # a later run recovers (a SIGKILL leaves a stale lock)
        _, err2 = again.communicate(timeout=120)
        assert again.returncode == 0, err2
        pd.testing.assert_frame_equal(content(data_dir), stage.reference, obj=f"{name}: next run")
        return result
    return scenario


def tmpfs_disk_full(stage: Stage, name: str) -> ScenarioResult:
    """A data directory on a tmpfs too small for the new version: the real ENOSPC."""
    mount_point = stage.root / name
    mount_point.mkdir()
    size = sum(len(b) for b in store_files(stage.previous).values()) * 3 // 2
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        return ScenarioResult(name, "skipped", f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        for path in stage.previous.iterdir():
            shutil.copy2(path, mount_point / path.name)
        proc = cli(mount_point, stage, "--max-rps", "500")
        _, err = proc.communicate(timeout=120)
        said = (err.strip().splitlines() or [""])[-1]
        assert proc.returncode != 0 and said.startswith("error: ") and "Traceback" not in err, err
        return judge(stage, name, mount_point, f"exit {proc.returncode}; said: {said}")
    finally:
        subprocess.run(["umount", str(mount_point)], capture_output=True)


def two_at_once(stage: Stage, name: str) -> ScenarioResult:
    """Two refreshes started together on one data directory: one runs, the other leaves at once."""
    data_dir = stage.workdir(name)
    first = cli(data_dir, stage)
    time.sleep(0.05)
    deadline = time.monotonic() + 30
    while not (data_dir / ".refresh.lock").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    second = cli(data_dir, stage)
    _, err2 = second.communicate(timeout=60)
    second_took = time.monotonic() - started
    _, err1 = first.communicate(timeout=120)
    assert first.returncode == 0, err1
    assert second.returncode == 3 and "another refresh (PID" in err2, err2
    said = err2.strip().splitlines()[-1]
    return judge(stage, name, data_dir, f"second exited {second.returncode} after "
                 f"{second_took:.1f} s: {said[:90]}")


SCENARIOS: dict[str, Callable[[Stage, str], ScenarioResult]] = {
    "429 burst with Retry-After": network_fault(Fault("efetch.fcgi", "429", nth=2, times=3,
                                                       retry_after="0.2"), max_attempts=5),
    "5xx on searches": network_fault(Fault("esearch.fcgi", "500", nth=1, times=2),
                                     Fault("esearch.fcgi", "503", nth=3)),
    "5xx that never ends": network_fault(Fault("efetch.fcgi", "500", times=1000)),
    "request hangs past its timeout": network_fault(Fault("efetch.fcgi", "hang", nth=2)),
    "connection reset": network_fault(Fault("*", "reset", nth=2, times=2)),
    "truncated XML": network_fault(Fault("efetch.fcgi", "truncate", nth=1, times=2)),
    "<ERROR> body with HTTP 200": network_fault(Fault("esearch.fcgi", "error", nth=2),
                                                Fault("efetch.fcgi", "error", nth=3)),
    "empty body with HTTP 200": network_fault(Fault("efetch.fcgi", "empty", nth=1)),
    "count changes between ESearch and EFetch (once)": network_fault(Fault("efetch.fcgi", "drop_one")),
    "count changes between ESearch and EFetch (for good)": network_fault(
        Fault("efetch.fcgi", "drop_one", times=1000)),
    "SIGTERM at a random point": killed(signal.SIGTERM, False, seed=11),
    "SIGKILL at a random point": killed(signal.SIGKILL, False, seed=23),
    "SIGTERM while writing": killed(signal.SIGTERM, True, seed=0),
    "SIGKILL while writing": killed(signal.SIGKILL, True, seed=0),
    "disk full (simulated write error)": simulated_disk_full,
    "disk full (tiny tmpfs)": tmpfs_disk_full,
    "two refreshes started at once": two_at_once,
}

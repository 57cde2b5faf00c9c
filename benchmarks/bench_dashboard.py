"""Dashboard speed and memory: cold start on the snapshot, filter changes and memory at 50,000 records.

Figures printed (targets: the page's own cold-start cost over Streamlit's floor <= 0.8 s and a
first visit after start-up < 2 s (issue 16: the floor alone is 2.0-3.2 s on a 2-core host, so an
absolute cold start cannot tell the page from the host), filter change < 300 ms, memory < 1 GB):
  cold start      `streamlit run dashboard.py` spawned -> first full render (metrics and all four
                  charts drawn) in headless chromium, on the embedded snapshot (data/), and when
                  the sidebar filters are drawn too.  Measured two ways, each in a chromium of
                  its own, both printed:
                    browser started with the server: chromium is launched, then the server is
                      spawned and the page opened at once, so chromium's own start-up (its first
                      page's renderer, caches) runs during, and is charged to, the cold start;
                    browser already running: chromium is launched and shows a blank page
                      (about:blank) before the server is spawned, as a visitor's browser is
                      already open.  Same server, page and "full render" test; only chromium's
                      own start-up is left out.
                  Then, timed from opening the address: a fresh server's first visitor, who
                  opens it 2 s after the server is ready (as a user does who reads the address
                  from the terminal; the server's start-up work is done by then), a second
                  visit in a new browser context (nothing cached) and a revisit in the same one
                  (scripts from the HTTP cache); each starts from a blank page, as in a browser
                  already running.  Also the page script's own first run in a fresh process
                  (imports, load, render), without and after the start-up warm-up that
                  `streamlit run dashboard.py` does in the background (dashboard_server.py).
                  --cold-runs N repeats the cold starts (median, range).
  floor           the same cold start (browser already running) of the least page the full-render
                  test accepts: a title, one metric and four one-bar charts, no data.  It runs
                  between the dashboard's own cold starts, so both meet the same host speed; the
                  difference is what this page costs over Streamlit itself, and the floor shows
                  how fast the host is running while the figures are taken.
  filter change   the page recomputed after each of several different filter changes on a
                  synthetic store of N records (real labelled records replicated under fresh
                  PMIDs): script rerun time (streamlit.testing AppTest, every filter a cache miss)
                  and, with chromium, change -> updated figures in the browser.
  memory          peak resident memory (VmHWM) of the streamlit server and of the AppTest
                  process holding the N-record store.

  --tab TITLE     times the filter changes (AppTest) with that tab open, e.g. --tab Outcomes;
                  when the snapshot predates the findings columns and the tab is Outcomes, its
                  records are relabelled (analysis.label_articles) before being replicated.

Usage: python benchmarks/bench_dashboard.py [--records 50000] [--data-dir data] [--no-browser]
                                           [--cold-runs 1] [--tab Outcomes]
Needs no network; the browser figures need Debian's chromium (never downloaded).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "dashboard.py"  # the page `streamlit run` serves
sys.path.insert(0, str(ROOT))

from tests.pubmed_material import benchmark_corpus  # noqa: E402

CORPUS = benchmark_corpus()  # imported only when data/ holds no snapshot
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Streamlit's floor: the least page _full_render accepts (a metric and four drawn charts).
FLOOR_PAGE = '''"""Streamlit's floor: the least page the benchmark's full-render test accepts."""
import streamlit as st

st.set_page_config(page_title="Streamlit floor", layout="wide")
st.title("Streamlit floor")
st.metric("Studies", "310")
for height in range(1, 5):
    st.vega_lite_chart({"data": {"values": [{"x": "a", "y": height}]}, "mark": "bar",
                        "encoding": {"x": {"field": "x", "type": "nominal"},
                                     "y": {"field": "y", "type": "quantitative"}}})
'''

VIEWPORT = {"width": 1400, "height": 1800}  # every benchmark page: a desktop window

# The first visitor opens the page this long after the server is ready (reading its address).
FIRST_VISIT_DELAY_S = 2.0

# Filter changes applied one after another (each a new filter state, so nothing is cached).
CHANGES = [
    ("condition = pain", "multiselect", "f_conditions", ["pain"]),
    ("+ design = RCT", "multiselect", "f_designs", ["rct"]),
    ("conditions cleared", "multiselect", "f_conditions", []),
    ("designs cleared", "multiselect", "f_designs", []),
    ("search 'suicid'", "text_input", "f_search", "suicid"),
    ("min N 50", "number_input", "f_min_n", 50),
    ("human clinical only", "radio", "f_population", "human_clinical"),
    ("formulation esketamine", "multiselect", "f_formulations", ["esketamine"]),
    ("search cleared", "text_input", "f_search", ""),
    ("conclusion positive", "multiselect", "f_conclusions", ["positive"]),
]


def snapshot_store(data_dir: Path, scratch: Path) -> tuple[Path, str]:
    """The embedded snapshot, or (when data/ is empty) one imported from the corpus."""
    from fetch.store import load_manifest

    if load_manifest(data_dir) is not None:
        return data_dir, f"{data_dir} (embedded snapshot)"
    from fetch.queries import load_queries
    from fetch.snapshot import import_corpus

    target = scratch / "snapshot"
    import_corpus(CORPUS, target, load_queries())
    return target, f"{target} (data/ is empty: imported {CORPUS.name} the same way)"


def synthetic_store(source: Path, target: Path, records: int, relabel: bool = False) -> None:
    """`records` labelled real records: the source's rows replicated under fresh PMIDs (with
    `relabel`, labelled afresh first, for a snapshot written before a label column existed)."""
    import numpy as np
    import pandas as pd

    from fetch import store

    manifest = store.load_manifest(source)
    df = store.load_articles(source, manifest)
    if relabel:
        from analysis import label_articles
        df = label_articles(df)
    reps = -(-records // len(df))
    big = pd.concat([df] * reps, ignore_index=True).iloc[:records].copy()
    big["pmid"] = np.arange(90_000_000, 90_000_000 + records, dtype="int64")
    target.mkdir(parents=True, exist_ok=True)
    store.commit(target, dict(manifest), big)


def _peak_mb(pid: int | str = "self") -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# -- in-process measurements (run in fresh child processes) -------------------------------
def _first_run(data_dir: str, warm: bool) -> dict:
    """A fresh process: imports, optionally the server's start-up warm-up, then the page's first run."""
    started = time.perf_counter()
    os.environ["KEM_DATA_DIR"] = data_dir
    from streamlit.testing.v1 import AppTest

    import dashboard_server

    imported = time.perf_counter()
    if warm:
        dashboard_server.warm_up()
    warmed = time.perf_counter()
    at = AppTest.from_file(str(DASHBOARD), default_timeout=600).run()
    done = time.perf_counter()
    assert not at.exception, [e.message for e in at.exception]
    return {"imports_s": imported - started, "warm_up_s": warmed - imported, "first_run_s": done - warmed,
            "total_s": done - started}


def child_first_run(data_dir: str) -> dict:
    """What a server does on a first visit with cold caches."""
    return _first_run(data_dir, warm=False)


def child_warm_first_run(data_dir: str) -> dict:
    """The first visit after `streamlit run`'s background warm-up has filled the caches."""
    return _first_run(data_dir, warm=True)


def child_filter_changes(data_dir: str) -> dict:
    """A fresh process on the big store: cold first run, then each filter change timed (with
    the tab KEM_BENCH_TAB open, when set: its first opening is timed apart)."""
    os.environ["KEM_DATA_DIR"] = data_dir
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(DASHBOARD), default_timeout=600)
    t = time.perf_counter()
    at.run()
    first = time.perf_counter() - t
    assert not at.exception, [e.message for e in at.exception]
    tab_open_s = None
    if os.environ.get("KEM_BENCH_TAB"):
        at.session_state["tab"] = os.environ["KEM_BENCH_TAB"]
        t = time.perf_counter()
        at.run()
        tab_open_s = time.perf_counter() - t
        assert not at.exception, [e.message for e in at.exception]
    timings = []
    for label, kind, key, value in CHANGES:
        getattr(at, kind)(key=key).set_value(value)
        t = time.perf_counter()
        at.run()
        timings.append((label, (time.perf_counter() - t) * 1000,
                        next(m.value for m in at.metric if m.label == "Publications")))
        assert not at.exception, [e.message for e in at.exception]
    t = time.perf_counter()
    at.run()
    rerun = (time.perf_counter() - t) * 1000
    return {"first_run_s": first, "changes": timings, "unchanged_rerun_ms": rerun,
            "peak_mb": _peak_mb(), "tab_open_s": tab_open_s}


def run_child(function: str, data_dir: Path, tab: str | None = None) -> dict:
    """Run one measurement in a fresh interpreter, so imports and peak memory are its own."""
    env = dict(os.environ, **({"KEM_BENCH_TAB": tab} if tab else {}))
    proc = subprocess.run([sys.executable, __file__, "--child", function, str(data_dir)],
                          capture_output=True, text=True, timeout=1800, cwd=ROOT, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{function} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- browser measurements -----------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`streamlit run dashboard.py` (or another page) on a free port; stopped by its own PID."""

    def __init__(self, data_dir: Path, script: Path = DASHBOARD) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.started = time.perf_counter()
        env = dict(os.environ, KEM_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script),
             "--server.port", str(self.port), "--server.address", "127.0.0.1"],
            cwd=script.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start")
                time.sleep(0.05)
        self.ready = time.perf_counter() - self.started

    def peak_mb(self) -> float:
        """Peak resident memory of the server process so far."""
        return _peak_mb(self.proc.pid)

    def stop(self) -> None:
        """Terminate the server we started (by its PID), killing it if it does not exit."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _full_render(page, timeout_ms: int = 120_000) -> None:
    """Metrics shown and all four charts drawn."""
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=timeout_ms)
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] canvas, "
        "[data-testid=\"stVegaLiteChart\"] svg.marks').length >= 4", timeout=timeout_ms)


def _filters_drawn(page, timeout_ms: int = 120_000) -> None:
    """Every sidebar filter drawn, down to the Reset button (the page draws the sidebar last)."""
    page.locator('[data-testid="stSidebar"] [data-testid="stButton"]').first.wait_for(
        timeout=timeout_ms)


def _studies(page) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(has_text="Publications").first
    return card.locator('[data-testid="stMetricValue"]').inner_text().strip()


def floor_page(scratch: Path) -> Path:
    """FLOOR_PAGE in a directory of its own, with this project's Streamlit configuration."""
    folder = scratch / "floor"
    (folder / ".streamlit").mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    (folder / "floor.py").write_text(FLOOR_PAGE)
    return folder / "floor.py"


def cold_start(launch: Callable[[], Any], snapshot: Path, browser_running: bool,
               floor: Path | None = None) -> dict:
    """One cold start in a chromium of its own; with browser_running it shows a blank page first.

    With `floor` (a page script) only that page's cold start is measured."""
    browser = launch()
    try:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        if browser_running:
            page.goto("about:blank")  # chromium up and showing a page before the server starts
        server = Server(snapshot, floor or DASHBOARD)
        try:
            page.goto(server.url)
            _full_render(page)
            out = {"cold_start_s": time.perf_counter() - server.started}
            if floor:
                return out
            _filters_drawn(page)
            out["cold_start_filters_s"] = time.perf_counter() - server.started
            out["server_ready_s"] = server.ready
            page.close()
            if not browser_running:
                out.update(_later_visits(browser, context, server))
        finally:
            server.stop()
    finally:
        browser.close()
    return out


def first_visit_after_start(launch: Callable[[], Any], snapshot: Path,
                            delay_s: float = FIRST_VISIT_DELAY_S) -> dict:
    """A fresh server's first visitor, who opens the address delay_s after the server is ready
    (as a user does who reads it from the terminal): its start-up work is done by then."""
    browser = launch()
    try:
        page = browser.new_context(viewport=VIEWPORT).new_page()
        server = Server(snapshot)
        try:
            time.sleep(delay_s)
            return {"first_visit_s": _timed_visit(page, server.url)}
        finally:
            server.stop()
    finally:
        browser.close()


def _timed_visit(page, url: str) -> float:
    """Seconds from opening the page (from a blank one) to its first full render; closes it."""
    page.goto("about:blank")
    t = time.perf_counter()
    page.goto(url)
    _full_render(page)
    elapsed = time.perf_counter() - t
    page.close()
    return elapsed


def _later_visits(browser, context, server: Server) -> dict:
    """A second visit (new context: no cache) and a revisit (scripts cached) to a warm server."""
    out = {}
    # a new context: no cache
    out["warm_page_load_s"] = _timed_visit(browser.new_page(viewport=VIEWPORT), server.url)
    # the first visit's context: scripts come from the HTTP cache
    out["cached_page_load_s"] = _timed_visit(context.new_page(), server.url)
    context.close()
    out["snapshot_server_peak_mb"] = server.peak_mb()
    return out


def browser_figures(launch: Callable[[], Any], snapshot: Path, big: Path, cold_runs: int,
                    floor: Path) -> dict:
    """Cold starts (both ways and the floor, interleaved) and later visits on the snapshot;
    search changes on the big store."""
    runs: dict[bool, list[dict]] = {False: [], True: []}
    floors, firsts = [], []
    for i in range(cold_runs):
        for running in ((False, True) if i % 2 == 0 else (True, False)):
            runs[running].append(cold_start(launch, snapshot, running))
            if running:
                floors.append(cold_start(launch, snapshot, True, floor))
                firsts.append(first_visit_after_start(launch, snapshot))
    out: dict = {"cold": runs[False], "cold_running": runs[True], "floor": floors,
                 "first_visit": firsts}
    browser = launch()
    try:
        out.update(_big_store_figures(browser, big))
    finally:
        browser.close()
    return out


def _big_store_figures(browser, big: Path) -> dict:
    """First render of the big store and search changes typed in the browser."""
    out: dict = {}
    server = Server(big)
    try:
        page = browser.new_page(viewport=VIEWPORT)
        t = time.perf_counter()
        page.goto(server.url)
        _full_render(page, 600_000)
        out["big_first_render_s"] = time.perf_counter() - t
        box = page.locator('[data-testid="stSidebar"] [data-testid="stTextInput"] input').first
        changes = []
        for term in ("suicid", "placebo", "intranasal", "remission", "migraine", ""):
            before = _studies(page)
            box.fill(term)
            t = time.perf_counter()
            box.press("Enter")
            page.wait_for_function(
                "([before]) => { const c = [...document.querySelectorAll('[data-testid=\"stMetric\"]')]"
                ".find(e => e.innerText.includes('Publications'));"
                " return c && c.querySelector('[data-testid=\"stMetricValue\"]').innerText.trim() !== before; }",
                arg=[before], timeout=60_000)
            changes.append((time.perf_counter() - t) * 1000)
        out["browser_filter_change_ms"] = changes
        out["big_server_peak_mb"] = server.peak_mb()
        page.close()
    finally:
        server.stop()
    return out


def _chromium() -> str | None:
    for candidate in (os.environ.get("KEM_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _figure(runs: list[dict], key: str) -> str:
    """One cold-start figure: the value, or the median and range of several runs."""
    values = [run[key] for run in runs if key in run]
    if len(values) == 1:
        return f"{values[0]:6.2f} s"
    return (f"{statistics.median(values):6.2f} s   (median of {len(values)}, "
            f"{min(values):.2f}-{max(values):.2f})")


def print_cold_starts(cold: list[dict], running: list[dict], floor: list[dict],
                      first_visit: list[dict]) -> None:
    """Both ways of measuring the cold start, each labelled with what it includes."""
    ways = (("  browser started with the server (chromium launched, then streamlit run, page opened;\n"
             "  chromium's own start-up is charged to the cold start):", cold),
            ("  browser already running (chromium showing about:blank before streamlit run; same\n"
             "  server, page and full-render test, without chromium's own start-up):", running))
    for heading, runs in ways:
        print(heading)
        print(f"    streamlit run -> server ready                 {_figure(runs, 'server_ready_s')}")
        print(f"    streamlit run -> first full render            {_figure(runs, 'cold_start_s')}")
        print(f"      ... and every sidebar filter drawn too      {_figure(runs, 'cold_start_filters_s')}")
    own = statistics.median(r["cold_start_s"] for r in running) - statistics.median(
        r["cold_start_s"] for r in floor)
    print("  Streamlit's floor on this host, measured between the runs above (browser running; a\n"
          "  page of a title, one metric and four one-bar charts, no data, same full-render test):")
    print(f"    streamlit run -> first full render            {_figure(floor, 'cold_start_s')}")
    print(f"    this page's own cost over the floor           {own:+6.2f} s   (difference of medians)")
    print(f"  first visit {FIRST_VISIT_DELAY_S:.0f} s after the server is ready\n"
          f"  (its start-up done), address opened -> render  {_figure(first_visit, 'first_visit_s')}")
    print(f"  second visit, new browser context (no cache)    {_figure(cold, 'warm_page_load_s')}")
    print(f"  revisit, same browser (scripts cached)          {_figure(cold, 'cached_page_load_s')}")


def main() -> None:
    """Build the stores, measure, print the figures against the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    parser.add_argument("--no-browser", action="store_true", help="skip the chromium figures")
    parser.add_argument("--cold-runs", type=int, default=1,
                        help="cold starts per way of measuring (medians and ranges when > 1)")
    parser.add_argument("--tab", default=None,
                        help="time the filter changes with this tab open (e.g. Outcomes)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        function, data_dir = args.child
        print(json.dumps(globals()[function](data_dir)))
        return

    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as scratch:
        scratch = Path(scratch)
        snapshot, described = snapshot_store(args.data_dir, scratch)
        print(f"snapshot store: {described}")
        t = time.perf_counter()
        big = scratch / "big"
        from fetch.store import load_articles
        relabel = args.tab == "Outcomes" and "findings" not in load_articles(snapshot).columns
        if relabel:
            print("the snapshot predates the findings columns: relabelling its records first")
        synthetic_store(snapshot, big, args.records, relabel=relabel)
        print(f"synthetic store: {args.records:,} records in {time.perf_counter() - t:.1f} s\n")

        first = run_child("child_first_run", snapshot)
        warmed = run_child("child_warm_first_run", snapshot)
        changes = run_child("child_filter_changes", big, args.tab)
        browser = None
        if not args.no_browser and _chromium():
            from playwright.sync_api import sync_playwright
            with sync_playwright() as p:
                browser = browser_figures(
                    lambda: p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS,
                                              headless=True),
                    snapshot, big, max(1, args.cold_runs), floor_page(scratch))

        print("COLD START (embedded snapshot)    targets: own cost over the floor <= 0.8 s, "
              "first visit < 2 s")
        if browser:
            print_cold_starts(browser["cold"], browser["cold_running"], browser["floor"],
                              browser["first_visit"])
        else:
            print("  (no chromium: browser figures skipped)")
        print(f"  page script, fresh process: imports             {first['imports_s']:6.2f} s")
        print(f"  page script, fresh process: first run           {first['first_run_s']:6.2f} s")
        print(f"  ... after the server's start-up warm-up         {warmed['first_run_s']:6.2f} s   "
              f"(warm-up {warmed['warm_up_s']:.2f} s, in the background)")
        print(f"\nFILTER CHANGE at {args.records:,} records (page rerun, AppTest"
              f"{', tab ' + args.tab + ' open' if args.tab else ''})   target < 300 ms")
        print(f"  first run (load + index, once per store version) {changes['first_run_s']:6.2f} s")
        if changes.get("tab_open_s") is not None:
            print(f"  {args.tab} tab opened (its once-per-store work)    {changes['tab_open_s']:6.2f} s")
        for label, ms, studies in changes["changes"]:
            print(f"  {label:<28} {ms:7.0f} ms   ({studies} studies)")
        values = [ms for _, ms, _ in changes["changes"]]
        print(f"  median {statistics.median(values):.0f} ms, max {max(values):.0f} ms; "
              f"rerun with no change {changes['unchanged_rerun_ms']:.0f} ms")
        if browser:
            bc = browser["browser_filter_change_ms"]
            print(f"  in chromium, search typed -> new figures shown: median "
                  f"{statistics.median(bc):.0f} ms, max {max(bc):.0f} ms "
                  f"(first render of the big store {browser['big_first_render_s']:.1f} s)")
        print("\nMEMORY (peak resident)                                      target < 1 GB")
        print(f"  AppTest process with {args.records:,} records           {changes['peak_mb']:7.0f} MB")
        if browser:
            print(f"  streamlit server with {args.records:,} records          "
                  f"{browser['big_server_peak_mb']:7.0f} MB")
            print(f"  streamlit server with the snapshot              "
                  f"{max(run['snapshot_server_peak_mb'] for run in browser['cold']):7.0f} MB")


if __name__ == "__main__":
    main()

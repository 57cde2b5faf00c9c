"""End to end in a real browser: start `streamlit run dashboard.py` on a free local port, drive
Debian's headless chromium with Playwright, filter, download the CSV and check its rows, and check
that hostile record markup stays text.  Screenshots go to test-artifacts/ (git-ignored).

Skips (saying why) only when chromium or Playwright's python package is not installed; it never
runs `playwright install` (that would download a browser)."""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from tests.test_dashboard_app import HOSTILE_PMID, build_store

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    for candidate in (os.environ.get("KEM_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright's python package is not installed (pip install -e '.[test]')")
    executable = _chromium()
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium); the browser test "
                    "needs Debian's chromium and never downloads one")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("browser-store"))


@pytest.fixture(scope="module")
def server(store_dir, tmp_path_factory):
    """`streamlit run dashboard.py` on a free port, showing the test store."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    env = dict(os.environ, KEM_DATA_DIR=str(store_dir), PYTHONPATH=str(ROOT))
    with open(log, "wb") as handle:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def frame(store_dir) -> pd.DataFrame:
    from fetch.store import load_articles
    df = load_articles(store_dir)
    return df[~df["retracted"].astype(bool)]


CHARTS_DRAWN = ("document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] canvas, "
                "[data-testid=\"stVegaLiteChart\"] svg.marks').length")


# Axis and legend labels a reader cannot see: drawn outside their chart's SVG (cut off) or left
# transparent (dropped by Vega because they would overlap).
LABELS_NOT_SHOWN = """Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks'))
  .flatMap(svg => { const box = svg.getBoundingClientRect();
    return Array.from(svg.querySelectorAll('.role-legend-label text, .role-axis-label text'))
      .filter(t => { const r = t.getBoundingClientRect();
        return r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1
          || r.right > box.right + 1 || t.getAttribute('opacity') === '0'; })
      .map(t => t.textContent); })"""


def _metric(page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return card.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _wait_metric(page, label: str, value: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while _metric(page, label) != value:
        if time.monotonic() > deadline:
            raise AssertionError(f"{label} shows {_metric(page, label)!r}, expected {value!r}")
        page.wait_for_timeout(200)


def test_filter_then_download_csv_in_a_real_browser(browser, server, frame, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1500, "height": 2200}, accept_downloads=True)
    try:
        page.goto(server)
        page.get_by_text("By condition").wait_for(timeout=60_000)
        _wait_metric(page, "Publications", f"{len(frame):,}")
        page.wait_for_function(f"{CHARTS_DRAWN} >= 4", timeout=30_000)
        # the evidence map (thirteen condition columns) spans the page; the other charts share it
        widths = page.evaluate("Array.from(document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]'))"
                               ".map(e => e.getBoundingClientRect().width)")
        assert len(widths) == 4 and widths[-1] > 1.8 * max(widths[:-1])
        # every condition, design, route and conclusion named on an axis or in a legend is shown
        assert page.evaluate("document.querySelectorAll('.role-legend-label text').length") >= 12
        assert page.evaluate(LABELS_NOT_SHOWN) == []

        # the per-condition table is a real HTML table (read out by screen readers)
        table = page.locator('[data-testid="stMarkdown"] table').first
        assert table.locator("th").first.inner_text().strip() == "Condition"
        assert table.locator("tbody tr td").first.inner_text().strip() == "Depression"
        # ... and every chart has its data as a table, on request
        assert page.locator('[data-testid="stDataFrame"]').count() == 0
        page.get_by_text("Show each chart's data as a table").click()
        page.wait_for_function(
            "document.querySelectorAll('[data-testid=\"stDataFrame\"]').length === 4", timeout=30_000)

        # filter: condition = Pain, through the sidebar's multiselect
        select = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
        select.click()
        page.keyboard.type("Pain")
        page.get_by_role("option", name="Pain", exact=True).click()
        page.keyboard.press("Escape")
        pain = frame[frame["conditions"].map(lambda c: "pain" in c)]
        assert 0 < len(pain) < len(frame)
        _wait_metric(page, "Publications", f"{len(pain):,}")
        page.wait_for_url("**condition=pain**", timeout=15_000)
        page.wait_for_timeout(800)  # let the charts redraw for the screenshot
        page.screenshot(path=str(ARTIFACTS / "dashboard-overview-pain.png"), full_page=True)

        # download the CSV of exactly these rows
        page.get_by_role("tab", name="Downloads").click()
        button = page.get_by_role("button", name="Download CSV")
        button.wait_for(timeout=30_000)
        page.wait_for_url("**tab=Downloads**", timeout=15_000)  # the open tab is in the URL too
        with page.expect_download(timeout=60_000) as info:
            button.click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        assert path.name.startswith("ketamine-studies-pain-") and path.suffix == ".csv"
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert sorted(int(r["pmid"]) for r in rows) == sorted(pain["pmid"].tolist())
        assert all("pain" in r["conditions"] for r in rows)
        page.screenshot(path=str(ARTIFACTS / "dashboard-downloads.png"))
    finally:
        page.close()


@pytest.mark.parametrize("width", [1100, 900])
def test_chart_labels_fit_a_narrow_window(browser, server, width):
    """A 1366-pixel laptop at 125 % zoom is a 1093-pixel window: legends in columns shorten their
    labels ("Healthy vo…") rather than run past a half-width chart's edge."""
    page = browser.new_page(viewport={"width": width, "height": 1600})
    try:
        page.goto(server)
        page.wait_for_function(f"{CHARTS_DRAWN} >= 4", timeout=60_000)
        page.wait_for_timeout(500)  # the charts settle to the column's width
        assert page.evaluate("document.querySelectorAll('.role-legend-label text').length") >= 12
        assert page.evaluate(LABELS_NOT_SHOWN) == []
    finally:
        page.close()


def test_bookmarked_url_restores_the_view_and_markup_stays_text(browser, server, frame):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1500, "height": 2400})
    try:
        page.goto(f"{server}?design=rct&study={HOSTILE_PMID}")
        page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=60_000)
        rct = frame[frame["design"] == "rct"]
        _wait_metric(page, "Publications", f"{len(rct):,}")
        # a shared study link opens the Explorer on that study
        heading = page.get_by_role("heading", name="Ketamine & depression", exact=False)
        heading.wait_for(timeout=30_000)
        text = heading.inner_text()
        assert "<img src=x onerror=window.__xss=1> <script>window.__xss=2</script>" in text
        assert "*not bold* $x$ [link](javascript:alert(1)) :red[not red]" in text
        body = page.locator("body").inner_text()
        assert "<0.5 mg/kg> & placebo" in body and "<b>bold?</b>" in body
        assert page.evaluate("window.__xss") is None  # no record markup ran
        assert page.locator("img[src='x']").count() == 0
        assert page.locator('[data-testid="stMain"] a[href^="javascript:"]').count() == 0
        page.screenshot(path=str(ARTIFACTS / "dashboard-study.png"), full_page=True)
    finally:
        page.close()


def test_registered_trials_tab_explains_the_snapshot(browser, server, frame):
    """The snapshot has no ClinicalTrials.gov data: the tab says so and how to load it, and
    draws no empty chart; the headline counts trials and publications apart."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1500, "height": 1400})
    try:
        page.goto(f"{server}?tab=Registered+trials")
        page.get_by_text("This store has no ClinicalTrials.gov data").wait_for(timeout=60_000)
        assert page.get_by_text("python -m fetch refresh --source ctgov").count() >= 1
        _wait_metric(page, "Publications", f"{len(frame):,}")
        assert _metric(page, "Trials") == f"{frame['trial_key'].nunique():,}"
        assert page.evaluate(CHARTS_DRAWN) == 0
        page.screenshot(path=str(ARTIFACTS / "dashboard-registered-trials-snapshot.png"), full_page=True)
    finally:
        page.close()



def test_outcomes_tab_draws_its_charts_and_a_click_opens_the_study(browser, server, frame):
    """The Outcomes tab in a real browser: every chart drawn with its text alternative, no error
    element, and clicking a study's point in the response/remission chart opens that study."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1500, "height": 5200})
    try:
        page.goto(f"{server}?tab=Outcomes")
        page.get_by_text("Findings by condition and direction").wait_for(timeout=60_000)
        page.wait_for_function(f"{CHARTS_DRAWN} >= 4", timeout=60_000)
        page.wait_for_timeout(800)  # let the charts settle to the column's width
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        alts = page.evaluate("Array.from(document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]'))"
                             ".map(e => e.getAttribute('aria-label') || '')")
        assert len(alts) >= 4 and all(alts), alts
        assert any(a.startswith("Stacked bar chart of comparative efficacy findings") for a in alts)
        assert any("log scale" in a for a in alts)  # the ratio measures' forest plot
        assert page.get_by_text("no meta-analysis is performed", exact=False).count() == 1
        assert page.evaluate(LABELS_NOT_SHOWN) == []  # no axis or legend label cut off or dropped
        page.screenshot(path=str(ARTIFACTS / "dashboard-outcomes.png"), full_page=True)

        # a point of the response/remission chart names its study: clicking it opens the study
        dumbbell = "Dumbbell chart of response and remission rates"
        chart = page.locator(f'[data-testid="stVegaLiteChart"][aria-label^="{dumbbell}"]')
        if chart.count() == 0:
            pytest.skip("no study in the test store names a ketamine and a comparator rate")
        chart.scroll_into_view_if_needed()
        point = chart.locator(".mark-symbol path").first
        label = point.get_attribute("aria-label") or ""
        pmid = next(part.split(":")[1].strip() for part in label.split(";")
                    if part.strip().startswith("PMID:"))
        box = point.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_url(f"**tab=Explorer**study={pmid}**", timeout=30_000)
        page.locator('[data-testid="stTextInput"] input[aria-label="Open a study by PMID"]').wait_for(
            timeout=30_000)
        assert page.locator('[data-testid="stTextInput"] input[aria-label="Open a study by PMID"]'
                            ).input_value() == pmid
        assert int(pmid) in set(frame["pmid"].astype(int))
    finally:
        page.close()

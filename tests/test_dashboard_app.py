"""The dashboard page under streamlit.testing (AppTest): it runs on the labelled snapshot and on
an empty store, every filter changes the figures as an independent count says it should, the
downloads hold exactly the filtered rows, the URL restores a view, and record text is escaped."""

from __future__ import annotations

import io
import json
import math
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests.pubmed_material import CORPUS

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "dashboard.py"

HOSTILE_PMID = 99_000_001
HOSTILE_TITLE = ("<img src=x onerror=window.__xss=1> <script>window.__xss=2</script> Ketamine & "
                 "depression: *not bold* $x$ [link](javascript:alert(1)) :red[not red]")
HOSTILE_ABSTRACT = ("OBJECTIVE: To test intravenous ketamine <0.5 mg/kg> & placebo in adults with "
                    "treatment-resistant depression.\nMETHODS: We randomised 60 patients to ketamine "
                    "or saline placebo.\nRESULTS: Response was 50% vs 20% (p < .05).\n"
                    "CONCLUSIONS: Ketamine rapidly reduced depressive symptoms <b>bold?</b>.")


def build_store(path: Path, hostile: bool = True, retracted: int = 1) -> Path:
    """The snapshot as `import-corpus` builds it (real labels), plus a record with hostile
    markup in its title and abstract, and `retracted` records given a retraction signal."""
    from analysis import label_articles
    from fetch import store
    from fetch.queries import load_queries
    from fetch.schema import ARTICLE_COLUMNS, empty_record
    from fetch.snapshot import import_corpus

    import_corpus(CORPUS, path, load_queries(), label=lambda d: d)  # labelled once, below
    manifest = store.load_manifest(path)
    df = store.load_articles(path, manifest)[list(ARTICLE_COLUMNS)]
    if hostile:
        rec = empty_record(HOSTILE_PMID)
        rec.update(title=HOSTILE_TITLE, abstract=HOSTILE_ABSTRACT, pub_year=2025, pub_date="2025-02",
                   doi="10.9999/x(y)<z>", journal="Journal of <i>Tests</i> & Markup",
                   authors=["Doe J", "Roe R"], source="corpus-import",
                   matched_conditions=["depression"])
        df = pd.concat([df, pd.DataFrame([rec])], ignore_index=True)
    for i in range(retracted):
        df.at[5 + i, "retraction_signals"] = ["Publication type: Retracted Publication"]
    store.commit(path, manifest, label_articles(df))
    return path


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="module")
def frame(store_dir) -> pd.DataFrame:
    from fetch.store import load_articles
    return load_articles(store_dir)


def app(monkeypatch, data_dir: Path, query: dict | None = None) -> AppTest:
    monkeypatch.setenv("KEM_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(DASHBOARD), default_timeout=120)
    if query:
        at.query_params.update(query)
    return at.run()


def open_tab(at: AppTest, name: str) -> AppTest:
    """Switch tabs as a click does (only the open tab's content runs)."""
    at.session_state["tab"] = name
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected_metrics(rows: pd.DataFrame) -> dict[str, str]:
    """Headline figures counted directly on the frame, not through analysis.summary."""
    primary = rows[rows["human_clinical"].astype(bool)
                   & ~rows["design"].isin(["systematic_review", "review", "protocol"])
                   & ~rows["sample_size_basis"].isin(["planned", "included_participants",
                                                      "included_studies"])]
    participants = int(pd.to_numeric(primary["sample_size"], errors="coerce").fillna(0).sum())
    return {"Publications": f"{len(rows):,}", "RCTs": f"{int((rows['design'] == 'rct').sum()):,}",
            "Participants (human clinical)": f"{participants:,}"}


def condition_rows(at: AppTest, caption: str) -> list[dict[str, str]]:
    """One of the per-condition markdown tables, as rows of cell text (markdown escapes undone)."""
    body = next(m.value for m in at.markdown if f"**{caption}**" in m.value)
    lines = body.split(f"**{caption}**", 1)[1].strip().split("\n\n", 1)[0].splitlines()
    cells = [[re.sub(r"\\(.)", r"\1", c.strip()) for c in line.strip().strip("|").split(" | ")]
             for line in lines if line.startswith("| ")]
    return [dict(zip(cells[0], row)) for row in cells[1:]]


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def visible(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[~frame["retracted"].astype(bool)]


# -- the page runs -------------------------------------------------------------------------
def test_page_runs_on_the_snapshot(monkeypatch, store_dir, frame):
    at = app(monkeypatch, store_dir)
    no_errors(at)
    assert at.title[0].value == "Ketamine evidence monitor"
    assert "Offline snapshot" in at.warning[0].value and "run a refresh" in at.warning[0].value
    got = metrics(at)
    for label, value in expected_metrics(visible(frame)).items():
        assert got[label] == value, label
    assert got["Newest publication"] == "2025-02"  # the hostile record has the most precise date
    assert got["Data freshness"] == "Snapshot"
    assert [t.label for t in at.tabs] == ["Overview", "Explorer", "Outcomes", "Registered trials",
                                          "New since last refresh", "Downloads", "About the labels"]
    # "Count trials once" is on by default: trials (publications sharing a registration), then
    # their publications (every multi-report trial of the snapshot with an RCT report is an RCT)
    by_design = condition_rows(at, "Trials by design")
    assert [r["Condition"] for r in by_design][:4] == ["Depression", "PTSD", "OCD", "Pain"]
    f = visible(frame)
    for name, code in (("Depression", "depression"), ("Pain", "pain")):
        row = next(r for r in by_design if r["Condition"] == name)
        rows = f[f["conditions"].map(lambda c, code=code: code in c)]
        assert row["Publications"] == f"{len(rows):,}"
        assert row["Trials"] == f"{rows['trial_key'].nunique():,}"
        assert row["RCT"] == f"{rows.loc[rows['design'] == 'rct', 'trial_key'].nunique():,}"
    outcomes = condition_rows(at, "Conclusions (human clinical studies, each trial once) and "
                                  "sample sizes")
    assert [r["Condition"] for r in outcomes] == [r["Condition"] for r in by_design]
    assert all(r["% positive"].endswith("%") or r["% positive"] == "—" for r in outcomes)
    assert len(at.get("vega_lite_chart")) == 4  # years, conclusions, evidence map, formulation
    assert any("not medical advice" in c.value.lower() for c in at.caption)
    assert at.query_params == {}  # the default view keeps a clean URL
    assert not any(d.key == "explorer" for d in at.dataframe)  # hidden tabs do not run
    open_tab(at, "Explorer")
    no_errors(at)
    explorer = at.dataframe(key="explorer").value
    assert sorted(explorer["pmid"].tolist()) == sorted(visible(frame)["pmid"].tolist())
    open_tab(at, "About the labels")
    assert any("How the labels are made" in m.value for m in at.markdown)


def test_page_runs_on_the_embedded_snapshot(monkeypatch):
    """`streamlit run dashboard.py` with no settings shows data/ (the README's first command)."""
    from fetch.store import load_manifest

    data = ROOT / "data"
    if load_manifest(data) is None:
        pytest.skip("data/ has no snapshot yet (built by `python -m fetch import-corpus`)")
    monkeypatch.delenv("KEM_DATA_DIR", raising=False)
    at = AppTest.from_file(str(DASHBOARD), default_timeout=120).run()
    no_errors(at)
    assert int(metrics(at)["Publications"].replace(",", "")) > 100
    assert len(at.get("vega_lite_chart")) == 4


def test_streamlit_run_serves_the_app_with_its_start_up_warm_up():
    """`streamlit run dashboard.py` finds `app` (an st.App with the warm-up lifespan) and serves
    it; without that it would fall back to running the page with cold caches."""
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(DASHBOARD)
    assert found.is_asgi_app and found.import_string == "dashboard:app"
    source = DASHBOARD.read_text()
    assert "st.App(__file__, lifespan=lifespan)" in source and "from dashboard_server import lifespan" in source


def test_warm_up_fills_the_caches_the_first_page_run_reads(monkeypatch, store_dir):
    """After the start-up warm-up, a visitor's first run neither loads the store nor computes
    the default view: both come from the caches the warm-up filled."""
    import dashboard_page
    import dashboard_server
    from analysis import summary
    from fetch import store

    monkeypatch.setenv("KEM_DATA_DIR", str(store_dir))
    calls = {"load": 0, "summarise": 0}

    def counted(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(store, "load_articles", counted("load", store.load_articles))
    monkeypatch.setattr(summary, "summarise", counted("summarise", summary.summarise))
    for warmed in (False, True):
        dashboard_page.load_store.clear()
        dashboard_page.filtered_view.clear()
        if warmed:
            dashboard_server.start_warm_up().join(timeout=120)
        calls.update(load=0, summarise=0)
        at = AppTest.from_file(str(DASHBOARD), default_timeout=120).run()
        no_errors(at)
        assert len(at.get("vega_lite_chart")) == 4
        if warmed:
            assert calls == {"load": 0, "summarise": 0}
        else:  # the counters do see a cold first run
            assert calls["load"] >= 1 and calls["summarise"] >= 1


def test_warm_up_makes_streamlits_first_element_check(monkeypatch, tmp_path):
    """On a process's first page element Streamlit resolves the file of every loaded module
    (~0.1 s); the warm-up makes that check so the first visitor's page run does not wait for it."""
    import streamlit.delta_generator
    import dashboard_server

    monkeypatch.setenv("KEM_DATA_DIR", str(tmp_path))
    # As in a fresh server process (this one has drawn pages already). If Streamlit renames
    # the flag, setattr fails here: the warm-up's check then needs looking at again.
    monkeypatch.setattr(streamlit.delta_generator, "_use_warning_has_been_displayed", False)
    dashboard_server.warm_up()
    assert streamlit.delta_generator._use_warning_has_been_displayed


def test_warm_up_leaves_an_unreadable_or_empty_store_to_the_page(monkeypatch, tmp_path):
    import dashboard_server

    monkeypatch.setenv("KEM_DATA_DIR", str(tmp_path))
    dashboard_server.warm_up()  # nothing to load: no error
    (tmp_path / "manifest.json").write_text("{not json")
    dashboard_server.warm_up()  # unreadable: the page reports it, the warm-up does not crash


def test_empty_store_explains_how_to_refresh(monkeypatch, tmp_path):
    at = app(monkeypatch, tmp_path)
    assert not at.exception
    assert "no data yet" in at.info[0].value.lower()
    assert "python -m fetch refresh" in at.code[0].value
    assert not at.metric and not at.tabs


def test_page_recovers_after_a_run_that_could_not_read_the_store(monkeypatch, store_dir, tmp_path):
    """The filters are read before the sidebar is drawn; a run without the sidebar (store
    unreadable for a moment) must not leave the next run without them."""
    import shutil

    live = tmp_path / "live"
    shutil.copytree(store_dir, live)
    at = app(monkeypatch, live, {"condition": "pain"})
    pain = metrics(at)["Publications"]
    manifest = (live / "manifest.json").read_text()
    (live / "manifest.json").write_text("{ broken")
    at.run()
    assert "cannot be read" in at.error[0].value and not at.metric
    (live / "manifest.json").write_text(manifest)
    at.run()
    no_errors(at)
    assert metrics(at)["Publications"] == pain  # the filters came back from the URL
    assert at.multiselect(key="f_conditions").value == ["pain"]


def test_corrupted_store_is_a_message_not_a_crash(monkeypatch, tmp_path):
    (tmp_path / "manifest.json").write_text("{ broken")
    at = app(monkeypatch, tmp_path)
    assert not at.exception
    assert "cannot be read" in at.error[0].value and "corrupted" in at.error[0].value


# -- each filter changes the figures as expected -------------------------------------------
def _n(frame: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(frame["sample_size"], errors="coerce")


def _text(frame: pd.DataFrame) -> pd.Series:
    return (frame["title"].fillna("") + " " + frame["abstract"].fillna("")).str.lower()


FILTERS = {
    "condition": (lambda at: at.multiselect(key="f_conditions").set_value(["pain"]),
                  lambda f: f[f["conditions"].map(lambda c: "pain" in c)], {"condition": "pain"}),
    "year": (lambda at: at.slider(key="f_years").set_value((2024, 2025)),
             lambda f: f[f["pub_year"].fillna(0).between(2024, 2025)], {"year_from": "2024"}),
    "design": (lambda at: at.multiselect(key="f_designs").set_value(["rct", "observational"]),
               lambda f: f[f["design"].isin(["rct", "observational"])],
               {"design": ["rct", "observational"]}),
    "population": (lambda at: at.radio(key="f_population").set_value("preclinical"),
                   lambda f: f[f["population"].isin(["animal", "in_vitro"]) | (f["design"] == "preclinical")],
                   {"population": "preclinical"}),
    "formulation": (lambda at: at.multiselect(key="f_formulations").set_value(["esketamine"]),
                    lambda f: f[f["formulation"].map(lambda v: "esketamine" in v)],
                    {"formulation": "esketamine"}),
    "route": (lambda at: at.multiselect(key="f_routes").set_value(["intranasal"]),
              lambda f: f[f["route"].map(lambda v: "intranasal" in v)], {"route": "intranasal"}),
    "conclusion": (lambda at: at.multiselect(key="f_conclusions").set_value(["positive"]),
                   lambda f: f[f["conclusion"] == "positive"], {"conclusion": "positive"}),
    "min_n": (lambda at: at.number_input(key="f_min_n").set_value(100),
              lambda f: f[_n(f).fillna(-1) >= 100], {"min_n": "100"}),
    "search": (lambda at: at.text_input(key="f_search").set_value("Suicid"),
               lambda f: f[_text(f).str.contains("suicid", regex=False)], {"q": "Suicid"}),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_changes_the_figures_as_expected(monkeypatch, store_dir, frame, name):
    act, select, url = FILTERS[name]
    at = app(monkeypatch, store_dir)
    before = metrics(at)
    act(at)
    at.run()
    no_errors(at)
    rows = select(visible(frame))
    assert 0 < len(rows) < len(visible(frame))
    after = metrics(at)
    for label, value in expected_metrics(rows).items():
        assert after[label] == value, (name, label)
    assert after["Publications"] != before["Publications"]
    # the view is in the URL
    assert {k: at.query_params[k] for k in url} == url
    # ... and applies to the explorer too
    open_tab(at, "Explorer")
    explorer = at.dataframe(key="explorer").value
    assert sorted(explorer["pmid"].tolist()) == sorted(rows["pmid"].tolist())


def test_hide_retracted_toggle_shows_retracted_studies(monkeypatch, store_dir, frame):
    at = app(monkeypatch, store_dir)
    assert metrics(at)["Publications"] == f"{len(visible(frame)):,}"
    at.toggle(key="f_hide_retracted").set_value(False).run()
    assert frame["retracted"].sum() == 1
    assert metrics(at)["Publications"] == f"{len(frame):,}"
    assert at.query_params == {"retracted": "show"}


def test_zero_matches_explain_and_offer_no_download(monkeypatch, store_dir):
    at = app(monkeypatch, store_dir)
    at.text_input(key="f_search").set_value("zzqqxx-not-a-word").run()
    no_errors(at)
    assert metrics(at)["Publications"] == "0"
    assert any("No studies match" in i.value for i in at.info)
    open_tab(at, "Downloads")
    assert any("nothing to download" in i.value for i in at.info)
    assert not at.get("download_button")


def test_reset_button_restores_the_default_view(monkeypatch, store_dir, frame):
    at = app(monkeypatch, store_dir, {"condition": "ocd", "min_n": "10"})
    assert metrics(at)["Publications"] != f"{len(visible(frame)):,}"
    at.button[0].click().run()
    assert metrics(at)["Publications"] == f"{len(visible(frame)):,}"
    assert at.query_params == {}


# -- URL parameters restore a view ---------------------------------------------------------
def test_url_parameters_restore_a_view(monkeypatch, store_dir, frame):
    query = {"condition": ["depression", "ptsd"], "design": "rct", "year_from": "2024",
             "min_n": "40", "q": "placebo"}
    at = app(monkeypatch, store_dir, query)
    no_errors(at)
    assert at.multiselect(key="f_conditions").value == ["depression", "ptsd"]
    assert at.multiselect(key="f_designs").value == ["rct"]
    assert at.slider(key="f_years").value[0] == 2024
    assert at.number_input(key="f_min_n").value == 40
    assert at.text_input(key="f_search").value == "placebo"
    f = visible(frame)
    rows = f[f["conditions"].map(lambda c: "depression" in c or "ptsd" in c) & (f["design"] == "rct")
             & (f["pub_year"].fillna(0) >= 2024) & (_n(f).fillna(-1) >= 40)
             & _text(f).str.contains("placebo", regex=False)]
    assert len(rows) > 0
    for label, value in expected_metrics(rows).items():
        assert metrics(at)[label] == value
    # the URL is kept (canonical form) so the view can be shared again
    assert at.query_params["condition"] == ["depression", "ptsd"]
    assert at.query_params["q"] == "placebo"


def test_url_with_garbage_still_opens(monkeypatch, store_dir, frame):
    at = app(monkeypatch, store_dir, {"condition": "<script>", "year_from": "x", "min_n": "-3"})
    no_errors(at)
    assert metrics(at)["Publications"] == f"{len(visible(frame)):,}"


# -- downloads contain exactly the filtered rows -------------------------------------------
@pytest.fixture
def captured_downloads(monkeypatch) -> dict:
    """The data callables the page registers for its download buttons, by file name."""
    captured: dict = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        captured[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return captured


def test_downloads_contain_exactly_the_filtered_rows(monkeypatch, store_dir, frame,
                                                     captured_downloads):
    from openpyxl import load_workbook

    at = app(monkeypatch, store_dir, {"condition": "depression", "design": "rct", "tab": "Downloads"})
    no_errors(at)
    f = visible(frame)
    expected = f[f["conditions"].map(lambda c: "depression" in c) & (f["design"] == "rct")]
    assert len(expected) > 5
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download Excel (.xlsx)", "Download Parquet"]
    names = sorted(captured_downloads)
    assert [Path(n).suffix for n in names] == [".csv", ".parquet", ".xlsx"]
    assert all(n.startswith("ketamine-studies-depression-rct-") for n in names)
    files = {Path(n).suffix: captured_downloads[n]() for n in names}
    csv = pd.read_csv(io.BytesIO(files[".csv"]), encoding="utf-8-sig")
    assert sorted(csv["pmid"]) == sorted(expected["pmid"])
    assert {"design_evidence", "conclusion", "human_clinical", "sample_size"} <= set(csv.columns)
    assert all(json.loads(c) for c in csv["conditions"])
    parquet = pq.read_table(io.BytesIO(files[".parquet"])).to_pandas()
    assert sorted(parquet["pmid"]) == sorted(expected["pmid"])
    wb = load_workbook(io.BytesIO(files[".xlsx"]), read_only=True)
    assert wb.sheetnames == ["studies", "Findings", "provenance"]
    assert len(list(wb["studies"].iter_rows())) == len(expected) + 1
    # the Findings sheet holds every finding of exactly these studies, one row each
    assert len(list(wb["Findings"].iter_rows())) == sum(len(x) for x in expected["findings"]) + 1
    prov = dict(list(wb["provenance"].iter_rows(values_only=True))[1:])
    assert prov["Rows"] == str(len(expected))
    assert "Depression" in prov["Filters applied"] and "RCT" in prov["Filters applied"]
    assert "PubMed query: depression" in prov and "Snapshot" in prov
    # the same export from the command line, shown whole (wrapped, not cut at the page edge)
    command = at.code[0]
    assert "python -m analysis export" in command.value and "--design rct" in command.value
    assert command.proto.wrap_lines


# -- study view and safe rendering ---------------------------------------------------------
def _all_text_elements(at: AppTest) -> list:
    out = []
    for root in (at.main, at.sidebar):
        for node in root:
            if getattr(node, "type", "") in ("markdown", "caption", "heading", "title", "alert",
                                             "warning", "error", "info", "success"):
                out.append(node)
    return out


def test_study_view_shows_evidence_and_reasons(monkeypatch, store_dir, frame):
    row = frame[(frame["design"] == "rct") & frame["design_evidence"].str.len().gt(0)
                & frame["abstract"].notna()].iloc[0]
    at = app(monkeypatch, store_dir, {"study": str(row["pmid"])})
    no_errors(at)
    assert at.text_input(key="f_study").value == str(row["pmid"])
    bodies = [m.value for m in at.markdown]
    assert any(b.startswith("**Design:** RCT") for b in bodies)
    assert any(":orange-background[" in b for b in bodies)  # evidence highlighted in the abstract
    captions = [c.value for c in at.caption]
    first_item = row["design_evidence"].split(" | ")[0]
    from analysis.summary import escape_markdown
    assert any(escape_markdown(first_item) in c for c in captions)
    assert at.query_params["study"] == str(row["pmid"])


def test_record_markup_is_shown_as_text_never_html(monkeypatch, store_dir):
    at = app(monkeypatch, store_dir, {"study": str(HOSTILE_PMID)})
    no_errors(at)
    elements = _all_text_elements(at)
    assert elements
    for element in elements:
        proto = element.proto
        if hasattr(proto, "allow_html"):
            assert not proto.allow_html, element.value
    bodies = "\n".join(str(getattr(e, "value", "")) for e in elements)
    assert "\\<script\\>" in bodies and "\\<img src\\=x onerror\\=" in bodies
    assert "\\*not bold\\*" in bodies and "\\$x\\$" in bodies and "\\&" in bodies
    # no unescaped tag or markdown link from the record survives anywhere on the page
    for raw in ("<script>", "<img", "](javascript", "<b>bold", "<i>Tests", "*not bold*"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), bodies), raw
    # the explorer table (a shared study link opens the Explorer) holds the title as plain data
    explorer = at.dataframe(key="explorer").value
    assert HOSTILE_TITLE in explorer["title"].tolist()


def test_unknown_pmid_is_a_warning(monkeypatch, store_dir):
    at = app(monkeypatch, store_dir, {"study": "123"})
    no_errors(at)
    assert any("not in the store" in w.value for w in at.warning)


def test_new_since_last_refresh_lists_the_digest(monkeypatch, store_dir, frame):
    from fetch.digest import read_digest

    digest = read_digest(store_dir)
    assert len(digest) > 0
    at = app(monkeypatch, store_dir, {"condition": "ptsd", "tab": "New since last refresh"})
    no_errors(at)
    f = visible(frame)
    ptsd = set(f.loc[f["conditions"].map(lambda c: "ptsd" in c), "pmid"])
    expected = [p for p in digest["pmid"] if p in ptsd]
    assert any(m.value.startswith(f"**{len(expected):,}** of the {len(digest):,}") for m in at.markdown)
    tables = [d.value for d in at.dataframe if "conditions" in d.value.columns]
    assert sorted(tables[0]["pmid"]) == sorted(expected)


def test_each_chart_has_a_table_alternative(monkeypatch, store_dir, frame):
    at = app(monkeypatch, store_dir, {"count": "publications"})  # publications, as counted below
    switch = at.toggle(key="chart_tables")
    assert switch.label == "Show each chart's data as a table" and not switch.value
    assert not at.dataframe  # the tables are built only when asked for
    switch.set_value(True).run()  # as if the reader flipped the switch
    no_errors(at)
    tables = [d.value for d in at.dataframe]
    assert len(tables) == 4 and len(at.get("vega_lite_chart")) == 4  # one table per chart
    f = visible(frame)
    years = next(t for t in tables if "Year" in t.columns)
    depression = f[f["conditions"].map(lambda c: "depression" in c) & f["pub_year"].notna()]
    assert years["Depression"].sum() == len(depression)
    per_year = years.set_index("Year")["Depression"]
    assert per_year[per_year > 0].to_dict() == depression["pub_year"].astype(int).value_counts().to_dict()
    routes = next(t for t in tables if "Formulation" in t.columns and "Intravenous" in t.columns)
    expected = sum(max(len(a), 1) * max(len(b), 1) for a, b in zip(f["formulation"], f["route"]))
    assert routes.drop(columns=["Formulation"]).to_numpy().sum() == expected
    emap = next(t for t in tables if "Share positive" in t.columns)
    rct = f[f["conditions"].map(lambda c: "depression" in c) & (f["design"] == "rct")]
    cell = emap[(emap["Condition"] == "Depression") & (emap["Design"] == "RCT")].iloc[0]
    assert cell["Studies"] == len(rct)
    stated = rct[rct["human_clinical"] & rct["conclusion"].isin(["positive", "mixed", "neutral",
                                                                  "negative"])]
    assert cell["Share positive"] == pytest.approx(100 * (stated["conclusion"] == "positive").mean())


def _spec(at: AppTest, alt_start: str) -> dict:
    """The Vega-Lite spec of the page's chart whose alt text starts with `alt_start`."""
    return next(json.loads(c.proto.spec) for c in at.get("vega_lite_chart")
                if c.proto.alt.startswith(alt_start))


def test_many_category_axes_name_every_category(monkeypatch, store_dir, frame):
    """Vega hides level labels that would overlap: the half-width heat map named only every other
    route (intranasal went missing), so its routes, like the evidence map's conditions, are
    slanted and never dropped."""
    at = app(monkeypatch, store_dir)
    heat, evidence_map = _spec(at, "Heat map"), _spec(at, "Evidence map")
    routes = {r for rs in visible(frame)["route"] for r in rs}
    assert len(routes) >= 6  # the crowded case: six or seven route columns in half a page
    for spec in (heat, evidence_map):
        axis = spec["encoding"]["x"]["axis"]
        assert axis["labelOverlap"] is False and axis["labelAngle"] != 0


def test_each_condition_keeps_one_colour_of_its_own(monkeypatch, store_dir):
    """The theme's ten colours came round again for the eleventh condition, and Vega dealt them
    out afresh when a filter dropped a condition: now each condition has its own, fixed one."""
    def colours(at: AppTest) -> dict:
        scale = _spec(at, "Line chart")["encoding"]["color"]["scale"]
        return dict(zip(scale["domain"], scale["range"], strict=True))

    at = app(monkeypatch, store_dir)
    everyone = colours(at)
    assert len(everyone) >= 12 and len(set(everyone.values())) == len(everyone)
    at.multiselect(key="f_conditions").set_value(["pain", "ocd"]).run()
    no_errors(at)
    assert colours(at) == everyone


# Colour vision deficiency simulation (Machado, Oliveira & Fernandes 2009, severity 1), on linear RGB.
CVD = {"deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                        (-0.011820, 0.042940, 0.968881)),
       "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                      (-0.003882, -0.048116, 1.051998))}


def _linear_rgb(colour: str) -> list[float]:
    """A '#rrggbb' colour's sRGB channels, linearised."""
    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return [linear(int(colour[i:i + 2], 16)) for i in (1, 3, 5)]


def _lab(x: float, y: float, z: float, white: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIELAB of an XYZ colour, relative to the given white."""
    f = lambda t: t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29  # noqa: E731
    fx, fy, fz = (f(v / w) for v, w in zip((x, y, z), white))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _lab_seen(colour: str, deficiency: str) -> tuple[float, float, float]:
    """CIELAB (D65) of a '#rrggbb' colour as a person with the deficiency sees it."""
    rgb = _linear_rgb(colour)
    r, g, b = (min(1.0, max(0.0, sum(m * v for m, v in zip(row, rgb)))) for row in CVD[deficiency])
    return _lab(0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
                0.0193 * r + 0.1192 * g + 0.9505 * b, (0.95047, 1.0, 1.08883))


def _share_scale(at: AppTest) -> dict:
    """The evidence map's share-positive colour scale."""
    return _spec(at, "Evidence map")["layer"][1]["encoding"]["color"]["scale"]


def test_positive_and_negative_stay_apart_for_red_green_colour_blindness(monkeypatch, store_dir):
    """About one man in twelve cannot tell red from green. Positive and negative conclusions, and
    the evidence map's 0 % and 100 % positive, must stay far apart for him too (CIE76 distance at
    least 40 under simulated deuteranopia and protanopia): the old green and red fell to 18-26."""
    at = app(monkeypatch, store_dir)
    bars = _spec(at, "Stacked bar")["encoding"]["color"]
    colours = dict(zip(bars["scale"]["domain"], bars["scale"]["range"], strict=True))
    share = _share_scale(at)["range"]
    for deficiency in CVD:
        for a, b in ((colours["Positive"], colours["Negative"]), (share[0], share[-1])):
            distance = sum((p - q) ** 2 for p, q in zip(_lab_seen(a, deficiency),
                                                        _lab_seen(b, deficiency))) ** 0.5
            assert distance >= 40, (deficiency, a, b, round(distance, 1))


def _d3_lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D50) as d3-color computes it, the space Vega blends a colour scale's stops in."""
    r, g, b = _linear_rgb(colour)
    return _lab(0.4360747 * r + 0.3850649 * g + 0.1430804 * b,
                0.2225045 * r + 0.7168786 * g + 0.0606169 * b,
                0.0139322 * r + 0.0971045 * g + 0.7141733 * b, (0.96422, 1.0, 0.82521))


def _blended(domain: list, colours: list, value: float, interpolate: str) -> tuple[float, float]:
    """Chroma and hue (degrees) Vega draws for `value`: its stops blended in Lab, or in HCL
    (Vega's default: lightness, chroma and the shorter way round the hue circle)."""
    i = max(j for j in range(len(domain) - 1) if domain[j] <= value)
    u = (value - domain[i]) / (domain[i + 1] - domain[i])
    (_, a0, b0), (_, a1, b1) = _d3_lab(colours[i]), _d3_lab(colours[i + 1])
    if interpolate == "lab":
        a, b = a0 + u * (a1 - a0), b0 + u * (b1 - b0)
        return math.hypot(a, b), math.degrees(math.atan2(b, a)) % 360
    h0, h1 = (math.degrees(math.atan2(b, a)) % 360 for a, b in ((a0, b0), (a1, b1)))
    turn = (h1 - h0 + 180) % 360 - 180
    return math.hypot(a0, b0) + u * (math.hypot(a1, b1) - math.hypot(a0, b0)), (h0 + u * turn) % 360


def test_evidence_map_runs_from_red_to_blue_without_green(monkeypatch, store_dir):
    """Share positive runs from red (none) through pale yellow (half) to blue (all). With three
    stops blended in Vega's default HCL, 55-80 % came out mint green (hue 133-178°, chroma
    33-35): a colour the scale does not mean, and the one red-green colour blindness confuses."""
    at = app(monkeypatch, store_dir)
    scale = _share_scale(at)
    interpolate = scale.get("interpolate", "hcl")
    assert interpolate in ("hcl", "lab"), interpolate  # the blends modelled above
    assert scale["domain"][0] == 0 and scale["domain"][-1] == 1
    for step in range(401):
        chroma, hue = _blended(scale["domain"], scale["range"], step / 400, interpolate)
        assert not (125 < hue < 185 and chroma > 12), (step / 400, round(hue), round(chroma, 1))


def test_chosen_study_survives_tab_switches_and_reaches_the_url(monkeypatch, store_dir, frame):
    pmid = str(int(visible(frame)["pmid"].iloc[7]))
    at = app(monkeypatch, store_dir, {"tab": "Explorer"})
    at.text_input(key="f_study").set_value(pmid).run()
    no_errors(at)
    assert at.query_params["study"] == pmid
    title = visible(frame)["title"].iloc[7]
    from analysis.summary import escape_markdown
    assert any(m.value.startswith("#### ") and escape_markdown(title[:20]) in m.value
               for m in at.markdown)
    open_tab(at, "Overview")
    assert at.query_params["study"] == pmid  # kept while another tab is open
    open_tab(at, "Explorer")
    assert at.text_input(key="f_study").value == pmid


def test_a_refresh_shows_up_without_a_restart(monkeypatch, store_dir, frame, tmp_path):
    """The caches are keyed on the store version: a new commit is seen on the next rerun."""
    import shutil

    from fetch import store

    live = tmp_path / "live"
    shutil.copytree(store_dir, live)
    at = app(monkeypatch, live)
    assert metrics(at)["Publications"] == f"{len(visible(frame)):,}"
    manifest = store.load_manifest(live)
    smaller = store.load_articles(live, manifest).iloc[:100]
    store.commit(live, dict(manifest, last_success="2030-01-02T03:04:05Z"), smaller)
    at.run()
    no_errors(at)
    assert metrics(at)["Publications"] == f"{int((~smaller['retracted']).sum()):,}"
    assert metrics(at)["Data freshness"] == "2030-01-02"
    assert not at.warning  # no longer only a snapshot: the provenance warning goes

"""Ketamine evidence monitor: the page that `streamlit run dashboard.py` shows.

It lays out what analysis.summary, analysis.filters and analysis.export compute; it computes
nothing itself.  Data comes from the store in KEM_DATA_DIR (default: data/ next to this file)
and is cached per store version, so a refresh shows up on the next interaction without a
restart.  Record text (titles, abstracts, evidence) is only ever shown as escaped text.

A module, imported once per process: Streamlit re-executes only the small dashboard.py on each
interaction, not these definitions (nor, under streamlit.testing, recompiles them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, quote, urlencode

import numpy as np
import pandas as pd
import streamlit as st

from analysis import export as E
from analysis import filters as F
from analysis import summary as S
from analysis.filters import Filters, display
from fetch import store
from fetch.digest import read_digest

ROOT = Path(__file__).resolve().parent

# Blue for positive and red for negative, not green and red: the one in twelve men with red-green
# colour blindness tells blue from red but saw the old green and red as nearly one colour.
CONCLUSION_COLOURS = {"positive": "#2b83ba", "mixed": "#fdae61", "neutral": "#9e9e9e",
                      "negative": "#d7191c", "not_applicable": "#d9d9d9"}
# Share positive in the evidence map, from 0 to 100 % in even steps: ColorBrewer's red-yellow-blue,
# ending in the red and blue above, blended in CIELAB. Three stops blended in Vega's default HCL
# drew the 55-80 % shares mint green, between red and blue.
SHARE_POSITIVE_COLOURS = ("#d7191c", "#f46d43", "#fdae61", "#fee090", "#ffffbf", "#e0f3f8",
                          "#abd9e9", "#74add1", "#2b83ba")
PERCENT = st.column_config.NumberColumn(format="%.0f%%")
TABS = ("Overview", "Explorer", "New since last refresh", "Downloads", "About the labels")
TAB_KEY = "tab"
TABLES_KEY = "chart_tables"  # the "show each chart's data as a table" toggle
CONDITION_ORDER = [S.condition_display(c) for c in (*F.CONDITIONS, S.NO_CONDITION)]
# One colour per condition, the same under every filter. The theme has ten colours (an eleventh
# condition repeated the first) and Vega deals them out afresh when a filter drops a condition.
# The catch-all groups are grey; a condition added to the configuration takes the next colour.
CONDITION_PALETTE = ("#0068c9", "#83c9ff", "#ff2b2b", "#ffabab", "#29b09d", "#7defa1", "#ff8700",
                     "#ffd16a", "#6d3fc0", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#393b79")
CATCH_ALL_COLOURS = {"other": "#7f7f7f", S.NO_CONDITION: "#c7c7c7"}
DESIGN_ORDER = [display(d) for d in F.DESIGNS]
# The conclusions legend takes as many columns (up to three) as its plot's width holds. Both
# legends under the half-width charts shorten their labels ("Healthy vo…") on a narrow window
# rather than run past the chart's edge, where they would not be drawn at all.
LEGEND_COLUMNS = "max(1, min(3, floor(width / 130)))"
SELECTABLE_ROWS = 5_000  # above this the explorer loads rows lazily (no row selection)


def condition_colours() -> list[str]:
    """A colour for each of CONDITION_ORDER: the palette in turn, grey for the catch-all groups."""
    named = [c for c in F.CONDITIONS if c not in CATCH_ALL_COLOURS]
    turn = {c: CONDITION_PALETTE[i % len(CONDITION_PALETTE)] for i, c in enumerate(named)}
    return [CATCH_ALL_COLOURS.get(c) or turn[c] for c in (*F.CONDITIONS, S.NO_CONDITION)]


def data_dir() -> Path:
    """The store this page shows: KEM_DATA_DIR, else data/ beside this file."""
    configured = os.environ.get("KEM_DATA_DIR")
    return Path(configured).expanduser() if configured else ROOT / "data"


# -- loading and caching ------------------------------------------------------------------
@dataclass
class Loaded:
    """One store version, with everything per-store precomputed once."""

    manifest: dict
    df: pd.DataFrame          # every stored article with its labels
    slim: pd.DataFrame        # the columns the summaries read
    long: pd.DataFrame        # one row per (study, condition)
    pairs: pd.DataFrame       # one row per (study, formulation, route)
    table: pd.DataFrame       # the explorer's rows for all studies, newest first
    index: F.TextIndex        # free-text search over title + abstract
    columns: F.FilterColumns  # the filterable columns as arrays, so a filter change is cheap
    digest: pd.DataFrame      # what the last refresh added
    years: tuple[int, int] | None


@st.cache_resource(max_entries=2, show_spinner="Loading the store…")
def load_store(path: str, version: str) -> Loaded:
    """The store at `version`, keyed on it so a refresh is picked up without a restart.

    A cached *resource* (shared, not copied): st.cache_data would pickle and unpickle 50,000
    abstracts on every rerun (~0.4 s).  The per-filter results below use st.cache_data.
    """
    manifest = store.load_manifest(path) or {}
    df = store.load_articles(path, manifest).reset_index(drop=True)
    missing = F.missing_columns(df)
    if missing:
        raise store.StoreError(f"the store in {path} has no labels ({', '.join(missing[:4])}); "
                               f"run 'python -m fetch refresh' to label it")
    slim = df[[c for c in S.SUMMARY_COLUMNS if c in df.columns]]
    years = pd.to_numeric(df["pub_year"], errors="coerce").dropna()
    return Loaded(manifest=manifest, df=df, slim=slim, long=S.condition_long(slim),
                  pairs=S.formulation_route_long(slim),
                  table=S.study_table(df), index=F.TextIndex(df),
                  columns=F.FilterColumns(df).warm(), digest=read_digest(path),
                  years=(int(years.min()), int(years.max())) if len(years) else None)


@st.cache_data(max_entries=64, show_spinner=False)
def filtered_view(path: str, version: str, query: str) -> dict:
    """Row mask and every summary for one filter state, cached per store version and filters."""
    loaded = load_store(path, version)
    filters = Filters.from_query_params(parse_qs(query))
    mask = F.filter_mask(loaded.df, filters, loaded.index, loaded.columns)
    long = loaded.long[mask[loaded.long["row"].to_numpy()]]
    pairs = loaded.pairs[mask[loaded.pairs["row"].to_numpy()]]
    summary = S.summarise(loaded.slim[mask], filters.conditions, long=long, pairs=pairs)
    return {"mask": mask, **summary}


def view_query(filters: Filters) -> str:
    """The cache key of one filter state (its URL query)."""
    return urlencode(filters.to_query_params(), doseq=True)


def warm_up() -> None:
    """Load the store and the default view into the caches before the first visitor needs them."""
    path = data_dir()
    version = store.store_version(path)
    if version is None:
        return
    if not load_store(str(path), version).df.empty:
        filtered_view(str(path), version, view_query(Filters()))


# -- filters <-> widgets <-> URL ------------------------------------------------------------
def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def init_state_from_url(years: tuple[int, int] | None) -> None:
    """On a session's first run, set the widgets from the URL so a shared link restores the view."""
    state = st.session_state
    if state.get("_kem_initialised"):
        if "f_hide_retracted" not in state:  # a run that could not draw the sidebar dropped them
            set_widget_state(Filters.from_query_params(_url_params()), years)
        return
    params = _url_params()
    f = Filters.from_query_params(params)
    set_widget_state(f, years)
    study = (params.get("study") or [""])[-1]
    state["_kem_study"] = study if study.isdigit() else ""
    state["f_study"] = state["_kem_study"]
    if state["_kem_study"] and not params.get(TAB_KEY):
        state["_kem_default_tab"] = "Explorer"  # a shared study link opens it
    state["_kem_initialised"] = True


def set_widget_state(f: Filters, years: tuple[int, int] | None) -> None:
    """Put one Filters value into the sidebar widgets."""
    state = st.session_state
    state["f_conditions"] = list(f.conditions)
    state["f_designs"] = list(f.designs)
    state["f_population"] = f.population
    state["f_formulations"] = list(f.formulations)
    state["f_routes"] = list(f.routes)
    state["f_conclusions"] = list(f.conclusions)
    state["f_min_n"] = int(f.min_n or 0)
    state["f_search"] = f.search
    state["f_hide_retracted"] = f.hide_retracted
    if years and years[0] < years[1]:
        lo = min(max(f.year_from if f.year_from is not None else years[0], years[0]), years[1])
        hi = max(min(f.year_to if f.year_to is not None else years[1], years[1]), years[0])
        state["f_years"] = (min(lo, hi), max(lo, hi))


def reset_filters(years: tuple[int, int] | None) -> None:
    """Button callback: back to the default view."""
    set_widget_state(Filters(), years)
    st.session_state["f_study"] = st.session_state["_kem_study"] = ""


def clamp_years(loaded: Loaded) -> None:
    """Keep the year range inside the store's years (a refresh can move them)."""
    if loaded.years and loaded.years[0] < loaded.years[1]:
        low, high = loaded.years
        lo, hi = st.session_state.get("f_years", loaded.years)
        st.session_state["f_years"] = (min(max(lo, low), high), max(min(hi, high), low))


def current_filters(loaded: Loaded) -> Filters:
    """The filters the sidebar widgets hold (their values are in session state before they are drawn)."""
    state = st.session_state
    year_from = year_to = None
    if loaded.years and loaded.years[0] < loaded.years[1]:
        lo, hi = state["f_years"]
        year_from = lo if lo > loaded.years[0] else None
        year_to = hi if hi < loaded.years[1] else None
    return Filters.create(
        conditions=state["f_conditions"], year_from=year_from, year_to=year_to,
        designs=state["f_designs"], population=state["f_population"],
        formulations=state["f_formulations"], routes=state["f_routes"],
        conclusions=state["f_conclusions"], min_n=int(state["f_min_n"] or 0) or None,
        search=state["f_search"] or "", hide_retracted=bool(state["f_hide_retracted"]))


def sidebar(loaded: Loaded) -> None:
    """Draw the filter widgets; drawn after the main area so the figures reach the browser first."""
    sb = st.sidebar
    sb.header("Filters")
    sb.caption("Applied to every figure, table and download on the page. The address bar keeps "
               "them: bookmark or share it to come back to this view.")
    sb.multiselect("Condition", F.CONDITIONS, key="f_conditions", format_func=display,
                   placeholder="All conditions",
                   help="Studies labelled with any of the chosen conditions")
    if loaded.years and loaded.years[0] < loaded.years[1]:
        sb.slider("Publication year", loaded.years[0], loaded.years[1], key="f_years")
    elif loaded.years:
        sb.caption(f"Publication year: all studies are from {loaded.years[0]}.")
    sb.multiselect("Study design", F.DESIGNS, key="f_designs", format_func=display,
                   placeholder="All designs")
    sb.radio("Population", F.POPULATIONS, key="f_population",
             format_func=lambda p: {"preclinical": "Preclinical (animal / in vitro)"}.get(p, display(p)),
             help="Human clinical: studies in people — trials, observational studies, case "
                  "reports and reviews of them. Preclinical: animal and in-vitro studies.")
    sb.multiselect("Formulation", F.FORMULATIONS, key="f_formulations", format_func=display,
                   placeholder="Any formulation")
    sb.multiselect("Route", F.ROUTES, key="f_routes", format_func=display,
                   placeholder="Any route", help="'Unclear' = no route stated")
    sb.multiselect("Conclusion", F.CONCLUSIONS, key="f_conclusions", format_func=display,
                   placeholder="Any conclusion",
                   help="What the authors concluded about ketamine, read from the abstract")
    sb.number_input("Minimum sample size", min_value=0, max_value=10_000_000, step=10,
                    key="f_min_n", help="0 = no minimum. With a minimum, studies whose sample "
                                        "size is unknown are left out.")
    sb.text_input("Search title and abstract", key="f_search", max_chars=F.SEARCH_MAX,
                  placeholder='e.g. suicid  or  "treatment-resistant"',
                  help='Every word must appear (case-insensitive, part-words match); put a '
                       'phrase in "quotes".')
    sb.toggle("Hide retracted studies", key="f_hide_retracted")
    sb.button("Reset filters", on_click=reset_filters, args=(loaded.years,),
              width="stretch")


def sync_url(filters: Filters, study: str) -> None:
    """Write the view into the address bar (only what changed; the tab parameter is Streamlit's)."""
    wanted = {k: (v if isinstance(v, list) else [v]) for k, v in filters.to_query_params().items()}
    if study:
        wanted["study"] = [study]
    current = {k: v for k, v in _url_params().items() if k != TAB_KEY}
    if wanted == current:
        return
    for key in current:
        if key not in wanted:
            del st.query_params[key]
    for key, values in wanted.items():
        if current.get(key) != values:
            st.query_params[key] = values if len(values) > 1 else values[0]


# -- page sections ------------------------------------------------------------------------
def page_header(manifest: dict | None) -> None:
    """Title, subtitle, provenance warning and the not-medical-advice note."""
    st.title("Ketamine evidence monitor")
    st.markdown("The PubMed literature on **ketamine, esketamine and arketamine** for "
                "**depression, PTSD, OCD and pain**: how much evidence there is, of what kind, how "
                "large, and what it found.")
    notice = S.snapshot_notice(manifest)
    if notice:
        st.warning(notice, icon=":material/warning:")
    st.caption("Not medical advice. Every label on this page is assigned automatically by "
               "transparent rules and can be wrong — each one shows the sentence it came from. "
               "See the **About the labels** tab for how labels are made.")


def empty_page(path: Path) -> None:
    """What to do when there is no store yet."""
    st.info(f"There is no data yet in `{path}`. Build the store with a refresh from PubMed "
            f"(needs network access), or import the offline snapshot, then reload this page.")
    st.code("export NCBI_EMAIL=you@example.org\n"
            ".venv/bin/python -m fetch refresh            # the live PubMed literature\n"
            "# or, offline:\n"
            ".venv/bin/python -m fetch import-corpus ../shared/data/corpus/"
            "pubmed_psychedelic_trials_2023_2025.jsonl", language="bash")
    st.caption("Set KEM_DATA_DIR to show a store in another directory.")


def metrics_row(view: dict, manifest: dict, total: int) -> None:
    """The headline figures for the current filters."""
    head = view["headline"]
    fresh = S.freshness(manifest)
    row = st.container(horizontal=True, gap="medium")  # one block, not five columns
    row.metric("Studies", f"{head['studies']:,}", help=f"{head['studies']:,} of {total:,} stored "
               f"studies match the filters")
    row.metric("RCTs", f"{head['rcts']:,}", help="Randomised controlled trials")
    row.metric("Participants (human clinical)", f"{head['participants']:,}",
               help=f"Sum of the sample sizes of {head['participants_studies']:,} primary human "
                    f"clinical studies with a known N (of {head['human_clinical']:,} human clinical "
                    f"studies). Reviews and protocols are left out: they re-count other studies' "
                    f"participants or only plan them.")
    newest = head["newest_date"] or "—"
    row.metric("Newest publication", newest,
               help=f"PMID {head['newest_pmid']}: {head['newest_title']}" if head["newest_pmid"] else None)
    row.metric("Data freshness", fresh["value"], help=fresh["detail"])


def _names(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        out[column] = [S.condition_display(v) if column == "condition" else display(v)
                       for v in out[column].tolist()]
    return out


def _whole(value: object) -> str:
    """A count or N for a table cell ('—' when there is none)."""
    return "—" if pd.isna(value) else f"{value:,.0f}"


def _percent(value: object) -> str:
    """A share for a table cell ('—' when no study states a conclusion)."""
    return "—" if pd.isna(value) else f"{value:.0%}"


def condition_tables(table: pd.DataFrame) -> str:
    """The per-condition table as markdown: studies by design, then conclusions and sample sizes.

    A markdown table, not st.dataframe: the data grid costs the browser ~1.4 MB of script on
    first load, and a plain table is small enough to read whole.
    """
    designs = [d for d in F.DESIGNS if d in table.columns]
    counts = ["studies", *designs, "human_clinical", "stated_conclusions", "studies_with_n",
              "total_n", "median_n"]
    shares = [f"share_{c}" for c in S.STATED_CONCLUSIONS]
    shown = [{"condition": S.condition_display(row["condition"]),
              **{c: _whole(row[c]) for c in counts}, **{c: _percent(row[c]) for c in shares}}
             for row in table.to_dict("records")]
    by_design = {"condition": "Condition", "studies": "Studies", **{d: display(d) for d in designs}}
    outcomes = {"condition": "Condition", "human_clinical": "Human clinical",
                "stated_conclusions": "With a conclusion",
                **{f"share_{c}": f"% {c}" for c in S.STATED_CONCLUSIONS},
                "studies_with_n": "With known N", "total_n": "Total N", "median_n": "Median N"}
    return ("**Studies by design**\n\n"
            + S.markdown_table(shown, by_design, right=counts)
            + "\n\n**Conclusions (human clinical studies) and sample sizes**\n\n"
            + S.markdown_table(shown, outcomes, right=counts + shares))


def overview(view: dict) -> None:
    """The four charts (each with a table alternative), then the per-condition tables."""
    tables = st.toggle("Show each chart's data as a table", key=TABLES_KEY,
                       help="The numbers behind each chart, in a table under it: readable by "
                            "screen readers and easy to copy.")
    left, right = st.columns(2)
    with left:
        chart_years(view["years"], tables)
        chart_formulation_route(view["formulation_route"], tables)
    with right:
        chart_conclusions(view["conclusions"], tables)
    # Full width: thirteen condition columns of circles need the room (half a page crams them).
    chart_evidence_map(view["evidence_map"], tables)
    st.subheader("By condition")
    st.caption("A study labelled with several conditions counts in each of them. Conclusion "
               "shares are among human clinical studies that state a conclusion (*With a "
               "conclusion*). Total and median N are over primary human clinical studies with a "
               "known N (not reviews or protocols, which re-count or only plan participants).")
    st.markdown(condition_tables(view["conditions"]))


def _crosstab(frame: pd.DataFrame, index: str, columns: str, order: list[str]) -> pd.DataFrame:
    """A long count table as rows × columns of whole numbers (0 where there is none)."""
    wide = frame.pivot_table(index=index, columns=columns, values="Studies", aggfunc="sum")
    wide = wide[[c for c in order if c in wide.columns]].fillna(0).astype("int64")
    wide.columns.name = None
    return wide.reset_index()


def _even_steps(count: int) -> list[float]:
    """`count` evenly spaced points from 0 to 1, for a scale with that many colours."""
    return [i / (count - 1) for i in range(count)]


def _heading(title: str, note: str = "") -> None:
    """A chart's title and reading note as one text element (each element costs browser time)."""
    st.markdown(f"**{title}**" + (f"  \n:small[:gray[{note}]]" if note else ""))


def _table_alternative(show: bool, make: Callable[[], pd.DataFrame],
                       config: dict | None = None) -> None:
    """The chart's data as a readable table, built only while the tables toggle is on."""
    if show:
        st.dataframe(make(), hide_index=True, width="stretch", column_config=config)


def _chart(frame: pd.DataFrame, spec: dict, alt_text: str, key: str) -> None:
    """A Vega-Lite chart from a plain spec (Streamlit renders it natively; no schema round-trip).

    The specs hold no value taken from the data (orders are the full label lists; thresholds
    are computed by Vega): with the spec unchanged, a filter change only swaps the chart's data
    in the browser instead of building the chart again."""
    st.vega_lite_chart(frame, {"$schema": "https://vega.github.io/schema/vega-lite/v6.json",
                               **spec}, width="stretch", alt=alt_text, key=key)


def chart_years(data: pd.DataFrame, tables: bool) -> None:
    """Publications per year by condition."""
    if data.empty:
        _heading("Publications per year", "No studies with a publication year.")
        return
    _heading("Publications per year")
    frame = _names(data, "condition").rename(columns={"condition": "Condition", "pub_year": "Year",
                                                      "studies": "Studies"})
    _chart(frame, {
        "height": 470,  # the whole chart's: the plot, its axes and the legend under it
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "Year", "type": "ordinal", "title": "Publication year",
                  "axis": {"labelAngle": 0}},
            "y": {"field": "Studies", "type": "quantitative", "title": "Studies"},
            # The legend sits under the plot in columns: at its side it ran past the chart's
            # height and hid every condition after the eighth.
            "color": {"field": "Condition", "type": "nominal",
                      "scale": {"domain": CONDITION_ORDER, "range": condition_colours()},
                      "legend": {"orient": "bottom", "title": None, "columns": 2,
                                 "labelLimit": {"expr": "width / 2 - 45"}}},
            "tooltip": [{"field": "Condition"}, {"field": "Year"}, {"field": "Studies"}]}},
        "Line chart of publications per year for each condition", "chart_years")
    _table_alternative(tables, lambda: _crosstab(frame, "Year", "Condition", CONDITION_ORDER))


def chart_conclusions(data: pd.DataFrame, tables: bool) -> None:
    """Conclusions of human clinical studies by condition, stacked."""
    if data.empty:
        _heading("Conclusions of human clinical studies",
                 "No human clinical studies in this selection.")
        return
    _heading("Conclusions of human clinical studies")
    frame = pd.DataFrame({
        "Condition": [S.condition_display(c) for c in data["condition"].tolist()],
        "Conclusion": [display(c) for c in data["conclusion"].tolist()],
        "Studies": data["studies"].astype("int64").to_numpy(),
        "Share": data["share"].astype(float).to_numpy(),
        "order": data["conclusion"].map({c: i for i, c in enumerate(F.CONCLUSIONS)}).to_numpy()})
    _chart(frame, {
        "height": {"step": 34},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "Condition", "type": "nominal", "sort": CONDITION_ORDER, "title": None,
                  "axis": {"labelLimit": 200}},
            "x": {"field": "Studies", "type": "quantitative", "stack": "zero",
                  "title": "Human clinical studies"},
            "color": {"field": "Conclusion", "type": "nominal",
                      "scale": {"domain": [display(c) for c in F.CONCLUSIONS],
                                "range": [CONCLUSION_COLOURS[c] for c in F.CONCLUSIONS]},
                      "legend": {"orient": "bottom", "title": None,
                                 "columns": {"expr": LEGEND_COLUMNS},
                                 "labelLimit": {"expr": f"width / ({LEGEND_COLUMNS}) - 35"}}},
            "order": {"field": "order", "type": "quantitative"},
            "tooltip": [{"field": "Condition"}, {"field": "Conclusion"}, {"field": "Studies"},
                        {"field": "Share", "format": ".0%"}]}},
        "Stacked bar chart of the conclusions of human clinical studies by condition",
        "chart_conclusions")
    _table_alternative(tables, lambda: frame[["Condition", "Conclusion", "Studies", "Share"]]
                       .assign(Share=frame["Share"] * 100), {"Share": PERCENT})


def chart_evidence_map(data: pd.DataFrame, tables: bool) -> None:
    """Design × condition, sized by study count, coloured by share positive."""
    if data.empty:
        _heading("Evidence map: design × condition", "No studies in this selection.")
        return
    _heading("Evidence map: design × condition",
             "Circle size and number = studies; colour = share positive among human clinical "
             "studies that state a conclusion (grey: none do).")
    frame = pd.DataFrame({
        "Condition": [S.condition_display(c) for c in data["condition"].tolist()],
        "Design": [display(d) for d in data["design"].tolist()],
        "Studies": data["studies"].astype("int64").to_numpy(),
        "With a conclusion": data["stated"].astype("int64").to_numpy(),
        "Share positive": data["share_positive"].astype(float).to_numpy()})
    size = {"field": "Studies", "type": "quantitative", "legend": None,
            "scale": {"range": [40, 1400]}}
    tooltip = [{"field": "Design"}, {"field": "Condition"}, {"field": "Studies"},
               {"field": "With a conclusion"}, {"field": "Share positive", "format": ".0%"}]
    _chart(frame, {
        "height": {"step": 44},
        "encoding": {
            "x": {"field": "Condition", "type": "nominal", "sort": CONDITION_ORDER, "title": None,
                  "axis": {"orient": "top", "labelAngle": -40, "labelAlign": "left", "labelLimit": 200,
                           "labelOverlap": False}},
            "y": {"field": "Design", "type": "nominal", "sort": DESIGN_ORDER, "title": None,
                  "axis": {"labelLimit": 220}}},
        "layer": [
            {"mark": {"type": "circle", "color": "#cfcfcf", "stroke": "#777", "strokeWidth": 0.5},
             "encoding": {"size": size, "tooltip": tooltip}},
            {"mark": {"type": "circle", "stroke": "#555", "strokeWidth": 0.5, "opacity": 1},
             "encoding": {
                 "size": size, "tooltip": tooltip,
                 "color": {"field": "Share positive", "type": "quantitative",
                           "scale": {"domain": _even_steps(len(SHARE_POSITIVE_COLOURS)),
                                     "range": list(SHARE_POSITIVE_COLOURS), "interpolate": "lab"},
                           "legend": {"format": ".0%", "title": "Share positive"}}}},
            {"mark": {"type": "text", "fontSize": 11},
             "encoding": {"text": {"field": "Studies", "type": "quantitative"},
                          # white only on the deepest red: dark text reads better from orange on
                          "color": {"condition": {"test": "isValid(datum['Share positive']) && "
                                                          "datum['Share positive'] < 0.06",
                                                  "value": "white"}, "value": "#222"}}},
        ]}, "Evidence map: circles sized by the number of studies for each design and condition, "
            "coloured by the share of positive conclusions", "chart_evidence_map")
    _table_alternative(tables,
                       lambda: frame.assign(**{"Share positive": frame["Share positive"] * 100}),
                       {"Share positive": PERCENT})


def chart_formulation_route(data: pd.DataFrame, tables: bool) -> None:
    """Which ketamine and how it was given."""
    if data.empty:
        _heading("Formulation and route", "No studies in this selection.")
        return
    _heading("Formulation and route",
             "A study naming two formulations or routes counts in each; 'Unclear' = not stated.")
    frame = pd.DataFrame({"Formulation": [display(v) for v in data["formulation"].tolist()],
                          "Route": [display(v) for v in data["route"].tolist()],
                          "Studies": data["studies"].astype("int64").to_numpy()})
    _chart(frame, {
        "height": {"step": 36},
        "transform": [{"joinaggregate": [{"op": "max", "field": "Studies", "as": "most"}]}],
        "encoding": {
            "x": {"field": "Route", "type": "nominal", "sort": [display(r) for r in F.ROUTES],
                  "title": "Route",
                  # Slanted and never dropped: level, Vega hid every other route's name.
                  "axis": {"labelAngle": -35, "labelAlign": "right", "labelOverlap": False}},
            "y": {"field": "Formulation", "type": "nominal",
                  "sort": [display(f) for f in F.FORMULATIONS], "title": None}},
        "layer": [
            {"mark": {"type": "rect"},
             "encoding": {"color": {"field": "Studies", "type": "quantitative",
                                    "scale": {"scheme": "blues"}, "legend": None},
                          "tooltip": [{"field": "Formulation"}, {"field": "Route"},
                                      {"field": "Studies"}]}},
            {"mark": {"type": "text", "fontSize": 12},
             "encoding": {"text": {"field": "Studies", "type": "quantitative"},
                          "color": {"condition": {"test": "datum['Studies'] > datum['most'] / 2",
                                                  "value": "white"}, "value": "black"}}},
        ]}, "Heat map of studies by ketamine formulation and route", "chart_formulation_route")
    _table_alternative(tables, lambda: _crosstab(
        frame, "Formulation", "Route", [display(r) for r in F.ROUTES]))


def explorer(loaded: Loaded, mask: np.ndarray) -> None:
    """The filtered studies, sortable, with links; a chosen one opens with its evidence."""
    table = loaded.table[mask[loaded.table["row"].to_numpy()]].reset_index(drop=True)
    selectable = len(table) <= SELECTABLE_ROWS
    if selectable:
        st.caption(f"{len(table):,} studies, newest first. Click a column header to sort; tick a "
                   f"row (or type a PMID below) to read its abstract with the evidence highlighted.")
    else:
        st.caption(f"{len(table):,} studies, newest first; click a column header to sort. Type a "
                   f"PMID below to open a study — or narrow the filters to {SELECTABLE_ROWS:,} "
                   f"studies or fewer to open one by ticking its row.")
    state = st.session_state
    if table.empty:
        st.info("No studies match these filters. Widen them, or use **Reset filters** in the sidebar.")
    else:
        columns = [c for c in table.columns if c != "row"
                   and not (c in ("journal", "doi") and not table[c].fillna("").astype(bool).any())]
        options = dict(on_select="rerun", selection_mode="single-row") if selectable \
            else dict(lazy=True)  # only the rows in view travel to the browser
        event = st.dataframe(
            table[columns], key="explorer", hide_index=True, placeholder="—", width="stretch",
            column_config={
                "pmid": st.column_config.NumberColumn("PMID", format="%d", width="small"),
                "title": st.column_config.TextColumn("Title", width="large"),
                "year": st.column_config.NumberColumn("Year", format="%d", width="small"),
                "journal": st.column_config.TextColumn("Journal"),
                "design": st.column_config.TextColumn("Design"),
                "n": st.column_config.NumberColumn("N", format="%d", width="small"),
                "conclusion": st.column_config.TextColumn("Conclusion"),
                "formulation": st.column_config.TextColumn("Formulation"),
                "pubmed": st.column_config.LinkColumn("PubMed", display_text="PubMed",
                                                      width="small"),
                "doi": st.column_config.LinkColumn("DOI", display_text="DOI", width="small"),
            }, **options)
        rows = list(getattr(getattr(event, "selection", None), "rows", []) or []) if selectable else []
        chosen = str(int(table.iloc[rows[0]]["pmid"])) if rows and rows[0] < len(table) else ""
        if chosen and chosen != state.get("_kem_last_selected"):
            state["_kem_study"] = chosen
            state["f_study"] = chosen
        state["_kem_last_selected"] = chosen
    if "f_study" not in state:  # the box was not on the page last run (another tab was open)
        state["f_study"] = state.get("_kem_study", "")
    st.text_input("Open a study by PMID", key="f_study", max_chars=12,
                  placeholder="e.g. 36279978")
    pmid = (state.get("f_study") or "").strip()
    state["_kem_study"] = pmid
    if not pmid:
        return
    if not pmid.isdigit():
        st.warning("A PMID is a number, such as 36279978.")
        return
    hits = np.flatnonzero(loaded.df["pmid"].to_numpy() == int(pmid))
    if not len(hits):
        st.warning(f"PMID {pmid} is not in the store.")
        return
    if not mask[hits[0]]:
        st.info(f"PMID {pmid} is in the store but not in the current filter selection.")
    study_detail(loaded.df.iloc[hits[0]])


def study_detail(row: pd.Series) -> None:
    """One study: title and abstract with evidence highlighted, each label with its reason."""
    evidence = S.all_evidence(row)
    title = row.get("title") if isinstance(row.get("title"), str) else "(no title)"
    st.divider()
    st.markdown("#### " + S.highlighted_markdown(title, evidence))
    pmid = int(row["pmid"])
    meta = [str(row["pub_year"]) if not pd.isna(row.get("pub_year")) else "year unknown"]
    if isinstance(row.get("journal"), str) and row["journal"]:
        meta.append("*" + S.escape_markdown(row["journal"]) + "*")
    meta.append(f"[PubMed {pmid}]({S.PUBMED_URL.format(pmid=pmid)})")
    doi = row.get("doi")
    if isinstance(doi, str) and doi:
        meta.append(f"[DOI {S.escape_markdown(doi)}](https://doi.org/{quote(doi, safe='/:;._-~')})")
    st.markdown(" · ".join(meta))
    authors = row.get("authors")
    if isinstance(authors, (list, tuple, np.ndarray)) and len(authors):
        names = ", ".join(str(a) for a in list(authors)[:12]) + (" et al." if len(authors) > 12 else "")
        st.caption(S.escape_markdown(names))
    if bool(row.get("retracted")) and not pd.isna(row.get("retracted")):
        st.error("This study has been **retracted**. " + S.escape_markdown(
            row.get("retracted_evidence") or ""), icon=":material/block:")
    left, right = st.columns([3, 2])
    with left:
        st.markdown("**Abstract** — :orange-background[highlighted] sentences are the evidence "
                    "for the labels")
        abstract = row.get("abstract")
        if isinstance(abstract, str) and abstract.strip():
            st.markdown(S.highlighted_markdown(abstract, evidence))
        else:
            st.caption("PubMed has no abstract for this record.")
    with right:
        st.markdown("**Labels and why they were given**")
        for reason in S.label_reasons(row):
            st.markdown(f"**{reason['label']}:** {S.escape_markdown(reason['value'])}")
            if reason["evidence"]:
                for item in reason["evidence"]:
                    st.caption("“" + S.escape_markdown(item) + "”")
            else:
                st.caption("No sentence supports a value: the label is the default.")


def new_since_refresh(loaded: Loaded, mask: np.ndarray) -> None:
    """The records the last refresh added that the filters keep."""
    runs = loaded.manifest.get("runs") or []
    last = runs[-1] if runs else {}
    if last:
        st.caption(f"Last run: {last.get('mode', '?')} at {last.get('started', '?')}, "
                   f"{last.get('added', 0)} added, {last.get('updated', 0)} updated.")
    visible = loaded.df["pmid"].to_numpy()[mask]
    frame = S.new_since_refresh(loaded.digest, visible)
    total = len(loaded.digest)
    if not total:
        st.info("The last refresh added no new studies.")
        return
    st.markdown(f"**{len(frame):,}** of the {total:,} studies the last refresh added match the "
                f"current filters (newest first).")
    if len(frame):
        st.dataframe(frame, hide_index=True, width="stretch", column_config={
            "pmid": st.column_config.NumberColumn("PMID", format="%d"),
            "title": st.column_config.TextColumn("Title", width="large"),
            "year": st.column_config.NumberColumn("Year", format="%d"),
            "conditions": st.column_config.TextColumn("Conditions"),
            "design": st.column_config.TextColumn("Design"),
            "conclusion": st.column_config.TextColumn("Conclusion"),
            "pubmed": st.column_config.LinkColumn("PubMed", display_text="PubMed")})


def downloads(loaded: Loaded, mask: np.ndarray, filters: Filters) -> None:
    """CSV, Excel and Parquet of exactly the filtered rows (built when clicked)."""
    rows = int(mask.sum())
    st.markdown(f"**{rows:,} studies** — {S.escape_markdown(filters.describe())}")
    if not rows:
        st.info("No studies match these filters, so there is nothing to download. Widen the "
                "filters or reset them.")
        return
    st.caption("Every stored column and every label with its evidence. Lists (conditions, "
               "formulation, route, authors, MeSH) are JSON arrays in CSV and Excel; the Excel "
               "file has a second sheet, *provenance*, with the queries, snapshot date, filters "
               "and row count." + (" Files are built when you click: an Excel file of this "
                                   "many studies takes about a second per thousand."
                                   if rows > 10_000 else ""))
    manifest = loaded.manifest

    def make(fmt: str) -> Callable[[], bytes]:
        def build() -> bytes:  # runs when the button is clicked, not on every rerun
            selected = loaded.df[mask]
            return E.export_bytes(selected, fmt, E.provenance(manifest, filters, len(selected)))
        return build

    labels = {"csv": "CSV", "xlsx": "Excel (.xlsx)", "parquet": "Parquet"}
    for column, fmt in zip(st.columns(3), ("csv", "xlsx", "parquet")):
        column.download_button(f"Download {labels[fmt]}", data=make(fmt),
                               file_name=E.file_name(fmt, filters), mime=E.FORMATS[fmt][0],
                               key=f"download_{fmt}", on_click="ignore",
                               width="stretch", icon=":material/download:")
    st.markdown("The same file from the command line:")
    st.code(E.cli_command(filters, "csv", _shown_path(data_dir())), language="bash", wrap_lines=True)


def _shown_path(path: Path) -> str:
    """The data directory as the user would type it from the repository root."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def about_labels() -> None:
    """How labels are made, what they mean, and their limits."""
    conditions = ", ".join(display(c) if c in ("ptsd", "ocd") else display(c).lower()
                           for c in F.CONDITIONS)
    st.markdown(ABOUT_LABELS.replace("{conditions}", conditions))


ABOUT_LABELS = """
### How the labels are made

Every study in the store is labelled **automatically** by transparent, rule-based code
(`analysis/` in the repository; the word lists are in `analysis/vocabulary.py`). No person has
checked each label, and **nothing here is medical advice**.

* The rules read the **title, the abstract and the PubMed metadata** (MeSH terms, publication
  types, retraction notices). The offline snapshot has no journal, MeSH or publication-type
  metadata, so its labels rest on the text alone.
* Each label keeps its **evidence**: the exact sentence of the title or abstract that produced
  it, or the metadata item (e.g. *Publication type: Randomized Controlled Trial*). Open a study
  in the **Explorer** to see the sentences highlighted and each label's reason.
* When no sentence supports a value, the label falls back to a default (*unclear*, *other*,
  *not applicable*) rather than guessing.

| Label | Values | What it means |
| --- | --- | --- |
| Conditions | {conditions} | The condition(s) the study treats or studies — not every condition the abstract mentions |
| Population | human, animal, in vitro, unclear | Who or what was studied |
| Design | RCT, non-randomised trial, observational, case report, case series, systematic review, review, protocol, qualitative, preclinical, other | The kind of study, from publication type and methods sentences |
| Formulation | racemic ketamine, esketamine, arketamine | Which ketamine was given |
| Route | intravenous, intranasal, oral, intramuscular, subcutaneous, other (none = unclear) | How it was given |
| Comparator | placebo, active placebo (e.g. midazolam), ECT, active treatment, none/unclear | What ketamine was compared with |
| Sample size | a number, with its basis (randomised, enrolled, analysed…) | Participants (or animals) in the study |
| Conclusion | positive, mixed, neutral, negative, not applicable | The authors' own conclusion about ketamine's effect, from the conclusion sentences |
| Response / remission / effect | text as reported | Rates and effect estimates quoted from the results |
| Retracted | yes / no | PubMed marks the record as retracted; hidden by default |

**Human clinical** studies are studies in people that are not preclinical work — trials,
observational studies, case reports and series, and reviews of them. Conclusion shares are
computed on them; participant totals and median sample sizes only on the *primary* ones (not
reviews or protocols, whose numbers re-count other studies' participants or are only planned).
A study can be labelled with several conditions and then counts in each.

**How often the rules agree with experts.** Against 645 abstracts labelled by the PsyNamic
team (275 on ketamine), F1 on the ketamine ones: condition 0.97, study type 0.92, conclusion
0.76 (0.81 when a review's verdict counts as *not applicable*, as the experts mark it), sample
size band 0.94. In plain counts, the study type differs from the experts' for about 1 ketamine
study in 12 and the conclusion for about 1 in 4 — read the evidence before you cite a label.

**Limits.** Abstracts simplify; authors' conclusions are often more positive than their data;
small trials and case reports weigh as much as large RCTs in a count. Use the counts to find and
read the studies, not as a verdict on whether ketamine works.
"""


# -- the page -----------------------------------------------------------------------------
def main() -> None:
    """Render the whole page for the current session."""
    # Icons are Material symbols, not emoji: an emoji makes Streamlit load its emoji catalogue
    # (~0.1 s) on the first run of every server process.
    st.set_page_config(page_title="Ketamine evidence monitor", page_icon=":material/menu_book:",
                       # "auto": open beside the page on a desktop; on a phone-sized screen
                       # closed behind its button instead of covering the figures.
                       layout="wide", initial_sidebar_state="auto")
    path = data_dir()
    try:
        version = store.store_version(path)
    except store.StoreError as exc:
        page_header(None)
        st.error(f"The store cannot be read: {exc}")
        return
    if version is None:
        page_header(None)
        empty_page(path)
        return
    try:
        loaded = load_store(str(path), version)
    except store.StoreError as exc:
        page_header(None)
        st.error(f"The store cannot be read: {exc}")
        return
    page_header(loaded.manifest)
    if loaded.df.empty:
        empty_page(path)
        return

    init_state_from_url(loaded.years)
    clamp_years(loaded)
    filters = current_filters(loaded)
    view = filtered_view(str(path), version, view_query(filters))
    mask = view["mask"]

    st.caption(f"Showing **{int(mask.sum()):,}** of {len(loaded.df):,} studies · "
               f"{S.escape_markdown(filters.describe())}")
    metrics_row(view, loaded.manifest, len(loaded.df))
    # Only the open tab runs (and its name is in the URL, so a shared link opens the same tab).
    overview_tab, explorer_tab, new_tab, downloads_tab, about_tab = st.tabs(
        list(TABS), key=TAB_KEY, bind="query-params",
        default=st.session_state.get("_kem_default_tab", TABS[0]))
    if overview_tab.open:
        with overview_tab:
            if not mask.any():
                st.info("No studies match these filters. Widen them, or use **Reset filters** in "
                        "the sidebar.")
            else:
                overview(view)
    if explorer_tab.open:
        with explorer_tab:
            explorer(loaded, mask)
    if new_tab.open:
        with new_tab:
            new_since_refresh(loaded, mask)
    if downloads_tab.open:
        with downloads_tab:
            downloads(loaded, mask, filters)
    if about_tab.open:
        with about_tab:
            about_labels()
    sidebar(loaded)
    sync_url(filters, (st.session_state.get("_kem_study") or "").strip())


if __name__ == "__main__":  # `streamlit run dashboard_page.py` works too
    main()

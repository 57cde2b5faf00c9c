"""The Registered trials tab: the ClinicalTrials.gov registrations of ketamine per condition — by
status and phase, planned vs actual enrollment, and completed trials never published.
Everything it shows is computed by analysis.trial_summary."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

import pandas as pd
import streamlit as st

from analysis import export as E
from analysis import summary as S
from analysis import trial_summary as T
from analysis.filters import Filters, display

from .charts import (chart, condition_rows, crosstab, heading, stacked_condition_bars,
                     table_alternative, tables_toggle)
from .downloads import download_buttons
from .loading import Selection, registration_view

NO_REGISTRY_DATA = ("This store has no ClinicalTrials.gov data (the offline snapshot is PubMed "
                    "records only). Load it with `python -m fetch refresh --source ctgov`")
# Fixed colours per status group (blue = still to report, orange = done, red = stopped early).
STATUS_COLOURS = {"recruiting": "#2b83ba", "active": "#abd9e9", "completed": "#fdae61",
                  "terminated or withdrawn": "#d7191c", "unknown": "#d9d9d9"}
STATUS_DISPLAY = [T.STATUS_WORDS[g] for g in T.STATUS_ORDER]
ENROLLMENT_COLOURS = {"Planned (estimated)": "#9ecae1", "Actual": "#08519c"}


def render(sel: Selection) -> None:
    """The tab, or how to load registrations into a store that has none."""
    registrations = sel.loaded.registrations
    if registrations is None or not len(registrations):
        no_registrations(sel.loaded.manifest)
        return
    view = registration_view(*sel.key, datetime.now(timezone.utc).date())
    chosen, counts = view["chosen"], view["counts"]
    applied = [f for f, on in (("condition", bool(sel.filters.conditions)),
                               ("search", bool(sel.filters.search))) if on]
    st.markdown(
        f"**{counts['registrations']:,} registrations** on ClinicalTrials.gov"
        + (f" (of {len(registrations):,}; filtered by {' and '.join(applied)})" if applied else "")
        + f": {counts['recruiting']:,} recruiting or about to, {counts['active']:,} active, "
          f"{counts['completed']:,} completed, {counts['terminated or withdrawn']:,} terminated, "
          f"withdrawn or suspended; {counts['linked']:,} linked to a publication in the store.")
    st.caption("The sidebar's condition filter and search (NCT number, title, registered "
               "conditions, interventions, sponsor) apply here; the other filters describe "
               "publications and do not. A registration counts under its registered conditions "
               "(else the condition searches that found it), in each when it has several."
               + registry_freshness(sel.loaded.manifest))
    if chosen.empty:
        st.info("No registrations match these filters. Widen them, or use **Reset filters** in "
                "the sidebar.")
        return
    tables = tables_toggle()
    left, right = st.columns(2)
    with left:
        chart_status(view["by_status"], tables)
    with right:
        chart_phase(view["by_phase"], tables)
    chart_enrollment(view["enrollment"], tables)
    gap_table(view["gap"])
    registration_downloads(chosen, sel.loaded.manifest, sel.filters)


def no_registrations(manifest: dict | None) -> None:
    """Why the tab is empty and how to fill it (not empty charts)."""
    if (manifest or {}).get("registrations_file"):
        st.info("The last ClinicalTrials.gov refresh stored no registrations for the monitored "
                "conditions. Refresh again with `python -m fetch refresh --source ctgov`.",
                icon=":material/info:")
        return
    st.info(NO_REGISTRY_DATA, icon=":material/info:")
    st.code(".venv/bin/python -m fetch refresh --source ctgov   # needs network access",
            language="bash")
    st.caption("The refresh asks the ClinicalTrials.gov API (v2) for ketamine registrations in "
               "each monitored condition; the registry's search terms are in "
               "`fetch/queries.toml`. This tab then shows them by status and phase, planned and "
               "actual enrollment, and completed trials with no publication.")


def registry_freshness(manifest: dict | None) -> str:
    """' Last registry refresh: …' for the caption, or nothing."""
    last = (manifest or {}).get("ctgov_last_success")
    return f" Last ClinicalTrials.gov refresh: {last}." if last else ""


def _display(frame: pd.DataFrame) -> pd.DataFrame:
    """Condition codes and status groups in words."""
    out = frame.copy()
    out["condition"] = [S.condition_display(c) for c in out["condition"].tolist()]
    if "status_group" in out:
        out["status_group"] = [T.STATUS_WORDS[g] for g in out["status_group"].tolist()]
    return out


def chart_status(data: pd.DataFrame, tables: bool) -> None:
    """Registrations per condition, stacked by status group."""
    heading("Registrations by status",
            "Recruiting: also not yet recruiting or enrolling by invitation. Active: running, no "
            "longer recruiting. Terminated/withdrawn: also suspended.")
    frame = _display(data[data["registrations"] > 0]).rename(columns={
        "condition": "Condition", "status_group": "Status", "registrations": "Registrations"})
    frame["order"] = frame["Status"].map({s: i for i, s in enumerate(STATUS_DISPLAY)})
    chart(frame, stacked_condition_bars(
        "Registrations", "Registrations", "Status",
        {"domain": STATUS_DISPLAY, "range": [STATUS_COLOURS[g] for g in T.STATUS_ORDER]},
        [{"field": "Condition"}, {"field": "Status"}, {"field": "Registrations"}],
        # beside the plot: five short names fit there whole at any width
        legend={"orient": "right", "title": None}),
        "Stacked bar chart of ClinicalTrials.gov registrations by condition and status",
        "chart_registration_status")
    table_alternative(tables, lambda: crosstab(
        frame.rename(columns={"Registrations": "Studies"}), "Condition", "Status", STATUS_DISPLAY))


def chart_phase(data: pd.DataFrame, tables: bool) -> None:
    """Registrations per condition and phase, as a grid of counts."""
    heading("Registrations by phase", "'Not applicable': a study without drug phases "
                                      "(e.g. a device or behavioural trial); 'Not given': none stated.")
    frame = _display(data).rename(columns={"condition": "Condition", "phase": "Phase",
                                           "registrations": "Registrations"})
    chart(frame, {
        "height": {"step": 34},
        "transform": [{"joinaggregate": [{"op": "max", "field": "Registrations", "as": "most"}]}],
        "encoding": {
            "x": {"field": "Phase", "type": "nominal", "sort": list(T.PHASE_ORDER), "title": None,
                  "axis": {"labelAngle": -35, "labelAlign": "right", "labelOverlap": False}},
            "y": condition_rows()},
        "layer": [
            {"mark": {"type": "rect"},
             "encoding": {"color": {"field": "Registrations", "type": "quantitative",
                                    "scale": {"scheme": "blues"}, "legend": None},
                          "tooltip": [{"field": "Condition"}, {"field": "Phase"},
                                      {"field": "Registrations"}]}},
            {"mark": {"type": "text", "fontSize": 12},
             "encoding": {"text": {"field": "Registrations", "type": "quantitative"},
                          "color": {"condition": {"test": "datum['Registrations'] > datum['most'] / 2",
                                                  "value": "white"}, "value": "black"}}},
        ]}, "Heat map of ClinicalTrials.gov registrations by condition and phase",
        "chart_registration_phase")
    table_alternative(tables, lambda: crosstab(
        frame.rename(columns={"Registrations": "Studies"}), "Condition", "Phase", list(T.PHASE_ORDER)))


def chart_enrollment(data: pd.DataFrame, tables: bool) -> None:
    """Planned and actual participants per condition, side by side (never added together)."""
    heading("Planned vs actual enrollment",
            "Participants the registrations plan (estimated: trials still running or not "
            "started) beside those they actually enrolled (completed or stopped trials). "
            "The two are never added together.")
    words = {"planned": "Planned (estimated)", "actual": "Actual"}
    frame = pd.DataFrame({
        "Condition": [S.condition_display(c) for c in data["condition"].tolist()],
        "Enrollment": [words[k] for k in data["enrollment"].tolist()],
        "Registrations": data["registrations"].astype("int64").to_numpy(),
        "Participants": data["participants"].astype("int64").to_numpy(),
        "Median": data["median"].astype(float).to_numpy()})
    shown = frame[frame["Registrations"] > 0]
    chart(shown, {
        "height": {"step": 18},
        "mark": {"type": "bar"},
        "encoding": {
            "y": condition_rows(),
            "yOffset": {"field": "Enrollment", "sort": list(words.values())},
            "x": {"field": "Participants", "type": "quantitative", "title": "Participants"},
            "color": {"field": "Enrollment", "type": "nominal",
                      "scale": {"domain": list(ENROLLMENT_COLOURS),
                                "range": list(ENROLLMENT_COLOURS.values())},
                      "legend": {"orient": "bottom", "title": None}},
            "tooltip": [{"field": "Condition"}, {"field": "Enrollment"}, {"field": "Registrations"},
                        {"field": "Participants", "format": ","},
                        {"field": "Median", "title": "Median per registration"}]}},
        "Bar chart of planned and actual enrollment in registered trials by condition",
        "chart_registration_enrollment")
    table_alternative(tables, lambda: shown)


GAP_COLUMNS = {  # widths in pixels: the NCT number and dates whole, the title taking the rest
    "url": st.column_config.LinkColumn("NCT number", display_text=r"https://clinicaltrials\.gov/study/(NCT\d+)",
                                       width=115),
    "title": st.column_config.TextColumn("Title", width=260),
    "sponsor": st.column_config.TextColumn("Sponsor", width=170),
    "overall_status": st.column_config.TextColumn("Status", width=90),
    "start_date": st.column_config.TextColumn("Start", width=75),
    "primary_completion_date": st.column_config.TextColumn("Primary completion", width=130),
    "months_since": st.column_config.NumberColumn("Months since", format="%d", width=100),
    "has_results": st.column_config.CheckboxColumn("Results posted", width=105),
}


def gap_table(gap: pd.DataFrame) -> None:
    """Completed registrations with no publication long after their primary completion."""
    st.subheader("The publication gap")
    st.caption(f"Completed registrations whose primary completion was more than "
               f"{T.GAP_MONTHS} months ago, with no publication: no article in the store names "
               f"their NCT number or is listed by them, and the registry lists no results "
               f"publication. 'Results posted' = results on ClinicalTrials.gov (not a "
               f"publication). A paper outside the monitor's searches can still exist — check "
               f"before citing a trial as unpublished.")
    if gap.empty:
        st.info("No completed registration in this selection is unpublished more than "
                f"{T.GAP_MONTHS} months after its primary completion.")
        return
    st.markdown(f"**{len(gap):,} completed registration{'s' if len(gap) != 1 else ''} without "
                f"a publication**")
    shown = gap.assign(overall_status=[display(v.lower()) for v in gap["overall_status"]])
    st.dataframe(shown[list(GAP_COLUMNS)], hide_index=True, width="stretch", placeholder="—",
                 column_config=GAP_COLUMNS, key="publication_gap")


def registration_downloads(chosen: pd.DataFrame, manifest: dict, filters: Filters) -> None:
    """The filtered registrations as CSV, Excel and Parquet (built when clicked)."""
    st.subheader("Download these registrations")
    st.caption("Every stored registration column, then the tab's own: status group, phase, "
               "conditions as counted here, link, and the PMIDs of linked publications. Lists "
               "are JSON arrays in CSV and Excel; the Excel file has a *provenance* sheet.")

    def make(fmt: str) -> Callable[[], bytes]:
        def build() -> bytes:  # runs when the button is clicked, not on every rerun
            frame = T.registrations_export(chosen)
            return E.export_bytes(frame, fmt, T.registrations_provenance(manifest, filters, len(frame)),
                                  sheet="registrations")
        return build

    download_buttons(make, lambda fmt: T.registrations_file_name(fmt, filters), "download_registrations")

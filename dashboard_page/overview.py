"""The Overview tab: four charts (each with a table alternative), then the per-condition tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import filters as F
from analysis import summary as S
from analysis.filters import display

from .charts import (CONCLUSION_COLOURS, CONDITION_ORDER, DESIGN_ORDER, PERCENT, SHARE_POSITIVE_COLOURS,
                     chart, condition_colours, crosstab, display_names, even_steps, heading,
                     stacked_condition_bars, table_alternative, tables_toggle)
from .loading import Selection
from .state import COUNT_KEY, prepare_count_toggle, remember_count_toggle


def render(sel: Selection) -> None:
    """The tab, or why it is empty."""
    if not sel.mask.any():
        st.info("No studies match these filters. Widen them, or use **Reset filters** in "
                "the sidebar.")
    else:
        overview(sel.view)


def overview(view: dict) -> None:
    """The four charts (each with a table alternative), then the per-condition tables."""
    tables = tables_toggle()
    once = count_toggle(view)
    pick = (lambda name: view.get("trial_" + name, view[name])) if once else view.__getitem__
    unit = "Trials" if once else "Studies"
    left, right = st.columns(2)
    with left:
        chart_years(view["years"], tables)
        chart_formulation_route(pick("formulation_route"), tables, unit)
    with right:
        chart_conclusions(pick("conclusions"), tables, unit)
    # Full width: thirteen condition columns of circles need the room (half a page crams them).
    chart_evidence_map(pick("evidence_map"), tables, unit)
    st.subheader("By condition")
    st.caption("A study labelled with several conditions counts in each of them. Conclusion "
               "shares are among human clinical studies that state a conclusion (*With a "
               "conclusion*). Total and median N are over primary human clinical studies with a "
               "known N (not reviews or protocols, which re-count or only plan participants)."
               + (TRIALS_NOTE if once else ""))
    st.markdown(condition_tables(pick("conditions"), view["conditions"] if once else None))


TRIALS_NOTE = (" **Each trial counted once:** a trial is the publications sharing a registration "
               "number; it takes its primary report's design, conclusion and N (else its most "
               "common design) and counts in every condition any of its publications has. "
               "Publications per year still counts publications.")


def count_toggle(view: dict) -> bool:
    """The "Count trials once" switch (on by default; ?count=publications in the URL turns it off)."""
    prepare_count_toggle()
    counts = view.get("trial_counts") or {}
    return st.toggle("Count trials once", key=COUNT_KEY, on_change=remember_count_toggle,
                     help="On: the evidence map, conclusions, formulation and per-condition "
                          "tables count each trial once, not each of its publications (a primary "
                          "report, its secondary analyses and protocol are one trial). "
                          + (f"Here {counts.get('publications', 0):,} publications are "
                             f"{counts.get('trials', 0):,} trials." if counts else ""))


def _whole(value: object) -> str:
    """A count or N for a table cell ('—' when there is none)."""
    return "—" if pd.isna(value) else f"{value:,.0f}"


def _percent(value: object) -> str:
    """A share for a table cell ('—' when no study states a conclusion)."""
    return "—" if pd.isna(value) else f"{value:.0%}"


def condition_tables(table: pd.DataFrame, publications: pd.DataFrame | None = None) -> str:
    """The per-condition table as markdown: studies by design, then conclusions and sample sizes.

    A markdown table, not st.dataframe: the data grid costs the browser ~1.4 MB of script on
    first load, and a plain table is small enough to read whole.  With `publications` (the
    publication-counted table) `table` counts trials, and each row also shows its publications.
    """
    unit = "Studies" if publications is None else "Trials"
    designs = [d for d in F.DESIGNS if d in table.columns]
    counts = ["studies", *designs, "human_clinical", "stated_conclusions", "studies_with_n",
              "total_n", "median_n"]
    shares = [f"share_{c}" for c in S.STATED_CONCLUSIONS]
    shown = [{"condition": S.condition_display(row["condition"]),
              **{c: _whole(row[c]) for c in counts}, **{c: _percent(row[c]) for c in shares}}
             for row in table.to_dict("records")]
    if publications is not None:
        per = dict(zip(publications["condition"], publications["studies"]))
        for row, code in zip(shown, table["condition"].tolist()):
            row["publications"] = _whole(per.get(code, 0))
        counts.insert(1, "publications")
    by_design = {"condition": "Condition", "studies": unit,
                 **({"publications": "Publications"} if publications is not None else {}),
                 **{d: display(d) for d in designs}}
    outcomes = {"condition": "Condition", "human_clinical": "Human clinical",
                "stated_conclusions": "With a conclusion",
                **{f"share_{c}": f"% {c}" for c in S.STATED_CONCLUSIONS},
                "studies_with_n": "With known N", "total_n": "Total N", "median_n": "Median N"}
    return (f"**{unit} by design**\n\n"
            + S.markdown_table(shown, by_design, right=counts)
            + ("\n\n**Conclusions (human clinical studies) and sample sizes**\n\n"
               if publications is None else
               "\n\n**Conclusions (human clinical studies, each trial once) and sample sizes**\n\n")
            + S.markdown_table(shown, outcomes, right=counts + shares))


def chart_years(data: pd.DataFrame, tables: bool) -> None:
    """Publications per year by condition."""
    if data.empty:
        heading("Publications per year", "No studies with a publication year.")
        return
    heading("Publications per year")
    frame = display_names(data, "condition").rename(columns={
        "condition": "Condition", "pub_year": "Year", "studies": "Studies"})
    chart(frame, {
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
    table_alternative(tables, lambda: crosstab(frame, "Year", "Condition", CONDITION_ORDER))


def chart_conclusions(data: pd.DataFrame, tables: bool, unit: str = "Studies") -> None:
    """Conclusions of human clinical studies by condition, stacked."""
    if data.empty:
        heading("Conclusions of human clinical studies",
                "No human clinical studies in this selection.")
        return
    heading("Conclusions of human clinical studies",
            "Each trial counted once, with its primary report's conclusion." if unit == "Trials" else "")
    frame = pd.DataFrame({
        "Condition": [S.condition_display(c) for c in data["condition"].tolist()],
        "Conclusion": [display(c) for c in data["conclusion"].tolist()],
        "Studies": data["studies"].astype("int64").to_numpy(),
        "Share": data["share"].astype(float).to_numpy(),
        "order": data["conclusion"].map({c: i for i, c in enumerate(F.CONCLUSIONS)}).to_numpy()})
    chart(frame, stacked_condition_bars(
        "Studies", f"Human clinical {unit.lower()}", "Conclusion",
        {"domain": [display(c) for c in F.CONCLUSIONS], "range": [CONCLUSION_COLOURS[c] for c in F.CONCLUSIONS]},
        [{"field": "Condition"}, {"field": "Conclusion"}, {"field": "Studies", "title": unit},
         {"field": "Share", "format": ".0%"}]),
        "Stacked bar chart of the conclusions of human clinical studies by condition",
        "chart_conclusions")
    table_alternative(tables, lambda: frame[["Condition", "Conclusion", "Studies", "Share"]]
                      .assign(Share=frame["Share"] * 100).rename(columns={"Studies": unit}),
                      {"Share": PERCENT})


def chart_evidence_map(data: pd.DataFrame, tables: bool, unit: str = "Studies") -> None:
    """Design × condition, sized by study count, coloured by share positive."""
    if data.empty:
        heading("Evidence map: design × condition", "No studies in this selection.")
        return
    heading("Evidence map: design × condition",
            f"Circle size and number = {unit.lower()}"
            + (" (each trial once, with its primary report's design)" if unit == "Trials" else "")
            + f"; colour = share positive among human clinical {unit.lower()} that state a "
              f"conclusion (grey: none do).")
    frame = pd.DataFrame({
        "Condition": [S.condition_display(c) for c in data["condition"].tolist()],
        "Design": [display(d) for d in data["design"].tolist()],
        "Studies": data["studies"].astype("int64").to_numpy(),
        "With a conclusion": data["stated"].astype("int64").to_numpy(),
        "Share positive": data["share_positive"].astype(float).to_numpy()})
    size = {"field": "Studies", "type": "quantitative", "legend": None,
            "scale": {"range": [40, 1400]}}
    tooltip = [{"field": "Design"}, {"field": "Condition"}, {"field": "Studies", "title": unit},
               {"field": "With a conclusion"}, {"field": "Share positive", "format": ".0%"}]
    chart(frame, {
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
                           "scale": {"domain": even_steps(len(SHARE_POSITIVE_COLOURS)),
                                     "range": list(SHARE_POSITIVE_COLOURS), "interpolate": "lab"},
                           "legend": {"format": ".0%", "title": "Share positive"}}}},
            {"mark": {"type": "text", "fontSize": 11},
             "encoding": {"text": {"field": "Studies", "type": "quantitative"},
                          # white only on the deepest red: dark text reads better from orange on
                          "color": {"condition": {"test": "isValid(datum['Share positive']) && "
                                                          "datum['Share positive'] < 0.06",
                                                  "value": "white"}, "value": "#222"}}},
        ]}, f"Evidence map: circles sized by the number of {unit.lower()} for each design and condition, "
            "coloured by the share of positive conclusions", "chart_evidence_map")
    table_alternative(tables,
                      lambda: frame.assign(**{"Share positive": frame["Share positive"] * 100})
                      .rename(columns={"Studies": unit}),
                      {"Share positive": PERCENT})


def chart_formulation_route(data: pd.DataFrame, tables: bool, unit: str = "Studies") -> None:
    """Which ketamine and how it was given."""
    if data.empty:
        heading("Formulation and route", "No studies in this selection.")
        return
    heading("Formulation and route",
            "A study naming two formulations or routes counts in each; 'Unclear' = not stated.")
    frame = pd.DataFrame({"Formulation": [display(v) for v in data["formulation"].tolist()],
                          "Route": [display(v) for v in data["route"].tolist()],
                          "Studies": data["studies"].astype("int64").to_numpy()})
    chart(frame, {
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
                                      {"field": "Studies", "title": unit}]}},
            {"mark": {"type": "text", "fontSize": 12},
             "encoding": {"text": {"field": "Studies", "type": "quantitative"},
                          "color": {"condition": {"test": "datum['Studies'] > datum['most'] / 2",
                                                  "value": "white"}, "value": "black"}}},
        ]}, "Heat map of studies by ketamine formulation and route", "chart_formulation_route")
    table_alternative(tables, lambda: crosstab(
        frame, "Formulation", "Route", [display(r) for r in F.ROUTES]))

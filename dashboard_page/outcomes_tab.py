"""The Outcomes tab: what the filtered human clinical studies found, outcome by outcome.

Findings counted by condition and direction (efficacy and safety apart), the effect estimates
the abstracts state (forest-style, one chart per measure; not pooled), and ketamine-arm vs
comparator-arm response and remission rates.  analysis.outcome_summary computes every number;
this module lays them out.  Clicking a study's point in a chart opens it in the Explorer.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import outcome_summary as O
from analysis import summary as S

from .charts import (CONCLUSION_COLOURS, CONDITION_ORDER, LEGEND_COLUMNS, chart,
                     condition_colours, heading, stacked_condition_bars, table_alternative,
                     tables_toggle)
from .loading import Selection, outcome_view
from .state import TAB_KEY

FAVOURS_ORDER = [O.FAVOURS_DISPLAY[f] for f in O.FAVOURS]
# Favours ketamine / no difference / favours comparator in the conclusion colours: blue, grey,
# red (told apart with red-green colour blindness; the grey sits between them).
FAVOURS_COLOURS = [CONCLUSION_COLOURS["positive"], CONCLUSION_COLOURS["neutral"],
                   CONCLUSION_COLOURS["negative"]]
ARM_ORDER = ["Ketamine arm", "Comparator arm"]
ARM_COLOURS = [CONCLUSION_COLOURS["positive"], "#636363"]
ARM_SHAPES = ["circle", "diamond"]
ALL_EFFICACY = "All efficacy domains"
ALL_SAFETY = "All safety domains"
LOG_TICKS = [0.001, 0.01, 0.1, 1, 10, 100, 1000]  # decades: they never crowd one another
MAX_ROWS = 40  # estimates (or rate pairs) drawn per chart; the table alternative has them all
NOT_POOLED = ("Reported values, **not pooled**: each point is one estimate as an abstract states "
              "it. No meta-analysis is performed — estimates differ in outcome, scale, time point "
              "and design and must not be combined by eye.")
PERCENT_1 = st.column_config.NumberColumn(format="%.1f%%")


def render(sel: Selection) -> None:
    """The tab, or why it is empty."""
    tables = tables_toggle()
    st.caption("What the filtered **human clinical** studies report, outcome by outcome, read "
               "from their abstracts by rules (see *About the labels*). A study labelled with "
               "several conditions counts under each. Click a study's point to open it in the "
               "Explorer.")
    if not O.has_outcome_columns(sel.loaded.df):
        st.info("This store was labelled before findings, rates and effect estimates were "
                "extracted, so there is nothing to show here. Relabel it "
                "(`python -m fetch refresh`, or rebuild the snapshot) to fill this tab.")
        return
    clinical = int((sel.mask & sel.loaded.df["human_clinical"].fillna(False).astype(bool)
                    .to_numpy()).sum())
    if not clinical:
        st.info("No human clinical studies match these filters. Widen them, or use **Reset "
                "filters** in the sidebar.")
        return
    frames = outcome_view(sel.loaded, sel.mask, sel.filters.conditions)
    st.subheader("Findings by condition and direction")
    findings_chart(frames.findings, clinical, tables, safety=False)
    findings_chart(frames.findings, clinical, tables, safety=True)
    st.subheader("Reported effect sizes")
    st.markdown(NOT_POOLED)
    effect_charts(frames.effects, clinical, tables)
    st.subheader("Response and remission")
    rate_chart(frames.pairs, frames.rates, clinical, tables)


# -- findings -----------------------------------------------------------------------------
def findings_chart(findings: pd.DataFrame, clinical: int, tables: bool, safety: bool) -> None:
    """Stacked bars per condition: findings favouring ketamine, no difference, the comparator."""
    title = "Safety findings" if safety else "Efficacy findings"
    domains = O.domains_present(findings, safety)
    everything = ALL_SAFETY if safety else ALL_EFFICACY
    key = "outcomes_safety_domain" if safety else "outcomes_domain"
    if st.session_state.get(key) not in (everything, *domains):
        st.session_state[key] = everything  # a filter removed the chosen domain's findings
    choice = everything if not domains else st.selectbox(
        "Safety domain" if safety else "Efficacy domain", [everything, *domains], key=key,
        format_func=lambda d: O.DOMAIN_DISPLAY.get(d, d),
        help="Count the findings of one outcome domain only")
    domain = None if choice == everything else choice
    counts = O.favour_counts(findings, safety=safety, domain=domain)
    what = "safety" if safety else "efficacy"
    if not int(counts["findings"].sum()):
        heading(title, f"No comparative {what} findings among the {clinical:,} filtered human "
                       f"clinical studies (a finding compares ketamine with another arm: "
                       f"single-arm changes from baseline are left out).")
        return
    note = ("A finding is one result statement: an outcome compared between ketamine and "
            "another arm, with its direction. " +
            ("For safety outcomes, *favours ketamine* means fewer or milder harms with ketamine."
             if safety else "Bars count findings; the tooltip also gives the studies behind them."))
    heading(f"{title}{'' if domain is None else ': ' + O.DOMAIN_DISPLAY.get(domain, domain)}", note)
    frame = pd.DataFrame({
        "Condition": [S.condition_display(c) for c in counts["condition"].tolist()],
        "Direction": [O.FAVOURS_DISPLAY[f] for f in counts["favours"].tolist()],
        "Findings": counts["findings"].to_numpy(),
        "Studies": counts["studies"].to_numpy(),
        "order": [O.FAVOURS.index(f) for f in counts["favours"].tolist()]})
    chart(frame, stacked_condition_bars(
        "Findings", f"Comparative {what} findings", "Direction",
        {"domain": FAVOURS_ORDER, "range": FAVOURS_COLOURS},
        [{"field": "Condition"}, {"field": "Direction"}, {"field": "Findings"}, {"field": "Studies"}],
        axis={"tickMinStep": 1, "format": "d"}),
        f"Stacked bar chart of comparative {what} findings by condition: favouring ketamine, "
        f"no significant difference, favouring the comparator", f"chart_outcomes_{what}")
    table_alternative(tables, lambda: frame.drop(columns="order"))


# -- effect estimates ---------------------------------------------------------------------
def effect_charts(effects: pd.DataFrame, clinical: int, tables: bool) -> None:
    """Ratio measures together on a log axis; difference measures one at a time (their units differ)."""
    if not len(effects):
        st.caption(f"No stated effect estimates among the {clinical:,} filtered human clinical "
                   f"studies.")
        return
    ratios = O.measures_present(effects, ratio=True)
    if ratios:
        effect_chart(effects, ", ".join(ratios), True, None, tables)
    differences = O.measures_present(effects, ratio=False)
    if differences:
        key = "outcomes_measure"
        if st.session_state.get(key) not in differences:
            st.session_state[key] = differences[0]  # the most stated measure
        measure = st.selectbox("Difference measure", differences, key=key,
                               help="Mean differences are in each study's own units (scale "
                                    "points, mg …): one measure is drawn at a time.")
        effect_chart(effects, measure, False, measure, tables)


def _study_columns(rows: pd.DataFrame, label: str) -> dict:
    """The columns a row of the effect and rate charts starts with: its place, its `label`
    (condition · study), condition, PMID and title."""
    conditions = [S.condition_display(c) for c in rows["condition"].astype(str).tolist()]
    return {"Order": range(len(rows)),
            label: [f"{c} · {name}" for c, name in zip(conditions, rows["label"].tolist())],
            "Condition": conditions,
            "PMID": rows["pmid"].astype("int64").to_numpy(),
            "Study": rows["title"].tolist()}


def _effect_frame(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        **_study_columns(rows, "Estimate"),
        "Measure": rows["measure"].tolist(),
        "Value": rows["value"].astype(float).to_numpy(),
        "CI low": rows["ci_low"].astype(float).to_numpy(),
        "CI high": rows["ci_high"].astype(float).to_numpy(),
        "Outcome": rows["outcome"].fillna("").tolist(),
        "Time point": rows["timepoint"].fillna("").tolist(),
    })


def effect_chart(effects: pd.DataFrame, measure: str, ratio: bool, only: str | None,
                 tables: bool) -> None:
    """Point and CI rule per stated estimate (the ratio measures, or the difference measure
    `only`), grouped by condition, newest studies first."""
    estimates = O.estimate_count(effects, ratio=ratio, measure=only)
    shown = _effect_frame(O.effect_rows(effects, ratio=ratio, measure=only, limit=MAX_ROWS))
    total = int(O.estimate_mask(effects, ratio, only).sum())  # rows: one per estimate and condition
    title = f"Ratio measures: {measure}" if ratio else measure
    scale = "log scale; 1 = no difference" if ratio else (
        "linear scale; 0 = no difference" if measure not in O.NO_REFERENCE_MEASURES else "linear scale")
    more = (f" Drawn: the {MAX_ROWS} newest of {total:,} rows; the table has them all."
            if total > MAX_ROWS else "")
    heading(f"{title} ({scale})",
            f"{estimates:,} stated estimate{'s' if estimates != 1 else ''}; a line is the 95% CI "
            f"where the abstract gives one.{more}")
    # Fixed tick values on the log axis (Vega's own crowd and get dropped); ~80 px a tick on
    # the linear one.
    x = {"field": "Value", "type": "quantitative", "title": "Ratio" if ratio else measure,
         "scale": {"type": "log"} if ratio else {"zero": False},
         "axis": {"values": LOG_TICKS, "format": "~g"} if ratio else
         {"tickCount": {"expr": "ceil(width / 80)"}, "format": "~g"}}
    tooltip = [{"field": "PMID"}, {"field": "Study"}, {"field": "Condition"},
               {"field": "Outcome"}, {"field": "Time point"}, {"field": "Measure"},
               {"field": "Value"}, {"field": "CI low"}, {"field": "CI high"}]
    # Rows in the frame's order (by condition, newest first), in every layer: the CI layer lacks
    # the estimates without a CI, and with "sort": null they would be appended after the rest.
    y = {"field": "Estimate", "type": "nominal", "title": None,
         "sort": {"field": "Order", "op": "min"}, "axis": {"labelLimit": 260}}
    layers = [
        {"mark": {"type": "rule", "color": "#555"},
         "encoding": {"x": {**x, "field": "CI low"}, "x2": {"field": "CI high"}, "y": y}},
        {"mark": {"type": "point", "filled": True, "size": 70, "cursor": "pointer",
                  "stroke": "#333", "strokeWidth": 0.6},  # pale condition colours stay visible
         "params": [{"name": "pick", "select": {"type": "point", "fields": ["PMID"],
                                                 "on": "click", "clear": "dblclick"}}],
         "encoding": {"x": x, "y": y,
                      "color": {"field": "Condition", "type": "nominal",
                                "scale": {"domain": CONDITION_ORDER, "range": condition_colours()},
                                "legend": {"orient": "bottom", "title": None,
                                           "columns": {"expr": LEGEND_COLUMNS}, "symbolStrokeWidth": 0,
                                           "labelLimit": {"expr": f"width / ({LEGEND_COLUMNS}) - 35"}}},
                      "tooltip": tooltip}},
    ]
    if ratio:  # OR, RR, HR and IRR told apart by shape as well as by their label (no legend)
        layers[-1]["encoding"]["shape"] = {"field": "Measure", "type": "nominal", "legend": None}
    if measure not in O.NO_REFERENCE_MEASURES:
        layers.insert(0, {"mark": {"type": "rule", "strokeDash": [4, 4], "color": "#999"},
                          "encoding": {"x": {"datum": 1 if ratio else 0, "type": "quantitative"}}})
    key = "chart_effects_ratio" if ratio else "chart_effects_difference"
    pickable_chart(shown, {"height": {"step": 20}, "layer": layers},
                   f"Forest-style chart of stated {measure} estimates with their 95% confidence "
                   f"intervals{', on a log scale' if ratio else ''}; each point is one study's "
                   f"reported value, not pooled", key)
    table_alternative(tables, lambda: _effect_frame(
        O.effect_rows(effects, ratio=ratio, measure=only)).drop(columns=["Order", "Estimate"]),
        {"PMID": st.column_config.NumberColumn(format="%d")})


# -- response and remission ---------------------------------------------------------------
def rate_chart(pairs: pd.DataFrame, rates: pd.DataFrame, clinical: int, tables: bool) -> None:
    """Dumbbell per study: the ketamine arm's rate and the comparator arm's, joined by a line."""
    if not len(pairs):
        stated = O.studies_counted(rates)
        why = (f"{stated:,} of the {clinical:,} filtered human clinical studies state a response "
               f"or remission rate, but none names both a ketamine arm and a comparator arm in "
               f"one sentence at one time point." if stated else
               f"No stated response or remission rates among the {clinical:,} filtered human "
               f"clinical studies.")
        st.caption(why)
        return
    frame = _pair_frame(O.pair_rows(pairs))
    studies = O.studies_counted(pairs)
    more = (f" Drawn: the {MAX_ROWS} newest of {len(frame):,} pairs; the table has them all."
            if len(frame) > MAX_ROWS else "")
    heading("Ketamine arm vs comparator arm",
            f"{studies:,} stud{'ies' if studies != 1 else 'y'} naming both arms' rates in one "
            f"sentence; rates as reported (percent of each arm), by condition, kind and time "
            f"point.{more}")
    y = {"field": "Pair", "type": "nominal", "title": None,
         "sort": {"field": "Order", "op": "min"}, "axis": {"labelLimit": 260}}
    tooltip = [{"field": "PMID"}, {"field": "Study"}, {"field": "Condition"}, {"field": "Kind"},
               {"field": "Time point"}, {"field": "Ketamine arm name"},
               {"field": "Ketamine arm", "format": ".1f"}, {"field": "Comparator arm name"},
               {"field": "Comparator arm", "format": ".1f"}]
    pickable_chart(_pair_frame(O.pair_rows(pairs, limit=MAX_ROWS)), {
        "height": {"step": 22},
        "layer": [
            {"mark": {"type": "rule", "color": "#999", "strokeWidth": 2},
             "encoding": {"y": y,
                          "x": {"field": "Ketamine arm", "type": "quantitative",
                                "scale": {"domain": [0, 100]}, "title": "Patients (%)"},
                          "x2": {"field": "Comparator arm"}}},
            {"transform": [{"fold": ARM_ORDER, "as": ["Arm", "Rate"]}],
             "mark": {"type": "point", "filled": True, "size": 80, "cursor": "pointer"},
             "params": [{"name": "pick", "select": {"type": "point", "fields": ["PMID"],
                                                     "on": "click", "clear": "dblclick"}}],
             "encoding": {"y": y,
                          "x": {"field": "Rate", "type": "quantitative",
                                "scale": {"domain": [0, 100]}},
                          "color": {"field": "Arm", "type": "nominal",
                                    "scale": {"domain": ARM_ORDER, "range": ARM_COLOURS},
                                    "legend": {"orient": "bottom", "title": None,
                                               "direction": "vertical"}},
                          "shape": {"field": "Arm", "type": "nominal",
                                    "scale": {"domain": ARM_ORDER, "range": ARM_SHAPES}},
                          "tooltip": [*tooltip, {"field": "Arm"},
                                      {"field": "Rate", "format": ".1f"}]}},
        ]}, "Dumbbell chart of response and remission rates: the ketamine arm and the "
            "comparator arm of each study, joined by a line", "chart_outcomes_rates")
    table_alternative(tables, lambda: frame.drop(columns=["Order", "Pair"]),
                      {"PMID": st.column_config.NumberColumn(format="%d"),
                       "Ketamine arm": PERCENT_1, "Comparator arm": PERCENT_1})


def _pair_frame(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        **_study_columns(rows, "Pair"),
        "Kind": [k.capitalize() for k in rows["kind"].tolist()],
        "Time point": rows["timepoint"].fillna("").tolist(),
        "Ketamine arm name": rows["ketamine_arm"].tolist(),
        "Ketamine arm": rows["ketamine_percent"].astype(float).to_numpy(),
        "Comparator arm name": rows["comparator_arm"].tolist(),
        "Comparator arm": rows["comparator_percent"].astype(float).to_numpy(),
    })


# -- opening a study from a chart ---------------------------------------------------------
def pickable_chart(frame: pd.DataFrame, spec: dict, alt_text: str, key: str) -> None:
    """A chart whose points, when clicked, open their study in the Explorer (the `pick` selection)."""
    st.vega_lite_chart(frame, {"$schema": "https://vega.github.io/schema/vega-lite/v6.json",
                               **spec}, width="stretch", alt=alt_text, key=key,
                       on_select=lambda: open_picked_study(key), selection_mode="pick")


def picked_pmid(event: object) -> str:
    """The PMID of the point a chart's selection event holds, or ''."""
    selection = getattr(event, "selection", None)
    if selection is None and isinstance(event, dict):
        selection = event.get("selection")
    picked = (selection.get("pick") if isinstance(selection, dict) else
              getattr(selection, "pick", None)) if selection is not None else None
    if isinstance(picked, dict):
        picked = picked.get("PMID") or picked.get("vlPoint")
    if isinstance(picked, list) and picked:
        first = picked[0]
        value = first.get("PMID") if isinstance(first, dict) else first
        if value is not None and str(value).split(".")[0].isdigit():
            return str(int(float(value)))
    return ""


def open_picked_study(key: str) -> None:
    """Selection callback: show the clicked study in the Explorer (and in the URL)."""
    pmid = picked_pmid(st.session_state.get(key))
    if not pmid:
        return
    state = st.session_state
    state["_kem_study"] = pmid
    state["f_study"] = pmid
    state[TAB_KEY] = "Explorer"

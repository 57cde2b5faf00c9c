"""What every chart shares: colours and orders that stay fixed under any filter, the Vega-Lite
call, its heading and its table alternative."""

from __future__ import annotations

from typing import Callable

import pandas as pd
import streamlit as st

from analysis import filters as F
from analysis import summary as S
from analysis.filters import display

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


def condition_colours() -> list[str]:
    """A colour for each of CONDITION_ORDER: the palette in turn, grey for the catch-all groups."""
    named = [c for c in F.CONDITIONS if c not in CATCH_ALL_COLOURS]
    turn = {c: CONDITION_PALETTE[i % len(CONDITION_PALETTE)] for i, c in enumerate(named)}
    return [CATCH_ALL_COLOURS.get(c) or turn[c] for c in (*F.CONDITIONS, S.NO_CONDITION)]


def display_names(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """A copy of `frame` with the given label columns in their display names."""
    out = frame.copy()
    for column in columns:
        out[column] = [S.condition_display(v) if column == "condition" else display(v)
                       for v in out[column].tolist()]
    return out


def crosstab(frame: pd.DataFrame, index: str, columns: str, order: list[str]) -> pd.DataFrame:
    """A long count table as rows × columns of whole numbers (0 where there is none)."""
    wide = frame.pivot_table(index=index, columns=columns, values="Studies", aggfunc="sum")
    wide = wide[[c for c in order if c in wide.columns]].fillna(0).astype("int64")
    wide.columns.name = None
    return wide.reset_index()


def even_steps(count: int) -> list[float]:
    """`count` evenly spaced points from 0 to 1, for a scale with that many colours."""
    return [i / (count - 1) for i in range(count)]


def tables_toggle() -> bool:
    """The "show each chart's data as a table" switch, one state for every tab."""
    return st.toggle("Show each chart's data as a table", key=TABLES_KEY,
                     help="The numbers behind each chart, in a table under it: readable by "
                          "screen readers and easy to copy.")


def heading(title: str, note: str = "") -> None:
    """A chart's title and reading note as one text element (each element costs browser time)."""
    st.markdown(f"**{title}**" + (f"  \n:small[:gray[{note}]]" if note else ""))


def table_alternative(show: bool, make: Callable[[], pd.DataFrame],
                      config: dict | None = None) -> None:
    """The chart's data as a readable table, built only while the tables toggle is on."""
    if show:
        st.dataframe(make(), hide_index=True, width="stretch", column_config=config)


def chart(frame: pd.DataFrame, spec: dict, alt_text: str, key: str) -> None:
    """A Vega-Lite chart from a plain spec (Streamlit renders it natively; no schema round-trip).

    The specs hold no value taken from the data (orders are the full label lists; thresholds
    are computed by Vega): with the spec unchanged, a filter change only swaps the chart's data
    in the browser instead of building the chart again."""
    st.vega_lite_chart(frame, {"$schema": "https://vega.github.io/schema/vega-lite/v6.json",
                               **spec}, width="stretch", alt=alt_text, key=key)


def condition_rows() -> dict:
    """The y encoding of a chart with a row per condition, always in CONDITION_ORDER."""
    return {"field": "Condition", "type": "nominal", "sort": CONDITION_ORDER, "title": None,
            "axis": {"labelLimit": 200}}


def bottom_legend() -> dict:
    """A legend under the plot in as many columns as its width holds, labels shortened to fit."""
    return {"orient": "bottom", "title": None, "columns": {"expr": LEGEND_COLUMNS},
            "labelLimit": {"expr": f"width / ({LEGEND_COLUMNS}) - 35"}}


def stacked_condition_bars(value: str, title: str, colour: str, scale: dict, tooltip: list[dict],
                           legend: dict | None = None, axis: dict | None = None) -> dict:
    """A bar per condition: `value` stacked by `colour` (in the frame's `order` column), its
    `scale` fixing the colours; the legend under the plot unless another is given."""
    x = {"field": value, "type": "quantitative", "stack": "zero", "title": title}
    if axis is not None:
        x["axis"] = axis
    return {
        "height": {"step": 34},
        "mark": {"type": "bar"},
        "encoding": {
            "y": condition_rows(),
            "x": x,
            "color": {"field": colour, "type": "nominal", "scale": scale,
                      "legend": bottom_legend() if legend is None else legend},
            "order": {"field": "order", "type": "quantitative"},
            "tooltip": tooltip}}

"""The sidebar's filter widgets (their values live in session state; see state.py)."""

from __future__ import annotations

import streamlit as st

from analysis import filters as F
from analysis.filters import display

from .loading import Loaded
from .state import reset_filters


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

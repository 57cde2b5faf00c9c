"""Filters <-> sidebar widgets <-> URL: a shared link restores the view, a change reaches the URL."""

from __future__ import annotations

import streamlit as st

from analysis.filters import Filters

from .loading import Loaded

TAB_KEY = "tab"  # the open tab's query parameter (Streamlit's, bound by st.tabs)
COUNT_KEY = "count_trials"  # the overview's "Count trials once" toggle (its widget key)
COUNT_PARAM = "count"  # ?count=publications: the toggle off (on, the default, is not in the URL)


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
    state["_kem_count_trials"] = (params.get(COUNT_PARAM) or [""])[-1] != "publications"
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


def count_trials_once() -> bool:
    """Whether the overview counts each trial once (the toggle's value, kept while the overview
    is closed, when Streamlit forgets an undrawn widget's state)."""
    return bool(st.session_state.get("_kem_count_trials", True))


def prepare_count_toggle() -> None:
    """Give the toggle its kept value before it is drawn (the overview draws it)."""
    if COUNT_KEY not in st.session_state:
        st.session_state[COUNT_KEY] = count_trials_once()


def remember_count_toggle() -> None:
    """The toggle's callback: keep its value apart from the widget, for the URL and other tabs."""
    st.session_state["_kem_count_trials"] = bool(st.session_state.get(COUNT_KEY, True))


def sync_url(filters: Filters, study: str) -> None:
    """Write the view into the address bar (only what changed; the tab parameter is Streamlit's)."""
    wanted = {k: (v if isinstance(v, list) else [v]) for k, v in filters.to_query_params().items()}
    if study:
        wanted["study"] = [study]
    if not count_trials_once():
        wanted[COUNT_PARAM] = ["publications"]
    current = {k: v for k, v in _url_params().items() if k != TAB_KEY}
    if wanted == current:
        return
    for key in current:
        if key not in wanted:
            del st.query_params[key]
    for key, values in wanted.items():
        if current.get(key) != values:
            st.query_params[key] = values if len(values) > 1 else values[0]

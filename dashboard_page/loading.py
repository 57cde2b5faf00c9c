"""The store behind the page, loaded and summarised once per store version and filter state.

Data comes from the store in KEM_DATA_DIR (default: data/ in the repository) and is cached per
store version, so a refresh shows up on the next interaction without a restart.
"""

from __future__ import annotations

import os
import threading
import weakref
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import numpy as np
import pandas as pd
import streamlit as st

from analysis import filters as F
from analysis import outcome_summary as OS
from analysis import summary as S
from analysis import trial_summary as T
from analysis.filters import Filters
from fetch import store
from fetch.digest import read_digest

ROOT = Path(__file__).resolve().parents[1]  # the repository


def data_dir() -> Path:
    """The store this page shows: KEM_DATA_DIR, else data/ in the repository."""
    configured = os.environ.get("KEM_DATA_DIR")
    return Path(configured).expanduser() if configured else ROOT / "data"


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
    registrations: pd.DataFrame | None = None  # ClinicalTrials.gov registrations, linked
    # (analysis.trial_summary.link_registrations); empty when the store has none
    outcomes: OS.OutcomeFrames | None = None  # built on the Outcomes tab's first use


@dataclass
class Selection:
    """What every tab draws from: the loaded store and the current filters applied to it."""

    loaded: Loaded
    filters: Filters
    view: dict        # filtered_view's result: the row mask and every summary
    mask: np.ndarray  # which rows of loaded.df the filters keep
    key: tuple[str, str, str] = ("", "", "")  # (path, store version, filter query): the caches' key


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
    slim = df[[c for c in (*S.SUMMARY_COLUMNS, *TRIAL_COLUMNS) if c in df.columns]]
    years = pd.to_numeric(df["pub_year"], errors="coerce").dropna()
    return Loaded(manifest=manifest, df=df, slim=slim, long=S.condition_long(slim),
                  pairs=S.formulation_route_long(slim),
                  table=S.study_table(df), index=F.TextIndex(df),
                  columns=F.FilterColumns(df).warm(), digest=read_digest(path),
                  years=(int(years.min()), int(years.max())) if len(years) else None,
                  registrations=load_registrations(path, manifest, df))


@st.cache_data(max_entries=64, show_spinner=False)
def filtered_view(path: str, version: str, query: str) -> dict:
    """Row mask and every summary for one filter state, cached per store version and filters."""
    loaded = load_store(path, version)
    filters = Filters.from_query_params(parse_qs(query))
    mask = F.filter_mask(loaded.df, filters, loaded.index, loaded.columns)
    long = loaded.long[mask[loaded.long["row"].to_numpy()]]
    pairs = loaded.pairs[mask[loaded.pairs["row"].to_numpy()]]
    summary = S.summarise(loaded.slim[mask], filters.conditions, long=long, pairs=pairs)
    return {"mask": mask, **summary, **T.trial_view(loaded.slim[mask], filters.conditions)}


@st.cache_data(max_entries=64, show_spinner=False)
def registration_view(path: str, version: str, query: str, today: date) -> dict:
    """The registrations one filter state keeps and every summary the Registered trials tab draws,
    cached per store version, filters and day (the publication gap moves with the date)."""
    loaded = load_store(path, version)
    filters = Filters.from_query_params(parse_qs(query))
    chosen = T.filter_registrations(loaded.registrations, filters)
    selected = filters.conditions
    return {"chosen": chosen, "counts": T.registration_counts(chosen, today),
            "by_status": T.registrations_by_status(chosen, selected),
            "by_phase": T.registrations_by_phase(chosen, selected),
            "enrollment": T.enrollment_by_condition(chosen, selected),
            "gap": T.publication_gap(chosen, today)}


TRIAL_COLUMNS = ("trial_key", "report_type")  # what analysis.trial_summary reads besides those


def load_registrations(path: str, manifest: dict, articles: pd.DataFrame) -> pd.DataFrame:
    """The store's registrations linked to its articles (an empty frame when it has none, or
    when this checkout's fetch package cannot read them yet)."""
    registrations = store.load_registrations(path, manifest)
    if not len(registrations):
        return registrations
    return T.link_registrations(articles, registrations)


_OUTCOMES_LOCK = threading.Lock()


def outcome_frames_for(loaded: Loaded) -> OS.OutcomeFrames:
    """The store's findings, estimates and rates, one row per condition (analysis.outcome_summary),
    built on the Outcomes tab's first use and kept with the loaded store, so once per store
    version; a filter change then only cuts them with its row mask (OutcomeFrames.cut)."""
    if loaded.outcomes is None:
        with _OUTCOMES_LOCK:
            if loaded.outcomes is None:
                loaded.outcomes = OS.outcome_frames(loaded.df)
    return loaded.outcomes


_OUTCOME_CUTS: dict[tuple, tuple[weakref.ref, OS.OutcomeFrames]] = {}  # the last few cuts


def outcome_view(loaded: Loaded, mask: np.ndarray, conditions: tuple[str, ...]) -> OS.OutcomeFrames:
    """The store's outcome frames cut to one filter state, kept for the last few states, so a
    rerun without a filter change (a domain or measure chosen, a chart clicked) costs nothing.
    (A weak reference ties each cut to its loaded store: never one store's cut for another.)"""
    key = (id(loaded), hash(np.packbits(mask).tobytes()), int(mask.sum()), tuple(conditions))
    hit = _OUTCOME_CUTS.get(key)
    if hit is not None and hit[0]() is loaded:
        return hit[1]
    cut = outcome_frames_for(loaded).cut(mask, conditions)
    with _OUTCOMES_LOCK:
        while len(_OUTCOME_CUTS) >= 16:
            _OUTCOME_CUTS.pop(next(iter(_OUTCOME_CUTS)), None)
        _OUTCOME_CUTS[key] = (weakref.ref(loaded), cut)
    return cut


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

"""The whole page: header and headline figures, the tabs, the sidebar, the URL."""

from __future__ import annotations

from typing import Callable

import streamlit as st

from analysis import summary as S
from fetch import store

from . import about, downloads, explorer, new_since, outcomes_tab, overview, trials_tab
from .header import empty_page, metrics_row, page_header
from .loading import Selection, data_dir, filtered_view, load_store, view_query
from .sidebar import sidebar
from .state import TAB_KEY, clamp_years, current_filters, init_state_from_url, sync_url

# The tabs, in order: (title, render). The title is also the tab's value in the URL (?tab=…);
# a tab is one line here and a module with a `render(sel: Selection)`.
TABS: tuple[tuple[str, Callable[[Selection], None]], ...] = (
    ("Overview", overview.render),
    ("Explorer", explorer.render),
    ("Outcomes", outcomes_tab.render),
    ("Registered trials", trials_tab.render),
    ("New since last refresh", new_since.render),
    ("Downloads", downloads.render),
    ("About the labels", about.render),
)
TAB_TITLES = tuple(title for title, _ in TABS)


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
    key = (str(path), version, view_query(filters))
    view = filtered_view(*key)
    sel = Selection(loaded=loaded, filters=filters, view=view, mask=view["mask"], key=key)

    st.caption(f"Showing **{int(sel.mask.sum()):,}** of {len(loaded.df):,} studies · "
               f"{S.escape_markdown(filters.describe())}")
    metrics_row(view, loaded.manifest, len(loaded.df))
    # Only the open tab runs (and its name is in the URL, so a shared link opens the same tab).
    tabs = st.tabs(list(TAB_TITLES), key=TAB_KEY, bind="query-params",
                   default=st.session_state.get("_kem_default_tab", TAB_TITLES[0]))
    for (_, render), tab in zip(TABS, tabs, strict=True):
        if tab.open:
            with tab:
                render(sel)
    sidebar(loaded)
    sync_url(filters, (st.session_state.get("_kem_study") or "").strip())

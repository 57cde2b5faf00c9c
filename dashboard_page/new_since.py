"""The "New since last refresh" tab: what the last refresh added that the filters keep."""

from __future__ import annotations

import numpy as np
import streamlit as st

from analysis import summary as S

from .loading import Loaded, Selection


def render(sel: Selection) -> None:
    """The tab."""
    new_since_refresh(sel.loaded, sel.mask)


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

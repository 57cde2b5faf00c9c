"""The Explorer tab: the filtered studies in a sortable table; a chosen one opens with its
evidence.  Record text (titles, abstracts, evidence) is only ever shown as escaped text."""

from __future__ import annotations

from urllib.parse import quote

import numpy as np
import pandas as pd
import streamlit as st

from analysis import summary as S

from .loading import Loaded, Selection

SELECTABLE_ROWS = 5_000  # above this the explorer loads rows lazily (no row selection)


def render(sel: Selection) -> None:
    """The tab."""
    explorer(sel.loaded, sel.mask)


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

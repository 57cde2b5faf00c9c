"""The Explorer tab: the filtered studies in a sortable table; a chosen one opens with its
evidence.  Record text (titles, abstracts, evidence) is only ever shown as escaped text."""

from __future__ import annotations

from urllib.parse import quote

import numpy as np
import pandas as pd
import streamlit as st

from analysis import outcome_summary as O
from analysis import summary as S
from analysis import trial_summary as T

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
    trial_detail(loaded, loaded.df.iloc[hits[0]])


def study_detail(row: pd.Series) -> None:
    """One study: title and abstract with evidence highlighted, each label with its reason."""
    evidence = S.all_evidence(row) + O.study_sentences(row)
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
            if reason["label"] in OUTCOME_REASONS:
                continue  # listed one by one under the columns (outcome_detail)
            st.markdown(f"**{reason['label']}:** {S.escape_markdown(reason['value'])}")
            if reason["evidence"]:
                for item in reason["evidence"]:
                    st.caption("“" + S.escape_markdown(item) + "”")
            else:
                st.caption("No sentence supports a value: the label is the default.")
    outcome_detail(row)


# The nested outcome labels: shown as tables by outcome_detail, not as one line of text each.
OUTCOME_REASONS = {title for column, _, title in S.LABEL_REASONS
                   if column in ("findings", "response_rates", "remission_rates",
                                 "effect_estimates", "effect_estimate")}


def outcome_detail(row: pd.Series) -> None:
    """The study's findings, rates and stated effect estimates, one row each, with the sentence
    each came from (highlighted in the abstract above)."""
    findings, rates, effects = O.study_findings(row), O.study_rates(row), O.study_effects(row)
    if not (findings or rates or effects):
        if "findings" in row:
            st.caption("No findings, rates or effect estimates were read from this abstract.")
        return
    if findings:
        st.markdown("**Findings** — each result statement: the outcome, ketamine's arm against "
                    "its comparator, and the sentence it was read from\n\n" + S.markdown_table(
                        findings, {"outcome": "Outcome", "domain": "Domain",
                                   "comparison": "Comparison", "direction": "Direction",
                                   "favours": "Favours", "timepoint": "Time point", "p": "p",
                                   "effect": "Effect", "sentence": "Sentence"}))
    if rates:
        st.markdown("**Response and remission rates** (as reported)\n\n" + S.markdown_table(
            rates, {"kind": "Kind", "arm": "Arm", "rate": "Rate", "timepoint": "Time point",
                    "sentence": "Sentence"}))
    if effects:
        st.markdown("**Stated effect estimates** (as reported, not pooled)\n\n" + S.markdown_table(
            effects, {"effect": "Estimate", "outcome": "Outcome", "timepoint": "Time point",
                      "sentence": "Sentence"}))


REPORT_WORDS = {"primary": "Primary report", "secondary_analysis": "Secondary analysis",
                "protocol": "Protocol", "not_applicable": "Not a trial report"}


def trial_detail(loaded: Loaded, row: pd.Series) -> None:
    """The study's registration(s), linked, and the trial's other publications, primary first."""
    pmid = int(row["pmid"])
    ids = [str(i) for i in (row.get("registry_ids") if isinstance(row.get("registry_ids"),
                                                                     (list, tuple, np.ndarray)) else [])]
    st.markdown("**Trial registration and the trial's publications**")
    if ids:
        st.markdown("Registered as " + ", ".join(
            f"[{S.escape_markdown(i)}]({T.registry_url(i)})" for i in ids))
        for item in S.evidence_items(row.get("registry_ids_evidence")):
            st.caption("“" + S.escape_markdown(item) + "”")
    elif "registry_ids" in loaded.df.columns:
        st.caption("No registration number in the record (PubMed's data bank list, title or "
                   "abstract): this publication counts as a trial of its own.")
    else:
        st.caption("This store's labels predate registration numbers: each publication counts "
                   "as a trial of its own.")
    registrations = loaded.registrations
    if registrations is not None and len(registrations) and ids:
        for reg in registrations[registrations["nct_id"].isin(ids)].to_dict("records"):
            st.caption(f"{reg['nct_id']} on ClinicalTrials.gov: "
                       f"{str(reg.get('overall_status') or 'status unknown').replace('_', ' ').lower()}, "
                       f"{T.phase_label(reg.get('phases')).lower()}, "
                       f"primary completion {reg.get('primary_completion_date') or 'not given'}, "
                       f"sponsor {S.escape_markdown(reg.get('sponsor') or 'not given')}.")
    reports = T.trial_reports(loaded.df, pmid)
    if len(reports) < 2:
        return
    lines = []
    for report in reports.to_dict("records"):
        kind = REPORT_WORDS.get(report.get("report_type"), "Report type not labelled")
        year = "year unknown" if pd.isna(report.get("pub_year")) else str(int(report["pub_year"]))
        title = report.get("title") if isinstance(report.get("title"), str) else "(no title)"
        this = " — *this publication*" if int(report["pmid"]) == pmid else ""
        lines.append(f"- **{kind}** · {year} · [PMID {int(report['pmid'])}]"
                     f"({S.PUBMED_URL.format(pmid=int(report['pmid']))}) "
                     f"{S.escape_markdown(title)}{this}")
    st.markdown(f"{len(reports)} publications of this trial (one trial in the trial counts):\n\n"
                + "\n".join(lines))

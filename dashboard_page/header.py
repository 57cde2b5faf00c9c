"""Above the tabs: title and provenance, the headline figures, or what to do without a store."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analysis import summary as S


def page_header(manifest: dict | None) -> None:
    """Title, subtitle, provenance warning and the not-medical-advice note."""
    st.title("Ketamine evidence monitor")
    st.markdown("The PubMed literature on **ketamine, esketamine and arketamine** for "
                "**depression, PTSD, OCD and pain**: how much evidence there is, of what kind, how "
                "large, and what it found.")
    notice = S.snapshot_notice(manifest)
    if notice:
        st.warning(notice, icon=":material/warning:")
    st.caption("Not medical advice. Every label on this page is assigned automatically by "
               "transparent rules and can be wrong — each one shows the sentence it came from. "
               "See the **About the labels** tab for how labels are made.")


def empty_page(path: Path) -> None:
    """What to do when there is no store yet."""
    st.info(f"There is no data yet in `{path}`. Build the store with a refresh from PubMed "
            f"(needs network access), or import the offline snapshot, then reload this page.")
    st.code("export NCBI_EMAIL=you@example.org\n"
            ".venv/bin/python -m fetch refresh            # the live PubMed literature\n"
            "# or, offline:\n"
            ".venv/bin/python -m fetch import-corpus ../shared/data/corpus/"
            "pubmed_psychedelic_trials_2023_2025.jsonl", language="bash")
    st.caption("Set KEM_DATA_DIR to show a store in another directory.")


TRIALS_HELP = ("A trial = the publications sharing a registration number (e.g. a primary report, "
               "its secondary analyses and its protocol); a publication that names no "
               "registration counts as its own trial. Here {registered_trials:,} registered "
               "trials, {multi_report_trials:,} of them with several publications "
               "({publications_in_multi:,} publications).")


def metrics_row(view: dict, manifest: dict, total: int) -> None:
    """The headline figures for the current filters."""
    head = view["headline"]
    fresh = S.freshness(manifest)
    row = st.container(horizontal=True, gap="medium")  # one block, not five columns
    row.metric("Publications", f"{head['studies']:,}", help=f"{head['studies']:,} of {total:,} "
               f"stored publications match the filters")
    trials = view.get("trial_counts") or {}
    if trials:
        row.metric("Trials", f"{trials['trials']:,}", help=TRIALS_HELP.format(**trials) + (
            "" if trials.get("keyed") else " This store's labels predate trial grouping, so "
            "every publication counts as its own trial until it is labelled again."))
    row.metric("RCTs", f"{head['rcts']:,}", help="Randomised controlled trials")
    row.metric("Participants (human clinical)", f"{head['participants']:,}",
               help=f"Sum of the sample sizes of {head['participants_studies']:,} primary human "
                    f"clinical studies with a known N (of {head['human_clinical']:,} human clinical "
                    f"studies). Reviews and protocols are left out: they re-count other studies' "
                    f"participants or only plan them.")
    newest = head["newest_date"] or "—"
    row.metric("Newest publication", newest,
               help=f"PMID {head['newest_pmid']}: {head['newest_title']}" if head["newest_pmid"] else None)
    row.metric("Data freshness", fresh["value"], help=fresh["detail"])

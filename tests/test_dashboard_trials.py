"""Trials, not only publications, on the dashboard: analysis.trial_summary's counts (status
groups, the publication gap on a fixed date, trials vs publications with shared NCT numbers,
design counted once per trial), and the page — the Registered trials tab on a store with
registrations and its explanation on one without, the headline figures counting trials and
publications apart, the explorer showing a trial's reports together."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import summary as S
from analysis import trial_summary as T
from analysis.filters import Filters

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "dashboard.py"
CTGOV_STUDIES = ROOT / "tests" / "fixtures" / "ctgov_studies.json"
PAIR = (38954874, 39923271)  # two corpus reports naming NCT04338321 (39923271 the primary one)


# -- fixtures -------------------------------------------------------------------------------
def registrations_from_fixture() -> pd.DataFrame:
    """The fake ClinicalTrials.gov studies as the refresh stores them (conditions mapped with
    the project's own terms; the searches that 'found' each are its mapped conditions, else
    depression)."""
    from fetch.ctgov import parse_study
    from fetch.queries import conditions_in, load_queries
    from fetch.store import registrations_frame

    config = load_queries()
    records = []
    for study in json.loads(CTGOV_STUDIES.read_text())["studies"]:
        record = parse_study(study)
        record["mapped_conditions"] = conditions_in(config, record.pop("_condition_texts"))
        record["matched_conditions"] = list(record["mapped_conditions"]) or ["depression"]
        records.append(record)
    return registrations_frame(records)


@pytest.fixture(scope="module")
def plain_store(tmp_path_factory) -> Path:
    """The labelled snapshot as import-corpus builds it: articles only, no registrations."""
    from tests.test_dashboard_app import build_store
    return build_store(tmp_path_factory.mktemp("plain"), hostile=False, retracted=0)


@pytest.fixture(scope="module")
def registry_store(plain_store, tmp_path_factory) -> Path:
    """The same articles plus the registrations, committed together as a refresh would."""
    from fetch import store
    path = tmp_path_factory.mktemp("registry") / "data"
    shutil.copytree(plain_store, path)
    store.commit(path, store.load_manifest(path), None, registrations_from_fixture())
    return path


@pytest.fixture(scope="module")
def articles(plain_store) -> pd.DataFrame:
    from fetch.store import load_articles
    return load_articles(plain_store)


@pytest.fixture(scope="module")
def registrations() -> pd.DataFrame:
    return registrations_from_fixture()


def app(monkeypatch, data_dir: Path, query: dict | None = None, tab: str | None = None) -> AppTest:
    monkeypatch.setenv("KEM_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(DASHBOARD), default_timeout=120)
    if query:
        at.query_params.update(query)
    at.run()
    if tab:
        at.session_state["tab"] = tab
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _row(**values) -> dict:
    """An article row with the columns the summaries read."""
    base = {"pmid": 1, "title": "t", "pub_year": 2024, "pub_date": None, "design": "rct",
            "conclusion": "positive", "human_clinical": True, "sample_size": 40,
            "sample_size_basis": "randomised", "conditions": ["depression"],
            "formulation": ["racemic_ketamine"], "route": ["intravenous"]}
    base.update(values)
    return base


# -- status groups ----------------------------------------------------------------------------
@pytest.mark.parametrize("status, group", [
    ("RECRUITING", "recruiting"), ("NOT_YET_RECRUITING", "recruiting"),
    ("ENROLLING_BY_INVITATION", "recruiting"), ("ACTIVE_NOT_RECRUITING", "active"),
    ("COMPLETED", "completed"), ("TERMINATED", "terminated or withdrawn"),
    ("WITHDRAWN", "terminated or withdrawn"), ("SUSPENDED", "terminated or withdrawn"),
    ("UNKNOWN", "unknown"), (None, "unknown"), ("AVAILABLE", "unknown")])
def test_status_groups(status, group):
    assert T.status_group(status) == group


def test_status_and_phase_counts_match_the_registrations(registrations):
    by_status = T.registrations_by_status(registrations)
    conds = T.registration_conditions(registrations)
    for (cond, group), count in by_status.set_index(["condition", "status_group"])["registrations"].items():
        expected = sum(1 for c, s in zip(conds, registrations["overall_status"])
                       if cond in (c or [S.NO_CONDITION]) and T.status_group(s) == group)
        assert count == expected, (cond, group)
    # the fixture's pain registrations: recruiting x2, unknown, suspended (with terminated)
    pain = by_status[by_status["condition"] == "pain"].set_index("status_group")["registrations"]
    assert pain["terminated or withdrawn"] >= 1 and pain["recruiting"] >= 2
    phases = T.registrations_by_phase(registrations, ("depression",))
    assert set(phases["condition"]) == {"depression"}
    assert phases["registrations"].sum() == sum(1 for c in conds if "depression" in c)
    assert T.phase_label(["PHASE1", "PHASE2"]) == "Phase 1/2"
    assert T.phase_label(["NA"]) == "Not applicable" and T.phase_label([]) == "Not given"


def test_enrollment_keeps_planned_and_actual_apart(registrations):
    table = T.enrollment_by_condition(registrations).set_index(["condition", "enrollment"])
    conds = T.registration_conditions(registrations)
    for kind, code in (("planned", "ESTIMATED"), ("actual", "ACTUAL")):
        counted = [int(n) for c, n, t in zip(conds, registrations["enrollment"],
                                            registrations["enrollment_type"])
                   if "depression" in c and t == code and not pd.isna(n)]
        assert table.loc[("depression", kind), "registrations"] == len(counted)
        assert table.loc[("depression", kind), "participants"] == sum(counted)
    assert table.loc[("depression", "planned"), "participants"] > 0  # both kinds present


# -- the publication gap ----------------------------------------------------------------------
def _registration(nct: str, status: str = "COMPLETED", completion: str | None = "2020-01",
                  linked: list[int] | None = None, references: list[int] | None = None) -> dict:
    return {"nct_id": nct, "title": f"Trial {nct}", "overall_status": status,
            "primary_completion_date": completion, "start_date": "2018-01", "sponsor": "Sponsor",
            "has_results": False, "mapped_conditions": ["pain"], "matched_conditions": ["pain"],
            "reference_pmids": references or [], "linked_pmids": linked or []}


def test_publication_gap_on_a_fixed_date():
    regs = pd.DataFrame([
        _registration("NCT00000001"),                                # in the gap
        _registration("NCT00000002", linked=[123]),                  # published (in the store)
        _registration("NCT00000003", references=[999]),              # published (elsewhere)
        _registration("NCT00000004", status="TERMINATED"),           # not completed
        _registration("NCT00000005", completion="2023-06"),          # 24 months to the end of June
        _registration("NCT00000006", completion="2023-06-10"),       # a day: 24 months on 2025-06-10
        _registration("NCT00000007", completion=None),               # no date: never guessed
        _registration("NCT00000008", completion="2022"),             # a year: from its end
    ])
    gap = T.publication_gap(regs, today=date(2025, 6, 30))
    assert gap["nct_id"].tolist() == ["NCT00000001", "NCT00000008", "NCT00000006"]
    assert gap.set_index("nct_id")["months_since"].to_dict() == {
        "NCT00000001": 65, "NCT00000008": 30, "NCT00000006": 24}
    assert gap["url"].iloc[0] == "https://clinicaltrials.gov/study/NCT00000001"
    later = T.publication_gap(regs, today=date(2025, 7, 1))
    assert "NCT00000005" in later["nct_id"].tolist()
    assert T.publication_gap(regs.iloc[0:0], today=date(2025, 7, 1)).empty


def test_linking_names_and_references(articles, registrations):
    linked = T.link_registrations(articles, registrations).set_index("nct_id")["linked_pmids"]
    stored = set(articles["pmid"].astype(int))
    for nct, refs in registrations.set_index("nct_id")["reference_pmids"].items():
        naming = {int(p) for p, ids, kind in zip(articles["pmid"], articles["registry_ids"],
                                                 articles["report_type"])
                  if nct in list(ids) and kind != "not_applicable"}
        assert set(linked[nct]) == ({int(r) for r in refs} & stored) | naming, nct
    assert set(linked["NCT04338321"]) >= set(PAIR)
    assert list(linked["NCT09900002"]) == []  # invented: nothing in the store names it


# -- trials vs publications -------------------------------------------------------------------
def test_trials_and_publications_counted_apart(articles):
    counts = T.publication_trial_counts(articles)
    assert counts["publications"] == len(articles)
    assert counts["trials"] == articles["trial_key"].nunique()
    assert counts["trials"] < counts["publications"]  # the snapshot has multi-report trials
    pair = articles[articles["pmid"].isin(PAIR)]
    assert pair["trial_key"].nunique() == 1
    both = T.publication_trial_counts(pair)
    assert (both["publications"], both["trials"], both["registered_trials"]) == (2, 1, 1)
    # a store labelled before trial keys: every publication its own trial
    old = articles.drop(columns=["trial_key"])
    assert T.publication_trial_counts(old)["trials"] == len(articles)
    per = T.condition_trial_counts(articles).set_index("condition")
    depression = articles[articles["conditions"].map(lambda c: "depression" in list(c))]
    assert per.loc["depression", "publications"] == len(depression)
    assert per.loc["depression", "trials"] == depression["trial_key"].nunique()


def test_trial_reports_primary_first(articles):
    reports = T.trial_reports(articles, PAIR[0])
    assert reports["pmid"].tolist() == [39923271, 38954874]
    assert reports["report_type"].iloc[0] == "primary"
    assert T.trial_reports(articles, 1)["pmid"].tolist() == []


def test_design_counted_once_per_trial():
    rows = pd.DataFrame([
        # one trial: primary RCT report, a secondary analysis labelled observational, a protocol
        _row(pmid=11, trial_key="NCT00000011", report_type="primary", design="rct"),
        _row(pmid=12, trial_key="NCT00000011", report_type="secondary_analysis",
             design="observational", conditions=["suicidality"]),
        _row(pmid=13, trial_key="NCT00000011", report_type="protocol", design="protocol",
             conclusion="not_applicable"),
        # no primary report: the most common design wins (observational 2 : 1 rct)
        _row(pmid=21, trial_key="NCT00000021", report_type="secondary_analysis", design="rct"),
        _row(pmid=22, trial_key="NCT00000021", report_type="secondary_analysis", design="observational"),
        _row(pmid=23, trial_key="NCT00000021", report_type="secondary_analysis", design="observational"),
        # a tie without a primary report: the stronger design (analysis.filters.DESIGNS order)
        _row(pmid=31, trial_key="NCT00000031", report_type="secondary_analysis", design="observational"),
        _row(pmid=32, trial_key="NCT00000031", report_type=None, design="rct"),
        # unregistered: its own trial
        _row(pmid=41, trial_key=None, report_type="primary", design="case_report"),
    ])
    trials = T.trial_frame(rows).set_index("trial_key")
    assert len(trials) == 4
    assert trials.loc["NCT00000011", "design"] == "rct"
    assert trials.loc["NCT00000011", "conditions"] == ["depression", "suicidality"]
    assert trials.loc["NCT00000011", "publications"] == 3
    assert trials.loc["NCT00000021", "design"] == "observational"
    assert trials.loc["NCT00000031", "design"] == "rct"
    assert trials.loc["pmid:41", "design"] == "case_report"
    view = T.trial_view(rows)
    emap = view["trial_evidence_map"].set_index(["condition", "design"])["studies"]
    assert emap[("depression", "rct")] == 2 and emap[("depression", "observational")] == 1
    assert emap[("suicidality", "rct")] == 1  # the trial counts in every condition it has
    assert S.evidence_map(S.condition_long(rows)).set_index(["condition", "design"])[
        "studies"][("depression", "rct")] == 3  # publications: three RCT reports
    assert view["trial_counts"]["trials"] == 4 and view["trial_counts"]["publications"] == 9


def test_registry_links():
    assert T.registry_url("NCT04338321") == "https://clinicaltrials.gov/study/NCT04338321"
    assert T.registry_url("ISRCTN12345678") == "https://www.isrctn.com/ISRCTN12345678"
    assert T.registry_url("EUCTR2015-001234-56").endswith("query=2015-001234-56")
    assert T.registry_url("ChiCTR2100045678") == \
        "https://trialsearch.who.int/Trial2.aspx?TrialID=ChiCTR2100045678"


def test_filter_and_export_of_registrations(registrations):
    pain = T.filter_registrations(registrations, Filters.create(conditions=["pain"]))
    assert set(pain["nct_id"]) == {n for n, c in zip(registrations["nct_id"],
                                                     T.registration_conditions(registrations))
                                   if "pain" in c}
    found = T.filter_registrations(registrations, Filters.create(search="janssen"))
    assert len(found) == sum("Janssen" in (s or "") for s in registrations["sponsor"])
    from analysis import export as E
    frame = T.registrations_export(pain)
    back = pd.read_csv(io.BytesIO(E.export_bytes(frame, "csv", [])), encoding="utf-8-sig")
    assert back.columns[0] == "nct_id" and back["nct_id"].tolist() == pain["nct_id"].tolist()
    assert json.loads(back["phases"].iloc[0]) == list(pain["phases"].iloc[0])  # lists as JSON
    parquet = pd.read_parquet(io.BytesIO(E.export_bytes(frame, "parquet", [])))
    assert parquet["nct_id"].tolist() == pain["nct_id"].tolist()
    rows = T.registrations_provenance({}, Filters.create(conditions=["pain"]), len(frame))
    workbook = pd.read_excel(io.BytesIO(E.export_bytes(frame, "xlsx", rows, sheet="registrations")),
                             sheet_name=None)
    assert workbook["registrations"]["nct_id"].tolist() == pain["nct_id"].tolist()
    assert "conditions: Pain" in workbook["provenance"]["value"].tolist()
    assert T.registrations_file_name("csv", Filters.create(conditions=["pain"]), "20250101") == \
        "ketamine-registrations-pain-20250101.csv"


# -- the page ---------------------------------------------------------------------------------
def test_tab_explains_a_store_without_registrations(monkeypatch, plain_store):
    at = app(monkeypatch, plain_store, tab="Registered trials")
    info = " ".join(i.value for i in at.info)
    assert "This store has no ClinicalTrials.gov data" in info
    assert "python -m fetch refresh --source ctgov" in info
    assert not at.get("vega_lite_chart")  # no empty charts


def test_tab_with_registrations(monkeypatch, registry_store, registrations, articles):
    at = app(monkeypatch, registry_store, tab="Registered trials")
    assert f"**{len(registrations):,} registrations**" in " ".join(m.value for m in at.markdown)
    specs = [c for c in at.get("vega_lite_chart")]
    assert len(specs) == 3  # status, phase, enrollment
    gap = next(d.value for d in at.dataframe)
    linked = T.link_registrations(articles, registrations)
    expected = T.publication_gap(linked)
    assert sorted(gap["url"].str.rsplit("/", n=1).str[-1]) == sorted(expected["nct_id"])
    assert len(expected) >= 1  # the fixture's invented NCT09900002 completed in 2022, unpublished
    assert len([b for b in at.get("download_button")]) == 3
    at.toggle(key="chart_tables").set_value(True).run()
    tables = [d.value for d in at.dataframe]
    status = next(t for t in tables if "Completed" in t.columns)
    assert status.drop(columns=["Condition"]).to_numpy().sum() == sum(
        max(len(c), 1) for c in T.registration_conditions(registrations))


def test_tab_follows_the_condition_filter(monkeypatch, registry_store, registrations):
    at = app(monkeypatch, registry_store, query={"condition": "pain"}, tab="Registered trials")
    pain = sum("pain" in c for c in T.registration_conditions(registrations))
    assert f"**{pain:,} registrations**" in " ".join(m.value for m in at.markdown)


def test_headline_counts_trials_and_publications_apart(monkeypatch, registry_store, articles):
    at = app(monkeypatch, registry_store)
    shown = articles[~articles["retracted"].astype(bool)]
    got = metrics(at)
    assert got["Publications"] == f"{len(shown):,}"
    assert got["Trials"] == f"{shown['trial_key'].nunique():,}"
    assert got["Trials"] != got["Publications"]


def test_count_trials_once_toggle_and_url(monkeypatch, registry_store, articles):
    at = app(monkeypatch, registry_store)
    assert at.toggle(key="count_trials").value  # on by default
    body = " ".join(m.value for m in at.markdown)
    assert "**Trials by design**" in body
    at.toggle(key="count_trials").set_value(False).run()
    assert "**Studies by design**" in " ".join(m.value for m in at.markdown)
    assert at.query_params.get("count") in ("publications", ["publications"])
    at.session_state["tab"] = "Explorer"  # the overview closed: the switch is not drawn
    at.run()
    at.session_state["tab"] = "Overview"
    at.run()
    assert not at.toggle(key="count_trials").value  # ... and comes back as it was left
    assert at.query_params.get("count") in ("publications", ["publications"])
    again = app(monkeypatch, registry_store, query={"count": "publications"})
    assert not again.toggle(key="count_trials").value


def test_explorer_shows_the_trial_together(monkeypatch, registry_store):
    at = app(monkeypatch, registry_store, query={"study": str(PAIR[0])})
    body = "\n".join(m.value for m in at.markdown)
    assert "(https://clinicaltrials.gov/study/NCT04338321)" in body
    assert "2 publications of this trial" in body
    first, second = body.index(f"PMID {PAIR[1]}"), body.index(f"PMID {PAIR[0]}]")
    assert first < second  # the primary report first
    assert "**Primary report**" in body and "**Secondary analysis**" in body


def test_disagreeing_primary_reports_take_their_most_common_design():
    rows = pd.DataFrame([  # the snapshot's UMIN000033916: three reports labelled primary
        _row(pmid=38971895, trial_key="UMIN000033916", report_type="primary",
             design="nonrandomised_trial", conclusion="not_applicable"),
        _row(pmid=39028544, trial_key="UMIN000033916", report_type="primary", design="rct"),
        _row(pmid=39889566, trial_key="UMIN000033916", report_type="primary", design="rct"),
        _row(pmid=39000000, trial_key="UMIN000033916", report_type="secondary_analysis",
             design="observational"),
        _row(pmid=39000001, trial_key="UMIN000033916", report_type="secondary_analysis",
             design="observational"),
        _row(pmid=39000002, trial_key="UMIN000033916", report_type="secondary_analysis",
             design="observational"),
    ])
    trial = T.trial_frame(rows).iloc[0]
    assert (trial["design"], trial["pmid"], trial["conclusion"]) == ("rct", 39028544, "positive")

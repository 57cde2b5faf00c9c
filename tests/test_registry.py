"""Trial registration numbers, report types and trial grouping (issue 15), on real PubMed text.

Sentences quoted below are verbatim from the shared corpus of real PubMed records (PMID given);
whole records come from the corpus fixture (tests/fixtures/corpus_slice.jsonl), the DataBankList
from the real EFetch sample pubmed-29768149.xml.
"""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis.columns import LABEL_COLUMNS, LIST_LABEL_COLUMNS
from analysis.labels import label_articles, label_text
from analysis.registry import (background_ids, ids_in_databank, ids_in_text, is_registry_id,
                               label_registry_ids, registry_of)
from analysis.report_type import label_report_type, secondary_cue
from analysis.text import build_doc
from analysis.trial_summary import publication_trial_counts, trial_frame, trial_reports
from analysis.trials import assign_trial_keys, link_registrations, refresh_trial_keys
from fetch import store
from fetch.parse import parse_pubmed_xml
from tests.pubmed_material import XML_DIR, corpus_rows

NEJM_SAMPLE = XML_DIR / "pubmed-29768149.xml"


def _corpus(*pmids: int) -> pd.DataFrame:
    """The corpus records with these PMIDs, as an article frame (fails if the fixture lacks one)."""
    rows = {int(r["pmid"]): r for r in corpus_rows()}
    missing = [p for p in pmids if p not in rows]
    assert not missing, f"corpus fixture lacks {missing}"
    return pd.DataFrame([{"pmid": p, "title": rows[p]["title"], "abstract": rows[p]["abstract"],
                          "pub_year": int(rows[p]["year"])} for p in pmids])


# -- DataBankList: parser, store, label ----------------------------------------------------------

@pytest.mark.skipif(not NEJM_SAMPLE.is_file(), reason=f"EFetch sample {NEJM_SAMPLE} not found")
def test_databank_list_of_the_real_sample_is_parsed() -> None:
    (record,) = parse_pubmed_xml(NEJM_SAMPLE)
    assert record["databank_accessions"] == ["ClinicalTrials.gov:NCT02149199"]
    others = [r for path in XML_DIR.glob("pubmed*.xml") if path != NEJM_SAMPLE
              for r in parse_pubmed_xml(path)]
    assert others and all(r["databank_accessions"] == [] for r in others)  # no DataBankList there


@pytest.mark.skipif(not NEJM_SAMPLE.is_file(), reason=f"EFetch sample {NEJM_SAMPLE} not found")
def test_several_banks_and_accessions_are_kept_and_only_registries_become_ids() -> None:
    old = b"</DataBank>\n\t\t\t\t</DataBankList>"
    data = NEJM_SAMPLE.read_bytes()
    assert data.count(old) == 1
    data = data.replace(old, b"</DataBank><DataBank><DataBankName>ISRCTN</DataBankName><AccessionNumberList>"
                             b"<AccessionNumber>ISRCTN12345678</AccessionNumber></AccessionNumberList></DataBank>"
                             b"<DataBank><DataBankName>GENBANK</DataBankName><AccessionNumberList>"
                             b"<AccessionNumber>AB123456</AccessionNumber><AccessionNumber>KCT0001234</AccessionNumber>"
                             b"</AccessionNumberList></DataBank></DataBankList>")
    (record,) = parse_pubmed_xml(data)
    assert record["databank_accessions"] == ["ClinicalTrials.gov:NCT02149199", "ISRCTN:ISRCTN12345678",
                                             "GENBANK:AB123456", "GENBANK:KCT0001234"]
    # a GenBank accession is never a registration, whatever it looks like
    assert ids_in_databank(record["databank_accessions"]) == [
        ("NCT02149199", "DataBank: ClinicalTrials.gov NCT02149199"), ("ISRCTN12345678", "DataBank: ISRCTN ISRCTN12345678")]
    assert ids_in_databank(["EudraCT:2015-001234-56", "ANZCTR:ACTRN12615000123456", "JPRN:UMIN000012345"]) == [
        ("EUCTR2015-001234-56", "DataBank: EudraCT 2015-001234-56"),
        ("ACTRN12615000123456", "DataBank: ANZCTR ACTRN12615000123456"),
        ("UMIN000012345", "DataBank: JPRN UMIN000012345")]


@pytest.mark.skipif(not NEJM_SAMPLE.is_file(), reason=f"EFetch sample {NEJM_SAMPLE} not found")
def test_label_articles_reads_the_databank_column() -> None:
    (record,) = parse_pubmed_xml(NEJM_SAMPLE)
    out = label_articles(pd.DataFrame([record])).iloc[0]
    assert out["registry_ids"] == ["NCT02149199"]  # DataBank and "ClinicalTrials.gov number, NCT02149199 ." agree
    assert out["registry_ids_evidence"] == "DataBank: ClinicalTrials.gov NCT02149199"
    assert out["trial_key"] == "NCT02149199"
    assert out["report_type"] == "primary"  # the SYGMA 1 trial's own report
    without = label_articles(pd.DataFrame([dict(record, databank_accessions=[])])).iloc[0]
    assert without["registry_ids"] == ["NCT02149199"]  # still read from the abstract
    assert without["registry_ids_evidence"].endswith("SYGMA 1 ClinicalTrials.gov number, NCT02149199 .).")


def test_a_store_written_before_the_column_loads_with_it_empty(tmp_path) -> None:
    record = dict(store.empty_articles().iloc[0:0].to_dict("list"))  # columns only
    frame = pd.DataFrame([{**{k: None for k in record}, "pmid": 1, "title": "t", "authors": [], "language": [],
                           "mesh_terms": [], "mesh_major_terms": [], "mesh_headings": [], "publication_types": [],
                           "keywords": [], "databank_accessions": ["ClinicalTrials.gov:NCT02149199"],
                           "retraction_signals": [], "matched_conditions": []}])
    manifest = store.commit(tmp_path, {"runs": []}, frame)
    path = tmp_path / manifest["articles_file"]
    table = pq.read_table(path)
    pq.write_table(table.drop(["databank_accessions"]), path)  # as an older program wrote it
    loaded = store.load_articles(tmp_path)
    assert loaded["databank_accessions"].tolist() == [[]]
    assert store.upsert(loaded, [], "2026-01-01T00:00:00Z")[0]["databank_accessions"].tolist() == [[]]


# -- registration numbers in text -----------------------------------------------------------------

@pytest.mark.parametrize("pmid, sentence, expected", [
    # the registry named is wrong, the number decides
    (36346322, "ClinicalTrials.gov IDs: ACTRN12619001723178 and ACTRN12619001450101.",
     ["ACTRN12619001723178", "ACTRN12619001450101"]),
    (37414272, "A study to evaluate the efficacy and safety of Esketamine combined with oral antidepressants in the "
               "treatment of major depressive disorder with suicidal ideation; http://www.chictr.org.cn; ChiCTR2000041232.",
     ["ChiCTR2000041232"]),
    (37997749, "Clinicaltrials.gov identifier: NCT02543983, NCT00397111.", ["NCT02543983", "NCT00397111"]),
    (38272875, "Clinical Trials Registration: https://www.clinicaltrialsregister.eu/ctr-search/trial/2013-000952-17/CZ "
               "Registration number: EudraCT Number: 2013-000952-17.", ["EUCTR2013-000952-17"]),
    (38279085, "EudraCT 2022-002369-14 and NCT06160232.", ["EUCTR2022-002369-14", "NCT06160232"]),
    (38287453, "Trial registration Data were derived from an open label clinical trial, which was registered at "
               "Chinese Clinical Trial Registry (ChiCTR-OOC-17012239).", ["ChiCTR-OOC-17012239"]),
    # ANZCTR's "p" (prospective) suffix dropped; the WHO UTN is not a registration
    (38692731, "UTN: U1111-1294-9310, ACTRN12623000817640p.", ["ACTRN12623000817640"]),
    (38714931, "IRCT registration number: IRCT20210806052096N1; IRCT URL: https://www.irct.ir/trial/62243 ; "
               "Ethical code: IR.ZUMS.REC.1400.150; Registration date: 2022-04-09.", ["IRCT20210806052096N1"]),
    (38901389, "Registered trial at: https://ensaiosclinicos.gov.br/rg/RBR-1072m6nv.", ["RBR-1072m6nv"]),
    (38971895, "Clinical trials registration: UMIN Clinical Trials Registry (UMIN-CTR): Registration number: "
               "UMIN000016985 and UMIN000033916.", ["UMIN000016985", "UMIN000033916"]),
    (39695323, "The trial is registered on clinicaltrials.gov (Identifier: NCT03715127) and KOFAM (Identifier: "
               "SNCTP000003139).", ["NCT03715127", "SNCTP000003139"]),
    (40311814, "This exploratory study analyzed data from a double-blind randomized clinical trial with an open-label "
               "extension study (jRCTs031210124).", ["jRCTs031210124"]),
    (40641116, "EudraCT no. 2021-000805-26.", ["EUCTR2021-000805-26"]),
    (38349737, "ClinicalTrials.gov NCT05833074; htps://www.clinicaltrials.gov/study/NCT05833074.", ["NCT05833074"]),
    (40247293, "IRCT20211214053411N1.", ["IRCT20211214053411N1"]),
    # a review's PROSPERO registration is not a trial registration
    (38744161, "This study was registered on PROSPERO (CRD42023476740).", []),
])
def test_numbers_in_real_sentences(pmid: int, sentence: str, expected: list[str]) -> None:
    assert ids_in_text(sentence) == expected, pmid
    assert all(is_registry_id(i) for i in expected)


@pytest.mark.parametrize("text, expected", [
    ("NCT 0123 4567", ["NCT01234567"]), ("NCT-01234567", ["NCT01234567"]),
    ("ClinicalTrials.gov identifier: NCT01234567", ["NCT01234567"]), ("ISRCTN 12345678", ["ISRCTN12345678"]),
    ("ChiCTR-IOR-15006937", ["ChiCTR-IOR-15006937"]), ("CTRI/2020/01/022032", ["CTRI/2020/01/022032"]),
    ("CTRI/2009/091/000123", ["CTRI/2009/091/000123"]), ("DRKS00012345", ["DRKS00012345"]),
    ("JPRN-UMIN000012345", ["UMIN000012345"]), ("jRCT2031190001", ["jRCT2031190001"]),
    ("Netherlands Trial Register NTR5423", ["NTR5423"]), ("Trial registration: NL7502.", ["NL7502"]),
    ("PACTR201801002961185", ["PACTR201801002961185"]), ("RBR-7b5f9v", ["RBR-7b5f9v"]),
    ("TCTR20200101001", ["TCTR20200101001"]), ("KCT0001234", ["KCT0001234"]),
    ("EU CT number 2023-501234-12-00", ["CTIS2023-501234-12-00"]),
])
def test_spellings_are_tolerated_and_normalised(text: str, expected: list[str]) -> None:
    assert ids_in_text(text) == expected
    assert [registry_of(i) for i in expected] != [None]


@pytest.mark.parametrize("text", [
    "NCT1234", "NCT 123 4567", "NCT012345678", "NCT0123456", "ISRCTN1234567", "ACTRN1262300081764",
    "ChiCTR210004567", "UMIN00003391", "IRCT20210806052096", "DRKS0001234", "KCT001234", "TCTR2020010100",
    "2021-000805-26",                     # a EudraCT-shaped number with no register named
    "NTR1234 receptors",                  # NTR without the Netherlands register
    "CCMO NL12345.078.15 Netherlands",    # a Dutch ethics approval number, not a registration
    "CRD42023476740", "U1111-1294-9310",
])
def test_malformed_or_other_numbers_are_not_taken(text: str) -> None:
    assert ids_in_text(text) == []


def test_canonical_format_check() -> None:
    assert registry_of("NCT01234567") == "ClinicalTrials.gov"
    assert registry_of("EUCTR2015-001234-56") == "EudraCT"
    assert registry_of("ChiCTR2100045678") == "ChiCTR"
    for bad in ("NCT1234", "nct01234567", "EUCTR2015-01234-56", "ACTRN1262000012345", "ISRCTN"):
        assert registry_of(bad) is None and not is_registry_id(bad)


# PMID 38264632 (a protocol), title and the start of its abstract, verbatim.
PROTOCOL_TITLE = ("Safety, feasibility, tolerability, and clinical effects of repeated psilocybin dosing combined with "
                  "non-directive support in the treatment of obsessive-compulsive disorder: protocol for a randomized, "
                  "waitlist-controlled trial with blinded ratings.")
PROTOCOL_ABSTRACT = (
    "BACKGROUND: To date, few randomized controlled trials of psilocybin with non-directive support exist for "
    "obsessive-compulsive disorder (OCD). Results and participant feedback from an interim analysis of an ongoing "
    "single-dose trial (NCT03356483) converged on the possibility of administering a higher fixed dose and/or more "
    "doses of psilocybin in future trials for presumably greater benefits. OBJECTIVES: This trial aims to evaluate the "
    "safety, feasibility, tolerability, and clinical effects of two doses of psilocybin paired with non-directive "
    "support in the treatment of OCD.")


def test_another_trial_cited_in_a_protocols_background_is_not_its_registration() -> None:
    doc = build_doc(PROTOCOL_TITLE, PROTOCOL_ABSTRACT)
    assert background_ids(doc) == {"NCT03356483"}
    assert label_registry_ids(doc, report_type="protocol") == ([], "")
    labels = label_text(PROTOCOL_TITLE, PROTOCOL_ABSTRACT)
    assert (labels["report_type"], labels["registry_ids"]) == ("protocol", [])
    # an analysis of that trial would keep it: its background names the trial it analyses
    assert label_registry_ids(doc, report_type="secondary_analysis")[0] == ["NCT03356483"]
    # ... and a registration statement is never background
    doc = build_doc(PROTOCOL_TITLE, PROTOCOL_ABSTRACT.replace("single-dose trial (NCT03356483)",
                                                              "single-dose trial (registered as NCT03356483)"))
    assert background_ids(doc) == set()


# -- report type ------------------------------------------------------------------------------

@pytest.mark.parametrize("pmid, title, sentence", [
    (38834540, "Functional changes in sleep-related arousal after ketamine administration in individuals with "
               "treatment-resistant depression.",
     "This was a secondary analysis of a biomarker-focused, randomized, double-blind, crossover trial of ketamine "
     "(0.5 mg/kg) compared to saline placebo."),
    (38557430, "Effects of esketamine nasal spray on depressive symptom severity in adults with treatment-resistant "
               "depression.",
     "Data from TRANSFORM-1 and TRANSFORM-2 (two similarly designed, randomized, active-controlled TRD studies) and "
     "SUSTAIN-1 (relapse prevention study) were analyzed."),
    (38573154, "Acute Dissociation and Ketamine's Antidepressant and Anti-Suicidal Ideation Effects in a "
               "Midazolam-Controlled Trial.",
     "Data from a completed trial in suicidal, depressed participants (n = 40) randomly assigned to ketamine was used "
     "to examine relationships between ketamine treatment-emergent dissociative and psychotomimetic symptoms with "
     "pre/post-infusion changes in suicidal ideation."),
    (38954874, "Safety and tolerability of esketamine nasal spray versus quetiapine extended release in patients with "
               "treatment resistant depression.",
     "In this secondary publication, safety analyses (comprising patients who received ≥1 dose of study treatment) "
     "included incidence, severity and durations (Kaplan‑Meier method) of TEAEs, and subsequent dispositional changes."),
    (38326432, "Psilocybin-induced changes in neural reactivity to alcohol and emotional cues in patients with alcohol "
               "use disorder: an fMRI pilot study.",
     "Participants were recruited from a phase II, randomized, double-blind, placebo-controlled clinical trial "
     "investigating psilocybin-assisted therapy (PAT) for the treatment of AUD (NCT02061293)."),
])
def test_secondary_analysis_cues_in_real_sentences(pmid: int, title: str, sentence: str) -> None:
    doc = build_doc(title, "METHODS: " + sentence + " RESULTS: Not reported here.")
    assert secondary_cue(doc) == sentence, pmid
    assert label_report_type(doc, "other", "", "human") == ("secondary_analysis", sentence)


def test_secondary_cue_in_the_title() -> None:
    title = ("Factors Associated with Antidepressant Effects of Ketamine: A Reanalysis of Double-Blind Randomized "
             "Placebo-Controlled Trial of Intravenous Ketamine for Treatment-Resistant Depression.")  # PMID 37846462
    assert label_report_type(build_doc(title, ""), "other", "") == ("secondary_analysis", title)


@pytest.mark.parametrize("pmid, sentence", [
    # a trial's own extra analyses, in its results or as a limitation: still the main report
    (38522166, "RESULTS: In exploratory analysis, baseline leukocyte count correlated with response to KET01 "
               "(p = 00.01)."),
    (38382162, "METHODS: Secondary analyses tested associations between CUD treatment and MCL or recreational cannabis "
               "laws (RCL)."),
    (40482648, "CONCLUSIONS: The findings of this exploratory study support further investigation of LSD-assisted "
               "therapy in depression in a larger phase 3 trial."),
])
def test_a_trials_own_exploratory_analyses_do_not_make_it_secondary(pmid: int, sentence: str) -> None:
    doc = build_doc("A trial.", sentence)
    assert secondary_cue(doc) is None, pmid
    assert label_report_type(doc, "rct", "a trial")[0] == "primary"


def test_reviews_preclinical_and_protocols() -> None:
    doc = build_doc(PROTOCOL_TITLE, PROTOCOL_ABSTRACT)
    assert label_report_type(doc, "systematic_review", "ev") == ("not_applicable", "ev")
    assert label_report_type(doc, "rct", "ev", "animal", "rats") == ("not_applicable", "rats")
    assert label_report_type(doc, "protocol", PROTOCOL_TITLE) == ("protocol", PROTOCOL_TITLE)
    # PMID 38916891: a secondary analysis whose methods mention "the trial protocol"
    title = "Ketamine vs Electroconvulsive Therapy for Treatment-Resistant Depression: A Secondary Analysis of a Randomized Clinical Trial."
    assert label_report_type(build_doc(title, ""), "protocol", "x") == ("secondary_analysis", title)
    # a case report is the first report of its own case
    assert label_report_type(build_doc("A case.", ""), "case_report", "ev") == ("primary", "ev")


# -- trials: real pairs from the corpus ----------------------------------------------------------

# (primary report, its secondary analysis) sharing a registration number, and a registered trial alone.
ESCAPE_TRD = (39923271, 38954874)          # NCT04338321
NIMH_BIOMARKER = (39955416, 38834540)      # NCT00088699 (the first names NCT01204918 too)
CHINESE_OPEN_LABEL = (39792340, 38287453)  # ChiCTR-OOC-17012239
UMIN_TRIALS = (39889566, 39028544, 38971895)  # UMIN000033916; the other two name a second UMIN trial
ALONE = 38479192                           # NCT03156504


@pytest.fixture(scope="module")
def trials() -> pd.DataFrame:
    frame = _corpus(*ESCAPE_TRD, *NIMH_BIOMARKER, *CHINESE_OPEN_LABEL, *UMIN_TRIALS, ALONE)
    return label_articles(frame).set_index("pmid", drop=False)


def test_real_primary_and_secondary_reports_are_one_trial(trials: pd.DataFrame) -> None:
    keys = trials["trial_key"]
    assert keys[ESCAPE_TRD[0]] == keys[ESCAPE_TRD[1]] == "NCT04338321"
    assert keys[NIMH_BIOMARKER[0]] == keys[NIMH_BIOMARKER[1]] == "NCT00088699"
    assert keys[CHINESE_OPEN_LABEL[0]] == keys[CHINESE_OPEN_LABEL[1]] == "ChiCTR-OOC-17012239"
    assert {keys[p] for p in UMIN_TRIALS} == {"UMIN000033916"}
    assert keys[ALONE] == "NCT03156504"
    counts = publication_trial_counts(trials)
    assert (counts["publications"], counts["trials"]) == (10, 5)
    assert trials.loc[ESCAPE_TRD[1], "report_type"] == "secondary_analysis"
    assert trials.loc[NIMH_BIOMARKER[1], "report_type"] == "secondary_analysis"


def test_a_trials_reports_are_listed_primary_first(trials: pd.DataFrame) -> None:
    reports = trial_reports(trials.reset_index(drop=True), 38954874)
    assert reports["pmid"].tolist() == [39923271, 38954874]  # primary report, then the 2024 secondary one
    assert reports["report_type"].tolist() == ["primary", "secondary_analysis"]
    assert trial_reports(trials.reset_index(drop=True), 1).empty
    one = trial_frame(trials.reset_index(drop=True))
    assert len(one) == 5 and 38954874 not in set(one["pmid"]) and 39923271 in set(one["pmid"])
    assert dict(zip(one["trial_key"], one["publications"]))["UMIN000033916"] == 3


def _frame(rows: list[tuple[int, list[str], str]]) -> pd.DataFrame:
    return pd.DataFrame([{"pmid": p, "registry_ids": ids, "report_type": rt} for p, ids, rt in rows])


def test_union_find_merges_shared_numbers_across_registries() -> None:
    frame = _frame([(38279085, ["EUCTR2022-002369-14", "NCT06160232"], "protocol"),
                    (1, ["EUCTR2022-002369-14"], "primary"),
                    (2, ["NCT06160232"], "secondary_analysis"),
                    (3, [], "primary")])
    assert assign_trial_keys(frame).tolist() == ["NCT06160232"] * 3 + ["pmid:3"]
    # without the publication naming both, the EudraCT-only report stays apart (no guessing)
    assert assign_trial_keys(frame.iloc[1:]).tolist() == ["EUCTR2022-002369-14", "NCT06160232", "pmid:3"]


def test_a_pooled_analysis_does_not_merge_the_trials_it_pools() -> None:
    # PMID 38557430 pools TRANSFORM-1, TRANSFORM-2 and SUSTAIN-1
    frame = _frame([(38557430, ["NCT02417064", "NCT02418585", "NCT02493868"], "secondary_analysis"),
                    (1, ["NCT02418585"], "primary"), (2, ["NCT02417064"], "primary"), (3, ["NCT02418585"], "secondary_analysis")])
    keys = assign_trial_keys(frame).tolist()
    assert keys == ["NCT02418585", "NCT02418585", "NCT02417064", "NCT02418585"]  # joins the most reported one
    counts = publication_trial_counts(frame.assign(trial_key=keys))
    assert (counts["publications"], counts["trials"]) == (4, 2)


def test_reviews_never_join_a_trial_and_rows_without_pmid_get_no_key() -> None:
    # PMID 40484114, a systematic review naming the trials it includes (NCT04716335 is PMID 39774840's)
    frame = _frame([(40484114, ["NCT04711915", "NCT04673383", "NCT05573568", "NCT04716335"], "not_applicable"),
                    (39774840, ["NCT04716335"], "primary")])
    assert assign_trial_keys(frame).tolist() == ["pmid:40484114", "NCT04716335"]
    no_pmid = pd.DataFrame({"registry_ids": [[], ["NCT04716335"]]})
    keys = assign_trial_keys(no_pmid)
    assert keys.isna().tolist() == [True, False] and keys.dtype == "string"
    assert assign_trial_keys(pd.DataFrame({"pmid": [5]})).tolist() == ["pmid:5"]


def test_link_registrations_both_ways() -> None:
    articles = _frame([(39923271, ["NCT04338321"], "primary"),
                       (38954874, ["NCT04338321", "EUCTR2019-002992-33"], "secondary_analysis"),
                       (40484114, ["NCT04716335"], "not_applicable"),   # a review naming the trial
                       (39774840, ["NCT05999999"], "primary"),          # registration not fetched
                       (39898892, [], "secondary_analysis")])           # listed only by the registration
    registrations = pd.DataFrame({"nct_id": ["NCT04338321", "NCT04716335", "NCT00000001"],
                                  "reference_pmids": [[39898892, 11111111], [], [39923271]]})
    linked_articles, linked_registrations = link_registrations(articles, registrations)
    assert linked_registrations["linked_pmids"].tolist() == [[38954874, 39898892, 39923271], [], [39923271]]
    assert linked_articles["linked_nct_ids"].tolist() == [["NCT00000001", "NCT04338321"], ["NCT04338321"], [], [], ["NCT04338321"]]
    assert "linked_pmids" not in registrations and "linked_nct_ids" not in articles  # inputs untouched
    empty_articles, empty_registrations = link_registrations(articles, pd.DataFrame(columns=["nct_id", "reference_pmids"]))
    assert empty_registrations.empty and "linked_pmids" in empty_registrations
    assert empty_articles["linked_nct_ids"].tolist() == [[]] * 5


def test_label_columns_are_declared() -> None:
    for name in ("registry_ids", "registry_ids_evidence", "report_type", "report_type_evidence", "trial_key"):
        assert name in LABEL_COLUMNS
    assert "registry_ids" in LIST_LABEL_COLUMNS
    out = label_articles(pd.DataFrame([{"pmid": 7, "title": "Ketamine for depression.", "abstract": ""}]))
    assert out["registry_ids"].tolist() == [[]] and out["trial_key"].tolist() == ["pmid:7"]
    assert out["report_type"].tolist() == ["primary"]


def test_keys_are_recomputed_over_the_whole_table_after_a_partial_relabel() -> None:
    # an incremental refresh labels only the new secondary analysis; the earlier report's key must follow
    earlier = _frame([(39923271, ["NCT04338321"], "primary"), (1, ["EUCTR2019-002992-33"], "primary")])
    earlier["trial_key"] = assign_trial_keys(earlier)
    new = _frame([(38954874, ["NCT04338321", "EUCTR2019-002992-33"], "secondary_analysis")])
    new["trial_key"] = assign_trial_keys(new)
    table = pd.concat([earlier, new], ignore_index=True)
    assert table["trial_key"].tolist() == ["NCT04338321", "EUCTR2019-002992-33", "NCT04338321"]
    assert refresh_trial_keys(table)["trial_key"].tolist() == ["NCT04338321"] * 3
    unlabelled = pd.DataFrame({"pmid": [1]})
    assert refresh_trial_keys(unlabelled) is unlabelled


def test_an_incremental_refresh_moves_an_earlier_report_into_the_trial_a_new_report_bridges() -> None:
    # constructed records: the store's relabel path (fetch.refresh.relabel) labels only the new one
    from fetch.refresh import relabel
    from fetch.schema import ARTICLE_COLUMNS, empty_record

    def record(pmid: int, title: str, abstract: str) -> dict:
        rec = empty_record(pmid)
        rec.update(title=title, abstract=abstract)
        return rec

    earlier = record(1, "Esketamine nasal spray for treatment-resistant depression: a randomised trial",
                     "Trial registration: EudraCT 2019-002992-33.")
    bridge = record(2, "Esketamine for treatment-resistant depression: a secondary analysis of a randomised trial",
                    "Trial registration: ClinicalTrials.gov NCT04338321; EudraCT 2019-002992-33.")
    stored = label_articles(pd.DataFrame([earlier], columns=list(ARTICLE_COLUMNS)))
    assert stored["trial_key"].tolist() == ["EUCTR2019-002992-33"]
    merged = pd.concat([stored, pd.DataFrame([bridge])], ignore_index=True)
    out = relabel(merged, changed={2}, relabel_all=False, label=label_articles)
    assert out["trial_key"].tolist() == ["NCT04338321", "NCT04338321"]
    # and a removal splits them again without relabelling anything
    assert relabel(out.iloc[:1], changed=set(), relabel_all=False, label=label_articles)["trial_key"].tolist() \
        == ["EUCTR2019-002992-33"]

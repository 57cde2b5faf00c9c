"""The Outcomes view: analysis.outcome_summary on real corpus sentences (which findings count,
conditions, log-axis flag, pairing of arms), and the Outcomes tab under streamlit.testing
(AppTest) on a store of labelled corpus records: it renders, obeys the sidebar filters, its
tables show the numbers counted directly from the stored findings, the study view lists the
findings, and a store without findings (or no matching study) says why the tab is empty."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import outcome_summary as O
from tests.test_dashboard_app import DASHBOARD, app, build_store, no_errors, open_tab, visible

# Real sentences of corpus abstracts (tests/fixtures/corpus_slice.jsonl), by PMID.
RATES_37414272 = ("The rates of antisuicidal and antidepressant responses at 4 weeks posttreatment "
                  "were 69.2% and 61.5% after esketamine, and were 52.5% and 52.5% after midazolam, "
                  "respectively.")
SMD_38492442 = ("The esketamine group demonstrated a significant reduction in postoperative "
                "depression scores within one week after surgery (SMD -0.47, 95% CI (-0.66, -0.27), "
                "P < 0.001) and over the long term (SMD -0.44, 95% CI (-0.79, -0.09), P = 0.01).")
RR_39522447 = ("Intranasal esketamine exhibited significantly higher remission rates compared to "
               "the placebo (RR = 1.371, 95% CI: 1.194 to 1.574, p < 0.0001).")
OR_37776285 = ("More dry mouth (n = 2, OR 5.85 [95% CI 1.32 to 25.95]), dizziness (n = 2, OR 3.83 "
               "[95% CI 1.28 to 11.41]), and blurred vision (n = 2, OR 7.57 [1.00 to 57.10]) "
               "occurred with ketamine than control therapy.")
NO_DIFF_37949235 = ("Lithium did not differ significantly from intravenous racemic ketamine in "
                    "efficacy, tolerability and acceptability.")
DOSES_38293803 = ("Overall, 14/25 patients (56%) were responders (⩾50% reduction at 24 h compared "
                  "with baseline) for either ketamine dose for the Hospital Anxiety and Depression "
                  "Scale (HADS), and 18/25 (72%) were responders for the HADS-anxiety scale.")


def finding(sentence: str, domain: str, favours: str, comparison: str | None = "ketamine vs placebo",
            outcome: str = "depression scores", timepoint: str | None = None) -> dict:
    direction = {"ketamine": "significantly decreased", "comparator": "significantly increased",
                 "neither": "no significant difference"}[favours]
    return {"outcome": outcome, "domain": domain, "instrument": None, "comparison": comparison,
            "direction": direction, "favours": favours, "timepoint": timepoint,
            "timepoint_hours": None, "p_value": None, "effect": None, "sentence": sentence}


def study(pmid: int, conditions: list[str], findings=(), comparator: str = "placebo",
          human: bool = True, response=(), remission=(), effects=()) -> dict:
    return {"pmid": pmid, "title": f"Study {pmid}", "conditions": conditions,
            "comparator": comparator, "human_clinical": human, "findings": list(findings),
            "response_rates": list(response), "remission_rates": list(remission),
            "effect_estimates": list(effects)}


def rate(arm: str | None, percent: float, sentence: str, timepoint: str | None = None) -> dict:
    return {"arm": arm, "percent": percent, "count": None, "timepoint": timepoint,
            "sentence": sentence}


def estimate(measure: str, value: float, low: float | None, high: float | None,
             sentence: str, outcome: str | None = None) -> dict:
    return {"measure": measure, "value": value, "ci_low": low, "ci_high": high,
            "outcome": outcome, "timepoint": None, "sentence": sentence}


# -- analysis.outcome_summary ----------------------------------------------------------------
def test_favours_are_counted_per_condition_and_only_for_comparative_human_findings():
    df = pd.DataFrame([
        study(38492442, ["depression"], [
            finding(SMD_38492442, "depressive_symptoms", "ketamine", timepoint="one week"),
            finding(SMD_38492442, "depressive_symptoms", "ketamine", timepoint="long term"),
            finding(SMD_38492442, "depressive_symptoms", "ketamine", comparison="pre vs post")]),
        study(37949235, ["depression", "bipolar"], [
            finding(NO_DIFF_37949235, "depressive_symptoms", "neither",
                    comparison="lithium vs ketamine")], comparator="active_treatment"),
        study(37776285, ["depression"], [
            finding(OR_37776285, "adverse_events", "comparator", outcome="dry mouth")]),
        # no comparator label and no comparison named: a single arm's result, left out
        study(38293803, ["pain"], [finding(DOSES_38293803, "depressive_symptoms", "ketamine",
                                           comparison=None)], comparator="none_unclear"),
        # not a human clinical study: left out
        study(1, ["depression"], [finding(SMD_38492442, "depressive_symptoms", "comparator")],
              human=False),
    ])
    frames = O.outcome_frames(df)
    counts = O.favour_counts(frames.findings).set_index(["condition", "favours"])
    assert counts.loc[("depression", "ketamine"), "findings"] == 2      # pre vs post left out
    assert counts.loc[("depression", "ketamine"), "studies"] == 1
    assert counts.loc[("depression", "neither"), "findings"] == 1
    assert counts.loc[("depression", "comparator"), "findings"] == 0    # adverse events: safety
    assert counts.loc[("bipolar", "neither"), "findings"] == 1          # multi-condition study
    assert "pain" not in counts.index.get_level_values(0)
    safety = O.favour_counts(frames.findings, safety=True).set_index(["condition", "favours"])
    assert safety.loc[("depression", "comparator"), "findings"] == 1
    assert list(safety.index.get_level_values(0).unique()) == ["depression"]
    one = O.favour_counts(frames.findings, domain="anxiety")
    assert one.empty
    # by domain each finding counts once, whatever its study's conditions
    domains = O.domain_counts(frames.findings).set_index(["domain", "favours"])
    assert domains.loc[("depressive_symptoms", "neither"), "findings"] == 1
    assert domains.loc[("depressive_symptoms", "ketamine"), "findings"] == 2
    assert O.domains_present(frames.findings) == ["depressive_symptoms"]
    assert O.domains_present(frames.findings, safety=True) == ["adverse_events"]


def test_a_filter_cuts_the_frames_and_a_condition_filter_keeps_only_its_rows():
    df = pd.DataFrame([
        study(37949235, ["depression", "bipolar"], [
            finding(NO_DIFF_37949235, "depressive_symptoms", "neither", comparison="lithium vs ketamine")]),
        study(38492442, ["depression"], [finding(SMD_38492442, "depressive_symptoms", "ketamine")]),
    ])
    frames = O.outcome_frames(df)
    cut = frames.cut(np.array([True, False]))
    assert cut.findings["pmid"].unique().tolist() == [37949235]
    bipolar = frames.cut(np.array([True, True]), conditions=("bipolar",))
    assert bipolar.findings["condition"].astype(str).tolist() == ["bipolar"]
    # the copy kept under the chosen condition counts the finding once in the domain table
    domains = O.domain_counts(bipolar.findings)
    assert domains["findings"].sum() == 1


def test_effect_estimates_flag_ratio_measures_for_the_log_axis():
    df = pd.DataFrame([
        study(39522447, ["depression"], effects=[estimate("RR", 1.371, 1.194, 1.574, RR_39522447,
                                                          "remission rates")]),
        study(38492442, ["depression", "pain"], effects=[
            estimate("SMD", -0.47, -0.66, -0.27, SMD_38492442),
            estimate("SMD", -0.44, -0.79, -0.09, SMD_38492442)]),
        study(37776285, ["other"], effects=[estimate("OR", 5.85, 1.32, 25.95, OR_37776285, "dry mouth"),
                                            estimate("aOR", 3.83, 1.28, 11.41, OR_37776285)]),
        study(2, ["other"], effects=[estimate("HR", 0.0, None, None, "a misread ratio")]),
    ])
    effects = O.outcome_frames(df).effects
    flags = dict(zip(effects["measure"], effects["ratio"]))
    assert flags == {"RR": True, "SMD": False, "OR": True, "aOR": True}  # HR 0 cannot be drawn
    assert O.is_ratio("IRR") and O.is_ratio("adjusted HR") and not O.is_ratio("Hedges' g")
    assert len(effects[effects["measure"] == "SMD"]) == 4  # two estimates × two conditions
    ratio = O.effect_rows(effects, ratio=True)
    assert set(ratio["measure"]) == {"RR", "OR", "aOR"}
    assert ratio["label"].is_unique
    smd = O.effect_rows(effects, ratio=False, measure="SMD")
    assert smd["condition"].astype(str).tolist() == ["depression", "depression", "pain", "pain"]
    assert O.measures_present(effects, ratio=False) == ["SMD"]
    assert len(O.effect_rows(effects, ratio=True, limit=2)) == 2


def test_rates_pair_a_ketamine_arm_with_a_named_comparator_arm_of_the_same_sentence():
    df = pd.DataFrame([
        study(37414272, ["depression", "suicidality"], comparator="active_placebo", response=[
            rate(None, 69.2, RATES_37414272, "4 weeks posttreatment"),
            rate("esketamine", 61.5, RATES_37414272, "4 weeks posttreatment"),
            rate(None, 52.5, RATES_37414272, "4 weeks posttreatment"),
            rate("midazolam", 52.5, RATES_37414272, "4 weeks posttreatment")]),
        # two ketamine doses, no comparator arm named: rates listed, never paired
        study(38293803, ["depression"], response=[
            rate("ketamine 0.5 mg/kg", 56.0, DOSES_38293803),
            rate("low-dose group", 72.0, DOSES_38293803)]),
        # arms of different sentences are not paired
        study(3, ["depression"], remission=[rate("ketamine", 40.0, "Sentence one."),
                                            rate("placebo", 10.0, "Sentence two.")]),
    ])
    frames = O.outcome_frames(df)
    rates = frames.rates
    assert len(rates[rates["pmid"] == 37414272]) == 8  # four rates × two conditions
    assert rates.loc[rates["arm"] == "esketamine", "is_ketamine_arm"].all()
    assert not rates.loc[rates["arm"] == "low-dose group", "is_comparator_arm"].any()
    pairs = frames.pairs
    assert pairs[["pmid", "condition", "kind", "ketamine_arm", "ketamine_percent",
                  "comparator_arm", "comparator_percent"]].astype({"condition": str}).values.tolist() == [
        [37414272, "depression", "response", "esketamine", 61.5, "midazolam", 52.5],
        [37414272, "suicidality", "response", "esketamine", 61.5, "midazolam", 52.5]]
    assert pairs["timepoint"].tolist() == ["4 weeks posttreatment"] * 2
    assert O.studies_counted(pairs) == 1
    assert O.pair_rows(pairs)["label"].tolist() == [
        "PMID 37414272 · response · 4 weeks posttreatment"] * 2


def test_cells_from_csv_json_and_stores_without_the_columns_read_as_empty():
    assert O.items('[{"arm": "ketamine", "percent": 50.0}]') == [{"arm": "ketamine", "percent": 50.0}]
    assert O.items(None) == O.items(float("nan")) == O.items("") == O.items("not json") == []
    old = pd.DataFrame([{"pmid": 1, "title": "t", "conditions": ["depression"],
                         "comparator": "placebo", "human_clinical": True}])
    frames = O.outcome_frames(old)
    assert frames.findings.empty and frames.effects.empty and frames.pairs.empty
    assert O.favour_counts(frames.findings).empty
    assert not O.has_outcome_columns(old)


def test_a_study_lists_its_findings_rates_and_estimates_with_their_sentences():
    row = pd.Series(study(38492442, ["depression"],
                          [{**finding(SMD_38492442, "depressive_symptoms", "ketamine",
                                      timepoint="one week"),
                            "effect": {"measure": "SMD", "value": -0.47, "ci_low": -0.66,
                                       "ci_high": -0.27}, "p_value": "P < 0.001"}],
                          effects=[estimate("SMD", -0.44, -0.79, -0.09, SMD_38492442)]))
    listed = O.study_findings(row)
    assert listed[0]["effect"] == "SMD -0.47 (95% CI -0.66 to -0.27)"
    assert listed[0]["domain"] == "Depressive symptoms" and listed[0]["p"] == "P < 0.001"
    assert O.study_effects(row)[0]["effect"] == "SMD -0.44 (95% CI -0.79 to -0.09)"
    assert O.study_sentences(row) == [SMD_38492442]


# -- the Outcomes tab ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("outcomes-store"))


@pytest.fixture(scope="module")
def frame(store_dir) -> pd.DataFrame:
    from fetch.store import load_articles
    return load_articles(store_dir)


def outcomes_app(monkeypatch, data_dir: Path, query: dict | None = None) -> AppTest:
    at = app(monkeypatch, data_dir, {"tab": "Outcomes", **(query or {})})
    if "tab" in at.session_state and at.session_state["tab"] != "Outcomes":
        open_tab(at, "Outcomes")
    return at


def direct_counts(df: pd.DataFrame, safety: bool) -> dict[tuple[str, str], int]:
    """Findings per (condition, favours) counted straight from the stored lists, not through
    analysis.outcome_summary: human clinical studies, comparative findings only."""
    counts: dict[tuple[str, str], int] = {}
    for rec in df.to_dict("records"):
        if not rec["human_clinical"]:
            continue
        for f in rec["findings"]:
            if (f.get("comparison") or "").lower() == "pre vs post":
                continue
            if rec["comparator"] == "none_unclear" and not f.get("comparison"):
                continue
            if (f["domain"] in O.SAFETY_DOMAINS) != safety:
                continue
            for condition in (rec["conditions"] or ["unlabelled"]):
                key = (condition, f["favours"])
                counts[key] = counts.get(key, 0) + 1
    return counts


def shown_counts(table: pd.DataFrame) -> dict[tuple[str, str], int]:
    from analysis.summary import condition_display
    words = {condition_display(c): c for c in (*O.CONDITION_CATEGORIES,)}
    favours = {v: k for k, v in O.FAVOURS_DISPLAY.items()}
    return {(words[r["Condition"]], favours[r["Direction"]]): int(r["Findings"])
            for r in table.to_dict("records") if r["Findings"]}


def tables_on(at: AppTest) -> AppTest:
    at.toggle(key="chart_tables").set_value(True)
    return at.run()


def test_the_tab_renders_and_its_tables_hold_the_stored_findings(monkeypatch, store_dir, frame):
    rows = visible(frame)
    assert sum(len(f) for f in rows["findings"]) > 20, "the labelled corpus should carry findings"
    at = tables_on(outcomes_app(monkeypatch, store_dir))
    no_errors(at)
    assert [h.value for h in at.subheader] == ["Findings by condition and direction",
                                               "Reported effect sizes", "Response and remission"]
    assert any("not pooled" in m.value and "no meta-analysis" in m.value.lower() for m in at.markdown)
    drawn = at.get("vega_lite_chart")
    assert len(drawn) >= 4
    assert all(c.proto.alt for c in drawn)  # every chart has its text alternative
    tables = [d.value for d in at.dataframe]
    efficacy = next(t for t in tables if "Direction" in t and "Findings" in t)
    assert shown_counts(efficacy) == direct_counts(rows, safety=False)
    # ... and the same numbers analysis.outcome_summary computes
    frames = O.outcome_frames(rows.reset_index(drop=True))
    expected = O.favour_counts(frames.findings)
    assert efficacy["Findings"].tolist() == expected["findings"].tolist()
    assert efficacy["Studies"].tolist() == expected["studies"].tolist()
    safety_tables = [t for t in tables if "Direction" in t and "Findings" in t][1:]
    if direct_counts(rows, safety=True):
        assert shown_counts(safety_tables[0]) == direct_counts(rows, safety=True)
    # effect estimates: every stated ratio estimate of the visible human clinical studies
    ratio = next(t for t in tables if "Measure" in t and "CI low" in t)
    stated = sorted((int(r["pmid"]), e["measure"], e["value"])
                    for r in rows[rows["human_clinical"].astype(bool)].to_dict("records")
                    for e in r["effect_estimates"] for _ in (r["conditions"] or ["unlabelled"])
                    if O.is_ratio(e["measure"]) and e["value"] > 0
                    and (e["ci_low"] is None or e["ci_low"] > 0))
    assert sorted(zip(ratio["PMID"].astype(int), ratio["Measure"], ratio["Value"])) == stated


def test_the_tab_obeys_the_sidebar_filters(monkeypatch, store_dir, frame):
    at = tables_on(outcomes_app(monkeypatch, store_dir))
    before = next(d.value for d in at.dataframe if "Direction" in d.value)
    at.multiselect(key="f_conditions").set_value(["pain"]).run()
    no_errors(at)
    after = next(d.value for d in at.dataframe if "Direction" in d.value)
    rows = visible(frame)
    pain = rows[rows["conditions"].map(lambda c: "pain" in c)]
    expected = {k: v for k, v in direct_counts(pain, safety=False).items() if k[0] == "pain"}
    assert expected, "the corpus has comparative pain findings"
    assert shown_counts(after) == expected
    assert set(after["Condition"]) == {"Pain"} and len(after) < len(before)
    # the dumbbell and forest tables are cut too: only pain studies' estimates remain
    for table in at.dataframe:
        if "PMID" in table.value:
            assert set(table.value["PMID"].astype(int)) <= set(pain["pmid"].astype(int))


def test_no_matching_study_and_a_store_without_findings_say_why(monkeypatch, store_dir, frame,
                                                                tmp_path):
    at = outcomes_app(monkeypatch, store_dir, {"q": "zzzznotaword"})
    no_errors(at)
    assert any("No human clinical studies match these filters" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")
    # human clinical studies that state nothing: each section says so, with the count
    at = outcomes_app(monkeypatch, store_dir, {"design": "protocol"})
    no_errors(at)
    protocols = visible(frame)
    protocols = protocols[(protocols["design"] == "protocol") & protocols["human_clinical"].astype(bool)]
    if len(protocols) and not any(len(e) for e in protocols["effect_estimates"]):
        assert any(f"No stated effect estimates among the {len(protocols):,} filtered human "
                   f"clinical studies" in c.value for c in at.caption)
    # a snapshot written before the findings columns existed
    from fetch import store
    old = tmp_path / "old"
    old.mkdir()
    manifest = store.load_manifest(store_dir)
    store.commit(old, dict(manifest), frame.drop(columns=list(O_COLUMNS)))
    at = outcomes_app(monkeypatch, old)
    no_errors(at)
    assert any("labelled before findings" in i.value for i in at.info)


O_COLUMNS = ("findings", "findings_evidence", "response_rates", "remission_rates", "effect_estimates")


def test_the_study_view_lists_its_findings_with_the_sentences_highlighted(monkeypatch, store_dir,
                                                                           frame):
    from analysis.summary import escape_markdown
    rows = visible(frame)
    with_findings = rows[rows["findings"].map(len) > 0]
    pick = with_findings.iloc[0]
    monkeypatch.setenv("KEM_DATA_DIR", str(store_dir))
    at = AppTest.from_file(str(DASHBOARD), default_timeout=120)
    at.query_params.update({"study": str(int(pick["pmid"]))})
    at.run()
    no_errors(at)
    table = next(m.value for m in at.markdown if m.value.startswith("**Findings**"))
    first = pick["findings"][0]
    assert escape_markdown(first["outcome"]) in table
    highlighted = [span for m in at.markdown
                   for span in re.findall(r":orange-background\[((?:\\.|[^\]\\])*)\]", m.value)]
    for f in pick["findings"]:
        assert any(escape_markdown(f["sentence"]) in span for span in highlighted), f["sentence"]


def test_clicking_a_point_opens_its_study_in_the_explorer():
    """The charts' selection callback: the picked PMID becomes the open study and tab."""
    from dashboard_page import outcomes_tab
    assert outcomes_tab.picked_pmid({"selection": {"pick": [{"PMID": 37414272}]}}) == "37414272"
    assert outcomes_tab.picked_pmid({"selection": {"pick": [{"PMID": 37414272.0}]}}) == "37414272"
    assert outcomes_tab.picked_pmid({"selection": {"pick": []}}) == ""
    assert outcomes_tab.picked_pmid(None) == ""



def test_favours_are_drawn_in_the_colour_blind_safe_conclusion_colours():
    """Favours ketamine blue, no difference grey, favours comparator red: the overview's
    conclusion colours (blue and red told apart with red-green colour blindness)."""
    from dashboard_page import outcomes_tab
    from dashboard_page.charts import CONCLUSION_COLOURS
    assert outcomes_tab.FAVOURS_ORDER == ["Favours ketamine", "No significant difference",
                                          "Favours comparator"]
    assert outcomes_tab.FAVOURS_COLOURS == [CONCLUSION_COLOURS["positive"],
                                            CONCLUSION_COLOURS["neutral"],
                                            CONCLUSION_COLOURS["negative"]]


def test_the_page_keeps_one_cut_per_filter_state_and_store():
    """A rerun without a filter change reuses the cut; another mask or store gets its own."""
    from dashboard_page.loading import Loaded, outcome_view
    df = pd.DataFrame([
        study(38492442, ["depression"], [finding(SMD_38492442, "depressive_symptoms", "ketamine")]),
        study(37949235, ["bipolar"], [finding(NO_DIFF_37949235, "depressive_symptoms", "neither",
                                              comparison="lithium vs ketamine")])])

    def loaded(frame: pd.DataFrame) -> Loaded:
        return Loaded(manifest={}, df=frame, slim=frame, long=frame, pairs=frame, table=frame,
                      index=None, columns=None, digest=frame, years=None)

    first, other = loaded(df), loaded(df.iloc[::-1].reset_index(drop=True))
    both, one = np.array([True, True]), np.array([True, False])
    assert outcome_view(first, both, ()) is outcome_view(first, both, ())
    assert outcome_view(first, one, ()).findings["pmid"].tolist() == [38492442]
    assert outcome_view(other, one, ()).findings["pmid"].tolist() == [37949235]
    assert outcome_view(first, both, ("bipolar",)).findings["pmid"].tolist() == [37949235]

"""How trial results are read (analysis.direction and the modules it reads with) and the Evidence Inference commands (infer, evaluate-inference).

Sentence-level rules are tested on real sentences of the corpus fixture (PMID given; a test checks
each one is really there) and on a few short sentences marked as constructed.  The dev prompts of
the Evidence Inference corpus do not ship: the test that scores them skips when they are absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import direction as D
from analysis import mentions, outcome_sense
from analysis import significance as S
from analysis.cli import main
from analysis.inference import abstract_sentences, infer_one, read_prompts
from analysis.inference_eval import evaluate_records, evidence_found, score, split_of
from analysis.text import normalise
from tests.pubmed_material import (EI_QUESTIONS, KETAMINE_PROMPTS, PSYCHEDELIC_PROMPTS, PSYNAMIC_QUESTIONS, corpus_rows,
                                   ei_prompts, expert_set, psynamic_prompts)

ROOT = Path(__file__).resolve().parents[1]
UP, DOWN, SAME = D.INCREASED, D.DECREASED, D.NO_DIFFERENCE

# Real sentences of the corpus fixture: PMID -> sentence.
REAL = {
    "pain_no_difference": ("38330640", "The two groups had no significant difference in postoperative pain scores."),
    "did_not_differ": ("38710325", "Incidence of objective POND three months after surgery did not differ significantly "
                                   "between the two groups nor did incidence of delirium, anxiety, apathy, and fatigue."),
    "no_benefit": ("38523183", "Fixed low-dose oral esketamine when compared to placebo had no benefit on the HDRS17 "
                               "total score (p = 0.626)."),
    "lower_than_placebo": ("39382685", "Racemic ketamine also led to significantly lower SI scores than placebo or "
                                       "midazolam (SMD = -0.36, 95% CI -0.71 to -0.01, P = 0.04)."),
    "two_timepoints": ("38200438", "The incidence of PPD (EPDS score > 9) in the esketamine group was lower than the "
                                   "control group at 4 days after surgery (13.8% vs 23.1%, P = 0.0430) but not 42 days "
                                   "after surgery (P = 0.0987)."),
    "p_above_threshold": ("40153893", "Esketamine non-significantly doubled the fraction of patients who had a 50 % "
                                      "reduction in their depressions scores: 27 % vs 13 %, odds ratio 2.4, [95 % CI 0.9 "
                                      "to 6.6], P = 0.087."),
    "two_drugs": ("37949235", "Intravenous racemic ketamine was not significantly different from placebo in "
                              "tolerability, whereas intranasal esketamine and aripiprazole were significantly less "
                              "tolerable than placebo."),
    "both_groups": ("38140979", "Both groups experienced a significant decrease in the severity of depression "
                                "following the interventions"),
    "ci_spans_zero": ("38179107", "Between baseline and post-infusion day 4 (pre-specified time point of interest), "
                                  "median depressive symptoms decreased in both groups, with difference-in-differences "
                                  "of -1.00 point (95% confidence interval -3.23 to 1.73) with ketamine compared with "
                                  "placebo."),
    "improved_severity": ("38557430", "In adults with TRD, ESK + OAD significantly improved severity of depressive "
                                      "symptoms, and more patients achieved clinically meaningful changes in depressive "
                                      "symptoms based on PHQ-9, versus OAD + PBO."),
    "prolonged": ("38109337", "Ketamine significantly prolonged both electroencephalogram and motor seizure durations "
                              "with a mean difference of 34.6 seconds (95% confidence interval [CI], 26.4-42.7 seconds; "
                              "P < 0.001) and 26.6 seconds (95% CI, 19.6-33.6 seconds; P < 0.001), respectively."),
    "productivity_loss": ("39923271", "Up to Week 32, esketamine NS-treated patients experienced an 11.9 % reduction "
                                      "in productivity loss due to absenteeism (difference: -1.1 weeks [95 % CI: -2.9, "
                                      "0.7]; p = 0.2285) and a 14.2 % reduction in overall work productivity loss "
                                      "(difference: -2.3 weeks, 95 % CI: [-3.9, -0.7] p = 0.0045) versus quetiapine "
                                      "XR-treated patients, based on mixed models for repeated measures."),
    "rates_respectively": ("37414272", "The rates of antisuicidal and antidepressant responses at 4 weeks "
                                       "posttreatment were 69.2% and 61.5% after esketamine, and were 52.5% and 52.5% "
                                       "after midazolam, respectively."),
}


def _real(key: str) -> str:
    return REAL[key][1]


def test_quoted_sentences_are_in_the_corpus_fixture():
    by_pmid = {str(r["pmid"]): " ".join(normalise((r.get("title") or "") + " " + (r.get("abstract") or "")).split())
               for r in corpus_rows()}
    for key, (pmid, sentence) in REAL.items():
        assert " ".join(normalise(sentence).split()) in by_pmid[pmid], key


# --- negation of significance -----------------------------------------------------------


@pytest.mark.parametrize("key, intervention, outcome", [
    ("pain_no_difference", "esketamine", "postoperative pain scores"),
    ("did_not_differ", "esketamine", "incidence of delirium"),
    ("no_benefit", "oral esketamine", "HDRS17 total score"),
])
def test_negated_significance_reads_as_no_difference(key, intervention, outcome):
    assert D.classify(_real(key), intervention, "placebo", outcome) == SAME


@pytest.mark.parametrize("sentence", [
    # constructed
    "Response rates were similar in the two groups (41% and 38%).",
    "Ketamine did not significantly reduce pain scores compared with placebo.",
    "There was no statistically significant difference in length of stay between the groups.",
    "Scores were comparable between arms (NS).",
    "Mortality was 12% with ketamine and 14% with placebo (p = 0.41).",
])
def test_constructed_negations(sentence):
    assert D.classify(sentence, "ketamine", "placebo", sentence.split()[0]) == SAME


# --- which arm is the subject -----------------------------------------------------------


def test_lower_than_the_comparator_is_a_decrease_and_flips_with_the_arms():
    sentence = _real("lower_than_placebo")
    assert D.classify(sentence, "racemic ketamine", "placebo", "SI scores") == DOWN
    # the same sentence read for the other arm
    assert D.classify(sentence, "placebo", "racemic ketamine", "SI scores") == UP


@pytest.mark.parametrize("sentence, expected", [
    # constructed: the comparator arm is named first
    ("Pain scores were higher in the placebo group than in the ketamine group (p = 0.01).", DOWN),
    ("Compared with the ketamine group, the placebo group needed more rescue analgesia (p = 0.003).", DOWN),
    ("Pain scores were lower in the ketamine group than in the placebo group (p = 0.01).", DOWN),
    ("Ketamine increased heart rate compared with placebo (p < 0.001).", UP),
])
def test_arm_order(sentence, expected):
    outcome = "rescue analgesia" if "rescue" in sentence else ("heart rate" if "heart" in sentence else "pain scores")
    assert D.classify(sentence, "ketamine", "placebo", outcome) == expected


def test_arm_values_in_order_of_the_arms():
    sentence = _real("rates_respectively")
    assert D.classify(sentence, "esketamine", "midazolam", "antisuicidal response rate") == UP
    # no p-value and no "significant": a caller that needs stated significance gets None
    assert D.classify(sentence, "esketamine", "midazolam", "antisuicidal response rate", require_significance=True) is None


def test_group_labels_name_the_arms():
    # constructed
    sentence = "The mean operative time in group B was 15.1 minutes and in group A was 32.5 minutes (P < 0.02)."
    assert D.classify(sentence, "Group A: conventional surgery", "group B: minimal access surgery", "operative time") == UP


# --- lower-is-better wording ------------------------------------------------------------


def test_improved_severity_is_a_decrease():
    assert D.classify(_real("improved_severity"), "ESK + OAD", "OAD + PBO", "severity of depressive symptoms") == DOWN


@pytest.mark.parametrize("outcome, expected", [("pain scores", DOWN), ("quality of life", UP)])
def test_improved_depends_on_the_outcome(outcome, expected):
    sentence = f"Ketamine significantly improved {outcome} compared with placebo (p < 0.01)."  # constructed
    assert D.classify(sentence, "ketamine", "placebo", outcome) == expected


def test_magnitude_of_a_change():
    # constructed
    assert D.classify("The ketamine group showed a significantly greater reduction in MADRS score than placebo "
                      "(p = 0.02).", "ketamine", "placebo", "MADRS score") == DOWN
    assert D.classify("Significantly less decline in cognition was seen with ketamine than with placebo (p = 0.01).",
                      "ketamine", "placebo", "cognition") == UP


def test_prolonged_is_an_increase():
    assert D.classify(_real("prolonged"), "ketamine", "propofol", "motor seizure duration") == UP


# --- p-value thresholds and intervals -----------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("(p = 0.04)", True), ("(P < .001)", True), ("p<0.05", True), ("P ≤ 0.01", True),
    ("(p = 0.06)", False), ("(p > 0.05)", False), ("P = 0.0987", False), ("p-value of 0.3", False),
    ("(95% CI -3.23 to 1.73)", False), ("mean difference 2.1 (95% CI 0.4 to 3.8)", True),
    ("odds ratio 2.4 (95% CI 0.9 to 6.6)", False), ("hazard ratio 0.76 (95% CI 0.63-0.92)", True),
    ("the groups were measured twice", None),
])
def test_significance_thresholds(text, expected):
    assert S.significance(text) is expected


def test_p_value_parsing():
    assert S.p_values("P = 0.0430 and p < .001 and p>0.05") == [("=", 0.043), ("<", 0.001), (">", 0.05)]


def test_p_above_threshold_with_direction_words_is_no_difference():
    assert D.classify(_real("p_above_threshold"), "esketamine", "placebo",
                      "fraction of patients with a 50% reduction in depression scores") == SAME


def test_interval_spanning_no_effect_is_no_difference():
    assert D.classify(_real("ci_spans_zero"), "ketamine", "placebo", "depressive symptoms") == SAME


# --- sentences about several outcomes or time points --------------------------------------


def test_clause_of_the_outcome_decides():
    sentence = _real("two_timepoints")
    assert D.classify(sentence, "esketamine", "saline", "incidence of PPD at 4 days") == DOWN
    assert D.classify(sentence, "esketamine", "saline", "PPD 42 days after surgery") == SAME


def test_clause_split_keeps_the_first_arm_reading():
    assert D.classify(_real("two_drugs"), "intravenous racemic ketamine", "placebo", "tolerability") == SAME


def test_change_in_both_groups_is_no_difference():
    assert D.classify(_real("both_groups"), "ketamine", "ECT", "severity of depression") == SAME


def test_cannot_tell():
    assert D.classify("Patients were randomised to ketamine or placebo.", "ketamine", "placebo", "pain") is None


def test_explain_names_the_rule():
    label, rule = D.explain(_real("lower_than_placebo"), "placebo", "racemic ketamine", "SI scores")
    assert label == UP and "comparator is the subject" in rule


# --- which sentence ---------------------------------------------------------------------


def _corpus_abstract(pmid: str) -> dict:
    return next(r for r in corpus_rows() if str(r["pmid"]) == pmid)


def test_best_sentence_finds_the_result_not_the_methods():
    row = _corpus_abstract("38200438")
    sentences, sections = abstract_sentences(row["title"], row["abstract"])
    i = D.best_sentence(sentences, "esketamine", "saline", "incidence of PPD", sections)
    assert normalise(sentences[i]).startswith("The incidence of PPD (EPDS score > 9) in the esketamine group was lower")
    assert sections[i] == "results"
    j = D.best_sentence(sentences, "esketamine", "saline", "maternal dizziness")
    assert "dizziness (17.0%)" in sentences[j]


def test_best_sentence_without_any_match():
    assert D.best_sentence(["Patients were randomised.", "Nothing else."], "ketamine", "placebo", "mortality") is None


def test_abstract_sentences_reads_heading_lines():
    abstract = "ABSTRACT.METHODS::\nWe randomised 40 adults.\nABSTRACT.RESULTS::\nPain was lower (p = 0.01).\nNo harms."
    sentences, sections = abstract_sentences("A title", abstract)
    assert sentences == ["A title", "We randomised 40 adults.", "Pain was lower (p = 0.01).", "No harms."]
    assert sections == ["title", "methods", "results", "results"]


# --- scoring ------------------------------------------------------------------------------


def test_evidence_found_is_containment_after_normalising():
    assert evidence_found("Pain  was lower in the ketamine group (p = 0.01).", ["pain was lower in the ketamine group"])
    assert evidence_found("Pain was lower.", ["Results: Pain was lower. It was safe."])
    assert not evidence_found("Pain was lower.", ["Nausea was rarer."])
    assert not evidence_found("", ["Pain was lower."])


def test_score_macro_f1_and_confusion():
    result = score([UP, UP, DOWN, SAME], [UP, DOWN, DOWN, SAME], [True, False, True, True])
    assert result["confusion"][UP][DOWN] == 1 and result["accuracy"] == 0.75
    assert result["evidence_found"] == 0.75
    f1s = [result["per_class"][lab]["f1"] for lab in D.LABELS]
    assert result["macro_f1"] == pytest.approx(sum(f1s) / 3)
    assert result["per_class"][DOWN]["precision"] == 0.5 and result["per_class"][UP]["recall"] == 0.5


def test_split_is_by_article_and_deterministic():
    a = {"pmcid": "PMC30713", "title": "x"}
    assert split_of(a) == split_of(dict(a, outcome="other")) in ("A", "B")
    halves = {split_of({"pmcid": f"PMC{i}"}) for i in range(20)}
    assert halves == {"A", "B"}


# --- command line -------------------------------------------------------------------------


def _prompt(pmid: str, prompt_id: int, outcome: str, **extra) -> dict:
    row = _corpus_abstract(pmid)
    return {"prompt_id": prompt_id, "title": row["title"], "abstract": row["abstract"], "intervention": "esketamine",
            "comparator": "saline", "outcome": outcome} | extra


def _write(path: Path, records: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


def test_infer_round_trip_copies_keys_and_overwrites_label(tmp_path):
    src = _write(tmp_path / "prompts.jsonl", [
        _prompt("38200438", 7, "incidence of PPD", label="stale", evidence=["stale"], extra_key={"a": 1}),
        _prompt("38200438", 8, "maternal dizziness"),
    ])
    dst = tmp_path / "answers.jsonl"
    assert main(["infer", "--input", str(src), "--output", str(dst)]) == 0
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["prompt_id"] for r in rows] == [7, 8] and rows[0]["extra_key"] == {"a": 1}
    assert rows[0]["label"] == DOWN and rows[1]["label"] == UP
    assert "EPDS score > 9" in normalise(rows[0]["evidence"]) and rows[0]["evidence"] in rows[0]["abstract"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.jsonl", "prompts.jsonl"]


@pytest.mark.parametrize("content, message", [
    (["not json at all"], "not JSON"),
    ([{"title": "t", "abstract": "a b c", "intervention": "x", "comparator": "y"}], "missing key"),
    ([{"title": "t", "abstract": "  ", "intervention": "x", "comparator": "y", "outcome": "z"}], "empty"),
    ([], "no prompts"),
])
def test_infer_bad_input_fails_cleanly(tmp_path, content, message):
    src = _write(tmp_path / "prompts.jsonl", content)
    dst = tmp_path / "answers.jsonl"
    result = subprocess.run([sys.executable, "-m", "analysis", "infer", "--input", str(src), "--output", str(dst)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not dst.exists() and [p.name for p in tmp_path.iterdir()] == ["prompts.jsonl"]


def test_infer_missing_input_and_output_directory(tmp_path, capsys):
    assert main(["infer", "--input", str(tmp_path / "none.jsonl"), "--output", str(tmp_path / "a.jsonl")]) != 0
    assert "not found" in capsys.readouterr().err
    src = _write(tmp_path / "p.jsonl", [_prompt("38200438", 1, "incidence of PPD")])
    assert main(["infer", "--input", str(src), "--output", str(tmp_path / "no" / "a.jsonl")]) != 0
    assert "does not exist" in capsys.readouterr().err


def test_evaluate_inference_prints_the_figures(tmp_path, capsys):
    src = _write(tmp_path / "labelled.jsonl", [
        _prompt("38200438", 1, "incidence of PPD", label=DOWN, pmcid="PMC1",
                evidence=["The incidence of PPD (EPDS score > 9) in the esketamine group was lower than the control "
                          "group at 4 days after surgery"]),
        _prompt("38200438", 2, "maternal dizziness", label=UP, pmcid="PMC1", evidence=["no such passage"]),
    ])
    assert main(["evaluate-inference", "--labelled", str(src)]) == 0
    out = capsys.readouterr().out
    assert "macro-F1" in out and "evidence found 0.500" in out and "accuracy 1.000" in out
    assert main(["evaluate-inference", "--labelled", str(src), "--system", "overlap"]) == 0
    bad = _write(tmp_path / "bad.jsonl", [_prompt("38200438", 1, "x", label="up", evidence=[])])
    assert main(["evaluate-inference", "--labelled", str(bad)]) != 0


def test_read_prompts_accepts_blank_lines(tmp_path):
    src = tmp_path / "p.jsonl"
    src.write_text("\n" + json.dumps(_prompt("38200438", 1, "x")) + "\n\n", encoding="utf-8")
    assert len(read_prompts(src)) == 1



# --- rules added in the second round (sentences constructed unless a PMID is given) ----------


def test_insignificant_counts_as_a_statistic_when_ranking():
    # constructed: "insignificant" states a test result as much as "significant" does
    sentences = ["The mean stress score was lower in the intervention group.",
                 "Although insignificant, the rate of pregnancy in the intervention group was higher."]
    scores = D.rank_sentences(sentences, "auriculotherapy", "routine care", "pregnancy")
    assert scores[1] > scores[0] - D.BONUS_COMPARATIVE


def test_between_group_sentence_beats_within_group_sibling():
    # constructed: the experts cite the comparison of the arms, not the change from baseline
    sentences = ["Pain scores decreased from baseline in both groups (p < 0.01).",
                 "Pain scores did not differ between the two groups (p = 0.40)."]
    assert D.best_sentence(sentences, "ketamine", "placebo", "pain scores", ["results", "results"]) == 1


def test_outcome_written_word_for_word_wins():
    # constructed: both sentences name the words, one names the outcome as written
    sentences = ["Internal consistency of the global satisfaction score was higher (P=.03) in the web group.",
                 "The mean global satisfaction score was lower (P=.03) in the web group than in the telephone group."]
    assert D.best_sentence(sentences, "web questionnaire", "telephone interview",
                           "The mean global satisfaction score", ["results", "results"]) == 1


def test_sentence_without_the_outcome_inherits_from_the_one_before():
    # constructed: "There was no difference between the two groups" refers back to the values just given
    sentences = ["Whisking amplitude was measured weekly.",
                 "At week 4, group 1 showed an average amplitude of whisking of 9.7 degrees, while group 2 showed 10.2 degrees.",
                 "There was no statistically significant difference between the two groups at 2, 4 and 6 weeks (p > 0.05)."]
    best = D.best_sentence(sentences, "repair at the main trunk (group 1)", "repair at the bifurcation (group 2)",
                           "amplitude of whisking", ["methods", "results", "results"])
    assert best == 2


def test_demographic_sentence_is_penalised_as_baseline():
    # constructed: the same sentence about demographic characteristics ranks lower
    sentences = ["There was no significant difference in knowledge between the groups in demographic characteristics.",
                 "There was no significant difference in knowledge between the groups in other characteristics."]
    scores = D.rank_sentences(sentences, "education", "no education", "knowledge", ["results", "results"])
    assert scores[0] < scores[1]


def test_higher_than_normal_is_a_threshold_not_a_comparison():
    # constructed
    s = "The drug group had a significantly lower frequency of patients with troponin levels higher than normal values."
    assert D.classify(s, "drug", "control", "troponin levels") == DOWN


def test_own_change_word_is_judged_on_the_first_named_measure():
    # constructed: "improvement" belongs to a later measure of the outcome list, not to its head
    s = "Duloxetine-treated patients had significantly greater improvement compared with placebo on HAMD17 total score (p < .01)."
    outcome = "severity of symptoms on the HAMD17 total score, Patient Global Impression of Improvement"
    assert D.classify(s, "duloxetine", "placebo", outcome) == DOWN


def test_direction_word_next_to_the_fullest_mention_of_the_outcome():
    # constructed: the outcome's words occur twice; the mention naming most of them decides
    s = ("Sildenafil fetuses showed a significant decrease in the pulsatility index (0.12 [SD 0.15], p = 0.019) of the "
         "umbilical artery and a significant increase in middle cerebral artery pulsatility index (p = 0.008).")
    assert D.classify(s, "sildenafil", "placebo", "middle cerebral artery pulsatility index") == UP
    assert D.classify(s, "sildenafil", "placebo", "umbilical artery pulsatility index") == DOWN


def test_p_value_after_the_outcome_decides_in_a_list():
    # constructed: one p-value per outcome in a list
    s = "Compared with placebo, the drug reduced fall risk (p = 0.031), postural sway (p = 0.046) and body mass (p = 0.52)."
    assert D.classify(s, "drug", "placebo", "body mass") == SAME
    assert D.classify(s, "drug", "placebo", "postural sway") == DOWN


def test_p_values_of_arms_are_not_the_outcome_s():
    # constructed: the p-values follow arm names, so they belong to the arms, not to the outcome
    s = "Fasting insulin was 10% lower after drug A (p > 0.05) and 22% lower after drug B (p < 0.001) compared to control."
    assert D.classify(s, "drug A, drug B", "control", "fasting insulin") == DOWN


def test_p_for_trend_is_a_p_value():
    assert S.p_values("quality of life (p for trend = 0.052); P(trend) = 0.01") == [("=", 0.052), ("=", 0.01)]


def test_p_equal_to_the_threshold_is_not_significant():
    # constructed
    assert D.classify("Incidence of dysentery was reduced by 21% (p = 0.05).", "probiotic", "control milk",
                      "incidence of dysentery") == SAME


def test_significance_of_the_outcome_s_clause_for_the_benefit_prior():
    # constructed: the sentence denies a difference elsewhere, the outcome's clause states one
    s = ("There were statistically significant differences between the two groups in haemoglobin and ferritin levels, "
         "but the incidence of anaemia showed no difference.")
    assert D.stated_significance(s, "iron", "placebo", "ferritin") is True
    assert S.significance(s) is False


def test_benefit_follows_the_outcome_s_sense():
    # constructed
    s = "A significant benefit of the drug over placebo was seen on pain scores (p = 0.01)."
    assert D.classify(s, "drug", "placebo", "pain scores") == DOWN
    assert outcome_sense.lower_is_better("Dependence Scale") and outcome_sense.lower_is_better("functional impairment")


def test_comparative_words_in_brackets_define_rather_than_compare():
    # constructed
    s = ("Treatment outcomes (reduction in scores) were significantly better in the urodynamic testing group than in "
         "the office evaluation group (p < 0.05).")
    assert D.classify(s, "urodynamic testing", "office evaluation", "treatment outcomes") == UP


def test_dose_numbers_and_units_do_not_name_an_arm_with_a_name():
    iw, cw = mentions.arm_word_stems("buprenorphine (60 μg) 5 mg", "sterile water (0.2 mL)")
    assert not {"60", "5", "mg", "0", "2", "ml"} & (iw | cw)
    iw, cw = mentions.arm_word_stems("metformin 10 mg", "metformin 5 mg")
    assert "10" in iw and "5" in cw


def test_several_group_letters_for_one_arm():
    # constructed: groups B and D are the two doses of the intervention, group C the control
    s = "Time to motor recovery was 177 ± 56.9 min (Group C), 236 ± 60 min (Group B) and 234 ± 61.7 min (Group D), P < 0.001."
    assert D.classify(s, "buprenorphine or dexmedetomidine", "sterile water", "time to motor recovery") == UP


def test_combination_and_monotherapy_name_add_on_arms():
    # constructed
    s = "X was significantly higher with monotherapy than with combination therapy."
    assert D.classify(s, "metformin plus sitagliptin", "metformin alone", "X") == DOWN


def test_elided_negation():
    # constructed
    s = "X and Y were significantly reduced by the drug (p < 0.05 for both), while Z was not."
    assert D.classify(s, "drug", "placebo", "Z") == SAME
    assert D.classify(s, "drug", "placebo", "Y") == DOWN


@pytest.mark.parametrize("sentence, expected", [
    ("The drug prevented the increase in X seen with placebo (p = 0.03).", DOWN),
    ("The increase in X was blunted by the drug (p < 0.05).", DOWN),
    ("The drug attenuated the decline in X (p = 0.02).", UP),
    ("The drug group lost significantly more weight than the placebo group (p < 0.001).", DOWN),
])
def test_a_change_held_back_reads_the_other_way(sentence, expected):
    # constructed
    outcome = "weight" if "weight" in sentence else "X"
    assert D.classify(sentence, "drug", "placebo", outcome) == expected


def test_both_groups_then_a_comparison():
    # constructed: the change in both groups is followed by the comparison of its size
    s = "X decreased significantly in both groups, but the decrease was greater in the drug group (p = 0.01)."
    assert D.classify(s, "drug", "placebo", "X") == DOWN


def test_compared_with_baseline_is_not_the_reference_arm():
    # constructed
    s = "Compared with baseline, X decreased significantly in the drug group (p < 0.01); no change was seen with placebo."
    assert D.classify(s, "drug", "placebo", "X") == DOWN


def test_bracketed_semicolons_do_not_cut_clauses():
    # constructed
    parts = D.clauses("A rose in both groups (NF: 3.5 vs 5.6; SF 3.6 vs 4.9), but did not differ between groups (p = 0.36).")
    assert len(parts) == 2 and "sf 3.6" in parts[0]



@pytest.mark.parametrize("sentence, outcome, expected", [
    ("Drug patients were twice as likely to achieve X (p = 0.01).", "X", UP),
    ("X was twice as high in the placebo group (p = 0.01).", "X", DOWN),
    ("The drug was as effective as placebo in reducing X.", "X", SAME),
    ("The drug significantly decreased X at week 12 (p < 0.05) but not at week 24.", "X at week 24", SAME),
    ("The drug significantly decreased X at week 12 (p < 0.05) but not at week 24.", "X at week 12", DOWN),
])
def test_ratios_in_words_equivalence_and_elliptical_time_points(sentence, outcome, expected):
    # constructed
    assert D.classify(sentence, "drug", "placebo", outcome) == expected



@pytest.mark.parametrize("sentence, outcome, expected", [
    ("X, Y and Z were lower with the drug than placebo (p = 0.01, p = 0.2 and p = 0.03, respectively).", "Y", SAME),
    ("X, Y and Z were lower with the drug than placebo (p = 0.01, p = 0.2 and p = 0.03, respectively).", "Z", DOWN),
    ("X, Y and Z were lower with the drug than placebo (P = 0.01, 0.2 and 0.03, respectively).", "Y", SAME),
    ("X and Y were lower with the drug than placebo (p < 0.001 and p = 0.45, respectively).", "X", DOWN),
])
def test_p_values_listed_respectively(sentence, outcome, expected):
    # constructed: the p-value at the outcome's place in the list
    assert D.classify(sentence, "drug", "placebo", outcome) == expected



def test_values_listed_respectively_per_arm():
    # constructed: two outcomes, values arm by arm
    s = ("Response and remission rates were 60% and 40% with the drug and 45% and 50% with placebo, respectively "
         "(p < 0.05 for both).")
    assert D.classify(s, "drug", "placebo", "remission rates") == DOWN
    assert D.classify(s, "drug", "placebo", "response rates") == UP



def test_ns_for_nasal_spray_is_not_not_significant_and_a_loss_reads_the_other_way():
    s = _real("productivity_loss")
    # "NS-treated" is the nasal spray; the p-value after the outcome decides; less productivity loss = more productivity
    assert D.stated_significance(s, "esketamine nasal spray", "quetiapine XR", "work productivity") is True
    assert D.classify(s, "esketamine nasal spray", "quetiapine XR", "work productivity") == UP
    assert S.significance("x was lower (NS)") is False and S.significance("x was lower (p = ns)") is False
    # constructed: the loss word read as the change is not turned twice
    assert D.classify("Weight loss was significantly greater with the drug than placebo (p < 0.01).", "drug", "placebo",
                      "weight") == DOWN



@pytest.mark.parametrize("sentence, outcome, expected", [
    ("The drug significantly outperformed placebo on X.", "X", UP),
    ("Drug patients showed significantly less worsening of X.", "X", UP),
    ("Drug patients showed significantly less worsening of pain (p = 0.01).", "pain", DOWN),
    ("X rose significantly with placebo but not with the drug (p between groups = 0.03).", "X", DOWN),
])
def test_outperform_worsening_and_an_arm_contrast_after_but_not(sentence, outcome, expected):
    # constructed
    assert D.classify(sentence, "drug", "placebo", outcome) == expected



def test_benefit_prior_reads_the_outcome_s_clause():
    # constructed: significant for the outcome, no direction written; another outcome did not differ
    record = {"title": "Iron in pregnancy", "intervention": "iron", "comparator": "placebo", "outcome": "ferritin",
              "abstract": "METHODS: Women were randomised to iron or placebo.\nRESULTS: There were statistically "
                          "significant differences between the two groups in haemoglobin and ferritin levels, but the "
                          "incidence of anaemia showed no difference."}
    label, evidence = infer_one(record)
    assert label == UP and evidence.startswith("There were statistically significant differences")


@pytest.mark.parametrize("sentence, outcome, expected", [
    # a baseline reference is no arm, however it is worded
    ("X was significantly increased compared with that observed before intake in the drug group but not the placebo group.",
     "X", UP),
    # values labelled by arm inside one bracket, named in the other order
    ("There was a significant (p < 0.05) increase in X in each subject (placebo +18%, drug +34%).", "X", UP),
    # "post-intervention" is a time, not the intervention arm
    ("X was significantly greater following drug vs. placebo (p < .05) and effects were retained 6 months post-intervention.",
     "X", UP),
    # the outcome is the improvement itself, on a lower-is-better measure
    ("The drug group showed significant improvement in dyspnea (p < 0.05).", "improvement in dyspnea", UP),
    # a CI bound written with a plus sign
    ("Mean number of X days (-1%; 95% CI [-15% to +13%])", "mean number of X days", SAME),
    # a ratio whose arms are named before its value, in either order
    ("The hazard ratio for death with the drug versus placebo was 0.70 (95% CI 0.55-0.89).", "death", DOWN),
    ("The hazard ratio for death with placebo versus the drug was 1.40 (95% CI 1.1-1.8).", "death", DOWN),
    ("The odds ratio for X (placebo vs drug) was 0.4 (95% CI 0.2-0.8).", "X", UP),
    # "treatment with placebo" names the comparator
    ("Treatment with placebo resulted in significantly higher X (p = 0.01).", "X", DOWN),
    # "12 of 40" is one proportion
    ("X developed in 12 of 40 drug patients and 4 of 40 placebo patients (p = 0.01).", "X", UP),
    # values in a clause naming no arm follow the order in which the sentence names the arms
    ("Patients were given placebo or the drug; mean X at 24 h was 5.1 vs 3.2 (p < 0.01).", "X", DOWN),
    # "unlike" introduces the reference arm
    ("Unlike placebo, the drug significantly increased X (p < 0.01).", "X", UP),
    # a difference taken comparator minus intervention
    ("The mean difference (placebo - drug) in X was -1.3 (95% CI -2.1 to -0.5).", "X", UP),
])
def test_arm_order_and_reference_constructions(sentence, outcome, expected):
    # constructed
    assert D.classify(sentence, "drug", "placebo", outcome) == expected


@pytest.mark.parametrize("sentence, outcome, expected", [
    # the direction word nearest the outcome's mention by the gap between them
    ("X was lower and Y higher in the drug group (p < 0.01).", "Y", UP),
    ("X was lower and Y higher in the drug group (p < 0.01).", "X", DOWN),
    # a magnitude written after the outcome of a change
    ("The increase in X was significantly lower in the drug group (p = 0.01).", "X", DOWN),
    ("The decrease in X was significantly smaller in the drug group (p = 0.01).", "X", UP),
    # directions listed respectively
    ("X and Y were significantly higher and lower, respectively, in the drug group (p < 0.05).", "Y", DOWN),
    ("X and Y were significantly higher and lower, respectively, in the drug group (p < 0.05).", "X", UP),
    # within-group changes when the between-group difference was not significant
    ("X decreased significantly from baseline with the drug (p < 0.01) and with placebo (p < 0.01); the between-group "
     "difference was not significant.", "X", SAME),
    # a severity scale is lower-is-better
    ("The drug group improved by 15 points on the MADRS, the placebo group by 8 (p < 0.001).", "MADRS", DOWN),
    # p-values written with a colon or after "p value"; a ratio's interval without its label
    ("X was lower with the drug (p: 0.26).", "X", SAME),
    ("X was lower with the drug (p value 0.26).", "X", SAME),
    ("The risk of X was lower with the drug (RR 0.6; 0.3 to 1.2).", "X", SAME),
    ("The risk of X was lower with the drug (OR 0.6 [0.4-0.9]).", "X", DOWN),
    # "protected against"
    ("The drug protected against X (p = 0.01).", "X", DOWN),
    # "without affecting Y": no difference for Y, the first clause for X
    ("The drug reduced X (p = 0.02) without affecting Y.", "Y", SAME),
    ("The drug reduced X (p = 0.02) without affecting Y.", "X", DOWN),
    # a leading exception clause
    ("Apart from a higher rate of X (p = 0.01), adverse events were similar between groups.", "adverse events", SAME),
    ("Apart from a higher rate of X (p = 0.01), adverse events were similar between groups.", "X", UP),
    # elliptical negation of a noun phrase
    ("The drug improved X (p < 0.001), Y (p = 0.002) and Z (p = 0.01) scores, but not W scores.", "W scores", SAME),
    # arms ordered by a sign
    ("X: placebo > drug (p < 0.01).", "X", DOWN),
    # each arm's amount of one change: the bigger change, in the change's direction
    ("X decreased by 2 points with placebo and by 5 points with the drug (p < 0.01).", "X", DOWN),
    ("Placebo reduced X by 20%, the drug by 50% (p < 0.01).", "X", DOWN),
    ("X gain was 1.2 kg with the drug and 3.4 kg with placebo (p < 0.01).", "X gain", DOWN),
])
def test_direction_word_choice_and_significance_forms(sentence, outcome, expected):
    # constructed
    assert D.classify(sentence, "drug", "placebo", outcome) == expected


def test_but_not_with_another_dose_after_versus_placebo():
    # constructed: "versus placebo" names the reference; the dose after "but not" is the one that did not differ
    s = "X was significantly higher with drug 30 mg versus placebo, but not with drug 60 mg."
    assert D.classify(s, "drug 60 mg", "placebo", "X") == SAME
    assert D.classify(s, "drug 30 mg", "placebo", "X") == UP


def test_a_drug_the_comparator_lacks_names_the_intervention():
    # constructed: the comparator is described as lacking the drug
    s = "The trimetazidine group had significantly lower CRP (p = 0.01)."
    assert D.classify(s, "trimetazidine 60 mg/day", "control (no trimetazidine)", "CRP") == DOWN
    assert D.classify(s, "control (no trimetazidine)", "trimetazidine 60 mg/day", "CRP") == UP
    # ... and a value followed by the arm's name is that arm's
    s = "Screening attendance was 60% among women who received reminders and 45% among those who did not (p = 0.01)."
    assert D.classify(s, "SMS reminders", "no reminders", "screening attendance") == UP


def test_group_labels_that_abbreviate_an_arm_and_a_leading_reference():
    # constructed: "PP" = prebiotic + probiotic (initials); the arm after the comma is the subject
    s = "Compared to the other children, children in the PP group had a 16% reduction in X (p = 0.004)."
    assert D.classify(s, "prebiotic oligosaccharide and probiotic B. lactis", "control milk", "X") == DOWN
    s = "X was significantly lower in the PP group than in the Co group (p = 0.01)."
    assert D.classify(s, "prebiotic oligosaccharide and probiotic B. lactis", "control milk", "X") == DOWN
    assert D.classify(s, "control milk", "prebiotic oligosaccharide and probiotic B. lactis", "X") == UP


def test_a_p_value_letter_is_not_an_arm_called_p():
    # constructed: the comparator is abbreviated "(P)"; "p = 0.04" must not name it
    s = "X fell significantly with lisinopril (-3.3 mmHg, p = 0.04)."
    assert mentions.arm_positions(s.lower(), "lisinopril (L)", "pravastatin (P)")[1] == []


@pytest.mark.parametrize("sentence, intervention, comparator, outcome, expected", [
    # "poorer" is "worse": lower for an outcome where more is better
    ("Patients given the drug had significantly poorer X function than those given placebo (p < 0.05) and higher "
     "Y scores.", "drug", "placebo", "X function", DOWN),
    # a direction word after the outcome and a bare "and" opens the next item
    ("The drug group had better mood, higher levels of X and lower levels of Y than placebo (all p < 0.05).",
     "drug", "placebo", "X", UP),
    # a change within one group, "without differences among the 3 groups"
    ("X decreased significantly in the drug group after 8 weeks (p < 0.01), without differences among the 3 groups "
     "(p > 0.05).", "drug", "placebo", "X", SAME),
    # a ratio's values, with no arm named, are not two arms' values
    ("The incidence rate ratio was 0.38 (95% CI 0.20-0.76) overall and 0.07 (95% CI 0.01-0.57) among the elderly.",
     "drug", "placebo", "incidence rate ratio among the elderly", DOWN),
    # "A, but not B, reduced X" is one clause whose subject is A
    ("The drug, but not placebo, significantly (p < 0.05) reduced X, Y and Z.", "drug", "placebo", "X", DOWN),
    # time to a harm is better longer; so is relief of symptoms
    ("Time to relapse was better with the drug (p < 0.05).", "drug", "placebo", "time to relapse", UP),
    ("The drug was significantly more effective than placebo in maintaining relief of symptoms.",
     "drug", "placebo", "relapse of symptoms", DOWN),
    ("The drug was significantly more effective than placebo in maintaining relief of symptoms.",
     "drug", "placebo", "relief of symptoms", UP),
    # a negated arm word names the arm that lacks it
    ("Range of motion was 11 degrees more in the non-tourniquet group (p = 0.001).",
     "TKA with tourniquet", "without tourniquet", "range of motion", DOWN),
    # when a clause names both arms by their group labels, the labels alone decide ("h" of "72 h" names no arm)
    ("At 72 h, Group T had significantly higher sodium levels than Group H (133.4 vs. 131.3 mEq/L).",
     "Group H (n = 20), 3% saline infused at 20 mL/h", "Group T received oral tolvaptan 15 mg on day 1", "sodium levels", DOWN),
    # "vs. baseline" (with its dot) is no reference arm
    ("The X difference (at 60 minutes vs. baseline) was significantly greater in the tube group than in the "
     "trabeculectomy group (P = 0.03).", "filtration surgery (trabeculectomy)", "filtration surgery (tube)", "X difference", DOWN),
    # "higher increase": a magnitude on a change, the one nearest the outcome
    ("The cream caused significantly greater reduction in area and significantly higher increase in mineral content "
     "compared to the control group (P < 0.05).", "cream", "control", "mineral content", UP),
    # "A fell in one group and B rose in the other": two clauses
    ("Glucose decreased significantly (P = 0.02) in the krill group and vitamin D increased significantly in the fish "
     "group (P = 0.02).", "fish oil", "krill oil", "vitamin D", UP),
    # values listed against a list of arms
    ("Mean X was 53.9 ± 1.9, 54.2 ± 1.9, and 35.3 ± 2.0 mL/min per 1.73 m2 for drug high, drug low and placebo, "
     "respectively (p < 0.001).", "drug (high or low dose)", "placebo", "mean X", UP),
    # bare numbers beside two proportions are labels ("grade 2")
    ("The incidence of at least grade 2 X in the drug group was 20.5% compared to 44.5% in the placebo group (p = 0.04).",
     "drug", "placebo", "X", DOWN),
    # the two arms named as not differing, in a clause without its own subject
    ("X was increased in group C compared to placebo and drug (p = 0.03) and did not differ between drug and placebo.",
     "drug", "placebo", "X", SAME),
    # "in both treatment groups": a change in both arms is no difference between them
    ("In both treatment groups, X was significantly reduced from pre to post and there were no significant "
     "differences in Y between drug and placebo.", "drug", "placebo", "X", SAME),
])
def test_rules_of_round_four(sentence, intervention, comparator, outcome, expected):
    # constructed; each case fails with its rule's switch turned off
    assert D.classify(sentence, intervention, comparator, outcome) == expected



@pytest.mark.parametrize("sentence, outcome, expected", [
    # alexithymia and dysregulation scales: lower is better, so "greater improvement" is a decrease
    ("The drug led to significantly greater improvement on the TAS-20 alexithymia scale than placebo (p < 0.01).",
     "Toronto Alexithymia Scale", DOWN),
    ("The drug led to significantly greater improvement in affect dysregulation than placebo (p < 0.01).",
     "affect dysregulation", DOWN),
    # "significance was not observed" negates
    ("Statistical significance was not observed for the primary hypotheses; however, medium effect sizes were found "
     "for X with the drug compared to placebo (d = .79).", "X", SAME),
    # an elliptical "but not" noun phrase with a bracket, and "the only exception was"
    ("The drug produced significant differences in long-term X at 6 months but not short-term (quit-week to 2-weeks) X.",
     "short-term (quit-week to 2-weeks) X", SAME),
    ("The drug led to significantly greater improvement on A, B and C; the only exception was D.", "D", SAME),
    # the clause naming the outcome's time point
    ("X differed significantly between the 2 groups at 4 and 24 hours postoperatively (P < .05), but not at 48 hours "
     "(P > .05).", "X at 48 hours postoperatively", SAME),
    # a negation with its own object belongs to its clause
    ("The drug had no significant effect on Y, but placebo reduced Z, and the drug reduced X.", "X", DOWN),
])
def test_rules_of_rounds_five_and_six(sentence, outcome, expected):
    # constructed; each case fails without its rule
    assert D.classify(sentence, "drug", "placebo", outcome) == expected


@pytest.mark.parametrize("sentence, outcome, expected", [
    # "dropout" is withdrawal from the study, not a drop
    ("Dropout was lower with placebo than with the drug (20% vs 45%; p = 0.03).", "dropout", UP),
    # a trend toward a difference is no significant difference
    ("The drug showed a trend towards lower X than placebo.", "X", SAME),
    ("The drug showed a nonstatistically significant trend toward decreased X.", "X", SAME),
    # "no higher than", "no evidence of"
    ("The frequency of X was no higher than for placebo.", "frequency of X", SAME),
    ("With the drug, X showed no evidence of impairment, while Y was impaired.", "X", SAME),
    # "without significantly attenuating X" is X's own clause
    ("The drug significantly reduced Y, without significantly attenuating X.", "X", SAME),
    # "potentiated", "magnified" are up words
    ("The drug potentiated the X response to stress compared with placebo.", "X response", UP),
    ("The drug magnified X compared with placebo.", "X", UP),
    # a closing bracket after the outcome does not join it to the next item's word
    ("The drug decreased PPI at short lead intervals (30 ms), increased Y, and increased Z.",
     "prepulse inhibition at 30 ms lead interval", DOWN),
    # an outcome named by its change is that change: more of it is up ...
    ("The drug group had significantly greater decreases in X (mean change -58) than placebo (-11).", "decrease in X", UP),
    ("X was significantly reduced in the drug but not the placebo group (p = 0.01).", "reduction in X", UP),
    ("Change in X was significantly greater for the drug than placebo (mean difference: -5.3; p = 0.015).",
     "reduction in X", UP),
    ("There was a significant reduction in X following the drug versus placebo (p = .03).", "reduction in X", UP),
    # ... and the better for it, where the measure is one where less is better
    ("The drug was significantly superior to placebo for reducing depressive symptoms.",
     "reduction in depressive symptoms", UP),
    ("A significantly greater improvement in MADRS score was seen with the drug than placebo (mean difference=-5.3).",
     "improvement in MADRS score", UP),
    # ... while the measure itself still falls ("weight loss" is a fall in weight)
    ("Weight loss was significantly greater with the drug than placebo (p < 0.01).", "weight", DOWN),
    # high in both groups early, then significantly higher in one named arm
    ("Response rates were high for both groups at D1, and significantly higher in the drug group at D7 (64% v. 27%; "
     "p = 0.04).", "response rate at D7", UP),
    # as many p-values as listed time points: the one at the outcome's day
    ("X on days 3, 14, 28 in the placebo and drug groups were 17 and 8% (p < 0.05), 24 and 9% (p < 0.05), and 19 and "
     "17% (p = 0.76) respectively.", "X on day 28", SAME),
    # "not superior to placebo"
    ("The drug was not superior to placebo in maintaining X.", "X", SAME),
    # "without significant X elevation", and a generic word ("scores") weighs less in choosing the clause
    ("Only Y scores increased significantly with the drug, without significant Z or X elevation.", "X scores", SAME),
])
def test_rules_of_round_seven(sentence, outcome, expected):
    # constructed; each case fails without its rule
    assert D.classify(sentence, "drug", "placebo", outcome) == expected


def test_rules_of_round_eight():
    # constructed; each fails without its rule
    # a letter after "group" is a label, so the sentence may end there
    sentences, _ = abstract_sentences("", "Pain was lower in Group I. The incidence of nausea was comparable (P = 0.4).")
    assert sentences == ["Pain was lower in Group I.", "The incidence of nausea was comparable (P = 0.4)."]
    # negative emotions, affect, behaviours: improvement is a fall
    assert D.classify("X achieved significant improvement in negative emotions versus Y.", "X", "Y", "negative emotions") == DOWN
    # a sentence comparing with placebo, when neither arm of the question is placebo, is about a third arm
    sentences = ["Alpha gave better relief than placebo (P = 0.004).", "Alpha gave better relief than gamma (P = 0.004)."]
    scores = D.rank_sentences(sentences, "alpha", "beta", "relief", ["results", "results"])
    assert scores[1] > scores[0]
    assert D.rank_sentences(sentences[:1], "alpha", "placebo", "relief", ["results"])[0] > scores[0]


def test_intervals_of_log_ratios_and_effect_sizes():
    # constructed: a log odds ratio's no effect is 0; Cohen's d and Hedges' g are differences
    assert S.ci_significance("lower X (log odds ratio: -0.5 [95% confidence interval: -1.4, 0.3])") is False
    assert S.ci_significance("lower X (log odds ratio: -0.9 [95% confidence interval: -1.4, -0.5])") is True
    assert S.ci_significance("X was lower with the drug (d=1.13, 95% CI=0.36, 1.91)") is True
    assert S.ci_significance("X was lower with the drug (g = 0.2, 95% CI = -0.1, 0.5)") is False
    # between the arms only: one arm's own change with its interval says nothing about the other arm
    assert S.ci_significance("X was lower with the drug (d=1.13, 95% CI=0.36, 1.91)", between_arms=True) is True
    assert S.ci_significance("the drug group had a mean reduction in X of 12.55 (95% CI = 6.70-18.09)",
                             between_arms=True) is None

# --- the public dev prompts (not shipped) ---------------------------------------------------

# Measured on ../shared/data/evidence-inference/prompts_dev.jsonl (770 prompts) when the rules were
# last changed; the test allows a small margin below them.
DEV_MACRO_F1 = {"A": 0.933, "B": 0.899}
DEV_EVIDENCE_FOUND = {"A": 0.920, "B": 0.911}
MARGIN = 0.02


def test_dev_prompts_score_at_least_the_measured_figures():
    path = expert_set("evidence_inference_dev")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for half in ("A", "B"):
        result = evaluate_records([r for r in records if split_of(r) == half])
        assert result["macro_f1"] >= DEV_MACRO_F1[half] - MARGIN, (half, result["macro_f1"])
        assert result["evidence_found"] >= DEV_EVIDENCE_FOUND[half] - MARGIN, (half, result["evidence_found"])


# Our own held-out sets (tests/fixtures/README.md), measured when the rules were last changed: first looks
# psychedelic 0.799 / evidence 0.905, ketamine 0.838 / 0.849; rounds 5-6 wrote rules from each set's half A
# only; in round 7 both halves were read in an error list (ketamine B gained one answer from a bug fix).
CORPUS_PROMPTS = {
    "psychedelic": (PSYCHEDELIC_PROMPTS, 116, {"A": (0.912, 0.875), "B": (0.792, 0.933)}),
    "ketamine": (KETAMINE_PROMPTS, 73, {"A": (0.947, 0.927), "B": (0.817, 0.750)}),
}


@pytest.mark.parametrize("name", sorted(CORPUS_PROMPTS))
def test_corpus_prompts_are_well_formed(name):
    path, size, _ = CORPUS_PROMPTS[name]
    records = read_prompts(path, need_label=True)
    assert len(records) == size and len({r["prompt_id"] for r in records}) == size
    assert {r["label"] for r in records} == set(D.LABELS)
    assert all(e in r["abstract"] for r in records for e in r["evidence"])
    assert {split_of(r) for r in records} == {"A", "B"}


@pytest.mark.parametrize("name", sorted(CORPUS_PROMPTS))
def test_corpus_prompts_score_at_least_the_measured_figures(name):
    path, _, measured = CORPUS_PROMPTS[name]
    records = read_prompts(path, need_label=True)
    for half, (macro_f1, found) in measured.items():
        result = evaluate_records([r for r in records if split_of(r) == half])
        assert result["macro_f1"] >= macro_f1 - MARGIN, (half, result["macro_f1"])
        assert result["evidence_found"] >= found - MARGIN, (half, result["evidence_found"])


# Our questions on PsyNamic abstracts (tests/fixtures/README.md): randomised trials first looked at 0.747 / evidence
# 0.901 and other comparative designs 0.760 / 0.912 before round 7; round 7 was written from the randomised half A
# (then half B), so these are partly tuned figures, measured when the rules were last changed.
PSYNAMIC_FIGURES = {("randomised", "A"): (0.897, 0.905), ("randomised", "B"): (0.799, 0.897),
                    ("other", "A"): (0.830, 0.941), ("other", "B"): (0.779, 0.875)}


def test_psynamic_questions_ship_without_the_abstracts():
    records = [json.loads(line) for line in PSYNAMIC_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(records) == 364 and len({r["prompt_id"] for r in records}) == 364
    assert not {"title", "abstract"} & set().union(*records)
    assert {r["label"] for r in records} == set(D.LABELS) and {r["design"] for r in records} == {"randomised", "other"}


def test_psynamic_questions_refuse_another_file():
    from tests.fixtures.join_prompts import join

    with pytest.raises(ValueError, match="is not the abstract question"):
        join(ROOT / "tests" / "fixtures" / "corpus_slice.jsonl", PSYNAMIC_QUESTIONS)


# Our new questions on Evidence Inference abstracts (tests/fixtures/README.md): first looked at with round 7's rules,
# set 1 0.746 / 0.835 and set 2 0.783 / 0.849; round 8 read set 1's and set 2's half A only.
EI_FIGURES = {(1, "A"): (0.771, 0.862), (1, "B"): (0.713, 0.805), (2, "A"): (0.792, 0.854), (2, "B"): (0.774, 0.844)}


def test_ei_questions_ship_without_the_abstracts():
    records = [json.loads(line) for line in EI_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(records) == 539 and len({r["prompt_id"] for r in records}) == 539
    assert not {"title", "abstract"} & set().union(*records)
    assert {r["label"] for r in records} == set(D.LABELS) and {r["set"] for r in records} == {1, 2}


def test_ei_questions_refuse_another_file(tmp_path):
    from tests.fixtures.join_prompts import join

    first = json.loads(EI_QUESTIONS.read_text(encoding="utf-8").splitlines()[0])
    other = tmp_path / "prompts.jsonl"
    other.write_text(json.dumps({"pmcid": first["pmcid"], "title": "Another trial", "abstract": "Text."}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="is not the abstract question"):
        join(other, EI_QUESTIONS)


# The question sets that ship without their abstracts: how to join them, the key of their groups, their figures.
JOINED_QUESTIONS = {"psynamic": (psynamic_prompts, "design", PSYNAMIC_FIGURES), "ei": (ei_prompts, "set", EI_FIGURES)}


@pytest.mark.parametrize("name", sorted(JOINED_QUESTIONS))
def test_joined_questions_score_at_least_the_measured_figures(name):
    join, key, figures = JOINED_QUESTIONS[name]
    records = join()
    assert all(r["evidence"] in r["abstract"] or r["evidence"] in r["title"] for r in records)
    for (group, half), (macro_f1, found) in figures.items():
        result = evaluate_records([r for r in records if r[key] == group and split_of(r) == half])
        assert result["macro_f1"] >= macro_f1 - MARGIN, (group, half, result["macro_f1"])
        assert result["evidence_found"] >= found - MARGIN, (group, half, result["evidence_found"])


def test_dev_prompts_rules_beat_word_overlap():
    from analysis.inference import baseline_one

    path = expert_set("evidence_inference_dev")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    sample = records[::5]
    rules, overlap = evaluate_records(sample), evaluate_records(sample, baseline_one)
    assert rules["macro_f1"] > overlap["macro_f1"] + 0.15
    assert rules["evidence_found"] > overlap["evidence_found"] + 0.1


def test_infer_one_on_a_corpus_abstract():
    label, evidence = infer_one(_prompt("39382685", 1, "SI scores", intervention="racemic ketamine",
                                        comparator="placebo"))
    assert label == DOWN and evidence.startswith("Racemic ketamine also led to significantly lower SI scores")


def test_group_initials_name_the_arms():
    # constructed: anaesthesia trials often call the arms by the drug's initial
    sentence = "Time to first analgesic request was shorter in group P than in group K (p < 0.001)."
    assert D.classify(sentence, "ketamine", "placebo", "time to first analgesic request") == UP


def test_a_sentence_with_a_colon_is_not_a_heading():
    # constructed
    sentences, sections = abstract_sentences("", "In this trial: pain was lower with ketamine (p = 0.01).\nResults: none.")
    assert sentences[0].startswith("In this trial: pain") and sections[-1] == "results"


@pytest.mark.parametrize("content", [None, '{"title": "x", "abstract": "y"\n', '{"title": "x"}\n'])
def test_ablation_script_bad_input_is_one_line_and_exit_2(tmp_path, content):
    path = tmp_path / "prompts.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "ablate_inference.py"), "--labelled", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr

"""Sample-size and design rules, each checked on verbatim sentences from the shared corpus.

Sentences are copied from ../shared/data/corpus/pubmed_psychedelic_trials_2023_2025.jsonl
(PMIDs cited per test), never from the labelled development set.
"""

from __future__ import annotations

from analysis import label_text

# PMID 40400347 (title and abstract, verbatim excerpt).
MODEL_TITLE = "Impact analysis of expanded access to ketamine for treatment-resistant depression."
MODEL_ABSTRACT = (
    "Aim: This study aimed to estimate the economic impacts of expanded access to ketamine relative to "
    "electroconvulsive therapy (ECT) by offering intravenous ketamine to US patients with nonpsychotic "
    "treatment-resistant depression (TRD) and moderate-to-severe depression. Materials & methods: A "
    "population-level Markov simulation model with key parameters from a randomized trial was used to "
    "simulate the economic impacts of managing TRD with intravenous ketamine versus ECT over a 5-year "
    "horizon. Results: In year 1, our model included 350,000 eligible patients. In years 2 through 5, our "
    "model added 11,296 eligible patients annually. Conclusion: For US patients with TRD and "
    "moderate-to-severe depression, ketamine may be a noninferior treatment relative to ECT to improve "
    "depression symptoms."
)


def test_modelling_study_is_not_an_rct_and_has_no_participants():
    out = label_text(MODEL_TITLE, MODEL_ABSTRACT)
    assert out["design"] == "other"
    assert "Markov simulation model" in out["design_evidence"]
    assert out["sample_size"] is None


def test_modelled_population_sentence_is_not_a_count():
    # PMID 40400347: the modelled population, even without the modelling cue in the methods.
    out = label_text("Ketamine for depression.", "Results: In year 1, our model included 350,000 eligible patients.")
    assert out["sample_size"] is None


def test_groups_sharing_one_noun_are_summed():
    # PMID 37652035: two groups named before one shared noun are both counted (321 + 301).
    out = label_text(
        "Psychoeducation about psychedelic-assisted psychotherapy.",
        "METHODS: We randomly assigned 321 BIPOC and 301 non-Hispanic White participants to four different modes"
        " of psychoeducation (didactic, visual, narrative, hope-based) and tested effects on likelihood of seeking"
        " and referring others to PAP using ANCOVAS.",
    )
    assert out["sample_size"] == 622


def test_review_participants_in_parentheses_after_studies():
    # PMID 40759067: "238 studies (380,505 participants)" gives the pooled participants, not the studies.
    out = label_text(
        "Psychedelics and mental health: a systematic review.",
        "RESULTS: A total of 238 studies (380,505 participants) met inclusion criteria.",
    )
    assert out["design"] == "systematic_review"
    assert (out["sample_size"], out["sample_size_basis"]) == (380505, "included_participants")


def test_threshold_after_comparative_is_not_a_count():
    # PMID 38321436: "scores equal to or greater than 13" is a cut-off, not 13 people.
    import re

    from analysis import vocabulary as V

    before = "classified by Edinburgh Postnatal Depression Scale (EPDS) scores equal to or greater than "
    assert re.compile(V.NOT_A_COUNT_BEFORE, re.I).search(before[-20:])


def test_total_wins_over_an_earlier_group_count():
    # PMID 40353492: the count after "a total of" is the sentence's total.
    from analysis.sample_size import _TOTAL_BEFORE

    s = ("Thirteen of the included studies reported randomized trials, while 12 were open-label studies, on a"
         " total of ")
    assert _TOTAL_BEFORE.search(s)
    assert not _TOTAL_BEFORE.search("Thirteen of the included studies reported randomized trials, while ")


def test_breakdown_in_parentheses_after_a_count_is_not_a_count():
    # PMID 39764567: "30 (11 females [37%] and 19 males [63%])" - 11 and 19 break down the 30.
    import re

    from analysis import vocabulary as V

    assert re.compile(V.NOT_A_COUNT_BEFORE, re.I).search("were enrolled and 30 (")
    out = label_text(
        "Psilocybin versus escitalopram.",
        "RESULTS: Between January 15th, 2019 and March 20th, 2020, 59 patients were enrolled and 30 (11 females"
        " [37%] and 19 males [63%]) were assigned to the psilocybin group and 29 (9 females [31%] and 20 males"
        " [69%]) to the escitalopram group.",
    )
    assert out["sample_size"] == 59


def test_per_group_counts_are_not_totals():
    # PMID 38179107: "1.5 patients per week" - a count followed by "per ..." is a rate/per-group count.
    import re

    from analysis import vocabulary as V

    after = re.compile(V.PER_GROUP_AFTER, re.I)
    assert after.match(" per week).")
    assert not after.match(" were allocated a treatment")
    before = re.compile(V.PER_GROUP_BEFORE, re.I)
    assert before.search("with each cohort comprised of ")
    assert not before.search("Each of ")


def test_abbreviated_group_names_exclude_study_abbreviations():
    # PMID 38744161: "17 RCTs with 1370 patients were included" - RCTs are studies, not a group of people.
    import re

    from analysis import vocabulary as V

    abbr = re.compile(V.GROUP_ABBREVIATION)
    assert not abbr.match("RCTs with 1370 patients were included")
    assert abbr.match("HCs")


def test_randomised_total_in_parentheses_precedes_arm_sizes():
    # PMID 38277735: "(N=220) were randomized" is the total; the arm sizes follow it.
    out = label_text(
        "Contingency management for cannabis use.",
        "METHODS: Participants (N=220) were randomized to 4 weeks of abstinence-based CM (CB-Abst; n=126) or"
        " monitoring (CB-Mon; n=94).",
    )
    assert (out["sample_size"], out["sample_size_basis"]) == (220, "randomised")


def test_k_groups_of_n_each():
    # PMID 38281929: four groups of 36 each are 144 women (agrees with the stated total).
    out = label_text(
        "Ketamine in gynecological laparoscopy.",
        "METHODS: This study was carried out on 144 adult women scheduled for gynecological laparoscopy,"
        " randomly allocated into four groups: three intervention groups and a control group (36 each).",
    )
    assert out["sample_size"] == 144


def test_sentence_about_each_group_is_skipped_but_totals_are_kept():
    import re

    from analysis import vocabulary as V

    per_sentence = re.compile(V.PER_GROUP_SENTENCE, re.I)
    # PMID 38179107: a sentence about each group.
    assert per_sentence.search("In each group, 7/16 participants correctly guessed which intervention they received.")
    # PMID 38849859: the total before "70 in each group" is kept.
    out = label_text("Esketamine trial.", "RESULTS: The study comprised 140 participants, with 70 in each group.")
    assert out["sample_size"] == 140
    # PMID 39669539: "will each receive" is not a per-group count.
    out = label_text(
        "Psilocybin microdosing protocol.",
        "METHODS: 12 healthy participants will each receive three doses of psilocybin (between 5 and 20 mg) in"
        " a randomized order, with each dose administered at least 1 week apart.",
    )
    assert out["sample_size"] == 12


def test_sentences_marked_registration_are_searched_last():
    # PMID 38198456: a scientific sentence that carries a registry number is marked "registration";
    # such sentences can still state the sample, so they are searched (after every other section).
    from analysis.sample_size import _SECTION_ORDER, _ordered
    from analysis.text import build_doc

    doc = build_doc(
        "Effects of MDMA-assisted therapy for PTSD on self-experience.",
        "INTRODUCTION: There is a resurgence of interest in the therapeutic potential of psychedelic substances"
        " such as 3,4-methylenedioxymethamphetamine (MDMA). Primary findings from our randomized, double-blind,"
        " placebo-controlled, multi-site Phase 3 clinical trial of participants with severe PTSD (NCT03537014)"
        " showed that MDMA-assisted therapy induced significant attenuation in the Clinician-Administered PTSD"
        " Scale for DSM-5 compared to Therapy with placebo.",
    )
    registration = [s for s in doc.sentences if s.section == "registration"]
    assert registration and "NCT03537014" in registration[0].norm
    assert _SECTION_ORDER[-1] == "registration"
    assert _ordered(doc, False)[-1].section == "registration"


def test_economic_evaluation_alongside_a_trial_keeps_its_participants():
    # PMID 40441625: a cost-utility analysis of real trial participants is not a modelled population.
    out = label_text(
        "Economic evaluation of subcutaneous ketamine injections for treatment resistant depression: A randomised,"
        " double-blind, active-controlled trial - The KADS study.",
        "A cost-utility analysis alongside the KADS randomised controlled trial (RCT) involved 174 participants"
        " receiving ketamine or midazolam (active control) twice weekly for 4 weeks.",
    )
    assert out["sample_size"] == 174

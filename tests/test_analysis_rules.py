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
    from analysis.sample_size import _SECTION_ORDER, _number_words, _ordered
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
    assert _ordered(doc, _number_words(doc))[-1].section == "registration"


def test_economic_evaluation_alongside_a_trial_keeps_its_participants():
    # PMID 40441625: a cost-utility analysis of real trial participants is not a modelled population.
    out = label_text(
        "Economic evaluation of subcutaneous ketamine injections for treatment resistant depression: A randomised,"
        " double-blind, active-controlled trial - The KADS study.",
        "A cost-utility analysis alongside the KADS randomised controlled trial (RCT) involved 174 participants"
        " receiving ketamine or midazolam (active control) twice weekly for 4 weeks.",
    )
    assert out["sample_size"] == 174


# -- participants in groups reported in sentences of their own ------------------------------
# (constructed sentences in the style of imaging and laboratory abstracts: the shared corpus has
# no abstract that reports its controls in a separate sentence)
def test_controls_in_their_own_sentence_are_added():
    out = label_text(
        "Ketamine and resting-state connectivity in depression.",
        "METHODS: Patients with depression (n = 60) received MRI scans before and after four ketamine "
        "infusions. Nineteen unaffected controls were assessed at similar timepoints. RESULTS: Connectivity "
        "predicted symptom change.",
    )
    assert out["sample_size"] == 79
    assert "Nineteen unaffected controls" in out["sample_size_evidence"]


def test_second_sample_is_added_but_a_subset_is_not():
    out = label_text(
        "Early response to esketamine.",
        "METHODS: In the original sample (N = 50), esketamine was given in routine care. The model was "
        "validated in the confirmatory sample (N = 55). Of these patients, n = 48 completed the study.",
    )
    assert out["sample_size"] == 105


def test_controls_already_counted_with_the_patients_are_not_added_twice():
    out = label_text(
        "Default mode connectivity after ketamine.",
        "METHODS: Data were drawn from a crossover study of 58 participants (33 with MDD and 25 healthy "
        "controls). Healthy controls (n = 25) received placebo on one day.",
    )
    assert out["sample_size"] == 58


def test_equally_sized_groups_multiply_the_count():
    out = label_text(
        "Evoked potentials in ecstasy users.",
        "We performed an auditory evoked potentials study in 28 abstinent recreational ecstasy users and two "
        "equally sized groups of cannabis users and nonusers.",
    )
    assert out["sample_size"] == 84


# -- conclusions and designs ---------------------------------------------------------------
PSILOCYBIN_AUD = (  # PMID 40144690, end of the abstract verbatim (a heading after "( " as in PubMed)
    "FINDINGS: We included 37 participants who completed the 4-week follow-up (female:male\xa0=\xa014:23; "
    "psilocybin\xa0=\xa018, placebo\xa0=\xa019) in the analysis. There were no significant differences between "
    "groups in abstinence duration ( INTERPRETATION: A single dose of psilocybin combined with five "
    "psychotherapy sessions may not be sufficient to reduce relapse rates and alcohol use in severely "
    "affected AUD patients following withdrawal treatment. However, given the limited sample size of our "
    "study, larger trials are needed in the future to confirm these findings. FUNDING: Swiss National "
    "Science Foundation under the framework of Neuron Cofund, Swiss Neuromatrix Foundation, and Heffter "
    "Young Investigator Fellowship Award."
)


def test_heading_after_an_open_parenthesis_starts_the_conclusions():
    out = label_text(
        "Psilocybin-assisted therapy for relapse prevention in alcohol use disorder: a phase 2 randomized "
        "clinical trial.", PSILOCYBIN_AUD,
    )
    assert out["conclusion_evidence"].startswith("A single dose of psilocybin")
    assert "Swiss National Science Foundation" not in out["conclusion_evidence"]


def test_may_not_be_sufficient_is_not_a_positive_verdict():
    out = label_text("Psilocybin for alcohol use disorder: a randomized clinical trial.", PSILOCYBIN_AUD)
    assert out["conclusion"] != "positive"


def test_disclosures_are_not_part_of_the_conclusion():
    out = label_text(
        "Intranasal esketamine versus quetiapine in treatment-resistant depression: a randomized trial.",
        "RESULTS: Remission was more frequent with esketamine. CONCLUSIONS: Esketamine was superior to the "
        "active comparator on the primary endpoint. Disclosure statement: Dr. A reports a patent; no financial "
        "benefit was received from this patent.",
    )
    assert out["conclusion"] == "positive"
    assert "patent" not in out["conclusion_evidence"]


def test_uncertain_safety_is_not_a_safety_verdict():
    # PMID 40643096: a cross-sectional analysis of trial registrations, no verdict on the drugs.
    out = label_text(
        "Unequal representation? A cross-sectional analysis of age, sex, race, and ethnicity in clinical "
        "trials of classic psychedelics.",
        "RESULTS: Nine eligible trials included eight with psilocybin and one with LSD. In the psilocybin "
        "trials ( CONCLUSIONS: The limited diversity in psychedelic trials demonstrates the need for broader "
        "recruitment. Without better representation, the safety and efficacy of these therapies remain "
        "uncertain. Standardized reporting and targeted strategies are essential to ensure equity.",
    )
    assert out["conclusion"] != "positive"


def test_title_headed_by_review_is_a_review_but_chart_review_is_not():
    review = label_text("Psychedelic medicines for end-of-life care: Pipeline clinical trial review 2022.", "")
    assert review["design"] == "review"
    # PMID 38194244: a chart review is an observational study of patients.
    chart = label_text(
        "Esketamine Augmentation in Treatment-Resistant Obsessive-Compulsive Disorder: A Retrospective Chart "
        "Review.",
        "RESULTS: Eight subjects were identified in this retrospective chart review: esketamine was "
        "administered subcutaneously in 7 and intravenously in 1.",
    )
    assert chart["design"] == "observational"


def test_verdict_before_a_closing_call_for_research_is_read():
    # PMID 39532819 (verbatim): its last heading is FINDINGS and the last sentence only asks for
    # more research, so the authors' verdict is the sentence before it.
    out = label_text(
        "Preliminary Evidence of Sleep Improvements Following Psilocybin Administration, and their "
        "Involvement in Antidepressant Therapeutic Action.",
        "PURPOSE OF THE STUDY: Psilocybin is a rapidly-emerging treatment for depression, yet its impact on "
        "sleep is not well understood. We sought to explore the literature on sleep and psilocybin use, and "
        "explore the topic using our own primary data. FINDINGS: Whilst clinical trials demonstrate large "
        "depressive symptom improvements, the impact of psilocybin on sleep quality or insomnia symptoms, has "
        "not been directly studied. Using our own preliminary-data we demonstrated that both depressive-symptoms "
        "and sleep-disturbances decreased significantly following psilocybin use, though sleep improvements "
        "were smaller compared to depressive symptoms. More severe sleep-disturbances at baseline were linked "
        "to lower probability of depression remission, underscoring a potential interaction between sleep and "
        "psilocybin's efficacy. Addressing sleep disturbances could enhance therapeutic outcomes in "
        "psilocybin-assisted therapy and could lead to more effective, personalized treatment-strategies. "
        "Future research should focus on populations with sleep disorders, and on examining causal-pathways of "
        "sleep physiology's impact on psilocybin efficacy.",
    )
    assert out["conclusion"] == "positive"
    assert "Addressing sleep disturbances" in out["conclusion_evidence"]


def test_controls_named_last_are_added_to_a_group_described_at_length():
    out = label_text(
        "Dopamine function in ecstasy users.",
        "Twelve MDMA users, who did not show other drug dependencies (group A), and 12 control subjects "
        "(group B) were included in the study.",
    )
    assert out["sample_size"] == 24

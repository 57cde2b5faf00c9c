"""Sample-size, design, structure and conclusion rules, each checked on verbatim sentences from the shared corpus.

Sentences are copied from ../shared/data/corpus/pubmed_psychedelic_trials_2023_2025.jsonl
(PMIDs cited per test), never from the labelled development set.
"""

from __future__ import annotations

from analysis import label_text
from analysis.text import build_doc

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

# PMID 38710325 (title and abstract, verbatim).
DOES_NOT_PREVENT_TITLE = (
    "Preoperative ketamine administration for prevention of postoperative neurocognitive disorders after "
    "major orthopedic surgery in elderly patients: A multicenter randomized blinded placebo-controlled "
    "trial."
)
DOES_NOT_PREVENT_ABSTRACT = (
    "BACKGROUND: Preventive anesthetic impact on the high rates of postoperative neurocognitive disorders"
    " in elderly patients is debated. The Prevention of postOperative Cognitive dysfunction by Ketamine "
    "(POCK) study aimed to assess the effect of ketamine on this condition. METHODS: This is a "
    "multicenter, randomized, double-blind, interventional study. Patients ≥60 years undergoing major "
    "orthopedic surgery were randomly assigned in a 1:1 ratio to receive preoperative ketamine 0.5 mg/kg "
    "as an intravenous bolus (n = 152) or placebo (n = 149) in random blocks stratified according to the "
    "study site, preoperative cognitive status and age. The primary outcome was the proportion of "
    "objective delayed neurocognitive recovery (dNR) defined as a decline of one or more "
    "neuropsychological assessment standard deviations on postoperative day 7. Secondary outcomes "
    "included a three-month incidence of objective postoperative neurocognitive disorder (POND), as well "
    "as delirium, anxiety, and symptoms of depression seven days and three months after surgery. RESULTS:"
    " Among 301 patients included, 292 (97%) completed the trial. Objective dNR occurred in 50 (38.8%) "
    "patients in the ketamine group and 54 (40.9%) patients in the placebo group (OR [95% CI] 0.92 [0.56;"
    " 1.51], p = 0.73) on postoperative day 7. Incidence of objective POND three months after surgery did"
    " not differ significantly between the two groups nor did incidence of delirium, anxiety, apathy, and"
    " fatigue. Symptoms of depression were less frequent in the ketamine group three months after surgery"
    " (OR [95% CI] 0.34 [0.13-0.86]). CONCLUSIONS: A single preoperative bolus of intravenous ketamine "
    "does not prevent the occurrence of dNR or POND in elderly patients scheduled for major orthopedic "
    "surgery. (Clinicaltrials.gov NCT02892916)."
)


# --- structure: headings PubMed glued to the previous text -------------------------------------

def test_capital_heading_glued_after_a_stripped_subscript_starts_its_section():
    # PMID 40783518: "SpO<sub>2</sub>" lost its subscript, leaving "... SpO CONCLUSION: Esketamine may ...".
    title = ("The effects of esketamine on postoperative delirium in older patients with fragile brain function"
             " during the non-acute phase following lung cancer surgery: a randomized controlled trial.")
    abstract = (
        "METHODS: One hundred and eight older patients undergoing thoracoscopic radical lung cancer surgery were"
        " randomly assigned to the control group or the esketamine group. Additionally, intraoperative dosages"
        " of propofol, sufentanil, and remifentani(mean ± SD)were recorded, along with postoperative extubation"
        " time, SpO RESULTS: Compared with the control group, the incidence of POD was significantly lower in the"
        " esketamine group at 24 h post-operation (3.8% vs. 15.1%, P = 0.046),but no difference at 72 h"
        " post-operation (0% vs. 7.5%, P = 0.126). After extubation, SpO CONCLUSION: Esketamine may reduce the"
        " incidence of early postoperative delirium in older patients with fragile brain function undergoing lung"
        " cancer surgery during the non-acute phase, appear to inhibit inflammation levels, and be associated with"
        " shortening postoperative recovery time."
    )
    doc = build_doc(title, abstract)
    assert [s.section for s in doc.sentences if s.text.startswith("Esketamine may reduce")] == ["conclusions"]
    assert [s.section for s in doc.sentences if s.text.startswith("Compared with the control")] == ["results"]
    out = label_text(title, abstract)
    assert out["conclusion"] == "positive"
    assert out["conclusion_evidence"].startswith("Esketamine may reduce the incidence")


def test_capital_words_that_name_no_section_are_not_headings():
    # corpus text: "a 1:1 THC:CBD combination oil", "[This corrects the article DOI: 10.3389/...]".
    doc = build_doc("Cannabis oil.", "Patients can be informed that a 1:1 THC:CBD combination oil was used. This"
                    " corrects the article DOI: 10.3389/fpsyt.2023. Patients were followed for 12 weeks.")
    assert not doc.structured
    assert not any(s.text.startswith(("CBD", "10.3389")) for s in doc.sentences)


def test_trials_registration_line_is_not_the_conclusion():
    # PMID 38971895: an unstructured abstract ending in "Clinical trials registration: UMIN ...".
    out = label_text(
        "Thalamocortical functional connectivity and rapid antidepressant and antisuicidal effects of low-dose"
        " ketamine infusion among patients with treatment-resistant depression.",
        "Two resting-state functional MRIs were collected in two clinical trials of 48 patients with TRD. However,"
        " the associations between those FC changes and clinical symptom changes did not survive statistical"
        " significance after multiple comparison corrections. Whether ketamine-related changes in thalamocortical"
        " connectivity may be associated with ketamine's antidepressant and antisuicidal effects would need further"
        " investigation. Clinical trials registration: UMIN Clinical Trials Registry (UMIN-CTR): Registration"
        " number: UMIN000016985 and UMIN000033916.",
    )
    assert "UMIN" not in out["conclusion_evidence"]


# --- design ---------------------------------------------------------------------------------

def test_main_outcomes_heading_is_methods_and_a_cross_sectional_content_analysis_is_not_qualitative():
    # PMID 40168023 (JAMA-style headings).
    out = label_text(
        "Psilocybin Dispensaries and Online Health Claims in Canada.",
        "OBJECTIVE: To describe access to and the characteristics of psilocybin dispensaries across Canada and the"
        " health claims and warnings made on dispensary websites. DESIGN, SETTING, AND PARTICIPANTS: This"
        " cross-sectional study used systematic web searches and media reports to identify psilocybin dispensaries"
        " operating in Canada in May 2024. MAIN OUTCOMES AND MEASURES: Descriptive and geospatial analyses were used"
        " to identify the psilocybin dispensary characteristics, product types, and store distribution. Content"
        " analysis assessed the nature and frequency of health claims and warnings on websites. RESULTS: As of May"
        " 2024, 57 psilocybin dispensaries were identified in Canada.",
    )
    doc = build_doc("t", "MAIN OUTCOMES AND MEASURES: Scores were compared. RESULTS: Scores fell.")
    assert [s.section for s in doc.sentences if s.source == "abstract"] == ["methods", "results"]
    assert out["design"] == "observational"


def test_protocol_with_future_tense_in_its_results_heading():
    # PMID 38658877: a protocol written with RESULTS/CONCLUSIONS headings, all in the future tense.
    out = label_text(
        "The 'PSILAUT' protocol: an experimental medicine study of autistic differences in the function of brain"
        " serotonin targets of psilocybin.",
        "BACKGROUND: The underlying neurobiology of the complex autism phenotype remains obscure, although"
        " accumulating evidence implicates the serotonin system and especially the 5HT METHODS: The 'PSILAUT'"
        " \"shiftability\" study is a case-control study autistic and non-autistic adults. How neural responses"
        " 'shift' in response to low doses (2 mg and 5 mg) of psilocybin compared to placebo will be examined using"
        " multimodal techniques including functional MRI and EEG. Each participant will attend on up to three"
        " separate visits with drug or placebo administration in a double-blind and randomized order. RESULTS: This"
        " study will provide the first direct evidence that the serotonin targets of psilocybin function differently"
        " in the autistic and non-autistic brain. We will also examine individual differences in serotonin system"
        " function. CONCLUSIONS: This work will inform our understanding of the neurobiology of autism.",
    )
    assert out["design"] == "protocol"


def test_registry_record_is_a_protocol_but_a_review_with_outcome_headings_is_not():
    registry = label_text(
        "Esketamine for depression after surgery.",
        "INTERVENTION: Esketamine 0.25 mg/kg during anaesthesia. CONDITION: Depression PRIMARY OUTCOME: HAMD-17"
        " score at day 3. SECONDARY OUTCOME: Delirium incidence.",
    )
    assert registry["design"] == "protocol"
    # after PMID 38795401 (title verbatim, abstract shortened): a network meta-analysis with PRIMARY/SECONDARY
    # OUTCOMES headings and results.
    review = label_text(
        "Pharmacotherapy for sleep disturbances in post-traumatic stress disorder (PTSD): A network meta-analysis.",
        "METHODS: We searched PubMed and Embase for randomized trials. PRIMARY OUTCOMES: Sleep quality. SECONDARY"
        " OUTCOMES: Nightmares. RESULTS: Twenty trials were included. CONCLUSIONS: Prazosin improved sleep.",
    )
    assert review["design"] == "systematic_review"


def test_this_paper_is_a_review_only_when_it_reviews():
    # PMID 40435790: "This paper assesses ..." introduces a retrospective analysis of 104 patients.
    study = label_text(
        "Is ketamine safe for individuals in higher level of care treatment for eating disorders? Analysis of"
        " safety of subanesthetic ketamine in 104 patients.",
        "Randomized control trials have demonstrated \"rapid and robust antidepressant effects\" of generic ketamine"
        " in individuals with treatment-resistant depression and bipolar depression. This paper assesses the"
        " medical safety of ketamine as a treatment for co-occurring treatment-resistant depression or bipolar"
        " depression in patients in higher levels of care for their eating disorders. A retrospective analysis was"
        " conducted on 104 patients receiving higher levels of care for their eating disorder and who had"
        " co-occurring treatment-resistant depression or bipolar disorder. Data on medical safety, particularly in"
        " the context of medical and nutritional instability, was collected and analyzed. The findings demonstrated"
        " that ketamine is a safe intervention for patients with eating disorders and co-occurring"
        " treatment-resistant depression or bipolar depression.",
    )
    assert study["design"] == "observational"
    assert study["sample_size"] == 104
    # PMID 38666026: "This article briefly reviews ..." after a sentence about someone else's RCT.
    review = label_text(
        "Exploring the multifaceted potential of (R)-ketamine beyond antidepressant applications.",
        "However, a recent small-sample randomized controlled trial found that although (R)-ketamine has a lower"
        " incidence of adverse reactions in adult TRD treatment, its antidepressant efficacy is not superior to the"
        " placebo group. This article briefly reviews the mechanism of action and research on antidepressants"
        " related to (R)-ketamine.",
    )
    assert review["design"] == "review"


# --- sample size ------------------------------------------------------------------------------

def test_people_excluded_after_randomisation_are_not_the_sample():
    # PMID 39275772.
    out = label_text(
        "Diurnal variation of postoperative delirium in elderly patients undergoing esketamine anesthesia for"
        " elective noncardiac surgery: a randomized clinical trial.",
        "METHODS: A randomized, double-blind, placebo-controlled clinical trial with factorial design was conducted."
        " RESULTS: Six patients who did not receive an intervention because of canceled operation were excluded after"
        " randomization. The datasets containing 426 cases were analyzed following the intention-to-treat principle"
        " after handling missing data via multiple imputation method.",
    )
    assert out["sample_size"] == 426


def test_participant_flow_counts_the_randomised_not_the_screened_or_later_phases():
    # constructed
    flow = label_text("Ketamine for bipolar depression: a randomized trial.",
                      "RESULTS: 310 patients were screened, 148 randomized, and 131 completed the eight-week phase.")
    assert flow["sample_size"] == 148
    enrolled = label_text(
        "Esketamine long-term safety: an open-label study.",
        "RESULTS: Of 640 enrolled patients, 71.0% were women; 512 (82.1%) of 624 patients who entered the"
        " maintenance phase completed it.",
    )
    assert enrolled["sample_size"] == 640


# --- conclusion -------------------------------------------------------------------------------

def test_rapid_acting_as_a_drug_class_is_not_a_verdict():
    # PMID 38653350: "rapid-acting antidepressants" names a class; the conclusion claims no benefit.
    out = label_text(
        "Long-term follow-up of participants in ketamine clinical trials for mood disorders.",
        "METHODS: Participants seen from 2002 to 2022 (n = 1000) with depression were contacted for follow-up."
        " CONCLUSIONS: Participants who received ketamine in an NIMH clinical trial were more likely to receive"
        " ketamine/esketamine post-discharge, but none reported symptoms indicating abuse. Results underscore the"
        " critical need for long-term follow-up of individuals receiving these and other rapid-acting"
        " antidepressants.",
    )
    assert out["conclusion"] != "positive"


def test_a_study_suggesting_improvement_is_positive():
    # PMID 38479192.
    out = label_text(
        "Change in neurocognitive functioning in patients with treatment-resistant depression with serial"
        " intravenous ketamine infusions: The Bio-K multicenter trial.",
        "This nonrandomized, multicenter, open-label clinical trial explored the impact of intravenous (IV) ketamine"
        " on cognitive function in adults (n = 74) with treatment-resistant depression (TRD). Overall, the study"
        " suggests cognitive improvement, not deterioration, associated with serial IV ketamine administrations for"
        " TRD. These findings encourage future studies with larger sample sizes and longer follow-up periods.",
    )
    assert out["conclusion"] == "positive"


def test_a_negation_reaches_to_the_end_of_its_clause():
    # PMID 38117332: "failed to reduce suicidal ideation" holds no reduction.
    out = label_text(
        "A systematic review and meta-analysis of the efficacy of ketamine and esketamine on suicidal ideation in"
        " treatment-resistant depression.",
        "CONCLUSION: This meta-analysis suggested that esketamine and ketamine have failed to reduce suicidal"
        " ideation in patients with TRD. Further studies are desirable to confirm the effects of ketamine and"
        " esketamine in TRD patients.",
    )
    assert out["conclusion"] in ("neutral", "negative")
    # constructed: a positive clause after the negated one still counts
    both = label_text("Ketamine in ECT for depression: a randomised trial.",
                      "METHODS: Patients with major depression were randomised to ketamine or placebo. CONCLUSIONS:"
                      " Ketamine did not reduce the number of sessions, but it significantly improved depressive"
                      " symptoms in the first week.")
    assert both["conclusion"] == "mixed"


def test_not_feasible_and_unlikely_to_be_effective_are_negations():
    # constructed
    out = label_text("Home-based ketamine in depression: a randomised trial.",
                     "CONCLUSIONS: Unsupervised home dosing may not be a feasible approach for patients with depression.")
    assert out["conclusion"] != "positive"
    out = label_text("Memantine after ketamine in depression: a randomised trial.",
                     "CONCLUSIONS: Memantine is unlikely to be an effective add-on treatment for patients with"
                     " depression who relapse after ketamine.")
    assert out["conclusion"] in ("neutral", "negative")


def test_a_randomised_trial_with_a_mechanism_in_its_aim_keeps_its_clinical_verdict():
    # PMID 38302882: the aim mentions the anti-inflammatory mechanism; the verdict is about pain and delirium.
    out = label_text(
        "Effect of esketamine on postoperative analgesia and postoperative delirium in elderly patients undergoing"
        " gastrointestinal surgery.",
        "OBJECTIVE: To investigate the analgesic effect of esketamine combined with low-dose sufentanil in elderly"
        " patients after gastrointestinal surgery, and whether the anti-inflammatory effect of esketamine is"
        " involved in the mechanism of postoperative delirium. METHOD: We enrolled sixty elderly patients who"
        " underwent gastrointestinal surgery. Patients were randomly assigned to Group C (control group) who"
        " received sufentanil 2 ug/kg, and Group E (experimental group) who received sufentanil 1.5 ug/kg +"
        " esketamine 1 mg/kg, with 30 patients in each group. CONCLUSION: Esketamine may enhance postoperative pain"
        " management compare with sufentanil, and esketamine has anti-inflammatory effects that reduce the"
        " incidence of postoperative delirium.",
    )
    assert out["design"] == "rct"
    assert out["conclusion"] == "positive"


def test_a_title_stating_the_finding_decides_when_the_abstract_ends_without_a_verdict():
    # PMID 38688118 (last sentences verbatim).
    title = ("Subcutaneous ketamine reduces suicide risk and improves functioning in depression: A proof-of-concept"
             " study.")
    abstract = (
        "Conducted at Hospital de Clínicas de Porto Alegre, Brazil, between 2021 and 2023, the study involved 26"
        " patients undergoing a current depressive episode. This method could offer a cost-effective and accessible"
        " treatment alternative, especially relevant in settings with limited resources. Given its potential in"
        " reducing long-term disability and economic viability, the study advocates for its broader application and"
        " further validation through larger, controlled trials."
    )
    out = label_text(title, abstract)
    assert (out["conclusion"], out["conclusion_evidence"]) == ("positive", title)
    question = label_text("Does subcutaneous ketamine reduce suicide risk in depression?", abstract)
    assert question["conclusion"] == "not_applicable"


def test_without_in_a_group_description_does_not_unmake_a_randomised_trial():
    # PMID 40607793: "Group C (placebo intraoperatively + PCIA without esketamine)".
    out = label_text(
        "The effect of low-dose esketamine on maternal depression after cesarean delivery.",
        "OBJECTIVE: To assess the impact of low-dose intravenous esketamine on postpartum depression scores in women"
        " undergoing cesarean section. METHODS: In a randomized, double-blind, placebo-controlled trial, 186 women"
        " aged 20-50 years receiving epidural anesthesia for cesarean section were divided into three groups: Group A"
        " (0.25 mg/kg esketamine intraoperatively + esketamine in PCIA), Group B (0.25 mg/kg esketamine"
        " intraoperatively + PCIA without esketamine), and Group C (placebo intraoperatively + PCIA without"
        " esketamine).",
    )
    assert out["design"] == "rct"
    assert out["sample_size"] == 186


def test_does_not_prevent_is_a_verdict():
    # PMID 38710325 (title and abstract verbatim).
    out = label_text(DOES_NOT_PREVENT_TITLE, DOES_NOT_PREVENT_ABSTRACT)
    assert out["conclusion"] in ("neutral", "negative")
    assert "does not prevent" in out["conclusion_evidence"]


def test_both_sexes_in_brackets_are_the_group_one_alone_is_a_part():
    # PMID 38105651, 39340164 (sentences verbatim); constructed: one sex alone in brackets.
    twelve = label_text("Feasibility of a cannabis-based medicinal product for long COVID: a single-arm open-label trial.",
                        "METHODS: Participants were treated for 12 weeks. RESULTS: Twelve (1 male, 11 female) individuals"
                        " diagnosed with long COVID were recruited into the trial.")
    assert twelve["sample_size"] == 12
    forty = label_text("Meditating on psychedelics. A randomized placebo-controlled study of DMT and harmine in a"
                       " mindfulness retreat.",
                       "METHOD: Forty experienced meditators (18 females and 22 males) participated in a double-blind,"
                       " placebo-controlled study over a 3-day meditation retreat, receiving either placebo or"
                       " DMT-harmine. RESULTS: Ratings rose.")
    assert forty["sample_size"] == 40
    part = label_text("Ketamine experiences: an interview study.",
                      "METHODS: We coded 52 transcripts of sessions, mostly with older (70%) men (nine women)."
                      " RESULTS: Three themes emerged.")
    assert part["sample_size"] != 9


def test_per_dose_level_counts_are_not_the_sample():
    # constructed: "(n = 8/dose level)" is per group, the total is stated before it.
    out = label_text(
        "Single ascending doses of esketamine in healthy volunteers: a randomised phase 1 study.",
        "In this randomised, double-blind, placebo-controlled study we gave esketamine to 32 healthy volunteers."
        " Doses were 10, 20 or 40 mg (n = 8/dose level) or placebo (n = 8/dose level). Esketamine was tolerated.",
    )
    assert out["sample_size"] == 32


def test_subjects_and_methods_heading_slash_nouns_and_in_total_of_the_respondents():
    # constructed
    heading = label_text("Ketamine use among festival visitors.",
                         "Background: Recreational ketamine use is rising. Subjects and methods: We recruited 140"
                         " subjects at two festivals. Results: Most had used ketamine more than once.")
    assert heading["sample_size"] == 140
    slash = label_text("Memory in ketamine users.",
                       "Sixty-two ketamine/polydrug users completed a verbal memory battery.")
    assert slash["sample_size"] == 62
    survey = label_text("Reasons for home ketamine use: an online survey.",
                        "METHODS: A web survey was advertised on forums. RESULTS: In total, 845 of the respondents"
                        " reported using ketamine at home.")
    assert survey["sample_size"] == 845


def test_we_report_findings_in_a_patient_is_a_case_report():
    # constructed
    out = label_text("Intranasal esketamine in treatment-resistant depression with chronic pain.",
                     "We describe the course in a patient with treatment-resistant depression and chronic back pain"
                     " who received intranasal esketamine twice weekly. Depressive symptoms remitted within a month.")
    assert (out["design"], out["sample_size"]) == ("case_report", 1)



def test_first_sentence_that_enrols_participants_is_not_background():
    # constructed: an unstructured abstract whose first sentence is already its methods
    out = label_text(
        "Ketamine and slow-wave sleep in depression.",
        "Thirty adults with depression were enrolled in a randomised, placebo-controlled trial of ketamine and"
        " had polysomnography before and after the infusion. Slow-wave sleep increased after ketamine."
        " Mood improved in most patients. Sleep changes tracked mood. Slow-wave sleep may mark response.",
    )
    assert out["design"] == "rct"
    assert out["design_evidence"].startswith("Thirty adults with depression were enrolled")


def test_data_obtained_from_a_number_of_people_is_not_a_secondary_analysis():
    # constructed
    own = label_text("Ketamine and sleep in healthy adults.",
                     "METHODS: Sleep data were obtained from 24 healthy adults who were randomized to ketamine or"
                     " saline under double-blind conditions. RESULTS: Ketamine lengthened deep sleep.")
    assert own["design"] == "rct"
    reused = label_text("Ketamine and sleep: data from a trial.",
                        "METHODS: Sleep data were obtained from a randomized, double-blind trial of ketamine in"
                        " healthy adults. RESULTS: Ketamine lengthened deep sleep.")
    assert reused["design"] == "other"


def test_randomised_methods_outweigh_a_pilot_study_title():
    # constructed
    abstract = ("METHODS: Sixty adults with bipolar depression were randomly assigned to ketamine or lithium"
                " augmentation and compared over four weeks. RESULTS: Both groups improved.")
    assert label_text("Ketamine versus lithium augmentation in bipolar depression: a pilot study.",
                      abstract)["design"] == "rct"
    open_label = label_text("Ketamine augmentation in bipolar depression: an open-label pilot study.", abstract)
    assert open_label["design"] == "nonrandomised_trial"
    secondary = label_text("Sleep after ketamine or lithium augmentation: a pilot study.",
                           "METHODS: In this secondary analysis, sixty adults randomly assigned to ketamine or"
                           " lithium were compared. RESULTS: Sleep improved in both groups.")
    assert secondary["design"] == "other"


def test_randomisation_statistics_do_not_make_an_rct():
    # constructed
    out = label_text("Ketamine and the P300 in healthy volunteers.",
                     "METHODS: Seventeen healthy volunteers received open-label ketamine, compared with a placebo"
                     " session. Group differences were tested with randomization statistics. RESULTS: The P300"
                     " was smaller under ketamine.")
    assert out["design"] != "rct"


def test_sex_in_brackets_and_age_and_sex_matched_controls_are_read_with_the_count():
    # constructed
    bracket = label_text("Hair cortisol in frequent ketamine users.",
                         "Ketamine use is common at festivals. We recruited at two festivals and report a study on"
                         " 40 (22 female) ketamine users. Ketamine was found in the hair of 19 subjects. Cortisol"
                         " was higher in users. Frequent use may disturb stress hormones.")
    assert bracket["sample_size"] == 40
    matched = label_text("Brain structure in chronic pain treated with ketamine.",
                         "METHODS: Brain MRI was acquired in 33 chronic pain patients treated with ketamine and 30"
                         " age- and sex-matched controls. RESULTS: Grey matter was thinner in patients.")
    assert matched["sample_size"] == 63


def test_sentences_glued_by_a_full_stop_are_split():
    # constructed: PubMed sometimes leaves "unclear.Thirty-six" where a heading was removed
    abstract = ("Ketamine slows reaction time. Whether this lasts is unclear.Thirty-six healthy volunteers received"
                " ketamine or saline in a randomized order. Reaction time recovered within a day.")
    doc = build_doc("Ketamine and reaction time.", abstract)
    assert any(s.text.startswith("Thirty-six healthy volunteers") for s in doc.sentences)
    assert label_text("Ketamine and reaction time.", abstract)["sample_size"] == 36


def test_headings_glued_to_their_text_are_read():
    # PMID 40574457 (verbatim excerpt): title-case headings with neither colon nor space
    doc = build_doc(
        "Australia's psychedelic experiment: reflections from a psychiatrist clinical researcher.",
        "BackgroundDespite a limited evidence base to inform clinicians, Australia has adopted a national approach"
        " in rescheduling psilocybin and MDMA as clinical therapies for treatment-resistant depression (TRD) and"
        " post-traumatic stress disorder (PTSD), respectively.PurposeThis paper explores clinical research domains"
        " warranting further investigation through outlining the reflections of a clinical-academic psychiatrist"
        " involved in psychedelic trial work.ResultsEight domains were found to warrant further research"
        " investigation.ConclusionsThe clinical availability of psychedelic-assisted therapy (PAT) gives greater"
        " impetus for careful research studies, informing treatment and improving patient outcomes.",
    )
    sections = {s.text.split()[0]: s.section for s in doc.sentences if s.source == "abstract"}
    assert sections["Despite"] == "background"
    assert sections["Eight"] == "results"
    assert sections["The"] == "conclusions"


def test_a_background_sentence_about_this_study_gives_the_sample():
    # constructed: the structured abstract states its own sample under BACKGROUND only
    out = label_text(
        "Cytokines and response to ketamine.",
        "BACKGROUND: Inflammation may predict response. Within the parent trial, we measured cytokines in blood"
        " (ketamine, n = 21; saline, n = 9). RESULTS: Interleukin-6 predicted response.",
    )
    assert out["sample_size"] == 30
    other_studies = label_text(
        "Cytokines and response to ketamine.",
        "BACKGROUND: A trial in 300 patients showed efficacy. METHODS: Blood was collected. RESULTS: Interleukin-6"
        " fell.",
    )
    assert other_studies["sample_size"] is None


def test_ordinal_modifiers_such_as_eleventh_grade_are_read():
    # constructed
    out = label_text("Ketamine use among students.",
                     "METHODS: A survey was completed by 640 and 710 11th-grade students at two schools."
                     " RESULTS: Use was rare.")
    assert out["sample_size"] == 1350


def test_case_reports_named_as_literature_and_subgroups_of_two_are_not_this_design():
    # constructed
    report = label_text("Oral ketamine in late-life bipolar depression.",
                        "Objectives: Ketamine is used in mood disorders. Methods: We report on an elderly patient with"
                        " bipolar depression who received oral ketamine for six months. Results: Mood improved.")
    assert report["design"] == "case_report"
    literature = label_text("Tolerance in frequent ketamine users.",
                            "Published case reports describe tolerance to ketamine in frequent users. We surveyed 200"
                            " ketamine users about their doses. Doses rose with frequency of use. Tolerance is common.")
    assert literature["design"] != "case_report"
    subgroup = label_text("Ketamine or propofol for endoscopy sedation.",
                          "METHODS: Eighty adults received ketamine or propofol for endoscopy. RESULTS: Oxygen"
                          " saturation fell below 90% in two patients.")
    assert subgroup["design"] != "case_series"
    titled = label_text("Oral esketamine maintenance in two patients with chronic neuropathic pain.",
                        "Both patients had less pain after three months.")
    assert titled["design"] == "case_series"


def test_a_group_named_without_its_count_leaves_the_total_unstated():
    # constructed
    uncounted = label_text("Memory in frequent ketamine users.",
                           "We tested verbal memory in 25 frequent ketamine users and a matched control group."
                           " Users recalled fewer words. Delayed recall was worst. Frequent use harms memory.")
    assert uncounted["sample_size"] is None
    assert "a matched control group" in uncounted["sample_size_evidence"]
    total = label_text("Ketamine use on campus.",
                       "A total of 150 students who use ketamine and a comparison group were recruited on campus."
                       " Grades did not differ. Occasional use seems harmless.")
    assert total["sample_size"] == 150


def test_conclusively_opens_the_conclusion_and_confirmed_activity_is_a_verdict():
    # constructed
    mixed = label_text("Esketamine during ECT anaesthesia: a randomized, controlled trial.",
                       "Adults with depression were randomly assigned to esketamine or saline with propofol. Response"
                       " rates did not differ. Suicidal ideation remitted more often with esketamine. Conclusively,"
                       " esketamine does not improve response to ECT. However, it can reduce suicidal ideation.")
    assert mixed["conclusion"] == "mixed"
    confirmed = label_text("Intramuscular ketamine for depression: a double-blind randomized crossover study.",
                           "METHODS: Twenty patients were randomized to ketamine or midazolam in a crossover design."
                           " RESULTS: Scores fell after ketamine. CONCLUSIONS: Our findings add to the literature"
                           " confirming ketamine's activity against depressive symptoms.")
    assert confirmed["conclusion"] == "positive"


def test_a_mediation_analysis_of_the_study_own_data_is_not_a_secondary_analysis():
    # constructed
    out = label_text("Ketamine and suicidal ideation in a community clinic.",
                     "METHODS: A retrospective chart review of 90 adults treated with ketamine was conducted. A"
                     " mediation analysis tested whether mood explained the change. RESULTS: Ideation fell.")
    assert out["design"] == "observational"


def test_non_inferiority_continued_development_and_a_therapeutic_role_are_positive():
    # constructed
    methods = "METHODS: Sixty adults were randomized to esketamine or propofol anaesthesia for ECT. RESULTS: Scores fell."
    cases = {
        "Esketamine was non-inferior to propofol as the anaesthetic for ECT.": "positive",
        "These results support the continued development of intranasal ketamine.": "positive",
        "The findings suggest a potential therapeutic role for ketamine in this disorder.": "positive",
        "Esketamine can effectively maintain haemodynamic stability during induction.": "positive",
        "Esketamine failed to show non-inferiority to propofol.": "neutral",
    }
    for conclusion, expected in cases.items():
        out = label_text("Esketamine versus propofol for ECT in depression: a randomized trial.",
                         f"{methods} CONCLUSIONS: {conclusion}")
        assert out["conclusion"] == expected, conclusion


def test_meaningful_predictors_are_not_a_meaningful_response():
    # PMID 38170185 (verbatim excerpt)
    out = label_text(
        "Exploring Predictors of Ketamine Response in Adolescent Treatment-Resistant Depression.",
        "Methods: We conducted a secondary data analysis of adolescents who participated in a randomized,"
        " single-dose, midazolam-controlled crossover trial of ketamine for adolescents with treatment-resistant"
        " depression. Conclusions: Findings should be viewed as preliminary and exploratory given the small sample"
        " size and multiple secondary analyses. Identifying meaningful predictors of ketamine response is important"
        " to inform future therapeutic use of this compound, however, considerably more research is warranted"
        " before such clinical guidance is established.",
    )
    assert out["design"] == "other"
    assert out["conclusion"] != "positive"


def test_purpose_of_review_and_recent_findings_make_a_review():
    # PMID 40062461 (verbatim excerpt): the Current Opinion format
    out = label_text(
        "Persistent aura without infarction.",
        "PURPOSE OF REVIEW: The scope of this review is to discuss persistent aura without infarction, a rare,"
        " highly disabling, yet apparently benign clinical condition, straddling neurology, neuro-ophthalmology,"
        " and psychiatry, whose differential diagnosis is essential for an appropriate therapeutic approach and to"
        " avoid clinical complications. Here we attempt to report on the available literature, trying to present a"
        " summary, despite the scarcity of available literature. RECENT FINDINGS: Persistent aura without"
        " infarction is a diagnostic challenge, likely caused by cortical spreading depression and"
        " vasoconstriction, whose clinical features are not always easy to pigeonhole into the available"
        " diagnostic criteria.",
    )
    assert out["design"] == "review"


def test_data_from_named_trials_analysed_is_a_secondary_analysis():
    # constructed
    pooled = label_text("Esketamine and self-rated depression in treatment-resistant depression.",
                        "METHODS: Data from ALPHA-1 and ALPHA-2 (two randomized, placebo-controlled trials) were"
                        " analyzed with regression models. RESULTS: Self-rated and clinician-rated scores agreed.")
    assert pooled["design"] == "other"
    own = label_text("Esketamine and self-rated depression.",
                     "METHODS: Adults were randomized to esketamine or placebo; data from 40 patients were analyzed."
                     " RESULTS: Scores fell with esketamine.")
    assert own["design"] == "rct"


def test_a_protocol_plans_the_largest_of_its_parts():
    # constructed
    out = label_text("Intranasal ketamine for suicidal depression: protocol of a two-part trial.",
                     "METHODS: In Part 1, 12 participants will receive open-label intranasal ketamine. In Part 2, 180"
                     " participants will be randomized to ketamine or placebo. Recruitment will begin in 2026.")
    assert (out["design"], out["sample_size"], out["sample_size_basis"]) == ("protocol", 180, "planned")


def test_a_subsample_drawn_for_the_study_and_thousands_split_by_a_space():
    # constructed
    subsample = label_text("Remote versus on-site ratings in an esketamine trial.",
                           "METHODS: Twelve of 80 trial patients were randomly selected for paired remote and on-site"
                           " ratings. RESULTS: Ratings agreed closely.")
    assert subsample["sample_size"] == 12
    spaced = label_text("Ketamine use in a community cohort.",
                        "METHODS: Data from the cohort at ages 24-30 (N = 2, 128) were included. RESULTS: Use was rare.")
    assert spaced["sample_size"] == 2128


def test_counts_per_drug_in_a_review_are_studies_not_participants():
    # constructed
    out = label_text("Psychedelics in palliative care: a systematic review.",
                     "METHODS: We searched three databases. RESULTS: In total, 23 studies were eligible. Drugs studied"
                     " included ketamine (n = 12), psilocybin (n = 9) and lysergic acid diethylamide (n = 2).")
    assert (out["design"], out["sample_size"], out["sample_size_basis"]) == ("systematic_review", 23, "included_studies")


def test_a_title_with_quantitative_and_qualitative_data_is_not_a_qualitative_study():
    # constructed
    out = label_text("Experiences after ketamine use: quantitative and qualitative data from an internet survey.",
                     "METHODS: 420 ketamine users completed an online questionnaire with open questions. RESULTS:"
                     " Most reported low mood in the following days.")
    assert out["design"] == "observational"


def test_perspective_shifting_is_a_measure_and_a_day_count_is_not_the_sample():
    # constructed
    out = label_text("Mental imagery in ritual ayahuasca drinkers.",
                     "BACKGROUND: This observational study assessed members (n = 30) of an ayahuasca church. Measures"
                     " of mental imagery (visual perspective shifting, vividness) were taken on two subsequent days on"
                     " which members were sober or drank ayahuasca. Imagery did not differ between the days.")
    assert out["design"] != "review"
    assert out["sample_size"] == 30


def test_a_sample_of_users_of_a_drug_or_its_use_patterns_is_observational():
    # constructed
    users_of = label_text("Risky drinking among international users of recreational ketamine.",
                          "The current study assessed ketamine use patterns and the settings of use among an"
                          " international sample of adults (N = 900). Risky drinking was common.")
    assert users_of["design"] == "observational"
    reported = label_text("Quitting alcohol after a psychedelic experience.",
                          "METHODS: We recruited 600 adults who reported quitting alcohol after a psychedelic"
                          " experience to write a narrative of it. RESULTS: Narratives predicted abstinence.")
    assert reported["design"] == "observational"


def test_an_article_describing_its_own_interviews_is_not_a_review():
    # constructed
    out = label_text("Perceived harms of ketamine among young adults who use drugs.",
                     "This article describes how young adults see the harms of ketamine, using two data sources:"
                     " interviews with 31 participants and survey data from 350 participants in our cohort study."
                     " Many reported bladder problems.")
    assert out["design"] == "observational"


def test_an_interview_or_questionnaire_administered_is_not_a_drug_given():
    # constructed
    interview = label_text("Depression and ketamine use in young adults.",
                           "METHODS: Current ketamine users and non-users were recruited. Participants were"
                           " administered a structured clinical interview for DSM-5. RESULTS: Depression was more"
                           " common among users.")
    assert interview["design"] == "observational"
    questionnaire = label_text("Health of long-term ayahuasca users.",
                               "METHODS: We developed a questionnaire that was administered to long-term ayahuasca"
                               " users (n = 300). RESULTS: Most reported good health.")
    assert questionnaire["design"] == "observational"


def test_a_secondary_analysis_of_a_survey_is_observational_and_of_a_bibliography_is_not():
    # constructed
    survey = label_text("Ketamine use among adolescents in the United States, 2015-2019.",
                        "Secondary analysis of the 2015-2019 National Survey on Drug Use and Health, a repeated"
                        " cross-sectional survey, was conducted. Past-year use rose.")
    assert survey["design"] == "observational"
    # PMID 38662093 (verbatim sentences)
    bibliometric = label_text("Ketamine and its enantiomers for depression: a bibliometric analysis from 2000 to 2023.",
                              "This study employs bibliometric methods and visualization tools to examine the"
                              " literature and identify key topics related to the antidepressant effects of ketamine"
                              " and its enantiomers. We sourced publications on the antidepressant effects of ketamine"
                              " and its enantiomers from the Web of Science Core Collection (WOSCC) database, covering"
                              " the period from 2000 to 2023. The study included 4,274 publications, with a notable"
                              " increase in publications peaking in 2022.")
    assert bibliometric["design"] == "other"


def test_a_methods_section_that_names_a_review_makes_a_review():
    # PMID 39331116 (verbatim excerpt)
    expert = label_text("MDMA for treatment of PTSD and neurorehabilitation in military populations.",
                        "OBJECTIVE: A review of MDMA-assisted therapy for PTSD is provided in the context of"
                        " neurorehabilitation in military populations. METHODS: This is an expert review and synthesis"
                        " of the literature. RESULTS: Results from late-stage clinical trials suggest MDMA-assisted"
                        " therapy for PTSD would be of particular benefit for military populations with PTSD.")
    assert expert["design"] == "review"
    # PMID 40643389 (verbatim excerpt)
    literature = label_text("Expanding Ketamine Application for Treatment of Acute Suicidality in Long-Duration"
                            " Spaceflight.",
                            "METHODS: This literature review was conducted to collate data on ketamine use for acute"
                            " suicidality and inform on stability, limitations, and utilization of ketamine within"
                            " extreme environments. RESULTS: There were 122 publications reviewed for relevance,"
                            " including 23 randomized-control trials for ketamine use in behavioral emergencies.")
    assert literature["design"] == "review"
    # constructed: a review board is not a review
    board = label_text("Ketamine for depression.", "METHODS: An institutional review board approved the protocol."
                       " Adults received open-label ketamine infusions. RESULTS: Scores fell.")
    assert board["design"] == "nonrandomised_trial"


def test_results_in_the_past_tense_outweigh_a_present_tense_aim():
    # constructed
    out = label_text("Pharmacokinetics of two consecutive doses of esketamine.",
                     "The aim is to determine the effects of two doses of esketamine given 2 h apart. Twelve"
                     " volunteers participated in a randomized, double-blind, placebo-controlled crossover trial. A"
                     " 2-fold increase was observed in plasma concentrations; most effects were similar after the"
                     " second dose.")
    assert out["design"] == "rct"


def test_a_population_based_study_without_a_hyphen_is_observational():
    # constructed
    out = label_text("Childhood anxiety and later ketamine use: prospective, population based study.",
                     "Design: Prospective, longitudinal, population based study. Participants: 1200 children followed"
                     " for 15 years. Results: Childhood anxiety predicted later use.")
    assert out["design"] == "observational"


def test_support_for_product_development_and_promise_for_effectiveness_are_positive():
    # constructed
    development = label_text("Oral ketamine for opioid withdrawal: an open-label series.",
                             "METHODS: Forty adults received oral ketamine during detoxification. RESULTS: Withdrawal"
                             " scores fell. CONCLUSIONS: Our results support product development of oral ketamine for"
                             " opioid withdrawal.")
    assert development["conclusion"] == "positive"
    promise = label_text("Ketamine-assisted treatment in a residential programme: one-year outcomes.",
                         "METHODS: 52 adults with alcohol use disorder were followed for one year after"
                         " ketamine-assisted treatment. RESULTS: Most remained abstinent."
                         " CONCLUSIONS: Within the limits of an uncontrolled design, the findings suggest promise for"
                         " the effectiveness of ketamine-assisted treatment.")
    assert promise["conclusion"] == "positive"


def test_electroconvulsive_therapy_with_no_condition_named_is_about_depression():
    # constructed
    ect = label_text("Ketamine anaesthesia and seizure duration in electroconvulsive therapy.",
                     "METHODS: We reviewed 40 patients who received ketamine anaesthesia during a course of ECT."
                     " RESULTS: Seizures were longer with ketamine.")
    assert "depression" in ect["conditions"]
    assert "electroconvulsive therapy" in ect["conditions_evidence"]
    schizophrenia = label_text("Ketamine anaesthesia in electroconvulsive therapy for schizophrenia.",
                               "METHODS: We reviewed 40 patients with schizophrenia who received ketamine anaesthesia"
                               " during a course of ECT. RESULTS: Seizures were longer with ketamine.")
    assert "depression" not in schizophrenia["conditions"]

"""Labels on real abstracts: each label, positive and negative cases, with its evidence.

The abstracts below are verbatim PubMed records copied from the shared corpus
(../shared/data/corpus/pubmed_psychedelic_trials_2023_2025.jsonl; PMIDs as keys), so the
expected labels are checked against real clinical language, not invented sentences.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import LABEL_COLUMNS, label_articles, label_text

# PMID -> record (title, abstract, author keywords) from the shared corpus.
ARTICLES: dict[int, dict] = {
    37414272: {
        "title": "Effect of Repeated Intravenous Esketamine on Adolescents With Major Depressive Disorder and Suicidal Ideation: A Randomized Active-Placebo-Controlled Trial.",
        "abstract": (
            "OBJECTIVE: Suicide is a major cause of death in adolescents with limited treatment options. Ketamine"
            " and its enantiomers have shown rapid anti-suicidal effects in adults with major depressive disorder"
            " (MDD), but their efficacy in adolescents is unknown. We conducted an active, placebo-controlled tri"
            "al to determine the safety and efficacy of intravenous esketamine in this population. METHOD: A tota"
            "l of 54 adolescents (aged 13-18 years) with MDD and suicidal ideation were included from an inpatien"
            "t setting and randomly assigned (1:1) to receive 3 infusions of esketamine (0.25 mg/kg) or midazolam"
            " (0.02mg/kg) over 5 days, with routine inpatient care and treatment. Changes from baseline to 24 hou"
            "rs after the final infusion (day 6) in the scores of the Columbia Suicide Severity Rating Scale (C-S"
            "SRS) Ideation and Intensity (primary outcome) and the Montgomery-Åsberg Depression Rating Scale (MAD"
            "RS, key secondary outcome) were analyzed using linear mixed models. In addition, the 4-week clinical"
            " treatment response was a key secondary outcome. RESULTS: The mean changes in C-SSRS Ideation and In"
            "tensity scores from baseline to day 6 were significantly greater in the esketamine group than in the"
            " midazolam group (Ideation, -2.6 [SD = 2.0] vs -1.7 [SD = 2.2], p = .007; Intensity, -10.6 [SD = 8.4"
            "] vs -5.0 [SD = 7.4], p = .002), and the changes in MADRS scores from baseline to day 6 were signifi"
            "cantly greater in the esketamine group than in the midazolam group (-15.3 [SD = 11.2] vs -8.8 [SD = "
            "9.4], p = .004). The rates of antisuicidal and antidepressant responses at 4 weeks posttreatment wer"
            "e 69.2% and 61.5% after esketamine, and were 52.5% and 52.5% after midazolam, respectively. The most"
            " common adverse events in the esketamine group were nausea, dissociation, dry mouth, sedation, heada"
            "che, and dizziness. CONCLUSION: These preliminary findings indicate that 3-dose intravenous esketami"
            "ne, added to routine inpatient care and treatment, was an effective and well-tolerated therapy for t"
            "reating adolescents with MDD and suicidal ideation. CLINICAL TRIAL REGISTRATION INFORMATION: A study"
            " to evaluate the efficacy and safety of Esketamine combined with oral antidepressants in the treatme"
            "nt of major depressive disorder with suicidal ideation; http://www.chictr.org.cn; ChiCTR2000041232. "
            "DIVERSITY & INCLUSION STATEMENT: We worked to ensure that the study questionnaires were prepared in "
            "an inclusive way. The author list of this paper includes contributors from the location and/or commu"
            "nity where the research was conducted who participated in the data collection, design, analysis, and"
            "/or interpretation of the work. We actively worked to promote sex and gender balance in our author g"
            "roup."
        ),
        "keywords": ["adolescence", "esketamine", "major depressive disorder", "suicidal ideation"],
    },
    38283689: {
        "title": "Intramuscular ketamine vs. midazolam for rapid risk-reduction in suicidal, depressed emergency patients: Clinical trial design and rationale.",
        "abstract": (
            "Emergency department (ED) visits for suicidal ideation or behavior have been increasing in all age g"
            "roups, particularly younger adults. A rapid-acting treatment to reduce suicidal thinking, adapted fo"
            "r ED use, is needed. Previous studies have shown a single dose of ketamine can improve depression an"
            "d suicidal ideation within hours. However, most studies used 40 min intravenous infusions which can "
            "be impractical in a psychiatric ED. The ER-Ketamine study we describe here is a randomized midazolam"
            "-controlled clinical trial (RCT; NCT04640636) testing intramuscular (IM) ketamine's feasibility, saf"
            "ety, and effectiveness to rapidly reduce suicidal ideation and depression in a psychiatric ED. A pre"
            "-injection phase involves screening, informed consent, eligibility confirmation, and baseline assess"
            "ment of suicidal ideation, depression, and comorbidities. The randomized double-blind IM injection i"
            "s administered in the ED under research staff supervision, vital sign monitoring, pharmacokinetic bl"
            "ood sampling, and clinical assessments. The post-injection phase occurs on a psychiatric inpatient u"
            "nit with follow-up research assessments through four weeks post-discharge. Outcome measures are feas"
            "ibility, safety, and effects on suicidal ideation and depression at 24 h post-injection, and through"
            " follow-up. The target sample is N = 90 adults in a major depressive episode, assessed by ED clinici"
            "ans as warranting hospitalization for suicide risk. Here we report design, rationale, and preliminar"
            "y feasibility and safety for this ongoing study. Demographics of the 53 participants (ages 18 to 65 "
            "years) randomized to date suggest a diverse sample tending towards younger adults."
        ),
        "keywords": ["Clinical trial design", "Emergency department", "Intramuscular", "Ketamine", "Suicide"],
    },
    38224070: {
        "title": "So how special is special K? A systematic review and meta-analysis of ketamine for PTSD RCTs.",
        "abstract": (
            "Background: PTSD is a significant mental health problem worldwide. Current evidence-based interventi"
            "ons suffer various limitations. Ketamine is a novel agent that is hoped to be incrementally better t"
            "han extant interventions.Objective: Several randomized control trials (RCTs) of ketamine interventio"
            "ns for PTSD have now been published. We sought to systematically review and meta-analyse results fro"
            "m these trials to evaluate preliminary evidence for ketamine's incremental benefit above-and-beyond "
            "control interventions in PTSD treatment.Results: Omnibus findings from 52 effect sizes extracted acr"
            "oss six studies (n = 221) yielded a small advantage for ketamine over control conditions at reducing"
            " PTSD symptoms (g = 0.27, 95% CI = 0.03, 0.51). However, bias-correction estimates attenuated this e"
            "ffect (adjusted g = 0.20, 95%, CI = -0.08, 0.48). Bias estimates indicated smaller studies reported "
            "larger effect sizes favouring ketamine. The only consistent timepoint assessed across RCTs was 24-ho"
            "urs post-initial infusion. Effects at 24-hours post-initial infusion suggest ketamine has a small re"
            "lative advantage over controls (g = 0.35, 95% CI = 0.06, 0.64). Post-hoc analyses at 24-hours post-i"
            "nitial infusion indicated that ketamine was significantly better than passive controls (g = 0.44, 95"
            "% CI = 0.03, 0.85), but not active controls (g = 0.24, 95% CI = -0.30, 0.78). Comparisons one-week i"
            "nto intervention suggested no meaningful group differences (g = 0.24, 95% CI = 0.00, 0.48). No signi"
            "ficant differences were evident for RCTs that examined effects two-weeks post initial infusion (g = "
            "0.17, 95% CI = -0.10, 0.44).Conclusions: Altogether, ketamine-for-PTSD RCTs reveal a nominal initial"
            " therapeutic advantage relative to controls. However, bias and heterogeneity appear problematic. Whi"
            "le rapid acting effects were observed, all control agents (including saline) also evidenced rapid ac"
            "ting effects. We argue blind penetration to be a serious concern, and that placebo is the likely mec"
            "hanism behind reported therapeutic effects."
        ),
        "keywords": ["Ketamina", "Ketamine", "PTSD", "TEPT", "bias", "ensayos de control aleatorizados", "meta-analysis", "metanalisis", "randomized control trials", "sesgo"],
    },
    39624771: {
        "title": "Effect of Low-Dose Esketamine on Postoperative Delirium in Elderly Patients Undergoing Total Hip or Knee Arthroplasty: A Randomized Controlled Trial.",
        "abstract": (
            "PURPOSE: Postoperative delirium (POD) is a prevalent and severe complication in elderly patients und"
            "ergoing major surgery, associated with increased morbidity and mortality. This randomized controlled"
            " trial aimed to investigate the effects of low-dose esketamine on the incidence of POD in elderly pa"
            "tients underwent total hip or knee arthroplasty. PATIENTS AND METHODS: Two hundred and sixty elderly"
            " participants were randomly assigned to either the esketamine group (Group E) (0.20mg/kg loading, 0."
            "125mg/kg/h infusion, 0.5 mg/kg for postoperative analgesia) or the placebo group (Group P) (received"
            " normal saline). The primary outcome was the incidence of POD, with secondary outcomes including del"
            "irium subtypes, duration, intraoperative analgesic consumption, operative and anesthesia times, hemo"
            "dynamic changes, postoperative pain scores, sleep quality, and common postoperative adverse events. "
            "RESULTS: There was no significant difference in the incidence of POD between Group E (8.5%) and Grou"
            "p P (10.8%). No significant differences were observed for the time of delirium onset, duration of de"
            "lirium, and delirium subtype between the two groups. Patients in the esketamine group had more stabl"
            "e hemodynamic profile after induction and reduced the pain score of motion on the first two days pos"
            "toperatively but increased the incidence of postoperative dizziness. CONCLUSION: The repeated infusi"
            "on of low-dose esketamine did not reduce the incidence of POD during the initial three postoperative"
            " days in elderly patients following total hip or knee arthroplasty."
        ),
        "keywords": ["aged", "arthroplasty", "delirium", "esketamine"],
    },
    38065224: {
        "title": "Ketamine causes poor maternal care in rats with postpartum depression and leads to few behavioral and neurochemical alterations on male offspring.",
        "abstract": (
            "Ketamine is an anesthetic drug that also has antidepressant properties, with quick action. Despite t"
            "he great number of studies showing its effectiveness as a treatment for major depression, there is l"
            "ittle information about its effects on postpartum depression, as pharmacological treatments bring ri"
            "sks to the health of both mother and child. Thus, this study aimed to evaluate the effects of prolon"
            "ged treatment with subanesthetic doses of ketamine in a rat model of postpartum depression. Female d"
            "ams were induced to postpartum depression by the maternal separation model from lactating day (LD) 2"
            "-12. They were divided into four groups: one control and three experimental groups, which were treat"
            "ed with different doses of ketamine (5, 10 or 20 mg/kg) from LD 2-21 i.p. Maternal studies were cond"
            "ucted from LD5 to LD21 and the offspring studies from postnatal day 2 through 90. Ketamine causes po"
            "or maternal care, with few neurochemical alterations. However, the highest dose used in this study h"
            "ad an antidepressant effect. Regarding the male offspring, indirect exposure to ketamine through bre"
            "ast milk caused few behavioral changes during infancy, but they were not permanent, as they faded in"
            " adulthood. Nevertheless, this exposure was able to cause alterations in their monoaminergic neurotr"
            "ansmission systems that were found in both infancy and adulthood periods."
        ),
        "keywords": ["Antidepressant", "Mother-child bond", "NMDA antagonist", "Offspring development", "Postpartum depression"],
    },
    39184713: {
        "title": "Therapeutic Potential of Intravenous Ketamine in Early-Onset Dementia: A Case Report.",
        "abstract": (
            "This case report discusses the use of intravenous (IV) ketamine as a potential therapeutic agent for"
            " early-onset dementia. A 56-year-old female with a diagnosis of early-onset dementia showed signific"
            "ant cognitive decline despite trying and failing several standard treatments such as memantine, done"
            "pezil, and rivastigmine. Given the promising results of ketamine in other neurological and psychiatr"
            "ic disorders, the patient underwent a series of IV ketamine infusions over a period of two months. F"
            "ollowing treatment, there was a notable improvement in cognitive function, mood, and daily living ac"
            "tivities. By the end of her treatments, the patient stated she had more mental clarity, increased fo"
            "cus, improved memory, and increased energy. This case highlights the potential use of ketamine as a "
            "novel treatment approach for early-onset dementia and warrants further investigation in larger clini"
            "cal trials."
        ),
        "keywords": ["alzheimer's disease", "anti-inflammatory", "dementia", "early-onset dementia", "intravenous", "iv ketamine", "neurology", "treatment-resistant"],
    },
    36279978: {
        "title": "Association between intraoperative ketamine and the incidence of emergence delirium in laparoscopic surgeries: an observational study.",
        "abstract": (
            "BACKGROUND: Emergence Delirium (ED) is an essential condition in the immediate postoperative period."
            " Systematic review and meta-analysis of randomized controlled trials have concluded that the effect "
            "of ketamine on postoperative delirium remains unclear. The present study sought to evaluate if the i"
            "ntraoperative use of ketamine for postoperative analgesia is associated with postoperative ED in lap"
            "aroscopic surgeries. METHODS: A prospective observational study was performed in the PostAnesthetic "
            "Care Unit (PACU) to evaluate patients who had undergone laparoscopic surgery under a rigid intraoper"
            "ative anesthesia protocol from July 2018 to January 2019. Patients submitted to laparoscopic surgery"
            " for cholecystectomy, oophorectomy, or salpingectomy with a score ≥1 on the Richmond Assessment Seda"
            "tion Scale (RASS) or ≥2 on the Nursing Delirium Screening Scale (Nu-DESC) were considered to have ED"
            ". t-test, Chi-Square test or Fisher's exact tests were used for comparison. RESULTS: One hundred and"
            " fifteen patients were studied after laparoscopic surgery. Seventeen patients (14.8%) developed ED, "
            "and the incidence of ED in patients who received ketamine was not different from that of other patie"
            "nts (18.3% vs. 10.6%, p = 0.262). Patients with ED had more postoperative pain and morphine requirem"
            "ent at the PACU (p = 0.005 and p = 0.025, respectively). Type of surgery (general surgery, OR = 6.4,"
            " 95% CI 1.2‒35.2) and postoperative pain (OR = 3.7, 95% CI 1.2‒11.4) were risk factors for ED. CONCL"
            "USION: In this study, no association was found between ED and intraoperative administration of ketam"
            "ine in laparoscopic surgeries. Type of surgery and postoperative pain were risk factors for ED."
        ),
        "keywords": ["Analgesia", "Emergence delirium", "Ketamine", "Laparoscopic surgery"],
    },
    38194244: {
        "title": "Esketamine Augmentation in Treatment-Resistant Obsessive-Compulsive Disorder: A Retrospective Chart Review.",
        "abstract": (
            "OBJECTIVE: Converging evidence supports the role of the glutamate, an excitatory amino acid neurotra"
            "nsmitter, in the pathophysiology of obsessive-compulsive disorder (OCD). Ketamine and esketamine, bo"
            "th noncompetitive N -methyl- d -aspartate antagonists, have emerged as a promising medication for th"
            "is psychiatric disorder, given its possible efficacy with faster onset and good tolerability. The pu"
            "rpose of this retrospective chart review is to evaluate whether unbiased clinical documentation supp"
            "orts formal clinical trials of esketamine for an OCD indication. METHODS: A retrospective chart revi"
            "ew of patients with treatment-resistant OCD receiving a single dose of esketamine (0.5mg/kg) added t"
            "o standard therapy was conducted. The Yale-Brown Obsessive-Compulsive Scale and the Montgomery-Åsber"
            "g Depression Rating Scale were used to evaluate OCD and depressive symptoms respectively at baseline"
            ", 24 hours, and 7 days after esketamine administration. Descriptive statistics were used to analyze "
            "the data. RESULTS: Eight subjects were identified in this retrospective chart review: esketamine was"
            " administered subcutaneously in 7 and intravenously in 1. One week after infusion, 25% of the sample"
            " met criteria for treatment response and 50% for partial response. Major depressive disorder was a c"
            "omorbid diagnosis in 75% of the sample and 2 of these subjects showed a positive antidepressant resp"
            "onse. CONCLUSIONS: Our findings provide preliminary evidence that esketamine may reduce obsessive-co"
            "mpulsive symptoms in a subset of treatment-resistant OCD patients."
        ),
        "keywords": [],
    },
    38321436: {
        "title": "Efficacy of esketamine for the treatment of postpartum depression and pain control following cesarean section: a randomized, double-blind, controlled clinical trial.",
        "abstract": (
            "BACKGROUND: Postpartum depression (PPD) following a cesarean delivery is a frequently seen complicat"
            "ion. Despite the prophylactic effects of ketamine, the impact of esketamine on PPD in women undergoi"
            "ng cesarean section remains uncertain. This study aimed to assess the effectiveness of esketamine as"
            " an adjunct to patient-controlled intravenous analgesia (PCIA) in preventing PPD in women undergoing"
            " caesarean section. METHODS: A total of 275 parturients undergoing caesarean section and subsequent "
            "patient-controlled intravenous analgesia (PCIA) were randomly assigned to receive either the control"
            " treatment (sufentanil 2 µg/kg + tropisetron 10 mg) or the experimental treatment with additional es"
            "ketamine (1.5 mg/kg). The primary outcome measured was the incidence of postpartum depression (PPD),"
            " classified by Edinburgh Postnatal Depression Scale (EPDS) scores equal to or greater than 13 indica"
            "ting PPD. Secondary outcomes included cumulative sufentanil consumption during specific time periods"
            " (0-24 h, 24-48 h, and 0-48 h) after the surgical procedure and numerical rating scale (NRS) scores "
            "at rest and during movements. RESULTS: The final analysis included a total of 246 postpartum women w"
            "ho had undergone caesarean delivery. On postoperative day 42, the incidence of depression among the "
            "control group was 17.6%, which was significantly higher compared to the esketamine group with a rate"
            " of 8.2% (P = 0.02). The EPDS scores also showed a significant difference between the two groups, wi"
            "th a mean score of 9.02 ± 2.21 in the control group and 6.87 ± 2.14 in the esketamine group (p < 0.0"
            "001). In terms of pain management, the esketamine group showed lower sufentanil consumption in the 0"
            "-24 h (42.5 ± 4.58 µg vs. 50.15 ± 5.47 µg, P = 0.04) and 0-48 h (87.40 ± 9.51 µg vs. 95.10 ± 9.36 µg"
            ", P = 0.04) postoperative periods compared to the control group. Differences in movement were also o"
            "bserved between the two groups at 24 and 48 h after the cesarean Sect. (3.39 ± 1.57 vs. 4.50 ± 0.80,"
            " P = 0.02; 2.43 ± 0.87 vs. 3.56 ± 0.76, P = 0.02). It is worth noting that the frequency of side eff"
            "ects observed in both groups was comparable. CONCLUSIONS: Esketamine at a dose of 1.5 mg/kg, when us"
            "ed as a supplement in PCIA, has been shown to significantly reduce the occurrence of PPD within 42 d"
            "ays. Additionally, it has been found to decrease cumulative consumption of sufentanil over a 48-hour"
            " period following cesarean operation, all without increasing the rate of adverse effects. TRIAL REGI"
            "STRATION: Registered in the Chinese Clinical Trial Registry (ChiCTR2200067054) on December 26, 2022."
        ),
        "keywords": ["Cesarean section", "Esketamine", "Patient-controlled intravenous analgesia", "Postpartum depression", "Postpartum women"],
    },
    37872291: {
        "title": "Effects of a dissociative drug on fronto-limbic resting-state functional connectivity in individuals with posttraumatic stress disorder: a randomized controlled pilot study.",
        "abstract": (
            "RATIONALE: A subanesthetic dose of ketamine, a non-competitive N-methyl-D-aspartate glutamate recept"
            "or (NMDAR) antagonist, elicits dissociation in individuals with posttraumatic stress disorder (PTSD)"
            ", who also often suffer from chronic dissociative symptoms in daily life. These debilitating symptom"
            "s have not only been linked to worse PTSD trajectories, but also to increased resting-state function"
            "al connectivity (RSFC) between medial prefrontal cortex (mPFC) and amygdala, supporting the conceptu"
            "alization of dissociation as emotion overmodulation. Yet, as studies were observational, causal evid"
            "ence is lacking. OBJECTIVES: The present randomized controlled pilot study examines the effect of ke"
            "tamine, a dissociative drug, on RSFC between mPFC subregions and amygdala in individuals with PTSD. "
            "METHODS: Twenty-six individuals with PTSD received either ketamine (0.5mg/kg; n = 12) or the control"
            " drug midazolam (0.045mg/kg; n = 14) during functional magnetic resonance imaging (fMRI). RSFC betwe"
            "en amygdala and mPFC subregions, i.e., ventromedial PFC (vmPFC), dorsomedial PFC (dmPFC) and anterio"
            "r-medial PFC (amPFC), was assessed at baseline and during intravenous drug infusion. RESULTS: Contra"
            "ry to pre-registered predictions, ketamine did not promote a greater increase in RSFC between amygda"
            "la and mPFC subregions from baseline to infusion compared to midazolam. Instead, ketamine elicited a"
            " stronger transient decrease in vmPFC-amygdala RSFC compared to midazolam. CONCLUSIONS: A dissociati"
            "ve drug did not increase fronto-limbic RSFC in individuals with PTSD. These preliminary experimental"
            " findings contrast with prior correlative findings and call for further exploration and, potentially"
            ", a more differentiated view on the neurobiological underpinning of dissociative phenomena in PTSD."
        ),
        "keywords": ["Biomarker", "Connectivity", "Dissociation", "Imaging", "Ketamine", "PTSD", "Trauma"],
    },
    37126863: {
        "title": "Psilocybin-assisted psychotherapy as a potential treatment for eating disorders: a narrative review of preliminary evidence.",
        "abstract": (
            "Eating disorders (ED) are a group of potentially severe mental disorders characterized by abnormal e"
            "nergy balance, cognitive dysfunction, and emotional distress. Cognitive inflexibility is a major cha"
            "llenge to successful ED treatment and dysregulated serotonergic function has been implicated in this"
            " symptomatic dimension. Moreover, there are few effective treatment options and long-term remission "
            "of ED symptoms is difficult to achieve. There is emerging evidence for the use of psychedelic-assist"
            "ed psychotherapy (PAP) for a range of mental disorders. Psilocybin is a serotonergic psychedelic tha"
            "t has demonstrated therapeutic benefit in a variety of psychiatric illnesses characterized by rigid "
            "thought patterns and treatment resistance. The current paper presents a narrative review of the hypo"
            "thesis that psilocybin may be an effective adjunctive treatment for individuals with EDs, based on b"
            "iological plausibility, transdiagnostic evidence, and preliminary results. Limitations of the PAP mo"
            "del and proposed future directions for its application to eating behavior are also discussed. Althou"
            "gh the literature to date is not sufficient to propose the incorporation of psilocybin in the treatm"
            "ent of disordered eating behaviors, preliminary evidence supports the need for more rigorous clinica"
            "l trials as an important avenue for future investigation."
        ),
        "keywords": ["Psilocybin", "anorexia nervosa", "eating behavior", "eating disorders", "psychedelics", "psychotherapy"],
    },
}

# PMIDs by what they exemplify
RCT_ESKETAMINE_IV = 37414272  # adolescents, MDD + suicidal ideation, esketamine vs midazolam
PROTOCOL_IM = 38283689  # ER-Ketamine: design and rationale, target N = 90
META_ANALYSIS_PTSD = 38224070  # systematic review and meta-analysis, six RCTs, n = 221, g = 0.27
RCT_NO_DIFFERENCE = 39624771  # esketamine vs saline, "no significant difference" in delirium
RAT_STUDY = 38065224  # rat model of postpartum depression, i.p. ketamine
CASE_REPORT = 39184713  # 56-year-old with early-onset dementia, IV ketamine
OBSERVATIONAL = 36279978  # prospective observational, intraoperative ketamine, 115 patients
CHART_REVIEW_OCD = 38194244  # retrospective chart review, esketamine SC/IV in OCD, 8 subjects
RCT_PPD_PAIN = 38321436  # esketamine in PCIA after caesarean: PPD and pain, 275 randomised
PTSD_MECHANISTIC = 37872291  # ketamine vs midazolam, fMRI connectivity in PTSD
PSILOCYBIN_REVIEW = 37126863  # narrative review of psilocybin, no ketamine


@pytest.fixture(scope="module")
def labelled() -> pd.DataFrame:
    frame = pd.DataFrame([{"pmid": pmid, **rec} for pmid, rec in ARTICLES.items()])
    return label_articles(frame).set_index("pmid")


def test_every_label_column_is_added_with_its_dtype(labelled):
    for name, (dtype, meaning) in LABEL_COLUMNS.items():
        assert name in labelled.columns, name
        assert meaning
        if dtype == "Int64":
            assert str(labelled[name].dtype) == "Int64"
        elif dtype == "bool":
            assert labelled[name].dtype == bool
        elif name in ("conditions", "formulation", "route"):
            assert all(isinstance(v, list) for v in labelled[name])


def test_input_columns_are_kept_and_input_is_not_modified():
    frame = pd.DataFrame([{"pmid": 1, "title": "Ketamine for depression.", "abstract": "", "extra": 5}])
    before = frame.copy()
    out = label_articles(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert list(out.columns[:4]) == ["pmid", "title", "abstract", "extra"]


def test_evidence_is_a_sentence_of_the_article_or_a_metadata_item(labelled):
    for pmid, row in labelled.iterrows():
        for name in LABEL_COLUMNS:
            if not name.endswith("_evidence") or pd.isna(row[name]) or row[name] == "":
                continue
            for item in row[name].split(" | "):
                assert (
                    item in row["title"] or item in row["abstract"]
                    or item.startswith(("MeSH: ", "Publication type: ", "Keyword: "))
                ), (pmid, name, item)


# --- conditions -------------------------------------------------------------------------
def test_conditions_from_the_treated_population(labelled):
    assert {"depression", "suicidality"} <= set(labelled.loc[RCT_ESKETAMINE_IV, "conditions"])
    assert labelled.loc[PTSD_MECHANISTIC, "conditions"] == ["ptsd"]
    assert {"depression", "pain"} <= set(labelled.loc[RCT_PPD_PAIN, "conditions"])
    assert "ptsd" in labelled.loc[META_ANALYSIS_PTSD, "conditions"]


def test_a_comorbidity_mentioned_in_passing_is_not_a_condition(labelled):
    # OCD chart review: "Major depressive disorder was a comorbid diagnosis in 75%"
    assert labelled.loc[CHART_REVIEW_OCD, "conditions"] == ["ocd"]
    # delirium trial that measures pain scores as a secondary outcome: not a depression study
    assert "depression" not in labelled.loc[RCT_NO_DIFFERENCE, "conditions"]
    assert "other" in labelled.loc[RCT_NO_DIFFERENCE, "conditions"]


def test_condition_evidence_quotes_the_sentence():
    labels = label_text("Ketamine for chronic neuropathic pain: a randomized trial.", "Twenty patients with chronic pain received ketamine.")
    assert labels["conditions"] == ["pain"]
    assert "chronic neuropathic pain" in labels["conditions_evidence"]


def test_condition_names_inside_rating_scales_do_not_count():
    labels = label_text(
        "Ketamine for chronic pain: an open-label trial.",
        "METHODS: Twenty patients with chronic pain received ketamine. Mood was rated on the Beck Depression "
        "Inventory and the Hospital Anxiety and Depression Scale. RESULTS: Pain decreased.",
    )
    assert labels["conditions"] == ["pain"]


def test_healthy_volunteers_and_symptoms_measured_in_them():
    labels = label_text(
        "Effects of ketamine on mood in healthy volunteers.",
        "METHODS: Thirty healthy volunteers received ketamine or placebo in a randomized crossover design. "
        "Depressive symptoms and anxiety were rated. RESULTS: Ketamine increased anxiety ratings.",
    )
    assert labels["conditions"] == ["healthy_volunteers"]
    assert labels["conclusion"] == "not_applicable"


# --- population and human_clinical ------------------------------------------------------
def test_an_animal_study_is_not_human(labelled):
    assert labelled.loc[RAT_STUDY, "population"] == "animal"
    assert labelled.loc[RAT_STUDY, "design"] == "preclinical"
    assert not labelled.loc[RAT_STUDY, "human_clinical"]
    assert "rat" in labelled.loc[RAT_STUDY, "population_evidence"].lower()


def test_patients_are_human_clinical(labelled):
    for pmid in (RCT_ESKETAMINE_IV, OBSERVATIONAL, CASE_REPORT, META_ANALYSIS_PTSD):
        assert labelled.loc[pmid, "population"] == "human", pmid
        assert labelled.loc[pmid, "human_clinical"], pmid


# --- design -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "pmid, design",
    [
        (RCT_ESKETAMINE_IV, "rct"),
        (RCT_PPD_PAIN, "rct"),
        (PROTOCOL_IM, "protocol"),
        (META_ANALYSIS_PTSD, "systematic_review"),
        (CASE_REPORT, "case_report"),
        (OBSERVATIONAL, "observational"),
        (CHART_REVIEW_OCD, "observational"),
        (PSILOCYBIN_REVIEW, "review"),
    ],
)
def test_design(labelled, pmid, design):
    assert labelled.loc[pmid, "design"] == design
    assert labelled.loc[pmid, "design_evidence"]


def test_a_secondary_analysis_is_not_the_trial_report():
    labels = label_text(
        "Suicidal ideation after ketamine: a secondary analysis of a randomized controlled trial.",
        "METHODS: This secondary analysis used data from a randomized, placebo-controlled trial of ketamine in 80 adults.",
    )
    assert labels["design"] == "other"


# --- drug, route, comparator ------------------------------------------------------------
def test_formulation(labelled):
    assert labelled.loc[RCT_ESKETAMINE_IV, "formulation"] == ["esketamine"]
    # "Ketamine and esketamine ... have emerged": the drug class, not a racemic arm
    assert labelled.loc[CHART_REVIEW_OCD, "formulation"] == ["esketamine"]
    assert labelled.loc[OBSERVATIONAL, "formulation"] == ["racemic_ketamine"]
    assert labelled.loc[PSILOCYBIN_REVIEW, "formulation"] == []
    assert label_text("Arketamine in treatment-resistant depression: a pilot study.")["formulation"] == ["arketamine"]


def test_is_ketamine(labelled):
    assert labelled.loc[RCT_ESKETAMINE_IV, "is_ketamine"]
    assert not labelled.loc[PSILOCYBIN_REVIEW, "is_ketamine"]


def test_route(labelled):
    assert labelled.loc[RCT_ESKETAMINE_IV, "route"] == ["intravenous"]
    assert labelled.loc[PROTOCOL_IM, "route"] == ["intramuscular"]
    assert set(labelled.loc[CHART_REVIEW_OCD, "route"]) == {"intravenous", "subcutaneous"}
    assert labelled.loc[RAT_STUDY, "route"] == ["other"]  # intraperitoneal
    assert label_text("Intranasal esketamine nasal spray for TRD.")["route"] == ["intranasal"]


def test_comparator(labelled):
    assert labelled.loc[RCT_ESKETAMINE_IV, "comparator"] == "active_placebo"  # midazolam
    assert labelled.loc[RCT_NO_DIFFERENCE, "comparator"] == "placebo"  # normal saline
    assert labelled.loc[RCT_PPD_PAIN, "comparator"] == "active_treatment"  # sufentanil control
    assert labelled.loc[CASE_REPORT, "comparator"] == "none_unclear"
    ect = label_text("Ketamine versus electroconvulsive therapy for severe depression: a randomized trial.")
    assert ect["comparator"] == "ect"


# --- sample size ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "pmid, n, basis",
    [
        (RCT_ESKETAMINE_IV, 54, "enrolled"),
        (RCT_NO_DIFFERENCE, 260, "randomised"),  # "Two hundred and sixty elderly participants were randomly assigned"
        (PROTOCOL_IM, 90, "planned"),
        (META_ANALYSIS_PTSD, 221, "included_participants"),
        (CASE_REPORT, 1, "case"),
        (OBSERVATIONAL, 115, "enrolled"),
        (CHART_REVIEW_OCD, 8, "enrolled"),
    ],
)
def test_sample_size(labelled, pmid, n, basis):
    assert labelled.loc[pmid, "sample_size"] == n
    assert labelled.loc[pmid, "sample_size_basis"] == basis
    assert labelled.loc[pmid, "sample_size_evidence"]


def test_sample_size_is_empty_when_not_stated(labelled):
    assert pd.isna(labelled.loc[RAT_STUDY, "sample_size"])
    assert pd.isna(labelled.loc[PSILOCYBIN_REVIEW, "sample_size"])


def test_sample_size_sums_groups_and_ignores_doses_and_ages():
    labels = label_text(
        "Cognition in ketamine users.",
        "METHODS: Twenty-five ketamine users and 30 healthy controls aged 18 to 45 years took a 2 mg test dose.",
    )
    assert labels["sample_size"] == 55


def test_review_without_participant_numbers_counts_studies():
    labels = label_text(
        "Oral ketamine for depression: a systematic review.",
        "METHODS: We searched MEDLINE and Embase. RESULTS: Twelve studies were included. CONCLUSIONS: Evidence is limited.",
    )
    assert labels["design"] == "systematic_review"
    assert (labels["sample_size"], labels["sample_size_basis"]) == (12, "included_studies")


# --- conclusion -------------------------------------------------------------------------------
def test_positive_conclusion(labelled):
    assert labelled.loc[RCT_ESKETAMINE_IV, "conclusion"] == "positive"
    assert "effective and well-tolerated" in labelled.loc[RCT_ESKETAMINE_IV, "conclusion_evidence"]
    assert labelled.loc[CHART_REVIEW_OCD, "conclusion"] == "positive"


def test_no_significant_difference_is_not_positive(labelled):
    assert labelled.loc[RCT_NO_DIFFERENCE, "conclusion"] in ("neutral", "negative")
    assert "did not reduce" in labelled.loc[RCT_NO_DIFFERENCE, "conclusion_evidence"]


def test_protocols_animal_work_and_mechanistic_studies_have_no_verdict(labelled):
    assert labelled.loc[PROTOCOL_IM, "conclusion"] == "not_applicable"
    assert labelled.loc[RAT_STUDY, "conclusion"] == "not_applicable"
    assert labelled.loc[PTSD_MECHANISTIC, "conclusion"] == "not_applicable"
    assert labelled.loc[PSILOCYBIN_REVIEW, "conclusion"] == "not_applicable"


def test_mixed_conclusion():
    labels = label_text(
        "Esketamine after caesarean section: a randomized controlled trial.",
        "METHODS: 300 women with postpartum depression risk were randomized to esketamine or placebo. "
        "CONCLUSIONS: Esketamine did not reduce postpartum depression. However, esketamine significantly reduced pain scores.",
    )
    assert labels["conclusion"] == "mixed"


# --- outcomes -----------------------------------------------------------------------------
def test_effect_estimate_with_confidence_interval(labelled):
    effects = labelled.loc[META_ANALYSIS_PTSD, "effect_estimates"]
    assert {k: effects[0][k] for k in ("measure", "value", "ci_low", "ci_high")} == {
        "measure": "Hedges' g", "value": 0.27, "ci_low": 0.03, "ci_high": 0.51}
    assert "0.27, 95% CI" in effects[0]["sentence"]  # the original (thin-spaced) text
    assert "0.27, 95% CI" in labelled.loc[META_ANALYSIS_PTSD, "outcomes_evidence"]


def test_response_and_remission_rates_per_arm():
    labels = label_text(
        "Ketamine for TRD: a randomized trial.",
        "RESULTS: Response rates were 52% in the ketamine group and 20% in the placebo group. "
        "Remission was achieved by 30% with ketamine versus 10% with placebo.",
    )
    assert [(r["arm"], r["percent"]) for r in labels["response_rates"]] == [("ketamine group", 52.0), ("placebo group", 20.0)]
    assert [(r["arm"], r["percent"]) for r in labels["remission_rates"]] == [("ketamine", 30.0), ("placebo", 10.0)]
    assert labels["effect_estimates"] == []


def test_rates_are_empty_when_not_reported(labelled):
    assert list(labelled.loc[CASE_REPORT, "response_rates"]) == []
    assert list(labelled.loc[CASE_REPORT, "remission_rates"]) == []


# --- retraction and metadata ---------------------------------------------------------------
def test_retraction_from_store_signals_publication_type_or_title():
    frame = pd.DataFrame(
        [
            {"pmid": 1, "title": "Ketamine in TRD.", "abstract": "", "retraction_signals": ["RetractionIn: J Affect Disord (PMID 123)"]},
            {"pmid": 2, "title": "Ketamine in TRD.", "abstract": "", "publication_types": np.array(["Journal Article", "Retracted Publication"])},
            {"pmid": 3, "title": "RETRACTED: Ketamine in TRD.", "abstract": ""},
            {"pmid": 4, "title": "Ketamine in TRD.", "abstract": "", "retraction_signals": None},
        ]
    )
    out = label_articles(frame)
    assert out["retracted"].tolist() == [True, True, True, False]
    assert out.loc[0, "retracted_evidence"] == "RetractionIn: J Affect Disord (PMID 123)"
    assert out.loc[1, "retracted_evidence"] == "Publication type: Retracted Publication"


def test_metadata_decides_when_present():
    frame = pd.DataFrame(
        [
            {
                "pmid": 1,
                "title": "Ketamine infusions in adults.",
                "abstract": "Adults received ketamine.",
                "mesh_terms": np.array(["Humans", "Depressive Disorder, Treatment-Resistant", "Ketamine"]),
                "mesh_major_terms": ["Depressive Disorder, Treatment-Resistant"],
                "publication_types": ["Journal Article", "Randomized Controlled Trial"],
            },
            {
                "pmid": 2,
                "title": "Ketamine effects.",
                "abstract": "Effects were measured.",
                "mesh_terms": ["Animals", "Rats", "Ketamine"],
                "publication_types": ["Journal Article"],
            },
        ]
    )
    out = label_articles(frame)
    assert out.loc[0, "design"] == "rct"
    assert out.loc[0, "design_evidence"] == "Publication type: Randomized Controlled Trial"
    assert out.loc[0, "population"] == "human"
    assert out.loc[0, "conditions"] == ["depression"]
    assert "MeSH: Depressive Disorder, Treatment-Resistant" in out.loc[0, "conditions_evidence"]
    assert out.loc[1, "population"] == "animal"
    assert out.loc[1, "design"] == "preclinical"


def test_missing_or_empty_inputs_do_not_fail():
    frame = pd.DataFrame([{"pmid": 1, "title": None, "abstract": None}, {"pmid": 2, "title": "", "abstract": float("nan")}])
    out = label_articles(frame)
    assert out["conditions"].tolist() == [[], []]
    assert out["population"].tolist() == ["unclear", "unclear"]
    assert out["sample_size"].isna().all()
    empty = label_articles(pd.DataFrame(columns=["pmid", "title", "abstract"]))
    assert len(empty) == 0 and set(LABEL_COLUMNS) <= set(empty.columns)

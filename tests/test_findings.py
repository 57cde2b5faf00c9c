"""Findings, rates and effect estimates on real abstracts, their storage and their exports (issue 14).

The abstracts below are verbatim PubMed records copied from the shared corpus
(../shared/data/corpus/pubmed_psychedelic_trials_2023_2025.jsonl; PMIDs as keys), so every
expected finding is checked against real clinical language.  The hand-checked set
tests/fixtures/outcomes_handchecked.jsonl (our own reading of 60 abstracts of the same corpus)
scores the extracted percentages and effect values.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import label_articles, label_text
from analysis.columns import (DIRECTION_VALUES, EFFECT_ESTIMATE_FIELDS, FAVOURS_VALUES, FINDING_DOMAINS, FINDING_FIELDS,
                              NESTED_LABEL_COLUMNS, RATE_FIELDS)
from analysis.outcomes import timepoint
from tests.test_analysis_labels import ARTICLES as LABEL_ARTICLES

FIXTURE = Path(__file__).parent / "fixtures" / "outcomes_handchecked.jsonl"

ARTICLES: dict[int, dict] = {
    38446480: {
        "title": "Perioperative Adjunctive Esketamine for Postpartum Depression Among Women Undergoing Elective Cesarean Delivery: A Randomized Clinical Trial.",
        "abstract": (
            "IMPORTANCE: Postpartum depression (PPD) is one of the most common mental health conditions during th"
            "e perinatal and postpartum periods, which can have adverse effects on both mother and infant. OBJECT"
            "IVE: To investigate the efficacy of perioperative adjunctive esketamine administration after cesarea"
            "n deliveries in the prevention of PPD. DESIGN, SETTING, AND PARTICIPANTS: A single-center, double-bl"
            "ind, placebo-controlled, randomized clinical trial was conducted from January 1, 2022, to January 1,"
            " 2023, at Fujian Provincial Hospital among 298 women aged 18 to 40 years, with an American Society o"
            "f Anesthesiologists grade I to III classification and singleton full-term pregnancies who were sched"
            "uled for elective cesarean deliveries. Primary analyses were performed on a modified intention-to-tr"
            "eat basis. INTERVENTIONS: Patients were randomly assigned to the esketamine (n = 148) and control (n"
            " = 150) groups. Those in the esketamine group received a single intravenous injection of 0.25 mg/kg "
            "of esketamine immediately after fetal delivery, followed by 50 mg of esketamine as an adjuvant in pa"
            "tient-controlled intravenous analgesia for 48 hours after surgery. Saline was given to the control g"
            "roup of patients. MAIN OUTCOMES AND MEASURES: The primary outcome was assessments of PPD symptoms by"
            " using the Edinburgh Postnatal Depression Scale (EPDS) at postpartum day 7. Positive screening for P"
            "PD was defined as a score of 10 or more points on the EPDS. In addition, the EPDS was analyzed as a "
            "continuous variable to evaluate depressive symptoms. Secondary outcomes included the Numeric Rating "
            "Scale (NRS) of postoperative pain, along with safety evaluations including adverse events and clinic"
            "al assessments at postpartum days 14, 28, and 42. RESULTS: A total of 298 pregnant women were includ"
            "ed, with 150 in the control group (median age, 31.0 years [IQR, 29.0-34.0 years]) and 148 in the esk"
            "etamine group (median age, 31.0 years [IQR, 28.0-34.0 years]). The prevalence of depression symptoms"
            " was significantly lower among patients given esketamine compared with controls (23.0% [34 of 148] v"
            "s 35.3% [53 of 150]; odds ratio, 0.55; 95% CI, 0.33-0.91; P = .02) on postpartum day 7. In addition,"
            " the esketamine group also showed a significantly lower change in EPDS scores (difference of least-s"
            "quares means [SE], -1.17 [0.44]; 95% CI, -2.04 to -0.31; effect size, 0.74; P = .008). However, ther"
            "e were no differences between the groups in the incidence of positive screening results for PPD or i"
            "n changes from the baseline EPDS scores at postpartum days 14, 28, and 42. There were no differences"
            " in NRS scores at rest and on movement except on movement at 72 hours postoperatively, when scores w"
            "ere significantly lower in the esketamine group (median, 3.0 [IQR, 2.0-3.0] vs 3.0 [IQR, 3.0-3.5]; m"
            "edian difference, 0 [95% CI, 0-0]; P = .03). CONCLUSIONS AND RELEVANCE: These results suggest that i"
            "ntravenous administration of esketamine during the perioperative period of elective cesarean deliver"
            "y can improve depression symptoms during the early postpartum period. However, this antidepression e"
            "ffect may not be universally applicable to patients with low EPDS scores. TRIAL REGISTRATION: Chines"
            "e Clinical Trial Registry Identifier: ChiCTR2100054199."
        ),
    },
    40398929: {
        "title": "Impact of perioperative esketamine on the perioperative neurocognitive dysfunction: a systematic review and meta-analysis of randomised controlled studies.",
        "abstract": (
            "OBJECTIVES: The effect of esketamine on perioperative neurocognitive dysfunction (PND) remains contr"
            "oversial. This systematic review and meta-analysis aimed to evaluate the impact of perioperative esk"
            "etamine administration on PND. DESIGN: Systematic review and meta-analysis. DATA SOURCES: PubMed, EM"
            "BASE, Web of Science and Cochrane Library were searched from their inception to 25 April 2024. ELIGI"
            "BILITY CRITERIA FOR SELECTING STUDIES: We included the randomised controlled trials (RCTs) that comp"
            "ared single or continuous intravenous infusion of esketamine to saline among adult surgical patients"
            " without pre-existing neurocognitive disorders. DATA EXTRACTION AND SYNTHESIS: Two reviewers indepen"
            "dently extracted pertinent information from the included studies. Risk of bias was assessed using Co"
            "chrane's risk of bias criteria. Risk ratios (RRs) and their corresponding 95% CIs were synthesised u"
            "sing a random-effects model. The overall evidence quality was appraised using the Grading of Recomme"
            "ndations Assessment, Development and Evaluation framework. RESULTS: 10 RCTs were included in our met"
            "a-analysis, involving 854 surgical patients. Perioperative esketamine was associated with a reduced "
            "risk of postoperative delirium (POD) (relative risk (RR): 0.46, 95% CI: 0.30 to 0.71, p<0.001) and d"
            "elayed neurocognitive recovery (dNCR) (RR: 0.41, 95% CI: 0.21 to 0.78, p<0.001). However, no statist"
            "ically significant difference was found in the risk of postoperative neurocognitive disorder (post-N"
            "CD) at 3 months postsurgery between the esketamine and control groups (RR: 0.57, 95% CI: 0.19 to 1.7"
            "3, p=0.40). Additionally, pain severity was reduced on postoperative day 1, with no difference in th"
            "e risk of adverse events or length of hospital stay. CONCLUSION: Perioperative esketamine reduces th"
            "e risk of short-term PND, including POD and dNCR, without significantly affecting the incidence of a"
            "dverse events or length of hospital stay. However, no significant differences were observed in the r"
            "isk of post-NCD at 3 months following surgery. This systematic review and meta-analysis offers valua"
            "ble data for PND research and clinical drug intervention strategies. PROSPERO REGISTRATION NUMBER: C"
            "RD42024538438."
        ),
    },
    38808490: {
        "title": "Efficacy of a single low dose of esketamine after childbirth for mothers with symptoms of prenatal depression: randomised clinical trial.",
        "abstract": (
            "OBJECTIVE: To determine whether a single low dose of esketamine administered after childbirth reduce"
            "s postpartum depression in mothers with prenatal depression. DESIGN: Randomised, double blind, place"
            "bo controlled trial with two parallel arms. SETTING: Five tertiary care hospitals in China, 19 June "
            "2020 to 3 August 2022. PARTICIPANTS: 364 mothers aged ≥18 years who had at least mild prenatal depre"
            "ssion as indicated by Edinburgh postnatal depression scale scores of ≥10 (range 0-30, with higher sc"
            "ores indicating worse depression) and who were admitted to hospital for delivery. INTERVENTIONS: Par"
            "ticipants were randomly assigned 1:1 to receive either 0.2 mg/kg esketamine or placebo infused intra"
            "venously over 40 minutes after childbirth once the umbilical cord had been clamped. MAIN OUTCOME MEA"
            "SURES: The primary outcome was prevalence of a major depressive episode at 42 days post partum, diag"
            "nosed using the mini-international neuropsychiatric interview. Secondary outcomes included the Edinb"
            "urgh postnatal depression scale score at seven and 42 days post partum and the 17 item Hamilton depr"
            "ession rating scale score at 42 days post partum (range 0-52, with higher scores indicating worse de"
            "pression). Adverse events were monitored until 24 hours after childbirth. RESULTS: A total of 364 mo"
            "thers (mean age 31.8 (standard deviation 4.1) years) were enrolled and randomised. At 42 days post p"
            "artum, a major depressive episode was observed in 6.7% (12/180) of participants in the esketamine gr"
            "oup compared with 25.4% (46/181) in the placebo group (relative risk 0.26, 95% confidence interval ("
            "CI) 0.14 to 0.48; P<0.001). Edinburgh postnatal depression scale scores were lower in the esketamine"
            " group at seven days (median difference -3, 95% CI -4 to -2; P<0.001) and 42 days (-3, -4 to -2; P<0"
            ".001). Hamilton depression rating scale scores at 42 days post partum were also lower in the esketam"
            "ine group (-4, -6 to -3; P<0.001). The overall incidence of neuropsychiatric adverse events was high"
            "er in the esketamine group (45.1% (82/182)  CONCLUSIONS: For mothers with prenatal depression, a sin"
            "gle low dose of esketamine after childbirth decreases major depressive episodes at 42 days post part"
            "um by about three quarters. Neuropsychiatric symptoms were more frequent but transient and did not r"
            "equire drug intervention. TRIAL REGISTRATION: ClinicalTrials.gov NCT04414943."
        ),
    },
    38472415: {
        "title": "Synergistic use of deep TMS therapy with IV ketamine infusions for major depressive disorder: a pilot study.",
        "abstract": (
            "OBJECTIVE: Major Depressive Disorder (MDD) is a pervasive psychiatric condition effecting approximat"
            "ely 21 million adults in the U.S. (8.4%). An estimated 30-60% of patients are resistant to tradition"
            "al treatment approaches (medications and talk-therapy), alluding to the need for additional options."
            " Two promising treatment modalities include transcranial magnetic stimulation (TMS) and ketamine inf"
            "usions; both have shown efficacy in standalone studies but have scarcely been investigated synergist"
            "ically in the same group of participants. METHOD: In the current study, 169 participants with treatm"
            "ent-resistant MDD received 36 treatments of Deep TMS-only (H1 + H7 protocols), while 66 received 36 "
            "treatments of Deep TMS (H1 + H7 protocols) and 6 IV infusions of ketamine over the course of 9 weeks"
            ". Depressive symptoms were compared pre- and -post treatment in both conditions using the PHQ-9. RES"
            "ULTS: In both treatment groups, depressive symptoms were significantly reduced from pre-to-post and "
            "there were no significant differences in response between the TMS + ketamine condition and the TMS-o"
            "nly condition. The TMS + ketamine condition had an 80.30% response rate (53 out of 66) and 43.42% re"
            "mission rate (28 out of 66) compared to a 76.92% response (130 out of 169) and 39.64% remission (67 "
            "out of 16) in the TMS-only condition. CONCLUSION: These results support the notion that TMS treatmen"
            "ts yield high response rates in treatment-resistant cases; however, in this investigation there was "
            "no added benefit for including 6 sessions of IV ketamine in conjunction with TMS. Future investigati"
            "ons using randomized-control designs and robust outcome measures are warranted."
        ),
    },
    39609659: {
        "title": "Ketamine for treatment-resistant obsessive-compulsive disorder: Double-blind active-controlled crossover study.",
        "abstract": (
            "BACKGROUND: Obsessive-Compulsive Disorder (OCD) may respond to ketamine treatment. AIM: To examine t"
            "he responsiveness and tolerability of treatment-refractory OCD to intramuscular (IM) ketamine compar"
            "ed to IM fentanyl. METHODS: This was a randomised double-blind psychoactive-controlled study with si"
            "ngle doses of racemic ketamine 0.5 mg/kg, 1.0 mg/kg or fentanyl 50 µg (psychoactive control). Pre-do"
            "sing with 4 mg oral ondansetron provided nausea prophylaxis. Eligible participants were aged between"
            " 18 and 50 years with severe treatment-resistant OCD. The primary efficacy measure was the Yale-Brow"
            "n Obsessive-Compulsive Scale (Y-BOCS). Tolerability was measured with the Clinician-Administered Dis"
            "sociative States Scale (CADSS). Repeated measures analysis of variance with orthogonal polynomial tr"
            "ends was used to assess the effect of drug treatment on Y-BOCS and CADSS scores. RESULTS: Twelve par"
            "ticipants were randomised and 10 completed the study (7 females, 3 males, mean age 33 years). Two pa"
            "rticipants dropped out due to not tolerating dissociative effects associated with the study medicati"
            "on. The reductions in Y-BOCS scores were greater and statistically dose-related for both ketamine do"
            "ses than fentanyl (dose [linear],  CONCLUSIONS: We provide further preliminary evidence for the effi"
            "cacy and tolerability of IM ketamine in an outpatient cohort of OCD. Additional work is required to "
            "establish the optimal dosing regimen and longer-term role of ketamine for OCD. These findings are en"
            "couraging given the well-known limitations that exist for treatments in this area."
        ),
    },
    40015180: {
        "title": "Oral ketamine for rapid reduction of suicidal ideation in major depressive disorder: A midazolam-controlled randomized clinical trial.",
        "abstract": (
            "BACKGROUND: The simplest, most convenient, and least expensive way to treat depressed and suicidal p"
            "atients with ketamine is to administer racemic ketamine by the oral route. We describe the first act"
            "ive-controlled randomized clinical trial of oral racemic ketamine for suicidal ideation associated w"
            "ith depression. METHODS: Adult patients with major depressive disorder and expressed suicidal ideati"
            "on were randomized to receive a single session of oral racemic ketamine (3 mg/kg; n = 40) or oral mi"
            "dazolam (0.3 mg/kg; n = 40). Suicidal ideation was rated using the Modified Scale for Suicidal Ideat"
            "ion (MSSI) and depression, using the 17-item Hamilton Rating Scale for Depression (HAM-D). Patients "
            "were assessed 4 h post-treatment (Day 1) and on Days 3 and 7. RESULTS: Mean doses were 180 mg and 1."
            "8 mg for ketamine and midazolam, respectively. MSSI scores were significantly lower in the ketamine "
            "group at all assessment points: 4 h, Day 3, and Day 7. HAM-D scores were significantly lower in the "
            "ketamine group at 4 h and on Day 3. The study-defined HAM-D response and remission rates were 25 % v"
            "s 0 % and 5 % vs 0 % in ketamine vs midazolam groups on Day 7. Nausea/vomiting, lightness of body, e"
            "motional disturbance (anxiety or crying), and depersonalization/derealization were significantly mor"
            "e frequent in the ketamine group; however, no patient considered these to be of treatment-limiting s"
            "everity. CONCLUSIONS: Oral racemic ketamine is a reasonably well-tolerated and rapidly effective int"
            "ervention for suicidal ideation and depression in adults with major depressive disorder."
        ),
    },
    38522144: {
        "title": "Effects of esketamine on postoperative negative emotions and early cognitive disorders in patients undergoing non-cardiac thoracic surgery: A randomized controlled trial.",
        "abstract": (
            "STUDY OBJECTIVE: To investigate whether a single dosage of esketamine injection in the anesthesia pe"
            "riod could improve postoperative negative emotions and early cognitive function in patients undergoi"
            "ng non-cardiac thoracic surgery. DESIGN: A prospective single center double blinded randomized place"
            "bo-controlled trial. SETTING: Perioperative period; operating room, post anesthesia care unit and ho"
            "spital ward. PATIENTS: 129 adult patients that underwent elective non-cardiac thoracic surgery under"
            " general anesthesia. INTERVENTIONS: During the operation, pharmacologic prevention of postoperative "
            "negative emotion and early cognitive disorder with 0.2 mg/kg (Low esketamine group) and 0.5 mg/kg es"
            "ketamine (High esketamine group) vs. placebo. MEASUREMENTS: Emotion and early cognitive performance "
            "were assessed on the day before surgery (POD-1), postoperative day 1 (POD1) and day 3 (POD3) using H"
            "ADS-A, HADS-D, Pain Visual Analogue Scale (VAS), Confusion Assessment Method (CAM), Mini-Mental Stat"
            "e Examination (MMSE), and serum biomarkers (S100β, BDNF, IL-6, acetylcholine, and norepinephrine). M"
            "AIN RESULTS: The high esketamine group showed significantly lower HADS-A and HADS-D scores than cont"
            "rol group on POD1 and POD3. No significant differences were observed between the low esketamine grou"
            "p and the control group. The esketamine-treated groups showed lower pain VAS scores than the control"
            " group at 2 h and on the first day after operation. There were no significant differences among the "
            "three groups in CAM and MMSE scores. However, the high esketamine group had lower S100β and IL-6 lev"
            "els, and higher BDNF levels postoperatively, while serum acetylcholine and norepinephrine were not s"
            "ignificantly different. CONCLUSIONS: A single intraoperative injection of 0.5 mg/kg esketamine can a"
            "lleviate postoperative anxiety, depression, and pain to some extent. Although cognitive function beh"
            "avioral evaluation did not show obvious benefits, it can also reduce the production of pro-inflammat"
            "ory and brain injury-related factors while promoting the generation of brain-derived neurotrophic fa"
            "ctor. Registration Trial registry: http://www.chictr.org.cn/; Identifier: ChiCTR2100047067."
        ),
    },
    37776285: {
        "title": "The Impact of Ketamine for Treatment of Post-Traumatic Stress Disorder: A Systematic Review With Meta-Analyses.",
        "abstract": (
            "BACKGROUND: Ketamine has been used in anesthesia, pain management, and major depressive disorder. It"
            " has recently been studied in patients with post-traumatic stress disorder (PTSD). OBJECTIVE: To det"
            "ermine the impact of ketamine on PTSD symptomatology and depression scores. METHODS: We conducted a "
            "literature search of Medline 1960 to May 20, 2023, and found 6 randomized controlled trials that met"
            " our inclusion criteria. We extracted data on the Clinician-Administered PTSD (CAPS), PTSD Checklist"
            " (PCL), or Montgomery-Asberg Depression Rating (MADRS) scales. RESULTS: The use of ketamine signific"
            "antly reduced CAPS scores (n = 5, MD: -10.63 [95% CI -14.95 to -6.32]), PCL scores (n = 3, MD: -6.13"
            " [95% CI -8.61 to -3.64]), and MADRS scores (n = 3, MD: -6.33 [95% CI -8.97 to -3.69]) at the maxima"
            "l follow-up times versus control. Significant benefits were found at day 1 and weeks 1, 2, and 4 for"
            " CAPS and PCL scores as well as MADRS scores at day 1, week 1, and week 4 for ketamine versus contro"
            "l. The time to PTSD relapse was prolonged in the patients receiving ketamine versus control (n = 2, "
            "15.74 days [95% CI 3.57 to 29.91 days]). More dry mouth (n = 2, OR 5.85 [95% CI 1.32 to 25.95]), diz"
            "ziness (n = 2, OR 3.83 [95% CI 1.28 to 11.41]), and blurred vision (n = 2, OR 7.57 [1.00 to 57.10]) "
            "occurred with ketamine than control therapy. CONCLUSIONS AND RELEVANCE: Ketamine modestly reduced PT"
            "SD and depression scores as early as 1 day of therapy, but the longevity of effect needs to be deter"
            "mined. Given similar magnitude of benefit with SSRIs and venlafaxine, ketamine would not supplant th"
            "ese traditional options for chronic use."
        ),
    },
    37917895: {
        "title": "The Application Value of Esketamine and Dexmedetomidine in Preventing Postoperative Delirium and Hyperalgesia in Elderly Patients with Thoracic Anesthesia.",
        "abstract": (
            "OBJECTIVE: Our aim was to evauate the application value of esesketamine and dexmedetomidine in preve"
            "nting postoperative hyperalgesia in elderly patients who received thoracic anesthesia. METHODS: A to"
            "tal of 94 elderly patients who underwent thoracic anesthesia in Sanmen People's Hospital from Januar"
            "y 2021 to October 2022 were selected and divided into a dexmedetomidine group (n = 47) and an esketa"
            "mine group (n = 47) by the random number table method. All patients were continuously received intra"
            "venous (IV) remifentanil. In the dexmedetomidine group, dexmedetomidine 0.7 μg/kg was administered I"
            "V, followed by 0.2 to 0.5 μg/kg/h to maintain anesthesia, while in the esketamine group, esketamine "
            "0.5 mg/kg was given IV 20 min after induction of anesthesia was completed. RESULTS: Visual analogue "
            "scale (VAS) scores in the esketamine group were lower than in the dexmedetomidine group at 1, 6, 12 "
            "and 24 h postoperatively (P < .05), and Ramsay sedation scores were not statistically different from"
            " those in the dexmedetomidine group (P > .05). At 3 d postoperatively, the Mini-Mental State Examina"
            "tion (MMSE) scores in the dexmedetomidine group were lower than 1 d preoperatively; at 5 d postopera"
            "tively, the negative mood and Pittsburgh Sleep Quality Index (PSQI) scores were significantly higher"
            " in both groups than 1 d preoperatively; at 14 d postoperatively, the PSQI scores were higher in bot"
            "h groups than 1 d preoperatively, and there was no statistical difference between the negative mood "
            "scores at 1 d before surgery (P > .05). At 5 d postoperatively in the esketamine group, the negative"
            " mood scores were lower than in the dexmedetomidine group at 5 d postoperatively and the PSQI scores"
            " at 5 and 14 d postoperatively were lower than in the dexmedetomidine group (P < .05). CONCLUSION: B"
            "oth esketamine and dexmedetomidine can be used to prevent postoperative delirium and nociceptive hyp"
            "ersensitivity after anesthesia in elderly patients with thoracic surgery. However, esketamine is sup"
            "erior to dexmedetomidine in analgesic effect, improvement of negative mood and sleep and stabilizati"
            "on of intraoperative hemodynamics, leading to better effect in preventing delirium and hyperalgesia "
            "after anesthesia."
        ),
    },
    38321436: LABEL_ARTICLES[38321436],  # the same record, kept once in test_analysis_labels
    38863284: {
        "title": "Esketamine combined with a mindfulness-based intervention for individuals with alcohol problems.",
        "abstract": (
            "BACKGROUND: Alcohol use disorder (AUD) is a major public health issue, posing harmful consequences f"
            "or individuals and society. Recent advances in addiction research have highlighted the therapeutic p"
            "otential of ketamine-assisted therapy for AUD. However, the exact mechanisms underlying its effectiv"
            "eness remain unknown. AIMS: This double-blind, pilot study aimed to investigate esketamine combined "
            "with mindfulness-based intervention (MBI) to examine whether esketamine enhances engagement in MBI f"
            "or individuals with alcohol misuse problems and whether enhanced engagement has any impact on alcoho"
            "l-related outcomes. METHODS: In all, 28 individuals with alcohol problems were randomly assigned to "
            "receive sublingual esketamine hydrochloride (AWKN002: 115.1 mg) or vitamin C (placebo) in an oral th"
            "in film and took part in 2 weeks of daily MBI. Participants were assessed on various self-report mea"
            "sures, including mindfulness, engagement in MBI (physical and psychological), alcohol cravings and c"
            "onsumption. RESULTS: Esketamine enhanced psychological engagement with a daily MBI, compared to plac"
            "ebo, and led to transient decreases in alcohol cravings. Esketamine also resulted in significantly g"
            "reater mystical experiences and dissociative states compared to placebo. CONCLUSIONS: The findings s"
            "uggest that esketamine may improve treatment outcomes when combined with mindfulness-based therapies"
            " through its ability to increase engagement with meditative practice."
        ),
    },
    40791037: {
        "title": "Effects of Esketamine on Post-Partum Depression in Patients With Different Personality Types Undergoing Caesarean Section: Randomised Controlled Trial.",
        "abstract": (
            "BACKGROUND: As an intravenous general anaesthetic, esketamine has rapid and evident antidepressant e"
            "ffects and therefore helps prevent post-partum depression (PPD). This study aimed to observe the eff"
            "ect of intraoperative esketamine application on patients with PPD undergoing caesarean section and t"
            "o explore whether this effect varies among patients with different personality types. METHODS: A tot"
            "al of 280 patients who underwent elective caesarean section under spinal anaesthesia were randomly d"
            "ivided into esketamine and control groups. On the day before the surgery, each patient was assessed "
            "using the Edinburgh Post-partum Depression Scale (EPDS), Self-Rating Anxiety Scale(SAS), Self-Rating"
            " Depression Scale (SDS) and Eysenck Personality Questionnaire. Additionally, the pressure-pain thres"
            "hold was measured. The esketamine group received a single intravenous injection of esketamine at a d"
            "ose of 0.25 mg/kg (diluted to 5 mL and administered intravenously within 10 min after foetus removal"
            "). The control group received 5 mL of 0.9% normal saline. The primary outcome was PPD incidence, ass"
            "essed using the EPDS on the 3rd post-operative day. The secondary outcomes included post-operative p"
            "ain score and esketamine safety assessment. RESULTS: Statistically significant differences in PPD in"
            "cidence were observed among patients with different personality types (introverted unstable, 66.70%;"
            " extroverted unstable, 45.50%; extroverted stable, 19.40%; and introverted stable, 15.00%, p < 0.05)"
            ". The patients with an extroverted-stable personality in the esketamine group had a lower PPD incide"
            "nce than those in the control group (11.90% vs. 25.70%, p < 0.05). No statistical difference in tota"
            "l PPD incidence was observed between the two groups (35.7% vs. 29.3%, p > 0.05). Pain scores in the "
            "esketamine group were lower than those in the control group while at rest (4, 24 and 48 h) and durin"
            "g movement (4 and 8 h) after surgery (p < 0.05). The mean arterial pressure and heart rate in the es"
            "ketamine group were higher than those in the control group during surgery (p < 0.05). CONCLUSION: A "
            "single intravenous administration of esketamine had no apparent effect on the overall PPD incidence "
            "among patients undergoing caesarean section. It may have a beneficial effect in reducing PPD inciden"
            "ce in patients with an extroverted-stable personality. TRIAL REGISTRATION: Chinese Clinical Trial Re"
            "gistry, ChiCTR2100050976, 09/09/2021, http://www.chictr.org.cn."
        ),
    },
    38200438: {
        "title": "Esketamine pretreatment during cesarean section reduced the incidence of postpartum depression: a randomized controlled trail.",
        "abstract": (
            "BACKGROUND: Postpartum depression (PPD) is a common mental disease in postpartum women, which has re"
            "ceived more and more attention in society. Ketamine has been confirmed for its rapid antidepressant "
            "effect in women with PPD. We speculate that esketamine, an enantiomer of ketamine, pretreatment duri"
            "ng cesarean can also reduce the incidence of PPD. METHODS: All the parturients enrolled in the study"
            " were randomly assigned to two groups: the esktamine group (0.2 mg/kg esketamine) and the control gr"
            "oup (a same volume of saline). All the drugs were pumped for 40 min started from the beginning of th"
            "e surgery. The Amsterdam Anxiety and Information Scale (APAIS) scores before the surgery, the Edinbu"
            "rgh postnatal depression scale (EPDS) scores at 4 d and 42 d after surgery, the Pain Numerical Ratin"
            "g Scale (NRS) scores at 6 h, 12 h, 24 h and 48 h post-operation were evaluated, as well as the adver"
            "se reactions were recorded. RESULTS: A total of 319 parturients were analyzed in the study. The inci"
            "dence of PPD (EPDS score > 9) in the esketamine group was lower than the control group at 4 days aft"
            "er surgery (13.8% vs 23.1%, P = 0.0430) but not 42 days after surgery (P = 0.0987). Esketamine 0.2 m"
            "g/kg could reduce the NRS score at 6 h,12 h and 24 h after surgery, as well as the use of vasoactive"
            " drugs during surgery (P < 0.05). The incidences of maternal dizziness (17.0%), blurred vision (5%),"
            " illusion (3.8%) and drowsiness (3.8%) in the esketamine group were higher than those of control gro"
            "up (P < 0.05). CONCLUSIONS: Intraoperative injection of esketamine (0.2 mg/kg) prevented the occurre"
            "nce of depression (EPDS score > 9) at 4 days after delivery but not 42 days. Esketamine reduced the "
            "NRS scores at 6 h, 12 h and 24 h after surgery, but the occurrence of maternal side effects such as "
            "dizziness, blurred vision, drowsiness and hallucination were increased. TRIAL REGISTRATION: Register"
            "ed in the Chinese Clinical Trial Registry (ChiCTR2100053422) on 20/11/2021."
        ),
    },
    39342524: {
        "title": "Effect of intravenous different drugs on the prevention of restlessness during recovery period of pediatric laparoscopic surgery: a randomized control trial.",
        "abstract": (
            "PURPOSE: To explored the impact of dexmedetomidine and esketamine in mitigating restlessness during "
            "the postoperative recovery phase following laparoscopic surgery in children. METHODS: 102 individual"
            "s aged 1 to 7 years experiencing laparoscopic surgery were randomly allocated into three groups, eac"
            "h accepting 1 μg/kg of dexmedetomidine, 0.3 mg/kg of esketamine, or saline immediately at the end of"
            " carbon dioxide pneumoperitoneum. Emergence agitation (EA) occurrence was assessed by PAED scale and"
            " 5-point agitation scale. Pain was judged using Face, Legs, Activity, Cry, and Consolability (FLACC)"
            " scale. The recovery time, extubation time, and post-anesthesia care unit (PACU) stay time were reco"
            "rded for all three groups. RESULTS: Patients administered 1 μg/kg of dexmedetomidine (8.8%) and indi"
            "viduals given 0.3 mg/kg of esketamine (11.8%) showed lower incidences of emergence agitation compare"
            "d to those receiving saline (35.5%; P = 0.009). There was no statistically significant difference in"
            " the time to discharge from the PACU among the three groups of patients (P > 0.05). The recovery tim"
            "e and extubation time were notably extended in the dexmedetomidine group (40.88 ± 12.95 min, 42.50 ±"
            " 13.38 min) when compared to the saline group (32.56 ± 13.05 min, 33.29 ± 11.30 min; P = 0.009, P = "
            "0.010). CONCLUSION: Following CO"
        ),
    },
    38523183: {
        "title": "Oral esketamine in patients with treatment-resistant depression: a double-blind, randomized, placebo-controlled trial with open-label extension.",
        "abstract": (
            "About one-third of patients with depression do not achieve adequate response to current treatment op"
            "tions. Although intravenous and intranasal administrations of (es)ketamine have shown antidepressant"
            " properties, their accessibility and scalability are limited. We investigated the efficacy, safety, "
            "and tolerability of generic oral esketamine in patients with treatment-resistant depression (TRD) in"
            " a randomized placebo-controlled trial with open-label extension. This study consisted of 1) a six-w"
            "eek fixed low-dose treatment phase during which 111 participants received oral esketamine 30 mg or p"
            "lacebo three times a day; 2) a four-week wash-out phase; and 3) an optional six-week open-label indi"
            "vidually titrated treatment phase during which participants received 0.5 to 3.0 mg/kg oral esketamin"
            "e two times a week. The primary outcome measure was change in depressive symptom severity, assessed "
            "with the Hamilton Depression Rating Scale (HDRS17), from baseline to 6 weeks. Fixed low-dose oral es"
            "ketamine when compared to placebo had no benefit on the HDRS17 total score (p = 0.626). Except for d"
            "izziness and sleep hallucinations scores, which were higher in the esketamine arm, we found no signi"
            "ficant difference in safety and tolerability aspects. During the open-label individually titrated tr"
            "eatment phase, the mean HDRS17 score decreased from 21.0 (SD 5.09) to 15.1 (SD 7.27) (mean differenc"
            "e -6.0, 95% CI -7.71 to -4.29, p < 0.001). Our results suggest that fixed low-dose esketamine is not"
            " effective in TRD. In contrast, individually titrated higher doses of oral esketamine might have ant"
            "idepressant properties."
        ),
    },
    38820851: {
        "title": "Efficacy and safety of peri-partum Esketamine for prevention of post-partum depression in women undergoing caesarian section: A meta-analysis and systematic review of randomized controlled trials.",
        "abstract": (
            "Postpartum depression (PPD) is a psychiatric condition affecting women post-childbirth. Medication c"
            "ombined with psychotherapy, is the current protocol for its treatment. A meta-analysis was conducted"
            " using RevMan 5.4 to explore the efficacy and safety of peri-partum administration of esketamine for"
            " preventing PPD. After searching several databases to retrieve the relevant RCTs, seven were include"
            "d in this analysis, with dichotomous data presented as risk ratio and continuous data as mean differ"
            "ence. The study found a lower incidence of PPD in the esketamine group compared to the control group"
            " (RR= 0.37), with significant difference in EPDS scores between the two groups (MD= -1.23) in the fi"
            "rst week postpartum. The esketamine group reported a lower prevalence of PPD 4-6 weeks postpartum (R"
            "R= 0.48), and no significant difference in EPDS scores after 4 weeks postpartum (MD = -0.10). The es"
            "ketamine group had a significantly higher incidence of hallucination (RR= 13.85). Other adverse effe"
            "cts, such as dizziness (RR= 4.09), nausea (RR= 0.88), vomiting (RR=0.74), headache (RR=1.52), nightm"
            "ares (RR=1.22), pruritus (RR=0.29), and drowsiness (RR=1.57) did not show significant differences be"
            "tween the two groups. The study found that esketamine, with manageable side effects, reduces the pre"
            "valence of post-partum depression (PPD) after one week as well as after four to six weeks. However, "
            "the findings are limited by the limited number of available RCTs, and future research should determi"
            "ne the ideal dosage, the most effective method of administration and the long-term safety profile of"
            " esketamine so that it may be considered as an adjunct therapy or a potential sole treatment option."
        ),
    },
    38914860: {
        "title": "Extended-release ketamine tablets for treatment-resistant depression: a randomized placebo-controlled phase 2 trial.",
        "abstract": (
            "Ketamine has rapid-onset antidepressant activity in patients with treatment-resistant major depressi"
            "on (TRD). The safety and tolerability of racemic ketamine may be improved if given orally, as an ext"
            "ended-release tablet (R-107), compared with other routes of administration. In this phase 2 multicen"
            "ter clinical trial, male and female adult patients with TRD and Montgomery-Asberg Depression Rating "
            "Scale (MADRS) scores ≥20 received open-label R-107 tablets 120 mg per day for 5 days and were assess"
            "ed on day 8 (enrichment phase). On day 8, responders (MADRS scores ≤12 and reduction ≥50%) were rand"
            "omized on a 1:1:1:1:1 basis to receive double-blind R-107 doses of 30, 60, 120 or 180 mg, or placebo"
            ", twice weekly for a further 12 weeks. Nonresponders on day 8 exited the study. The primary endpoint"
            " was least square mean change in MADRS for each active treatment compared with placebo at 13 weeks, "
            "starting with the 180 mg dose, using a fixed sequence step-down closed test procedure. Between May 2"
            "019 and August 2021, 329 individuals were screened for eligibility, 231 entered the open-label enric"
            "hment phase (days 1-8) and 168 responders were randomized to double-blind treatment. The primary obj"
            "ective was met; the least square mean difference of MADRS score for the 180 mg tablet group and plac"
            "ebo was -6.1 (95% confidence interval 1.0 to 11.16, P = 0.019) at 13 weeks. Relapse rates during dou"
            "ble-blind treatment showed a dose response from 70.6% for placebo to 42.9% for 180 mg. Tolerability "
            "was excellent, with no changes in blood pressure, minimal reports of sedation and minimal dissociati"
            "on. The most common adverse events were headache, dizziness and anxiety. During the randomized phase"
            " of the study, most patient dosing occurred at home. R-107 tablets were effective, safe and well tol"
            "erated in a patient population with TRD, enriched for initial response to R-107 tablets. ClinicalTri"
            "als.gov registration: ACTRN12618001042235 ."
        ),
    },
    37414272: LABEL_ARTICLES[37414272],  # the same record, kept once in test_analysis_labels
    40541833: {
        "title": "Comparing the effects of ECT and intravenous ketamine in psychiatric patients with major depressive episodes.",
        "abstract": (
            "BACKGROUND: Electroconvulsive therapy (ECT) and intravenous (IV) ketamine are treatments used for se"
            "vere depression and/or treatment-resistant depression (TRD). ECT is considered one of the most effec"
            "tive treatments for severe depression, although there is debate within the field regarding the effec"
            "tiveness between ECT and IV ketamine in comparable TRD patient groups. METHODS: This retrospective c"
            "hart review of open-label, nonrandomized treatment from a psychiatric hospital compared the effects "
            "of up to three weeks of ECT and IV ketamine in patients with major depressive episodes (MDEs). Our c"
            "ohort included 146 inpatients and outpatients aged 18 to 74 years old. 94 patients received subanest"
            "hetic IV ketamine infusions 2 times a week, and 52 patients received ECT treatment 2-3 times a week."
            " The primary outcome measure was the Montgomery-Asberg Depression Rating Scale (MADRS). RESULTS: Ove"
            "rall on the MADRS, 45.2 % of participants showed clinical symptom change between the beginning of tr"
            "eatment compared to the end of treatment, while 54.8 % did not. Reliable change index (RCI) analysis"
            " indicated 58.9 % showed significant symptom change, while 41.1 % did not. Chi-Square tests revealed"
            " significant associations between treatment type and clinical symptom change on the MADRS, with pati"
            "ents who received ECT showing greater symptom improvement compared to those who received ketamine (p"
            " < .05). Response rates of ECT and ketamine were 67.3 % and 45.7 %, respectively, whereas remission "
            "rates for ECT and ketamine were 60.0 % and 46.1 %, respectively. CONCLUSIONS: ECT demonstrated the m"
            "ore robust antidepressant effects compared to ketamine. Randomized comparative trials are required t"
            "o gain a better understanding of these modalities."
        ),
    },
}


@pytest.fixture(scope="module")
def labels() -> dict[int, dict]:
    return {pmid: label_text(a["title"], a["abstract"]) for pmid, a in ARTICLES.items()}


def _plain(text: str) -> str:
    return text.replace("\u2009", " ")


def _one(findings: list[dict], **want) -> dict:
    hits = [f for f in findings if all(f[k] == v for k, v in want.items())]
    assert hits, f"no finding with {want} in {[(f['outcome'], f['domain'], f['direction']) for f in findings]}"
    return hits[0]


# --- schema ---------------------------------------------------------------------------------
def test_nested_columns_follow_the_schema(labels):
    for pmid, lab in labels.items():
        abstract = ARTICLES[pmid]["abstract"]
        for f in lab["findings"]:
            assert tuple(f) == FINDING_FIELDS
            assert f["domain"] in FINDING_DOMAINS and f["direction"] in DIRECTION_VALUES and f["favours"] in FAVOURS_VALUES
            assert f["sentence"] in abstract  # exact substring: the dashboard highlights it
            assert f["outcome"] in f["sentence"]
            assert (f["favours"] == "neither") == (f["direction"] == "no significant difference")
        for kind in ("response_rates", "remission_rates"):
            for r in lab[kind]:
                assert tuple(r) == RATE_FIELDS and 0 <= r["percent"] <= 100 and r["sentence"] in abstract
        for e in lab["effect_estimates"]:
            assert tuple(e) == EFFECT_ESTIMATE_FIELDS and e["sentence"] in abstract
            if e["ci_low"] is not None:
                assert e["ci_low"] <= e["value"] <= e["ci_high"]


def test_empty_input_gives_empty_lists_not_none():
    lab = label_text("", "")
    assert [lab[c] for c in NESTED_LABEL_COLUMNS] == [[], [], [], []]
    # a psilocybin trial is not read for findings (they are about the ketamine arm)
    lab = label_text("Psilocybin versus escitalopram for depression.",
                     "RESULTS: MADRS scores were significantly lower with psilocybin than escitalopram (p < 0.001).")
    assert lab["findings"] == []


# --- findings: each domain --------------------------------------------------------------------
@pytest.mark.parametrize("pmid, domain, direction, favours, comparison", [
    (38446480, "depressive_symptoms", "significantly decreased", "ketamine", "esketamine vs controls"),
    (40015180, "suicidality", "significantly decreased", "ketamine", "ketamine vs midazolam"),
    (38522144, "anxiety", "significantly decreased", "ketamine", "esketamine vs control group"),
    (37776285, "ptsd_symptoms", "significantly decreased", "ketamine", "ketamine vs control"),
    (39609659, "ocd_symptoms", "significantly decreased", "ketamine", "ketamine vs fentanyl"),
    (37917895, "pain_intensity", "significantly decreased", "ketamine", "esketamine vs dexmedetomidine"),
    (38321436, "analgesic_use", "significantly decreased", "ketamine", "esketamine vs control group"),
    (38863284, "dissociation_psychotomimetic", "significantly increased", "comparator", "Esketamine vs placebo"),
    (40398929, "cognition", "significantly decreased", "ketamine", "esketamine vs saline"),  # less delayed recovery
    (40791037, "haemodynamic", "significantly increased", "comparator", "esketamine vs control group"),
    (38200438, "adverse_events", "significantly increased", "comparator", "esketamine vs control group"),
    (39342524, "other", "significantly decreased", "ketamine", "esketamine vs saline"),
])
def test_a_finding_in_each_domain(labels, pmid, domain, direction, favours, comparison):
    f = _one(labels[pmid]["findings"], domain=domain, direction=direction)
    assert f["favours"] == favours
    assert f["comparison"] == comparison


def test_instruments_are_normalised(labels):
    assert _one(labels[40015180]["findings"], domain="suicidality")["instrument"] == "MSSI"
    assert _one(labels[40015180]["findings"], domain="depressive_symptoms")["instrument"] == "HAM-D"
    assert _one(labels[39609659]["findings"], domain="ocd_symptoms")["instrument"] == "Y-BOCS"
    assert _one(labels[37917895]["findings"], domain="pain_intensity")["instrument"] == "VAS"
    assert _one(labels[38446480]["findings"], outcome="EPDS scores")["instrument"] == "EPDS"


# --- negation and direction words --------------------------------------------------------------
def test_no_benefit_and_no_significant_difference(labels):
    f = _one(labels[38523183]["findings"], domain="depressive_symptoms")
    assert (f["direction"], f["favours"]) == ("no significant difference", "neither")
    assert f["p_value"] == "p\u2009=\u20090.626"  # as written (thin spaces), so it can be found in the abstract
    f = _one(labels[40398929]["findings"], outcome="postoperative neurocognitive disorder")
    assert f["direction"] == "no significant difference" and f["p_value"] == "p=0.40"
    assert f["timepoint"] == "3 months postsurgery" and f["timepoint_hours"] == 2160
    # "... without significantly affecting the incidence of adverse events": no difference, not a reduction
    assert _one(labels[40398929]["findings"], domain="adverse_events")["direction"] == "no significant difference"


def test_direction_words_on_lower_is_better_scales(labels):
    # "significantly lower ... EPDS": the scale went down in the esketamine arm, which favours esketamine
    f = _one(labels[38446480]["findings"], outcome="EPDS scores")
    assert (f["direction"], f["favours"]) == ("significantly decreased", "ketamine")
    # "patients who received ECT showing greater symptom improvement compared to those who received ketamine"
    f = _one(labels[40541833]["findings"], domain="depressive_symptoms")
    assert f["favours"] == "comparator" and f["comparison"] == "ketamine vs ECT"
    # "an exception": dizziness and hallucinations higher in the esketamine arm are not reported as "no difference"
    assert not [f for f in labels[38523183]["findings"] if f["domain"] in ("adverse_events", "dissociation_psychotomimetic")]


def test_multi_arm_trial_names_the_arm_it_compares(labels):
    # dexmedetomidine, esketamine and saline arms: the finding compares esketamine with saline
    f = _one(labels[39342524]["findings"], domain="other")
    assert f["outcome"] == "emergence agitation" and f["comparison"] == "esketamine vs saline"
    assert _plain(f["p_value"]) == "P = 0.009"


def test_time_points_of_findings(labels):
    hours = sorted(f["timepoint_hours"] for f in labels[38808490]["findings"])
    assert hours == [168.0, 1008.0]  # "seven days", "42 days post partum"
    assert _one(labels[38522144]["findings"], domain="anxiety")["timepoint"] == "POD1"


@pytest.mark.parametrize("text, written, hours", [
    ("improvement at 24 h post-infusion", "24 h post-infusion", 24),
    ("MADRS from baseline to Day 28 in patients", "Day 28", 672),
    ("response at week 4 was higher", "week 4", 672),
    ("pain 2 hours after surgery", "2 hours after surgery", 2),
    ("the dissociative score 40 min after ketamine infusion", "40 min after ketamine infusion", 0.67),
    ("a decline in pain score within 48 hours", "48 hours", None),  # a window, not a time point
    ("6 infusions of ketamine (0.5 mg/kg over 40 min)", None, None),  # an infusion's length is no time point
])
def test_time_point_normalisation(text, written, hours):
    assert timepoint(text) == (written, hours)


# --- effects ------------------------------------------------------------------------------------
def test_effect_with_ci_is_attached_to_its_finding(labels):
    f = _one(labels[38446480]["findings"], outcome="depression symptoms")
    assert f["effect"] == {"measure": "OR", "value": 0.55, "ci_low": 0.33, "ci_high": 0.91}
    assert _plain(f["p_value"]) == "P = .02" and f["timepoint_hours"] == 168


def test_effect_without_ci(labels):
    f = _one(labels[38820851]["findings"], domain="dissociation_psychotomimetic")
    assert f["effect"] == {"measure": "RR", "value": 13.85, "ci_low": None, "ci_high": None}
    assert {(e["measure"], e["value"]) for e in labels[38820851]["effect_estimates"]} >= {("RR", 0.37), ("MD", -1.23)}


def test_effect_estimates_with_ci_and_measure_names(labels):
    got = {(e["measure"], e["value"], e["ci_low"], e["ci_high"]) for e in labels[38446480]["effect_estimates"]}
    assert ("OR", 0.55, 0.33, 0.91) in got
    assert ("MD", -1.17, -2.04, -0.31) in got  # "difference of least-squares means [SE], -1.17 [0.44]; 95% CI, -2.04 to -0.31"
    assert ("effect size", 0.74, None, None) in got
    got = {(e["measure"], e["value"]) for e in labels[40398929]["effect_estimates"]}
    assert got == {("RR", 0.46), ("RR", 0.41), ("RR", 0.57)}


def test_a_ci_that_does_not_contain_the_value_is_dropped(labels):
    # "-6.1 (95% confidence interval 1.0 to 11.16, P = 0.019)": inconsistent, so nothing is kept
    assert not [e for e in labels[38914860]["effect_estimates"] if e["value"] == -6.1]


# --- rates --------------------------------------------------------------------------------------
def test_rates_per_arm_with_counts(labels):
    lab = labels[38472415]
    assert [(r["arm"], r["percent"], r["count"]) for r in lab["response_rates"]] == [
        ("TMS + ketamine condition", 80.30, 53), (None, 76.92, 130)]  # the TMS-only arm is named after the next rate
    # "39.64% remission (67 out of 16)": 67/16 is not 39.64%, so the count is left out, not the rate
    assert [(r["percent"], r["count"]) for r in lab["remission_rates"]] == [(43.42, 28), (39.64, None)]


def test_rates_listed_respectively_and_after_each_arm(labels):
    lab = labels[40541833]
    assert [(r["arm"], r["percent"]) for r in lab["response_rates"]] == [("ECT", 67.3), ("ketamine", 45.7)]
    assert [(r["arm"], r["percent"]) for r in lab["remission_rates"]] == [("ECT", 60.0), ("ketamine", 46.1)]
    rates = labels[37414272]["response_rates"]
    assert [r["percent"] for r in rates] == [69.2, 61.5, 52.5, 52.5]
    assert rates[1]["arm"] == "esketamine" and rates[3]["arm"] == "midazolam"
    assert all(r["timepoint"] == "4 weeks posttreatment" for r in rates)


def test_percentages_that_are_not_rates_are_dropped(labels):
    # relapse rates (38914860), incidences with an OR (38446480), adverse-event shares: no response/remission
    for pmid in (38914860, 38446480, 38200438):
        assert labels[pmid]["response_rates"] == [] and labels[pmid]["remission_rates"] == []


def test_handchecked_precision_and_recall():
    from analysis.outcomes_eval import evaluate, read_labelled

    if not FIXTURE.exists():
        pytest.skip("tests/fixtures/outcomes_handchecked.jsonl is missing")
    totals = evaluate(read_labelled(FIXTURE))
    for half in ("A", "B"):
        tp, fp, fn = totals[half]["numbers"]
        assert tp / (tp + fp) >= 0.95, (half, totals[half])
        assert tp / (tp + fn) >= 0.80, (half, totals[half])


def test_evaluate_outcomes_command_prints_both_halves(capsys):
    from analysis.cli import main

    assert main(["evaluate-outcomes", "--labelled", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert "half A (30 abstracts)" in out and "half B (30 abstracts)" in out and "effect values" in out
    assert main(["evaluate-outcomes", "--labelled", "/nonexistent.jsonl"]) == 2


# --- storage and exports --------------------------------------------------------------------------
def _frame(pmids: list[int]) -> pd.DataFrame:
    from fetch.schema import empty_record

    rows = []
    for pmid in pmids:
        rec = empty_record(pmid)
        rec.update(title=ARTICLES[pmid]["title"] if pmid in ARTICLES else "No abstract.",
                   abstract=ARTICLES[pmid]["abstract"] if pmid in ARTICLES else "", source="corpus-import")
        rows.append(rec)
    return label_articles(pd.DataFrame(rows))


def test_store_round_trip_keeps_nested_columns(tmp_path):
    from fetch import store

    labelled = _frame([38446480, 38472415, 1])
    store.commit(tmp_path, {"queries": {}}, labelled)
    manifest = store.load_manifest(tmp_path)
    schema = pq.read_schema(tmp_path / manifest["articles_file"])
    for name in NESTED_LABEL_COLUMNS:
        assert pa.types.is_list(schema.field(name).type) and pa.types.is_struct(schema.field(name).type.value_type)
    back = store.load_articles(tmp_path).set_index("pmid")
    for name in NESTED_LABEL_COLUMNS:
        for pmid in (38446480, 38472415, 1):
            assert list(back.loc[pmid, name]) == labelled.set_index("pmid").loc[pmid, name]
    assert back.loc[1, "findings"] == []


def test_an_all_empty_nested_column_keeps_its_type(tmp_path):
    from fetch import store

    labelled = _frame([1, 2])
    assert all(v == [] for v in labelled["findings"])
    store.commit(tmp_path, {"queries": {}}, labelled)
    schema = pq.read_schema(tmp_path / store.load_manifest(tmp_path)["articles_file"])
    assert str(schema.field("findings").type.value_type.field("effect").type) == (
        "struct<measure: string, value: double, ci_low: double, ci_high: double>")
    assert pa.types.is_struct(schema.field("response_rates").type.value_type)


def test_annotate_writes_the_nested_columns_as_json(tmp_path):
    from analysis.annotate import annotate_file

    src = tmp_path / "in.csv"
    pd.DataFrame([{"id": p, "title": ARTICLES[p]["title"], "abstract": ARTICLES[p]["abstract"]}
                  for p in (38446480, 40541833)] + [{"id": 7, "title": "Nothing here.", "abstract": ""}]).to_csv(src, index=False)
    annotate_file(src, tmp_path / "out.csv")
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False).set_index("id")
    for name in NESTED_LABEL_COLUMNS:
        assert name in out.columns
    assert "effect_estimate" not in out.columns
    findings = json.loads(out.loc["38446480", "findings"])
    assert _one(findings, outcome="EPDS scores")["effect"]["value"] == -1.17
    assert [r["arm"] for r in json.loads(out.loc["40541833", "response_rates"])] == ["ECT", "ketamine"]
    assert json.loads(out.loc["7", "findings"]) == [] and json.loads(out.loc["7", "effect_estimates"]) == []
    annotate_file(src, tmp_path / "out.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert rows[2]["remission_rates"] == [] and rows[1]["remission_rates"][0]["percent"] == 60.0


def test_exports_csv_json_parquet_nested_excel_findings_sheet():
    from openpyxl import load_workbook

    from analysis import export

    labelled = _frame([38446480, 38808490, 1])
    csv = pd.read_csv(io.BytesIO(export.to_csv_bytes(labelled)), dtype=str, keep_default_na=False)
    assert json.loads(csv.loc[2, "findings"]) == []
    assert json.loads(csv.loc[0, "effect_estimates"])[0]["measure"] == "OR"
    table = pq.read_table(io.BytesIO(export.to_parquet_bytes(labelled)))
    assert pa.types.is_struct(table.schema.field("findings").type.value_type)
    assert table.column("findings").to_pylist()[1][0]["domain"] == "depressive_symptoms"
    assert pa.types.is_struct(pq.read_table(io.BytesIO(export.to_parquet_bytes(_frame([1, 2])))).schema
                              .field("remission_rates").type.value_type)  # all empty, still typed
    wb = load_workbook(io.BytesIO(export.to_xlsx_bytes(labelled, [("Rows", "3")])), read_only=True)
    assert wb.sheetnames == ["studies", "Findings", "provenance"]
    rows = list(wb["Findings"].iter_rows(values_only=True))
    assert rows[0] == export.FINDINGS_SHEET_COLUMNS
    n = sum(len(f) for f in labelled["findings"])
    assert len(rows) - 1 == n and n >= 4
    or_row = next(r for r in rows[1:] if r[11] == "OR")
    assert or_row[0] == 38446480 and or_row[12:15] == (0.55, 0.33, 0.91)


def test_a_p_value_written_for_another_outcome_is_not_borrowed():
    # PMID 39028544 (verbatim): two p values in one clause, the first for PANSI-positive, not for the
    # suicidal ideation scores named after the second; a borrowed p would be a wrong number
    sentence = ("Statistical analyses performed using a generalized linear model revealed that the ketamine group had "
                "significantly higher PANSI-positive (P = .008) and lower PANSI-negative (P = .015) suicidal ideation "
                "scores on Day 2 postinfusion than did the midazolam group.")
    out = label_text("Effects of Low-Dose Ketamine Infusion on the Positive and Negative Domains of Hopelessness and "
                     "Suicidal Thoughts.", "Methods: They were randomly assigned to receive a single infusion of either "
                     "0.5 mg/kg ketamine or 0.045 mg/kg midazolam. Results: " + sentence)
    found = [f for f in out["findings"] if f["sentence"] == sentence]
    assert found, out["findings"]
    assert all(f["p_value"] in (None, "P = .015") for f in found)
    assert all(f["p_value"] != "P = .008" for f in found if f["domain"] == "suicidality")


def test_an_estimates_outcome_is_never_an_arm():
    # verbatim sentences (PMIDs 39790081, 39915701): the words before the bracket name an arm, or a verb phrase
    from analysis.outcomes import effects_in, _effect_outcome

    arm = ("The long-term relapse rate was significantly lower in the esketamine nasal spray group than in the "
           "placebo/quetiapine group (risk ratio: RR: 0.60, 95% confidence interval: 0.45-0.80, I2 = 0%).")
    verb = ("In subgroup analysis, both ketamine and esketamine were significantly effective in reducing the incidence "
            "of short-term PPD (ketamine: RR = 0.72, 95% CI [0.56, 0.93], P = 0.01; esketamine: RR = 0.43, P < 0.0001).")
    assert [_effect_outcome(arm, start) for start, _e, _x in effects_in(arm)] == [None]
    assert _effect_outcome(verb, effects_in(verb)[0][0]) == "short-term PPD"


def test_a_reduction_in_an_outcomes_loss_is_not_read_as_the_outcome_falling():
    # PMID 39923271 (verbatim): "a reduction in ... work productivity loss" is a gain in productivity;
    # read as "work productivity ... decreased" it would favour the wrong arm, so no finding is better
    sentence = ("Up to Week 32, esketamine NS-treated patients experienced an 11.9 % reduction in productivity loss due "
                "to absenteeism (difference: -1.1 weeks [95 % CI: -2.9, 0.7]; p = 0.2285) and a 14.2 % reduction in "
                "overall work productivity loss (difference: -2.3 weeks, 95 % CI: [-3.9, -0.7] p = 0.0045) versus "
                "quetiapine XR-treated patients, based on mixed models for repeated measures.")
    out = label_text("Esketamine nasal spray versus quetiapine for treatment-resistant depression: work productivity",
                     "Methods: Patients were randomised to esketamine nasal spray or quetiapine XR. Results: " + sentence)
    assert [f for f in out["findings"] if f["sentence"] == sentence and f["favours"] == "comparator"] == []


def _corpus_findings(pmid: int) -> list[dict]:
    from tests.pubmed_material import corpus_rows

    row = next(r for r in corpus_rows() if r["pmid"] == pmid)
    return label_text(row["title"], row["abstract"])["findings"]


def test_a_label_defined_in_brackets_names_its_arm():
    # PMIDs 38658886 "an experimental group (esketamine group, Group E) and a control group (Group C)",
    # 40324271 "an esketamine group (group E) and a control group (group C)": later sentences say "Group E"
    found = {(f["outcome"], f["direction"], f["favours"]) for f in _corpus_findings(38658886)}
    assert ("PHQ-9 score", "significantly decreased", "ketamine") in found
    assert ("PHQ-9 scores", "no significant difference", "neither") in found
    found = {(f["outcome"], f["direction"], f["comparison"]) for f in _corpus_findings(40324271)}
    assert ("anxiety", "significantly decreased", "group E vs group C") in found


def test_a_two_arm_trial_s_generic_group_names_and_an_elided_subject():
    # PMID 39496041: esketamine or placebo only; "the experimental group", "between the 2 groups", and
    # "esketamine did not reduce the incidence of PPD ... but did significantly lower VAS scores"
    found = [(f["outcome"], f["direction"], f["favours"], f["comparison"]) for f in _corpus_findings(39496041)]
    assert ("adverse reactions", "significantly increased", "comparator", "experimental group vs control group") in found
    assert ("VAS scores", "significantly decreased", "ketamine", "esketamine vs placebo") in found
    assert ("PPD", "no significant difference", "neither", "esketamine vs placebo") in found
    # "significant differences between the 2 groups at 4 and 24 hours" names no arm: no direction is read from it
    assert not [f for f in _corpus_findings(39496041) if f["sentence"].startswith("The VAS scores showed")
                and f["direction"] != "no significant difference"]


def test_an_arm_the_vocabulary_does_not_know_is_not_read_as_ketamine():
    # PMID 40275968: "significantly lower in the tramadol group compared to the ketamine and placebo groups"
    assert [f for f in _corpus_findings(40275968) if f["sentence"].startswith("The incidence of shivering")] == []


def _constructed_findings(results: str, comparator: str) -> list[tuple]:
    abstract = f"BACKGROUND: We compared ketamine with {comparator}. METHODS: A randomised trial. RESULTS: {results}"
    title = f"Ketamine versus {comparator} for depression: a randomised trial"
    return [(f["outcome"], f["direction"], f["favours"], f["comparison"]) for f in label_text(title, abstract)["findings"]]


def test_a_greater_improvement_on_a_lower_is_better_scale_is_a_decrease():
    # constructed, after PsyNamic abstracts: the improvement is the change, MADRS the outcome
    assert _constructed_findings("The ketamine group showed a significantly greater improvement in MADRS total scores "
                                 "than the midazolam group (p < 0.01).", "midazolam") == [
        ("MADRS total scores", "significantly decreased", "ketamine", "ketamine vs midazolam")]


def test_a_higher_dose_is_not_a_higher_outcome():
    # constructed, after a PsyNamic abstract: "the higher dose of ketamine" says which dose, not which way memory went
    assert not [f for f in _constructed_findings("Impairments were seen only at the higher dose of ketamine and restricted "
                                                 "to verbal working memory tasks compared with placebo (p < 0.05).",
                                                 "placebo")
                if f[1] == "significantly increased"]


def test_a_share_reaching_a_threshold_is_not_the_score():
    # constructed, after a PsyNamic abstract: more patients with VAS < 30 is not a higher VAS score
    found = _constructed_findings("The percentage of patients discharged with a VAS score < 30 was significantly higher "
                                  "in the ketamine group (P < 0.001).", "placebo")
    assert not [f for f in found if f[0] == "VAS score"]


def test_the_need_for_opioids_is_analgesic_use():
    # constructed, after PsyNamic abstracts: "need for opioids", "use of oral morphine equivalents"
    assert _constructed_findings("The need for opioids was decreased in the ketamine group compared with the placebo "
                                 "group (17.2% vs. 26.5%; P < 0.001).", "placebo") == [
        ("need for opioids", "significantly decreased", "ketamine", "ketamine vs placebo")]


def test_a_between_arm_interval_states_significance_and_one_arm_s_does_not():
    # constructed, after a PsyNamic abstract (d with its CI) and PMID 39026266 (each arm's change with its own CI)
    assert _constructed_findings("At week 2, the mean CAPS-5 total score was 11.88 points lower in the ketamine group "
                                 "than in the midazolam group (d=1.13, 95% CI=0.36, 1.91).", "midazolam") == [
        ("CAPS-5 total score", "significantly decreased", "ketamine", "ketamine vs midazolam")]
    assert _constructed_findings("By day 10, the ketamine group had a greater mean reduction in MADRS score of 12.55 "
                                 "(95% CI = 6.70-18.09) than the midazolam group, 7.22 (95% CI = 1.09-13.36).",
                                 "midazolam") == []


def test_two_arms_values_side_by_side_give_the_direction():
    # constructed, after a PsyNamic abstract: no comparative word, the numbers say which arm is higher
    assert _constructed_findings("At 24 hours, the response rate in the ketamine arm was 63.8%, compared to 28.0% in "
                                 "the midazolam arm (p=0.006).", "midazolam") == [
        ("response rate", "significantly increased", "ketamine", "ketamine vs midazolam")]
    assert not [f for f in _constructed_findings("At day 7, the remission rate in the ketamine arm was 34.8%, compared "
                                                 "to 18.2% in the midazolam arm (p=0.26).", "midazolam")
                if f[1] != "no significant difference"]


def test_an_outcome_word_that_names_who_was_studied_is_no_outcome():
    # PMID 39790081: "... MADRS ... in patients without suicidal ideation (...), and on Day 2 in patients with
    # suicidal ideation (...)": the MADRS finding stands; suicidal ideation describes the patients
    found = [(f["outcome"], f["direction"]) for f in _corpus_findings(39790081)]
    assert ("Montgomery-Asberg Depression Rating Scale", "significantly decreased") in found
    assert not [o for o, _d in found if o.lower() == "suicidal ideation"]


def test_an_outcome_named_by_the_abbreviation_the_abstract_defines():
    # real corpus abstracts: "suicidal ideation (SI)" and "postoperative sleep disturbance (PSD)" defined, then the
    # results name only the short form ("significantly lower SI scores", "The incidence of PSD ...")
    from tests.pubmed_material import corpus_rows

    rows = {int(r["pmid"]): r for r in corpus_rows()}
    si = label_text(rows[39382685]["title"], rows[39382685]["abstract"])["findings"]
    found = _one(si, outcome="SI scores")
    assert (found["domain"], found["direction"], found["favours"]) == ("suicidality", "significantly decreased", "ketamine")
    assert found["effect"] == {"measure": "SMD", "value": -0.36, "ci_low": -0.71, "ci_high": -0.01}
    # "SI remission rate": the short form qualifies another outcome, so no finding on SI itself
    assert not [f for f in si if f["outcome"] == "SI" and "remission" in f["sentence"]]
    psd = label_text(rows[40597585]["title"], rows[40597585]["abstract"])["findings"]
    assert _one(psd, outcome="PSD")["direction"] == "significantly decreased"
    # constructed: an abbreviation for who was studied, or one that is not the outcome's initials, names no outcome
    out = label_text("Ketamine for treatment-resistant depression.",
                     "Methods: Adults with treatment-resistant depression (TRD) received ketamine or placebo; "
                     "hallucinations (RR) were recorded. Results: Ketamine significantly improved TRD compared with "
                     "placebo (p = 0.01), and RR was significantly higher with ketamine than with placebo (p = 0.02).")
    assert not [f for f in out["findings"] if f["outcome"] in ("TRD", "RR")], out["findings"]


def test_a_sentence_comparing_patients_with_healthy_controls_gives_no_finding():
    # constructed on the shape of a crossover study in two populations: the sentence contrasts populations,
    # not ketamine with placebo, so neither direction may stand for the trial
    out = label_text("Ketamine in depressed and healthy subjects.",
                     "Methods: 30 patients with MDD and 25 healthy controls received ketamine and placebo in a crossover. "
                     "Results: MDD subjects showed significant improvements in depressive symptoms, and healthy control "
                     "subjects exhibited modest but significant increases in depressive symptoms after ketamine compared "
                     "with placebo (p = 0.01).")
    assert out["findings"] == [], out["findings"]

"""The "About the labels" tab: how labels are made, what they mean, and their limits."""

from __future__ import annotations

import streamlit as st

from analysis import filters as F
from analysis.filters import display

from .loading import Selection


def render(_sel: Selection) -> None:
    """The tab (the same whatever the filters)."""
    about_labels()


def about_labels() -> None:
    """How labels are made, what they mean, and their limits."""
    conditions = ", ".join(display(c) if c in ("ptsd", "ocd") else display(c).lower()
                           for c in F.CONDITIONS)
    st.markdown(ABOUT_LABELS.replace("{conditions}", conditions))


ABOUT_LABELS = """
### How the labels are made

Every study in the store is labelled **automatically** by transparent, rule-based code
(`analysis/` in the repository; the word lists are in `analysis/vocabulary.py`). No person has
checked each label, and **nothing here is medical advice**.

* The rules read the **title, the abstract and the PubMed metadata** (MeSH terms, publication
  types, retraction notices). The offline snapshot has no journal, MeSH or publication-type
  metadata, so its labels rest on the text alone.
* Each label keeps its **evidence**: the exact sentence of the title or abstract that produced
  it, or the metadata item (e.g. *Publication type: Randomized Controlled Trial*). Open a study
  in the **Explorer** to see the sentences highlighted and each label's reason.
* When no sentence supports a value, the label falls back to a default (*unclear*, *other*,
  *not applicable*) rather than guessing.

| Label | Values | What it means |
| --- | --- | --- |
| Conditions | {conditions} | The condition(s) the study treats or studies — not every condition the abstract mentions |
| Population | human, animal, in vitro, unclear | Who or what was studied |
| Design | RCT, non-randomised trial, observational, case report, case series, systematic review, review, protocol, qualitative, preclinical, other | The kind of study, from publication type and methods sentences |
| Formulation | racemic ketamine, esketamine, arketamine | Which ketamine was given |
| Route | intravenous, intranasal, oral, intramuscular, subcutaneous, other (none = unclear) | How it was given |
| Comparator | placebo, active placebo (e.g. midazolam), ECT, active treatment, none/unclear | What ketamine was compared with |
| Sample size | a number, with its basis (randomised, enrolled, analysed…) | Participants (or animals) in the study |
| Conclusion | positive, mixed, neutral, negative, not applicable | The authors' own conclusion about ketamine's effect, from the conclusion sentences |
| Findings | outcome, domain, direction, favours, time point, p, effect | One row per result statement: what the study found on one outcome, ketamine's arm against its comparator |
| Response / remission rates | percent per arm, with time point | Rates as the results state them, per arm when the sentence names it |
| Effect estimates | measure, value, 95% CI | Every effect stated with a named measure (SMD, MD, OR, RR, HR, Hedges' g …) |
| Registration numbers | NCT…, ISRCTN…, EudraCT, ChiCTR…, ACTRN…, CTRI/…, UMIN…, … | Trial registrations from PubMed's data-bank list or the abstract, format-checked |
| Report type | primary, secondary analysis, protocol, not applicable | Which report of a trial this publication is |
| Trial | an NCT (or other) number, or the PMID | Publications sharing a registration number are one trial; a publication without one is its own |
| Retracted | yes / no | PubMed marks the record as retracted; hidden by default |

**Human clinical** studies are studies in people that are not preclinical work — trials,
observational studies, case reports and series, and reviews of them. Conclusion shares are
computed on them; participant totals and median sample sizes only on the *primary* ones (not
reviews or protocols, whose numbers re-count other studies' participants or are only planned).
A study can be labelled with several conditions and then counts in each.

**How often the rules agree with experts.** Against 645 abstracts labelled by the PsyNamic
team (275 on ketamine), F1 on the ketamine ones: condition 0.97, study type 0.92, conclusion
0.77 (0.82 when a review's verdict counts as *not applicable*, as the experts mark it), sample
size band 0.94. In plain counts, the study type differs from the experts' for about 1 ketamine
study in 12 and the conclusion for about 1 in 4 — read the evidence before you cite a label.

**Findings and the Outcomes tab.** A *finding* is one result statement of a study's results or
conclusions: an outcome (e.g. *MADRS total score*, *postoperative opioid consumption*), normalised
to a domain (depressive symptoms, suicidality, pain intensity … and the safety domains
dissociation, haemodynamic effects and adverse events), the two arms compared, and the direction
the sentence states — *significantly increased*, *significantly decreased* or *no significant
difference*, ketamine's arm relative to its comparator. *Favours* adds the outcome's sense: a
lower depression or pain score favours the arm that lowered it, more dissociation or more adverse
events favour the other arm. Each finding keeps its sentence, highlighted in the Explorer. The
Outcomes tab counts the findings of human clinical studies that compare ketamine with another
arm (single-arm changes from baseline are left out), and shows response and remission rates and
effect estimates exactly as the abstracts state them: values are **never computed or pooled** —
no meta-analysis is performed — and a number the rules cannot read with confidence is left out
rather than guessed. On 30 ketamine abstracts whose numbers we read by hand and did not write the
rules on, 72 of the 74 response/remission percentages and effect values the rules extracted were
right and they found 72 of the 80 written there. The direction of a finding is read by rules that,
on answered trial abstracts they were not written on, give the annotators' answer about 4 times in 5
(macro-F1 0.75–0.80 on small ketamine and psychedelic studies that often imply significance rather
than state it and on results reported in passing in trials of every topic, an estimated 0.87 for a
trial's main results) — which is why every finding shows its sentence (details in the README).

**Limits.** Abstracts simplify; authors' conclusions are often more positive than their data;
small trials and case reports weigh as much as large RCTs in a count. Use the counts to find and
read the studies, not as a verdict on whether ketamine works.
"""

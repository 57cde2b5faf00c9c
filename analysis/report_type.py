"""Which report of a trial a publication is: its main report, a further analysis, or its protocol.

One trial often yields a primary report, several secondary or post-hoc analyses and a protocol;
counting trials rather than publications needs to know which is which.  Decisions, first that
applies wins:
  review, systematic review, preclinical or animal/cell work     -> not_applicable (reports no trial of its own)
  design "protocol" (protocol wording, future tense, registry record) -> protocol
                              (unless the title names a secondary analysis and no protocol, design or rationale)
  a cue that the data come from a trial or study reported elsewhere
  (secondary / post hoc / pooled / ancillary analysis, "data from a randomised trial were used",
   "participants were recruited from a ... trial", long-term follow-up of a trial, sub-study)
                                                                 -> secondary_analysis
  otherwise                                                      -> primary
Case reports, case series, observational and qualitative studies are `primary`: each is the
first report of its own data (and has its own trial_key unless it names a registration).
"""

from __future__ import annotations

import re

from analysis import vocabulary as V
from analysis.columns import REPORT_TYPE_VALUES
from analysis.patterns import Vocab
from analysis.text import Doc

__all__ = ["REPORT_TYPE_VALUES", "label_report_type", "secondary_cue"]

NOT_APPLICABLE_DESIGNS = frozenset(("systematic_review", "review", "preclinical"))
NOT_APPLICABLE_POPULATIONS = frozenset(("animal", "in_vitro"))

_SECONDARY = Vocab(V.REPORT_SECONDARY)
_SECONDARY_NOT = re.compile("|".join(V.REPORT_SECONDARY_NOT), re.I)
_PROTOCOL_WORD = re.compile(r"\b(?:protocol|rationale|study design)\b", re.I)
# Sentences that say what this study is: its title, aims and methods.  The background is read
# too ("Primary findings from our ... trial (NCT...) showed ..."), and sentences holding a
# registration number ("Data from a ... trial were used ... (NCT01920555)"); the results never
# (there "post hoc analyses showed ..." are the trial's own).
_OWN_SECTIONS = ("title", "background", "objective", "methods", "body", "other", "registration", "conclusions")


def secondary_cue(doc: Doc) -> str | None:
    """The sentence showing the publication re-uses data of a trial reported elsewhere, if any."""
    for sentence in _SECONDARY.sentences(doc, _OWN_SECTIONS):
        if not _SECONDARY_NOT.search(sentence.norm):
            return sentence.text
    return None


def label_report_type(doc: Doc, design: str, design_evidence: str, population: str = "human",
                      population_evidence: str = "") -> tuple[str, str]:
    """primary, secondary_analysis, protocol or not_applicable, with the sentence that decided it."""
    if design in NOT_APPLICABLE_DESIGNS:
        return "not_applicable", design_evidence
    if population in NOT_APPLICABLE_POPULATIONS:
        return "not_applicable", population_evidence
    cue = secondary_cue(doc)
    if design == "protocol":
        # "... : A Secondary Analysis of a Randomized Clinical Trial" whose methods mention "the
        # trial protocol" is an analysis; "protocol for a nested substudy" and "study design and
        # rationale for phase 3 trials based on pooled analysis of ..." stay protocols.
        title_cue = cue is not None and cue == doc.title
        if not title_cue or _PROTOCOL_WORD.search(doc.norm_title):
            return "protocol", design_evidence
    if cue is not None:
        return "secondary_analysis", cue
    return "primary", design_evidence

"""What kind of study it is: publication types when PubMed gives them, cue phrases always.

Text decisions, first that applies wins:
  registry record / protocol title / a study still to be done  -> protocol
  the title names the design (systematic review, case report, randomised trial, survey...)
  systematic review or meta-analysis in the aims or methods     -> systematic_review
  review/commentary without methods or results of its own       -> review
  animal or cell work                                           -> preclinical
  case series / case report, qualitative methods
  secondary, post hoc or pooled analysis of trial data          -> other (not the trial report)
  randomised and controlled                                     -> rct
  real-world data (records, registries, surveys, cohorts; users of a drug not given one)
                                                                -> observational
  open-label, single-arm, pilot, phase I/II                     -> nonrandomised_trial
  otherwise                                                     -> other
Publication types decide when they are specific (RCT, systematic review, protocol, case
report, observational); vaguer ones ("Clinical Trial", "Review") only when the text is silent.
"""

from __future__ import annotations

import re

from analysis import vocabulary as V
from analysis.patterns import Vocab, metadata_item
from analysis.text import Doc, Sentence

_CUES = {name: Vocab(pats) for name, pats in V.DESIGN_TEXT.items()}
_PT_MAP = tuple((pt.lower(), design) for pt, design in V.PUBLICATION_TYPE_DESIGN)
_RESULTS_PAST = Vocab(V.RESULTS_REPORTED)
_PROTOCOL_NOT = re.compile(V.PROTOCOL_NOT_A_PROTOCOL, re.I)
_PROTOCOL_TITLE = re.compile(V.PROTOCOL_TITLE, re.I)
_REVIEW_TITLE = re.compile(V.REVIEW_TITLE, re.I)
_REVIEW_TITLE_END = re.compile(V.REVIEW_TITLE_END, re.I)
_CHART_REVIEW = re.compile(V.CHART_REVIEW, re.I)
_REVIEW_METHODS_OPENING = re.compile(V.REVIEW_METHODS_OPENING, re.I)
_OWN_DATA = re.compile(V.OWN_DATA, re.I)
_OBSERVATIONAL_SOURCE = re.compile(V.OBSERVATIONAL_SOURCE, re.I)
_LITERATURE_SOURCE = re.compile(V.LITERATURE_SOURCE, re.I)
_CASE_COUNT = re.compile(V.CASE_SERIES_COUNT, re.I)
_REGISTRY = re.compile("|".join(V.REGISTRY_HEADINGS), re.I)
_EXPOSURE = Vocab(V.EXPOSURE_SAMPLE)
_GIVEN = Vocab(V.INTERVENTION_GIVEN)
_INSTRUMENT_GIVEN = re.compile(V.INSTRUMENT_GIVEN, re.I)
_RCT_NOT = re.compile(V.RCT_NOT_THIS_STUDY, re.I)
_LAB = Vocab((V.LAB_MEASURES,))
_PRESENT_AIM = Vocab(V.PROTOCOL_PRESENT_AIM)
_NATURALISTIC = Vocab(V.NATURALISTIC_SETTING)
_MODELLING = Vocab(V.MODELLING_STUDY)
_MIXED_METHODS = re.compile(V.MIXED_METHODS)
_NOT_RANDOMISED_TITLE = re.compile(V.NOT_RANDOMISED_TITLE, re.I)

# where a cue says something about this study (not about the literature in the background)
_OWN = ("title", "objective", "methods", "body", "results", "other")
_OWN_NO_RESULTS = ("title", "objective", "methods", "body")
_AIMS_METHODS = ("objective", "methods", "body")
_NOT_BACKGROUND = ("title", "objective", "methods", "body", "results", "other", "conclusions")

# Title cues, strongest first: (cue, design it implies).
_TITLE_ORDER = (
    ("systematic_review", "systematic_review"),
    ("secondary_analysis", "other"),
    ("case_series", "case_series"),
    ("case_series_title", "case_series"),
    ("case_report", "case_report"),
    ("qualitative", "qualitative"),
    ("review_title_end", "review"),
    ("rct_named", "rct"),
    ("rct", "rct"),
    ("observational", "observational"),
    ("nonrandomised_trial", "nonrandomised_trial"),
    ("review_title", "review"),
)


def publication_type_design(doc: Doc) -> tuple[str | None, str]:
    """The design PubMed's publication types imply, if any (first in vocabulary order)."""
    if not doc.publication_types:
        return None, ""
    lowered = {pt.lower(): pt for pt in doc.publication_types}
    for pt, design in _PT_MAP:
        if pt in lowered:
            return design, metadata_item("Publication type", lowered[pt])
    return None, ""


def label_design(doc: Doc, population: str = "human") -> tuple[str, str]:
    """Study design label and the cue (sentence or publication type) that decided it."""
    pt_design, pt_evidence = publication_type_design(doc)
    text_design, text_evidence = text_design_label(doc, population)
    if pt_design is None:
        return text_design, text_evidence
    if pt_design in V.WEAK_PUBLICATION_DESIGNS:
        if text_design == "other" or (pt_design == "review" and text_design in ("nonrandomised_trial", "observational")):
            return pt_design, pt_evidence
        return text_design, text_evidence
    # Specific publication types win, except where the text is more specific still.
    if pt_design == "rct" and text_design == "protocol":
        return text_design, text_evidence
    if pt_design == "case_report" and text_design == "case_series":
        return text_design, text_evidence
    if pt_design in ("rct", "observational") and text_design == "preclinical":
        return text_design, text_evidence
    return pt_design, pt_evidence


def _registry_record(doc: Doc) -> bool:
    """Two registry headings and no results or conclusions: a trial registry entry, not a report.

    The headings are read from the whole abstract: section headings are not part of any sentence.
    """
    text = doc.norm_abstract
    if not any(w in text for w in V.REGISTRY_HEADING_WORDS):
        return False
    if len({m.group().upper() for m in _REGISTRY.finditer(text)}) < 2:
        return False
    return not any(s.section in ("results", "conclusions") for s in doc.sentences)


def _is_protocol(doc: Doc) -> Sentence | str | None:
    """The cue showing the study is still to be done (registry record, protocol wording, future tense)."""
    if _registry_record(doc):
        return next((s for s in doc.sentences if s.source == "abstract"), doc.title)
    if doc.title and _title_has(doc, V.PROTOCOL_TITLE_WORDS) and _PROTOCOL_TITLE.search(doc.norm_title):
        return doc.title
    for s in _CUES["protocol"].sentences(doc, _OWN_NO_RESULTS):
        if not _PROTOCOL_NOT.search(s.norm):
            return s
    future = _CUES["protocol_future"].scan(doc)
    n_future = sum(len(spans) for si, spans in future.items() if doc.sentences[si].section in _NOT_BACKGROUND)
    has_results = any(x.section == "results" for x in doc.sentences) or _RESULTS_PAST.first(
        doc, ("objective", "methods", "body", "conclusions", "other")
    ) is not None
    if n_future >= 3 or (n_future >= 1 and not has_results):
        return _CUES["protocol_future"].first(doc, _NOT_BACKGROUND)
    if not has_results:
        return _PRESENT_AIM.first(doc, _NOT_BACKGROUND)
    return None

def _drug_given(doc: Doc) -> bool:
    """Whether the investigators gave something: a questionnaire "administered to users" is not a drug."""
    return any(_INSTRUMENT_GIVEN.search(s.norm) is None for s in _GIVEN.sentences(doc, _OWN))


# Title cues that are single regexes on the title (with the words one of which each needs).
_TITLE_REGEXES = {
    "review_title_end": (V.REVIEW_TITLE_END_WORDS, _REVIEW_TITLE_END),
    "review_title": (V.REVIEW_TITLE_WORDS, _REVIEW_TITLE),
}


def _title_has(doc: Doc, words: tuple[str, ...]) -> bool:
    """Whether the title contains one of the words (lowercase)."""
    low = doc.full_lower[: len(doc.norm_title)]
    return any(w in low for w in words)


def _title_design(doc: Doc, population: str) -> str | None:
    if not doc.title or doc.sentences[0].section != "title":
        return None
    title_sentence = doc.sentences[0]
    for cue, design in _TITLE_ORDER:
        if cue in _TITLE_REGEXES:
            words, regex = _TITLE_REGEXES[cue]
            if _title_has(doc, words) and regex.search(doc.norm_title):
                return design
            continue
        if _CUES[cue].hit(doc, title_sentence):
            if population in ("animal", "in_vitro") and design not in ("systematic_review",):
                return "preclinical"
            if design == "qualitative" and _MIXED_METHODS.search(doc.full_lower) is not None:
                continue  # "Ketamine at festivals: quantitative and qualitative findings"
            return design
    return None


def _randomised(doc: Doc) -> Sentence | None:
    """The first sentence saying this study randomised its participants, if any."""
    return next((x for x in _CUES["rct"].sentences(doc, _OWN) if not _RCT_NOT.search(x.norm)), None)


def _controlled(doc: Doc) -> bool:
    """Whether this study had a control (placebo, blinding, a comparison group) outside its background."""
    return _CUES["controlled"].first(doc, _OWN + ("conclusions",)) is not None


def modelling_cue(doc: Doc) -> Sentence | None:
    """The sentence showing a modelling / simulation / economic-evaluation study, if any."""
    return _MODELLING.first(doc, ("title",) + _AIMS_METHODS)


def text_design_label(doc: Doc, population: str = "human") -> tuple[str, str]:
    """Design from the title and abstract alone (see the module docstring for the order)."""
    cue = _is_protocol(doc)
    if cue is not None:
        return "protocol", cue if isinstance(cue, str) else cue.text
    title = doc.title
    decided = _title_design(doc, population)
    if decided:
        if decided == "case_report":
            series = _CUES["case_series"].first(doc, _OWN)
            if series is not None or _CASE_COUNT.search(doc.norm_abstract):
                return "case_series", series.text if series is not None else title
        if decided == "nonrandomised_trial" and not _NOT_RANDOMISED_TITLE.search(doc.norm_title):
            # "A Pilot Study" in the title, "randomly divided into 3 groups" in the methods
            secondary = _CUES["secondary_analysis"].first(doc, _AIMS_METHODS)
            if secondary is not None:
                return "other", secondary.text
            randomised = _randomised(doc)
            if randomised is not None and _controlled(doc):
                return "rct", randomised.text
        return decided, title
    s = _CUES["systematic_review"].first(doc, _AIMS_METHODS)
    if s is not None:
        return "systematic_review", s.text
    s = _CUES["review"].first(doc, ("objective", "body") if doc.structured else ("objective", "body", "conclusions"))
    if s is None or any(x.section in ("methods", "results") for x in doc.sentences):
        s = next((x for x in doc.sentences if x.section == "methods"), None)
        s = s if s is not None and _REVIEW_METHODS_OPENING.search(s.norm) else None
    if s is not None and _OWN_DATA.search(s.norm) is None:
        if _CHART_REVIEW.search(s.norm):
            return "observational", s.text
        return "review", s.text
    if population in ("animal", "in_vitro"):
        return "preclinical", ""
    s = _CUES["case_series"].first(doc, _OWN)
    if s is not None:
        return "case_series", s.text
    s = _CUES["case_report"].first(doc, _OWN)
    if s is not None and _CUES["rct"].first(doc, _OWN) is None:
        return ("case_series" if _CASE_COUNT.search(doc.norm_abstract) else "case_report"), s.text
    s = _CUES["qualitative"].first(doc, _AIMS_METHODS)
    if s is not None and _MIXED_METHODS.search(doc.full_lower) is None:
        return "qualitative", s.text
    s = _CUES["secondary_analysis"].first(doc, _AIMS_METHODS)
    if s is not None:
        observed = (_OBSERVATIONAL_SOURCE.search(s.norm) and _LITERATURE_SOURCE.search(s.norm) is None
                    and not _CUES["rct"].hit(doc, s) and "trial" not in s.norm)
        return ("observational" if observed else "other"), s.text
    s = modelling_cue(doc)
    if s is not None:  # a modelled population: not a trial, whatever the model's inputs were
        return "other", s.text
    s = _CUES["rct_named"].first(doc, _OWN)
    if s is not None:
        return "rct", s.text
    randomised = _randomised(doc)
    if randomised is not None and _controlled(doc):
        return "rct", randomised.text
    obs = _CUES["observational"].first(doc, _AIMS_METHODS)
    exposure = _EXPOSURE.first(doc, _OWN)
    lab = exposure is not None and _LAB.first(doc, _OWN) is not None and _NATURALISTIC.first(doc, _OWN) is None
    if obs is not None and not lab and _LITERATURE_SOURCE.search(obs.norm) is None:
        return "observational", obs.text
    if exposure is not None and not _drug_given(doc):
        return ("other" if lab else "observational"), exposure.text
    s = _CUES["nonrandomised_trial"].first(doc, _AIMS_METHODS)
    if s is not None:
        return "nonrandomised_trial", s.text
    if randomised is not None:
        return "rct", randomised.text
    return "other", ""

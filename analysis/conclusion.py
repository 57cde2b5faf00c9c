"""What the authors concluded about efficacy, read from their own conclusion sentences.

not_applicable when no efficacy verdict can exist (protocols, narrative reviews, animal or
cell work, studies of healthy volunteers or drug users, mechanistic/biomarker work whose
conclusion makes no efficacy claim).  Otherwise the conclusion sentences are read with the
negations first ("did not significantly reduce" is not a reduction), then the positive cues.
"""

from __future__ import annotations

import re

from analysis import vocabulary as V
from analysis.patterns import Vocab, join_evidence
from analysis.text import Doc, Sentence

_POS = Vocab(V.CONCLUSION_POSITIVE)
_NEG = Vocab(V.CONCLUSION_NEGATIVE)
_HARM = Vocab(V.CONCLUSION_HARM)
_NEUTRAL = Vocab(V.CONCLUSION_NEUTRAL)
_CONTRAST = re.compile(V.CONCLUSION_CONTRAST, re.I)
_EFFICACY = Vocab(V.EFFICACY_WORDS)
_MECHANISM = Vocab(V.MECHANISTIC_FOCUS)
_SAFETY_VERDICT = Vocab(V.SAFETY_VERDICT)
_FUTURE_WORK = re.compile(V.CONCLUSION_FUTURE_WORK, re.I)
_STRONG_NEG = re.compile(V.CONCLUSION_STRONG_NEGATIVE, re.I)
_TITLE_CLAIM = re.compile(V.TITLE_CLAIM_POSITIVE, re.I)
_CLAUSE_BREAK = re.compile(V.CLAUSE_BREAK, re.I)

NO_VERDICT_DESIGNS = ("protocol", "review", "preclinical")
_TREATABLE = {"depression", "ptsd", "ocd", "pain", "anxiety", "suicidality", "bipolar", "substance_use"}


def conclusion_sentences(doc: Doc) -> list[Sentence]:
    """The authors' conclusion: the CONCLUSIONS section, else cue/last sentences of the abstract."""
    found = [s for s in doc.sentences if s.section == "conclusions"]
    if found and not doc.structured and all(_FUTURE_WORK.search(s.norm) for s in found) and found[0].index > 0:
        before = doc.sentences[found[0].index - 1]
        if before.source == "abstract":  # the guessed conclusion only calls for research: the verdict is before it
            return [before] + found
    if found:
        return found
    body = [s for s in doc.sentences if s.section in ("body", "results", "other")]
    last = body[-1:]
    if last and len(body) > 1 and _FUTURE_WORK.search(last[0].norm):
        return body[-2:]  # a call for more research ends it: the verdict comes just before
    return last


def _polarity(doc: Doc, s: Sentence) -> tuple[int, int, int, bool]:
    """(#positive, #negative, #neutral cues, harm mentioned) in one sentence; negations win overlaps."""
    neg = _NEG.spans(doc, s)
    # a negation reaches to the end of its clause: "did not reduce the number of sessions needed
    # to reach a 50% reduction in scores" has no reduction in it
    scopes = [(a, _clause_end(s.norm, b)) for a, b in neg]

    def free(span: tuple[int, int]) -> bool:
        """The span is outside every negation's clause."""
        return not any(a < span[1] and span[0] < b for a, b in scopes)

    pos = sum(1 for sp in _POS.spans(doc, s) if free(sp))
    harm = any(free(sp) for sp in _HARM.spans(doc, s))
    return pos, len(neg), _NEUTRAL.count(doc, s), harm


def _clause_end(text: str, start: int) -> int:
    """Where the clause that runs on at `start` ends (punctuation or a contrast word)."""
    m = _CLAUSE_BREAK.search(text, start)
    return m.start() if m else len(text)


def label_conclusion(doc: Doc, design: str, population: str, conditions: list[str]) -> tuple[str, str]:
    """positive / negative / mixed / neutral / not_applicable, with the sentences that decided it."""
    if design in NO_VERDICT_DESIGNS:
        return "not_applicable", ""
    if population in ("animal", "in_vitro"):
        return "not_applicable", ""
    clinical = set(conditions) & _TREATABLE
    if "other" in conditions and "healthy_volunteers" not in conditions and "recreational_use" not in conditions:
        clinical.add("other")
    if not clinical:
        # healthy volunteers / users: only a safety verdict is a verdict
        for s in conclusion_sentences(doc):
            if _SAFETY_VERDICT.hit(doc, s) and not _NEG.hit(doc, s) and not _NEUTRAL.hit(doc, s):
                return "positive", s.text
        return "not_applicable", ""
    sentences = [s for s in conclusion_sentences(doc) if not _FUTURE_WORK.search(s.norm) or _POS.hit(doc, s)]
    if not sentences:
        return _title_verdict(doc) or ("not_applicable", "")
    text = " ".join(s.norm for s in sentences)
    if not any(_EFFICACY.hit(doc, s) or _POS.hit(doc, s) for s in sentences):
        return _title_verdict(doc) or ("not_applicable", join_evidence(s.text for s in sentences))
    mechanistic_aim = design != "rct" and _MECHANISM.first(doc, ("title", "objective")) is not None
    if mechanistic_aim and any(_MECHANISM.hit(doc, s) for s in sentences):
        return "not_applicable", join_evidence(s.text for s in sentences)
    pos = neg = neutral = 0
    harm = False
    evidence: list[str] = []
    for s in sentences:
        p, n, u, h = _polarity(doc, s)
        if p or n or u:
            evidence.append(s.text)
        pos, neg, neutral, harm = pos + p, neg + n, neutral + u, harm or h
    ev = join_evidence(evidence or [s.text for s in sentences])
    if pos and neg:
        if pos >= 2 * neg and not _CONTRAST.search(text):
            return "positive", ev
        if neg >= 2 * pos and not _CONTRAST.search(text):
            return "negative" if (harm or _STRONG_NEG.search(text)) else "neutral", ev
        return "mixed", ev
    if pos:
        if neutral and not _CONTRAST.search(text):
            return "neutral", ev
        if neutral:
            return "mixed", ev
        return "positive", ev
    if neg:
        return ("negative" if (harm or _STRONG_NEG.search(text)) else "neutral"), ev
    if neutral:
        return "neutral", ev
    return _title_verdict(doc) or ("not_applicable", ev)


def _title_verdict(doc: Doc) -> tuple[str, str] | None:
    """A title that states the finding ('Oral ketamine reduces the experience of stress ...')."""
    title = next((s for s in doc.sentences if s.section == "title"), None)
    if title is None or "?" in title.text or _NEG.hit(doc, title) or _NEUTRAL.hit(doc, title):
        return None
    return ("positive", title.text) if _TITLE_CLAIM.search(title.norm) else None

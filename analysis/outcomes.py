"""Numbers the abstract reports: response and remission rates per arm, the main effect estimate with its CI."""

from __future__ import annotations

import re

from analysis import vocabulary as V
from analysis.patterns import join_evidence
from analysis.text import Doc

_RESPONSE = re.compile(V.RESPONSE_WORDS, re.I)
_REMISSION = re.compile(V.REMISSION_WORDS, re.I)
_ARM = re.compile(r"\b(?:" + "|".join(V.ARM_NAMES) + r")\b", re.I)
_ANY_PCT = re.compile(r"(?<![\d.])(?P<pct>\d{1,3}(?:\.\d+)?)\s?%")
_THRESHOLD_AFTER = re.compile(V.RATE_THRESHOLD_AFTER, re.I)
_NOT_RATE_BEFORE = re.compile(V.RATE_NOT_BEFORE, re.I)

_MEASURES = tuple((re.compile(p, re.I), name) for p, name in V.EFFECT_MEASURES.items())
_MEASURE_ALT = "|".join(f"(?:{p})" for p in V.EFFECT_MEASURES)
_NUMBER = r"[-−–]?\s?\d+(?:\.\d+)?"
_EFFECT = re.compile(
    r"(?P<measure>" + _MEASURE_ALT + r")\s*(?:\(\w+\))?\s*(?:[=:,]|of|was|were|is)?\s*"
    r"(?P<value>" + _NUMBER + r")\s*[,;(\[]?\s*(?:95\s?%\s?(?:CI|confidence interval)(?:\s*[\[(]CI[\])])?|CI)\s*[:=,]?\s*\[?\(?\s*"
    r"(?P<low>" + _NUMBER + r")\s*(?:to|–|—|−|-|,|;)\s*(?P<high>" + _NUMBER + r")",
    re.I,
)
_SECTIONS = ("results", "body", "conclusions", "methods", "other")


def _rate_mentions(text: str) -> list[tuple[str, str | None, str]]:
    """(kind, arm, percent) for each percentage in a sentence that reads as a response/remission rate."""
    kws = [(m.start(), "response") for m in _RESPONSE.finditer(text)] + [
        (m.start(), "remission") for m in _REMISSION.finditer(text)
    ]
    if not kws:
        return []
    arms = [(m.start(), m.group(0).lower()) for m in _ARM.finditer(text)]
    out = []
    for m in _ANY_PCT.finditer(text):
        if float(m.group("pct")) > 100 or _THRESHOLD_AFTER.match(text, m.end()) or _NOT_RATE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue
        kind = min(kws, key=lambda k: abs(k[0] - m.start()))[1]
        near = [(abs(pos - m.end()) + (0 if pos >= m.end() else 10), name) for pos, name in arms if abs(pos - m.start()) <= 60]
        arm = min(near)[1] if near else None
        out.append((kind, arm, m.group("pct")))
    return out


def _rates(doc: Doc, kind: str) -> tuple[str | None, str]:
    for s in doc.sentences:
        if s.section not in _SECTIONS or "%" not in s.norm:
            continue
        items = [(arm, pct) for k, arm, pct in _rate_mentions(s.norm) if k == kind]
        if items:
            parts = [f"{arm} {pct}%" if arm else f"{pct}%" for arm, pct in items[:4]]
            return "; ".join(parts), s.text
    return None, ""


def _clean_number(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("−", "-").replace("–", "-"))


def effect_estimate(doc: Doc) -> tuple[str | None, str]:
    """The first effect estimate with a confidence interval in the results, normalised."""
    for s in doc.sentences:
        if s.section not in _SECTIONS:
            continue
        if "CI" not in s.norm and "onfidence" not in s.norm:
            continue
        m = _EFFECT.search(s.norm)
        if not m:
            continue
        name = next((n for pat, n in _MEASURES if pat.fullmatch(m.group("measure"))), m.group("measure"))
        value, low, high = (_clean_number(m.group(k)) for k in ("value", "low", "high"))
        return f"{name} {value} (95% CI {low} to {high})", s.text
    return None, ""


def label_outcomes(doc: Doc) -> tuple[str | None, str | None, str | None, str]:
    """(response rates, remission rates, effect estimate, evidence) as the abstract reports them."""
    response, ev1 = _rates(doc, "response")
    remission, ev2 = _rates(doc, "remission")
    effect, ev3 = effect_estimate(doc)
    return response, remission, effect, join_evidence([ev1, ev2, ev3])

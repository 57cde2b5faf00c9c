"""Numbers the abstract reports, as written: response and remission rates per arm, effect estimates with their CI.

Precision first: a wrong number is worse than a missing one.  A percentage is kept only when
the sentence says it is a share of patients who responded or remitted; an effect value only
after a named measure (SMD, MD, OR, RR, HR, NNT, Hedges' g, ...), and with a CI only when
ci_low <= value <= ci_high.  Nothing is computed; every item keeps the sentence it came from.
"""

from __future__ import annotations

import re
from typing import Any

from analysis import vocabulary as V
from analysis.patterns import join_evidence
from analysis.text import Doc, Sentence

# Sections whose sentences report results (unstructured abstracts: "body" and "conclusions").
RESULT_SECTIONS = ("results", "body", "conclusions", "other")

# --- percentages ---------------------------------------------------------------------------
_RESPONSE = re.compile(V.RESPONSE_WORDS, re.I)
_REMISSION = re.compile(V.REMISSION_WORDS, re.I)
_KEYWORD_NOT_BEFORE = re.compile(V.NOT_A_RATE_KEYWORD_BEFORE, re.I)
_NOT_RATE_SENTENCE = re.compile(V.NOT_A_RATE_SENTENCE, re.I)
_THRESHOLD_AFTER = re.compile(V.RATE_THRESHOLD_AFTER, re.I)
_NOT_RATE_BEFORE = re.compile(V.RATE_NOT_BEFORE, re.I)
_RATE_OF_UNITS = re.compile(V.RATE_OF_UNITS, re.I)
_BLOCKERS = re.compile(V.RATE_BLOCKERS, re.I)
_ARM_NAME = r"(?:[\w]+-)?(?:" + "|".join(V.ARM_NAMES) + r")(?:-[\w]+)?"
_ARM_TERM = (r"(?P<arm>(?:[\w\-]+\s+\+\s+)?(?:" + _ARM_NAME + r")(?:\s+(?!(?:vs|versus|and|or|were|was|had)\b)(?:\+\s+)?[\w\-]+){0,2}?(?:\s+(?:group|arm|condition|cohort))?"
             r"|(?:[A-Z][\w\-+]*|[\w\-]+\s+[\w\-+]+)\s+(?:group|arm|condition|cohort))")
# "... 52% [...] in/for/after/with/among the ketamine group", "80.30% response rate (53 of 66) in the TMS + ketamine condition"
_ARM_AFTER = re.compile(r"(?:\s*[(\[][^()\[\]]{0,40}[)\]])?(?:\s+(?:response|remission)(?:\s+rates?)?)?(?:\s*[(\[][^()\[\]]{0,40}[)\]])?"
                        r"\s*,?\s+(?:in|for|after|with|among|on|receiving)\s+(?:the\s+|patients\s+(?:receiving|given|treated\s+with)\s+|adults\s+receiving\s+)?"
                        + _ARM_TERM + r"\b(?!\s+(?:group|arm|condition|cohort)s?\b)"
                        r"(?!\s+(?:vs\.?|versus|or|and)\s+(?:the\s+)?" + _ARM_NAME + r")", re.I)
# "... placebo (20%)", "the ketamine group: 52%", "ketamine was 52%"
_ARM_BEFORE = re.compile(r"\b(?:the\s+)?" + _ARM_TERM + r"(?:\s+patients)?\s*(?:\(|:|,|\bwas|\bwere|\b(?:had|showed) an?|\bhad)\s*(?:\d+\s*\(\s*)?$", re.I)
_RANGE_AFTER = re.compile(r"\s*(?:-|to)\s*\d+(?:\.\d+)?\s?%")
_RANGE_BEFORE = re.compile(r"\d\s?%?\s*(?:-|to)\s*$")
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_BOTH_KINDS_OR = re.compile(r"respon\w*\s+or\s+remi\w*|remi\w*\s+or\s+respon\w*", re.I)
_BOTH_KINDS_AND = re.compile(r"\b(?P<first>response|remission)\s+and\s+(?P<second>response|remission)\s+rates?\b", re.I)
_NUMBER_WORD = "|".join(sorted((w for w in V.NUMBER_WORDS if " " not in w), key=len, reverse=True))
_PCT = re.compile(
    r"(?<![\w.])(?:(?P<num>\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)"
    r"|(?P<words>(?:" + _NUMBER_WORD + r")(?:[- ](?:" + _NUMBER_WORD + r"))?)\s(?:percent|per cent)\b)",
    re.I,
)
# Spans of confidence intervals ("[95% CI = 42.5%-61.0%]"): percentages inside are bounds.
_CI_SPAN = re.compile(r"(?:95\s?%\s?,?\s*)?(?:\bCI\b|\bCl\b|confidence intervals?)[^\])};]{0,40}", re.I)
_CLAUSE_END = re.compile(r";|\s(?:while|whereas|but)\s|,\s(?:however|although)\s")
# The linking words that make "N% ... response" a rate: a share of patients.
_RATE_LINK = re.compile(
    r"\b(?:rates?|of (?:the |all )?(?:patients|participants|subjects|sample|individuals|mothers|women|adults|children|veterans|cohort)|"
    r"patients?|participants?|subjects|were|was|achiev\w*|attain\w*|reach\w*|met|meet\w*|had|show\w*|experienc\w*|"
    r"maintain\w*|obtain\w*|demonstrat\w*|in|for|after|with|at)\b|[(:=]",
    re.I,
)
_COUNT_BEFORE = re.compile(r"(?P<count>\d+|" + _NUMBER_WORD + r")(?:\s*/\s*(?P<den>\d+))?(?:\s+(?:patients?|participants?|subjects))?\s*[(\[]\s*$", re.I)
_COUNT_AFTER = re.compile(r"(?:\s+(?:response|remission)(?:\s+rates?)?)?\s*[(\[]\s*(?:n\s*=\s*)?(?P<count>\d+)\s*(?:/|of|out of)\s*(?P<den>\d+)\s*[)\]]")
_COUNT_OF_AFTER = re.compile(r"\s*\)\s*of\s+(?P<den>\d+)\b")

# --- effect estimates ------------------------------------------------------------------------
_MEASURE_CANON: dict[str, str] = {}


def _measure_pattern() -> re.Pattern[str]:
    parts = []
    for i, (pattern, name) in enumerate(V.EFFECT_MEASURE_WORDS):
        parts.append(f"(?P<w{i}>(?i:{pattern}))")
        _MEASURE_CANON[f"w{i}"] = name
    for i, (pattern, name) in enumerate(V.EFFECT_MEASURE_ABBREVIATIONS):
        parts.append(f"(?P<a{i}>\\b{pattern}\\b)")
        _MEASURE_CANON[f"a{i}"] = name
    parts.append(r"(?P<g>(?<![\w'])g(?=\s*[=:]|\s+of\s+-?\d))")
    _MEASURE_CANON["g"] = "Hedges' g"
    return re.compile("|".join(parts))


_MEASURE = _measure_pattern()
_NUM = r"-?\s?\$?\d+(?:\.\d+)?"
_AFTER_MEASURE = re.compile(
    r"(?P<gap>\s*(?:[(\[](?:[A-Za-z]{1,6}s?|95\s?%\s?CI|SE|SD)[)\]])?)"
    r"(?:(?P<filler>[^;\d%=<>()\[\].]{1,90}?)(?P<conn>=|:|\bwas\b|\bwere\b|\bis\b|\bof\b)|\s*(?P<conn2>=|:|,|\bwas\b|\bof\b|\bwere\b)?)"
    r"\s*(?P<value>" + _NUM + r")(?![\d.]*\s?%)(?!\d)(?P<unit>\s?(?:pp|points?|percentage points))?"
)
_CI_LABEL = (r"(?:95\s?(?:%|percent)\s*,?\s*\[?(?:CIs?|Cls?|confidence intervals?)\]?(?:\s*[\[(](?:95\s?%\s?)?(?:CIs?|Cls?)[\])])?"
             r"|\bCIs?\b|\bCl\b)")
_CI_AFTER = re.compile(
    r"[\s,;(\[]*(?:\[[\d.]+\]\s*[;,]?\s*)?" + _CI_LABEL + r"\s*(?:[:=,]|was|of)?\s*[\[(]?\s*"
    r"(?P<low>" + _NUM + r")\s?%?\s*(?:to|-|,|;|~)\s*(?P<high>" + _NUM + r")(?!\d|[.,]\d)",
    re.I,
)
_CI_BARE = re.compile(r"\s*[\[(]\s*(?P<low>" + _NUM + r")\s*(?:to|-|,|;|~)\s*(?P<high>" + _NUM + r")\s*[\])]")
_NOT_BEFORE_UNIT = re.compile(V.EFFECT_NOT_BEFORE_UNIT, re.I)

# --- time points -------------------------------------------------------------------------------
_TIME_UNIT = r"(?:min(?:ute)?s?|h(?:ou)?rs?|hours?|h|days?|weeks?|wks?|months?|years?)"
_TIME_NUMBER = r"(?:\d+(?:\.\d+)?|" + _NUMBER_WORD + r")"
_TIMEPOINT = re.compile(
    r"(?P<ordinal>\b(?:post-?operative |post-?partum |post-?infusion )?(?P<ounit>day|week|month|hour)\s?(?P<onum>\d+)\b"
    r"(?:\s(?:post[- ]?partum|post[- ]?operatively|post[- ]?infusion|post[- ]?treatment))?)"
    r"|(?P<pod>\bPOD\s?(?P<podnum>\d+)\b)"
    r"|(?P<span>\b(?P<num>" + _TIME_NUMBER + r")[\s-]?(?P<unit>" + _TIME_UNIT + r")\b"
    r"(?:\s(?:post[- ]?\w+|after (?:the )?(?:\w+ ){0,2}?(?:infusion|dose|treatment|injection|surgery|administration|delivery|discharge)|"
    r"following (?:the )?(?:\w+ ){0,2}?(?:infusion|dose|treatment|injection|surgery)|later|follow-?up|of treatment))?)",
    re.I,
)
_TIME_INTRO = re.compile(r"\b(?:at|after|by|on|to|until|within|up to|through|following)\s+(?:the\s+)?(?:end of\s+)?$", re.I)
_TIME_WINDOW = re.compile(V.TIME_WINDOW_WORDS, re.I)
_DOSE_AFTER = re.compile(r"\s*(?:infusion|intervals?|apart|of (?:infusion|administration))\b|/", re.I)


def _to_float(text: str) -> float:
    text = text.replace(" ", "").replace("$", "")
    return float(text)


def _word_number(text: str) -> float | None:
    """'Sixty-one' -> 61, 'twelve' -> 12; None when it is not a number written in words."""
    total = 0
    for part in re.split(r"[- ]", text.lower()):
        value = V.NUMBER_WORDS.get(part)
        if value is None:
            return None
        total += value
    return float(total)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return _word_number(text)


def timepoint(text: str, near: int | None = None) -> tuple[str | None, float | None]:
    """(time point as written, hours when unambiguous) of a sentence, nearest to `near` when given."""
    best = None
    for m in _TIMEPOINT.finditer(text):
        before = text[max(0, m.start() - 30): m.start()]
        if m.group("span"):
            if not _TIME_INTRO.search(before) and not m.group(0)[len(m.group("num")) + len(m.group("unit")) + 1:].strip():
                continue  # "6 infusions over 2 weeks" durations without a time word are not time points
            if _DOSE_AFTER.match(text, m.end()) or re.search(r"(?:mg|/kg|every|each)\s*$", before, re.I):
                continue
        if best is None or (near is not None and abs(m.start() - near) < abs(best.start() - near)):
            best = m
        if near is None:
            break
    if best is None:
        return None, None
    written = best.group(0).strip()
    before = text[max(0, best.start() - 30): best.start()]
    if _TIME_WINDOW.search(before) or re.search(r"\d\s*(?:-|to)\s*$", before):
        return written, None
    if best.group("ordinal"):
        unit, num = best.group("ounit").lower(), best.group("onum")
    elif best.group("pod"):
        unit, num = "day", best.group("podnum")
    else:
        unit, num = best.group("unit").lower(), best.group("num")
    value = _number(num)
    hours = V.TIME_UNITS_HOURS.get(unit)
    if value is None or hours is None:
        return written, None
    return written, round(value * hours, 2)


# --- rates -----------------------------------------------------------------------------------
def _keywords(text: str) -> list[tuple[int, int, str]]:
    found = []
    for kind, rx in (("response", _RESPONSE), ("remission", _REMISSION)):
        for m in rx.finditer(text):
            if _KEYWORD_NOT_BEFORE.search(text, max(0, m.start() - 16), m.start()):
                continue
            if text.endswith("in ", 0, m.start()) and text.startswith(" to ", m.end()):
                continue  # "in response to"
            found.append((m.start(), m.end(), kind))
    return sorted(found)


def _mask_ci(text: str) -> str:
    """The text with confidence-interval spans blanked (same length), so their bounds are not rates."""
    return _CI_SPAN.sub(lambda m: " " * len(m.group(0)), text)


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in _CLAUSE_END.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _arm_near(text: str, start: int, end: int, lo: int, hi: int) -> str | None:
    """The arm a percentage belongs to, when the wording ties them: "52% in the ketamine group", "placebo (20%)"."""
    m = _ARM_AFTER.match(text, end)
    if m and m.end() <= hi:
        return m.group("arm").strip()
    m = _ARM_BEFORE.search(text, max(lo, start - 70), start)
    if m:
        return m.group("arm").strip()
    return None


def _count(text: str, start: int, end: int, percent: float) -> int | None:
    """The number of patients written with the percentage, when consistent with it."""
    count = den = None
    m = _COUNT_BEFORE.search(text, max(0, start - 40), start)
    if m:
        count = _number(m.group("count"))
        den = float(m.group("den")) if m.group("den") else None
        after = _COUNT_OF_AFTER.match(text, end)
        if den is None and after:
            den = float(after.group("den"))
    else:
        m = _COUNT_AFTER.match(text, end)
        if m:
            count, den = float(m.group("count")), float(m.group("den"))
    if count is None or count != int(count):
        return None
    if den and (den <= 0 or abs(100 * count / den - percent) > 1.0):
        return None
    if not den and percent > 0 and count > 0 and abs(count - percent) < 1e-9:
        return None
    return int(count)


def _rates_in(sentence: Sentence) -> list[tuple[str, dict[str, Any]]]:
    """(kind, item) for each percentage of the sentence that reads as a response or remission rate."""
    text = sentence.norm
    kws = _keywords(text)
    if not kws or _NOT_RATE_SENTENCE.search(text):
        return []
    masked = _mask_ci(text)
    found: list[tuple[int, int, str, float]] = []  # start, end, kind, percent
    last_accepted: tuple[int, str] | None = None
    for m in _PCT.finditer(masked):
        value = float(m.group("num")) if m.group("num") else _word_number(m.group("words"))
        if value is None or not 0 <= value <= 100:
            continue
        start, end = m.start(), m.end()
        if _THRESHOLD_AFTER.match(masked, end) or _NOT_RATE_BEFORE.search(masked, max(0, start - 25), start):
            continue
        if _RANGE_AFTER.match(masked, end) or _RANGE_BEFORE.search(masked, max(0, start - 12), start):
            continue  # "25%-29%": a range, not one rate
        if _RATE_OF_UNITS.search(masked, max(0, start - 25), start) or _RATE_OF_UNITS.match(masked, end, min(len(masked), end + 20)) \
                or re.match(r"\s*\)?\s*(?:of\s+)?(?:the\s+)?(?:included\s+)?(?:stud|trials|RCTs|of them)", masked[end:end + 30], re.I):
            continue
        lo, hi = _clause_bounds(masked, start)
        if _BLOCKERS.search(masked, max(lo, start - 40), start):
            last_accepted = None
            continue  # "a comorbid diagnosis in 75% of the sample"
        kind = _kind_for(masked, kws, start, end, lo, hi)
        if kind is None and last_accepted is not None:
            # a list: "... were 69.2% and 61.5% after esketamine, and 52.5% after midazolam"
            gap = masked[last_accepted[0]:start]
            if len(gap) <= 70 and lo <= last_accepted[0] and not _BLOCKERS.search(gap) and not _THRESHOLD_WORDS.search(gap):
                kind = last_accepted[1]
        if kind is None:
            last_accepted = None
            continue
        found.append((start, end, kind, value))
        last_accepted = (end, kind)
    found = _resolve_kinds(masked, found)
    arms = _arms(text, masked, found)
    out = []
    for (start, end, kind, value), arm in zip(found, arms):
        item = {
            "arm": arm,
            "percent": value,
            "count": _count(text, start, end, value),
            "timepoint": timepoint(text, start)[0],
            "sentence": sentence.text,
        }
        out.append((kind, item))
    return out


# A percentage in the gap that is not itself a criterion ("50% improvement" is one).
_OTHER_PCT = re.compile(r"\d\s?%(?!\s*(?:or (?:more|greater)\s*)?(?:reduction|decrease|improvement|drop|decline|change)\b)", re.I)
_THRESHOLD_WORDS = re.compile(r"\b(?:reduction|improvement|decrease|criteria|defined|threshold)\b", re.I)


def _resolve_kinds(text: str, found: list[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """Drop shares of "responders or remitters"; split "response and remission rates were a and b" in order."""
    out = [f for f in found if not _BOTH_KINDS_OR.search(text, max(0, f[0] - 80), min(len(text), f[1] + 80))]
    for m in _BOTH_KINDS_AND.finditer(text):
        lo, hi = _clause_bounds(text, m.end())
        after = [f for f in out if m.end() <= f[0] < hi]
        if not after:
            continue
        n = len(after)
        if n % 2:
            out = [f for f in out if f not in after]  # cannot tell which is which: keep none
            continue
        kinds = [m.group("first").lower()] * (n // 2) + [m.group("second").lower()] * (n // 2)
        remap = {f: (f[0], f[1], k, f[3]) for f, k in zip(after, kinds)}
        out = [remap.get(f, f) for f in out]
    return out


def _arms(text: str, masked: str, found: list[tuple[int, int, str, float]]) -> list[str | None]:
    """Arm per rate: linked wording, or "A and B were x% and y%, respectively"; ambiguous ones None."""
    arms = []
    for start, end, _kind, _value in found:
        lo, hi = _clause_bounds(masked, start)
        arms.append(_arm_near(text, start, end, lo, hi))
    for i, (start, end, kind, _v) in enumerate(found):
        lo, hi = _clause_bounds(masked, start)
        if _RESPECTIVELY.search(text, start, hi):
            group = [j for j, f in enumerate(found) if lo <= f[0] < hi and f[2] == kind]
            first = found[group[0]][0]
            listed = re.search(r"\b(?:of|for|in)\s+(?P<a>[\w\-+ ]{2,40}?)\s+and\s+(?P<b>[\w\-+ ]{2,40}?)\s+(?:were|was|had|groups?)\b",
                               text[lo:first])
            if listed and len(group) == 2:
                for j, name in zip(group, (listed.group("a"), listed.group("b"))):
                    arms[j] = name.strip()
            else:  # keep only arms written right after their own percentage
                for j in group:
                    if not _ARM_AFTER.match(text, found[j][1]):
                        arms[j] = None
    # the same arm on two rates of one kind joined by "vs": the wording does not say which is which
    for i in range(1, len(found)):
        if arms[i] and arms[i] == arms[i - 1] and found[i][2] == found[i - 1][2] \
                and re.search(r"\b(?:vs\.?|versus|compared)\b", text[found[i - 1][1]:found[i][0]]):
            arms[i] = arms[i - 1] = None
    return arms


def _opens_unclosed(gap: str) -> bool:
    """Whether the gap starts with a bracket that is still open at its end: "response (51.7% vs "."""
    g = gap.lstrip()
    if not g.startswith("("):
        return False
    depth = 0
    for ch in g:
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return False
    return True


def _kind_for(text: str, kws: list[tuple[int, int, str]], start: int, end: int, lo: int, hi: int) -> str | None:
    """'response'/'remission' when a keyword of the clause is tied to the percentage by rate wording."""
    best = None
    for ks, ke, kind in kws:
        if ks < lo or ke > hi:
            continue
        if ks >= end:  # percentage first: "61% of patients achieved remission", "80.3% response rate"
            gap = text[end:ks]
            if len(gap) > 75:
                continue
            named = bool(re.search(r"\(\s*$", gap)) and text.startswith(")", ke)  # "26% had <criterion> (response)"
            ok = not gap.strip() or gap.strip() in ("(", ")") or bool(_RATE_LINK.search(gap))
            dist = len(gap)
            bracketed = False
        else:  # keyword first: "remission rates of 63%", "response (51.7% versus 31.6%)"
            gap = text[ke:start]
            short = re.sub(r"\s{2,}", " ", gap)  # masked CI spans count as one space
            if len(short) > 60:
                continue
            named = False
            bracketed = _opens_unclosed(gap) and not _BLOCKERS.search(gap)
            ok = bool(re.match(r"\s*(?:rates?\b|\()", gap) or re.search(r"\b(?:rates?|were|was|in|of|by|:)\s*[(\[]?\s*(?:\d+\s*[(\[]\s*)?$", gap)
                      or re.search(r"\bin\s+\d+\s*\($", gap))
            dist = 0 if bracketed else len(short) + 5  # inside the brackets opened after the keyword
        if not (named or bracketed):
            if not ok or _BLOCKERS.search(gap) or _OTHER_PCT.search(gap) and not re.search(r"\brates?\b", gap):
                continue
            if ks >= end and re.search(r"\b(?:had|with)\b", gap) and not re.search(r"\b(?:response|remission)\b", gap + text[ks:ke]):
                continue
        if best is None or dist < best[0]:
            best = (dist, kind)
    return best[1] if best else None


# --- effect estimates ----------------------------------------------------------------------------
def _measure_name(m: re.Match[str]) -> str:
    return _MEASURE_CANON[m.lastgroup]


_DIGIT = re.compile(r"\d")
_EFFECT_WORD_CUES = ("ratio", "differen", "effect size", "hedge", "cohen", "needed to", "relative risk")
_EFFECT_ABBREV_CUE = re.compile(r"\b(?:SMD|WMD|LS ?MD|MDs?|a?ORs?|log ?OR|a?RRs?|IRRs?|a?HRs?|RDs?|NNTs?|NNHs?|ES|g)\b")


def might_hold_effect(text: str) -> bool:
    """A cheap test run before the full measure pattern: a measure word or abbreviation and a digit."""
    if _DIGIT.search(text) is None:
        return False
    low = text.lower()
    return any(cue in low for cue in _EFFECT_WORD_CUES) or _EFFECT_ABBREV_CUE.search(text) is not None


def effects_in(text: str) -> list[tuple[int, int, dict[str, Any]]]:
    """(start, end, {measure, value, ci_low, ci_high}) for each effect estimate written in a sentence."""
    if not might_hold_effect(text):
        return []
    out = []
    pos = 0
    while True:
        m = _MEASURE.search(text, pos)
        if m is None:
            break
        pos = m.end()
        a = _AFTER_MEASURE.match(text, m.end())
        if a is None:
            continue
        if a.group("filler") and re.search(r"\b(?:and|or|vs|versus)\b.*\b(?:SMD|MD|OR|RR|HR)\b", a.group("filler")):
            continue
        if _NOT_BEFORE_UNIT.match(text, a.end()):
            continue
        name = _measure_name(m)
        value = _to_float(a.group("value"))
        ci_low = ci_high = None
        c = _CI_AFTER.match(text, a.end())
        if c is None:
            c = _CI_BARE.match(text, a.end())
            if c is not None and re.search(r"\b(?:IQR|SD|SE|range)\b", text[a.end():c.end()]):
                c = None
        end = a.end()
        if c is not None:
            ci_low, ci_high = _to_float(c.group("low")), _to_float(c.group("high"))
            end = c.end()
            if not ci_low <= value <= ci_high:
                pos = end
                continue  # a CI that does not contain the value: something is misread, keep nothing
        if name in V.RATIO_MEASURES and (value <= 0 or (ci_low is not None and ci_low < 0)):
            pos = end
            continue
        if name in ("NNT", "NNH") and value <= 0:
            continue
        out.append((m.start(), end, {"measure": name, "value": value, "ci_low": ci_low, "ci_high": ci_high}))
        pos = end
    return out


_OUTCOME_BEFORE = re.compile(
    r"(?:\b(?:in|of|on|for|reduced|increased|decreased|lowered|improved|alleviated|with|than|risk|and)\s+)"
    r"(?P<outcome>(?:the\s+)?[A-Za-z][\w\-'/]*(?:\s+[A-Za-z][\w\-'/]*){0,5})\s*$"
)


_ARM_WORDS = re.compile(r"\b(?:groups?|arms?|controls?|placebo|patients|participants|those|that|this|these)\b", re.I)


def _effect_outcome(text: str, start: int) -> str | None:
    """The outcome an estimate refers to: the words just before its opening bracket, when there is one."""
    head = text[:start]
    paren = max(head.rfind("("), head.rfind("["))
    if paren < 0 or paren < len(head) - 45:
        return None
    chunk = " " + re.split(r"[,;:]", head[:paren])[-1].rstrip()
    # the words after the last linking word: "in reducing the incidence of short-term PPD" -> "short-term PPD"
    matches = [m for i in range(len(chunk)) if (m := _OUTCOME_BEFORE.match(chunk, i)) and chunk[i - 1:i] in (" ", "")]
    if not matches:
        return None
    outcome = re.sub(r"^the\s+", "", matches[-1].group("outcome").strip())
    if _ARM_WORDS.search(outcome):  # "in the placebo group", "passive controls": an arm, not an outcome
        return None
    return outcome or None


def _effects(doc: Doc) -> list[dict[str, Any]]:
    seen: set[tuple] = set()
    out = []
    for s in doc.sentences:
        if s.section not in RESULT_SECTIONS:
            continue
        for start, _end, eff in effects_in(s.norm):
            key = (eff["measure"], eff["value"], eff["ci_low"], eff["ci_high"])
            if key in seen:
                continue
            seen.add(key)
            out.append({**eff, "outcome": _effect_outcome(s.norm, start), "timepoint": timepoint(s.norm, start)[0],
                        "sentence": s.text})
    return out


def _has_number_cue(norm: str) -> bool:
    return "%" in norm or "percent" in norm or "per cent" in norm


def label_outcomes(doc: Doc) -> tuple[list[dict], list[dict], list[dict], str]:
    """(response rates, remission rates, effect estimates, evidence) as the abstract writes them."""
    response: list[dict] = []
    remission: list[dict] = []
    seen: set[tuple] = set()
    for s in doc.sentences:
        if s.section not in RESULT_SECTIONS or not _has_number_cue(s.norm):
            continue
        here = []
        for kind, item in _rates_in(s):
            key = (kind, item["arm"], item["percent"], item["timepoint"])
            if key in seen:
                continue  # the conclusions repeating a rate of the results
            here.append(key)
            (response if kind == "response" else remission).append(item)
        seen.update(here)
    effects = _effects(doc)
    evidence = join_evidence([x["sentence"] for x in response + remission + effects])
    return response, remission, effects, evidence


def _fmt(x: float | None) -> str:
    return "" if x is None else (f"{x:g}")


def float_or_nan(value: object) -> float:
    """A stored cell as a float; NaN when it is missing or not a number (cells read back from Parquet or CSV)."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def effect_text(e: dict[str, Any]) -> str:
    """'OR 0.55 (95% CI 0.33 to 0.91)' for one effect estimate, as written back (no CI when none was
    written; '' without a value, as cells read back from Parquet or CSV may be)."""
    value = float_or_nan(e.get("value"))
    if value != value:
        return ""
    measure = e.get("measure")
    text = f"{measure if isinstance(measure, str) else ''} {value:g}".strip()
    low, high = float_or_nan(e.get("ci_low")), float_or_nan(e.get("ci_high"))
    if low == low and high == high:
        text += f" (95% CI {low:g} to {high:g})"
    return text


def rates_text(items: Any) -> str:
    """'ketamine 52% (26); placebo 20%' for a list of rates; '' when there are none."""
    parts = []
    for r in list(items) if items is not None and not isinstance(items, float) else []:
        part = f"{_fmt(r.get('percent'))}%"
        if r.get("arm"):
            part = f"{r['arm']} {part}"
        if r.get("count") is not None:
            part += f" ({r['count']})"
        if r.get("timepoint"):
            part += f" at {r['timepoint']}"
        parts.append(part)
    return "; ".join(parts)

"""Whether a result sentence states a significant difference between the arms, denies one, or is silent.

`significance(text, outcome, intervention, comparator)` reads negations ("did not differ", "no
evidence of"), p-values against P_THRESHOLD (the p that belongs to the outcome when a sentence has
several: at its place in a "respectively" list, or the first after its fullest mention), and,
without a p-value, a confidence interval that excludes or spans no effect (`ci_significance`).
`p_values(text)` lists every p-value written.  The word lists and switches are in the settings block
below.
"""

from __future__ import annotations

import re

from analysis.mentions import arm_positions, outcome_positions, respective_place
from analysis.result_text import _rx, words

# --------------------------------------------------------------------------------------
# Settings (edit here)
# --------------------------------------------------------------------------------------

# Negated or absent significance: the arms did not differ on this outcome.
# "without (significantly) affecting X": X did not differ
WITHOUT_VERBS = (r"(?:affecting|altering|changing|influencing|increasing|decreasing|reducing|modifying|attenuating|improving|"
                 r"worsening|impairing|enhancing|lowering|raising|prolonging|shortening)")
NO_DIFFERENCE_PATTERNS = (
    r"\bno(?:t)?\s+(?:\w+\s+){0,3}?(?:statistically\s+|clinically\s+)?significan\w*",
    r"\bnon-?\s?significan\w*",
    r"\b(?:statistical\s+)?significance\s+(?:was|were)\s+not\s+(?:observed|found|reached|achieved|attained|detected|seen)\b",
    r"\binsignifican\w*",
    r"\bnot\s+(?:\w+\s+){0,2}?(?:statistically\s+)?significan\w*",
    r"\b(?:did|do|does|could|was|were|is|are|has|have|had)\s*n[o']t\s+(?:\w+\s+){0,3}?"
    r"(?:differ|change|reach|achieve|show|find|demonstrate|detect|affect|alter|improve|increase|reduce|"
    r"decrease|lower|influence|modify|result|lead|produce|attain|vary)\w*",
    r"\bno\s+(?:[\w-]+\s+){0,2}?(?:difference|differences|change|changes|effect|effects|impact|improvement|"
    r"reduction|increase|decrease|association|benefit|advantage|superiority)\b",
    r"\b(?:similar|comparable|equivalent|identical|equal|indistinguishable)\b",
    r"\bfail(?:ed|s)?\s+to\b",
    r"\b(?:unchanged|unaffected|unaltered)\b",
    # "NS" / "n.s." for not significant, not "NS" for normal saline or nasal spray ("NS group", "NS-treated")
    r"\bn\.\s?s\.(?!\w)|\bns\b(?:(?<=[(,;]ns)|(?<=[(,;] ns)|(?<=p=ns)|(?<=p ns)|(?<=p = ns)|(?<=p= ns)|(?<=p =ns)|(?<=p: ns))"
    r"(?![-\w])(?!\s+(?:group|arm|patients|spray|solution|infusion))",
    r"\bneither\b",
    r"\bnon-?inferior\w*",
    r"\bwas\s+not\s+(?:different|associated|changed|altered|affected)\b",
    r"\bwere\s+not\s+(?:different|associated|changed|altered|affected)\b",
    r"\bnot\s+(?:statistically\s+)?different\b",
    r"\bdid\s+not\b",
    r"\bnone\b[^.;]{0,60}\bdiffer",
    r"\bnor\b",
    r"\bno\s+(?:[\w-]+\s+){0,4}?(?:was|were)\s+(?:observed|found|seen|detected|noted|reported|recorded)\b",
    r"\bas\s+(?:effective|efficacious|good|safe|well\s+tolerated)\s+as\b",
    r"\bwithout\s+(?:significantly\s+)?" + WITHOUT_VERBS + r"\b",
    # elided: "X was reduced, while Y was not."
    r"\b(?:was|were|did|does|do|is|are|had|has|have)\s+not\s*(?:[.;,)]|$)",
    # a trend is a difference that did not reach significance ("tended to" is not: experts read it either way)
    r"\btrend(?:ed|s)?\s+(?:\w+\s+){0,2}?(?:toward|towards|to)\b|\bnon-?\s?statistically\s+significan\w*",
    # "no higher than for placebo", "no evidence of impairment", "not superior to placebo": not different
    r"\bno\s+(?:higher|lower|greater|more|less|different|better|worse|larger|smaller)\s+than\b",
    r"\bno\s+evidence\s+(?:of|for)\b",
    r"\bnot\s+(?:statistically\s+)?(?:superior|better|more\s+effective)\s+(?:to|than)\b",
    # "without significant BPRS or CADSS elevation"
    r"\bwithout\s+(?:a\s+|any\s+)?(?:statistically\s+)?significant\b",
)
# Between-group negation: wins over significant changes within each group.
BETWEEN_NEGATION = (
    r"\b(?:no|not|nor|none|without)\b[^.;]{0,60}\b(?:between|among|across)[\s-]+(?:the\s+)?"
    r"(?:two\s+|three\s+|four\s+|\d\s+|treatment\s+|study\s+)?(?:groups?|arms?|treatments)",
    r"\bno\s+between-?\s?groups?\b",
    r"\b(?:in|for)\s+both\s+(?:the\s+)?(?:groups|arms)\b",
    r"\bnot\s+(?:be\s+)?(?:significantly\s+)?different\s+between\b",
    # "the between-group difference was not significant"
    r"\b(?:between[\s-]+(?:the\s+)?groups?|inter-?group)\s+(?:differences?|comparisons?)\b[^.;]{0,30}?\b(?:not\b|non-?significant|insignificant)",
)

# Significance stated in words.
SIGNIFICANT_PATTERNS = (
    r"\bsignifican(?:t|tly|ce)\b",
    r"\bstatistically\b",
)


# Reading significance.
P_THRESHOLD = 0.05
P_EQUAL_THRESHOLD_IS_NS = 1  # 1: "p = 0.05" reads as not significant; 0: it decides nothing (words decide)
# Rule families that can be switched off (to measure what each one brings on the dev split).
USE_CI = True              # a CI spanning / excluding no effect decides significance when no p-value is given
NEAREST_P_NO_ARM_BETWEEN = True  # ... unless an arm is named between the outcome and that p-value
USE_RESPECTIVE_P = True   # "A, B and C ... (p = x, y and z, respectively)": the p-value at the outcome's place
USE_NEAREST_P = True       # with mixed p-values, the one after the outcome's fullest mention decides
UNLABELLED_RATIO_CI = True  # "RR 0.6 (0.3 to 1.2)": a ratio's interval decides significance without the "95% CI" label
LISTED_TIME_P = True  # "on days 3, 14, 28 ... (p<0.05), (p<0.05), (p=0.76) respectively": the p at the outcome's day

# A confidence interval "95% CI 0.68-1.89", "95% CI: -0.14 to 0.21", "(95% CI 1.2, 3.4)".
CONFIDENCE_INTERVAL = (r"\b(?:9[059])\s*%\s*(?:CI|confidence\s+intervals?|CrI)\s*[:=,]?\s*\[?\(?\s*"
                       r"(?P<low>[-−–+]?\d+(?:\.\d+)?)\s*%?\s*(?:to|,|;|–|-(?=\s*[-−–+]?\d)|−)\s*(?P<high>[-−–+]?\d+(?:\.\d+)?)")
DIFFERENCE_NAMES = (r"\b(?:difference|differences|MD|SMD|WMD|change|changes|diff|beta|β|coefficient|effect size|reduction|increase|"
                    r"cohen'?s\s+d|hedges'?\s+g)\b|\b[dg]\s*=\s*[-−–]?\d")
# Ratio measures: a value below 1 means fewer events with the intervention.
RATIO_MEASURES = r"(?:odds ratio|hazard ratio|risk ratio|relative risk|rate ratio|\bOR|\bHR|\bRR|\bIRR)"
# Measures that compare the arms, named just before an interval (not one arm's "change" or "reduction").
BETWEEN_ARM_MEASURES = RATIO_MEASURES + r"|\b(?:differences?|MD|SMD|WMD|effect\s+size|cohen'?s\s+d|hedges'?\s+g|d|g)\b"


# --------------------------------------------------------------------------------------
# Compiled once
# --------------------------------------------------------------------------------------

NO_DIFF = _rx("|".join(NO_DIFFERENCE_PATTERNS))
_SIGNIF = _rx("|".join(SIGNIFICANT_PATTERNS))
BETWEEN_NEG = _rx("|".join(BETWEEN_NEGATION))
_CI = _rx(CONFIDENCE_INTERVAL)
_RATIO_NAME = _rx(RATIO_MEASURES + r"|\bratio\b")
_DIFFERENCE_NAME = _rx(DIFFERENCE_NAMES)
_BETWEEN_ARM_MEASURE = _rx(BETWEEN_ARM_MEASURES)
_LOG_RATIO = _rx(r"\blog[\s-]*(?:(?:odds|hazard|risk|rate)\s+ratio|or|hr|rr)\b")
RATIO_ABBR = _rx(r"\b(?:or|hr|rr|irr)\b\s*[:=,]?\s*\d")
_RATIO_INTERVAL = _rx(RATIO_MEASURES + r"\s*(?:[:=,]\s*)?\d+(?:\.\d+)?\s*(?:[;,]\s*|[(\[]\s*)(?P<low>\d+(?:\.\d+)?)\s*(?:to|-|–)\s*(?P<high>\d+(?:\.\d+)?)\s*[)\]]?")
# "(p = 0.01, p = 0.2 and p = 0.03, respectively)", "(P = 0.01, 0.2 and 0.03, respectively)"
_P_NUM = r"(?:(?P<op>[<>=≤≥])\s*)?(?P<num>\d*\.\d+|\d+(?:\.\d+)?)"
_P_LIST = _rx(r"\bp(?:\s*-?\s*values?)?\s*[<>=≤≥]\s*[\d.]+(?:\s*(?:,|;|,?\s*and)\s*(?:p\s*)?(?:[<>=≤≥]\s*)?[\d.]+)+"
              r"\s*,?\s*(?:respectively)")
_P_ITEM = re.compile(r"(?:\bp\s*)?" + _P_NUM)
# p-values: "p < 0.05", "P=.003", "p-value of 0.2", "p ≤ 0.01", "P < 10-4"
_P_VALUE = _rx(
    r"\bp(?:\s*-?\s*values?)?(?:\s*for\s+(?:trend|interaction|difference)|\s*\(\s*(?:trend|interaction)\s*\)|\s*trend)?"
    r"\s*(?P<op><\s*or\s*=|>\s*or\s*=|<=|>=|=<|=>|≤|≥|<|>|=|:|of|was|is|less than|greater than|(?<=value)(?=\s*\d)|(?<=values)(?=\s*\d))\s*"
    r"(?P<num>\d*\.\d+|\d+(?:\.\d+)?)(?P<exp>\s*[x×]\s*10\s*(?:-|−|\^-?)\s*\d+|\s*e-\d+)?"
)


# --------------------------------------------------------------------------------------
# Significance
# --------------------------------------------------------------------------------------


def p_values(text: str) -> list[tuple[str, float]]:
    """(operator, value) of each p-value written in the text ('<', '>' or '=')."""
    text = text.lower()
    found = []
    for m in _P_VALUE.finditer(text):
        op = m.group("op").lower().replace(" ", "")
        try:
            value = float(m.group("num"))
        except ValueError:
            continue
        if m.group("exp"):
            value = value * 1e-4 if value >= 1 else value  # "10-4" style: tiny in any case
            value = min(value, 1e-3)
        if op in ("<", "<=", "=<", "≤", "<or=", "lessthan"):
            op = "<"
        elif op in (">", ">=", "=>", "≥", ">or=", "greaterthan"):
            op = ">"
        else:
            op = "="
        if value > 1:
            continue
        found.append((op, value))
    return found


def _bounds(m: re.Match[str]) -> tuple[float, float] | None:
    """An interval's (low, high) from a match with groups "low" and "high" (dashes read as minus), in order."""
    try:
        low, high = (float(g.replace("−", "-").replace("–", "-")) for g in m.group("low", "high"))
    except ValueError:
        return None
    return (low, high) if low <= high else (high, low)


def ci_significance(text: str, between_arms: bool = False) -> bool | None:
    """From a confidence interval when no p-value is given: False when it spans no effect, True when it excludes it.

    No effect is 1 for ratio measures (OR, RR, HR) and 0 for differences; an interval whose
    measure is not named counts as a difference only when one bound is negative.  With
    `between_arms`, only a labelled interval whose measure, named just before it, compares the arms
    counts: "a mean reduction in MADRS of 12.55 (95% CI 6.70-18.09)" is one arm's change and says
    nothing about the other arm.
    """
    text = text.lower()
    m = _CI.search(text)
    if between_arms and (m is None or not _BETWEEN_ARM_MEASURE.search(text, max(0, m.start() - 45), m.start())):
        return None
    if m is None and UNLABELLED_RATIO_CI:
        # "RR 0.6 (0.3 to 1.2)", "OR 0.6; 0.3-1.2": a ratio's interval without the "95% CI" label
        r = _RATIO_INTERVAL.search(text) if ("ratio" in text or RATIO_ABBR.search(text)) else None
        bounds = _bounds(r) if r is not None else None
        return None if bounds is None else not (bounds[0] <= 1.0 <= bounds[1])
    bounds = _bounds(m) if m is not None else None
    if bounds is None:
        return None
    low, high = bounds
    before = text[: m.start()]
    if _RATIO_NAME.search(before) and not _LOG_RATIO.search(before):
        null = 1.0  # a log ratio's no effect is 0, like a difference's
    elif _DIFFERENCE_NAME.search(before) or low < 0:
        null = 0.0
    else:
        return None
    return not (low <= null <= high)


def significance(text: str, outcome: str = "", intervention: str = "", comparator: str = "") -> bool | None:
    """True when the text states a significant difference, False when it denies one, None if silent."""
    text = text.lower()
    if "·" in text:
        text = text.replace("·", ".")
    ps = p_values(text)
    if USE_RESPECTIVE_P and outcome and "respectively" in text:
        own = _respective_p(text, outcome)
        if own is not None:
            ps = [own]
    if LISTED_TIME_P and outcome and len(ps) > 1 and "respectively" in text:
        own = _listed_number_p(text, outcome, ps)
        if own is not None:
            ps = [own]
    if USE_NEAREST_P and outcome and len({(op == "<" and v <= P_THRESHOLD) or (op == "=" and v < P_THRESHOLD) for op, v in ps}) > 1:
        nearest = _p_after_outcome(text, outcome, intervention, comparator)
        if nearest is not None:
            ps = [nearest]
    no_diff = NO_DIFF.search(text) is not None
    if not ps and USE_CI and not no_diff:
        ci = ci_significance(text)
        if ci is not None:
            return ci
    sig_p = [v for op, v in ps if (op == "<" and v <= P_THRESHOLD) or (op == "=" and v < P_THRESHOLD)]
    ns_p = [v for op, v in ps
            if (op == ">" and v >= P_THRESHOLD - 1e-9) or (op == "=" and v > P_THRESHOLD - P_EQUAL_THRESHOLD_IS_NS * 1e-9)]
    if no_diff:
        if not sig_p or ns_p or BETWEEN_NEG.search(text):
            return False
        return None
    if sig_p and not ns_p:
        return True
    if ns_p and not sig_p:
        return False
    if _SIGNIF.search(text):
        return True
    return None


_NUMBER_LIST = re.compile(r"\b(\d+(?:\.\d+)?)((?:\s*,\s*\d+(?:\.\d+)?\b)*)(?:\s*,\s*|\s*,?\s*(?:and|or)\s+)(\d+(?:\.\d+)?)\b")


def _listed_number_p(text: str, outcome: str, ps: list[tuple[str, float]]) -> tuple[str, float] | None:
    """The p-value at the place of the outcome's number in "on days 3, 14, 28 ... (p < x), (p < y), (p = z) respectively"."""
    own = set(re.findall(r"\b\d+(?:\.\d+)?\b", outcome))
    if not own:
        return None
    for m in _NUMBER_LIST.finditer(text):
        items = [m.group(1)] + re.findall(r"\d+(?:\.\d+)?", m.group(2)) + [m.group(3)]
        if len(items) != len(ps) or len(set(items)) != len(items) or "." in "".join(items):
            continue
        hits = [i for i, x in enumerate(items) if x in own]
        if len(hits) == 1:
            return ps[hits[0]]
    return None


def _respective_p(text: str, outcome: str) -> tuple[str, float] | None:
    """The p-value of the outcome in "A, B and C were ... (p = x, y and z, respectively)": the one at its place."""
    listed = _P_LIST.search(text)
    if listed is None:
        return None
    place = respective_place(text[: listed.start()], outcome)
    pvals = [(m.group("op"), m.group("num")) for m in _P_ITEM.finditer(listed.group())]
    if place is None or place[1] != len(pvals):
        return None
    best = place[0]
    op, num = pvals[best]
    op = op or "="
    found = p_values("p " + op + " " + num)
    return found[0] if found else None


def _p_after_outcome(text: str, outcome: str, intervention: str = "", comparator: str = "") -> tuple[str, float] | None:
    """The first p-value written after the outcome's last mention (the one that belongs to it)."""
    low = text.lower()
    opos = outcome_positions(low, set(words(outcome)))
    if not opos:
        return None
    low = low.replace("·", ".")
    m = _P_VALUE.search(low, max(opos))
    if m is None:
        return None
    if intervention and NEAREST_P_NO_ARM_BETWEEN:
        ipos, cpos = arm_positions(low, intervention, comparator, outcome)
        if any(max(opos) < q < m.start() for q in ipos + cpos):
            return None  # "10% lower after A (p > 0.05) and 22% lower after B (p < 0.001)": p-values of arms
    found = p_values(low[m.start():])
    return found[0] if found else None

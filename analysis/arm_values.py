"""Which way a result went, read from the numbers given for each arm.

`numeric_direction` compares the values written next to each arm ("18% with X vs 9% with placebo"),
`respective_arm_values` values listed against the arms "respectively", `labelled_values` values
labelled by arm in one bracket, `change_amounts` each arm's amount of change, `inequality_direction`
arms ordered by a sign ("ketamine > placebo") and `ratio_direction` a ratio measure below or above 1.
Each gives 'up' or 'down' for the intervention relative to the comparator, or None when unclear.
The spans that hold numbers which are not the arms' values (statistics, spreads, counts) are listed
in the settings block below.
"""

from __future__ import annotations

import re

from analysis.mentions import ARM_STEM_LENGTH, arm_positions, arm_word_stems, respective_place
from analysis.outcome_sense import lower_is_better
from analysis.result_text import _rx, _stem
from analysis.significance import RATIO_ABBR, RATIO_MEASURES

# --------------------------------------------------------------------------------------
# Settings (edit here)
# --------------------------------------------------------------------------------------

# Rule families that can be switched off (benchmarks/ablate_inference.py measures what each brings).
USE_RESPECTIVE_VALUES = True  # "A and B were x and y with drug and u and v with placebo, respectively"
USE_SINGLE_ARM_LEAD = True  # one arm named before "a vs b": the first value is that arm's
VALUE_THEN_ARM = True  # "60% among those given X and 45% among the others": a value followed by one arm's name is that arm's
ORDER_FROM_SENTENCE = True  # values in a clause naming no arm follow the order the sentence names the arms in
N_OF_M_FRACTIONS = True  # "12 of 40 patients" is one value, the proportion 12/40
RATIO_NAMED_ARMS = True  # "the hazard ratio for death with X versus Y was 0.70": the arms' order sets the ratio's sense
PERCENT_VALUES_ONLY = True  # of a clause's values, the percentages are the arms' when two or more are

# Spans that hold numbers which are not the arms' values: statistics, spreads, ranges, counts.
NOT_VALUE_SPANS = (
    r"\b(?:95|99|90)\s*%\s*(?:CI|confidence\s+intervals?|CrI)\b[^;)\]]*",
    r"\bCI\b[^;)\]]*",
    r"\bp\s*(?:-?\s*values?)?(?:\s*for\s+(?:trend|interaction|difference)|\s*trend)?\s*(?:[<>=≤≥:]|of\b|less than|was\b|(?<=value)\s*(?=\d)|(?<=values)\s*(?=\d))[^,;)\]]*",
    r"(?:±|\+/-|\+-)\s*\d+(?:\.\d+)?",
    r"\b(?:n|N)\s*=\s*\d+",
    r"\[[^\]]*\]",
    r"(?<=[\d%])\s*(?:[a-zµμ/]{1,8}\s*)?\(\s*\d+(?:\.\d+)?\s*\)",
    r"\b(?:range|IQR|SD|SE|SEM|s\.d\.|s\.e\.)\b[^;)\]]*",
    r"(?<![a-z0-9])(?:χ2|χ²|chi2|chi-squared?|f|t|z|df|es|d|r|η2|or|rr|hr|md|smd|wmd)(?:\s*\(\s*\d+\s*\))?\s*[=:]\s*-?\d+(?:\.\d+)?",
    r"(?<=\d)\s*(?:-|–|to)\s*-?\d+(?:\.\d+)?",
    r"\b(?:at|after|within|during|over|by|until|through|before|first|last|past|following)\s+(?:the\s+)?(?:first\s+)?\d+(?:\.\d+)?\s*-?\s*"
    r"(?:years?|months?|weeks?|days?|hours?|h|hrs?|minutes?|min|wks?|mo)\b",
    r"\b(?:weeks?|days?|months?|years?|visits?|cycles?|hours?|sessions?)\s+\d+(?:\.\d+)?",
    r"\b\d+(?:\.\d+)?\s*-\s*(?:years?|months?|weeks?|days?|hours?|h|min)\b",
    r"\bper\s+\d[\d,]*(?:\.\d+)?",  # "mL/min per 1.73 m2", "per 1,000 patient-years": part of a unit
    # time points listed: "at 4 and 24 hours", "on days 3, 7 and 14"
    r"\b(?:at|after|on|by|within)\s+(?:days?\s+|weeks?\s+|months?\s+)?\d+(?:\.\d+)?(?:\s*(?:,|and|or)\s*\d+(?:\.\d+)?)+"
    r"(?:\s*(?:years?|months?|weeks?|days?|hours?|h|hrs?|minutes?|min)\b)?",
)

# --------------------------------------------------------------------------------------
# Compiled once
# --------------------------------------------------------------------------------------

INNER_BRACKETS = re.compile(r"\([^()\[\]]*\)|\[[^()\[\]]*\]")
_NUMBER_IN = re.compile(r"\d+(?:\.\d+)?")
ARM_COMPARISON = _rx(r"\b(?:than|compared|versus|vs|relative\s+to|over|between)\b|\bin\s+favou?r\b")
_VALUE_THEN_ARM = re.compile(r"[\d.,%\s]*(?:\([^()]*\)\s*)?(?:of|in|among|with|for|on)\b")


_NOT_VALUE = _rx("|".join(NOT_VALUE_SPANS))
_FRACTION = re.compile(r"(?<![\w.])(\d+)\s*/\s*(\d+)(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?")
_N_OF_M = re.compile(r"(?<![\w.])(\d+)\s+(?:out\s+)?of\s+(?:the\s+)?(\d+)(?![\d.])(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?")
_COUNT_PERCENT = re.compile(r"(?<![\w.])\d+\s*\(\s*(\d+(?:\.\d+)?)\s*%\s*\)")
_NUMBER = re.compile(r"(?<![\w.])[-−–]?\d+(?:\.\d+)?(?![\w.]*\d)")
RATIO = _rx(RATIO_MEASURES + r"[^0-9;]{0,25}?(\d+(?:\.\d+)?)")
_RATIO_WIDE = _rx(RATIO_MEASURES + r"[^0-9;]{0,80}?(?:\bwas|\bof|=|:)\s*(\d+(?:\.\d+)?)")


# --------------------------------------------------------------------------------------
# Values per arm
# --------------------------------------------------------------------------------------


def _values(clause: str, skip: frozenset[str]) -> list[tuple[int, float]]:
    """(position, value) of the numbers that report an arm's result, in order."""
    text = _NOT_VALUE.sub(lambda m: " " * len(m.group()), clause)
    found: list[tuple[int, float]] = []
    taken: list[tuple[int, int]] = []
    for m in _FRACTION.finditer(text):
        den = float(m.group(2))
        if den > 0:
            found.append((m.start(), float(m.group(1)) / den))
            taken.append(m.span())
    if N_OF_M_FRACTIONS and " of " in text:
        for m in _N_OF_M.finditer(text):  # "12 of 40 patients": a proportion, like "12/40"
            num, den = float(m.group(1)), float(m.group(2))
            if 0 < den and num <= den and not any(a <= m.start() < b for a, b in taken):
                found.append((m.start(), num / den))
                taken.append(m.span())
    for m in _COUNT_PERCENT.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            found.append((m.start(), float(m.group(1)) / 100))
            taken.append(m.span())
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        raw = m.group().lstrip("-−–")
        if raw in skip:
            continue
        after = text[m.end(): m.end() + 2]
        value = float(raw) * (-1 if m.group()[0] in "-−–" else 1)
        if after.startswith("%"):
            value /= 100
        found.append((m.start(), value))
    found.sort()
    if PERCENT_VALUES_ONLY and "%" in text:
        # "grade 2 diarrhoea in 20.5% vs 44.5%": when two or more values are proportions, the bare numbers are labels
        bare = {p for p, _ in found if not any(a <= p < b for a, b in taken) and not text.startswith("%", _NUMBER.match(text, p).end())}
        if len(found) - len(bare) >= 2:
            return [(p, v) for p, v in found if p not in bare]
    return found


def numeric_direction(clause: str, intervention: str, comparator: str, outcome: str, context: str = "") -> str | None:
    """'up'/'down' from the arms' values ("30% in the drug group and 45% with placebo"), None if unclear.

    `context` (the whole sentence) gives the arms' order when the clause names neither arm.
    """
    clause = clause.lower()
    skip = frozenset(_NUMBER_IN.findall(intervention + " " + comparator + " " + outcome))
    values = _values(clause, skip)
    if len(values) < 2:
        return None
    low = clause.lower()
    ipos, cpos = arm_positions(low, intervention, comparator, outcome)
    mentions = sorted([(p, "I") for p in ipos] + [(p, "C") for p in cpos])
    runs: list[str] = []
    for _, arm in mentions:
        if not runs or runs[-1] != arm:
            runs.append(arm)
    if len(runs) < 2:
        if (VALUE_THEN_ARM and len(runs) == 1 and len(values) == 2
                and values[0][0] < mentions[0][0] and mentions[-1][0] < values[1][0] and _VALUE_THEN_ARM.match(low, values[0][0], mentions[0][0])):
            # "60% among women who received reminders and 45% among those who did not": the first value is the named arm's
            runs = runs + (["C"] if runs == ["I"] else ["I"])
        elif runs == ["C"] and mentions[0][0] > values[0][0]:
            runs = ["I", "C"]  # "a vs b in the control group": the unnamed first value is the intervention's
        elif USE_SINGLE_ARM_LEAD and runs == ["I"] and mentions[-1][0] < values[0][0]:
            runs = ["I", "C"]  # "with drug X, survival was a vs b": the arm named before the values comes first
        elif not runs and ORDER_FROM_SENTENCE and context and context != clause:
            # "In the placebo and drug groups, ...; scores were 5 vs 3": the order the sentence names the arms in
            ci, cc = arm_positions(context.lower(), intervention, comparator, outcome)
            if ci and cc and (max(ci) < min(cc) or max(cc) < min(ci)):
                runs = ["I", "C"] if min(ci) < min(cc) else ["C", "I"]
            else:
                runs = ["I", "C"]
        elif not runs:
            runs = ["I", "C"]
        else:
            return None
    if USE_RESPECTIVE_VALUES and "respectively" in clause and len(runs) == 2:
        place = respective_place(clause, outcome)
        if place is not None and len(values) == 2 * place[1]:
            k, j = place[1], place[0]  # values given arm by arm: the outcome's one in each arm's group
            a, b = values[j][1], values[k + j][1]
            ia = runs[0] == "I"
            if a == b:
                return None
            return "up" if (a > b) == ia else "down"
    return _means_direction(runs, [v for _, v in values])


def _means_direction(arms: list, values: list[float]) -> str | None:
    """'up'/'down' from the mean of the values marked "I" against the mean of those marked "C" (None if a side is empty or they tie)."""
    ivals = [v for arm, v in zip(arms, values) if arm == "I"]
    cvals = [v for arm, v in zip(arms, values) if arm == "C"]
    if not ivals or not cvals:
        return None
    a, b = sum(ivals) / len(ivals), sum(cvals) / len(cvals)
    return None if a == b else "up" if a > b else "down"


_ARM_LIST = re.compile(r"\b(?:for|in|with|among|on)\s+(?:the\s+)?(?P<list>[^;:()\d]{3,160}?)\s*,?\s*respectively\b")
_LIST_ITEM = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+")


def respective_arm_values(clause: str, intervention: str, comparator: str, outcome: str) -> str | None:
    """'up'/'down' from "x, y and z for A, B and C, respectively": each value is the arm at its place in the list."""
    low = clause.lower()
    m = _ARM_LIST.search(low)
    if m is None:
        return None
    items = [x for x in _LIST_ITEM.split(m.group("list")) if x.strip()]
    if len(items) < 2:
        return None
    arms = []
    for item in items:
        ipos, cpos = arm_positions(item, intervention, comparator, outcome)
        arms.append("I" if ipos and not cpos else "C" if cpos and not ipos else None)
    skip = frozenset(_NUMBER_IN.findall(intervention + " " + comparator + " " + outcome))
    values = [v for _, v in _values(low[: m.start()], skip)]
    if len(values) != len(items):
        return None
    return _means_direction(arms, values)


_LABELLED_VALUE = re.compile(r"([a-z][a-z-]{2,})\s*(?:[:=]\s*)?([-+−]?)\s*(\d+(?:\.\d+)?)\s*%?\s*(?=[,;)\]]|\s+vs\.?\s|\s+versus\s|$)")


def labelled_values(clause: str, intervention: str, comparator: str, outcome: str) -> str | None:
    """'up'/'down' from arm-labelled values in one bracket ("(placebo +18%, drug +34%)"), None if unclear."""
    if "(" not in clause and "[" not in clause:
        return None
    iw, cw = arm_word_stems(intervention, comparator, outcome)
    for m in INNER_BRACKETS.finditer(clause.lower()):
        ivals, cvals = [], []
        for v in _LABELLED_VALUE.finditer(m.group(0)[1:-1]):
            stem = _stem(v.group(1), ARM_STEM_LENGTH)
            value = float(v.group(3)) * (-1 if v.group(2) in ("-", "−") else 1)
            if stem in iw and stem not in cw:
                ivals.append(value)
            elif stem in cw and stem not in iw:
                cvals.append(value)
        if len(ivals) == 1 and len(cvals) == 1 and ivals[0] != cvals[0]:
            return "up" if ivals[0] > cvals[0] else "down"
    return None


_SIGN = re.compile(r"[<>]")
_LEFT_OF_SIGN = re.compile(r"([a-z][\w-]*(?:\s+[a-z][\w-]*){0,3})\s*$")
_RIGHT_OF_SIGN = re.compile(r"\s*([a-z][\w-]*(?:\s+[a-z][\w-]*){0,3})")


def inequality_direction(clause: str, intervention: str, comparator: str, outcome: str) -> str | None:
    """'up'/'down' from arms ordered by a sign ("ketamine > placebo"), None without one."""
    if "<" not in clause and ">" not in clause:
        return None
    low = clause.lower()
    for s in _SIGN.finditer(low):
        right = _RIGHT_OF_SIGN.match(low, s.end(), s.end() + 60)
        if right is None:
            continue  # "p < 0.05": a number follows
        left = _LEFT_OF_SIGN.search(low, max(0, s.start() - 60), s.start())
        if left is None:
            continue
        li, lc = arm_positions(left.group(1), intervention, comparator, outcome)
        ri, rc = arm_positions(right.group(1), intervention, comparator, outcome)
        if li and not lc and rc and not ri:
            return "up" if s.group() == ">" else "down"
        if lc and not li and ri and not rc:
            return "down" if s.group() == ">" else "up"
    return None


_CHANGE_UP = _rx(r"\b(?:increas\w*|gain\w*|rise|rises|rose|risen|elevat\w*)\b")
_CHANGE_DOWN = _rx(r"\b(?:reduc\w*|decreas\w*|declin\w*|drop(?!-?outs?\b)\w*|fall|falls|fell|loss|lost|lowered)\b")
_IMPROVED = _rx(r"\bimprov\w*")
_FROM_VALUE = _rx(r"\bfrom\s+(?:a\s+)?(?:mean\s+|median\s+|baseline\s+)?(?:of\s+)?[-−–]?\d")
_TO_VALUE = _rx(r"\bto\s+(?:a\s+)?(?:mean\s+|median\s+)?(?:of\s+)?[-−–]?\d")
_COMPARATIVE = _rx(r"\b(?:higher|lower|greater|more|less|fewer|smaller|larger|bigger|than|compared|versus|vs|relative|"
                   r"superior|inferior|better|worse|twice|half|times|fold|similar|comparable|differ\w*)\b")


def change_amounts(clause: str, intervention: str, comparator: str, outcome: str) -> str | None:
    """'up'/'down' from each arm's amount of one change ("fell by 2 with placebo and by 5 with drug"): the bigger change wins."""
    low = clause.lower()
    if _COMPARATIVE.search(low) or _FROM_VALUE.search(low):
        return None
    ups, downs = bool(_CHANGE_UP.search(low)), bool(_CHANGE_DOWN.search(low))
    if _IMPROVED.search(low):  # an improvement is a rise, or a fall where less is better
        if lower_is_better(outcome):
            downs = True
        else:
            ups = True
    if ups == downs:
        return None
    ipos, cpos = arm_positions(low, intervention, comparator, outcome)
    if not ipos or not cpos:
        return None
    bigger = numeric_direction(low, intervention, comparator, outcome)
    if bigger is None:
        return None
    if _TO_VALUE.search(low):
        return bigger  # "fell to 2.1 with X and to 4.3 with Y": the levels reached
    return bigger if ups else ("down" if bigger == "up" else "up")


def ratio_direction(clause: str, intervention: str = "", comparator: str = "", outcome: str = "") -> str | None:
    """'up'/'down' from a ratio measure (OR/RR/HR) above or below 1.

    "The hazard ratio for death with placebo versus drug was 1.40": arms named in the other order flip it.
    """
    clause = clause.lower()
    m = RATIO.search(clause)
    flip = False
    if m is None and RATIO_NAMED_ARMS and intervention and ("ratio" in clause or RATIO_ABBR.search(clause)):
        m = _RATIO_WIDE.search(clause)
        if m is None:
            return None
        span = clause[m.start(): m.start(1)]
        ipos, cpos = arm_positions(span, intervention, comparator, outcome)
        if not (ipos and cpos and ARM_COMPARISON.search(span)):
            return None
        flip = min(cpos) < min(ipos)
    if m is None:
        return None
    value = float(m.group(1))
    if value == 1 or value > 50:
        return None
    return "up" if (value > 1) != flip else "down"

"""What each study found, outcome by outcome: one finding per result statement, with its sentence.

A finding is read from a results or conclusions sentence that names a ketamine arm (by name,
by the label the methods gave it in brackets -- "(esketamine group, Group E)" -- or, in a trial of
ketamine against one inactive arm, as "the experimental group" or "between the two groups"; or a
change from baseline) and an outcome of the vocabulary (analysis/vocabulary.py: INSTRUMENTS,
OUTCOME_TERMS; or the short form the abstract defines for one: "suicidal ideation (SI)" then "lower SI
scores"), and whose direction the shared classifier (analysis/direction.py) can tell:
significantly increased, significantly decreased or no significant difference, ketamine arm
relative to its comparator.  `favours` adds the outcome's sense (lower depression, pain or
dissociation is better, higher cognition is better).  Sentences without a p value, a
significance word or a comparative word are not read at all (that keeps the labeller fast).
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from analysis import vocabulary as V
from analysis.direction import DECREASED, INCREASED, NO_DIFFERENCE, classify
from analysis.outcomes import RESULT_SECTIONS, effects_in, timepoint
from analysis.patterns import join_evidence
from analysis.significance import ci_significance
from analysis.text import Doc

# An outcome named only by the short form the abstract defines for it counts ("lower SI scores").
USE_DEFINED_ABBREVIATIONS = True
_FINDING_SECTIONS = tuple(s for s in RESULT_SECTIONS if s != "other")
# Where an abstract says who got what (arm labels, the comparator, how many arms).
_DESIGN_SECTIONS = ("methods", "objective", "background", "title", "body")
_CUE = re.compile(V.FINDING_CUE, re.I)
_NOT_RESULT = re.compile(V.FINDING_NOT_RESULT, re.I)
_KETAMINE = re.compile(V.KETAMINE_ARM, re.I)
_COMPARATOR = re.compile(V.COMPARATOR_ARM, re.I)
_PRE_POST = re.compile(V.PRE_POST, re.I)
_HIGHER_BETTER = re.compile(V.HIGHER_IS_BETTER_OUTCOME, re.I)
_LOWER_BETTER = re.compile(V.LOWER_IS_BETTER_OUTCOME, re.I)
_OUTCOME_TAIL = (r"(?:\s+(?:depression\s+|total\s+|subscale\s+|item\s+)?(?:scores?|severity|intensity|incidence|ratings?|"
                 r"consumption|levels?|rates?))?")


def _outcome_pattern() -> tuple[re.Pattern[str], list[tuple[str | None, str]]]:
    """One alternation over instruments (as written) and outcome words; group i -> (instrument, domain)."""
    parts, meta = [], []
    for pattern, name, domain in V.INSTRUMENTS:
        parts.append(f"(?P<g{len(meta)}>{pattern})")
        meta.append((name, domain))
    for pattern, domain in V.OUTCOME_TERMS:
        parts.append(f"(?P<g{len(meta)}>{pattern})")
        meta.append((None, domain))
    rx = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])" + _OUTCOME_TAIL, re.I)
    return rx, meta


_OUTCOME, _OUTCOME_META = _outcome_pattern()
# An abbreviation the abstract defines for an outcome ("suicidal ideation (SI)", "postoperative delirium (POD)")
# names that outcome where it stands alone ("lower SI scores"); not one for who was studied ("treatment-resistant
# depression (TRD)", "major depressive disorder (MDD)").
_DEFINED_SHORT = re.compile(r"\(\s*([A-Z][A-Za-z0-9-]{1,7})\s*\)")
# ... but not where it qualifies another outcome ("SI remission rate", "POD incidence" is fine: incidence is its measure).
_ABBREVIATION_MODIFIES = re.compile(r"\s*(?:remission|response|resolution|recovery|improvement|reduction|change|relapse)", re.I)
_WHO_WAS_STUDIED = re.compile(r"disorders?\b|resistant|patients|subjects|participants", re.I)
_P_VALUE = re.compile(
    r"\bp(?:\s*-?\s*values?)?\s*(?:<\s*or\s*=|>\s*or\s*=|<=|>=|≤|≥|<|>|=)\s*(?:0?[.,]\d+|[01](?:\.\d+)?)(?:\s*[x×]\s*10\s*-?\s*\d+)?",
    re.I,
)
_CLAUSE = re.compile(r";|,?\s+(?:while|whereas|but|however|although|except)\s+")
# A significant difference stated: significance words or p < 0.05 (no direction without one).
_SIGNIFICANT = re.compile(r"signific|\bstatistically\b|\bp\s*(?:<|≤|<=)\s*0?\.0[0-5]|\bp\s*=\s*0?\.0(?:[0-4]\d*|50*)\b|\bp\s*<\s*0?\.001", re.I)
# An outcome inside "except for X" or "without X", or naming who was studied ("patients with X"), is not what the
# sentence states about it.
_EXCLUDED_BEFORE = re.compile(r"\b(?:except(?: for)?|without(?!\s+significantly)(?: \w+){0,2}|apart from|other than)\s+(?:[\w-]+\s+){0,3}$|"
                              # "in patients with suicidal ideation": who was studied, not what was measured
                              r"\b(?:patients|participants|subjects|individuals|people|adults|adolescents|children|women|men|those)"
                              r"\s+(?:with|without)\s+(?:[\w-]+\s+){0,2}$", re.I)
# "greater reduction in MADRS": the change word, not the comparative, says which way the outcome went.
_CHANGE_BEFORE = re.compile(r"\b(?P<word>changes?|reductions?|decreases?|declines?|improvements?|increases?)\s+(?:from baseline\s+)?(?:in|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_DIRECTION_CUE = re.compile(
    r"\b(?:increas|decreas|higher|lower|greater|reduc|less\b|fewer|more\b|larger|smaller|improv|benefi|superior|inferior|better|worse|"
    r"elevat|alleviat|reliev|prolong|shorter|longer|rais|drop|declin|attenuat|prevent|differ|similar|comparable|no\s+(?:statistically\s+)?significant|"
    r"not\s+(?:statistically\s+)?significant|non-?significant|did not|failed|unchanged|no effect|no benefit|efficac|effective)", re.I)
# Two arms' values set side by side ("63.8% in the ketamine arm, compared to 28.0% in the midazolam arm"):
# which is higher is written in the numbers.
_ARM_VALUES = re.compile(r"\d%[^;]{0,80}?\b(?:compared\s+(?:to|with)|versus|vs\.?)\s[^;]{0,60}?\d+(?:\.\d+)?\s?%", re.I)
_THRESHOLD_AFTER = re.compile(r"\s*(?:of\s+)?(?:[<>≤≥]|<=|>=|=<|=>|(?:of\s+)?(?:at\s+least|less\s+than|more\s+than|below|above)\s+\d)")
_LOCAL = re.compile(r"\b(?:(?P<up>higher|greater|more|increased|elevated|larger)|(?P<down>lower|reduced|decreased|less|fewer|smaller))\s+(?:[\w-]+\s+){0,3}$", re.I)
_NO_DIFF_NEAR = re.compile(
    r"\bno\s+(?:statistically\s+)?significant|not\s+(?:statistically\s+)?(?:significant|different)|non-?significant|"
    r"did not (?:differ|show|significantly|improve|reduce|change|affect)|no (?:significant )?(?:differences?|benefit|advantage|effect)|"
    r"failed to|similar|comparable|p\s*>\s*0?\.0?5", re.I)
_IMPROVE = re.compile(r"\b(?:improv\w*|benefi\w*|superior\w*|better|efficac\w*|alleviat\w*|reliev\w*|ameliorat\w*)\b", re.I)
_WORSE = re.compile(r"\b(?:worse\w*|worsen\w*|inferior\w*|deteriorat\w*|no (?:benefit|improvement)|not improve|did not)\b", re.I)
_REFERENCE = re.compile(r"\b(?:than|compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|versus|vs\.?|relative\s+to|over|"
                        r"(?:superior|inferior|similar|equivalent|non-inferior)\s+to)\b", re.I)
# A comparator word joined to the ketamine arm ("TMS + ketamine", "esketamine and propofol co-administration") is part of it.
_KETAMINE_AS_REFERENCE = re.compile(r"\b(?:than|compared\s+(?:with|to)|versus|vs\.?)\s+(?:[\w-]+\s+){0,2}?" + V.KETAMINE_ARM, re.I)
_WITHOUT_AFFECTING = re.compile(r"\bwithout\s+significantly\s+(?:affect|chang|alter|increas|decreas|influenc|reduc)\w*", re.I)
# An arm label a methods section defines: "group E", "Group S", "PE group", "the study group".
_ALIAS = re.compile(r"\b[Gg]roup\s+[A-Z][A-Za-z0-9]{0,2}\b(?!-)|\b[A-Z][A-Z0-9]{0,2}\s+group\b|\b(?:study|experimental|intervention|treatment|observation)\s+group\b")
_JOINED = re.compile(r"^\s*(?:\+|plus|with|-|combined with)\s*$", re.I)
_JOINED_AND = re.compile(r"^\s*and\s*$", re.I)
_COMBINATION_BEFORE = re.compile(r"\b(?:combination|co-?administration|combined use)\s+of\s+(?:the\s+)?$", re.I)
_COMBINATION_AFTER = re.compile(r"^\s*(?:co-?administration|combination|combined|together)\b", re.I)
_SMALLER_BEFORE = re.compile(r"\b(?:smaller|less|lower|fewer|minor)\s+(?:[\w-]+\s+){0,1}$", re.I)
# Outcome words used as something else: "pain management", "response to", "depression scale" as an instrument's name.
# words after an outcome that make it another thing ("pain clinic") or turn its sense round
# ("work productivity loss", "cognitive decline": a reduction is then a gain)
_NOT_OUTCOME_AFTER = re.compile(r"\s+(?:management|relief strategies|clinic|service|patients|population|trials?|studies"
                                r"|loss|losses|decline|impairment|deficits?)\b", re.I)
_ELIDED_SUBJECT = re.compile(r"\s*(?:did|does|do|was|were|had|has|have|also|significantly)\b", re.I)
_NAMED_GROUP = re.compile(r"\b([A-Za-z][\w-]*)\s+groups?\b")
_GROUP_STATISTIC = re.compile(r"\s*(?:effects?|×|x\b|by\b|interactions?|differences?|comparisons?|means?)", re.I)
# Words before "group" that name no arm of their own ("the two groups", "each group", "the age group").
_GROUP_WORDS = frozenset("the two both each all three four either other study experimental intervention treatment "
                         "treated control placebo age risk subgroup same a an this that these those with in of to than "
                         "and or per vs versus between among for from by on at as".split())
_INACTIVE = re.compile(V.INACTIVE_COMPARATOR, re.I)
_GENERIC_KETAMINE_GROUP = re.compile(V.GENERIC_KETAMINE_GROUP, re.I)
_BETWEEN_TWO = re.compile(V.BETWEEN_TWO_GROUPS, re.I)
_MORE_ARMS = re.compile(V.MORE_THAN_TWO_ARMS, re.I)
_DOSE = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:mg|μg|µg|mcg)\s*/\s*kg\b", re.I)
_BETWEEN_GROUPS = re.compile(r"\b(?:than|compared|versus|vs\.?|between|more|relative to)\b|\b(?:SMD|MD|OR|RR|HR)\b|odds ratio|mean difference", re.I)


def favours(direction: str, domain: str, outcome: str, context: str = "") -> str:
    """'ketamine', 'comparator' or 'neither' from the direction and whether more of the outcome is better.

    `context` is the text just before the outcome ("the risk of", "the incidence of"): a risk is better lower."""
    if direction == NO_DIFFERENCE:
        return "neither"
    # "greater improvement in MADRS": the improvement is the change, not the outcome's sense
    context = _IMPROVE.sub(" ", context[-30:]) if context else ""
    outcome = f"{context} {outcome}" if context.strip() else outcome
    higher_better = domain in V.HIGHER_IS_BETTER_DOMAINS
    if domain not in V.SAFETY_DOMAINS and _HIGHER_BETTER.search(outcome):
        higher_better = True
    if _LOWER_BETTER.search(outcome):
        higher_better = False
    up = direction == INCREASED
    return "ketamine" if up == higher_better else "comparator"


def _change_direction(change: re.Match[str], text: str, effects: list, lo: int, hi: int) -> str | None:
    """The direction of the outcome itself when the sentence compares its change ("greater reduction in X")."""
    word = change.group("word").lower()
    smaller = _SMALLER_BEFORE.search(text, max(lo, change.start() - 30), change.start())
    if word.startswith("change"):
        signed = [e for a, _b, e in effects if lo <= a < hi and e["measure"] in ("MD", "WMD", "median difference")]
        if not signed or signed[0]["value"] == 0:
            return None  # "greater change": the sign is not written in words
        return DECREASED if signed[0]["value"] < 0 else INCREASED
    if word.startswith(("reduction", "decrease", "decline")):
        return INCREASED if smaller else DECREASED  # a greater reduction is a decrease
    if word.startswith("increase"):
        return DECREASED if smaller else INCREASED
    return None


def _clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a sentence; a ';' inside brackets ("(OR 0.55; 95% CI ...; P = .02)") does not split."""
    depth = 0
    cuts: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            cuts.append((i, i + 1))
    for m in _CLAUSE.finditer(text):
        if m.group(0) != ";" and text.count("(", 0, m.start()) <= text.count(")", 0, m.start()):
            cuts.append((m.start(), m.end()))
    spans, start = [], 0
    for a, b in sorted(cuts):
        if a >= start:
            spans.append((start, a))
            start = b
    spans.append((start, len(text)))
    return spans


def _comparison(text: str, lo: int, hi: int, fallback: str | None,
                spans: list[tuple[int, int]], arms_rx: tuple = (), two_arm: str | None = None) -> tuple[str, str, str] | None:
    """(intervention, comparator, comparison as written) for a clause; None when the clause names no ketamine arm."""
    ket_rx, comp_rx = arms_rx or (_KETAMINE, _COMPARATOR)
    clause = text[lo:hi]
    k = ket_rx.search(clause)
    if k is None:
        if two_arm and fallback and _BETWEEN_TWO.search(clause):
            return two_arm, fallback, f"{two_arm} vs {fallback}"  # "no difference between the two groups"
        return None
    intervention = k.group(0)
    for g in _NAMED_GROUP.finditer(clause, 0, k.start()):
        if not (comp_rx.search(g.group(0)) or g.group(1).lower() in _GROUP_WORDS or _GROUP_STATISTIC.match(clause, g.end())):
            return None  # "lower in the tramadol group than in the ketamine group": the subject is an arm we do not know
    inside = lambda m: any(a <= m.start() + lo < b for a, b in spans)  # noqa: E731 - "sufentanil consumption" is an outcome
    joined = lambda m: _joined(clause, m, k)  # noqa: E731
    cands = [m for m in comp_rx.finditer(clause)
             if not (m.start() < k.end() and m.end() > k.start()) and not inside(m) and not joined(m)]
    ref = _REFERENCE.search(clause)
    c = None
    if cands:
        after_ref = [m for m in cands if ref is not None and m.start() >= ref.end()]
        c = after_ref[0] if after_ref else cands[0]
    if c is not None:
        return intervention, c.group(0), f"{intervention} vs {c.group(0)}"
    if ref is not None:
        return None  # compared with an arm the vocabulary does not name ("traditional monotherapies")
    if _PRE_POST.search(text) and not (fallback and _BETWEEN_GROUPS.search(text)):
        return intervention, "", "pre vs post"
    if fallback:
        return intervention, fallback, f"{intervention} vs {fallback}"
    return None


def _joined(text: str, a: re.Match[str], b: re.Match[str], offset: int = 0) -> bool:
    """Whether two arm words name one arm: "TMS + ketamine", "the combination of esketamine and propofol"."""
    first, second = (a, b) if a.start() < b.start() else (b, a)
    between = text[first.end() + offset:second.start() + offset]
    if _JOINED.match(between):
        return True
    if _JOINED_AND.match(between):
        before = text[max(0, first.start() + offset - 40):first.start() + offset]
        return bool(_COMBINATION_BEFORE.search(before) or _COMBINATION_AFTER.match(text[second.end() + offset:]))
    return False


_OPEN_BRACKET = re.compile(r"\(([^()]*)$")


def _bracket_owner(text: str, label: re.Match[str]) -> str | None:
    """Which arm a label in brackets belongs to: "the esketamine group (group E)", "(esketamine group, Group E)",
    "a control group (Group C)" -- the arm named in the bracket, else the one named just before it; None if unclear."""
    opened = _OPEN_BRACKET.search(text, max(0, label.start() - 60), label.start())
    if opened is None or ")" not in text[label.end(): label.end() + 30]:
        return None
    inside = opened.group(1)
    before = text[max(0, opened.start() - 30): opened.start()]
    for part in (inside, before):
        k = bool(_KETAMINE.search(part))
        c = any(x.group(0).lower() not in label.group(0).lower() for x in _COMPARATOR.finditer(part))
        if k != c:
            return "ketamine" if k else "comparator"
    return None


def _doc_arms(doc: Doc) -> tuple[tuple, str | None]:
    """The doc's arm patterns and its comparator as the methods name it.

    Result sentences often name an arm by the label the methods gave it ("esketamine group (group E)
    ... control group (group C)", "the study group"): those labels are added to the ketamine and
    comparator patterns of this abstract."""
    fallback = None
    ket_alias: list[str] = []
    comp_alias: list[str] = []
    named: dict[str, str] = {}  # label -> arm, from a bracket that names the arm: it wins over nearness
    for s in doc.sentences:
        if s.section not in _DESIGN_SECTIONS:
            continue
        text = s.norm
        k = _KETAMINE.search(text)
        if k is None:
            continue
        if fallback is None:
            for m in _COMPARATOR.finditer(text):
                if not (m.start() < k.end() and m.end() > k.start()) and not _joined(text, m, k):
                    fallback = m.group(0)
                    break
        for m in _ALIAS.finditer(text):
            label = m.group(0)
            owner = _bracket_owner(text, m)
            if owner is not None:
                named[label.lower()] = owner
            if named.get(label.lower()) == "ketamine":
                ket_alias.append(label)
                continue
            if named.get(label.lower()) == "comparator":
                comp_alias.append(label)
                continue
            window = text[max(0, m.start() - 45): m.end() + 45]
            near_k = [abs(x.start() - 45) for x in _KETAMINE.finditer(window)]
            near_c = [abs(x.start() - 45) for x in _COMPARATOR.finditer(window) if x.group(0).lower() not in label.lower()]
            if near_k and (not near_c or min(near_k) < min(near_c)):
                ket_alias.append(label)
            elif near_c:
                comp_alias.append(label)
    comp_alias = [a for a in comp_alias if named.get(a.lower(), "comparator") == "comparator"]
    ket_alias = [a for a in dict.fromkeys(ket_alias) if a not in comp_alias and named.get(a.lower(), "ketamine") == "ketamine"]
    if fallback is None and comp_alias:
        fallback = comp_alias[0]
    if not ket_alias:
        return (), fallback
    ket_rx = re.compile(V.KETAMINE_ARM + r"|\b(?:" + "|".join(re.escape(a) for a in ket_alias) + r")\b", re.I)
    comp_rx = _COMPARATOR if not comp_alias else re.compile(
        V.COMPARATOR_ARM + r"|\b(?:" + "|".join(re.escape(a) for a in dict.fromkeys(comp_alias)) + r")\b", re.I)
    return (ket_rx, comp_rx), fallback


def _two_arm_ketamine(doc: Doc, fallback: str | None) -> str | None:
    """The ketamine arm's name when the trial has just it and one inactive arm (placebo, saline, sham, control), else None.

    Then "the experimental group" is the ketamine arm and "between the two groups" compares the two."""
    if not fallback or not _INACTIVE.match(fallback.strip()):
        return None
    name = None
    for s in doc.sentences:
        if s.section not in _DESIGN_SECTIONS:
            continue
        text = s.norm
        if _MORE_ARMS.search(text):
            return None
        k = _KETAMINE.search(text)
        if k is None:
            continue
        name = name or k.group(0)
        if any(not _INACTIVE.match(m.group(0)) and not (m.start() < k.end() and m.end() > k.start()) and not _joined(text, m, k)
               for m in _COMPARATOR.finditer(text)):
            return None  # another active arm
        if len({d.group(1) for d in _DOSE.finditer(text)}) > 1:
            return None  # two doses: two ketamine arms (or a comparator's dose)
    return name


def _direction(text: str, lo: int, hi: int, m: re.Match[str], domain: str, outcome: str,
               arms: tuple[str, str, str], effects: list, ket_rx: re.Pattern[str] = _KETAMINE) -> str | None:
    """The direction of one outcome in one clause, or None when the wording does not settle it."""
    intervention, comparator, _ = arms
    clause = text[lo:hi]
    if _THRESHOLD_AFTER.match(text, m.end()):
        return None  # "patients discharged with a VAS score < 30": a share reaching a threshold, not the score itself
    if _WITHOUT_AFFECTING.search(text, lo, m.start()):
        return NO_DIFFERENCE  # "reduces delirium without significantly affecting the length of stay"
    if _KETAMINE_AS_REFERENCE.search(clause) and comparator and re.search(
            _REFERENCE.pattern + r"\s+(?:the\s+)?" + re.escape(comparator), clause, re.I):
        return None  # "X reduced scores more than ECT, and more than ketamine": neither arm is the subject
    if not (_DIRECTION_CUE.search(clause) or _ARM_VALUES.search(clause)):
        return None  # "MADRS item 10: infusion group effect, p = 0.017": no direction written
    direction = classify(clause if hi - lo > 40 else text, intervention, comparator, outcome)
    local = _LOCAL.search(text, max(lo, m.start() - 30), m.start())
    if direction == NO_DIFFERENCE:
        if not _NO_DIFF_NEAR.search(text, max(lo, m.start() - 70), min(hi, m.end() + 40)):
            return None  # "produces greater sedation ... with comparable ease of ...": the no-difference is another outcome's
        return direction
    if not (_SIGNIFICANT.search(clause) or _SIGNIFICANT.search(text) or ci_significance(clause, between_arms=True)):
        return None  # significance in words, a p value, or a between-arm interval that excludes no effect
    improve = _IMPROVE.search(clause)
    if improve and not _WORSE.search(clause):
        subject_k = _subject_is_ketamine(clause, intervention, comparator, ket_rx)
        if subject_k is None:
            return None
        higher_better = favours(INCREASED, domain, outcome, text[max(lo, m.start() - 30):m.start()]) == "ketamine"
        direction = INCREASED if higher_better == subject_k else DECREASED
    else:
        change = _CHANGE_BEFORE.search(text, max(lo, m.start() - 60), m.start())
        if change:
            direction = _change_direction(change, text, effects, lo, hi)
        elif local and direction is not None:
            way = INCREASED if local.group("up") else DECREASED
            k = ket_rx.search(clause)
            if k and k.start() + lo < local.start() and not _COMPARATOR.search(text, k.end() + lo, local.start()):
                direction = way
    if direction is None:
        return None
    ratio = next((e for a, _b, e in effects if lo <= a < hi and a >= m.start() and e["measure"] in V.RATIO_MEASURES
                  and e["ci_low"] is not None), None)
    if ratio is not None:  # a stated ratio with its CI must agree with the words
        if ratio["ci_high"] < 1 and direction != DECREASED or ratio["ci_low"] > 1 and direction != INCREASED:
            return None
    return direction


def _subject_is_ketamine(clause: str, intervention: str, comparator: str,
                         ket_rx: re.Pattern[str] = _KETAMINE) -> bool | None:
    """Whether the ketamine arm is the one the clause says improved (first arm named, unless it follows 'compared with')."""
    k = ket_rx.search(clause)
    c = re.search(r"\b" + re.escape(comparator) + r"\b", clause) if comparator else None
    if k is None:
        return None
    if c is None:
        return True
    ref = _REFERENCE.search(clause)
    if ref is not None:
        if k.start() > ref.end() and c.start() < ref.start():
            return False  # "placebo was better than ketamine"
        if c.start() > ref.end():
            return True if k.start() < ref.start() else None  # "all were superior to placebo, with ketamine ...": unclear
    return k.start() < c.start()


def _outcome_abbreviations(doc: Doc) -> dict[str, tuple[str | None, str]]:
    """Short form -> (instrument, domain) of each outcome the abstract abbreviates, where the short form is no outcome word itself."""
    found: dict[str, tuple[str | None, str]] = {}
    for s in doc.sentences:
        for m in _DEFINED_SHORT.finditer(s.norm):
            short = m.group(1)
            before = s.norm[max(0, m.start() - 80): m.start()].rstrip()
            last = None
            for last in _OUTCOME.finditer(before):
                pass
            if last is None or last.end() != len(before) or _OUTCOME.fullmatch(short):
                continue  # the outcome must end at the bracket: "depressive symptoms (MADRS)" is an instrument's
            long_form = before[max(0, last.start() - 40):]
            initials = {w[0].lower() for w in re.findall(r"[A-Za-z]+", long_form)[-4:]}
            if short[0].lower() in initials and not _WHO_WAS_STUDIED.search(long_form):
                found[short] = _OUTCOME_META[int(last.lastgroup[1:])] if last.lastgroup else (None, "other")
    return found


def _abbreviation_pattern(shorts: Iterable[str]) -> re.Pattern[str] | None:
    """The defined short forms as whole words, as written (case matters: "SI" is not "si")."""
    shorts = sorted(shorts, key=len, reverse=True)
    if not shorts:
        return None
    return re.compile(r"(?<![\w-])(?P<short>" + "|".join(map(re.escape, shorts)) + r")(?![\w-])(?i:" + _OUTCOME_TAIL + ")")


def label_findings(doc: Doc, is_ketamine: bool = True) -> tuple[list[dict[str, Any]], str]:
    """(findings, evidence): one dict per outcome result statement of a ketamine study (schema in analysis/columns.py)."""
    if not is_ketamine:
        return [], ""
    out: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    arms_rx, fallback = _doc_arms(doc)
    two_arm = _two_arm_ketamine(doc, fallback)
    if two_arm:  # "the experimental group" is the ketamine arm
        arms_rx = (re.compile((arms_rx[0].pattern if arms_rx else V.KETAMINE_ARM) + "|" + V.GENERIC_KETAMINE_GROUP, re.I),
                   arms_rx[1] if arms_rx else _COMPARATOR)
    ket_rx = arms_rx[0] if arms_rx else _KETAMINE
    abbreviations = _outcome_abbreviations(doc) if USE_DEFINED_ABBREVIATIONS else {}
    abbreviated = _abbreviation_pattern(abbreviations)
    for s in doc.sentences:
        if s.section not in _FINDING_SECTIONS:
            continue
        text = s.norm
        if not (ket_rx.search(text) or (two_arm and _BETWEEN_TWO.search(text))) or not _CUE.search(text) or _NOT_RESULT.search(text):
            continue
        mentions = [m for m in _OUTCOME.finditer(text) if not _NOT_OUTCOME_AFTER.match(text, m.end())]
        if abbreviated is not None:
            mentions = sorted(mentions + [a for a in abbreviated.finditer(text) if not any(
                o.start() <= a.start() < o.end() for o in mentions) and not _ABBREVIATION_MODIFIES.match(text, a.end())],
                key=lambda x: x.start())
        if not mentions:
            continue
        effects = effects_in(text)
        subject_lo = 0
        for lo, hi in _clauses(text):
            done_domains: set[str] = set()
            if not (lo and _ELIDED_SUBJECT.match(text, lo)):
                subject_lo = lo  # "... but did significantly lower VAS scores": the subject is the last clause's
            spans = [(x.start(), x.end()) for x in mentions if lo <= x.start() < hi]
            arms = _comparison(text, subject_lo, hi, fallback, spans, arms_rx, two_arm) if spans else None
            if arms is None:  # the clause names no outcome, or no ketamine arm to compare
                continue
            for m in mentions:
                if not lo <= m.start() < hi:
                    continue
                if m.re is abbreviated:
                    instrument, domain = abbreviations[m.group("short")]
                else:
                    instrument, domain = _OUTCOME_META[int(m.lastgroup[1:])] if m.lastgroup else (None, "other")
                if domain in done_domains or _EXCLUDED_BEFORE.search(text, max(lo, m.start() - 60), m.start()):
                    continue
                outcome = s.text[m.start():m.end()].strip()
                direction = _direction(text, lo, hi, m, domain, outcome, arms, effects, ket_rx)
                if direction is None or (direction != NO_DIFFERENCE and not ket_rx.search(text, subject_lo, hi)):
                    continue  # "differed between the two groups" names no arm: which one was higher is not said
                done_domains.add(domain)
                key = (s.index, domain, arms[2])
                if key in seen:
                    continue
                seen.add(key)
                written, hours = timepoint(text, m.start())
                # the p value after the outcome; one written before it only when it is the clause's or
                # the sentence's only one ("higher X (P = .008) and lower Y (P = .015) Z scores": Z gets none)
                p = _P_VALUE.search(text, m.start(), hi)
                for a, b in ((lo, hi), (0, len(text))):
                    if p is None:
                        ps = list(_P_VALUE.finditer(text, a, b))
                        p = ps[0] if len(ps) == 1 else None
                effect = next(({k: e[k] for k in ("measure", "value", "ci_low", "ci_high")}
                               for a, _b, e in effects if lo <= a < hi and a >= m.start()), None)
                out.append({
                    "outcome": outcome,
                    "domain": domain,
                    "instrument": instrument,
                    "comparison": arms[2],
                    "direction": direction,
                    "favours": favours(direction, domain, outcome, text[max(lo, m.start() - 30):m.start()]),
                    "timepoint": written,
                    "timepoint_hours": hours,
                    "p_value": s.text[p.start():p.end()] if p else None,
                    "effect": effect,
                    "sentence": s.text,
                })
    return out, join_evidence([f["sentence"] for f in out])


def finding_text(f: dict[str, Any]) -> str:
    """One finding in words: 'MADRS total score: significantly decreased, esketamine vs placebo (favours ketamine), day 28'."""
    from analysis.outcomes import effect_text

    text = f"{f.get('outcome')}: {f.get('direction')}"
    if f.get("comparison"):
        text += f", {f['comparison']}"
    text += f" (favours {f.get('favours')})"
    if f.get("timepoint"):
        text += f", {f['timepoint']}"
    if f.get("p_value"):
        text += f", {f['p_value']}"
    if f.get("effect"):
        text += f", {effect_text(f['effect'])}"
    return text

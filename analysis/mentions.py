"""Where a result sentence names the arms of a comparison and the outcome.

`arm_positions(low, intervention, comparator, outcome)` gives the character positions at which a
lower-cased sentence names each arm: by the arm's own rarer words, by group labels and letters
("Group K", "group II", "the PP group"), by add-on wording ("X plus Y" vs "Y alone"), by a negated
word ("the non-tourniquet group"), never by units, statistics or time words.
`subject_is_comparator` says whether the comparator is the subject of a comparison ("placebo was
higher than X"); `outcome_mention` finds the outcome's fullest mention, and `respective_place` its
place in a "respectively" list.  Every word list and switch used here is in the settings block
below; the readers of direction, significance and arm values build on these positions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.result_text import STOPWORDS, _WORD, _rx, _stem, words

# --------------------------------------------------------------------------------------
# Settings (edit here)
# --------------------------------------------------------------------------------------

# Words of a prompt's arm description that never name the arm in a sentence ("did not receive the education").
ARM_STOPWORDS = frozenset("not did does receive receives given who".split())
# Units of a dose ("1 μg/kg as bolus over 10 min"): they name no arm.
ARM_UNITS = frozenset("mg kg ml hr hrs min mins µg μg ug mcg iu mmol mm cm wk bid tid qid".split())
USE_ARM_UNITS = True
# Numbers of a dose name the arm only when the arm has no other word of its own.
ARM_NUMBERS_ONLY_ALONE = True
# Words that introduce the reference arm of a comparison ("... than placebo").
REFERENCE_CUES = r"(?:than|compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|versus|vs\.?|relative\s+to|over|against|as\s+opposed\s+to|unlike)"
# Generic names for the control arm (matched to a comparator that names one of them).
CONTROL_WORDS = frozenset("""placebo control controls sham usual standard conventional routine vehicle saline no
    untreated waitlist water""".split())
# Generic names for the treatment arm.
TREATMENT_WORDS = frozenset("intervention experimental treatment active study".split())
# Rule families that can be switched off (benchmarks/ablate_inference.py measures what each brings).
USE_OUTCOME_CLUSTER = True  # direction words are read near the outcome's fullest mention, not any of its words
CLUSTER_SPAN = 6           # words (outside brackets) a mention may span
USE_GROUP_LABELS = True    # arms called "Group A"/"group II" in the prompt are found by that label
USE_GROUP_INITIALS = True  # ... or by the initial of the arm ("Group K" for ketamine) when only one arm has it
GROUP_C_IS_CONTROL = True  # ... "Group C" is the control group when the comparator is one
GROUP_SEVERAL_LETTERS = True  # ... several letters for one arm when every letter in the sentence is accounted for
USE_ADD_ON_NAMES = True    # "X plus Y" vs "Y alone": "combination" names the first arm, "monotherapy" the second
REFERENCE_NOT_BASELINE = True  # "compared with baseline/pre-treatment" is no reference arm
BASELINE_REFERENCE_THAT = True  # ... nor "compared with that observed before X intake"
LEADING_REFERENCE_COMMA = True  # "Compared with X, Y had ...": an arm named after the comma is the subject
GROUP_ABBREVIATIONS = True  # "the PP group", "the Co group": a short label that abbreviates one arm's words
NEGATED_ARM_WORDS = True  # "control (no trimetazidine)": a drug an arm is said to lack does not name that arm
STATISTIC_NOT_ARM = True  # a letter that opens a statistic ("p = 0.04", "r = 0.3") or a unit ("μg") names no arm
GENERIC_NAMES_NEXT = True  # "treatment with placebo": a generic treatment word followed by the comparator's name is the comparator
TIME_NOT_ARM = True  # "post-intervention", "pre-treatment" name a time, not an arm
NEGATED_MENTION = True  # "the non-tourniquet group": a negated arm word names the arm that lacks it
LABELS_ONLY = True  # ... and when a clause names both arms by label, their other words (units, "h") name no arm there
USE_LEADING_REFERENCE = True  # "Compared with placebo, ketamine ...": the arm after the opening cue is the reference
# Arms are named by rarer words; a longer stem keeps "intervention" apart from "interval".
ARM_STEM_LENGTH = 7


# --------------------------------------------------------------------------------------
# Compiled once
# --------------------------------------------------------------------------------------

_BRACKET = re.compile(r"[()\[\]]")
_LEADING_REFERENCE = _rx(r"\s*(?:\w+\s+){0,3}?(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|relative\s+to|versus|vs\.?|unlike)\s")
# "group A", "group II", "B group" ("a group" is an article, not a label)
_GROUP_MENTION = re.compile(r"\bgroup\s+([a-d]|i{1,3}v?|[1-4])\b|\b([b-d]|i{1,3}v?|[1-4])\s+group\b")
_GROUP_LABEL = _GROUP_MENTION
_GROUP_LETTER = re.compile(r"\bgroups?\s+([a-z])\b(?!\s*[=:])")
_GROUP_ANY = re.compile(r"\bgroup\s+([a-z]|i{1,3}v?|[1-4])\b|\b([b-z]|i{1,3}v?|[1-4])\s+group\b")
# the subject list "A, B and C" before the verb of a "respectively" sentence
_LIST_VERB = _rx(r"\s(?:were|was|did|had|differed|showed|increased|decreased|improved|reduced|rose|fell|remained)\b")
_LIST_START = re.compile(r"[;:(\[]\s*")
_ITEM_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_REFERENCE = _rx(r"\b" + REFERENCE_CUES + r"\b")
_GENERIC_WITH = re.compile(r"([a-z]+)\s+(?:with|of|by|using)\s+(?:the\s+|a\s+)?([a-z0-9]+)")
_STAT_LETTER = re.compile(r"[a-z]\s*(?:[<>=≤≥]|value)")
_PRE_POST = re.compile(r"\b(?:pre|post)[-\s]?$")
_BASELINE_REFERENCE = _rx(r"\s*(?:the\s+)?" + (r"(?:(?:that|those|values?|levels?|scores?)\s+(?:observed\s+|measured\s+|seen\s+|recorded\s+|obtained\s+)?)?"
                                                  if BASELINE_REFERENCE_THAT else "")
                          + r"(?:baseline|pre-?\s?treatment|pre-?\s?intervention|pre-?\s?operative|before|initial)")


_ADD_ON = re.compile(r"\bplus\b|\bcombin\w*|\+|\badd(?:ed|ition)\b|\badjunct")
_ALONE = re.compile(r"\balone\b|\bonly\b|\bmonotherap")
_COMBINATION_STEMS = frozenset(_stem(w, ARM_STEM_LENGTH) for w in ("combination", "combined", "add-on", "adjunctive"))
_MONO_STEMS = frozenset(_stem(w, ARM_STEM_LENGTH) for w in ("monotherapy", "alone"))
_CONTROL_STEMS = frozenset(_stem(w, ARM_STEM_LENGTH) for w in CONTROL_WORDS)
_CONTROL_NAMES = frozenset(_stem(w, ARM_STEM_LENGTH) for w in ("placebo", "control", "controls", "sham", "usual", "standard"))
_TREATMENT_STEMS = frozenset(_stem(w, ARM_STEM_LENGTH) for w in TREATMENT_WORDS)
_ARM_STOP = frozenset(_stem(w, ARM_STEM_LENGTH) for w in ARM_STOPWORDS)
_ARM_UNITS = frozenset(_stem(w, ARM_STEM_LENGTH) for w in ARM_UNITS)
_ARM_GENERIC = (frozenset(TREATMENT_WORDS) | frozenset(CONTROL_WORDS)) - {"no"}


# --------------------------------------------------------------------------------------
# Where the arms and the outcome are named
# --------------------------------------------------------------------------------------


def respective_place(text: str, outcome: str) -> tuple[int, int] | None:
    """(index, count) of the outcome in the list that opens "A and B were x and y ..., respectively"."""
    verb = _LIST_VERB.search(text)
    if verb is None:
        return None
    head = _LIST_START.split(text[: verb.start()])[-1]
    if " and " not in head:
        return None
    items = [x for x in _ITEM_SPLIT.split(head) if x.strip()]
    if any(len(x.split()) > 6 for x in items):
        return None
    if len(items) < 2:
        return None
    out = set(words(outcome))
    overlap = [len(set(words(x)) & out) for x in items]
    best = max(range(len(items)), key=lambda i: overlap[i])
    if overlap[best] == 0 or overlap.count(overlap[best]) > 1:
        return None
    return best, len(items)


@lru_cache(maxsize=4096)
def _tokens(text_low: str) -> tuple[tuple[int, str], ...]:
    """(offset, word) of the words of a lower-cased text that can name an outcome or an arm."""
    return tuple((m.start(), m.group()) for m in _WORD.finditer(text_low)
                 if m.group() not in STOPWORDS or m.group() in _ARM_GENERIC)


def word_positions(text_low: str, needles: set[str] | frozenset[str], size: int | None = None) -> list[int]:
    """Character offsets of words (stems of `size` letters) of `needles` in the lower-cased text."""
    return [pos for pos, word in _tokens(text_low) if _stem(word, size) in needles]


_NEGATED = re.compile(r"\b(?:no|without|non|not)[-\s]+(?:the\s+|any\s+|additional\s+)?([a-z0-9]+)")


def _negated_words(arm: str) -> set[str]:
    """Stems of words an arm names only to say it lacks them ("no trimetazidine", "without the add-on")."""
    low = arm.lower()
    if "no" not in low and "without" not in low:
        return set()
    found = set()
    for m in _NEGATED.finditer(low):
        if re.search(r"\bwith\s+or\s+$", low[max(0, m.start() - 9): m.start()]):
            continue  # "with or without X": X is not negated
        found.add(_stem(m.group(1), ARM_STEM_LENGTH))
    return found


@lru_cache(maxsize=1024)
def arm_word_stems(intervention: str, comparator: str, outcome: str = "") -> tuple[frozenset[str], frozenset[str]]:
    """Words that name the intervention arm and words that name the comparator arm (not both, not the outcome's)."""
    ow = set(words(outcome, ARM_STEM_LENGTH))
    stop = _ARM_STOP | _ARM_UNITS if USE_ARM_UNITS else _ARM_STOP
    iw = set(words(intervention, ARM_STEM_LENGTH)) - ow - stop
    cw = set(words(comparator, ARM_STEM_LENGTH)) - ow - stop
    if NEGATED_ARM_WORDS:
        # "control (no trimetazidine)", "without X": the negated drug names the other arm
        ineg, cneg = _negated_words(intervention), _negated_words(comparator)
        iw, cw = iw - ineg, cw - cneg
    shared = iw & cw
    iw, cw = iw - shared, cw - shared
    if ARM_NUMBERS_ONLY_ALONE:
        # doses name an arm only when nothing else does ("10 mg" vs "5 mg"); else they match any value
        if any(not w.isdigit() for w in iw):
            iw = {w for w in iw if not w.isdigit()}
        if any(not w.isdigit() for w in cw):
            cw = {w for w in cw if not w.isdigit()}
    if USE_ADD_ON_NAMES:
        # add-on designs: "X plus Y" vs "Y alone" are called "combination" and "monotherapy"
        if _ADD_ON.search(intervention.lower()) and _ALONE.search(comparator.lower()):
            iw |= _COMBINATION_STEMS
            cw |= _MONO_STEMS
        elif _ADD_ON.search(comparator.lower()) and _ALONE.search(intervention.lower()):
            cw |= _COMBINATION_STEMS
            iw |= _MONO_STEMS
    if cw & _CONTROL_STEMS or not cw:
        cw |= _CONTROL_NAMES
    iw |= _TREATMENT_STEMS - cw
    iw -= ow
    cw -= ow
    return frozenset(iw), frozenset(cw)


def _group_label(arm: str) -> str | None:
    """The letter or numeral an arm is called by ("Group A", "group II", "B group"), lower-cased."""
    m = _GROUP_LABEL.search(arm.lower())
    return (m.group(1) or m.group(2)).lower() if m else None


_ABBR_GROUP = re.compile(r"\b([a-z][a-z0-9]{1,4})\s+(?:group|groups|arm|arms)\b")


@lru_cache(maxsize=1024)
def _arm_full_words(intervention: str, comparator: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each arm's words in order, without stopwords and the words both arms share."""
    iw = [w for w in _WORD.findall(intervention.lower()) if w not in STOPWORDS and not w.isdigit()]
    cw = [w for w in _WORD.findall(comparator.lower()) if w not in STOPWORDS and not w.isdigit()]
    shared = set(iw) & set(cw)
    return tuple(w for w in iw if w not in shared), tuple(w for w in cw if w not in shared)


def _abbreviates(tok: str, arm_words: tuple[str, ...]) -> bool:
    """Whether a short label is the start of one of the arm's words ("co": control) or initials of its words in order."""
    if len(tok) >= 2 and any(w.startswith(tok) and len(w) > len(tok) for w in arm_words):
        return True
    k = 0
    for w in arm_words:
        if k < len(tok) and w[0] == tok[k]:
            k += 1
    return len(tok) >= 2 and k == len(tok)


def arm_positions(low: str, intervention: str, comparator: str, outcome: str = "") -> tuple[list[int], list[int]]:
    """Offsets where the clause (lower-cased) names the intervention arm and the comparator arm."""
    iw, cw = arm_word_stems(intervention, comparator, outcome)
    ipos = word_positions(low, iw, ARM_STEM_LENGTH)
    cpos = word_positions(low, cw, ARM_STEM_LENGTH)
    if GENERIC_NAMES_NEXT and ipos and cw:
        # "treatment with placebo": the generic word is the arm named after it
        keep = []
        for p in ipos:
            m = _GENERIC_WITH.match(low, p)
            if m is not None and _stem(m.group(1), ARM_STEM_LENGTH) in _TREATMENT_STEMS - cw and _stem(m.group(2), ARM_STEM_LENGTH) in cw:
                continue
            keep.append(p)
        ipos = keep
    if GROUP_ABBREVIATIONS and ("group" in low or "arm" in low):
        # "the PP group" (prebiotic + probiotic), "the Co group" (control): initials or the start of one arm's words
        iw_full, cw_full = _arm_full_words(intervention, comparator)
        for m in _ABBR_GROUP.finditer(low):
            tok = m.group(1)
            if tok in iw or tok in cw or m.start() in ipos or m.start() in cpos:
                continue
            hit_i, hit_c = _abbreviates(tok, iw_full), _abbreviates(tok, cw_full)
            if hit_i and not hit_c:
                ipos.append(m.start())
            elif hit_c and not hit_i:
                cpos.append(m.start())
        ipos.sort()
        cpos.sort()
    if NEGATED_MENTION and ("non" in low or "no " in low or "without" in low):
        # "the non-tourniquet group" names the arm "without tourniquet", not the arm with one
        ineg, cneg = _negated_words(intervention), _negated_words(comparator)
        for m in _NEGATED.finditer(low):
            stem, at = _stem(m.group(1), ARM_STEM_LENGTH), m.start(1)
            if at in ipos and stem in cneg and stem not in ineg:
                ipos.remove(at)
                cpos.append(at)
            elif at in cpos and stem in ineg and stem not in cneg:
                cpos.remove(at)
                ipos.append(at)
        cpos.sort()
        ipos.sort()
    if STATISTIC_NOT_ARM:
        # "p = 0.04" is no arm called "(P)", "5 μg" no arm called "(G)"
        ipos = [p for p in ipos if not _STAT_LETTER.match(low, p) and not (p and low[p - 1] in "µμ")]
        cpos = [p for p in cpos if not _STAT_LETTER.match(low, p) and not (p and low[p - 1] in "µμ")]
    if TIME_NOT_ARM and ("pre" in low or "post" in low):
        # "6 months post-intervention", "pre-treatment": a time, not the treatment arm
        ipos = [p for p in ipos if not _PRE_POST.search(low, max(0, p - 6), p)]
        cpos = [p for p in cpos if not _PRE_POST.search(low, max(0, p - 6), p)]
    if USE_GROUP_LABELS and "group" in low:
        il, cl = _group_label(intervention), _group_label(comparator)
        if USE_GROUP_INITIALS and not (il and cl):
            # "Group B" (bupivacaine) and "Group S" (saline): the initial of a word only one arm has
            ii = {w[0] for w in iw - _TREATMENT_STEMS if w[0].isalpha()}
            ci = {w[0] for w in cw if w[0].isalpha()}
            if GROUP_C_IS_CONTROL and cw & _CONTROL_STEMS and "c" not in ii:
                ci.add("c")  # "Group C": the control group
            letters = {m.group(1) for m in _GROUP_LETTER.finditer(low)}
            i_only, c_only = (ii - ci) & letters, (ci - ii) & letters
            if len(i_only) == 1 and len(c_only) == 1:
                il, cl = i_only.pop(), c_only.pop()
            elif GROUP_SEVERAL_LETTERS and i_only and c_only and not (letters - i_only - c_only):
                il, cl = frozenset(i_only), frozenset(c_only)  # "Group B" and "Group D" both intervention doses
        if il and cl and il != cl:
            il_set = il if isinstance(il, frozenset) else {il}
            cl_set = cl if isinstance(cl, frozenset) else {cl}
            li, lc = [], []
            for m in _GROUP_ANY.finditer(low):
                label = (m.group(1) or m.group(2)).lower()
                if label in il_set:
                    li.append(m.start())
                elif label in cl_set:
                    lc.append(m.start())
            if LABELS_ONLY and li and lc:
                ipos, cpos = li, lc  # both arms named by their labels: the labels alone say which is which
            else:
                ipos, cpos = sorted(ipos + li), sorted(cpos + lc)
    return ipos, cpos


def subject_is_comparator(clause: str, intervention: str, comparator: str, outcome: str = "") -> bool:
    """Whether the comparator arm is the subject of the comparison (so the direction flips)."""
    low = clause.lower()
    ipos, cpos = arm_positions(low, intervention, comparator, outcome)
    ref = _REFERENCE.search(low)
    if ref is not None and REFERENCE_NOT_BASELINE and _BASELINE_REFERENCE.match(low, ref.end() + (low[ref.end(): ref.end() + 1] == ".")):
        ref = _REFERENCE.search(low, ref.end())  # "compared with baseline" names no arm
    if ref is not None:
        before_i = [p for p in ipos if p < ref.start()]
        before_c = [p for p in cpos if p < ref.start()]
        after_i = [p for p in ipos if p > ref.start()]
        after_c = [p for p in cpos if p > ref.start()]
        if LEADING_REFERENCE_COMMA and not before_i and not before_c and _LEADING_REFERENCE.match(low):
            # "Compared to children in the control group, children in the PP group had ...": the arm after the comma is the subject
            comma = low.find(",", ref.end())
            if comma > 0:
                sub_i = [p for p in after_i if p > comma]
                sub_c = [p for p in after_c if p > comma]
                ref_i = [p for p in after_i if p < comma]
                ref_c = [p for p in after_c if p < comma]
                if sub_i and not sub_c and not ref_i:
                    return False
                if sub_c and not sub_i and not ref_c:
                    return True
        if USE_LEADING_REFERENCE and not before_i and not before_c and after_i and after_c and _LEADING_REFERENCE.match(low):
            # "Compared with X, Y had ...": the arm named right after the cue is the reference
            return min(after_i) < min(after_c)
        if before_c and not before_i and (after_i or not after_c):
            return True
        if before_i and before_c:  # both before: the later one is nearer "than"? use first mention
            return min(before_c) < min(before_i) and not after_c
        if after_c and not after_i:
            return False
        if after_i and not after_c and not before_i:
            return True
        return False
    if cpos and not ipos:
        return True
    if cpos and ipos and min(cpos) < min(ipos):
        return True
    return False


def outcome_positions(low: str, out_stems: set[str]) -> list[int]:
    """Where the outcome is named: its fullest mention (USE_OUTCOME_CLUSTER), else every word of it."""
    return outcome_mention(low, out_stems) if USE_OUTCOME_CLUSTER else word_positions(low, out_stems)


def outcome_mention(low: str, out_stems: set[str]) -> list[int]:
    """Offsets of the outcome's words in its fullest mention: the run naming most of its distinct words.

    "a decrease in the pulsatility index of the umbilical artery and an increase in the middle
    cerebral artery pulsatility index": the second mention names more of the outcome.  The run's
    length is counted in words outside brackets (values and statistics in brackets do not part a mention).
    """
    found = []  # (offset, stem, index among words outside brackets)
    k, depth = 0, 0
    brackets = [(m.start(), m.group()) for m in _BRACKET.finditer(low)] if "(" in low or "[" in low else []
    b = 0
    for pos, w in _tokens(low):
        while b < len(brackets) and brackets[b][0] < pos:
            depth = depth + 1 if brackets[b][1] in "([" else max(0, depth - 1)
            b += 1
        if not depth:
            k += 1
        st = _stem(w)
        if st in out_stems:
            found.append((pos, st, k))
    if len(found) < 2:
        return [p for p, _, _ in found]
    best = (0, 0, 0)  # (distinct words, start index, end index)
    for i in range(len(found)):
        seen = set()
        for j in range(i, len(found)):
            if found[j][2] - found[i][2] > CLUSTER_SPAN:
                break
            seen.add(found[j][1])
            if len(seen) > best[0]:
                best = (len(seen), i, j)
    return [p for p, _, _ in found[best[1]: best[2] + 1]]


def comparator_named_first(span: str, intervention: str, comparator: str, outcome: str) -> bool:
    """Whether a difference or ratio names both arms, the comparator first ("placebo minus drug", "between placebo and drug")."""
    ipos, cpos = arm_positions(span.lower(), intervention, comparator, outcome)
    return bool(ipos and cpos and min(cpos) < min(ipos))

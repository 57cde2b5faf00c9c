"""How many participants (or included studies) the abstract reports, and on what basis.

Trials: randomised N, else enrolled N, else analysed N.  Reviews: participants pooled across
included studies, else the number of included studies.  Protocols: the planned N.  Case
reports: 1.  Numbers in the background (other studies) are never used.
"""

from __future__ import annotations

import re
from typing import Iterator

from analysis import vocabulary as V
from analysis.design import modelling_cue
from analysis.patterns import join_evidence, literal_hints, occurrences
from analysis.text import Doc, Sentence, speaks_of_this_study

_WORD_ALT = "|".join(sorted((w for w in V.NUMBER_WORDS if " " not in w), key=len, reverse=True))
_NUM_WORDS = rf"(?:{_WORD_ALT})(?:[-‐‑ ]+(?:and[-‐‑ ]+)?(?:{_WORD_ALT}))*"
_NUM_DIGITS = r"\d{1,3}(?:[,\u2009\u202f]\d{3})+|\d+"
_NUM = rf"(?<![\w.,±])(?P<num>{_NUM_DIGITS}|(?i:{_NUM_WORDS}))(?![\w]|[.,]\d)"


def _fill(pattern: str) -> re.Pattern[str]:
    return re.compile(
        pattern.format(NUM=_NUM, NOUN=V.SAMPLE_NOUNS, STUDY=V.STUDY_NOUNS, MOD=V.SAMPLE_MODIFIERS), re.I
    )


_STARTS_WITH_NUM = re.compile(r"^\^?(?:\\b)?(?:\(\?:[^()]*\)\?)?\{NUM\}")
_NUMBER_AT = re.compile(_NUM)
_DIGITS = re.compile(r"\d+(?:[,\u2009\u202f]\d{3})*")
_NOT_BEFORE_DIGIT = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789.,±")
# Words every pattern of a basis needs in its sentence (a cheap filter before the patterns run).
_BASIS_WORDS = {"randomised": ("random",), "analysed": ("analy", "data")}
_NUMBER_WORD_SET = frozenset(w for w in V.NUMBER_WORDS if " " not in w)
# Each number word as a whole word (tried only where the word occurs in a sentence).
_NUMBER_WORD_AT = {w: re.compile(rf"\b{w}\b", re.I) for w in _NUMBER_WORD_SET}


class _SizePattern:
    """A sample-size phrase, tried only where it can start (at a number, or where its words occur)."""

    __slots__ = ("pat", "at_number", "at_start", "literals")

    def __init__(self, template: str) -> None:
        self.pat = _fill(template)
        self.at_number = bool(_STARTS_WITH_NUM.match(template))
        self.at_start = template.startswith("^")
        hints = None if self.at_number else literal_hints(self.pat.pattern, re.I)
        self.literals = tuple(h[0] for h in hints) if hints else None

    def finditer(self, text: str, low: str, numbers: "_NumberStarts") -> Iterator[re.Match[str]]:
        """Matches in a sentence (text, its lowercase form, the offsets where numbers start)."""
        if self.at_number:
            for pos in numbers():
                if self.at_start and pos:
                    break
                m = self.pat.match(text, pos)
                if m is not None:
                    yield m
        elif self.literals is None:
            yield from self.pat.finditer(text)
        else:
            # a match starts at one of the literals: try only there, left to right, without overlaps
            # (what finditer would return, without trying every character of the sentence)
            starts = [pos for literal in self.literals for pos in occurrences(low, literal)]
            if len(starts) > 1:
                starts.sort()
            end = -1
            for pos in starts:
                if pos < end:
                    continue
                m = self.pat.match(text, pos)
                if m is not None and m.end() > pos:
                    end = m.end()
                    yield m


_TRIAL = {basis: tuple(_SizePattern(p) for p in pats) for basis, pats in V.SAMPLE_SIZE_PATTERNS.items()}
_REVIEW = {basis: tuple(_SizePattern(p) for p in pats) for basis, pats in V.REVIEW_SIZE_PATTERNS.items()}
_PROTOCOL = tuple(_SizePattern(p) for p in V.PROTOCOL_SIZE_PATTERNS)
_NOT_AFTER = re.compile(V.NOT_A_COUNT_AFTER, re.I)
_NOT_BEFORE = re.compile(V.NOT_A_COUNT_BEFORE, re.I)
_GROUP = _fill(r"{NUM}\s+{MOD}{NOUN}\b")
# The last group of a list, named by an abbreviation ("... 18 normal volunteers and 17 SVs").
_AND_ABBR = _fill(r"\band\s+{NUM}\s+" + V.GROUP_ABBREVIATION.replace("{", "{{").replace("}", "}}"))
_PER_BEFORE = re.compile(V.PER_GROUP_BEFORE, re.I)
_PER_AFTER = re.compile(V.PER_GROUP_AFTER, re.I)
_PER_SENTENCE = re.compile(V.PER_GROUP_SENTENCE, re.I)
_SEX_NOUN = r"\s*(?:women|men|males?|females?|boys|girls)\b"
_GENDER_AFTER = re.compile(_SEX_NOUN, re.I)
_GENDER_COUNT = re.compile(_NUM + _SEX_NOUN, re.I)
_K_GROUPS = re.compile(V.K_GROUPS_OF_N, re.I)
_N_EQUALS = re.compile(rf"(?<![A-Za-z])[nN]\s*=\s*{_NUM}(?!\s*/)")
_GROUPS_OF = _fill(r"{NUM}\s+(?:\w+\s+)?groups of\s+(?P<per>\d+)\s+{MOD}{NOUN}\b")
_NO_SUM = re.compile(V.GROUPS_NOT_SUMMED, re.I)
_TIMEPOINTS = re.compile(V.GROUPS_ARE_TIMEPOINTS, re.I)
_N_AND_N = _fill(r"{NUM}\s+and\s+(?P<second>" + _NUM_DIGITS.replace("{", "{{").replace("}", "}}")
                 + r")\s+{MOD}{NOUN}\b")
_HAS_DIGIT = re.compile(r"\d")
_FURTHER_CONTROLS = tuple(_fill(p) for p in V.FURTHER_CONTROLS)
_FURTHER_SAMPLES = tuple(_fill(p) for p in V.FURTHER_SAMPLES)
_FURTHER_GROUP_NOT = re.compile(V.FURTHER_GROUP_NOT, re.I)
_HAS_CONTROLS = re.compile(V.GROUP_HAS_CONTROLS, re.I)
_FURTHER_SECTIONS = frozenset(("methods", "results", "body"))
# words one of which every FURTHER_CONTROLS / FURTHER_SAMPLES phrase contains (a cheap test before the patterns)
_FURTHER_WORDS = ("control", "volunteer", "comparison", "second", "third", "separate", "independent",
                  "additional", "validation", "confirmatory", "replication")
_EQUAL_GROUPS = re.compile(V.EQUAL_GROUPS, re.I)
# "Twelve MDMA users, who ..., and 12 control subjects were included": the controls named last.
_AND_CONTROLS = _fill(
    r"\band\s+{NUM}\s+{MOD}(?:controls|control (?:subjects|participants|individuals|volunteers|persons)|"
    r"healthy (?:controls|volunteers|subjects|participants|individuals))\b"
)
_UNCOUNTED_GROUP = re.compile(V.UNCOUNTED_GROUP, re.I)
_COUNT_PER_DRUG = re.compile(V.REVIEW_COUNT_PER_DRUG, re.I)
_MODELLED = re.compile(V.MODELLED_POPULATION, re.I)
_MODELLED_WORDS = ("model", "simulat", "hypothetical", "virtual", "synthetic")
_TOTAL_BEFORE = re.compile(V.TOTAL_BEFORE, re.I)
_DROPOUTS = re.compile(V.DROPOUT_SENTENCE, re.I)
_OPENING = re.compile(r"(?:[A-Z][A-Za-z ]*:)?\W*")  # nothing but a heading before a sentence's first count
_LIST_HINT = re.compile(r"(?:,|\band)\s+(?:and\s+)?\d")
# Groups listed with a shared noun: "45 ecstasy polydrug, 48 cannabis polydrug and 40 legal drug users".
_GROUP_LIST = _fill(
    r"(?:" + _NUM.replace("(?P<num>", "(?:").replace("{", "{{").replace("}", "}}") + r"(?:\s+[A-Za-z][\w/+-]*){{0,3}}?\s*(?:,\s*(?:and\s+)?|and\s+)){{1,5}}{NUM}\s+{MOD}{NOUN}\b"
)
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|from|between|during|until|by|and|to|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s*$",
    re.I,
)

# search order of sections: where a study reports its own numbers first
_SECTION_ORDER = ("methods", "results", "body", "objective", "other", "conclusions", "title", "registration")


def parse_number(text: str) -> int | None:
    """'1,732' -> 1732, 'Twenty-nine' -> 29, 'one hundred and fifteen' -> 115; None if not a number."""
    t = text.strip().lower()
    digits = re.sub(r"[,\u2009\u202f]|(?<=,) ", "", t)
    if digits.isdigit():
        return int(digits)
    total, current = 0, 0
    seen = False
    for tok in re.split(r"[-‐‑ ]+", t):
        if tok == "and" or not tok:
            continue
        val = V.NUMBER_WORDS.get(tok)
        if val is None:
            return None
        seen = True
        if val == 100:
            current = max(current, 1) * 100
        elif val == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += val
    return total + current if seen else None


_RANK = {s: i for i, s in enumerate(_SECTION_ORDER)}
# Unstructured: the guessed aim sentence often reports the sample too ("We used a new approach
# to study 40 ketamine users"), so it is read in order with the body.
_RANK_UNSTRUCTURED = {**_RANK, "objective": _RANK["body"], "background": len(_RANK)}


def _number_words(doc: Doc) -> tuple[str, ...]:
    """The number words the article contains ('twenty', 'one', ...), in a fixed order."""
    return tuple(sorted(_NUMBER_WORD_SET & doc.hints.tokens))


def _ordered(doc: Doc, present: tuple[str, ...]) -> list[Sentence]:
    """Sentences that contain a number, in the order a study reports its own numbers.

    A structured abstract's background is about other studies and is skipped; an unstructured
    abstract's first sentence is only guessed to be background, so it is tried last.
    """
    rank = _RANK if doc.structured else _RANK_UNSTRUCTURED
    low = doc.full_lower

    def has_number(s: Sentence) -> bool:
        """Digits, or one of the article's number words as a whole word."""
        if _HAS_DIGIT.search(s.norm):
            return True
        piece = low[s.start : s.start + len(s.norm)]
        return any(w in piece and _NUMBER_WORD_AT[w].search(s.norm) for w in present)

    ordered = sorted((s for s in doc.sentences if s.section in rank and has_number(s)),
                     key=lambda s: (rank[s.section], s.index))
    if doc.structured:
        # a background sentence that speaks of this study ("As a sub-study of the parent trial, we
        # assessed ... (esketamine, n = 16; placebo, n = 7)") is tried last
        ordered += [s for s in doc.sentences
                    if s.section == "background" and has_number(s) and speaks_of_this_study(doc, s)]
    return ordered


def _valid(text: str, m: re.Match[str]) -> int | None:
    """The count a match reads, unless the number is a dose, an age, a duration or a year."""
    n = parse_number(m.group("num"))
    if n is None or n <= 0 or n > 5_000_000:
        return None
    a, b = m.span("num")
    if _NOT_AFTER.match(text, b):
        return None
    if _NOT_BEFORE.search(text, max(0, a - 20), a):
        return None
    if 1950 <= n <= 2035 and _YEAR_BEFORE.search(text, max(0, a - 10), a):
        return None
    if _PER_BEFORE.search(text, max(0, a - 40), a) or _PER_AFTER.match(text, m.end()):
        return None  # a per-group count ("each cohort comprised of 8", "10 patients per centre")
    if _GENDER_AFTER.match(text, b) and _depth_at(text, a):
        return _gender_total(text, a)
    return n


def _gender_total(text: str, a: int) -> int | None:
    """A count by sex in brackets: both sexes are the whole group ("(16 males, 4 female)" is 20);
    one alone is part of a larger one ("36 interviews with mostly men (eight women)")."""
    start = max(text.rfind("(", 0, a), text.rfind("[", 0, a))
    end = min((i for i in (text.find(")", a), text.find("]", a)) if i != -1), default=len(text))
    counts = [parse_number(m.group("num")) for m in _GENDER_COUNT.finditer(text, start + 1, end)]
    counts = [c for c in counts if c]
    return sum(counts) if len(counts) >= 2 else None


def _number_starts(text: str, low: str, words: tuple[str, ...]) -> list[int]:
    """Where the numbers (digits, and the article's number words) start, as _NUMBER_AT.finditer finds them.

    A number starts at a digit run or at one of the number words, so only those places are tried.
    """
    if not words:
        return [a for a in (m.start() for m in _DIGITS.finditer(text)) if a == 0 or text[a - 1] not in _NOT_BEFORE_DIGIT]
    places = [m.start() for m in _DIGITS.finditer(text)]
    for w in words:
        places.extend(occurrences(low, w))
    places.sort()
    out, end = [], -1
    for pos in places:
        if pos < end:
            continue
        m = _NUMBER_AT.match(text, pos)
        if m is not None:
            out.append(m.start())
            end = m.end()
    return out


class _NumberStarts:
    """The offsets where numbers start in a sentence, found only if a pattern asks for them."""

    __slots__ = ("text", "low", "words", "found")

    def __init__(self, text: str, low: str, words: tuple[str, ...]) -> None:
        self.text, self.low, self.words, self.found = text, low, words, None

    def __call__(self) -> list[int]:
        if self.found is None:
            self.found = _number_starts(self.text, self.low, self.words)
        return self.found


def _prepared(doc: Doc, sentences: list[Sentence], words: tuple[str, ...]) -> list[tuple[Sentence, str, _NumberStarts]]:
    """Each sentence with its lowercase text and (lazily) the offsets where numbers start."""
    low = doc.full_lower
    out = []
    for s in sentences:
        piece = low[s.start : s.start + len(s.norm)]
        out.append((s, piece, _NumberStarts(s.norm, piece, words)))
    return out


def _with_word(prepared: list[tuple[Sentence, str, _NumberStarts]], words: tuple[str, ...]) -> list[tuple[Sentence, str, _NumberStarts]]:
    """The sentences that contain one of the words (every pattern of a basis needs one)."""
    return [x for x in prepared if any(w in x[1] for w in words)]


def _usable(patterns: tuple[_SizePattern, ...], full_lower: str) -> tuple[_SizePattern, ...]:
    """The patterns whose words occur somewhere in the article."""
    return tuple(p for p in patterns if p.literals is None or any(x in full_lower for x in p.literals))


def _find(prepared: list[tuple[Sentence, str, _NumberStarts]], patterns: tuple[_SizePattern, ...]) -> tuple[int, Sentence] | None:
    """The first sentence with a count; within it the leftmost count (the total precedes its parts)."""
    if not patterns:
        return None
    for s, low, numbers in prepared:
        if "each" in low and "total" not in low and _PER_SENTENCE.search(s.norm):
            continue  # the make-up of each group, not the total
        if "into " in low and ("each" in low or "per " in low):
            k_groups = _K_GROUPS.search(s.norm)
            if k_groups:
                return parse_number(k_groups.group("k")) * int(k_groups.group("per")), s
        best: tuple[int, int, int] | None = None
        for pat in patterns:
            for m in pat.finditer(s.norm, low, numbers):
                n = _valid(s.norm, m)
                if n is not None:
                    a = m.start("num")
                    key = (0 if _TOTAL_BEFORE.search(s.norm, max(0, a - 16), a) else 1, a)
                    if best is None or key < best[:2]:
                        best = (key[0], key[1], n)
                    break
        if best is not None:
            if _OPENING.fullmatch(s.norm, 0, best[1]) and _DROPOUTS.search(s.norm):
                continue  # "Six patients ... were excluded after randomisation": not the sample
            return best[2], s
    return None


def _largest(prepared: list[tuple[Sentence, str, _NumberStarts]], patterns: tuple[_SizePattern, ...],
             skip: re.Pattern[str] | None = None) -> tuple[int, Sentence] | None:
    """The largest count in any sentence (skip: what the text just before a count must not be)."""
    best: tuple[int, Sentence] | None = None
    for s, low, numbers in prepared:
        for pat in patterns:
            for m in pat.finditer(s.norm, low, numbers):
                n = _valid(s.norm, m)
                if n is None or (skip is not None and skip.search(s.norm, max(0, m.start("num") - 40), m.start("num"))):
                    continue
                if best is None or n > best[0]:
                    best = (n, s)
    return best


_PAREN = re.compile(r"[()\[\]]")


def _depth_at(text: str, i: int) -> int:
    """How many brackets are open at offset i (an opening bracket at i counts as open)."""
    depth = 0
    for m in _PAREN.finditer(text, 0, i):
        if m.group() in "([":
            depth += 1
        elif depth:
            depth -= 1
    return depth + (i < len(text) and text[i] in "([")


def _group_sum(s: Sentence) -> int | None:
    """Total of the groups a sentence lists ('21 users and 21 controls', 'n = 14 ... n = 15').

    Not summed: sentences that give a total, breakdowns in parentheses ('16 adults (8 women)'),
    a total followed by its parts ('n = 78 ... n = 39 ... n = 39') and time points.
    """
    text = s.norm
    m = _GROUPS_OF.search(text)
    if m:
        k, per = parse_number(m.group("num")), int(m.group("per"))
        if k and k <= 10:
            return k * per
    if _NO_SUM.search(text):
        return None
    m = _N_AND_N.search(text)
    if m:
        first = _valid(text, m)
        if first:
            return first + parse_number(m.group("second"))
    values = [v for v in (_valid(text, m) for m in _N_EQUALS.finditer(text)) if v]
    if len(values) < 2:
        values = [v for v in (_valid(text, m) for m in _GROUP.finditer(text) if _depth_at(text, m.start()) == 0) if v]
        if values:
            values += [v for v in (_valid(text, m) for m in _AND_ABBR.finditer(text) if _depth_at(text, m.start()) == 0) if v]
        listed = None
        if _LIST_HINT.search(text):
            listed = next((x for x in (_GROUP_LIST.match(text, a.start()) for a in _NUMBER_AT.finditer(text)) if x), None)
        if listed and _depth_at(text, listed.start()) == 0:
            parts = [parse_number(x.group("num")) for x in _NUMBER_AT.finditer(text, listed.start(), listed.end())]
            parts = [x for x in parts if x]
            if len(parts) >= 2 and sum(parts) > sum(values):
                values = parts
        if len(values) < 2:
            return None
    elif _TIMEPOINTS.search(text):
        return max(values)  # n = ... at successive time points are the same people
    largest = max(values)
    if len(values) >= 3 and values[0] == largest and abs(largest - (sum(values) - largest)) <= 1:
        return largest  # a total followed by its parts
    return sum(values)


def _further_groups(prepared: list[tuple[Sentence, str, _NumberStarts]], first: Sentence, n: int) -> tuple[int, list[Sentence]]:
    """Participants of further groups named in sentences of their own (controls, a second sample)."""
    # controls already counted with the first group are not added again
    patterns = _FURTHER_SAMPLES if _HAS_CONTROLS.search(first.norm) else _FURTHER_CONTROLS + _FURTHER_SAMPLES
    added, used = 0, []
    for s, low, _numbers in prepared:
        if s.index == first.index or s.section not in _FURTHER_SECTIONS or not any(w in low for w in _FURTHER_WORDS):
            continue
        if _FURTHER_GROUP_NOT.search(s.norm):
            continue
        for pat in patterns:
            m = pat.search(s.norm)
            value = _valid(s.norm, m) if m else None
            if value and value < n * 20:
                added += value
                used.append(s)
                break
    return added, used


def label_sample_size(doc: Doc, design: str) -> tuple[int | None, str, str]:
    """(N, basis, evidence sentence); N is None when the abstract states no number."""
    if design not in ("systematic_review", "review", "case_report", "protocol") and any(
        w in doc.full_lower for w in _MODELLED_WORDS
    ):
        cue = modelling_cue(doc)
        low_cue = cue.norm.lower() if cue is not None else ""
        if any(w in low_cue for w in _MODELLED_WORDS) and "alongside" not in low_cue:
            return None, "", ""  # a modelled population is not a count of participants
    words = _number_words(doc)
    sentences = _prepared(doc, _ordered(doc, words), words)
    if any(w in doc.full_lower for w in _MODELLED_WORDS):
        sentences = [x for x in sentences if not (any(w in x[1] for w in _MODELLED_WORDS) and _MODELLED.search(x[0].norm))]
    if design in ("systematic_review", "review"):
        body = [x for x in sentences if x[0].section != "title"]
        best = _largest(body, _usable(_REVIEW["included_participants"], doc.full_lower), _COUNT_PER_DRUG)
        if best:
            return best[0], "included_participants", best[1].text
        hit = _find(body, _usable(_REVIEW["included_studies"], doc.full_lower))
        if hit:
            return hit[0], "included_studies", hit[1].text
        return None, "", ""
    if design == "case_report":
        return 1, "case", next((x[0].text for x in sentences if x[0].section != "title"), doc.title)
    if design == "protocol":
        # the largest planned count: protocols plan in parts ("In Part 1, 16 subjects will ...;
        # in Part 2, 220 subjects will be randomized") and name pilot or sentinel groups first
        patterns = _usable(_PROTOCOL, doc.full_lower)
        hit = max(filter(None, (_find([x], patterns) for x in sentences)), key=lambda h: h[0], default=None)
        if hit:
            return hit[0], "planned", hit[1].text
    for basis in ("randomised", "enrolled", "analysed"):
        pool = _with_word(sentences, _BASIS_WORDS[basis]) if basis in _BASIS_WORDS else sentences
        hit = _find(pool, _usable(_TRIAL[basis], doc.full_lower))
        if hit:
            n, s = hit
            if basis == "enrolled":
                total = _group_sum(s)
                if total and total > n and total < 20 * n:
                    n = total
                elif not total and any(w in s.norm.lower() for w in ("control", "healthy")):
                    uncounted = _UNCOUNTED_GROUP.search(s.norm)
                    if (uncounted and uncounted.start() > s.norm.find(str(n)) >= 0
                            and not _HAS_DIGIT.search(uncounted.group()) and not _NO_SUM.search(s.norm)):
                        return None, "", s.text
                    controls = _AND_CONTROLS.search(s.norm)
                    value = _valid(s.norm, controls) if controls else None
                    first = next(((m, v) for m in _NUMBER_AT.finditer(s.norm) if (v := _valid(s.norm, m))), None)
                    if (value and first is not None and first[0].start() < controls.start("num")
                            and not _depth_at(s.norm, controls.start()) and not _NO_SUM.search(s.norm)):
                        n = max(n, first[1] + value)  # the first group, then the controls
                equal = _EQUAL_GROUPS.search(s.norm)
                if equal:
                    n *= 1 + parse_number(equal.group("k"))
                more, others = _further_groups(sentences, s, n)
                if more:
                    return n + more, basis, join_evidence([s.text] + [x.text for x in others])
            return n, basis, s.text
    return None, "", ""

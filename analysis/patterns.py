"""Fast matching of the vocabularies, and helpers to join evidence.

Python's `re` tries every alternative of a long case-insensitive alternation at every
character, which is far too slow for ~60 vocabularies x 2,000-character abstracts at 500
abstracts/s.  So:

* each pattern's leading literal ("depressi" for r"\\bdepressi(?:on|ve)\\b") is read from the
  parsed pattern (`literal_hints`);
* each article records once which word prefixes it contains (`TextHints`);
* a vocabulary is scanned by intersecting its literals' word prefixes with the article's, then
  finding the surviving literals with `str.find` and anchoring each pattern there with
  `Pattern.match` on the sentence (so `\\b`, lookbehinds and `^` behave as in a sentence search).

The result is the same set of matches as searching each sentence with each pattern; the
literals only skip places where a pattern cannot start.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, Iterable

try:  # Python >= 3.11
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser as _P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

EVIDENCE_SEP = " | "
_TOKEN = re.compile(r"[a-z0-9]+")
_ALNUM = re.compile(r"[a-z0-9]+")
_PREFIX_MIN = 2
_PREFIX_MAX = 5
_MAX_HINTS = 64
_PREFIX_LENGTHS = tuple(range(_PREFIX_MIN, _PREFIX_MAX + 1))

# A hint is (literal, mode): mode "prefix" = the literal starts a word, "word" = it is a whole
# word, "any" = it may start anywhere.
Hint = tuple[str, str]


def occurrences(text: str, literal: str) -> list[int]:
    """Every offset where the literal starts in the text (overlapping occurrences included)."""
    where = []
    pos = text.find(literal)
    while pos != -1:
        where.append(pos)
        pos = text.find(literal, pos + 1)
    return where


class TextHints:
    """The words of an article's lowercased text (whole, and by prefix on demand); memoised finds."""

    __slots__ = ("text", "tokens", "_union", "positions")

    def __init__(self, lowered: str) -> None:
        self.text = lowered
        tokens = set(_TOKEN.findall(lowered))
        self.tokens = tokens
        self._union: set[str] | None = None
        self.positions: dict[str, list[int]] = {}

    def prefix_union(self) -> set[str]:
        """The first 2 to 5 letters of every word, in one set (a key of length k can only equal a k-prefix)."""
        got = self._union
        if got is None:
            got = self._union = {t[:k] for t in self.tokens for k in _PREFIX_LENGTHS}
        return got

    def find_all(self, literal: str) -> list[int]:
        """Every offset of the literal in the text (memoised: vocabularies share literals)."""
        where = self.positions.get(literal)
        if where is None:
            where = self.positions[literal] = occurrences(self.text, literal)
        return where


def _key(hint: Hint) -> str | None:
    literal, mode = hint
    if mode == "word":
        return "=" + literal
    if mode == "prefix":
        lead = _ALNUM.match(literal)
        if lead is None or len(lead.group(0)) < _PREFIX_MIN:
            return None
        if lead.end() < len(literal):  # the literal goes on past its first word: that word is whole
            return "=" + lead.group(0)
        return lead.group(0)[:_PREFIX_MAX]
    return None


def _finish(prefix: str, word_start: bool, whole: bool = False) -> set[Hint] | None:
    """The hint for a collected literal (None if shorter than two characters)."""
    if len(prefix) < 2:
        return None
    lead = _ALNUM.match(prefix)
    anchored = word_start and lead is not None and lead.start() == 0
    if anchored and whole:
        return {(prefix, "word")}
    return {(prefix, "prefix" if anchored else "any")}


def _literal_hints(seq: list, prefix: str = "", word_start: bool = False, budget: list[int] | None = None) -> set[Hint] | None:
    """Literals one of which every match must start with (lowercase), or None if unknown."""
    budget = budget if budget is not None else [200]
    budget[0] -= 1
    if budget[0] < 0:
        return _finish(prefix, word_start)
    i = 0
    while i < len(seq):
        op, av = seq[i]
        rest = seq[i + 1 :]
        if op is _C.LITERAL:
            prefix += chr(av).lower()
            i += 1
            continue
        if prefix and op is _C.AT and av is _C.AT_BOUNDARY and _ALNUM.fullmatch(prefix):
            return _finish(prefix, word_start, whole=True)
        if len(prefix) >= _PREFIX_MAX:
            break
        if op is _C.AT:
            if not prefix and av in (_C.AT_BOUNDARY, _C.AT_BEGINNING, _C.AT_BEGINNING_STRING):
                word_start = True
            i += 1
            continue
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            i += 1
            continue
        if op is _C.SUBPATTERN:
            return _literal_hints(list(av[-1]) + rest, prefix, word_start, budget)
        if op is _C.BRANCH:
            found: set[Hint] = set()
            for branch in av[1]:
                sub = _literal_hints(list(branch) + rest, prefix, word_start, budget)
                if sub is None:
                    return _finish(prefix, word_start)
                found |= sub
            return found if len(found) <= _MAX_HINTS else _finish(prefix, word_start)
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            lo, _hi, item = av
            with_item = _literal_hints(list(item) + rest, prefix, word_start, budget)
            if lo >= 1:
                return with_item if with_item is not None else _finish(prefix, word_start)
            without = _literal_hints(rest, prefix, word_start, budget)
            if with_item is None or without is None:
                return _finish(prefix, word_start)
            return with_item | without
        if op is _C.IN and 0 < len(av) <= 4 and all(o is _C.LITERAL for o, _ in av):
            found = set()
            for _o, v in av:
                sub = _literal_hints(rest, prefix + chr(v).lower(), word_start, budget)
                if sub is None:
                    return _finish(prefix, word_start)
                found |= sub
            return found
        break
    return _finish(prefix, word_start)


def literal_hints(pattern: str, flags: int = re.I) -> set[Hint] | None:
    """The hints of one pattern string (None: the pattern must be tried everywhere)."""
    try:
        parsed = _P.parse(pattern, flags)
    except re.error:
        return None
    return _literal_hints(list(parsed))


def required_literal(pattern: str, flags: int = re.I) -> str | None:
    """The longest literal run (3+ characters, lowercase) every match must contain, if any.

    Only runs at the top level of the pattern count (not inside groups, repeats or branches).
    """
    try:
        parsed = list(_P.parse(pattern, flags))
    except re.error:
        return None
    best, run = "", ""
    for op, av in parsed:
        if op is _C.LITERAL:
            run += chr(av).lower()
            continue
        best, run = max(best, run, key=len), ""
    best = max(best, run, key=len)
    return best if len(best) >= 3 else None


def starts_at_beginning(pattern: str, flags: int = re.I) -> bool:
    """Whether the pattern is anchored at the start of the text (r"^...")."""
    try:
        parsed = list(_P.parse(pattern, flags))
    except re.error:
        return False
    while parsed and parsed[0][0] is _C.SUBPATTERN:
        parsed = list(parsed[0][1][-1])
    return bool(parsed) and parsed[0][0] is _C.AT and parsed[0][1] in (_C.AT_BEGINNING, _C.AT_BEGINNING_STRING)


class Vocab:
    """A vocabulary of patterns, matched per sentence but located through its literals.

    `spans(doc, sentence)` gives the matches of the vocabulary in one sentence (overlaps resolved
    leftmost-longest); the article is scanned once per vocabulary and the result cached on it.
    """

    __slots__ = ("patterns", "flags", "keyed", "word_keys", "word_probes", "prefix_all", "unkeyed", "at_start", "always", "full")

    def __init__(self, patterns: Iterable[str], flags: int = re.I) -> None:
        self.patterns = tuple(patterns)
        self.flags = flags
        compiled = [re.compile(p, flags) for p in self.patterns]
        keyed: dict[str, dict[str, list[re.Pattern[str]]]] = {}
        unkeyed: dict[str, list[re.Pattern[str]]] = {}
        at_start: list[tuple[re.Pattern[str], tuple[str, ...] | None, str | None]] = []
        always: list[re.Pattern[str]] = []
        for pattern, pat in zip(self.patterns, compiled):
            hints = literal_hints(pattern, flags)
            if starts_at_beginning(pattern, flags):
                at_start.append((pat, tuple(h[0] for h in hints) if hints else None, required_literal(pattern, flags)))
            elif hints is None:
                always.append(pat)
            else:
                for hint in hints:
                    key = _key(hint)
                    if key is None:
                        unkeyed.setdefault(hint[0], []).append(pat)
                    else:
                        keyed.setdefault(key, {}).setdefault(hint[0], []).append(pat)
        # word key -> literal -> patterns starting with that literal
        self.keyed = {k: tuple((lit, tuple(p)) for lit, p in v.items()) for k, v in keyed.items()}
        # whole-word keys by the bare word, so an article's token set can be intersected directly
        self.word_probes = {k[1:]: v for k, v in self.keyed.items() if k[0] == "="}
        self.word_keys = frozenset(self.word_probes)
        # word-prefix keys (2 to 5 letters), matched against TextHints.prefix_union()
        self.prefix_all = frozenset(k for k in self.keyed if k[0] != "=")
        self.unkeyed = tuple((lit, tuple(p)) for lit, p in unkeyed.items())
        self.at_start = tuple(at_start)
        self.always = tuple(always)
        self.full = re.compile("|".join(f"(?:{p})" for p in self.patterns), flags)

    # -- whole-article scan -------------------------------------------------------------
    def scan(self, doc: Any) -> dict[int, list[tuple[int, int]]]:
        """Matches of the vocabulary in every sentence of an analysis.text.Doc: index -> sorted spans."""
        key = id(self)
        got = doc.cache.get(key)
        if got is not None:
            return got
        found: dict[int, list[tuple[int, int]]] = {}
        hints = doc.hints
        word_probes, keyed = self.word_probes, self.keyed
        probes = [probe for w in self.word_keys & hints.tokens for probe in word_probes[w]] if word_probes else []
        if self.prefix_all:
            for k in self.prefix_all & hints.prefix_union():
                probes.extend(keyed[k])
        if probes or self.unkeyed:
            sentences, starts = doc.sentences, doc.starts
            probes.extend(self.unkeyed)
            positions = hints.positions
            for literal, pats in probes:
                where = positions.get(literal)
                if where is None:
                    where = hints.find_all(literal)
                for pos in where:
                    si = bisect_right(starts, pos) - 1
                    if si < 0:
                        continue
                    text = sentences[si].norm
                    local = pos - starts[si]
                    if local >= len(text):
                        continue
                    for pat in pats:
                        m = pat.match(text, local)
                        if m is not None and m.end() > local:
                            found.setdefault(si, []).append(m.span())
        if self.at_start or self.always:
            for si, spans in self._scan_anchored(doc).items():
                found.setdefault(si, []).extend(spans)
        found = _resolve(found)
        doc.cache[key] = found
        return found

    def _scan_anchored(self, doc: Any) -> dict[int, list[tuple[int, int]]]:
        """Matches of the patterns anchored at the sentence start or without a literal."""
        found: dict[int, list[tuple[int, int]]] = {}
        if self.at_start:
            low, starts = doc.full_lower, doc.starts
            # patterns without a leading literal are tried only where their required literal occurs
            patterns = [(pat, lits, req) for pat, lits, req in self.at_start if req is None or req in low]
            for si, s in enumerate(doc.sentences):
                head = low[starts[si] : starts[si] + 40]
                for pat, lits, req in patterns:
                    if lits is not None and not head.startswith(lits):
                        continue
                    if lits is None and req is not None and req not in low[starts[si] : starts[si] + len(s.norm)]:
                        continue
                    m = pat.match(s.norm)
                    if m is not None and m.end() > 0:
                        found.setdefault(si, []).append(m.span())
        for pat in self.always:
            for si, s in enumerate(doc.sentences):
                for m in pat.finditer(s.norm):
                    if m.end() > m.start():
                        found.setdefault(si, []).append(m.span())
        return found

    def possible(self, hints: TextHints) -> bool:
        """Whether the vocabulary can match anywhere in a text with these hints (cheap prefilter)."""
        if self.unkeyed or self.at_start or self.always:
            return True
        if not self.word_keys.isdisjoint(hints.tokens):
            return True
        return bool(self.prefix_all) and not self.prefix_all.isdisjoint(hints.prefix_union())

    def spans(self, doc: Any, sentence: Any) -> list[tuple[int, int]]:
        """Matches (start, end) in one sentence of the doc."""
        return self.scan(doc).get(sentence.index, [])

    def hit(self, doc: Any, sentence: Any) -> bool:
        """Whether the vocabulary occurs in the sentence."""
        found = doc.cache.get(id(self))
        if found is None:
            found = self.scan(doc)
        return sentence.index in found

    def count(self, doc: Any, sentence: Any) -> int:
        """How many times the vocabulary occurs in the sentence."""
        return len(self.scan(doc).get(sentence.index, ()))

    def first(self, doc: Any, sections: Iterable[str] | None = None) -> Any:
        """The first sentence (optionally of the given sections) where the vocabulary occurs."""
        found = self.scan(doc)
        if not found:
            return None
        wanted = None if sections is None else set(sections)
        for si in sorted(found):
            s = doc.sentences[si]
            if wanted is None or s.section in wanted:
                return s
        return None

    def sentences(self, doc: Any, sections: Iterable[str] | None = None) -> list:
        """All sentences (optionally of the given sections) where the vocabulary occurs, in order."""
        found = self.scan(doc)
        wanted = None if sections is None else set(sections)
        return [doc.sentences[si] for si in sorted(found) if wanted is None or doc.sentences[si].section in wanted]

    # -- arbitrary short text -----------------------------------------------------------
    def search(self, text: str) -> re.Match[str] | None:
        """Search any text with the full alternation (keywords, titles, short strings)."""
        return self.full.search(text)

    def first_start(self, text: str, hints: TextHints | None = None) -> int | None:
        """Where the full alternation's first match in a short text starts (None: no match).

        Tried only at the literals the text contains, like `scan`; `hints` (of text.lower()) can be
        shared by several vocabularies searching the same text.
        """
        low = text.lower()
        if len(low) != len(text):  # lowercasing changed offsets: fall back to the alternation
            m = self.full.search(text)
            return None if m is None else m.start()
        hints = hints or TextHints(low)
        best: int | None = None
        probes = [probe for w in self.word_keys & hints.tokens for probe in self.word_probes[w]]
        for k in self.prefix_all & hints.prefix_union():
            probes.extend(self.keyed[k])
        probes.extend(self.unkeyed)
        for literal, pats in probes:
            for pos in hints.find_all(literal):
                if best is not None and pos >= best:
                    break
                if any((m := pat.match(text, pos)) is not None and m.end() > pos for pat in pats):
                    best = pos
                    break
        for pat, literals, _required in self.at_start:
            if (best is None or best > 0) and (literals is None or low.startswith(literals)):
                m = pat.match(text)
                if m is not None and m.end() > 0:
                    best = 0
        for pat in self.always:
            m = pat.search(text)
            if m is not None and (best is None or m.start() < best):
                best = m.start()
        return best


class VocabSet:
    """Several named vocabularies scanned together in one pass (they are always needed together).

    `vocab_set[name]` behaves like a Vocab (spans, hit, first, sentences, scan, search).
    """

    def __init__(self, named: dict[str, Iterable[str]], flags: int = re.I) -> None:
        self.members = {name: Vocab(patterns, flags) for name, patterns in named.items()}
        self._views = {name: _Member(self, name, vocab) for name, vocab in self.members.items()}
        words: dict[str, dict[str, list]] = {}
        prefixes: dict[int, dict[str, dict[str, list]]] = {}
        unkeyed: dict[str, list] = {}
        for name, vocab in self.members.items():
            for key, probes in vocab.keyed.items():
                table = words if key[0] == "=" else prefixes.setdefault(len(key), {})
                by_literal = table.setdefault(key, {})
                for literal, pats in probes:
                    by_literal.setdefault(literal, []).append((name, pats))
            for literal, pats in vocab.unkeyed:
                unkeyed.setdefault(literal, []).append((name, pats))
        self._words = {k[1:]: tuple((lit, tuple(t)) for lit, t in v.items()) for k, v in words.items()}
        self._word_keys = frozenset(self._words)
        self._prefixes = {
            k: tuple((lit, tuple(t)) for lit, t in v.items()) for table in prefixes.values() for k, v in table.items()
        }
        self._prefix_keys = frozenset(self._prefixes)
        self._unkeyed = tuple((lit, tuple(t)) for lit, t in unkeyed.items())

    def __getitem__(self, name: str) -> "_Member":
        return self._views[name]

    def scan_all(self, doc: Any) -> dict[str, dict[int, list[tuple[int, int]]]]:
        """Matches of every member: name -> sentence index -> sorted spans (cached on the doc)."""
        key = id(self)
        got = doc.cache.get(key)
        if got is not None:
            return got
        hints = doc.hints
        probes = [probe for k in sorted(self._word_keys & hints.tokens) for probe in self._words[k]]  # sorted: same result whatever the hash seed
        for k in sorted(self._prefix_keys & hints.prefix_union()):
            probes.extend(self._prefixes[k])
        probes.extend(self._unkeyed)
        found: dict[str, dict[int, list[tuple[int, int]]]] = {}
        sentences, starts, positions = doc.sentences, doc.starts, hints.positions
        for literal, targets in probes:
            where = positions.get(literal)
            if where is None:
                where = hints.find_all(literal)
            for pos in where:
                si = bisect_right(starts, pos) - 1
                if si < 0:
                    continue
                text = sentences[si].norm
                local = pos - starts[si]
                if local >= len(text):
                    continue
                for name, pats in targets:
                    for pat in pats:
                        m = pat.match(text, local)
                        if m is not None and m.end() > local:
                            found.setdefault(name, {}).setdefault(si, []).append(m.span())
        for name, vocab in self.members.items():
            if vocab.at_start or vocab.always:
                extra = vocab._scan_anchored(doc)
                target = found.setdefault(name, {})
                for si, spans in extra.items():
                    target.setdefault(si, []).extend(spans)
            if name in found:
                found[name] = _resolve(found[name])
        doc.cache[key] = found
        return found


class _Member:
    """One member of a VocabSet, with the Vocab reading API."""

    __slots__ = ("owner", "name", "vocab")

    def __init__(self, owner: VocabSet, name: str, vocab: Vocab) -> None:
        self.owner, self.name, self.vocab = owner, name, vocab

    def scan(self, doc: Any) -> dict[int, list[tuple[int, int]]]:
        """Matches of this member in every sentence: index -> sorted spans."""
        return self.owner.scan_all(doc).get(self.name, {})

    def spans(self, doc: Any, sentence: Any) -> list[tuple[int, int]]:
        """Matches (start, end) in one sentence."""
        return self.scan(doc).get(sentence.index, [])

    def hit(self, doc: Any, sentence: Any) -> bool:
        """Whether the member occurs in the sentence."""
        return sentence.index in self.scan(doc)

    def count(self, doc: Any, sentence: Any) -> int:
        """How many times the member occurs in the sentence."""
        return len(self.scan(doc).get(sentence.index, ()))

    def first(self, doc: Any, sections: Iterable[str] | None = None) -> Any:
        """The first sentence (optionally of the given sections) where the member occurs."""
        found = self.scan(doc)
        wanted = None if sections is None else set(sections)
        for si in sorted(found):
            s = doc.sentences[si]
            if wanted is None or s.section in wanted:
                return s
        return None

    def sentences(self, doc: Any, sections: Iterable[str] | None = None) -> list:
        """All sentences (optionally of the given sections) where the member occurs, in order."""
        found = self.scan(doc)
        wanted = None if sections is None else set(sections)
        return [doc.sentences[si] for si in sorted(found) if wanted is None or doc.sentences[si].section in wanted]

    def possible(self, hints: TextHints) -> bool:
        """Whether the member can match anywhere in a text with these hints."""
        return self.vocab.possible(hints)

    def search(self, text: str) -> re.Match[str] | None:
        """Search any text with the member's full alternation."""
        return self.vocab.search(text)

    def first_start(self, text: str, hints: TextHints | None = None) -> int | None:
        """Where the member's first match in a short text starts (see Vocab.first_start)."""
        return self.vocab.first_start(text, hints)


def _resolve(found: dict[int, list[tuple[int, int]]]) -> dict[int, list[tuple[int, int]]]:
    """Sentences in order, each with sorted spans without overlaps (leftmost, then longest, wins).

    The literals are probed in set order (which varies with the hash seed); sorting here makes
    every result, and so every label and evidence choice, independent of that order.
    """
    for si, spans in found.items():
        if len(spans) > 1:
            spans.sort(key=lambda x: (x[0], -x[1]))
            kept = [spans[0]]
            for a, b in spans[1:]:
                if a >= kept[-1][1]:
                    kept.append((a, b))
            found[si] = kept
    return dict(sorted(found.items())) if len(found) > 1 else found


def any_of(patterns: Iterable[str], flags: int = re.I) -> re.Pattern[str]:
    """One compiled alternation of the patterns."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def join_evidence(items: Iterable[str]) -> str:
    """Unique evidence items, in order, joined so the dashboard can split and highlight them."""
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return EVIDENCE_SEP.join(seen)


def metadata_item(kind: str, value: str) -> str:
    """Evidence text for a metadata item ('MeSH: Depression', 'Publication type: Review')."""
    return f"{kind}: {value}"

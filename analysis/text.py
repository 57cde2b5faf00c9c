"""Turn one article (title, abstract, metadata) into sentences with their abstract section.

Every sentence is an exact slice of the title or the abstract, so the dashboard can find and
highlight the evidence a label cites.  Structured abstracts ("METHODS: ...", one section a
line or inline) keep their section; unstructured ones get a role from position and cue words.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from analysis import vocabulary as V
from analysis.patterns import TextHints, Vocab

# --- compiled once ------------------------------------------------------------------------

# A heading: at the start, after a newline or after the end of a sentence; a run of words then ':'.
_HEADING_LABEL = re.compile(r"[A-Za-z][A-Za-z/&,'\- ]{1,60}")
_HEADING_START = re.compile(r"(?:^|\n|[.!?)\]\"”]|[(\[](?=[ \t]))[ \t]*(?=[A-Za-z][A-Za-z/&,'\- ]*$)")
_TITLE_CASE = frozenset(V.TITLE_CASE_HEADINGS)
_GLUED_TITLE_HEADING = re.compile(r"(?:" + "|".join(V.GLUED_TITLE_HEADINGS) + r")(?=[A-Z][a-z])")
# An all-capital heading glued to the previous sentence, as PubMed leaves it when it strips a
# sub/superscript ("... 0.5 mg kg RESULTS: ...", "... SpO CONCLUSION: ..."): capital words only.
_GLUED_HEADING = re.compile(r"(?<![\w-])(?:[A-Z][A-Z&/\-]+ ){0,3}[A-Z][A-Z&/\-]{2,}$")
# A sentence boundary: end punctuation (optionally closing quotes/brackets), space, then a
# character that can start a sentence.
# Or a full stop glued to the next sentence, as PubMed leaves some abstracts whose headings it
# removed ("... by outcome.Forty-two healthy volunteers were given ...").
_BOUNDARY = re.compile(r"[.!?\n](?:(?<=\n)\n*|(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?(?:[A-Z0-9±]|[a-z]{1,2}[A-Z]{2,}))|(?<=[a-z]{3}\.)(?=[A-Z][a-z]{2}))")
_ABBREVIATIONS = frozenset(
    "e.g i.e vs v al dr fig figs no nos approx ca cf mr mrs ms st inc ltd co jr sr u.s u.k i.v i.m "
    "p.o s.c i.n resp ref refs eq vol pp prof dept univ est approx sd n.s".split()
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
# A single letter after one of these nouns is a label ("in Group I.", "vitamin D."), not an initial: the sentence may end.
_LETTER_LABEL_BEFORE = re.compile(r"\b(?:groups?|arms?|phase|type|grade|stage|class|vitamin|hepatitis|cohort|part|condition|"
                                  r"regimen|schedule|sequence|period|site|side)\s+[A-Za-z]\.$", re.IGNORECASE)
_BOILERPLATE = Vocab(V.BOILERPLATE)
_OBJECTIVE = Vocab(V.OBJECTIVE_CUES)
_CONCLUSION = Vocab(V.CONCLUSION_CUES)
_METHODS_OPENING = Vocab(V.METHODS_OPENING)
_LITERAL_NEWLINE = re.compile(r"\\n")
# One-for-one replacements (offsets unchanged) so patterns need not list every dash and quote.
_NORMALISE = (
    ("\u2010", "-"), ("\u2011", "-"), ("\u2012", "-"), ("\u2013", "-"), ("\u2014", "-"), ("\u2212", "-"),
    ("\u00ad", "-"), ("\u2018", "'"), ("\u2019", "'"), ("\u201a", "'"), ("\u2032", "'"), ("\u201c", '"'),
    ("\u201d", '"'), ("\u00a0", " "), ("\u2009", " "), ("\u202f", " "), ("\u2002", " "), ("\u2003", " "),
    ("\u200a", " "),
)


def normalise(text: str) -> str:
    """Dashes, quotes and spaces replaced one for one (so offsets stay valid)."""
    if text.isascii():
        return text
    for char, repl in _NORMALISE:
        if char in text:
            text = text.replace(char, repl)
    return text


@dataclass(slots=True, eq=False)
class Sentence:
    """One sentence, an exact slice of `source` ('title' or 'abstract'), with its section.

    `index` is its position in Doc.sentences, `start` its offset in Doc.full_lower.  Patterns
    match `norm`; evidence quotes `text` (the stored text, so the dashboard can highlight it).
    """

    text: str
    source: str
    section: str
    index: int
    start: int = 0
    norm: str = ""  # the same sentence with dashes, quotes and spaces normalised (same length)


@dataclass(slots=True)
class Doc:
    """What the labellers read: sentences, the whole text once, and the metadata lists."""

    title: str
    abstract: str
    sentences: list[Sentence]
    structured: bool
    norm_title: str = ""
    norm_abstract: str = ""
    mesh: tuple[str, ...] = ()
    mesh_major: tuple[str, ...] = ()
    publication_types: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    retraction_signals: tuple[str, ...] = ()
    hints: TextHints | None = None
    full_lower: str = ""
    starts: list[int] = field(default_factory=list)
    cache: dict = field(default_factory=dict)
    _lower_mesh: frozenset[str] = field(default=frozenset())
    _lower_major: frozenset[str] = field(default=frozenset())

    @property
    def text(self) -> str:
        """Title and abstract as one string (for whole-article searches)."""
        return self.title + "\n" + self.abstract

    def in_sections(self, *sections: str) -> list[Sentence]:
        """Sentences of the given canonical sections, in order."""
        return [s for s in self.sentences if s.section in sections]

    def has_mesh(self, names: Iterable[str], major_only: bool = False) -> str | None:
        """The first of `names` that is a MeSH heading of the article (case-insensitive), else None."""
        pool = self._lower_major if major_only else self._lower_mesh
        for name in names:
            if name.lower() in pool:
                return name
        return None


def _missing(value: Any) -> bool:
    """None, NaN, pandas NA or NaT: an empty cell."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def as_str_list(value: Any) -> tuple[str, ...]:
    """Normalise a metadata cell (list, numpy array, JSON text, 'a; b', None, NaN) to strings."""
    if _missing(value):
        return ()
    if isinstance(value, float):
        return (str(value),)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = None
            if isinstance(parsed, list):
                return tuple(str(v).strip() for v in parsed if v is not None and str(v).strip())
        parts = re.split(r"\s*[;|]\s*", text)
        return tuple(p for p in parts if p)
    try:
        items = list(value)
    except TypeError:
        return (str(value),)
    return tuple(str(v).strip() for v in items if v is not None and str(v).strip())


def clean_text(value: Any) -> str:
    """A cell as text: None/NaN/NA become '', a literal backslash-n becomes a newline."""
    if _missing(value):
        return ""
    text = str(value)
    if "\\n" in text:
        text = _LITERAL_NEWLINE.sub("\n", text)
    return text


def named_section(heading: str) -> str | None:
    """The section a heading names by one of its keywords, or None if it names none."""
    low = heading.lower()
    for keyword, section in V.SECTION_KEYWORDS:
        if keyword in low:
            return section
    return None


def canonical_section(heading: str) -> str:
    """Map a structured-abstract heading ('DESIGN, SETTING, AND PARTICIPANTS') to a section."""
    return named_section(heading) or "other"


def _heading_at(abstract: str, pos: int) -> tuple[int, str] | None:
    """(start, label) of the heading whose ':' is at pos, if the words before it are one."""
    window_start = max(0, pos - 62)
    window = abstract[window_start:pos]
    m = _HEADING_START.search(window)
    if m is not None and (m.start() > 0 or window_start == 0 or abstract[window_start - 1] in "\n.!?)]\"”"):
        label = abstract[window_start + m.end() : pos].strip()
        if label and _HEADING_LABEL.fullmatch(label):
            letters = re.sub(r"[ /&,'\-]", "", label)
            if (label.isupper() and len(letters) >= 3) or label.lower() in _TITLE_CASE:
                return window_start + m.end(), label
    g = _GLUED_HEADING.search(window)
    if g is not None and named_section(g.group()) is not None:  # 'HDRS CONCLUSIONS', not 'DOI'
        return window_start + g.start(), g.group()
    return None


def _headings(abstract: str) -> list[tuple[int, int, str]]:
    """(start, end, section) of each section heading in the abstract."""
    found = []
    pos = abstract.find(":")
    while pos != -1:
        end = pos + 1
        while end < len(abstract) and abstract[end] in " \t":
            end += 1
        heading = _heading_at(abstract, pos) if end < len(abstract) else None
        if heading is not None:
            found.append((heading[0], end, canonical_section(heading[1])))
        pos = abstract.find(":", pos + 1)
    glued = [m for m in _GLUED_TITLE_HEADING.finditer(abstract)
             if m.start() == 0 or abstract[m.start() - 1] in ".!?" or abstract[m.start() - 2 : m.start()] in (". ", "? ")]
    if len(glued) >= 2:
        found = sorted(found + [(m.start(), m.end(), canonical_section(m.group())) for m in glued])
    return found


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences in text[start:end], whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in _BOUNDARY.finditer(text, start, end):
        first = text[m.start()]
        cut = m.start() if first == "\n" else m.start() + 1
        if first == ".":
            wm = _WORD_BEFORE.search(text[max(cursor, cut - 12) : cut])
            if wm:
                word = wm.group(1).lower().rstrip(".")
                if word in _ABBREVIATIONS or (len(word) == 1 and not _LETTER_LABEL_BEFORE.search(text[max(cursor, cut - 16) : cut])):
                    continue
        _append_span(text, cursor, cut, spans)
        cursor = m.end()
    _append_span(text, cursor, end, spans)
    return spans


def _append_span(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        spans.append((a, b))


def _lowered(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two; keep offsets aligned
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low


def build_doc(
    title: Any,
    abstract: Any,
    mesh: Any = None,
    mesh_major: Any = None,
    publication_types: Any = None,
    keywords: Any = None,
    retraction_signals: Any = None,
) -> Doc:
    """Parse one article into a Doc (sentences with sections, metadata as string tuples)."""
    title_s = clean_text(title).strip()
    abstract_s = clean_text(abstract).strip()
    keyword_list = as_str_list(keywords)
    norm_title, norm_abstract = normalise(title_s), normalise(abstract_s)
    full_lower = _lowered(norm_title + "\n" + norm_abstract)
    hints = TextHints(full_lower + "\n" + "; ".join(keyword_list).lower())
    offset = len(title_s) + 1
    sentences: list[Sentence] = []
    if title_s:
        sentences.append(Sentence(title_s, "title", "title", 0, 0, norm_title))
    heads = _headings(norm_abstract) if abstract_s else []
    structured = len(heads) >= 2
    if structured:
        # text before the first heading, then each heading's body
        bounds = [(0, heads[0][0], "background")] + [
            (h[1], heads[i + 1][0] if i + 1 < len(heads) else len(abstract_s), h[2]) for i, h in enumerate(heads)
        ]
        for a, b, section in bounds:
            for sa, sb in split_sentences(norm_abstract, a, b):
                sentences.append(
                    Sentence(abstract_s[sa:sb], "abstract", section, len(sentences), offset + sa, norm_abstract[sa:sb])
                )
    elif abstract_s:
        for sa, sb in split_sentences(norm_abstract):
            sentences.append(Sentence(abstract_s[sa:sb], "abstract", "body", len(sentences), offset + sa, norm_abstract[sa:sb]))
    doc = Doc(
        title=title_s,
        abstract=abstract_s,
        norm_title=norm_title,
        norm_abstract=norm_abstract,
        sentences=sentences,
        structured=structured,
        mesh=as_str_list(mesh),
        mesh_major=as_str_list(mesh_major),
        publication_types=as_str_list(publication_types),
        keywords=keyword_list,
        retraction_signals=as_str_list(retraction_signals),
        hints=hints,
        full_lower=full_lower,
        starts=[x.start for x in sentences],
    )
    doc._lower_mesh = frozenset(m.lower().rstrip("*") for m in doc.mesh) | frozenset(m.lower() for m in doc.mesh_major)
    doc._lower_major = frozenset(m.lower() for m in doc.mesh_major)
    abstract_sentences = [x for x in sentences if x.source == "abstract"]
    if structured:
        lead = [x for x in abstract_sentences if x.section == "background" and x.start - offset < heads[0][0]]
        if len(lead) >= 2:
            # text before the first heading: an aim sentence there starts this study's own text
            aim = next((i for i, x in enumerate(lead) if _OBJECTIVE.hit(doc, x)), None)
            if aim is not None:
                lead[aim].section = "objective"
                for x in lead[aim + 1 :]:
                    x.section = "body"
        for x in abstract_sentences:
            if _BOILERPLATE.hit(doc, x):
                x.section = "registration"
    else:
        for x, role in zip(abstract_sentences, _unstructured_roles(doc, abstract_sentences)):
            x.section = role
    return doc


def speaks_of_this_study(doc: Doc, sentence: Sentence) -> bool:
    """Whether a sentence states this study's own aim or work ('we assessed', 'in this study')."""
    return _OBJECTIVE.hit(doc, sentence)


def _unstructured_roles(doc: Doc, sents: list[Sentence]) -> list[str]:
    """Roles for the sentences of an unstructured abstract: background, objective, body, conclusions."""
    n = len(sents)
    roles = ["body"] * n
    if n == 0:
        return roles
    boiler = [_BOILERPLATE.hit(doc, x) for x in sents]
    first_objective = None
    for i, x in enumerate(sents[: max(1, min(n, 6, (n + 1) // 2))]):  # the aim is stated early, not in the last half
        if _OBJECTIVE.hit(doc, x):
            first_objective = i
            break
    if first_objective is not None:
        for i in range(first_objective):
            roles[i] = "background"
        roles[first_objective] = "objective"
    elif n >= 4 and not _METHODS_OPENING.hit(doc, sents[0]):
        roles[0] = "background"
    # conclusions: cue sentences in the last half, else the last real sentence
    last_real = max((i for i in range(n) if not boiler[i]), default=None)
    tail_start = max(1, n - max(3, n // 2))
    cued = False
    for i in range(tail_start, n):
        if not boiler[i] and _CONCLUSION.hit(doc, sents[i]):
            for j in range(i, n):
                roles[j] = "conclusions"
            cued = True
            break
    if not cued and last_real is not None and last_real > 0:
        roles[last_real] = "conclusions"
    for i, b in enumerate(boiler):
        if b:
            roles[i] = "registration"
    return roles

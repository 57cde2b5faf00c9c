"""Which condition(s) a study treats: from MeSH when present, from where the words sit otherwise.

Each mention is weighted by its section (vocabulary.CONDITION_SECTION_WEIGHTS: the title and the
aim say more than the background) and gets a bonus when the words around it show it is the
participants' condition ("patients with treatment-resistant depression", "PTSD veterans",
"treatment of chronic pain").  Mentions inside a rating instrument's name ("Beck Depression
Inventory") or in exclusion criteria do not count.  A condition is labelled when

* its score reaches its threshold and is not dwarfed by the main condition,
* it is the main condition, or is named in the title/aim, or the participants are said to have it
  (a symptom measured as a secondary outcome is not the condition studied), and
* in a sample of healthy volunteers or drug users, the participants are said to have it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis import vocabulary as V
from analysis.patterns import TextHints, Vocab, VocabSet, join_evidence, metadata_item
from analysis.text import Doc

_ALL_TEXT = VocabSet({name: spec["text"] for name, spec in V.CONDITIONS.items()})
_TEXT = {name: _ALL_TEXT[name] for name in V.CONDITIONS}
_EXCLUDE_BEFORE = {
    name: re.compile(spec["exclude_before"], re.I) for name, spec in V.CONDITIONS.items() if spec.get("exclude_before")
}
_MESH = {name: tuple(spec.get("mesh", ())) for name, spec in V.CONDITIONS.items()}
_THRESHOLD = {name: float(spec.get("threshold", V.CONDITION_THRESHOLD)) for name, spec in V.CONDITIONS.items()}
_ORDER = tuple(V.CONDITIONS)
_EXCLUSION = Vocab((V.EXCLUSION_SENTENCE,))
_TREATMENT_IMPLIES = {name: (Vocab(treatment), re.compile(other_uses, re.I))
                      for name, (treatment, other_uses) in V.TREATMENT_IMPLIES.items()}
_INSTRUMENT = re.compile(V.INSTRUMENT_AFTER, re.I)
_INSTRUMENT_WORD = re.compile(V.INSTRUMENT_WORDS)
_WORD = re.compile(r"[a-z]+")
_NON_CLINICAL = ("healthy_volunteers", "recreational_use")
_TREATABLE = tuple(c for c in V.CLINICAL_CONDITIONS if c != "other")
# sections that describe this study's participants (not the background, not the outlook)
_OWN_SECTIONS = frozenset(("title", "objective", "methods", "results", "body"))
_TOPIC_SECTIONS = frozenset(("title", "objective"))


@dataclass
class ConditionSignals:
    """What the abstract says about each condition (scores, contexts, evidence)."""

    scores: dict[str, float] = field(default_factory=lambda: {n: 0.0 for n in _ORDER})
    participants: dict[str, int] = field(default_factory=lambda: {n: 0 for n in _ORDER})
    topical: dict[str, int] = field(default_factory=lambda: {n: 0 for n in _ORDER})
    evidence: dict[str, list[tuple[float, str]]] = field(default_factory=lambda: {n: [] for n in _ORDER})


def mention_context(low: str, a: int, b: int) -> str | None:
    """'participants' ("patients with X", "X patients"), 'treatment' ("treatment of X") or None."""
    before = _WORD.findall(low, max(0, a - 70), a)[-V.TREATED_WINDOW_WORDS :]
    for i, w in enumerate(before):
        if w in V.TREATED_PARTICIPANTS and any(x in V.TREATED_LINKS for x in before[i + 1 :]):
            return "participants"
    for w in _WORD.findall(low, b, b + 40)[:4]:
        if w in V.TREATED_PARTICIPANTS:
            return "participants"
        if w not in V.CONDITION_NOUN_TAIL:
            break
    if any(w in V.TREATED_WORDS for w in before[-4:]):
        return "treatment"
    return None


def condition_signals(doc: Doc) -> ConditionSignals:
    """Score every condition from MeSH, title/abstract mentions and keywords."""
    sig = ConditionSignals()
    if doc.mesh:
        for name in _ORDER:
            for term in _MESH[name]:
                hit = doc.has_mesh((term,))
                if hit:
                    w = V.CONDITION_MESH_MAJOR if doc.has_mesh((term,), major_only=True) else V.CONDITION_MESH_MINOR
                    sig.scores[name] += w
                    sig.participants[name] += 1
                    sig.evidence[name].append((w + 10.0, metadata_item("MeSH", hit)))
                    break
    excluded = _EXCLUSION.scan(doc)
    sentence_info: dict[int, tuple[str, bool]] = {}
    for name in _ORDER:
        found = _TEXT[name].scan(doc)
        if not found:
            continue
        excl = _EXCLUDE_BEFORE.get(name)
        for si, spans in found.items():
            s = doc.sentences[si]
            weight = V.CONDITION_SECTION_WEIGHTS.get(s.section, 0.3)
            if weight <= 0 or (s.section != "title" and si in excluded):
                continue
            info = sentence_info.get(si)
            if info is None:
                low = doc.full_lower[s.start : s.start + len(s.text)]
                info = sentence_info[si] = (low, _INSTRUMENT_WORD.search(low) is not None)
            low, instruments = info
            best = 0.0
            for a, b in spans:
                if excl is not None and excl.search(low, max(0, a - 40), a):
                    continue
                if instruments and _INSTRUMENT.match(low, b):
                    continue
                w = weight
                context = mention_context(low, a, b)
                if context is not None:
                    w += V.CONDITION_TREATED_BONUS
                    if context == "participants" and s.section in _OWN_SECTIONS:
                        sig.participants[name] += 1
                if s.section in _TOPIC_SECTIONS:
                    sig.topical[name] += 1
                best = max(best, w)
            if best > 0:
                sig.scores[name] += best
                sig.evidence[name].append((best, s.text))
    if doc.keywords:
        joined = " ; ".join(doc.keywords)
        kw_hints = TextHints(joined.lower())
        for name in _ORDER:
            if not _TEXT[name].possible(kw_hints):
                continue
            start = _TEXT[name].first_start(joined, kw_hints)
            if start is None:
                continue
            kw = doc.keywords[joined.count(" ; ", 0, start)]
            sig.scores[name] += V.CONDITION_SECTION_WEIGHTS["keywords"]
            sig.topical[name] += 1
            sig.evidence[name].append((V.CONDITION_SECTION_WEIGHTS["keywords"] - 1.0, metadata_item("Keyword", kw)))
    return sig


def condition_scores(doc: Doc) -> tuple[dict[str, float], dict[str, list[tuple[float, str]]]]:
    """Score of each condition and its evidence candidates (weight, sentence or metadata item)."""
    sig = condition_signals(doc)
    return sig.scores, sig.evidence


def label_conditions(doc: Doc) -> tuple[list[str], str]:
    """Conditions treated or studied, with the sentence or MeSH heading behind each."""
    sig = condition_signals(doc)
    scores = sig.scores
    top = max((scores[n] for n in _ORDER if n != "other"), default=0.0)
    main = max(_TREATABLE + ("other",), key=lambda n: scores[n])
    chosen = [
        n for n in _ORDER
        if scores[n] >= _THRESHOLD[n] and (scores[n] >= V.CONDITION_RELATIVE * top or n in _NON_CLINICAL)
    ]
    # A secondary condition must be named in the title/aim or as the participants' condition.
    chosen = [
        n for n in chosen
        if n not in _TREATABLE or n == main or sig.topical[n] > 0 or sig.participants[n] > 0
    ]
    # A sample of healthy volunteers or drug users: symptoms measured in them are outcomes, not
    # conditions; keep a condition only where the abstract says participants had it.
    non_clinical = any(n in chosen for n in _NON_CLINICAL)
    if non_clinical:
        chosen = [n for n in chosen if n not in _TREATABLE or sig.participants[n] > 0]
    evidence = sig.evidence
    for source, implied in V.CONDITION_IMPLIES.items():
        if source in chosen and implied not in chosen and not non_clinical:
            chosen.append(implied)
            evidence[implied] = evidence[implied] + sorted(evidence[source], key=lambda x: -x[0])[:1]
    clinical = [n for n in chosen if n in _TREATABLE]
    if not clinical and not non_clinical:
        for implied, (treatment, other_uses) in _TREATMENT_IMPLIES.items():
            s = treatment.first(doc, _OWN_SECTIONS)
            if s is not None and other_uses.search(doc.full_lower) is None:
                chosen.append(implied)
                clinical.append(implied)
                evidence[implied] = [(1.0, s.text)]
    if "other" in chosen and clinical and scores["other"] < 0.5 * top:
        chosen.remove("other")
    if "recreational_use" in chosen and not clinical and "healthy_volunteers" not in chosen:
        chosen.append("healthy_volunteers")
        evidence["healthy_volunteers"] = evidence["recreational_use"]
    chosen = [n for n in _ORDER if n in chosen]
    items = []
    for n in chosen:
        cands = sorted(evidence[n], key=lambda x: -x[0])
        if cands:
            items.append(cands[0][1])
    return chosen, join_evidence(items)

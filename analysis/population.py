"""Who (or what) was studied: humans, animals, cells; so human outcomes never mix with rodent ones."""

from __future__ import annotations

from analysis import vocabulary as V
from analysis.patterns import Vocab, metadata_item
from analysis.text import Doc

_VOCABS = (("animal", Vocab(V.ANIMAL_TERMS)), ("in_vitro", Vocab(V.IN_VITRO_TERMS)), ("human", Vocab(V.HUMAN_TERMS)))
# Sections that describe what this study did (background and conclusions talk about others).
_FOCUS = frozenset(("title", "objective", "methods", "results", "body"))
_FALLBACK_ORDER = ("animal", "human", "in_vitro")


def label_population(doc: Doc) -> tuple[str, str]:
    """human, animal, in_vitro or unclear, from MeSH check tags when present, else from the text."""
    if doc.mesh:
        human = doc.has_mesh(V.MESH_HUMAN)
        animal = doc.has_mesh(V.MESH_ANIMAL)
        if human and not animal:
            return "human", metadata_item("MeSH", human)
        if animal and not human:
            return "animal", metadata_item("MeSH", animal)
        cells = doc.has_mesh(V.MESH_IN_VITRO)
        if cells and not human and not animal:
            return "in_vitro", metadata_item("MeSH", cells)
    scores = {"human": 0.0, "animal": 0.0, "in_vitro": 0.0}
    first: dict[str, str] = {}
    anywhere: dict[str, str] = {}
    for name, vocab in _VOCABS:
        for si, spans in sorted(vocab.scan(doc).items()):
            s = doc.sentences[si]
            if s.section == "registration":
                continue
            anywhere.setdefault(name, s.text)
            if s.section not in _FOCUS:
                continue
            scores[name] += (3.0 if s.section == "title" else 1.0) * min(len(spans), 3)
            first.setdefault(name, s.text)
    if scores["animal"] > 0 and scores["animal"] >= scores["human"]:
        return "animal", first["animal"]
    if scores["human"] > 0:
        return "human", first["human"]
    if scores["in_vitro"] > 0:
        return "in_vitro", first["in_vitro"]
    # Nothing in the focus sections: take any mention (short, unstructured abstracts).
    for name in _FALLBACK_ORDER:
        if name in anywhere:
            return name, anywhere[name]
    return "unclear", ""

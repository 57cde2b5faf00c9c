"""What was given and against what: is it about ketamine, which enantiomer, which route, which comparator."""

from __future__ import annotations

import re

from analysis import vocabulary as V
from analysis.patterns import Vocab, join_evidence, metadata_item
from analysis.text import Doc, Sentence

_KETAMINE = Vocab(V.KETAMINE_TERMS)
_FORMS = {name: Vocab(pats) for name, pats in V.FORMULATION_TERMS.items()}
_ENANTIOMER = Vocab(V.FORMULATION_TERMS["esketamine"] + V.FORMULATION_TERMS["arketamine"])
_RACEMIC_GIVEN = Vocab(V.RACEMIC_GIVEN)
_ROUTES = {name: Vocab(pats) for name, pats in V.ROUTE_TERMS.items()}
_ROUTE_ORDER = tuple(V.ROUTE_TERMS)
_ACTIVE_PLACEBO = Vocab(V.COMPARATOR_TERMS["active_placebo"])
_PLACEBO = Vocab(V.COMPARATOR_TERMS["placebo"])
_ACTIVE = Vocab(V.COMPARATOR_TERMS["active_treatment"])
_ECT = Vocab(V.COMPARATOR_TERMS["ect"])
_ECT_BEFORE = re.compile(V.ECT_COMPARED_BEFORE, re.I)
_ECT_AFTER = re.compile(V.ECT_COMPARED_AFTER, re.I)
_ANAESTHESIA = Vocab(V.ANAESTHESIA_CONTEXT)
_MEASURE_ONLY = Vocab(V.PLACEBO_NOT_AN_ARM)

# sections that describe this study (the background describes others)
FOCUS = ("title", "objective", "methods", "results", "body", "conclusions", "other")
_COMPARATOR_SECTIONS = ("title", "objective", "methods", "results", "body")


def label_is_ketamine(doc: Doc) -> tuple[bool, str]:
    """Whether the article is about ketamine at all (the corpus also holds other psychedelics)."""
    mesh = doc.has_mesh(("Ketamine", "Esketamine"))
    if mesh:
        return True, metadata_item("MeSH", mesh)
    found = _KETAMINE.scan(doc)
    if doc.sentences and doc.sentences[0].section == "title" and 0 in found:
        return True, doc.title
    if doc.keywords and _KETAMINE.possible(doc.hints):
        for kw in doc.keywords:
            if _KETAMINE.search(kw):
                return True, metadata_item("Keyword", kw)
    if not found:
        return False, ""
    focus = _KETAMINE.first(doc, ("objective", "methods"))
    if focus is not None:
        return True, focus.text
    hits = [s for s in _KETAMINE.sentences(doc) if s.section not in ("background", "registration")]
    if len(hits) >= 2:
        return True, hits[0].text
    return False, ""


def _pools(doc: Doc) -> tuple[list[Sentence], list[Sentence]]:
    focus = [s for s in doc.sentences if s.section in FOCUS]
    background = [s for s in doc.sentences if s.section == "background"]
    return focus, background


def label_formulation(doc: Doc) -> tuple[list[str], str]:
    """Racemic ketamine, esketamine and/or arketamine, as studied (not as mentioned in passing)."""
    if _KETAMINE.scan(doc) or doc.has_mesh(("Ketamine", "Esketamine")):
        for pool in _pools(doc):
            found: dict[str, str] = {}
            enantiomer_seen = any(_ENANTIOMER.hit(doc, s) for s in pool)
            for s in pool:
                if "esketamine" not in found and _FORMS["esketamine"].hit(doc, s):
                    found["esketamine"] = s.text
                if "arketamine" not in found and _FORMS["arketamine"].hit(doc, s):
                    found["arketamine"] = s.text
                if "racemic_ketamine" not in found and _FORMS["racemic_ketamine"].hit(doc, s):
                    if not enantiomer_seen or _RACEMIC_GIVEN.hit(doc, s):
                        found["racemic_ketamine"] = s.text
            if found:
                order = [f for f in ("racemic_ketamine", "esketamine", "arketamine") if f in found]
                return order, join_evidence(found[f] for f in order)
    mesh = doc.has_mesh(("Esketamine",))
    if mesh:
        return ["esketamine"], metadata_item("MeSH", mesh)
    mesh = doc.has_mesh(("Ketamine",))
    if mesh:
        return ["racemic_ketamine"], metadata_item("MeSH", mesh)
    return [], ""


def label_route(doc: Doc) -> tuple[list[str], str]:
    """Routes written next to a ketamine mention (intravenous, intranasal, oral, ...); empty = unclear."""
    if not _KETAMINE.scan(doc):
        return [], ""
    for pool in _pools(doc):
        found: dict[str, str] = {}
        for s in pool:
            kspans = _KETAMINE.spans(doc, s)
            if not kspans:
                continue
            for route in _ROUTE_ORDER:
                if route in found:
                    continue
                for a, b in _ROUTES[route].spans(doc, s):
                    if any(
                        abs(a - kb) <= V.ROUTE_WINDOW or abs(ka - b) <= V.ROUTE_WINDOW or ka <= a <= kb
                        for ka, kb in kspans
                    ):
                        found[route] = s.text
                        break
        if found:
            order = [r for r in _ROUTE_ORDER if r in found]
            return order, join_evidence(found[r] for r in order)
    return [], ""


def label_comparator(doc: Doc) -> tuple[str, str]:
    """What the study drug was compared against: placebo, active placebo (midazolam), ECT, other active."""
    focus = [s for s in doc.sentences if s.section in _COMPARATOR_SECTIONS]
    for s in focus:
        if _ACTIVE_PLACEBO.hit(doc, s):
            return "active_placebo", s.text
    for s in focus:
        if _ANAESTHESIA.hit(doc, s):
            continue
        for a, b in _ECT.spans(doc, s):
            if _ECT_BEFORE.search(s.norm, max(0, a - 60), a) or _ECT_AFTER.match(s.norm, b):
                return "ect", s.text
    for s in focus:
        if _PLACEBO.hit(doc, s) and not _MEASURE_ONLY.hit(doc, s):
            return "placebo", s.text
    for s in focus:
        if _ACTIVE.hit(doc, s):
            return "active_treatment", s.text
    return "none_unclear", ""

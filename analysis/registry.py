"""Trial registration numbers of an article, normalised and format-checked, with their evidence.

Read from PubMed's DataBankList (the store column `databank_accessions`, "Bank:Accession") and
from every sentence of the title and abstract.  Each registry below has one pattern, written to
tolerate the spellings abstracts use ("NCT 0123 4567", "NCT-01234567", "ISRCTN 12345678",
"ACTRN12623000817640p") and a normaliser that gives the registry's own form.  A number that
does not have the registry's exact format ("NCT1234") is not taken: a missing link is better
than a wrong one.  Numbers without a registry prefix of their own (EudraCT, CTIS, NTR, NL) are
taken only in a sentence that names their register.

Not trial registrations, so not taken: PROSPERO (CRD...: review protocols), OSF, the WHO
Universal Trial Number (U1111-...: an identifier, not a registry record) and ethics approvals.
"""

from __future__ import annotations

import re
from typing import Any, Callable, NamedTuple

from analysis.patterns import join_evidence, metadata_item
from analysis.text import Doc, as_str_list, named_section, normalise


class Registry(NamedTuple):
    """One trial registry: how its numbers are written in text, and their canonical form."""

    name: str
    pattern: str          # regex (case-insensitive) with a named group "id" (and others if needed)
    canonical: str        # full-match regex of the normalised id: the format check
    normalise: Callable[[re.Match], str]
    context: str | None = None  # regex the sentence must also match (numbers with no prefix of their own)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _prefixed(prefix: str) -> Callable[[re.Match], str]:
    """Normaliser: the registry prefix then the number's digits (spaces and hyphens dropped)."""
    return lambda m: prefix + _digits(m["id"])


def _chictr(m: re.Match) -> str:
    if m["kind"]:  # old form ChiCTR-TRC-12001234
        return f"ChiCTR-{m['kind'].upper()}-{m['old']}"
    return "ChiCTR" + m["new"]


def _ctri(m: re.Match) -> str:
    return f"CTRI/{m['year']}/{m['month']}/{m['num']}"


def _irct(m: re.Match) -> str:
    return "IRCT" + m["id"].upper()


def _jrct(m: re.Match) -> str:
    return "jRCT" + m["id"].lower()


def _rebec(m: re.Match) -> str:
    return "RBR-" + m["id"].lower()


def _eudract(m: re.Match) -> str:
    return "EUCTR" + m["id"]


def _ctis(m: re.Match) -> str:
    return "CTIS" + m["id"]


_EU_REGISTER = r"\bEudra-?CT\b|\bEUCTR\b|clinicaltrialsregister\.eu|\bEU (?:Clinical Trials? )?Regist"
_CTIS_CONTEXT = (r"\bCTIS\b|\bEU ?CT\b|\bEU trial\b|Clinical Trials? Information System|euclinicaltrials\.eu|"
                 + _EU_REGISTER)
_DUTCH_CONTEXT = r"\bNetherlands\b|\bDutch\b|trialregister\.nl|onderzoekmetmensen|\bNTR\b|\bregist"

# The registries, most used first.  Patterns are case-insensitive; (?!\d) keeps a longer
# number from being cut to a valid-looking prefix.
REGISTRIES: tuple[Registry, ...] = (
    Registry("ClinicalTrials.gov", r"\bNCT[ -]?(?P<id>\d{8}|\d{4}[ -]\d{4})(?!\d)",
             r"NCT\d{8}", _prefixed("NCT")),
    Registry("ISRCTN", r"\bISRCTN[ :#-]{0,2}(?P<id>\d{8})(?!\d)", r"ISRCTN\d{8}", _prefixed("ISRCTN")),
    Registry("ChiCTR", r"\bChiCTR[ -]?(?:(?P<kind>[A-Z]{2,5})-(?P<old>\d{8})|(?P<new>\d{10}))(?!\d)",
             r"ChiCTR(?:\d{10}|-[A-Z]{2,5}-\d{8})", _chictr),
    Registry("ANZCTR", r"\bACTRN[ -]?(?P<id>\d{14})p?(?![0-9a-z])", r"ACTRN\d{14}", _prefixed("ACTRN")),
    Registry("EudraCT", r"(?<![\d-])(?P<id>(?:19|20)\d{2}-\d{6}-\d{2})(?!\d|-\d)",
             r"EUCTR(?:19|20)\d{2}-\d{6}-\d{2}", _eudract, _EU_REGISTER),
    Registry("CTIS", r"(?<![\d-])(?P<id>20\d{2}-5\d{5}-\d{2}-\d{2})(?!\d|-\d)",
             r"CTIS20\d{2}-5\d{5}-\d{2}-\d{2}", _ctis, _CTIS_CONTEXT),
    Registry("CTRI", r"\bCTRI\s*/\s*(?P<year>(?:19|20)\d{2})\s*/\s*(?P<month>\d{2,3})\s*/\s*(?P<num>\d{6})(?!\d)",
             r"CTRI/(?:19|20)\d{2}/\d{2,3}/\d{6}", _ctri),
    Registry("DRKS", r"\bDRKS[ -]?(?P<id>\d{8})(?!\d)", r"DRKS\d{8}", _prefixed("DRKS")),
    Registry("IRCT", r"\bIRCT[ -]?(?P<id>\d{6,16}N\d{1,3})(?!\d)", r"IRCT\d{6,16}N\d{1,3}", _irct),
    Registry("UMIN-CTR", r"\bUMIN[ -]?(?:CTR[ :-]*)?(?P<id>\d{9})(?!\d)", r"UMIN\d{9}", _prefixed("UMIN")),
    Registry("jRCT", r"\bjRCT[ -]?(?P<id>[a-z]\d{9}|\d{10})(?!\d)", r"jRCT(?:[a-z]\d{9}|\d{10})", _jrct),
    Registry("NTR", r"(?-i:\bNTR)[ -]?(?P<id>\d{1,5})(?!\d|\.\d)", r"NTR\d{1,5}", _prefixed("NTR"), _DUTCH_CONTEXT),
    Registry("NL", r"(?-i:\bNL)[ -]?(?P<id>\d{4,5})(?!\d|\.\d)", r"NL\d{4,5}", _prefixed("NL"), _DUTCH_CONTEXT),
    Registry("PACTR", r"\bPACTR[ -]?(?P<id>\d{15})(?!\d)", r"PACTR\d{15}", _prefixed("PACTR")),
    Registry("ReBEC", r"\bRBR-(?P<id>[0-9a-z]{6,8})\b", r"RBR-[0-9a-z]{6,8}", _rebec),
    Registry("TCTR", r"\bTCTR[ -]?(?P<id>\d{11})(?!\d)", r"TCTR\d{11}", _prefixed("TCTR")),
    Registry("CRiS", r"\bKCT[ -]?(?P<id>\d{7})(?!\d)", r"KCT\d{7}", _prefixed("KCT")),
    Registry("SNCTP", r"\bSNCTP[ -]?(?P<id>\d{9})(?!\d)", r"SNCTP\d{9}", _prefixed("SNCTP")),
)

# DataBankList names (lower case) that are trial registries; other banks (GenBank, GEO, PDB,
# Dryad...) hold accession numbers that are not registrations and are ignored.
DATABANK_REGISTRIES = frozenset((
    "clinicaltrials.gov", "isrctn", "anzctr", "chictr", "cris", "ctri", "drks", "eudract", "euctr",
    "ctis", "irct", "jprn", "umin-ctr", "umin", "jrct", "ntr", "nl", "pactr", "rebec", "tctr", "snctp",
))

_COMPILED = tuple((r, re.compile(r.pattern, re.I), re.compile(r.context, re.I) if r.context else None)
                  for r in REGISTRIES)
_CANONICAL = tuple((r.name, re.compile(r.canonical)) for r in REGISTRIES)
# A cheap test that a text may hold a number at all (most abstracts do not).
_ANY = re.compile(r"\b(?:NCT|ISRCTN|ChiCTR|ACTRN|CTRI|DRKS|IRCT|UMIN|jRCT|NTR|NL[ -]?\d|PACTR|RBR-|TCTR|KCT|SNCTP)"
                  r"|\d{4}-\d{6}-\d{2}", re.I)


def registry_of(registry_id: str) -> str | None:
    """The registry a normalised id belongs to (None when it has no registry's exact format)."""
    for name, canonical in _CANONICAL:
        if canonical.fullmatch(registry_id):
            return name
    return None


def is_registry_id(value: str) -> bool:
    """Whether a string is a normalised registration number of a known registry."""
    return registry_of(value) is not None


def ids_in_text(text: str, context: str = "") -> list[str]:
    """Normalised registration numbers written in a text, in order of appearance, each once.

    `context` is extra text that counts as the sentence's context for numbers with no prefix
    of their own (the DataBank name for a DataBank accession).
    """
    text = normalise(text)
    if not _ANY.search(text):
        return []
    found: list[tuple[int, str]] = []
    for registry, pattern, needs in _COMPILED:
        for m in pattern.finditer(text):
            if needs is not None and not (needs.search(text) or (context and needs.search(context))):
                break
            value = registry.normalise(m)
            if registry_of(value) == registry.name:
                found.append((m.start(), value))
    seen: list[str] = []
    for _, value in sorted(found):
        if value not in seen:
            seen.append(value)
    return seen


def ids_in_databank(accessions: Any) -> list[tuple[str, str]]:
    """(normalised id, evidence) for each registry accession of PubMed's DataBankList."""
    out: list[tuple[str, str]] = []
    for item in as_str_list(accessions):
        bank, sep, accession = str(item).partition(":")
        if not sep or bank.strip().lower() not in DATABANK_REGISTRIES:
            continue
        for value in ids_in_text(accession, context=bank):
            out.append((value, metadata_item("DataBank", f"{bank.strip()} {accession.strip()}")))
    return out


def label_registry_ids(doc: Doc, databank: Any = (), report_type: str | None = None) -> tuple[list[str], str]:
    """Registration numbers from the DataBankList then the title/abstract, with their evidence.

    In a trial's main report or protocol, a number named only in the background (another trial)
    is left out; a secondary analysis keeps it (its background names the trial it analyses).
    """
    ids: list[str] = []
    evidence: list[str] = []
    for value, item in ids_in_databank(databank):
        if value not in ids:
            ids.append(value)
        evidence.append(item)
    if not (_ANY.search(doc.norm_title) or _ANY.search(doc.norm_abstract)):
        return ids, join_evidence(evidence)
    skip = background_ids(doc) if report_type in ("primary", "protocol") else set()
    for sentence in doc.sentences:
        new = [v for v in ids_in_text(sentence.norm) if v not in ids and v not in skip]
        if new:
            ids.extend(new)
            evidence.append(sentence.text)
    return ids, join_evidence(evidence)


# -- which numbers are this publication's own -------------------------------------------------
_REGISTRATION_CUE = re.compile(r"regist|identifier|trial (?:number|no\b|id\b)|\bID\b|clinicaltrials?\.gov", re.I)
# A structured abstract's heading ("BACKGROUND: ", "INTRODUCTION AND AIMS: ").
_HEADING = re.compile(r"(?:^|\n|[.!?]\s)\s*([A-Z][A-Za-z &/,'-]{2,60}):\s")


def _in_background(doc: Doc, sentence, first_own: int | None) -> bool:
    """Whether a sentence belongs to the abstract's background (its own section, before any registration relabelling)."""
    if sentence.source != "abstract":
        return False
    if doc.structured:
        offset = sentence.start - len(doc.title) - 1
        headings = list(_HEADING.finditer(doc.norm_abstract, 0, offset + 1))
        return bool(headings) and named_section(headings[-1].group(1)) == "background"
    return first_own is not None and sentence.index < first_own


def background_ids(doc: Doc) -> set[str]:
    """Numbers named only in the background and not as a registration: in a main report or a protocol, another trial.

    "Results from an interim analysis of an ongoing single-dose trial (NCT03356483) converged
    on ..." opens a protocol of a new trial; the number is not the protocol's own.
    """
    first_own = next((s.index for s in doc.sentences if s.section in ("objective", "methods")), None)
    early: set[str] = set()
    later: set[str] = set()
    for sentence in doc.sentences:
        found = ids_in_text(sentence.norm)
        if not found:
            continue
        background = _in_background(doc, sentence, first_own) and not _REGISTRATION_CUE.search(sentence.norm)
        (early if background else later).update(found)
    return early - later

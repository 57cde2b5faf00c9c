"""PubMed EFetch XML -> article records (dicts with exactly the columns of fetch.schema).

Streams `PubmedArticle` elements with lxml `iterparse` and frees each one after use, so memory
stays flat however large the response. The parser never loads the DTD, never touches the
network and never expands entities (the DOCTYPE points at NCBI URLs; expanding an external
entity would be an XXE hole).

Failure policy:
- a body that is not well-formed XML (truncated, empty) or an E-utilities <ERROR> payload
  raises PubmedXMLError (a ValueError): the whole batch is unusable and worth fetching again;
- one record that is well-formed but unusable (no PMID, a field that cannot be read) is
  logged as a warning and skipped; the rest of the batch is kept;
- PubmedBookArticle and DeleteCitation are not journal articles: logged at info, skipped.
"""

from __future__ import annotations

import datetime as _dt
import io
import logging
import os
import re
from typing import IO, Iterator

from lxml import etree

from fetch.schema import empty_record

__all__ = ["PubmedXMLError", "parse_pubmed_xml", "parse_pubmed_xml_batch"]

log = logging.getLogger("fetch.parse")

_MATHML = "{http://www.w3.org/1998/Math/MathML}"
_MATH = _MATHML + "math"
_EVENT_TAGS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation", "ERROR")
_ROOTS = ("PubmedArticleSet",)
_LAYOUT_WS = " \t\r\n"  # XML whitespace only; NBSP and thin spaces are content
_MONTHS = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_YEAR_RE = re.compile(r"\d{4}")
_MEDLINE_DATE_RE = re.compile(r"(\d{4})(?:\s+([A-Za-z]+|\d{1,2})\b)?")
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)

Source = bytes | str | os.PathLike | IO[bytes]


class PubmedXMLError(ValueError):
    """The EFetch body as a whole is unusable (not well-formed, or an E-utilities error)."""


class _RecordError(ValueError):
    """One record cannot be turned into a row; it is skipped, the batch is kept."""


# -- public API -------------------------------------------------------------------------

def parse_pubmed_xml(source: Source) -> Iterator[dict]:
    """Stream article records out of an EFetch PubmedArticleSet, in flat memory."""
    stream, encoding = _open(source)
    context = etree.iterparse(
        stream, events=("end",), tag=_EVENT_TAGS, load_dtd=False, no_network=True,
        resolve_entities=False, dtd_validation=False, huge_tree=False, remove_comments=True,
        remove_pis=True, encoding=encoding)
    try:
        for _event, elem in context:
            _check_root(context.root)
            yield from _handle(elem)
            _release(elem)
        _check_root(context.root)
    except etree.XMLSyntaxError as exc:
        raise PubmedXMLError(f"EFetch XML not well-formed or truncated: {exc}") from exc
    finally:
        if stream is not source:
            stream.close()


def parse_pubmed_xml_batch(data: bytes) -> list[dict]:
    """All records of one EFetch body, or PubmedXMLError: a batch is kept whole or refetched."""
    return list(parse_pubmed_xml(data))


# -- the stream -------------------------------------------------------------------------

def _open(source: Source) -> tuple[IO[bytes], str | None]:
    """A binary stream (and forced encoding) for any source; a str is XML if it starts with '<'."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(source), None
    if isinstance(source, str):
        if source.lstrip().startswith("<"):
            return io.BytesIO(source.encode("utf-8")), "utf-8"  # its declaration no longer applies
        return open(source, "rb"), None
    if isinstance(source, os.PathLike):
        return open(source, "rb"), None
    return source, None


def _check_root(root: etree._Element | None) -> None:
    """An answer whose root is not PubmedArticleSet is an error page, not an empty result."""
    if root is None or root.tag in _ROOTS:
        return
    errors = [_flat(e) for e in root.iter("ERROR")]
    if errors:
        raise PubmedXMLError(f"E-utilities error: {'; '.join(errors)}")
    raise PubmedXMLError(f"not a PubmedArticleSet: root element is <{root.tag}>")


def _handle(elem: etree._Element) -> Iterator[dict]:
    """Dispatch one top-level element: an article becomes a record, the rest is logged."""
    tag = elem.tag
    if tag == "PubmedArticle":
        record = _safe_article(elem)
        if record is not None:
            yield record
    elif tag == "ERROR":
        if elem.getparent() is not None and elem.getparent().getparent() is None:
            raise PubmedXMLError(f"E-utilities error: {_flat(elem) or 'unspecified'}")
    elif tag == "PubmedBookArticle":
        log.info("skipping book record PMID %s", elem.findtext("BookDocument/PMID") or "unknown")
    elif tag == "DeleteCitation":
        log.info("skipping DeleteCitation of %d PMIDs", len(elem.findall("PMID")))


def _release(elem: etree._Element) -> None:
    """Free a handled element and everything before it, so memory does not grow."""
    if elem.getparent() is None or elem.getparent().getparent() is not None:
        return  # only top-level records are released; nested hits are freed with them
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    while elem.getprevious() is not None:
        del parent[0]


def _safe_article(elem: etree._Element) -> dict | None:
    """One PubmedArticle as a record, or None (with a warning) when it is unusable."""
    try:
        return _article(elem)
    except Exception as exc:  # noqa: BLE001 - one bad record must not sink the batch
        pmid = (elem.findtext("MedlineCitation/PMID") or "").strip() or "unknown"
        log.warning("skipping PMID %s: %s", pmid, exc)
        return None


# -- one article --------------------------------------------------------------------------

def _article(elem: etree._Element) -> dict:
    """Every schema column for one PubmedArticle; raises when the record is unusable."""
    citation = elem.find("MedlineCitation")
    if citation is None:
        raise _RecordError("no MedlineCitation")
    rec = empty_record(_pmid(citation))
    rec["source"] = "pubmed"
    article = citation.find("Article")
    if article is not None:
        _fill_article(rec, article)
    _fill_mesh(rec, citation.find("MeshHeadingList"))
    rec["keywords"] = [t for t in (_flat(k) for k in citation.iterfind("KeywordList/Keyword")) if t]
    rec["retraction_signals"] = _retraction_signals(rec["publication_types"], citation)
    rec["date_revised"] = _iso_date(citation.find("DateRevised"))
    pubmed_data = elem.find("PubmedData")
    if pubmed_data is not None:
        _fill_pubmed_data(rec, pubmed_data)
    if not rec["doi"] and article is not None:
        rec["doi"] = _elocation_doi(article)
    return rec


def _pmid(citation: etree._Element) -> int:
    """The record's key; a record without a numeric PMID cannot be stored."""
    text = (citation.findtext("PMID") or "").strip()
    if not text:
        raise _RecordError("no PMID")
    if not text.isdigit():
        raise _RecordError(f"PMID {text!r} is not a number")
    return int(text)


def _fill_article(rec: dict, article: etree._Element) -> None:
    """Fields of MedlineCitation/Article: title, abstract, authors, journal, dates, types."""
    rec["title"] = _title(article)
    rec["abstract"] = _abstract(article.find("Abstract"))
    rec["authors"] = _authors(article.find("AuthorList"))
    journal = article.find("Journal")
    if journal is not None:
        rec["journal"] = _text(journal.findtext("Title"))
        rec["journal_iso"] = _text(journal.findtext("ISOAbbreviation"))
        pub_date = journal.find("JournalIssue/PubDate")
    else:
        pub_date = None
    rec["pub_year"] = _pub_year(pub_date)
    rec["pub_date"], rec["pub_date_source"] = _best_pub_date(pub_date, article.find("ArticleDate"))
    rec["language"] = [t for t in (_text(x.text) for x in article.iterfind("Language")) if t]
    rec["publication_types"] = [t for t in (_text(x.text) for x in
                                            article.iterfind("PublicationTypeList/PublicationType")) if t]


def _title(article: etree._Element) -> str | None:
    """ArticleTitle, else the vernacular title (PubMed leaves some foreign titles blank)."""
    title = _flat(article.find("ArticleTitle"))
    return title or _flat(article.find("VernacularTitle")) or None


def _abstract(abstract: etree._Element | None) -> str | None:
    """Abstract text; structured abstracts keep their section labels, one section a line."""
    if abstract is None:
        return None
    sections = []
    for part in abstract.iterfind("AbstractText"):
        text = _flat(part)
        if not text:
            continue
        label = _text(part.get("Label"))
        sections.append(f"{label}: {text}" if label else text)
    return "\n".join(sections) or None


def _authors(author_list: etree._Element | None) -> list[str]:
    """Authors as PubMed cites them ('LastName Initials'), groups by their collective name."""
    if author_list is None:
        return []
    names = []
    for author in author_list.iterfind("Author"):
        if author.get("ValidYN") == "N":
            continue  # an author name PubMed itself marks as wrong (corrected by an erratum)
        last = _text(author.findtext("LastName"))
        if last:
            initials = _text(author.findtext("Initials"))
            names.append(f"{last} {initials}" if initials else last)
        else:
            group = _flat(author.find("CollectiveName"))
            if group:
                names.append(group)
    return names


def _fill_mesh(rec: dict, mesh_list: etree._Element | None) -> None:
    """MeSH descriptors, the major ones, and headings as PubMed shows them."""
    if mesh_list is None:
        return
    terms, major_terms, headings = rec["mesh_terms"], rec["mesh_major_terms"], rec["mesh_headings"]
    for heading in mesh_list.iterfind("MeshHeading"):
        descriptor = heading.find("DescriptorName")
        name = _text(descriptor.text) if descriptor is not None else None
        if not name:
            continue
        descriptor_major = descriptor.get("MajorTopicYN") == "Y"
        qualifiers = heading.findall("QualifierName")
        any_major = descriptor_major
        for qualifier in qualifiers:
            major = descriptor_major or qualifier.get("MajorTopicYN") == "Y"
            any_major = any_major or major
            headings.append(f"{name}/{_text(qualifier.text)}{'*' if major else ''}")
        if not qualifiers:
            headings.append(f"{name}*" if descriptor_major else name)
        terms.append(name)
        if any_major:
            major_terms.append(name)


def _retraction_signals(publication_types: list[str], citation: etree._Element) -> list[str]:
    """What PubMed says about this article being retracted, in words a reviewer can check."""
    signals = []
    if "Retracted Publication" in publication_types:
        signals.append("Publication type: Retracted Publication")
    for ref in citation.iterfind("CommentsCorrectionsList/CommentsCorrections"):
        if ref.get("RefType") != "RetractionIn":
            continue
        source = _text(ref.findtext("RefSource")) or "unknown source"
        pmid = _text(ref.findtext("PMID"))
        signals.append(f"RetractionIn: {source} (PMID {pmid})" if pmid else f"RetractionIn: {source}")
    return signals


def _fill_pubmed_data(rec: dict, pubmed_data: etree._Element) -> None:
    """Identifiers and the Entrez date from PubmedData (not from its ReferenceList)."""
    for article_id in pubmed_data.iterfind("ArticleIdList/ArticleId"):
        id_type = article_id.get("IdType")
        if id_type == "doi" and not rec["doi"]:
            rec["doi"] = _clean_doi(article_id.text)
        elif id_type == "pmc" and not rec["pmcid"]:
            rec["pmcid"] = _text(article_id.text)
    dates = {d.get("PubStatus"): d for d in pubmed_data.iterfind("History/PubMedPubDate")}
    rec["entrez_date"] = _iso_date(dates.get("entrez")) or _iso_date(dates.get("pubmed"))


def _elocation_doi(article: etree._Element) -> str | None:
    """The publisher's DOI from ELocationID, when PubmedData has none."""
    for location in article.iterfind("ELocationID"):
        if location.get("EIdType") == "doi" and location.get("ValidYN") != "N":
            doi = _clean_doi(location.text)
            if doi:
                return doi
    return None


def _clean_doi(text: str | None) -> str | None:
    """A bare DOI: the schema stores '10.x/y', never a resolver URL."""
    doi = _text(text)
    if not doi:
        return None
    return _DOI_PREFIX_RE.sub("", doi) or None


# -- dates --------------------------------------------------------------------------------

def _pub_year(pub_date: etree._Element | None) -> int | None:
    """Issue year, else the first year named in a free-text MedlineDate."""
    if pub_date is None:
        return None
    year = _text(pub_date.findtext("Year"))
    if year:
        return int(year)
    match = _YEAR_RE.search(pub_date.findtext("MedlineDate") or "")
    return int(match.group()) if match else None


def _best_pub_date(pub_date: etree._Element | None,
                   article_date: etree._Element | None) -> tuple[str | None, str | None]:
    """The most precise publication date known, and which element it came from."""
    if pub_date is not None:
        full = _iso_date(pub_date)
        if full and len(full) == 10:
            return full, "PubDate"
    electronic = _iso_date(article_date)
    if electronic and len(electronic) == 10:
        return electronic, "ArticleDate"
    if pub_date is None:
        return None, None
    if full:
        return full, "PubDate"
    medline = _medline_date(pub_date.findtext("MedlineDate"))
    return (medline, "MedlineDate") if medline else (None, None)


def _iso_date(elem: etree._Element | None) -> str | None:
    """YYYY-MM-DD, YYYY-MM or YYYY from Year/Month/Day children, as precise as they allow."""
    if elem is None:
        return None
    year = _text(elem.findtext("Year"))
    if not year or not year.isdigit() or len(year) != 4:
        return None
    month = _month(elem.findtext("Month"))
    if month is None:
        return year
    day = _text(elem.findtext("Day"))
    if day and day.isdigit():
        try:
            return _dt.date(int(year), month, int(day)).isoformat()
        except ValueError:
            pass  # an impossible day: keep the month
    return f"{year}-{month:02d}"


def _month(text: str | None) -> int | None:
    """Month number from '05', '5', 'May' or 'September'; None if it is not a month."""
    text = _text(text)
    if not text:
        return None
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return _MONTHS.get(text[:3].lower())


def _medline_date(text: str | None) -> str | None:
    """Start of a free-text MedlineDate ('1998 Dec-1999 Jan' -> '1998-12', '2000 Spring' -> '2000')."""
    match = _MEDLINE_DATE_RE.search(text or "")
    if not match:
        return None
    year, month_text = match.groups()
    month = _month(month_text)
    return f"{year}-{month:02d}" if month else year


# -- text ---------------------------------------------------------------------------------

def _text(text: str | None) -> str | None:
    """Whitespace-normalised text, None when empty."""
    if not text:
        return None
    return " ".join(text.split()) or None


def _flat(elem: etree._Element | None) -> str:
    """Element text with inline markup (<i>, <sup>, MathML...) flattened, whitespace normalised."""
    if elem is None:
        return ""
    if len(elem) == 0:
        return " ".join((elem.text or "").split())
    parts: list[str] = []
    _collect(elem, parts)
    return " ".join("".join(parts).split())


def _collect(elem: etree._Element, parts: list[str]) -> None:
    """Text of elem and its descendants in document order; MathML tokens packed together."""
    if elem.text:
        parts.append(elem.text)
    for child in elem:
        tag = child.tag
        if tag == _MATH:
            parts.append("".join(t.strip(_LAYOUT_WS) for t in child.itertext()))
        elif isinstance(tag, str):
            _collect(child, parts)
        if child.tail:
            parts.append(child.tail)

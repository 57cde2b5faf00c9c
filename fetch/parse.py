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
# Each element is walked once, child by child: lxml's find()/findtext() run a Python path
# engine per call and made extraction slower than the XML parsing itself.

def _article(elem: etree._Element) -> dict:
    """Every schema column for one PubmedArticle; raises when the record is unusable."""
    citation = pubmed_data = None
    for child in elem:
        if child.tag == "MedlineCitation":
            citation = child
        elif child.tag == "PubmedData":
            pubmed_data = child
    if citation is None:
        raise _RecordError("no MedlineCitation")
    rec, elocation_doi = _citation(citation)
    rec["source"] = "pubmed"
    rec["citation_status"] = citation.get("Status")
    if pubmed_data is not None:
        _fill_pubmed_data(rec, pubmed_data)
    rec["doi"] = rec["doi"] or elocation_doi  # PubMed's own ArticleId first, publisher's second
    return rec


def _citation(citation: etree._Element) -> tuple[dict, str | None]:
    """Fields of MedlineCitation (PMID, article, MeSH, keywords, retractions, revision).

    Also returns the ELocationID DOI, used only when PubmedData has no DOI.
    """
    pmid = article = mesh = revised = None
    keywords: list[str] = []
    retracted_in: list[str] = []
    for child in citation:
        tag = child.tag
        if tag == "PMID":
            pmid = child.text
        elif tag == "Article":
            article = child
        elif tag == "MeshHeadingList":
            mesh = child
        elif tag == "KeywordList":
            keywords.extend(t for t in map(_flat, child) if t)
        elif tag == "CommentsCorrectionsList":
            retracted_in.extend(_retractions(child))
        elif tag == "DateRevised":
            revised = child
    rec = empty_record(_pmid(pmid))
    elocation_doi = _fill_article(rec, article) if article is not None else None
    if mesh is not None:
        _fill_mesh(rec, mesh)
    rec["keywords"] = keywords
    if "Retracted Publication" in rec["publication_types"]:
        rec["retraction_signals"].append("Publication type: Retracted Publication")
    rec["retraction_signals"].extend(retracted_in)
    rec["date_revised"] = _iso_date(revised)
    return rec, elocation_doi


def _pmid(text: str | None) -> int:
    """The record's key; a record without a numeric PMID cannot be stored."""
    text = (text or "").strip()
    if not text:
        raise _RecordError("no PMID")
    if not text.isdigit():
        raise _RecordError(f"PMID {text!r} is not a number")
    return int(text)


def _fill_article(rec: dict, article: etree._Element) -> str | None:
    """Fields of MedlineCitation/Article (title, abstract, authors, journal, dates, types).

    Returns the DOI of the first valid ELocationID, the fallback for the doi column.
    """
    title = vernacular = pub_date = article_date = elocation_doi = None
    for child in article:
        tag = child.tag
        if tag == "Journal":
            pub_date = _fill_journal(rec, child)
        elif tag == "ArticleTitle":
            title = _flat(child)
        elif tag == "VernacularTitle":
            vernacular = _flat(child)
        elif tag == "Abstract":
            rec["abstract"] = _abstract(child)
        elif tag == "AuthorList":
            rec["authors"].extend(_authors(child))
        elif tag == "Language":
            _append_text(rec["language"], child.text)
        elif tag == "PublicationTypeList":
            for pub_type in child:
                _append_text(rec["publication_types"], pub_type.text)
        elif tag == "DataBankList":
            rec["databank_accessions"].extend(_databank_accessions(child))
        elif tag == "ELocationID":
            if elocation_doi is None and _is_valid_doi_location(child):
                elocation_doi = _clean_doi(child.text)
        elif tag == "ArticleDate" and article_date is None:
            article_date = child
    # ArticleTitle, else the vernacular one (PubMed leaves some foreign titles blank)
    rec["title"] = title or vernacular or None
    rec["pub_year"] = _pub_year(pub_date)
    rec["pub_date"], rec["pub_date_source"] = _best_pub_date(pub_date, article_date)
    return elocation_doi


def _fill_journal(rec: dict, journal: etree._Element) -> etree._Element | None:
    """Journal title and ISO abbreviation; returns the issue's PubDate for the date fields."""
    pub_date = None
    for child in journal:
        tag = child.tag
        if tag == "Title":
            rec["journal"] = _text(child.text)
        elif tag == "ISOAbbreviation":
            rec["journal_iso"] = _text(child.text)
        elif tag == "JournalIssue":
            for part in child:
                if part.tag == "PubDate":
                    pub_date = part
    return pub_date


def _abstract(abstract: etree._Element) -> str | None:
    """Abstract text; structured abstracts keep their section labels, one section a line."""
    sections = []
    for part in abstract:
        if part.tag != "AbstractText":
            continue  # CopyrightInformation is not part of the abstract
        text = _flat(part)
        if not text:
            continue
        label = _text(part.get("Label"))
        sections.append(f"{label}: {text}" if label else text)
    return "\n".join(sections) or None


def _authors(author_list: etree._Element) -> Iterator[str]:
    """Authors as PubMed cites them ('LastName Initials'), groups by their collective name."""
    for author in author_list:
        if author.tag != "Author" or author.get("ValidYN") == "N":
            continue  # ValidYN=N: a name PubMed itself marks as wrong (fixed by an erratum)
        last = initials = group = None
        for part in author:
            tag = part.tag
            if tag == "LastName":
                last = _text(part.text)
            elif tag == "Initials":
                initials = _text(part.text)
            elif tag == "CollectiveName":
                group = _flat(part)
        if last:
            yield f"{last} {initials}" if initials else last
        elif group:
            yield group


def _databank_accessions(databank_list: etree._Element) -> Iterator[str]:
    """'DataBankName:AccessionNumber' per accession: trial registrations (and data deposits) PubMed lists."""
    for bank in databank_list:
        if bank.tag != "DataBank":
            continue
        name = None
        accessions: list[str] = []
        for part in bank:
            if part.tag == "DataBankName":
                name = _text(part.text)
            elif part.tag == "AccessionNumberList":
                accessions.extend(a for a in (_text(n.text) for n in part if n.tag == "AccessionNumber") if a)
        if name:
            yield from (f"{name}:{accession}" for accession in accessions)


def _fill_mesh(rec: dict, mesh_list: etree._Element) -> None:
    """MeSH descriptors, the major ones, and headings as PubMed shows them."""
    terms, major_terms, headings = rec["mesh_terms"], rec["mesh_major_terms"], rec["mesh_headings"]
    for heading in mesh_list:
        name = None
        descriptor_major = any_major = False
        qualified = []
        for part in heading:
            if part.tag == "DescriptorName":
                name = _text(part.text)
                descriptor_major = any_major = part.get("MajorTopicYN") == "Y"
            elif part.tag == "QualifierName":
                major = part.get("MajorTopicYN") == "Y"
                any_major = any_major or major
                qualified.append((_text(part.text), major))
        if not name:
            continue
        terms.append(name)
        if any_major:
            major_terms.append(name)
        if not qualified:
            headings.append(f"{name}*" if descriptor_major else name)
        for qualifier, major in qualified:
            # a starred descriptor makes every one of its headings a major topic
            star = "*" if major or descriptor_major else ""
            headings.append(f"{name}/{qualifier}{star}")


def _retractions(comments: etree._Element) -> Iterator[str]:
    """'RetractionIn: <source> (PMID n)' for each retraction notice PubMed links to."""
    for ref in comments:
        if ref.get("RefType") != "RetractionIn":
            continue
        source = pmid = None
        for part in ref:
            if part.tag == "RefSource":
                source = _flat(part)
            elif part.tag == "PMID":
                pmid = _text(part.text)
        source = source or "unknown source"
        yield f"RetractionIn: {source} (PMID {pmid})" if pmid else f"RetractionIn: {source}"


def _fill_pubmed_data(rec: dict, pubmed_data: etree._Element) -> None:
    """Identifiers and the Entrez date from PubmedData (never from its ReferenceList)."""
    entrez = pubmed = None
    for child in pubmed_data:
        if child.tag == "ArticleIdList":
            for article_id in child:
                id_type = article_id.get("IdType")
                if id_type == "doi" and not rec["doi"]:
                    rec["doi"] = _clean_doi(article_id.text)
                elif id_type == "pmc" and not rec["pmcid"]:
                    rec["pmcid"] = _text(article_id.text)
        elif child.tag == "History":
            for date in child:
                status = date.get("PubStatus")
                if status == "entrez" and entrez is None:
                    entrez = date
                elif status == "pubmed" and pubmed is None:
                    pubmed = date
    rec["entrez_date"] = _iso_date(entrez) or _iso_date(pubmed)


def _is_valid_doi_location(location: etree._Element) -> bool:
    """An ELocationID that holds a DOI PubMed has not flagged as invalid."""
    return location.get("EIdType") == "doi" and location.get("ValidYN") != "N"


def _clean_doi(text: str | None) -> str | None:
    """A bare DOI: the schema stores '10.x/y', never a resolver URL."""
    doi = _text(text)
    if not doi:
        return None
    return _DOI_PREFIX_RE.sub("", doi) or None


def _append_text(values: list[str], text: str | None) -> None:
    """Append normalised text to a list column, skipping empty values."""
    text = _text(text)
    if text:
        values.append(text)


# -- dates --------------------------------------------------------------------------------

def _date_parts(elem: etree._Element) -> tuple[str | None, str | None, str | None, str | None]:
    """(Year, Month, Day, MedlineDate) texts of a date element, in one pass."""
    year = month = day = medline = None
    for part in elem:
        tag = part.tag
        if tag == "Year":
            year = part.text
        elif tag == "Month":
            month = part.text
        elif tag == "Day":
            day = part.text
        elif tag == "MedlineDate":
            medline = part.text
    return year, month, day, medline


def _pub_year(pub_date: etree._Element | None) -> int | None:
    """Issue year, else the first year named in a free-text MedlineDate."""
    if pub_date is None:
        return None
    year, _, _, medline = _date_parts(pub_date)
    year = _text(year)
    if year:
        return int(year)
    match = _YEAR_RE.search(medline or "")
    return int(match.group()) if match else None


def _best_pub_date(pub_date: etree._Element | None,
                   article_date: etree._Element | None) -> tuple[str | None, str | None]:
    """The most precise publication date known, and which element it came from."""
    issue = _iso_date(pub_date)
    if issue and len(issue) == 10:
        return issue, "PubDate"
    electronic = _iso_date(article_date)
    if electronic and len(electronic) == 10:
        return electronic, "ArticleDate"
    if issue:
        return issue, "PubDate"
    medline = _medline_date(_date_parts(pub_date)[3]) if pub_date is not None else None
    return (medline, "MedlineDate") if medline else (None, None)


def _iso_date(elem: etree._Element | None) -> str | None:
    """YYYY-MM-DD, YYYY-MM or YYYY from Year/Month/Day children, as precise as they allow."""
    if elem is None:
        return None
    year, month_text, day, _ = _date_parts(elem)
    year = _text(year)
    if not year or not year.isdigit() or len(year) != 4:
        return None
    month = _month(month_text)
    if month is None:
        return year
    day = _text(day)
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

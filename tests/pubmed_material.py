"""Real PubMed material for tests and benchmarks: shared XML samples and corpus records as EFetch XML.

Corpus records (../shared/data/corpus, real PubMed records) carry only pmid, doi, year, title,
abstract, authors and keywords; `corpus_article_xml` writes them in PubMed's EFetch schema with
exactly those fields, so the real parser and store code run on real text.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
XML_DIR = SHARED / "pubmed-xml"
CORPUS = SHARED / "corpus" / "pubmed_psychedelic_trials_2023_2025.jsonl"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@lru_cache(maxsize=1)
def corpus_rows() -> tuple[dict, ...]:
    """Every corpus record, as read from the JSONL file."""
    return tuple(json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()
                 if line.strip())


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs) -> etree._Element:
    child = etree.SubElement(parent, tag, **attrs)
    if text is not None:
        child.text = text
    return child


def _date(parent: etree._Element, tag: str, day: date, **attrs) -> None:
    node = _sub(parent, tag, **attrs)
    _sub(node, "Year", f"{day.year:04d}")
    _sub(node, "Month", f"{day.month:02d}")
    _sub(node, "Day", f"{day.day:02d}")


def corpus_article_xml(row: dict, revised: date = date(2025, 8, 1), pmid: int | None = None,
                       title_suffix: str = "") -> bytes:
    """One <PubmedArticle> holding what the corpus row has (and the given revision date)."""
    pmid = pmid or int(row["pmid"])
    art = etree.Element("PubmedArticle")
    cit = _sub(art, "MedlineCitation", Status="PubMed-not-MEDLINE", Owner="NLM")
    _sub(cit, "PMID", str(pmid), Version="1")
    _date(cit, "DateRevised", revised)
    article = _sub(cit, "Article", PubModel="Electronic")
    journal = _sub(article, "Journal")
    issue = _sub(journal, "JournalIssue", CitedMedium="Internet")
    pub = _sub(issue, "PubDate")
    if row.get("year"):
        _sub(pub, "Year", str(row["year"]))
    _sub(article, "ArticleTitle", (row.get("title") or "") + title_suffix)
    if row.get("abstract"):
        abstract = _sub(article, "Abstract")
        _sub(abstract, "AbstractText", row["abstract"])
    authors = [a.strip() for a in (row.get("authors") or "").split(",") if a.strip()]
    if authors:
        alist = _sub(article, "AuthorList", CompleteYN="Y")
        for name in authors:
            initials, _, last = name.rpartition(" ")
            author = _sub(alist, "Author", ValidYN="Y")
            _sub(author, "LastName", last or name)
            if initials:
                _sub(author, "Initials", initials.replace(".", ""))
    if row.get("doi"):
        _sub(article, "ELocationID", row["doi"], EIdType="doi", ValidYN="Y")
    _sub(article, "Language", "eng")
    if row.get("keywords"):
        klist = _sub(cit, "KeywordList", Owner="NOTNLM")
        for keyword in row["keywords"]:
            _sub(klist, "Keyword", keyword, MajorTopicYN="N")
    data = _sub(art, "PubmedData")
    history = _sub(data, "History")
    _date(history, "PubMedPubDate", revised, PubStatus="entrez")
    ids = _sub(data, "ArticleIdList")
    _sub(ids, "ArticleId", str(pmid), IdType="pubmed")
    if row.get("doi"):
        _sub(ids, "ArticleId", row["doi"], IdType="doi")
    return etree.tostring(art, encoding="utf-8")


@lru_cache(maxsize=1)
def sample_articles() -> tuple[tuple[int, bytes], ...]:
    """(PMID, <PubmedArticle> bytes) for every article in the shared EFetch samples."""
    found = []
    for path in sorted(XML_DIR.glob("pubmed*.xml")):
        root = etree.fromstring(path.read_bytes(), _PARSER)
        for art in root.iter("PubmedArticle"):
            found.append((int(art.findtext("MedlineCitation/PMID")), etree.tostring(art)))
    return tuple(found)


def article_set(articles: list[bytes]) -> bytes:
    """An EFetch response body around the given articles."""
    return b'<?xml version="1.0" ?>\n<PubmedArticleSet>\n' + b"\n".join(articles) \
        + b"\n</PubmedArticleSet>\n"

"""Real PubMed material for tests and benchmarks: the fixture paths, XML samples, corpus records as EFetch XML.

Everything a test reads ships in tests/fixtures/ (provenance and licences in its README.md):
the EFetch/ESearch samples and a fixed slice of the corpus.  Corpus records (real PubMed
records) carry only pmid, doi, year, title, abstract, authors and keywords; `corpus_article_xml`
writes them in PubMed's EFetch schema with exactly those fields, so the real parser and store
code run on real text.  Only the expert-labelled sets stay outside the repository
(../shared/data): `expert_set` finds one or skips the test that needs it.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
XML_DIR = FIXTURES / "pubmed-xml"
# Every corpus record naming ketamine (and the few others tests quote), in the corpus's order.
CORPUS = FIXTURES / "corpus_slice.jsonl"

# Evidence Inference prompts on 43 corpus abstracts of psychedelic trials (no ketamine), written for this
# project by annotators who never saw the rules (tests/fixtures/README.md).
PSYCHEDELIC_PROMPTS = FIXTURES / "evidence_inference_psychedelic.jsonl"
# ... and on 29 corpus abstracts of ketamine trials (none of the hand-checked outcome set, none a test quotes).
KETAMINE_PROMPTS = FIXTURES / "evidence_inference_ketamine.jsonl"
# ... and 364 questions on 147 abstracts of PsyNamic's set (randomised trials, then other comparative designs):
# the questions ship, the abstracts are joined from the expert set when it is there (join_prompts.py).
PSYNAMIC_QUESTIONS = FIXTURES / "evidence_inference_psynamic_questions.jsonl"
# ... and 539 new questions on 269 abstracts of the Evidence Inference dev set (outcomes its experts had not asked
# about), joined with those abstracts the same way.
EI_QUESTIONS = FIXTURES / "evidence_inference_ei_questions.jsonl"

# Expert-labelled sets: not ours to ship, so read from beside the checkout when present.
SHARED = REPO.parent / "shared" / "data"
EXPERT_SETS = {
    "psynamic_dev": SHARED / "labelled" / "psynamic_dev.jsonl",
    "evidence_inference_dev": SHARED / "evidence-inference" / "prompts_dev.jsonl",
}
PSYNAMIC_DEV = EXPERT_SETS["psynamic_dev"]
EVIDENCE_INFERENCE_DEV = EXPERT_SETS["evidence_inference_dev"]
# The whole corpus (912 records, psychedelics too): benchmarks use it when it is there.
FULL_CORPUS = SHARED / "corpus" / "pubmed_psychedelic_trials_2023_2025.jsonl"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def expert_set(name: str) -> Path:
    """The path of an expert-labelled set, or skip the calling test: these sets may not ship."""
    import pytest  # here, not at the top: benchmarks import this module without pytest

    path = EXPERT_SETS[name]
    if not path.is_file():
        pytest.skip(f"{path.name} not found at {path}: expert-labelled set, not shipped with the "
                    "project (see ../shared/data/README.md)")
    return path


def benchmark_corpus() -> Path:
    """The whole corpus when it is beside the checkout (figures comparable with earlier runs), else the slice."""
    return FULL_CORPUS if FULL_CORPUS.is_file() else CORPUS


@lru_cache(maxsize=1)
def corpus_rows() -> tuple[dict, ...]:
    """Every record of the corpus fixture, as read from the JSONL file."""
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
    """(PMID, <PubmedArticle> bytes) for every article in the EFetch samples."""
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


def psynamic_prompts() -> list[dict]:
    """Our questions on PsyNamic abstracts joined with the abstracts, or skip: the abstracts may not ship."""
    from tests.fixtures.join_prompts import join

    return join(expert_set("psynamic_dev"), PSYNAMIC_QUESTIONS)


def ei_prompts() -> list[dict]:
    """Our questions on Evidence Inference abstracts joined with the abstracts, or skip: the abstracts may not ship."""
    from tests.fixtures.join_prompts import join

    return join(expert_set("evidence_inference_dev"), EI_QUESTIONS)

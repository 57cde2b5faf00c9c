"""Tests of fetch.parse against the real EFetch samples in tests/fixtures/pubmed-xml.

Concrete values below were read from those files by hand; Biopython's Bio.Entrez parser is the
independent reference for every sample. Edge cases the samples lack (MedlineDate, retractions,
book records, error payloads, broken bodies, XXE) are made by editing a real sample in memory,
so each test starts from a genuine PubMed record.
"""

from __future__ import annotations

import http.server
import io
import logging
import re
import threading
from xml.sax.saxutils import unescape
from pathlib import Path

import pytest
from lxml import etree

from fetch.parse import PubmedXMLError, parse_pubmed_xml, parse_pubmed_xml_batch
from fetch.schema import ARTICLE_COLUMNS, LIST_COLUMNS
from tests.pubmed_material import XML_DIR as DATA_DIR

SAMPLES = sorted(DATA_DIR.glob("pubmed*.xml"))
MATHML = "{http://www.w3.org/1998/Math/MathML}"
assert SAMPLES, f"no PubMed samples in {DATA_DIR}: they ship with the tests (tests/fixtures/README.md)"


def sample(name: str) -> bytes:
    return (DATA_DIR / name).read_bytes()


def records(name: str) -> dict[int, dict]:
    return {r["pmid"]: r for r in parse_pubmed_xml(DATA_DIR / name)}


def edited(name: str, old: str, new: str, count: int = 1) -> bytes:
    """A sample with one exact edit; fails loudly if the sample no longer has that text."""
    data = sample(name)
    assert data.count(old.encode()) == count, f"{old!r} not found {count}x in {name}"
    return data.replace(old.encode(), new.encode())


def norm(text: str) -> str:
    return " ".join(text.split())


# -- every sample -----------------------------------------------------------------------

@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_parses_to_schema_rows(path: Path) -> None:
    data = path.read_bytes()
    recs = list(parse_pubmed_xml(data))
    assert len(recs) == data.count(b"<PubmedArticle>") > 0
    for rec in recs:
        assert list(rec) == list(ARTICLE_COLUMNS)
        assert isinstance(rec["pmid"], int) and rec["pmid"] > 0
        assert rec["title"] and rec["journal"] and isinstance(rec["pub_year"], int)
        assert rec["source"] == "pubmed"
        assert rec["matched_conditions"] == [] and rec["first_seen"] is None
        for column in LIST_COLUMNS:
            assert all(isinstance(v, str) and v for v in rec[column]), column
        for column in ("pub_date", "date_revised", "entrez_date"):
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", rec[column]), (column, rec[column])
        for text in (rec["title"], rec["abstract"] or ""):
            assert not re.search(r"</?[A-Za-z][\w:.-]*[\s/>]", text), "markup left in text"


def test_sample_pmids_are_the_citations_not_cited_references() -> None:
    assert list(records("pubmed4.xml")) == [27797938]  # its ReferenceList holds ~60 other PMIDs
    assert list(records("pubmed1.xml")) == [12091962, 9997]
    assert list(records("pubmed2.xml")) == [11748933, 11700088]


# -- concrete values, read from the samples ------------------------------------------------

def test_structured_abstract_nejm() -> None:
    rec = records("pubmed-29768149.xml")[29768149]
    assert rec["title"] == "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma."
    sections = rec["abstract"].split("\n")
    assert [s.split(":")[0] for s in sections] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    # "&#946;\n\t\t<sub>2</sub>-agonist": entity decoded, <sub> flattened, layout whitespace collapsed
    assert sections[0] == ("BACKGROUND: In patients with mild asthma, as-needed use of an inhaled "
                           "glucocorticoid plus a fast-acting β 2-agonist may be an alternative to "
                           "conventional treatment strategies.")
    assert "(200 μg of budesonide and 6 μg of formoterol)" in sections[1]
    assert sections[3].endswith("SYGMA 1 ClinicalTrials.gov number, NCT02149199 .).")
    assert rec["authors"][:3] == ["O'Byrne PM", "FitzGerald JM", "Bateman ED"]
    assert len(rec["authors"]) == 10 and rec["authors"][-1] == "Reddel HK"
    assert (rec["journal"], rec["journal_iso"]) == ("The New England journal of medicine", "N Engl J Med")
    assert (rec["pub_year"], rec["pub_date"], rec["pub_date_source"]) == (2018, "2018-05-17", "PubDate")
    assert rec["doi"] == "10.1056/NEJMoa1715274" and rec["pmcid"] is None
    assert rec["publication_types"] == ["Clinical Trial, Phase III", "Comparative Study", "Journal Article",
                                        "Multicenter Study", "Randomized Controlled Trial",
                                        "Research Support, Non-U.S. Gov't"]
    assert rec["date_revised"] == "2022-04-10" and rec["entrez_date"] == "2018-05-17"
    assert rec["retraction_signals"] == []  # it has CommentIn links, which are not retractions
    assert rec["keywords"] == []


def test_mesh_major_flags_nejm() -> None:
    rec = records("pubmed-29768149.xml")[29768149]
    assert len(rec["mesh_terms"]) == 23 and rec["mesh_terms"][0] == "Administration, Inhalation"
    assert rec["mesh_major_terms"] == ["Asthma", "Bronchodilator Agents", "Budesonide",
                                       "Formoterol Fumarate", "Terbutaline"]
    headings = rec["mesh_headings"]
    assert "Humans" in headings and "Humans*" not in headings
    assert "Asthma/drug therapy*" in headings
    assert "Budesonide/administration & dosage*" in headings  # &amp; decoded
    assert "Budesonide/adverse effects" in headings
    assert "Glucocorticoids/administration & dosage" in headings  # qualifier not major
    assert "Glucocorticoids" not in rec["mesh_major_terms"]
    assert len(headings) == 27


def test_old_record_season_date_no_abstract_pubmed_date_fallback() -> None:
    rec = records("pubmed1.xml")[12091962]
    assert rec["title"] == "The treatment of AIDS behind the walls of correctional facilities."
    assert rec["abstract"] is None and rec["doi"] is None
    assert rec["journal"] == "Social justice (San Francisco, Calif.)" and rec["journal_iso"] is None
    # <PubDate><Year>1990</Year><Season>Spring</Season>: a season is not a month
    assert (rec["pub_year"], rec["pub_date"], rec["pub_date_source"]) == (1990, "1990", "PubDate")
    assert rec["authors"] == ["Olivero JM"]
    assert rec["citation_status"] == "MEDLINE"
    assert rec["publication_types"] == ["Journal Article", "Review"]
    assert rec["keywords"] == ["Health Care and Public Health", "Legal Approach"]
    assert rec["mesh_major_terms"] == ["Acquired Immunodeficiency Syndrome", "HIV Seropositivity",
                                       "Jurisprudence", "Prisoners", "Public Policy"]
    assert "Prisoners*" in rec["mesh_headings"] and "Quarantine" in rec["mesh_headings"]
    assert rec["date_revised"] == "2007-11-15"
    assert rec["entrez_date"] == "1990-04-01"  # no 'entrez' date in History: 'pubmed' is used


def test_month_name_day_and_qualifier_major() -> None:
    rec = records("pubmed1.xml")[9997]
    assert (rec["pub_date"], rec["pub_date_source"]) == ("1976-09-28", "PubDate")  # Month "Sep"
    assert rec["journal_iso"] == "Biochim. Biophys. Acta"
    assert "Chromatium/enzymology*" in rec["mesh_headings"]
    assert "Chromatium" in rec["mesh_major_terms"]  # via its starred qualifier only
    assert "Iron/analysis" in rec["mesh_headings"] and "Iron" not in rec["mesh_major_terms"]
    assert rec["abstract"].startswith("Electron paramagnetic resonance and magnetic susceptibility")
    assert ":" not in rec["abstract"].split(" ")[0]  # unstructured: no label prefix


def test_entities_copyright_and_partial_date() -> None:
    recs = records("pubmed2.xml")
    rec = recs[11748933]
    assert "(P < 0.001)" in rec["abstract"] and "(from 32 to 52%, P < 0.01)" in rec["abstract"]
    assert "Copyright" not in rec["abstract"]
    assert (rec["pub_date"], rec["pub_date_source"]) == ("2001-06", "PubDate")
    assert rec["doi"] == "10.1006/cryo.2001.2328"
    assert "Sea Bream/anatomy & histology*" in rec["mesh_headings"]
    assert "Semen Preservation/adverse effects" in rec["mesh_headings"]
    assert "Semen Preservation/methods*" in rec["mesh_headings"]
    assert recs[11700088]["authors"][-1] == "De Luca F"
    assert recs[11700088]["mesh_terms"] == []


def test_inline_markup_article_date_and_ids() -> None:
    rec = records("pubmed4.xml")[27797938]
    assert rec["title"] == ("Leucocyte telomere length, genetic variants at the TERT gene region "
                            "and risk of pancreatic cancer.")
    assert "(comparing extreme quintiles of telomere length, OR 1.72; 95% CI 1.07 to 2.78; " \
           "ptrend=0.048)" in rec["abstract"]
    assert "(linkage disequilibrium r2<0.25)" in rec["abstract"]
    assert rec["abstract"].split("\n")[1].startswith("DESIGN: We measured prediagnostic")
    # PubDate is 2017 Jun (no day); the electronic ArticleDate is a full date, so it wins
    assert rec["pub_year"] == 2017
    assert (rec["pub_date"], rec["pub_date_source"]) == ("2016-10-21", "ArticleDate")
    assert rec["doi"] == "10.1136/gutjnl-2016-312510" and rec["pmcid"] == "PMC5442267"
    assert rec["keywords"] == ["PANCREATIC CANCER"]
    assert rec["mesh_headings"][:2] == ["Adenocarcinoma/epidemiology*", "Adenocarcinoma/genetics*"]
    assert "Telomere Shortening*" in rec["mesh_headings"]
    assert "United States/epidemiology" in rec["mesh_headings"]
    assert rec["entrez_date"] == "2016-11-01" and rec["date_revised"] == "2018-04-17"
    assert len(rec["authors"]) == 22 and "De Vivo I" in rec["authors"]


def test_label_not_nlmcategory_and_underline_markup() -> None:
    rec = records("pubmed5.xml")[28775130]
    labels = [s.split(":")[0] for s in rec["abstract"].split("\n")]
    assert labels == ["OBJECTIVES", "METHODS", "RESULTS", "CONCLUSIONS"]  # NlmCategory="OBJECTIVE"
    assert "normal TSH (0.4-<4.5 mIU/L)" in rec["abstract"]  # 0.4-<u>&lt;</u>4.5
    assert "(ORQ3=4.15, 95% CI 1.56 to 11.01" in rec["abstract"]
    assert "Beane Freeman LE" in rec["authors"] and "Alavanja MCR" in rec["authors"]
    assert rec["pmcid"] == "PMC5771820" and rec["doi"] == "10.1136/oemed-2017-104431"
    assert rec["mesh_terms"] == []  # In-Data-Review: not indexed yet
    assert rec["keywords"][0] == "agriculture" and len(rec["keywords"]) == 5


def test_quotes_in_italic_title_and_mathml_abstract() -> None:
    rec = records("pubmed6.xml")[30108519]
    assert rec["title"] == ('A "Blood Relationship" Between the Overlooked Minimum Lactate Equivalent '
                            'and Maximal Lactate Steady State in Trained Runners. Back to the Old Days?')
    # MathML: tokens V . O 2 m a x packed together, layout whitespace dropped
    assert "maximal oxygen uptake ( V.O2max ) 67.6 ± 4.1 ml·kg-1·min-1]" in rec["abstract"]
    assert "were the best predictors of V.O2max (r = 0.72-0.79; P < 0.001)" in rec["abstract"]
    assert "<" not in rec["abstract"].replace("P < 0.001", "")
    assert (rec["pub_year"], rec["pub_date"], rec["pub_date_source"]) == (2018, "2018-07-31", "ArticleDate")
    assert rec["keywords"][0] == "Owles' point"


def test_collective_author_and_mathml_prescripts() -> None:
    rec = records("pubmed7.xml")[29963580]
    assert rec["authors"][-1] == "Canadian Respiratory Research Network"
    assert rec["authors"][:2] == ["Guo F", "Capaldi D"]
    assert "(1) inhaled He3/Xe129 MRI ventilation" in rec["abstract"]  # NBSP and thin space -> " "
    assert "ultrashort echo-time H1 MRI proton density" in rec["abstract"]
    assert rec["journal_iso"] == "J Med Imaging (Bellingham)"
    assert rec["doi"] == "10.1117/1.JMI.5.2.026002"


# -- Biopython as the reference --------------------------------------------------------------

def _biopython_articles(data: bytes, monkeypatch: pytest.MonkeyPatch) -> list:
    """PubmedArticle records as Bio.Entrez reads them, from its bundled DTDs only."""
    from Bio import Entrez
    import Bio.Entrez.Parser as entrez_parser

    def no_network(url, *args, **kwargs):
        raise AssertionError(f"Biopython tried to download {url}")

    monkeypatch.setattr(entrez_parser, "urlopen", no_network)
    # Biopython refuses plain-http DTD URLs (the 2008 samples); the DTD itself is bundled.
    data = data.replace(b'"http://www.ncbi.nlm.nih.gov/', b'"https://www.ncbi.nlm.nih.gov/')
    result = Entrez.read(io.BytesIO(data), validate=False, escape=True)
    # old DTDs make PubmedArticleSet a list, new ones a dict of record kinds
    return list(result) if isinstance(result, list) else list(result["PubmedArticle"])


def _reference_text(fragment: str) -> str:
    """Biopython keeps inline markup as (escaped) XML text: flatten it, MathML tokens packed."""
    root = etree.fromstring(f"<x>{fragment}</x>".encode(), etree.XMLParser(resolve_entities=False))
    for math in list(root.iter(f"{MATHML}math")):
        packed = "".join(t.strip(" \t\r\n") for t in math.itertext()) + (math.tail or "")
        previous, parent = math.getprevious(), math.getparent()
        if previous is not None:
            previous.tail = (previous.tail or "") + packed
        else:
            parent.text = (parent.text or "") + packed
        parent.remove(math)
    return norm("".join(root.itertext()))


def _plain(value) -> str:
    """A Biopython string read with escape=True, back to the text it stands for."""
    return unescape(str(value))


def _reference_record(article) -> dict:
    citation, pubmed_data = article["MedlineCitation"], article["PubmedData"]
    art = citation["Article"]
    journal = art["Journal"]
    pub_date = journal["JournalIssue"]["PubDate"]
    year = pub_date.get("Year") or re.search(r"\d{4}", pub_date["MedlineDate"]).group()
    parts = art.get("Abstract", {}).get("AbstractText", [])
    parts = [parts] if isinstance(parts, str) else parts
    abstract = "\n".join(
        (f"{p.attributes['Label']}: " if p.attributes.get("Label") else "") + _reference_text(p)
        for p in parts) or None
    ids = {i.attributes["IdType"]: _plain(i) for i in pubmed_data["ArticleIdList"]}
    elocation = [_plain(e) for e in art.get("ELocationID", []) if e.attributes.get("EIdType") == "doi"]
    mesh = [(_plain(h["DescriptorName"]), h["DescriptorName"].attributes["MajorTopicYN"] == "Y",
             [(_plain(q), q.attributes["MajorTopicYN"] == "Y") for q in h["QualifierName"]])
            for h in citation.get("MeshHeadingList", [])]
    dates = pubmed_data["History"]
    dates = dates[0] if dates and isinstance(dates[0], list) else dates  # old DTDs nest it
    history = {d.attributes["PubStatus"]: d for d in dates}
    entrez = history.get("entrez") or history["pubmed"]
    return {
        "pmid": int(citation["PMID"]),
        "title": _reference_text(art["ArticleTitle"]),
        "abstract": abstract,
        "authors": [_plain(f"{a['LastName']} {a['Initials']}" if "LastName" in a
                           else a["CollectiveName"]) for a in art["AuthorList"]],
        "journal": _plain(journal["Title"]),
        "journal_iso": _plain(journal["ISOAbbreviation"]) if "ISOAbbreviation" in journal else None,
        "pub_year": int(year),
        "doi": ids.get("doi") or (elocation[0] if elocation else None),
        "pmcid": ids.get("pmc"),
        "language": [_plain(x) for x in art["Language"]],
        "mesh_terms": [d for d, _, _ in mesh],
        "mesh_major_terms": [d for d, major, qs in mesh if major or any(m for _, m in qs)],
        "mesh_qualified": [(d, [q for q, _ in qs]) for d, _, qs in mesh],
        "publication_types": [_plain(t) for t in art["PublicationTypeList"]],
        "keywords": [_reference_text(k) for group in citation.get("KeywordList", []) for k in group],
        "date_revised": "{}-{:0>2}-{:0>2}".format(*(citation["DateRevised"][k]
                                                    for k in ("Year", "Month", "Day"))),
        "entrez_date": "{}-{:0>2}-{:0>2}".format(*(entrez[k] for k in ("Year", "Month", "Day"))),
    }


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_agrees_with_biopython(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    reference = [_reference_record(a) for a in _biopython_articles(data, monkeypatch)]
    ours = list(parse_pubmed_xml(data))
    assert [r["pmid"] for r in ours] == [r["pmid"] for r in reference]
    for mine, ref in zip(ours, reference):
        for column in ("title", "abstract", "authors", "journal", "journal_iso", "pub_year", "doi",
                       "pmcid", "language", "mesh_terms", "mesh_major_terms", "publication_types",
                       "keywords", "date_revised", "entrez_date"):
            assert mine[column] == ref[column], (ref["pmid"], column)
        # every Descriptor/qualifier pair, in order, whatever its star
        ours_qualified = [h.rstrip("*") for h in mine["mesh_headings"]]
        expected = [f"{d}/{q}" if qs else d for d, qual in ref["mesh_qualified"]
                    for qs in [qual] for q in (qual or [None])]
        assert ours_qualified == expected, ref["pmid"]


# -- dates, DOIs and retractions the samples lack (edited from real records) ------------------

@pytest.mark.parametrize("medline_date, year, iso", [
    ("2001 Jun-Jul", 2001, "2001-06"),
    ("1998 Dec-1999 Jan", 1998, "1998-12"),
    ("2000 Spring", 2000, "2000"),
    ("Winter 1999-2000", 1999, "1999"),
    ("1975-1976", 1975, "1975"),
])
def test_medline_date(medline_date: str, year: int, iso: str) -> None:
    data = edited("pubmed2.xml", "<Year>2001</Year>\n                        <Month>Jun</Month>",
                  f"<MedlineDate>{medline_date}</MedlineDate>")
    rec = {r["pmid"]: r for r in parse_pubmed_xml(data)}[11748933]
    assert (rec["pub_year"], rec["pub_date"], rec["pub_date_source"]) == (year, iso, "MedlineDate")


@pytest.mark.parametrize("month, day, expected", [
    ("5", "7", "2018-05-07"), ("May", "31", "2018-05-31"), ("september", None, "2018-09"),
    ("02", "30", "2018-02"),  # impossible day: keep what is certain
    ("13", "1", "2018"),  # not a month
])
def test_pubdate_months_and_days(month: str, day: str | None, expected: str) -> None:
    day_xml = f"<Day>{day}</Day>" if day else ""
    data = edited("pubmed-29768149.xml", "<Month>05</Month>\n\t\t\t\t\t\t\t<Day>17</Day>",
                  f"<Month>{month}</Month>{day_xml}")
    rec = parse_pubmed_xml_batch(data)[0]
    assert (rec["pub_date"], rec["pub_date_source"]) == (expected, "PubDate")


def test_partial_pubdate_used_when_no_article_date() -> None:
    data = edited("pubmed7.xml", '<ArticleDate DateType="Electronic">', '<Unused>')
    data = data.replace(b"</ArticleDate>", b"</Unused>")
    rec = parse_pubmed_xml_batch(data)[0]
    assert (rec["pub_date"], rec["pub_date_source"]) == ("2018-04", "PubDate")


def test_doi_falls_back_to_elocation_and_is_bare() -> None:
    data = edited("pubmed4.xml", '<ArticleId IdType="doi">10.1136/gutjnl-2016-312510</ArticleId>', "")
    data = data.replace(b'ValidYN="Y">10.1136/gutjnl', b'ValidYN="Y">https://doi.org/10.1136/gutjnl')
    rec = parse_pubmed_xml_batch(data)[0]
    assert rec["doi"] == "10.1136/gutjnl-2016-312510"


def test_retraction_signals() -> None:
    data = edited(
        "pubmed-29768149.xml",
        '<PublicationType UI="D016428">Journal Article</PublicationType>',
        '<PublicationType UI="D016428">Journal Article</PublicationType>'
        '<PublicationType UI="D016441">Retracted Publication</PublicationType>')
    data = data.replace(b'<CommentsCorrections RefType="CommentIn">', b"""
        <CommentsCorrections RefType="RetractionIn">
            <RefSource>N Engl J Med. 2019 Jan 3;380(1):99</RefSource>
            <PMID Version="1">30500000</PMID>
        </CommentsCorrections>
        <CommentsCorrections RefType="RetractionIn"><RefSource>Lancet. 2019;393:10</RefSource>
        </CommentsCorrections>
        <CommentsCorrections RefType="CommentIn">""", 1)
    rec = parse_pubmed_xml_batch(data)[0]
    assert rec["retraction_signals"] == [
        "Publication type: Retracted Publication",
        "RetractionIn: N Engl J Med. 2019 Jan 3;380(1):99 (PMID 30500000)",
        "RetractionIn: Lancet. 2019;393:10",
    ]
    assert "Retracted Publication" in rec["publication_types"]


def test_author_marked_invalid_by_pubmed_is_left_out() -> None:
    data = edited("pubmed2.xml", '<Author ValidYN="Y">\n                    <LastName>Barbato</LastName>',
                  '<Author ValidYN="N">\n                    <LastName>Barbato</LastName>')
    rec = parse_pubmed_xml_batch(data)[0]
    assert rec["authors"][:2] == ["Taddei AR", "Abelli L"] and len(rec["authors"]) == 7


def test_descriptor_major_with_qualifiers_stars_each_heading() -> None:
    data = edited("pubmed4.xml", '<DescriptorName UI="D019098" MajorTopicYN="N">Telomerase',
                  '<DescriptorName UI="D019098" MajorTopicYN="Y">Telomerase')
    rec = parse_pubmed_xml_batch(data)[0]
    assert "Telomerase/genetics*" in rec["mesh_headings"] and "Telomerase" in rec["mesh_major_terms"]


# -- records that are skipped ------------------------------------------------------------------

def test_record_without_pmid_is_skipped_with_warning(caplog: pytest.LogCaptureFixture) -> None:
    data = edited("pubmed2.xml", "<PMID>11748933</PMID>", "")
    with caplog.at_level(logging.WARNING, logger="fetch.parse"):
        recs = parse_pubmed_xml_batch(data)
    assert [r["pmid"] for r in recs] == [11700088]
    warnings = [r for r in caplog.records if r.name == "fetch.parse" and r.levelno == logging.WARNING]
    assert len(warnings) == 1 and warnings[0].getMessage() == "skipping PMID unknown: no PMID"


def test_record_with_unreadable_field_is_skipped_naming_its_pmid(
        caplog: pytest.LogCaptureFixture) -> None:
    data = edited("pubmed1.xml", "<Year>1976</Year>\n                        <Month>Sep</Month>",
                  "<Year>19x6</Year><Month>Sep</Month>")
    data = data.replace(b"<PMID>12091962</PMID>", b"<PMID>12O91962</PMID>")  # letter O
    with caplog.at_level(logging.WARNING, logger="fetch.parse"):
        recs = parse_pubmed_xml_batch(data)
    assert recs == []
    messages = [r.getMessage() for r in caplog.records if r.name == "fetch.parse"]
    assert messages[0] == "skipping PMID 12O91962: PMID '12O91962' is not a number"
    assert messages[1].startswith("skipping PMID 9997: ")


def test_book_articles_and_delete_citations_are_skipped(caplog: pytest.LogCaptureFixture) -> None:
    data = edited("pubmed2.xml", "</PubmedArticleSet>", """
<PubmedBookArticle><BookDocument><PMID Version="1">20301295</PMID>
<ArticleTitle>Ketamine. A GeneReviews chapter</ArticleTitle></BookDocument></PubmedBookArticle>
<DeleteCitation><PMID Version="1">111</PMID><PMID Version="1">222</PMID></DeleteCitation>
</PubmedArticleSet>""")
    with caplog.at_level(logging.INFO, logger="fetch.parse"):
        recs = parse_pubmed_xml_batch(data)
    assert [r["pmid"] for r in recs] == [11748933, 11700088]
    messages = [r.getMessage() for r in caplog.records if r.name == "fetch.parse"]
    assert messages == ["skipping book record PMID 20301295", "skipping DeleteCitation of 2 PMIDs"]
    assert all(r.levelno == logging.INFO for r in caplog.records if r.name == "fetch.parse")


# -- whole bodies that are unusable -----------------------------------------------------------

@pytest.mark.parametrize("cut", [0.5, 0.999])
def test_truncated_body_raises(cut: float) -> None:
    data = sample("pubmed2.xml")
    body = data[: int(len(data) * cut)]
    with pytest.raises(PubmedXMLError, match="not well-formed or truncated"):
        parse_pubmed_xml_batch(body)


def test_truncated_stream_yields_whole_records_then_raises() -> None:
    data = sample("pubmed2.xml")
    stream = parse_pubmed_xml(data[: data.index(b"<PMID>11700088")])
    assert next(stream)["pmid"] == 11748933  # streamed before the end was seen
    with pytest.raises(PubmedXMLError):
        next(stream)


@pytest.mark.parametrize("body", [b"", b"  \n", b"<PubmedArticleSet><PubmedArticle>",
                                  b"Service unavailable", b"<PubmedArticleSet></PubmedArticle>"])
def test_empty_or_broken_body_raises(body: bytes) -> None:
    with pytest.raises(PubmedXMLError):
        parse_pubmed_xml_batch(body)
    assert issubclass(PubmedXMLError, ValueError)  # the HTTP client retries on ValueError


@pytest.mark.parametrize("body, message", [
    (b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eFetchResult PUBLIC "-//NLM//DTD '
     b'efetch 20131226//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">\n'
     b"<eFetchResult>\n\t<ERROR>Cannot retrieve history data. query_key: 1, WebEnv: MCID_1</ERROR>"
     b"\n</eFetchResult>\n", "Cannot retrieve history data. query_key: 1, WebEnv: MCID_1"),
    (b"<PubmedArticleSet><ERROR>Empty id list - nothing todo</ERROR></PubmedArticleSet>",
     "Empty id list - nothing todo"),
])
def test_error_payload_raises_with_its_text(body: bytes, message: str) -> None:
    with pytest.raises(PubmedXMLError, match=re.escape(message)):
        parse_pubmed_xml_batch(body)


def test_error_after_records_raises() -> None:
    data = edited("pubmed2.xml", "</PubmedArticleSet>",
                  "<ERROR>Unable to obtain query #1</ERROR></PubmedArticleSet>")
    with pytest.raises(PubmedXMLError, match="Unable to obtain query #1"):
        parse_pubmed_xml_batch(data)


def test_html_error_page_raises() -> None:
    with pytest.raises(PubmedXMLError, match="root element is <html>"):
        parse_pubmed_xml_batch(b"<html><body><h1>502 Bad Gateway</h1></body></html>")


def test_empty_result_set_is_not_an_error() -> None:
    assert parse_pubmed_xml_batch(b'<?xml version="1.0"?>\n<PubmedArticleSet></PubmedArticleSet>') == []


# -- safety: no DTD, no network, no entity expansion ---------------------------------------

def _with_doctype(internal_subset: str, title: str) -> bytes:
    data = sample("pubmed7.xml")
    data = re.sub(rb"<!DOCTYPE[^>]*>", f"<!DOCTYPE PubmedArticleSet [{internal_subset}]>".encode(), data)
    old = b"<ArticleTitle>Development of a pulmonary"
    assert data.count(old) == 1
    return data.replace(old, f"<ArticleTitle>{title} Development of a pulmonary".encode())


def test_external_file_entity_is_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7731")
    data = _with_doctype(f'<!ENTITY xxe SYSTEM "{secret.as_uri()}">', "&xxe;")
    rec = parse_pubmed_xml_batch(data)[0]
    assert rec["title"] == "Development of a pulmonary imaging biomarker pipeline for phenotyping " \
                           "of chronic lung disease."
    assert "TOP-SECRET" not in repr(rec)


def test_entity_bomb_is_refused_or_not_expanded() -> None:
    bomb = '<!ENTITY a "HAHA">' + "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefgh", "bcdefghi"))
    try:
        recs = parse_pubmed_xml_batch(_with_doctype(bomb, "&i;"))
    except PubmedXMLError as exc:  # libxml2 >= 2.12 refuses the amplification outright
        assert "amplification" in str(exc)
    else:
        assert "HAHA" not in recs[0]["title"]
        assert recs[0]["title"].startswith("Development of a pulmonary")


def test_internal_entity_is_not_expanded() -> None:
    rec = parse_pubmed_xml_batch(_with_doctype('<!ENTITY ketamine "INJECTED">', "&ketamine;"))[0]
    assert "INJECTED" not in repr(rec)
    assert rec["title"].startswith("Development of a pulmonary")


def test_no_network_for_dtd_or_entities() -> None:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY leak "LEAKED">')

        def log_message(self, *args) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        data = _with_doctype(f'<!ENTITY % remote SYSTEM "{base}/evil.dtd"> %remote; '
                             f'<!ENTITY net SYSTEM "{base}/secret">', "&net; &leak;")
        data = data.replace(b"<!DOCTYPE PubmedArticleSet [",
                            f'<!DOCTYPE PubmedArticleSet SYSTEM "{base}/pubmed.dtd" ['.encode())
        recs = parse_pubmed_xml_batch(data)
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []
    assert "LEAKED" not in repr(recs) and recs[0]["pmid"] == 29963580


# -- accepted sources ------------------------------------------------------------------------

def test_all_source_kinds_give_the_same_records() -> None:
    path = DATA_DIR / "pubmed6.xml"
    data = path.read_bytes()
    expected = parse_pubmed_xml_batch(data)
    assert list(parse_pubmed_xml(path)) == expected
    assert list(parse_pubmed_xml(str(path))) == expected
    assert list(parse_pubmed_xml(data.decode("utf-8"))) == expected
    with path.open("rb") as handle:
        assert list(parse_pubmed_xml(handle)) == expected
    assert list(parse_pubmed_xml(io.BytesIO(data))) == expected
    assert "±" in expected[0]["abstract"]  # non-ASCII survives every route

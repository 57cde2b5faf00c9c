"""The article record: every column the store holds for a PubMed record, with its type.

This is the contract between the parser (which yields dicts with these keys), the store
(which persists them as Parquet) and the analysis (which reads them and adds labels).
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 1

# name -> (arrow type, meaning). Lists are lists of strings; missing scalars are null.
ARTICLE_COLUMNS: dict[str, tuple[pa.DataType, str]] = {
    "pmid": (pa.int64(), "PubMed identifier (unique key of the store)"),
    "title": (pa.string(), "Article title, inline markup flattened to text"),
    "abstract": (pa.string(), "Abstract; structured sections as 'LABEL: text' joined by newlines"),
    "authors": (pa.list_(pa.string()), "Authors as 'LastName Initials' (or collective name)"),
    "journal": (pa.string(), "Journal full title"),
    "journal_iso": (pa.string(), "Journal ISO abbreviation"),
    "pub_year": (pa.int64(), "Publication year (journal issue year, else MedlineDate year); may differ from pub_date's year when the electronic date is earlier"),
    "pub_date": (pa.string(), "Best available publication date, ISO 8601, as precise as known (YYYY, YYYY-MM or YYYY-MM-DD)"),
    "pub_date_source": (pa.string(), "Element the date came from: PubDate, MedlineDate or ArticleDate"),
    "doi": (pa.string(), "Digital Object Identifier, without 'https://doi.org/'"),
    "pmcid": (pa.string(), "PubMed Central identifier (PMC...)"),
    "language": (pa.list_(pa.string()), "Language codes as PubMed gives them (eng, fre, ...)"),
    "mesh_terms": (pa.list_(pa.string()), "MeSH descriptor names"),
    "mesh_major_terms": (pa.list_(pa.string()), "MeSH descriptors that are a major topic (descriptor or a qualifier starred)"),
    "mesh_headings": (pa.list_(pa.string()), "MeSH headings as PubMed shows them: 'Descriptor/qualifier', '*' marking a major topic"),
    "publication_types": (pa.list_(pa.string()), "PubMed publication types"),
    "keywords": (pa.list_(pa.string()), "Keywords from every KeywordList (author and NLM-owned)"),
    "databank_accessions": (pa.list_(pa.string()), "DataBankList accessions as 'DataBankName:AccessionNumber' (trial registrations, e.g. 'ClinicalTrials.gov:NCT01234567', and data banks such as GenBank); empty in stores written before the column existed"),
    "retraction_signals": (pa.list_(pa.string()), "Retraction evidence PubMed gives: 'Publication type: Retracted Publication', 'RetractionIn: <source> (PMID n)'"),
    "citation_status": (pa.string(), "MedlineCitation Status (MEDLINE, PubMed-not-MEDLINE, In-Data-Review, ...): empty MeSH on a record not yet indexed is not evidence of absence"),
    "date_revised": (pa.string(), "Date PubMed last revised the record (ISO); the newest revision wins on upsert"),
    "entrez_date": (pa.string(), "Date the record entered PubMed (ISO)"),
    "matched_conditions": (pa.list_(pa.string()), "Conditions whose PubMed query matched this record"),
    "source": (pa.string(), "Where the record came from: 'pubmed' (E-utilities) or 'corpus-import'"),
    "first_seen": (pa.string(), "UTC time this store first stored the record (ISO)"),
    "last_updated": (pa.string(), "UTC time this store last changed the record (ISO)"),
}

LIST_COLUMNS = [name for name, (typ, _) in ARTICLE_COLUMNS.items() if pa.types.is_list(typ)]


def arrow_schema() -> pa.Schema:
    """Arrow schema of the article columns, so every write has the same types."""
    return pa.schema([pa.field(name, typ) for name, (typ, _) in ARTICLE_COLUMNS.items()])


def empty_record(pmid: int) -> dict:
    """A record with every column present and empty, for producers that fill only some."""
    rec: dict = {name: ([] if name in LIST_COLUMNS else None) for name in ARTICLE_COLUMNS}
    rec["pmid"] = pmid
    return rec

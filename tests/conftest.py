"""Shared fixtures: the fake E-utilities server loaded with real PubMed records, fast clients."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fetch.eutils import ClientSettings, EutilsClient
from fetch.queries import load_queries, text_matches
from tests.fake_eutils import FakeEutils
from tests.pubmed_material import corpus_article_xml, corpus_rows


@pytest.fixture(scope="session")
def queries():
    """The project's real query configuration."""
    return load_queries()


def ketamine_rows(config) -> list[tuple[dict, list[str]]]:
    """Corpus rows about ketamine with the conditions their text matches."""
    chosen = []
    for row in corpus_rows():
        text = " ".join([row.get("title") or "", row.get("abstract") or "", *row.get("keywords", [])])
        is_ketamine, conditions = text_matches(config, text)
        if is_ketamine and conditions:
            chosen.append((row, conditions))
    return chosen


def entry_date(row: dict) -> date:
    """A stable entry date inside the record's publication year (the corpus has years only)."""
    return date(int(row["year"]), 1, 1) + timedelta(days=int(row["pmid"]) % 360)


@pytest.fixture
def fake(queries):
    """A running fake E-utilities server serving the ketamine corpus records as EFetch XML."""
    server = FakeEutils(blocks={c.name: c.query for c in queries.conditions})
    for row, conditions in ketamine_rows(queries):
        server.add(int(row["pmid"]), corpus_article_xml(row), set(conditions), entry_date(row))
    server.start()
    yield server
    server.stop()


def make_client(base_url: str, **overrides) -> EutilsClient:
    """A client tuned for a local server: no rate wait worth noticing, short timeouts, quick retries."""
    settings = dict(base_url=base_url, email="tests@example.org", max_rps=500.0,
                    read_timeout=1.0, connect_timeout=1.0, max_attempts=4,
                    backoff_base=0.01, backoff_max=0.05)
    settings.update(overrides)
    return EutilsClient(ClientSettings(**settings))


@pytest.fixture
def client_for():
    """Factory for fast test clients."""
    return make_client

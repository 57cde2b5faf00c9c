"""Which records to fetch and fetching them: searches split under the ESearch cap, batched EFetch."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Callable, Iterator

from fetch.eutils import EutilsClient, EutilsError
from fetch.queries import QueryConfig

log = logging.getLogger("fetch.harvest")

EARLIEST = date(1800, 1, 1)
DEFAULT_SEARCH_CAP = 10_000
DEFAULT_BATCH_SIZE = 500


def _fmt(day: date) -> str:
    return day.strftime("%Y/%m/%d")


def since_filter(since: date) -> str:
    """PubMed term limiting a search to records entered or modified on or after a day."""
    return f'("{_fmt(since)}"[EDAT] : "3000"[EDAT] OR "{_fmt(since)}"[MDAT] : "3000"[MDAT])'


def search_all_ids(client: EutilsClient, term: str, cap: int, today: date) -> set[int]:
    """Every PMID for a term, splitting the entry-date range while a slice exceeds the cap."""
    first = client.esearch(term, retmax=cap)
    if first.count <= cap:
        return set(first.ids)
    log.info("%d results exceed the cap of %d: splitting by entry date", first.count, cap)
    return _search_range(client, term, cap, EARLIEST, today)


def _search_range(client: EutilsClient, term: str, cap: int, start: date, end: date) -> set[int]:
    result = client.esearch(term, retmax=cap, mindate=_fmt(start), maxdate=_fmt(end))
    if result.count <= cap:
        return set(result.ids)
    if start >= end:
        raise EutilsError(f"{result.count} records entered on {start} alone exceed the search "
                          f"cap of {cap}; raise --search-cap")
    middle = start + timedelta(days=(end - start).days // 2)
    return (_search_range(client, term, cap, start, middle)
            | _search_range(client, term, cap, middle + timedelta(days=1), end))


def collect_matches(client: EutilsClient, config: QueryConfig, since: date | None,
                    cap: int, today: date) -> dict[int, list[str]]:
    """PMID -> conditions whose search found it (restricted to recent changes when `since`)."""
    matches: dict[int, list[str]] = {}
    for condition in config.conditions:
        term = config.search_term(condition)
        if since is not None:
            term = f"({term}) AND {since_filter(since)}"
        ids = search_all_ids(client, term, cap, today)
        log.info("%s: %d records", condition.name, len(ids))
        for pmid in ids:
            matches.setdefault(pmid, []).append(condition.name)
    return matches


def fetch_records(client: EutilsClient, pmids: list[int], batch_size: int,
                  parse: Callable[[bytes], list[dict]]) -> Iterator[list[dict]]:
    """Parsed records for the PMIDs, one list per EFetch batch, via one EPost per 10,000 IDs."""
    for chunk_start in range(0, len(pmids), DEFAULT_SEARCH_CAP):
        chunk = pmids[chunk_start:chunk_start + DEFAULT_SEARCH_CAP]
        webenv, key = client.epost(chunk)
        for start in range(0, len(chunk), batch_size):
            expected = min(batch_size, len(chunk) - start)
            yield client.efetch(webenv, key, start, batch_size, expected, parse)

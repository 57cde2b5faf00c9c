"""HTTP requests (and time) for a full refresh of N records and for an incremental refresh with nothing new.

Runs the real refresh code against the local fake E-utilities server (tests/fake_eutils.py),
serving N real corpus records (replicated under fresh PMIDs when N exceeds the corpus), and the
fake ClinicalTrials.gov (tests/fake_ctgov.py), serving M registrations (the synthetic fixture
records, replicated under fresh NCT numbers), both sources in one run as `refresh` does.
Usage: python benchmarks/bench_refresh.py [--records 5000] [--batch-size 500] [--search-cap 10000]
                                          [--registrations 600] [--ctgov-page-size 1000]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fetch.ctgov import POLITE_RPS, CtgovClient, CtgovSettings  # noqa: E402
from fetch.eutils import ClientSettings, EutilsClient  # noqa: E402
from fetch.parse import parse_pubmed_xml_batch  # noqa: E402
from fetch.queries import load_queries, text_matches  # noqa: E402
from fetch.refresh import RefreshOptions, run_refresh  # noqa: E402
from tests.fake_ctgov import FakeCtgov, fixture_studies  # noqa: E402
from tests.fake_eutils import FakeEutils  # noqa: E402
from tests.pubmed_material import corpus_article_xml, corpus_rows  # noqa: E402


def serve(n: int, config) -> FakeEutils:
    """A fake server with n ketamine records, each in the conditions its text matches."""
    fake = FakeEutils(blocks={c.name: c.query for c in config.conditions})
    pool = []
    for row in corpus_rows():
        text = " ".join([row["title"] or "", row["abstract"] or "", *row.get("keywords", [])])
        is_ketamine, conditions = text_matches(config, text)
        if is_ketamine and conditions:
            pool.append((row, conditions))
    for i in range(n):
        row, conditions = pool[i % len(pool)]
        pmid = int(row["pmid"]) if i < len(pool) else 90_000_000 + i
        fake.add(pmid, corpus_article_xml(row, pmid=pmid), set(conditions),
                 date(2015, 1, 1) + timedelta(days=i % 3650))
    return fake.start()


def serve_registrations(m: int) -> FakeCtgov:
    """A fake ClinicalTrials.gov with m registrations (fixture records under fresh NCT numbers)."""
    import copy

    fake = FakeCtgov()
    pool = fixture_studies()
    for i in range(m):
        study = copy.deepcopy(pool[i % len(pool)])
        if i >= len(pool):
            study["protocolSection"]["identificationModule"]["nctId"] = f"NCT098{i:05d}"
        fake.add(study)
    return fake.start()


def client(base_url: str) -> EutilsClient:
    return EutilsClient(ClientSettings(base_url=base_url, max_rps=1000, email="bench@example.org"))


def ctgov_client(base_url: str) -> CtgovClient:
    return CtgovClient(CtgovSettings(base_url=base_url, max_rps=1000))


def ctgov_pages(fake: FakeCtgov, config, page_size: int) -> int:
    """Pages a full registry harvest needs: per condition, ceil(matches / page size), at least 1."""
    terms = config.ctgov_terms()
    return sum(max(1, math.ceil(len(fake.match({"query.intr": terms["ketamine"],
                                                "query.cond": terms[c.name]})) / page_size))
               for c in config.conditions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--search-cap", type=int, default=10_000)
    parser.add_argument("--registrations", type=int, default=600)
    parser.add_argument("--ctgov-page-size", type=int, default=1000)
    args = parser.parse_args()
    config = load_queries()
    fake = serve(args.records, config)
    ctfake = serve_registrations(args.registrations)
    options = RefreshOptions(batch_size=args.batch_size, search_cap=args.search_cap,
                             ctgov_page_size=args.ctgov_page_size)
    fake.search_cap = args.search_cap
    with tempfile.TemporaryDirectory() as tmp:
        c, ct = client(fake.base_url), ctgov_client(ctfake.base_url)
        started = time.perf_counter()
        full = run_refresh(Path(tmp), c, config, options, parse_pubmed_xml_batch,
                           label=lambda df: df, ctgov=ct)
        full_s = time.perf_counter() - started
        by_endpoint = {e: fake.requests_to(e) for e in ("esearch.fcgi", "epost.fcgi", "efetch.fcgi")}
        fake.log.clear()
        c, ct = client(fake.base_url), ctgov_client(ctfake.base_url)
        started = time.perf_counter()
        noop = run_refresh(Path(tmp), c, config, options, parse_pubmed_xml_batch,
                           label=lambda df: df, ctgov=ct)
        noop_s = time.perf_counter() - started
    fake.stop()
    ctfake.stop()
    n_cond = len(config.conditions)
    pages = ctgov_pages(ctfake, config, args.ctgov_page_size)
    efetch_expected = math.ceil(full["added"] / args.batch_size)
    print(f"full refresh: {full['added']} records, batch {args.batch_size}, search cap {args.search_cap}; "
          f"{full['ctgov']['added']} registrations (of {args.registrations} served), page size "
          f"{args.ctgov_page_size}")
    print(f"  PubMed requests: {full['pubmed']['requests']} = esearch {by_endpoint['esearch.fcgi']} + epost "
          f"{by_endpoint['epost.fcgi']} + efetch {by_endpoint['efetch.fcgi']}")
    print(f"  target ceil(N/batch) + searches = {efetch_expected} + {by_endpoint['esearch.fcgi']} "
          f"(+{by_endpoint['epost.fcgi']} EPost per 10,000 IDs) -> "
          f"{'MET' if by_endpoint['efetch.fcgi'] == efetch_expected else 'MISSED'}")
    ct_full = full["ctgov"]["requests"]
    print(f"  ClinicalTrials.gov requests: {ct_full}; target sum over conditions of "
          f"ceil(matches/page size) = {pages} -> {'MET' if ct_full == pages else 'MISSED'}")
    print(f"  wall time {full_s:.2f} s for both sources (local servers, no rate limit, labelling excluded)")
    pm_noop, ct_noop = noop["pubmed"]["requests"], noop["ctgov"]["requests"]
    print(f"incremental refresh with nothing new: PubMed {pm_noop} requests for {n_cond} "
          f"conditions = {pm_noop / n_cond:.1f} per condition (target <= 2) -> "
          f"{'MET' if pm_noop <= 2 * n_cond else 'MISSED'}; ClinicalTrials.gov {ct_noop} = "
          f"{ct_noop / n_cond:.1f} per condition (target 1) -> "
          f"{'MET' if ct_noop == n_cond else 'MISSED'}; {noop_s:.2f} s")
    pm_full = full["pubmed"]["requests"]
    print(f"at NCBI's 3 requests/s the full PubMed refresh needs >= {pm_full / 3:.0f} s of "
          f"request slots; with an API key (10/s) >= {pm_full / 10:.0f} s; ClinicalTrials.gov at "
          f"50/min >= {ct_full / POLITE_RPS:.0f} s full, {ct_noop / POLITE_RPS:.0f} s no-op")


if __name__ == "__main__":
    main()

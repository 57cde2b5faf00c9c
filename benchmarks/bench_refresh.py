"""HTTP requests (and time) for a full refresh of N records and for an incremental refresh with nothing new.

Runs the real refresh code against the local fake E-utilities server (tests/fake_eutils.py),
serving N real corpus records (replicated under fresh PMIDs when N exceeds the corpus).
Usage: python benchmarks/bench_refresh.py [--records 5000] [--batch-size 500] [--search-cap 10000]
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

from fetch.eutils import ClientSettings, EutilsClient  # noqa: E402
from fetch.parse import parse_pubmed_xml_batch  # noqa: E402
from fetch.queries import load_queries, text_matches  # noqa: E402
from fetch.refresh import RefreshOptions, run_refresh  # noqa: E402
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


def client(base_url: str) -> EutilsClient:
    return EutilsClient(ClientSettings(base_url=base_url, max_rps=1000, email="bench@example.org"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--search-cap", type=int, default=10_000)
    args = parser.parse_args()
    config = load_queries()
    fake = serve(args.records, config)
    options = RefreshOptions(batch_size=args.batch_size, search_cap=args.search_cap)
    fake.search_cap = args.search_cap
    with tempfile.TemporaryDirectory() as tmp:
        c = client(fake.base_url)
        started = time.perf_counter()
        full = run_refresh(Path(tmp), c, config, options, parse_pubmed_xml_batch, label=lambda df: df)
        full_s = time.perf_counter() - started
        by_endpoint = {e: fake.requests_to(e) for e in ("esearch.fcgi", "epost.fcgi", "efetch.fcgi")}
        fake.log.clear()
        c = client(fake.base_url)
        started = time.perf_counter()
        noop = run_refresh(Path(tmp), c, config, options, parse_pubmed_xml_batch, label=lambda df: df)
        noop_s = time.perf_counter() - started
    fake.stop()
    n_cond = len(config.conditions)
    efetch_expected = math.ceil(full["added"] / args.batch_size)
    print(f"full refresh: {full['added']} records, batch {args.batch_size}, search cap {args.search_cap}")
    print(f"  requests: {full['requests']} = esearch {by_endpoint['esearch.fcgi']} + epost "
          f"{by_endpoint['epost.fcgi']} + efetch {by_endpoint['efetch.fcgi']}")
    print(f"  target ceil(N/batch) + searches = {efetch_expected} + {by_endpoint['esearch.fcgi']} "
          f"(+{by_endpoint['epost.fcgi']} EPost per 10,000 IDs) -> "
          f"{'MET' if by_endpoint['efetch.fcgi'] == efetch_expected else 'MISSED'}")
    print(f"  wall time {full_s:.2f} s (local server, no rate limit, labelling excluded)")
    print(f"incremental refresh with nothing new: {noop['requests']} requests for {n_cond} "
          f"conditions = {noop['requests'] / n_cond:.1f} per condition (target <= 2) -> "
          f"{'MET' if noop['requests'] <= 2 * n_cond else 'MISSED'}; {noop_s:.2f} s")
    print(f"at NCBI's 3 requests/s the full refresh needs >= {full['requests'] / 3:.0f} s of "
          f"request slots; with an API key (10/s) >= {full['requests'] / 10:.0f} s")


if __name__ == "__main__":
    main()

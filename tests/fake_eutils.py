"""A local fake of NCBI E-utilities (esearch, epost, efetch) on 127.0.0.1, with injectable faults.

It serves real PubMed XML records. Which records a search term matches is decided by tags:
each record carries the names of the conditions it belongs to, and a term matches a condition
when it contains that condition's query block (the fake reads `fetch/queries.toml` blocks
through the test that starts it). Entry/modification-date filters in the term
(`"2024/01/01"[EDAT] : "3000"[EDAT]`) and the mindate/maxdate/datetype parameters are honoured,
and so is the 10,000-ID cap (configurable).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler

from tests.fake_http import FakeServer

FAULTS = ("429", "500", "502", "503", "hang", "truncate", "error", "reset", "drop_one", "empty")


@dataclass
class FakeRecord:
    """One record the fake serves: its EFetch XML, dates and the conditions it matches."""

    pmid: int
    xml: bytes
    conditions: set[str]
    edat: date
    mdat: date


@dataclass
class Fault:
    """Fail the `nth` request (1-based, counted per endpoint) to `endpoint` in the given way."""

    endpoint: str
    kind: str
    nth: int = 1
    times: int = 1
    retry_after: str = "1"


@dataclass
class FakeEutils(FakeServer):
    """The server's state: records, condition blocks, history sets, faults (tests.fake_http) and a
    request log of (endpoint, parameters)."""

    blocks: dict[str, str] = field(default_factory=dict)
    records: dict[int, FakeRecord] = field(default_factory=dict)
    search_cap: int = 10_000
    history: dict[str, list[int]] = field(default_factory=dict)

    BASE_PATH = "/entrez/eutils/"
    CONTENT_TYPE = ERROR_CONTENT_TYPE = "text/xml; charset=UTF-8"
    ACCEPTS_POST = True

    # -- records --------------------------------------------------------------------------
    def add(self, pmid: int, xml: bytes, conditions: set[str], edat: date,
            mdat: date | None = None) -> None:
        """Serve a record (replacing any with the same PMID)."""
        self.records[pmid] = FakeRecord(pmid, xml, set(conditions), edat, mdat or edat)

    def requests_to(self, endpoint: str) -> int:
        """How many requests reached an endpoint (faulty ones included)."""
        return sum(1 for name, _ in self.log if name == endpoint)

    # -- matching -------------------------------------------------------------------------
    def match(self, term: str, params: dict[str, str]) -> list[int]:
        """PMIDs matching a term, newest entry first like PubMed's default sort."""
        wanted = [name for name, block in self.blocks.items() if block and block in term]
        since = None
        found = re.search(r'"(\d{4}/\d{2}/\d{2})"\[EDAT\] : "3000"\[EDAT\] OR "(\d{4}/\d{2}/\d{2})"\[MDAT\]', term)
        if found:
            since = datetime.strptime(found.group(1), "%Y/%m/%d").date()
        lo = hi = None
        if params.get("mindate") and params.get("maxdate"):
            lo = datetime.strptime(params["mindate"], "%Y/%m/%d").date()
            hi = datetime.strptime(params["maxdate"], "%Y/%m/%d").date()
        hits = []
        for rec in self.records.values():
            if wanted and not all(name in rec.conditions for name in wanted):
                continue
            if since and rec.edat < since and rec.mdat < since:
                continue
            if lo and not (lo <= rec.edat <= hi):
                continue
            hits.append(rec)
        hits.sort(key=lambda r: (r.edat, r.pmid), reverse=True)
        return [r.pmid for r in hits]

    # -- request handling -----------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler, path: str, params: dict) -> None:
        endpoint = path.rsplit("/", 1)[-1]
        fault = self._next_fault(endpoint, (endpoint, params))
        if endpoint not in ("esearch.fcgi", "epost.fcgi", "efetch.fcgi"):
            return self._send(handler, 404, b"unknown endpoint")
        if self._answered_fault(handler, fault):
            return None
        if fault and fault.kind == "error":
            root = {"esearch.fcgi": "eSearchResult", "epost.fcgi": "ePostResult"}.get(
                endpoint, "eFetchResult")
            return self._send(handler, 200, f"<?xml version=\"1.0\"?>\n<{root}><ERROR>Search Backend "
                              f"failed: temporary failure</ERROR></{root}>".encode())
        body = getattr(self, "_" + endpoint.split(".")[0])(params, fault)
        return self._send(handler, 200, body, fault=fault)

    def _esearch(self, params: dict, fault: Fault | None) -> bytes:
        hits = self.match(params.get("term", ""), params)
        retmax = min(int(params.get("retmax", 20)), self.search_cap)
        retstart = int(params.get("retstart", 0))
        ids = hits[retstart:retstart + retmax]
        id_xml = "".join(f"<Id>{i}</Id>" for i in ids)
        return (f'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC '
                f'"-//NLM//DTD esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/'
                f'20060628/esearch.dtd">\n<eSearchResult><Count>{len(hits)}</Count><RetMax>'
                f'{len(ids)}</RetMax><RetStart>{retstart}</RetStart><IdList>{id_xml}</IdList>'
                f'<TranslationSet/><QueryTranslation/></eSearchResult>\n').encode()

    def _epost(self, params: dict, fault: Fault | None) -> bytes:
        ids = [int(i) for i in params.get("id", "").split(",") if i.strip()]
        webenv = "MCID_" + uuid.uuid4().hex
        self.history[webenv] = ids
        return (f'<?xml version="1.0" encoding="UTF-8" ?>\n<ePostResult><QueryKey>1</QueryKey>'
                f'<WebEnv>{webenv}</WebEnv></ePostResult>\n').encode()

    def _efetch(self, params: dict, fault: Fault | None) -> bytes:
        if params.get("WebEnv"):
            ids = self.history.get(params["WebEnv"], [])
            start = int(params.get("retstart", 0))
            ids = ids[start:start + int(params.get("retmax", 20))]
        else:
            ids = [int(i) for i in params.get("id", "").split(",") if i.strip()]
        records = [self.records[i].xml for i in ids if i in self.records]
        if fault and fault.kind == "drop_one" and records:
            records = records[:-1]
        return (b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle,'
                b' 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
                b"<PubmedArticleSet>\n" + b"\n".join(records) + b"\n</PubmedArticleSet>\n")


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
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

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
class FakeEutils:
    """The server's state: records, condition blocks, history sets, faults and a request log."""

    blocks: dict[str, str] = field(default_factory=dict)
    records: dict[int, FakeRecord] = field(default_factory=dict)
    search_cap: int = 10_000
    hang_seconds: float = 3.0
    faults: list[Fault] = field(default_factory=list)
    log: list[tuple[str, dict]] = field(default_factory=list)
    history: dict[str, list[int]] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base_url: str = ""
    _server: ThreadingHTTPServer | None = None

    # -- records --------------------------------------------------------------------------
    def add(self, pmid: int, xml: bytes, conditions: set[str], edat: date,
            mdat: date | None = None) -> None:
        """Serve a record (replacing any with the same PMID)."""
        self.records[pmid] = FakeRecord(pmid, xml, set(conditions), edat, mdat or edat)

    def inject(self, *faults: Fault) -> None:
        """Add faults; their `nth` counts requests from now on."""
        with self.lock:
            self.counters.clear()
            self.faults.extend(faults)

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

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> "FakeEutils":
        """Listen on a free port of 127.0.0.1 in a background thread."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                self._serve(parse_qs(urlparse(self.path).query))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                params = parse_qs(urlparse(self.path).query)
                params.update(parse_qs(body))
                self._serve(params)

            def _serve(self, raw: dict[str, list[str]]) -> None:
                params = {k: v[-1] for k, v in raw.items()}
                endpoint = urlparse(self.path).path.rsplit("/", 1)[-1]
                fake._handle(self, endpoint, params)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{port}/entrez/eutils/"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    # -- request handling -----------------------------------------------------------------
    def _next_fault(self, endpoint: str) -> Fault | None:
        with self.lock:
            self.log.append((endpoint, {}))
            self.counters[endpoint] = n = self.counters.get(endpoint, 0) + 1
            for fault in self.faults:
                if fault.endpoint in (endpoint, "*") and fault.nth <= n < fault.nth + fault.times:
                    return fault
        return None

    def _handle(self, handler: BaseHTTPRequestHandler, endpoint: str, params: dict) -> None:
        fault = self._next_fault(endpoint)
        self.log[-1] = (endpoint, params)
        if endpoint not in ("esearch.fcgi", "epost.fcgi", "efetch.fcgi"):
            return _send(handler, 404, b"unknown endpoint")
        if fault and fault.kind.isdigit():  # an HTTP error status: 429, 500, 502, 503 ...
            headers = {"Retry-After": fault.retry_after} if fault.kind == "429" else {}
            return _send(handler, int(fault.kind), b"<html><body>Error</body></html>", headers)
        if fault and fault.kind == "hang":
            time.sleep(self.hang_seconds)
        if fault and fault.kind == "reset":
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
            handler.connection.close()
            handler.close_connection = True
            return None
        if fault and fault.kind == "error":
            root = {"esearch.fcgi": "eSearchResult", "epost.fcgi": "ePostResult"}.get(
                endpoint, "eFetchResult")
            return _send(handler, 200, f"<?xml version=\"1.0\"?>\n<{root}><ERROR>Search Backend "
                         f"failed: temporary failure</ERROR></{root}>".encode())
        if fault and fault.kind == "empty":
            return _send(handler, 200, b"")
        body = getattr(self, "_" + endpoint.split(".")[0])(params, fault)
        if fault and fault.kind == "truncate":
            body = body[: max(1, len(body) * 2 // 3)]
        return _send(handler, 200, body)

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


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes,
          headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", "text/xml; charset=UTF-8")
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    try:
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass

"""A small, polite NCBI E-utilities client: rate limits, retries, and response checks.

Everything is sent as an HTTP POST form, so long ID lists never hit URL limits and the API
key never appears in a URL (and therefore never in an exception message or a log line).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlparse

import requests
from lxml import etree

from fetch import http
from fetch.http import RetryPolicy

DEFAULT_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
TOOL_NAME = "ketamine-evidence-monitor"
NCBI_HOST_SUFFIX = "ncbi.nlm.nih.gov"

log = logging.getLogger("fetch.eutils")

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


class EutilsError(http.FetchError):
    """E-utilities could not give a usable answer, even after retries."""


class TransientError(EutilsError, http.TransientError):
    """An answer worth asking for again: a fault, an error payload or a short/broken body."""


@dataclass
class ClientSettings:
    """How to reach E-utilities and how patient to be."""

    base_url: str = DEFAULT_BASE_URL
    email: str | None = None
    api_key: str | None = None
    tool: str = TOOL_NAME
    max_rps: float | None = None  # None: NCBI's limit (3/s, or 10/s with an API key)
    connect_timeout: float = 10.0
    read_timeout: float = 120.0
    max_attempts: int = 6
    backoff_base: float = 1.0
    backoff_max: float = 60.0

    def rate_limit(self) -> float:
        """Requests per second allowed; never above NCBI's published limits on NCBI's hosts."""
        ncbi_limit = 10.0 if self.api_key else 3.0
        if self.max_rps is None:
            return ncbi_limit
        host = urlparse(self.base_url).hostname or ""
        if host.endswith(NCBI_HOST_SUFFIX):
            return min(self.max_rps, ncbi_limit)
        return self.max_rps

    def retry_policy(self) -> RetryPolicy:
        """Timeouts and retry patience, in the shape the shared HTTP machinery takes."""
        return RetryPolicy(self.connect_timeout, self.read_timeout, self.max_attempts,
                           self.backoff_base, self.backoff_max)


@dataclass
class SearchResult:
    """What one ESearch said: the total count and the IDs it returned."""

    count: int
    ids: list[int]


@dataclass
class EutilsClient:
    """Sends E-utilities requests with NCBI etiquette; counts requests for the run history."""

    settings: ClientSettings = field(default_factory=ClientSettings)
    session: requests.Session = field(default_factory=requests.Session)
    requests_sent: int = 0
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self.session.headers["User-Agent"] = f"{self.settings.tool} (python-requests)"

    # -- public calls -------------------------------------------------------------------
    def esearch(self, term: str, retmax: int, mindate: str | None = None,
                maxdate: str | None = None, datetype: str = "edat") -> SearchResult:
        """One ESearch for IDs; dates are YYYY/MM/DD and both or neither must be given."""
        params = {"db": "pubmed", "term": term, "retmax": str(retmax), "retmode": "xml",
                  "usehistory": "n"}
        if mindate and maxdate:
            params.update(mindate=mindate, maxdate=maxdate, datetype=datetype)
        return self._call("esearch.fcgi", params, lambda body: _read_esearch(body, retmax))

    def epost(self, ids: list[int]) -> tuple[str, str]:
        """Upload IDs to the History server; returns (WebEnv, query_key) for batched EFetch."""
        params = {"db": "pubmed", "id": ",".join(str(i) for i in ids)}
        return self._call("epost.fcgi", params, _read_epost)

    def efetch(self, webenv: str, query_key: str, retstart: int, retmax: int,
               expected: int, parse: Callable[[bytes], list[dict]]) -> list[dict]:
        """One EFetch batch from the History server, parsed; a short or broken batch is retried."""
        params = {"db": "pubmed", "WebEnv": webenv, "query_key": query_key,
                  "retstart": str(retstart), "retmax": str(retmax), "retmode": "xml"}

        def check(body: bytes) -> list[dict]:
            _raise_on_error_payload(body)
            found = body.count(b"<PubmedArticle>") + body.count(b"<PubmedArticle ") \
                + body.count(b"<PubmedBookArticle>") + body.count(b"<PubmedBookArticle ")
            if found != expected:
                raise TransientError(f"EFetch returned {found} of {expected} records "
                                     f"(the result set changed between calls)")
            try:
                return parse(body)
            except ValueError as exc:
                raise TransientError(f"EFetch body unreadable: {exc}") from exc

        return self._call("efetch.fcgi", params, check)

    # -- machinery ----------------------------------------------------------------------
    def _form(self, params: dict[str, str]) -> dict[str, str]:
        form = dict(params, tool=self.settings.tool)
        if self.settings.email:
            form["email"] = self.settings.email
        if self.settings.api_key:
            form["api_key"] = self.settings.api_key
        return form

    def _call(self, endpoint: str, params: dict[str, str], check: Callable[[bytes], object]):
        """POST with retries: faults, 429/5xx and bad bodies are retried with backoff."""
        url = self.settings.base_url.rstrip("/") + "/" + endpoint

        def count() -> None:
            self.requests_sent += 1

        return http.call_with_retries(
            lambda timeout: self.session.post(url, data=self._form(params), timeout=timeout),
            check, what=endpoint, policy=self.settings.retry_policy(),
            limiter=http.rate_limiter(url), rps=self.settings.rate_limit(), on_attempt=count,
            sleep=self.sleep, error=EutilsError, secret=self.settings.api_key, logger=log)



def _parse_xml(body: bytes, what: str) -> etree._Element:
    if not body.strip():
        raise TransientError(f"{what}: empty body")
    try:
        return etree.fromstring(body, _SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise TransientError(f"{what}: malformed or truncated XML ({exc})") from exc


def _raise_on_error_payload(body: bytes) -> None:
    """E-utilities report some failures as an <ERROR> element in an HTTP 200 answer."""
    head = body[:4096]
    if b"<ERROR>" in head or b"<Error>" in head[:300]:
        try:
            root = etree.fromstring(body, _SAFE_XML)
            text = " ".join(e.text or "" for e in root.iter("ERROR", "Error")).strip()
        except etree.XMLSyntaxError:
            text = head.decode("utf-8", "replace")[:200]
        raise TransientError(f"E-utilities error: {text or 'unspecified'}")


def _read_esearch(body: bytes, retmax: int) -> SearchResult:
    root = _parse_xml(body, "ESearch")
    errors = [e.text or "" for e in root.iter("ERROR")]
    if errors:
        raise TransientError(f"ESearch error: {'; '.join(errors)}")
    if root.tag != "eSearchResult" or root.findtext("Count") is None:
        raise TransientError("ESearch: answer has no Count")
    for problem in root.iterfind("ErrorList/*"):
        log.warning("ESearch: %s %s", problem.tag, problem.text)
    count = int(root.findtext("Count"))
    ids = [int(e.text) for e in root.iterfind("IdList/Id")]
    if len(ids) != min(count, retmax):
        raise TransientError(f"ESearch: count {count} but {len(ids)} IDs returned")
    return SearchResult(count, ids)


def _read_epost(body: bytes) -> tuple[str, str]:
    root = _parse_xml(body, "EPost")
    errors = [e.text or "" for e in root.iter("ERROR")]
    if errors:
        raise TransientError(f"EPost error: {'; '.join(errors)}")
    webenv, key = root.findtext("WebEnv"), root.findtext("QueryKey")
    if not webenv or not key:
        raise TransientError("EPost: answer has no WebEnv/QueryKey")
    return webenv, key

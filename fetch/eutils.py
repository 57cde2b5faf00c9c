"""A small, polite NCBI E-utilities client: rate limits, retries, and response checks.

Everything is sent as an HTTP POST form, so long ID lists never hit URL limits and the API
key never appears in a URL (and therefore never in an exception message or a log line).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Callable
from urllib.parse import urlparse

import requests
from lxml import etree

DEFAULT_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
TOOL_NAME = "ketamine-evidence-monitor"
NCBI_HOST_SUFFIX = "ncbi.nlm.nih.gov"
MAX_RETRY_AFTER = 300.0  # seconds; a longer Retry-After is treated as this

log = logging.getLogger("fetch.eutils")

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


class EutilsError(RuntimeError):
    """E-utilities could not give a usable answer, even after retries."""


class TransientError(EutilsError):
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


class _RateLimiter:
    """Spaces requests across the whole process, whatever client or thread sends them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_slot = 0.0

    def wait(self, rps: float) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + 1.0 / rps
        if slot > now:
            time.sleep(slot - now)


RATE_LIMITER = _RateLimiter()


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
        attempts = self.settings.max_attempts
        last_problem = ""
        for attempt in range(1, attempts + 1):
            RATE_LIMITER.wait(self.settings.rate_limit())
            self.requests_sent += 1
            retry_after: float | None = None
            try:
                resp = self.session.post(url, data=self._form(params), timeout=(
                    self.settings.connect_timeout, self.settings.read_timeout))
                if resp.status_code == 429 or resp.status_code >= 500:
                    retry_after = _retry_after_seconds(resp.headers.get("Retry-After"))
                    raise TransientError(f"HTTP {resp.status_code}")
                if resp.status_code >= 400:
                    raise EutilsError(f"{endpoint}: HTTP {resp.status_code}: "
                                      f"{_redact(resp.text[:200], self.settings.api_key)}")
                return check(resp.content)
            except (requests.Timeout, requests.ConnectionError,
                    requests.exceptions.ChunkedEncodingError) as exc:
                last_problem = f"{type(exc).__name__}"
            except TransientError as exc:
                last_problem = str(exc)
            except requests.RequestException as exc:
                raise EutilsError(f"{endpoint}: {_redact(str(exc), self.settings.api_key)}") from exc
            if attempt == attempts:
                break
            delay = self._backoff(attempt, retry_after)
            log.warning("%s: %s; retrying in %.1fs (attempt %d of %d)", endpoint,
                        _redact(last_problem, self.settings.api_key), delay, attempt + 1, attempts)
            self.sleep(delay)
        raise EutilsError(f"{endpoint} failed after {attempts} attempts: "
                          f"{_redact(last_problem, self.settings.api_key)}")

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with full jitter; a server's Retry-After wins when longer."""
        s = self.settings
        delay = random.uniform(0, min(s.backoff_max, s.backoff_base * 2 ** (attempt - 1)))
        if retry_after is not None:
            delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
        return delay


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds, from either of its two HTTP forms."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _redact(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


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

"""A local fake of the ClinicalTrials.gov API v2 (`GET /api/v2/studies`) on 127.0.0.1, with injectable faults.

It serves study records in the API's JSON shape (tests/fixtures/ctgov_studies.json: synthetic,
see tests/fixtures/README.md). What it understands, as the real API does:
  * query.intr / query.cond: expressions of terms joined by OR (and AND), "quoted phrases",
    parentheses; a term matches at word boundaries, case-insensitively (a plural 's' allowed).
    query.intr looks at intervention names, query.cond at conditions, keywords and titles.
  * pageSize (default 10, at most 1000), pageToken / nextPageToken (opaque; a bad one is HTTP 400),
    countTotal=true (totalCount on the first page only), fields (API piece names),
    filter.advanced=AREA[LastUpdatePostDate]RANGE[YYYY-MM-DD,MAX].
Faults: HTTP 429 with Retry-After, 5xx, a hang, a truncated or empty body, an HTML page with
HTTP 200, a connection reset, a page missing one study (the registry changed while paging).
"""

from __future__ import annotations

import base64
import copy
import json
import re
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.fake_http import FakeServer

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ctgov_studies.json"
FAULTS = ("429", "500", "502", "503", "hang", "truncate", "empty", "html", "reset", "drop_one")

# API v2 piece names -> where they live in a study
PIECES = {
    "IdentificationModule": ("protocolSection", "identificationModule"),
    "StatusModule": ("protocolSection", "statusModule"),
    "SponsorCollaboratorsModule": ("protocolSection", "sponsorCollaboratorsModule"),
    "DescriptionModule": ("protocolSection", "descriptionModule"),
    "ConditionsModule": ("protocolSection", "conditionsModule"),
    "DesignModule": ("protocolSection", "designModule"),
    "ArmsInterventionsModule": ("protocolSection", "armsInterventionsModule"),
    "ReferencesModule": ("protocolSection", "referencesModule"),
    "ProtocolSection": ("protocolSection",),
    "HasResults": ("hasResults",),
    "NCTId": ("protocolSection", "identificationModule", "nctId"),
}


def fixture_studies() -> list[dict]:
    """The synthetic study records of tests/fixtures/ctgov_studies.json (fresh copies)."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))["studies"]


def nct(study: dict) -> str:
    """A study's NCT number."""
    return study["protocolSection"]["identificationModule"]["nctId"]


@dataclass
class Fault:
    """Fail the `nth` request (1-based, counted from injection) to /studies in the given way."""

    kind: str
    nth: int = 1
    times: int = 1
    retry_after: str = "1"


def _alternatives(expression: str) -> list[list[str]]:
    """An OR-of-ANDs of lower-case terms, from the registry's search syntax (enough for our queries)."""
    text = expression.replace("(", " ").replace(")", " ")
    result = []
    for alternative in re.split(r"\s+OR\s+", text.strip()):
        terms = [t.strip().strip('"').strip().lower() for t in re.split(r"\s+AND\s+", alternative)]
        result.append([t for t in terms if t])
    return [a for a in result if a]


def _matches(expression: str, texts: list[str]) -> bool:
    haystack = " | ".join(texts).lower()
    for terms in _alternatives(expression):
        if all(re.search(r"(?<![a-z0-9])" + re.escape(t) + r"(?:s|es)?(?![a-z0-9])", haystack)
               for t in terms):
            return True
    return False


@dataclass
class FakeCtgov(FakeServer):
    """The server's state: studies, faults (tests.fake_http) and a request log of query parameters."""

    studies: dict[str, dict] = field(default_factory=dict)

    BASE_PATH = "/api/v2/"
    CONTENT_TYPE = "application/json"

    # -- records --------------------------------------------------------------------------
    def add(self, study: dict) -> None:
        """Serve a study (replacing any with the same NCT number)."""
        self.studies[nct(study)] = copy.deepcopy(study)

    def load_fixture(self) -> "FakeCtgov":
        """Serve every study of the fixture file."""
        for study in fixture_studies():
            self.add(study)
        return self

    def update(self, nct_id: str, posted: date, status: str | None = None,
               title: str | None = None) -> None:
        """Change a study as a sponsor's update would, with the day the registry posted it."""
        p = self.studies[nct_id]["protocolSection"]
        p["statusModule"]["lastUpdatePostDateStruct"]["date"] = posted.isoformat()
        if status:
            p["statusModule"]["overallStatus"] = status
        if title:
            p["identificationModule"]["briefTitle"] = title

    @property
    def requests(self) -> int:
        """How many requests reached the server (faulty ones included)."""
        return len(self.log)

    # -- searching ------------------------------------------------------------------------
    def match(self, params: dict[str, str]) -> list[dict]:
        """Studies matching a request's query and filter, in a stable order (NCT number)."""
        since = None
        advanced = params.get("filter.advanced")
        if advanced:
            found = re.fullmatch(r"AREA\[LastUpdatePostDate\]RANGE\[(\d{4}-\d{2}-\d{2}),\s*MAX\]",
                                 advanced.strip())
            if not found:
                raise ValueError(f"unsupported filter.advanced {advanced!r}")
            since = found.group(1)
        hits = []
        for key in sorted(self.studies):
            study = self.studies[key]
            p = study["protocolSection"]
            ident = p["identificationModule"]
            titles = [ident.get("briefTitle") or "", ident.get("officialTitle") or ""]
            interventions = [i.get("name") or "" for i in
                             p.get("armsInterventionsModule", {}).get("interventions", [])]
            conds = p.get("conditionsModule", {})
            if params.get("query.intr") and not _matches(params["query.intr"], interventions):
                continue
            if params.get("query.cond") and not _matches(
                    params["query.cond"], conds.get("conditions", []) + conds.get("keywords", []) + titles):
                continue
            if since and p["statusModule"]["lastUpdatePostDateStruct"]["date"] < since:
                continue
            hits.append(study)
        return hits

    # -- request handling -----------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler, path: str, params: dict) -> None:
        fault = self._next_fault("studies", dict(params, _path=path))
        if not path.endswith("/api/v2/studies"):
            return self._send(handler, 404, b'{"message": "not found"}')
        if self._answered_fault(handler, fault):
            return None
        if fault and fault.kind == "html":
            return self._send(handler, 200, b"<!DOCTYPE html><html><body>Maintenance</body></html>",
                              content_type="text/html")
        try:
            status, payload = self._studies(params, fault)
        except ValueError as exc:
            return self._send(handler, 400, json.dumps({"message": str(exc)}).encode())
        return self._send(handler, status, json.dumps(payload).encode(), fault=fault)

    def _studies(self, params: dict, fault: Fault | None) -> tuple[int, dict]:
        size = int(params.get("pageSize", 10))
        if not 0 < size <= 1000:
            raise ValueError(f"pageSize must be 1..1000, not {size}")
        hits = self.match(params)
        query_key = json.dumps({k: params.get(k) for k in
                                ("query.intr", "query.cond", "filter.advanced", "pageSize")})
        offset = 0
        if params.get("pageToken"):
            try:
                token = json.loads(base64.urlsafe_b64decode(params["pageToken"].encode()))
                offset = int(token["offset"])
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError("invalid pageToken") from exc
            if token.get("query") != query_key:
                raise ValueError("pageToken belongs to another query")
        page = hits[offset:offset + size]
        if fault and fault.kind == "drop_one" and page:
            page = page[:-1]
        payload: dict = {"studies": [_only(s, params.get("fields")) for s in page]}
        if offset + size < len(hits):
            payload["nextPageToken"] = base64.urlsafe_b64encode(json.dumps(
                {"offset": offset + size, "query": query_key}).encode()).decode()
        if params.get("countTotal", "").lower() == "true" and not params.get("pageToken"):
            payload["totalCount"] = len(hits)
        return 200, payload


def _only(study: dict, fields: str | None) -> dict:
    """The study restricted to the requested pieces (everything when none are named)."""
    if not fields:
        return copy.deepcopy(study)
    out: dict = {}
    for name in re.split(r"[,|]", fields):
        path = PIECES.get(name.strip())
        if not path:
            continue
        src, dst = study, out
        for key in path[:-1]:
            src = src.get(key, {})
            dst = dst.setdefault(key, {})
        if path[-1] in src:
            dst[path[-1]] = copy.deepcopy(src[path[-1]])
    return out


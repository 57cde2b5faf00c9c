"""ClinicalTrials.gov (API v2) as the second source: a polite client, the paged searches, study records.

One search per condition: query.intr = the ketamine block's `ctgov_intr`, query.cond = the
condition's `ctgov_cond` (fetch/queries.toml), paged with nextPageToken. The first page asks
for countTotal and the pages must add up to it, with no study twice; otherwise the search is
asked again from its first page (the registry changed while we paged). Incremental runs add
filter.advanced=AREA[LastUpdatePostDate]RANGE[since,MAX], so a refresh with nothing new costs
one request per condition. Rate limit, retries, backoff and Retry-After: fetch/http.py.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable
from urllib.parse import urlparse

import pandas as pd
import requests

from fetch import http
from fetch.queries import QueryConfig, conditions_in
from fetch.registry_schema import REGISTRATION_COLUMNS, REGISTRATION_LIST_COLUMNS
from fetch.store import comparable, plain, registrations_frame

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2/"
CTGOV_HOST_SUFFIX = "clinicaltrials.gov"
POLITE_RPS = 50 / 60.0  # the API asks for about 50 requests per minute
DEFAULT_PAGE_SIZE = 1000  # the API's maximum: a whole ketamine x condition search in a page or two
MAX_PAGE_SIZE = 1000
# the modules a registration record is made from (API v2 piece names), and nothing else
FIELDS = ("IdentificationModule", "StatusModule", "SponsorCollaboratorsModule", "ConditionsModule",
          "DesignModule", "ArmsInterventionsModule", "ReferencesModule", "HasResults")
WHAT = "ClinicalTrials.gov /studies"
NCT_ID = re.compile(r"NCT\d{8}")
OWN_REFERENCE_TYPES = {"RESULT", "DERIVED"}  # BACKGROUND references are other people's papers

log = logging.getLogger("fetch.ctgov")


class CtgovError(http.FetchError):
    """ClinicalTrials.gov could not give a usable answer, even after retries."""


class CtgovTransientError(CtgovError, http.TransientError):
    """An answer worth asking for again: broken JSON, an empty body, a page that makes no sense."""


@dataclass
class CtgovSettings:
    """How to reach ClinicalTrials.gov and how patient to be."""

    base_url: str = DEFAULT_BASE_URL
    max_rps: float | None = None  # None: the API's polite rate (50/min); never above it on its host
    connect_timeout: float = 10.0
    read_timeout: float = 120.0
    max_attempts: int = 6
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    tool: str = "ketamine-evidence-monitor"

    def rate_limit(self) -> float:
        """Requests per second allowed; never above about 50/minute on ClinicalTrials.gov itself."""
        if self.max_rps is None:
            return POLITE_RPS
        host = (urlparse(self.base_url).hostname or "").lower()
        if host == CTGOV_HOST_SUFFIX or host.endswith("." + CTGOV_HOST_SUFFIX):
            return min(self.max_rps, POLITE_RPS)
        return self.max_rps

    def retry_policy(self) -> http.RetryPolicy:
        """Timeouts and retry patience, in the shape the shared HTTP machinery takes."""
        return http.RetryPolicy(self.connect_timeout, self.read_timeout, self.max_attempts,
                                self.backoff_base, self.backoff_max)


@dataclass
class Page:
    """One page of a search: its studies, the token for the next page, and the total (first page)."""

    studies: list[dict]
    next_token: str | None
    total: int | None


@dataclass
class CtgovClient:
    """Sends API v2 requests politely; counts requests for the run history."""

    settings: CtgovSettings = field(default_factory=CtgovSettings)
    session: requests.Session = field(default_factory=requests.Session)
    requests_sent: int = 0
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self.session.headers["User-Agent"] = f"{self.settings.tool} (python-requests)"
        self.session.headers["Accept"] = "application/json"

    def studies_page(self, params: dict[str, str], want_total: bool) -> Page:
        """One GET of /studies, checked; broken or implausible answers are retried."""
        url = self.settings.base_url.rstrip("/") + "/studies"

        def count() -> None:
            self.requests_sent += 1

        return http.call_with_retries(
            lambda timeout: self.session.get(url, params=params, timeout=timeout),
            lambda body: read_page(body, want_total), what=WHAT,
            policy=self.settings.retry_policy(), limiter=http.rate_limiter(url),
            rps=self.settings.rate_limit(), on_attempt=count, sleep=self.sleep, error=CtgovError,
            logger=log)


def read_page(body: bytes, want_total: bool) -> Page:
    """A /studies answer as a Page, or CtgovTransientError when it is not a whole, sane answer."""
    if not body.strip():
        raise CtgovTransientError("empty body")
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CtgovTransientError(f"malformed or truncated JSON ({exc})") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("studies"), list):
        raise CtgovTransientError("answer has no 'studies' list")
    studies = payload["studies"]
    for study in studies:
        nct = _get(study, "protocolSection", "identificationModule", "nctId")
        if not isinstance(nct, str) or not NCT_ID.fullmatch(nct):
            raise CtgovTransientError(f"a study without a valid NCT number ({nct!r})")
    token = payload.get("nextPageToken") or None
    if token is not None and not isinstance(token, str):
        raise CtgovTransientError("nextPageToken is not a string")
    if token and not studies:
        raise CtgovTransientError("an empty page that claims a next page")
    total = payload.get("totalCount")
    if want_total and (not isinstance(total, int) or isinstance(total, bool) or total < 0):
        raise CtgovTransientError("first page has no totalCount")
    return Page(studies, token, total if want_total else None)


def advanced_filter(since: date) -> str:
    """The API's filter for registrations whose last posted update is on or after a day."""
    return f"AREA[LastUpdatePostDate]RANGE[{since.isoformat()},MAX]"


def search_studies(client: CtgovClient, intr: str, cond: str, since: date | None,
                   page_size: int = DEFAULT_PAGE_SIZE) -> list[dict]:
    """Every study for one search, page by page; re-asked from page one if the pages don't add up."""
    base = {"format": "json", "query.intr": intr, "query.cond": cond,
            "pageSize": str(min(page_size, MAX_PAGE_SIZE)), "fields": ",".join(FIELDS)}
    if since is not None:
        base["filter.advanced"] = advanced_filter(since)
    attempts = client.settings.max_attempts
    problem = ""
    for attempt in range(1, attempts + 1):
        first = client.studies_page(dict(base, countTotal="true"), want_total=True)
        studies, token, pages = list(first.studies), first.next_token, 1
        limit = first.total // max(1, int(base["pageSize"])) + 2
        while token and pages <= limit:
            page = client.studies_page(dict(base, pageToken=token), want_total=False)
            studies.extend(page.studies)
            token, pages = page.next_token, pages + 1
        ids = [s["protocolSection"]["identificationModule"]["nctId"] for s in studies]
        if token:
            problem = f"more than {limit} pages for {first.total} studies"
        elif len(set(ids)) != len(ids):
            problem = f"{len(ids) - len(set(ids))} studies came twice"
        elif len(ids) != first.total:
            problem = f"pages add up to {len(ids)} studies, totalCount said {first.total}"
        else:
            return studies
        if attempt < attempts:
            log.warning("%s: %s (the registry changed while paging?); asking again from the "
                        "first page (attempt %d of %d)", WHAT, problem, attempt + 1, attempts)
    raise CtgovError(f"{WHAT} search for {cond!r} failed after {attempts} attempts: {problem}")


def collect_registrations(client: CtgovClient, config: QueryConfig, since: date | None,
                          page_size: int = DEFAULT_PAGE_SIZE) -> list[dict]:
    """Registration records for ketamine x each condition, each stored once with every match."""
    terms = config.ctgov_terms()
    by_nct: dict[str, dict] = {}
    for condition in config.conditions:
        studies = search_studies(client, terms["ketamine"], terms[condition.name], since, page_size)
        log.info("ClinicalTrials.gov %s: %d registrations", condition.name, len(studies))
        for study in studies:
            record = parse_study(study)
            kept = by_nct.setdefault(record["nct_id"], record)
            kept["matched_conditions"].append(condition.name)
    for record in by_nct.values():
        record["mapped_conditions"] = conditions_in(config, record.pop("_condition_texts"))
    return [by_nct[k] for k in sorted(by_nct)]


def _get(obj, *path):
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _text(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _strings(values) -> list[str]:
    return [v.strip() for v in values if isinstance(v, str) and v.strip()] if isinstance(values, list) else []


def _intervention(item: dict) -> str | None:
    name = _text(item.get("name"))
    kind = _text(item.get("type"))
    if not name:
        return None
    return f"{kind.replace('_', ' ').capitalize()}: {name}" if kind else name


def _pmids(references) -> list[int]:
    found = []
    for ref in references if isinstance(references, list) else []:
        pmid = str(ref.get("pmid") or "").strip() if isinstance(ref, dict) else ""
        if pmid.isdigit() and ref.get("type") in OWN_REFERENCE_TYPES and int(pmid) not in found:
            found.append(int(pmid))
    return found


def parse_study(study: dict) -> dict:
    """One API v2 study as a registration record (columns of fetch.registry_schema)."""
    p = study.get("protocolSection") or {}
    ident, status = p.get("identificationModule") or {}, p.get("statusModule") or {}
    design, conds = p.get("designModule") or {}, p.get("conditionsModule") or {}
    enrollment = _get(design, "enrollmentInfo", "count")
    record = {
        "nct_id": ident["nctId"],
        "title": _text(ident.get("briefTitle")) or _text(ident.get("officialTitle")),
        "conditions": _strings(conds.get("conditions")),
        "mapped_conditions": [],
        "interventions": [x for x in (_intervention(i) for i in _get(
            p, "armsInterventionsModule", "interventions") or [] if isinstance(i, dict)) if x],
        "overall_status": _text(status.get("overallStatus")),
        "phases": _strings(design.get("phases")),
        "study_type": _text(design.get("studyType")),
        "enrollment": int(enrollment) if isinstance(enrollment, (int, float)) and not isinstance(
            enrollment, bool) else None,
        "enrollment_type": _text(_get(design, "enrollmentInfo", "type")),
        "start_date": _text(_get(status, "startDateStruct", "date")),
        "primary_completion_date": _text(_get(status, "primaryCompletionDateStruct", "date")),
        "primary_completion_type": _text(_get(status, "primaryCompletionDateStruct", "type")),
        "completion_date": _text(_get(status, "completionDateStruct", "date")),
        "has_results": bool(study.get("hasResults")),
        "sponsor": _text(_get(p, "sponsorCollaboratorsModule", "leadSponsor", "name")),
        "reference_pmids": _pmids(_get(p, "referencesModule", "references")),
        "last_update_posted": _text(_get(status, "lastUpdatePostDateStruct", "date")),
        "matched_conditions": [],
        "first_seen": None,
        "last_updated": None,
    }
    record["_condition_texts"] = record["conditions"] + _strings(conds.get("keywords"))
    return record


# -- merging into the stored table -----------------------------------------------------------
def merge_registrations(existing: pd.DataFrame, incoming: Iterable[dict], keep: set[str] | None,
                        now: str) -> tuple[list[dict], list[str], list[str], list[str]]:
    """Upsert by NCT number (an older posted update never replaces a newer one); a full run
    (`keep` = every NCT number found) drops the rest. Returns (records, added, updated, removed)."""
    by_nct = {r["nct_id"]: {k: plain(r.get(k)) for k in REGISTRATION_COLUMNS}
              for r in existing.to_dict("records")} if len(existing) else {}
    added: list[str] = []
    updated: list[str] = []
    for record in incoming:
        new = {name: record.get(name) for name in REGISTRATION_COLUMNS}
        for name in REGISTRATION_LIST_COLUMNS:
            new[name] = list(new[name] or [])
        old = by_nct.get(new["nct_id"])
        if old is None:
            new["first_seen"] = new["last_updated"] = now
            by_nct[new["nct_id"]] = new
            added.append(new["nct_id"])
            continue
        if new["last_update_posted"] and old.get("last_update_posted") and \
                new["last_update_posted"] < old["last_update_posted"]:
            continue
        if comparable(new, REGISTRATION_COLUMNS) == comparable(old, REGISTRATION_COLUMNS):
            continue
        new["first_seen"] = old.get("first_seen") or now
        new["last_updated"] = now
        by_nct[new["nct_id"]] = new
        updated.append(new["nct_id"])
    removed = sorted(set(by_nct) - keep) if keep is not None else []
    for nct in removed:
        del by_nct[nct]
    return [by_nct[k] for k in sorted(by_nct)], added, updated, removed

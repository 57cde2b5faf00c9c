"""The polite HTTP machinery every source client shares: per-host rate limits, retries, backoff.

E-utilities (fetch/eutils.py) and ClinicalTrials.gov (fetch/ctgov.py) differ in what they send
and how they check an answer; how long to wait, what to retry and how to give up is the same,
so it lives here once.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Callable, TypeVar
from urllib.parse import urlparse

import requests

MAX_RETRY_AFTER = 300.0  # seconds; a longer Retry-After is treated as this

log = logging.getLogger("fetch.http")

T = TypeVar("T")


class FetchError(RuntimeError):
    """A source could not give a usable answer, even after retries."""


class TransientError(FetchError):
    """An answer worth asking for again: a fault, an error payload or a short/broken body."""


@dataclass
class RetryPolicy:
    """How patient to be with one request."""

    connect_timeout: float = 10.0
    read_timeout: float = 120.0
    max_attempts: int = 6
    backoff_base: float = 1.0
    backoff_max: float = 60.0


class RateLimiter:
    """Spaces requests to one host across the whole process, whatever client or thread sends them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_slot = 0.0

    def wait(self, rps: float) -> None:
        """Block until the next request slot at `rps` requests per second."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + 1.0 / rps
        if slot > now:
            time.sleep(slot - now)


_LIMITERS: dict[str, RateLimiter] = {}
_LIMITERS_LOCK = threading.Lock()


def rate_limiter(url: str) -> RateLimiter:
    """The process-wide limiter of the host a URL points at (one per host, so sources don't slow each other)."""
    host = (urlparse(url).hostname or "").lower()
    with _LIMITERS_LOCK:
        return _LIMITERS.setdefault(host, RateLimiter())


def retry_after_seconds(value: str | None) -> float | None:
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


def redact(text: str, secret: str | None) -> str:
    """The text with a secret (an API key) replaced, so it can be logged or raised."""
    return text.replace(secret, "***") if secret else text


def backoff_delay(policy: RetryPolicy, attempt: int, retry_after: float | None) -> float:
    """Exponential backoff with full jitter; a server's Retry-After wins when longer."""
    delay = random.uniform(0, min(policy.backoff_max, policy.backoff_base * 2 ** (attempt - 1)))
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
    return delay


def call_with_retries(send: Callable[[tuple[float, float]], requests.Response],
                      check: Callable[[bytes], T], *, what: str, policy: RetryPolicy,
                      limiter: RateLimiter, rps: float, on_attempt: Callable[[], None],
                      sleep: Callable[[float], None] = time.sleep,
                      error: type[FetchError] = FetchError, secret: str | None = None,
                      logger: logging.Logger = log) -> T:
    """Send with retries: timeouts, resets, 429/5xx and bodies `check` rejects are retried.

    `send(timeout)` makes one request; `check(body)` turns a 200 body into the result or raises
    TransientError; `on_attempt` counts every request sent. Other 4xx answers fail at once.
    When the attempts run out, `error` is raised with one line saying what went wrong last.
    """
    attempts = policy.max_attempts
    last_problem = ""
    for attempt in range(1, attempts + 1):
        limiter.wait(rps)
        on_attempt()
        retry_after: float | None = None
        try:
            resp = send((policy.connect_timeout, policy.read_timeout))
            if resp.status_code == 429 or resp.status_code >= 500:
                retry_after = retry_after_seconds(resp.headers.get("Retry-After"))
                raise TransientError(f"HTTP {resp.status_code}")
            if resp.status_code >= 400:
                raise error(f"{what}: HTTP {resp.status_code}: {redact(resp.text[:200], secret)}")
            return check(resp.content)
        except (requests.Timeout, requests.ConnectionError,
                requests.exceptions.ChunkedEncodingError) as exc:
            last_problem = f"{type(exc).__name__}"
        except TransientError as exc:
            last_problem = str(exc)
        except requests.RequestException as exc:
            raise error(f"{what}: {redact(str(exc), secret)}") from exc
        if attempt == attempts:
            break
        delay = backoff_delay(policy, attempt, retry_after)
        logger.warning("%s: %s; retrying in %.1fs (attempt %d of %d)", what,
                       redact(last_problem, secret), delay, attempt + 1, attempts)
        sleep(delay)
    raise error(f"{what} failed after {attempts} attempts: {redact(last_problem, secret)}")

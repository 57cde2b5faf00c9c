"""Command line: `python -m fetch refresh | status | import-corpus` (also the `ketamine-monitor` script)."""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from fetch import store
from fetch.ctgov import DEFAULT_BASE_URL as CTGOV_BASE_URL
from fetch.ctgov import DEFAULT_PAGE_SIZE as CTGOV_PAGE_SIZE
from fetch.ctgov import MAX_PAGE_SIZE as CTGOV_MAX_PAGE_SIZE
from fetch.ctgov import CtgovClient, CtgovSettings
from fetch.eutils import DEFAULT_BASE_URL, ClientSettings, EutilsClient
from fetch.http import FetchError
from fetch.harvest import DEFAULT_BATCH_SIZE, DEFAULT_SEARCH_CAP
from fetch.lock import LockedError
from fetch.queries import QueryConfigError, load_queries
from fetch.refresh import RefreshOptions, run_refresh

log = logging.getLogger("fetch")

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
DEFAULT_DATA_DIR = Path("data")
SOURCES = {"pubmed": ("pubmed",), "ctgov": ("ctgov",), "all": ("pubmed", "ctgov")}


class UsageError(ValueError):
    """A command-line value is wrong."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not a usage dump
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def parse_duration(text: str) -> timedelta:
    """'24h', '7d', '90m', '30s' as a timedelta (s and m are there for tests and impatience)."""
    match = re.fullmatch(r"\s*(\d+)\s*([smhd])\s*", text or "")
    if not match or int(match.group(1)) == 0:
        raise argparse.ArgumentTypeError(f"invalid duration {text!r}: use a whole number with "
                                         f"s, m, h or d, such as 24h or 7d")
    unit = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}[match.group(2)]
    return timedelta(**{unit: int(match.group(1))})


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid whole number {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _page_size(text: str) -> int:
    value = _positive_int(text)
    if value > CTGOV_MAX_PAGE_SIZE:
        raise argparse.ArgumentTypeError(f"must be at most {CTGOV_MAX_PAGE_SIZE} (the API's "
                                         f"limit), not {value}")
    return value


def _base_url(text: str) -> str:
    if not re.match(r"https?://[^/]+", text):
        raise argparse.ArgumentTypeError(f"invalid base URL {text!r}: it must start with http:// "
                                         f"or https://")
    return text if text.endswith("/") else text + "/"


def build_parser() -> argparse.ArgumentParser:
    """All subcommands and options, with defaults a user can read in --help."""
    parser = _Parser(prog="python -m fetch", description="Keep a local store of the PubMed "
                     "literature and the ClinicalTrials.gov registrations on ketamine for "
                     "depression, PTSD, OCD and pain.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def data_dir(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                       help="store directory (default: data/)")
        p.add_argument("-v", "--verbose", action="store_true", help="log every request")
        p.add_argument("-q", "--quiet", action="store_true", help="log warnings and errors only")

    refresh = sub.add_parser("refresh", help="fetch new and changed records from PubMed and "
                             "ClinicalTrials.gov")
    data_dir(refresh)
    refresh.add_argument("--source", choices=sorted(SOURCES), default="all",
                         help="what to refresh: PubMed, ClinicalTrials.gov or both, committed "
                         "together (default all)")
    refresh.add_argument("--base-url", type=_base_url, default=os.environ.get(
        "NCBI_EUTILS_BASE_URL", DEFAULT_BASE_URL), help="E-utilities base URL (default: NCBI's; "
        "env NCBI_EUTILS_BASE_URL)")
    refresh.add_argument("--ctgov-base-url", type=_base_url, default=os.environ.get(
        "CTGOV_BASE_URL", CTGOV_BASE_URL), help=f"ClinicalTrials.gov API v2 base URL (default "
        f"{CTGOV_BASE_URL}; env CTGOV_BASE_URL)")
    refresh.add_argument("--ctgov-page-size", type=_page_size, default=CTGOV_PAGE_SIZE,
                         help=f"registrations per ClinicalTrials.gov page (default and maximum "
                         f"{CTGOV_MAX_PAGE_SIZE})")
    refresh.add_argument("--full", action="store_true",
                         help="fetch everything and reconcile, instead of changes since the last run")
    refresh.add_argument("--batch-size", type=_positive_int, default=DEFAULT_BATCH_SIZE,
                         help=f"records per EFetch request (default {DEFAULT_BATCH_SIZE})")
    refresh.add_argument("--search-cap", type=_positive_int, default=DEFAULT_SEARCH_CAP,
                         help=f"most IDs one ESearch returns (default {DEFAULT_SEARCH_CAP}); larger "
                         "result sets are split by entry date")
    refresh.add_argument("--overlap-days", type=int, default=3,
                         help="days re-checked before the last successful run (default 3)")
    refresh.add_argument("--timeout", type=float, default=120.0,
                         help="seconds to wait for one response (default 120)")
    refresh.add_argument("--retries", type=_positive_int, default=6,
                         help="attempts per request before the run fails (default 6)")
    refresh.add_argument("--max-rps", type=float, default=None, help="requests per second to "
                         "each source (default and ceiling on NCBI: 3, or 10 with NCBI_API_KEY; "
                         "on ClinicalTrials.gov: 50 per minute)")
    refresh.add_argument("--every", type=parse_duration, default=None,
                         help="keep running, refreshing at this interval (24h, 7d, ...)")
    refresh.add_argument("--cycles", type=_positive_int, default=None,
                         help="with --every: stop after this many runs")

    status = sub.add_parser("status", help="summarise the store and its recent runs")
    data_dir(status)
    status.add_argument("--max-age", type=parse_duration, default=timedelta(days=7),
                        help="data older than this is stale (default 7d)")
    status.add_argument("--runs", type=_positive_int, default=5, help="recent runs to show")
    status.add_argument("--check", action="store_true",
                        help="exit 1 when the data is stale or the last run failed (monitoring)")

    corpus = sub.add_parser("import-corpus", help="build the store from a JSONL corpus of "
                            "PubMed records (the offline snapshot)")
    data_dir(corpus)
    corpus.add_argument("corpus", type=Path, help="JSONL file with pmid, title, abstract, ...")
    return parser


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    logging.basicConfig(level=level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("urllib3").setLevel(logging.WARNING)


def _client(args: argparse.Namespace) -> EutilsClient:
    settings = ClientSettings(base_url=args.base_url, email=os.environ.get("NCBI_EMAIL") or None,
                              api_key=os.environ.get("NCBI_API_KEY") or None,
                              max_rps=args.max_rps, read_timeout=args.timeout,
                              max_attempts=args.retries)
    if not settings.email:
        log.warning("NCBI_EMAIL is not set: NCBI asks every E-utilities user for a contact email")
    return EutilsClient(settings)


def _ctgov_client(args: argparse.Namespace) -> CtgovClient:
    return CtgovClient(CtgovSettings(base_url=args.ctgov_base_url, max_rps=args.max_rps,
                                     read_timeout=args.timeout, max_attempts=args.retries))


def _clients(args: argparse.Namespace) -> tuple[EutilsClient | None, CtgovClient | None]:
    """Fresh clients (request counters at 0) for the sources --source names."""
    wanted = SOURCES[args.source]
    return (_client(args) if "pubmed" in wanted else None,
            _ctgov_client(args) if "ctgov" in wanted else None)


def summary_line(run: dict) -> str:
    """The one line a refresh prints: articles, then registrations, then requests."""
    parts = []
    if "pubmed" in run.get("sources", ["pubmed"]):
        parts.append(f"refresh {run['mode']}: {run['added']} added, {run['updated']} updated, "
                     f"{run['removed']} removed, {run['retracted']} newly retracted")
    reg = run.get("ctgov")
    if reg:
        parts.append(f"{'' if parts else 'refresh '}registrations {reg['mode']}: {reg['added']} "
                     f"added, {reg['updated']} updated, {reg['removed']} removed, "
                     f"{reg['stored']} stored")
    if reg and "pubmed" in run:
        return "; ".join(parts) + (f"; {run['requests']} requests (PubMed "
                                   f"{run['pubmed']['requests']}, ClinicalTrials.gov {reg['requests']})")
    return "; ".join(parts) + f", {run['requests']} requests"


def cmd_refresh(args: argparse.Namespace) -> int:
    """Run one refresh, or keep refreshing with --every; a failed cycle does not stop the loop."""
    from fetch.parse import parse_pubmed_xml_batch

    config = load_queries()
    options = RefreshOptions(full=args.full, batch_size=args.batch_size,
                             search_cap=args.search_cap, overlap_days=args.overlap_days,
                             ctgov_page_size=args.ctgov_page_size)
    if args.every is None:
        client, ctgov = _clients(args)
        run = run_refresh(args.data_dir, client, config, options, parse_pubmed_xml_batch,
                          ctgov=ctgov)
        print(summary_line(run))
        return 0
    cycle, failures = 0, 0
    while True:
        cycle += 1
        started = time.monotonic()
        try:
            client, ctgov = _clients(args)
            run = run_refresh(args.data_dir, client, config, options, parse_pubmed_xml_batch,
                              ctgov=ctgov)
            log.info("cycle %d: %s, %d added, %d updated", cycle, run["outcome"], run["added"],
                     run["updated"])
        except (FetchError, store.StoreError, LockedError, OSError) as exc:
            failures += 1
            log.error("cycle %d failed: %s", cycle, exc)
        options.full = False  # only the first cycle honours --full
        if args.cycles and cycle >= args.cycles:
            return EXIT_FAILED if failures == cycle else 0
        pause = max(0.0, args.every.total_seconds() - (time.monotonic() - started))
        nxt = datetime.now(timezone.utc) + timedelta(seconds=pause)
        log.info("next refresh at %s", nxt.replace(microsecond=0).isoformat())
        time.sleep(pause)


def _age(iso: str | None) -> timedelta | None:
    if not iso:
        return None
    return datetime.now(timezone.utc) - datetime.fromisoformat(iso.replace("Z", "+00:00"))


def _human(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"


def cmd_status(args: argparse.Namespace) -> int:
    """Print what the store holds and how fresh it is; with --check, fail when stale."""
    manifest = store.load_manifest(args.data_dir)
    if manifest is None:
        print(f"no store in {args.data_dir}: run 'python -m fetch refresh' to build one")
        return EXIT_FAILED if args.check else 0
    articles = store.load_articles(args.data_dir, manifest)
    counts = manifest.get("counts") or {}
    print(f"store: {args.data_dir} (version {manifest.get('store_version')}, "
          f"schema {manifest.get('schema_version')})")
    print(f"records: {len(articles)}")
    for name, count in counts.items():
        if name != "total":
            print(f"  {name:<12} {count}")
    snapshot = manifest.get("snapshot")
    if snapshot:
        print(f"snapshot: {snapshot.get('records')} records imported from {snapshot.get('source')} "
              f"at {snapshot.get('imported')}")
    age = _age(manifest.get("last_success"))
    stale = age is None or age > args.max_age
    if age is None:
        print("last successful PubMed refresh: never" + (" (the data is an imported snapshot)"
                                                          if snapshot else ""))
    else:
        print(f"last successful PubMed refresh: {manifest['last_success']} ({_human(age)} ago)")
    _print_registrations(args.data_dir, manifest)
    if stale:
        print(f"WARNING: data is stale (older than {_human(args.max_age)}): run "
              f"'python -m fetch refresh'")
    runs = store.read_run_log(args.data_dir, last=args.runs) or manifest.get("runs", [])[-args.runs:]
    if runs:
        print("recent runs:")
    for run in runs:
        line = (f"  {run.get('started')}  {run.get('outcome', '?'):<8} {run.get('mode', '?'):<11} "
                f"added={run.get('added', 0)} updated={run.get('updated', 0)} "
                f"removed={run.get('removed', 0)} retracted={run.get('retracted', 0)} "
                f"requests={run.get('requests', 0)}")
        if run.get("sources"):
            line += f" sources={'+'.join(run['sources'])}"
        if run.get("ctgov"):
            reg = run["ctgov"]
            line += (f" registrations: added={reg.get('added', 0)} updated={reg.get('updated', 0)} "
                     f"removed={reg.get('removed', 0)} requests={reg.get('requests', 0)}")
        if run.get("outcome") == "failed" and run.get("source"):
            line += f"  failed source: {run['source']}"
        if run.get("error"):
            line += f"  error: {run['error']}"
        print(line)
    last_failed = bool(runs) and runs[-1].get("outcome") != "success"
    return EXIT_FAILED if args.check and (stale or last_failed) else 0


def _print_registrations(data_dir: Path, manifest: dict) -> None:
    """Registrations per condition and status, and the last ClinicalTrials.gov refresh."""
    from fetch.registry_schema import STATUS_GROUPS, status_group

    registrations = store.load_registrations(data_dir, manifest)
    if not manifest.get("registrations_file"):
        print("registrations: none (ClinicalTrials.gov not fetched yet: run "
              "'python -m fetch refresh --source ctgov')")
        return
    print(f"registrations (ClinicalTrials.gov): {len(registrations)}")
    condition_names = [c for c in (manifest.get("registration_counts") or {}) if c != "total"]
    for name in condition_names:
        rows = registrations[registrations["matched_conditions"].map(lambda m, n=name: n in m)]
        by_group = rows["overall_status"].map(status_group).value_counts()
        detail = ", ".join(f"{g} {int(by_group[g])}" for g in STATUS_GROUPS if g in by_group)
        print(f"  {name:<12} {len(rows)}" + (f"  ({detail})" if detail else ""))
    last = manifest.get("ctgov_last_success")
    age = _age(last)
    print(f"last successful ClinicalTrials.gov refresh: {last} ({_human(age)} ago)" if last
          else "last successful ClinicalTrials.gov refresh: never")


def cmd_import_corpus(args: argparse.Namespace) -> int:
    """Build the offline snapshot store from a corpus file."""
    from fetch.snapshot import import_corpus

    run = import_corpus(args.corpus, args.data_dir, load_queries())
    print(f"imported {args.corpus.name}: {run['added']} added, {run['updated']} updated "
          f"into {args.data_dir}")
    return 0


COMMANDS = {"refresh": cmd_refresh, "status": cmd_status, "import-corpus": cmd_import_corpus}


def main(argv: list[str] | None = None) -> int:
    """Entry point: every expected failure is one line on stderr and a non-zero exit code."""
    args = build_parser().parse_args(argv)
    _configure_logging(args)
    signal.signal(signal.SIGTERM, _terminate)
    from fetch.snapshot import CorpusError

    try:
        return COMMANDS[args.command](args)
    except LockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except (FetchError, store.StoreError, QueryConfigError, CorpusError, UsageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("error: interrupted; the previous store is unchanged", file=sys.stderr)
        return 130
    except SystemExit as exc:
        if exc.code == "SIGTERM":
            print("error: terminated; the previous store is unchanged", file=sys.stderr)
            return 143
        raise
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_FAILED


def _terminate(signum, frame) -> None:  # SIGTERM unwinds like Ctrl-C: locks released, no commit
    raise SystemExit("SIGTERM")

"""One refresh run: search, fetch, merge, label, commit — or fail leaving the store untouched.

Sources: PubMed (E-utilities) and ClinicalTrials.gov (API v2), each run when its client is given.
Both tables go into one commit: if either source fails, nothing is committed and the run log
names the source that failed (`"source": "pubmed"` or `"ctgov"`).
"""

from __future__ import annotations

import hashlib
import logging
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

import pandas as pd
from tqdm import tqdm

from fetch import store
from fetch.ctgov import DEFAULT_PAGE_SIZE, CtgovClient, collect_registrations, merge_registrations
from fetch.digest import write_digest
from fetch.eutils import EutilsClient
from fetch.harvest import DEFAULT_BATCH_SIZE, DEFAULT_SEARCH_CAP, collect_matches, fetch_records
from fetch.lock import refresh_lock
from fetch.queries import QueryConfig
from fetch.schema import ARTICLE_COLUMNS

log = logging.getLogger("fetch.refresh")

Labeller = Callable[[pd.DataFrame], pd.DataFrame]
MAX_MANIFEST_RUNS = 200


@dataclass
class RefreshOptions:
    """What kind of refresh to run."""

    full: bool = False
    batch_size: int = DEFAULT_BATCH_SIZE
    search_cap: int = DEFAULT_SEARCH_CAP
    overlap_days: int = 3
    ctgov_page_size: int = DEFAULT_PAGE_SIZE


# analysis modules that read labels but do not make them: editing them must not relabel
NOT_LABELLING = {"__main__.py", "cli.py", "annotate.py", "evaluate.py", "article_io.py",
                 "summary.py", "filters.py", "export.py", "outcome_summary.py", "trial_summary.py",
                 "outcomes_eval.py", "inference.py", "inference_eval.py"}


def labels_version() -> str:
    """A fingerprint of the labelling code: when it changes, every stored label is recomputed."""
    digest = hashlib.sha256()
    for path in sorted((Path(__file__).resolve().parents[1] / "analysis").glob("*.py")):
        if path.name not in NOT_LABELLING:
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def default_labeller() -> Labeller:
    """The analysis' labeller (imported late: the store can be read without it)."""
    from analysis import label_articles
    return label_articles


def relabel(merged: pd.DataFrame, changed: set[int], relabel_all: bool, label: Labeller) -> pd.DataFrame:
    """Recompute labels for changed records (or all when the analysis code changed)."""
    if merged.empty:
        return merged
    from analysis.trials import refresh_trial_keys  # late, like the labeller

    mask = pd.Series(True, index=merged.index) if relabel_all else merged["pmid"].isin(changed)
    if not mask.any():
        return refresh_trial_keys(merged)  # removals can split a trial
    fresh = label(merged.loc[mask, list(ARTICLE_COLUMNS)].reset_index(drop=True))
    rest = merged.loc[~mask]
    table = fresh if rest.empty else pd.concat([rest, fresh], ignore_index=True)
    # a new publication can join or bridge trials of publications labelled earlier
    return refresh_trial_keys(table.sort_values("pmid", ignore_index=True))


def counts_by_condition(articles: pd.DataFrame, config: QueryConfig) -> dict[str, int]:
    """How many stored records each condition's search matched, plus the total."""
    counts = {c.name: 0 for c in config.conditions}
    for names in articles.get("matched_conditions", []):
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    counts["total"] = int(len(articles))
    return counts


def registration_counts(registrations: list[dict], config: QueryConfig) -> dict[str, int]:
    """How many stored registrations each condition's registry search matched, plus the total."""
    counts = {c.name: 0 for c in config.conditions}
    for record in registrations:
        for name in record.get("matched_conditions") or []:
            counts[name] = counts.get(name, 0) + 1
    counts["total"] = len(registrations)
    return counts


def newly_retracted(before: pd.DataFrame, after: pd.DataFrame) -> list[int]:
    """PMIDs that carry a retraction signal now and did not before."""
    def flagged(df: pd.DataFrame) -> set[int]:
        if df.empty:
            return set()
        return {int(p) for p, s in zip(df["pmid"], df["retraction_signals"]) if len(s)}
    return sorted(flagged(after) - flagged(before))


def merge_and_commit(data_dir: Path, manifest: dict | None, existing: pd.DataFrame,
                     records: list[dict], keep: set[int] | None, config: QueryConfig,
                     label: Labeller, run: dict, extra_manifest: dict | None = None,
                     registrations: pd.DataFrame | None = None) -> dict:
    """The one path into the store: upsert, drop what a full run no longer finds, label, commit
    (with the new registrations table, when given, in the same commit)."""
    now = run["started"]
    merged, added, updated = store.upsert(existing, records, now)
    removed: list[int] = []
    if keep is not None:
        gone = ~merged["pmid"].isin(keep)
        removed = merged.loc[gone, "pmid"].astype(int).tolist()
        merged = merged.loc[~gone].reset_index(drop=True)
    version = labels_version()
    stale_labels = (manifest or {}).get("labels_version") != version
    changed = set(added) | set(updated)
    run.update(added=len(added), updated=len(updated), removed=len(removed),
               retracted=len(newly_retracted(existing, merged)))
    new_manifest = dict(manifest or {})
    new_manifest.update(extra_manifest or {})
    new_manifest.update(
        queries={"ketamine": config.ketamine_query, **config.terms_by_condition()},
        counts=counts_by_condition(merged, config) if (changed or removed or manifest is None)
        else (manifest or {}).get("counts"),
        labels_version=version)
    articles = None
    if changed or removed or stale_labels or manifest is None:
        articles = relabel(merged, changed, stale_labels, label)
    pubmed_ran = "pubmed" in run.get("sources", ["pubmed"])
    if run.get("mode") in ("full", "incremental") and pubmed_ran:
        new_manifest["last_success"] = run["started"]
    run["outcome"] = "success"
    run["ended"] = store.utc_now()
    new_manifest["runs"] = ((manifest or {}).get("runs", []) + [run])[-MAX_MANIFEST_RUNS:]
    committed = store.commit(data_dir, new_manifest, articles, registrations)
    if pubmed_ran:  # a registry-only run leaves "new since last refresh" as the last PubMed run made it
        try:
            write_digest(data_dir, articles if articles is not None else merged, added)
        except OSError as exc:  # the store is committed; a missing digest must not undo that
            log.warning("could not write the new-study digest: %s", exc)
    return committed


def incremental_since(manifest: dict | None, options: RefreshOptions,
                      key: str = "last_success") -> date | None:
    """The day from which to ask for changes, or None for a full run (`key`: which source's last success)."""
    if options.full or not manifest or not manifest.get(key):
        return None
    if key == "ctgov_last_success" and not manifest.get("registrations_file"):
        return None
    last = datetime.fromisoformat(manifest[key].replace("Z", "+00:00"))
    return last.date() - timedelta(days=options.overlap_days)


def run_refresh(data_dir: Path | str, client: EutilsClient | None, config: QueryConfig,
                options: RefreshOptions, parse: Callable[[bytes], list[dict]],
                label: Labeller | None = None, ctgov: CtgovClient | None = None) -> dict:
    """Bring the store up to date with PubMed (`client`) and/or ClinicalTrials.gov (`ctgov`);
    returns the run record (raises on failure, the store untouched)."""
    if client is None and ctgov is None:
        raise ValueError("run_refresh needs a PubMed client, a ClinicalTrials.gov client or both")
    if ctgov is not None:
        config.ctgov_terms()  # a queries file without registry terms fails before any request
    data_dir = store.check_writable(data_dir)
    sources = [name for name, c in (("pubmed", client), ("ctgov", ctgov)) if c is not None]
    run: dict = {"run_id": store.new_store_version(), "started": store.utc_now(),
                 "outcome": "running", "sources": sources}
    with refresh_lock(data_dir, run["started"]):
        try:
            manifest = store.load_manifest(data_dir)
            existing = store.load_articles(data_dir, manifest)
            # read before any request: a damaged registrations file fails the run at once
            stored_registrations = store.load_registrations(data_dir, manifest) if ctgov else None
            records: list[dict] = []
            keep: set[int] | None = None
            if client is not None:
                run["source"] = "pubmed"  # the source at work: a failure leaves it named
                since = incremental_since(manifest, options)
                run["mode"] = "incremental" if since else "full"
                run["since"] = since.isoformat() if since else None
                run["pubmed"] = {"mode": run["mode"], "since": run["since"]}
                today = datetime.now(timezone.utc).date()
                matches = collect_matches(client, config, since, options.search_cap, today)
                records = _fetch_all(client, matches, options.batch_size, parse)
                keep = set(matches) if since is None else None
            registrations, extra = None, {}
            if ctgov is not None:
                run["source"] = "ctgov"
                registrations, extra = _refresh_registrations(manifest, stored_registrations, ctgov,
                                                              config, options, run)
            run.pop("source", None)
            _count_requests(run, client, ctgov)
            result = merge_and_commit(data_dir, manifest, existing, records, keep, config,
                                      label or default_labeller(), run, extra, registrations)
            log.info("refresh %s: %d added, %d updated, %d removed, %d requests",
                     run["mode"], run["added"], run["updated"], run["removed"], run["requests"])
            return result["runs"][-1]
        except BaseException as exc:
            run.update(outcome="failed", error=_describe(exc), ended=store.utc_now())
            raise
        finally:
            _count_requests(run, client, ctgov)
            store.append_run_log(data_dir, run)


def _refresh_registrations(manifest: dict | None, existing: pd.DataFrame, ctgov: CtgovClient,
                           config: QueryConfig, options: RefreshOptions,
                           run: dict) -> tuple[pd.DataFrame | None, dict]:
    """Fetch and merge the registrations; returns (table to commit or None if unchanged, manifest keys)."""
    since = incremental_since(manifest, options, key="ctgov_last_success")
    mode = "incremental" if since else "full"
    run.setdefault("mode", mode)
    incoming = collect_registrations(ctgov, config, since, options.ctgov_page_size)
    keep = {r["nct_id"] for r in incoming} if since is None else None
    merged, added, updated, removed = merge_registrations(existing, incoming, keep, run["started"])
    run["ctgov"] = {"mode": mode, "since": since.isoformat() if since else None,
                    "found": len(incoming), "added": len(added), "updated": len(updated),
                    "removed": len(removed), "stored": len(merged)}
    changed = bool(added or updated or removed) or not (manifest or {}).get("registrations_file")
    extra = {"ctgov_last_success": run["started"], "ctgov_queries": config.ctgov_terms(),
             "registration_counts": registration_counts(merged, config)}
    return (store.registrations_frame(merged) if changed else None), extra


def _count_requests(run: dict, client: EutilsClient | None, ctgov: CtgovClient | None) -> None:
    """Requests per source and in all, into the run record."""
    total = 0
    for name, c in (("pubmed", client), ("ctgov", ctgov)):
        if c is not None:
            run.setdefault(name, {})["requests"] = c.requests_sent
            total += c.requests_sent
    run["requests"] = total


def _describe(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    if isinstance(exc, SystemExit):
        return "terminated"
    return str(exc) or type(exc).__name__


def _fetch_all(client: EutilsClient, matches: dict[int, list[str]], batch_size: int,
               parse: Callable[[bytes], list[dict]]) -> list[dict]:
    pmids = sorted(matches)
    records: list[dict] = []
    with tqdm(total=len(pmids), unit="rec", desc="EFetch", disable=not sys.stderr.isatty(),
              leave=False) as bar:
        for batch in fetch_records(client, pmids, batch_size, parse):
            for record in batch:
                record["matched_conditions"] = matches.get(int(record["pmid"]), [])
                record["source"] = "pubmed"
            records.extend(batch)
            bar.update(len(batch))
    return records

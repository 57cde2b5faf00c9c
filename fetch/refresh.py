"""One refresh run: search, fetch, merge, label, commit — or fail leaving the store untouched."""

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


# analysis modules that read labels but do not make them: editing them must not relabel
NOT_LABELLING = {"__main__.py", "cli.py", "annotate.py", "evaluate.py", "article_io.py",
                 "summary.py", "filters.py", "export.py"}


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
    mask = pd.Series(True, index=merged.index) if relabel_all else merged["pmid"].isin(changed)
    if not mask.any():
        return merged
    fresh = label(merged.loc[mask, list(ARTICLE_COLUMNS)].reset_index(drop=True))
    rest = merged.loc[~mask]
    if rest.empty:
        return fresh.sort_values("pmid", ignore_index=True)
    return pd.concat([rest, fresh], ignore_index=True).sort_values("pmid", ignore_index=True)


def counts_by_condition(articles: pd.DataFrame, config: QueryConfig) -> dict[str, int]:
    """How many stored records each condition's search matched, plus the total."""
    counts = {c.name: 0 for c in config.conditions}
    for names in articles.get("matched_conditions", []):
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    counts["total"] = int(len(articles))
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
                     label: Labeller, run: dict, extra_manifest: dict | None = None) -> dict:
    """The one path into the store: upsert, drop what a full run no longer finds, label, commit."""
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
    if run.get("mode") in ("full", "incremental"):
        new_manifest["last_success"] = run["started"]
    run["outcome"] = "success"
    run["ended"] = store.utc_now()
    new_manifest["runs"] = ((manifest or {}).get("runs", []) + [run])[-MAX_MANIFEST_RUNS:]
    committed = store.commit(data_dir, new_manifest, articles)
    try:
        write_digest(data_dir, articles if articles is not None else merged, added)
    except OSError as exc:  # the store is committed; a missing digest must not undo that
        log.warning("could not write the new-study digest: %s", exc)
    return committed


def incremental_since(manifest: dict | None, options: RefreshOptions) -> date | None:
    """The day from which to ask for changes, or None for a full run."""
    if options.full or not manifest or not manifest.get("last_success"):
        return None
    last = datetime.fromisoformat(manifest["last_success"].replace("Z", "+00:00"))
    return last.date() - timedelta(days=options.overlap_days)


def run_refresh(data_dir: Path | str, client: EutilsClient, config: QueryConfig,
                options: RefreshOptions, parse: Callable[[bytes], list[dict]],
                label: Labeller | None = None) -> dict:
    """Bring the store up to date with PubMed; returns the run record (raises on failure)."""
    data_dir = store.check_writable(data_dir)
    run: dict = {"run_id": store.new_store_version(), "started": store.utc_now(),
                 "outcome": "running"}
    with refresh_lock(data_dir, run["started"]):
        try:
            manifest = store.load_manifest(data_dir)
            existing = store.load_articles(data_dir, manifest)
            since = incremental_since(manifest, options)
            run["mode"] = "incremental" if since else "full"
            run["since"] = since.isoformat() if since else None
            today = datetime.now(timezone.utc).date()
            matches = collect_matches(client, config, since, options.search_cap, today)
            records = _fetch_all(client, matches, options.batch_size, parse)
            keep = set(matches) if since is None else None
            run["requests"] = client.requests_sent
            result = merge_and_commit(data_dir, manifest, existing, records, keep, config,
                                      label or default_labeller(), run)
            log.info("refresh %s: %d added, %d updated, %d removed, %d requests",
                     run["mode"], run["added"], run["updated"], run["removed"],
                     client.requests_sent)
            return result["runs"][-1]
        except BaseException as exc:
            run.update(outcome="failed", error=_describe(exc), ended=store.utc_now())
            raise
        finally:
            run["requests"] = client.requests_sent
            store.append_run_log(data_dir, run)


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

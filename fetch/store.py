"""The on-disk store: one Parquet file of articles plus data/manifest.json, committed atomically.

Layout of a data directory:
  manifest.json            schema version, store version, queries, counts, runs; names the file below
  articles-<version>.parquet  every article (columns of fetch.schema plus the analysis labels)
  registrations-<version>.parquet  ClinicalTrials.gov registrations (fetch.registry_schema), once
                           a refresh has fetched them; named by the manifest's `registrations_file`
  run_log.jsonl            one line per refresh attempt, failed ones included (append-only)

A write never touches the files the current manifest names: the new Parquet file is written
under a new name, then the manifest is replaced by rename (the commit point). A process killed
at any moment leaves either the old store or the new one, both complete.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from fetch.registry_schema import REGISTRATION_COLUMNS, registration_schema
from fetch.schema import ARTICLE_COLUMNS, LIST_COLUMNS, SCHEMA_VERSION, arrow_schema

MANIFEST_NAME = "manifest.json"
RUN_LOG_NAME = "run_log.jsonl"
ARTICLES_PREFIX = "articles-"
REGISTRATIONS_PREFIX = "registrations-"
BOOKKEEPING_COLUMNS = ("first_seen", "last_updated", "matched_conditions")


class StoreError(RuntimeError):
    """The store cannot be read or written; the message says what to do."""


def utc_now() -> str:
    """Current UTC time as ISO 8601 with seconds, the one format the store uses for times."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_store_version() -> str:
    """A sortable, unique name for a new version of the store."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


# -- reading ------------------------------------------------------------------------------
def load_manifest(data_dir: Path | str) -> dict | None:
    """The manifest, or None when the directory holds no store yet."""
    path = Path(data_dir) / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StoreError(f"{path} is corrupted ({exc.msg} at line {exc.lineno}); restore it "
                         f"from a backup or git, or rebuild with 'refresh --full'") from exc
    if not isinstance(manifest, dict) or "articles_file" not in manifest:
        raise StoreError(f"{path} is not a store manifest (no 'articles_file')")
    if manifest.get("schema_version", 0) > SCHEMA_VERSION:
        raise StoreError(f"{path} has schema version {manifest['schema_version']}; this "
                         f"program reads up to {SCHEMA_VERSION}: upgrade it")
    return manifest


def store_version(data_dir: Path | str) -> str | None:
    """The current store version (cheap), to key caches so a refresh shows without restart."""
    manifest = load_manifest(data_dir)
    return manifest.get("store_version") if manifest else None


def empty_articles() -> pd.DataFrame:
    """An empty article frame with the store's columns and dtypes."""
    return _to_pandas(arrow_schema().empty_table())


def load_articles(data_dir: Path | str, manifest: dict | None = None) -> pd.DataFrame:
    """All stored articles (with labels) as a DataFrame; empty with the right columns if no store.

    Dtypes: pmid int64; pub_year Int64 (nullable); text columns pandas strings (missing = NA);
    list columns (see fetch.schema.LIST_COLUMNS and the analysis' list labels) Python lists.
    """
    manifest = manifest if manifest is not None else load_manifest(data_dir)
    if manifest is None:
        return empty_articles()
    return _with_new_columns(_to_pandas(_read_table(Path(data_dir) / manifest["articles_file"], "refresh --full")))


def _read_table(path: Path, rebuild: str) -> pa.Table:
    """A Parquet file the manifest names; StoreError saying how to recover when it is missing or unreadable."""
    try:
        return pq.read_table(path)
    except FileNotFoundError as exc:
        raise StoreError(f"{path} named by the manifest is missing; restore it or rebuild "
                         f"with '{rebuild}'") from exc
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"{path} is corrupted or unreadable ({exc}); restore it or rebuild "
                         f"with '{rebuild}'") from exc


def _with_new_columns(df: pd.DataFrame) -> pd.DataFrame:
    """Article columns added to the schema after a store was written, filled empty ([] or null)."""
    for name in ARTICLE_COLUMNS:
        if name not in df.columns:
            df[name] = pd.Series([[] for _ in range(len(df))] if name in LIST_COLUMNS else None,
                                 index=df.index, dtype=object)
    return df


def registrations_frame(records: list[dict]) -> pd.DataFrame:
    """Registration records as a frame with the table's columns and dtypes (lists as Python lists)."""
    table = pa.Table.from_pylist([{k: r.get(k) for k in REGISTRATION_COLUMNS} for r in records],
                                 schema=registration_schema())
    return _registrations_to_pandas(table)


def _registrations_to_pandas(table: pa.Table) -> pd.DataFrame:
    df = _to_pandas(table)
    df["enrollment"] = df["enrollment"].astype("Int64")
    df["has_results"] = df["has_results"].astype("boolean")
    return df


def load_registrations(data_dir: Path | str, manifest: dict | None = None) -> pd.DataFrame:
    """The ClinicalTrials.gov registrations (fetch.registry_schema columns); empty with the right
    columns when the store has none yet (the offline snapshot has none: `refresh --source ctgov`).

    Dtypes: enrollment Int64, has_results boolean, text columns pandas strings (missing = NA),
    list columns Python lists (reference_pmids of ints).
    """
    manifest = manifest if manifest is not None else load_manifest(data_dir)
    if not manifest or not manifest.get("registrations_file"):
        return registrations_frame([])
    path = Path(data_dir) / manifest["registrations_file"]
    table = _read_table(path, "refresh --source ctgov --full")
    missing = [c for c in REGISTRATION_COLUMNS if c not in table.column_names]
    if missing:
        raise StoreError(f"{path} lacks the columns {', '.join(missing)}; rebuild with "
                         f"'refresh --source ctgov --full'")
    return _registrations_to_pandas(table.select(list(REGISTRATION_COLUMNS)).cast(registration_schema()))


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    df = table.to_pandas()
    for name, column in zip(table.column_names, table.columns):
        if pa.types.is_list(column.type):  # object dtype even when the table is empty
            df[name] = pd.Series([list(v) if v is not None else [] for v in df[name]],
                                 index=df.index, dtype=object)
    if "pub_year" in df:
        df["pub_year"] = df["pub_year"].astype("Int64")
    return df


# -- merging ------------------------------------------------------------------------------
def plain(value):
    """A cell as a plain Python value, so records from Parquet and from XML (or JSON) compare equal."""
    if isinstance(value, str):
        return value
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return list(value)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def comparable(record: dict, columns: Iterable[str] = ARTICLE_COLUMNS) -> dict:
    """A record's plain values without its bookkeeping dates: equal when the source did not change it."""
    return {k: plain(record.get(k)) for k in columns if k not in ("first_seen", "last_updated")}


def upsert(existing: pd.DataFrame, incoming: Iterable[dict], now: str) -> tuple[pd.DataFrame, list[int], list[int]]:
    """Merge records by PMID, the newest PubMed revision winning; returns (frame, added, updated)."""
    by_pmid = {int(r["pmid"]): r for r in existing.reindex(columns=list(ARTICLE_COLUMNS)).to_dict("records")} \
        if len(existing) else {}
    added: list[int] = []
    updated: list[int] = []
    for record in incoming:
        pmid = int(record["pmid"])
        old = by_pmid.get(pmid)
        new = {name: record.get(name) for name in ARTICLE_COLUMNS}
        for name in LIST_COLUMNS:
            new[name] = list(new[name]) if new[name] is not None else []
        if old is None:
            new["first_seen"] = new["last_updated"] = now
            by_pmid[pmid] = new
            added.append(pmid)
            continue
        if _is_older(new.get("date_revised"), old.get("date_revised")):
            continue
        if comparable(new) == comparable(old):
            continue
        new["first_seen"] = old.get("first_seen") or now
        new["last_updated"] = now
        by_pmid[pmid] = new
        updated.append(pmid)
    merged = pd.DataFrame.from_records(list(by_pmid.values()), columns=list(ARTICLE_COLUMNS))
    carried = [c for c in existing.columns if c not in ARTICLE_COLUMNS]
    if carried and len(existing):
        merged = merged.merge(existing[["pmid", *carried]], on="pmid", how="left")
    return merged.sort_values("pmid", ignore_index=True), added, updated


def _is_older(candidate: str | None, current: str | None) -> bool:
    return bool(candidate and current and candidate < current)


# -- writing ------------------------------------------------------------------------------
def check_writable(data_dir: Path | str) -> Path:
    """Create the data directory if needed and prove it is writable before any network work."""
    path = Path(data_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".probe-", delete=True):
            pass
    except OSError as exc:
        raise StoreError(f"data directory {path} is not writable: {exc.strerror or exc}") from exc
    return path


def _arrow_table(df: pd.DataFrame) -> pa.Table:
    fields = [f for f in arrow_schema()]
    extra = [c for c in df.columns if c not in ARTICLE_COLUMNS]
    table = pa.Table.from_pandas(df[list(ARTICLE_COLUMNS)], schema=pa.schema(fields),
                                 preserve_index=False)
    if extra:
        nested, to_arrow = _nested_labels()
        flat = [c for c in extra if c not in nested]
        labels = pa.Table.from_pandas(df[flat], preserve_index=False) if flat else None
        for name in extra:
            # nested labels get their declared list<struct> type: an all-empty column must not become list<null>
            column = to_arrow(name, df[name].tolist()) if name in nested else labels.column(name)
            table = table.append_column(name, column)
    return table


def _nested_labels() -> tuple[tuple[str, ...], Callable]:
    """The analysis' nested label columns and its Arrow converter (none when it is not importable)."""
    try:
        from analysis.columns import NESTED_LABEL_COLUMNS, nested_arrow_array
    except ImportError:
        return (), lambda name, values: None
    return NESTED_LABEL_COLUMNS, nested_arrow_array


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(target: Path, write) -> None:
    """Write through a temporary file in the same directory, fsync, then rename over target."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_json(path: str, payload: dict) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=2, sort_keys=False, ensure_ascii=False)
        handle.write("\n")


def commit(data_dir: Path | str, manifest: dict, articles: pd.DataFrame | None,
           registrations: pd.DataFrame | None = None) -> dict:
    """Make a new store version current: articles and registrations (each if changed), then the
    manifest, atomically: the manifest's rename is the one commit point for both tables."""
    data_dir = Path(data_dir)
    manifest = dict(manifest, schema_version=SCHEMA_VERSION)
    written: list[Path] = []  # new table files, removed again if the commit does not happen
    try:
        version = new_store_version() if articles is not None or registrations is not None else None
        if articles is not None:
            name = f"{ARTICLES_PREFIX}{version}.parquet"
            table = _arrow_table(articles)
            write_atomic(data_dir / name, lambda tmp: pq.write_table(
                table, tmp, compression="zstd", write_statistics=False))
            written.append(data_dir / name)
            manifest.update(store_version=version, articles_file=name)
        if registrations is not None:
            reg_name = f"{REGISTRATIONS_PREFIX}{version}.parquet"
            reg_table = pa.Table.from_pandas(registrations[list(REGISTRATION_COLUMNS)],
                                             schema=registration_schema(), preserve_index=False)
            write_atomic(data_dir / reg_name, lambda tmp: pq.write_table(
                reg_table, tmp, compression="zstd", write_statistics=False))
            written.append(data_dir / reg_name)
            manifest.update(store_version=version, registrations_file=reg_name)
        write_atomic(data_dir / MANIFEST_NAME, lambda tmp: _write_json(tmp, manifest))
        written.clear()  # committed: the manifest names them now
        _fsync_dir(data_dir)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise StoreError(f"could not write the store in {data_dir}: {exc.strerror or exc}; "
                         f"the previous store is unchanged") from exc
    remove_unreferenced(data_dir, manifest["articles_file"], manifest.get("registrations_file"))
    return manifest


def remove_unreferenced(data_dir: Path, keep: str, keep_registrations: str | None = None) -> None:
    """Delete article and registration files and temporary files the manifest no longer names."""
    for path in data_dir.iterdir():
        stale_version = (path.name.startswith(ARTICLES_PREFIX) and path.name != keep) or (
            path.name.startswith(REGISTRATIONS_PREFIX) and path.name.endswith(".parquet")
            and path.name != keep_registrations)
        stale_tmp = path.name.startswith(".") and path.name.endswith(".tmp")
        if stale_version or stale_tmp:
            try:
                path.unlink()
            except OSError:
                pass


def append_run_log(data_dir: Path | str, run: dict) -> None:
    """Record one refresh attempt, failed ones too, outside the store proper."""
    try:
        with open(Path(data_dir) / RUN_LOG_NAME, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(run, ensure_ascii=False) + "\n")
    except OSError:
        pass  # the log is a courtesy; a full disk must not mask the run's own outcome


def read_run_log(data_dir: Path | str, last: int = 20) -> list[dict]:
    """The most recent refresh attempts, newest last; unreadable lines are skipped."""
    path = Path(data_dir) / RUN_LOG_NAME
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    runs = []
    for line in lines[-last:]:
        try:
            runs.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return runs

"""Read article tables (CSV, JSONL, Parquet) and write labelled ones (CSV, JSONL), with clear errors.

Errors are raised as `InputError` with a one-line message the CLI prints as is.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.columns import LIST_LABEL_COLUMNS, NESTED_LABEL_COLUMNS

READ_FORMATS = (".csv", ".jsonl", ".ndjson", ".json", ".parquet", ".pq")
WRITE_FORMATS = (".csv", ".jsonl", ".ndjson")
# Store list columns (fetch/schema.py) that a CSV may hold as JSON arrays.
INPUT_LIST_COLUMNS = ("mesh_terms", "mesh_major_terms", "mesh_headings", "publication_types", "keywords",
                      "retraction_signals", "authors", "language", "matched_conditions")


class InputError(Exception):
    """A problem with the user's input or output file, worded for the command line."""


def read_articles(path: str | Path) -> pd.DataFrame:
    """Load an article table and check it has an id and title/abstract columns."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in READ_FORMATS:
        raise InputError(f"unsupported input format '{p.suffix or p.name}': use .csv, .jsonl or .parquet")
    if not p.exists():
        raise InputError(f"input file not found: {p}")
    if p.is_dir():
        raise InputError(f"input is a directory, not a file: {p}")
    try:
        if suffix == ".csv":
            df = pd.read_csv(p, dtype=str, keep_default_na=False, na_values=[""])
        elif suffix in (".parquet", ".pq"):
            df = pd.read_parquet(p)
        else:
            df = read_jsonl(p)
    except InputError:
        raise
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {p.name}: {_one_line(exc)}") from None
    except Exception as exc:  # pyarrow and parser errors have many types
        raise InputError(f"cannot read {p.name}: {_one_line(exc)}") from None
    return normalise_articles(df, p.name)


def read_jsonl(p: Path) -> pd.DataFrame:
    """JSON lines (or one JSON array) as a frame; malformed input is one InputError line."""
    return pd.DataFrame(read_json_objects(p))


def read_json_objects(p: Path, keys: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """JSON lines (or one JSON array) as objects, each holding `keys`; malformed input is one InputError line."""
    with_keys = f" with {', '.join(keys)}" if keys else ""

    def fits(row: Any) -> bool:
        return isinstance(row, dict) and all(k in row for k in keys)

    with p.open(encoding="utf-8") as fh:
        text = fh.read()
    stripped = text.lstrip()
    if stripped.startswith("["):  # a JSON array file is accepted too
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON in {p.name}: {exc.msg} (line {exc.lineno})") from None
        if not isinstance(data, list) or not all(fits(r) for r in data):
            raise InputError(f"malformed JSON in {p.name}: expected a list of objects{with_keys}")
        return data
    rows = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON in {p.name} line {lineno}: {exc.msg}") from None
        if not fits(row):
            raise InputError(f"malformed JSON in {p.name} line {lineno}: expected an object{with_keys}")
        rows.append(row)
    return rows


def normalise_articles(df: pd.DataFrame, name: str = "input") -> pd.DataFrame:
    """Give the table an `id` column and text title/abstract; decode JSON-array list cells."""
    if "id" not in df.columns:
        if "pmid" in df.columns:
            df = df.assign(id=df["pmid"])
        else:
            raise InputError(f"{name} has no 'id' or 'pmid' column")
    missing = [c for c in ("title", "abstract") if c not in df.columns]
    if len(missing) == 2:
        raise InputError(f"{name} has no 'title' or 'abstract' column (columns: {', '.join(map(str, df.columns[:12]))})")
    for col in missing:
        df = df.assign(**{col: ""})
    for col in INPUT_LIST_COLUMNS:
        if col in df.columns and df[col].dtype == object:
            df[col] = [_decode_list(v) for v in df[col]]
    return df


def _decode_list(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("["):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        return parsed if isinstance(parsed, list) else value
    return value


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__


def _jsonable(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict, str)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            pass
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return value.tolist()
    return value


def _nested_jsonable(value: Any) -> list:
    """A nested label cell (list of dicts, possibly numpy from Parquet) as plain JSON values; None -> []."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    out = []
    for item in list(value):
        out.append({k: (_nested_jsonable_dict(v) if isinstance(v, dict) else _jsonable(v)) for k, v in dict(item).items()})
    return out


def _nested_jsonable_dict(value: dict) -> dict:
    return {k: _jsonable(v) for k, v in value.items()}


def write_labels(df: pd.DataFrame, path: str | Path) -> None:
    """Write `id` plus the label columns (lists as JSON arrays in CSV) to .csv or .jsonl."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in WRITE_FORMATS:
        raise InputError(f"unsupported output format '{p.suffix or p.name}': use .csv or .jsonl")
    if p.parent and not p.parent.exists():
        raise InputError(f"output directory does not exist: {p.parent}")
    try:
        if suffix == ".csv":
            out = df.copy()
            for col in out.columns:
                if col in NESTED_LABEL_COLUMNS:  # findings, rates, effect estimates: one JSON array per cell, [] when none
                    out[col] = [json.dumps(_nested_jsonable(v), ensure_ascii=False) for v in out[col]]
                elif col in LIST_LABEL_COLUMNS or out[col].map(lambda v: isinstance(v, (list, tuple))).any():
                    out[col] = [json.dumps(_jsonable(v), ensure_ascii=False) if v is not None else None for v in out[col]]
            out.to_csv(p, index=False)
        else:
            with p.open("w", encoding="utf-8") as fh:
                records = df.to_dict(orient="records")
                for rec in records:
                    row = {k: (_nested_jsonable(v) if k in NESTED_LABEL_COLUMNS else _jsonable(v)) for k, v in rec.items()}
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputError(f"cannot write {p}: {_one_line(exc)}") from None

"""The new-study digest: what the last successful run added, for people and for the dashboard."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from fetch.store import write_atomic

DIGEST_NAME = "new_since_last_run.csv"
DIGEST_COLUMNS = ["pmid", "title", "pub_year", "conditions", "design", "conclusion"]


def write_digest(data_dir: Path, articles: pd.DataFrame, added: list[int]) -> Path:
    """Replace the digest with the records this run added (header only when none)."""
    path = Path(data_dir) / DIGEST_NAME
    rows = articles[articles["pmid"].isin(added)] if len(added) else articles.iloc[0:0]
    write_atomic(path, lambda tmp: _write_rows(tmp, rows))
    return path


def _write_rows(tmp: str, rows: pd.DataFrame) -> None:
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(DIGEST_COLUMNS)
        for row in rows.to_dict("records"):
            conditions = row.get("conditions")
            if conditions is None or not len(conditions):
                conditions = row.get("matched_conditions") or []
            writer.writerow([row["pmid"], row.get("title") or "",
                             "" if pd.isna(row.get("pub_year")) else row.get("pub_year"),
                             json.dumps(list(conditions)), row.get("design") or "",
                             row.get("conclusion") or ""])


def read_digest(data_dir: Path | str) -> pd.DataFrame:
    """The digest as a frame (empty when absent), for status and the dashboard."""
    path = Path(data_dir) / DIGEST_NAME
    try:
        return pd.read_csv(path, dtype={"pmid": "int64"}, keep_default_na=False)
    except (OSError, ValueError, pd.errors.EmptyDataError):
        return pd.DataFrame(columns=DIGEST_COLUMNS)

"""Importer for the offline snapshot: real PubMed records from a JSONL corpus, through the store path.

The corpus (see data/README.md) has pmid, doi, year, title, abstract, authors and keywords only.
Everything else stays empty: journal, dates beyond the year, MeSH, publication types and
retraction signals are unknown, never guessed.
"""

from __future__ import annotations

import json
from pathlib import Path

from fetch import store
from fetch.lock import refresh_lock
from fetch.queries import QueryConfig, text_matches
from fetch.refresh import Labeller, default_labeller, merge_and_commit
from fetch.schema import empty_record


class CorpusError(ValueError):
    """The corpus file cannot be read as the expected JSON lines."""


def corpus_record(raw: dict) -> dict:
    """A store record from one corpus line, with only the fields the corpus really has."""
    record = empty_record(int(raw["pmid"]))
    record.update(
        title=(raw.get("title") or "").strip() or None,
        abstract=(raw.get("abstract") or "").strip() or None,
        doi=(raw.get("doi") or "").strip() or None,
        pub_year=int(raw["year"]) if raw.get("year") else None,
        authors=[a.strip() for a in (raw.get("authors") or "").split(",") if a.strip()],
        keywords=[k for k in (raw.get("keywords") or []) if k],
        source="corpus-import",
    )
    if record["pub_year"]:
        record.update(pub_date=str(record["pub_year"]), pub_date_source="corpus year")
    return record


def read_corpus(path: Path, config: QueryConfig) -> list[dict]:
    """The ketamine records of the corpus that match a configured condition's text terms."""
    records = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CorpusError(f"cannot read corpus {path}: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            record = corpus_record(raw)
        except (ValueError, KeyError, TypeError) as exc:
            raise CorpusError(f"{path}:{number}: not a corpus record ({exc})") from exc
        text = " ".join([record["title"] or "", record["abstract"] or "", *record["keywords"]])
        is_ketamine, conditions = text_matches(config, text)
        if is_ketamine and conditions:
            record["matched_conditions"] = conditions
            records.append(record)
    return records


def import_corpus(path: Path, data_dir: Path, config: QueryConfig,
                  label: Labeller | None = None) -> dict:
    """Build or update a store from a corpus file; returns the run record."""
    data_dir = store.check_writable(data_dir)
    records = read_corpus(path, config)
    run = {"run_id": store.new_store_version(), "started": store.utc_now(), "mode": "import",
           "outcome": "running", "source": Path(path).name, "requests": 0}
    with refresh_lock(data_dir, run["started"]):
        manifest = store.load_manifest(data_dir)
        existing = store.load_articles(data_dir, manifest)
        snapshot = {"snapshot": {"source": Path(path).name, "imported": run["started"],
                                 "records": len(records)}}
        result = merge_and_commit(data_dir, manifest, existing, records, None, config,
                                  label or default_labeller(), run, snapshot)
    store.append_run_log(data_dir, result["runs"][-1])
    return result["runs"][-1]

"""Exports of exactly the filtered studies: CSV, Excel (with a provenance sheet) and Parquet.

The dashboard's download buttons and the `export` command call the same functions, so a file
taken from the page and one made by `python -m analysis export` with the same filters are
identical in rows and columns.  List labels are JSON arrays in CSV and Excel (one cell each,
machine-readable) and real lists in Parquet.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import parse_qs, urlencode, urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.columns import NESTED_LABEL_COLUMNS, nested_arrow_array
from analysis.filters import (CONCLUSIONS, CONDITIONS, DESIGNS, FORMULATIONS, POPULATIONS, ROUTES,
                              FilterError, Filters, apply_filters, missing_columns)

FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("text/csv", ".csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "parquet": ("application/vnd.apache.parquet", ".parquet"),
}
EXCEL_CELL_MAX = 32_767
LABELS_NOTE = ("Labels (conditions, design, population, formulation, route, comparator, sample "
               "size, conclusion, outcomes, retraction) are assigned automatically by rules from "
               "the title, abstract and PubMed metadata; each *_evidence column quotes the sentence "
               "or metadata item behind the label. They can be wrong. Not medical advice.")


class ExportError(RuntimeError):
    """An export cannot be produced (no rows, unlabelled store); the message says why."""


# -- columns ------------------------------------------------------------------------------
def export_columns(df: pd.DataFrame) -> list[str]:
    """Store columns first, then every label column; internal helper columns ('_x') never.
    Another table (registrations: no `pmid` column) keeps its own column order."""
    from fetch.schema import ARTICLE_COLUMNS

    if "pmid" not in df.columns:
        return [c for c in df.columns if not str(c).startswith("_")]

    try:  # the analysis' own list when it exists, so the order matches its documentation
        from analysis.columns import LABEL_COLUMNS  # type: ignore
        labels = [c for c in LABEL_COLUMNS if c in df.columns]
    except ImportError:
        labels = []
    head = [c for c in ARTICLE_COLUMNS if c in df.columns]
    rest = [c for c in df.columns if c not in head and c not in labels and not str(c).startswith("_")]
    return head + labels + rest


def _is_list_column(series: pd.Series) -> bool:
    for value in series.tolist():
        if isinstance(value, (list, tuple, np.ndarray)):
            return True
        if value is not None and not (isinstance(value, float) and value != value):
            return False
    return False


def flat_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The export columns with list cells as JSON arrays, for formats without list cells."""
    out = df[export_columns(df)].reset_index(drop=True).copy()
    encode = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode

    def as_json(value: object) -> str:
        if isinstance(value, (list, tuple, np.ndarray)) and len(value):
            return encode([dict(v) if isinstance(v, dict) else v for v in value])
        return "[]"

    for name in out.columns:
        if name in NESTED_LABEL_COLUMNS or (out[name].dtype == object and _is_list_column(out[name])):
            out[name] = [as_json(v) for v in out[name].tolist()]
    return out


def _json_default(value: object) -> object:
    """numpy scalars and arrays (cells read back from Parquet) as plain JSON values."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


FINDINGS_SHEET_COLUMNS = ("pmid", "title", "outcome", "domain", "instrument", "comparison", "direction", "favours",
                          "timepoint", "timepoint_hours", "p_value", "effect_measure", "effect_value",
                          "effect_ci_low", "effect_ci_high", "sentence")


def findings_rows(df: pd.DataFrame) -> list[tuple]:
    """One row per finding (FINDINGS_SHEET_COLUMNS), the effect flattened into four columns."""
    if "findings" not in df.columns:
        return []
    rows = []
    pmids = df["pmid"].tolist() if "pmid" in df.columns else [None] * len(df)
    titles = df["title"].tolist() if "title" in df.columns else [None] * len(df)
    for pmid, title, items in zip(pmids, titles, df["findings"].tolist()):
        if items is None or isinstance(items, float):
            continue
        for f in items:
            effect = f.get("effect") or {}
            rows.append((pmid, title, f.get("outcome"), f.get("domain"), f.get("instrument"), f.get("comparison"),
                         f.get("direction"), f.get("favours"), f.get("timepoint"), f.get("timepoint_hours"),
                         f.get("p_value"), effect.get("measure"), effect.get("value"), effect.get("ci_low"),
                         effect.get("ci_high"), f.get("sentence")))
    return rows


# -- formats ------------------------------------------------------------------------------
def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel shows accents and Greek letters correctly."""
    return flat_frame(df).to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    """Parquet with native list columns, for analysts who load it straight into pandas or R."""
    frame = df[export_columns(df)].reset_index(drop=True)
    nested = [c for c in frame.columns if c in NESTED_LABEL_COLUMNS]
    table = pa.Table.from_pandas(frame.drop(columns=nested), preserve_index=False)
    for name in nested:  # list<struct> of the declared type, also when every cell is []
        table = table.add_column(list(frame.columns).index(name), name, nested_arrow_array(name, frame[name].tolist()))
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def _excel_value(value: object, truncated: list[int]) -> object:
    """A cell value openpyxl stores as data: no formulas, no illegal XML characters, not too long."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > EXCEL_CELL_MAX:
            truncated.append(1)
            value = value[:EXCEL_CELL_MAX - 12] + " [truncated]"
    return value


def _append_rows(ws, rows: Iterable[tuple], truncated: list[int]) -> None:
    """Append rows to a write-only sheet; text that looks like a formula stays text."""
    from openpyxl.cell import WriteOnlyCell

    for row in rows:
        cells = []
        for value in row:
            value = _excel_value(value, truncated)
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"
                cells.append(cell)
            else:
                cells.append(value)
        ws.append(cells)


def to_xlsx_bytes(df: pd.DataFrame, provenance_rows: list[tuple[str, str]],
                  sheet: str = "studies") -> bytes:
    """An Excel workbook: the rows, 'Findings' (one row per finding, for studies) and 'provenance' saying what they are."""
    from openpyxl import Workbook

    flat = flat_frame(df)
    wb = Workbook(write_only=True)
    truncated: list[int] = []
    ws = wb.create_sheet(sheet)
    ws.append(list(flat.columns))
    _append_rows(ws, flat.itertuples(index=False, name=None), truncated)
    if "findings" in df.columns:  # a table of studies: one row per finding, with its study's PMID
        fs = wb.create_sheet("Findings")
        fs.append(list(FINDINGS_SHEET_COLUMNS))
        _append_rows(fs, findings_rows(df), truncated)
    prov = wb.create_sheet("provenance")
    prov.append(["item", "value"])
    rows = list(provenance_rows)
    if truncated:
        rows.append(("Truncated cells", f"{len(truncated)} cell(s) longer than Excel's "
                     f"{EXCEL_CELL_MAX} characters were cut; the CSV and Parquet exports are complete"))
    _append_rows(prov, ((key, str(value)) for key, value in rows), [])
    sink = io.BytesIO()
    wb.save(sink)
    return sink.getvalue()


def provenance(manifest: dict | None, filters: Filters, rows: int,
               queries: dict[str, str] | None = None, now: str | None = None) -> list[tuple[str, str]]:
    """What an exported file contains and where it came from, as (item, value) rows."""
    manifest = manifest or {}
    if queries is None:
        queries = manifest.get("queries")
    if not queries:
        from fetch.queries import load_queries
        try:
            config = load_queries()
            queries = {"ketamine": config.ketamine_query, **config.terms_by_condition()}
        except ValueError:
            queries = {}
    snapshot = manifest.get("snapshot") or {}
    out = [
        ("Exported at (UTC)", now or datetime.now(timezone.utc).replace(microsecond=0)
         .isoformat().replace("+00:00", "Z")),
        ("Rows", str(rows)),
        ("Filters applied", filters.describe()),
        ("Dashboard URL query", urlencode(filters.to_query_params(), doseq=True) or "(none)"),
        ("Store version", str(manifest.get("store_version") or "")),
        ("Last successful PubMed refresh", str(manifest.get("last_success") or
                                               "never (offline snapshot only)")),
        ("Last successful ClinicalTrials.gov refresh", str(manifest.get("ctgov_last_success") or "never")),
    ]
    if snapshot:
        out.append(("Snapshot", f"{snapshot.get('records', '?')} records imported from "
                    f"{snapshot.get('source', '?')} at {snapshot.get('imported', '?')}; a "
                    f"2023–2025 clinical-trials corpus, not a complete picture of PubMed"))
    if manifest.get("labels_version"):
        out.append(("Labels version", str(manifest["labels_version"])))
    for name, term in queries.items():
        out.append((f"PubMed query: {name}", str(term)))
    out.append(("List columns", "conditions, formulation, route, authors, MeSH terms and other "
                "lists are JSON arrays in CSV and Excel; findings, response_rates, remission_rates and "
                "effect_estimates are JSON arrays of objects (nested lists in Parquet)"))
    out.append(("Findings sheet", "one row per finding (outcome, domain, comparison, direction, favours, time "
                "point, p value, stated effect) with the study's PMID; reported values, not pooled"))
    out.append(("About the labels", LABELS_NOTE))
    return out


def export_bytes(df: pd.DataFrame, fmt: str, provenance_rows: list[tuple[str, str]],
                 sheet: str = "studies") -> bytes:
    """The file for one format; refuses an empty selection instead of writing an empty file."""
    if not len(df):
        raise ExportError("no studies match the filters; nothing to export")
    if fmt == "csv":
        return to_csv_bytes(df)
    if fmt == "xlsx":
        return to_xlsx_bytes(df, provenance_rows, sheet)
    if fmt == "parquet":
        return to_parquet_bytes(df)
    raise ExportError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def file_name(fmt: str, filters: Filters, stamp: str | None = None) -> str:
    """A download name that says what the file holds: ketamine-studies[-pain-rct]-YYYYMMDD.csv."""
    stamp = stamp or datetime.now(timezone.utc).strftime("%Y%m%d")
    tags = [*filters.conditions[:3], *filters.designs[:2]]
    tag = ("-" + "-".join(t.replace("_", "") for t in tags)) if tags else ""
    if not filters.is_default and not tag:
        tag = "-filtered"
    return f"ketamine-studies{tag}-{stamp}{FORMATS[fmt][1]}"


# -- command line -------------------------------------------------------------------------
def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The dashboard's sidebar filters as options (lists: repeat the option or use commas)."""
    group = parser.add_argument_group("filters (as in the dashboard's sidebar)")
    group.add_argument("--condition", action="append", default=[], metavar="NAME",
                       help=f"any of: {', '.join(CONDITIONS)}")
    group.add_argument("--year-from", type=int, default=None, metavar="YEAR")
    group.add_argument("--year-to", type=int, default=None, metavar="YEAR")
    group.add_argument("--design", action="append", default=[], metavar="NAME",
                       help=f"any of: {', '.join(DESIGNS)}")
    group.add_argument("--population", choices=POPULATIONS, default=None,
                       help="human_clinical or preclinical studies only (default: all)")
    group.add_argument("--formulation", action="append", default=[], metavar="NAME",
                       help=f"any of: {', '.join(FORMULATIONS)}")
    group.add_argument("--route", action="append", default=[], metavar="NAME",
                       help=f"any of: {', '.join(ROUTES)} (unclear = not stated)")
    group.add_argument("--conclusion", action="append", default=[], metavar="NAME",
                       help=f"any of: {', '.join(CONCLUSIONS)}")
    group.add_argument("--min-n", type=int, default=None, metavar="N",
                       help="minimum sample size (studies with unknown N are left out)")
    group.add_argument("--search", default=None, metavar="TEXT",
                       help='words (or "a phrase") that title or abstract must all contain')
    group.add_argument("--include-retracted", action="store_true",
                       help="keep retracted studies (hidden by default)")
    group.add_argument("--from-url", default=None, metavar="URL",
                       help="start from a dashboard URL's filters (the options above override)")


def filters_from_args(args: argparse.Namespace) -> Filters:
    """Filters from parsed options, on top of --from-url's; raises FilterError on a bad value."""
    base = Filters()
    if args.from_url:
        query = urlsplit(args.from_url).query if "?" in args.from_url else args.from_url
        base = Filters.from_query_params(parse_qs(query))
    pick = lambda given, current: given if given else current  # noqa: E731
    return Filters.create(
        conditions=pick(args.condition, base.conditions),
        year_from=args.year_from if args.year_from is not None else base.year_from,
        year_to=args.year_to if args.year_to is not None else base.year_to,
        designs=pick(args.design, base.designs),
        population=args.population or base.population,
        formulations=pick(args.formulation, base.formulations),
        routes=pick(args.route, base.routes),
        conclusions=pick(args.conclusion, base.conclusions),
        min_n=args.min_n if args.min_n is not None else base.min_n,
        search=args.search if args.search is not None else base.search,
        hide_retracted=base.hide_retracted and not args.include_retracted,
    )


EXPORT_HELP = "write the studies the filters select as CSV, Excel or Parquet (the dashboard's download)"


def configure(parser: argparse.ArgumentParser) -> None:
    """The `export` options (analysis.cli's SUBCOMMANDS entry); usage errors are one line."""
    parser.description = ("Write exactly the studies the filters select, with every label "
                          "column, as the dashboard's Downloads tab does.")
    parser.error = lambda message: parser.exit(  # type: ignore[method-assign]
        2, f"{parser.prog}: error: {message} (see --help)\n")
    parser.add_argument("--data-dir", type=Path, default=Path("data"),
                        help="store directory (default: data/)")
    parser.add_argument("--format", choices=sorted(FORMATS), default=None,
                        help="file format (default: from the --output suffix)")
    parser.add_argument("--output", "-o", type=Path, required=True, metavar="FILE",
                        help="file to write (replaced atomically; not created when no rows match)")
    add_filter_arguments(parser)


def add_export_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `export` on any subcommand set (used by `main` below)."""
    parser = subparsers.add_parser("export", help=EXPORT_HELP)
    configure(parser)
    parser.set_defaults(_run=run)
    return parser


def _write_atomic(path: Path, data: bytes) -> None:
    from fetch.store import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, lambda tmp: Path(tmp).write_bytes(data))


def run_export(data_dir: Path, fmt: str, output: Path, filters: Filters,
               load: Callable[[Path], tuple[pd.DataFrame, dict | None]] | None = None) -> int:
    """Load, filter, write; returns the row count or raises ExportError/StoreError."""
    from fetch import store

    if load is None:
        manifest = store.load_manifest(data_dir)
        if manifest is None:
            raise ExportError(f"no store in {data_dir}: run 'python -m fetch refresh' (or "
                              f"'python -m fetch import-corpus') first")
        df = store.load_articles(data_dir, manifest)
    else:
        df, manifest = load(data_dir)
    missing = missing_columns(df)
    if missing:
        raise ExportError(f"the store in {data_dir} has no labels ({', '.join(missing[:3])}...): "
                          f"run 'python -m fetch refresh' to label it")
    selected = apply_filters(df, filters)
    if not len(selected):
        raise ExportError(f"no studies match the filters ({filters.describe()}); no file written")
    data = export_bytes(selected, fmt, provenance(manifest, filters, len(selected)))
    _write_atomic(output, data)
    return len(selected)


def run(args: argparse.Namespace) -> int:
    """`export`: every expected failure is one line on stderr and exit status 1, no traceback."""
    from fetch.store import StoreError

    fmt = args.format or {s: f for f, (_, s) in FORMATS.items()}.get(args.output.suffix.lower())
    if fmt is None:
        print(f"error: cannot tell the format from {args.output.name!r}: add --format "
              f"{'|'.join(FORMATS)}", file=sys.stderr)
        return 2
    try:
        filters = filters_from_args(args)
        rows = run_export(args.data_dir, fmt, args.output, filters)
    except FilterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (ExportError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"exported {rows} studies to {args.output} ({fmt}; {filters.describe()})")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Standalone entry (tests, or before analysis.cli registers `export`)."""
    parser = argparse.ArgumentParser(prog="python -m analysis")
    sub = parser.add_subparsers(dest="command", required=True)
    add_export_parser(sub)
    args = parser.parse_args(argv)
    return args._run(args)


def cli_command(filters: Filters, fmt: str, data_dir: str = "data") -> str:
    """The `export` command line that reproduces a dashboard download (shown on the page)."""
    import shlex

    parts = ["python -m analysis export", f"--data-dir {shlex.quote(data_dir)}", f"--format {fmt}",
             f"--output {shlex.quote(file_name(fmt, filters))}"]
    for option, values in (("--condition", filters.conditions), ("--design", filters.designs),
                           ("--formulation", filters.formulations), ("--route", filters.routes),
                           ("--conclusion", filters.conclusions)):
        if values:
            parts.append(f"{option} {','.join(values)}")
    if filters.year_from is not None:
        parts.append(f"--year-from {filters.year_from}")
    if filters.year_to is not None:
        parts.append(f"--year-to {filters.year_to}")
    if filters.population != "all":
        parts.append(f"--population {filters.population}")
    if filters.min_n:
        parts.append(f"--min-n {filters.min_n}")
    if filters.search:
        parts.append(f"--search {shlex.quote(filters.search)}")
    if not filters.hide_retracted:
        parts.append("--include-retracted")
    return " ".join(parts)

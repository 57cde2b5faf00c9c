"""Filters (URL round trip, each filter against an independent predicate on the real labelled
snapshot) and exports (CSV / Excel with provenance / Parquet, and the `export` command)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis import export as E
from analysis.filters import FilterError, Filters, TextIndex, apply_filters, filter_mask, search_terms
from tests.pubmed_material import CORPUS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    """The corpus imported and labelled by the real analysis; two records marked retracted."""
    from analysis import label_articles
    from fetch import store
    from fetch.queries import load_queries
    from fetch.snapshot import import_corpus

    path = tmp_path_factory.mktemp("store")
    import_corpus(CORPUS, path, load_queries(), label=lambda d: d)  # labelled once, below
    manifest = store.load_manifest(path)
    df = store.load_articles(path, manifest)
    # Retraction arrives as a PubMed signal; give two records one and relabel them for real.
    for pmid in df["pmid"].iloc[[3, 10]]:
        i = df.index[df["pmid"] == pmid][0]
        df.at[i, "retraction_signals"] = ["Publication type: Retracted Publication"]
        df.at[i, "publication_types"] = ["Journal Article", "Retracted Publication"]
    from fetch.schema import ARTICLE_COLUMNS
    labelled = label_articles(df[list(ARTICLE_COLUMNS)])
    assert int(labelled["retracted"].sum()) == 2
    store.commit(path, manifest, labelled)
    return path


@pytest.fixture(scope="module")
def frame(store_dir) -> pd.DataFrame:
    from fetch.store import load_articles
    return load_articles(store_dir)


# -- URL parameters ------------------------------------------------------------------------
def test_default_filters_make_an_empty_query():
    assert Filters().to_query_params() == {}
    assert Filters.from_query_params({}) == Filters()
    assert Filters().is_default


def test_query_params_round_trip_every_field():
    f = Filters.create(conditions=["pain", "ocd"], year_from=2019, year_to=2024, designs=["rct"],
                       population="human_clinical", formulations=["esketamine", "unclear"],
                       routes=["intranasal"], conclusions=["positive", "mixed"], min_n=50,
                       search='Suicidal, "treatment-resistant"', hide_retracted=False)
    params = f.to_query_params()
    assert params["condition"] == ["ocd", "pain"]  # canonical order
    assert params["q"] == 'Suicidal, "treatment-resistant"'
    assert params["retracted"] == "show"
    assert Filters.from_query_params(params) == f
    # as a browser sends them: every value a list of strings
    as_lists = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    assert Filters.from_query_params(as_lists) == f


def test_bad_url_values_are_dropped_not_fatal():
    f = Filters.from_query_params({"condition": ["pain", "<script>", "PAIN"], "year_from": "abc",
                                   "year_to": "2020", "min_n": "-5", "population": "martians",
                                   "design": "rct,meta", "unknown": "x"})
    assert f.conditions == ("pain",) and f.designs == ("rct",)
    assert f.year_from is None and f.year_to == 2020 and f.min_n is None
    assert f.population == "all" and f.hide_retracted
    swapped = Filters.from_query_params({"year_from": "2024", "year_to": "2020"})
    assert (swapped.year_from, swapped.year_to) == (2020, 2024)


def test_create_rejects_unknown_values_naming_the_choices():
    with pytest.raises(FilterError, match="unknown condition 'migraine'.*depression"):
        Filters.create(conditions=["migraine"])
    with pytest.raises(FilterError, match="year range is empty"):
        Filters.create(year_from=2024, year_to=2020)
    with pytest.raises(FilterError, match="population"):
        Filters.create(population="mice")


def test_describe_says_every_filter():
    text = Filters.create(conditions=["ptsd"], year_from=2020, designs=["rct"], min_n=30,
                          search="suicid", hide_retracted=False).describe()
    for part in ("PTSD", "2020 or later", "RCT", "sample size ≥ 30", '"suicid"',
                 "retracted studies included"):
        assert part in text
    assert Filters().describe().startswith("no filters")


def test_search_terms_keep_quoted_phrases():
    assert search_terms('Ketamine "major depressive"  suicid') == ["ketamine", "major depressive",
                                                                  "suicid"]


def test_text_index_agrees_with_a_plain_substring_test():
    df = pd.DataFrame({"title": ["İstanbul ketamine", None, "Pain <b>", "x"],
                       "abstract": ["Major Depressive disorder", "ketamine & pain", None, "KETAMINE"]})
    index = TextIndex(df)
    for term in ("ketamine", "major depressive", "pain <b>", "& pain", "zzz", "i̇stanbul", "e\nm"):
        expected = [term in f"{t or ''}\n{a or ''}".lower() for t, a in zip(df["title"], df["abstract"])]
        assert index.contains(term).tolist() == expected, term


# -- each filter against an independent predicate on the real snapshot -------------------
def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict("records")


def _n(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


PREDICATES = {
    "condition pain": (dict(conditions=["pain"]), lambda r: "pain" in r["conditions"]),
    "conditions ptsd or ocd": (dict(conditions=["ptsd", "ocd"]),
                               lambda r: "ptsd" in r["conditions"] or "ocd" in r["conditions"]),
    "years 2024-2025": (dict(year_from=2024, year_to=2025),
                        lambda r: not pd.isna(r["pub_year"]) and 2024 <= r["pub_year"] <= 2025),
    "until 2023": (dict(year_to=2023), lambda r: not pd.isna(r["pub_year"]) and r["pub_year"] <= 2023),
    "design rct": (dict(designs=["rct"]), lambda r: r["design"] == "rct"),
    "human clinical": (dict(population="human_clinical"), lambda r: bool(r["human_clinical"])),
    "preclinical": (dict(population="preclinical"),
                    lambda r: r["population"] in ("animal", "in_vitro") or r["design"] == "preclinical"),
    "esketamine": (dict(formulations=["esketamine"]), lambda r: "esketamine" in r["formulation"]),
    "route intranasal": (dict(routes=["intranasal"]), lambda r: "intranasal" in r["route"]),
    "route unclear": (dict(routes=["unclear"]), lambda r: len(r["route"]) == 0),
    "conclusion positive": (dict(conclusions=["positive"]), lambda r: r["conclusion"] == "positive"),
    "min n 100": (dict(min_n=100), lambda r: _n(r["sample_size"]) is not None and _n(r["sample_size"]) >= 100),
    "search suicid": (dict(search="suicid"),
                      lambda r: "suicid" in f"{r['title'] or ''} {r['abstract'] or ''}".lower()),
    "search two words": (dict(search="placebo intranasal"),
                         lambda r: all(w in f"{r['title'] or ''} {r['abstract'] or ''}".lower()
                                       for w in ("placebo", "intranasal"))),
    "combined": (dict(conditions=["depression"], designs=["rct"], min_n=50),
                 lambda r: "depression" in r["conditions"] and r["design"] == "rct"
                 and (_n(r["sample_size"]) or 0) >= 50),
}


@pytest.mark.parametrize("name", list(PREDICATES))
def test_each_filter_selects_exactly_the_matching_studies(frame, name):
    kwargs, predicate = PREDICATES[name]
    records = [r for r in _records(frame) if not r["retracted"]]
    for r in records:  # the independent predicate reads plain text, not the index
        r["title"] = r["title"] if isinstance(r["title"], str) else ""
        r["abstract"] = r["abstract"] if isinstance(r["abstract"], str) else ""
    expected = sorted(r["pmid"] for r in records if predicate(r))
    got = apply_filters(frame, Filters.create(**kwargs))
    assert sorted(got["pmid"].tolist()) == expected
    # the filter really narrows the view, and not to nothing
    assert 0 < len(expected) < len(records), f"{name}: {len(expected)} of {len(records)}"


def test_hide_retracted_is_on_by_default_and_can_be_switched_off(frame):
    retracted = set(frame.loc[frame["retracted"], "pmid"])
    assert len(retracted) == 2
    shown = set(apply_filters(frame, Filters())["pmid"])
    assert not shown & retracted and len(shown) == len(frame) - 2
    everything = set(apply_filters(frame, Filters(hide_retracted=False))["pmid"])
    assert everything == set(frame["pmid"])


def test_cached_text_index_gives_the_same_rows(frame):
    f = Filters.create(search="esketamine randomized")
    assert (filter_mask(frame, f, TextIndex(frame)) == filter_mask(frame, f)).all()


def test_text_index_remembers_a_term_but_hands_out_copies():
    index = TextIndex(pd.DataFrame({"title": ["ketamine", "other"], "abstract": [None, None]}))
    first = index.contains("ketamine")
    first[:] = False  # a caller combining masks in place must not change the remembered rows
    assert index.contains("KETAMINE").tolist() == [True, False]


@pytest.mark.parametrize("seed", range(6))
def test_cached_filter_columns_give_the_same_rows(frame, seed):
    """The dashboard filters through arrays built once per store (FilterColumns); every filter
    combination must keep exactly the rows the frame itself gives."""
    import random

    from analysis.filters import (CONCLUSIONS, CONDITIONS, DESIGNS, FORMULATIONS, POPULATIONS,
                                  ROUTES, FilterColumns)

    rng = random.Random(seed)
    columns = FilterColumns(frame).warm()
    index = TextIndex(frame)
    for _ in range(25):
        f = Filters.create(
            conditions=rng.sample(CONDITIONS, rng.choice([0, 1, 2])),
            designs=rng.sample(DESIGNS, rng.choice([0, 1, 2])),
            population=rng.choice(POPULATIONS),
            formulations=rng.sample(FORMULATIONS, rng.choice([0, 1, 2])),
            routes=rng.sample(ROUTES, rng.choice([0, 1, 2])),
            conclusions=rng.sample(CONCLUSIONS, rng.choice([0, 1])),
            min_n=rng.choice([None, 10, 100]), year_from=rng.choice([None, 2024]),
            year_to=rng.choice([None, 2024]), search=rng.choice(["", "placebo", "zzz"]),
            hide_retracted=rng.choice([True, False]))
        cached = filter_mask(frame, f, index, columns)
        assert (cached == filter_mask(frame, f)).all(), f.describe()
        rows = _records(frame)
        expected = [_keeps(r, f) for r in rows]
        assert cached.tolist() == expected, f.describe()


def _keeps(r: dict, f: Filters) -> bool:
    """One record against one Filters value, written out plainly (the reference for the arrays)."""
    def listed(cell, wanted, empty=None):
        cell = list(cell) if cell is not None and not isinstance(cell, float) else []
        return bool(set(cell) & set(wanted)) or (not cell and empty in wanted)

    def number(value):
        return None if value is None or pd.isna(value) else float(value)

    text = f"{r['title'] or ''}\n{r['abstract'] or ''}".lower()
    year, size = number(r["pub_year"]), number(r["sample_size"])
    return all([
        not (f.hide_retracted and bool(r["retracted"])),
        not f.conditions or listed(r["conditions"], f.conditions),
        f.year_from is None or (year is not None and year >= f.year_from),
        f.year_to is None or (year is not None and year <= f.year_to),
        not f.designs or r["design"] in f.designs,
        f.population != "human_clinical" or bool(r["human_clinical"]),
        f.population != "preclinical" or r["population"] in ("animal", "in_vitro")
        or r["design"] == "preclinical",
        not f.formulations or listed(r["formulation"], f.formulations, "unclear"),
        not f.routes or listed(r["route"], f.routes, "unclear"),
        not f.conclusions or r["conclusion"] in f.conclusions,
        not f.min_n or (size is not None and size >= f.min_n),
        all(term in text for term in search_terms(f.search)),
    ])


def test_unlabelled_frame_is_refused_with_advice(frame):
    with pytest.raises(KeyError, match="refresh"):
        apply_filters(frame.drop(columns=["design"]), Filters())


# -- export formats ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pain_rct(frame) -> tuple[Filters, pd.DataFrame]:
    f = Filters.create(conditions=["pain"], designs=["rct"])
    return f, apply_filters(frame, f)


def test_csv_has_exactly_the_rows_and_every_label_column(frame, pain_rct):
    from analysis.columns import LABEL_COLUMNS
    from fetch.schema import ARTICLE_COLUMNS

    f, rows = pain_rct
    data = E.to_csv_bytes(rows)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["pmid"].tolist() == rows["pmid"].tolist()
    assert set(LABEL_COLUMNS) <= set(back.columns) and set(ARTICLE_COLUMNS) <= set(back.columns)
    assert list(back.columns[:len(ARTICLE_COLUMNS)]) == list(ARTICLE_COLUMNS)
    # lists are JSON arrays
    for cell, original in zip(back["conditions"], rows["conditions"]):
        assert json.loads(cell) == list(original)
    assert back["title"].tolist() == rows["title"].tolist()


def test_xlsx_has_rows_and_a_provenance_sheet(frame, pain_rct):
    from openpyxl import load_workbook

    f, rows = pain_rct
    manifest = {"store_version": "v1", "snapshot": {"records": 310, "source": "c.jsonl",
                                                   "imported": "2025-01-01T00:00:00Z"},
                "queries": {"ketamine": "ketamine[tiab]", "pain": "(k) AND (pain[tiab])"}}
    data = E.to_xlsx_bytes(rows, E.provenance(manifest, f, len(rows), now="2025-05-05T00:00:00Z"))
    wb = load_workbook(io.BytesIO(data), read_only=True)
    assert wb.sheetnames == ["studies", "Findings", "provenance"]  # Findings: one row per finding (issue 14)
    sheet = list(wb["studies"].iter_rows(values_only=True))
    header, body = sheet[0], sheet[1:]
    assert len(body) == len(rows)
    assert [r[header.index("pmid")] for r in body] == rows["pmid"].tolist()
    assert json.loads(body[0][header.index("formulation")]) == list(rows["formulation"].iloc[0])
    prov = dict(list(wb["provenance"].iter_rows(values_only=True))[1:])
    assert prov["Rows"] == str(len(rows))
    assert prov["Filters applied"] == f.describe()
    assert prov["Dashboard URL query"] == "condition=pain&design=rct"
    assert prov["PubMed query: pain"] == "(k) AND (pain[tiab])"
    assert "310 records" in prov["Snapshot"] and prov["Exported at (UTC)"] == "2025-05-05T00:00:00Z"
    assert "never" in prov["Last successful PubMed refresh"]


def test_xlsx_keeps_formula_like_text_as_text_and_drops_illegal_characters(pain_rct):
    from openpyxl import load_workbook

    _, rows = pain_rct
    rows = rows.copy()
    rows.iloc[0, rows.columns.get_loc("title")] = "=HYPERLINK(\"http://evil\")"
    rows.iloc[1, rows.columns.get_loc("title")] = "bad\x01char\x0b"
    wb = load_workbook(io.BytesIO(E.to_xlsx_bytes(rows, [])))
    ws = wb["studies"]
    col = [c.value for c in ws[1]].index("title") + 1
    assert ws.cell(row=2, column=col).data_type == "s"
    assert ws.cell(row=2, column=col).value == "=HYPERLINK(\"http://evil\")"
    assert ws.cell(row=3, column=col).value == "badchar"


def test_parquet_round_trips_lists_and_types(pain_rct):
    _, rows = pain_rct
    table = pq.read_table(io.BytesIO(E.to_parquet_bytes(rows)))
    back = table.to_pandas()
    assert back["pmid"].tolist() == rows["pmid"].tolist()
    assert [list(v) for v in back["route"]] == [list(v) for v in rows["route"]]
    assert str(table.schema.field("conditions").type) == "list<element: string>"


def test_zero_rows_is_an_error_not_an_empty_file(frame):
    empty = apply_filters(frame, Filters.create(search="zzqqxxnotaword"))
    assert empty.empty
    for fmt in E.FORMATS:
        with pytest.raises(E.ExportError, match="no studies match"):
            E.export_bytes(empty, fmt, [])


def test_file_name_and_cli_command_reflect_filters():
    f = Filters.create(conditions=["pain"], designs=["rct"], search="it's")
    assert E.file_name("csv", f, stamp="20250101") == "ketamine-studies-pain-rct-20250101.csv"
    assert E.file_name("xlsx", Filters(), stamp="1") == "ketamine-studies-1.xlsx"
    cmd = E.cli_command(f, "csv")
    assert "--condition pain" in cmd and "--design rct" in cmd and "--search 'it'\"'\"'s'" in cmd


# -- the export command --------------------------------------------------------------------
def _run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "analysis", "export", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_export_writes_exactly_the_filtered_rows(store_dir, frame, tmp_path):
    out = tmp_path / "pain.csv"
    proc = _run_cli("--data-dir", str(store_dir), "--output", str(out), "--condition", "pain",
                    "--year-from", "2024", "--min-n", "20")
    assert proc.returncode == 0, proc.stderr
    expected = [r["pmid"] for r in _records(frame) if "pain" in r["conditions"]
                and not r["retracted"] and not pd.isna(r["pub_year"]) and r["pub_year"] >= 2024
                and (_n(r["sample_size"]) or 0) >= 20]
    got = pd.read_csv(out, encoding="utf-8-sig")["pmid"].tolist()
    assert sorted(got) == sorted(expected) and got
    assert f"exported {len(expected)} studies" in proc.stdout


def test_cli_export_xlsx_and_parquet_and_url_filters(store_dir, frame, tmp_path):
    from openpyxl import load_workbook

    url = "http://localhost:8501/?" + urlencode({"design": "rct", "q": "suicid"})
    xlsx = tmp_path / "out.xlsx"
    proc = _run_cli("--data-dir", str(store_dir), "--output", str(xlsx), "--from-url", url,
                    "--include-retracted")
    assert proc.returncode == 0, proc.stderr
    f = Filters.create(designs=["rct"], search="suicid", hide_retracted=False)
    expected = apply_filters(frame, f)["pmid"].tolist()
    wb = load_workbook(xlsx, read_only=True)
    prov = dict(list(wb["provenance"].iter_rows(values_only=True))[1:])
    assert prov["Rows"] == str(len(expected)) and prov["Filters applied"] == f.describe()
    parquet = tmp_path / "out.parquet"
    proc = _run_cli("--data-dir", str(store_dir), "--output", str(parquet), "--design", "rct",
                    "--search", "suicid", "--include-retracted")
    assert proc.returncode == 0, proc.stderr
    assert pq.read_table(parquet).column("pmid").to_pylist() == expected


def test_cli_zero_rows_exits_non_zero_without_a_file(store_dir, tmp_path):
    out = tmp_path / "none.csv"
    proc = _run_cli("--data-dir", str(store_dir), "--output", str(out), "--search", "zzqqxx")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("\n") == 1 and "no studies match" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()
    assert not list(tmp_path.iterdir())  # no temporary file left either


@pytest.mark.parametrize("args, message", [
    (["--condition", "migraine"], "unknown condition"),
    (["--format", "pdf"], "invalid choice"),
    (["--min-n", "many"], "invalid int value"),
    (["--year-from", "2025", "--year-to", "2020"], "year range is empty"),
])
def test_cli_bad_arguments_one_line_no_traceback(store_dir, tmp_path, args, message):
    out = tmp_path / "x.csv"
    proc = _run_cli("--data-dir", str(store_dir), "--output", str(out), *args)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1  # one line, not a usage dump
    assert not out.exists()


def test_cli_unknown_suffix_asks_for_format(store_dir, tmp_path):
    proc = _run_cli("--data-dir", str(store_dir), "--output", str(tmp_path / "x.txt"))
    assert proc.returncode == 2 and "--format" in proc.stderr


def test_cli_corrupted_or_missing_store_one_line(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "manifest.json").write_text("{ not json")
    proc = _run_cli("--data-dir", str(bad), "--output", str(tmp_path / "x.csv"))
    assert proc.returncode == 1 and "corrupted" in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = _run_cli("--data-dir", str(empty), "--output", str(tmp_path / "x.csv"))
    assert proc.returncode == 1 and "refresh" in proc.stderr and "Traceback" not in proc.stderr
    missing_file = tmp_path / "missing"
    missing_file.mkdir()
    (missing_file / "manifest.json").write_text(json.dumps({"articles_file": "gone.parquet"}))
    proc = _run_cli("--data-dir", str(missing_file), "--output", str(tmp_path / "x.csv"))
    assert proc.returncode == 1 and "missing" in proc.stderr and "Traceback" not in proc.stderr

"""`python -m analysis annotate`: round trips through CSV, JSONL and Parquet, and clear one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import LABEL_COLUMNS
from analysis.cli import SUBCOMMANDS, build_parser, main
from tests.test_analysis_labels import ARTICLES, RAT_STUDY, RCT_ESKETAMINE_IV, RCT_NO_DIFFERENCE

ROOT = Path(__file__).resolve().parents[1]
PMIDS = (RCT_ESKETAMINE_IV, RAT_STUDY, RCT_NO_DIFFERENCE)


def _records() -> list[dict]:
    return [{"pmid": pmid, "title": ARTICLES[pmid]["title"], "abstract": ARTICLES[pmid]["abstract"]} for pmid in PMIDS]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def _check_labels(out: pd.DataFrame) -> None:
    assert out["id"].astype(int).tolist() == list(PMIDS)
    assert set(LABEL_COLUMNS) <= set(out.columns)
    by_id = out.set_index(out["id"].astype(int))
    assert by_id.loc[RCT_ESKETAMINE_IV, "design"] == "rct"
    assert by_id.loc[RAT_STUDY, "population"] == "animal"


def test_subcommands_are_a_list_of_entries():
    names = [name for name, *_ in SUBCOMMANDS]
    assert names[:2] == ["annotate", "evaluate"]
    assert build_parser().parse_args(["annotate", "--input", "a.csv", "--output", "b.csv"]).command == "annotate"


def test_csv_in_csv_out_with_lists_as_json_arrays(tmp_path):
    src, dst = tmp_path / "articles.csv", tmp_path / "labels.csv"
    pd.DataFrame(_records()).to_csv(src, index=False)
    result = _run("annotate", "--input", str(src), "--output", str(dst))
    assert result.returncode == 0, result.stderr
    out = pd.read_csv(dst)
    assert list(out.columns) == ["id", *LABEL_COLUMNS]
    _check_labels(out)
    conditions = [json.loads(v) for v in out["conditions"]]
    assert "depression" in conditions[0] and isinstance(conditions[1], list)
    assert json.loads(out.loc[0, "formulation"]) == ["esketamine"]


def test_jsonl_in_jsonl_out_uses_pmid_as_id(tmp_path):
    src, dst = tmp_path / "articles.jsonl", tmp_path / "labels.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _records()), encoding="utf-8")
    assert main(["annotate", "--input", str(src), "--output", str(dst)]) == 0
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == list(PMIDS)
    assert rows[0]["route"] == ["intravenous"] and rows[0]["sample_size"] == 54
    assert rows[1]["sample_size"] is None and rows[1]["human_clinical"] is False
    _check_labels(pd.DataFrame(rows))


def test_parquet_with_store_metadata_columns(tmp_path):
    src, dst = tmp_path / "articles.parquet", tmp_path / "labels.jsonl"
    frame = pd.DataFrame(_records()).rename(columns={"pmid": "id"})
    frame["mesh_terms"] = [np.array(["Humans", "Ketamine"]), np.array(["Animals", "Rats"]), None]
    frame["publication_types"] = [["Randomized Controlled Trial"], ["Journal Article"], []]
    frame["retraction_signals"] = [[], [], ["RetractionIn: Some Journal (PMID 1)"]]
    frame.to_parquet(src)
    assert main(["annotate", "--input", str(src), "--output", str(dst)]) == 0
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["design_evidence"] == "Publication type: Randomized Controlled Trial"
    assert rows[1]["population_evidence"] == "MeSH: Animals"
    assert [r["retracted"] for r in rows] == [False, False, True]


def test_csv_metadata_columns_as_json_arrays(tmp_path):
    src, dst = tmp_path / "articles.csv", tmp_path / "labels.csv"
    frame = pd.DataFrame(_records()[:1])
    frame["publication_types"] = [json.dumps(["Journal Article", "Retracted Publication"])]
    frame.to_csv(src, index=False)
    assert main(["annotate", "--input", str(src), "--output", str(dst)]) == 0
    out = pd.read_csv(dst)
    assert bool(out.loc[0, "retracted"]) is True


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda d: (d / "missing.csv", d / "out.csv"), "not found"),
        (lambda d: ((d / "in.txt").write_text("x") and d / "in.txt", d / "out.csv"), "unsupported input format"),
        (lambda d: ((d / "in.csv").write_text("id,body\n1,text\n") and d / "in.csv", d / "out.csv"), "no 'title' or 'abstract'"),
        (lambda d: ((d / "in.csv").write_text("title,abstract\nA,B\n") and d / "in.csv", d / "out.csv"), "no 'id' or 'pmid'"),
        (lambda d: ((d / "in.jsonl").write_text('{"id": 1, "title": "a"}\n{"id": 2, "title": \n') and d / "in.jsonl", d / "out.jsonl"), "malformed JSON"),
        (lambda d: ((d / "in.csv").write_text("id,title,abstract\n1,A,B\n") and d / "in.csv", d / "out.xlsx"), "unsupported output format"),
        (lambda d: ((d / "in.csv").write_text("id,title,abstract\n1,A,B\n") and d / "in.csv", d / "nodir" / "out.csv"), "does not exist"),
    ],
)
def test_errors_are_one_line_without_traceback(tmp_path, capsys, setup, message):
    src, dst = setup(tmp_path)
    status = main(["annotate", "--input", str(src), "--output", str(dst)])
    err = capsys.readouterr().err
    assert status != 0
    assert err.startswith("error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_error_through_the_module_entry_point(tmp_path):
    result = _run("annotate", "--input", str(tmp_path / "nope.parquet"), "--output", str(tmp_path / "o.csv"))
    assert result.returncode != 0
    assert result.stderr.strip().startswith("error: input file not found")
    assert "Traceback" not in result.stderr


def test_labels_do_not_depend_on_the_hash_seed(tmp_path):
    src = tmp_path / "articles.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _records()), encoding="utf-8")
    outputs = []
    for seed in ("0", "1"):
        dst = tmp_path / f"labels{seed}.jsonl"
        result = subprocess.run(
            [sys.executable, "-m", "analysis", "annotate", "--input", str(src), "--output", str(dst)],
            cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        outputs.append(dst.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]

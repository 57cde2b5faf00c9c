"""`python -m analysis evaluate`: loading the expert format, label mappings, metrics, report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.article_io import InputError
from analysis.evaluate import (
    load_labelled,
    multi_label_metrics,
    participant_bin,
    single_label_metrics,
)
from analysis.cli import main
from tests.test_analysis_labels import (
    ARTICLES,
    CASE_REPORT,
    META_ANALYSIS_PTSD,
    PROTOCOL_IM,
    RAT_STUDY,
    RCT_ESKETAMINE_IV,
    RCT_NO_DIFFERENCE,
)
from tests.pubmed_material import expert_set

ROOT = Path(__file__).resolve().parents[1]

# A small sample in the experts' (PsyNamic) format, labelled by hand for these tests from the
# corpus abstracts above (not from the shared labelled set).  Two records put the abstract in
# the title after a literal "^\n", as the expert file does.
GOLD = {
    RCT_ESKETAMINE_IV: (["Psychiatric condition", "Depression"], "Randomized-controlled trial (RCT)", "Positive", "41-60"),
    PROTOCOL_IM: (["Psychiatric condition", "Depression"], "Study protocol", "Not Applicable", "81-100"),
    META_ANALYSIS_PTSD: (["Psychiatric condition", "Post-traumatic stress disorder (PTSD)"], "Systematic review/meta-analysis", "Positive", "200-499"),
    RCT_NO_DIFFERENCE: (["Healthy Participants"], "Randomized-controlled trial (RCT)", "Neutral", "200-499"),
    RAT_STUDY: (["Depression"], "Other", "Unknown", None),
    CASE_REPORT: (["Psychiatric condition"], "Case report", "Positive", "1-20"),
}


def _write_sample(path: Path) -> Path:
    lines = []
    for i, (pmid, (cond, study, concl, bins)) in enumerate(GOLD.items()):
        art = ARTICLES[pmid]
        rec = {
            "id": pmid,
            "substances": ["Ketamine"],
            "condition": cond,
            "study_type": [study],
            "study_conclusion": [concl],
            "number_of_participants": [bins] if bins else None,
            "is_ketamine": True,
        }
        if i % 2 == 0:
            rec["title"], rec["abstract"] = art["title"] + "^\\n" + art["abstract"], ""
        else:
            rec["title"], rec["abstract"] = art["title"], art["abstract"]
        lines.append(json.dumps(rec))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_loader_splits_title_and_abstract(tmp_path):
    df = load_labelled(_write_sample(tmp_path / "gold.jsonl"))
    first = df.iloc[0]
    assert first["title"] == ARTICLES[RCT_ESKETAMINE_IV]["title"]
    assert first["abstract"] == ARTICLES[RCT_ESKETAMINE_IV]["abstract"]
    assert df.iloc[1]["abstract"] == ARTICLES[PROTOCOL_IM]["abstract"]
    assert bool(first["gold_is_ketamine"]) is True


def test_evaluate_prints_metrics_and_confusion(tmp_path, capsys):
    sample = _write_sample(tmp_path / "gold.jsonl")
    metrics_path = tmp_path / "metrics.json"
    assert main(["evaluate", "--labelled", str(sample), "--json", str(metrics_path)]) == 0
    out = capsys.readouterr().out
    for text in ("condition micro-F1", "study type weighted F1", "conclusion weighted F1",
                 "participant-bin weighted F1", "confusion (rows: expert, columns: ours)", "[ketamine]"):
        assert text in out
    metrics = json.loads(metrics_path.read_text())
    study = metrics["all"]["study_type"]
    assert study["n"] == len(GOLD)
    assert study["confusion"]["rct"]["rct"] == 2  # both trials recognised
    assert study["confusion"]["protocol"]["protocol"] == 1
    assert study["accuracy"] >= 5 / 6  # the rat study is "Other" for the experts, preclinical -> other for us
    cond = metrics["all"]["condition"]
    assert cond["per_class"]["depression"]["support"] == 3
    assert cond["per_class"]["ptsd"]["recall"] == 1.0
    # the rat study has no participant bin: it is left out of that task
    assert metrics["all"]["participants"]["n"] == len(GOLD) - 1
    # "Unknown" conclusion is folded into not_applicable
    assert "Unknown" not in metrics["all"]["conclusion"]["labels"]


def test_evaluate_module_entry_point(tmp_path):
    sample = _write_sample(tmp_path / "gold.jsonl")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "evaluate", "--labelled", str(sample)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "study type weighted F1" in result.stdout


def test_evaluate_errors(tmp_path, capsys):
    assert main(["evaluate", "--labelled", str(tmp_path / "none.jsonl")]) != 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "x"}\nnot json\n')
    assert main(["evaluate", "--labelled", str(bad)]) != 0
    err = capsys.readouterr().err
    assert "labelled file not found" in err and "malformed JSON" in err and "Traceback" not in err
    with pytest.raises(InputError):
        load_labelled(tmp_path / "gold.csv")


def test_single_label_metrics_by_hand():
    pairs = [("a", "a"), ("a", "b"), ("b", "b"), ("c", "b")]
    m = single_label_metrics(pairs)
    assert m["accuracy"] == 0.5
    # a: P 1, R 1/2, F 2/3; b: P 1/3, R 1, F 1/2; c: F 0
    assert m["per_class"]["a"]["f1"] == pytest.approx(2 / 3)
    assert m["per_class"]["b"]["f1"] == pytest.approx(1 / 2)
    assert m["macro_f1"] == pytest.approx((2 / 3 + 1 / 2 + 0) / 3)
    assert m["weighted_f1"] == pytest.approx((2 / 3 * 2 + 1 / 2 * 1 + 0) / 4)
    assert m["confusion"]["c"] == {"b": 1}


def test_multi_label_metrics_by_hand():
    pairs = [({"depression"}, {"depression"}), ({"depression", "anxiety"}, {"depression"}), (set(), {"pain"})]
    m = multi_label_metrics(pairs)
    # tp 2, fp 1, fn 1 -> micro F1 = 4 / (4 + 2)
    assert m["micro_f1"] == pytest.approx(4 / 6)
    assert m["accuracy"] == pytest.approx(1 / 3)
    assert m["confusion"]["anxiety"] == {"fn": 1, "tn": 2}


@pytest.mark.parametrize(
    "n, basis, design, expected",
    [
        (1, "case", "case_report", "1-20"),
        (20, "enrolled", "rct", "1-20"),
        (21, "randomised", "rct", "21-40"),
        (100, "enrolled", "rct", "81-100"),
        (101, "enrolled", "rct", "100-199"),
        (1000, "included_participants", "systematic_review", "≥1000"),
        (None, None, "rct", "Unknown"),
        (None, None, "systematic_review", "Not applicable"),
        (12, "included_studies", "systematic_review", "Not applicable"),
    ],
)
def test_participant_bins(n, basis, design, expected):
    assert participant_bin(n, basis, design) == expected


def test_readme_and_about_tab_quote_the_figures_the_expert_set_gives_now():
    """The agreement with experts that users read (README table, dashboard About tab) is what
    `evaluate` measures today: a rule change that moves a figure must change the text too."""
    from analysis.evaluate import evaluate_frame

    res = evaluate_frame(load_labelled(expert_set("psynamic_dev")))

    def fig(subset: str, task: str, metric: str = "weighted_f1") -> str:
        return f"{res[subset][task][metric]:.2f}"

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {"| condition (": ("condition", "micro_f1"), "| study type (": ("study_type", "weighted_f1"),
            "| conclusion (": ("conclusion", "weighted_f1"),
            "| conclusion, our label": ("conclusion_as_labelled", "weighted_f1"),
            "| sample size": ("participants", "weighted_f1")}
    for start, (task, metric) in rows.items():
        row = next(line for line in readme.splitlines() if line.startswith(start))
        assert row.split("|")[-3:-1] == [f" {fig('all', task, metric)} ",
                                         f" {fig('ketamine', task, metric)} "], row
    assert f"(accuracy {fig('ketamine', 'study_type', 'accuracy')})" in readme
    assert f"({fig('ketamine', 'conclusion_as_labelled', 'accuracy')};" in readme

    from dashboard_page import ABOUT_LABELS

    about = " ".join(ABOUT_LABELS.split())
    assert (f"condition {fig('ketamine', 'condition', 'micro_f1')}, study type "
            f"{fig('ketamine', 'study_type')}, conclusion {fig('ketamine', 'conclusion_as_labelled')} "
            f"({fig('ketamine', 'conclusion')} when") in about
    assert f"sample size band {fig('ketamine', 'participants')}" in about

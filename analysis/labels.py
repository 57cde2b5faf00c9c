"""Label every article of a table: one pass per article, every label with its evidence.

`label_articles` is the single entry point used by the store, the dashboard and the CLI, so the
labels a user sees are the labels `python -m analysis annotate` writes.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

import pandas as pd

from analysis import vocabulary as V
from analysis.columns import LABEL_COLUMNS, LIST_LABEL_COLUMNS, NESTED_LABEL_COLUMNS
from analysis.conclusion import label_conclusion
from analysis.conditions import label_conditions
from analysis.design import label_design
from analysis.findings import label_findings
from analysis.intervention import label_comparator, label_formulation, label_is_ketamine, label_route
from analysis.outcomes import label_outcomes
from analysis.patterns import join_evidence, metadata_item
from analysis.population import label_population
from analysis.registry import label_registry_ids
from analysis.report_type import label_report_type
from analysis.sample_size import label_sample_size
from analysis.text import Doc, build_doc
from analysis.trials import assign_trial_keys

# Store column names the analysis reads (fetch/schema.py), besides title and abstract.
METADATA_COLUMNS = ("mesh_terms", "mesh_major_terms", "publication_types", "keywords", "retraction_signals",
                    "databank_accessions")

_RETRACTED_TITLE = re.compile(V.RETRACTED_TITLE, re.I)
_RETRACTED_TYPES = frozenset(t.lower() for t in V.RETRACTED_PUBLICATION_TYPES)


def label_retracted(doc: Doc) -> tuple[bool, str]:
    """Retracted when the store recorded a retraction signal, the type says so, or the title does."""
    if doc.retraction_signals:
        return True, join_evidence(doc.retraction_signals)
    for pt in doc.publication_types:
        if pt.lower() in _RETRACTED_TYPES:
            return True, metadata_item("Publication type", pt)
    if doc.title and _RETRACTED_TITLE.search(doc.norm_title):
        return True, doc.title
    return False, ""


def label_doc(doc: Doc, databank: Iterable[str] | None = None) -> dict[str, Any]:
    """All labels of one parsed article, as a dict of LABEL_COLUMNS names (databank: its DataBankList items)."""
    out: dict[str, Any] = {}
    out["is_ketamine"], out["is_ketamine_evidence"] = label_is_ketamine(doc)
    out["population"], out["population_evidence"] = label_population(doc)
    out["design"], out["design_evidence"] = label_design(doc, out["population"])
    out["report_type"], out["report_type_evidence"] = label_report_type(
        doc, out["design"], out["design_evidence"], out["population"], out["population_evidence"])
    out["registry_ids"], out["registry_ids_evidence"] = label_registry_ids(doc, databank, out["report_type"])
    out["trial_key"] = None  # needs the other publications: label_articles sets it (analysis.trials)
    out["conditions"], out["conditions_evidence"] = label_conditions(doc)
    out["formulation"], out["formulation_evidence"] = label_formulation(doc)
    out["route"], out["route_evidence"] = label_route(doc)
    out["comparator"], out["comparator_evidence"] = label_comparator(doc)
    n, basis, ev = label_sample_size(doc, out["design"])
    out["sample_size"], out["sample_size_basis"], out["sample_size_evidence"] = n, basis or None, ev
    out["conclusion"], out["conclusion_evidence"] = label_conclusion(
        doc, out["design"], out["population"], out["conditions"]
    )
    out["findings"], out["findings_evidence"] = label_findings(doc, out["is_ketamine"])
    (out["response_rates"], out["remission_rates"], out["effect_estimates"], out["outcomes_evidence"]) = label_outcomes(doc)
    out["retracted"], out["retracted_evidence"] = label_retracted(doc)
    out["human_clinical"] = out["population"] == "human" and out["design"] != "preclinical"
    return out


def label_text(title: str, abstract: str = "", **metadata: Any) -> dict[str, Any]:
    """Labels for one article given as plain values (handy in notebooks and tests)."""
    return label_doc(build_doc(title, abstract, **_metadata_kwargs(metadata)), metadata.get("databank_accessions"))


def _metadata_kwargs(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "mesh": values.get("mesh_terms"),
        "mesh_major": values.get("mesh_major_terms"),
        "publication_types": values.get("publication_types"),
        "keywords": values.get("keywords"),
        "retraction_signals": values.get("retraction_signals"),
    }


def _column(df: pd.DataFrame, name: str) -> Iterable[Any]:
    if name in df.columns:
        return df[name].tolist()
    return [None] * len(df)


def label_articles(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of the article table with every label column (and its evidence) added."""
    columns = {name: _column(df, name) for name in ("title", "abstract") + METADATA_COLUMNS}
    rows = []
    for i in range(len(df)):
        doc = build_doc(
            columns["title"][i],
            columns["abstract"][i],
            mesh=columns["mesh_terms"][i],
            mesh_major=columns["mesh_major_terms"][i],
            publication_types=columns["publication_types"][i],
            keywords=columns["keywords"][i],
            retraction_signals=columns["retraction_signals"][i],
        )
        rows.append(label_doc(doc, columns["databank_accessions"][i]))
    out = df.copy()
    for name, (dtype, _) in LABEL_COLUMNS.items():
        values = [r[name] for r in rows]
        if name in LIST_LABEL_COLUMNS or name in NESTED_LABEL_COLUMNS:
            out[name] = pd.Series(values, index=df.index, dtype="object")
        elif dtype == "Int64":
            out[name] = pd.array(values, dtype="Int64")
        elif dtype == "bool":
            out[name] = pd.array(values, dtype="bool")
        else:
            out[name] = pd.array(values, dtype="string")
    out["trial_key"] = assign_trial_keys(out)  # publications sharing a registration are one trial
    return out

"""Trials, not only publications: group an article table by registration, link it to registrations.

Pure functions over whole tables (a publication's trial depends on the other publications):
- `assign_trial_keys`: publications sharing a registration number are one trial (union-find
  over shared numbers); a publication without one is its own trial ("pmid:<pmid>").
  `refresh_trial_keys` recomputes them over a whole table after a partial relabel.
- `link_registrations`: publications <-> ClinicalTrials.gov registrations, both ways.
(Counting trials for the dashboard is analysis/trial_summary.py's.)

Conservative by design, since a wrong merge hides a trial:
- nothing is merged on title similarity, authors or anything but a shared registration number;
- reviews and preclinical work (report_type not_applicable) name trials they discuss, not trials
  they report: they never join a trial and always keep their own key;
- a publication naming several numbers of the same registry (a pooled analysis of TRANSFORM-1,
  -2 and -3, a paper reporting two studies) belongs to several trials and does not merge them:
  it joins the one of them that other publications report most (ties: the smallest key).  Numbers of different registries in one publication
  (NCT + EudraCT) are one trial registered twice, and are merged.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.registry import registry_of
from analysis.text import as_str_list

NOT_A_TRIAL_REPORT = "not_applicable"


def _key_order(registry_id: str) -> tuple[bool, str]:
    """Sort key: ClinicalTrials.gov numbers first, then any other number, each alphabetically."""
    return (not registry_id.startswith("NCT"), registry_id)


def trial_ids(registry_ids: Any, report_type: Any = None) -> list[str]:
    """The numbers that tie a publication to trials: none for a review or preclinical work."""
    if isinstance(report_type, str) and report_type == NOT_A_TRIAL_REPORT:
        return []
    return [i for i in as_str_list(registry_ids) if registry_of(i) is not None]


def _bridges(ids: list[str]) -> bool:
    """Whether a publication's numbers are one trial: at most one number per registry."""
    registries = [registry_of(i) for i in ids]
    return len(registries) == len(set(registries))


def _find(parent: dict[str, str], item: str) -> str:
    root = item
    while parent[root] != root:
        root = parent[root]
    while parent[item] != root:  # path compression
        parent[item], item = root, parent[item]
    return root


def _union(parent: dict[str, str], a: str, b: str) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        # the root is the group's key candidate: keep the smaller one on top
        low, high = sorted((ra, rb), key=_key_order)
        parent[high] = low


def _column(df: pd.DataFrame, name: str) -> list:
    return df[name].tolist() if name in df.columns else [None] * len(df)


def assign_trial_keys(articles: pd.DataFrame) -> pd.Series:
    """The trial each publication belongs to: its smallest registration number's group, else "pmid:<pmid>".

    A group's key is its smallest NCT number, else its smallest number.  Rows without any
    number and without a pmid get <NA>.
    """
    ids_per_row = [trial_ids(ids, rt) for ids, rt in
                   zip(_column(articles, "registry_ids"), _column(articles, "report_type"))]
    parent: dict[str, str] = {}
    for ids in ids_per_row:
        for i in ids:
            parent.setdefault(i, i)
    for ids in ids_per_row:  # the groups do not depend on the order: each root is its group's smallest key
        if len(ids) > 1 and _bridges(ids):
            for other in ids[1:]:
                _union(parent, ids[0], other)
    # publications that tie each group together (one number, or one per registry)
    members: dict[str, int] = {}
    for ids in ids_per_row:
        if ids and _bridges(ids):
            root = _find(parent, ids[0])
            members[root] = members.get(root, 0) + 1
    keys: list[Any] = []
    for ids, pmid in zip(ids_per_row, _column(articles, "pmid")):
        if ids:
            # several trials named: the one other publications report most, then the smallest key
            roots = {_find(parent, i) for i in ids}
            keys.append(min(roots, key=lambda r: (-members.get(r, 0), *_key_order(r))))
        elif pmid is not None and not pd.isna(pmid):
            keys.append(f"pmid:{int(pmid)}")
        else:
            keys.append(pd.NA)
    return pd.Series(pd.array(keys, dtype="string"), index=articles.index, name="trial_key")


def refresh_trial_keys(articles: pd.DataFrame) -> pd.DataFrame:
    """The table with trial_key recomputed over all of it, for stores that relabel only changed records.

    A publication added in an incremental refresh can join (or bridge) trials of publications
    labelled earlier; their keys change although their own labels did not.  Tables without
    registry_ids (not labelled by analysis.labels) are returned unchanged.
    """
    if "registry_ids" not in articles.columns:
        return articles
    out = articles.copy()
    out["trial_key"] = assign_trial_keys(out)
    return out


def _int_list(value: Any) -> list[int]:
    out = []
    for v in as_str_list(value):
        try:
            out.append(int(float(v)))
        except ValueError:
            continue
    return out


def link_registrations(articles: pd.DataFrame, registrations: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Copies of both tables linked both ways: registrations get `linked_pmids`, articles `linked_nct_ids`.

    A publication is linked to a registration when its registry_ids name the NCT number (reviews
    and preclinical work excepted: they name trials they discuss) or when the registration lists
    its PMID among its references.  Only registrations and PMIDs present in the tables are linked.
    """
    articles = articles.copy()
    registrations = registrations.copy()
    nct_ids = [str(n) for n in _column(registrations, "nct_id") if isinstance(n, str) and n]
    known_nct = set(nct_ids)
    pmids = [int(p) for p in _column(articles, "pmid") if p is not None and not pd.isna(p)]
    known_pmids = set(pmids)
    by_nct: dict[str, set[int]] = {n: set() for n in nct_ids}
    by_pmid: dict[int, set[str]] = {p: set() for p in pmids}
    for pmid, ids, rt in zip(_column(articles, "pmid"), _column(articles, "registry_ids"),
                             _column(articles, "report_type")):
        if pmid is None or pd.isna(pmid):
            continue
        for nct in trial_ids(ids, rt):
            if nct in known_nct:
                by_nct[nct].add(int(pmid))
                by_pmid[int(pmid)].add(nct)
    for nct, refs in zip(_column(registrations, "nct_id"), _column(registrations, "reference_pmids")):
        if nct not in known_nct:
            continue
        for pmid in _int_list(refs):
            if pmid in known_pmids:
                by_nct[nct].add(pmid)
                by_pmid[pmid].add(nct)
    registrations["linked_pmids"] = pd.Series(
        [sorted(by_nct.get(n, ())) if isinstance(n, str) else [] for n in _column(registrations, "nct_id")],
        index=registrations.index, dtype="object")
    articles["linked_nct_ids"] = pd.Series(
        [sorted(by_pmid.get(int(p), ())) if p is not None and not pd.isna(p) else [] for p in _column(articles, "pmid")],
        index=articles.index, dtype="object")
    return articles, registrations

"""What the dashboard's Outcomes view shows, computed from the labelled frame: findings counted by
condition and direction, stated effect estimates, and ketamine-vs-comparator response and
remission rates.

The dashboard only lays these out.  Conventions:

* Only **human clinical** studies count.  A finding counts in "Findings by condition and
  direction" when it compares arms: its `comparison` is not "pre vs post" (a single arm's change
  from baseline), and the study has a comparator label other than none_unclear or the finding
  names its comparison.
* A study labelled with several conditions counts (with its findings, rates and estimates) under
  each of them; a study with no condition under "unlabelled".
* Efficacy and safety domains are counted apart (safety: analysis.vocabulary.SAFETY_DOMAINS).
  `favours` carries the domain's sense: fewer adverse events with ketamine favour ketamine.
* Nothing is pooled: every number is a value written in an abstract, with its sentence.
* Rates are paired only within one sentence at one time point: a ketamine arm and a named
  comparator arm of the same study, kind (response or remission) and time point.

The per-store frames (`outcome_frames`) are built once per store version and carry `row`, the
study's position in the labelled frame, so a filter change only cuts them with its row mask.
A store written before the findings existed simply has none (every frame empty).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from analysis import vocabulary as V
from analysis.filters import CONDITIONS, display
from analysis.outcomes import effect_text, float_or_nan

NO_CONDITION = "unlabelled"  # the same bucket as analysis.summary.NO_CONDITION
CONDITION_CATEGORIES = (*CONDITIONS, NO_CONDITION)
FINDING_DOMAINS = tuple(V.FINDING_DOMAINS)
SAFETY_DOMAINS = tuple(V.SAFETY_DOMAINS)
EFFICACY_DOMAINS = tuple(d for d in FINDING_DOMAINS if d not in SAFETY_DOMAINS)
FAVOURS = ("ketamine", "neither", "comparator")  # the order bars stack and tables read
FAVOURS_DISPLAY = {"ketamine": "Favours ketamine", "neither": "No significant difference",
                   "comparator": "Favours comparator"}
PRE_POST = "pre vs post"
NO_COMPARATOR = "none_unclear"
# Ratio measures are drawn on a log axis (no effect = 1); the rest on a linear one (no effect = 0).
RATIO_MEASURES = tuple(V.RATIO_MEASURES)
# Numbers needed to treat/harm have no "no effect" value on either axis: drawn with neither line.
NO_REFERENCE_MEASURES = ("NNT", "NNH")
RATE_KINDS = ("response", "remission")
_KETAMINE_ARM = re.compile(V.KETAMINE_ARM, re.I)
# A comparator arm must be named as one (placebo, midazolam, saline, ECT, control group ...): an
# arm named otherwise ("low-dose group") is not paired, so a dose comparison is never read as
# ketamine against a comparator.
_COMPARATOR_ARM = re.compile(V.COMPARATOR_ARM, re.I)
DOMAIN_DISPLAY = {
    "depressive_symptoms": "Depressive symptoms", "suicidality": "Suicidality",
    "anxiety": "Anxiety", "ptsd_symptoms": "PTSD symptoms", "ocd_symptoms": "OCD symptoms",
    "pain_intensity": "Pain intensity", "analgesic_use": "Analgesic use",
    "dissociation_psychotomimetic": "Dissociation / psychotomimetic effects",
    "cognition": "Cognition", "haemodynamic": "Haemodynamic effects",
    "adverse_events": "Adverse events", "other": "Other outcomes",
}

FINDING_COLUMNS = ("row", "pmid", "title", "condition", "domain", "safety", "outcome", "instrument",
                   "comparison", "direction", "favours", "timepoint", "timepoint_hours", "p_value",
                   "effect_measure", "effect_value", "effect_ci_low", "effect_ci_high", "sentence")
EFFECT_COLUMNS = ("row", "pmid", "title", "condition", "measure", "value", "ci_low", "ci_high",
                  "outcome", "timepoint", "ratio", "sentence")
RATE_COLUMNS = ("row", "pmid", "title", "condition", "kind", "arm", "is_ketamine_arm",
                "is_comparator_arm", "percent", "count", "timepoint", "sentence")
PAIR_COLUMNS = ("row", "pmid", "title", "condition", "kind", "timepoint", "ketamine_arm",
                "ketamine_percent", "comparator_arm", "comparator_percent", "sentence")


# -- reading the label cells ---------------------------------------------------------------
def items(cell: object) -> list[dict]:
    """A nested label cell as a list of dicts: lists/arrays from Parquet, JSON text from CSV,
    missing (a store written before the column existed) as []."""
    if cell is None or cell is pd.NA:
        return []
    if isinstance(cell, float):  # NaN
        return []
    if isinstance(cell, str):
        text = cell.strip()
        if not text.startswith("["):
            return []
        try:
            cell = json.loads(text)
        except ValueError:
            return []
    if isinstance(cell, (list, tuple, np.ndarray)):
        return [x for x in cell if isinstance(x, dict)]
    return []


def _cells(df: pd.DataFrame, column: str) -> list:
    return df[column].tolist() if column in df.columns else [None] * len(df)


def _text(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _condition_lists(df: pd.DataFrame) -> list[list[str]]:
    return [list(c) if isinstance(c, (list, tuple, np.ndarray)) and len(c) else [NO_CONDITION]
            for c in _cells(df, "conditions")]


def _human_clinical(df: pd.DataFrame) -> np.ndarray:
    if "human_clinical" not in df.columns:
        return np.zeros(len(df), dtype=bool)
    return df["human_clinical"].fillna(False).astype(bool).to_numpy()


def _frame(records: list[tuple], columns: tuple[str, ...], conditions: list[list[str]]) -> pd.DataFrame:
    """Records (one per study item, its first field the study's row) exploded per condition."""
    # Text as plain object columns: a filter's cut takes rows from numpy arrays, several times
    # cheaper than from Arrow-backed strings.
    frame = pd.DataFrame.from_records(records, columns=[c for c in columns if c != "condition"])
    frame = frame.astype({c: object for c in frame.columns
                          if isinstance(frame[c].dtype, pd.StringDtype) or frame[c].dtype == object})
    if frame.empty:
        out = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        out["row"] = out["row"].astype("int64")
        out["condition"] = pd.Categorical([], categories=CONDITION_CATEGORIES)
        out["first"] = pd.Series(dtype=bool)
        out["item"] = pd.Series(dtype="int64")
        return out
    rows = frame["row"].to_numpy(dtype=np.int64)
    lengths = np.fromiter((len(conditions[r]) for r in rows), dtype=np.int64, count=len(rows))
    take = np.repeat(np.arange(len(frame)), lengths)
    out = frame.iloc[take].reset_index(drop=True)
    labels = [c for r in rows for c in conditions[r]]
    out.insert(columns.index("condition"), "condition",
               pd.Categorical(labels, categories=_categories(labels)))
    first = np.ones(len(out), dtype=bool)  # the first condition's copy of each item
    first[1:] = take[1:] != take[:-1]
    out["first"] = first
    out["item"] = take  # which study item a row copies (one per condition)
    return out


def _categories(labels: Iterable[str]) -> list[str]:
    known = set(CONDITION_CATEGORIES)
    return [*CONDITION_CATEGORIES, *sorted({c for c in labels if c not in known})]


# -- the per-store frames --------------------------------------------------------------------
def findings_long(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (comparative finding of a human clinical study, condition); see the module
    docstring for which findings count."""
    clinical = _human_clinical(df)
    comparators = _cells(df, "comparator")
    pmids, titles = _cells(df, "pmid"), _cells(df, "title")
    records = []
    for row, cell in enumerate(_cells(df, "findings")):
        if not clinical[row]:
            continue
        found = items(cell)
        if not found:
            continue
        has_comparator = (_text(comparators[row]) or NO_COMPARATOR) != NO_COMPARATOR
        for f in found:
            comparison = _text(f.get("comparison"))
            if comparison is not None and comparison.lower() == PRE_POST:
                continue
            if not has_comparator and comparison is None:
                continue
            favours = _text(f.get("favours"))
            if favours not in FAVOURS:
                continue
            domain = _text(f.get("domain")) or "other"
            effect = f.get("effect") if isinstance(f.get("effect"), dict) else {}
            records.append((
                row, int(pmids[row]), _text(titles[row]) or "(no title)", domain,
                domain in SAFETY_DOMAINS, _text(f.get("outcome")), _text(f.get("instrument")),
                comparison, _text(f.get("direction")), favours, _text(f.get("timepoint")),
                float_or_nan(f.get("timepoint_hours")), _text(f.get("p_value")),
                _text(effect.get("measure")), float_or_nan(effect.get("value")),
                float_or_nan(effect.get("ci_low")), float_or_nan(effect.get("ci_high")),
                _text(f.get("sentence")) or ""))
    return _frame(records, FINDING_COLUMNS, _condition_lists(df))


def is_ratio(measure: object) -> bool:
    """True for a ratio measure (OR, RR, HR, IRR, adjusted ones too), drawn on a log axis."""
    text = _text(measure)
    if text is None:
        return False
    core = re.sub(r"^(?:adjusted\s+|a(?=[A-Z]))", "", text.strip()).upper()
    return core in RATIO_MEASURES


def effects_long(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (stated effect estimate of a human clinical study, condition)."""
    clinical = _human_clinical(df)
    pmids, titles = _cells(df, "pmid"), _cells(df, "title")
    records = []
    for row, cell in enumerate(_cells(df, "effect_estimates")):
        if not clinical[row]:
            continue
        for e in items(cell):
            value = float_or_nan(e.get("value"))
            measure = _text(e.get("measure"))
            if measure is None or value != value:
                continue
            ratio = is_ratio(measure)
            low, high = float_or_nan(e.get("ci_low")), float_or_nan(e.get("ci_high"))
            if ratio and (value <= 0 or (low == low and low <= 0)):
                continue  # a ratio cannot be drawn on a log axis at or below 0 (and is misread)
            records.append((row, int(pmids[row]), _text(titles[row]) or "(no title)", measure,
                            value, low, high, _text(e.get("outcome")), _text(e.get("timepoint")),
                            ratio, _text(e.get("sentence")) or ""))
    out = _frame(records, EFFECT_COLUMNS, _condition_lists(df))
    out["ratio"] = out["ratio"].astype(bool)
    for column in ("value", "ci_low", "ci_high"):
        out[column] = out[column].astype(float)
    return out


def is_ketamine_arm(arm: object) -> bool:
    """True when an arm's name, as written, names ketamine (esketamine, arketamine, ESK ...)."""
    text = _text(arm)
    return bool(text and _KETAMINE_ARM.search(text))


def is_comparator_arm(arm: object) -> bool:
    """True when an arm's name, as written, names a comparator and not ketamine."""
    text = _text(arm)
    return bool(text and _COMPARATOR_ARM.search(text) and not _KETAMINE_ARM.search(text))


def rates_long(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (stated response or remission rate of a human clinical study, condition)."""
    clinical = _human_clinical(df)
    pmids, titles = _cells(df, "pmid"), _cells(df, "title")
    records = []
    for kind, column in (("response", "response_rates"), ("remission", "remission_rates")):
        for row, cell in enumerate(_cells(df, column)):
            if not clinical[row]:
                continue
            for r in items(cell):
                percent = float_or_nan(r.get("percent"))
                if percent != percent:
                    continue
                arm = _text(r.get("arm"))
                count = r.get("count")
                records.append((row, int(pmids[row]), _text(titles[row]) or "(no title)", kind,
                                arm, is_ketamine_arm(arm), is_comparator_arm(arm), percent,
                                None if count is None or float_or_nan(count) != float_or_nan(count) else int(count),
                                _text(r.get("timepoint")), _text(r.get("sentence")) or ""))
    records.sort(key=lambda r: (r[0], RATE_KINDS.index(r[3])))
    out = _frame(records, RATE_COLUMNS, _condition_lists(df))
    out["is_ketamine_arm"] = out["is_ketamine_arm"].astype(bool)
    out["is_comparator_arm"] = out["is_comparator_arm"].astype(bool)
    out["percent"] = out["percent"].astype(float)
    out["count"] = out["count"].astype("Int64")
    return out


def rate_pairs(rates: pd.DataFrame) -> pd.DataFrame:
    """Ketamine arm vs comparator arm, one row per pair: both arms named, same study, kind,
    sentence and time point.  A dose-finding sentence (two ketamine arms) pairs each with the
    comparator; a sentence without an arm named as a comparator gives no pair."""
    if rates.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in PAIR_COLUMNS}).astype(
            {"row": "int64", "ketamine_percent": float, "comparator_percent": float})
        empty["condition"] = pd.Categorical([], categories=CONDITION_CATEGORIES)
        return empty.assign(item=pd.Series(dtype="int64"), first=pd.Series(dtype=bool))
    named = rates[rates["arm"].notna()]
    keys = ["row", "condition", "kind", "sentence", "timepoint"]
    ket = named[named["is_ketamine_arm"]]
    com = named[named["is_comparator_arm"]]
    pairs = _merge_pairs(ket, com, keys)
    out = pd.DataFrame({
        "row": pairs["row"].astype("int64").to_numpy(),
        "pmid": pairs["pmid"].to_numpy(),
        "title": pairs["title"].to_numpy(),
        "condition": pd.Categorical(pairs["condition"].astype(str).tolist(),
                                    categories=rates["condition"].cat.categories),
        "kind": pairs["kind"].to_numpy(),
        "timepoint": pairs["timepoint"].replace("", None).to_numpy(),
        "ketamine_arm": pairs["arm_k"].to_numpy(),
        "ketamine_percent": pairs["percent_k"].astype(float).to_numpy(),
        "comparator_arm": pairs["arm_c"].to_numpy(),
        "comparator_percent": pairs["percent_c"].astype(float).to_numpy(),
        "sentence": pairs["sentence"].to_numpy(),
    }, columns=list(PAIR_COLUMNS))
    out = out.drop_duplicates(["row", "condition", "kind", "timepoint", "ketamine_arm",
                               "ketamine_percent", "comparator_arm", "comparator_percent"],
                              ignore_index=True)
    item = out.groupby(["row", "kind", "timepoint", "ketamine_arm", "ketamine_percent",
                        "comparator_arm", "comparator_percent"], dropna=False, sort=False).ngroup()
    return out.assign(item=item.to_numpy(dtype=np.int64), first=~item.duplicated().to_numpy())


def _merge_pairs(ket: pd.DataFrame, com: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Ketamine rows joined to comparator rows on `keys` (a missing time point matches a missing one)."""
    left = ket.assign(condition=ket["condition"].astype(str), timepoint=ket["timepoint"].fillna(""))
    right = com.assign(condition=com["condition"].astype(str), timepoint=com["timepoint"].fillna(""))
    return left.merge(right[keys + ["arm", "percent"]], on=keys, suffixes=("_k", "_c"))


@dataclass
class OutcomeFrames:
    """Every outcome item of a store (or of a filter's cut of it), one row per condition."""

    findings: pd.DataFrame
    effects: pd.DataFrame
    rates: pd.DataFrame
    pairs: pd.DataFrame

    def cut(self, mask: np.ndarray, conditions: Iterable[str] = ()) -> "OutcomeFrames":
        """The items of the studies a row mask keeps (a filter change costs only this); with
        `conditions` (the condition filter) only their rows, as the overview shows only the
        chosen conditions, not the other conditions of the studies it keeps."""
        chosen = list(conditions)

        def keep(frame: pd.DataFrame) -> pd.DataFrame:
            if not len(frame):
                return frame
            rows = mask[frame["row"].to_numpy(dtype=np.int64)]
            if chosen:
                rows &= frame["condition"].isin(chosen).to_numpy(dtype=bool)
                frame = frame[rows]
                if "item" in frame:  # an item's first kept copy counts it once
                    return frame.assign(first=~frame["item"].duplicated().to_numpy())
                return frame
            return frame[rows]
        return OutcomeFrames(keep(self.findings), keep(self.effects), keep(self.rates),
                             keep(self.pairs))


def outcome_frames(df: pd.DataFrame) -> OutcomeFrames:
    """The per-store frames (built once per store version; see OutcomeFrames.cut)."""
    rates = rates_long(df)
    return OutcomeFrames(findings_long(df), effects_long(df), rates, rate_pairs(rates))


def has_outcome_columns(df: pd.DataFrame) -> bool:
    """True when the store carries the findings columns (a snapshot written before them does not)."""
    return "findings" in df.columns


# -- counts -------------------------------------------------------------------------------
def _counts(groups: np.ndarray, rows: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(items, distinct studies) per group code 0..size-1, vectorised (a filter change is cheap)."""
    groups, rows = groups.astype(np.int64), rows.astype(np.int64)
    items_ = np.bincount(groups, minlength=size)
    if not len(rows):
        return items_, np.zeros(size, dtype=np.int64)
    keys = pd.unique(groups * (int(rows.max()) + 1) + rows)
    studies = np.bincount(keys // (int(rows.max()) + 1), minlength=size)
    return items_, studies


def _part(findings: pd.DataFrame, safety: bool, domain: str | None = None) -> pd.DataFrame:
    """The counted columns of the efficacy (or safety, or one domain's) findings."""
    if not len(findings):
        return findings
    keep = findings["safety"].to_numpy(dtype=bool) == safety
    if domain is not None:
        keep &= findings["domain"].to_numpy() == domain
    return findings[["row", "condition", "domain", "favours", "first"]][keep]


def favour_counts(findings: pd.DataFrame, safety: bool = False,
                  domain: str | None = None) -> pd.DataFrame:
    """Findings (and the studies reporting them) per condition × favours, for the efficacy
    domains (or the safety ones, or one domain).  Conditions in label order, only those with a
    finding; favours in FAVOURS order, a zero where there is none."""
    part = _part(findings, safety, domain)
    categorical = isinstance(findings["condition"].dtype, pd.CategoricalDtype) \
        if "condition" in findings else False
    categories = list(findings["condition"].cat.categories) if categorical \
        else list(CONDITION_CATEGORIES)
    codes = part["condition"].cat.codes.to_numpy() if len(part) else None
    return _favour_table("condition", categories, part, codes)


def domain_counts(findings: pd.DataFrame, safety: bool = False) -> pd.DataFrame:
    """Findings (and studies) per domain × favours; each finding counts once, whatever the
    number of its study's conditions.  Domains with no finding are left out."""
    part = _part(findings, safety)
    if len(part):
        part = part[part["first"].to_numpy(dtype=bool)]
    order = list(SAFETY_DOMAINS if safety else EFFICACY_DOMAINS)
    extra = sorted(set(part["domain"].tolist()) - set(order) - set(FINDING_DOMAINS)) if len(part) else []
    order += extra if not safety else []
    codes = pd.Categorical(part["domain"].to_numpy(), categories=order).codes if len(part) else None
    return _favour_table("domain", order, part, codes)


def _favour_table(column: str, labels: list[str], part: pd.DataFrame, codes: np.ndarray | None) -> pd.DataFrame:
    """Findings (and distinct studies) per label × favours from each finding's label code (-1: not
    counted); the labels with no finding are left out, favours in FAVOURS order."""
    size = len(labels) * len(FAVOURS)
    if len(part):
        ok = codes >= 0
        favours = pd.Categorical(part["favours"].to_numpy(), categories=FAVOURS).codes
        counted, studies = _counts((codes.astype(np.int64) * len(FAVOURS) + favours)[ok],
                                   part["row"].to_numpy()[ok], size)
    else:
        counted = studies = np.zeros(size, dtype=np.int64)
    counted = counted.reshape(len(labels), len(FAVOURS))
    studies = studies.reshape(len(labels), len(FAVOURS))
    shown = [i for i in range(len(labels)) if counted[i].sum()]
    return pd.DataFrame({
        column: [labels[i] for i in shown for _ in FAVOURS],
        "favours": [f for _ in shown for f in FAVOURS],
        "findings": counted[shown].reshape(-1).astype("int64"),
        "studies": studies[shown].reshape(-1).astype("int64"),
    })


def domains_present(findings: pd.DataFrame, safety: bool = False) -> list[str]:
    """The domains with at least one finding, in vocabulary order (for the domain selector)."""
    if not len(findings):
        return []
    keep = findings["safety"].to_numpy(dtype=bool) == safety
    present = set(pd.unique(findings["domain"].to_numpy()[keep]).tolist())
    return [d for d in (SAFETY_DOMAINS if safety else EFFICACY_DOMAINS) if d in present]


def studies_counted(frame: pd.DataFrame) -> int:
    """Distinct studies behind a long frame (a study with two conditions is one study)."""
    return int(frame["row"].nunique()) if len(frame) else 0


# -- what the Outcomes view shows -----------------------------------------------------------
def _newest_by_condition(frame: pd.DataFrame, keep: np.ndarray | None, order: list[str],
                         limit: int | None) -> pd.DataFrame:
    """The kept rows, newest (highest PMID) first, then by `order`; the newest `limit` of them;
    then grouped by condition in label order.  Sorted as positions, so one take of the frame."""
    pos = np.flatnonzero(keep) if keep is not None else np.arange(len(frame))
    keys = [pd.factorize(frame[c].to_numpy()[pos], sort=True)[0] for c in reversed(order)]
    idx = np.lexsort((*keys, -frame["pmid"].to_numpy(dtype=np.int64)[pos]))
    if limit is not None:
        idx = idx[:limit]
    codes = frame["condition"].cat.codes.to_numpy()[pos[idx]]
    return frame.iloc[pos[idx[np.argsort(codes, kind="stable")]]]


def _unique(labels: list[str], conditions: list[str]) -> list[str]:
    """Labels made unique within a condition ("… (2)"), so two estimates never share a chart row."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for label, condition in zip(labels, conditions):
        n = seen[(condition, label)] = seen.get((condition, label), 0) + 1
        out.append(label if n == 1 else f"{label} ({n})")
    return out


def estimate_mask(effects: pd.DataFrame, ratio: bool, measure: str | None) -> np.ndarray:
    """Which rows of `effects` one chart draws: the ratio measures, or one difference measure."""
    keep = effects["ratio"].to_numpy(dtype=bool) == ratio
    if measure is not None:
        keep &= effects["measure"].to_numpy() == measure
    return keep


def estimate_count(effects: pd.DataFrame, ratio: bool, measure: str | None = None) -> int:
    """Stated estimates of one chart, each counted once whatever its study's conditions."""
    if not len(effects):
        return 0
    return int((estimate_mask(effects, ratio, measure) & effects["first"].to_numpy(dtype=bool)).sum())


def effect_rows(effects: pd.DataFrame, ratio: bool, measure: str | None = None,
                limit: int | None = None) -> pd.DataFrame:
    """The estimates of one chart (ratio measures, or one difference measure) grouped by
    condition, newest study (highest PMID) first, each with a label naming study, measure,
    outcome and time point; `limit` keeps the newest `limit` rows (the table has them all)."""
    keep = estimate_mask(effects, ratio, measure) if len(effects) else None
    if keep is None or not keep.any():
        return effects.iloc[:0].assign(label=pd.Series(dtype=object))
    part = _newest_by_condition(effects, keep, ["measure", "value"], limit)
    labels = [" · ".join([f"PMID {int(p)}", m, *[str(x) for x in (o, t) if _text(x)]])
              for p, m, o, t in zip(part["pmid"].tolist(), part["measure"].tolist(),
                                    part["outcome"].tolist(), part["timepoint"].tolist())]
    labels = _unique(labels, part["condition"].astype(str).tolist())
    return part.assign(label=labels).reset_index(drop=True)


def measures_present(effects: pd.DataFrame, ratio: bool) -> list[str]:
    """The measures with an estimate, most estimates first (for the measure selector)."""
    if not len(effects):
        return []
    part = effects[(effects["ratio"].to_numpy(dtype=bool) == ratio)
                   & effects["first"].to_numpy(dtype=bool)]
    return part["measure"].value_counts(sort=True).index.tolist()


def pair_rows(pairs: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The rate pairs of the dumbbell chart grouped by condition, newest study first, each with
    a label naming study, kind and time point; `limit` keeps the newest `limit` pairs."""
    if not len(pairs):
        return pairs.assign(label=pd.Series(dtype=object))
    part = _newest_by_condition(pairs, None, ["kind", "timepoint"], limit)
    labels = [f"PMID {int(p)} · {k}" + (f" · {t}" if _text(t) else "")
              for p, k, t in zip(part["pmid"].tolist(), part["kind"].tolist(),
                                 part["timepoint"].tolist())]
    labels = _unique(labels, part["condition"].astype(str).tolist())
    return part.assign(label=labels).reset_index(drop=True)


# -- one study ----------------------------------------------------------------------------
def study_findings(row: pd.Series | dict) -> list[dict]:
    """One study's findings as readable rows (for the study view), each with its sentence."""
    out = []
    for f in items(row.get("findings")):
        effect = f.get("effect") if isinstance(f.get("effect"), dict) else None
        out.append({
            "outcome": _text(f.get("outcome")) or "",
            "domain": DOMAIN_DISPLAY.get(_text(f.get("domain")) or "", display(f.get("domain"))),
            "comparison": _text(f.get("comparison")) or "",
            "direction": _text(f.get("direction")) or "",
            "favours": _text(f.get("favours")) or "",
            "timepoint": _text(f.get("timepoint")) or "",
            "p": _text(f.get("p_value")) or "",
            "effect": effect_text(effect) if effect else "",
            "sentence": _text(f.get("sentence")) or "",
        })
    return out


def study_rates(row: pd.Series | dict) -> list[dict]:
    """One study's response and remission rates as readable rows, each with its sentence."""
    out = []
    for kind, column in (("Response", "response_rates"), ("Remission", "remission_rates")):
        for r in items(row.get(column)):
            percent = float_or_nan(r.get("percent"))
            if percent != percent:
                continue
            count = r.get("count")
            out.append({"kind": kind, "arm": _text(r.get("arm")) or "(arm not named)",
                        "rate": f"{percent:g}%" + (f" ({int(count)})" if count is not None
                                                   and float_or_nan(count) == float_or_nan(count) else ""),
                        "timepoint": _text(r.get("timepoint")) or "",
                        "sentence": _text(r.get("sentence")) or ""})
    return out


def study_effects(row: pd.Series | dict) -> list[dict]:
    """One study's stated effect estimates as readable rows, each with its sentence."""
    return [{"effect": effect_text(e), "outcome": _text(e.get("outcome")) or "",
             "timepoint": _text(e.get("timepoint")) or "", "sentence": _text(e.get("sentence")) or ""}
            for e in items(row.get("effect_estimates")) if effect_text(e)]


def study_sentences(row: pd.Series | dict) -> list[str]:
    """Every sentence a finding, rate or estimate of one study came from (for highlighting)."""
    found = [f["sentence"] for f in study_findings(row)] + [r["sentence"] for r in study_rates(row)] \
        + [e["sentence"] for e in study_effects(row)]
    return [s for s in dict.fromkeys(found) if s]


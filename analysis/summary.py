"""Every figure and table the dashboard shows, computed from a (filtered) labelled frame.

The dashboard only lays these out; keeping the arithmetic here means it is tested once and the
numbers on screen, in the exports and in the tests are the same numbers.

Conventions
-----------
* A study labelled with several conditions counts once in each condition's row; headline
  figures count each study once.
* Shares of conclusions are among *human clinical* studies that state a conclusion
  (positive, mixed, neutral or negative); `not_applicable` (protocols, most reviews) is left
  out of the denominator so it does not dilute them.
* Participants (totals and medians) are counted over *primary* human clinical studies whose
  sample size is known: reviews, systematic reviews and protocols are left out, because their
  N re-counts other studies' participants or is only planned.
"""

from __future__ import annotations

import json
import re
from typing import Iterable, Mapping, Sequence
from urllib.parse import quote

import numpy as np
import pandas as pd

from analysis.filters import (CONCLUSIONS, CONDITIONS, DESIGNS, FORMULATIONS, PRIMARY_CONDITIONS,
                              ROUTES, display)

STATED_CONCLUSIONS = ("positive", "mixed", "neutral", "negative")
NO_CONDITION = "unlabelled"
PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
DOI_URL = "https://doi.org/{doi}"

# Labels whose reasons the study view lists: (value column, evidence column, title).
LABEL_REASONS = (
    ("is_ketamine", "is_ketamine_evidence", "About ketamine"),
    ("conditions", "conditions_evidence", "Conditions"),
    ("population", "population_evidence", "Population"),
    ("design", "design_evidence", "Design"),
    ("formulation", "formulation_evidence", "Formulation"),
    ("route", "route_evidence", "Route"),
    ("comparator", "comparator_evidence", "Comparator"),
    ("sample_size", "sample_size_evidence", "Sample size"),
    ("conclusion", "conclusion_evidence", "Conclusion"),
    ("findings", "findings_evidence", "Findings"),
    ("response_rates", "outcomes_evidence", "Response rates"),
    ("remission_rates", "outcomes_evidence", "Remission rates"),
    ("effect_estimates", "outcomes_evidence", "Effect estimates"),
    ("retracted", "retracted_evidence", "Retracted"),
)


# -- small helpers ------------------------------------------------------------------------
def _bools(series: pd.Series) -> np.ndarray:
    return series.fillna(False).astype(bool).to_numpy()


def _sizes(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").astype("Float64")


SECONDARY_DESIGNS = ("systematic_review", "review", "protocol")
NON_PARTICIPANT_BASES = ("planned", "included_participants", "included_studies")


def participant_sizes(df: pd.DataFrame) -> pd.Series:
    """Sample sizes that count as participants (primary human clinical studies), NA elsewhere."""
    sizes = _sizes(df["sample_size"])
    if not len(df):
        return sizes
    keep = _bools(df["human_clinical"]) & ~df["design"].isin(SECONDARY_DESIGNS).to_numpy(dtype=bool)
    if "sample_size_basis" in df:
        keep &= ~df["sample_size_basis"].isin(NON_PARTICIPANT_BASES).to_numpy(dtype=bool)
    return sizes.where(keep)


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and value != value


def _categorical(values, order: Sequence[str]) -> pd.Categorical:
    """Values as a categorical with the label order first, then any value the order lacks."""
    values = pd.Series(values, dtype=object)
    known = set(order)
    extra = sorted({v for v in values.dropna().unique() if v not in known})
    return pd.Categorical(values, categories=[*order, *extra])


def condition_long(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (study, condition) with the fields the tables count; no condition → 'unlabelled'.

    condition/design/conclusion are categoricals (cheap to cut and count); `n` is the study's
    participant count (see participant_sizes) or NaN; `row` is the study's position in `df`, so
    a cached long frame can be cut by a row mask instead of being rebuilt.
    """
    lists = [c if isinstance(c, (list, tuple, np.ndarray)) and len(c) else [NO_CONDITION]
             for c in df["conditions"].tolist()] if len(df) else []
    lengths = np.fromiter((len(c) for c in lists), dtype=np.int64, count=len(lists))
    take = np.repeat(np.arange(len(df)), lengths)
    design = _categorical(df["design"].tolist(), DESIGNS)
    conclusion = _categorical(df["conclusion"].tolist(), CONCLUSIONS)
    years = pd.to_numeric(df["pub_year"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    sizes = participant_sizes(df).to_numpy(dtype=float, na_value=np.nan) if len(df) else np.zeros(0)
    return pd.DataFrame({
        "condition": _categorical([c for cell in lists for c in cell], (*CONDITIONS, NO_CONDITION)),
        "pmid": df["pmid"].to_numpy()[take],
        "pub_year": years[take],
        "design": pd.Categorical.from_codes(design.codes[take], design.categories),
        "conclusion": pd.Categorical.from_codes(conclusion.codes[take], conclusion.categories),
        "human_clinical": (_bools(df["human_clinical"]) if len(df) else np.zeros(0, bool))[take],
        "n": sizes[take],
        "row": take,
    })


def _count(codes: np.ndarray, size: int, weights: np.ndarray | None = None) -> np.ndarray:
    codes = codes.astype(np.int64)
    ok = codes >= 0
    return np.bincount(codes[ok], weights=None if weights is None else weights[ok], minlength=size)


def _grid(a: np.ndarray, na: int, b: np.ndarray, nb: int, select: np.ndarray | None = None) -> np.ndarray:
    """Counts of (a, b) code pairs as an na × nb array (rows where either is missing skipped)."""
    a, b = a.astype(np.int64), b.astype(np.int64)  # category codes are int8: no overflow
    ok = (a >= 0) & (b >= 0)
    if select is not None:
        ok &= select
    return np.bincount(a[ok] * nb + b[ok], minlength=na * nb).reshape(na, nb)


def condition_order(present: Iterable[str], selected: Sequence[str] = ()) -> list[str]:
    """Conditions to show: the selected ones, else the four tracked ones plus any others present."""
    present = set(present)
    if selected:
        return [c for c in CONDITIONS if c in selected]
    extra = [c for c in CONDITIONS if c in present and c not in PRIMARY_CONDITIONS]
    tail = [NO_CONDITION] if NO_CONDITION in present else []
    return list(PRIMARY_CONDITIONS) + extra + tail


def condition_display(code: str) -> str:
    """A condition code in words, including the 'no condition labelled' bucket."""
    return "No condition labelled" if code == NO_CONDITION else display(code)


# -- headline -----------------------------------------------------------------------------
def headline(df: pd.DataFrame) -> dict:
    """The figures of the metrics row: studies, RCTs, participants, newest publication."""
    clinical = _bools(df["human_clinical"]) if len(df) else np.zeros(0, dtype=bool)
    sizes = participant_sizes(df) if len(df) else pd.Series([], dtype="Float64")
    known = sizes.notna().to_numpy(dtype=bool)
    newest = newest_publication(df)
    return {
        "studies": int(len(df)),
        "rcts": int((df["design"] == "rct").sum()) if len(df) else 0,
        "human_clinical": int(clinical.sum()),
        "participants": int(sizes[known].sum()) if known.any() else 0,
        "participants_studies": int(known.sum()),
        "newest_date": newest["date"] if newest else None,
        "newest_pmid": newest["pmid"] if newest else None,
        "newest_title": newest["title"] if newest else None,
    }


def newest_publication(df: pd.DataFrame) -> dict | None:
    """The most recently published study (best known date, else year), or None."""
    if not len(df):
        return None
    dates = df["pub_date"].astype("string") if "pub_date" in df else pd.Series(pd.NA, index=df.index)
    years = df["pub_year"].astype("string")
    best = dates.fillna(years)
    if best.notna().sum() == 0:
        return None
    # ISO dates of mixed precision ('2024', '2024-05', '2024-05-03') sort correctly as text;
    # ties go to the last row (as a stable sort would), found without sorting them all.
    known = best.dropna()
    idx = known.index[(known == known.max()).to_numpy(dtype=bool)][-1]
    row = df.loc[idx]
    return {"date": str(best.loc[idx]), "pmid": int(row["pmid"]),
            "title": None if _is_missing(row.get("title")) else str(row["title"])}


def freshness(manifest: dict | None) -> dict:
    """When the data was last refreshed from PubMed, or that it is an imported snapshot."""
    manifest = manifest or {}
    last = manifest.get("last_success")
    snapshot = manifest.get("snapshot") or {}
    if last:
        return {"value": str(last)[:10], "detail": f"Last successful PubMed refresh: {last}",
                "is_snapshot": False}
    if snapshot:
        imported = str(snapshot.get("imported") or "")
        return {"value": "Snapshot", "detail": f"Never refreshed from PubMed; offline snapshot "
                f"{snapshot.get('source', '')} imported {imported}".strip(), "is_snapshot": True}
    return {"value": "Never", "detail": "No successful refresh recorded", "is_snapshot": False}


def snapshot_notice(manifest: dict | None) -> str | None:
    """The provenance warning for a store that is only the offline snapshot, else None."""
    if not manifest or manifest.get("last_success") or not manifest.get("snapshot"):
        return None
    records = (manifest.get("snapshot") or {}).get("records")
    count = f"~{records}" if records else "a few hundred"
    return (f"Offline snapshot: {count} ketamine records from a 2023–2025 clinical-trials corpus "
            f"compiled by another project; not a complete picture — run a refresh for the live "
            f"PubMed literature.")


# -- per-condition table ------------------------------------------------------------------
def condition_table(df: pd.DataFrame, selected: Sequence[str] = (),
                    long: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per condition: studies by design, conclusion shares (human clinical), total/median N."""
    long = condition_long(df) if long is None else long
    conds = long["condition"].cat.categories
    c = long["condition"].cat.codes.to_numpy()
    d = long["design"].cat.codes.to_numpy()
    dcats = list(long["design"].cat.categories)
    v = long["conclusion"].cat.codes.to_numpy()
    vcats = list(long["conclusion"].cat.categories)
    nc = len(conds)
    studies = _count(c, nc)
    by_design = _grid(c, nc, d, len(dcats))
    clinical = long["human_clinical"].to_numpy(dtype=bool)
    by_conclusion = _grid(c, nc, v, len(vcats), clinical)
    n = long["n"].to_numpy(dtype=float)
    known = ~np.isnan(n)
    with_n = _count(c[known], nc)
    total_n = _count(c[known], nc, n[known])
    present = [conds[i] for i in np.flatnonzero(studies)]
    order = condition_order(present, selected)
    designs = [dcats[j] for j in np.flatnonzero(by_design.sum(axis=0))]
    rows = []
    for cond in order:
        i = conds.get_loc(cond) if cond in conds else None
        row: dict = {"condition": cond, "studies": int(studies[i]) if i is not None else 0}
        for design in designs:
            row[design] = int(by_design[i, dcats.index(design)]) if i is not None else 0
        row["human_clinical"] = int(_count(c[clinical], nc)[i]) if i is not None else 0
        counts = {x: (int(by_conclusion[i, vcats.index(x)]) if i is not None and x in vcats else 0)
                  for x in STATED_CONCLUSIONS}
        base = sum(counts.values())
        row["stated_conclusions"] = base
        for x in STATED_CONCLUSIONS:
            row[f"share_{x}"] = counts[x] / base if base else float("nan")
        row["studies_with_n"] = int(with_n[i]) if i is not None else 0
        row["total_n"] = int(round(total_n[i])) if i is not None else 0
        row["median_n"] = (float(np.median(n[known & (c == i)])) if i is not None and with_n[i]
                           else float("nan"))
        rows.append(row)
    columns = (["condition", "studies", *designs, "human_clinical", "stated_conclusions"]
               + [f"share_{x}" for x in STATED_CONCLUSIONS] + ["studies_with_n", "total_n", "median_n"])
    return pd.DataFrame(rows, columns=columns)


# -- chart data ---------------------------------------------------------------------------
def _present(long: pd.DataFrame) -> list[str]:
    counts = np.bincount(long["condition"].cat.codes.to_numpy() + 1,
                         minlength=len(long["condition"].cat.categories) + 1)[1:]
    cats = long["condition"].cat.categories
    return [cats[i] for i in np.flatnonzero(counts)]


def year_counts(long: pd.DataFrame, selected: Sequence[str] = ()) -> pd.DataFrame:
    """Publications per year and condition (studies without a year are left out)."""
    order = condition_order(_present(long), selected)
    years = long["pub_year"].to_numpy(dtype=float)
    ok = ~np.isnan(years) & long["condition"].isin(order).to_numpy(dtype=bool)
    if not ok.any():
        return pd.DataFrame({"condition": pd.Series([], dtype=object),
                             "pub_year": pd.Series([], dtype="int64"),
                             "studies": pd.Series([], dtype="int64")})
    first = int(years[ok].min())
    span = int(years[ok].max()) - first + 1
    cats = long["condition"].cat.categories
    grid = _grid(long["condition"].cat.codes.to_numpy(), len(cats),
                 np.where(ok, years - first, -1).astype(np.int64), span, ok)
    rows = [(cats[i], first + j, int(grid[i, j])) for j in range(span) for i in range(len(cats))
            if grid[i, j]]
    rank = {c: k for k, c in enumerate(order)}
    rows.sort(key=lambda r: (r[1], rank[r[0]]))
    return pd.DataFrame(rows, columns=["condition", "pub_year", "studies"]).astype(
        {"pub_year": "int64", "studies": "int64"})


def conclusion_counts(long: pd.DataFrame, selected: Sequence[str] = ()) -> pd.DataFrame:
    """Conclusions of human clinical studies per condition, with each one's share of the row."""
    order = condition_order(_present(long), selected)
    cats = long["condition"].cat.categories
    vcats = list(long["conclusion"].cat.categories)
    grid = _grid(long["condition"].cat.codes.to_numpy(), len(cats),
                 long["conclusion"].cat.codes.to_numpy(), len(vcats),
                 long["human_clinical"].to_numpy(dtype=bool))
    rows = []
    for cond in order:
        if cond not in cats:
            continue
        counts = grid[cats.get_loc(cond)]
        total = counts.sum()
        rows.extend((cond, vcats[j], int(counts[j]), counts[j] / total)
                    for j in np.flatnonzero(counts))
    return pd.DataFrame(rows, columns=["condition", "conclusion", "studies", "share"]).astype(
        {"studies": "int64", "share": "float64"})


def evidence_map(long: pd.DataFrame, selected: Sequence[str] = ()) -> pd.DataFrame:
    """Condition × design: study count and share positive among human clinical stated conclusions."""
    order = condition_order(_present(long), selected)
    cats = long["condition"].cat.categories
    dcats = list(long["design"].cat.categories)
    c = long["condition"].cat.codes.to_numpy()
    d = long["design"].cat.codes.to_numpy()
    vcats = list(long["conclusion"].cat.categories)
    v = long["conclusion"].cat.codes.to_numpy()
    stated = long["human_clinical"].to_numpy(dtype=bool) & np.isin(
        v, [vcats.index(x) for x in STATED_CONCLUSIONS if x in vcats])
    positive = stated & (v == (vcats.index("positive") if "positive" in vcats else -2))
    studies = _grid(c, len(cats), d, len(dcats))
    n_stated = _grid(c, len(cats), d, len(dcats), stated)
    n_positive = _grid(c, len(cats), d, len(dcats), positive)
    rows = []
    for cond in sorted(order):
        if cond not in cats:
            continue
        i = cats.get_loc(cond)
        for j in np.flatnonzero(studies[i]):
            share = n_positive[i, j] / n_stated[i, j] if n_stated[i, j] else float("nan")
            rows.append((cond, dcats[j], int(studies[i, j]), int(n_stated[i, j]),
                         int(n_positive[i, j]), share))
    out = pd.DataFrame(rows, columns=["condition", "design", "studies", "stated", "positive",
                                      "share_positive"])
    return out.sort_values(["condition", "design"], ignore_index=True).astype(
        {"studies": "int64", "stated": "int64", "positive": "int64", "share_positive": "float64"})


def formulation_route_long(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (study, formulation, route) a study counts in, none = 'unclear'.

    Like condition_long: `row` is the study's position in `df`, so a cached frame is cut by a
    row mask instead of walking every study's lists again on each filter change.
    """
    rows, forms, routes = [], [], []
    cells = zip(map(_as_tuple, df["formulation"].tolist()), map(_as_tuple, df["route"].tolist()))
    for i, (form_cell, route_cell) in enumerate(cells):
        for f in form_cell or ("unclear",):
            for r in route_cell or ("unclear",):
                rows.append(i)
                forms.append(f)
                routes.append(r)
    return pd.DataFrame({"row": np.asarray(rows, dtype=np.int64),
                         "formulation": _categorical(forms, FORMULATIONS),
                         "route": _categorical(routes, ROUTES)})


def formulation_route(df: pd.DataFrame, pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Studies per formulation × route (a study with two of either counts in each; none = unclear).

    `pairs` is formulation_route_long(df), when the caller has it cut from a cached one."""
    pairs = formulation_route_long(df) if pairs is None else pairs
    fcats = list(pairs["formulation"].cat.categories)
    rcats = list(pairs["route"].cat.categories)
    grid = _grid(pairs["formulation"].cat.codes.to_numpy(), len(fcats),
                 pairs["route"].cat.codes.to_numpy(), len(rcats))
    found = [(fcats[i], rcats[j], int(grid[i, j])) for i, j in zip(*np.nonzero(grid))]
    return pd.DataFrame(found, columns=["formulation", "route", "studies"]).astype({"studies": "int64"})


def _as_tuple(cell: object) -> tuple:
    return tuple(cell) if type(cell) is list or isinstance(cell, (tuple, np.ndarray)) else ()


SUMMARY_COLUMNS = ("pmid", "title", "pub_year", "pub_date", "design", "conclusion", "human_clinical",
                   "sample_size", "sample_size_basis", "conditions", "formulation", "route")


def summarise(df: pd.DataFrame, selected: Sequence[str] = (), long: pd.DataFrame | None = None,
              pairs: pd.DataFrame | None = None) -> dict[str, object]:
    """Everything the overview shows for one filtered frame (needs only SUMMARY_COLUMNS);
    `long` and `pairs` are condition_long(df) and formulation_route_long(df), if already cut."""
    long = condition_long(df) if long is None else long
    return {
        "headline": headline(df),
        "conditions": condition_table(df, selected, long=long),
        "years": year_counts(long, selected),
        "conclusions": conclusion_counts(long, selected),
        "evidence_map": evidence_map(long, selected),
        "formulation_route": formulation_route(df, pairs),
    }


# -- explorer -----------------------------------------------------------------------------
def _join(values: object) -> str:
    if isinstance(values, (list, tuple, np.ndarray)):
        return ", ".join(display(v) for v in values)
    return "" if _is_missing(values) else display(values)


def _display_column(series: pd.Series) -> list[str]:
    """Codes → words through a small lookup, so 50,000 rows cost one dict access each."""
    words: dict = {}
    out = []
    for value in series.tolist():
        key = value if isinstance(value, str) else None
        if key not in words:
            words[key] = display(value) if key is not None else ""
        out.append(words[key])
    return out


def study_table(df: pd.DataFrame) -> pd.DataFrame:
    """The explorer's rows: newest first, readable values, PubMed and DOI links; `row` = position in df."""
    cols = [c for c in ("pmid", "title", "pub_year", "journal", "design", "sample_size",
                        "conclusion", "formulation", "doi") if c in df.columns]
    slim = df[cols].reset_index(drop=True)
    years = pd.to_numeric(slim["pub_year"], errors="coerce").fillna(-1).to_numpy()
    order = np.lexsort((-slim["pmid"].to_numpy(dtype=np.int64), -years))  # newest year, then PMID
    slim = slim.iloc[order]
    missing = pd.Series(pd.NA, index=slim.index, dtype="string")
    journal = slim["journal"].astype("string") if "journal" in slim else missing
    doi = slim["doi"].astype("string") if "doi" in slim else missing
    pmids = slim["pmid"].astype("int64").tolist()
    forms: dict = {}
    formulation = []
    for value in slim["formulation"].tolist():
        key = _as_tuple(value)
        if key not in forms:
            forms[key] = _join(list(key))
        formulation.append(forms[key])
    return pd.DataFrame({
        "row": order.astype("int64"),
        "pmid": np.asarray(pmids, dtype="int64"),
        "title": slim["title"].astype("string").fillna("(no title)").to_numpy(),
        "year": pd.to_numeric(slim["pub_year"], errors="coerce").astype("Int64").to_numpy(),
        "journal": journal.fillna("").to_numpy(),
        "design": _display_column(slim["design"]),
        "n": pd.to_numeric(slim["sample_size"], errors="coerce").astype("Int64").to_numpy(),
        "conclusion": _display_column(slim["conclusion"]),
        "formulation": formulation,
        "pubmed": [PUBMED_URL.format(pmid=p) for p in pmids],
        "doi": [DOI_URL.format(doi=quote(d, safe="/:;()._-~")) if isinstance(d, str) and d else None
                for d in doi.tolist()],
    })


def new_since_refresh(digest: pd.DataFrame, visible_pmids: Iterable[int]) -> pd.DataFrame:
    """The last refresh's new records that the current filters keep, with readable labels,
    newest first like the explorer (a digest is read for what has just appeared)."""
    if digest is None or not len(digest):
        return pd.DataFrame(columns=["pmid", "title", "year", "conditions", "design",
                                     "conclusion", "pubmed"])
    keep = digest[digest["pmid"].isin(set(int(p) for p in visible_pmids))]
    conditions = []
    for raw in keep["conditions"].tolist():
        try:
            items = json.loads(raw) if isinstance(raw, str) and raw else []
        except ValueError:
            items = [raw]
        conditions.append(", ".join(condition_display(c) for c in items))
    return pd.DataFrame({
        "pmid": keep["pmid"].astype("int64").to_numpy(),
        "title": keep["title"].astype("string").to_numpy(),
        "year": pd.to_numeric(keep["pub_year"], errors="coerce").astype("Int64").to_numpy(),
        "conditions": conditions,
        "design": [display(v) if v else "" for v in keep["design"].tolist()],
        "conclusion": [display(v) if v else "" for v in keep["conclusion"].tolist()],
        "pubmed": [PUBMED_URL.format(pmid=int(p)) for p in keep["pmid"].tolist()],
    }).sort_values(["year", "pmid"], ascending=False, na_position="last", ignore_index=True)


# -- study view: evidence and safe markdown -----------------------------------------------
def evidence_items(evidence: object) -> list[str]:
    """The separate evidence items of an `*_evidence` cell ('a | b' → ['a', 'b'])."""
    if _is_missing(evidence) or not str(evidence).strip():
        return []
    return [item.strip() for item in str(evidence).split(" | ") if item.strip()]


def evidence_spans(text: str, evidence: Iterable[str]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is_evidence) so cited sentences can be highlighted in place."""
    if not text:
        return []
    intervals = []
    for item in set(evidence):
        if len(item) < 3:
            continue
        start = text.find(item)
        while start != -1:
            intervals.append((start, start + len(item)))
            start = text.find(item, start + 1)
    intervals.sort()
    merged: list[list[int]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, pos = [], 0
    for start, end in merged:
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.append((text[start:end], True))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&$~:=^\"'])")


def escape_markdown(text: object) -> str:
    """Record text made literal for st.markdown: every markdown/HTML/LaTeX character escaped."""
    if _is_missing(text):
        return ""
    text = str(text).replace("\r", "")
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown_table(rows: Iterable[Mapping[str, object]], headers: Mapping[str, str],
                   right: Iterable[str] = ()) -> str:
    """Rows of formatted cells as a markdown table, every cell escaped: a plain HTML table is
    cheaper for the browser to draw than a data grid, and screen readers read it out."""
    names = list(headers)
    aligned = set(right)
    lines = ["| " + " | ".join(escape_markdown(headers[n]) for n in names) + " |",
             "|" + "|".join("---:" if n in aligned else "---" for n in names) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(escape_markdown(row[n]) for n in names) + " |")
    return "\n".join(lines)


def highlighted_markdown(text: str, evidence: Iterable[str]) -> str:
    """Markdown of `text` (escaped) with the evidence sentences highlighted; newlines kept."""
    out = []
    for piece, hit in evidence_spans(text, evidence):
        lines = piece.split("\n")
        escaped = []
        for line in lines:
            safe = escape_markdown(line)
            if hit and line.strip():
                lead = len(safe) - len(safe.lstrip())
                trail = len(safe) - len(safe.rstrip())
                core = safe.strip()
                safe = safe[:lead] + f":orange-background[{core}]" + (safe[len(safe) - trail:] if trail else "")
            escaped.append(safe)
        out.append("  \n".join(escaped))
    return "".join(out)


def _nested_text(column: str, value: object) -> str:
    """A nested outcome label (list of dicts) in words; '' when empty."""
    from analysis.findings import finding_text
    from analysis.outcomes import effect_text, rates_text

    if value is None or isinstance(value, (float, str)) or not len(value):  # type: ignore[arg-type]
        return ""
    if column == "findings":
        return "; ".join(finding_text(f) for f in value)  # type: ignore[union-attr]
    if column == "effect_estimates":
        return "; ".join(effect_text(e) for e in value)  # type: ignore[union-attr]
    return rates_text(value)


def label_reasons(row: pd.Series | dict) -> list[dict]:
    """Each label of one study with its value in words and the evidence that produced it."""
    get = row.get
    reasons = []
    for column, evidence_column, title in LABEL_REASONS:
        if column not in row:
            continue
        value = get(column)
        if column == "sample_size":
            shown = "unknown" if _is_missing(value) else f"{int(value)}"
            basis = get("sample_size_basis")
            if not _is_missing(basis) and basis and not _is_missing(value):
                shown += f" ({str(basis).replace('_', ' ')})"
        elif column in ("retracted", "is_ketamine"):
            shown = "yes" if bool(value) and not _is_missing(value) else "no"
        elif column in ("findings", "response_rates", "remission_rates", "effect_estimates"):
            shown = _nested_text(column, value)
            if not shown:
                continue
        elif isinstance(value, (list, tuple, np.ndarray)):
            shown = _join(value) or ("unclear" if column == "route" else "none")
        else:
            shown = _join(value) or "unclear"
        reasons.append({"label": title, "value": shown,
                        "evidence": evidence_items(get(evidence_column))})
    return reasons


def all_evidence(row: pd.Series | dict) -> list[str]:
    """Every evidence item cited by any label of one study (for highlighting)."""
    items: list[str] = []
    for column in {ev for _, ev, _ in LABEL_REASONS}:
        if column in row:
            items.extend(evidence_items(row.get(column)))
    return items

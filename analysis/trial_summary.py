"""Trials, not only publications: the counts the dashboard shows per trial and per registration.

Pure functions over the labelled article frame and the registrations table (fetch.registry_schema);
the dashboard only lays out what they return, and the tests check them directly.

Conventions
-----------
* A **trial** is the set of publications sharing a `trial_key` (analysis/trials.py: publications
  naming a common registration number).  A store labelled before trial keys existed (the
  shipped snapshot) has no `trial_key` column: every publication is then its own trial,
  `pmid:<pmid>`, so trial counts equal publication counts rather than being guessed.
* A trial's **design** (design × condition counts, the evidence map) is its primary report's
  design; when no publication of the trial is labelled `primary` (or `report_type` is absent),
  the most common design among its publications in the view; when several primary reports
  disagree, the most common among them (ties: the order of analysis.filters.DESIGNS, i.e. the
  stronger design first).  Its **conclusion** and **sample size** are those of one
  representative publication: the lowest-PMID primary report with the trial's design (else the
  lowest-PMID publication with it); its conditions, formulations and routes are the union over
  its publications.  So a trial with a primary report and three
  secondary analyses counts once, with the primary report's design and verdict.
* Trials are formed from the publications in the current view: a filter that keeps only a
  trial's secondary analysis counts the trial once, described by that analysis.
* A **registration's conditions** are `mapped_conditions` (what the registration says it
  studies); when that is empty, `matched_conditions` (the monitor's searches that found it), so
  every fetched registration counts under some condition.  A registration with two conditions
  counts in each.
* The **publication gap**: registrations with status COMPLETED whose primary completion date is
  more than GAP_MONTHS months before `today`, with no linked publication: no article in the
  store names the NCT number or is listed by it (`linked_pmids` empty), and the registry lists
  no results or derived publication of its own (`reference_pmids` empty, even for PMIDs the
  store lacks: those are publications too, just outside the monitor's searches).  A date given
  as a month or year counts from the end of that month or year, so a trial is never put in the
  gap early.  Posted results on ClinicalTrials.gov (`has_results`) do not remove a trial from
  the gap (they are not a publication) but are shown beside it.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timezone
from typing import Iterable, Sequence
from urllib.parse import quote, urlencode

import numpy as np
import pandas as pd

from analysis import summary as S
from analysis import trials
from analysis.columns import REPORT_TYPE_VALUES
from analysis.filters import CONDITIONS, DESIGNS, Filters, display, search_terms
from fetch.registry_schema import STATUS_GROUPS, status_group

# -- configuration ------------------------------------------------------------------------
# The registry's overall_status groups are the store's own (fetch/registry_schema.py).
STATUS_ORDER = tuple(STATUS_GROUPS)
STATUS_WORDS = {"recruiting": "Recruiting", "active": "Active", "completed": "Completed",
                "terminated or withdrawn": "Terminated/withdrawn", "unknown": "Unknown"}
PHASE_ORDER = ("Early phase 1", "Phase 1", "Phase 1/2", "Phase 2", "Phase 2/3", "Phase 3",
               "Phase 4", "Not applicable", "Not given")
ENROLLMENT_KINDS = {"ESTIMATED": "planned", "ACTUAL": "actual"}
GAP_MONTHS = 24
REPORT_ORDER = {name: rank for rank, name in enumerate(REPORT_TYPE_VALUES)}  # reading order of a trial's reports
CTGOV_STUDY_URL = "https://clinicaltrials.gov/study/{nct_id}"
# Registries with a stable page per id; every other id goes to the WHO ICTRP record, which
# gathers the WHO primary registries (ChiCTR, ANZCTR, CTRI, IRCT, JPRN, PACTR, ReBEC, TCTR, ...).
REGISTRY_URLS = (
    (re.compile(r"^NCT\d{8}$"), CTGOV_STUDY_URL.replace("{nct_id}", "{id}")),
    (re.compile(r"^ISRCTN\d{8}$"), "https://www.isrctn.com/{id}"),
    (re.compile(r"^DRKS\d{8}$"), "https://drks.de/search/en/trial/{id}"),
    # EudraCT numbers: the EU Clinical Trials Register's search (ICTRP adds a country suffix)
    (re.compile(r"^EUCTR(\d{4}-\d{6}-\d{2})"), "https://www.clinicaltrialsregister.eu/ctr-search/search?query={m1}"),
)
ICTRP_URL = "https://trialsearch.who.int/Trial2.aspx?TrialID={id}"


# -- small helpers ------------------------------------------------------------------------
def _list(cell: object) -> list:
    if isinstance(cell, (list, tuple, np.ndarray)):
        return list(cell)
    return []


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def registry_url(registry_id: str) -> str:
    """A web page for one normalised registration number (ClinicalTrials.gov, ISRCTN, DRKS and
    the EU register directly; other registries through the WHO ICTRP record)."""
    rid = str(registry_id).strip()
    for pattern, url in REGISTRY_URLS:
        m = pattern.match(rid)
        if m:
            return url.format(id=quote(rid, safe=""), m1=m.group(1) if m.groups() else "")
    return ICTRP_URL.format(id=quote(rid, safe=""))


# -- trials from publications -------------------------------------------------------------
def trial_keys(df: pd.DataFrame) -> pd.Series:
    """Each publication's trial: its `trial_key`, or `pmid:<pmid>` when the store has none."""
    own = pd.Series(["pmid:" + str(int(p)) for p in df["pmid"].tolist()], index=df.index, dtype=object)
    if "trial_key" not in df.columns:
        return own
    keys = df["trial_key"].astype(object)
    blank = keys.isna() | (keys.astype(str).str.strip() == "")
    return keys.where(~blank, own)


def publication_trial_counts(df: pd.DataFrame) -> dict[str, int]:
    """Publications and trials in a (filtered) frame, counted apart (`keyed`: 1 when the store
    has trial keys, 0 when every publication is its own trial for want of them)."""
    keyed = int("trial_key" in df.columns)
    if not len(df):
        return {"publications": 0, "trials": 0, "registered_trials": 0, "multi_report_trials": 0,
                "publications_in_multi": 0, "keyed": keyed}
    sizes = trial_keys(df).value_counts()
    registered = ~sizes.index.to_series().astype(str).str.startswith("pmid:")
    multi = sizes[sizes > 1]
    return {"publications": int(len(df)), "trials": int(len(sizes)),
            "registered_trials": int(registered.sum()),
            "multi_report_trials": int(len(multi)), "publications_in_multi": int(multi.sum()),
            "keyed": keyed}


def _union(cells: Iterable[object], order: Sequence[str]) -> list[str]:
    found = {v for cell in cells for v in _list(cell)}
    return [v for v in order if v in found] + sorted(v for v in found if v not in order)


def _representatives(shared: pd.DataFrame) -> pd.DataFrame:
    """Per trial of `shared` (publications whose trial has several), the representative row:
    the lowest PMID with the trial's design — the most common design among its primary reports,
    or among all its publications when none is labelled primary (ties: the DESIGNS order)."""
    pmids = shared["pmid"].to_numpy(dtype=np.int64)
    primary = (shared["report_type"] == "primary").fillna(False).to_numpy(dtype=bool) \
        if "report_type" in shared else np.zeros(len(shared), dtype=bool)
    key = shared["trial_key"]
    has_primary = key.map(pd.Series(primary, index=shared.index).groupby(key).any()).to_numpy(dtype=bool)
    eligible = primary | ~has_primary  # the publications that decide the trial's design
    rank = {d: i for i, d in enumerate(DESIGNS)}
    design = shared["design"]
    counts = (pd.DataFrame({"key": key.to_numpy()[eligible], "design": design.to_numpy()[eligible]})
              .dropna().value_counts().rename("n").reset_index())
    counts["rank"] = counts["design"].map(rank).fillna(len(rank))
    best = (counts.sort_values(["key", "n", "rank", "design"], ascending=[True, False, True, True])
            .drop_duplicates("key").set_index("key")["design"])
    wanted = shared["trial_key"].map(best)
    with_best = (design == wanted).fillna(False).to_numpy(dtype=bool)
    score = np.where(eligible & with_best, 0, np.where(eligible, 1, 2))
    order = np.lexsort((pmids, score, shared["trial_key"].astype(str).to_numpy()))
    picked = shared.iloc[order].drop_duplicates("trial_key")
    return picked


def trial_frame(df: pd.DataFrame) -> pd.DataFrame:
    """One row per trial, with the columns of `df` (design, conclusion and size from the
    representative publication, conditions/formulation/route united), plus `trial_key` and
    `publications` (how many of its publications the frame holds)."""
    from analysis.filters import FORMULATIONS, ROUTES

    keys = trial_keys(df)
    out = df.copy()
    out["trial_key"] = keys.to_numpy()
    if not len(df):
        return out.assign(publications=pd.Series([], dtype="int64"))
    sizes = keys.map(keys.value_counts()).to_numpy()
    single = sizes == 1
    alone = out[single].copy()
    alone["publications"] = 1
    if single.all():
        return alone
    shared = out[~single]
    trials = _representatives(shared).copy()
    groups: dict[object, list[int]] = {}
    for pos, key in enumerate(shared["trial_key"].tolist()):
        groups.setdefault(key, []).append(pos)
    members = [groups[k] for k in trials["trial_key"].tolist()]
    for column, order in (("conditions", CONDITIONS), ("formulation", FORMULATIONS), ("route", ROUTES)):
        if column in shared:
            cells = shared[column].tolist()
            trials[column] = pd.Series([_union((cells[i] for i in m), order) for m in members],
                                       index=trials.index, dtype=object)
    if "human_clinical" in shared:
        flags = shared["human_clinical"].fillna(False).astype(bool).to_numpy()
        trials["human_clinical"] = [bool(flags[m].any()) for m in members]
    trials["publications"] = [len(m) for m in members]
    result = pd.concat([alone, trials], ignore_index=True)
    if "human_clinical" in result:
        result["human_clinical"] = result["human_clinical"].fillna(False).astype(bool)
    return result


def trial_view(df: pd.DataFrame, selected: Sequence[str] = ()) -> dict[str, object]:
    """The overview's figures with each trial counted once (S.summarise's keys, `trial_` first),
    plus publications vs trials counts."""
    trials = trial_frame(df)
    long = S.condition_long(trials)
    return {
        "trial_counts": publication_trial_counts(df),
        "trial_conditions": S.condition_table(trials, selected, long=long),
        "trial_conclusions": S.conclusion_counts(long, selected),
        "trial_evidence_map": S.evidence_map(long, selected),
        "trial_formulation_route": S.formulation_route(trials),
    }


def condition_trial_counts(df: pd.DataFrame, selected: Sequence[str] = ()) -> pd.DataFrame:
    """Per condition: publications and distinct trials (a publication counts in each of its
    conditions; a trial in each condition any of its publications has, and as 'no condition
    labelled' only when none of them has one)."""
    pubs = S.condition_table(df, selected)[["condition", "studies"]]
    trials = S.condition_table(trial_frame(df), selected)[["condition", "studies"]]
    out = pubs.rename(columns={"studies": "publications"}).merge(
        trials.rename(columns={"studies": "trials"}), on="condition", how="outer")
    order = {c: i for i, c in enumerate(S.condition_order(out["condition"].tolist(), selected))}
    out = out[out["condition"].isin(order)].fillna(0)
    out = out.iloc[np.argsort([order[c] for c in out["condition"]], kind="stable")]
    return out.reset_index(drop=True).astype({"publications": "int64", "trials": "int64"})


def trial_reports(df: pd.DataFrame, pmid: int) -> pd.DataFrame:
    """Every publication of the trial `pmid` belongs to: primary reports first, then secondary
    analyses, protocols and the rest, oldest first within each."""
    keys = trial_keys(df)
    hit = np.flatnonzero(df["pmid"].to_numpy() == int(pmid))
    if not len(hit):
        return df.iloc[0:0].assign(trial_key=pd.Series([], dtype=object))
    key = keys.iloc[hit[0]]
    part = df[(keys == key).to_numpy()].assign(trial_key=key)
    rank = (part["report_type"].map(REPORT_ORDER).fillna(len(REPORT_ORDER))
            if "report_type" in part else pd.Series(0, index=part.index))
    years = pd.to_numeric(part["pub_year"], errors="coerce").fillna(9999)
    order = np.lexsort((part["pmid"].to_numpy(dtype=np.int64), years.to_numpy(), rank.to_numpy()))
    return part.iloc[order]


# -- registrations ------------------------------------------------------------------------
def phase_label(phases: object) -> str:
    """One reader's label for a registration's phases: 'Phase 2', 'Phase 1/2', 'Not applicable'."""
    items = [str(p).upper() for p in _list(phases)]
    if not items:
        return "Not given"
    if items == ["NA"]:
        return "Not applicable"
    if "EARLY_PHASE1" in items:
        return "Early phase 1"
    numbers = sorted({p.replace("PHASE", "") for p in items if re.fullmatch(r"PHASE\d", p)})
    return ("Phase " + "/".join(numbers)) if numbers else "Not given"


def registration_conditions(registrations: pd.DataFrame) -> list[list[str]]:
    """Each registration's conditions: mapped_conditions, else matched_conditions (see above)."""
    mapped = registrations["mapped_conditions"].tolist() if "mapped_conditions" in registrations \
        else [[]] * len(registrations)
    matched = registrations["matched_conditions"].tolist() if "matched_conditions" in registrations \
        else [[]] * len(registrations)
    return [_list(a) or _list(b) for a, b in zip(mapped, matched)]


def filter_registrations(registrations: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The registrations the sidebar's condition filter and search keep (other filters describe
    publications and do not apply). The search looks in the NCT number, title, registered
    conditions, interventions and sponsor."""
    if not len(registrations):
        return registrations
    keep = np.ones(len(registrations), dtype=bool)
    if filters.conditions:
        wanted = set(filters.conditions)
        keep &= np.array([bool(wanted.intersection(c)) for c in registration_conditions(registrations)])
    terms = search_terms(filters.search)
    if terms:
        texts = [" ".join([str(r.get("nct_id") or ""), str(r.get("title") or ""),
                           *map(str, _list(r.get("conditions"))), *map(str, _list(r.get("interventions"))),
                           str(r.get("sponsor") or "")]).lower()
                 for r in registrations.to_dict("records")]
        keep &= np.array([all(t in text for t in terms) for text in texts])
    return registrations[keep]


def link_registrations(articles: pd.DataFrame, registrations: pd.DataFrame) -> pd.DataFrame:
    """`registrations` with `linked_pmids` (analysis.trials' rule: articles naming the NCT number
    and the registration's references in the store); only the columns the rule reads are passed on."""
    if "linked_pmids" in registrations:
        return registrations
    reading = [c for c in ("pmid", "registry_ids", "report_type") if c in articles]
    return trials.link_registrations(articles[reading], registrations)[1]


def _long_registrations(registrations: pd.DataFrame, selected: Sequence[str] = ()) -> pd.DataFrame:
    """One row per (registration, condition), `unlabelled` when it has none."""
    rows = []
    conds = registration_conditions(registrations)
    for pos, (record, cells) in enumerate(zip(registrations.to_dict("records"), conds)):
        for cond in (cells or [S.NO_CONDITION]):
            if selected and cond not in selected:
                continue
            rows.append({"row": pos, "condition": cond, "nct_id": record.get("nct_id"),
                         "status_group": status_group(record.get("overall_status")),
                         "phase": phase_label(record.get("phases")),
                         "enrollment": record.get("enrollment"),
                         "enrollment_type": record.get("enrollment_type")})
    return pd.DataFrame(rows, columns=["row", "condition", "nct_id", "status_group", "phase",
                                       "enrollment", "enrollment_type"])


def _order(long: pd.DataFrame, selected: Sequence[str]) -> list[str]:
    present = set(long["condition"].tolist())
    return [c for c in S.condition_order(present, selected) if c in present]


def registrations_by_status(registrations: pd.DataFrame, selected: Sequence[str] = ()) -> pd.DataFrame:
    """Registrations per condition and status group (every group listed, 0 where none)."""
    long = _long_registrations(registrations, selected)
    rows = [(cond, group, int(((long["condition"] == cond) & (long["status_group"] == group)).sum()))
            for cond in _order(long, selected) for group in STATUS_ORDER]
    return pd.DataFrame(rows, columns=["condition", "status_group", "registrations"]).astype(
        {"registrations": "int64"})


def registrations_by_phase(registrations: pd.DataFrame, selected: Sequence[str] = ()) -> pd.DataFrame:
    """Registrations per condition and phase (phases present only)."""
    long = _long_registrations(registrations, selected)
    rows = []
    for cond in _order(long, selected):
        part = long[long["condition"] == cond]
        counts = part["phase"].value_counts()
        rows.extend((cond, phase, int(counts[phase])) for phase in PHASE_ORDER if phase in counts)
    return pd.DataFrame(rows, columns=["condition", "phase", "registrations"]).astype(
        {"registrations": "int64"})


def enrollment_by_condition(registrations: pd.DataFrame, selected: Sequence[str] = ()) -> pd.DataFrame:
    """Per condition, planned (ESTIMATED) and actual (ACTUAL) enrollment kept apart: how many
    registrations give each, their total and median participants.  Registrations without an
    enrollment count or type are counted in neither."""
    long = _long_registrations(registrations, selected)
    counts = pd.to_numeric(long["enrollment"], errors="coerce")
    rows = []
    for cond in _order(long, selected):
        for kind_code, kind in ENROLLMENT_KINDS.items():
            pick = ((long["condition"] == cond) & (long["enrollment_type"] == kind_code)
                    & counts.notna()).to_numpy()
            values = counts[pick]
            rows.append((cond, kind, int(pick.sum()), int(values.sum()) if len(values) else 0,
                         float(values.median()) if len(values) else float("nan")))
    return pd.DataFrame(rows, columns=["condition", "enrollment", "registrations", "participants",
                                       "median"]).astype({"registrations": "int64",
                                                          "participants": "int64"})


def _end_date(text: object) -> date | None:
    """An ISO date as given (YYYY, YYYY-MM or YYYY-MM-DD), at the end of the period it names."""
    if not isinstance(text, str):
        return None
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", text)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else 12
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = int(m.group(3)) if m.group(3) else last
    return date(year, month, day) if 1 <= day <= last else None


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (0 if `end` is not later)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if _add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def publication_gap(registrations: pd.DataFrame, today: date | None = None,
                    months: int = GAP_MONTHS) -> pd.DataFrame:
    """Completed registrations whose primary completion is more than `months` months before
    `today` with no linked publication (see the module's conventions), longest-waiting first."""
    today = today or datetime.now(timezone.utc).date()
    columns = ["nct_id", "url", "title", "sponsor", "overall_status", "start_date",
               "primary_completion_date", "months_since", "has_results", "conditions"]
    rows = []
    for record, conds in zip(registrations.to_dict("records"), registration_conditions(registrations)):
        if record.get("overall_status") != "COMPLETED":
            continue
        if _list(record.get("linked_pmids")) or _list(record.get("reference_pmids")):
            continue
        done = _end_date(record.get("primary_completion_date"))
        if done is None or not _add_months(done, months) < today:
            continue
        results = record.get("has_results")
        rows.append({"nct_id": record["nct_id"],
                     "url": CTGOV_STUDY_URL.format(nct_id=record["nct_id"]),
                     "title": record.get("title"), "sponsor": record.get("sponsor"),
                     "overall_status": record.get("overall_status"),
                     "start_date": record.get("start_date"),
                     "primary_completion_date": record.get("primary_completion_date"),
                     "months_since": months_between(done, today),
                     "has_results": None if _missing(results) else bool(results),
                     "conditions": [S.condition_display(c) for c in conds]})
    out = pd.DataFrame(rows, columns=columns)
    if len(out):
        out = out.sort_values(["months_since", "nct_id"], ascending=[False, True], ignore_index=True)
    return out.astype({"months_since": "int64"})


def registration_counts(registrations: pd.DataFrame, today: date | None = None) -> dict[str, int]:
    """The tab's headline: registrations, by status group, linked to a publication, in the gap."""
    groups = [status_group(s) for s in registrations["overall_status"].tolist()] \
        if len(registrations) else []
    linked = sum(1 for c in registrations.get("linked_pmids", pd.Series([], dtype=object)).tolist()
                 if _list(c))
    return {"registrations": int(len(registrations)),
            **{group: groups.count(group) for group in STATUS_ORDER},
            "linked": int(linked), "gap": int(len(publication_gap(registrations, today)))}


def registrations_export(registrations: pd.DataFrame) -> pd.DataFrame:
    """The registrations as downloaded: every stored column, then the tab's derived ones."""
    out = registrations.reset_index(drop=True).copy()
    out["status_group"] = [status_group(s) for s in out["overall_status"].tolist()]
    out["phase"] = [phase_label(p) for p in out["phases"].tolist()]
    out["dashboard_conditions"] = registration_conditions(out)
    out["url"] = [CTGOV_STUDY_URL.format(nct_id=n) for n in out["nct_id"].tolist()]
    if "linked_pmids" in out:
        out["linked_pmids"] = [[int(p) for p in _list(c)] for c in out["linked_pmids"].tolist()]
    return out


def registrations_provenance(manifest: dict | None, filters: Filters, rows: int,
                             now: str | None = None) -> list[tuple[str, str]]:
    """What a downloaded registrations file holds, as (item, value) rows."""
    manifest = manifest or {}
    applied = []
    if filters.conditions:
        applied.append("conditions: " + ", ".join(display(c) for c in filters.conditions))
    if filters.search:
        applied.append(f"search: {filters.search}")
    return [
        ("Exported at (UTC)", now or datetime.now(timezone.utc).replace(microsecond=0)
         .isoformat().replace("+00:00", "Z")),
        ("Rows", str(rows)),
        ("What", "ClinicalTrials.gov registrations of ketamine for the monitored conditions "
                 "(API v2), as the last registry refresh stored them"),
        ("Filters applied", "; ".join(applied) or "none (the publication filters do not apply "
                                                   "to registrations)"),
        ("Dashboard URL query", urlencode(filters.to_query_params(), doseq=True) or "(none)"),
        ("Store version", str(manifest.get("store_version") or "")),
        ("Last successful registry refresh", str(manifest.get("ctgov_last_success") or "")),
        ("Conditions", "dashboard_conditions = mapped_conditions (the registration's own "
                       "conditions), else matched_conditions (the searches that found it)"),
        ("Status groups", "; ".join(f"{g}: {', '.join(m) or 'UNKNOWN or missing'}"
                                    for g, m in STATUS_GROUPS.items())),
        ("List columns", "lists are JSON arrays in CSV and Excel"),
    ]


def registrations_file_name(fmt: str, filters: Filters, stamp: str | None = None) -> str:
    """A download name that says what it holds: ketamine-registrations[-pain]-YYYYMMDD.csv."""
    stamp = stamp or datetime.now(timezone.utc).strftime("%Y%m%d")
    tags = [c.replace("_", "") for c in filters.conditions[:3]]
    tag = ("-" + "-".join(tags)) if tags else ("-filtered" if filters.search else "")
    return f"ketamine-registrations{tag}-{stamp}.{fmt}"

"""The filters the dashboard's sidebar and the `export` command share, and how they travel in a URL.

One `Filters` value describes a view of the store.  It round-trips through URL query
parameters (so a filtered dashboard view can be bookmarked and shared), is applied to the
labelled article frame by `apply_filters`, and describes itself in words for the provenance
sheet of an export.  Unknown or malformed URL values are dropped, never fatal: a shared link
from an older version still opens.
"""

from __future__ import annotations

import io
import re
import threading
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from analysis import columns as C

# Label values, in the order the UI lists them, taken from the analysis' column contract so a
# condition added to the vocabulary appears in the filters without a change here.
CONDITIONS = tuple(C.CONDITION_VALUES)
PRIMARY_CONDITIONS = ("depression", "ptsd", "ocd", "pain")
DESIGNS = tuple(C.DESIGN_VALUES)
POPULATIONS = ("all", "human_clinical", "preclinical")
FORMULATIONS = (*C.FORMULATION_VALUES, "unclear")      # unclear = no formulation identified
ROUTES = (*C.ROUTE_VALUES, "unclear")                  # unclear = no route stated
_CONCLUSION_ORDER = ("positive", "mixed", "neutral", "negative", "not_applicable")
CONCLUSIONS = tuple([c for c in _CONCLUSION_ORDER if c in C.CONCLUSION_VALUES]
                    + [c for c in C.CONCLUSION_VALUES if c not in _CONCLUSION_ORDER])

# Words a person reads instead of the label codes.
DISPLAY = {
    "depression": "Depression", "ptsd": "PTSD", "ocd": "OCD", "pain": "Pain",
    "anxiety": "Anxiety", "suicidality": "Suicidality", "bipolar": "Bipolar disorder",
    "substance_use": "Substance use", "recreational_use": "Recreational use",
    "healthy_volunteers": "Healthy volunteers",
    "other": "Other", "rct": "RCT", "nonrandomised_trial": "Non-randomised trial",
    "observational": "Observational", "case_report": "Case report", "case_series": "Case series",
    "systematic_review": "Systematic review / meta-analysis", "review": "Narrative review",
    "protocol": "Protocol", "qualitative": "Qualitative", "preclinical": "Preclinical",
    "racemic_ketamine": "Racemic ketamine", "esketamine": "Esketamine",
    "arketamine": "Arketamine", "unclear": "Unclear", "intravenous": "Intravenous",
    "intranasal": "Intranasal", "oral": "Oral", "intramuscular": "Intramuscular",
    "subcutaneous": "Subcutaneous", "positive": "Positive", "mixed": "Mixed",
    "neutral": "Neutral", "negative": "Negative", "not_applicable": "Not applicable",
    "all": "All studies", "human_clinical": "Human clinical studies",
    "human": "Human", "animal": "Animal", "in_vitro": "In vitro",
    "placebo": "Placebo", "active_placebo": "Active placebo", "ect": "ECT",
    "active_treatment": "Active treatment", "none_unclear": "None / unclear",
}

# Columns the filters read; a store without them has not been labelled.
REQUIRED_COLUMNS = ("pmid", "title", "abstract", "pub_year", "conditions", "design", "population",
                    "formulation", "route", "conclusion", "sample_size", "retracted",
                    "human_clinical")

_LIST_PARAMS = {"condition": "conditions", "design": "designs", "formulation": "formulations",
                "route": "routes", "conclusion": "conclusions"}
_ALLOWED = {"conditions": CONDITIONS, "designs": DESIGNS, "formulations": FORMULATIONS,
            "routes": ROUTES, "conclusions": CONCLUSIONS}
SEARCH_MAX = 200


def display(code: object) -> str:
    """A label code in words, so the UI and exports never show raw snake_case to readers."""
    if code is None or (isinstance(code, float) and code != code):
        return ""
    return DISPLAY.get(str(code), str(code).replace("_", " ").capitalize())


class FilterError(ValueError):
    """A filter value is not one the labels can take (CLI input); the message names the choices."""


@dataclass(frozen=True)
class Filters:
    """One view of the store: empty selections mean 'no restriction'."""

    conditions: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    designs: tuple[str, ...] = ()
    population: str = "all"
    formulations: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()
    conclusions: tuple[str, ...] = ()
    min_n: int | None = None
    search: str = ""
    hide_retracted: bool = True

    # -- construction -----------------------------------------------------------------
    @classmethod
    def create(cls, *, conditions: Iterable[str] = (), year_from: int | None = None,
               year_to: int | None = None, designs: Iterable[str] = (), population: str = "all",
               formulations: Iterable[str] = (), routes: Iterable[str] = (),
               conclusions: Iterable[str] = (), min_n: int | None = None, search: str = "",
               hide_retracted: bool = True) -> "Filters":
        """Validated filters from user input (CLI); raises FilterError naming the allowed values."""
        values = {"conditions": conditions, "designs": designs, "formulations": formulations,
                  "routes": routes, "conclusions": conclusions}
        clean: dict = {}
        for name, chosen in values.items():
            chosen = _split(chosen)
            bad = [v for v in chosen if v not in _ALLOWED[name]]
            if bad:
                raise FilterError(f"unknown {name[:-1]} {bad[0]!r}; choose from "
                                  f"{', '.join(_ALLOWED[name])}")
            clean[name] = _ordered(chosen, _ALLOWED[name])
        if population not in POPULATIONS:
            raise FilterError(f"unknown population {population!r}; choose from "
                              f"{', '.join(POPULATIONS)}")
        if year_from is not None and year_to is not None and year_from > year_to:
            raise FilterError(f"year range is empty: {year_from} is after {year_to}")
        if min_n is not None and min_n < 0:
            raise FilterError(f"minimum sample size must be 0 or more, not {min_n}")
        return cls(year_from=year_from, year_to=year_to, population=population,
                   min_n=min_n or None, search=_clean_search(search),
                   hide_retracted=hide_retracted, **clean)

    @property
    def is_default(self) -> bool:
        """True when the filters restrict nothing beyond hiding retracted studies."""
        return self == Filters()

    # -- URL --------------------------------------------------------------------------
    def to_query_params(self) -> dict[str, str | list[str]]:
        """Only the non-default settings, so the plain dashboard URL stays clean."""
        params: dict[str, str | list[str]] = {}
        for param, name in _LIST_PARAMS.items():
            chosen = getattr(self, name)
            if chosen:
                params[param] = list(chosen)
        if self.year_from is not None:
            params["year_from"] = str(self.year_from)
        if self.year_to is not None:
            params["year_to"] = str(self.year_to)
        if self.population != "all":
            params["population"] = self.population
        if self.min_n:
            params["min_n"] = str(self.min_n)
        if self.search:
            params["q"] = self.search
        if not self.hide_retracted:
            params["retracted"] = "show"
        return params

    @classmethod
    def from_query_params(cls, params: Mapping[str, str | list[str]]) -> "Filters":
        """Filters from URL parameters; values that are not valid are ignored, not fatal."""
        def values(key: str) -> list[str]:
            raw = params.get(key)
            if raw is None:
                return []
            items = [raw] if isinstance(raw, str) else list(raw)
            return _split(items)

        def last(key: str) -> str | None:
            got = _as_list(params.get(key)) if key == "q" else values(key)
            return got[-1] if got else None

        kwargs: dict = {}
        for param, name in _LIST_PARAMS.items():
            kwargs[name] = _ordered([v for v in values(param) if v in _ALLOWED[name]],
                                    _ALLOWED[name])
        kwargs["year_from"] = _int_or_none(last("year_from"), 1800, 2200)
        kwargs["year_to"] = _int_or_none(last("year_to"), 1800, 2200)
        if (kwargs["year_from"] is not None and kwargs["year_to"] is not None
                and kwargs["year_from"] > kwargs["year_to"]):
            kwargs["year_from"], kwargs["year_to"] = kwargs["year_to"], kwargs["year_from"]
        population = last("population")
        kwargs["population"] = population if population in POPULATIONS else "all"
        kwargs["min_n"] = _int_or_none(last("min_n"), 1, 10_000_000)
        kwargs["search"] = _clean_search(last("q") or "")
        kwargs["hide_retracted"] = (last("retracted") or "").lower() not in ("show", "1", "true",
                                                                           "include", "yes")
        return cls(**kwargs)

    # -- words ------------------------------------------------------------------------
    def describe(self) -> str:
        """The filters in one readable line, for the export's provenance and the page caption."""
        parts = []
        if self.conditions:
            parts.append("condition: " + " or ".join(display(c) for c in self.conditions))
        if self.year_from is not None and self.year_to is not None:
            parts.append(f"published {self.year_from}–{self.year_to}")
        elif self.year_from is not None:
            parts.append(f"published {self.year_from} or later")
        elif self.year_to is not None:
            parts.append(f"published {self.year_to} or earlier")
        if self.designs:
            parts.append("design: " + " or ".join(display(d) for d in self.designs))
        if self.population != "all":
            parts.append("population: " + display(self.population).lower())
        if self.formulations:
            parts.append("formulation: " + " or ".join(display(f) for f in self.formulations))
        if self.routes:
            parts.append("route: " + " or ".join(display(r) for r in self.routes))
        if self.conclusions:
            parts.append("conclusion: " + " or ".join(display(c) for c in self.conclusions))
        if self.min_n:
            parts.append(f"sample size ≥ {self.min_n}")
        if self.search:
            many = len(search_terms(self.search)) > 1
            parts.append(f'title/abstract contains {"every term of " if many else ""}"{self.search}"')
        parts.append("retracted studies hidden" if self.hide_retracted
                     else "retracted studies included")
        if len(parts) == 1:
            return "no filters (all studies); " + parts[0]
        return "; ".join(parts)


# -- applying -----------------------------------------------------------------------------
def missing_columns(df: pd.DataFrame) -> list[str]:
    """Label columns the filters need that the frame lacks (an unlabelled store)."""
    return [c for c in REQUIRED_COLUMNS if c not in df.columns]


def search_terms(search: str) -> list[str]:
    """Lower-cased terms of a search: words, or "quoted phrases"; all must occur."""
    return [a or b for a, b in re.findall(r'"([^"]+)"|(\S+)', search.lower()) if (a or b).strip()]


class TextIndex:
    """Lower-cased title + abstract of every row in one string, so a search is one fast scan.

    Build it once per store version (the dashboard caches it); `contains` then takes tens of
    milliseconds on 50,000 abstracts, where a per-row substring test takes hundreds.
    """

    def __init__(self, df: pd.DataFrame) -> None:
        # UTF-8 bytes, not str: one non-ASCII character would make a str 2-4 bytes per
        # character.  Built in chunks so no list of 50,000 abstracts is ever held.
        buffer = io.BytesIO()
        self.starts: list[int] = []
        self.ends: list[int] = []
        position = 0
        for chunk in range(0, len(df), 2000):
            titles = df["title"].iloc[chunk:chunk + 2000].tolist()
            abstracts = df["abstract"].iloc[chunk:chunk + 2000].tolist()
            for title, abstract in zip(titles, abstracts):
                piece = ((title if isinstance(title, str) else "") + "\n"
                         + (abstract if isinstance(abstract, str) else "")).lower()
                data = piece.replace("\x00", " ").encode("utf-8", "replace") + b"\x00"
                buffer.write(data)
                self.starts.append(position)
                position += len(data)
                self.ends.append(position)
        self.text = buffer.getvalue()
        self.rows = len(self.starts)
        self._found: dict[bytes, np.ndarray] = {}
        self._lock = threading.Lock()  # one index serves every session of the dashboard

    REMEMBERED = 64  # search terms whose rows are kept (50 kB each at 50,000 rows)

    def contains(self, term: str) -> np.ndarray:
        """Rows whose title or abstract contains `term` (any case), as a boolean array.

        Remembered per term: a search stays in the box while other filters change, and the
        scan is the costliest part of a filter change."""
        needle = term.lower().replace("\x00", "").encode("utf-8", "replace")
        if not needle:
            return np.ones(self.rows, dtype=bool)
        with self._lock:
            found = self._found.get(needle)
        if found is None:
            found = self._scan(needle)
            with self._lock:
                if len(self._found) >= self.REMEMBERED:
                    self._found.pop(next(iter(self._found)))
                self._found[needle] = found
        return found.copy()

    def _scan(self, needle: bytes) -> np.ndarray:
        out = np.zeros(self.rows, dtype=bool)
        find, starts, ends = self.text.find, self.starts, self.ends
        pos = find(needle)
        while pos != -1:
            row = bisect_right(starts, pos) - 1
            out[row] = True
            pos = find(needle, ends[row])  # the next row: one hit per row is enough
        return out


class FilterColumns:
    """The filterable columns of one frame as NumPy arrays, each built on first use.

    Cache one per store version (the dashboard does): a filter change then costs a few array
    operations on 50,000 rows, where reading the frame (list cells walked in Python, strings
    compared one by one) costs tens of milliseconds per filter.
    """

    LISTS = ("conditions", "formulation", "route")

    def __init__(self, df: pd.DataFrame) -> None:
        self.df = df
        self.rows = len(df)
        self._built: dict[str, object] = {}

    def _get(self, name: str, build: Callable[[pd.Series], object]) -> object:
        """The array(s) for one column, built from the frame the first time they are asked for."""
        if name not in self._built:
            self._built[name] = build(self.df[name])
        return self._built[name]

    def flag(self, column: str) -> np.ndarray:
        """A yes/no column as booleans (missing = no)."""
        return self._get(column, lambda s: s.fillna(False).astype(bool).to_numpy())

    def number(self, column: str) -> np.ndarray:
        """A numeric column as floats (missing or unreadable = NaN)."""
        return self._get(column, lambda s: pd.to_numeric(s, errors="coerce")
                         .to_numpy(dtype=float, na_value=np.nan))

    def is_in(self, column: str, wanted: Iterable[str]) -> np.ndarray:
        """Rows whose (single) value is one of `wanted`; missing values never are."""
        codes, values = self._get(column, lambda s: pd.factorize(s, use_na_sentinel=True))
        wanted = set(wanted)
        chosen = [i for i, v in enumerate(values) if v in wanted]
        return np.isin(codes, chosen) if chosen else np.zeros(self.rows, dtype=bool)

    def any_of(self, column: str, wanted: Iterable[str], empty: str | None = None) -> np.ndarray:
        """Rows whose list cell shares a value with `wanted` (an empty list counts as `empty`)."""
        members, blank = self._get(column, _members)
        wanted = set(wanted)
        out = blank.copy() if empty is not None and empty in wanted else np.zeros(self.rows, bool)
        for value in wanted:
            if value in members:
                out |= members[value]
        return out

    def warm(self) -> "FilterColumns":
        """Build every array now (e.g. while the store loads, not on a reader's first change)."""
        for column in ("retracted", "human_clinical"):
            self.flag(column)
        for column in ("pub_year", "sample_size"):
            self.number(column)
        for column in ("design", "population", "conclusion"):
            self.is_in(column, ())
        for column in self.LISTS:
            self.any_of(column, ())
        return self


def _members(column: pd.Series) -> tuple[dict[object, np.ndarray], np.ndarray]:
    """Per value, the rows whose list cell holds it; and the rows with an empty cell."""
    rows: dict[object, list[int]] = {}
    blank = np.zeros(len(column), dtype=bool)
    for i, cell in enumerate(column.tolist()):
        if cell is None or (isinstance(cell, float) and cell != cell) or len(cell) == 0:
            blank[i] = True
            continue
        for value in cell:
            rows.setdefault(value, []).append(i)
    members = {}
    for value, where in rows.items():
        members[value] = np.zeros(len(column), dtype=bool)
        members[value][where] = True
    return members, blank


def filter_mask(df: pd.DataFrame, filters: Filters, index: TextIndex | None = None,
                columns: FilterColumns | None = None) -> np.ndarray:
    """Boolean array of the rows the filters keep; `index` and `columns` are cached
    `TextIndex(df)` and `FilterColumns(df)` (built here when not given)."""
    missing = missing_columns(df)
    if missing:
        raise KeyError(f"the store has no label column(s) {', '.join(missing)}: it has not "
                       f"been labelled; run 'python -m fetch refresh'")
    cols = columns if columns is not None and columns.rows == len(df) else FilterColumns(df)
    mask = np.ones(len(df), dtype=bool)
    if filters.hide_retracted:
        mask &= ~cols.flag("retracted")
    if filters.conditions:
        mask &= cols.any_of("conditions", filters.conditions)
    if filters.year_from is not None or filters.year_to is not None:
        years = cols.number("pub_year")
        with np.errstate(invalid="ignore"):
            if filters.year_from is not None:
                mask &= years >= filters.year_from
            if filters.year_to is not None:
                mask &= years <= filters.year_to
    if filters.designs:
        mask &= cols.is_in("design", filters.designs)
    if filters.population == "human_clinical":
        mask &= cols.flag("human_clinical")
    elif filters.population == "preclinical":
        mask &= cols.is_in("population", ("animal", "in_vitro")) | cols.is_in("design", ("preclinical",))
    if filters.formulations:
        mask &= cols.any_of("formulation", filters.formulations, empty="unclear")
    if filters.routes:
        mask &= cols.any_of("route", filters.routes, empty="unclear")
    if filters.conclusions:
        mask &= cols.is_in("conclusion", filters.conclusions)
    if filters.min_n:
        with np.errstate(invalid="ignore"):
            mask &= cols.number("sample_size") >= filters.min_n
    terms = search_terms(filters.search)
    if terms and mask.any():
        index = index if index is not None and index.rows == len(df) else TextIndex(df)
        for term in terms:
            mask &= index.contains(term)
    return mask


def apply_filters(df: pd.DataFrame, filters: Filters, index: TextIndex | None = None) -> pd.DataFrame:
    """The rows the filters select, in the frame's order (the one function exports use)."""
    return df.loc[filter_mask(df, filters, index)]


# -- helpers ------------------------------------------------------------------------------
def _as_list(raw) -> list[str]:
    if raw is None:
        return []
    return [raw] if isinstance(raw, str) else [str(v) for v in raw]


def _split(items: Iterable[str] | str) -> list[str]:
    """Values given repeated or comma-separated ('pain,ocd'), trimmed and lower-cased."""
    if isinstance(items, str):
        items = [items]
    out = []
    for item in items:
        out.extend(p.strip().lower() for p in str(item).split(",") if p.strip())
    return out


def _ordered(chosen: Iterable[str], order: tuple[str, ...]) -> tuple[str, ...]:
    chosen = set(chosen)
    return tuple(v for v in order if v in chosen)


def _int_or_none(text: str | None, low: int, high: int) -> int | None:
    try:
        value = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return value if low <= value <= high else None


def _clean_search(text: str) -> str:
    return " ".join(str(text or "").split())[:SEARCH_MAX]

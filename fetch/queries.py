"""The searches the monitor runs (PubMed and ClinicalTrials.gov), read from the user-editable queries.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

QUERIES_FILE = Path(__file__).with_name("queries.toml")


class QueryConfigError(ValueError):
    """The queries file is missing, unreadable or lacks a required entry."""


@dataclass(frozen=True)
class Condition:
    """One condition the monitor tracks: its PubMed block, its registry terms and its offline text terms."""

    name: str
    label: str
    query: str
    text_terms: tuple[str, ...]
    ctgov_cond: str | None = None  # ClinicalTrials.gov `query.cond` expression


@dataclass(frozen=True)
class QueryConfig:
    """The ketamine block and the condition blocks, as configured."""

    ketamine_query: str
    ketamine_terms: tuple[str, ...]
    conditions: tuple[Condition, ...]
    ctgov_intr: str | None = None  # ClinicalTrials.gov `query.intr` expression

    def search_term(self, condition: Condition) -> str:
        """The full PubMed term for one condition: ketamine block AND condition block."""
        return f"({self.ketamine_query}) AND ({condition.query})"

    def terms_by_condition(self) -> dict[str, str]:
        """Every condition's full PubMed term, for the manifest and the export provenance."""
        return {c.name: self.search_term(c) for c in self.conditions}

    def ctgov_terms(self) -> dict[str, str]:
        """The registry searches: 'ketamine' -> query.intr, each condition -> query.cond."""
        missing = [f"[conditions.{c.name}] 'ctgov_cond'" for c in self.conditions if not c.ctgov_cond]
        if not self.ctgov_intr:
            missing.insert(0, "[ketamine] 'ctgov_intr'")
        if missing:
            raise QueryConfigError(f"queries file lacks the ClinicalTrials.gov terms {', '.join(missing)}; "
                                   f"add them or refresh with --source pubmed")
        return {"ketamine": self.ctgov_intr, **{c.name: c.ctgov_cond for c in self.conditions}}


def _clean(query: str) -> str:
    return re.sub(r"\s+", " ", query.replace("\\\n", " ")).strip()


def load_queries(path: Path | None = None) -> QueryConfig:
    """Read and check the queries file, so a typo fails before any request is sent."""
    path = path or QUERIES_FILE
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise QueryConfigError(f"cannot read queries file {path}: {exc}") from exc
    ket = raw.get("ketamine") or {}
    if not ket.get("query"):
        raise QueryConfigError(f"{path}: [ketamine] needs a 'query'")
    conditions = []
    for name, block in (raw.get("conditions") or {}).items():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise QueryConfigError(f"{path}: condition name {name!r} must be lower_snake_case")
        if not block.get("query"):
            raise QueryConfigError(f"{path}: [conditions.{name}] needs a 'query'")
        conditions.append(Condition(name, block.get("label", name), _clean(block["query"]),
                                    tuple(t.lower() for t in block.get("text_terms", [])),
                                    _clean(block["ctgov_cond"]) if block.get("ctgov_cond") else None))
    if not conditions:
        raise QueryConfigError(f"{path}: no [conditions.*] blocks")
    return QueryConfig(_clean(ket["query"]), tuple(t.lower() for t in ket.get("text_terms", [])),
                       tuple(conditions), _clean(ket["ctgov_intr"]) if ket.get("ctgov_intr") else None)


@lru_cache(maxsize=None)
def _terms_regex(terms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + ")", re.IGNORECASE)


def conditions_in(config: QueryConfig, texts: list[str]) -> list[str]:
    """Conditions (in configured order) whose offline text terms occur in any of the texts."""
    # terms match at a word start and hold no newline, so none can match across two texts
    return text_matches(config, "\n".join(t or "" for t in texts))[1]


def text_matches(config: QueryConfig, text: str) -> tuple[bool, list[str]]:
    """Offline approximation of the searches on a text: (mentions ketamine, matching conditions)."""
    ket = bool(config.ketamine_terms) and bool(_terms_regex(config.ketamine_terms).search(text))
    names = [c.name for c in config.conditions
             if c.text_terms and _terms_regex(c.text_terms).search(text)]
    return ket, names

"""The registration record: every column the store holds for a ClinicalTrials.gov study, with its type.

The contract between the ClinicalTrials.gov client (fetch/ctgov.py, which yields dicts with
these keys), the store (registrations-<version>.parquet, fetch/store.py) and the analysis
(analysis/trials.py links registrations and publications).

How conditions are recorded:
  * `conditions` are the registry's own words, as the sponsor entered them.
  * `matched_conditions` are the monitor's conditions whose ClinicalTrials.gov search
    (`ctgov_intr` AND `ctgov_cond` of fetch/queries.toml) returned the registration — the
    registry's search expands synonyms and MeSH terms, so this is the broad set.
  * `mapped_conditions` are the monitor's conditions whose offline `text_terms` (the same
    word-start match the snapshot importer uses, fetch/queries.py) occur in the registry's
    conditions or keywords — what the registration itself says it studies. It can be empty
    (a postoperative-delirium trial found by the pain search) or name a condition the
    searches did not (it is never widened to conditions the monitor does not track).
"""

from __future__ import annotations

import pyarrow as pa

# name -> (arrow type, meaning). Lists are never null (empty list); missing scalars are null.
REGISTRATION_COLUMNS: dict[str, tuple[pa.DataType, str]] = {
    "nct_id": (pa.string(), "ClinicalTrials.gov identifier, NCT + 8 digits (unique key of the table)"),
    "title": (pa.string(), "Brief title (the official title when there is no brief one)"),
    "conditions": (pa.list_(pa.string()), "Conditions as registered (the registry's conditionsModule.conditions)"),
    "mapped_conditions": (pa.list_(pa.string()), "The monitor's conditions whose text_terms occur in the registered conditions or keywords"),
    "interventions": (pa.list_(pa.string()), "Interventions as 'Type: name', e.g. 'Drug: Esketamine'"),
    "overall_status": (pa.string(), "RECRUITING, NOT_YET_RECRUITING, ACTIVE_NOT_RECRUITING, ENROLLING_BY_INVITATION, COMPLETED, TERMINATED, WITHDRAWN, SUSPENDED or UNKNOWN"),
    "phases": (pa.list_(pa.string()), "EARLY_PHASE1, PHASE1 ... PHASE4 or NA (two for a phase 1/2 or 2/3 trial)"),
    "study_type": (pa.string(), "INTERVENTIONAL, OBSERVATIONAL or EXPANDED_ACCESS"),
    "enrollment": (pa.int64(), "Participants: the actual count, or the planned one (see enrollment_type)"),
    "enrollment_type": (pa.string(), "ACTUAL or ESTIMATED (planned); never add the two kinds together unawares"),
    "start_date": (pa.string(), "Study start, ISO as the registry gives it (YYYY-MM or YYYY-MM-DD)"),
    "primary_completion_date": (pa.string(), "Primary completion (last participant's primary outcome), ISO as given"),
    "primary_completion_type": (pa.string(), "ACTUAL or ESTIMATED: whether the primary completion date has happened"),
    "completion_date": (pa.string(), "Study completion, ISO as given"),
    "has_results": (pa.bool_(), "Results are posted on ClinicalTrials.gov"),
    "sponsor": (pa.string(), "Lead sponsor"),
    "reference_pmids": (pa.list_(pa.int64()), "PMIDs the registration lists as its own reports (reference types RESULT and DERIVED; BACKGROUND literature is left out)"),
    "last_update_posted": (pa.string(), "Date the registry last posted a change (ISO); incremental refreshes ask for changes since"),
    "matched_conditions": (pa.list_(pa.string()), "The monitor's conditions whose ClinicalTrials.gov search returned this registration"),
    "first_seen": (pa.string(), "UTC time this store first stored the registration (ISO)"),
    "last_updated": (pa.string(), "UTC time this store last changed the registration (ISO)"),
}

REGISTRATION_LIST_COLUMNS = [name for name, (typ, _) in REGISTRATION_COLUMNS.items()
                             if pa.types.is_list(typ)]

# The registry's status values, grouped the way `status` and the dashboard show them.
# (SUSPENDED is a halt: it counts with terminated and withdrawn, not with running trials.)
STATUS_GROUPS: dict[str, tuple[str, ...]] = {
    "recruiting": ("RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION"),
    "active": ("ACTIVE_NOT_RECRUITING",),
    "completed": ("COMPLETED",),
    "terminated or withdrawn": ("TERMINATED", "WITHDRAWN", "SUSPENDED"),
    "unknown": ("UNKNOWN",),  # and missing or unforeseen values: see status_group
}


def registration_schema() -> pa.Schema:
    """Arrow schema of the registrations table, so every write has the same types."""
    return pa.schema([pa.field(name, typ) for name, (typ, _) in REGISTRATION_COLUMNS.items()])


def status_group(status: object) -> str:
    """The group of one registry status (`unknown` for missing values and ones the registry adds later)."""
    for group, members in STATUS_GROUPS.items():
        if status in members:
            return group
    return "unknown"

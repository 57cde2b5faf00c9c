"""The label columns the analysis adds to an article table: name -> (dtype, meaning).

The contract between the analysis (which writes them), the store and the dashboard (which
read them) and the documentation.  Every label has an `<label>_evidence` column holding the
sentence of the title/abstract (an exact substring, so it can be highlighted) or the metadata
item ("MeSH: ...", "Publication type: ...") that produced it; several items are joined by " | ".
"""

from __future__ import annotations

from analysis import vocabulary as V

EVIDENCE_SEPARATOR = " | "

CONDITION_VALUES = tuple(V.CONDITIONS)
POPULATION_VALUES = ("human", "animal", "in_vitro", "unclear")
DESIGN_VALUES = (
    "rct", "nonrandomised_trial", "observational", "case_report", "case_series", "systematic_review",
    "review", "protocol", "qualitative", "preclinical", "other",
)
FORMULATION_VALUES = ("racemic_ketamine", "esketamine", "arketamine")
ROUTE_VALUES = ("intravenous", "intranasal", "oral", "intramuscular", "subcutaneous", "other")
COMPARATOR_VALUES = ("placebo", "active_placebo", "ect", "active_treatment", "none_unclear")
SAMPLE_SIZE_BASIS_VALUES = (
    "randomised", "enrolled", "analysed", "planned", "case", "included_participants", "included_studies",
)
CONCLUSION_VALUES = ("positive", "negative", "mixed", "neutral", "not_applicable")
REPORT_TYPE_VALUES = ("primary", "secondary_analysis", "protocol", "not_applicable")

# Nested label columns (issue 14): Python lists of dicts in pandas, list<struct> in Parquet, JSON
# strings in CSV/JSONL/Excel.  Empty = [] (never None).  Every item keeps the exact sentence.
FINDING_DOMAINS = tuple(V.FINDING_DOMAINS)
SAFETY_DOMAINS = tuple(V.SAFETY_DOMAINS)
DIRECTION_VALUES = ("significantly increased", "significantly decreased", "no significant difference")
FAVOURS_VALUES = ("ketamine", "comparator", "neither")
FINDING_FIELDS = ("outcome", "domain", "instrument", "comparison", "direction", "favours", "timepoint",
                  "timepoint_hours", "p_value", "effect", "sentence")
EFFECT_FIELDS = ("measure", "value", "ci_low", "ci_high")
RATE_FIELDS = ("arm", "percent", "count", "timepoint", "sentence")
EFFECT_ESTIMATE_FIELDS = ("measure", "value", "ci_low", "ci_high", "outcome", "timepoint", "sentence")
FINDING_SCHEMA_TEXT = (
    "{outcome (as written), domain (" + ", ".join(FINDING_DOMAINS) + "), instrument (MADRS, HAM-D, ... or null), "
    "comparison ('esketamine vs placebo', or 'pre vs post'), direction (" + ", ".join(DIRECTION_VALUES) + "; ketamine arm "
    "relative to the comparator), favours (" + ", ".join(FAVOURS_VALUES) + "; lower symptoms, pain, analgesic use, "
    "dissociation, blood pressure or adverse events are better, higher cognition is better), timepoint (as written), "
    "timepoint_hours (day 28 = 672, week 4 = 672, month = 720 h; null when not one time), p_value (as written), "
    "effect ({measure, value, ci_low, ci_high} or null), sentence}"
)
RATE_SCHEMA_TEXT = "{arm (as written or null), percent (0-100, as written), count (patients, when written), timepoint, sentence}"
EFFECT_SCHEMA_TEXT = ("{measure (SMD, MD, WMD, OR, log OR, RR, HR, IRR, RD, NNT, NNH, Hedges' g, Cohen's d, effect size, "
                      "median difference), value, ci_low, ci_high (95% CI when written; ci_low <= value <= ci_high), "
                      "outcome (words before it, or null), timepoint, sentence}")

# name -> (pandas dtype, meaning).  "object" columns marked list[str] hold Python lists.
LABEL_COLUMNS: dict[str, tuple[str, str]] = {
    "is_ketamine": ("bool", "Article is about ketamine, esketamine or arketamine (title, objective/methods, MeSH or keywords)"),
    "is_ketamine_evidence": ("string", "Sentence or metadata item that shows the article is about ketamine"),
    "conditions": ("object", "list[str] Conditions treated or studied: " + ", ".join(CONDITION_VALUES) + "; empty = none identified"),
    "conditions_evidence": ("string", "Sentences or MeSH headings behind each condition"),
    "population": ("string", "Who was studied: " + ", ".join(POPULATION_VALUES)),
    "population_evidence": ("string", "Sentence or MeSH check tag that decided the population"),
    "design": ("string", "Study design: " + ", ".join(DESIGN_VALUES)
               + " (systematic_review includes meta-analyses; observational = real-world data: cohorts, registries, chart reviews, surveys)"),
    "design_evidence": ("string", "Publication type or sentence that decided the design"),
    "formulation": ("object", "list[str] Ketamine form(s) studied: " + ", ".join(FORMULATION_VALUES)),
    "formulation_evidence": ("string", "Sentences naming the form(s)"),
    "route": ("object", "list[str] Route(s) of the ketamine given: " + ", ".join(ROUTE_VALUES) + "; empty = unclear"),
    "route_evidence": ("string", "Sentences where the route is written next to the drug"),
    "comparator": ("string", "What the study drug was compared against: " + ", ".join(COMPARATOR_VALUES)),
    "comparator_evidence": ("string", "Sentence naming the comparator"),
    "sample_size": ("Int64", "Number of participants (trials: randomised, else enrolled, else analysed; reviews: pooled participants, else included studies); null if not stated"),
    "sample_size_basis": ("string", "What sample_size counts: " + ", ".join(SAMPLE_SIZE_BASIS_VALUES)),
    "sample_size_evidence": ("string", "Sentence the number was read from"),
    "conclusion": ("string", "Authors' verdict on efficacy: " + ", ".join(CONCLUSION_VALUES)
                   + " (not_applicable: protocols, narrative reviews, preclinical work, healthy volunteers, mechanistic work without an efficacy claim)"),
    "conclusion_evidence": ("string", "The authors' conclusion sentence(s) the verdict was read from"),
    "findings": ("object", "list[struct] One item per result statement of a ketamine study: " + FINDING_SCHEMA_TEXT + "; [] if none"),
    "findings_evidence": ("string", "Sentences the findings were read from"),
    "response_rates": ("object", "list[struct] Response rates as written: " + RATE_SCHEMA_TEXT + "; [] if none"),
    "remission_rates": ("object", "list[struct] Remission rates as written: " + RATE_SCHEMA_TEXT + "; [] if none"),
    "effect_estimates": ("object", "list[struct] Every effect estimate stated with a named measure: " + EFFECT_SCHEMA_TEXT + "; [] if none"),
    "outcomes_evidence": ("string", "Sentences the rates and the effect estimates were read from"),
    "retracted": ("bool", "Article is retracted (store's retraction signals, 'Retracted Publication' type, or a 'Retracted:' title)"),
    "retracted_evidence": ("string", "Retraction signal or title that flags it"),
    "registry_ids": ("object", "list[str] Trial registration numbers (DataBankList, title, abstract), normalised: NCT01234567, "
                     "ISRCTN12345678, EUCTR2015-001234-56, CTIS2023-501234-12-00, ChiCTR2100045678, ACTRN12620000123456, "
                     "CTRI/2020/01/012345, DRKS00012345, IRCT...N1, UMIN000012345, jRCTs031210124, NTR1234/NL1234, PACTR..., "
                     "RBR-xxxxxx, TCTR..., KCT0001234, SNCTP000003139; a number a main report or protocol cites only in "
                     "its background (another trial) is left out"),
    "registry_ids_evidence": ("string", "DataBank item ('DataBank: ClinicalTrials.gov NCT...') or sentence naming each number"),
    "report_type": ("string", "Which report of a trial: " + ", ".join(REPORT_TYPE_VALUES)
                    + " (secondary_analysis: secondary, post hoc, pooled or follow-up analysis of a trial or study reported "
                    "elsewhere; not_applicable: reviews and preclinical work; case reports and observational studies are primary)"),
    "report_type_evidence": ("string", "Sentence (or the design's evidence) that decided the report type"),
    "trial_key": ("string", "The trial the publication belongs to: the smallest NCT number (else smallest registration "
                  "number) of the publications sharing a registration number, or 'pmid:<pmid>' without one; reviews "
                  "and preclinical work keep their own (analysis.trials.assign_trial_keys)"),
    "human_clinical": ("bool", "Human study that is not preclinical: the dashboard's 'human clinical studies' filter"),
}

LIST_LABEL_COLUMNS = ("conditions", "formulation", "route", "registry_ids")
NESTED_LABEL_COLUMNS = ("findings", "response_rates", "remission_rates", "effect_estimates")


def label_arrow_types() -> dict:
    """The explicit Arrow type of each nested label column, so an all-empty column is never null-typed."""
    import pyarrow as pa

    effect = pa.struct([("measure", pa.string()), ("value", pa.float64()), ("ci_low", pa.float64()), ("ci_high", pa.float64())])
    finding = pa.struct([
        ("outcome", pa.string()), ("domain", pa.string()), ("instrument", pa.string()), ("comparison", pa.string()),
        ("direction", pa.string()), ("favours", pa.string()), ("timepoint", pa.string()),
        ("timepoint_hours", pa.float64()), ("p_value", pa.string()), ("effect", effect), ("sentence", pa.string()),
    ])
    rate = pa.struct([("arm", pa.string()), ("percent", pa.float64()), ("count", pa.int64()),
                      ("timepoint", pa.string()), ("sentence", pa.string())])
    estimate = pa.struct([("measure", pa.string()), ("value", pa.float64()), ("ci_low", pa.float64()),
                          ("ci_high", pa.float64()), ("outcome", pa.string()), ("timepoint", pa.string()),
                          ("sentence", pa.string())])
    return {"findings": pa.list_(finding), "response_rates": pa.list_(rate), "remission_rates": pa.list_(rate),
            "effect_estimates": pa.list_(estimate)}


def nested_arrow_array(name: str, values) -> "object":
    """A nested label column as an Arrow array of its declared type (None cells become [])."""
    import pyarrow as pa

    cells = [[dict(x) for x in v] if v is not None and not isinstance(v, (float, str)) else [] for v in values]
    return pa.array(cells, type=label_arrow_types()[name])

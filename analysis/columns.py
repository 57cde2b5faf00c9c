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
    "response_rates": ("string", "Response rates as reported, per arm when the abstract names it, e.g. 'ketamine 52%; placebo 20%'; null if not reported"),
    "remission_rates": ("string", "Remission rates as reported, per arm when named; null if not reported"),
    "effect_estimate": ("string", "First effect estimate with a 95% CI in the results, e.g. 'SMD -0.56 (95% CI -0.82 to -0.30)'; null if none"),
    "outcomes_evidence": ("string", "Sentences the rates and the effect estimate were read from"),
    "retracted": ("bool", "Article is retracted (store's retraction signals, 'Retracted Publication' type, or a 'Retracted:' title)"),
    "retracted_evidence": ("string", "Retraction signal or title that flags it"),
    "human_clinical": ("bool", "Human study that is not preclinical: the dashboard's 'human clinical studies' filter"),
}

LIST_LABEL_COLUMNS = ("conditions", "formulation", "route")

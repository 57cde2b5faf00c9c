"""Which way is better for an outcome: less pain, more remission.

`lower_is_better(outcome)` judges the outcome's first named measure against the LOWER_IS_BETTER
vocabulary below (symptoms, adverse events, costs, severity scales), with the exceptions an outcome's
name can make: "time to relapse" and "relief of X" are better higher, and an outcome named by its
fall or improvement ("reduction in depressive symptoms") is better the more of it there is.
"""

from __future__ import annotations

import re

from analysis.result_text import _rx

# --------------------------------------------------------------------------------------
# Settings (edit here)
# --------------------------------------------------------------------------------------

# Outcomes where lower is better, so "improved"/"better" means the value went down (and
# "worse"/"worsened" that it went up).
LOWER_IS_BETTER = (
    r"pain", r"swelling", r"redness", r"tension", r"anger", r"confusion", r"mortality", r"death", r"died",
    r"dying", r"fatal", r"risk", r"incidence", r"nausea", r"vomit", r"symptom", r"adverse", r"complication", r"infection", r"failure", r"recurren", r"relapse",
    r"severity", r"disabilit", r"depress", r"anxiety", r"fatigue", r"loss", r"bleed", r"blood loss",
    r"length of (?:hospital )?stay", r"hospitali[sz]ation", r"admission", r"readmission", r"duration",
    r"time to", r"stress", r"distress", r"morbidity", r"toxicit", r"resistance", r"burden", r"error",
    r"exacerbation", r"itch", r"pruritus", r"insomnia", r"delirium", r"agitation", r"craving",
    r"hypotension", r"hypoxaemia", r"hypoxemia", r"dysfunction", r"stenosis", r"edema", r"oedema",
    r"inflammation", r"discomfort", r"dyspnea", r"dyspnoea", r"cough", r"lesion", r"injur",
    # more classes where less is better: side effects, rescue medication, costs, events
    r"side[\s-]effect", r"headache", r"dizziness", r"drowsiness", r"shivering", r"bradycardia", r"tachycardia",
    r"arrhythmi", r"hypoglyc[a]?emi", r"seizure", r"fever", r"diarrh", r"constipation", r"ulcer", r"wheez",
    r"consumption", r"requirement", r"rescue", r"cost", r"dropout", r"drop-out", r"withdraw", r"emergency",
    r"attack", r"episode", r"hospital\s+visit", r"mistake", r"fall(?:s|\b)", r"fracture", r"dependen", r"impairment",
    r"problem", r"difficult", r"aggressi", r"hostil", r"irritab", r"alexithymi", r"dysregulat",
    r"negative\s+(?:emotion|affect|symptom|behaviou?r|thought|mood|feeling|self|attitude|event)",
    # symptom and severity scales, scored so that lower is better (not VAS/NRS: they also rate satisfaction)
    r"ham-?d\b", r"hamilton", r"madrs", r"\bbdi\b", r"\bphq", r"\bgad-?7", r"panss", r"bprs", r"y-?bocs", r"\bcaps\b",
    r"\bpcl", r"womac", r"oswestry", r"\bodi\b", r"\bipss", r"\bpsqi", r"\bpasi\b", r"\beasi\b", r"scorad", r"das-?28",
    r"\bhaq", r"epworth", r"apache", r"\bsofa\b", r"nihss", r"\bedss", r"updrs", r"adas-?cog",
)
TIME_TO_HARM_IS_UP = True  # "time to relapse", "progression-free survival", "relief of symptoms": higher is better
# Round 7.  An outcome named by its change ("reduction in X") is that change:
OUTCOME_IS_ITS_CHANGE = True  # "X was reduced with drug" is up, and so is a negative difference in X
CHANGE_NAMED_SENSE = True  # ... more of a reduction or an improvement is better ("superior for reducing X" is up)
IMPROVEMENT_OF_LOWER_FALLS = True  # ... "improvement in MADRS score": a negative difference in MADRS is more improvement


# --------------------------------------------------------------------------------------
# Compiled once
# --------------------------------------------------------------------------------------

_LOWER_BETTER = _rx(r"\b(?:" + "|".join(LOWER_IS_BETTER) + r")")
OUTCOME_HEAD = re.compile(r"[,;]|\band\b")
_TIME_TO_HARM = _rx(r"\b(?:time|days?|weeks?|months?)\s+(?:to|until|before)\s+(?:the\s+)?(?:first\s+)?(?:recurren|relapse|progression|death|"
                    r"treatment\s+failure|failure|exacerbation|readmission|rehospitali|hospitali|rescue|attack|seizure|fall)"
                    r"|\b[\w-]+[\s-]free\s+(?:survival|interval|time|period)"
                    r"|^\W*(?:the\s+|complete\s+|total\s+|sustained\s+|symptom\s+)*(?:relief|resolution|remission|recovery|healing|"
                    r"cessation|absence|disappearance|prevention|control|freedom)\s+(?:of|from)\b")
CHANGE_NAMED_OUTCOME = _rx(r"\W*(?:the\s+|a\s+|mean\s+|greater\s+)*(?P<noun>reductions?|decreases?|declines?|drops?|falls?|"
                            r"increases?|rises?|gains?|improvements?|elevations?)\s+(?:in|of)\b")
_UP_CHANGE_NOUN = _rx(r"increases?|rises?|gains?|elevations?")
_FALL_NOUN = _rx(r"reductions?|decreases?|declines?|drops?|falls?")


# --------------------------------------------------------------------------------------
# Which way is better
# --------------------------------------------------------------------------------------


def names_a_fall(outcome: str) -> bool:
    """Whether the outcome is named as its measure's fall ("reduction in MADRS", "improvement in MADRS")."""
    low = outcome.lower()
    named = CHANGE_NAMED_OUTCOME.match(low)
    if named is None:
        return False
    noun = named.group("noun")
    return bool(_FALL_NOUN.fullmatch(noun) or (IMPROVEMENT_OF_LOWER_FALLS and noun.startswith("improvement")
                                               and _LOWER_BETTER.search(low[named.end():])))


def lower_is_better(outcome: str) -> bool:
    """Whether less of the outcome is the good result (judged on its first named measure)."""
    head = (OUTCOME_HEAD.split(outcome, 1)[0] or outcome).lower()
    if OUTCOME_IS_ITS_CHANGE and CHANGE_NAMED_SENSE:
        named = CHANGE_NAMED_OUTCOME.match(outcome.lower())
        if named is not None and not _UP_CHANGE_NOUN.match(named.group("noun")):
            return False  # "reduction in depressive symptoms", "improvement in pain": the more of it, the better
    if TIME_TO_HARM_IS_UP and _TIME_TO_HARM.search(head):
        return False  # "time to recurrence", "relapse-free survival": the longer the better
    return bool(_LOWER_BETTER.search(head))

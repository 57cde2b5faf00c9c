"""Which way a trial result went, read from the sentence that reports it.

Public functions, rule-based and cheap (regexes compiled once; about 80 µs CPU per classify):
`classify(sentence, intervention, comparator, outcome, following="", require_significance=False)`
gives "significantly increased", "significantly decreased" or "no significant difference" for the
intervention arm relative to the comparator, or None when the sentence does not say; `explain(...)`
gives the same label with the rule that decided it; `significance(text)`, `stated_significance`,
`p_values(text)` and `lower_is_better(outcome)` are the pieces, for reuse.  The rules are general
statements about how trial results are written: negated significance, p-value thresholds and
confidence intervals, the p-value that belongs to the outcome (after its fullest mention, or at its
place in a "respectively" list), comparative words read next to the outcome's fullest mention and
the outcome's sense (lower is better for pain, mortality, ...), changes held back ("prevented the
rise"), which arm is the subject of the comparison (group letters and labels, add-on designs, "the
non-X group"), the clause about the outcome in a sentence about several, values given per arm or
listed against the arms "respectively".  Every word list and switch is in
the settings block below (the few shared with the sentence ranking are in `analysis.result_text`);
the USE_* switches name the rule families so their effect on the dev split can be measured (python
-m analysis evaluate-inference).  Choosing the sentence is `analysis.result_sentences`, kept apart
as a concept of its own; `best_sentence` and `rank_sentences` are re-exported here so callers can
keep using `direction.best_sentence` / `direction.rank_sentences`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.result_sentences import (  # noqa: F401  (re-exported for callers of analysis.direction)
    BONUS_COMPARATIVE,
    best_sentence,
    rank_sentences,
)
from analysis.result_text import DOWN_WORDS, STOPWORDS, UP_WORDS, WITHIN_GROUP, _BASELINE, _WORD, _rx, _stem, words
from analysis.text import normalise

INCREASED = "significantly increased"
DECREASED = "significantly decreased"
NO_DIFFERENCE = "no significant difference"
LABELS = (INCREASED, DECREASED, NO_DIFFERENCE)

# --------------------------------------------------------------------------------------
# Word lists (general language of trial results; edit here)
# --------------------------------------------------------------------------------------

# STOPWORDS, WITHIN_GROUP, UP_WORDS and DOWN_WORDS are in analysis/result_text.py (the sentence
# ranking reads them too); the weights of the ranking are in analysis/result_sentences.py.

# Words of a prompt's arm description that never name the arm in a sentence ("did not receive the education").
ARM_STOPWORDS = frozenset("not did does receive receives given who".split())
# Units of a dose ("1 μg/kg as bolus over 10 min"): they name no arm.
ARM_UNITS = frozenset("mg kg ml hr hrs min mins µg μg ug mcg iu mmol mm cm wk bid tid qid".split())
USE_ARM_UNITS = True
# Numbers of a dose name the arm only when the arm has no other word of its own.
ARM_NUMBERS_ONLY_ALONE = True

# Negated or absent significance: the arms did not differ on this outcome.
# "without (significantly) affecting X": X did not differ
WITHOUT_VERBS = (r"(?:affecting|altering|changing|influencing|increasing|decreasing|reducing|modifying|attenuating|improving|"
                 r"worsening|impairing|enhancing|lowering|raising|prolonging|shortening)")
NO_DIFFERENCE_PATTERNS = (
    r"\bno(?:t)?\s+(?:\w+\s+){0,3}?(?:statistically\s+|clinically\s+)?significan\w*",
    r"\bnon-?\s?significan\w*",
    r"\b(?:statistical\s+)?significance\s+(?:was|were)\s+not\s+(?:observed|found|reached|achieved|attained|detected|seen)\b",
    r"\binsignifican\w*",
    r"\bnot\s+(?:\w+\s+){0,2}?(?:statistically\s+)?significan\w*",
    r"\b(?:did|do|does|could|was|were|is|are|has|have|had)\s*n[o']t\s+(?:\w+\s+){0,3}?"
    r"(?:differ|change|reach|achieve|show|find|demonstrate|detect|affect|alter|improve|increase|reduce|"
    r"decrease|lower|influence|modify|result|lead|produce|attain|vary)\w*",
    r"\bno\s+(?:[\w-]+\s+){0,2}?(?:difference|differences|change|changes|effect|effects|impact|improvement|"
    r"reduction|increase|decrease|association|benefit|advantage|superiority)\b",
    r"\b(?:similar|comparable|equivalent|identical|equal|indistinguishable)\b",
    r"\bfail(?:ed|s)?\s+to\b",
    r"\b(?:unchanged|unaffected|unaltered)\b",
    # "NS" / "n.s." for not significant, not "NS" for normal saline or nasal spray ("NS group", "NS-treated")
    r"\bn\.\s?s\.(?!\w)|\bns\b(?:(?<=[(,;]ns)|(?<=[(,;] ns)|(?<=p=ns)|(?<=p ns)|(?<=p = ns)|(?<=p= ns)|(?<=p =ns)|(?<=p: ns))"
    r"(?![-\w])(?!\s+(?:group|arm|patients|spray|solution|infusion))",
    r"\bneither\b",
    r"\bnon-?inferior\w*",
    r"\bwas\s+not\s+(?:different|associated|changed|altered|affected)\b",
    r"\bwere\s+not\s+(?:different|associated|changed|altered|affected)\b",
    r"\bnot\s+(?:statistically\s+)?different\b",
    r"\bdid\s+not\b",
    r"\bnone\b[^.;]{0,60}\bdiffer",
    r"\bnor\b",
    r"\bno\s+(?:[\w-]+\s+){0,4}?(?:was|were)\s+(?:observed|found|seen|detected|noted|reported|recorded)\b",
    r"\bas\s+(?:effective|efficacious|good|safe|well\s+tolerated)\s+as\b",
    r"\bwithout\s+(?:significantly\s+)?" + WITHOUT_VERBS + r"\b",
    # elided: "X was reduced, while Y was not."
    r"\b(?:was|were|did|does|do|is|are|had|has|have)\s+not\s*(?:[.;,)]|$)",
    # a trend is a difference that did not reach significance ("tended to" is not: experts read it either way)
    r"\btrend(?:ed|s)?\s+(?:\w+\s+){0,2}?(?:toward|towards|to)\b|\bnon-?\s?statistically\s+significan\w*",
    # "no higher than for placebo", "no evidence of impairment", "not superior to placebo": not different
    r"\bno\s+(?:higher|lower|greater|more|less|different|better|worse|larger|smaller)\s+than\b",
    r"\bno\s+evidence\s+(?:of|for)\b",
    r"\bnot\s+(?:statistically\s+)?(?:superior|better|more\s+effective)\s+(?:to|than)\b",
    # "without significant BPRS or CADSS elevation"
    r"\bwithout\s+(?:a\s+|any\s+)?(?:statistically\s+)?significant\b",
)
# Between-group negation: wins over significant changes within each group.
BETWEEN_NEGATION = (
    r"\b(?:no|not|nor|none|without)\b[^.;]{0,60}\b(?:between|among|across)[\s-]+(?:the\s+)?"
    r"(?:two\s+|three\s+|four\s+|\d\s+|treatment\s+|study\s+)?(?:groups?|arms?|treatments)",
    r"\bno\s+between-?\s?groups?\b",
    r"\b(?:in|for)\s+both\s+(?:the\s+)?(?:groups|arms)\b",
    r"\bnot\s+(?:be\s+)?(?:significantly\s+)?different\s+between\b",
    # "the between-group difference was not significant"
    r"\b(?:between[\s-]+(?:the\s+)?groups?|inter-?group)\s+(?:differences?|comparisons?)\b[^.;]{0,30}?\b(?:not\b|non-?significant|insignificant)",
)
# Both arms changed alike ("improved in both groups", "CT and BT both reduced").
BOTH_GROUPS = "|".join((
    r"\b(?:in|for)\s+both\s+(?:the\s+)?(?:[\w-]+\s+)?(?:groups|arms|cases|conditions|treatments)\b",
    r"\bboth\s+(?:groups|arms|treatments|regimens)\b",
    r"\b[\w-]+\s+and\s+[\w-]+\s+both\b",
    r"\bin\s+all\s+(?:three\s+|four\s+)?(?:groups|arms)\b",
    r"\ball\s+(?:treatments|groups|arms|regimens)\b",
    r"\beach\s+(?:group|arm)\b",
))

# Significance stated in words.
SIGNIFICANT_PATTERNS = (
    r"\bsignifican(?:t|tly|ce)\b",
    r"\bstatistically\b",
)

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
# Words that introduce the reference arm of a comparison ("... than placebo").
REFERENCE_CUES = r"(?:than|compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|versus|vs\.?|relative\s+to|over|against|as\s+opposed\s+to|unlike)"
# Generic names for the control arm (matched to a comparator that names one of them).
CONTROL_WORDS = frozenset("""placebo control controls sham usual standard conventional routine vehicle saline no
    untreated waitlist water""".split())
# Generic names for the treatment arm.
TREATMENT_WORDS = frozenset("intervention experimental treatment active study".split())

# Clause boundaries inside a sentence reporting several outcomes.
CLAUSE_SPLIT = (r";|,?\s+(?:while|whereas|but(?!\s+not\s+[^,;()]{1,40},)|however|although|except)\s+|,?\s+(?=without\s+(?:a\s+|any\s+)?(?:statistically\s+)?significant\s)|,?\s+(?=without\s+(?:significantly\s+)?" + WITHOUT_VERBS + r"\b)|,\s+and\s+(?=(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,5}\s+"
                r"(?:was|were|did|had|showed|increased|decreased|improved|reduced)\b)")


# Reading the direction.
P_THRESHOLD = 0.05
P_EQUAL_THRESHOLD_IS_NS = 1  # 1: "p = 0.05" reads as not significant; 0: it decides nothing (words decide)
# Rule families that can be switched off (to measure what each one brings on the dev split).
USE_CI = True              # a CI spanning / excluding no effect decides significance when no p-value is given
NEAREST_P_NO_ARM_BETWEEN = True  # ... unless an arm is named between the outcome and that p-value
USE_RESPECTIVE_P = True   # "A, B and C ... (p = x, y and z, respectively)": the p-value at the outcome's place
USE_RESPECTIVE_VALUES = True  # "A and B were x and y with drug and u and v with placebo, respectively"
USE_INVERSE_MEASURE = True  # "a reduction in productivity loss" for the outcome "work productivity": the other way
USE_NEAREST_P = True       # with mixed p-values, the one after the outcome's fullest mention decides
USE_BOTH_GROUPS = True     # "improved in both groups" (and no comparison) reads as no difference
BOTH_UNLESS_MAGNITUDE = True  # ... unless "with greater increase in X": that is a comparison
USE_MAGNITUDE = True       # "greater reduction", "less decline": magnitude times the change's own direction
MAGNITUDE_OWN_ONLY_IMPROVEMENT = False  # True: an outcome named by its change ("reductions in BP") is still composed,
                                        # except improvement words; False (round 7): "greater reductions" is more of it, up
OWN_CHANGE_HEAD_ONLY = True  # ... judged on the outcome's first named measure ("severity ..., PGI-Improvement")
USE_OUTCOME_CLUSTER = True  # direction words are read near the outcome's fullest mention, not any of its words
CLUSTER_SPAN = 6           # words (outside brackets) a mention may span
USE_FOLLOW_UP = True       # "This difference was not significant." in the next sentence decides significance
USE_ELLIPSIS = True        # "significant with X 60 mg, but not with X 30 mg"
USE_BRACKET_MASK = True    # never cut a clause at a ";" inside brackets (off before; on after the other changes: A +1, B same)
USE_GROUP_LABELS = True    # arms called "Group A"/"group II" in the prompt are found by that label
USE_GROUP_INITIALS = True  # ... or by the initial of the arm ("Group K" for ketamine) when only one arm has it
GROUP_C_IS_CONTROL = True  # ... "Group C" is the control group when the comparator is one
GROUP_SEVERAL_LETTERS = True  # ... several letters for one arm when every letter in the sentence is accounted for
OUTSIDE_BRACKETS_FIRST = True  # a comparative word inside brackets counts only when none is outside
USE_ADD_ON_NAMES = True    # "X plus Y" vs "Y alone": "combination" names the first arm, "monotherapy" the second
USE_BOTH_THEN_COMPARISON = True  # "... in both groups, but the decrease was greater in X": read the comparison
REFERENCE_NOT_BASELINE = True  # "compared with baseline/pre-treatment" is no reference arm
BASELINE_REFERENCE_THAT = True  # ... nor "compared with that observed before X intake"
ELLIPSIS_ARM_CONTRAST = True  # ... unless the significant part names the comparator ("rose with placebo but not with X")
ELLIPSIS_REFERENCE_NOT_SUBJECT = True  # ... but a comparator named after "versus/compared with/than" is only the reference
USE_SINGLE_ARM_LEAD = True  # one arm named before "a vs b": the first value is that arm's
USE_SIGNED_DIFF = True     # "the difference was -0.43%" reads as a decrease (intervention minus comparator)
VALUE_THEN_ARM = True  # "60% among those given X and 45% among the others": a value followed by one arm's name is that arm's
LEADING_REFERENCE_COMMA = True  # "Compared with X, Y had ...": an arm named after the comma is the subject
GROUP_ABBREVIATIONS = True  # "the PP group", "the Co group": a short label that abbreviates one arm's words
NEGATED_ARM_WORDS = True  # "control (no trimetazidine)": a drug an arm is said to lack does not name that arm
USE_CHANGE_AMOUNTS = True  # "pain fell by 2 points with placebo and by 5 with drug": the arm with the bigger change
USE_ARM_INEQUALITY = True  # "ketamine > placebo": the arms ordered by a sign
ELLIPTICAL_NOUN = True  # "improved A, B and C, but not D": the clause "not D" is no difference for D
UNLABELLED_RATIO_CI = True  # "RR 0.6 (0.3 to 1.2)": a ratio's interval decides significance without the "95% CI" label
RESPECTIVE_DIRECTIONS = True  # "A and B were higher and lower, respectively": the word at the outcome's place
MAGNITUDE_AFTER_OUTCOME = True  # "the increase in heart rate was significantly lower": a smaller increase
NEXT_ITEM_WORD = True  # ... but a word after the mention and a bare "and" / comma opens the next item ("higher A and lower B")
GAP_DISTANCE = True  # the direction word nearest the outcome's mention by the gap between them, not by word starts
DIFFERENCE_ARM_ORDER = True  # "the difference (placebo minus drug) was -1.3": the arms' order sets the sign's sense
ORDER_FROM_SENTENCE = True  # values in a clause naming no arm follow the order the sentence names the arms in
N_OF_M_FRACTIONS = True  # "12 of 40 patients" is one value, the proportion 12/40
STATISTIC_NOT_ARM = True  # a letter that opens a statistic ("p = 0.04", "r = 0.3") or a unit ("μg") names no arm
GENERIC_NAMES_NEXT = True  # "treatment with placebo": a generic treatment word followed by the comparator's name is the comparator
RATIO_NAMED_ARMS = True  # "the hazard ratio for death with X versus Y was 0.70": the arms' order sets the ratio's sense
OWN_BETTER_IS_UP = True  # an outcome named as the improvement ("improvement in dyspnoea") rises when it improves
TIME_NOT_ARM = True  # "post-intervention", "pre-treatment" name a time, not an arm
USE_LABELLED_VALUES = True  # "(asthmatics +18%, normals +34%)": values labelled by arm in one bracket decide
BETWEEN_NEG_NO_COMPARISON = True  # "fell in the X group, without differences among the groups": no arm compared, none differ
RATIO_BEFORE_VALUES = True  # "the incidence rate ratio was 0.38 ... and 0.07 among X": with no arm named, a ratio's values are not two arms'
TIME_TO_HARM_IS_UP = True  # "time to relapse", "progression-free survival", "relief of symptoms": higher is better
MORE_EFFECTIVE_IS_BETTER = True  # "more effective" on an outcome where less is better reads as lower
NEGATED_MENTION = True  # "the non-tourniquet group": a negated arm word names the arm that lacks it
LABELS_ONLY = True  # ... and when a clause names both arms by label, their other words (units, "h") name no arm there
NEAREST_MAGNITUDE = True  # of several magnitude-of-change phrases, the one nearest the outcome's mention decides
AND_NEW_SUBJECT = True  # "A fell in X and B rose in Y": two clauses, when a result verb stands on each side of "and"
RESPECTIVE_ARM_LIST = True  # "53.9, 54.2 and 35.3 for A low, A high and B, respectively": values matched to the arm list
PERCENT_VALUES_ONLY = True  # of a clause's values, the percentages are the arms' when two or more are
NAMED_PAIR_NO_DIFFERENCE = True  # "... and did not differ between GDM1 and controls": both arms named as alike decides
OUTCOME_NUMBER_DECIDES = True  # the clause naming the outcome's number (time point, dose) wins over one that names none
NEGATION_OWN_OBJECT = True  # a negation with its own object ("no effect on POSD") in another clause is not this outcome's
USE_BASELINE_CLAUSE = False  # a clause about baseline ("before treatment") is not the result (tried: no effect, off)
USE_LEADING_REFERENCE = True  # "Compared with placebo, ketamine ...": the arm after the opening cue is the reference
USE_GOVERNING_NOUN = True  # "a decrease in A, B and C": the change noun before the outcome decides
# Round 7.  An outcome named by its change ("reduction in X") is that change:
OUTCOME_IS_ITS_CHANGE = True  # "X was reduced with drug" is up, and so is a negative difference in X
CHANGE_NAMED_SENSE = True  # ... more of a reduction or an improvement is better ("superior for reducing X" is up)
IMPROVEMENT_OF_LOWER_FALLS = True  # ... "improvement in MADRS score": a negative difference in MADRS is more improvement
SIGNIFICANT_OWN_NOUN = True  # ... "a significant reduction in X with A versus B" is up
DOSE_NOT_DIRECTION = True  # "the higher dose of ketamine", "lower-dose": a dose, not a direction
BOTH_UNLESS_ONE_ARM_HIGHER = True  # "high in both groups at D1, and significantly higher in the X group at D7": a comparison
LISTED_TIME_P = True  # "on days 3, 14, 28 ... (p<0.05), (p<0.05), (p=0.76) respectively": the p at the outcome's day
CLAUSE_GENERIC_WEIGHT = 0.5  # clause choice: a generic outcome word ("scores", "levels", "total") counts this much
GENERIC_OUTCOME_WORDS = "score scores scale level levels rate rates total change changes mean value values measure measures".split()
CLAUSE_NUMBER_WEIGHT = 2   # clause choice: a number of the outcome (time point, dose) counts this many words
CLAUSE_ARM_WEIGHT = 0.0    # clause choice: weight of an intervention word (0.5 tried: worse on half B, off)
# Arms are named by rarer words; a longer stem keeps "intervention" apart from "interval".
ARM_STEM_LENGTH = 7

# --------------------------------------------------------------------------------------
# Compiled once
# --------------------------------------------------------------------------------------


_BRACKET = re.compile(r"[()\[\]]")
_INNER_BRACKETS = re.compile(r"\([^()\[\]]*\)|\[[^()\[\]]*\]")
_NON_SPACE = re.compile(r"\S")
_NUMBER_IN = re.compile(r"\d+(?:\.\d+)?")
_NO_DIFF = _rx("|".join(NO_DIFFERENCE_PATTERNS))
_SIGNIF = _rx("|".join(SIGNIFICANT_PATTERNS))
_UP = _rx(r"\b(?:" + "|".join(UP_WORDS) + r")\b")
_DIRECTION = _rx(r"\b(?:(?P<up>" + "|".join(UP_WORDS) + r")|(?P<down>" + "|".join(DOWN_WORDS) + r"))\b")
_LOWER_BETTER = _rx(r"\b(?:" + "|".join(LOWER_IS_BETTER) + r")")
_OUTCOME_HEAD = re.compile(r"[,;]|\band\b")
_SIGNED = re.compile(r"\(\s*([-−–+])\s*\d+(?:\.\d+)?\s*%?")
_QUANTIFIER = _rx(r"(?:more|less|greater|fewer|lower|higher)\s+than\s+(?:[-−–]?\d|one|two|three|half|twice)"
                  r"|(?:lower|higher|greater|less|more)\s+than\s+(?:the\s+)?(?:normal\s+values?|upper\s+limit|"
                  r"reference\s+(?:range|values?|limit))\b")
_DOSE_AFTER = _rx(r"[\s-]+(?:doses?|dosages?|dosing)\b")
_MAG = r"greater|larger|bigger|more|less|lesser|smaller|fewer|higher|lower"
_CHANGE = (r"reduc\w*|decreas\w*|declin\w*|improv\w*|increas\w*|gain\w*|loss|drop(?!-?outs?\b)\w*|fall|rise|"
           r"lowering|elevation|weight\s+loss|lost|lose|loses|losing|worsening|deterioration")
# A change held back ("prevented the rise in X", "the decline in X was attenuated"): the opposite way.
_ATTENUATOR = (r"attenuat\w*|prevent\w*|blunt\w*|inhibit\w*|suppress\w*|abolish\w*|mitigat\w*|counteract\w*|"
               r"dampen\w*|curb\w*|halt\w*|reduc\w*|limit\w*|lessen\w*")
_HELD_CHANGE = (r"increase|increases|rise|rises|elevation|gain|decrease|decreases|decline|drop|fall|loss|reduction|"
                r"deterioration|worsening")
_ATTENUATED = _rx(
    r"\b(?P<att1>" + _ATTENUATOR + r")\s+(?:the|a|an|any|this)\s+(?:[\w-]+\s+){0,2}?(?P<chg1>" + _HELD_CHANGE + r")\b|"
    r"\b(?P<chg2>" + _HELD_CHANGE + r")\s+(?:in|of)\s+(?:[\w-]+\s+){0,5}?(?:was|were)\s+"
    r"(?:significantly\s+|markedly\s+|partly\s+|partially\s+|completely\s+)?(?P<att2>" + _ATTENUATOR + r")\b")
USE_ATTENUATION = True
_MAGNITUDE_CHANGE = _rx(
    r"\b(?P<mag1>" + _MAG + r")\s+(?:[\w-]+\s+){0,2}?(?P<chg1>" + _CHANGE + r")\b|"
    r"\b(?P<chg2>" + _CHANGE + r")\s+(?:[\w-]+\s+){0,3}?(?P<mag2>" + _MAG + r")\s+than\b|"
    r"\b(?P<chg3>" + _CHANGE + r")\s+(?:(?:significantly|statistically|much|far|slightly|the|was|were)\s+){0,3}(?P<mag3>" + _MAG + r")\b"
    + (r"|\b(?P<chg4>increase|increases|rise|decrease|decreases|decline|drop|fall|reduction|reductions|improvement|improvements)"
       r"\s+(?:in|of)\s+(?:[\w-]+\s+){1,4}?(?:was|were)\s+(?:(?:significantly|statistically|much|far|slightly)\s+){0,2}"
       r"(?P<mag4>" + _MAG + r"|higher|lower)\b" if MAGNITUDE_AFTER_OUTCOME else ""))
_GOVERNING = _rx(r"(?:increase|increases|decrease|decreases|reduction|reductions|improvement|improvements|rise|decline|"
                 r"elevation|drop|fall|gain)\s+(?:in|of)\b")
_MAG_UP = _rx(r"greater|larger|bigger|more|higher")
_BETWEEN_NEG = _rx("|".join(BETWEEN_NEGATION))
_NO_GROUP_DIFFERENCE = _rx(BETWEEN_NEGATION[0])
_WITHIN_OR_BOTH = _rx(WITHIN_GROUP + r"|\b(?:in|for)\s+(?:both|all|each)\b|\bwithin\b|" + BOTH_GROUPS)
_BOTH = _rx(BOTH_GROUPS)
_LEADING_REFERENCE = _rx(r"\s*(?:\w+\s+){0,3}?(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|relative\s+to|versus|vs\.?|unlike)\s")
_LEADING_CONCESSIVE = _rx(r"\s*(?:while|although|though|whereas|despite|apart\s+from|except\s+for|with\s+the\s+exception\s+of|aside\s+from|other\s+than)\b[^,;]{3,200},")
# "group A", "group II", "B group" ("a group" is an article, not a label)
_GROUP_MENTION = re.compile(r"\bgroup\s+([a-d]|i{1,3}v?|[1-4])\b|\b([b-d]|i{1,3}v?|[1-4])\s+group\b")
_GROUP_LABEL = _GROUP_MENTION
_GROUP_LETTER = re.compile(r"\bgroups?\s+([a-z])\b(?!\s*[=:])")
_GROUP_ANY = re.compile(r"\bgroup\s+([a-z]|i{1,3}v?|[1-4])\b|\b([b-z]|i{1,3}v?|[1-4])\s+group\b")
_SIGNED_DIFFERENCE = _rx(r"\bdifference\b[^.;]{0,50}?(?:\bwas|\bof|=|:)\s*([-−–+])\s*\d")
_FOLLOW_UP = _rx(r"\s*(?:however,?\s+)?(?:this|these|the|such|both|that)\s+(?:[\w-]+\s+){0,2}?(?:difference|differences|finding|findings|effect|effects|"
                        r"reduction|reductions|increase|increases|change|changes|improvement|improvements|result|results|trend)\b")
# "(p = 0.01, p = 0.2 and p = 0.03, respectively)", "(P = 0.01, 0.2 and 0.03, respectively)"
_P_NUM = r"(?:(?P<op>[<>=≤≥])\s*)?(?P<num>\d*\.\d+|\d+(?:\.\d+)?)"
_P_LIST = _rx(r"\bp(?:\s*-?\s*values?)?\s*[<>=≤≥]\s*[\d.]+(?:\s*(?:,|;|,?\s*and)\s*(?:p\s*)?(?:[<>=≤≥]\s*)?[\d.]+)+"
              r"\s*,?\s*(?:respectively)")
_P_ITEM = re.compile(r"(?:\bp\s*)?" + _P_NUM)
# the subject list "A, B and C" before the verb of a "respectively" sentence
_LIST_VERB = _rx(r"\s(?:were|was|did|had|differed|showed|increased|decreased|improved|reduced|rose|fell|remained)\b")
_LIST_START = re.compile(r"[;:(\[]\s*")
_ITEM_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_INVERSE_NOUN = _rx(r"\s+(?:loss|losses|decline|deterioration|impairment)\b")
_ELLIPTICAL_NOT = _rx(r"\s*(?:but\s+|and\s+)?not\s+(?:at|in|with|for|on|after|during|among|by|until|beyond)\b"
                      + (r"|\s*(?:but\s+|and\s+)?not\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,4}\s*(?:\([^()]*\))?(?:\s*[\w-]+){0,3}\s*[.;)]?\s*$"
                         r"|\s*(?:the\s+)?(?:only\s+)?exceptions?\s+(?:was|were|being|is)\b"
                         if ELLIPTICAL_NOUN else ""))
_BUT_NOT = _rx(r",?\s+but\s+not\s+(?:with|in|for|at|on|after|among|by)?\s*(?P<arm>[^;,.()]{2,80})")
_ARM_COMPARISON = _rx(r"\b(?:than|compared|versus|vs|relative\s+to|over|between)\b|\bin\s+favou?r\b")
_BETTER_WORDS = _rx(r"^(?:improv\w*|better|superior|outperform\w*|alleviat\w*|reliev\w*|benefit\w*|advantage\w*)$")
_WORSE_CHANGE = _rx(r"worsening|deterioration")
_WORSE_WORDS = _rx(r"^(?:worse|wors\w*|poorer)$")
_REFERENCE = _rx(r"\b" + REFERENCE_CUES + r"\b")
_GENERIC_WITH = re.compile(r"([a-z]+)\s+(?:with|of|by|using)\s+(?:the\s+|a\s+)?([a-z0-9]+)")
_STAT_LETTER = re.compile(r"[a-z]\s*(?:[<>=≤≥]|value)")
_VALUE_THEN_ARM = re.compile(r"[\d.,%\s]*(?:\([^()]*\)\s*)?(?:of|in|among|with|for|on)\b")
_PRE_POST = re.compile(r"\b(?:pre|post)[-\s]?$")
_REFERENCE_BEFORE = _rx(r"\b" + REFERENCE_CUES + r"\s+(?:the\s+|those\s+(?:on|in|with|receiving)\s+|(?:patients|subjects|participants)\s+(?:on|in|with|receiving)\s+)?$")
_BASELINE_REFERENCE = _rx(r"\s*(?:the\s+)?" + (r"(?:(?:that|those|values?|levels?|scores?)\s+(?:observed\s+|measured\s+|seen\s+|recorded\s+|obtained\s+)?)?"
                                                  if BASELINE_REFERENCE_THAT else "")
                          + r"(?:baseline|pre-?\s?treatment|pre-?\s?intervention|pre-?\s?operative|before|initial)")
_CLAUSE = _rx(CLAUSE_SPLIT)
# p-values: "p < 0.05", "P=.003", "p-value of 0.2", "p ≤ 0.01", "P < 10-4"
_P_VALUE = _rx(
    r"\bp(?:\s*-?\s*values?)?(?:\s*for\s+(?:trend|interaction|difference)|\s*\(\s*(?:trend|interaction)\s*\)|\s*trend)?"
    r"\s*(?P<op><\s*or\s*=|>\s*or\s*=|<=|>=|=<|=>|≤|≥|<|>|=|:|of|was|is|less than|greater than|(?<=value)(?=\s*\d)|(?<=values)(?=\s*\d))\s*"
    r"(?P<num>\d*\.\d+|\d+(?:\.\d+)?)(?P<exp>\s*[x×]\s*10\s*(?:-|−|\^-?)\s*\d+|\s*e-\d+)?"
)


_ADD_ON = re.compile(r"\bplus\b|\bcombin\w*|\+|\badd(?:ed|ition)\b|\badjunct")
_ALONE = re.compile(r"\balone\b|\bonly\b|\bmonotherap")
_COMBINATION_STEMS = frozenset(_stem(w, ARM_STEM_LENGTH) for w in ("combination", "combined", "add-on", "adjunctive"))
_MONO_STEMS = frozenset(_stem(w, ARM_STEM_LENGTH) for w in ("monotherapy", "alone"))
_CONTROL_STEMS = frozenset(_stem(w, ARM_STEM_LENGTH) for w in CONTROL_WORDS)
_CONTROL_NAMES = frozenset(_stem(w, ARM_STEM_LENGTH) for w in ("placebo", "control", "controls", "sham", "usual", "standard"))
_TREATMENT_STEMS = frozenset(_stem(w, ARM_STEM_LENGTH) for w in TREATMENT_WORDS)
_ARM_STOP = frozenset(_stem(w, ARM_STEM_LENGTH) for w in ARM_STOPWORDS)
_ARM_UNITS = frozenset(_stem(w, ARM_STEM_LENGTH) for w in ARM_UNITS)
_ARM_GENERIC = (frozenset(TREATMENT_WORDS) | frozenset(CONTROL_WORDS)) - {"no"}


# --------------------------------------------------------------------------------------
# Which way
# --------------------------------------------------------------------------------------


def p_values(text: str) -> list[tuple[str, float]]:
    """(operator, value) of each p-value written in the text ('<', '>' or '=')."""
    text = text.lower()
    found = []
    for m in _P_VALUE.finditer(text):
        op = m.group("op").lower().replace(" ", "")
        try:
            value = float(m.group("num"))
        except ValueError:
            continue
        if m.group("exp"):
            value = value * 1e-4 if value >= 1 else value  # "10-4" style: tiny in any case
            value = min(value, 1e-3)
        if op in ("<", "<=", "=<", "≤", "<or=", "lessthan"):
            op = "<"
        elif op in (">", ">=", "=>", "≥", ">or=", "greaterthan"):
            op = ">"
        else:
            op = "="
        if value > 1:
            continue
        found.append((op, value))
    return found


def _bounds(m: re.Match[str]) -> tuple[float, float] | None:
    """An interval's (low, high) from a match with groups "low" and "high" (dashes read as minus), in order."""
    try:
        low, high = (float(g.replace("−", "-").replace("–", "-")) for g in m.group("low", "high"))
    except ValueError:
        return None
    return (low, high) if low <= high else (high, low)


def ci_significance(text: str, between_arms: bool = False) -> bool | None:
    """From a confidence interval when no p-value is given: False when it spans no effect, True when it excludes it.

    No effect is 1 for ratio measures (OR, RR, HR) and 0 for differences; an interval whose
    measure is not named counts as a difference only when one bound is negative.  With
    `between_arms`, only a labelled interval whose measure, named just before it, compares the arms
    counts: "a mean reduction in MADRS of 12.55 (95% CI 6.70-18.09)" is one arm's change and says
    nothing about the other arm.
    """
    text = text.lower()
    m = _CI.search(text)
    if between_arms and (m is None or not _BETWEEN_ARM_MEASURE.search(text, max(0, m.start() - 45), m.start())):
        return None
    if m is None and UNLABELLED_RATIO_CI:
        # "RR 0.6 (0.3 to 1.2)", "OR 0.6; 0.3-1.2": a ratio's interval without the "95% CI" label
        r = _RATIO_INTERVAL.search(text) if ("ratio" in text or _RATIO_ABBR.search(text)) else None
        bounds = _bounds(r) if r is not None else None
        return None if bounds is None else not (bounds[0] <= 1.0 <= bounds[1])
    bounds = _bounds(m) if m is not None else None
    if bounds is None:
        return None
    low, high = bounds
    before = text[: m.start()]
    if _RATIO_NAME.search(before) and not _LOG_RATIO.search(before):
        null = 1.0  # a log ratio's no effect is 0, like a difference's
    elif _DIFFERENCE_NAME.search(before) or low < 0:
        null = 0.0
    else:
        return None
    return not (low <= null <= high)


def significance(text: str, outcome: str = "", intervention: str = "", comparator: str = "") -> bool | None:
    """True when the text states a significant difference, False when it denies one, None if silent."""
    text = text.lower()
    if "·" in text:
        text = text.replace("·", ".")
    ps = p_values(text)
    if USE_RESPECTIVE_P and outcome and "respectively" in text:
        own = _respective_p(text, outcome)
        if own is not None:
            ps = [own]
    if LISTED_TIME_P and outcome and len(ps) > 1 and "respectively" in text:
        own = _listed_number_p(text, outcome, ps)
        if own is not None:
            ps = [own]
    if USE_NEAREST_P and outcome and len({(op == "<" and v <= P_THRESHOLD) or (op == "=" and v < P_THRESHOLD) for op, v in ps}) > 1:
        nearest = _p_after_outcome(text, outcome, intervention, comparator)
        if nearest is not None:
            ps = [nearest]
    no_diff = _NO_DIFF.search(text) is not None
    if not ps and USE_CI and not no_diff:
        ci = ci_significance(text)
        if ci is not None:
            return ci
    sig_p = [v for op, v in ps if (op == "<" and v <= P_THRESHOLD) or (op == "=" and v < P_THRESHOLD)]
    ns_p = [v for op, v in ps
            if (op == ">" and v >= P_THRESHOLD - 1e-9) or (op == "=" and v > P_THRESHOLD - P_EQUAL_THRESHOLD_IS_NS * 1e-9)]
    if no_diff:
        if not sig_p or ns_p or _BETWEEN_NEG.search(text):
            return False
        return None
    if sig_p and not ns_p:
        return True
    if ns_p and not sig_p:
        return False
    if _SIGNIF.search(text):
        return True
    return None


_NUMBER_LIST = re.compile(r"\b(\d+(?:\.\d+)?)((?:\s*,\s*\d+(?:\.\d+)?\b)*)(?:\s*,\s*|\s*,?\s*(?:and|or)\s+)(\d+(?:\.\d+)?)\b")


def _listed_number_p(text: str, outcome: str, ps: list[tuple[str, float]]) -> tuple[str, float] | None:
    """The p-value at the place of the outcome's number in "on days 3, 14, 28 ... (p < x), (p < y), (p = z) respectively"."""
    own = set(re.findall(r"\b\d+(?:\.\d+)?\b", outcome))
    if not own:
        return None
    for m in _NUMBER_LIST.finditer(text):
        items = [m.group(1)] + re.findall(r"\d+(?:\.\d+)?", m.group(2)) + [m.group(3)]
        if len(items) != len(ps) or len(set(items)) != len(items) or "." in "".join(items):
            continue
        hits = [i for i, x in enumerate(items) if x in own]
        if len(hits) == 1:
            return ps[hits[0]]
    return None


def _respective_place(text: str, outcome: str) -> tuple[int, int] | None:
    """(index, count) of the outcome in the list that opens "A and B were x and y ..., respectively"."""
    verb = _LIST_VERB.search(text)
    if verb is None:
        return None
    head = _LIST_START.split(text[: verb.start()])[-1]
    if " and " not in head:
        return None
    items = [x for x in _ITEM_SPLIT.split(head) if x.strip()]
    if any(len(x.split()) > 6 for x in items):
        return None
    if len(items) < 2:
        return None
    out = set(words(outcome))
    overlap = [len(set(words(x)) & out) for x in items]
    best = max(range(len(items)), key=lambda i: overlap[i])
    if overlap[best] == 0 or overlap.count(overlap[best]) > 1:
        return None
    return best, len(items)


def _respective_p(text: str, outcome: str) -> tuple[str, float] | None:
    """The p-value of the outcome in "A, B and C were ... (p = x, y and z, respectively)": the one at its place."""
    listed = _P_LIST.search(text)
    if listed is None:
        return None
    place = _respective_place(text[: listed.start()], outcome)
    pvals = [(m.group("op"), m.group("num")) for m in _P_ITEM.finditer(listed.group())]
    if place is None or place[1] != len(pvals):
        return None
    best = place[0]
    op, num = pvals[best]
    op = op or "="
    found = p_values("p " + op + " " + num)
    return found[0] if found else None


def _p_after_outcome(text: str, outcome: str, intervention: str = "", comparator: str = "") -> tuple[str, float] | None:
    """The first p-value written after the outcome's last mention (the one that belongs to it)."""
    low = text.lower()
    opos = _outcome_mention(low, set(words(outcome))) if USE_OUTCOME_CLUSTER else _positions(low, set(words(outcome)))
    if not opos:
        return None
    low = low.replace("·", ".")
    m = _P_VALUE.search(low, max(opos))
    if m is None:
        return None
    if intervention and NEAREST_P_NO_ARM_BETWEEN:
        ipos, cpos = arm_positions(low, intervention, comparator, outcome)
        if any(max(opos) < q < m.start() for q in ipos + cpos):
            return None  # "10% lower after A (p > 0.05) and 22% lower after B (p < 0.001)": p-values of arms
    found = p_values(low[m.start():])
    return found[0] if found else None


@lru_cache(maxsize=4096)
def _tokens(text_low: str) -> tuple[tuple[int, str], ...]:
    """(offset, word) of the words of a lower-cased text that can name an outcome or an arm."""
    return tuple((m.start(), m.group()) for m in _WORD.finditer(text_low)
                 if m.group() not in STOPWORDS or m.group() in _ARM_GENERIC)


def _positions(text_low: str, needles: set[str] | frozenset[str], size: int | None = None) -> list[int]:
    """Character offsets of words (stems of `size` letters) of `needles` in the lower-cased text."""
    return [pos for pos, word in _tokens(text_low) if _stem(word, size) in needles]


_NEGATED = re.compile(r"\b(?:no|without|non|not)[-\s]+(?:the\s+|any\s+|additional\s+)?([a-z0-9]+)")


def _negated_words(arm: str) -> set[str]:
    """Stems of words an arm names only to say it lacks them ("no trimetazidine", "without the add-on")."""
    low = arm.lower()
    if "no" not in low and "without" not in low:
        return set()
    found = set()
    for m in _NEGATED.finditer(low):
        if re.search(r"\bwith\s+or\s+$", low[max(0, m.start() - 9): m.start()]):
            continue  # "with or without X": X is not negated
        found.add(_stem(m.group(1), ARM_STEM_LENGTH))
    return found


@lru_cache(maxsize=1024)
def _arm_words(intervention: str, comparator: str, outcome: str = "") -> tuple[frozenset[str], frozenset[str]]:
    """Words that name the intervention arm and words that name the comparator arm (not both, not the outcome's)."""
    ow = set(words(outcome, ARM_STEM_LENGTH))
    stop = _ARM_STOP | _ARM_UNITS if USE_ARM_UNITS else _ARM_STOP
    iw = set(words(intervention, ARM_STEM_LENGTH)) - ow - stop
    cw = set(words(comparator, ARM_STEM_LENGTH)) - ow - stop
    if NEGATED_ARM_WORDS:
        # "control (no trimetazidine)", "without X": the negated drug names the other arm
        ineg, cneg = _negated_words(intervention), _negated_words(comparator)
        iw, cw = iw - ineg, cw - cneg
    shared = iw & cw
    iw, cw = iw - shared, cw - shared
    if ARM_NUMBERS_ONLY_ALONE:
        # doses name an arm only when nothing else does ("10 mg" vs "5 mg"); else they match any value
        if any(not w.isdigit() for w in iw):
            iw = {w for w in iw if not w.isdigit()}
        if any(not w.isdigit() for w in cw):
            cw = {w for w in cw if not w.isdigit()}
    if USE_ADD_ON_NAMES:
        # add-on designs: "X plus Y" vs "Y alone" are called "combination" and "monotherapy"
        if _ADD_ON.search(intervention.lower()) and _ALONE.search(comparator.lower()):
            iw |= _COMBINATION_STEMS
            cw |= _MONO_STEMS
        elif _ADD_ON.search(comparator.lower()) and _ALONE.search(intervention.lower()):
            cw |= _COMBINATION_STEMS
            iw |= _MONO_STEMS
    if cw & _CONTROL_STEMS or not cw:
        cw |= _CONTROL_NAMES
    iw |= _TREATMENT_STEMS - cw
    iw -= ow
    cw -= ow
    return frozenset(iw), frozenset(cw)


def _group_label(arm: str) -> str | None:
    """The letter or numeral an arm is called by ("Group A", "group II", "B group"), lower-cased."""
    m = _GROUP_LABEL.search(arm.lower())
    return (m.group(1) or m.group(2)).lower() if m else None


_ABBR_GROUP = re.compile(r"\b([a-z][a-z0-9]{1,4})\s+(?:group|groups|arm|arms)\b")


@lru_cache(maxsize=1024)
def _arm_full_words(intervention: str, comparator: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each arm's words in order, without stopwords and the words both arms share."""
    iw = [w for w in _WORD.findall(intervention.lower()) if w not in STOPWORDS and not w.isdigit()]
    cw = [w for w in _WORD.findall(comparator.lower()) if w not in STOPWORDS and not w.isdigit()]
    shared = set(iw) & set(cw)
    return tuple(w for w in iw if w not in shared), tuple(w for w in cw if w not in shared)


def _abbreviates(tok: str, arm_words: tuple[str, ...]) -> bool:
    """Whether a short label is the start of one of the arm's words ("co": control) or initials of its words in order."""
    if len(tok) >= 2 and any(w.startswith(tok) and len(w) > len(tok) for w in arm_words):
        return True
    k = 0
    for w in arm_words:
        if k < len(tok) and w[0] == tok[k]:
            k += 1
    return len(tok) >= 2 and k == len(tok)


def arm_positions(low: str, intervention: str, comparator: str, outcome: str = "") -> tuple[list[int], list[int]]:
    """Offsets where the clause (lower-cased) names the intervention arm and the comparator arm."""
    iw, cw = _arm_words(intervention, comparator, outcome)
    ipos = _positions(low, iw, ARM_STEM_LENGTH)
    cpos = _positions(low, cw, ARM_STEM_LENGTH)
    if GENERIC_NAMES_NEXT and ipos and cw:
        # "treatment with placebo": the generic word is the arm named after it
        keep = []
        for p in ipos:
            m = _GENERIC_WITH.match(low, p)
            if m is not None and _stem(m.group(1), ARM_STEM_LENGTH) in _TREATMENT_STEMS - cw and _stem(m.group(2), ARM_STEM_LENGTH) in cw:
                continue
            keep.append(p)
        ipos = keep
    if GROUP_ABBREVIATIONS and ("group" in low or "arm" in low):
        # "the PP group" (prebiotic + probiotic), "the Co group" (control): initials or the start of one arm's words
        iw_full, cw_full = _arm_full_words(intervention, comparator)
        for m in _ABBR_GROUP.finditer(low):
            tok = m.group(1)
            if tok in iw or tok in cw or m.start() in ipos or m.start() in cpos:
                continue
            hit_i, hit_c = _abbreviates(tok, iw_full), _abbreviates(tok, cw_full)
            if hit_i and not hit_c:
                ipos.append(m.start())
            elif hit_c and not hit_i:
                cpos.append(m.start())
        ipos.sort()
        cpos.sort()
    if NEGATED_MENTION and ("non" in low or "no " in low or "without" in low):
        # "the non-tourniquet group" names the arm "without tourniquet", not the arm with one
        ineg, cneg = _negated_words(intervention), _negated_words(comparator)
        for m in _NEGATED.finditer(low):
            stem, at = _stem(m.group(1), ARM_STEM_LENGTH), m.start(1)
            if at in ipos and stem in cneg and stem not in ineg:
                ipos.remove(at)
                cpos.append(at)
            elif at in cpos and stem in ineg and stem not in cneg:
                cpos.remove(at)
                ipos.append(at)
        cpos.sort()
        ipos.sort()
    if STATISTIC_NOT_ARM:
        # "p = 0.04" is no arm called "(P)", "5 μg" no arm called "(G)"
        ipos = [p for p in ipos if not _STAT_LETTER.match(low, p) and not (p and low[p - 1] in "µμ")]
        cpos = [p for p in cpos if not _STAT_LETTER.match(low, p) and not (p and low[p - 1] in "µμ")]
    if TIME_NOT_ARM and ("pre" in low or "post" in low):
        # "6 months post-intervention", "pre-treatment": a time, not the treatment arm
        ipos = [p for p in ipos if not _PRE_POST.search(low, max(0, p - 6), p)]
        cpos = [p for p in cpos if not _PRE_POST.search(low, max(0, p - 6), p)]
    if USE_GROUP_LABELS and "group" in low:
        il, cl = _group_label(intervention), _group_label(comparator)
        if USE_GROUP_INITIALS and not (il and cl):
            # "Group B" (bupivacaine) and "Group S" (saline): the initial of a word only one arm has
            ii = {w[0] for w in iw - _TREATMENT_STEMS if w[0].isalpha()}
            ci = {w[0] for w in cw if w[0].isalpha()}
            if GROUP_C_IS_CONTROL and cw & _CONTROL_STEMS and "c" not in ii:
                ci.add("c")  # "Group C": the control group
            letters = {m.group(1) for m in _GROUP_LETTER.finditer(low)}
            i_only, c_only = (ii - ci) & letters, (ci - ii) & letters
            if len(i_only) == 1 and len(c_only) == 1:
                il, cl = i_only.pop(), c_only.pop()
            elif GROUP_SEVERAL_LETTERS and i_only and c_only and not (letters - i_only - c_only):
                il, cl = frozenset(i_only), frozenset(c_only)  # "Group B" and "Group D" both intervention doses
        if il and cl and il != cl:
            il_set = il if isinstance(il, frozenset) else {il}
            cl_set = cl if isinstance(cl, frozenset) else {cl}
            li, lc = [], []
            for m in _GROUP_ANY.finditer(low):
                label = (m.group(1) or m.group(2)).lower()
                if label in il_set:
                    li.append(m.start())
                elif label in cl_set:
                    lc.append(m.start())
            if LABELS_ONLY and li and lc:
                ipos, cpos = li, lc  # both arms named by their labels: the labels alone say which is which
            else:
                ipos, cpos = sorted(ipos + li), sorted(cpos + lc)
    return ipos, cpos


def subject_is_comparator(clause: str, intervention: str, comparator: str, outcome: str = "") -> bool:
    """Whether the comparator arm is the subject of the comparison (so the direction flips)."""
    low = clause.lower()
    ipos, cpos = arm_positions(low, intervention, comparator, outcome)
    ref = _REFERENCE.search(low)
    if ref is not None and REFERENCE_NOT_BASELINE and _BASELINE_REFERENCE.match(low, ref.end() + (low[ref.end(): ref.end() + 1] == ".")):
        ref = _REFERENCE.search(low, ref.end())  # "compared with baseline" names no arm
    if ref is not None:
        before_i = [p for p in ipos if p < ref.start()]
        before_c = [p for p in cpos if p < ref.start()]
        after_i = [p for p in ipos if p > ref.start()]
        after_c = [p for p in cpos if p > ref.start()]
        if LEADING_REFERENCE_COMMA and not before_i and not before_c and _LEADING_REFERENCE.match(low):
            # "Compared to children in the control group, children in the PP group had ...": the arm after the comma is the subject
            comma = low.find(",", ref.end())
            if comma > 0:
                sub_i = [p for p in after_i if p > comma]
                sub_c = [p for p in after_c if p > comma]
                ref_i = [p for p in after_i if p < comma]
                ref_c = [p for p in after_c if p < comma]
                if sub_i and not sub_c and not ref_i:
                    return False
                if sub_c and not sub_i and not ref_c:
                    return True
        if USE_LEADING_REFERENCE and not before_i and not before_c and after_i and after_c and _LEADING_REFERENCE.match(low):
            # "Compared with X, Y had ...": the arm named right after the cue is the reference
            return min(after_i) < min(after_c)
        if before_c and not before_i and (after_i or not after_c):
            return True
        if before_i and before_c:  # both before: the later one is nearer "than"? use first mention
            return min(before_c) < min(before_i) and not after_c
        if after_c and not after_i:
            return False
        if after_i and not after_c and not before_i:
            return True
        return False
    if cpos and not ipos:
        return True
    if cpos and ipos and min(cpos) < min(ipos):
        return True
    return False


def clauses(sentence: str) -> list[str]:
    """The clauses (lower-cased) of a sentence that may report different outcomes."""
    sentence = sentence.lower()
    masked = _mask_brackets(sentence) if USE_BRACKET_MASK and ("(" in sentence or "[" in sentence) else sentence
    parts = []
    start = 0
    lead = _LEADING_CONCESSIVE.match(masked)
    if lead is not None:  # "While A did not differ, B was higher": two clauses
        parts.append(sentence[: lead.end() - 1])
        start = lead.end()
    for m in _CLAUSE.finditer(masked, start):
        if m.start() > start:
            parts.append(sentence[start:m.start()])
        start = m.end()
    parts.append(sentence[start:])
    if AND_NEW_SUBJECT:
        # "X fell in the krill group and vitamin D rose in the fish group": a verb on each side of "and"
        split = []
        for part in parts:
            m = _AND_NEW_SUBJECT.match(part)
            split.extend((m.group(1), m.group(2)) if m else (part,))
        parts = split
    parts = [p for p in parts if p.strip()]
    return parts or [sentence]


_RESULT_VERB = r"(?:was|were|increased|decreased|improved|reduced|rose|fell|declined|dropped)"
_AND_NEW_SUBJECT = re.compile(r"^(.*?\b" + _RESULT_VERB + r"\b(?:(?!\band\b).)*?)\s+and\s+"
                              r"((?!(?:in|with|for|at|on|by|to|it|they|those|that|this|these)\b)(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}\s+"
                              + _RESULT_VERB + r"\b.*)$", re.S)


def _mask_brackets(text: str) -> str:
    """The text with every (...) and [...] group, brackets included, replaced by 'x' (same length, spaces kept)."""
    prev = None
    while prev != text:
        prev = text
        text = _INNER_BRACKETS.sub(lambda m: _NON_SPACE.sub("x", m.group()), text)
    return text


def _best_clause(sentence: str, outcome: str, intervention: str = "", comparator: str = "") -> str:
    """The clause about the outcome (and, among equals, about the intervention arm)."""
    parts = clauses(sentence)
    if len(parts) == 1:
        return sentence
    ow = set(words(outcome))
    iw = _arm_words(intervention, comparator, outcome)[0] if intervention and CLAUSE_ARM_WEIGHT else frozenset()
    scored = [(sum(CLAUSE_NUMBER_WEIGHT if w.isdigit() else CLAUSE_GENERIC_WEIGHT if w in _GENERIC_OUTCOME_STEMS else 1
                   for w in set(words(p)) & ow)
               + (CLAUSE_ARM_WEIGHT * len(set(words(p, ARM_STEM_LENGTH)) & iw) if iw else 0)
               - (0.5 if USE_BASELINE_CLAUSE and _BASELINE.search(p) else 0), -i)
              for i, p in enumerate(parts)]
    best = max(range(len(parts)), key=lambda i: scored[i])
    if OUTCOME_NUMBER_DECIDES:
        # "significant at 4 and 24 hours, but not at 48 hours" for the outcome at 48 hours: its number decides
        numbers = {w for w in ow if w.isdigit()} - set(re.findall(r"(\d+)\)", outcome))  # not "2)" of a list
        if numbers and not numbers & set(words(parts[best])):
            named = [i for i, p in enumerate(parts) if numbers & set(words(p))]
            if named:
                best = max(named, key=lambda i: scored[i])
    return parts[best]


def _names_a_fall(outcome: str) -> bool:
    """Whether the outcome is named as its measure's fall ("reduction in MADRS", "improvement in MADRS")."""
    low = outcome.lower()
    named = _CHANGE_NAMED_OUTCOME.match(low)
    if named is None:
        return False
    noun = named.group("noun")
    return bool(_FALL_NOUN.fullmatch(noun) or (IMPROVEMENT_OF_LOWER_FALLS and noun.startswith("improvement")
                                               and _LOWER_BETTER.search(low[named.end():])))


def lower_is_better(outcome: str) -> bool:
    """Whether less of the outcome is the good result (judged on its first named measure)."""
    head = (_OUTCOME_HEAD.split(outcome, 1)[0] or outcome).lower()
    if OUTCOME_IS_ITS_CHANGE and CHANGE_NAMED_SENSE:
        named = _CHANGE_NAMED_OUTCOME.match(outcome.lower())
        if named is not None and not _UP_CHANGE_NOUN.match(named.group("noun")):
            return False  # "reduction in depressive symptoms", "improvement in pain": the more of it, the better
    if TIME_TO_HARM_IS_UP and _TIME_TO_HARM.search(head):
        return False  # "time to recurrence", "relapse-free survival": the longer the better
    return bool(_LOWER_BETTER.search(head))


_TIME_TO_HARM = _rx(r"\b(?:time|days?|weeks?|months?)\s+(?:to|until|before)\s+(?:the\s+)?(?:first\s+)?(?:recurren|relapse|progression|death|"
                    r"treatment\s+failure|failure|exacerbation|readmission|rehospitali|hospitali|rescue|attack|seizure|fall)"
                    r"|\b[\w-]+[\s-]free\s+(?:survival|interval|time|period)"
                    r"|^\W*(?:the\s+|complete\s+|total\s+|sustained\s+|symptom\s+)*(?:relief|resolution|remission|recovery|healing|"
                    r"cessation|absence|disappearance|prevention|control|freedom)\s+(?:of|from)\b")
_OWN_OBJECT_NEGATION = _rx(r"\b(?:no|not)\b[^.;]{0,40}?\b(?:effects?|differences?|changes?|impact|influence)\s+(?:on|in|for)\s+"
                           r"(?!(?:the\s+)?(?:this|these|that|it|them|either|both|any|all)\b)\w")
_CHANGE_NAMED_OUTCOME = _rx(r"\W*(?:the\s+|a\s+|mean\s+|greater\s+)*(?P<noun>reductions?|decreases?|declines?|drops?|falls?|"
                            r"increases?|rises?|gains?|improvements?|elevations?)\s+(?:in|of)\b")
_GENERIC_OUTCOME_STEMS = frozenset(words(" ".join(GENERIC_OUTCOME_WORDS)))
_UP_CHANGE_NOUN = _rx(r"increases?|rises?|gains?|elevations?")
_FALL_NOUN = _rx(r"reductions?|decreases?|declines?|drops?|falls?")
_MORE_EFFECTIVE = _rx(r"(?:more|greater)\s+(?:effective|efficacious|beneficial)\b")
_DIRECTION_LIST = _rx(r"\b(?:" + "|".join(UP_WORDS + DOWN_WORDS) + r")(?:\s*(?:,|,?\s*and)\s*(?:" + "|".join(UP_WORDS + DOWN_WORDS)
                      + r"))+\b(?=[^.;]{0,80}\brespectively\b)")


def direction_word(clause: str, outcome: str) -> str | None:
    """'up' or 'down' from the comparative word nearest the outcome, None without one.

    Words that are part of the outcome's own name ("greater *reduction* in pain") are passed over
    when another comparative word is there.
    """
    clause = clause.lower()
    hits = [(m.start(), "up" if m.group("up") else "down", m.group()) for m in _DIRECTION.finditer(clause)
            if not _QUANTIFIER.match(clause, m.start()) and not (DOSE_NOT_DIRECTION and _DOSE_AFTER.match(clause, m.end()))]
    if not hits:
        return None
    if RESPECTIVE_DIRECTIONS and len(hits) > 1 and "respectively" in clause:
        # "A and B were higher and lower, respectively": the direction at the outcome's place in the list
        place = _respective_place(clause, outcome)
        if place is not None:
            listed = _DIRECTION_LIST.search(clause)
            if listed is not None:
                ways = [("up" if m.group("up") else "down") for m in _DIRECTION.finditer(listed.group())]
                if len(ways) == place[1]:
                    return ways[place[0]]
    if OUTSIDE_BRACKETS_FIRST and "(" in clause and len(hits) > 1:
        masked = _mask_brackets(clause)
        outside = [h for h in hits if masked[h[0]] != "x"]
        if outside:  # "outcomes (reduction in scores) were better in X": the bracket defines, the words outside compare
            hits = outside
    low = clause.lower()
    out_stems = set(words(outcome))
    if USE_MAGNITUDE:
        head_stems = set(words(_OUTCOME_HEAD.split(outcome, 1)[0] or outcome)) if OWN_CHANGE_HEAD_ONLY else out_stems
        composed = magnitude_of_change(clause, outcome, head_stems)
        if composed is not None:
            return composed
    own = [h for h in hits if _stem(h[2].split()[0].lower()) in out_stems]
    if own and len(own) < len(hits):
        hits = [h for h in hits if h not in own]
    opos = _outcome_mention(low, out_stems) if USE_OUTCOME_CLUSTER else _positions(low, out_stems)
    governing = None
    if USE_GOVERNING_NOUN and opos:
        # "a significant decrease in A, B and C": the change noun governs the list that follows it
        before = [h for h in hits if h[0] < opos[0]]
        if before and _GOVERNING.match(low, before[-1][0]):
            governing = before[-1]
    if governing is not None:
        pos, way, word = governing
    elif opos and GAP_DISTANCE:
        # the gap between the word and the mention ("pain was lower and satisfaction higher": "higher")
        first, last = opos[0], opos[-1]
        m_end = _WORD.match(low, last)
        last_end = m_end.end() if m_end else last
        if NEXT_ITEM_WORD and any(h[0] + len(h[2]) <= first for h in hits):
            after = [h for h in hits if h[0] >= last_end]
            if after and _NEXT_ITEM.fullmatch(low, last_end, after[0][0]):
                hits = [h for h in hits if h[0] < last_end]  # "higher A and lower B": words after A are B's
        pos, way, word = min(hits, key=lambda h: (first - (h[0] + len(h[2])) if h[0] < first
                                                  else h[0] - last_end if h[0] >= last_end else 0))
    elif opos:
        pos, way, word = min(hits, key=lambda h: min(abs(h[0] - p) for p in opos))
    else:
        pos, way, word = hits[0]
    if MORE_EFFECTIVE_IS_BETTER and _MORE_EFFECTIVE.match(low, pos):
        word = "better"  # "more effective than placebo": better, whichever way the outcome runs
    if _BETTER_WORDS.match(word) or _WORSE_WORDS.match(word):
        signed = signed_change(clause, outcome)
        if signed is not None:
            return signed
    if OWN_BETTER_IS_UP and _BETTER_WORDS.match(word) and _stem(word) in out_stems:
        return "up"  # the outcome is the improvement itself ("improvement in dyspnoea"): more of it is up
    if OUTCOME_IS_ITS_CHANGE:
        named = _CHANGE_NAMED_OUTCOME.match(outcome.lower())
        if (named is not None and _stem(word.split()[0]) == _stem(named.group("noun"))
                and (word.lower() != named.group("noun")  # the verb ("was reduced"), not the outcome's own noun ...
                     or (SIGNIFICANT_OWN_NOUN and low[max(0, pos - 13): pos].rstrip().endswith("significant")))):
            # ... unless the noun is the result: "a significant reduction in X following A versus B"
            return "up"  # "reduction in suicidal cognition" and "cognition was reduced with X": more of the reduction
    if lower_is_better(outcome):
        if _BETTER_WORDS.match(word):
            way = "down"
        elif _WORSE_WORDS.match(word):
            way = "up"
    elif _WORSE_WORDS.match(word):
        way = "down"
    return way


def _outcome_mention(low: str, out_stems: set[str]) -> list[int]:
    """Offsets of the outcome's words in its fullest mention: the run naming most of its distinct words.

    "a decrease in the pulsatility index of the umbilical artery and an increase in the middle
    cerebral artery pulsatility index": the second mention names more of the outcome.  The run's
    length is counted in words outside brackets (values and statistics in brackets do not part a mention).
    """
    found = []  # (offset, stem, index among words outside brackets)
    k, depth = 0, 0
    brackets = [(m.start(), m.group()) for m in _BRACKET.finditer(low)] if "(" in low or "[" in low else []
    b = 0
    for pos, w in _tokens(low):
        while b < len(brackets) and brackets[b][0] < pos:
            depth = depth + 1 if brackets[b][1] in "([" else max(0, depth - 1)
            b += 1
        if not depth:
            k += 1
        st = _stem(w)
        if st in out_stems:
            found.append((pos, st, k))
    if len(found) < 2:
        return [p for p, _, _ in found]
    best = (0, 0, 0)  # (distinct words, start index, end index)
    for i in range(len(found)):
        seen = set()
        for j in range(i, len(found)):
            if found[j][2] - found[i][2] > CLUSTER_SPAN:
                break
            seen.add(found[j][1])
            if len(seen) > best[0]:
                best = (len(seen), i, j)
    return [p for p, _, _ in found[best[1]: best[2] + 1]]


def magnitude_of_change(clause: str, outcome: str, out_stems: set[str]) -> str | None:
    """'up'/'down' from a magnitude word on a change ("greater reduction" = down, "less decline" = up)."""
    clause = clause.lower()
    if USE_ATTENUATION:
        a = _ATTENUATED.search(clause)
        if a is not None:
            held = (a.group("chg1") or a.group("chg2")).lower()
            return "down" if _UP.match(held) else "up"
    m = _MAGNITUDE_CHANGE.search(clause)
    if m is None:
        return None
    if NEAREST_MAGNITUDE:
        # "greater reduction in area and higher increase in mineral content": the one naming the outcome
        found = list(_MAGNITUDE_CHANGE.finditer(clause))
        opos = _outcome_mention(clause, out_stems) if len(found) > 1 else []
        if opos:
            m = min(found, key=lambda f: min(abs(f.end() - p) for p in opos))
    magnitude = m.group("mag1") or m.group("mag2") or m.group("mag3") or (m.group("mag4") if MAGNITUDE_AFTER_OUTCOME else None)
    change = m.group("chg1") or m.group("chg2") or m.group("chg3") or (m.group("chg4") if MAGNITUDE_AFTER_OUTCOME else None)
    mag_up = bool(_MAG_UP.match(magnitude))
    change_stem = _stem(change.lower().split()[-1])  # "weight loss": the change is the loss
    if change_stem in out_stems and (not MAGNITUDE_OWN_ONLY_IMPROVEMENT or _BETTER_WORDS.match(change)):
        # "greater improvements" when the outcome is "improvements in anxiety"
        return "up" if mag_up else "down"
    if _BETTER_WORDS.match(change):
        change_up = not lower_is_better(outcome)
    elif _WORSE_CHANGE.match(change):
        change_up = lower_is_better(outcome)  # "less worsening of pain" = less pain
    else:
        change_up = bool(_UP.match(change))
    return "up" if mag_up == change_up else "down"


def signed_change(clause: str, outcome: str) -> str | None:
    """'up'/'down' from a signed change written right after the outcome ("anger (-12%)")."""
    clause = clause.lower()
    low = clause.lower()
    opos = _positions(low, set(words(outcome)))
    if not opos:
        return None
    m = _SIGNED.search(clause, max(opos))
    if m is None or m.start() - max(opos) > 40:
        return None
    return "down" if m.group(1) in "-−–" else "up"


# Spans that hold numbers which are not the arms' values: statistics, spreads, ranges, counts.
NOT_VALUE_SPANS = (
    r"\b(?:95|99|90)\s*%\s*(?:CI|confidence\s+intervals?|CrI)\b[^;)\]]*",
    r"\bCI\b[^;)\]]*",
    r"\bp\s*(?:-?\s*values?)?(?:\s*for\s+(?:trend|interaction|difference)|\s*trend)?\s*(?:[<>=≤≥:]|of\b|less than|was\b|(?<=value)\s*(?=\d)|(?<=values)\s*(?=\d))[^,;)\]]*",
    r"(?:±|\+/-|\+-)\s*\d+(?:\.\d+)?",
    r"\b(?:n|N)\s*=\s*\d+",
    r"\[[^\]]*\]",
    r"(?<=[\d%])\s*(?:[a-zµμ/]{1,8}\s*)?\(\s*\d+(?:\.\d+)?\s*\)",
    r"\b(?:range|IQR|SD|SE|SEM|s\.d\.|s\.e\.)\b[^;)\]]*",
    r"(?<![a-z0-9])(?:χ2|χ²|chi2|chi-squared?|f|t|z|df|es|d|r|η2|or|rr|hr|md|smd|wmd)(?:\s*\(\s*\d+\s*\))?\s*[=:]\s*-?\d+(?:\.\d+)?",
    r"(?<=\d)\s*(?:-|–|to)\s*-?\d+(?:\.\d+)?",
    r"\b(?:at|after|within|during|over|by|until|through|before|first|last|past|following)\s+(?:the\s+)?(?:first\s+)?\d+(?:\.\d+)?\s*-?\s*"
    r"(?:years?|months?|weeks?|days?|hours?|h|hrs?|minutes?|min|wks?|mo)\b",
    r"\b(?:weeks?|days?|months?|years?|visits?|cycles?|hours?|sessions?)\s+\d+(?:\.\d+)?",
    r"\b\d+(?:\.\d+)?\s*-\s*(?:years?|months?|weeks?|days?|hours?|h|min)\b",
    r"\bper\s+\d[\d,]*(?:\.\d+)?",  # "mL/min per 1.73 m2", "per 1,000 patient-years": part of a unit
    # time points listed: "at 4 and 24 hours", "on days 3, 7 and 14"
    r"\b(?:at|after|on|by|within)\s+(?:days?\s+|weeks?\s+|months?\s+)?\d+(?:\.\d+)?(?:\s*(?:,|and|or)\s*\d+(?:\.\d+)?)+"
    r"(?:\s*(?:years?|months?|weeks?|days?|hours?|h|hrs?|minutes?|min)\b)?",
)
# A confidence interval "95% CI 0.68-1.89", "95% CI: -0.14 to 0.21", "(95% CI 1.2, 3.4)".
CONFIDENCE_INTERVAL = (r"\b(?:9[059])\s*%\s*(?:CI|confidence\s+intervals?|CrI)\s*[:=,]?\s*\[?\(?\s*"
                       r"(?P<low>[-−–+]?\d+(?:\.\d+)?)\s*%?\s*(?:to|,|;|–|-(?=\s*[-−–+]?\d)|−)\s*(?P<high>[-−–+]?\d+(?:\.\d+)?)")
DIFFERENCE_NAMES = (r"\b(?:difference|differences|MD|SMD|WMD|change|changes|diff|beta|β|coefficient|effect size|reduction|increase|"
                    r"cohen'?s\s+d|hedges'?\s+g)\b|\b[dg]\s*=\s*[-−–]?\d")
# Ratio measures: a value below 1 means fewer events with the intervention.
RATIO_MEASURES = r"(?:odds ratio|hazard ratio|risk ratio|relative risk|rate ratio|\bOR|\bHR|\bRR|\bIRR)"
# Measures that compare the arms, named just before an interval (not one arm's "change" or "reduction").
BETWEEN_ARM_MEASURES = RATIO_MEASURES + r"|\b(?:differences?|MD|SMD|WMD|effect\s+size|cohen'?s\s+d|hedges'?\s+g|d|g)\b"

_NOT_VALUE = _rx("|".join(NOT_VALUE_SPANS))
_FRACTION = re.compile(r"(?<![\w.])(\d+)\s*/\s*(\d+)(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?")
_N_OF_M = re.compile(r"(?<![\w.])(\d+)\s+(?:out\s+)?of\s+(?:the\s+)?(\d+)(?![\d.])(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?")
_COUNT_PERCENT = re.compile(r"(?<![\w.])\d+\s*\(\s*(\d+(?:\.\d+)?)\s*%\s*\)")
_NUMBER = re.compile(r"(?<![\w.])[-−–]?\d+(?:\.\d+)?(?![\w.]*\d)")
_CI = _rx(CONFIDENCE_INTERVAL)
_RATIO_NAME = _rx(RATIO_MEASURES + r"|\bratio\b")
_DIFFERENCE_NAME = _rx(DIFFERENCE_NAMES)
_BETWEEN_ARM_MEASURE = _rx(BETWEEN_ARM_MEASURES)
_LOG_RATIO = _rx(r"\blog[\s-]*(?:(?:odds|hazard|risk|rate)\s+ratio|or|hr|rr)\b")
_RATIO = _rx(RATIO_MEASURES + r"[^0-9;]{0,25}?(\d+(?:\.\d+)?)")
_RATIO_ABBR = _rx(r"\b(?:or|hr|rr|irr)\b\s*[:=,]?\s*\d")
_RATIO_INTERVAL = _rx(RATIO_MEASURES + r"\s*(?:[:=,]\s*)?\d+(?:\.\d+)?\s*(?:[;,]\s*|[(\[]\s*)(?P<low>\d+(?:\.\d+)?)\s*(?:to|-|–)\s*(?P<high>\d+(?:\.\d+)?)\s*[)\]]?")
_RATIO_WIDE = _rx(RATIO_MEASURES + r"[^0-9;]{0,80}?(?:\bwas|\bof|=|:)\s*(\d+(?:\.\d+)?)")
_NEXT_ITEM = re.compile(r"\s*\)?\s*(?:,\s*|\s(?:and|or)\s+|,\s*(?:and|or)\s+)(?:a\s+|an\s+|the\s+|significantly\s+)?")
_FAVOUR = _rx(r"\b(?:in\s+favou?r\s+of|favou?r(?:ed|ing|s)?)\s+(?:the\s+)?(?P<arm>[^,;.()]{1,60})")


def _values(clause: str, skip: frozenset[str]) -> list[tuple[int, float]]:
    """(position, value) of the numbers that report an arm's result, in order."""
    text = _NOT_VALUE.sub(lambda m: " " * len(m.group()), clause)
    found: list[tuple[int, float]] = []
    taken: list[tuple[int, int]] = []
    for m in _FRACTION.finditer(text):
        den = float(m.group(2))
        if den > 0:
            found.append((m.start(), float(m.group(1)) / den))
            taken.append(m.span())
    if N_OF_M_FRACTIONS and " of " in text:
        for m in _N_OF_M.finditer(text):  # "12 of 40 patients": a proportion, like "12/40"
            num, den = float(m.group(1)), float(m.group(2))
            if 0 < den and num <= den and not any(a <= m.start() < b for a, b in taken):
                found.append((m.start(), num / den))
                taken.append(m.span())
    for m in _COUNT_PERCENT.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            found.append((m.start(), float(m.group(1)) / 100))
            taken.append(m.span())
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        raw = m.group().lstrip("-−–")
        if raw in skip:
            continue
        after = text[m.end(): m.end() + 2]
        value = float(raw) * (-1 if m.group()[0] in "-−–" else 1)
        if after.startswith("%"):
            value /= 100
        found.append((m.start(), value))
    found.sort()
    if PERCENT_VALUES_ONLY and "%" in text:
        # "grade 2 diarrhoea in 20.5% vs 44.5%": when two or more values are proportions, the bare numbers are labels
        bare = {p for p, _ in found if not any(a <= p < b for a, b in taken) and not text.startswith("%", _NUMBER.match(text, p).end())}
        if len(found) - len(bare) >= 2:
            return [(p, v) for p, v in found if p not in bare]
    return found


def numeric_direction(clause: str, intervention: str, comparator: str, outcome: str, context: str = "") -> str | None:
    """'up'/'down' from the arms' values ("30% in the drug group and 45% with placebo"), None if unclear.

    `context` (the whole sentence) gives the arms' order when the clause names neither arm.
    """
    clause = clause.lower()
    skip = frozenset(_NUMBER_IN.findall(intervention + " " + comparator + " " + outcome))
    values = _values(clause, skip)
    if len(values) < 2:
        return None
    low = clause.lower()
    ipos, cpos = arm_positions(low, intervention, comparator, outcome)
    mentions = sorted([(p, "I") for p in ipos] + [(p, "C") for p in cpos])
    runs: list[str] = []
    for _, arm in mentions:
        if not runs or runs[-1] != arm:
            runs.append(arm)
    if len(runs) < 2:
        if (VALUE_THEN_ARM and len(runs) == 1 and len(values) == 2
                and values[0][0] < mentions[0][0] and mentions[-1][0] < values[1][0] and _VALUE_THEN_ARM.match(low, values[0][0], mentions[0][0])):
            # "60% among women who received reminders and 45% among those who did not": the first value is the named arm's
            runs = runs + (["C"] if runs == ["I"] else ["I"])
        elif runs == ["C"] and mentions[0][0] > values[0][0]:
            runs = ["I", "C"]  # "a vs b in the control group": the unnamed first value is the intervention's
        elif USE_SINGLE_ARM_LEAD and runs == ["I"] and mentions[-1][0] < values[0][0]:
            runs = ["I", "C"]  # "with drug X, survival was a vs b": the arm named before the values comes first
        elif not runs and ORDER_FROM_SENTENCE and context and context != clause:
            # "In the placebo and drug groups, ...; scores were 5 vs 3": the order the sentence names the arms in
            ci, cc = arm_positions(context.lower(), intervention, comparator, outcome)
            if ci and cc and (max(ci) < min(cc) or max(cc) < min(ci)):
                runs = ["I", "C"] if min(ci) < min(cc) else ["C", "I"]
            else:
                runs = ["I", "C"]
        elif not runs:
            runs = ["I", "C"]
        else:
            return None
    if USE_RESPECTIVE_VALUES and "respectively" in clause and len(runs) == 2:
        place = _respective_place(clause, outcome)
        if place is not None and len(values) == 2 * place[1]:
            k, j = place[1], place[0]  # values given arm by arm: the outcome's one in each arm's group
            a, b = values[j][1], values[k + j][1]
            ia = runs[0] == "I"
            if a == b:
                return None
            return "up" if (a > b) == ia else "down"
    return _means_direction(runs, [v for _, v in values])


def _means_direction(arms: list, values: list[float]) -> str | None:
    """'up'/'down' from the mean of the values marked "I" against the mean of those marked "C" (None if a side is empty or they tie)."""
    ivals = [v for arm, v in zip(arms, values) if arm == "I"]
    cvals = [v for arm, v in zip(arms, values) if arm == "C"]
    if not ivals or not cvals:
        return None
    a, b = sum(ivals) / len(ivals), sum(cvals) / len(cvals)
    return None if a == b else "up" if a > b else "down"


_ARM_LIST = re.compile(r"\b(?:for|in|with|among|on)\s+(?:the\s+)?(?P<list>[^;:()\d]{3,160}?)\s*,?\s*respectively\b")
_LIST_ITEM = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+")


def respective_arm_values(clause: str, intervention: str, comparator: str, outcome: str) -> str | None:
    """'up'/'down' from "x, y and z for A, B and C, respectively": each value is the arm at its place in the list."""
    low = clause.lower()
    m = _ARM_LIST.search(low)
    if m is None:
        return None
    items = [x for x in _LIST_ITEM.split(m.group("list")) if x.strip()]
    if len(items) < 2:
        return None
    arms = []
    for item in items:
        ipos, cpos = arm_positions(item, intervention, comparator, outcome)
        arms.append("I" if ipos and not cpos else "C" if cpos and not ipos else None)
    skip = frozenset(_NUMBER_IN.findall(intervention + " " + comparator + " " + outcome))
    values = [v for _, v in _values(low[: m.start()], skip)]
    if len(values) != len(items):
        return None
    return _means_direction(arms, values)


_LABELLED_VALUE = re.compile(r"([a-z][a-z-]{2,})\s*(?:[:=]\s*)?([-+−]?)\s*(\d+(?:\.\d+)?)\s*%?\s*(?=[,;)\]]|\s+vs\.?\s|\s+versus\s|$)")


def labelled_values(clause: str, intervention: str, comparator: str, outcome: str) -> str | None:
    """'up'/'down' from arm-labelled values in one bracket ("(placebo +18%, drug +34%)"), None if unclear."""
    if "(" not in clause and "[" not in clause:
        return None
    iw, cw = _arm_words(intervention, comparator, outcome)
    for m in _INNER_BRACKETS.finditer(clause.lower()):
        ivals, cvals = [], []
        for v in _LABELLED_VALUE.finditer(m.group(0)[1:-1]):
            stem = _stem(v.group(1), ARM_STEM_LENGTH)
            value = float(v.group(3)) * (-1 if v.group(2) in ("-", "−") else 1)
            if stem in iw and stem not in cw:
                ivals.append(value)
            elif stem in cw and stem not in iw:
                cvals.append(value)
        if len(ivals) == 1 and len(cvals) == 1 and ivals[0] != cvals[0]:
            return "up" if ivals[0] > cvals[0] else "down"
    return None


def _comparator_named_first(span: str, intervention: str, comparator: str, outcome: str) -> bool:
    """Whether a difference or ratio names both arms, the comparator first ("placebo minus drug", "between placebo and drug")."""
    ipos, cpos = arm_positions(span.lower(), intervention, comparator, outcome)
    return bool(ipos and cpos and min(cpos) < min(ipos))


_SIGN = re.compile(r"[<>]")
_LEFT_OF_SIGN = re.compile(r"([a-z][\w-]*(?:\s+[a-z][\w-]*){0,3})\s*$")
_RIGHT_OF_SIGN = re.compile(r"\s*([a-z][\w-]*(?:\s+[a-z][\w-]*){0,3})")


def inequality_direction(clause: str, intervention: str, comparator: str, outcome: str) -> str | None:
    """'up'/'down' from arms ordered by a sign ("ketamine > placebo"), None without one."""
    if "<" not in clause and ">" not in clause:
        return None
    low = clause.lower()
    for s in _SIGN.finditer(low):
        right = _RIGHT_OF_SIGN.match(low, s.end(), s.end() + 60)
        if right is None:
            continue  # "p < 0.05": a number follows
        left = _LEFT_OF_SIGN.search(low, max(0, s.start() - 60), s.start())
        if left is None:
            continue
        li, lc = arm_positions(left.group(1), intervention, comparator, outcome)
        ri, rc = arm_positions(right.group(1), intervention, comparator, outcome)
        if li and not lc and rc and not ri:
            return "up" if s.group() == ">" else "down"
        if lc and not li and ri and not rc:
            return "down" if s.group() == ">" else "up"
    return None


_CHANGE_UP = _rx(r"\b(?:increas\w*|gain\w*|rise|rises|rose|risen|elevat\w*)\b")
_CHANGE_DOWN = _rx(r"\b(?:reduc\w*|decreas\w*|declin\w*|drop(?!-?outs?\b)\w*|fall|falls|fell|loss|lost|lowered)\b")
_IMPROVED = _rx(r"\bimprov\w*")
_FROM_VALUE = _rx(r"\bfrom\s+(?:a\s+)?(?:mean\s+|median\s+|baseline\s+)?(?:of\s+)?[-−–]?\d")
_TO_VALUE = _rx(r"\bto\s+(?:a\s+)?(?:mean\s+|median\s+)?(?:of\s+)?[-−–]?\d")
_COMPARATIVE = _rx(r"\b(?:higher|lower|greater|more|less|fewer|smaller|larger|bigger|than|compared|versus|vs|relative|"
                   r"superior|inferior|better|worse|twice|half|times|fold|similar|comparable|differ\w*)\b")


def change_amounts(clause: str, intervention: str, comparator: str, outcome: str) -> str | None:
    """'up'/'down' from each arm's amount of one change ("fell by 2 with placebo and by 5 with drug"): the bigger change wins."""
    low = clause.lower()
    if _COMPARATIVE.search(low) or _FROM_VALUE.search(low):
        return None
    ups, downs = bool(_CHANGE_UP.search(low)), bool(_CHANGE_DOWN.search(low))
    if _IMPROVED.search(low):  # an improvement is a rise, or a fall where less is better
        if lower_is_better(outcome):
            downs = True
        else:
            ups = True
    if ups == downs:
        return None
    ipos, cpos = arm_positions(low, intervention, comparator, outcome)
    if not ipos or not cpos:
        return None
    bigger = numeric_direction(low, intervention, comparator, outcome)
    if bigger is None:
        return None
    if _TO_VALUE.search(low):
        return bigger  # "fell to 2.1 with X and to 4.3 with Y": the levels reached
    return bigger if ups else ("down" if bigger == "up" else "up")


def ratio_direction(clause: str, intervention: str = "", comparator: str = "", outcome: str = "") -> str | None:
    """'up'/'down' from a ratio measure (OR/RR/HR) above or below 1.

    "The hazard ratio for death with placebo versus drug was 1.40": arms named in the other order flip it.
    """
    clause = clause.lower()
    m = _RATIO.search(clause)
    flip = False
    if m is None and RATIO_NAMED_ARMS and intervention and ("ratio" in clause or _RATIO_ABBR.search(clause)):
        m = _RATIO_WIDE.search(clause)
        if m is None:
            return None
        span = clause[m.start(): m.start(1)]
        ipos, cpos = arm_positions(span, intervention, comparator, outcome)
        if not (ipos and cpos and _ARM_COMPARISON.search(span)):
            return None
        flip = min(cpos) < min(ipos)
    if m is None:
        return None
    value = float(m.group(1))
    if value == 1 or value > 50:
        return None
    return "up" if (value > 1) != flip else "down"


def favour_direction(clause: str, intervention: str, comparator: str, outcome: str) -> str | None:
    """'up'/'down' from "in favour of X" / "favoured X": better for X on the outcome's sense."""
    clause = clause.lower()
    m = _FAVOUR.search(clause)
    if m is None:
        return None
    arm_text = m.group("arm").lower()
    iw, cw = _arm_words(intervention, comparator, outcome)
    hit_i, hit_c = bool(_positions(arm_text, iw, ARM_STEM_LENGTH)), bool(_positions(arm_text, cw, ARM_STEM_LENGTH))
    if hit_i == hit_c:
        return None
    better_for_i = hit_i
    lower_better = lower_is_better(outcome)
    return ("down" if lower_better else "up") if better_for_i else ("up" if lower_better else "down")


def _not_for_intervention(sentence: str, intervention: str, comparator: str) -> bool:
    """Whether an elliptical "but not with X" clause names the intervention by a word the rest lacks."""
    m = _BUT_NOT.search(sentence)
    if m is None:
        return False
    cw = _arm_words(intervention, comparator)[1]
    tail = m.group("arm").lower()
    tail_hits = set(_WORD.findall(tail)) & {w for w in _WORD.findall(intervention.lower()) if w not in STOPWORDS}
    if not tail_hits or _positions(tail, cw, ARM_STEM_LENGTH):
        return False
    if ELLIPSIS_ARM_CONTRAST:
        head = sentence[: m.start()].lower()
        ipos, cpos = arm_positions(head, intervention, comparator)
        if ELLIPSIS_REFERENCE_NOT_SUBJECT:
            # "higher with X 30 mg versus placebo, but not with X 60 mg": the comparator after "versus" is the reference
            cpos = [p for p in cpos if not _REFERENCE_BEFORE.search(head, max(0, p - 25), p)]
        if cpos and (not ipos or max(cpos) > max(ipos)):
            return False  # "X rose with placebo but not with the drug": a contrast of the arms, not of doses
    head_words = set(_WORD.findall(sentence[: m.start()].lower()))
    # the intervention is told apart by a word (often a dose) that the significant part lacks
    return any(w not in head_words for w in tail_hits)


_PAIR_ALIKE = _rx(r"\b(?:did\s+not\s+differ|no\s+(?:statistically\s+)?(?:significant\s+)?differences?|not\s+(?:statistically\s+)?"
                  r"(?:significantly\s+)?different|(?:were|was)\s+(?:similar|comparable))\s+(?:[\w-]+\s+){0,3}?between\s+(?:the\s+)?"
                  r"(?P<a>[^,;.()]{1,60}?)\s+and\s+(?:the\s+)?(?P<b>[^,;.()]{1,60})")


_ELIDED_SUBJECT = re.compile(r"\b(?:and|but)\s+$")


def _named_pair_alike(sentence: str, clause: str, intervention: str, comparator: str, outcome: str) -> bool:
    """Whether the outcome's clause, or a clause with no subject of its own ("... and did not differ between A and B"),
    says the intervention and the comparator, each named, did not differ."""
    for m in _PAIR_ALIKE.finditer(sentence):
        if not (clause.find(m.group()) >= 0 or _ELIDED_SUBJECT.search(sentence, 0, m.start())):
            continue
        a = arm_positions(m.group("a"), intervention, comparator, outcome)
        b = arm_positions(m.group("b"), intervention, comparator, outcome)
        if (a[0] and not a[1] and b[1] and not b[0]) or (a[1] and not a[0] and b[0] and not b[1]):
            return True
    return False


def classify(sentence: str, intervention: str, comparator: str, outcome: str, following: str = "",
             require_significance: bool = False) -> str | None:
    """The label for the intervention arm relative to the comparator, None if the sentence does not say.

    `following` (optional) is the next sentence of the abstract: when it only states whether
    "this difference" was significant, it decides significance for this sentence.
    A direction written without any significance ("higher in the drug group", "69% vs 52%") counts
    as significant, as expert annotators read it; with `require_significance=True` it gives None.
    """
    return explain(sentence, intervention, comparator, outcome, following, require_significance)[0]


_SIGNIFICANT_IN_ARM = _rx(r"\bsignificantly\s+(?:" + "|".join(UP_WORDS + DOWN_WORDS) + r")\s+(?:in|with|among|for|on)\s+(?:the\s+)?")


def _one_arm_higher(clause: str, intervention: str, comparator: str, outcome: str) -> bool:
    """Whether the clause says one named arm differed significantly ("..., and significantly higher in the X group")."""
    m = _SIGNIFICANT_IN_ARM.search(clause)
    if m is None:
        return False
    iv, cp = arm_positions(clause[m.end(): m.end() + 60], intervention, comparator, outcome)
    return bool(iv) != bool(cp)


def _comparison_after_both(sentence: str, clause: str) -> str | None:
    """The later clause comparing the arms after a "changed in both groups" clause, if one follows."""
    parts = clauses(sentence)
    try:
        k = parts.index(clause)
    except ValueError:
        return None
    for later in parts[k + 1:]:
        if _NO_DIFF.search(later):
            return None
        if _MAGNITUDE_CHANGE.search(later) or (_DIRECTION.search(later) and _ARM_COMPARISON.search(later)):
            return later
    return None


def _measures_the_inverse(clause: str, outcome: str) -> bool:
    """Whether the clause measures the outcome's loss ("productivity loss" for "work productivity").

    Not when the loss word is itself the change read ("greater weight loss", "prevented the loss of X").
    """
    if not _INVERSE_NOUN.search(clause):
        return False
    out = set(words(outcome))
    if not out or "los" in out or "loss" in out:
        return False
    mention = _outcome_mention(clause, out)
    if not mention:
        return False
    end = _WORD.match(clause, mention[-1])
    after = _INVERSE_NOUN.match(clause, end.end()) if end else None
    if after is None:
        return False
    for rx in (_MAGNITUDE_CHANGE, _ATTENUATED):
        m = rx.search(clause)
        if m is not None and any(g and _INVERSE_NOUN.search(" " + g) for g in m.groups()):
            return False
    return True


def stated_significance(sentence: str, intervention: str, comparator: str, outcome: str, following: str = "") -> bool | None:
    """Whether the sentence (its clause about the outcome first) states a significant difference; None if silent."""
    sentence = normalise(sentence).lower()
    clause = _best_clause(sentence, outcome, intervention, comparator)
    return _stated_significance(sentence, clause, intervention, comparator, outcome, following)


def _stated_significance(sentence: str, clause: str, intervention: str, comparator: str, outcome: str,
                         following: str) -> bool | None:
    """Significance from the clause, else the whole sentence, else a follow-up "this difference was ..." sentence."""
    sig = significance(clause, outcome, intervention, comparator)
    if sig is None and clause is not sentence:
        sig = significance(sentence, outcome)
        if sig is False and NEGATION_OWN_OBJECT and _DIRECTION.search(clause) and all(
                _OWN_OBJECT_NEGATION.search(c) for c in clauses(sentence) if c != clause and significance(c) is False):
            sig = None  # "no significant effect on POSD, but esketamine reduced awakening time": the negation is POSD's
    following = following.lower()
    if sig is None and following and USE_FOLLOW_UP and _FOLLOW_UP.match(following):
        sig = significance(normalise(following))
    return sig


def explain(sentence: str, intervention: str, comparator: str, outcome: str, following: str = "",
            require_significance: bool = False) -> tuple[str | None, str]:
    """(label, the rule that decided it): classify() with its reason, for error analysis and display."""
    sentence = normalise(sentence).lower()
    clause = _best_clause(sentence, outcome, intervention, comparator)
    sig = _stated_significance(sentence, clause, intervention, comparator, outcome, following)
    if sig is False:
        return NO_DIFFERENCE, "not significant"
    if USE_ELLIPSIS and clause is not sentence and _ELLIPTICAL_NOT.match(clause):
        return NO_DIFFERENCE, "elliptical negation ('but not at week 24')"
    if USE_ELLIPSIS and clause is not sentence and _not_for_intervention(sentence, intervention, comparator):
        return NO_DIFFERENCE, "but not with the intervention"
    if (USE_BOTH_GROUPS and _BOTH.search(clause) and not _ARM_COMPARISON.search(clause)
            and not (BOTH_UNLESS_MAGNITUDE and _MAGNITUDE_CHANGE.search(clause))
            and not (BOTH_UNLESS_ONE_ARM_HIGHER and _one_arm_higher(clause, intervention, comparator, outcome))):
        later = _comparison_after_both(sentence, clause) if USE_BOTH_THEN_COMPARISON else None
        if later is None:
            return NO_DIFFERENCE, "changed in both groups"
        clause = later  # "X fell in both groups, but the fall was greater with drug": the comparison decides
    if _BETWEEN_NEG.search(sentence) and (
            (clause is not sentence and _WITHIN_OR_BOTH.search(clause))
            or (BETWEEN_NEG_NO_COMPARISON and not _ARM_COMPARISON.search(sentence) and _NO_GROUP_DIFFERENCE.search(sentence))):
        return NO_DIFFERENCE, "within-group change, no between-group difference"
    if NAMED_PAIR_NO_DIFFERENCE and _named_pair_alike(sentence, clause, intervention, comparator, outcome):
        return NO_DIFFERENCE, "the two arms named as not differing"
    way, rule = None, ""
    if USE_SIGNED_DIFF:
        m = _SIGNED_DIFFERENCE.search(clause)
        if m is not None:
            way, rule = ("up" if m.group(1) == "+" else "down"), "signed difference"
            if DIFFERENCE_ARM_ORDER and _comparator_named_first(clause[m.start(): m.start(1)], intervention, comparator, outcome):
                way, rule = ("down" if way == "up" else "up"), "signed difference, comparator minus intervention"
            if OUTCOME_IS_ITS_CHANGE and _names_a_fall(outcome):
                way, rule = ("down" if way == "up" else "up"), rule + ", the outcome is a reduction"
    if way is None:
        way, rule = favour_direction(clause, intervention, comparator, outcome), "in favour of"
    if way is None and USE_CHANGE_AMOUNTS:
        way, rule = change_amounts(clause, intervention, comparator, outcome), "each arm's amount of change"
    if way is None and USE_ARM_INEQUALITY:
        way, rule = inequality_direction(clause, intervention, comparator, outcome), "arms ordered by a sign"
    if way is None and USE_LABELLED_VALUES:
        way, rule = labelled_values(clause, intervention, comparator, outcome), "arm-labelled values"
    for text in (clause, sentence) if clause is not sentence else (clause,):
        if way is None:
            way, rule = direction_word(text, outcome), "direction word"
            if way is not None and subject_is_comparator(text, intervention, comparator, outcome):
                way, rule = ("down" if way == "up" else "up"), "direction word, comparator is the subject"
        if (way is None and RATIO_BEFORE_VALUES and text is clause and "ratio" in clause and _RATIO.search(clause)
                and not any(arm_positions(clause, intervention, comparator, outcome))):
            way, rule = ratio_direction(clause, intervention, comparator, outcome), "ratio measure"
        if way is None and RESPECTIVE_ARM_LIST and "respectively" in text:
            way, rule = respective_arm_values(text, intervention, comparator, outcome), "values listed with the arms, respectively"
        if way is None:
            way, rule = numeric_direction(text, intervention, comparator, outcome, sentence), "arm values"
        if way is None and text is clause:
            way, rule = ratio_direction(clause, intervention, comparator, outcome), "ratio measure"
    if way is None:
        return None, "no direction"
    if USE_INVERSE_MEASURE and _measures_the_inverse(clause, outcome):
        way, rule = ("down" if way == "up" else "up"), rule + ", measured as its loss"
    if sig is None:
        if require_significance:
            return None, rule + " (significance not stated)"
        rule += " (significance not stated)"
    return (INCREASED if way == "up" else DECREASED), rule

"""Which way a trial result went, read from the sentence that reports it.

Public functions, rule-based and cheap (regexes compiled once; about 80 µs CPU per classify):
`classify(sentence, intervention, comparator, outcome, following="", require_significance=False)`
gives "significantly increased", "significantly decreased" or "no significant difference" for the
intervention arm relative to the comparator, or None when the sentence does not say; `explain(...)`
gives the same label with the rule that decided it; `stated_significance` says whether the clause
about the outcome states a significant difference.  This module reads the words: the clause about
the outcome in a sentence about several, comparative words next to the outcome's fullest mention
and the magnitude of a change ("greater reduction"), changes held back ("prevented the rise"),
"in favour of X", negations that name both arms, changes in both groups.  Its pieces live apart,
one concept each: where the arms and the outcome are named (`analysis.mentions`), whether a
difference is significant (`analysis.significance`), which way is better for an outcome
(`analysis.outcome_sense`), the numbers given per arm (`analysis.arm_values`) and which sentence
reports the result (`analysis.result_sentences`; `best_sentence` and `rank_sentences` are
re-exported here).  Every word list and switch is in a settings block at the top of its module; the
USE_* switches name the rule families so their effect on the dev split can be measured
(`benchmarks/ablate_inference.py`).
"""

from __future__ import annotations

import re

from analysis import outcome_sense
from analysis.arm_values import (ARM_COMPARISON, INNER_BRACKETS, RATIO, change_amounts, inequality_direction, labelled_values,
                                 numeric_direction, ratio_direction, respective_arm_values)
from analysis.mentions import (ARM_STEM_LENGTH, REFERENCE_CUES, arm_positions, arm_word_stems, comparator_named_first,
                               outcome_mention, outcome_positions, respective_place, subject_is_comparator, word_positions)
from analysis.outcome_sense import CHANGE_NAMED_OUTCOME, OUTCOME_HEAD, lower_is_better, names_a_fall
from analysis.result_sentences import (  # noqa: F401  (re-exported for callers of analysis.direction)
    BONUS_COMPARATIVE,
    best_sentence,
    rank_sentences,
)
from analysis.result_text import DOWN_WORDS, STOPWORDS, UP_WORDS, WITHIN_GROUP, _BASELINE, _WORD, _rx, _stem, words
from analysis.significance import BETWEEN_NEG, BETWEEN_NEGATION, NO_DIFF, WITHOUT_VERBS, significance
from analysis.text import normalise


# --------------------------------------------------------------------------------------
# Settings (edit here)
# --------------------------------------------------------------------------------------

# STOPWORDS, WITHIN_GROUP, UP_WORDS and DOWN_WORDS are in analysis/result_text.py (the sentence
# ranking reads them too); the weights of the ranking are in analysis/result_sentences.py.
INCREASED = "significantly increased"
DECREASED = "significantly decreased"
NO_DIFFERENCE = "no significant difference"
LABELS = (INCREASED, DECREASED, NO_DIFFERENCE)
# Both arms changed alike ("improved in both groups", "CT and BT both reduced").
BOTH_GROUPS = "|".join((
    r"\b(?:in|for)\s+both\s+(?:the\s+)?(?:[\w-]+\s+)?(?:groups|arms|cases|conditions|treatments)\b",
    r"\bboth\s+(?:groups|arms|treatments|regimens)\b",
    r"\b[\w-]+\s+and\s+[\w-]+\s+both\b",
    r"\bin\s+all\s+(?:three\s+|four\s+)?(?:groups|arms)\b",
    r"\ball\s+(?:treatments|groups|arms|regimens)\b",
    r"\beach\s+(?:group|arm)\b",
))

# Clause boundaries inside a sentence reporting several outcomes.
CLAUSE_SPLIT = (r";|,?\s+(?:while|whereas|but(?!\s+not\s+[^,;()]{1,40},)|however|although|except)\s+|,?\s+(?=without\s+(?:a\s+|any\s+)?(?:statistically\s+)?significant\s)|,?\s+(?=without\s+(?:significantly\s+)?" + WITHOUT_VERBS + r"\b)|,\s+and\s+(?=(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,5}\s+"
                r"(?:was|were|did|had|showed|increased|decreased|improved|reduced)\b)")
# Rule families that can be switched off (benchmarks/ablate_inference.py measures what each brings).
USE_INVERSE_MEASURE = True  # "a reduction in productivity loss" for the outcome "work productivity": the other way
USE_BOTH_GROUPS = True     # "improved in both groups" (and no comparison) reads as no difference
BOTH_UNLESS_MAGNITUDE = True  # ... unless "with greater increase in X": that is a comparison
USE_MAGNITUDE = True       # "greater reduction", "less decline": magnitude times the change's own direction
MAGNITUDE_OWN_ONLY_IMPROVEMENT = False  # True: an outcome named by its change ("reductions in BP") is still composed,
                                        # except improvement words; False (round 7): "greater reductions" is more of it, up
OWN_CHANGE_HEAD_ONLY = True  # ... judged on the outcome's first named measure ("severity ..., PGI-Improvement")
USE_FOLLOW_UP = True       # "This difference was not significant." in the next sentence decides significance
USE_ELLIPSIS = True        # "significant with X 60 mg, but not with X 30 mg"
ELLIPSIS_ARM_CONTRAST = True  # ... unless the significant part names the comparator ("rose with placebo but not with X")
ELLIPSIS_REFERENCE_NOT_SUBJECT = True  # ... but a comparator named after "versus/compared with/than" is only the reference
USE_BRACKET_MASK = True    # never cut a clause at a ";" inside brackets (off before; on after the other changes: A +1, B same)
OUTSIDE_BRACKETS_FIRST = True  # a comparative word inside brackets counts only when none is outside
USE_BOTH_THEN_COMPARISON = True  # "... in both groups, but the decrease was greater in X": read the comparison
USE_SIGNED_DIFF = True     # "the difference was -0.43%" reads as a decrease (intervention minus comparator)
USE_CHANGE_AMOUNTS = True  # "pain fell by 2 points with placebo and by 5 with drug": the arm with the bigger change
USE_ARM_INEQUALITY = True  # "ketamine > placebo": the arms ordered by a sign
ELLIPTICAL_NOUN = True  # "improved A, B and C, but not D": the clause "not D" is no difference for D
RESPECTIVE_DIRECTIONS = True  # "A and B were higher and lower, respectively": the word at the outcome's place
MAGNITUDE_AFTER_OUTCOME = True  # "the increase in heart rate was significantly lower": a smaller increase
NEXT_ITEM_WORD = True  # ... but a word after the mention and a bare "and" / comma opens the next item ("higher A and lower B")
GAP_DISTANCE = True  # the direction word nearest the outcome's mention by the gap between them, not by word starts
DIFFERENCE_ARM_ORDER = True  # "the difference (placebo minus drug) was -1.3": the arms' order sets the sign's sense
OWN_BETTER_IS_UP = True  # an outcome named as the improvement ("improvement in dyspnoea") rises when it improves
USE_LABELLED_VALUES = True  # "(asthmatics +18%, normals +34%)": values labelled by arm in one bracket decide
BETWEEN_NEG_NO_COMPARISON = True  # "fell in the X group, without differences among the groups": no arm compared, none differ
RATIO_BEFORE_VALUES = True  # "the incidence rate ratio was 0.38 ... and 0.07 among X": with no arm named, a ratio's values are not two arms'
MORE_EFFECTIVE_IS_BETTER = True  # "more effective" on an outcome where less is better reads as lower
NEAREST_MAGNITUDE = True  # of several magnitude-of-change phrases, the one nearest the outcome's mention decides
AND_NEW_SUBJECT = True  # "A fell in X and B rose in Y": two clauses, when a result verb stands on each side of "and"
RESPECTIVE_ARM_LIST = True  # "53.9, 54.2 and 35.3 for A low, A high and B, respectively": values matched to the arm list
NAMED_PAIR_NO_DIFFERENCE = True  # "... and did not differ between GDM1 and controls": both arms named as alike decides
OUTCOME_NUMBER_DECIDES = True  # the clause naming the outcome's number (time point, dose) wins over one that names none
NEGATION_OWN_OBJECT = True  # a negation with its own object ("no effect on POSD") in another clause is not this outcome's
USE_BASELINE_CLAUSE = False  # a clause about baseline ("before treatment") is not the result (tried: no effect, off)
USE_GOVERNING_NOUN = True  # "a decrease in A, B and C": the change noun before the outcome decides
# Round 7: an outcome named by its change ("reduction in X") is that change (OUTCOME_IS_ITS_CHANGE, in analysis.outcome_sense):
SIGNIFICANT_OWN_NOUN = True  # ... "a significant reduction in X with A versus B" is up
DOSE_NOT_DIRECTION = True  # "the higher dose of ketamine", "lower-dose": a dose, not a direction
BOTH_UNLESS_ONE_ARM_HIGHER = True  # "high in both groups at D1, and significantly higher in the X group at D7": a comparison
CLAUSE_GENERIC_WEIGHT = 0.5  # clause choice: a generic outcome word ("scores", "levels", "total") counts this much
GENERIC_OUTCOME_WORDS = "score scores scale level levels rate rates total change changes mean value values measure measures".split()
CLAUSE_NUMBER_WEIGHT = 2   # clause choice: a number of the outcome (time point, dose) counts this many words
CLAUSE_ARM_WEIGHT = 0.0    # clause choice: weight of an intervention word (0.5 tried: worse on half B, off)
USE_ATTENUATION = True     # a change held back ("prevented the rise in X"): the opposite way


# --------------------------------------------------------------------------------------
# Compiled once
# --------------------------------------------------------------------------------------

_NON_SPACE = re.compile(r"\S")
_UP = _rx(r"\b(?:" + "|".join(UP_WORDS) + r")\b")
_DIRECTION = _rx(r"\b(?:(?P<up>" + "|".join(UP_WORDS) + r")|(?P<down>" + "|".join(DOWN_WORDS) + r"))\b")
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
_NO_GROUP_DIFFERENCE = _rx(BETWEEN_NEGATION[0])
_WITHIN_OR_BOTH = _rx(WITHIN_GROUP + r"|\b(?:in|for)\s+(?:both|all|each)\b|\bwithin\b|" + BOTH_GROUPS)
_BOTH = _rx(BOTH_GROUPS)
_LEADING_CONCESSIVE = _rx(r"\s*(?:while|although|though|whereas|despite|apart\s+from|except\s+for|with\s+the\s+exception\s+of|aside\s+from|other\s+than)\b[^,;]{3,200},")
_SIGNED_DIFFERENCE = _rx(r"\bdifference\b[^.;]{0,50}?(?:\bwas|\bof|=|:)\s*([-−–+])\s*\d")
_FOLLOW_UP = _rx(r"\s*(?:however,?\s+)?(?:this|these|the|such|both|that)\s+(?:[\w-]+\s+){0,2}?(?:difference|differences|finding|findings|effect|effects|"
                        r"reduction|reductions|increase|increases|change|changes|improvement|improvements|result|results|trend)\b")
_INVERSE_NOUN = _rx(r"\s+(?:loss|losses|decline|deterioration|impairment)\b")
_ELLIPTICAL_NOT = _rx(r"\s*(?:but\s+|and\s+)?not\s+(?:at|in|with|for|on|after|during|among|by|until|beyond)\b"
                      + (r"|\s*(?:but\s+|and\s+)?not\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,4}\s*(?:\([^()]*\))?(?:\s*[\w-]+){0,3}\s*[.;)]?\s*$"
                         r"|\s*(?:the\s+)?(?:only\s+)?exceptions?\s+(?:was|were|being|is)\b"
                         if ELLIPTICAL_NOUN else ""))
_BUT_NOT = _rx(r",?\s+but\s+not\s+(?:with|in|for|at|on|after|among|by)?\s*(?P<arm>[^;,.()]{2,80})")
_BETTER_WORDS = _rx(r"^(?:improv\w*|better|superior|outperform\w*|alleviat\w*|reliev\w*|benefit\w*|advantage\w*)$")
_WORSE_CHANGE = _rx(r"worsening|deterioration")
_WORSE_WORDS = _rx(r"^(?:worse|wors\w*|poorer)$")
_REFERENCE_BEFORE = _rx(r"\b" + REFERENCE_CUES + r"\s+(?:the\s+|those\s+(?:on|in|with|receiving)\s+|(?:patients|subjects|participants)\s+(?:on|in|with|receiving)\s+)?$")
_CLAUSE = _rx(CLAUSE_SPLIT)


# --------------------------------------------------------------------------------------
# Which way
# --------------------------------------------------------------------------------------


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
        text = INNER_BRACKETS.sub(lambda m: _NON_SPACE.sub("x", m.group()), text)
    return text


def _best_clause(sentence: str, outcome: str, intervention: str = "", comparator: str = "") -> str:
    """The clause about the outcome (and, among equals, about the intervention arm)."""
    parts = clauses(sentence)
    if len(parts) == 1:
        return sentence
    ow = set(words(outcome))
    iw = arm_word_stems(intervention, comparator, outcome)[0] if intervention and CLAUSE_ARM_WEIGHT else frozenset()
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


_OWN_OBJECT_NEGATION = _rx(r"\b(?:no|not)\b[^.;]{0,40}?\b(?:effects?|differences?|changes?|impact|influence)\s+(?:on|in|for)\s+"
                           r"(?!(?:the\s+)?(?:this|these|that|it|them|either|both|any|all)\b)\w")
_GENERIC_OUTCOME_STEMS = frozenset(words(" ".join(GENERIC_OUTCOME_WORDS)))
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
        place = respective_place(clause, outcome)
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
        head_stems = set(words(OUTCOME_HEAD.split(outcome, 1)[0] or outcome)) if OWN_CHANGE_HEAD_ONLY else out_stems
        composed = magnitude_of_change(clause, outcome, head_stems)
        if composed is not None:
            return composed
    own = [h for h in hits if _stem(h[2].split()[0].lower()) in out_stems]
    if own and len(own) < len(hits):
        hits = [h for h in hits if h not in own]
    opos = outcome_positions(low, out_stems)
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
    if outcome_sense.OUTCOME_IS_ITS_CHANGE:
        named = CHANGE_NAMED_OUTCOME.match(outcome.lower())
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
        opos = outcome_mention(clause, out_stems) if len(found) > 1 else []
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
    opos = word_positions(low, set(words(outcome)))
    if not opos:
        return None
    m = _SIGNED.search(clause, max(opos))
    if m is None or m.start() - max(opos) > 40:
        return None
    return "down" if m.group(1) in "-−–" else "up"


_NEXT_ITEM = re.compile(r"\s*\)?\s*(?:,\s*|\s(?:and|or)\s+|,\s*(?:and|or)\s+)(?:a\s+|an\s+|the\s+|significantly\s+)?")
_FAVOUR = _rx(r"\b(?:in\s+favou?r\s+of|favou?r(?:ed|ing|s)?)\s+(?:the\s+)?(?P<arm>[^,;.()]{1,60})")


def favour_direction(clause: str, intervention: str, comparator: str, outcome: str) -> str | None:
    """'up'/'down' from "in favour of X" / "favoured X": better for X on the outcome's sense."""
    clause = clause.lower()
    m = _FAVOUR.search(clause)
    if m is None:
        return None
    arm_text = m.group("arm").lower()
    iw, cw = arm_word_stems(intervention, comparator, outcome)
    hit_i, hit_c = bool(word_positions(arm_text, iw, ARM_STEM_LENGTH)), bool(word_positions(arm_text, cw, ARM_STEM_LENGTH))
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
    cw = arm_word_stems(intervention, comparator)[1]
    tail = m.group("arm").lower()
    tail_hits = set(_WORD.findall(tail)) & {w for w in _WORD.findall(intervention.lower()) if w not in STOPWORDS}
    if not tail_hits or word_positions(tail, cw, ARM_STEM_LENGTH):
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
        if NO_DIFF.search(later):
            return None
        if _MAGNITUDE_CHANGE.search(later) or (_DIRECTION.search(later) and ARM_COMPARISON.search(later)):
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
    mention = outcome_mention(clause, out)
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
    if (USE_BOTH_GROUPS and _BOTH.search(clause) and not ARM_COMPARISON.search(clause)
            and not (BOTH_UNLESS_MAGNITUDE and _MAGNITUDE_CHANGE.search(clause))
            and not (BOTH_UNLESS_ONE_ARM_HIGHER and _one_arm_higher(clause, intervention, comparator, outcome))):
        later = _comparison_after_both(sentence, clause) if USE_BOTH_THEN_COMPARISON else None
        if later is None:
            return NO_DIFFERENCE, "changed in both groups"
        clause = later  # "X fell in both groups, but the fall was greater with drug": the comparison decides
    if BETWEEN_NEG.search(sentence) and (
            (clause is not sentence and _WITHIN_OR_BOTH.search(clause))
            or (BETWEEN_NEG_NO_COMPARISON and not ARM_COMPARISON.search(sentence) and _NO_GROUP_DIFFERENCE.search(sentence))):
        return NO_DIFFERENCE, "within-group change, no between-group difference"
    if NAMED_PAIR_NO_DIFFERENCE and _named_pair_alike(sentence, clause, intervention, comparator, outcome):
        return NO_DIFFERENCE, "the two arms named as not differing"
    way, rule = None, ""
    if USE_SIGNED_DIFF:
        m = _SIGNED_DIFFERENCE.search(clause)
        if m is not None:
            way, rule = ("up" if m.group(1) == "+" else "down"), "signed difference"
            if DIFFERENCE_ARM_ORDER and comparator_named_first(clause[m.start(): m.start(1)], intervention, comparator, outcome):
                way, rule = ("down" if way == "up" else "up"), "signed difference, comparator minus intervention"
            if outcome_sense.OUTCOME_IS_ITS_CHANGE and names_a_fall(outcome):
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
        if (way is None and RATIO_BEFORE_VALUES and text is clause and "ratio" in clause and RATIO.search(clause)
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

"""Which sentence of an abstract reports the result for an outcome.

`best_sentence(sentences, intervention, comparator, outcome, sections=None)` gives the index of the
sentence that reports the result for the outcome and `rank_sentences` every sentence's score:
word overlap with the outcome (abbreviations defined in the abstract count as their long form;
the outcome written word for word counts extra), statistics, comparative words, the arms, an
explicit between-group comparison (preferred over change within groups), and the section
(results preferred; title, methods and baseline sentences penalised, and so is a comparison
with placebo or sham when neither arm of the question is one).  A sentence that names no
outcome word but refers back ("There was no difference between the groups") inherits part of
the previous sentence's match.  Every weight, bonus, penalty and word list of the ranking is in
the settings block below (chosen on half A of the dev split; measure changes with python -m
analysis evaluate-inference).  It is kept apart from `analysis.direction`, which reads the
direction from the chosen sentence and re-exports `best_sentence` and `rank_sentences`; the
tokeniser and the word lists both use come from `analysis.result_text`.
"""

from __future__ import annotations

import re

from analysis.result_text import DOWN_WORDS, STOPWORDS, UP_WORDS, WITHIN_GROUP, _BASELINE, _WORD, _rx, _stem, words

# --------------------------------------------------------------------------------------
# Settings (edit here)
# --------------------------------------------------------------------------------------

# Scoring of sentences by best_sentence / rank_sentences (chosen on half A of the dev split).
WEIGHT_OUTCOME = 1.5       # times the share of the outcome's words named (rarer words in the abstract weigh more)
RARITY = 0.5               # an outcome word in k sentences weighs 1 / (1 + RARITY * k)
WEIGHT_PHRASE = 0.3        # times the share of the outcome's word pairs named in order
WEIGHT_ARMS = 0.5          # times the share of the arms' words named
BONUS_STATISTIC = 1.0      # a p-value, "significant", a CI or a ratio
BONUS_COMPARATIVE = 0.3    # a comparative word, "than", "versus", "similar"
BONUS_RESULTS_SECTION = 0.8
PENALTY_CONCLUSIONS = 0.3
PENALTY_METHODS_SECTION = 1.5  # methods, background, objective, registration
PENALTY_TITLE = 3.0
PENALTY_METHODS_WORDING = 0.8  # "we evaluated", "were randomised", "the primary outcome was"
PENALTY_BASELINE = 0.6     # the sentence is about baseline ("at baseline", "before the intervention")
BONUS_VERBATIM = 0.6       # the outcome written out word for word (two words or more)
# A sentence naming no outcome word that refers back ("this difference", "in this regard") or compares the
# groups without naming the outcome keeps this share of the previous sentence's outcome match.
INHERIT_SHARE = 0.7
BONUS_BETWEEN = 0.2        # the sentence compares the groups explicitly ("between the two groups", "intergroup")
PENALTY_WITHIN = 0.3       # the sentence reports change within groups only ("from baseline", "within each group")
# A sentence comparing against placebo/sham/vehicle/saline when neither arm of the question is one
# (a third arm: "X provided better analgesia than placebo" for the question X vs Y).
PENALTY_OTHER_REFERENCE = 0.8
UNMATCHED_SHARE = 0.1      # a sentence naming nothing of the outcome keeps this share of its bonuses
# A sentence naming no outcome word but "all/any (other/secondary) outcomes" counts as this share
# of a match (0.3 tried: worse on half B, off).
GENERIC_OUTCOME_HIT = 0.0
GENERIC_OUTCOME = (r"\b(?:any|all|other|secondary|remaining)\s+(?:of\s+the\s+)?(?:other\s+)?(?:measured\s+|clinical\s+|"
                   r"secondary\s+|primary\s+)?(?:outcome|end\s?point|variable|parameter|measure)s?\b|\bin\s+this\s+regard\b")
# Wording of aims and methods rather than results.
METHODS_WORDING = (
    r"\b(?:we|this study)\s+(?:aimed|aim|sought|evaluated|assessed|investigated|examined|compared|hypothesi[sz]ed|"
    r"randomi[sz]ed|conducted|recruited|enrolled)\b",
    r"\b(?:aim|objective|purpose|goal)s?\s+(?:of|was|were|is)\b",
    r"\b(?:were|was)\s+(?:randomi[sz]ed|randomly\s+assigned|allocated|recruited|enrolled|measured|assessed|recorded|evaluated)\b",
    r"\b(?:primary|secondary|main)\s+(?:outcome|end\s?point)s?\s+(?:was|were|is|are|included)\b",
)
# Abbreviations.
USE_OUTCOME_ABBREVIATION = True  # "... PA (MVPA)" in the outcome: "MVPA" stands for the words before it
USE_ACRONYM_SKIP_LINKS = True  # "hospital anxiety and depression scale" -> "hads" as well as "haads"
USE_ABBREVIATIONS = True   # an abbreviation defined in the abstract names the outcome as well as its long form

# --------------------------------------------------------------------------------------
# Compiled once
# --------------------------------------------------------------------------------------

_STAT_CUE = _rx(r"\bp\s*[<>=≤≥]|\b(?:in|non-?)?significan|\b95\s*%|\bci\b|confidence interval|\bodds ratio|\bhazard ratio|\brelative risk")
_GENERIC_OUTCOME = _rx(GENERIC_OUTCOME)
_ANAPHORA = _rx(r"\bin\s+this\s+regard\b|\b(?:this|these|such|that)\s+(?:[\w-]+\s+)?(?:difference|differences|effect|effects|"
                r"change|changes|reduction|increase|improvement|benefit|finding)\b|"
                r"\b(?:no|not)\b[^.;]{0,40}\bdifferen\w*\s+between\s+(?:the\s+)?(?:two\s+|three\s+)?(?:groups?|arms?)\b")
_BETWEEN_CUE = _rx(r"\bbetween[\s-]+(?:the\s+)?(?:two\s+|three\s+|four\s+|treatment\s+|study\s+|intervention\s+|randomi[sz]ed\s+)?"
                   r"(?:groups?|arms?|treatments|conditions)\b|\binter-?\s?group\b|"
                   r"\bbetween\s+(?:the\s+)?[\w/+-]+(?:\s+[\w/+-]+){0,2}\s+and\s+(?:the\s+)?[\w/+-]+(?:\s+[\w/+-]+){0,2}\s+(?:groups|arms)\b")
_WITHIN_CUE = _rx(WITHIN_GROUP + r"|\bwithin\s+(?:each|both|all|the\s+(?:two|three)|either)\b|\bover\s+time\b|"
                  r"\b(?:in|for)\s+(?:both|all|each)\s+(?:the\s+)?(?:two\s+|three\s+)?(?:groups|arms)\b")
_OTHER_REFERENCE = _rx(r"\b(?:than|compared\s+(?:with|to)|versus|vs\.?|relative\s+to|over)\s+(?:(?:the|a|those|patients|"
                       r"subjects|participants|receiving|given|on|with|in)\s+){0,3}(placebo|sham|vehicle|saline)\b")
_ABBREV_DEF = re.compile(r"\(\s*([A-Z][A-Za-z0-9]{1,9})\s*\)")
_LINK_WORDS = frozenset(("of", "and", "the", "in", "to", "for", "on", "with"))
_METHODS_CUE = _rx("|".join(METHODS_WORDING))
_COMPARATIVE_CUE = _rx(r"\b(?:" + "|".join(UP_WORDS + DOWN_WORDS) + r"|differ\w*|similar|comparable|than|versus|vs|compared)\b")


# --------------------------------------------------------------------------------------
# Which sentence
# --------------------------------------------------------------------------------------


def best_sentence(
    sentences: list[str],
    intervention: str,
    comparator: str,
    outcome: str,
    sections: list[str] | None = None,
) -> int | None:
    """Index of the sentence that reports the result for the outcome, None when nothing matches."""
    scores = rank_sentences(sentences, intervention, comparator, outcome, sections)
    if not scores:
        return None
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    return best if scores[best] > 0 else None


def abbreviations_for(outcome: str, sentences: list[str]) -> list[tuple[str, frozenset[str]]]:
    """(short form, long-form word stems) pairs that let a sentence name the outcome by either form.

    "Hospital Anxiety and Depression Scale (HADS)" defined in the abstract lets "HADS" stand for an
    outcome written in full, and the full words for an outcome written "HADS"; an acronym of the
    outcome's own words ("duration of analgesia" -> "doa") counts too.
    """
    out_low = outcome.lower()
    out_set = set(_WORD.findall(out_low))
    pairs: list[tuple[str, frozenset[str]]] = []
    for text in sentences:
        if "(" not in text:
            continue
        for m in _ABBREV_DEF.finditer(text):
            short = m.group(1).lower()
            initials = short.rstrip("s")
            k = len(initials)
            # the long form: the last k words before the bracket whose initials spell the short form
            before = _WORD.findall(text[max(0, m.start() - 120): m.start()].lower())
            tail = [w for w in before if w not in _LINK_WORDS][-k:] if k else []
            if len(tail) != k or "".join(w[0] for w in tail) != initials:
                continue
            longs = frozenset(_stem(w) for w in tail if w not in STOPWORDS)
            if longs and (set(tail) <= out_set or short in out_set):
                pairs.append((_stem(short), longs))
    if USE_OUTCOME_ABBREVIATION:
        # the outcome defines its own short form: "weekly moderate-to-vigorous PA (MVPA) levels"
        for m in _ABBREV_DEF.finditer(outcome):
            longs = frozenset(_stem(w) for w in _WORD.findall(out_low[: m.start()]) if w not in STOPWORDS)
            if longs:
                pairs.append((_stem(m.group(1).lower()), longs))
    all_words = [w for w in _WORD.findall(out_low) if w not in ("the", "a", "an")]
    for content in (all_words, [w for w in all_words if w not in _LINK_WORDS]) if USE_ACRONYM_SKIP_LINKS else (all_words,):
        for size in (3, 4, 5):
            for i in range(len(content) - size + 1):
                window = content[i:i + size]
                longs = frozenset(_stem(w) for w in window if w not in STOPWORDS)
                if longs:
                    pairs.append(("".join(w[0] for w in window), longs))
    return pairs


def _outcome_matches(ws: set[str], base: set[str], pairs: list[tuple[str, frozenset[str]]]) -> set[str]:
    """The outcome's words a sentence names, counting an abbreviation as its long form and back."""
    matched = ws & base
    for short, longs in pairs:
        if short in ws:
            matched |= longs & base
        elif short in base and longs <= ws:
            matched.add(short)
    return matched


def rank_sentences(
    sentences: list[str],
    intervention: str,
    comparator: str,
    outcome: str,
    sections: list[str] | None = None,
) -> list[float]:
    """A score per sentence (higher = more likely the one reporting the outcome's result)."""
    out_list = words(outcome)
    out_words = set(out_list)
    pairs_abbr = abbreviations_for(outcome, sentences) if USE_ABBREVIATIONS else []
    out_pairs = set(zip(out_list, out_list[1:]))
    arm_words = set(words(intervention)) | set(words(comparator))
    sent_lists = [words(s) for s in sentences]
    sent_words = [set(ws) for ws in sent_lists]
    # rarer words within the abstract identify the outcome better than words used everywhere
    matches = [_outcome_matches(ws, out_words, pairs_abbr) for ws in sent_words]
    df: dict[str, int] = {}
    for found in matches:
        for w in found:
            df[w] = df.get(w, 0) + 1
    weights = {w: 1.0 / (1.0 + RARITY * df.get(w, 0)) for w in out_words}
    total = sum(weights.values()) or 1.0
    verbatim = " ".join(_WORD.findall(outcome.lower()))
    if verbatim.startswith(("the ", "a ", "an ")):
        verbatim = verbatim.split(" ", 1)[1]
    if not BONUS_VERBATIM or verbatim.count(" ") < 1:
        verbatim = ""
    scores = []
    prev_hit = 0.0
    for i, (text, ws) in enumerate(zip(sentences, sent_words)):
        hit = sum(weights[w] for w in matches[i]) / total
        if hit == 0:
            hit = GENERIC_OUTCOME_HIT if GENERIC_OUTCOME_HIT and _GENERIC_OUTCOME.search(text.lower()) else 0.0
        if hit == 0 and INHERIT_SHARE and i > 0 and prev_hit > 0 and _ANAPHORA.search(text.lower()):
            # "There was no significant difference between the groups." right after the outcome's sentence
            hit = INHERIT_SHARE * prev_hit
        prev_hit = sum(weights[w] for w in matches[i]) / total
        score = WEIGHT_OUTCOME * hit
        if out_pairs:
            pairs = set(zip(sent_lists[i], sent_lists[i][1:]))
            score += WEIGHT_PHRASE * len(pairs & out_pairs) / len(out_pairs)
        if arm_words:
            score += WEIGHT_ARMS * len(ws & arm_words) / len(arm_words)
        low = text.lower()
        if verbatim and verbatim in " ".join(_WORD.findall(low)):
            score += BONUS_VERBATIM
        if _STAT_CUE.search(low):
            score += BONUS_STATISTIC
        if _COMPARATIVE_CUE.search(low):
            score += BONUS_COMPARATIVE
        if _METHODS_CUE.search(low):
            score -= PENALTY_METHODS_WORDING
        if PENALTY_BASELINE and _BASELINE.search(low):
            score -= PENALTY_BASELINE
        if BONUS_BETWEEN or PENALTY_WITHIN:
            between = _BETWEEN_CUE.search(low)
            if between:
                score += BONUS_BETWEEN
            elif PENALTY_WITHIN and _WITHIN_CUE.search(low):
                score -= PENALTY_WITHIN
        if PENALTY_OTHER_REFERENCE:
            other = _OTHER_REFERENCE.search(low)
            if other and words(other.group(1))[0] not in arm_words:
                score -= PENALTY_OTHER_REFERENCE
        section = sections[i] if sections else None
        if section == "results":
            score += BONUS_RESULTS_SECTION
        elif section == "conclusions":
            score -= PENALTY_CONCLUSIONS
        elif section == "title":
            score -= PENALTY_TITLE
        elif section in ("methods", "background", "objective", "registration"):
            score -= PENALTY_METHODS_SECTION
        if hit == 0:
            score = min(score, 0.0) + max(score, 0.0) * UNMATCHED_SHARE
        scores.append(score)
    return scores

"""Shared text helpers and word lists for reading trial-result sentences.

Both halves of the result reader use these: `analysis.result_sentences` (which sentence of an
abstract reports an outcome) and `analysis.direction` (which way that sentence says it went).
It holds the tokeniser and stemmer (`words`, `_stem`, `_WORD`, STOPWORDS, STEM_LENGTH), the
regex builder `_rx` for lower-cased text, and the word lists and the baseline pattern that both
the sentence ranking and the direction rules read (UP_WORDS, DOWN_WORDS, WITHIN_GROUP,
`_BASELINE`).  It lives apart so that neither of the two modules has to import the other for
them, which keeps the imports free of cycles; its values are part of both modules' settings.
"""

from __future__ import annotations

import re
from functools import lru_cache

# --------------------------------------------------------------------------------------
# Word lists (general language of trial results; edit here)
# --------------------------------------------------------------------------------------

# Words that carry no meaning for matching an outcome or an arm to a sentence.
STOPWORDS = frozenset(
    """a an the of in on at to for from by with without and or vs versus than as is are was were be been
    being this that these those its it their there which who whom whose what when where how after before
    during between among into over under per each both either neither all any other such than then
    patients patient participants subjects group groups arm arms study trial rate rates level levels
    total mean number numbers time day days week weeks month months year years value values
    use using used receiving received treated treatment
    """.split()
)


# Significance that is about change within one group (from baseline), not between the arms.
WITHIN_GROUP = r"\bfrom\s+(?:the\s+)?(?:baseline|pre-?|before)|\bcompared\s+(?:with|to)\s+(?:the\s+)?baseline|\bwithin[- ]group"

# Comparative words: the outcome went up (first) or down (second) in the subject arm.
UP_WORDS = (
    r"increas\w*", r"higher", r"greater", r"more", r"larger", r"longer", r"elevat\w*", r"rais\w*",
    r"ris(?:e|es|en|ing)", r"rose", r"gain\w*", r"enhanc\w*", r"augment\w*", r"boost\w*", r"exceed\w*",
    r"prolong\w*", r"improv\w*", r"better", r"superior", r"outperform\w*", r"accelerat\w*", r"extend\w*", r"doubled",
    r"potentiat\w*", r"amplif\w*", r"magnif\w*", r"heighten\w*", r"intensif\w*",
    r"tripled", r"stronger", r"faster", r"bigger", r"heavier", r"wider", r"up-?regulat\w*",
    r"more\s+(?:common|frequent|often|likely)", r"benefit\w*", r"advantage\w*",
    r"(?:twice|two-?fold|three-?fold|\d+(?:\.\d+)?-?fold|\d+(?:\.\d+)?\s+times)\s+(?:as\s+)?(?:likely|high|many|much|long|"
    r"frequent|often|great|large|common)",
)
DOWN_WORDS = (
    r"decreas\w*", r"lower\w*", r"reduc\w*", r"fewer", r"less", r"smaller", r"shorter", r"declin\w*",
    r"drop(?!-?outs?\b)\w*", r"fell", r"fall\w*", r"attenuat\w*", r"diminish\w*", r"lessen\w*", r"shorten\w*",
    r"suppress\w*", r"inhibit\w*", r"prevent\w*", r"worse", r"wors\w*", r"poorer", r"slower", r"weaker",
    r"narrower", r"minimi[sz]\w*", r"cut", r"halv\w*", r"down-?regulat\w*", r"alleviat\w*", r"reliev\w*",
    r"eliminat\w*", r"delay\w*", r"lesser", r"less\s+(?:common|frequent|often|likely)",
    r"half\s+as\s+(?:likely|high|many|much|long|frequent|often|great|large|common)",
    r"protect(?:ed|s|ive)?\s+against",
)

# Words are compared by their first STEM_LENGTH letters ("reduced", "reduction" -> "reduc").
STEM_LENGTH = 5

# --------------------------------------------------------------------------------------
# Compiled once
# --------------------------------------------------------------------------------------

def _rx(pattern: str) -> re.Pattern:
    """Compile a pattern to run on lower-cased text (faster than re.IGNORECASE): its letters are lower-cased."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith("(?P<", i):
            j = pattern.index(">", i)
            out.append(pattern[i:j + 1])
            i = j + 1
        else:
            out.append(ch.lower())
            i += 1
    return re.compile("".join(out))


_WORD = re.compile(r"[a-z0-9]+")
_BASELINE = _rx(r"\bat\s+baseline\b|\bbaseline\s+(?:values|characteristics)\b|\bdemographic|\b(?:before|prior\s+to)\s+(?:the\s+)?"
                r"(?:intervention|treatment|education|training|therapy|randomi[sz]ation|surgery)\b")


def words(text: str, size: int | None = None) -> list[str]:
    """Lower-case word stems (first `size` letters, default STEM_LENGTH) of a text, stopwords dropped."""
    return [_stem(w, size) for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


@lru_cache(maxsize=1 << 16)
def _stem(word: str, size: int | None = None) -> str:
    """The word without a plural s, cut to `size` letters (numbers stay whole)."""
    if word.isdigit():
        return word
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:size or STEM_LENGTH]


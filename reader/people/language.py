"""Is a text English? Function-word counts, which need no model and cost microseconds.

The people model was trained on English. In another language its cues mislead it (every noun is
capitalised in German; "Corte Nacional da Espanha" looks like a name), so a text whose function
words are mostly another language's gets people only on strong evidence.
"""

from __future__ import annotations

import re

SAMPLE_CHARS = 1500  # characters looked at; enough for a verdict, cheap for a long text
SURELY_ENGLISH = 4  # this many " the " in the sample settle it at once (the usual case)
MIN_HITS = 6  # fewer function words than this: too little text to judge, taken as English

_ENGLISH = frozenset("the and of to in is that for with was on are by from it".split())
# frequent function words of the languages news feeds most often send besides English, none of
# them also an English word
_OTHER = frozenset(
    """der die das und nicht ist ein eine mit auf den dem sich auch von zu für
    les des une est pas dans pour sur qui avec du au
    los las una por con para del que es como
    não uma com para dos das pelo pela em
    il della che per sono gli
    het een van niet zijn voor met ook
    och att det som är för inte
    się nie jest na że
    o e da do el la le et y""".split()
)


_WORD_RE = re.compile(r"[^\W\d_]+")


def is_english(text: str) -> bool:
    """True unless the text's function words are mostly another language's."""
    sample = text[:SAMPLE_CHARS]
    if sample.count(" the ") >= SURELY_ENGLISH:
        return True
    english = other = 0
    for word in _WORD_RE.findall(sample.lower()):
        if word in _ENGLISH:
            english += 1
        elif word in _OTHER:
            other += 1
    return english + other < MIN_HITS or english >= other

"""Is a text English? Function-word counts, which need no model and cost microseconds.

The people model was trained on English. In another language its cues mislead it (every noun is
capitalised in German; "Corte Nacional da Espanha" looks like a name), so a text whose function
words are mostly another language's gets people only on strong evidence.
"""

from __future__ import annotations

import re

SAMPLE_CHARS = 1500  # characters looked at; enough for a verdict, cheap for a long text
FOREIGN_LETTERS_MIN = 3  # accented letters in a short text that make it foreign
SURELY_ENGLISH = 4  # this many " the " in the sample settle it at once (the usual case)
MIN_HITS = 6  # fewer function words than this: too little text to judge, taken as English

_ENGLISH = frozenset("the and of to in is that for with was on are by from it".split())
# frequent function words of the languages news feeds most often send besides English (German,
# French, Spanish, Portuguese, Italian, Dutch, Swedish, Polish, Slovak, Hungarian, Turkish,
# Indonesian), none of them a frequent English word
_OTHER = frozenset(
    """der die das und nicht ist ein eine mit auf den dem sich auch von zu für
    les des une est pas dans pour sur qui avec du au
    los las una por con para del que es como
    não uma com para dos das pelo pela em
    il della che per sono gli
    het een van niet zijn voor met ook
    och att det som är för inte
    się nie jest na że
    sa je pre aj ako alebo sú že som bol bola
    és az hogy egy nem
    ve bir bu için ile
    yang dan di ini itu dengan untuk
    o e da do el la le et y""".split()
)


# accented letters of European languages; English text has them only in a borrowed name or two
_FOREIGN_LETTERS = tuple("áàâäãåčćďéèêëěíìîïľĺňńñóòôöõőřŕšśťúùûüůűýžźżßçęąłøæœ")
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
    if english + other < MIN_HITS:
        # too few function words (a headline, a teaser): letters English does not use decide
        return english > other or sum(map(sample.count, _FOREIGN_LETTERS)) < FOREIGN_LETTERS_MIN
    return english >= other

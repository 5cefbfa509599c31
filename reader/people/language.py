"""Is a text English? Function-word counts, which need no model and cost microseconds.

The people model was trained on English. In another language its cues mislead it (every noun is
capitalised in German; "Corte Nacional da Espanha" looks like a name), so a text whose function
words are mostly another language's gets people only on strong evidence.
"""

from __future__ import annotations

import re

SAMPLE_CHARS = 1500  # characters looked at; enough for a verdict, cheap for a long text
SURELY_ENGLISH = 4  # this many " the " in the sample settle it at once (the usual case)
MIN_HITS = 6  # fewer function words than this make a short text (a headline, a teaser)
# in a short text: foreign function words and accented letters of common words, less English
# function words, that make it foreign
SHORT_FOREIGN_MIN = 2

_ENGLISH = frozenset("the and of to in is that for with was on are by from it".split())
# frequent function words of the languages news feeds most often send besides English (German,
# French, Spanish, Portuguese, Italian, Dutch, Swedish, Polish, Slovak, Hungarian, Turkish,
# Indonesian), none of them a word English text writes in lower case ("met", "per" and "van" are
# left out; Slovak "v" stays, one alone never decides). Written with a capital they count only
# opening a sentence: elsewhere "Dan", "Van" and "La" start names.
_OTHER = frozenset(
    """der das und nicht ist ein eine mit auf dem sich auch von zu für im zum zur bei
    nach über wird sind hat
    les des une est pas dans pour sur qui avec du au
    los las una por con para del que es como
    não uma com para dos das pelo pela em ao às
    il della che sono gli
    het een niet zijn voor ook
    och att det som är för inte
    się nie jest na że
    sa je pre aj ako alebo sú že som bol bola v z
    és az hogy egy nem
    ve bir bu için ile
    yang dan di ini itu dengan untuk
    da el la le et y""".split()
)
_OTHER_OPENING = frozenset(word.capitalize() for word in _OTHER)

# accented letters of European languages; English text has them only in a borrowed name or two
_FOREIGN_LETTERS = tuple("áàâäãåčćďéèêëěíìîïľĺňńñóòôöõőřŕšśťúùûüůűýžźżßçęąłøæœ")
_WORD_RE = re.compile(r"[^\W\d_]+")
_OPENING_RE = re.compile(r"(?:^|[.!?\n]\s*)([^\W\d_]+)")  # the first word of each sentence
# apostrophes and dots go ("we've", "Amazon.com" stay one word), other punctuation and digits
# become spaces, so that split() gives the words (a regex findall, which would, costs five times
# as much on the text without " the " that takes the counting path)
_NOT_LETTERS = str.maketrans(
    dict.fromkeys("0123456789_,;:!?\"()[]{}<>/\\|@#$%^&*+=~`-–—“”«»…·•", " ") | dict.fromkeys("'’.", None)
)


def is_english(text: str) -> bool:
    """True unless the text's function words are mostly another language's."""
    sample = text[:SAMPLE_CHARS]
    if sample.count(" the ") >= SURELY_ENGLISH:
        return True
    words = sample.translate(_NOT_LETTERS).split()
    english = sum(map(_ENGLISH.__contains__, map(str.lower, words)))
    other = sum(map(_OTHER.__contains__, words))
    other += sum(1 for word in _OPENING_RE.findall(sample) if word in _OTHER_OPENING)
    accented = 0
    if not sample.isascii():
        for word in _WORD_RE.findall(sample):
            low = word.lower()
            if word[0].islower() and not word.isascii() and low not in _ENGLISH and low not in _OTHER:
                accented += sum(map(word.count, _FOREIGN_LETTERS))  # names keep theirs: "Núñez"
    if english + other < MIN_HITS:
        # too few function words (a headline, a teaser): letters English does not use decide
        return other + accented - english < SHORT_FOREIGN_MIN
    return english >= other

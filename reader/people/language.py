"""Is a text English? Function-word counts, which need no model and cost microseconds.

The people model was trained on English. In another language its cues mislead it (every noun is
capitalised in German; "Corte Nacional da Espanha" looks like a name), so a text whose function
words are mostly another language's gets people only on strong evidence.
"""

from __future__ import annotations

SAMPLE_CHARS = 3000  # characters looked at; enough for a verdict, cheap for a long text
MIN_HITS = 8  # fewer function words than this: too little text to judge, taken as English

_ENGLISH = tuple(f" {w} " for w in "the and of to in is that for with was on are by from it".split())
# frequent function words of the languages news feeds most often send besides English, none of
# them also an English word
_OTHER = tuple(
    f" {w} "
    for w in """der die das und nicht ist ein eine mit auf den dem sich auch von zu für
    les des une est pas dans pour sur qui avec du au
    los las una por con para del que es como
    não uma com para dos das pelo pela em
    il della che per sono gli
    het een van niet zijn voor met ook
    och att det som är för inte
    się nie jest na że""".split()
)


_PUNCTUATION = str.maketrans({ch: " " for ch in ",.;:!?\n\t\"“”()«»"})


def is_english(text: str) -> bool:
    """True unless the text's function words are mostly another language's."""
    sample = f" {text[:SAMPLE_CHARS].lower().translate(_PUNCTUATION)} "
    english = sum(sample.count(w) for w in _ENGLISH)
    other = sum(sample.count(w) for w in _OTHER)
    return english + other < MIN_HITS or english >= other

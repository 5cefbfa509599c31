"""Word lists behind the people extractor, loaded once from ``reader/people/data``.

Every capitalised token gets a small bit set (``flags``) telling what the lists know about it:
a given name, a surname, a common English word, a place/organisation word, a title.
"""

from __future__ import annotations

import gzip
import unicodedata
from functools import lru_cache

from reader.resources import people_data_dir

DATA = people_data_dir()

GIVEN = 1  # census or curated given name
SURNAME = 2  # census surname (top 20,000)
COMMON = 4  # lower-case form is an English dictionary word
PLACE_ORG = 8  # listed non-person word (place, people, month, organisation, medium ...)
TITLE = 16  # title or honorific ("President", "Dr", "Secretary")
SUFFIX = 32  # ends place/organisation names ("Hall", "University")
ACRONYM = 64  # all capitals, two letters or more ("FBI", "CNN")
HONORIFIC = 128  # a title that on its own marks a person ("Mr", "President", "Professor")
PHRASE_START = 256  # first word of a listed multi-word non-person phrase
STOP = 512  # function word, never a name ("In", "He", "The")

CACHE_SIZE = 200_000  # entries in the token -> flags memo; emptied when full
CACHE_MAX_WORD = 40  # longer tokens are not memoised

# Titles that are mere modifiers of the next title ("Home Secretary", "Vice President").
_MODIFIER_TITLES = frozenset(
    """vice prime home foreign shadow defense defence interior treasury health education finance
    labor labour commerce energy transportation agriculture culture environment trade state
    press first former late then acting interim senior junior executive managing team head
    field grand his her highness majesty excellency brother sister father mother uncle aunt
    attorney general chief deputy assistant associate minority majority""".split()
)


def _read_lines(name: str) -> list[str]:
    """Non-comment lines of a plain-text list."""
    text = (DATA / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _read_gz(name: str) -> list[str]:
    """Lines of a gzip'd generated list."""
    with gzip.open(DATA / name, "rt", encoding="utf-8") as fh:
        return [ln.strip() for ln in fh if ln.strip()]


def _read_weighted(name: str) -> dict[str, int]:
    """``name<TAB>weight`` lines of a gzip'd generated list."""
    out: dict[str, int] = {}
    for line in _read_gz(name):
        word, _, weight = line.partition("\t")
        out[word] = int(weight)
    return out


class Lexicon:
    """All lists, plus a cache of token -> flags."""

    def __init__(self) -> None:
        given = set(_read_gz("given.txt.gz"))
        for line in _read_lines("given_extra.txt"):
            given.update(w.lower() for w in line.split())
        self.given = frozenset(given)
        self.surnames = frozenset(_read_gz("surnames.txt.gz"))
        self.common = frozenset(_read_gz("common.txt.gz"))
        self.titles = frozenset(_read_lines("titles.txt"))
        self.honorifics = self.titles - _MODIFIER_TITLES
        self.roles = frozenset(_read_lines("roles.txt"))
        self.speech = frozenset(_read_lines("speech_verbs.txt"))
        self.follow = frozenset(_read_lines("follow_verbs.txt"))
        self.suffixes = frozenset(w.lower() for w in _read_lines("suffixes.txt"))
        self.stop = frozenset(w for ln in _read_lines("stopwords.txt") for w in ln.split())
        singles: set[str] = set()
        phrases: dict[str, list[tuple[str, ...]]] = {}
        short_acronyms: set[str] = set()
        for entry in _read_lines("nonperson.txt"):
            words = entry.split()
            if len(words) == 1 and entry.isupper() and len(entry) <= 3:
                short_acronyms.add(entry)  # "UN" is the UN; "Un" is the end of "Kim Jong Un"
            elif len(words) == 1:
                singles.add(entry.lower())
            else:
                phrases.setdefault(words[0].lower(), []).append(tuple(w.lower() for w in words))
        for seqs in phrases.values():
            seqs.sort(key=len, reverse=True)
        self.place_org = frozenset(singles)
        self.short_acronyms = frozenset(short_acronyms)  # matched only as written
        self.phrases = phrases
        self.world_given = _read_weighted("world_given.txt.gz")
        self.world_family = frozenset(_read_gz("world_family.txt.gz"))
        # one-word place names (GeoNames) -> "c" (country, continent, US state) or a city's
        # population order of magnitude: a model feature only, the rules never see it
        self.places = dict(line.split("\t") for line in _read_gz("places.txt.gz"))
        self.cache: dict[str, int] = {}

    def is_given(self, word: str) -> bool:
        """A given name of the census, the curated list or the world lists ("Mesut")."""
        return bool(self.flags(word) & GIVEN) or fold_accents(word.lower()) in self.world_given

    def flags(self, token: str) -> int:
        """Bit set for one capitalised token (cached)."""
        got = self.cache.get(token)
        if got is None:
            got = self._compute(token)
            if len(token) <= CACHE_MAX_WORD:
                if len(self.cache) >= CACHE_SIZE:
                    self.cache.clear()  # the same dict: callers may hold it
                self.cache[token] = got
        return got

    def _compute(self, token: str) -> int:
        low = token.lower().rstrip(".")
        f = 0
        if len(token) >= 2 and token.replace(".", "").replace("-", "").isupper():
            f |= ACRONYM
        if low[:3] in ("al-", "el-"):
            low = low[3:]
        if "-" in low and low not in self.titles:
            parts = low.split("-")
            if all(p in self.titles for p in parts):
                f |= TITLE | HONORIFIC
            elif parts[0] in self.given:
                f |= GIVEN
            if not all(p in self.common for p in parts):
                return f
            f |= COMMON
            return f
        for ch in ("'", "’"):
            if ch in low:
                low = low.replace(ch, "'")
        if low in self.stop:
            f = COMMON | STOP
            if low in self.titles:
                f |= TITLE | HONORIFIC
            if low in self.phrases:
                f |= PHRASE_START
            return f
        name = low if low.isascii() else fold_accents(low)  # "María" is looked up as "maria"
        if name in self.given:
            f |= GIVEN
        if name in self.surnames:
            f |= SURNAME
        if low in self.common:
            f |= COMMON
        if low in self.place_org or token.rstrip(".") in self.short_acronyms:
            f |= PLACE_ORG
        if low in self.titles:
            f |= TITLE
            if low in self.honorifics:
                f |= HONORIFIC
        if low in self.suffixes:
            f |= SUFFIX
        if low in self.phrases:
            f |= PHRASE_START
        return f


def fold_accents(word: str) -> str:
    """``word`` without combining accents ("ángela" -> "angela"); other letters unchanged."""
    parts = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in parts if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shared lexicon (built on first use, ~0.1 s)."""
    return Lexicon()

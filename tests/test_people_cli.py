"""`byline import`, `stats`, `people`, `person` and `people extract`, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SEED


def byline(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--home", str(home), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_stats_people_and_person(tmp_path: Path) -> None:
    home = tmp_path / "home"
    imported = byline(home, "import", str(REPO / "sample_articles"))
    assert imported.returncode == 0, imported.stderr
    assert byline(home, "import", str(REPO / "sample_articles")).stdout.startswith("0 new, 0 updated")
    stats = json.loads(byline(home, "stats", "--json").stdout)
    assert set(stats) == {"articles", "unread", "starred", "feeds", "tags", "people"}
    assert stats["articles"] >= 25 and stats["people"] >= 20
    people = json.loads(byline(home, "people", "--json").stdout)
    top = [person["name"] for person in people[:4]]
    assert "Donald Trump" in top and "Jeff Sessions" in top
    comey = json.loads(byline(home, "person", "James Comey", "--json").stdout)
    titles = [story["title"] for story in comey["stories"]]
    assert "Comey Testifies Before Senate Intelligence Committee" in titles
    assert any(title.startswith("Attorney General Jeff Sessions") for title in titles)
    ambiguous = byline(home, "person", "Sessions")  # Jeff and Pete: both, with their stories
    assert ambiguous.returncode == 2 and "ambiguous" in ambiguous.stderr
    listed = [line.split(maxsplit=1) for line in ambiguous.stdout.splitlines()]
    assert [name for _, name in listed] == ["Jeff Sessions", "Pete Sessions"]
    assert all(count.isdigit() for count, _ in listed)


def test_people_extract_streams_json_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "seed", "text": SEED.read_text(encoding="utf-8")}),
        "not json",
        json.dumps({"id": 2, "text": "Sen. Mark Warner questioned Mr. Comey."}),
    ]
    result = byline(tmp_path / "home", "people", "extract", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    seed, broken, short = (json.loads(line) for line in result.stdout.splitlines())
    counts: dict[str, int] = {}
    for mention in seed["people"]:
        counts[mention["canonical"]] = counts.get(mention["canonical"], 0) + 1
        assert SEED.read_text(encoding="utf-8")[mention["start"] : mention["end"]] == mention["text"]
    assert counts == {
        "Jeff Sessions": 8,
        "Donald Trump": 11,
        "Sean Spicer": 6,
        "Maggie Haberman": 2,
        "James Comey": 3,
    }
    assert "error" in broken
    assert [m["text"] for m in short["people"]] == ["Mark Warner", "Comey"]

"""`byline tag/untag/tags/search/views/view` end to end, in a subprocess with its own home."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def byline(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--home", str(home), *args],
        capture_output=True, text=True, cwd=REPO, timeout=60, check=False,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("cli") / "home"
    result = byline(home, "import", str(REPO / "sample_articles"))
    assert result.returncode == 0, result.stderr
    return home


def search_json(home: Path, *query: str) -> list[dict]:
    result = byline(home, "search", "--json", *query)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_search_json_keys_best_first(home: Path) -> None:
    hits = search_json(home, "recused")
    assert hits, "the samples hold a recusal story"
    assert {"id", "title", "published", "snippet", "snippet_marked"} <= set(hits[0])
    assert "recuse" in hits[0]["title"].lower()  # a title hit ranks first
    assert all("\x02" not in hit["snippet"] and "\x03" not in hit["snippet"] for hit in hits)
    assert "«" in hits[0]["snippet_marked"]
    assert hits[0]["published"] is None or hits[0]["published"].startswith("20")
    ranks = [hit["rank"] for hit in hits]
    assert ranks == sorted(ranks)


def test_person_filter_survives_shell_quoting(home: Path) -> None:
    quoted = search_json(home, 'person:"James Comey"')
    unquoted = search_json(home, "person:James Comey")  # what bash passes for person:"James Comey"
    assert [hit["id"] for hit in quoted] == [hit["id"] for hit in unquoted]


def test_tag_untag_tags(home: Path) -> None:
    article_id = str(search_json(home, "recused")[0]["id"])
    result = byline(home, "tag", article_id, "Recusal", "byline-test")
    assert result.returncode == 0, result.stderr
    tags = {item["name"]: item for item in json.loads(byline(home, "tags", "--json").stdout)}
    assert tags["recusal"]["count"] == 1 and tags["byline-test"]["count"] == 1
    assert [hit["id"] for hit in search_json(home, "tag:byline-test")] == [int(article_id)]
    assert byline(home, "untag", article_id, "byline-test").returncode == 0
    assert "byline-test" not in byline(home, "tags").stdout
    missing = byline(home, "tag", "999999", "x")
    assert missing.returncode == 1 and "no article with id 999999" in missing.stderr


def test_malformed_query_is_one_line_exit_2(home: Path) -> None:
    for query in ('"unclosed', "a:b", "after:2017-99-99", "OR"):
        result = byline(home, "search", query)
        assert result.returncode == 2, query
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith("byline: search: ")


def test_views(home: Path) -> None:
    assert byline(home, "view", "add", "Comey stories", "comey -trump").returncode == 0
    bad = byline(home, "view", "add", "Broken", "a:b")
    assert bad.returncode == 2 and "unknown filter" in bad.stderr
    views = json.loads(byline(home, "views", "--json").stdout)
    assert [(v["name"], v["query"]) for v in views] == [("Comey stories", "comey -trump")]
    assert views[0]["count"] == len(search_json(home, "--", "comey", "-trump"))  # `--`: -word is no option
    assert byline(home, "view", "remove", "Comey stories").returncode == 0
    assert byline(home, "view", "remove", "Comey stories").returncode == 1
    assert json.loads(byline(home, "views", "--json").stdout) == []


def test_apply_rules_reports_broken_rule_with_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(
        '[[rules]]\ntag = "comey"\nperson = "James Comey"\n\n'
        '[[rules]]\ntag = "broken"\nregex = "("\n\n'
        '[[rules]]\ntag = "bans"\nmatch = "travel ban"\n',
        encoding="utf-8",
    )
    assert byline(home, "import", str(REPO / "sample_articles")).returncode == 0
    result = byline(home, "tags", "apply-rules")
    assert result.returncode == 1
    assert "config.toml line 5: rule 2: regex is not valid" in result.stderr
    tags = {item["name"]: item["count"] for item in json.loads(byline(home, "tags", "--json").stdout)}
    assert tags.get("bans", 0) >= 1
    assert tags.get("comey", 0) >= 1 or "comey" not in result.stdout

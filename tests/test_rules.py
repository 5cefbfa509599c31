"""Tag rules: parsing with line numbers, applying through the store, editing config.toml."""

from __future__ import annotations

import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.config import Paths
from reader.ingest.refresh import Cancel, FeedOutcome, RefreshCancelled
from reader.library import Library
from reader.rules import (
    RuleError,
    add_rule_text,
    parse_rule,
    parse_rules,
    remove_rule_text,
    rule_lines,
)
from reader.store import ArticleFilter, ArticleIn
from tests.feedserver import FeedServer, rss

CONFIG = """\
# Byline settings
[fetch]
concurrency = 4

[[rules]]
tag = "comey"
person = "James Comey"

[[rules]]
tag = "politics"
feed = "Politics Daily"

[[rules]]   # broken: no condition
tag = "orphan"

[[rules]]
tag = "immigration"
match = "Travel Ban"

[[rules]]
tag = "bad-regex"
regex = "(unclosed"

[[rules]]
tag = "courts"
regex = "supreme\\\\s+court"
feed = "City Wire"
"""


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    paths = Paths.resolve(tmp_path / "home")
    paths.create()
    paths.config_file.write_text(CONFIG, encoding="utf-8")
    library = Library(paths)
    store = library.store
    politics = store.local_source("Politics Daily")
    wire = store.local_source("City Wire")
    store.upsert_articles(politics, [
        ArticleIn(guid="p1", title="Comey testifies", plain="James Comey spoke."),
        ArticleIn(guid="p2", title="Budget talks", plain="Nothing about bans."),
    ])
    store.upsert_articles(wire, [
        ArticleIn(guid="w1", title="Court rules", plain="The Supreme  Court on the TRAVEL BAN."),
        ArticleIn(guid="w2", title="Weather", plain="Sunny."),
    ])
    with store.db.transaction() as conn:  # fixture rows: people storage belongs to the extractor
        conn.execute("INSERT INTO people (name, surname) VALUES ('James Comey', 'Comey')")
        conn.execute("INSERT INTO mentions (article_id, person_id, count, first_offset) VALUES (1, 1, 1, 0)")
    yield library
    library.close()


def test_rule_lines_and_broken_rules_reported_by_line() -> None:
    raw = tomllib.loads(CONFIG)["rules"]
    assert rule_lines(CONFIG) == [5, 9, 13, 16, 20, 24]
    rules = parse_rules(raw, CONFIG)
    assert [rule.tag for rule in rules.rules] == ["comey", "politics", "immigration", "courts"]
    assert [(e.index, e.line) for e in rules.errors] == [(2, 13), (4, 20)]
    assert str(rules.errors[0]).startswith("config.toml line 13: rule 3: a rule needs a condition")
    assert "regex is not valid" in str(rules.errors[1])


def test_broken_rule_reported_while_others_apply(library: Library) -> None:
    report = library.rules.apply()
    assert [(e.line, e.index + 1) for e in report.errors] == [(13, 3), (20, 5)]
    assert report.tagged == {"comey": 1, "politics": 2, "immigration": 1, "courts": 1}
    assert library.store.tags_of(1) == ["comey", "politics"]
    assert library.store.tags_of(3) == ["courts", "immigration"]
    assert library.store.tags_of(4) == []
    again = library.rules.apply()
    assert again.total == 0 and again.matched["politics"] == 2  # idempotent


def test_apply_to_some_articles_only(library: Library) -> None:
    report = library.rules.apply([2, 4])
    assert report.checked == 2
    assert report.total == 1 and library.store.tags_of(2) == ["politics"]
    assert library.store.tags_of(1) == []
    assert library.rules.apply([]).total == 0


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"person": "X"}, "needs tag"),
        ({"tag": "x"}, "needs a condition"),
        ({"tag": "x", "person": ""}, "non-empty"),
        ({"tag": "x", "person": 3}, "non-empty text"),
        ({"tag": "a,b", "match": "y"}, "commas"),
        ({"tag": "x", "mtach": "y"}, "unknown key 'mtach'"),
        ({"tag": "x", "regex": "("}, "regex is not valid"),
        ("not a table", "must be a table"),
    ],
)
def test_rule_errors(table: object, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_rule(table, 0)


def test_inline_rules_have_positions_but_no_lines() -> None:
    text = 'rules = [{tag = "a", match = "x"}, {tag = "b"}]\n'
    result = parse_rules(tomllib.loads(text)["rules"], text)
    assert result.errors[0].line is None and result.errors[0].index == 1
    assert str(result.errors[0]).startswith("rule 2:")


def test_add_and_remove_rule_text_keeps_the_rest() -> None:
    text = add_rule_text(CONFIG, {"tag": "Mueller", "person": 'Robert "Bob" Mueller\\'})
    assert text.startswith(CONFIG.rstrip("\n"))
    parsed = tomllib.loads(text)
    assert parsed["rules"][-1] == {"tag": "Mueller", "person": 'Robert "Bob" Mueller\\'}
    assert parsed["fetch"] == {"concurrency": 4}
    removed = remove_rule_text(text, 2)
    assert [rule["tag"] for rule in tomllib.loads(removed)["rules"]] == [
        "comey", "politics", "immigration", "bad-regex", "courts", "Mueller"
    ]
    assert "# Byline settings" in removed
    with pytest.raises(RuleError):
        remove_rule_text(text, 99)
    with pytest.raises(RuleError):
        add_rule_text(CONFIG, {"tag": "x"})
    assert add_rule_text("", {"tag": "x", "match": "y"}) == '[[rules]]\ntag = "x"\nmatch = "y"\n'


def test_library_rule_editor_round_trip(library: Library) -> None:
    rules = library.rules.add({"tag": "weather", "match": "sunny"})
    assert rules.rules[-1].tag == "weather"
    assert library.rules.apply().tagged["weather"] == 1
    rules = library.rules.remove(len(rules.rules) + len(rules.errors) - 1)
    assert all(rule.tag != "weather" for rule in rules.rules)
    assert library.paths.config_file.read_text(encoding="utf-8") == CONFIG


def test_no_config_means_no_rules(tmp_path: Path) -> None:
    library = Library(Paths.resolve(tmp_path / "empty"))
    try:
        assert library.rules.load().rules == []
        assert library.rules.apply().total == 0
    finally:
        library.close()


def test_a_refresh_cancelled_half_way_still_tags_what_landed(tmp_path: Path, server: FeedServer) -> None:
    """Byline quitting mid-refresh: the articles stored by then get their tags (their people were
    found as they were parsed), as they would at the end of the refresh."""
    paths = Paths.resolve(tmp_path / "home")
    paths.create()
    paths.config_file.write_text('[[rules]]\ntag = "landed"\nmatch = "Body of item"\n', encoding="utf-8")
    library = Library(paths)
    library.store.add_feed(server.route("/fast", rss(2)))
    library.store.add_feed(server.route("/slow", rss(2, title="Slow"), delay_s=60))
    cancel = Cancel()
    fast_landed = threading.Event()
    ended: list[object] = []

    def landed(outcome: FeedOutcome, done: int, total: int) -> None:
        if outcome.new:
            fast_landed.set()

    def run() -> None:
        try:
            ended.append(library.refresh(progress=landed, cancel=cancel))
        except RefreshCancelled as error:
            ended.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    assert fast_landed.wait(20)
    cancel()
    thread.join(20)
    try:
        assert isinstance(ended[0], RefreshCancelled)
        ids = [row.id for row in library.store.page_after(ArticleFilter(), None, 10)]
        assert len(ids) == 2
        assert all(library.store.tags_of(i) == ["landed"] for i in ids)
    finally:
        library.close()

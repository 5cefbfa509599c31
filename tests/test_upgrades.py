"""Every kept fixture library (tests/fixtures/schema_vN.db) opens with today's code and loses nothing.

The fixtures stand for libraries written by older releases. The facts are read from each copy
with plain SQL before the store touches it, then compared after the migration.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.search_query import parse_query
from reader.store import SCHEMA_VERSION, ArticleFilter, ArticleIn, Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VERSIONS = sorted(
    int(match.group(1))
    for path in FIXTURES.glob("schema_v*.db")
    if (match := re.fullmatch(r"schema_v(\d+)\.db", path.name))
)

FACTS = {
    "feeds": "SELECT id, url, title, kind, etag, last_modified, last_error FROM feeds ORDER BY id",
    "articles": "SELECT id, feed_id, guid, url, title, author, published, summary, content, plain,"
    " read, starred, source_path FROM articles ORDER BY id",
    "people": "SELECT id, name, followed FROM people ORDER BY id",
    "mentions": "SELECT article_id, person_id, count, first_offset, forms FROM mentions"
    " ORDER BY article_id, person_id",
    "tags": "SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id ORDER BY 1, 2",
    "feed_tags": "SELECT feed_id, tag FROM feed_tags ORDER BY 1, 2",
    "views": "SELECT name, query FROM views ORDER BY name",
}


def facts(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {name: conn.execute(sql).fetchall() for name, sql in FACTS.items()}
    finally:
        conn.close()


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_there_is_a_fixture_for_every_schema_version() -> None:
    assert list(range(1, SCHEMA_VERSION + 1)) == VERSIONS, (
        "add tests/fixtures/schema_vN.db for each new migration: python tests/fixtures/make_fixtures.py N"
    )


@pytest.fixture(params=VERSIONS, ids=[f"v{v}" for v in VERSIONS])
def old_library(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of one fixture: the kept file itself is never opened for writing."""
    version = request.param
    copy = tmp_path / "byline.db"
    shutil.copyfile(FIXTURES / f"schema_v{version}.db", copy)
    assert user_version(copy) == version, "the fixture's name and its user_version disagree"
    return copy


def test_upgrade_keeps_everything(old_library: Path) -> None:
    before = facts(old_library)
    # The fixture holds what is worth keeping: read, starred, tags, people, mentions, errors.
    articles = before["articles"]
    assert any(a[10] for a in articles) and any(a[11] for a in articles) and before["mentions"]
    assert before["tags"] and before["people"] and any(f[6] for f in before["feeds"])

    store = Store(old_library)
    try:
        assert store.notice is None  # opened as it is, not set aside as damaged
        assert facts(old_library) == before
        stats = store.stats()
        assert stats.articles == len(articles)
        assert stats.unread == sum(1 for a in articles if not a[10])
        assert stats.starred == sum(1 for a in articles if a[11])
        for row in articles:
            article = store.article(row[0])
            assert article is not None
            assert (article.title, article.read, article.starred) == (row[4], bool(row[10]), bool(row[11]))
            assert article.tags == tuple(sorted(t for a, t in before["tags"] if a == row[0]))
            mentioned = {name for a, p, *_ in before["mentions"] if a == row[0]
                         for pid, name, _ in before["people"] if pid == p}
            assert {person.name for person in store.people_in(row[0])} == mentioned
        # The search index came along: every title finds its article.
        for row in articles:
            word = max(re.findall(r"\w+", row[4]), key=len)
            assert row[0] in [hit.id for hit in store.search(parse_query(word), limit=50)]
        # And the library takes new writes.
        store.set_read([articles[0][0]], not articles[0][10])
        feed_id = before["feeds"][0][0]
        store.upsert_articles(feed_id, [ArticleIn(guid="after-upgrade", title="Written after the upgrade")])
        assert store.count(ArticleFilter()) == len(articles) + 1
    finally:
        store.close()
    assert user_version(old_library) == SCHEMA_VERSION
    conn = sqlite3.connect(old_library)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    finally:
        conn.close()


def test_upgrade_leaves_the_fixture_untouched() -> None:
    """Guards the guard: the tests above work on copies."""
    for version in VERSIONS:
        assert user_version(FIXTURES / f"schema_v{version}.db") == version
        assert not (FIXTURES / f"schema_v{version}.db-wal").exists()


def test_a_feed_failing_before_the_upgrade_counts_one_failure(tmp_path: Path) -> None:
    copy = tmp_path / "byline.db"
    shutil.copyfile(FIXTURES / "schema_v2.db", copy)
    store = Store(copy)
    try:
        failures = {feed.title: feed.failures for feed in store.feeds()}
    finally:
        store.close()
    assert failures == {"Example News": 0, "Broken": 1, "Byline Samples": 0}


def test_the_v3_fixture_keeps_failures_and_warnings(tmp_path: Path) -> None:
    copy = tmp_path / "byline.db"
    shutil.copyfile(FIXTURES / "schema_v3.db", copy)
    store = Store(copy)
    try:
        feeds = {feed.title: (feed.failures, feed.last_warning) for feed in store.feeds(kind="feed")}
    finally:
        store.close()
    assert feeds == {"Example News": (0, "malformed feed: not well-formed"), "Broken": (3, None)}


def test_the_v5_fixture_keeps_page_text_failures_and_settings(tmp_path: Path) -> None:
    copy = tmp_path / "byline.db"
    shutil.copyfile(FIXTURES / "schema_v5.db", copy)
    store = Store(copy)
    try:
        settings = {feed.title: feed.full_text for feed in store.feeds(kind="feed")}
        read, failed = store.article(2), store.article(3)
        found = [hit.id for hit in store.search(parse_query("length"))]
    finally:
        store.close()
    assert settings == {"Example News": "always", "Broken": None}
    assert read and read.page_status == "ok" and read.body == "James Comey testified at length."
    assert failed and failed.page_status == "403 Forbidden" and failed.body == failed.content
    assert found == [2]  # the page text is in the search index


def test_an_older_library_gets_its_page_text_indexed(tmp_path: Path) -> None:
    copy = tmp_path / "byline.db"
    shutil.copyfile(FIXTURES / "schema_v3.db", copy)
    store = Store(copy)
    try:
        assert all(a.page_status is None for a in (store.article(i) for i in range(1, 4)) if a)
        store.save_page(1, 1528106400.0, markdown="Recusal *explained*.", plain="Recusal explained.")
        assert [hit.id for hit in store.search(parse_query("explained"))] == [1]
        assert store.count_without_people() == 1  # its people are found again, from the page
    finally:
        store.close()

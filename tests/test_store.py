"""The SQLite store: schema versions, upserts, keyset pages, flags, a damaged file."""

import sqlite3
import time
from pathlib import Path

import pytest

from reader.store import SCHEMA_VERSION, ArticleFilter, ArticleIn, Store, StoreError


def _articles(n: int, *, offset: int = 0) -> list[ArticleIn]:
    return [
        ArticleIn(guid=f"g{i}", title=f"Title {i}", published=1_500_000_000.0 + (i // 3), plain=f"text {i}")
        for i in range(offset, offset + n)
    ]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "lib.db")


def test_new_file_is_migrated_to_the_current_version(tmp_path: Path) -> None:
    Store(tmp_path / "lib.db").close()
    conn = sqlite3.connect(tmp_path / "lib.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"feeds", "articles", "articles_fts", "people", "mentions", "tags", "article_tags"} <= tables


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    store = Store(tmp_path / "lib.db")
    feed = store.local_source("Here")
    store.upsert_articles(feed, _articles(3))
    store.close()
    again = Store(tmp_path / "lib.db")
    assert again.stats().articles == 3


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "lib.db")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer Byline"):
        Store(tmp_path / "lib.db")


def test_upsert_is_idempotent_and_keeps_state(store: Store) -> None:
    feed = store.local_source("Here")
    first = store.upsert_articles(feed, _articles(5))
    assert len(first.new) == 5
    store.set_read(first.new[:2], True)
    store.set_starred(first.new[:1], True)
    again = store.upsert_articles(feed, _articles(5))
    assert (again.new, again.updated, again.unchanged) == ([], [], 5)
    changed = [ArticleIn(guid="g0", title="Changed", published=1_500_000_000.0, plain="text 0")]
    update = store.upsert_articles(feed, changed)
    assert update.updated == [first.new[0]]
    article = store.article(first.new[0])
    assert article is not None and article.title == "Changed" and article.read and article.starred
    assert store.stats().articles == 5 and store.stats().unread == 3


def test_full_text_index_follows_updates(store: Store) -> None:
    feed = store.local_source("Here")
    (aid,) = store.upsert_articles(feed, [ArticleIn(guid="x", title="Old words", plain="alpha")]).new
    store.upsert_articles(feed, [ArticleIn(guid="x", title="New words", plain="omega")])
    hits = store.db.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'omega'").fetchall()
    assert hits == [(aid,)]
    assert (
        store.db.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'alpha'").fetchall()
        == []
    )


def test_keyset_pages_walk_the_same_order_as_offsets(store: Store) -> None:
    feed = store.local_source("Here")
    store.upsert_articles(feed, _articles(250))
    flt = ArticleFilter()
    walked, key = [], None
    while page := store.page_after(flt, key, 40):
        walked += [row.id for row in page]
        key = (page[-1].sort_ts, page[-1].id)
    assert walked == [row.id for row in store.page_at(flt, 0, 1000)]
    assert len(walked) == 250 == store.count(flt)
    middle = store.page_at(flt, 100, 10)
    before = store.page_before(flt, (middle[0].sort_ts, middle[0].id), 10)
    assert [row.id for row in before] == walked[90:100]
    assert store.position(flt, walked[123]) == 123
    for offset in (0, 100, 124, 125, 126, 200, 240, 249):  # from the front, and from the end
        assert [row.id for row in store.page_at(flt, offset, 40, 250)] == walked[offset : offset + 40]
    assert [row.id for row in store.page_before(flt, None, 3)] == walked[-3:]


def test_filters_and_next_unread(store: Store) -> None:
    feed = store.local_source("Here")
    ids = store.upsert_articles(feed, _articles(10)).new
    order = [row.id for row in store.page_at(ArticleFilter(), 0, 10)]
    store.set_read(order[1:4], True)
    first = store.page_at(ArticleFilter(), 0, 1)[0]
    assert store.next_unread(ArticleFilter(), (first.sort_ts, first.id)) == order[4]
    assert store.count(ArticleFilter(unread=True)) == 7
    assert store.count(ArticleFilter(feed_id=feed, ids=tuple(ids[:3]))) == 3


def test_damaged_file_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    path.write_bytes(b"this is not a database at all" * 100)
    store = Store(path)
    assert store.notice is not None and "kept as" in store.notice
    kept = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not")
    assert store.stats().articles == 0


def test_people_are_saved_and_linked(store: Store) -> None:
    from reader.indexing import people_in_text

    feed = store.local_source("Here")
    texts = [
        "Attorney General Jeff Sessions met Donald Trump. Sessions said nothing.",
        "Rep. Pete Sessions lost his seat. Sessions conceded.",
        "Jeff Sessions resigned. President Donald Trump thanked Sessions.",
    ]
    items = [
        ArticleIn(guid=str(i), title=f"t{i}", plain=text, people=people_in_text(text))
        for i, text in enumerate(texts)
    ]
    ids = store.upsert_articles(feed, items).new
    names = {p.name for p in store.people_in(ids[1])}
    assert names == {"Pete Sessions"}
    linked = store.linked(ids[0])
    assert [item.row.id for item in linked] == [ids[2]]
    assert set(linked[0].shared) == {"Jeff Sessions", "Donald Trump"}


def test_a_failed_commit_is_rolled_back_and_the_store_stays_usable(store: Store) -> None:
    feed = store.local_source("Here")
    with pytest.raises(StoreError, match="FOREIGN KEY"), store.db.transaction() as conn:
        conn.execute("PRAGMA defer_foreign_keys = ON")  # the violation surfaces only at COMMIT
        conn.execute("INSERT INTO article_tags (article_id, tag_id) VALUES (999, 999)")
    assert not conn.in_transaction
    assert len(store.upsert_articles(feed, _articles(2)).new) == 2


def test_a_bare_surname_stored_first_joins_the_full_name_when_it_arrives(store: Store) -> None:
    from reader.store import Found

    feed = store.local_source("Here")

    def story(guid: str, *names: str) -> ArticleIn:
        found = tuple(Found(name, 2, 0, (name.split()[-1],)) for name in names)
        return ArticleIn(guid=guid, title=guid, plain=guid, people=found)

    first, _ = store.upsert_articles(feed, [story("a", "Comey"), story("b", "James Comey")]).new
    comey = store.find_person("James Comey")
    assert comey is not None and comey.count == 2
    assert [p.name for p in store.people_in(first)] == ["James Comey"]
    # Two of the name in the same weeks: the lone "Rice" could be either, and stays unlinked.
    store.upsert_articles(feed, [story("c", "Rice"), story("d", "Tom Rice"), story("e", "Susan Rice")])
    assert store.find_person("Tom Rice").count == 1  # type: ignore[union-attr]
    assert store.find_person("Susan Rice").count == 1  # type: ignore[union-attr]
    everyone = {p.name for p in store.people_summary(unconfirmed=True)}  # a lone "Rice" too
    assert everyone >= {"James Comey", "Tom Rice", "Susan Rice", "Rice"}


def test_mark_all_read_keeps_to_what_was_asked_about(store: Store) -> None:
    feed = store.local_source("Here")
    store.upsert_articles(feed, _articles(3))
    asked_at = time.time()
    time.sleep(0.01)
    store.upsert_articles(feed, [ArticleIn(guid="late", title="Arrived after the question")])
    assert store.mark_all_read(ArticleFilter(), asked_at) == 3
    assert store.stats().unread == 1


def test_following_someone_who_was_merged_away_says_so(store: Store) -> None:
    with pytest.raises(StoreError, match="no longer in the library"):
        store.toggle_followed(10**9)

"""Articles: upsert from importers, list pages by keyset, read/starred state."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from reader.store.db import Database
from reader.store.identity import Identity
from reader.store.models import Article, ArticleFilter, ArticleIn, ArticleRow
from reader.store.rows import ROW_COLUMNS, row_of
from reader.store.search import matching

_ROW = f"SELECT {ROW_COLUMNS} FROM articles a"
_ORDER = " ORDER BY a.sort_ts DESC, a.id DESC"
Key = tuple[float, int]  # (sort_ts, id): the list order, newest first


@dataclass
class UpsertResult:
    """What one import or refresh of a source changed."""

    new: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0


SMALL_SET = 2000  # a tag or person with at most this many articles drives the query


def where(flt: ArticleFilter, conn: sqlite3.Connection) -> tuple[str, list[object]]:
    """SQL conditions (on alias `a`) for a filter, and their parameters.

    A small tag or person set is looked up first; a large one is probed while walking the
    time index (`+a.id` keeps SQLite from driving the query from the set), so a page of a
    24k-article tag reads a few hundred rows instead of sorting all of them.
    """
    conds: list[str] = []
    params: list[object] = []
    if flt.feed_id is not None:
        conds.append("a.feed_id = ?")
        params.append(flt.feed_id)
    if flt.unread:
        conds.append("a.read = 0")
    if flt.starred:
        conds.append("a.starred = 1")
    for tag in flt.tags:
        size = conn.execute(
            "SELECT count(*) FROM article_tags WHERE tag_id = (SELECT id FROM tags WHERE name = ?)", (tag,)
        ).fetchone()[0]
        conds.append(
            ("a.id" if size <= SMALL_SET else "+a.id") + " IN (SELECT at.article_id FROM article_tags at"
            " JOIN tags t ON t.id = at.tag_id WHERE t.name = ?)"
        )
        params.append(tag)
    if flt.person_id is not None:
        size = conn.execute("SELECT count(*) FROM mentions WHERE person_id = ?", (flt.person_id,)).fetchone()[
            0
        ]
        conds.append(
            ("a.id" if size <= SMALL_SET else "+a.id")
            + " IN (SELECT article_id FROM mentions WHERE person_id = ?)"
        )
        params.append(flt.person_id)
    if flt.ids is not None:
        conds.append("a.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(flt.ids)))
    if flt.query is not None:
        query_conds, query_params = matching(flt.query, conn)
        conds += query_conds
        params += query_params
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def _content_hash(item: ArticleIn) -> str:
    parts = (item.title, item.url, item.author, repr(item.published), item.summary, item.content)
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


class ArticlesMixin:
    """Article queries; mixed into `Store`."""

    db: Database

    def upsert_articles(self, feed_id: int, items: Iterable[ArticleIn]) -> UpsertResult:
        """Insert new articles and update changed ones, in one transaction.

        An unchanged article costs no write; read and starred state always survive.
        """
        with self.db.transaction() as conn:
            return upsert_in(conn, feed_id, items)

    def count(self, flt: ArticleFilter) -> int:
        with self.db.lock:
            sql, params = where(flt, self.db.conn)
            return self.db.conn.execute(f"SELECT count(*) FROM articles a{sql}", params).fetchone()[0]

    def page_after(self, flt: ArticleFilter, after: Key | None, limit: int) -> list[ArticleRow]:
        """Up to `limit` rows that follow `after` in list order (keyset pagination)."""
        return self._page(flt, after, limit, newest_first=True)

    def page_before(self, flt: ArticleFilter, before: Key | None, limit: int) -> list[ArticleRow]:
        """Up to `limit` rows that precede `before` (None: the end of the list), in list order."""
        return self._page(flt, before, limit, newest_first=False)

    def page_at(
        self, flt: ArticleFilter, offset: int, limit: int, total: int | None = None
    ) -> list[ArticleRow]:
        """Rows from a position: for jumps, where no neighbouring key is known.

        Given the list's `total`, a position in its second half is read from the end, so
        OFFSET walks at most half the list (End at 100k rows is instant).
        """
        if total is not None and offset > total // 2:
            from_end = total - offset - limit
            return self._page(flt, None, limit + min(0, from_end), newest_first=False, skip=max(0, from_end))
        return self._page(flt, None, limit, newest_first=True, skip=offset)

    def _page(
        self, flt: ArticleFilter, key: Key | None, limit: int, *, newest_first: bool, skip: int = 0
    ) -> list[ArticleRow]:
        """Rows walked along the time index from `key` (exclusive), always returned in list order."""
        with self.db.lock:
            sql, params = where(flt, self.db.conn)
        if key is not None:
            sql += (
                " AND " if sql else " WHERE "
            ) + f"(a.sort_ts, a.id) {'<' if newest_first else '>'} (?, ?)"
            params += list(key)
        order = _ORDER if newest_first else " ORDER BY a.sort_ts ASC, a.id ASC"
        rows = self._rows(f"{_ROW}{sql}{order} LIMIT ? OFFSET ?", [*params, limit, skip])
        return rows if newest_first else rows[::-1]

    def position(self, flt: ArticleFilter, article_id: int) -> int | None:
        """Index of an article in the filtered list, or None when it is not in it."""
        with self.db.lock:
            sql, params = where(flt, self.db.conn)
            key = self.db.conn.execute(
                "SELECT sort_ts, id FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if key is None:
                return None
            joiner = " AND " if sql else " WHERE "
            inside = self.db.conn.execute(
                f"SELECT 1 FROM articles a{sql}{joiner}a.id = ?", [*params, article_id]
            ).fetchone()
            if inside is None:
                return None
            return self.db.conn.execute(
                f"SELECT count(*) FROM articles a{sql}{joiner}(a.sort_ts, a.id) > (?, ?)",
                [*params, *key],
            ).fetchone()[0]

    def next_unread(self, flt: ArticleFilter, key: Key | None, *, forward: bool = True) -> int | None:
        """The id of the nearest unread article after (or before) `key` in list order."""
        unread = replace(flt, unread=True)
        if forward:
            rows = self.page_after(unread, key, 1)
        elif key is None:
            return None
        else:
            rows = self.page_before(unread, key, 1)
        return rows[0].id if rows else None

    def article(self, article_id: int) -> Article | None:
        with self.db.lock:
            row = self.db.conn.execute(
                "SELECT a.id, a.feed_id, f.title, a.guid, a.url, a.title, a.author, a.published,"
                " a.fetched, a.summary, a.content, a.plain, a.read, a.starred, a.source_path,"
                " a.page_content, a.page_status, a.page_plain"
                " FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?",
                (article_id,),
            ).fetchone()
            if row is None:
                return None
            tags = tuple(
                name
                for (name,) in self.db.conn.execute(
                    "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id"
                    " WHERE at.article_id = ? ORDER BY t.name",
                    (article_id,),
                )
            )
        return Article(*row[:12], bool(row[12]), bool(row[13]), row[14], tags, *row[15:18])

    def data_version(self) -> int:
        """A number that changes whenever another connection commits: another Byline, or this
        one's own writer. Reading it costs microseconds, so a screen can poll it for news."""
        with self.db.lock:
            return self.db.conn.execute("PRAGMA data_version").fetchone()[0]

    def newest_id(self) -> int:
        """The highest article id stored (0 for none): later articles have higher ids."""
        with self.db.lock:
            return self.db.conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]

    def ids_after(self, article_id: int) -> list[int]:
        """Ids of the articles stored after the one with `article_id`, oldest first."""
        with self.db.lock:
            rows = self.db.conn.execute("SELECT id FROM articles WHERE id > ? ORDER BY id", (article_id,))
            return [article_id for (article_id,) in rows]

    def set_read(self, ids: Sequence[int], read: bool = True) -> None:
        self._set_flag("read", ids, read)

    def set_starred(self, ids: Sequence[int], starred: bool = True) -> None:
        self._set_flag("starred", ids, starred)

    def mark_all_read(self, flt: ArticleFilter, asked_at: float) -> int:
        """Mark the unread articles the filter lists read, of those stored by `asked_at` (what the
        reader was asked about, not what a refresh brought since); returns how many."""
        with self.db.transaction() as conn:
            sql, params = where(replace(flt, unread=True), conn)
            chosen = f"SELECT a.id FROM articles a{sql} AND a.fetched <= ?"
            marked = conn.execute(f"UPDATE articles SET read = 1 WHERE id IN ({chosen})", [*params, asked_at])
            return marked.rowcount

    def _set_flag(self, column: str, ids: Sequence[int], value: bool) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                f"UPDATE articles SET {column} = ? WHERE id IN (SELECT value FROM json_each(?))",
                (int(value), json.dumps(list(ids))),
            )

    def _rows(self, sql: str, params: Sequence[object]) -> list[ArticleRow]:
        with self.db.lock:
            rows = self.db.conn.execute(sql, params).fetchall()
        return [row_of(r) for r in rows]


_INSERT_COLUMNS = (
    "feed_id, guid, url, title, author, published, fetched, sort_ts, summary, content, plain,"
    " content_hash, source_path, people_done"
)
_INSERT_ROWS = 64  # rows per INSERT statement: 14 parameters each stay under SQLite's old limit of 999


def upsert_in(conn: sqlite3.Connection, feed_id: int, items: Iterable[ArticleIn]) -> UpsertResult:
    """`upsert_articles` inside the caller's transaction (e.g. with a feed's fetch state).

    New articles go in with multi-row INSERTs: the full-text trigger inside a one-row statement
    makes FTS5 flush a segment per article, which cost more than the rest of the store together.
    """
    result = UpsertResult()
    now = time.time()
    identity = Identity(conn)  # people resolved across the library, settled at the end
    fresh: dict[str, tuple[ArticleIn, str]] = {}  # guid -> (item, digest) of new articles, in order
    repeats: list[ArticleIn] = []  # a guid met again in this batch: handled once the first is stored
    for item in items:
        if item.guid in fresh:
            repeats.append(item)
            continue
        digest = _content_hash(item)
        found = conn.execute(
            "SELECT id, content_hash FROM articles WHERE feed_id = ? AND guid = ?", (feed_id, item.guid)
        ).fetchone()
        if found is None:
            fresh[item.guid] = (item, digest)
        else:
            _update(conn, item, digest, found, now, result, identity)
    ids = _insert(conn, feed_id, list(fresh.values()), now)
    for guid, (item, _digest) in fresh.items():
        article_id = ids[guid]
        result.new.append(article_id)
        _attach(conn, article_id, item, identity, fresh=True)
    for item in repeats:
        found = conn.execute(
            "SELECT id, content_hash FROM articles WHERE feed_id = ? AND guid = ?", (feed_id, item.guid)
        ).fetchone()
        _update(conn, item, _content_hash(item), found, now, result, identity)
    identity.finish()
    return result


def _insert(
    conn: sqlite3.Connection, feed_id: int, new: list[tuple[ArticleIn, str]], now: float
) -> dict[str, int]:
    """Insert new articles (distinct guids), born people_done when the importer found their
    people (saved next); returns their ids by guid."""
    ids: dict[str, int] = {}
    for start in range(0, len(new), _INSERT_ROWS):
        chunk = new[start : start + _INSERT_ROWS]
        params: list[object] = []
        for item, digest in chunk:
            sort_ts = item.published if item.published is not None else now
            params += (
                feed_id,
                item.guid,
                item.url,
                item.title,
                item.author,
                item.published,
                now,
                sort_ts,
                item.summary,
                item.content,
                item.plain,
                digest,
                item.source_path,
                item.people is not None,
            )
        rows = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(chunk))
        conn.execute(f"INSERT INTO articles ({_INSERT_COLUMNS}) VALUES {rows}", params)
        marks = ", ".join(["?"] * len(chunk))
        guids = [item.guid for item, _digest in chunk]
        query = f"SELECT guid, id FROM articles WHERE feed_id = ? AND guid IN ({marks})"
        ids.update(conn.execute(query, [feed_id, *guids]).fetchall())
    return ids


def _update(
    conn: sqlite3.Connection,
    item: ArticleIn,
    digest: str,
    found: tuple[int, str],
    now: float,
    result: UpsertResult,
    identity: Identity,
) -> None:
    article_id, old_digest = found
    if old_digest == digest:
        result.unchanged += 1
        return
    # SET expressions see the old row: people stay done only if the text is the same
    conn.execute(
        "UPDATE articles SET url = ?, title = ?, author = ?, published = ?, fetched = ?,"
        " summary = ?, content = ?, plain = ?, content_hash = ?, source_path = ?,"
        " people_done = (? OR (people_done AND plain = ?)) WHERE id = ?",
        (
            item.url,
            item.title,
            item.author,
            item.published,
            now,
            item.summary,
            item.content,
            item.plain,
            digest,
            item.source_path,
            item.people is not None,
            item.plain,
            article_id,
        ),
    )
    result.updated.append(article_id)
    _attach(conn, article_id, item, identity, fresh=False)


def _attach(
    conn: sqlite3.Connection, article_id: int, item: ArticleIn, identity: Identity, *, fresh: bool
) -> None:
    """Tags and people of a stored article."""
    if item.tags:
        add_tags(conn, [article_id], item.tags)
    if item.people is not None:
        identity.save(article_id, item.people, fresh=fresh)


def add_tags(conn: sqlite3.Connection, article_ids: Sequence[int], names: Iterable[str]) -> None:
    """Tag articles inside the caller's transaction, creating tags as needed."""
    for name in names:
        conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
        (tag_id,) = conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()
        conn.executemany(
            "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
            [(article_id, tag_id) for article_id in article_ids],
        )

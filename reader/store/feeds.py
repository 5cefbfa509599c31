"""Sources of articles: feed subscriptions and local folders, their fetch state and tags."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.store.articles import UpsertResult, upsert_in
from reader.store.db import Database
from reader.store.models import ArticleIn, Feed

LOCAL_PREFIX = "local:"
DEFAULT_INTERVAL_S = 3600.0

_FEED = (
    "SELECT f.id, f.url, f.title, f.kind, f.site_url, f.etag, f.last_modified, f.last_fetch,"
    " f.next_fetch, f.last_error, f.gone,"
    " (SELECT count(*) FROM articles a WHERE a.feed_id = f.id),"
    " (SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.read = 0), f.failures, f.last_warning,"
    " f.full_text"
    " FROM feeds f"
)
_TO_FETCH = (
    "SELECT id, url, etag, last_modified, fetch_interval, failures FROM feeds"
    " WHERE kind = 'feed' AND gone = 0"
)


@dataclass(frozen=True, slots=True)
class FeedToFetch:
    """The little a refresh needs to know about a subscription."""

    id: int
    url: str
    etag: str | None
    last_modified: str | None
    interval_s: float
    failures: int = 0  # failed fetches in a row so far


@dataclass(frozen=True, slots=True)
class FetchState:
    """What one fetch learned about a feed. None leaves a column as it was."""

    last_fetch: float
    next_fetch: float
    last_error: str | None = None  # "" clears a previous error
    last_warning: str | None = None  # "" clears a previous warning
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None
    site_url: str | None = None
    url: str | None = None  # the new address after a permanent redirect
    gone: bool = False
    interval_s: float | None = None


class FeedsMixin:
    """Feed and source queries; mixed into `Store`."""

    db: Database

    def local_source(self, name: str) -> int:
        """The id of the local source called `name`, created on first use."""
        url = LOCAL_PREFIX + name
        with self.db.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO feeds (url, title, kind) VALUES (?, ?, 'local')", (url, name))
            return conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0]

    def feeds(self, *, kind: str | None = None) -> list[Feed]:
        """Every source with its article and unread counts, local sources first, then by title."""
        sql = _FEED + (" WHERE f.kind = ?" if kind else "") + " ORDER BY f.kind DESC, lower(f.title), f.id"
        with self.db.lock:
            rows = self.db.conn.execute(sql, (kind,) if kind else ()).fetchall()
        return [_feed(row) for row in rows]

    def feed(self, feed_id: int) -> Feed | None:
        with self.db.lock:
            row = self.db.conn.execute(_FEED + " WHERE f.id = ?", (feed_id,)).fetchone()
        return _feed(row) if row else None

    def feed_by_url(self, url: str) -> Feed | None:
        """The subscription (or source) stored under exactly `url`."""
        with self.db.lock:
            row = self.db.conn.execute(_FEED + " WHERE f.url = ?", (url,)).fetchone()
        return _feed(row) if row else None

    def add_feed(self, url: str, *, title: str = "", tags: Iterable[str] = ()) -> tuple[int, bool]:
        """Subscribe to `url` (idempotent). Returns (feed id, whether it was new); tags are added."""
        with self.db.transaction() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO feeds (url, title, kind) VALUES (?, ?, 'feed')", (url, title)
            )
            created = cursor.rowcount == 1
            feed_id = conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0]
            _add_tags(conn, feed_id, tags)
        return feed_id, created

    def add_feeds(self, feeds: Iterable[tuple[str, str, Sequence[str]]]) -> int:
        """Subscribe to many (url, title, tags) at once, in one transaction; returns how many are new."""
        new = 0
        with self.db.transaction() as conn:
            for url, title, tags in feeds:
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO feeds (url, title, kind) VALUES (?, ?, 'feed')", (url, title)
                )
                new += cursor.rowcount == 1
                feed_id = conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0]
                _add_tags(conn, feed_id, tags)
        return new

    def remove_feed(self, feed_id: int) -> bool:
        """Unsubscribe: the feed and its articles go. Returns False when there was no such feed."""
        with self.db.transaction() as conn:
            return conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,)).rowcount == 1

    def feeds_to_fetch(
        self, urls: Sequence[str] | None = None, *, due_by: float | None = None
    ) -> list[FeedToFetch]:
        """Subscriptions to fetch: all live ones, those with the given URLs, or those due by a time."""
        sql, params = _TO_FETCH, []
        if urls is not None:
            sql += " AND url IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(list(urls)))
        if due_by is not None:
            sql += " AND (next_fetch IS NULL OR next_fetch <= ?)"
            params.append(due_by)
        with self.db.lock:
            rows = self.db.conn.execute(sql + " ORDER BY id", params).fetchall()
        return [FeedToFetch(*row) for row in rows]

    def feed_tags(self, feed_id: int) -> list[str]:
        with self.db.lock:
            rows = self.db.conn.execute(
                "SELECT tag FROM feed_tags WHERE feed_id = ? ORDER BY tag", (feed_id,)
            ).fetchall()
        return [tag for (tag,) in rows]

    def all_feed_tags(self) -> dict[int, list[str]]:
        """Tags of every feed, by feed id (feeds without tags are left out)."""
        with self.db.lock:
            rows = self.db.conn.execute("SELECT feed_id, tag FROM feed_tags ORDER BY feed_id, tag").fetchall()
        tags: dict[int, list[str]] = {}
        for feed_id, tag in rows:
            tags.setdefault(feed_id, []).append(tag)
        return tags

    def record_fetch(self, feed_id: int, state: FetchState, items: Sequence[ArticleIn] = ()) -> UpsertResult:
        """Store one fetch of a feed, its articles and its fetch state, in one transaction.

        Articles are only ever added or updated here: an empty or failed fetch removes nothing.
        """
        with self.db.transaction() as conn:
            result = upsert_in(conn, feed_id, items)
            _write_state(conn, feed_id, state)
        return result


def _write_state(conn: sqlite3.Connection, feed_id: int, state: FetchState) -> None:
    sets = ["last_fetch = ?", "next_fetch = ?"]
    if state.last_error is not None:
        sets.append("failures = failures + 1" if state.last_error else "failures = 0")
    params: list[object] = [state.last_fetch, state.next_fetch]
    optional = {
        "last_error": state.last_error,
        "last_warning": state.last_warning,
        "etag": state.etag,
        "last_modified": state.last_modified,
        "site_url": state.site_url,
        "fetch_interval": state.interval_s,
    }
    for column, value in optional.items():
        if value is not None:
            sets.append(f"{column} = ?")
            params.append(value or None if column in ("last_error", "last_warning") else value)
    if state.title:
        sets.append("title = ?")
        params.append(state.title)
    if state.gone:
        sets.append("gone = 1")
    conn.execute(f"UPDATE feeds SET {', '.join(sets)} WHERE id = ?", [*params, feed_id])
    if state.url:
        taken = conn.execute("SELECT 1 FROM feeds WHERE url = ? AND id != ?", (state.url, feed_id))
        if taken.fetchone() is None:
            conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (state.url, feed_id))


def _add_tags(conn: sqlite3.Connection, feed_id: int, tags: Iterable[str]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO feed_tags (feed_id, tag) VALUES (?, ?)",
        [(feed_id, tag) for tag in dict.fromkeys(tags) if tag],
    )


def _feed(row: tuple) -> Feed:
    return Feed(
        id=row[0],
        url=row[1],
        title=row[2],
        kind=row[3],
        site_url=row[4],
        etag=row[5],
        last_modified=row[6],
        last_fetch=row[7],
        next_fetch=row[8],
        last_error=row[9],
        gone=bool(row[10]),
        articles=row[11],
        unread=row[12],
        failures=row[13],
        last_warning=row[14],
        full_text=row[15],
    )

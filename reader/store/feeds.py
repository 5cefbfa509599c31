"""Sources of articles: feed subscriptions and local folders."""

from __future__ import annotations

from reader.store.db import Database
from reader.store.models import Feed

LOCAL_PREFIX = "local:"

_FEED = (
    "SELECT f.id, f.url, f.title, f.kind, f.site_url, f.etag, f.last_modified, f.last_fetch,"
    " f.next_fetch, f.last_error, f.gone,"
    " (SELECT count(*) FROM articles a WHERE a.feed_id = f.id),"
    " (SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.read = 0)"
    " FROM feeds f"
)


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
    )

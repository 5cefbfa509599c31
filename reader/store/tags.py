"""Tags on articles, saved views, and the look-ups tag rules need; mixed into `Store`."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from reader.store.db import Database
from reader.store.namesearch import person_condition

MAX_TAG_CHARS = 64
MAX_VIEW_NAME_CHARS = 80
_TAG_BAD = re.compile(r"[\x00-\x1f\x7f-\x9f,#\"'\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class TagError(ValueError):
    """A tag, view or article that cannot be used; the message is for the user."""


@dataclass(frozen=True, slots=True)
class TagCount:
    """A tag with how many articles carry it, and how many of those are unread."""

    name: str
    count: int
    unread: int


@dataclass(frozen=True, slots=True)
class View:
    """A saved search, shown in the sidebar."""

    id: int
    name: str
    query: str


def normalize_tag(name: str) -> str:
    """The stored form of a tag: lower case, spaces become '-'. Raises `TagError` when unusable."""
    if not isinstance(name, str):
        raise TagError("a tag must be text")
    tag = "-".join(name.strip().lower().split())
    if not tag:
        raise TagError("a tag cannot be empty")
    if len(tag) > MAX_TAG_CHARS:
        raise TagError(f"a tag is at most {MAX_TAG_CHARS} characters: {tag[:20]}…")
    if _TAG_BAD.search(tag):
        raise TagError(f"a tag cannot contain commas, quotes, # or control characters: {tag!r}")
    return tag


def _ids_json(ids: Iterable[int]) -> str:
    return json.dumps([int(i) for i in ids])


class TagsMixin:
    """Tag, untag, list and rename tags; saved views; look-ups for rules."""

    db: Database

    # --- tags ------------------------------------------------------------------------------
    def tag_articles(self, ids: Sequence[int], names: Iterable[str]) -> int:
        """Add tags to articles; returns how many (article, tag) pairs were new.

        Raises `TagError` for an unusable tag name or an id that is not in the library.
        """
        tags = sorted({normalize_tag(name) for name in names})
        if not tags or not ids:
            return 0
        with self.db.transaction() as conn:
            _check_ids(conn, ids)
            conn.executemany("INSERT OR IGNORE INTO tags (name) VALUES (?)", [(tag,) for tag in tags])
            before = conn.total_changes
            conn.execute(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id)"
                " SELECT i.value, t.id FROM json_each(?) i"
                " JOIN tags t ON t.name IN (SELECT value FROM json_each(?))",
                (_ids_json(sorted(set(ids))), json.dumps(tags)),
            )
            return conn.total_changes - before

    def untag_articles(self, ids: Sequence[int], names: Iterable[str]) -> int:
        """Remove tags from articles; returns how many pairs went. Unused tags are dropped."""
        tags = sorted({normalize_tag(name) for name in names})
        if not tags or not ids:
            return 0
        with self.db.transaction() as conn:
            removed = conn.execute(
                "DELETE FROM article_tags WHERE article_id IN (SELECT value FROM json_each(?))"
                " AND tag_id IN (SELECT id FROM tags WHERE name IN (SELECT value FROM json_each(?)))",
                (_ids_json(ids), json.dumps(tags)),
            ).rowcount
            _drop_unused(conn, tags)
        return removed

    def tags(self) -> list[TagCount]:
        """Every tag in use with its article and unread counts, by name."""
        with self.db.lock:
            rows = self.db.conn.execute(
                "SELECT t.name, count(a.id), coalesce(sum(a.read = 0), 0) FROM tags t"
                " LEFT JOIN article_tags at ON at.tag_id = t.id"
                " LEFT JOIN articles a ON a.id = at.article_id"
                " GROUP BY t.id ORDER BY t.name"
            ).fetchall()
        return [TagCount(name, count, unread) for name, count, unread in rows]

    def tags_of(self, article_id: int) -> list[str]:
        """The tags of one article, by name."""
        with self.db.lock:
            rows = self.db.conn.execute(
                "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id"
                " WHERE at.article_id = ? ORDER BY t.name",
                (article_id,),
            ).fetchall()
        return [name for (name,) in rows]

    def tag_names(self, prefix: str = "", limit: int = 20) -> list[str]:
        """Tag names starting with `prefix` (for completion), most used first."""
        pattern = _like_escape(prefix.strip().lower()) + "%"
        with self.db.lock:
            rows = self.db.conn.execute(
                "SELECT t.name FROM tags t WHERE t.name LIKE ? ESCAPE '\\'"
                " ORDER BY (SELECT count(*) FROM article_tags at WHERE at.tag_id = t.id) DESC, t.name"
                " LIMIT ?",
                (pattern, limit),
            ).fetchall()
        return [name for (name,) in rows]

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag; renaming onto an existing tag merges the two."""
        old, new = normalize_tag(old), normalize_tag(new)
        if old == new:
            return
        with self.db.transaction() as conn:
            found = conn.execute("SELECT id FROM tags WHERE name = ?", (old,)).fetchone()
            if found is None:
                raise TagError(f"there is no tag {old!r}")
            target = conn.execute("SELECT id FROM tags WHERE name = ?", (new,)).fetchone()
            if target is None:
                conn.execute("UPDATE tags SET name = ? WHERE id = ?", (new, found[0]))
                return
            conn.execute(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id)"
                " SELECT article_id, ? FROM article_tags WHERE tag_id = ?",
                (target[0], found[0]),
            )
            conn.execute("DELETE FROM tags WHERE id = ?", (found[0],))

    def delete_tag(self, name: str) -> int:
        """Remove a tag from every article; returns how many articles carried it."""
        tag = normalize_tag(name)
        with self.db.transaction() as conn:
            found = conn.execute("SELECT id FROM tags WHERE name = ?", (tag,)).fetchone()
            if found is None:
                return 0
            count = conn.execute(
                "SELECT count(*) FROM article_tags WHERE tag_id = ?", (found[0],)
            ).fetchone()[0]
            conn.execute("DELETE FROM tags WHERE id = ?", (found[0],))
        return count

    # --- saved views -----------------------------------------------------------------------
    def save_view(self, name: str, query: str) -> View:
        """Save (or replace) a named search. The caller has checked that the query parses."""
        name = " ".join(name.split())
        if not name or len(name) > MAX_VIEW_NAME_CHARS:
            raise TagError(f"a view needs a name of 1 to {MAX_VIEW_NAME_CHARS} characters")
        if not query.strip():
            raise TagError("a view needs a query")
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO views (name, query) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET query = excluded.query",
                (name, query.strip()),
            )
            view_id = conn.execute("SELECT id FROM views WHERE name = ?", (name,)).fetchone()[0]
        return View(view_id, name, query.strip())

    def views(self) -> list[View]:
        """Saved views in the order they were first saved."""
        with self.db.lock:
            rows = self.db.conn.execute("SELECT id, name, query FROM views ORDER BY id").fetchall()
        return [View(*row) for row in rows]

    def view(self, name: str) -> View | None:
        with self.db.lock:
            row = self.db.conn.execute(
                "SELECT id, name, query FROM views WHERE name = ?", (" ".join(name.split()),)
            ).fetchone()
        return View(*row) if row else None

    def delete_view(self, name: str) -> bool:
        """Delete a saved view by name; False when there was none."""
        with self.db.transaction() as conn:
            return conn.execute(
                "DELETE FROM views WHERE name = ?", (" ".join(name.split()),)
            ).rowcount > 0

    # --- look-ups for tag rules ------------------------------------------------------------
    def ids_mentioning(self, person: str, within: Sequence[int] | None = None) -> set[int]:
        """Articles that mention a person, named any way a reader would (a surname: all of it)."""
        who, values = person_condition(person)
        sql = f"SELECT m.article_id FROM mentions m JOIN people p ON p.id = m.person_id WHERE {who}"
        return self._ids(sql, values, "m.article_id", within)

    def ids_in_feed(self, feed: str, within: Sequence[int] | None = None) -> set[int]:
        """Articles from the feed whose title (any case) or URL is exactly `feed`."""
        sql = (
            "SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id"
            " WHERE (f.title = ? COLLATE NOCASE OR f.url = ?)"
        )
        return self._ids(sql, [feed, feed], "a.id", within)

    def iter_texts(
        self, within: Sequence[int] | None = None, batch: int = 2000
    ) -> Iterator[list[tuple[int, str, str]]]:
        """(id, title, plain text) of articles, in batches of ids, for text rules."""
        if within is not None:
            ordered = sorted(set(within))
            for start in range(0, len(ordered), batch):
                with self.db.lock:
                    rows = self.db.conn.execute(
                        "SELECT id, title, plain FROM articles"
                        " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                        (_ids_json(ordered[start : start + batch]),),
                    ).fetchall()
                yield rows
            return
        last = -1
        while True:
            with self.db.lock:
                rows = self.db.conn.execute(
                    "SELECT id, title, plain FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
                ).fetchall()
            if not rows:
                return
            yield rows
            last = rows[-1][0]

    def _ids(self, sql: str, params: list[object], column: str, within: Sequence[int] | None) -> set[int]:
        if within is not None:
            sql += f" AND {column} IN (SELECT value FROM json_each(?))"
            params = [*params, _ids_json(within)]
        with self.db.lock:
            return {row[0] for row in self.db.conn.execute(sql, params)}


def _check_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    missing = conn.execute(
        "SELECT value FROM json_each(?) i"
        " WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = i.value) LIMIT 5",
        (_ids_json(ids),),
    ).fetchall()
    if missing:
        listed = ", ".join(str(row[0]) for row in missing)
        raise TagError(f"no article with id {listed}")


def _drop_unused(conn: sqlite3.Connection, tags: Sequence[str]) -> None:
    conn.execute(
        "DELETE FROM tags WHERE name IN (SELECT value FROM json_each(?))"
        " AND NOT EXISTS (SELECT 1 FROM article_tags at WHERE at.tag_id = tags.id)",
        (json.dumps(list(tags)),),
    )


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

"""Full-text search over the library (FTS5, bm25 with the title weighted up) with field filters."""

from __future__ import annotations

import json
import math
import re
import sqlite3
from dataclasses import dataclass

from reader.search_query import FieldFilter, Query
from reader.store.db import Database
from reader.store.namesearch import person_condition

HIT_START = "\x02"  # snippets mark each hit as HIT_START…HIT_END; the sanitiser keeps both
HIT_END = "\x03"  # out of stored text, so they cannot be forged by an article
TITLE_WEIGHT = 10.0
TEXT_WEIGHT = 1.0
SNIPPET_TOKENS = 24
RANK_WINDOW = 3000  # rank at most this many (newest) matching articles
DRIVE_LIMIT = 2000  # an id set up to this size drives a recency list; a bigger one is only probed
PLAIN_SNIPPET_CHARS = 200

_ORDER = " ORDER BY a.sort_ts DESC, a.id DESC"
_MARKS = re.compile(f"[{HIT_START}{HIT_END}]")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result. `snippet` marks hits with HIT_START/HIT_END (see `snippet_parts`)."""

    id: int
    title: str
    published: float | None
    feed_title: str
    snippet: str
    rank: float  # bm25: lower is better; 0.0 for filter-only queries (listed newest first)
    read: bool = False
    starred: bool = False
    sort_ts: float = 0.0  # when it was published, or for an undated item when it was fetched


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split a marked snippet into (text, is_hit) runs, for the UI to style."""
    parts: list[tuple[str, bool]] = []
    hit = False
    for piece in re.split(f"([{HIT_START}{HIT_END}])", snippet):
        if piece == HIT_START:
            hit = True
        elif piece == HIT_END:
            hit = False
        elif piece:
            parts.append((piece, hit))
    return parts


def plain_snippet(snippet: str) -> str:
    """The snippet without hit markers."""
    return _MARKS.sub("", snippet)


def marked_snippet(snippet: str, start: str = "«", end: str = "»") -> str:
    """The snippet with hits shown between `start` and `end`."""
    return snippet.replace(HIT_START, start).replace(HIT_END, end)


def conditions(query: Query, ids: str = "a.id", *, drive: bool = True) -> tuple[list[str], list[object]]:
    """SQL conditions for the filters of a query (not its words), on alias `a` and id column `ids`.

    With `drive=False` the id sets (tags, people, feeds) are only probed, never used to drive the
    loop: the caller walks an index in list order instead, and stops early.
    """
    conds: list[str] = []
    params: list[object] = []
    plus = "" if drive else "+"
    for flt in query.filters:
        sql, values = _filter(flt, plus + ids)
        conds.append(("NOT " if flt.negated else "") + sql)
        params += values
    if ids == "a.id":
        _row_conditions(query, conds, params)
    else:
        _index_conditions(query, ids, conds, params)
    if query.exclude is not None:
        conds.append(f"{plus}{ids} NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(query.exclude)
    return conds, params


def _row_conditions(query: Query, conds: list[str], params: list[object]) -> None:
    """Read state, star and dates as conditions on the article row `a`."""
    if query.read is not None:
        conds.append("a.read = ?")
        params.append(int(query.read))
    if query.starred is not None:
        conds.append("a.starred = ?")
        params.append(int(query.starred))
    if query.after is not None or query.before is not None:
        conds.append("a.sort_ts >= ? AND a.sort_ts < ?")
        params += _span(query)


def _index_conditions(query: Query, ids: str, conds: list[str], params: list[object]) -> None:
    """The same, looked up by id for each match as the caller walks matches newest first.

    A primary-key probe per match stops with the ranking window; building the whole set of,
    say, 40k unread ids up front cost more than the search itself.
    """
    if query.read is not None:
        conds.append(f"(SELECT read FROM articles WHERE id = {ids}) = ?")
        params.append(int(query.read))
    if query.starred is not None:
        conds.append(f"(SELECT starred FROM articles WHERE id = {ids}) = ?")
        params.append(int(query.starred))
    if query.after is not None or query.before is not None:  # a date range is a compact index set
        conds.append(f"+{ids} IN (SELECT id FROM articles WHERE sort_ts >= ? AND sort_ts < ?)")
        params += _span(query)


def _span(query: Query) -> list[float]:
    return [
        query.after if query.after is not None else -math.inf,
        query.before if query.before is not None else math.inf,
    ]


def _filter(flt: FieldFilter, ids: str) -> tuple[str, list[object]]:
    if flt.field == "person":
        who, values = person_condition(flt.value)  # any variant of the name; a surname: all of it
        return (
            f"{ids} IN (SELECT m.article_id FROM mentions m JOIN people p ON p.id = m.person_id WHERE {who})",
            values,
        )
    if flt.field == "tag":
        name = "-".join(flt.value.lower().split())
        return (
            f"{ids} IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id"
            " WHERE t.name = ?)",
            [name],
        )
    if flt.field == "feed":
        pattern = "%" + _like_escape(flt.value) + "%"
        feeds = "SELECT id FROM feeds WHERE title LIKE ? ESCAPE '\\' OR url LIKE ? ESCAPE '\\'"
        if ids.lstrip("+") == "a.id":
            return f"{ids.removesuffix('a.id')}a.feed_id IN ({feeds})", [pattern, pattern]
        return f"{ids} IN (SELECT id FROM articles WHERE feed_id IN ({feeds}))", [pattern, pattern]
    raise ValueError(f"unknown filter field {flt.field!r}")


def matching(
    query: Query, conn: sqlite3.Connection, *, drive: bool | None = None
) -> tuple[list[str], list[object]]:
    """SQL conditions (on alias `a`) for every article the query matches, words included.

    `drive` None decides by size: a small id set drives; else the caller's index walk does.
    """
    if drive is None:
        drive = small_set(query, conn)
    conds, params = conditions(query, drive=drive)
    if query.match is not None:
        plus = "" if drive else "+"
        conds.insert(0, f"{plus}a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.insert(0, query.match)
    return conds, params


def small_set(query: Query, conn: sqlite3.Connection) -> bool:
    """True when some id set of the query (words, a tag, a person) is small enough to drive
    the query; else walking the time index in list order and stopping early is faster."""
    probes: list[tuple[str, list[object]]] = []
    if query.match is not None:
        probes.append(("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [query.match]))
    for flt in query.filters:
        if not flt.negated and flt.field in ("tag", "person"):
            sql, values = _filter(flt, "x")
            probes.append((sql.removeprefix("x IN (").removesuffix(")"), values))
    for sql, values in probes:
        found = conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM ({sql}) LIMIT ?)", [*values, DRIVE_LIMIT + 1]
        ).fetchone()[0]
        if found <= DRIVE_LIMIT:
            return True
    return False


def _where(conds: list[str]) -> str:
    return (" WHERE " + " AND ".join(conds)) if conds else ""


class SearchMixin:
    """Ranked search, counts, and the same queries as a list in recency order (saved views)."""

    db: Database

    def search(self, query: Query, limit: int = 50, offset: int = 0) -> list[SearchHit]:
        """Best first: by bm25 when the query has words, else newest first.

        Ranking covers the newest RANK_WINDOW matching articles (all of them in most libraries):
        bm25 costs about a microsecond per candidate, so an unbounded ranking of a word found in
        half of 100k articles would miss the latency budget.
        """
        if query.match is None:
            return self._recent(query, limit, offset)
        conds, params = conditions(query, "articles_fts.rowid", drive=False)
        sql = (
            "WITH candidates(id) AS MATERIALIZED ("
            " SELECT articles_fts.rowid FROM articles_fts WHERE articles_fts MATCH ?"
            + "".join(f" AND {cond}" for cond in conds)
            + " ORDER BY articles_fts.rowid DESC LIMIT ?)"
            f" SELECT rowid, bm25(articles_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS score FROM articles_fts"
            " WHERE articles_fts MATCH ? AND rowid >= (SELECT min(id) FROM candidates)"
            " AND +rowid IN candidates ORDER BY score, rowid DESC LIMIT ? OFFSET ?"
        )
        with self.db.lock:
            ranked = self.db.conn.execute(
                sql, [query.match, *params, RANK_WINDOW, query.match, limit, offset]
            ).fetchall()
            if not ranked:
                return []
            ids = [row[0] for row in ranked]
            details = self.db.conn.execute(
                "SELECT a.id, a.title, a.published, f.title,"
                f" snippet(articles_fts, -1, '{HIT_START}', '{HIT_END}', '…', {SNIPPET_TOKENS}),"
                " a.read, a.starred, a.sort_ts"
                " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
                " JOIN feeds f ON f.id = a.feed_id"
                " WHERE articles_fts MATCH ? AND articles_fts.rowid BETWEEN ? AND ?"
                " AND +articles_fts.rowid IN (SELECT value FROM json_each(?))",
                (query.match, min(ids), max(ids), json.dumps(ids)),
            ).fetchall()
        by_id = {row[0]: row for row in details}
        return [
            SearchHit(r[0], r[1], r[2], r[3], r[4], score, bool(r[5]), bool(r[6]), r[7])
            for article_id, score in ranked
            if (r := by_id.get(article_id)) is not None
        ]

    def search_count(self, query: Query) -> int:
        """How many articles match the query."""
        with self.db.lock:
            conds, params = matching(query, self.db.conn, drive=True)
            return self.db.conn.execute(f"SELECT count(*) FROM articles a{_where(conds)}", params).fetchone()[
                0
            ]

    def _recent(self, query: Query, limit: int, offset: int) -> list[SearchHit]:
        with self.db.lock:
            conds, params = conditions(query, drive=small_set(query, self.db.conn))
            sql = (
                "SELECT a.id, a.title, a.published, (SELECT title FROM feeds WHERE id = a.feed_id),"
                " substr(a.plain, 1, ?), a.read, a.starred, a.sort_ts"
                f" FROM articles a{_where(conds)}{_ORDER} LIMIT ? OFFSET ?"
            )
            rows = self.db.conn.execute(sql, [PLAIN_SNIPPET_CHARS + 400, *params, limit, offset]).fetchall()
        return [
            SearchHit(r[0], r[1], r[2], r[3], _lead(r[1], r[4]), 0.0, bool(r[5]), bool(r[6]), r[7])
            for r in rows
        ]


def _lead(title: str, plain: str) -> str:
    """The opening of an article's text (without its title), cut at a word, for a snippet."""
    text = plain[len(title) :] if title and plain.startswith(title) else plain
    text = " ".join(text.split())
    if len(text) <= PLAIN_SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, PLAIN_SNIPPET_CHARS)
    return text[: cut if cut > 0 else PLAIN_SNIPPET_CHARS] + "…"


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

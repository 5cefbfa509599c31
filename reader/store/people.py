"""People and their mentions: saving what extraction found, and the queries the panes need."""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.store.db import Database, StoreError
from reader.store.models import ArticleRow, Found
from reader.store.rows import ROW_COLUMNS, row_of

RELATED_PER_PERSON = 2000  # stories considered per shared person, the most recently stored


@dataclass(frozen=True, slots=True)
class PersonCount:
    id: int
    name: str
    count: int  # mentions in this story, or stories overall
    forms: tuple[str, ...] = ()
    followed: bool = False
    unread: int = 0


@dataclass(frozen=True, slots=True)
class Linked:
    """A story that shares people with another, and how strongly."""

    row: ArticleRow
    score: float
    shared: tuple[str, ...]


class PeopleMixin:
    """People queries; mixed into `Store`."""

    db: Database

    def save_people(self, found: dict[int, list[Found]]) -> None:
        """Replace the mentions of each article with what was found, in one transaction."""
        with self.db.transaction() as conn:
            for article_id, people in found.items():
                save_mentions(conn, article_id, people)

    def count_without_people(self) -> int:
        with self.db.lock:
            return self.db.conn.execute("SELECT count(*) FROM articles WHERE people_done = 0").fetchone()[0]

    def articles_without_people(self, limit: int) -> list[tuple[int, str]]:
        """(id, text) of articles whose people have not been found yet: the title and page text
        where the full text was fetched, else the feed's own plain text."""
        with self.db.lock:
            return self.db.conn.execute(
                "SELECT id, CASE WHEN page_plain != '' THEN title || char(10, 10) || page_plain"
                " ELSE plain END FROM articles WHERE people_done = 0 ORDER BY id LIMIT ?",
                (limit,),
            ).fetchall()

    def people_in(self, article_id: int) -> list[PersonCount]:
        with self.db.lock:
            rows = self.db.conn.execute(
                "SELECT p.id, p.name, m.count, m.forms, p.followed FROM mentions m"
                " JOIN people p ON p.id = m.person_id WHERE m.article_id = ?"
                " ORDER BY m.count DESC, m.first_offset",
                (article_id,),
            ).fetchall()
        return [PersonCount(r[0], r[1], r[2], tuple(r[3].split("\x1f")), bool(r[4])) for r in rows]

    def linked(self, article_id: int, limit: int = 50) -> list[Linked]:
        """Other stories sharing this one's people, best first.

        A shared person adds log-weighted mentions in both stories times the person's
        rarity (idf), so a central person counts more than a passing one and a rare
        person more than one who is everywhere; ties go to the more recent story.
        """
        with self.db.lock:
            conn = self.db.conn
            total = conn.execute("SELECT count(*) FROM articles").fetchone()[0] or 1
            mine = conn.execute(
                "SELECT m.person_id, m.count, p.name FROM mentions m JOIN people p"
                " ON p.id = m.person_id WHERE m.article_id = ? ORDER BY m.count DESC, m.first_offset",
                (article_id,),
            ).fetchall()
            scores: dict[int, float] = defaultdict(float)
            shared: dict[int, list[str]] = defaultdict(list)
            for person_id, count, name in mine:
                # Newest-stored first straight off the (person, article) index: joining articles
                # to sort by date cost seconds for a person named in 20k stories.
                others = conn.execute(
                    "SELECT article_id, count FROM mentions WHERE person_id = ? AND article_id != ?"
                    " ORDER BY article_id DESC LIMIT ?",
                    (person_id, article_id, RELATED_PER_PERSON),
                ).fetchall()
                df = conn.execute(
                    "SELECT count(*) FROM mentions WHERE person_id = ?", (person_id,)
                ).fetchone()[0]
                rarity = math.log((total + 1) / df)
                for other, other_count in others:
                    scores[other] += math.log1p(count) * math.log1p(other_count) * rarity
                    shared[other].append(name)
            best = sorted(scores, key=lambda aid: -scores[aid])[: limit * 3]
            rows = {row.id: row for row in self._article_rows(best)}
        ranked = sorted(best, key=lambda aid: (-round(scores[aid], 6), -rows[aid].sort_ts))
        return [Linked(rows[aid], scores[aid], tuple(shared[aid])) for aid in ranked[:limit]]

    def people_summary(self, limit: int | None = None) -> list[PersonCount]:
        """People by number of stories."""
        with self.db.lock:
            rows = self.db.conn.execute(
                "SELECT p.id, p.name, count(*), p.followed FROM people p JOIN mentions m"
                " ON m.person_id = p.id GROUP BY p.id ORDER BY count(*) DESC, p.name LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
        return [PersonCount(r[0], r[1], r[2], followed=bool(r[3])) for r in rows]

    def person(self, person_id: int) -> PersonCount | None:
        with self.db.lock:
            row = self.db.conn.execute(
                "SELECT p.id, p.name, (SELECT count(*) FROM mentions WHERE person_id = p.id),"
                " p.followed FROM people p WHERE p.id = ?",
                (person_id,),
            ).fetchone()
        return PersonCount(row[0], row[1], row[2], followed=bool(row[3])) if row else None

    def find_person(self, name: str) -> PersonCount | None:
        """A person by name, case-insensitive; a bare surname works when it is unambiguous."""
        with self.db.lock:
            rows = (
                self.db.conn.execute("SELECT id FROM people WHERE lower(name) = lower(?)", (name,)).fetchall()
                or self.db.conn.execute(
                    "SELECT id FROM people WHERE lower(surname) = lower(?)", (name,)
                ).fetchall()
            )
        return self.person(rows[0][0]) if len(rows) == 1 else None

    def person_stories(self, person_id: int, limit: int | None = None) -> list[tuple[ArticleRow, int]]:
        """A person's stories, newest first, with their mention counts (the newest `limit`)."""
        with self.db.lock:
            rows = self.db.conn.execute(
                f"SELECT {ROW_COLUMNS}, m.count FROM mentions m JOIN articles a ON a.id = m.article_id"
                " WHERE m.person_id = ?"
                " ORDER BY a.sort_ts DESC, a.id DESC LIMIT ?",
                (person_id, -1 if limit is None else limit),
            ).fetchall()
        return [(row_of(r), r[-1]) for r in rows]

    def person_months(self, person_id: int) -> list[tuple[str, int]]:
        """("YYYY-MM", stories) for each month (UTC) in which the person appears, oldest first."""
        with self.db.lock:
            return self.db.conn.execute(
                "SELECT strftime('%Y-%m', a.sort_ts, 'unixepoch') AS month, count(*) FROM mentions m"
                " JOIN articles a ON a.id = m.article_id WHERE m.person_id = ? GROUP BY month ORDER BY month",
                (person_id,),
            ).fetchall()

    def companions(self, person_id: int, limit: int = 10) -> list[PersonCount]:
        """The people who appear in most of this person's stories."""
        with self.db.lock:
            rows = self.db.conn.execute(
                "SELECT p.id, p.name, count(*) FROM mentions mine"
                " JOIN mentions other ON other.article_id = mine.article_id"
                " AND other.person_id != mine.person_id"
                " JOIN people p ON p.id = other.person_id WHERE mine.person_id = ?"
                " GROUP BY p.id ORDER BY count(*) DESC, p.name LIMIT ?",
                (person_id, limit),
            ).fetchall()
        return [PersonCount(*row) for row in rows]

    def toggle_followed(self, person_id: int) -> bool:
        """Follow someone not followed, and the other way round; returns whether they are now."""
        with self.db.transaction() as conn:
            row = conn.execute("SELECT followed FROM people WHERE id = ?", (person_id,)).fetchone()
            if row is None:  # merged into someone else since the screen showed them
                raise StoreError("this person is no longer in the library")
            followed = not row[0]
            conn.execute(
                "UPDATE people SET followed = ?, followed_since = CASE WHEN ? THEN"
                " coalesce(followed_since, ?) END WHERE id = ?",
                (int(followed), int(followed), time.time(), person_id),
            )
        return followed

    def followed_people(self) -> list[PersonCount]:
        """Followed people with their story and unread counts."""
        with self.db.lock:
            rows = self.db.conn.execute(
                "SELECT p.id, p.name, count(a.id), sum(a.read = 0) FROM people p"
                " LEFT JOIN mentions m ON m.person_id = p.id"
                " LEFT JOIN articles a ON a.id = m.article_id"
                " WHERE p.followed = 1 GROUP BY p.id ORDER BY p.name"
            ).fetchall()
        return [PersonCount(r[0], r[1], r[2], followed=True, unread=r[3] or 0) for r in rows]

    def followed_in(self, ids: Sequence[int]) -> list[tuple[str, str]]:
        """(person, title) for each of these articles that mentions a followed person."""
        with self.db.lock:
            return self.db.conn.execute(
                "SELECT p.name, a.title FROM mentions m JOIN people p ON p.id = m.person_id"
                " JOIN articles a ON a.id = m.article_id WHERE p.followed = 1"
                " AND m.article_id IN (SELECT value FROM json_each(?)) ORDER BY a.sort_ts DESC",
                (json.dumps(list(ids)),),
            ).fetchall()

    def _article_rows(self, ids: list[int]) -> list[ArticleRow]:
        rows = self.db.conn.execute(
            f"SELECT {ROW_COLUMNS} FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        ).fetchall()
        return [row_of(r) for r in rows]


def save_mentions(
    conn: sqlite3.Connection,
    article_id: int,
    people: Iterable[Found],
    *,
    person_ids: dict[str, int] | None = None,
    fresh: bool = False,
    done: bool = False,
) -> None:
    """Replace an article's mentions inside the caller's transaction.

    Names are resolved across the library here: a full name is its own person; a bare
    surname joins the one person with that surname, and stays apart when there are several.
    Order does not matter: a bare "Comey" stored before any "James Comey" joins him when he
    arrives, as long as he is the only one of that surname.
    `person_ids` caches name -> id within one transaction; `fresh` says the article was just
    inserted (no mentions to delete); `done` says its `people_done` flag is already set.
    """
    ids = {} if person_ids is None else person_ids
    if not fresh:
        conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
    rows = []
    for person in people:
        name = person.name
        if " " not in name:
            owners = conn.execute(
                "SELECT name FROM people WHERE surname = ? AND name != surname LIMIT 2", (name,)
            ).fetchall()
            if len(owners) == 1:
                name = owners[0][0]
        person_id = ids.get(name)
        if person_id is None:
            surname = name.split()[-1]
            created = conn.execute(
                "INSERT OR IGNORE INTO people (name, surname) VALUES (?, ?)", (name, surname)
            ).rowcount
            (person_id,) = conn.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()
            ids[name] = person_id
            if created and surname != name:
                _insert_mentions(conn, rows)  # adoption moves the mentions stored so far
                rows.clear()
                if _adopt_bare_surname(conn, person_id, surname):
                    ids.pop(surname, None)
        rows.append((article_id, person_id, person.count, person.first_offset, "\x1f".join(person.forms)))
    _insert_mentions(conn, rows)
    if not done:
        conn.execute("UPDATE articles SET people_done = 1 WHERE id = ?", (article_id,))


def _insert_mentions(conn: sqlite3.Connection, rows: list[tuple[int, int, int, int, str]]) -> None:
    conn.executemany(
        "INSERT INTO mentions (article_id, person_id, count, first_offset, forms) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT DO UPDATE SET count = count + excluded.count,"
        " first_offset = min(first_offset, excluded.first_offset)",
        rows,
    )


def _adopt_bare_surname(conn: sqlite3.Connection, person_id: int, surname: str) -> bool:
    """Fold the person known only as `surname` into the new full-name person, if unambiguous."""
    bare = conn.execute("SELECT id, followed FROM people WHERE name = ?", (surname,)).fetchone()
    if bare is None:
        return False
    namesakes = conn.execute(
        "SELECT count(*) FROM people WHERE surname = ? AND name != surname", (surname,)
    ).fetchone()[0]
    if namesakes != 1:
        return False
    bare_id, followed = bare
    conn.execute(
        "INSERT INTO mentions (article_id, person_id, count, first_offset, forms)"
        " SELECT article_id, ?, count, first_offset, forms FROM mentions WHERE person_id = ?"
        " ON CONFLICT DO UPDATE SET count = count + excluded.count,"
        " first_offset = min(first_offset, excluded.first_offset)",
        (person_id, bare_id),
    )
    if followed:
        conn.execute(
            "UPDATE people SET followed = 1, followed_since = (SELECT followed_since FROM people"
            " WHERE id = ?) WHERE id = ?",
            (bare_id, person_id),
        )
    conn.execute("DELETE FROM people WHERE id = ?", (bare_id,))  # its old mentions go with it
    return True

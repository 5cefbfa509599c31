"""People and their mentions: saving what extraction found, and the queries the panes need."""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reader.store.db import Database, StoreError
from reader.store.identity import Identity, fill_keys
from reader.store.models import ArticleRow, Found
from reader.store.namesearch import lookup
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
    confirmed: bool = True  # False: named by one word only, and no story vouched for them


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
            identity = Identity(conn)
            for article_id, people in found.items():
                identity.save(article_id, people)
            conn.executemany(
                "UPDATE articles SET people_done = 1 WHERE id = ?", [(article_id,) for article_id in found]
            )
            identity.finish()

    def fill_name_keys(self) -> None:
        """Give people stored before name keys existed theirs, so look-ups find them at once."""
        with self.db.lock:
            missing = self.db.conn.execute("SELECT 1 FROM people WHERE key = '' LIMIT 1").fetchone()
        if missing:
            with self.db.transaction() as conn:
                fill_keys(conn)

    # --- which extractor found the people ------------------------------------------------------

    def people_version(self) -> str | None:
        """The version of extraction that found the people now stored (None: before versions)."""
        with self.db.lock:
            row = self.db.conn.execute("SELECT value FROM settings WHERE name = 'people_version'").fetchone()
        return row[0] if row else None

    def adopt_people_version(self, version: str) -> None:
        """Record `version` as the one that found the people, if no articles are stored yet."""
        with self.db.lock:
            if self.db.readonly or self.people_version() is not None:
                return
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO settings (name, value)"
                " SELECT 'people_version', ? WHERE NOT EXISTS (SELECT 1 FROM articles)",
                (version,),
            )

    def start_people_upgrade(self, version: str) -> int:
        """Mark every article's people to be found again by extraction `version`; returns how many.

        Until each is done again its old mentions stay, so people never vanish meanwhile.
        """
        with self.db.transaction() as conn:
            now = conn.execute("SELECT value FROM settings WHERE name = 'people_version'").fetchone()
            if now is not None and now[0] == version:  # another Byline started it meanwhile
                return 0
            marked = conn.execute("UPDATE articles SET people_done = 0 WHERE people_done = 1").rowcount
            conn.execute(
                "INSERT INTO settings (name, value) VALUES ('people_version', ?), ('people_upgrade', ?)"
                " ON CONFLICT DO UPDATE SET value = excluded.value",
                (version, str(marked)),
            )
        return marked

    def people_upgrade(self) -> int | None:
        """Articles an unfinished upgrade set out to do again (None: no upgrade under way)."""
        with self.db.lock:
            row = self.db.conn.execute("SELECT value FROM settings WHERE name = 'people_upgrade'").fetchone()
        return int(row[0]) if row else None

    def finish_people_upgrade(self) -> None:
        """Once every article is done again: relink lone surnames, drop people no story names."""
        with self.db.transaction() as conn:
            identity = Identity(conn)
            lone = conn.execute("SELECT DISTINCT last_key FROM people WHERE key = last_key").fetchall()
            identity.relink(key for (key,) in lone)
            identity.finish()
            conn.execute(
                "DELETE FROM people WHERE followed = 0"
                " AND NOT EXISTS (SELECT 1 FROM mentions WHERE person_id = people.id)"
            )
            conn.execute("DELETE FROM settings WHERE name = 'people_upgrade'")

    def count_without_people(self) -> int:
        with self.db.lock:
            return self.db.conn.execute("SELECT count(*) FROM articles WHERE people_done = 0").fetchone()[0]

    def articles_without_people(
        self, limit: int, within: Sequence[int] | None = None
    ) -> list[tuple[int, str]]:
        """(id, text) of articles whose people have not been found yet (of `within`, if given):
        the title and page text where the full text was fetched, else the feed's own plain text."""
        among = "" if within is None else " AND id IN (SELECT value FROM json_each(?))"
        params = (limit,) if within is None else (json.dumps(list(within)), limit)
        with self.db.lock:
            return self.db.conn.execute(
                "SELECT id, CASE WHEN page_plain != '' THEN title || char(10, 10) || page_plain"
                f" ELSE plain END FROM articles WHERE people_done = 0{among} ORDER BY id LIMIT ?",
                params,
            ).fetchall()

    def people_in(self, article_id: int) -> list[PersonCount]:
        with self.db.lock:
            rows = self.db.conn.execute(
                "SELECT p.id, p.name, m.count, m.forms, p.followed FROM mentions m"
                " JOIN people p ON p.id = m.person_id WHERE m.article_id = ? AND p.confirmed"
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
                "SELECT m.person_id, m.count, p.name FROM mentions m JOIN people p ON p.id = m.person_id"
                " WHERE m.article_id = ? AND p.confirmed ORDER BY m.count DESC, m.first_offset",
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

    def people_summary(self, limit: int | None = None, unconfirmed: bool = False) -> list[PersonCount]:
        """People by number of stories; with `unconfirmed`, also those named by one word that no
        story vouched for (see schema migration 6)."""
        with self.db.lock:
            rows = self.db.conn.execute(
                "SELECT p.id, p.name, count(*), p.followed, p.confirmed FROM people p JOIN mentions m"
                " ON m.person_id = p.id WHERE p.confirmed OR ? GROUP BY p.id"
                " ORDER BY count(*) DESC, p.name LIMIT ?",
                (unconfirmed, -1 if limit is None else limit),
            ).fetchall()
        return [PersonCount(r[0], r[1], r[2], followed=bool(r[3]), confirmed=bool(r[4])) for r in rows]

    def person(self, person_id: int) -> PersonCount | None:
        with self.db.lock:
            row = self.db.conn.execute(
                "SELECT p.id, p.name, (SELECT count(*) FROM mentions WHERE person_id = p.id),"
                " p.followed, p.confirmed FROM people p WHERE p.id = ?",
                (person_id,),
            ).fetchone()
        if row is None:
            return None
        return PersonCount(row[0], row[1], row[2], followed=bool(row[3]), confirmed=bool(row[4]))

    def find_person(self, name: str) -> PersonCount | None:
        """The one person a name, written any way a reader would, stands for (None: no one, or several)."""
        found = self.find_people(name)
        return found[0] if len(found) == 1 else None

    def find_people(self, name: str) -> list[PersonCount]:
        """Everyone a name may stand for, most stories first: one when it is clear.

        Any case, accents or none, with or without titles and middle initials, a romanised given
        name spelt another way, or a surname alone.
        """
        with self.db.lock:
            ids = lookup(self.db.conn, name)
        people = [p for p in map(self.person, ids) if p is not None and (p.count or p.followed)]
        return sorted(people, key=lambda p: (-p.count, p.name))

    def other_names(self, person_id: int) -> list[str]:
        """The full names a person was also given in stories, besides the one shown, most used first."""
        with self.db.lock:
            rows = self.db.conn.execute(
                "SELECT n.name FROM person_names n JOIN people p ON p.id = n.person_id"
                " WHERE n.person_id = ? AND n.name != p.name AND instr(n.name, ' ')"
                " ORDER BY n.stories DESC, n.name",
                (person_id,),
            ).fetchall()
        return [name for (name,) in rows]

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
                " JOIN people p ON p.id = other.person_id WHERE mine.person_id = ? AND p.confirmed"
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

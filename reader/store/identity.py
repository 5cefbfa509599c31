"""One person, one entry across the library: which stored person each extracted name is.

Extraction resolves names within one story; this resolves them across stories, inside the
caller's write transaction:

- A full name is the person already known by exactly that name; else the one person whose name
  key (reader.people.names: accents, middle initials, romanisations of the given name) it shares
  with middles that agree, or, when no one has that key, the one of that surname whose given
  names hold its own or are held by them ("Tayyip Erdoğan", "Recep Tayyip Erdoğan"); else the
  one known by the same two words in the other order ("Takaichi Sanae"); else a new person.
  Two such people, or another name of the same story already holding that person, contradict
  the match, and the name stands alone.
- A lone surname goes to a person of the same story with that surname; else to the library's
  dominant person of that surname in the story's period; and stays with a person of its own
  (unlinked) when two of that surname are active then. Lone surnames are looked at again when a
  new person of that surname arrives, so the order stories come in does not matter.
- A person's display name is the name of most stories, with accents when a spelling has them.
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable

from reader.people.names import (
    NameKey,
    accents,
    ends_with_suffix,
    fold,
    given_class,
    parse,
    without_titles,
    words,
    world_given,
)
from reader.store.models import Found
from reader.store.namesearch import ids, variants

PERIOD_S = 180 * 86400  # a story's period: this long either side of its date
DOMINANCE = 3  # the first of a surname has this many times the stories of the second, or more

Row = tuple[int, int, int, int, str, str, int]  # article, person, count, first offset, forms, name, vouched


class Identity:
    """Resolution state of one write transaction; call `finish` before it commits."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.touched: set[int] = set()  # people whose mentions changed: display name, emptiness
        self.new_surnames: set[str] = set()  # surname keys that gained a full-name person
        self.grown: set[str] = set()  # surname keys whose full-name people gained stories
        self._times: dict[str, list[tuple[int, list[float]]]] = {}
        self._handed_on: set[int] = set()  # followed lone surnames whose follow went to a person
        self._exact: dict[str, int] = {}  # full name -> person, as resolved in this transaction

    # --- saving ----------------------------------------------------------------------------

    def save(self, article_id: int, people: Iterable[Found], *, fresh: bool = False) -> None:
        """Replace an article's mentions with `people` (names as extraction gave them)."""
        conn = self.conn
        if not fresh:
            old = conn.execute("SELECT person_id FROM mentions WHERE article_id = ?", (article_id,))
            self.touched.update(pid for (pid,) in old)
            conn.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        parsed = [(found, parse(found.name)) for found in people]
        full = [(f, k) for f, k in parsed if k is not None and k.full]
        bare = [(f, k) for f, k in parsed if k is not None and not k.full]
        rows: list[Row] = []
        mine: dict[int, str] = {}  # person -> the name of this story that took them
        by_surname: dict[str, int] = {}
        for found, key in full:
            person_id = self._full(found.name, key, mine)
            mine.setdefault(person_id, found.name)
            by_surname.setdefault(key.surname, person_id)
            self.grown.add(key.surname)
            rows.append(_row(article_id, person_id, found))
        if bare:
            when = conn.execute("SELECT sort_ts FROM articles WHERE id = ?", (article_id,)).fetchone()
            for found, key in bare:
                person_id = by_surname.get(key.surname)
                if person_id is None:
                    person_id = self._bare(found.name, key, when[0] if when else None)
                rows.append(_row(article_id, person_id, found))
        _insert(conn, rows)
        self.touched.update(row[1] for row in rows)

    def _full(self, name: str, key: NameKey, mine: dict[int, str]) -> int:
        known = self._exact.get(name)
        if known is not None:
            return known
        conn = self.conn
        exact = (
            conn.execute(
                "SELECT person_id FROM person_names WHERE name = ? COLLATE NOCASE AND name = ?"
                " ORDER BY stories DESC LIMIT 1",
                (name, name),
            ).fetchone()
            or conn.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()
        )
        if exact is not None:
            self._exact[name] = exact[0]
            return exact[0]
        found = variants(conn, key) or _swapped(conn, name)
        candidates = [pid for pid in found if mine.get(pid, name) == name]
        person_id = candidates[0] if len(candidates) == 1 else self._create(name, key)
        self._exact[name] = person_id
        return person_id

    def _bare(self, name: str, key: NameKey, when: float | None) -> int:
        owner = self._dominant(key.surname, when)
        return self._unlinked(name, key) if owner is None else owner

    def _unlinked(self, name: str, key: NameKey) -> int:
        """The person that holds the lone mentions of a surname no one person stands out for."""
        row = self.conn.execute(
            "SELECT id FROM people WHERE key = ? AND last_key = key ORDER BY id LIMIT 1", (key.surname,)
        ).fetchone()
        return row[0] if row else self._create(name, key)

    def _create(self, name: str, key: NameKey) -> int:
        shown = without_titles(name)
        created = self.conn.execute(
            "INSERT INTO people (name, surname, key, last_key) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (name) DO NOTHING RETURNING id",
            (shown, surname_of(shown), key.key, key.surname),
        ).fetchone()
        if created is None:  # only an old entry, stored before name keys, has this name
            return self.conn.execute("SELECT id FROM people WHERE name = ?", (shown,)).fetchone()[0]
        if key.full:
            self.new_surnames.add(key.surname)
            self._times.pop(key.surname, None)
        return created[0]

    # --- lone surnames -----------------------------------------------------------------------

    def _dominant(self, surname: str, when: float | None) -> int | None:
        """The person a lone `surname` of a story dated `when` stands for, if one stands out."""
        times = self._times.get(surname)
        if times is None:
            times = self._times[surname] = _surname_times(self.conn, surname)
        if not times:
            return None
        counts: list[tuple[int, int]] = []
        if when is not None:
            lo, hi = when - PERIOD_S, when + PERIOD_S
            counts = [(bisect_right(ts, hi) - bisect_left(ts, lo), pid) for pid, ts in times]
        if not any(count for count, _ in counts):
            counts = [(len(ts), pid) for pid, ts in times]  # no one of the name then: the whole library
        counts.sort(reverse=True)
        first = counts[0][0]
        second = counts[1][0] if len(counts) > 1 else 0
        return counts[0][1] if first and first >= DOMINANCE * second else None

    def relink(self, surnames: Iterable[str], unlinked_only: bool = False) -> None:
        """Look again at every lone mention of these surnames (a namesake arrived, or an upgrade),
        or only at those left unlinked (a namesake's stories grew: one may stand out now)."""
        conn = self.conn
        only = " AND p.key = p.last_key" if unlinked_only else ""
        for surname in sorted(set(surnames)):
            self._times.pop(surname, None)
            rows = conn.execute(
                "SELECT m.article_id, m.person_id, m.count, m.first_offset, m.forms, m.name, m.vouched,"
                " a.sort_ts"
                " FROM people p JOIN mentions m ON m.person_id = p.id JOIN articles a ON a.id = m.article_id"
                " WHERE p.last_key = ? AND m.name != ''" + only,
                (surname,),
            ).fetchall()
            moves = []
            for article_id, person_id, count, first, forms, name, vouched, when in rows:
                key = parse(name)
                if key is None or key.full:
                    continue
                target = self._dominant(surname, when)
                if target is None:
                    target = self._unlinked(name, key) if self._is_full(person_id) else person_id
                if target != person_id:
                    row = (article_id, target, count, first, forms, name, vouched)
                    moves.append((article_id, person_id, row))
            for article_id, person_id, row in moves:
                conn.execute(
                    "DELETE FROM mentions WHERE article_id = ? AND person_id = ?", (article_id, person_id)
                )
                _insert(conn, [row])
                self._follow_moves(person_id, row[1])
                self.touched.update((person_id, row[1]))

    def _with_unlinked(self, surnames: set[str]) -> list[str]:
        """Those of `surnames` with lone mentions no one person took (one query per 500)."""
        keys = sorted(surnames)
        found: list[str] = []
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT DISTINCT last_key FROM people WHERE key = last_key AND last_key IN ({marks})"
            found.extend(key for (key,) in self.conn.execute(sql, chunk))
        return found

    def _is_full(self, person_id: int) -> bool:
        row = self.conn.execute("SELECT key != last_key FROM people WHERE id = ?", (person_id,)).fetchone()
        return bool(row and row[0])

    def _follow_moves(self, source: int, target: int) -> None:
        """Someone followed under a lone surname is followed under the person it turned out to be."""
        followed = self.conn.execute(
            "UPDATE people SET followed = 1, followed_since = coalesce(followed_since,"
            " (SELECT followed_since FROM people WHERE id = ?)) WHERE id = ?"
            " AND (SELECT followed FROM people WHERE id = ?) = 1 AND key != last_key",
            (source, target, source),
        ).rowcount
        if followed:
            self._handed_on.add(source)

    # --- the end of a transaction -------------------------------------------------------------

    def finish(self) -> None:
        """Relink lone surnames of new or grown namesakes, refresh display names and whether a
        lone word is confirmed a person, drop people left empty."""
        surnames, grown = self.new_surnames, self.grown - self.new_surnames
        self.new_surnames, self.grown = set(), set()
        self.relink(surnames)
        self.relink(self._with_unlinked(grown), unlinked_only=True)
        conn = self.conn
        # one named by one word only is a person once a story vouched for them (one statement)
        conn.execute(
            "UPDATE people SET confirmed = EXISTS (SELECT 1 FROM mentions WHERE person_id = people.id"
            " AND vouched) WHERE key = last_key AND id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(self.touched)),),
        )
        for person_id in sorted(self.touched):
            names = conn.execute(
                "SELECT name, stories FROM person_names WHERE person_id = ?", (person_id,)
            ).fetchall()
            if names:
                shown = display_name(names)
                conn.execute(
                    "UPDATE OR IGNORE people SET name = ?, surname = ? WHERE id = ? AND name != ?",
                    (shown, surname_of(shown), person_id, shown),
                )
            elif not conn.execute(
                "SELECT 1 FROM mentions WHERE person_id = ? LIMIT 1", (person_id,)
            ).fetchone():
                handed_on = person_id in self._handed_on  # else someone followed stays, with no stories
                conn.execute(
                    "DELETE FROM people WHERE id = ? AND (followed = 0 OR ?)", (person_id, handed_on)
                )
        self.touched.clear()
        self._handed_on.clear()


def display_name(names: list[tuple[str, int]]) -> str:
    """The full name of most stories (spellings alike without accents count together), written
    with accents if any spelling has them; a lone name only when there is no full one."""
    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for name, stories in names:
        shown = without_titles(name)
        groups[fold(shown)].append((shown, stories))

    def rank(item: tuple[str, list[tuple[str, int]]]) -> tuple[bool, int, str]:
        folded, spellings = item
        return (" " not in folded, -sum(s for _, s in spellings), folded)  # ties: alphabetical

    _, spellings = min(groups.items(), key=rank)
    return max(spellings, key=lambda item: (accents(item[0]), item[1], item[0]))[0]


def surname_of(name: str) -> str:
    """The surname as written: the last word that is no suffix ("King" of "Martin Luther King Jr.")."""
    written = name.split()
    while len(written) > 1 and ends_with_suffix([fold(word) for word in written]):
        written.pop()
    return written[-1] if written else name


def fill_keys(conn: sqlite3.Connection) -> None:
    """Name keys for people stored before keys existed."""
    rows = conn.execute("SELECT id, name FROM people WHERE key = ''").fetchall()
    updates = []
    for person_id, name in rows:
        key = parse(name)
        folded = name.casefold() or "-"  # no word of a name left: a key no name shares
        updates.append((key.key, key.surname, person_id) if key else (folded, folded, person_id))
    conn.executemany("UPDATE people SET key = ?, last_key = ? WHERE id = ?", updates)


def _swapped(conn: sqlite3.Connection, name: str) -> list[int]:
    """The people a two-word name can be written the other way round ("Takaichi Sanae", "Sanae
    Takaichi": Japanese, Chinese, Korean and Hungarian names come in both orders), unless both
    words are given names ("Douglas Ross", "Ross Douglas" are two people)."""
    found = words(name)
    if len(found) != 2:
        return []
    first, last = found
    given = world_given()
    if first in given and last in given:
        return []
    swapped = f"{given_class(last)} {first}"
    return ids(conn, "SELECT id FROM people WHERE key = ? AND key != last_key", (swapped,))


def _surname_times(conn: sqlite3.Connection, surname: str) -> list[tuple[int, list[float]]]:
    """(person, sorted story dates) of each full-name person with this surname key."""
    times: dict[int, list[float]] = defaultdict(list)
    for person_id, when in conn.execute(
        "SELECT p.id, a.sort_ts FROM people p JOIN mentions m ON m.person_id = p.id"
        " JOIN articles a ON a.id = m.article_id WHERE p.last_key = ? AND p.key != p.last_key"
        " AND (m.name = '' OR instr(m.name, ' '))",  # lone surnames linked here are no evidence
        (surname,),
    ):
        times[person_id].append(when)
    return [(pid, sorted(ts)) for pid, ts in sorted(times.items())]


def _row(article_id: int, person_id: int, found: Found) -> Row:
    forms = "\x1f".join(found.forms)
    return (article_id, person_id, found.count, found.first_offset, forms, found.name, int(found.vouched))


def _insert(conn: sqlite3.Connection, rows: list[Row]) -> None:
    conn.executemany(
        "INSERT INTO mentions (article_id, person_id, count, first_offset, forms, name, vouched)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT DO UPDATE SET count = count + excluded.count,"
        " first_offset = min(first_offset, excluded.first_offset), vouched = max(vouched, excluded.vouched)",
        rows,
    )

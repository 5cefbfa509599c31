"""Who a name stands for: the people of a full name's variants, and the people a name typed
by a reader may mean, for look-ups, search and tag rules (see reader.people.names for the keys).
"""

from __future__ import annotations

import sqlite3

from reader.people.names import NameKey, fold, given_class, givens_agree, middles_agree, parse, titles


def variants(conn: sqlite3.Connection, key: NameKey) -> list[int]:
    """The people a full name can be by its key: those of the same key whose middle names agree;
    when no one has the key, those of the surname whose given names hold the name's, or whose
    given names the name holds ("Tayyip Erdoğan", "Recep Tayyip Erdoğan")."""
    same_key = ids(conn, "SELECT id FROM people WHERE key = ? AND key != last_key", (key.key,))
    if same_key:
        return [pid for pid in same_key if _agrees(conn, pid, key)]
    return [
        pid
        for pid in ids(conn, "SELECT id FROM people WHERE last_key = ? AND key != last_key", (key.surname,))
        if any(
            other is not None and givens_agree(key.givens, other.givens)
            for other in map(parse, _names(conn, pid))
        )
    ]


def _names(conn: sqlite3.Connection, person_id: int) -> list[str]:
    """Every name a person has had in a story, and the name shown."""
    rows = conn.execute(
        "SELECT name FROM person_names WHERE person_id = ? UNION SELECT name FROM people WHERE id = ?",
        (person_id, person_id),
    )
    return [name for (name,) in rows]


def _agrees(conn: sqlite3.Connection, person_id: int, key: NameKey) -> bool:
    """Nothing this person has been called contradicts `key`'s middle names."""
    for name in _names(conn, person_id):
        other = parse(name)
        if other is not None and not middles_agree(key.middles, other.middles):
            return False
    return True


def lookup(conn: sqlite3.Connection, text: str) -> list[int]:
    """The people a name typed by a reader may stand for (see `PeopleMixin.find_people`)."""
    name = " ".join(text.split())
    key = parse(name)
    if key is None:
        return []
    if not key.full:
        by_surname = ids(
            conn, "SELECT id FROM people WHERE last_key = ? OR name = ? COLLATE NOCASE", (key.surname, name)
        )
        given = given_class(key.surname)  # else a given name alone: "Keir"
        keys = "SELECT id FROM people WHERE key > ? AND key < ? AND key != last_key"  # "keir *"
        return by_surname or ids(conn, keys, (f"{given} ", f"{given}!"))
    exact = ids(
        conn,
        "SELECT id FROM people WHERE name = ? COLLATE NOCASE"
        " UNION SELECT person_id FROM person_names WHERE name = ? COLLATE NOCASE",
        (name, name),
    )
    if len(exact) == 1:
        return exact
    found = variants(conn, key)
    if found or exact:
        return found or exact
    written = name.split()
    if fold(written[-1]) in titles():  # "Mervyn King", stored as "Mervyn" before King was a name
        return lookup(conn, " ".join(written[:-1]))
    return []


def person_condition(value: str) -> tuple[str, list[object]]:
    """SQL on `people p` for the people a typed name stands for, in search and tag rules.

    Wider than `lookup`: every variant of the name, and every person of a lone surname.
    """
    key = parse(value)
    if key is None:
        return "0", []
    name = " ".join(value.split())
    if not key.middles:
        column = "p.key" if key.full else "p.last_key"
        return f"({column} = ? OR p.name = ? COLLATE NOCASE)", [key.key, name]
    # "George W. Bush": not someone also called "George H. W. Bush"
    return (
        "(p.name = ? COLLATE NOCASE OR p.key = ? AND NOT EXISTS (SELECT 1 FROM person_names n"
        " WHERE n.person_id = p.id AND byline_middles_differ(n.name, ?)))",
        [name, key.key, name],
    )


def middles_differ(name: str, other: str) -> bool:
    """The middle names of two names of one key disagree (registered as an SQL function)."""
    a, b = parse(name), parse(other)
    return a is not None and b is not None and not middles_agree(a.middles, b.middles)


def ids(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> list[int]:
    return [pid for (pid,) in conn.execute(sql, params)]

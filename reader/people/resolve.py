"""In-document name resolution: group full names into persons, link bare names to them.

Rules (news conventions):

- Full names (two words or more) are one person when their last words agree and the given
  names of the shorter one all appear in the longer one ("Otto Jespersen" ~ "Jens Otto Harry
  Jespersen"; initials match a name with that letter, "Charles J. Fillmore" ~ "Charles
  Fillmore"). "Jeff Sessions" and "Pete Sessions" stay apart.
- A bare word matches persons by last name, else by first name. When several persons match,
  the one mentioned most often so far wins, ties going to the most recent mention; a bare word
  before any full mention goes to the first person introduced later.
- A person's canonical name is its longest name (most words, then most characters, first on
  ties).
"""

from __future__ import annotations

from typing import NamedTuple


class Candidate(NamedTuple):
    """A possible name span. ``level``: 2 a sure name, 1 a cued bare name, 0 only if linked."""

    start: int
    end: int
    words: tuple[str, ...]
    level: int


class _Person:
    __slots__ = ("canon", "canon_key", "count", "first_pos", "given", "last_pos")

    def __init__(self, name: str, given: list[str], pos: int) -> None:
        self.canon = name
        self.canon_key = (len(name.split()), len(name))
        self.given = given
        self.count = 0
        self.first_pos = pos
        self.last_pos = -1

    def offer(self, name: str) -> None:
        key = (len(name.split()), len(name))
        if key > self.canon_key:
            self.canon, self.canon_key = name, key


def _norm(word: str) -> str:
    return word.lower().replace("’", "'").rstrip(".")


def _given_match(short: list[str], long: list[str]) -> bool:
    """Every given name of ``short`` appears in ``long`` (an initial matches its letter)."""
    for g in short:
        if g in long:
            continue
        if len(g) == 1 and any(x.startswith(g) for x in long):
            continue
        if any(len(x) == 1 and g.startswith(x) for x in long):
            continue
        return False
    return True


def _pick(persons: list[_Person], pos: int) -> _Person:
    """The salient person among several sharing a name (see module doc)."""
    seen = [p for p in persons if p.last_pos >= 0]
    if seen:
        return max(seen, key=lambda p: (p.count, p.last_pos))
    return min(persons, key=lambda p: p.first_pos)


def resolve(cands: list[Candidate]) -> list[tuple[int, int, str]]:
    """Accepted spans as (start, end, canonical), sorted by start."""
    by_last: dict[str, list[_Person]] = {}
    by_first: dict[str, list[_Person]] = {}
    owner: dict[int, _Person] = {}
    for c in cands:
        if c.level < 2 or len(c.words) < 2:
            continue
        toks = [_norm(w) for w in c.words]
        last, given = toks[-1], toks[:-1]
        person = None
        for p in reversed(by_last.get(last, [])):
            short, long = (given, p.given) if len(given) <= len(p.given) else (p.given, given)
            if _given_match(short, long):
                person = p
                break
        name = " ".join(c.words)
        if person is None:
            person = _Person(name, given, c.start)
            by_last.setdefault(last, []).append(person)
            by_first.setdefault(given[0], []).append(person)
        else:
            person.offer(name)
            if len(given) > len(person.given):
                person.given = given
        owner[c.start] = person
    # bare names accepted on their own evidence become persons too
    for c in cands:
        if c.level == 1 and len(c.words) == 1:
            key = _norm(c.words[0])
            if key not in by_last and key not in by_first:
                person = _Person(c.words[0], [], c.start)
                by_last[key] = [person]
    out: list[tuple[int, int, _Person]] = []
    for c in cands:
        person = owner.get(c.start)
        if person is None:
            toks = [_norm(w) for w in c.words]
            matches = by_last.get(toks[-1])
            if matches is None and len(toks) == 1:
                matches = by_first.get(toks[0])
            if matches and len(toks) > 1:
                matches = [p for p in matches if _given_match(toks[:-1], p.given)]
            if not matches:
                continue
            person = _pick(matches, c.start)
        person.count += 1
        person.last_pos = c.start
        out.append((c.start, c.end, person))
    return [(s, e, p.canon) for s, e, p in out]

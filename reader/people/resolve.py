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

Work stays linear in the number of candidates: at most ``MAX_NAMESAKES`` persons are indexed
under one last name or one first name (a further namesake keeps its own full-name mentions but
takes no bare-word links), and list spreading (:func:`_in_lists`) uses a work list.
"""

from __future__ import annotations

from typing import NamedTuple

from reader.people.names import CAPITAL_OPENERS


class Candidate(NamedTuple):
    """A possible name span. ``level``: 2 a sure name, 1 a cued bare name, 0 only if linked,
    -1 only if a list of names it stands in makes it one.

    ``plain``: a bare word that is no dictionary or place word, so a name when it stands in a
    list with other people ("Christopher Moore, Morris and Goscinny").
    """

    start: int
    end: int
    text: str
    words: tuple[str, ...]
    level: int
    plain: bool
    parts: tuple[tuple[int, int, str], ...] = ()  # headline words to try alone if the whole fails


_AND_GLUE = frozenset({" and ", ", and ", " & ", " or ", ", or "})
_COMMA = frozenset({", ", "; "})  # "; " parts the lines of a team sheet
_LIST_GLUE = _AND_GLUE | _COMMA
_MAX_GLUE = max(len(g) for g in _LIST_GLUE)


class _Person:
    __slots__ = ("canon", "canon_key", "count", "first_pos", "given", "last_pos")

    def __init__(self, name: str, given: tuple[str, ...], pos: int) -> None:
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


# Persons indexed under one name key; real documents have a handful, hostile ones thousands.
MAX_NAMESAKES = 32

_NORM: dict[str, str] = {}
_NORM_CACHE_SIZE = 100_000  # entries; emptied when full
_NORM_MAX_WORD = 40  # longer words are not cached


def _norm(word: str) -> str:
    """Comparison key of a name word (cached, in a bounded memo)."""
    got = _NORM.get(word)
    if got is None:
        got = word.lower().replace("’", "'").rstrip(".")
        if len(word) <= _NORM_MAX_WORD:
            if len(_NORM) >= _NORM_CACHE_SIZE:
                _NORM.clear()
            _NORM[word] = got
    return got


def _key(words: tuple[str, ...]) -> tuple[str, ...]:
    """A name's words as compared; a surname a particle opens keys as the surname alone ("Bin
    Laden", "De Villepin" link to "Osama bin Laden", "Dominique de Villepin", whose lower-case
    particles are no words of theirs). Cached, in a bounded memo."""
    got = _KEYS.get(words)
    if got is None:
        skip = 0
        while skip < len(words) - 1 and words[skip][:1].isupper() and words[skip].lower() in CAPITAL_OPENERS:
            skip += 1
        got = tuple(_norm(w) for w in words[skip:])
        if max(map(len, words)) <= _NORM_MAX_WORD:
            if len(_KEYS) >= _NORM_CACHE_SIZE:
                _KEYS.clear()
            _KEYS[words] = got
    return got


_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {}


def _given_match(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
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


def _matches(
    toks: tuple[str, ...],
    plain: bool,
    by_last: dict[str, list[_Person]],
    by_first: dict[str, list[_Person]],
) -> bool:
    """Does a candidate (as name keys) name an already known person?"""
    if len(toks) == 1:
        return toks[0] in by_last or (plain and toks[0] in by_first)
    return any(_given_match(toks[:-1], p.given) for p in by_last.get(toks[-1], []))


def _pick(persons: list[_Person], pos: int) -> _Person:
    """The salient person among several sharing a name (see module doc)."""
    seen = [p for p in persons if p.last_pos >= 0]
    if seen:
        return max(seen, key=lambda p: (p.count, p.last_pos))
    return min(persons, key=lambda p: p.first_pos)


def _in_lists(cands: list[Candidate], accepted: set[int], text: str) -> set[int]:
    """Indexes of plain bare words listed with accepted names.

    "Moore, Morris and Goscinny": a word joined by "and"/"or"/"&" to a name, or by a comma
    (or a semicolon, as between the lines of a team sheet) to a name on one side and to another
    list item on the other side. Found words count as
    names for their neighbours, so a list fills in from its named items outwards.

    The rules only ever add words, so the result is their least fixed point; a work list
    re-examines just the neighbours of each word found, which makes this linear in the
    number of candidates (a rescan of the whole list until nothing changes is quadratic).
    """
    n = len(cands)
    # glue[i]: the text between candidates i and i + 1, when short enough to be list glue
    glue = [""] * n
    for i in range(n - 1):
        a, b = cands[i].end, cands[i + 1].start
        if 0 < b - a <= _MAX_GLUE:
            glue[i] = text[a:b]
    found: set[int] = set()

    def named(i: int) -> bool:
        return i in accepted or i in found

    def listed(i: int) -> bool:
        left = glue[i - 1] if i else ""
        right = glue[i] if i + 1 < n else ""
        named_l = i > 0 and named(i - 1)
        named_r = i + 1 < n and named(i + 1)
        if (named_l and left in _AND_GLUE) or (named_r and right in _AND_GLUE):
            return True
        if left in _COMMA and named_l and right in _LIST_GLUE and (named_r or cands[i + 1].plain):
            return True
        return right in _COMMA and named_r and left in _LIST_GLUE and (named_l or cands[i - 1].plain)

    todo = list(range(n - 1, -1, -1))
    while todo:
        i = todo.pop()
        if i in found or i in accepted or not cands[i].plain or not listed(i):
            continue
        found.add(i)
        if i + 1 < n:
            todo.append(i + 1)
        if i:
            todo.append(i - 1)
    return found


def _split_parts(
    cands: list[Candidate],
    keys: list[tuple[str, ...]],
    by_last: dict[str, list[_Person]],
    by_first: dict[str, list[_Person]],
) -> tuple[list[Candidate], list[tuple[str, ...]]]:
    """Replace headline segments that name no known person by their words that do."""
    out_c: list[Candidate] = []
    out_k: list[tuple[str, ...]] = []
    for c, toks in zip(cands, keys, strict=True):
        if not c.parts or _matches(toks, c.plain, by_last, by_first):
            out_c.append(c)
            out_k.append(toks)
            continue
        for s, e, w in c.parts:
            key = _norm(w)
            if key in by_last:
                out_c.append(Candidate(s, e, w, (w,), 0, False))
                out_k.append((key,))
    return out_c, out_k


def _index(table: dict[str, list[_Person]], key: str, person: _Person) -> None:
    """File ``person`` under ``key``, unless ``MAX_NAMESAKES`` persons are there already."""
    got = table.get(key)
    if got is None:
        table[key] = [person]
    elif len(got) < MAX_NAMESAKES:
        got.append(person)


def resolve(cands: list[Candidate], text: str) -> list[tuple[int, int, str]]:
    """Accepted spans as (start, end, canonical), sorted by start."""
    by_last: dict[str, list[_Person]] = {}
    by_first: dict[str, list[_Person]] = {}
    owner: dict[int, _Person] = {}
    keys = [_key(c.words) for c in cands]
    for c, toks in zip(cands, keys, strict=True):
        if c.level < 2 or len(toks) < 2:
            continue
        last, given = toks[-1], toks[:-1]
        person = None
        for p in reversed(by_last.get(last, [])):
            short, long = (given, p.given) if len(given) <= len(p.given) else (p.given, given)
            if _given_match(short, long):
                person = p
                break
        if person is None:
            person = _Person(c.text, given, c.start)
            _index(by_last, last, person)
            _index(by_first, given[0], person)
        else:
            person.offer(c.text)
            if len(given) > len(person.given):
                person.given = given
        owner[c.start] = person
    # bare names accepted on their own evidence become persons too
    for c, toks in zip(cands, keys, strict=True):
        if c.level >= 1 and len(toks) == 1:
            key = toks[0]
            if key not in by_last and key not in by_first:
                by_last[key] = [_Person(c.text, (), c.start)]
    if any(c.parts for c in cands):
        cands, keys = _split_parts(cands, keys, by_last, by_first)
    accepted = {
        i
        for i, toks in enumerate(keys)
        if cands[i].level > 0 or (cands[i].level == 0 and _matches(toks, cands[i].plain, by_last, by_first))
    }
    listed = _in_lists(cands, accepted, text)
    for i in listed:
        key = keys[i][0]
        if key not in by_last:
            by_last[key] = [_Person(cands[i].text, (), cands[i].start)]
    out: list[tuple[int, int, _Person]] = []
    for i, (c, toks) in enumerate(zip(cands, keys, strict=True)):
        if c.level < 0 and i not in listed:
            continue  # a list neighbour that no list made a name
        person = owner.get(c.start)
        if person is None:
            matches = by_last.get(toks[-1])
            if matches is None and len(toks) == 1 and c.plain:
                matches = by_first.get(toks[0])
            if matches and len(toks) > 1:
                matches = [p for p in matches if _given_match(toks[:-1], p.given)]
            if not matches:
                continue
            person = _pick(matches, c.start) if len(matches) > 1 else matches[0]
        person.count += 1
        person.last_pos = c.start
        out.append((c.start, c.end, person))
    return [(s, e, p.canon) for s, e, p in out]

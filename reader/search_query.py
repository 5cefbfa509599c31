"""The search box language: words, "phrases", -negation, OR, and field filters.

Pure: no SQL. `parse_query` turns what the user typed into a `Query`; `Query.match` is an FTS5
MATCH expression in which every user term is a quoted string, so input can never become FTS5
syntax. Anything malformed raises `QueryError` with a message meant for the user.

    comey testimony            both words (stemmed: "recused" also finds "recuse")
    "travel ban"               a phrase
    recus*                     a prefix
    comey OR mueller           either word
    -trump                     without the word
    title:sessions             the word in the title
    person:"James Comey"       mentions the person (full name, or a surname alone)
    tag:politics  feed:post    tagged; from a feed whose title or URL contains the text
    is:unread is:read is:starred is:unstarred
    after:2017-06-01 before:2018   dates (UTC; year, year-month or day), after inclusive
    -tag:x -person:y -feed:z   negated filters
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

FIELDS = ("person", "tag", "feed", "is", "after", "before", "title")
IS_VALUES = ("unread", "read", "starred", "unstarred")
MAX_QUERY_CHARS = 1000
MAX_TERMS = 64

_FIELD = re.compile(r"([A-Za-z]+):")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
# Characters that FTS5 cannot take even inside a quoted string, or that only add noise.
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class QueryError(ValueError):
    """A query that cannot be run; the message says what is wrong, in the user's terms."""


@dataclass(frozen=True, slots=True)
class Term:
    """One word or phrase to look for."""

    text: str
    phrase: bool = False
    prefix: bool = False
    title_only: bool = False

    def fts(self) -> str:
        """This term as FTS5 syntax: always a quoted string."""
        quoted = '"' + self.text.replace('"', '""') + '"'
        if self.prefix:
            quoted += " *"
        return f"title : {quoted}" if self.title_only else quoted


@dataclass(frozen=True, slots=True)
class FieldFilter:
    """`field:value`, possibly negated. Dates are in `Query.after`/`Query.before` instead."""

    field: str  # person, tag or feed
    value: str
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search. Every clause must hold; the terms inside one clause are alternatives."""

    text: str = ""
    clauses: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    filters: tuple[FieldFilter, ...] = ()
    read: bool | None = None  # is:unread → False, is:read → True
    starred: bool | None = None
    after: float | None = None  # UTC timestamp, inclusive
    before: float | None = None  # UTC timestamp, exclusive

    @property
    def match(self) -> str | None:
        """The FTS5 MATCH expression for the words, or None for a filter-only query."""
        if not self.clauses:
            return None
        positive = " AND ".join(_group(clause) for clause in self.clauses)
        if not self.excluded:
            return positive
        return f"({positive}) NOT ({' OR '.join(term.fts() for term in self.excluded)})"

    @property
    def exclude(self) -> str | None:
        """With no words to match, the MATCH expression of articles to leave out (from `-word`)."""
        if self.clauses or not self.excluded:
            return None
        return " OR ".join(term.fts() for term in self.excluded)


def _group(clause: tuple[Term, ...]) -> str:
    if len(clause) == 1:
        return clause[0].fts()
    return "(" + " OR ".join(term.fts() for term in clause) + ")"


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    quoted: bool
    negated: bool
    field: str | None


def parse_query(text: str) -> Query:
    """Parse what the user typed; raises `QueryError` (and nothing else) when it is malformed."""
    if not isinstance(text, str):
        raise QueryError("the query must be text")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long (over {MAX_QUERY_CHARS} characters)")
    text = _UNSAFE.sub(" ", text.translate(_QUOTES))
    builder = _Builder(text.strip())
    tokens = _tokens(text)
    if not tokens:
        raise QueryError("the query is empty: type words to look for, or a filter like tag:politics")
    pending_or = False
    for index, token in enumerate(tokens):
        if token.text == "OR" and not token.quoted and not token.negated and token.field is None:
            if index == 0 or index == len(tokens) - 1 or pending_or:
                raise QueryError("OR needs a word or phrase on each side, as in: comey OR mueller")
            pending_or = True
            continue
        builder.add(token, joined=pending_or)
        pending_or = False
    return builder.build()


def _tokens(text: str) -> list[_Token]:
    """Split on whitespace, keeping "quoted phrases" and field:"quoted values" whole."""
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        if negated:
            i += 1
        field = None
        found = _FIELD.match(text, i)
        if found:
            field = found.group(1).lower()
            i = found.end()
        if i < n and text[i] == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError('a quote is not closed: add the closing " or remove the opening one')
            tokens.append(_Token(text[i + 1 : end], True, negated, field))
            i = end + 1
            continue
        end = i
        while end < n and not text[end].isspace() and text[end] != '"':
            end += 1
        tokens.append(_Token(text[i:end], False, negated, field))
        i = end
    return tokens


class _Builder:
    """Collects tokens into the parts of a `Query`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.clauses: list[list[Term]] = []
        self.excluded: list[Term] = []
        self.filters: list[FieldFilter] = []
        self.flags: dict[str, bool] = {}
        self.dates: dict[str, float] = {}
        self.terms = 0
        self.can_join = False  # True right after a word or phrase that OR may extend

    def add(self, token: _Token, *, joined: bool) -> None:
        if joined and not self.can_join:
            raise QueryError("OR needs a word or phrase on each side, as in: comey OR mueller")
        self.can_join = False
        if token.field is not None and token.field != "title":
            if joined:
                raise QueryError("OR joins words and phrases, not filters like tag: or is:")
            self._filter(token)
            return
        term = self._term(token)
        if term is None:
            if joined:
                raise QueryError("OR needs a word or phrase on each side, as in: comey OR mueller")
            return
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"the query has too many words (over {MAX_TERMS})")
        if token.negated:
            if joined:
                raise QueryError("OR cannot join a -word; write the alternatives without the minus")
            self.excluded.append(term)
            return
        if joined:
            self.clauses[-1].append(term)
        else:
            self.clauses.append([term])
        self.can_join = True

    def _term(self, token: _Token) -> Term | None:
        title_only = token.field == "title"
        if token.quoted:
            text = " ".join(token.text.split())
            return Term(text, phrase=True, title_only=title_only) if text else None
        if title_only and not token.text:
            raise QueryError('title: needs a word, as in title:comey or title:"travel ban"')
        prefix = token.text.endswith("*")
        text = token.text.strip("*")
        if not any(ch.isalnum() for ch in text):
            return None  # punctuation alone finds nothing; drop it rather than fail
        return Term(text, prefix=prefix, title_only=title_only)

    def _filter(self, token: _Token) -> None:
        field, value = token.field or "", " ".join(token.text.split())
        if field not in FIELDS:
            raise QueryError(
                f"unknown filter {field}: (known: {', '.join(f + ':' for f in FIELDS)}); "
                f'to search for the text itself, put it in quotes: "{field}:{value}"'
            )
        if not value:
            raise QueryError(f"{field}: needs a value, as in {_EXAMPLES[field]}")
        if field == "is":
            self._flag(value.lower(), token.negated)
        elif field in ("after", "before"):
            if token.negated:
                raise QueryError(f"-{field}: is not supported; use {_OPPOSITE[field]}: instead")
            if field in self.dates:
                raise QueryError(f"{field}: is given twice")
            self.dates[field] = _date(field, value)
        else:
            self.filters.append(FieldFilter(field, value, token.negated))

    def _flag(self, value: str, negated: bool) -> None:
        if value not in IS_VALUES:
            raise QueryError(f"is:{value} is unknown; use one of {', '.join('is:' + v for v in IS_VALUES)}")
        name = "read" if value in ("read", "unread") else "starred"
        wanted = value in ("read", "starred")
        if negated:
            wanted = not wanted
        if self.flags.get(name, wanted) != wanted:
            raise QueryError(f"is:{value} contradicts another is: filter in the query")
        self.flags[name] = wanted

    def build(self) -> Query:
        after, before = self.dates.get("after"), self.dates.get("before")
        if after is not None and before is not None and after >= before:
            raise QueryError("after: must be earlier than before:")
        if not (self.clauses or self.excluded or self.filters or self.flags or self.dates):
            raise QueryError("the query has no words to look for: use letters or digits")
        return Query(
            text=self.text,
            clauses=tuple(tuple(clause) for clause in self.clauses),
            excluded=tuple(self.excluded),
            filters=tuple(self.filters),
            read=self.flags.get("read"),
            starred=self.flags.get("starred"),
            after=after,
            before=before,
        )


_EXAMPLES = {
    "person": 'person:"James Comey"',
    "tag": "tag:politics",
    "feed": "feed:reuters",
    "is": "is:unread",
    "after": "after:2017-06-01",
    "before": "before:2018-01-01",
    "title": "title:comey",
}
_OPPOSITE = {"after": "before", "before": "after"}
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _date(field: str, value: str) -> float:
    """A UTC timestamp: the start of the day (or month, or year) named."""
    found = _DATE.fullmatch(value)
    if found is None:
        raise QueryError(f"{field}:{value} is not a date; write it as {_EXAMPLES[field]} (or 2017-06, 2017)")
    year, month, day = (int(part) if part else 1 for part in found.groups())
    try:
        when = dt.datetime(year, month, day, tzinfo=dt.UTC)
    except ValueError as error:
        raise QueryError(f"{field}:{value} is not a date: {error}") from error
    return when.timestamp()

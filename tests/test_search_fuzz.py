"""Hypothesis: any text parses to a Query or raises QueryError, and no Query makes SQLite raise."""

from __future__ import annotations

import sqlite3
import string
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search_query import Query, QueryError, parse_query
from reader.store import ArticleIn, Store
from tests.test_search import run_everywhere

# Text rich in the characters that mean something to the parser or to FTS5.
SYNTAX = st.sampled_from(
    [
        '"',
        "-",
        "*",
        ":",
        "(",
        ")",
        "{",
        "}",
        "^",
        "+",
        " ",
        " OR ",
        " AND ",
        " NOT ",
        "NEAR(",
        "tag:",
        "person:",
        "feed:",
        "is:",
        "after:",
        "before:",
        "title:",
        "unread",
        "2017-06-01",
        "\x00",
        "\u202e",
        "é",
        "日本",
        "“",
        "”",
        "%",
        "_",
        "\\",
        "'",
    ]
)
QUERY_TEXT = st.one_of(
    st.text(max_size=80),
    st.lists(
        st.one_of(SYNTAX, st.text(alphabet=string.ascii_letters + string.digits, max_size=6)), max_size=20
    ).map("".join),
)

_CONNECTION = sqlite3.connect(":memory:", check_same_thread=False)
_CONNECTION.execute(
    "CREATE VIRTUAL TABLE f USING fts5 (title, plain, tokenize = 'porter unicode61 remove_diacritics 2')"
)
_CONNECTION.execute("INSERT INTO f VALUES ('Comey testifies', 'James Comey and the travel ban')")


@given(QUERY_TEXT)
@settings(max_examples=600, deadline=None)
def test_any_text_is_a_query_or_a_query_error(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert str(error)
        return
    assert isinstance(query, Query)
    for expression in (query.match, query.exclude):
        if expression is not None:
            _CONNECTION.execute("SELECT rowid FROM f WHERE f MATCH ?", (expression,)).fetchall()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(tmp_path_factory.mktemp("fuzz") / "byline.db")
    feed = store.local_source("Fuzz Feed")
    store.upsert_articles(
        feed,
        [
            ArticleIn(guid="1", title="Comey testifies", plain="James Comey and the travel ban", tags=("x",)),
            ArticleIn(guid="2", title="Café résumé", plain="Nothing else", published=1.5e9),
        ],
    )
    yield store
    store.close()


@given(text=QUERY_TEXT)
@settings(max_examples=150, deadline=None)
def test_any_query_runs_in_the_store(store: Store, text: str) -> None:
    run_everywhere(store, text)

"""Search: the query language, ranking, stemming, diacritics, field filters and hostile input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.search_query import Query, QueryError, parse_query
from reader.store import (
    ArticleFilter,
    ArticleIn,
    Found,
    SearchHit,
    Store,
    marked_snippet,
    plain_snippet,
    snippet_parts,
)


def ts(day: str) -> float:
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp()


def article(guid: str, title: str, body: str, day: str, tags: tuple[str, ...] = ()) -> ArticleIn:
    return ArticleIn(guid=guid, title=title, plain=f"{title}\n\n{body}", published=ts(day), tags=tags)


def add_people(store: Store, mentions: dict[int, list[str]]) -> None:
    """People as extraction would hand them to the store."""
    store.save_people({aid: [Found(n, 1, 0, (n,)) for n in names] for aid, names in mentions.items()})


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "byline.db")
    politics = store.local_source("Politics Daily")
    wire = store.local_source("City Wire")
    first = store.upsert_articles(
        politics,
        [
            article(
                "a1",
                "Sessions recuses himself",
                "The attorney general stepped aside.",
                "2017-03-02",
                ("politics", "justice"),
            ),
            article(
                "a2",
                "Senate hearing on Russia",
                "Questions about a recusal and the inquiry.",
                "2017-06-13",
                ("politics",),
            ),
            article(
                "a3",
                "Comey testifies before the committee",
                "James Comey spoke for hours.",
                "2017-06-08",
                ("politics", "fbi"),
            ),
            article(
                "a4",
                "Trump fires Comey",
                "The president dismissed James Comey in May.",
                "2017-05-09",
                ("politics", "fbi"),
            ),
        ],
    ).new
    second = store.upsert_articles(
        wire,
        [
            article("b1", "Café owner updates her résumé", "A new menu and a new career.", "2018-02-01"),
            article(
                "b2",
                "Travel ban upheld",
                "The court upheld the travel ban after months.",
                "2018-06-26",
                ("immigration",),
            ),
            article(
                "b3",
                "Airport protests",
                "Crowds protested a ban on travel from seven nations.",
                "2017-01-29",
                ("immigration",),
            ),
        ],
    ).new
    ids = dict(zip(["a1", "a2", "a3", "a4", "b1", "b2", "b3"], first + second, strict=True))
    add_people(
        store,
        {
            ids["a1"]: ["Jeff Sessions"],
            ids["a2"]: ["Jeff Sessions", "James Comey"],
            ids["a3"]: ["James Comey"],
            ids["a4"]: ["James Comey", "Donald Trump"],
            ids["b2"]: ["Donald Trump"],
        },
    )
    store.set_read([ids["a1"], ids["b1"]])
    store.set_starred([ids["a3"]])
    store.ids = ids  # type: ignore[attr-defined]
    yield store
    store.close()


def run(store: Store, text: str, limit: int = 50) -> list[SearchHit]:
    return store.search(parse_query(text), limit)


def guids(store: Store, text: str) -> list[str]:
    names = {v: k for k, v in store.ids.items()}  # type: ignore[attr-defined]
    return [names[hit.id] for hit in run(store, text)]


def test_title_hit_ranks_above_body_hit(store: Store) -> None:
    found = guids(store, "recusal OR recuses")
    assert found[0] == "a1"  # "recuses" in the title beats "recusal" in the body
    assert set(found) == {"a1", "a2"}
    hits = run(store, "comey")
    assert hits[0].rank <= hits[-1].rank
    assert {guids(store, "comey")[0], guids(store, "comey")[1]} == {"a3", "a4"}


def test_stemming_finds_other_forms(store: Store) -> None:
    assert set(guids(store, "recused")) == {"a1", "a2"}  # porter: recused, recuses, recusal → recus
    assert "a3" in guids(store, "testify")


def test_diacritics_are_ignored(store: Store) -> None:
    assert guids(store, "resume") == ["b1"]
    assert guids(store, "cafe") == ["b1"]
    assert guids(store, "résumé") == ["b1"]


def test_phrase_and_prefix(store: Store) -> None:
    assert set(guids(store, '"travel ban"')) == {"b2"}
    assert set(guids(store, "travel ban")) == {"b2", "b3"}
    assert "a3" in guids(store, "testif*")


def test_negation_and_or(store: Store) -> None:
    assert set(guids(store, "comey -trump")) == {"a3"}
    assert set(guids(store, "ban OR recuses")) == {"a1", "a2", "b2", "b3"}
    assert "a4" not in guids(store, "-trump tag:politics")


def test_snippet_marks_hits(store: Store) -> None:
    (hit,) = run(store, '"travel ban" upheld')
    assert "\x02" in hit.snippet and "\x03" in hit.snippet
    assert "the «travel ban» after" in marked_snippet(hit.snippet)
    assert "\x02" not in plain_snippet(hit.snippet)
    assert any(is_hit for _, is_hit in snippet_parts(hit.snippet))
    assert "".join(text for text, _ in snippet_parts(hit.snippet)) == plain_snippet(hit.snippet)


def test_person_filter(store: Store) -> None:
    assert set(guids(store, 'person:"James Comey"')) == {"a2", "a3", "a4"}
    assert set(guids(store, 'person:"james comey"')) == {"a2", "a3", "a4"}
    assert set(guids(store, "person:sessions")) == {"a1", "a2"}  # a surname alone
    assert guids(store, 'person:"Nobody Here"') == []


def test_tag_feed_and_state_filters(store: Store) -> None:
    assert set(guids(store, "tag:fbi")) == {"a3", "a4"}
    assert set(guids(store, "tag:FBI")) == {"a3", "a4"}
    assert set(guids(store, "feed:wire")) == {"b1", "b2", "b3"}
    assert set(guids(store, "feed:local:city")) == {"b1", "b2", "b3"}  # the feed's URL
    assert set(guids(store, "is:unread tag:politics")) == {"a2", "a3", "a4"}
    assert set(guids(store, "is:read")) == {"a1", "b1"}
    assert guids(store, "is:starred") == ["a3"]
    assert "a3" not in guids(store, "-is:starred")
    assert set(guids(store, "-tag:politics")) == {"b1", "b2", "b3"}


def test_dates(store: Store) -> None:
    assert set(guids(store, "after:2018-01-01")) == {"b1", "b2"}
    assert set(guids(store, "before:2017-03")) == {"b3"}
    assert set(guids(store, "after:2017-06-01 before:2017-06-10")) == {"a3"}
    assert set(guids(store, "after:2017-06-08")) >= {"a3"}  # after: is inclusive


def test_filters_only_list_newest_first(store: Store) -> None:
    assert guids(store, "tag:politics") == ["a2", "a3", "a4", "a1"]
    assert all(hit.rank == 0.0 for hit in run(store, "tag:politics"))
    assert run(store, "tag:politics")[0].snippet.startswith("Questions")


def test_combined_filters(store: Store) -> None:
    assert guids(store, 'comey person:"James Comey" tag:fbi is:unread after:2017-05-01') in (
        ["a3", "a4"],
        ["a4", "a3"],
    )
    assert guids(store, "ban feed:wire after:2018") == ["b2"]
    assert guids(store, "comey -is:starred tag:fbi") == ["a4"]


def test_counts_ids_and_view_pages(store: Store) -> None:
    query = parse_query("tag:politics comey")
    assert store.search_count(query) == 2
    view = ArticleFilter(query=query)
    assert store.count(view) == 2
    first = store.page_after(view, None, 1)
    rest = store.page_after(view, (first[-1].sort_ts, first[-1].id), 2)
    assert len(first + rest) == 2 and {row.id for row in first + rest} == {
        hit.id for hit in store.search(query)
    }
    back = store.page_before(view, (rest[0].sort_ts, rest[0].id), 5)
    assert back == first
    assert store.search_count(parse_query("zzz")) == 0


def test_offset_pages_through_ranked_results(store: Store) -> None:
    query = parse_query("comey")
    everything = [hit.id for hit in store.search(query, 10)]
    paged = [hit.id for offset in range(3) for hit in store.search(query, 1, offset)]
    assert paged == everything


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"unclosed', "quote"),
        ("a:b", "unknown filter a:"),
        ("colour:red", "unknown filter"),
        ("after:2017-13-40", "not a date"),
        ("after:yesterday", "not a date"),
        ("before:2017 after:2018", "earlier"),
        ("is:lost", "is:lost"),
        ("is:read is:unread", "contradicts"),
        ("tag:", "needs a value"),
        ('person:""', "needs a value"),
        ("OR comey", "OR"),
        ("comey OR", "OR"),
        ("a OR OR b", "OR"),
        ("", "empty"),
        ("   ", "empty"),
        ("***", "no words"),
        ("x" * 2000, "too long"),
    ],
)
def test_malformed_queries_say_why(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(text)


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "*",
        "NEAR(",
        "NEAR(a b, 3)",
        "a AND",
        "NOT",
        "a NOT b",
        "(",
        ")",
        "^a",
        "a:",
        ":b",
        "{title}: x",
        "title:",
        "-",
        "--x",
        "\x00",
        "'; DROP TABLE articles; --",
        "\u202eevil",
        "日本語",
        "🙂 emoji",
        'a"b',
        'tag:a"b',
        "comey*",
        "*comey",
        "title:*",
        "x OR -y",
        "\\",
        "%_",
        "feed:%",
        "person:_",
    ],
)
def test_hostile_input_never_breaks_sqlite(store: Store, text: str) -> None:
    run_everywhere(store, text)


def run_everywhere(store: Store, text: str) -> None:
    """Parse `text`; if it is a query, run it as a search, a count and a list page."""
    try:
        query = parse_query(text)
    except QueryError:
        return
    store.search(query, 5)
    store.search_count(query)
    store.page_after(ArticleFilter(query=query), None, 5)


def test_user_text_is_always_quoted() -> None:
    query = parse_query('NEAR(a b) title:x "c d" e* -f')
    assert query.match == '("NEAR(a" AND "b)" AND title : "x" AND "c d" AND "e" *) NOT ("f")'
    assert isinstance(query, Query)
    assert parse_query("-comey").match is None and parse_query("-comey").exclude == '"comey"'


def test_only_negated_words_list_the_rest(store: Store) -> None:
    assert set(guids(store, "-comey -ban")) == {"a1", "a2", "b1"}

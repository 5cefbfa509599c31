"""Tags on articles, tag counts, completion, rename/delete, and saved views."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.store import ArticleFilter, ArticleIn, Store, TagCount, TagError, normalize_tag


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "byline.db")
    feed = store.local_source("Samples")
    stories = [ArticleIn(guid=f"g{n}", title=f"Story {n}", published=float(n)) for n in range(5)]
    store.upsert_articles(feed, stories)
    yield store
    store.close()


def test_tag_many_articles_with_many_tags(store: Store) -> None:
    assert store.tag_articles([1, 2, 3], ["Comey", "travel ban"]) == 6
    assert store.tag_articles([1, 2], ["comey"]) == 0  # already there: nothing new
    assert store.tags_of(1) == ["comey", "travel-ban"]
    assert store.article(2).tags == ("comey", "travel-ban")
    assert store.tags() == [TagCount("comey", 3, 3), TagCount("travel-ban", 3, 3)]


def test_counts_follow_read_state_and_filters_combine(store: Store) -> None:
    store.tag_articles([1, 2, 3], ["politics"])
    store.tag_articles([2, 3, 4], ["justice"])
    store.set_read([2])
    assert store.tags() == [TagCount("justice", 3, 2), TagCount("politics", 3, 2)]
    both = ArticleFilter(tags=("politics", "justice"))
    assert [row.id for row in store.page_after(both, None, 10)] == [3, 2]
    unread = ArticleFilter(tags=("politics",), unread=True)
    assert [row.id for row in store.page_after(unread, None, 10)] == [3, 1]


def test_untag_drops_unused_tags(store: Store) -> None:
    store.tag_articles([1, 2], ["a", "b"])
    assert store.untag_articles([1, 2], ["a"]) == 2
    assert store.untag_articles([1], ["never-there"]) == 0
    assert [tag.name for tag in store.tags()] == ["b"]


def test_unknown_article_and_bad_tags_are_refused(store: Store) -> None:
    with pytest.raises(TagError, match="no article with id 99"):
        store.tag_articles([1, 99], ["x"])
    assert store.tags_of(1) == []  # nothing half-done
    for bad in ["", "   ", "a,b", "x" * 65, "bell\x07", "#hash", "rtl\u202e"]:
        with pytest.raises(TagError):
            normalize_tag(bad)
    assert normalize_tag("  Travel   Ban ") == "travel-ban"
    assert normalize_tag("Émigré") == "émigré"


def test_completion_most_used_first(store: Store) -> None:
    store.tag_articles([1], ["politics"])
    store.tag_articles([1, 2, 3], ["police"])
    store.tag_articles([1], ["sport"])
    assert store.tag_names("po") == ["police", "politics"]
    assert store.tag_names("") == ["police", "politics", "sport"]
    assert store.tag_names("%") == []
    assert store.tag_names("p", limit=1) == ["police"]


def test_rename_and_merge_and_delete(store: Store) -> None:
    store.tag_articles([1, 2], ["trump"])
    store.tag_articles([2, 3], ["potus"])
    store.rename_tag("trump", "Donald Trump")
    assert [t.name for t in store.tags()] == ["donald-trump", "potus"]
    store.rename_tag("potus", "donald-trump")  # merge
    assert store.tags() == [TagCount("donald-trump", 3, 3)]
    with pytest.raises(TagError, match="no tag"):
        store.rename_tag("missing", "x")
    assert store.delete_tag("donald-trump") == 3
    assert store.tags() == [] and store.tags_of(2) == []
    assert store.delete_tag("donald-trump") == 0


def test_saved_views(store: Store) -> None:
    view = store.save_view("Comey  unread", "comey is:unread")
    assert view.name == "Comey unread"
    store.save_view("Bans", '"travel ban"')
    assert [(v.name, v.query) for v in store.views()] == [
        ("Comey unread", "comey is:unread"),
        ("Bans", '"travel ban"'),
    ]
    store.save_view("Bans", "ban")  # replaces the query, keeps the place
    assert store.view("Bans").query == "ban"
    assert [v.name for v in store.views()] == ["Comey unread", "Bans"]
    assert store.delete_view("Bans") is True
    assert store.delete_view("Bans") is False
    with pytest.raises(TagError):
        store.save_view("   ", "x")
    with pytest.raises(TagError):
        store.save_view("Empty", "  ")


def test_rule_lookups(store: Store) -> None:
    assert store.ids_in_feed("samples") == {1, 2, 3, 4, 5}
    assert store.ids_in_feed("Samples", within=[2, 9]) == {2}
    assert store.ids_in_feed("Sam") == set()
    texts = [row for batch in store.iter_texts(batch=2) for row in batch]
    assert [row[0] for row in texts] == [1, 2, 3, 4, 5]
    assert [row[0] for batch in store.iter_texts([5, 1, 1], batch=1) for row in batch] == [1, 5]

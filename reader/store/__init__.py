"""The SQLite library: the only part of Byline that speaks SQL."""

from __future__ import annotations

from pathlib import Path

from reader.store.articles import ArticlesMixin, Key, UpsertResult
from reader.store.db import Database, SQLiteError, StoreError, is_file_failure
from reader.store.feeds import FeedsMixin
from reader.store.models import Article, ArticleFilter, ArticleIn, ArticleRow, Feed, Found, Stats
from reader.store.pages import PageCandidate, PagesMixin
from reader.store.people import Linked, PeopleMixin, PersonCount
from reader.store.schema import SCHEMA_VERSION
from reader.store.search import SearchHit, SearchMixin, marked_snippet, plain_snippet, snippet_parts
from reader.store.tags import TagCount, TagError, TagsMixin, View, normalize_tag

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "ArticleFilter",
    "ArticleIn",
    "ArticleRow",
    "Feed",
    "Found",
    "Key",
    "Linked",
    "PageCandidate",
    "PersonCount",
    "SQLiteError",
    "SearchHit",
    "Stats",
    "Store",
    "StoreError",
    "TagCount",
    "TagError",
    "UpsertResult",
    "View",
    "is_file_failure",
    "marked_snippet",
    "normalize_tag",
    "plain_snippet",
    "snippet_parts",
]


class Store(ArticlesMixin, FeedsMixin, PagesMixin, PeopleMixin, TagsMixin, SearchMixin):
    """One library file. Safe to share between threads; each process opens its own."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.db = Database(path, readonly=readonly)
        if not readonly:
            self.fill_name_keys()

    @property
    def notice(self) -> str | None:
        """A message for the user about how the file was opened (e.g. a corrupt one set aside)."""
        return self.db.notice

    def close(self) -> None:
        self.db.close()

    def stats(self) -> Stats:
        with self.db.lock:
            row = self.db.conn.execute(
                "SELECT (SELECT count(*) FROM articles),"
                " (SELECT count(*) FROM articles WHERE read = 0),"
                " (SELECT count(*) FROM articles WHERE starred = 1),"
                " (SELECT count(*) FROM feeds WHERE kind = 'feed'),"
                " (SELECT count(*) FROM tags),"
                " (SELECT count(*) FROM people WHERE confirmed)"
            ).fetchone()
        return Stats(*row)

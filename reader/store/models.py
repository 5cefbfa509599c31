"""Plain records passed in and out of the store."""

from __future__ import annotations

from dataclasses import dataclass

from reader.search_query import Query


@dataclass(frozen=True, slots=True)
class ArticleIn:
    """An article as an importer hands it to the store (already sanitised)."""

    guid: str
    title: str
    url: str = ""
    author: str = ""
    published: float | None = None
    summary: str = ""
    content: str = ""  # Markdown
    plain: str = ""  # plain text: title, standfirst and body, for search and people
    source_path: str | None = None
    tags: tuple[str, ...] = ()
    people: tuple[Found, ...] | None = None  # found in `plain` by the importer, if it looked


@dataclass(frozen=True, slots=True)
class Found:
    """One person found in one article (before names are resolved across the library)."""

    name: str
    count: int
    first_offset: int
    forms: tuple[str, ...]  # how the text wrote the name ("Jeff Sessions", "Sessions")
    vouched: bool = False  # the story vouched it is a person: "Mr Blair", "Blair, who" (cues.vouched)


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One line of the article list."""

    id: int
    sort_ts: float
    title: str
    feed_title: str
    published: float | None
    read: bool
    starred: bool
    tags: tuple[str, ...] = ()
    followed: bool = False  # mentions someone the reader follows


@dataclass(frozen=True, slots=True)
class Article:
    """Everything the reading pane shows."""

    id: int
    feed_id: int
    feed_title: str
    guid: str
    url: str
    title: str
    author: str
    published: float | None
    fetched: float
    summary: str
    content: str
    plain: str
    read: bool
    starred: bool
    source_path: str | None
    tags: tuple[str, ...] = ()
    page_content: str = ""  # Markdown of the article's web page, when its full text was fetched
    page_status: str | None = None  # None: never fetched; "ok"; or why it failed
    page_plain: str = ""  # the same as plain text

    @property
    def body(self) -> str:
        """The Markdown to read: the page's full text where there is one, else the feed's."""
        return self.page_content or self.content


@dataclass(frozen=True, slots=True)
class Feed:
    """A subscription or a local source of articles."""

    id: int
    url: str
    title: str
    kind: str  # "feed" or "local"
    site_url: str = ""
    etag: str | None = None
    last_modified: str | None = None
    last_fetch: float | None = None
    next_fetch: float | None = None
    last_error: str | None = None
    gone: bool = False
    articles: int = 0
    unread: int = 0
    failures: int = 0  # fetches that failed in a row, up to the last one
    last_warning: str | None = None  # what was wrong with a feed the last fetch read anyway
    full_text: str | None = None  # the feed's own setting: "auto", "always", "never"; None = default


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which articles a list shows. Every given condition must hold."""

    feed_id: int | None = None
    unread: bool = False
    starred: bool = False
    tags: tuple[str, ...] = ()
    person_id: int | None = None
    ids: tuple[int, ...] | None = None  # e.g. search results; None = no restriction
    query: Query | None = None  # a saved view or search: its words and field filters


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts for `byline stats`."""

    articles: int
    unread: int
    starred: int
    feeds: int
    tags: int
    people: int

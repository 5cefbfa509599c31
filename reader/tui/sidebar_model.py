"""What the sidebar lists, and the article filter each entry stands for."""

from __future__ import annotations

from dataclasses import replace

from reader.library import Library
from reader.search_query import parse_query
from reader.store import ArticleFilter, Stats
from reader.text.web import short_url
from reader.tui.widgets.sidebar import Entry


def sidebar_entries(library: Library, stats: Stats) -> list[Entry]:
    """All, Unread, Starred, then sources, followed people, tags and saved views, with counts."""
    store = library.store
    entries = [
        Entry("all", "All", stats.articles),
        Entry("unread", "Unread", stats.unread),
        Entry("starred", "Starred", stats.starred),
        Entry("h:feeds", "Feeds", heading=True),
    ]
    entries += [
        Entry(f"feed:{feed.id}", feed.title or short_url(feed.url), feed.articles, error=feed.last_error)
        for feed in store.feeds()
    ]
    followed = store.followed_people()
    if followed:
        entries.append(Entry("h:following", "Following", heading=True))
        entries += [Entry(f"person:{p.id}", p.name, p.unread) for p in followed]
    tags = library.store.tags()
    if tags:
        entries.append(Entry("h:tags", "Tags", heading=True))
        entries += [Entry(f"tag:{tag.name}", f"#{tag.name}", tag.count) for tag in tags]
    views = library.views()
    if views:
        entries.append(Entry("h:views", "Views", heading=True))
        entries += [
            Entry(f"view:{item.view.name}", item.view.name, item.count, error=item.error) for item in views
        ]
    return entries


def filter_for(library: Library, key: str) -> ArticleFilter | None:
    """The filter a sidebar entry selects; None for headings, unknown keys and deleted views.

    It replaces the current filter; `add_tag` and the unread toggle narrow one instead.
    """
    kind, _, value = key.partition(":")
    if kind == "all":
        return ArticleFilter()
    if kind == "unread":
        return ArticleFilter(unread=True)
    if kind == "starred":
        return ArticleFilter(starred=True)
    if kind == "feed":
        return ArticleFilter(feed_id=int(value))
    if kind == "person":
        return ArticleFilter(person_id=int(value))
    if kind == "tag":
        return ArticleFilter(tags=(value,))
    if kind == "view":
        view = library.store.view(value)
        if view is None:
            return None
        return ArticleFilter(query=parse_query(view.query))  # a broken query raises QueryError
    return None


def add_tag(current: ArticleFilter, tag: str) -> ArticleFilter:
    """The current filter narrowed to articles that also carry `tag`."""
    if tag in current.tags:
        return current
    return replace(current, tags=(*current.tags, tag))


def describe(library: Library, flt: ArticleFilter) -> str:
    """A short name for a filter, for the list's title."""
    parts = []
    if flt.feed_id is not None:
        feed = library.store.feed(flt.feed_id)
        parts.append(feed.title if feed else "feed")
    if flt.person_id is not None:
        person = library.store.person(flt.person_id)
        parts.append(person.name if person else "person")
    parts += [f"#{tag}" for tag in flt.tags]
    if flt.query is not None:
        parts.append("view")
    if flt.starred:
        parts.append("starred")
    if flt.unread:
        parts.append("unread")
    return " + ".join(parts) or "All"

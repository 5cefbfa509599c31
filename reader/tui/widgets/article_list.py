"""The article list: a Line-API view over the store that draws only the rows on screen."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.store import ArticleFilter, ArticleRow, Store
from reader.text import clean_line
from reader.text.dates import list_day
from reader.tui.keys import bind

PAGE_SIZE = 100
DATE_WIDTH = 11  # "~2026-12-06": an undated item shows the day it was fetched
DATE_FROM = 40  # narrower rows give the title all the room
TAGS_FROM = 80  # rows narrower than this (80 columns and less) show no tag
TAG_WIDTH = 14  # the most a tag's name takes
FEED_WIDTH = 18  # the most the feed's name takes
FEED_MIN = 10  # a feed's name cut shorter than this is left out
MAX_PAGES = 64


class RowSource:
    """Rows of one filtered list, read from the store a page at a time (keyset where it can)."""

    def __init__(self, store: Store, flt: ArticleFilter) -> None:
        self.store = store
        self.filter = flt
        self.count = store.count(flt)
        self._pages: OrderedDict[int, list[ArticleRow]] = OrderedDict()

    def row(self, index: int) -> ArticleRow | None:
        if not 0 <= index < self.count:
            return None
        number, offset = divmod(index, PAGE_SIZE)
        page = self._page(number)
        return page[offset] if offset < len(page) else None

    def replace_row(self, row: ArticleRow) -> None:
        """Put a changed row (read, starred) in the cache without a reload."""
        for page in self._pages.values():
            for index, cached in enumerate(page):
                if cached.id == row.id:
                    page[index] = row
                    return

    def _page(self, number: int) -> list[ArticleRow]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        before, after = self._pages.get(number - 1), self._pages.get(number + 1)
        if before and len(before) == PAGE_SIZE:
            last = before[-1]
            page = self.store.page_after(self.filter, (last.sort_ts, last.id), PAGE_SIZE)
        elif after:
            first = after[0]
            page = self.store.page_before(self.filter, (first.sort_ts, first.id), PAGE_SIZE)
        else:
            page = self.store.page_at(self.filter, number * PAGE_SIZE, PAGE_SIZE, self.count)
        self._pages[number] = page
        if len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page


class ArticleList(ScrollView, can_focus=True):
    """Newest first; ● marks unread, ★ starred, ◆ a story about someone followed.

    Posts `Highlighted` and `Selected`.
    """

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--meta",
        "article-list--star",
        "article-list--empty",
        "article-list--marked",
        "article-list--tags",
        "article-list--followed",
        "article-list--undated",
    }
    BINDINGS = [
        bind("j,down", "cursor_down", "Down", show=False),
        bind("k,up", "cursor_up", "Up", show=False),
        bind("pagedown,space", "page_down", "Page down", show=False),
        bind("pageup", "page_up", "Page up", show=False),
        bind("home,g", "first", "First", show=False),
        bind("end,G", "last", "Last", show=False),
        bind("enter", "select", "Open article"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    empty_text: reactive[str] = reactive("No articles here.")  # what an empty list says

    class Highlighted(Message):
        """The cursor moved to an article."""

        def __init__(self, row: ArticleRow) -> None:
            super().__init__()
            self.row = row

    class Selected(Message):
        """Enter was pressed on an article."""

        def __init__(self, row: ArticleRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, store: Store, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows = RowSource(store, ArticleFilter())
        self.marked: set[int] = set()

    @property
    def current(self) -> ArticleRow | None:
        return self.rows.row(self.cursor)

    def show(self, flt: ArticleFilter, *, keep: int | None = None) -> None:
        """Switch to another filter; the cursor goes to article `keep` if it is in the list."""
        self.rows = RowSource(self.rows.store, flt)
        self.virtual_size = Size(self.size.width, self.rows.count)
        position = self.rows.store.position(flt, keep) if keep is not None else None
        self.cursor = position or 0
        self.refresh()

    def reload(self) -> None:
        """Re-read the same filter (new articles arrived); the cursor stays on its article."""
        current = self.current
        self.show(self.rows.filter, keep=current.id if current else None)

    def go_to(self, article_id: int) -> bool:
        position = self.rows.store.position(self.rows.filter, article_id)
        if position is None:
            return False
        self.cursor = position
        return True

    def toggle_mark(self) -> None:
        """Mark or unmark the current article (the tag editor acts on all marked ones)."""
        row = self.current
        if row is not None:
            self.marked.symmetric_difference_update({row.id})
            self.refresh()

    def update_row(self, row: ArticleRow) -> None:
        self.rows.replace_row(row)
        self.refresh()

    def on_mount(self) -> None:
        self.virtual_size = Size(self.size.width, self.rows.count)
        if self.rows.count:
            self.cursor = 0

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.rows.count)

    def watch_cursor(self, old: int, new: int) -> None:
        clamped = max(0, min(new, self.rows.count - 1))
        if clamped != new:
            self.cursor = clamped
            return
        self.scroll_to_cursor()
        self.refresh()
        row = self.current
        if row is not None:
            self.post_message(self.Highlighted(row))

    def scroll_to_cursor(self) -> None:
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif height and self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor = max(0, self.cursor - 1)

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor = max(0, self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.rows.count - 1

    def action_select(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Selected(row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:  # the border or the scrollbar
            return
        index = round(self.scroll_y) + offset.y
        if 0 <= index < self.rows.count:
            self.cursor = index
            if event.chain > 1:
                self.action_select()

    def mark(self, row: ArticleRow, *, read: bool | None = None, starred: bool | None = None) -> ArticleRow:
        """The row with new flags, shown at once (the store is written by the caller)."""
        changed = replace(
            row,
            read=row.read if read is None else read,
            starred=row.starred if starred is None else starred,
        )
        self.update_row(changed)
        return changed

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        if self.rows.count == 0:
            if y == 0:
                style = self.get_component_rich_style("article-list--empty")
                return Strip([Segment(set_cell_size(f" {self.empty_text}", width), style)])
            return Strip.blank(width, self.rich_style)
        row = self.rows.row(index)
        if row is None:
            return Strip.blank(width, self.rich_style)
        return self._render_row(row, width, index == self.cursor)

    def _render_row(self, row: ArticleRow, width: int, is_cursor: bool) -> Strip:
        """The title first: it gets the room it needs, then the date; a tag and the feed take
        what is left (the feed not at all when the list shows one feed)."""
        style = self.get_component_rich_style
        base = style("article-list--unread" if not row.read else "article-list--read")
        room = max(0, width - 4)  # after the unread, star and followed marks
        when = list_day(row.published, row.sort_ts) if room >= DATE_FROM else ""
        title_room = room - (DATE_WIDTH + 1 if when else 0)
        title = clean_line(row.title) or "(untitled)"
        spare = title_room - cell_len(title) - 2  # two spaces between the title and the rest
        tag = _tag(row.tags) if room >= TAGS_FROM and spare > 0 else ""
        if cell_len(tag) > spare:
            tag = ""
        feed = ""
        if self.rows.filter.feed_id is None:
            feed_room = min(FEED_WIDTH, spare - cell_len(tag) - (2 if tag else 0))
            if feed_room >= FEED_MIN:
                feed = _ellipsized(clean_line(row.feed_title), feed_room).rstrip()
        extras = cell_len(tag) + (2 if tag and feed else 0) + cell_len(feed)
        segments = [
            Segment(f" {'●' if not row.read else ' '}", base),
            Segment("★" if row.starred else " ", style("article-list--star")),
            Segment("◆" if row.followed else " ", style("article-list--followed")),
            Segment(_ellipsized(title, title_room - extras), base),
            Segment(tag + ("  " if tag and feed else ""), style("article-list--tags")),
            Segment(feed, style("article-list--meta")),
        ]
        if when:
            undated = row.published is None
            date_style = style("article-list--undated" if undated else "article-list--meta")
            segments.append(Segment(f" {when:>{DATE_WIDTH}}", date_style))
        for flag, name in (
            (row.id in self.marked, "article-list--marked"),
            (is_cursor, "article-list--cursor"),
        ):
            if flag:
                extra = style(name)
                segments = [Segment(text, (style_ or Style()) + extra) for text, style_, _ in segments]
        return Strip(segments, width).adjust_cell_length(width, self.rich_style)


def _tag(tags: tuple[str, ...]) -> str:
    """The first tag, and how many more: "#politics +2"."""
    if not tags:
        return ""
    more = f" +{len(tags) - 1}" if len(tags) > 1 else ""
    return _ellipsized(f"#{clean_line(tags[0])}", TAG_WIDTH).rstrip() + more


def _ellipsized(text: str, width: int) -> str:
    """`text` in exactly `width` cells, ending in "…" when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"

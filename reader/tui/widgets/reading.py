"""The reading pane: title, source, date, tags, then the body with numbered links and names marked."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.store import Article, PersonCount
from reader.text import clean, clean_line
from reader.text.dates import long_date
from reader.text.web import is_web_url
from reader.tui.document import mark_names, render_markdown


class ReadingPane(VerticalScroll, can_focus=True):
    """Shows one article; `links` holds the URLs its numbers refer to."""

    COMPONENT_CLASSES = {
        "reading--title",
        "reading--meta",
        "reading--tag",
        "reading--heading",
        "reading--link",
        "reading--name",
        "reading--quote",
        "reading--code",
        "reading--image",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self.people: list[PersonCount] = []
        self.links: list[str] = []

    def compose(self):
        yield Static(id="reading-header", markup=False)
        yield Static(Text("Nothing to read yet."), id="reading-body", markup=False)

    def show(
        self, article: Article, people: list[PersonCount], *, note: str = "", keep_scroll: bool = False
    ) -> None:
        """Show `article` (its full text where there is one); `note` is a quiet line under the
        header, by default why its full text is unavailable. `keep_scroll` keeps the position, as
        does showing the same article again (it changed, say in another Byline)."""
        same = self.article is not None and self.article.id == article.id
        self.article = article
        self.people = people
        style = self.get_component_rich_style
        header = Text(clean_line(article.title) or "(untitled)", style("reading--title"))
        header.append("\n")
        when = (
            long_date(article.published)
            if article.published is not None
            else f"undated; fetched {long_date(article.fetched)}"
        )
        meta = " · ".join(clean_line(part) for part in (article.feed_title, article.author, when) if part)
        header.append(meta, style("reading--meta"))
        for tag in article.tags:
            header.append("  #", style("reading--tag"))
            header.append(clean_line(tag), style("reading--tag"))
        if not note and article.page_status not in (None, "ok"):
            note = f"full text unavailable: {article.page_status}"
        if note:
            header.append("\n")
            header.append(clean_line(note), style("reading--meta"))
        if article.summary:
            header.append("\n\n")
            header.append(clean_line(article.summary), Style(italic=True))
        rendered = render_markdown(clean(article.body), style)
        if not rendered.text.plain.strip():
            hint = "This feed gives only a summary."
            if is_web_url(article.url):
                hint += " Press F to fetch the whole story, or o to read it on the web."
            rendered.text.append(hint, style("reading--meta"))
        names = style("reading--name")
        mark_names(
            rendered.text,
            [
                (form, names + Style.from_meta({"@click": f"screen.open_person({person.id})"}))
                for person in people
                for form in person.forms
            ],
        )
        mark_names(header, [(form, names) for person in people for form in person.forms])
        self.links = rendered.links
        self.query_one("#reading-header", Static).update(header)
        self.query_one("#reading-body", Static).update(rendered.text)
        if not (keep_scroll or same):
            self.scroll_home(animate=False)

    def set_note(self, note: str) -> None:
        """The open article again with a quiet line under its header (e.g. "fetching full text…")."""
        if self.article is not None:
            self.show(self.article, self.people, note=note, keep_scroll=True)

    def clear(self, message: str) -> None:
        self.article = None
        self.links = []
        self.query_one("#reading-header", Static).update(Text())
        self.query_one("#reading-body", Static).update(Text(message))

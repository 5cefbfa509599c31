"""Search over the whole library: FTS5, ranked, snippets with hits marked; Enter opens one."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.library import Library
from reader.search_query import QueryError
from reader.store import SearchHit, snippet_parts
from reader.text import clean_line, clean_run
from reader.text.dates import list_day
from reader.tui.keys import bind
from reader.tui.screens.base import BylineScreen
from reader.tui.widgets.lists import KeyList

LIMIT = 200


class ResultList(KeyList):
    BINDINGS = [bind("enter", "select", "Open article")]


class SearchScreen(BylineScreen[int | None]):
    """Dismissed with the id of the article to open, or None."""

    BINDINGS = [
        bind("escape", "back", "Back"),
        bind("ctrl+s", "save_view", "Save as view"),
        bind("down", "results", "Results", show=False),
    ]
    COMPONENT_CLASSES = {"search--hit", "search--meta", "search--undated"}

    def __init__(self, library: Library, text: str = "") -> None:
        super().__init__()
        self.library = library
        self.initial = text

    def compose(self) -> ComposeResult:
        yield Input(
            self.initial,
            placeholder='words, "a phrase", person:"James Comey", tag:x, is:unread, after:2017-06-01',
            id="search-input",
        )
        yield Static(id="search-status", markup=False)
        yield ResultList(id="search-results", classes="pane")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search-results").border_title = "Results"
        self.query_one(Input).focus()
        if self.initial:
            self.run_search(self.initial)

    @on(Input.Changed, "#search-input")
    def typed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#search-input")
    def submitted(self) -> None:
        self.action_results()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, text: str) -> None:
        """Newest request wins; each search reads the store in this worker thread."""
        if not text.strip():
            self.app.call_from_thread(self.show, text, [], 0, None)
            return
        try:
            hits = self.library.search(text, LIMIT)
            total = self.library.search_count(text)
        except QueryError as error:
            self.app.call_from_thread(self.show, text, [], 0, str(error))
            return
        self.app.call_from_thread(self.show, text, hits, total, None)

    def show(self, text: str, hits: list[SearchHit], total: int, error: str | None) -> None:
        if text != self.query_one(Input).value:
            return  # an older search finished after a newer one started
        status = self.query_one("#search-status", Static)
        if error:
            status.update(Text(error))
            status.add_class("error")
        else:
            status.remove_class("error")
            status.update(Text(f"{total} found" if text.strip() else ""))
        results = self.query_one(OptionList)
        results.clear_options()
        hit_style = self.get_component_rich_style("search--hit", partial=True)
        meta = self.get_component_rich_style("search--meta", partial=True)
        undated_style = self.get_component_rich_style("search--undated", partial=True)
        for hit in hits:
            label = Text(clean_line(hit.title) or "(untitled)")
            label.append(f"  {clean_line(hit.feed_title)} · ", meta)
            undated = hit.published is None
            label.append(list_day(hit.published, hit.sort_ts), undated_style if undated else meta)
            label.append("\n  ")
            for part, is_hit in _without_title(snippet_parts(hit.snippet), hit.title):
                label.append(clean_run(part), hit_style if is_hit else meta)
            results.add_option(Option(label, id=str(hit.id)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(int(event.option.id))

    def action_results(self) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            results.focus()
            results.highlighted = results.highlighted or 0

    def action_save_view(self) -> None:
        text = self.query_one(Input).value.strip()
        if not text:
            self.notify("Type a search first.", severity="warning")
            return
        self.write_later(
            "save the view",
            partial(self.library.save_view, text, text),
            then=lambda view: self.notify(f"Saved as a view: {view.name}"),
        )

    def action_back(self) -> None:
        self.dismiss(None)


def _without_title(parts: list[tuple[str, bool]], title: str) -> list[tuple[str, bool]]:
    """A snippet from the story's opening repeats the title shown just above it: drop that."""
    text = "".join(part for part, _ in parts)
    if not title or not text.startswith(title):
        return parts
    left, kept = len(title), []
    for part, is_hit in parts:
        if left >= len(part):
            left -= len(part)
            continue
        kept.append((part[left:].lstrip(), is_hit) if left else (part, is_hit))
        left = 0
    return kept

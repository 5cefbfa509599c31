"""The library sidebar: All, Unread, Starred, sources, tags, views and followed people."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.text import clean_line
from reader.tui.keys import bind
from reader.tui.widgets.lists import KeyList

LABEL_WIDTH = 18  # with the count's 6, what the sidebar's width leaves beside its scrollbar


def fit_label(text: str, width: int) -> str:
    """`text` in exactly `width` cells; a longer one keeps its start and its end around "…",
    since names often differ only at the end ("Synthetic news 101", "… World", "… Politics")."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    if width < 3:
        return set_cell_size("…", width)
    head = set_cell_size(text, (width - 1) * 3 // 5)
    tail_width = width - 1 - cell_len(head)
    tail = text[-tail_width:]
    while cell_len(tail) > tail_width:  # wide characters at the end
        tail = tail[1:]
    return set_cell_size(head + "…" + tail, width)


@dataclass(frozen=True)
class Entry:
    """One line of the sidebar. `key` says what it shows: "all", "feed:3", "tag:x"…"""

    key: str
    label: str
    count: int | None = None
    heading: bool = False
    error: str | None = None


class Sidebar(KeyList):
    """Posts `Chosen` with the entry's key when the reader picks an entry."""

    BINDINGS = [bind("enter", "select", "Show")]

    COMPONENT_CLASSES = {"sidebar--heading", "sidebar--count", "sidebar--error"}

    class Chosen(Message):
        def __init__(self, key: str, label: str) -> None:
            super().__init__()
            self.key = key
            self.label = label

    def show_entries(self, entries: list[Entry], selected: str | None = None) -> None:
        """Replace the entries, keeping the highlight on `selected` (or the current key)."""
        current = selected or self.current_key
        self.clear_options()
        self.add_options([self._option(entry) for entry in entries])
        keys = [entry.key for entry in entries]
        if current in keys:
            self.highlighted = keys.index(current)
        elif keys:
            self.highlighted = 0

    @property
    def current_key(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def _option(self, entry: Entry) -> Option:
        if entry.heading:
            return Option(
                Text(clean_line(entry.label), self._style("sidebar--heading")),
                id=entry.key,
                disabled=True,
            )
        label = Text(fit_label(clean_line(entry.label), LABEL_WIDTH))
        if entry.error:
            error = self._style("sidebar--error")
            label.append(" !", error)
            label.append("\n  " + set_cell_size(clean_line(entry.error), LABEL_WIDTH + 4).rstrip(), error)
        elif entry.count is not None:
            label.append(f"{entry.count:>6}", self._style("sidebar--count"))
        return Option(label, id=entry.key)

    def _style(self, name: str) -> Style:
        """Colours only: the row's background is the list's (highlighted, focused or not)."""
        return self.get_component_rich_style(name, partial=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id, str(event.option.prompt)))

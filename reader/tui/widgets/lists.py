"""The one list Byline's panes and screens are made of: the same keys everywhere, a row always
highlighted while it has focus, and the footer naming what Enter does."""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.tui.keys import bind


class KeyList(OptionList):
    """j/k or arrows, g/G or Home/End, PgUp/PgDn, Enter. A subclass names its Enter ("Open person")."""

    BINDINGS = [
        bind("j,down", "cursor_down", "Down", show=False),
        bind("k,up", "cursor_up", "Up", show=False),
        bind("g,home", "first", "First", show=False),
        bind("G,end", "last", "Last", show=False),
        bind("pagedown", "page_down", "Page down", show=False),
        bind("pageup", "page_up", "Page up", show=False),
        bind("enter", "select", "Open"),
    ]

    def on_focus(self, event: events.Focus) -> None:
        self.highlight_something()

    def highlight_something(self) -> None:
        """A focused list always shows where Enter would go."""
        if self.highlighted is None and self.option_count:
            self.action_first()

    def replace_options(self, options: Iterable[Option]) -> None:
        """New rows; the highlight stays on the same row (by id) if it is still there."""
        option = self.highlighted_option
        kept = option.id if option is not None else None
        self.set_options(options)
        ids = [self.get_option_at_index(index).id for index in range(self.option_count)]
        if kept is not None and kept in ids:
            self.highlighted = ids.index(kept)
        elif self.has_focus:
            self.highlight_something()


class StoryList(KeyList):
    BINDINGS = [bind("enter", "select", "Open story")]


class PersonList(KeyList):
    BINDINGS = [bind("enter", "select", "Open person")]

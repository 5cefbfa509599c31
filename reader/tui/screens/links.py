"""The numbered links of the open story: pick one to open it in the web browser."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.text import clean_line
from reader.tui.keys import bind
from reader.tui.screens.base import BylineModal
from reader.tui.widgets.lists import KeyList


class LinkList(KeyList):
    BINDINGS = [bind("enter", "select", "Open in browser")]


class LinksScreen(BylineModal[str | None]):
    """Dismissed with the chosen address (always http or https), or None."""

    BINDINGS = [bind("escape,q", "close", "Close")]

    def __init__(self, links: list[str]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(id="links", classes="dialog"):
            yield Static(Text("Links in this story (Enter opens one in the browser)"), markup=False)
            yield LinkList(
                *(Option(Text(f"[{n}] {clean_line(url)}"), id=str(n)) for n, url in enumerate(self.links, 1)),
                id="links-list",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.links[int(event.option.id or 1) - 1])

    def action_close(self) -> None:
        self.dismiss(None)

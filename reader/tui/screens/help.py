"""The help screen: every key of the screen below, generated from its bindings."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.tui.keys import bind
from reader.tui.screens.base import BylineModal


class HelpScreen(BylineModal[None]):
    BINDINGS = [bind("escape,q,question_mark", "dismiss", "Close help")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        text = Text("Keys\n\n", style="bold")
        for key, description in self.keys:
            text.append(f"{key:>14}  ", style="bold")
            text.append(f"{description}\n")
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(text, markup=False)

    def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)

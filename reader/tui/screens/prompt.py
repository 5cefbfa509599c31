"""Questions in a modal: a line to type (add a feed, add a tag rule) or yes/no (unsubscribe)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from reader.tui.keys import bind
from reader.tui.screens.base import BylineModal


class Prompt(BylineModal[str | None]):
    """Dismissed with what was typed, or None when cancelled."""

    BINDINGS = [bind("escape", "cancel", "Cancel")]

    def __init__(self, question: str, placeholder: str = "", hint: str = "", value: str = "") -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.hint = hint
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt", classes="dialog"):
            yield Static(Text(self.question), id="prompt-question", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            if self.hint:
                yield Static(Text(self.hint), classes="hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(BylineModal[bool]):
    """Dismissed with True for y, False for n or Escape."""

    BINDINGS = [bind("y", "yes", "Yes"), bind("n,escape", "no", "No")]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt", classes="dialog"):
            yield Static(Text(self.question), id="prompt-question", markup=False)
            if self.detail:
                yield Static(Text(self.detail), markup=False)
            yield Static(Text("y: yes    n or Esc: no"), classes="hint", markup=False)

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)

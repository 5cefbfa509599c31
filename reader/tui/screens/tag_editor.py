"""The tag editor: add and remove several tags at once, with completion from existing tags."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Static

from reader.text import clean_line
from reader.tui.keys import bind
from reader.tui.screens.base import BylineModal


@dataclass(frozen=True)
class TagChange:
    add: tuple[str, ...]
    remove: tuple[str, ...]


class LastWordSuggester(Suggester):
    """Completes the word being typed from the tags already in the library."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = sorted(names)

    async def get_suggestion(self, value: str) -> str | None:
        head, _, word = value.rpartition(" ")
        sign = "-" if word.startswith("-") else ""
        stem = word[len(sign) :].lower()
        if not stem:
            return None
        for name in self.names:
            if name.startswith(stem) and name != stem:
                return f"{head} {sign}{name}".lstrip() if head else f"{sign}{name}"
        return None


class TagEditor(BylineModal[TagChange | None]):
    """Type tags separated by spaces; `-tag` removes one. Enter applies, Escape cancels."""

    BINDINGS = [bind("escape", "cancel", "Cancel"), bind("tab", "complete", "Complete tag")]

    def __init__(self, what: str, current: list[str], names: list[str]) -> None:
        super().__init__()
        self.what = what
        self.current = current
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-editor", classes="dialog"):
            yield Static(Text(f"Tags for {clean_line(self.what)}"), id="tag-editor-title", markup=False)
            now = " ".join(f"#{clean_line(tag)}" for tag in self.current) or "(no tags yet)"
            yield Static(Text(now), id="tag-editor-current", markup=False)
            yield Input(
                placeholder="politics comey -old  (Tab completes a tag)",
                suggester=LastWordSuggester(self.names),
                id="tag-editor-input",
            )
            yield Static(Text("Enter applies · Escape cancels · -tag removes"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        words = event.value.split()
        add = tuple(word for word in words if not word.startswith("-"))
        remove = tuple(word[1:] for word in words if word.startswith("-") and len(word) > 1)
        self.dismiss(TagChange(add, remove) if add or remove else None)

    def action_complete(self) -> None:
        """Take the suggested completion of the word being typed."""
        field = self.query_one(Input)
        field.cursor_position = len(field.value)
        field.action_cursor_right()

    def action_cancel(self) -> None:
        self.dismiss(None)

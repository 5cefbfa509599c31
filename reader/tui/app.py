"""The Textual app and `make_app`, the one factory the CLI, the tests and the benchmarks use."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from multiprocessing import resource_tracker

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from reader.library import Library
from reader.resources import styles_dir
from reader.store import SQLiteError, is_file_failure
from reader.text import clean
from reader.tui.keys import bind
from reader.tui.screens.base import ShowsWorkerErrors
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen

PANE_ACTIONS = ("app.focus_next", "app.focus_previous", "focus_next", "focus_previous")


class BylineApp(ShowsWorkerErrors, App[None]):
    """Byline on one library."""

    TITLE = "Byline"
    CSS_PATH = [str(styles_dir() / "byline.tcss")]
    BINDINGS = [
        bind("question_mark", "help", "Help"),
        bind("ctrl+p", "command_palette", "Commands", show=False),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        # Refreshing parses feeds in worker processes. multiprocessing's resource tracker must
        # start while stderr is still the real one: Textual swaps in an object whose fileno() is -1.
        resource_tracker.ensure_running()
        self.set_keymap(library.config.keys)
        self.writes = ThreadPoolExecutor(1, thread_name_prefix="byline-writes")  # see WritesInBackground
        self.failure: SQLiteError | None = None  # why the library stopped working, if it did

    def _handle_exception(self, error: Exception) -> None:
        """The library failing under a running screen (a disk error, damage found while reading)
        ends Byline with the command line's one-line message, not a traceback (see `failure`)."""
        if is_file_failure(error):
            self.failure = self.failure or error
            self.exit(return_code=1)
            return
        super()._handle_exception(error)

    def get_default_screen(self) -> Screen:
        return MainScreen(self.library)

    def on_mount(self) -> None:
        if self.library.store.notice:
            self.notify(self.library.store.notice, severity="warning", timeout=10)

    def on_unmount(self) -> None:
        self.writes.shutdown(wait=True)  # what the screen showed is stored before Byline ends

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[override]
        """Notifications often quote outside text (titles, errors): never parse them as markup."""
        super().notify(clean(message), markup=False, **kwargs)

    def screen_keys(self, screen: Screen) -> list[tuple[str, str, Binding, object]]:
        """(keys, description, binding, node) of Byline's bindings; keys of one action joined.

        Byline's own bindings carry ids (see `bind`); of Textual's, only moving between panes is
        listed, not its scrolling and copying internals.
        """
        found: dict[tuple[str, str], tuple[list[str], Binding, object]] = {}
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.description and (binding.id or binding.action in PANE_ACTIONS):
                display = self.get_key_display(binding) or key
                keys, _, _ = found.setdefault(
                    (binding.action, binding.description), ([], binding, active.node)
                )
                if display not in keys:
                    keys.append(display)
        return [
            ("/".join(keys), description, binding, node)
            for (_, description), (keys, binding, node) in found.items()
        ]

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        keys = [(key, description) for key, description, _, _ in self.screen_keys(self.screen)]
        self.push_screen(HelpScreen(keys))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for key, description, binding, node in self.screen_keys(screen):
            yield SystemCommand(description, f"Key: {key}", partial(self.run_action, binding.action, node))
        yield from super().get_system_commands(screen)


def make_app(library: Library) -> BylineApp:
    """Build the app (the CLI, tests and benchmarks all come through here)."""
    return BylineApp(library)

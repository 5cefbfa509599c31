"""What every Byline screen and modal shares: worker errors shown, and store writes off the UI thread.

Every screen derives from `BylineScreen` and every modal from `BylineModal` (a test holds them to it),
so none can lose its workers' errors by forgetting a mixin."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from textual.screen import ModalScreen, Screen, ScreenResultType
from textual.worker import Worker, WorkerState

from reader.search_query import QueryError
from reader.store import StoreError, TagError

WRITE_ERRORS = (StoreError, TagError, QueryError)


class ShowsWorkerErrors:
    """A screen (or app) mixin: a worker that fails says so in a notification, never silently.

    `Worker.StateChanged` does not bubble, so each screen that runs workers handles it.
    """

    def on_worker_state_changed(self: Screen, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            name = event.worker.name.replace("_", " ") or "a background task"
            self.notify(f"{name} failed: {event.worker.error}", severity="error", timeout=15)


class WritesInBackground:
    """A screen mixin: store writes go to the app's one writer thread, in the order asked.

    A write waits (up to the busy timeout) while another Byline holds the library's write lock,
    so the UI thread never makes one. The screen shows a change at once; `undo` takes it back if
    the write fails, and `then` gets the result of one that succeeded.
    """

    def write_later(
        self: Screen,
        what: str,
        write: Callable[[], object],
        *,
        undo: Callable[[], object] | None = None,
        then: Callable[[Any], object] | None = None,
    ) -> None:
        done = self.app.writes.submit(write)  # type: ignore[attr-defined]
        # The app's worker, not the screen's: a screen dismissed meanwhile still hears of a failure.
        self.app.run_worker(_settle(self, what, done, undo, then), group="writes", exit_on_error=False)

    def after_writes(self, then: Callable[[], object]) -> None:
        """Run `then` once every write asked for so far is stored (for reads that must see them)."""
        self.write_later("wait for earlier changes", _nothing, then=lambda _: then())


class BylineScreen(ShowsWorkerErrors, WritesInBackground, Screen[ScreenResultType]):
    """A full screen of Byline's."""


class BylineModal(ShowsWorkerErrors, WritesInBackground, ModalScreen[ScreenResultType]):
    """A dialog of Byline's, over the screen that opened it."""


def _nothing() -> None:
    """A write that writes nothing: queued behind the others, it says when they are done."""


async def _settle(
    screen: Screen,
    what: str,
    done: Future,
    undo: Callable[[], object] | None,
    then: Callable[[Any], object] | None,
) -> None:
    try:
        # shield: cancelling this wait (Byline quitting) must not cancel the queued write itself
        result = await asyncio.shield(asyncio.wrap_future(done))
    except WRITE_ERRORS as error:
        if undo is not None and screen.is_attached:
            undo()
        screen.app.notify(f"Could not {what}: {error}", severity="error")
        return
    if then is not None and screen.is_attached:
        then(result)

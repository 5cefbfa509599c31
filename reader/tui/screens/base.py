"""What every Byline screen shares."""

from __future__ import annotations

from textual.screen import Screen
from textual.worker import Worker, WorkerState


class ShowsWorkerErrors:
    """A screen mixin: a worker that fails says so in a notification, never silently.

    `Worker.StateChanged` does not bubble, so each screen that runs workers handles it.
    """

    def on_worker_state_changed(self: Screen, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            name = event.worker.name.replace("_", " ") or "a background task"
            self.notify(f"{name} failed: {event.worker.error}", severity="error", timeout=15)

"""What the screens look like, as SVG snapshots (update with `pytest --snapshot-update`)."""

from __future__ import annotations

from textual.pilot import Pilot

from reader.library import Library
from reader.tui.app import make_app
from tests.test_tui import SIZE, open_seed


def test_main_screen_on_the_samples(library: Library, snap_compare) -> None:
    assert snap_compare(make_app(library), terminal_size=SIZE)


def test_main_screen_reading_the_seed(library: Library, snap_compare) -> None:
    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=open_seed)


def test_person_screen(library: Library, snap_compare) -> None:
    async def open_comey(pilot: Pilot) -> None:
        await open_seed(pilot)
        await pilot.press("tab", "tab")  # reading pane, then the people pane
        for _ in range(3):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=open_comey)


def test_help_screen(library: Library, snap_compare) -> None:
    assert snap_compare(make_app(library), terminal_size=SIZE, press=["question_mark"])

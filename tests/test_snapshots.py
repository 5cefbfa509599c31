"""What the screens look like, as SVG snapshots (update with `pytest --snapshot-update`)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import OptionList

from reader.library import Library
from reader.tui.app import make_app
from tests.test_tui import SIZE, open_seed, settle


def test_main_screen_on_the_samples(library: Library, snap_compare) -> None:
    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=settle)


def test_main_screen_reading_the_seed(library: Library, snap_compare) -> None:
    async def read_seed(pilot: Pilot) -> None:
        await open_seed(pilot)
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=read_seed)


def test_person_screen(library: Library, snap_compare) -> None:
    async def open_comey(pilot: Pilot) -> None:
        await open_seed(pilot)
        await pilot.press("tab", "tab")  # reading pane, then the people pane
        for _ in range(3):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=open_comey)


def test_help_screen(library: Library, snap_compare) -> None:
    async def open_help(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=open_help)


def test_search_screen(library: Library, snap_compare) -> None:
    async def search_recused(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"recused")
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=search_recused)


def test_tag_editor(library: Library, snap_compare) -> None:
    async def edit_tags(pilot: Pilot) -> None:
        await open_seed(pilot)
        await settle(pilot)
        await pilot.press("t", *"immig")
        await pilot.pause(0.2)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=edit_tags)


def test_unsubscribe_question(library: Library, snap_compare) -> None:
    library.store.add_feed("https://news.example/feed.xml", title="Example News")

    async def ask(pilot: Pilot) -> None:
        await settle(pilot)
        sidebar = pilot.app.screen.query_one("#sidebar", OptionList)
        sidebar.highlighted = next(
            i for i in range(sidebar.option_count)
            if str(sidebar.get_option_at_index(i).prompt).startswith("Example News")
        )
        await pilot.press("D")
        await pilot.pause()

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=ask)

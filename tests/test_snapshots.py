"""What the screens look like, as SVG snapshots (update with `pytest --snapshot-update`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from reader.library import Library
from reader.tui.app import make_app
from reader.tui.widgets.people import LinkedPane, PeoplePane
from tests.conftest import SIZE, byline_elsewhere, open_seed, record_notifications, settle, tab_to, until


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
        people = await tab_to(pilot, PeoplePane)
        for _ in range(people.option_count):  # type: ignore[attr-defined]
            if str(people.highlighted_option.prompt).startswith("James Comey"):  # type: ignore[attr-defined]
                break
            await pilot.press("j")
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


# --- issue 12: sizes, focused lists, live updates -------------------------------------------

SIZES = [(80, 24), (100, 30), (120, 40), (160, 45), (200, 60)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_main_screen_at_each_size(library: Library, snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(library), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_reading_with_the_people_shown_on_a_small_screen(
    library: Library, snap_compare, size: tuple[int, int]
) -> None:
    async def read_with_people(pilot: Pilot) -> None:
        await open_seed(pilot)
        await pilot.press("w")
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=size, run_before=read_with_people)


@pytest.mark.parametrize("pane", [PeoplePane, LinkedPane], ids=["people", "linked"])
def test_a_list_pane_shows_its_highlighted_row_on_focus(library: Library, snap_compare, pane: type) -> None:
    async def tab_into(pilot: Pilot) -> None:
        await open_seed(pilot)
        await tab_to(pilot, pane)
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=tab_into)


def test_new_articles_from_another_process_are_announced(
    home: Path, library: Library, tmp_path: Path, snap_compare, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    for n in range(3):
        (folder / f"story{n}.md").write_text(
            f'+++\ntitle = "Council story {n}"\ndate = 2019-07-0{n + 1}\n+++\n\nThe council met again.\n'
        )

    async def import_elsewhere(pilot: Pilot) -> None:
        said = record_notifications(pilot.app, monkeypatch)  # type: ignore[arg-type]
        await settle(pilot)
        byline_elsewhere(home, "import", str(folder))
        await until(pilot, lambda: "3 new articles" in said)
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=import_elsewhere)


def test_an_empty_library_with_feeds_offers_the_key(empty_library: Library, snap_compare) -> None:
    for n in range(200):
        empty_library.store.add_feed(f"https://news{n}.example/feed.xml", title=f"News {n}")
    assert snap_compare(make_app(empty_library), terminal_size=SIZE, run_before=settle)

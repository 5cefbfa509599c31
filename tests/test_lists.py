"""Every list in Byline answers the same keys, shows a highlighted row once focused, and the footer
names what Enter does there."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import OptionList

from reader.library import Library
from reader.tui.app import BylineApp, make_app
from reader.tui.screens.person import PersonScreen
from reader.tui.screens.search import SearchScreen
from reader.tui.widgets.people import LinkedPane, PeoplePane
from reader.tui.widgets.sidebar import Sidebar
from tests.conftest import SIZE, open_seed, reading_text, settle, tab_to


def enter_says(app: BylineApp) -> str:
    """What the footer says Enter does in the focused pane."""
    active = app.screen.active_bindings.get("enter")
    assert active is not None and active.binding.show, "Enter is not in the footer"
    return active.binding.description


async def check_keys(pilot: Pilot, listing: OptionList) -> None:
    """Focused, a row is highlighted at once; j/k, arrows, g/G, Home/End and PgUp/PgDn move it."""
    assert listing.has_focus
    assert listing.highlighted is not None, "focused, yet no row highlighted"
    assert listing.option_count >= 2, "the list needs two rows for this check"
    first = listing.highlighted
    await pilot.press("j")
    assert listing.highlighted > first
    await pilot.press("k")
    assert listing.highlighted == first
    await pilot.press("G")
    last = listing.highlighted
    assert last > first
    await pilot.press("g")
    assert listing.highlighted == first
    await pilot.press("end")
    assert listing.highlighted == last
    await pilot.press("home")
    assert listing.highlighted == first
    await pilot.press("down", "up")
    assert listing.highlighted == first
    await pilot.press("pagedown")
    assert listing.highlighted > first
    await pilot.press("pageup")
    assert listing.highlighted == first


async def test_people_pane_wakes_on_focus_and_enter_opens_the_person(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        people = await tab_to(pilot, PeoplePane)
        assert enter_says(app) == "Open person"
        await check_keys(pilot, people)  # type: ignore[arg-type]
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert enter_says(app) == "Open story"
        await check_keys(pilot, app.screen.query_one("#person-stories", OptionList))
        await pilot.press("tab")
        assert enter_says(app) == "Open person"
        companions = app.screen.query_one("#person-companions", OptionList)
        assert companions.has_focus and companions.highlighted == 0


async def test_linked_pane_wakes_on_focus_and_enter_follows_the_story(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        before = reading_text(app).splitlines()[0]
        linked = await tab_to(pilot, LinkedPane)
        assert enter_says(app) == "Follow story"
        await check_keys(pilot, linked)  # type: ignore[arg-type]
        await pilot.press("enter")
        await settle(pilot)
        assert reading_text(app).splitlines()[0] != before


async def test_sidebar_and_search_results_answer_the_same_keys(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = await tab_to(pilot, Sidebar)
        assert enter_says(app) == "Show"
        await check_keys(pilot, sidebar)  # type: ignore[arg-type]
        await pilot.press("slash", *"trump", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        results = app.screen.query_one("#search-results", OptionList)
        assert enter_says(app) == "Open article"
        await check_keys(pilot, results)


async def test_search_snippets_keep_the_spaces_around_the_hit(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"haberman")
        await settle(pilot)
        results = app.screen.query_one("#search-results", OptionList)
        snippets = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        assert any("Maggie Haberman on" in snippet for snippet in snippets), snippets
        assert not any("MaggieHaberman" in snippet for snippet in snippets)

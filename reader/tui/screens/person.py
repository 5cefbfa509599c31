"""One person: their stories over time, who they appear with, follow/unfollow."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from reader.library import Library
from reader.store import PersonCount
from reader.text import clean_line
from reader.text.dates import list_day
from reader.text.wording import plural
from reader.tui.keys import bind
from reader.tui.screens.base import BylineModal, BylineScreen
from reader.tui.widgets.lists import PersonList, StoryList

STORIES_SHOWN = 500  # newest stories listed; the timeline counts them all
OTHER_NAMES_SHOWN = 4  # other spellings named beside the name ("also Viktor Orban")


class PersonScreen(BylineScreen[int | None]):
    """Dismissed with the id of a story to open, or None to go back."""

    COMPONENT_CLASSES = {"person--undated"}
    BINDINGS = [
        bind("f", "toggle_follow", "Follow/unfollow"),
        bind("backspace,escape,q", "back", "Back"),
    ]

    def __init__(self, library: Library, person_id: int) -> None:
        super().__init__()
        self.store = library.store
        self.person_id = person_id

    def compose(self) -> ComposeResult:
        with Vertical(id="person-top"):
            yield Static(id="person-name", markup=False)
            yield Sparkline([], id="person-timeline")
            yield Static(id="person-span", markup=False)
        with Horizontal(id="person-body"):
            yield StoryList(id="person-stories", classes="pane")
            yield PersonList(id="person-companions", classes="pane")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#person-stories").border_title = "Stories"
        self.query_one("#person-companions").border_title = "Appears with"
        self.load()

    def load(self) -> None:
        """Fill the screen for `person_id` (again, after moving to one of their companions)."""
        person = self.store.person(self.person_id)
        total = person.count if person else 0
        timeline = _month_series(dict(self.store.person_months(self.person_id)))
        self.query_one(Sparkline).data = [count for _, count in timeline] or [0]
        span = f"{timeline[0][0]} … {timeline[-1][0]}  ({total} stories)" if timeline else ""
        self.query_one("#person-span", Static).update(Text(span))
        listing = self.query_one("#person-stories", StoryList)
        listing.clear_options()
        stories = self.store.person_stories(self.person_id, STORIES_SHOWN)
        undated = self.get_component_rich_style("person--undated", partial=True)
        for row, count in stories:
            when = f"{list_day(row.published, row.sort_ts):>11}"
            label = Text(when, undated if row.published is None else "")
            label.append(f"  {clean_line(row.title)}  ({count})")
            listing.add_option(Option(label, id=str(row.id)))
        if total > len(stories):
            more = f'… and {total - len(stories)} older stories (search person:"{person.name}" for all)'
            listing.add_option(Option(Text(clean_line(more)), disabled=True))
        companions = self.query_one("#person-companions", OptionList)
        companions.clear_options()
        for companion in self.store.companions(self.person_id):
            companions.add_option(
                Option(Text(f"{clean_line(companion.name)}  {companion.count}"), id=str(companion.id))
            )
        self.show_name()
        listing.focus()
        listing.highlight_something()  # it may have had focus already, while still empty

    def show_name(self) -> None:
        person = self.store.person(self.person_id)
        if person is None:
            self.dismiss(None)
            return
        label = Text(clean_line(person.name))
        label.append("  (following)" if person.followed else "  (f to follow)")
        if others := self.store.other_names(self.person_id):
            label.append("  · also " + clean_line(", ".join(others[:OTHER_NAMES_SHOWN])), style="dim")
        self.query_one("#person-name", Static).update(label)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "person-stories" and event.option.id:
            self.dismiss(int(event.option.id))
        elif event.option.id:
            self.person_id = int(event.option.id)
            self.load()

    def action_toggle_follow(self) -> None:
        person = self.store.person(self.person_id)
        if person is not None:  # toggled in the store, in turn: two quick presses are two toggles
            toggle = partial(self.store.toggle_followed, self.person_id)
            self.write_later("change whom you follow", toggle, then=partial(self._followed, person.name))

    def _followed(self, name: str, now: bool) -> None:
        self.notify(f"{'Following' if now else 'Unfollowed'} {name}.")
        self.show_name()

    def action_back(self) -> None:
        self.dismiss(None)


class PersonChooser(BylineModal[int | None]):
    """Everyone a typed name may stand for; dismissed with the id of the one chosen, or None."""

    BINDINGS = [bind("escape,q", "close", "Close")]

    def __init__(self, typed: str, people: list[PersonCount]) -> None:
        super().__init__()
        self.typed = typed
        self.people = people

    def compose(self) -> ComposeResult:
        with Vertical(id="person-choice", classes="dialog"):
            question = f"{self.typed!r} may be any of these people (Enter opens one)"
            yield Static(Text(clean_line(question)), markup=False)
            options = [
                Option(Text(f"{clean_line(p.name)}  ({plural(p.count, 'story', 'stories')})"), id=str(p.id))
                for p in self.people
            ]
            yield PersonList(*options, id="person-choice-list")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id) if event.option.id else None)

    def action_close(self) -> None:
        self.dismiss(None)


def _month_series(months: dict[str, int]) -> list[tuple[str, int]]:
    """Counts per month from the first to the last month, gaps filled with zero."""
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = map(int, first.split("-"))
    series = []
    while True:
        key = f"{year:04d}-{month:02d}"
        series.append((key, months.get(key, 0)))
        if key >= last:
            return series
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)

"""The people in the open story, and the other stories that share them."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.store import Linked, PersonCount
from reader.text import clean_line
from reader.text.dates import list_day
from reader.tui.keys import bind
from reader.tui.widgets.lists import KeyList

SHOWN_NAMES = 3  # shared people named under a linked story; the rest are counted


class PeoplePane(KeyList):
    """People of the open story with their mention counts. Posts `Opened(person_id)`."""

    BINDINGS = [bind("enter", "select", "Open person")]

    COMPONENT_CLASSES = {"people--count", "people--followed"}

    class Opened(Message):
        def __init__(self, person_id: int) -> None:
            super().__init__()
            self.person_id = person_id

    def show_people(self, people: list[PersonCount]) -> None:
        options = []
        for person in people:
            label = Text(clean_line(person.name))
            if person.followed:
                label.append(" ✓", self.get_component_rich_style("people--followed", partial=True))
            label.append(f"  {person.count}", self.get_component_rich_style("people--count", partial=True))
            options.append(Option(label, id=str(person.id)))
        self.replace_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Opened(int(event.option.id)))


class LinkedPane(KeyList):
    """Stories sharing the open story's people, best first. Posts `Followed(article_id)`."""

    BINDINGS = [bind("enter", "select", "Follow story")]

    COMPONENT_CLASSES = {"linked--meta", "linked--unread", "linked--undated"}

    class Followed(Message):
        def __init__(self, article_id: int) -> None:
            super().__init__()
            self.article_id = article_id

    def show_linked(self, linked: list[Linked]) -> None:
        options = []
        meta = self.get_component_rich_style("linked--meta", partial=True)
        unread = self.get_component_rich_style("linked--unread", partial=True)
        for item in linked:
            row = item.row
            label = Text("● " if not row.read else "  ", unread)
            label.append(clean_line(row.title) or "(untitled)")
            names = [clean_line(name) for name in item.shared[:SHOWN_NAMES]]
            more = len(item.shared) - len(names)
            undated = self.get_component_rich_style("linked--undated", partial=True)
            label.append("\n  ")
            label.append(list_day(row.published, row.sort_ts), meta if row.published is not None else undated)
            label.append(f" · with {', '.join(names)}" + (f" +{more}" if more > 0 else ""), meta)
            options.append(Option(label, id=str(row.id)))
        self.replace_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Followed(int(event.option.id)))

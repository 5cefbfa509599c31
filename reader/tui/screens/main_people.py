"""The main screen's people: finding them in the background (once more after an upgrade of
the people finder, with progress under the people pane), and P to look a person up."""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from reader.library import Library
from reader.store import Store
from reader.text import clean_line
from reader.tui.screens.base import BylineScreen
from reader.tui.screens.prompt import Prompt
from reader.tui.widgets.people import LinkedPane, PeoplePane


class PeopleActions(BylineScreen):
    """The people half of `MainScreen`, which provides `library`, `store`, `article_id`,
    `articles_changed`, `after_writes` and `visit`."""

    library: Library
    store: Store
    article_id: int | None

    @work(thread=True, exclusive=True, group="people", exit_on_error=False)
    def index_pending_people(self) -> None:
        """Articles stored without their people get them here; after an upgrade of the people
        finder, every article does, once, with its progress under the people pane."""
        call = self.app.call_from_thread
        worker = get_current_worker()
        upgrade = self.library.people_upgrade_due()

        def quitting() -> bool:  # Byline quits: the rest waits for its next start
            return worker.is_cancelled

        def progress(done: int, total: int) -> None:
            if not quitting():
                call(self._people_progress, f"{done:,}/{total:,}")

        try:
            done = self.library.index_people(progress=progress if upgrade else None, stop=quitting)
            if done and not quitting():
                call(self.articles_changed)
            if upgrade and not quitting():
                call(self.notify, "The people of every story were found again with the new people finder.")
        finally:
            if upgrade and not quitting():
                call(self._people_progress, None)

    def _people_progress(self, done: str | None) -> None:
        """Show how far the upgrade has come; the open story's people as they are now."""
        self.query_one(PeoplePane).border_subtitle = f"finding people again {done}" if done else ""
        if done and self.article_id is not None:
            self.query_one(PeoplePane).show_people(self.store.people_in(self.article_id))
            self.query_one(LinkedPane).show_linked(self.store.linked(self.article_id))

    def action_find_person(self) -> None:
        hint = 'As you would write it: "george w bush", "Mr Blair", "Orban"'
        self.app.push_screen(Prompt("Find a person", "a name", hint), self._find_person)

    def _find_person(self, typed: str | None) -> None:
        """One person: their screen; several: a choice, with their stories; no one: says so."""
        from reader.tui.screens.person import PersonChooser

        if typed is None:
            return
        found = self.store.find_people(typed)
        if not found:
            self.notify(f"No one called {clean_line(typed)!r} in the library.", severity="warning")
        elif len(found) == 1:
            self.action_open_person(found[0].id)
        else:
            self.app.push_screen(PersonChooser(typed, found), self._chosen_person)

    def _chosen_person(self, person_id: int | None) -> None:
        if person_id is not None:
            self.action_open_person(person_id)

    def action_open_person(self, person_id: int) -> None:
        from reader.tui.screens.person import PersonScreen

        self.app.push_screen(PersonScreen(self.library, person_id), self._after_person)

    def _after_person(self, article_id: int | None) -> None:
        self.after_writes(self.articles_changed)  # following someone marks their stories (◆)
        if article_id is not None:
            self.visit(article_id)

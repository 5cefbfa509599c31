"""The main screen's layout follows the terminal's width.

From 140 columns: sidebar, then the article list over the story, with the people of the story
beside it. Narrower, the people column folds away (w, for "who", brings it back, under the
story). Below 100 columns the sidebar folds away too (b brings it back) and, as in Newsboat, the
list and the story take turns: Enter opens the story in the list's place, Back returns to it.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget

from reader.tui.screens.base import BylineScreen

PEOPLE_BESIDE_FROM = 140  # columns from which the people column sits beside the story
SIDEBAR_FROM = 100  # columns from which the sidebar shows, and the list and story share the screen


class ResponsiveLayout(BylineScreen):
    """A mixin for `MainScreen`: CSS classes on the screen say what shows (styles/byline.tcss)."""

    _sidebar_choice: bool | None = None  # shown or hidden by the reader's key, at this width
    _people_choice: bool | None = None
    _width_class = ""

    def on_resize(self, event: events.Resize) -> None:
        self.fit_layout(event.size.width)

    def on_screen_resume(self) -> None:
        self.fit_layout(self.app.size.width)  # the terminal may have changed under another screen

    def fit_layout(self, width: int) -> None:
        """Apply the layout for `width`; crossing a breakpoint forgets the reader's b and w."""
        width_class = "narrow" if width < SIDEBAR_FROM else "medium" if width < PEOPLE_BESIDE_FROM else "wide"
        if width_class != self._width_class:
            self._width_class = width_class
            self._sidebar_choice = self._people_choice = None
            if width_class != "narrow":
                self.remove_class("-reading")
        self._show_panes()

    @property
    def narrow(self) -> bool:
        return self._width_class == "narrow"

    def _show_panes(self) -> None:
        sidebar = self._sidebar_choice if self._sidebar_choice is not None else not self.narrow
        people = self._people_choice if self._people_choice is not None else self._width_class == "wide"
        self.set_class(not sidebar, "-no-sidebar")
        self.set_class(not people, "-no-people")
        self.set_class(self._width_class != "wide", "-stacked")
        self.set_class(self.narrow, "-narrow")
        self._keep_focus_visible()

    def action_toggle_sidebar(self) -> None:
        self._sidebar_choice = self.has_class("-no-sidebar")
        self._show_panes()
        if self._sidebar_choice:
            self.query_one("#sidebar").focus()

    def action_toggle_people(self) -> None:
        self._people_choice = self.has_class("-no-people")
        if self._people_choice and self.narrow:
            self.add_class("-reading")  # the people belong to the story: show it with them
        self._show_panes()
        if self._people_choice:
            self.query_one("#people").focus()

    def show_story(self) -> None:
        """An article was opened: on a narrow screen the story takes the list's place."""
        if self.narrow:
            self.add_class("-reading")
            self.query_one("#reading").focus()

    def leave_story(self) -> bool:
        """Back from a story shown in the list's place; False when there was none."""
        if not self.has_class("-reading"):
            return False
        self.remove_class("-reading")
        self.query_one("#articles").focus()
        return True

    def _keep_focus_visible(self) -> None:
        self.call_after_refresh(self._refocus)  # once the classes have restyled the panes

    def _refocus(self) -> None:
        """A pane that folded away hands the focus to the list (or the story, when reading)."""
        focused = self.focused
        if focused is None or _hidden(focused):
            self.query_one("#reading" if self.has_class("-reading") else "#articles").focus()


def _hidden(widget: Widget) -> bool:
    nodes = [node for node in widget.ancestors_with_self if isinstance(node, Widget)]
    return any(node.styles.display == "none" for node in nodes)

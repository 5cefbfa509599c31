"""Tag rules, edited from the TUI: list, add, remove, and apply to the whole library."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.config import ConfigError
from reader.library import Library
from reader.rules import CONDITIONS, Rule
from reader.text.wording import plural
from reader.tui.keys import bind
from reader.tui.screens.base import BylineModal
from reader.tui.screens.prompt import Prompt
from reader.tui.widgets.lists import KeyList

RULE_HINT = (
    "e.g.  person: James Comey -> comey  ·  feed: Politics -> politics  ·  match: travel ban -> immigration"
)


def parse_rule_line(line: str) -> dict[str, str]:
    """`condition: value -> tag` as a rule table; ValueError says what is missing."""
    condition, arrow, tag = line.rpartition("->")
    if not arrow or not tag.strip():
        raise ValueError("write the rule as  condition: value -> tag")
    key, colon, value = condition.partition(":")
    key = key.strip().lower()
    if not colon or key not in CONDITIONS or not value.strip():
        raise ValueError(f"the condition is one of {', '.join(CONDITIONS)}, then a colon and a value")
    return {"tag": tag.strip(), key: value.strip()}


def rule_line(rule: Rule) -> str | None:
    """A one-condition rule written as `condition: value -> tag`; None when it has several."""
    conditions = [(key, getattr(rule, key)) for key in ("person", "feed", "match") if getattr(rule, key)]
    if rule.regex is not None:
        conditions.append(("regex", rule.regex.pattern))
    if len(conditions) != 1:
        return None
    key, value = conditions[0]
    return f"{key}: {value} -> {rule.tag}"


class RuleList(KeyList):
    BINDINGS = [bind("enter", "select", "Edit rule")]


class RulesScreen(BylineModal[bool]):
    """Dismissed with True when tags may have changed."""

    BINDINGS = [
        bind("a", "add", "Add rule"),
        bind("e", "edit", "Edit rule", show=False),
        bind("d,delete", "remove", "Remove rule"),
        bind("x", "apply", "Apply to library"),
        bind("escape,q", "close", "Close"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="rules", classes="dialog"):
            yield Static(Text("Tag rules (kept in config.toml)"), id="rules-title", markup=False)
            yield RuleList(id="rules-list")
            yield Static(id="rules-errors", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show_rules()

    def show_rules(self) -> None:
        listing = self.query_one(OptionList)
        listing.clear_options()
        errors = self.query_one("#rules-errors", Static)
        try:
            rule_set = self.library.rules.load()
        except ConfigError as error:
            errors.update(Text(str(error)))
            return
        entries = [(rule.index, Text(rule.describe())) for rule in rule_set.rules]
        entries += [(error.index, Text(f"broken: {error}")) for error in rule_set.errors]
        for index, label in sorted(entries, key=lambda entry: entry[0]):
            listing.add_option(Option(label, id=str(index)))
        if entries:
            listing.highlighted = 0
        else:
            listing.add_option(Option(Text("No rules yet: press a to add one."), disabled=True))
        errors.update(Text("\n".join(str(error) for error in rule_set.errors)))
        listing.focus()

    def action_add(self) -> None:
        self.app.push_screen(Prompt("New tag rule", "person: James Comey -> comey", RULE_HINT), self._added)

    def _added(self, line: str | None) -> None:
        if not line:
            return
        try:
            rule_set = self.library.rules.add(parse_rule_line(line))
        except (ValueError, ConfigError) as error:
            self.notify(str(error), severity="error")
            return
        self.show_rules()
        added = rule_set.rules[-1] if rule_set.rules else None
        if added is not None:
            self.apply(list_ids=None, quiet_rule=added.describe())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None:
            return
        index = int(option.id)
        rule = next((r for r in self.library.rules.load().rules if r.index == index), None)
        line = rule_line(rule) if rule is not None else None
        if line is None:
            self.notify(
                "This rule is broken or has several conditions: edit it in config.toml.", severity="warning"
            )
            return
        self.app.push_screen(Prompt("Edit tag rule", "", RULE_HINT, value=line), partial(self._edited, index))

    def _edited(self, index: int, line: str | None) -> None:
        if not line:
            return
        try:
            table = parse_rule_line(line)
            self.library.rules.add(table)  # checked and appended first: nothing is lost
            self.library.rules.remove(index)
        except (ValueError, ConfigError) as error:
            self.notify(str(error), severity="error")
            return
        self.show_rules()
        self.apply(list_ids=None, quiet_rule=None)

    def action_remove(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None:
            return
        try:
            self.library.rules.remove(int(option.id))
        except (ValueError, ConfigError) as error:
            self.notify(str(error), severity="error")
            return
        self.show_rules()

    def action_apply(self) -> None:
        self.apply(list_ids=None, quiet_rule=None)

    @work(thread=True, exclusive=True, group="rules", exit_on_error=False)
    def apply(self, list_ids: list[int] | None, quiet_rule: str | None) -> None:
        report = self.library.rules.apply(list_ids)
        self.changed = True
        what = f"Rule {quiet_rule}: " if quiet_rule else ""
        self.app.call_from_thread(self.notify, f"{what}{plural(report.total, 'article')} newly tagged.")

    def action_close(self) -> None:
        self.dismiss(self.changed)

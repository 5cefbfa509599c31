"""Tag rules from config.toml: parse and check them, apply them through the store, edit the file.

`Rules`, built from a library's store and its config.toml, is the engine; the rest are its parts.

    [[rules]]
    tag = "comey"
    person = "James Comey"     # mentions the person (full name, any case)

    [[rules]]
    tag = "politics"
    feed = "Politics Daily"    # the feed's title (any case) or its URL

    [[rules]]
    tag = "immigration"
    match = "travel ban"       # title or text contains this (any case)
    # regex = "travel\\s+ban"  # or a Python regular expression (case-insensitive)

A rule with several conditions needs all of them. A broken rule is reported with its position
and line, and the others still run. No SQL here: the store answers every look-up.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.config import parse_config, read_config_text, write_config_text
from reader.store.tags import TagError, normalize_tag

if TYPE_CHECKING:
    from reader.store import Store

CONDITIONS = ("person", "feed", "match", "regex")
KEYS = ("tag", *CONDITIONS)
MAX_PATTERN_CHARS = 500
_HEADER = re.compile(r"^\s*\[\[\s*rules\s*\]\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")


class RuleError(ValueError):
    """A rule that cannot be used: which one, where in config.toml, and why."""

    def __init__(self, index: int, message: str, line: int | None = None) -> None:
        self.index = index  # 0-based position among the [[rules]]
        self.line = line  # 1-based line of its [[rules]] header in config.toml, when known
        self.reason = message
        where = f"config.toml line {line}: " if line else ""
        super().__init__(f"{where}rule {index + 1}: {message}")


@dataclass(frozen=True)
class Rule:
    """One checked rule: the tag, and the conditions an article must all meet."""

    index: int
    tag: str
    person: str | None = None
    feed: str | None = None
    match: str | None = None
    regex: re.Pattern[str] | None = None
    line: int | None = None

    @property
    def needs_text(self) -> bool:
        return self.match is not None or self.regex is not None

    def text_matches(self, title: str, plain: str) -> bool:
        """True when the title or text meets this rule's match and regex conditions."""
        if self.match is not None:
            needle = self.match.casefold()
            if needle not in title.casefold() and needle not in plain.casefold():
                return False
        if self.regex is not None:
            return bool(self.regex.search(title) or self.regex.search(plain))
        return True

    def describe(self) -> str:
        """The rule in a few words, e.g. `person "James Comey" → comey`."""
        parts = [f'{key} "{getattr(self, key)}"' for key in ("person", "feed", "match") if getattr(self, key)]
        if self.regex is not None:
            parts.append(f"regex /{self.regex.pattern}/")
        return " and ".join(parts) + f" → {self.tag}"


@dataclass
class RuleSet:
    """The usable rules and the reports on the broken ones."""

    rules: list[Rule] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)


@dataclass
class RulesReport:
    """What applying the rules did."""

    tagged: dict[str, int] = field(default_factory=dict)  # tag → articles newly tagged
    matched: dict[str, int] = field(default_factory=dict)  # tag → articles matching its rules
    checked: int | None = None  # how many articles were looked at (None: the whole library)
    errors: list[RuleError] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.tagged.values())


class Rules:
    """One library's tag rules: config.toml as it is on disk now, applied through its store."""

    def __init__(self, store: Store, config_file: Path) -> None:
        self.store = store
        self.config_file = config_file

    def load(self) -> RuleSet:
        """The rules in config.toml, with the broken ones reported by line."""
        text = read_config_text(self.config_file)  # read once: the rules and their lines come from it
        return parse_rules(parse_config(text, self.config_file).rules, text)

    def apply(self, article_ids: Sequence[int] | None = None) -> RulesReport:
        """Apply the usable rules to some articles (e.g. just stored) or, with None, to all."""
        rule_set = self.load()
        report = apply_rules(self.store, rule_set.rules, article_ids)
        report.errors = list(rule_set.errors)
        return report

    def add(self, rule: Mapping[str, str]) -> RuleSet:
        """Append a rule to config.toml (checked first: `RuleError`); returns the rules now."""
        write_config_text(self.config_file, add_rule_text(read_config_text(self.config_file), rule))
        return self.load()

    def remove(self, index: int) -> RuleSet:
        """Remove the `index`-th (0-based) `[[rules]]` block from config.toml; returns the rules now."""
        write_config_text(self.config_file, remove_rule_text(read_config_text(self.config_file), index))
        return self.load()


def rule_lines(text: str) -> list[int]:
    """1-based line numbers of the `[[rules]]` headers in config.toml text, in order."""
    return [number for number, line in enumerate(text.splitlines(), start=1) if _HEADER.match(line)]


def parse_rules(raw: Sequence[Any], text: str | None = None) -> RuleSet:
    """Check each raw `[[rules]]` table; `text` (config.toml itself) lets errors name lines."""
    lines = rule_lines(text) if text is not None else []
    if len(lines) != len(raw):
        lines = []  # rules written another way (an inline array): positions only
    result = RuleSet()
    for index, table in enumerate(raw):
        line = lines[index] if lines else None
        try:
            result.rules.append(parse_rule(table, index, line))
        except RuleError as error:
            result.errors.append(error)
    return result


def parse_rule(table: Any, index: int = 0, line: int | None = None) -> Rule:
    """One rule from its TOML table; raises `RuleError` saying what is wrong."""
    if not isinstance(table, Mapping):
        raise RuleError(index, "a rule must be a table with tag = … and a condition", line)
    unknown = [key for key in table if key not in KEYS]
    if unknown:
        raise RuleError(index, f"unknown key {unknown[0]!r}; a rule has {', '.join(KEYS)}", line)
    values: dict[str, str] = {}
    for key in KEYS:
        if key in table:
            value = table[key]
            if not isinstance(value, str) or not value.strip():
                raise RuleError(index, f"{key} must be non-empty text", line)
            values[key] = value.strip()
    if "tag" not in values:
        raise RuleError(index, 'a rule needs tag = "…"', line)
    try:
        tag = normalize_tag(values["tag"])
    except TagError as error:
        raise RuleError(index, str(error), line) from error
    if not any(key in values for key in CONDITIONS):
        raise RuleError(index, f"a rule needs a condition: one of {', '.join(CONDITIONS)}", line)
    regex = None
    if "regex" in values:
        if len(values["regex"]) > MAX_PATTERN_CHARS:
            raise RuleError(index, f"regex is longer than {MAX_PATTERN_CHARS} characters", line)
        try:
            regex = re.compile(values["regex"], re.IGNORECASE)
        except re.error as error:
            raise RuleError(index, f"regex is not valid: {error}", line) from error
    return Rule(
        index=index,
        tag=tag,
        person=values.get("person"),
        feed=values.get("feed"),
        match=values.get("match"),
        regex=regex,
        line=line,
    )


def apply_rules(store: Store, rules: Sequence[Rule], article_ids: Sequence[int] | None = None) -> RulesReport:
    """Tag the articles each rule matches (None = the whole library). Tags are only added."""
    report = RulesReport(checked=None if article_ids is None else len(set(article_ids)))
    if not rules or (article_ids is not None and not article_ids):
        return report
    within = None if article_ids is None else sorted(set(article_ids))
    matches: dict[int, set[int] | None] = {}  # rule index → ids meeting its non-text conditions
    for rule in rules:
        found: set[int] | None = None
        if rule.person is not None:
            found = store.ids_mentioning(rule.person, within)
        if rule.feed is not None:
            in_feed = store.ids_in_feed(rule.feed, within if found is None else sorted(found))
            found = in_feed if found is None else found & in_feed
        matches[rule.index] = found
    text_rules = [rule for rule in rules if rule.needs_text]
    text_hits: dict[int, set[int]] = {rule.index: set() for rule in text_rules}
    if text_rules:
        for batch in store.iter_texts(within):
            for article_id, title, plain in batch:
                for rule in text_rules:
                    allowed = matches[rule.index]
                    if (allowed is None or article_id in allowed) and rule.text_matches(title, plain):
                        text_hits[rule.index].add(article_id)
    by_tag: dict[str, set[int]] = {}
    for rule in rules:
        ids = text_hits[rule.index] if rule.needs_text else (matches[rule.index] or set())
        by_tag.setdefault(rule.tag, set()).update(ids)
    for tag, ids in by_tag.items():
        report.matched[tag] = len(ids)
        report.tagged[tag] = store.tag_articles(sorted(ids), [tag]) if ids else 0
    return report


# --- editing config.toml text ----------------------------------------------------------------


def rule_block(rule: Mapping[str, str]) -> str:
    """A `[[rules]]` block for a rule given as {key: text}; checked first (`RuleError`)."""
    parse_rule(rule)
    body = "".join(f"{key} = {_toml_string(rule[key])}\n" for key in KEYS if key in rule)
    return "[[rules]]\n" + body


def add_rule_text(text: str, rule: Mapping[str, str]) -> str:
    """config.toml text with a rule appended; the rest of the file is kept as it was."""
    block = rule_block(rule)
    if not text.strip():
        return block
    return text.rstrip("\n") + "\n\n" + block


def remove_rule_text(text: str, index: int) -> str:
    """config.toml text without its `index`-th (0-based) `[[rules]]` block.

    The block runs from its header to the next table header; comments just above the next
    header go with it. Raises `RuleError` when there is no such block.
    """
    lines = text.splitlines(keepends=True)
    headers = [n - 1 for n in rule_lines(text)]
    if not 0 <= index < len(headers):
        raise RuleError(index, f"there is no [[rules]] block number {index + 1} in config.toml")
    start = headers[index]
    end = next((n for n in range(start + 1, len(lines)) if _ANY_HEADER.match(lines[n])), len(lines))
    result = "".join(lines[:start] + lines[end:])
    if end == len(lines):  # the last block: drop the blank lines that separated it
        result = result.rstrip("\n") + "\n" if result.strip() else ""
    _check_removed(text, result, index)
    return result


def _check_removed(before: str, after: str, index: int) -> None:
    """The edited text must still parse and hold exactly one rule fewer."""
    try:
        old = tomllib.loads(before).get("rules", [])
        new = tomllib.loads(after).get("rules", [])
    except tomllib.TOMLDecodeError as error:
        raise RuleError(index, f"config.toml could not be edited safely: {error}") from error
    if len(new) != len(old) - 1:
        raise RuleError(index, "config.toml could not be edited safely; please edit it by hand")


def _toml_string(value: str) -> str:
    """A TOML basic string holding `value` exactly."""
    out = []
    for ch in value:
        if ch in '\\"':
            out.append("\\" + ch)
        elif (ch < " " and ch != "\t") or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'

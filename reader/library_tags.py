"""Tags, rules, search and saved views for a `Library`: functions the facade exposes as methods."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.config import ConfigError, parse_config, read_config_text
from reader.library import Library
from reader.rules import RuleError, RuleSet, RulesReport, add_rule_text, parse_rules, remove_rule_text
from reader.rules import apply_rules as apply_rule_set
from reader.search_query import QueryError, parse_query
from reader.store import SearchHit, TagCount, TagError, View

__all__ = [
    "QueryError",
    "RuleError",
    "TagError",
    "ViewCount",
    "add_rule",
    "apply_rules",
    "delete_view",
    "load_rules",
    "remove_rule",
    "save_view",
    "search",
    "search_count",
    "tag",
    "tag_names",
    "tags",
    "untag",
    "views",
]


@dataclass(frozen=True, slots=True)
class ViewCount:
    """A saved view with how many articles it holds now (None when its query no longer parses)."""

    view: View
    count: int | None
    error: str | None = None


def tag(library: Library, ids: Sequence[int], names: Iterable[str]) -> int:
    """Tag articles; returns how many (article, tag) pairs were new. Raises `TagError`."""
    return library.store.tag_articles(ids, names)


def untag(library: Library, ids: Sequence[int], names: Iterable[str]) -> int:
    """Remove tags from articles; returns how many pairs went."""
    return library.store.untag_articles(ids, names)


def tags(library: Library) -> list[TagCount]:
    """Tags in use with their counts, for the sidebar and `byline tags`."""
    return library.store.tags()


def tag_names(library: Library, prefix: str = "", limit: int = 20) -> list[str]:
    """Completion for the tag editor."""
    return library.store.tag_names(prefix, limit)


def search(library: Library, text: str, limit: int = 50, offset: int = 0) -> list[SearchHit]:
    """Run what the user typed; raises `QueryError` with a message for a malformed query."""
    return library.store.search(parse_query(text), limit, offset)


def search_count(library: Library, text: str) -> int:
    """How many articles a query matches (`QueryError` when malformed)."""
    return library.store.search_count(parse_query(text))


def save_view(library: Library, name: str, text: str) -> View:
    """Save a search as a view; the query is checked first (`QueryError`)."""
    parse_query(text)
    return library.store.save_view(name, text)


def delete_view(library: Library, name: str) -> bool:
    """Delete a saved view; False when there was none by that name."""
    return library.store.delete_view(name)


def views(library: Library, *, counts: bool = True) -> list[ViewCount]:
    """Saved views, each with its current count (for the sidebar)."""
    result: list[ViewCount] = []
    for view in library.store.views():
        if not counts:
            result.append(ViewCount(view, None))
            continue
        try:
            query = parse_query(view.query)
        except QueryError as error:
            result.append(ViewCount(view, None, str(error)))
            continue
        result.append(ViewCount(view, library.store.search_count(query)))
    return result


def load_rules(library: Library) -> RuleSet:
    """The rules in config.toml as it is now on disk, with the broken ones reported by line."""
    path = library.paths.config_file
    text = read_config_text(path)  # read once: the rules and their line numbers come from it
    return parse_rules(parse_config(text, path).rules, text)


def apply_rules(library: Library, ids: Sequence[int] | None = None) -> RulesReport:
    """Apply the tag rules to some articles (e.g. just imported) or, with None, to all."""
    rule_set = load_rules(library)
    report = apply_rule_set(library.store, rule_set.rules, ids)
    report.errors = list(rule_set.errors)
    return report


def add_rule(library: Library, rule: Mapping[str, str]) -> RuleSet:
    """Append a rule to config.toml (checked first: `RuleError`); returns the rules now."""
    path = library.paths.config_file
    text = read_config_text(library.paths.config_file)
    _write(path, add_rule_text(text, rule))
    return load_rules(library)


def remove_rule(library: Library, index: int) -> RuleSet:
    """Remove the `index`-th (0-based) `[[rules]]` block from config.toml; returns the rules now."""
    path = library.paths.config_file
    _write(path, remove_rule_text(read_config_text(library.paths.config_file), index))
    return load_rules(library)


def _write(path: Path, text: str) -> None:
    """Replace the file atomically, so a crash never leaves half a config behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        raise ConfigError(f"{path}: cannot write: {error.strerror or error}") from error

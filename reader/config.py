"""Where Byline keeps its files, and its settings from config.toml."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "byline"
HOME_ENV = "BYLINE_HOME"


# The actions a [keys] table may rebind: the `action` names of the TUI's bindings, without a
# namespace ("app.quit" is "quit"). Kept here as plain names so config.py never imports Textual;
# tests/test_bad_environment.py checks that it matches what the screens actually bind.
KEY_ACTIONS: tuple[str, ...] = (
    # the app
    "help",
    "command_palette",
    # the main screen
    "next_unread",
    "previous_unread",
    "toggle_read",
    "mark_all_read",
    "toggle_star",
    "open_link",
    "full_text",
    "tag",
    "toggle_mark",
    "search",
    "toggle_unread_only",
    "add_tag_filter",
    "add_feed",
    "remove_feed",
    "refresh_feed",
    "refresh_all",
    "rules",
    "back",
    "back_or_quit",
    "links",
    "find_person",
    "toggle_sidebar",
    "toggle_people",
    # every list
    "cursor_down",
    "cursor_up",
    "page_down",
    "page_up",
    "first",
    "last",
    "select",
    # the person, search, rules, prompt, tag editor and help screens
    "toggle_follow",
    "save_view",
    "results",
    "add",
    "remove",
    "apply",
    "close",
    "cancel",
    "yes",
    "no",
    "dismiss",
    "complete",
    "edit",
)


class ConfigError(Exception):
    """config.toml cannot be read or holds a value Byline rejects."""


@dataclass(frozen=True)
class Paths:
    """Every folder Byline writes to."""

    data: Path
    config: Path
    cache: Path

    @property
    def database(self) -> Path:
        return self.data / "byline.db"

    @property
    def config_file(self) -> Path:
        return self.config / "config.toml"

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> Paths:
        """`home` (or $BYLINE_HOME) puts everything under one folder; else platformdirs."""
        home = home or os.environ.get(HOME_ENV) or None
        if home:
            root = Path(home).expanduser().resolve()
            return cls(root / "data", root / "config", root / "cache")
        return cls(
            Path(platformdirs.user_data_dir(APP_NAME)),
            Path(platformdirs.user_config_dir(APP_NAME)),
            Path(platformdirs.user_cache_dir(APP_NAME)),
        )

    def create(self) -> None:
        for folder in (self.data, self.config, self.cache):
            folder.mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True)
class FetchSettings:
    """How feeds are fetched."""

    concurrency: int = 64
    per_host: int = 6  # as many connections to one host as a browser opens
    timeout_s: float = 10.0
    deadline_s: float = 30.0
    max_bytes: int = 16 * 1024 * 1024
    workers: int = 0  # parser processes; 0 = one per core
    auto_refresh_min: float = 0.0  # while the TUI is open, fetch the due feeds this often; 0 = never


@dataclass(frozen=True)
class Config:
    """The parsed config.toml."""

    fetch: FetchSettings = field(default_factory=FetchSettings)
    rules: tuple[dict[str, Any], ...] = ()
    keys: dict[str, str] = field(default_factory=dict)
    full_text: dict[str, str] = field(default_factory=dict)  # feed URL -> "auto", "always" or "never"
    raw: dict[str, Any] = field(default_factory=dict)


def read_config_text(path: Path) -> str:
    """config.toml as text; a missing file is an empty one."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from error


def write_config_text(path: Path, text: str) -> None:
    """Replace config.toml atomically, so a crash never leaves half a config behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        raise ConfigError(f"{path}: cannot write: {error.strerror or error}") from error


def load_config(path: Path) -> Config:
    """Read config.toml; a missing file means defaults. Errors name the line and reason."""
    return parse_config(read_config_text(path), path)


def parse_config(text: str, path: Path) -> Config:
    """Check config.toml's text (`path` names it in errors)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(_syntax_error(path, error)) from error
    return Config(
        fetch=_fetch_settings(path, raw.get("fetch", {}), text),
        rules=tuple(_list_of_tables(path, raw, "rules")),
        keys=_keys(path, raw.get("keys", {}), text),
        full_text=_feed_settings(path, _list_of_tables(path, raw, "feeds")),
        raw=raw,
    )


def _syntax_error(path: Path, error: tomllib.TOMLDecodeError) -> str:
    """tomllib's "Invalid value (at line 3, column 10)" as "…, line 3: invalid value (column 10)"."""
    message = str(error)
    found = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", message, re.DOTALL)
    if found is None:
        return f"{path}: {message}"
    reason, line, column = found.groups()
    return f"{path}, line {line}: {reason[:1].lower()}{reason[1:]} (column {column})"


def _fetch_settings(path: Path, table: Any, text: str = "") -> FetchSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [fetch] must be a table")
    defaults = FetchSettings()
    values: dict[str, Any] = {}
    for key, value in table.items():
        where = _line_of(text, "fetch", key)
        if not hasattr(defaults, key):
            known = ", ".join(defaults.__dict__)
            raise ConfigError(f"{path}{where}: [fetch] has an unknown key {key!r}; the keys are: {known}")
        expected = type(getattr(defaults, key))
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{path}{where}: [fetch] {key} must be a number")
        if value < 0 or (expected is int and value != int(value)):
            raise ConfigError(f"{path}{where}: [fetch] {key} must be a non-negative {expected.__name__}")
        values[key] = expected(value)
    return FetchSettings(**{**defaults.__dict__, **values})


def _list_of_tables(path: Path, raw: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ConfigError(f"{path}: {key} must be an array of tables ([[{key}]])")
    return value


FULL_TEXT_MODES = ("auto", "always", "never")


def _feed_settings(path: Path, tables: list[dict[str, Any]]) -> dict[str, str]:
    """[[feeds]] tables: `url` and its `full_text` setting."""
    settings: dict[str, str] = {}
    for number, table in enumerate(tables, start=1):
        where = f"{path}: [[feeds]] number {number}"
        unknown = sorted(set(table) - {"url", "full_text"})
        if unknown:
            raise ConfigError(f"{where} has an unknown key {unknown[0]!r}; the keys are: url, full_text")
        url, mode = table.get("url"), table.get("full_text", "auto")
        if not isinstance(url, str) or not url.strip():
            raise ConfigError(f'{where} needs the feed\'s address, e.g. url = "https://example.com/rss"')
        if mode not in FULL_TEXT_MODES:
            raise ConfigError(f'{where}: full_text must be "auto", "always" or "never", not {mode!r}')
        settings[url.strip()] = mode
    return settings


def _keys(path: Path, table: Any, text: str) -> dict[str, str]:
    if not isinstance(table, dict):
        raise ConfigError(f'{path}: [keys] must be a table of action = "key", e.g. toggle_star = "S"')
    for action, key in table.items():
        where = _line_of(text, "keys", action)
        if action not in KEY_ACTIONS:
            raise ConfigError(
                f"{path}{where}: [keys] has no action {action!r}; the actions are: {', '.join(KEY_ACTIONS)}"
            )
        if not isinstance(key, str) or not key.strip():
            raise ConfigError(f'{path}{where}: [keys] {action} must be a key name in quotes, e.g. "S"')
    return dict(table)


def _line_of(text: str, table: str, key: str) -> str:
    """ ", line N" where `key` is set inside `[table]`, or "" when it cannot be told."""
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.split("#")[0].strip() == f"[{table}]"
            continue
        name = stripped.split("=", 1)[0].strip().strip("\"'")
        if "=" in stripped and ((inside and name == key) or name == f"{table}.{key}"):
            return f", line {number}"
    return ""

"""A hostile machine: read-only or full data folder, a damaged library, a broken config.toml.

Each case runs the real command line in a subprocess and expects one clear line on stderr that
starts with `byline:`, never a traceback, and a library that loses nothing it already held.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.config import KEY_ACTIONS

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_articles"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def byline(
    home: Path, *args: str, preexec_fn: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BYLINE_HOME"}
    return subprocess.run(
        [sys.executable, "-m", "reader", "--home", str(home), *args],
        capture_output=True, text=True, env=env, timeout=120, preexec_fn=preexec_fn,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single `byline: ...` line on stderr (and no traceback); returns it."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("byline: "), lines[0]
    return lines[0]


def articles_in(database: Path) -> set[tuple[int, str, int, int]]:
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return set(conn.execute("SELECT id, guid, read, starred FROM articles"))
    finally:
        conn.close()


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A home holding the sample articles, one of them starred."""
    home = tmp_path / "home"
    result = byline(home, "import", str(SAMPLES))
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(home / "data" / "byline.db")
    with conn:
        conn.execute("UPDATE articles SET starred = 1 WHERE id = 1")
    conn.close()
    return home


# --- read-only data folder -----------------------------------------------------------------


@pytest.mark.skipif(IS_ROOT, reason="root ignores file modes; see the simulated case below")
def test_read_only_data_folder(filled: Path) -> None:
    data = filled / "data"
    before = articles_in(data / "byline.db")
    for path in data.iterdir():
        path.chmod(0o444)
    data.chmod(0o555)
    try:
        result = byline(filled, "import", str(SAMPLES))
        assert result.returncode != 0
        line = one_error_line(result)
        assert "byline.db" in line or "read-only" in line or "readonly" in line
    finally:
        data.chmod(0o755)
        for path in data.iterdir():
            path.chmod(0o644)
    assert articles_in(data / "byline.db") == before


@pytest.mark.skipif(IS_ROOT, reason="root ignores file modes; see the simulated case below")
def test_read_only_home_cannot_be_set_up(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        result = byline(parent / "home", "stats")
    finally:
        parent.chmod(0o755)
    assert result.returncode != 0
    assert "Permission denied" in one_error_line(result)


def test_data_folder_that_is_a_file(tmp_path: Path) -> None:
    """What a read-only or broken folder looks like even to root: the folder cannot be made."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "data").write_text("not a folder")
    result = byline(home, "stats")
    assert result.returncode != 0
    line = one_error_line(result)
    assert str(home / "data") in line
    assert (home / "data").read_text() == "not a folder"


def test_library_path_that_is_a_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "data" / "byline.db").mkdir(parents=True)
    result = byline(home, "stats")
    assert result.returncode != 0
    assert "byline.db" in one_error_line(result)
    assert (home / "data" / "byline.db").is_dir()  # nothing was moved or deleted


# --- a full disk ---------------------------------------------------------------------------


def file_size_limit(limit: int) -> Callable[[], None]:
    """For `preexec_fn`: writes past `limit` bytes fail with EFBIG, as on a full disk."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
def test_full_disk_on_a_new_library(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = byline(home, "import", str(SAMPLES), preexec_fn=file_size_limit(8 * 1024))
    assert result.returncode != 0
    assert "disk" in one_error_line(result)
    # With room again, the same command works on the same home.
    again = byline(home, "import", str(SAMPLES))
    assert again.returncode == 0, again.stderr


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
def test_full_disk_while_writing_keeps_what_was_stored(filled: Path, tmp_path: Path) -> None:
    database = filled / "data" / "byline.db"
    before = articles_in(database)
    more = tmp_path / "more"
    more.mkdir()
    for n in range(40):
        (more / f"extra{n:02}.txt").write_text(f"Extra story {n}\n\n" + "A paragraph of news. " * 400 + "\n")
    limit = database.stat().st_size + 64 * 1024
    result = byline(filled, "import", str(more), preexec_fn=file_size_limit(limit))
    assert result.returncode != 0
    assert "disk" in one_error_line(result)
    assert articles_in(database) == before  # all or nothing: the failed import left no trace


# --- a damaged library ---------------------------------------------------------------------


def test_corrupt_library_is_kept_aside(filled: Path) -> None:
    data = filled / "data"
    junk = b"this is not a database, it is junk " * 200
    (data / "byline.db").write_bytes(junk)
    result = byline(filled, "stats", "--json")
    line = one_error_line(result)
    assert result.returncode == 0  # Byline carries on with a new, empty library
    assert "damaged" in line and "byline.db.corrupt-" in line
    kept = [p for p in data.iterdir() if p.name.startswith("byline.db.corrupt-") and not p.name.endswith(
        ("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == junk  # kept, byte for byte
    assert kept[0].name in line
    assert '"articles": 0' in result.stdout


def test_corrupt_library_twice_in_a_second_keeps_both(filled: Path) -> None:
    data = filled / "data"
    (data / "byline.db").write_bytes(b"first junk " * 500)
    one_error_line(byline(filled, "stats"))
    (data / "byline.db").write_bytes(b"second junk " * 500)
    one_error_line(byline(filled, "stats"))
    kept = sorted(p.read_bytes()[:6] for p in data.iterdir() if p.name.startswith("byline.db.corrupt-"))
    assert kept == [b"first ", b"second"]


def test_damage_inside_the_library_is_one_line(filled: Path) -> None:
    """A good header over damaged pages: found only when read; reported, never a traceback."""
    database = filled / "data" / "byline.db"
    data = bytearray(database.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16384] = b"\x5a" * 16384
    database.write_bytes(bytes(data))
    result = byline(filled, "search", "comey")
    assert result.returncode != 0
    assert "damaged" in one_error_line(result)
    assert database.read_bytes() == bytes(data)  # left for the user (or a repair tool) to rescue


# --- config.toml ---------------------------------------------------------------------------


def write_config(home: Path, text: str) -> None:
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[fetch]\nconcurrency = 4\nworkers = \n', ["line 3", "invalid value"]),
        ('title = "unterminated\n', ["line 1"]),
        ('[fetch]\nconcurrency = "lots"\n', ["line 2", "concurrency must be a number"]),
        ("[fetch]\nconcurency = 4\n", ["line 2", "unknown key 'concurency'"]),
        ("[fetch]\ntimeout_s = -1\n", ["line 2", "non-negative"]),
    ],
    ids=["syntax", "unterminated", "type", "unknown-key", "negative"],
)
def test_broken_config_names_the_line_and_reason(tmp_path: Path, text: str, expected: list[str]) -> None:
    home = tmp_path / "home"
    write_config(home, text)
    result = byline(home, "stats")
    assert result.returncode != 0
    line = one_error_line(result)
    assert "config.toml" in line
    for part in expected:
        assert part in line


def test_config_that_is_not_utf8(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_bytes(b'[fetch]\n# caf\xe9\n')
    result = byline(home, "stats")
    assert result.returncode != 0
    assert "config.toml" in one_error_line(result)


def test_unknown_key_binding(tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_config(home, '[keys]\ntoggle_star = "S"\nfrobnicate = "x"\n')
    result = byline(home, "stats")
    assert result.returncode != 0
    line = one_error_line(result)
    assert "line 3" in line and "'frobnicate'" in line and "toggle_star" in line  # names the good ones


def test_known_key_bindings_are_accepted(tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_config(home, '[keys]\ntoggle_star = "S"\nnext_unread = "N"\nback_or_quit = "ctrl+q"\n')
    result = byline(home, "stats")
    assert result.returncode == 0 and result.stderr == ""


def test_empty_key_binding(tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_config(home, '[keys]\ntoggle_star = ""\n')
    result = byline(home, "stats")
    assert result.returncode != 0
    assert "line 2" in one_error_line(result)


def tui_actions() -> set[str]:
    """Every action the TUI's app, screens and widgets bind, without its namespace."""
    from textual.binding import Binding
    from textual.dom import DOMNode

    import reader.tui

    actions: set[str] = set()
    for info in pkgutil.walk_packages(reader.tui.__path__, "reader.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, DOMNode):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                action = binding.action if isinstance(binding, Binding) else binding[1]
                actions.add(action.rpartition(".")[2])
    return actions


def test_key_actions_match_what_the_tui_binds() -> None:
    bound = tui_actions()
    assert bound, "no bindings found: did the TUI move?"
    missing = bound - set(KEY_ACTIONS)
    stale = set(KEY_ACTIONS) - bound
    assert not missing, f"add to reader.config.KEY_ACTIONS: {sorted(missing)}"
    assert not stale, f"remove from reader.config.KEY_ACTIONS (no longer bound): {sorted(stale)}"
    assert len(KEY_ACTIONS) == len(set(KEY_ACTIONS))

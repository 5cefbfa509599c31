"""Worker processes end with Byline: a refresh or a TUI killed (or hung up on) leaves none behind."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.config import Paths
from reader.indexing import BATCH, POOL_THRESHOLD
from reader.library import Library
from reader.store import ArticleIn
from tests.feedserver import FeedServer, rss

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the process tree in /proc"
)

GRACE_S = 5.0  # how long workers may take to notice their parent is gone


def children_of() -> dict[int, list[int]]:
    """Every live process's children, from /proc (zombies count as gone)."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:  # ended while we looked
                continue
            state, ppid = stat.rpartition(")")[2].split()[:2]
            if state != "Z":
                tree.setdefault(int(ppid), []).append(int(entry))
    return tree


def descendants(pid: int) -> set[int]:
    tree, found, todo = children_of(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    living = {pid for pids in children_of().values() for pid in pids}
    return pids & living


def wait_for_workers(pid: int, *, grandchildren: bool) -> set[int]:
    """Byline's processes once its parser pool runs (under a fork server: grandchildren)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        below = descendants(pid)
        tree = children_of()
        workers = {p for p in below if p not in tree.get(pid, [])} if grandchildren else below
        if workers:
            time.sleep(0.3)  # the rest of the pool starts
            return descendants(pid)
        time.sleep(0.05)
    raise AssertionError("the parser pool never started")


def assert_all_end(pids: set[int]) -> None:
    deadline = time.monotonic() + GRACE_S
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = alive(pids)
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} of Byline's {len(pids)} processes outlived it"


@pytest.fixture
def subscribed(tmp_path: Path) -> Iterator[tuple[Path, FeedServer]]:
    """A home with two feeds: one answers at once (the parser pool starts), one takes a minute."""
    server = FeedServer()
    fast = server.route("/fast.xml", rss(30, "Fast"))
    slow = server.route("/slow.xml", rss(3, "Slow"), delay_s=60)
    home = tmp_path / "home"
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline type="rss" text="Fast" xmlUrl="{fast}"/><outline type="rss" text="Slow" xmlUrl="{slow}"/>'
        "</body></opml>"
    )
    subprocess.run(byline_command(home, "import-opml", str(opml)), check=True, capture_output=True)
    yield home, server
    server.close()


def byline_command(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "reader", "--home", str(home), *args]


def start(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_refresh_killed_leaves_no_parser_worker(subscribed: tuple[Path, FeedServer]) -> None:
    home, _ = subscribed
    refresh = start(byline_command(home, "refresh"))
    try:
        workers = wait_for_workers(refresh.pid, grandchildren=False)
        refresh.kill()  # the parent alone, as the OOM killer or `timeout -s KILL` would
        refresh.wait(timeout=10)
        assert_all_end(workers)
    finally:
        refresh.kill()
        refresh.wait()


def test_people_indexing_killed_leaves_no_worker(tmp_path: Path) -> None:
    """A backlog large enough for the people-indexing pool (under a fork server)."""
    home = tmp_path / "home"
    library = Library(Paths.resolve(home))
    text = "Senator Jane Holloway met Mayor Tom Okafor in Springfield on Tuesday. " * 40
    articles = [
        ArticleIn(f"a{n}", f"Story {n}", plain=f"{n}. {text}") for n in range(POOL_THRESHOLD + BATCH * 2)
    ]
    library.store.upsert_articles(library.store.local_source("Backlog"), articles)
    library.close()
    people = start(byline_command(home, "people"))
    try:
        workers = wait_for_workers(people.pid, grandchildren=True)
        people.kill()
        people.wait(timeout=10)
        assert_all_end(workers)
    finally:
        people.kill()
        people.wait()


@pytest.mark.parametrize("end", [signal.SIGKILL, signal.SIGHUP], ids=["killed", "hung-up"])
def test_tui_ended_leaves_no_worker(subscribed: tuple[Path, FeedServer], end: signal.Signals) -> None:
    home, _ = subscribed
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 160, 0, 0))
    tui = subprocess.Popen(
        byline_command(home), stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    os.close(slave)
    screen = bytearray()
    drain = threading.Thread(target=_drain, args=(master, screen), daemon=True)  # writes must not block
    drain.start()
    try:
        deadline = time.monotonic() + 30
        while b"Refresh all" not in screen and time.monotonic() < deadline:  # the footer is drawn
            time.sleep(0.1)
        os.write(master, b"R")
        workers = wait_for_workers(tui.pid, grandchildren=True)
        tui.send_signal(end)
        tui.wait(timeout=10)
        assert_all_end(workers)
    finally:
        tui.kill()
        tui.wait()
        os.close(master)


def test_the_watchdog_ends_a_worker_whose_parent_died(tmp_path: Path) -> None:
    """Where the kernel offers no parent-death signal, a thread watches the parent instead."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys, threading, time\n"
        "from reader import workers\n"
        "owner = os.getpid()  # taken before the fork, as the pools pass it\n"
        "child = os.fork()\n"
        "if child == 0:\n"
        "    threading.Thread(target=workers.watch, args=(owner,), daemon=True).start()\n"
        "    time.sleep(600)\n"
        "    os._exit(0)\n"
        "print(child, flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())  # type: ignore[union-attr]
        parent.kill()
        parent.wait(timeout=10)
        assert_all_end({child})
    finally:
        parent.kill()
        parent.wait()


def _drain(fd: int, screen: bytearray) -> None:
    """Keep what the TUI draws (so its writes never block on a full terminal)."""
    try:
        while chunk := os.read(fd, 65536):
            screen.extend(chunk)
    except OSError:  # the terminal closed
        return

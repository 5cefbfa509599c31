"""Worker processes that end with the Byline that started them.

A pool worker blocks on a pipe that its siblings also hold open, so a Byline killed with SIGKILL
(by `timeout`, the OOM killer, a closed terminal) would leave it waiting forever. Under a fork
server it is worse: each worker holds the server's "client alive" pipe, so the server never
exits either. Every pool Byline starts runs `die_with` (with its own pid) from its initializer.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_EVERY_S = 0.5


def die_with(owner: int) -> None:
    """End this process when `owner` (the Byline that made the pool) ends.

    A worker forked by Byline itself asks Linux for SIGKILL when its parent dies; one started by
    a fork server (whose parent is the server), or on a system without prctl, runs a watchdog
    thread instead.
    """
    parent = os.getppid()
    armed = parent == owner and sys.platform.startswith("linux") and _parent_death_signal()
    if not armed:
        threading.Thread(target=watch, args=(owner,), name="byline-watchdog", daemon=True).start()
    if os.getppid() != parent or not _exists(owner):  # it ended before the guard was up
        os._exit(1)


def watch(owner: int) -> None:
    """Wait for `owner` to end (or this process to be reparented away from it), then end this
    process."""
    parent = os.getppid()
    try:
        handle = os.pidfd_open(owner)  # readable once `owner` ends, zombie or not (Linux 5.3+)
    except (AttributeError, OSError):  # no pidfd here: look every so often
        while os.getppid() == parent and _exists(owner):
            time.sleep(WATCH_EVERY_S)
    else:
        select.select([handle], [], [])
    os._exit(1)


def _parent_death_signal() -> bool:
    """Ask Linux for SIGKILL when the parent ends; whether it agreed."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # no C library to load, or no prctl in it
        return False


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # there, but someone else's: not ours, so ours has ended
        return False
    return True

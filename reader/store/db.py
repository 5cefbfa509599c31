"""Opening the SQLite file: pragmas, migrations, transactions, and a corrupt file kept aside."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeGuard

from reader.store.namesearch import middles_differ
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000


SQLiteError = sqlite3.Error
"""What a store call raises when the file fails: SQLite's own errors (a read that finds damage, a
disk failing) and `StoreError`. Named here so that no module outside the store imports sqlite3."""


class StoreError(SQLiteError):
    """The library file cannot be used; the message says why in plain words.

    A subclass of `SQLiteError`, so code that guards a store call against SQLite failing
    also catches the errors the store has already explained.
    """


def is_file_failure(error: BaseException) -> TypeGuard[SQLiteError]:
    """Whether `error` says the library file cannot be used (damaged, full disk, locked too long),
    as opposed to a mistake in Byline's own SQL."""
    return isinstance(error, StoreError) or (
        isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.ProgrammingError)
    )


class Database:
    """A WAL file with a busy timeout: `conn` for reads, and a second connection, opened at the
    first write, for explicit IMMEDIATE transactions.

    Each connection has its own lock, so a read never queues behind a write that is waiting for
    another process to release the file's write lock (up to the busy timeout).
    """

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.notice: str | None = None  # set when a corrupt file was moved aside
        self.lock = threading.RLock()  # guards `conn`
        self.conn = self._open(readonly)
        self._write_lock = threading.RLock()
        self._writer: sqlite3.Connection | None = None

    def _open(self, readonly: bool) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connect(readonly)
        except sqlite3.DatabaseError as error:
            if not _is_corruption(error) or readonly:
                raise StoreError(f"cannot open the library {self.path}: {error}") from error
            try:
                aside = _set_aside(self.path)
                conn = self._connect(readonly)
            except OSError as error:
                raise StoreError(f"cannot open the library {self.path}: {error.strerror}") from error
            except sqlite3.Error as error:
                raise StoreError(f"cannot open the library {self.path}: {error}") from error
            self.notice = f"The library file was damaged; it was kept as {aside.name}."
        except OSError as error:
            raise StoreError(f"cannot open the library {self.path}: {error.strerror}") from error
        return conn

    def _connect(self, readonly: bool) -> sqlite3.Connection:
        uri = f"{self.path.as_uri()}?mode={'ro' if readonly else 'rwc'}"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if not readonly:
                _use_wal(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.create_function("byline_middles_differ", 2, middles_differ, deterministic=True)
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the library {self.path} was written by a newer Byline "
                    f"(schema {version}, this one knows {SCHEMA_VERSION})"
                )
            if version < SCHEMA_VERSION and not readonly:
                _migrate(conn, version)
        except BaseException:
            conn.close()
            raise
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any error (nothing half-written).

        SQLite's own failures (locked past the busy timeout, disk full) come out as `StoreError`.
        """
        with self._write_lock:
            try:
                if self._writer is None:
                    self._writer = self._connect(self.readonly)  # the file is created and migrated
                conn = self._writer
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                finally:
                    if conn.in_transaction:  # the body or COMMIT itself failed
                        conn.execute("ROLLBACK")
            except StoreError:
                raise
            except sqlite3.Error as error:
                raise StoreError(explain(error)) from error

    def close(self) -> None:
        with self._write_lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
        with self.lock:
            self.conn.close()


def explain(error: sqlite3.Error) -> str:
    """SQLite's message, with what it usually means for a reader's library."""
    message = str(error)
    if "locked" in message or "busy" in message:
        return f"{message} (another Byline kept the library busy for {BUSY_TIMEOUT_MS // 1000} s)"
    if message.endswith(("disk I/O error", "database or disk is full")):
        return f"{message} (is the disk full or read-only?)"
    if message.endswith("database disk image is malformed"):
        return f"{message} (the library file is damaged)"
    return message


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL once. Two processes creating the file at once may find it locked: wait."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    for number in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the write lock.
            if conn.execute("PRAGMA user_version").fetchone()[0] > number:
                conn.execute("COMMIT")
                continue
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _set_aside(path: Path) -> Path:
    """Rename a damaged library (and its -wal/-shm files) to a new name; nothing is deleted."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while any(Path(f"{aside}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        # A journal left beside the damaged file must not be replayed into the new one.
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            companion.rename(f"{aside}{suffix}")
    return aside


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into statements (triggers hold semicolons of their own)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                yield pending.strip()
            pending = ""
    if pending.strip():
        yield pending.strip()


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    message = str(error).lower()
    return "not a database" in message or "malformed" in message or "corrupt" in message

"""Opening a ledger's SQLite file, and turning SQLite's errors into hhtax's.

A ledger is shared by processes through WAL and a busy timeout: a write that waits longer than
`BUSY_TIMEOUT_S` raises `LedgerBusy`. Every other SQLite error becomes a `LedgerError` naming the
file, so that the CLI prints one line instead of a traceback.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from hhtax.errors import LedgerBusy, LedgerCorrupt, LedgerError

BUSY_TIMEOUT_S = 5.0
CACHE_KIB = 65_536  # page cache of up to 64 MB per connection
IMPORT_CACHE_KIB = 98_304  # during a bulk import: 96 MB of pages (an import stays under 250 MB, issue 16)
PAGE_SIZE = 16_384  # new ledgers: fewer, fuller B-tree pages; a 1 M-row import writes half the I/O
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_READONLY = 8


def translate(exc: sqlite3.Error, name: str) -> LedgerError:
    """The hhtax error for a SQLite error met on the ledger `name`."""
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return LedgerBusy(f"{name}: {text} (waited {BUSY_TIMEOUT_S:g} s)")
    if getattr(exc, "sqlite_errorcode", None) == SQLITE_READONLY or "readonly database" in text:
        return read_only_error(Path(name))
    if isinstance(exc, sqlite3.IntegrityError) or "unable to open" in text:
        return LedgerError(f"{name}: {text}")
    return LedgerCorrupt(f"{name}: not a readable hhtax ledger ({text})")


@contextmanager
def guard(name: str) -> Iterator[None]:
    """Translate the SQLite errors raised in the block (`translate`)."""
    try:
        yield
    except sqlite3.Error as exc:
        raise translate(exc, name) from None


def check_kind(path: Path) -> None:
    """LedgerError unless `path` is missing, a regular file or a directory: a FIFO, device or
    socket given as a ledger would block or mislead every later read."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise LedgerError(f"{path}: cannot read ({exc.strerror})") from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise LedgerError(f"{path}: not a regular file or a directory, so not a ledger")


def check_header(path: Path) -> None:
    """LedgerError unless `path` is an existing file that starts like a SQLite database."""
    check_kind(path)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise LedgerError(f"{path}: no ledger here (create one with `hhtax init`)") from None
    except IsADirectoryError:
        raise LedgerError(f"{path}: a directory is a plain-text ledger, not a SQLite one") from None
    except PermissionError:
        raise LedgerError(f"{path}: permission denied: cannot read the ledger") from None
    if header != SQLITE_MAGIC:
        raise LedgerCorrupt(f"{path}: not an hhtax ledger (not a SQLite file)")


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), with hhtax's settings."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except sqlite3.Error as exc:
        db.close()
        raise translate(exc, str(path)) from None
    return db


def writable(path: Path) -> bool:
    """Whether this process may write the file and create its WAL beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def read_only_error(path: Path) -> LedgerError:
    """The error of a write to a ledger on a read-only disk, directory or file."""
    return LedgerError(f"{path}: read-only: the ledger (or its directory) cannot be written; nothing was "
                       "written. Read commands work; copy the ledger somewhere writable to change it")


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write. Where the file and its directory are writable it is an
    ordinary connection with `query_only` set (so the last one to close still folds and removes the
    WAL, leaving no side files behind, and a later write may lift it); otherwise SQLite's read-only
    mode, and on a read-only disk or directory, where SQLite cannot make the WAL's shared-memory
    file, the file opened as immutable: nobody can write it there anyway."""
    if writable(path):
        db = connect(path)
        with guard(str(path)):
            db.execute("PRAGMA query_only = ON")
        return db
    uri = path.resolve().as_uri()
    try:
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            db.close()
            db = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except sqlite3.Error as exc:
        raise translate(exc, str(path)) from None
    return db


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")

"""Opening a ledger's SQLite file, and turning SQLite's errors into hhtax's.

A ledger is shared by processes through WAL and a busy timeout: a write that waits longer than
`BUSY_TIMEOUT_S` raises `LedgerBusy`. Every other SQLite error becomes a `LedgerError` naming the
file, so that the CLI prints one line instead of a traceback.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from hhtax.errors import LedgerBusy, LedgerCorrupt, LedgerError
from hhtax.i18n import Message, literal, msg, register

BUSY_TIMEOUT_S = 5.0
CACHE_KIB = 65_536  # page cache of up to 64 MB per connection
IMPORT_CACHE_KIB = 98_304  # during a bulk import: 96 MB of pages (an import stays under 250 MB, issue 16)
PAGE_SIZE = 16_384  # new ledgers: fewer, fuller B-tree pages; a 1 M-row import writes half the I/O
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_READONLY = 8


register({
    "journal.where": ("{where}: {error}", "{where}: {error}"),
    "journal.busy": ("{where}: {error} (đã chờ {seconds} giây)", "{where}: {error} (waited {seconds} s)"),
    "journal.unreadable": ("{where}: không phải sổ hhtax đọc được ({error})",
                           "{where}: not a readable hhtax ledger ({error})"),
    "journal.cannot_read": ("{where}: không đọc được ({error})", "{where}: cannot read ({error})"),
    "journal.not_file": ("{where}: không phải tệp thường hay thư mục, nên không phải sổ",
                         "{where}: not a regular file or a directory, so not a ledger"),
    "ledger.none_here": ("{path}: không có sổ ở đây (tạo sổ bằng `hhtax init`)",
                         "{path}: no ledger here (create one with `hhtax init`)"),
    "journal.directory": ("{where}: thư mục là sổ văn bản, không phải sổ SQLite",
                          "{where}: a directory is a plain-text ledger, not a SQLite one"),
    "journal.permission": ("{where}: không có quyền: không đọc được sổ",
                           "{where}: permission denied: cannot read the ledger"),
    "journal.not_sqlite": ("{where}: không phải sổ hhtax (không phải tệp SQLite)",
                           "{where}: not an hhtax ledger (not a SQLite file)"),
    "journal.read_only": (
        "{where}: chỉ đọc: không ghi được sổ (hoặc thư mục của sổ); chưa ghi gì. Các lệnh đọc vẫn chạy; "
        "chép sổ sang nơi ghi được để sửa",
        "{where}: read-only: the ledger (or its directory) cannot be written; nothing was written. Read "
        "commands work; copy the ledger somewhere writable to change it"),
})


def translate(exc: sqlite3.Error, name: str) -> LedgerError:
    """The hhtax error for a SQLite error met on the ledger `name`."""
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return LedgerBusy(msg("journal.busy", where=name, error=literal(text), seconds=f"{BUSY_TIMEOUT_S:g}"))
    if getattr(exc, "sqlite_errorcode", None) == SQLITE_READONLY or "readonly database" in text:
        return read_only_error(Path(name))
    if isinstance(exc, sqlite3.IntegrityError) or "unable to open" in text:
        return LedgerError(msg("journal.where", where=name, error=literal(text)))
    return LedgerCorrupt(msg("journal.unreadable", where=name, error=literal(text)))


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
        raise LedgerError(msg("journal.cannot_read", where=str(path), error=_reason(exc))) from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise LedgerError(msg("journal.not_file", where=str(path)))


# The files this process has SQLite connections open on, by (device, inode), with how many. Closing
# any descriptor of a file drops every POSIX lock the process holds on it, SQLite's included: a
# header read while another thread's connection is inside a transaction would let another process
# write the file at the same time ("How To Corrupt An SQLite Database File" §2.2; `hhtax serve`
# opens a ledger per request in many threads). So the header is read only while no connection of
# this process has the file open, and connections are made under the same lock.
_IN_USE: dict[tuple[int, int], int] = {}
_IN_USE_LOCK = threading.Lock()


def _inode(path: str | Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class _Connection(sqlite3.Connection):
    """A connection counted in `_IN_USE` while it is open."""

    hhtax_inode: tuple[int, int] | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            key, self.hhtax_inode = self.hhtax_inode, None
            if key is not None:
                with _IN_USE_LOCK:
                    left = _IN_USE.get(key, 1) - 1
                    if left > 0:
                        _IN_USE[key] = left
                    else:
                        _IN_USE.pop(key, None)


def _connect(path: Path, target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
    """`sqlite3.connect(target)` for the ledger at `path`, counted in `_IN_USE` until closed."""
    with _IN_USE_LOCK:
        db = sqlite3.connect(target, uri=uri, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                             factory=_Connection)
        key = _inode(path)
        if key is not None:
            db.hhtax_inode = key
            _IN_USE[key] = _IN_USE.get(key, 0) + 1
    return db


def check_header(path: Path) -> None:
    """LedgerError unless `path` is an existing file that starts like a SQLite database (not read
    again while this process has it open: SQLite has read it, see `_IN_USE`)."""
    check_kind(path)
    with _IN_USE_LOCK:
        if _inode(path) in _IN_USE:
            return
        _check_magic(path)


def _check_magic(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise LedgerError(msg("ledger.none_here", path=str(path))) from None
    except IsADirectoryError:
        raise LedgerError(msg("journal.directory", where=str(path))) from None
    except PermissionError:
        raise LedgerError(msg("journal.permission", where=str(path))) from None
    if header != SQLITE_MAGIC:
        raise LedgerCorrupt(msg("journal.not_sqlite", where=str(path)))


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), with hhtax's settings."""
    db = _connect(path, path)
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
    return LedgerError(msg("journal.read_only", where=str(path)))


def _reason(exc: OSError) -> Message:
    """The operating system's reason, as it gives it."""
    return literal(str(exc.strerror))


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
        db = _connect(path, f"{uri}?mode=ro", uri=True)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            db.close()
            db = _connect(path, f"{uri}?mode=ro&immutable=1", uri=True)
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except sqlite3.Error as exc:
        raise translate(exc, str(path)) from None
    return db


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")

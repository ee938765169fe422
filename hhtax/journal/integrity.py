"""Physical integrity around every write: refuse a damaged file, report a full disk, fold the WAL.

A ledger is a legal record (books: TT 88/2021/TT-BTC, TT 152/2025/TT-BTC), so hhtax never adds rows
to a file SQLite itself finds damaged: before the first write of a process (and again whenever the
file changed since the last check), `PRAGMA quick_check` must pass. It costs about 0.6 s at a
million entries, so it runs once per process and file state, never per row or per request.

A full disk makes SQLite roll the transaction back by itself; hhtax then says so in one line and
checks that the ledger is still whole. After each write command the WAL is checkpointed into the
main file (`checkpoint`), so the `.sqlite` file alone holds every committed row.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from hhtax.errors import LedgerCorrupt, LedgerError
from hhtax.journal.connection import translate

SQLITE_IOERR = 10
SQLITE_FULL = 13
_checked: dict[str, tuple[int, ...]] = {}
"""Resolved path → the file state (`_state`) that last passed `quick_check` in this process."""


def _state(path: Path) -> tuple[int, ...]:
    """What changes when another process writes the file: identity, size and time of the main
    file and of its WAL (a missing WAL and an empty one are the same state)."""
    state: list[int] = []
    for name in (path, Path(f"{path}-wal")):
        try:
            info = os.stat(name)
        except OSError:
            state.extend((0, 0, 0, 0))
            continue
        if info.st_size == 0 and name != path:
            state.extend((0, 0, 0, 0))
            continue
        state.extend((info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns))
    return tuple(state)


def damage(db: sqlite3.Connection, path: Path, *, full: bool = False) -> list[str]:
    """What is physically wrong with the ledger file: a size that is not a whole number of pages
    (SQLite writes the main file only in whole pages, so a cut file shows here even where the lost
    bytes happened to be zeros), then SQLite's own findings (`quick_check`, or `integrity_check`
    when `full`); empty when the file is sound."""
    page_size = int(db.execute("PRAGMA page_size").fetchone()[0])
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0
    if size % page_size:
        return [f"the file is cut short: {size} bytes is not a whole number of {page_size}-byte pages"]
    pragma = "integrity_check" if full else "quick_check"
    rows = [str(row[0]) for row in db.execute(f"PRAGMA {pragma}(20)")]
    return [] if rows == ["ok"] else rows


def refuse_if_damaged(db: sqlite3.Connection, path: Path) -> None:
    """LedgerCorrupt if the ledger fails `quick_check`; once per process and file state."""
    key = str(path.resolve())
    state = _state(path)
    if _checked.get(key) == state:
        return
    try:
        problems = damage(db, path)
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if problems:
        raise LedgerCorrupt(f"{path}: the file is damaged ({problems[0]}); nothing was written. Restore the "
                            "latest copy made with `hhtax backup` (docs/security.md, recovery)")
    _checked[key] = state


def _mark_checked(path: Path) -> None:
    """The file changed by this process's own committed write: it stays checked."""
    key = str(path.resolve())
    if key in _checked:
        _checked[key] = _state(path)


@contextmanager
def writing(db: sqlite3.Connection, path: Path, *, outermost: bool) -> Iterator[None]:
    """The write transaction (`BEGIN IMMEDIATE` … `COMMIT`, or joining the one open when not
    `outermost`), after the damage check, with SQLite's errors made hhtax's."""
    if not outermost:
        yield
        return
    try:
        db.execute("BEGIN IMMEDIATE")
        refuse_if_damaged(db, path)
        yield
        db.execute("COMMIT")
    except BaseException as exc:
        if db.in_transaction:
            db.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise _write_error(exc, db, path) from None
        raise
    _mark_checked(path)


def _write_error(exc: sqlite3.Error, db: sqlite3.Connection, path: Path) -> LedgerError:
    """The hhtax error for a failed write: a full disk is named as such, with whether the ledger
    is still whole (SQLite rolled the transaction back)."""
    code = getattr(exc, "sqlite_errorcode", None) or 0
    if code == SQLITE_FULL:
        what = "the disk is full"
    elif code & 0xFF == SQLITE_IOERR:
        what = f"writing to the disk failed ({exc})"
    else:
        return translate(exc, str(path))
    try:
        whole = not damage(db, path)
    except sqlite3.Error:
        whole = False
    if whole:
        return LedgerError(f"{path}: {what}; nothing was written and the ledger is intact. Free some space "
                           "(or fix the disk) and run the command again")
    return LedgerCorrupt(f"{path}: {what} and the ledger fails SQLite's check; restore the latest copy made "
                         "with `hhtax backup`")


def checkpoint(db: sqlite3.Connection, path: Path) -> None:
    """Copy the WAL into the main file and empty it (`wal_checkpoint(TRUNCATE)`). If a reader
    holds an old snapshot past the busy timeout, the rows stay in the WAL (committed and durable)
    and the next write's checkpoint folds them in."""
    with suppress(sqlite3.Error):
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        _mark_checked(path)

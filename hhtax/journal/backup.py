"""A consistent copy of a ledger with SQLite's online backup API.

Books must be kept (TT 88/2021/TT-BTC up to 2025, TT 152/2025/TT-BTC from 2026), so they must be
copied safely. Copying a WAL-mode SQLite file with `cp` can catch it half-written;
`sqlite3.Connection.backup` copies a consistent snapshot even while another process writes. The
copy is built under a temporary name and renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from hhtax.errors import InputError, LedgerBusy, LedgerCorrupt, LedgerError
from hhtax.journal.store import BUSY_TIMEOUT_S


def backup_ledger(source: str | Path, dest: str | Path, *, overwrite: bool = False) -> Path:
    """Copy the ledger at `source` to `dest` (a file, or a directory to put `source.name` in).

    Returns the path written. The copy is checked with `PRAGMA integrity_check` before it is
    renamed into place, so `dest` is either absent or a complete, consistent ledger.
    """
    origin = Path(source)
    target = Path(dest)
    if target.is_dir():
        target = target / origin.name
    if not origin.is_file():
        raise LedgerError(f"{origin}: no SQLite ledger here")
    if target.resolve() == origin.resolve():
        raise InputError("the backup would overwrite the ledger itself", file=str(target))
    if target.exists() and not overwrite:
        raise InputError("a file already exists here (choose another name)", file=str(target))
    if not target.parent.is_dir():
        raise InputError("directory does not exist", file=str(target.parent))
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        _copy(origin, temp)
        os.replace(temp, target)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return target


def _copy(origin: Path, temp: Path) -> None:
    try:
        src = sqlite3.connect(f"{origin.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise LedgerCorrupt(f"{origin}: cannot open ({exc})") from None
    try:
        dst = sqlite3.connect(temp)
        try:
            src.backup(dst)
            result = dst.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dst.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise LedgerBusy(f"{origin}: {exc}") from None
        raise LedgerCorrupt(f"{origin}: backup failed ({exc})") from None
    except sqlite3.Error as exc:
        raise LedgerCorrupt(f"{origin}: backup failed ({exc})") from None
    finally:
        src.close()
    if result != "ok":
        raise LedgerCorrupt(f"{origin}: the copy fails the integrity check ({result})")
    with open(temp, "rb") as handle:
        os.fsync(handle.fileno())

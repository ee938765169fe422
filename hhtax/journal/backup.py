"""A consistent, self-contained, verified copy of a ledger with SQLite's online backup API.

Books must be kept (TT 88/2021/TT-BTC up to 2025, TT 152/2025/TT-BTC from 2026), so they must be
copied safely. Copying a WAL-mode SQLite file with `cp` can catch it half-written, or leave behind
the rows still in its `-wal` file; `sqlite3.Connection.backup` copies a consistent snapshot even
while another process writes, and the copy's own WAL is folded into it before it takes its name,
so the backup is one file. The copy is built under a private temporary name (`mkstemp`: a symlink
planted in the directory is never followed) and renamed into place only if it verifies
(`hhtax.journal.verify`): a damaged, foreign or tampered ledger is not backed up, and hhtax says so.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hhtax.errors import InputError, LedgerBusy, LedgerCorrupt, LedgerError, LedgerTampered
from hhtax.fsutil import place, private_temp
from hhtax.journal.connection import check_header, open_read_only
from hhtax.journal.verify import verify_ledger


def backup_ledger(source: str | Path, dest: str | Path, *, overwrite: bool = False) -> Path:
    """Copy the ledger at `source` to `dest` (a file, or a directory to put `source.name` in).

    Returns the path written. `dest` is either left as it was or replaced by a complete copy that
    passes `verify`; a ledger that fails it is refused (nothing is written).
    """
    origin = Path(source)
    target = Path(dest)
    if target.is_dir():
        target = target / origin.name
    if target.resolve() == origin.resolve():
        raise InputError("the backup would overwrite the ledger itself", file=str(target))
    if (target.exists() or target.is_symlink()) and not overwrite:
        raise InputError("a file already exists here (choose another name)", file=str(target))
    if not target.parent.is_dir():
        raise InputError("directory does not exist", file=str(target.parent))
    try:
        check_header(origin)
        with private_temp(target) as temp:
            _copy(origin, temp)
            report = verify_ledger(temp)
            if not report.ok:
                raise LedgerTampered(f"{origin}: not backed up: {report.findings[0].message} (back up only a "
                                     "ledger that verifies; see `hhtax verify`)")
            place(temp, target, overwrite=overwrite)
    except FileExistsError:
        raise InputError("a file already exists here (choose another name)", file=str(target)) from None
    except (LedgerTampered, LedgerBusy):
        raise
    except LedgerError as exc:
        raise type(exc)(f"{origin}: not backed up: {exc}") from None
    except OSError as exc:
        raise InputError(f"cannot write the backup: {exc.strerror}", file=str(target)) from None
    return target


def _copy(origin: Path, temp: Path) -> None:
    """Copy a snapshot of `origin` into the empty file `temp` and fold the copy's WAL into it."""
    src = open_read_only(origin)
    try:
        dst = sqlite3.connect(temp, isolation_level=None)
        try:
            src.backup(dst)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            dst.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise LedgerBusy(f"{origin}: {exc}") from None
        raise LedgerCorrupt(f"the copy failed ({exc})") from None
    except sqlite3.Error as exc:
        raise LedgerCorrupt(f"the copy failed ({exc})") from None
    finally:
        src.close()

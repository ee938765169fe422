"""Opening a ledger for the front ends: a SQLite file (read and write) or a plain-text directory
(read-only), with the checks that keep missing data from looking like "no revenue".

A plain-text ledger without its journal file (`journal.csv`, exactly so named) is refused: a
directory with `household.toml` and `Journal.csv`, or no journal at all, would otherwise declare
0 đồng. The refusal names the files that look like the journal.
"""

from __future__ import annotations

import os
from pathlib import Path

from hhtax.errors import InputError, LedgerError
from hhtax.journal import Ledger, WritableLedger
from hhtax.journal import open_ledger as open_journal

HOUSEHOLD_FILE = "household.toml"
JOURNAL_FILE = "journal.csv"


def open_ledger(path: str | Path, *, journal_required: bool = True) -> Ledger:
    """Open the ledger at `path`; a directory must hold `household.toml` and `journal.csv` (without
    `journal_required`, as for `hhtax init --from`, a missing journal is no entries, but a file that
    looks like a misnamed journal is still refused)."""
    location = Path(path)
    if location.is_dir():
        check_text_ledger(location, journal_required=journal_required)
    return open_journal(location)


def open_writable(path: str | Path) -> WritableLedger:
    """Open the SQLite ledger at `path` for writing; a plain-text directory is refused."""
    location = Path(path)
    if location.is_dir():
        raise LedgerError(f"{location} is a plain-text ledger (read-only); convert it with "
                          f"`hhtax init --from {location}`")
    ledger = open_journal(location)
    if not isinstance(ledger, WritableLedger):  # pragma: no cover - a file is a SQLite ledger
        ledger.close()
        raise LedgerError(f"{location}: not a writable ledger")
    return ledger


def check_text_ledger(directory: Path, *, journal_required: bool = True) -> None:
    """InputError unless `directory` holds `household.toml` and `journal.csv` (names as written)."""
    names = sorted(item.name for item in directory.iterdir())
    for wanted in (HOUSEHOLD_FILE, JOURNAL_FILE):
        if wanted in names:
            continue
        alike = [n for n in names
                 if n.lower() == wanted or (wanted == JOURNAL_FILE and n.lower().endswith(".csv"))]
        if not alike and wanted == JOURNAL_FILE and not journal_required:
            continue
        hint = f"; found {', '.join(alike)}: rename it to {wanted}" if alike else ""
        what = "household profile" if wanted == HOUSEHOLD_FILE else "journal"
        raise InputError(f"no {what} file {wanted} in this ledger directory{hint} (file names are "
                         "case-sensitive)", file=str(directory))


def backup(source: str | Path, dest: str, *, overwrite: bool = False) -> Path:
    """A consistent copy of the SQLite ledger at `source` (`hhtax backup DEST`). `dest` ending in
    "/" names a directory, created when missing, that receives a copy under the ledger's name;
    otherwise an existing directory receives it too, and any other `dest` is the copy's file name."""
    from hhtax.fsutil import ensure_directory
    from hhtax.journal.backup import backup_ledger

    target: str | Path = dest
    if dest.endswith(("/", os.sep)):
        target = ensure_directory(dest)
    return backup_ledger(source, target, overwrite=overwrite)

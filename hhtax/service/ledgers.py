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
from hhtax.i18n import msg, register
from hhtax.journal import Ledger, WritableLedger
from hhtax.journal import open_ledger as open_journal

HOUSEHOLD_FILE = "household.toml"
JOURNAL_FILE = "journal.csv"


register({
    "ledger.text_read_only": (
        "{path} là sổ văn bản (chỉ đọc); chuyển sang SQLite bằng `hhtax init --from {path}`",
        "{path} is a plain-text ledger (read-only); convert it with `hhtax init --from {path}`"),
    "ledger.not_writable": ("{path}: không phải sổ ghi được", "{path}: not a writable ledger"),
    "ledger.rename_hint": ("; thấy {found}: đổi tên thành {wanted}",
                           "; found {found}: rename it to {wanted}"),
    "ledger.no_household_file": (
        "thư mục sổ không có tệp hồ sơ hộ {wanted}{hint} (tên tệp phân biệt chữ hoa, chữ thường)",
        "no household profile file {wanted} in this ledger directory{hint} (file names are case-sensitive)"),
    "ledger.no_journal_file": (
        "thư mục sổ không có tệp nhật ký {wanted}{hint} (tên tệp phân biệt chữ hoa, chữ thường)",
        "no journal file {wanted} in this ledger directory{hint} (file names are case-sensitive)"),
})


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
        raise LedgerError(msg("ledger.text_read_only", path=str(location)))
    ledger = open_journal(location)
    if not isinstance(ledger, WritableLedger):  # pragma: no cover - a file is a SQLite ledger
        ledger.close()
        raise LedgerError(msg("ledger.not_writable", path=str(location)))
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
        hint = msg("ledger.rename_hint", found=", ".join(alike), wanted=wanted) if alike else ""
        key = "ledger.no_household_file" if wanted == HOUSEHOLD_FILE else "ledger.no_journal_file"
        raise InputError(msg(key, wanted=wanted, hint=hint), file=str(directory))


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

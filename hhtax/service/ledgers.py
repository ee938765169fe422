"""Opening a ledger for the front ends: a SQLite file (read and write) or a plain-text directory
(read-only), with the checks that keep missing data from looking like "no revenue". This is the
one place that joins the journal to the importers and the rule packs it must not import itself
(docs/architecture.md, layers): a plain-text journal is read with the CSV importer, and the
monthly totals of a new or upgraded SQLite ledger split cash payments at the rule pack's
`cash_payment_limit` (ND 68/2026 Art 6.1), passed in from here.

A SQLite ledger is opened read-only and becomes writable at its first write, so every read
command works on an archived ledger on a read-only disk; anything that is neither a regular file
nor a directory (a FIFO, a device) is refused before it is opened.

A plain-text ledger without its journal file (`journal.csv`, exactly so named) is refused: a
directory with `household.toml` and `Journal.csv`, or no journal at all, would otherwise declare
0 đồng. The refusal names the files that look like the journal.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hhtax.errors import InputError, LedgerError
from hhtax.i18n import msg, register
from hhtax.importers.csv_file import read_csv
from hhtax.journal import Ledger
from hhtax.journal.codec import StoredRow
from hhtax.journal.connection import check_kind
from hhtax.journal.household_file import load_household
from hhtax.journal.store import SqliteLedger
from hhtax.journal.text_ledger import HOUSEHOLD_FILE, JOURNAL_FILE, TextLedger
from hhtax.journal.totals import NO_LIMIT
from hhtax.model import Entry, Household

if TYPE_CHECKING:
    from hhtax.journal.verify import VerifyReport


def split_limit() -> int:
    """The cash-payment limit new ledgers split their totals at: the latest value of the rule
    pack's `cash_payment_limit` (ND 68/2026 Art 6.1); no limit at all if the pack has none."""
    from hhtax.rules import load_rules

    rule = load_rules().find("cash_payment_limit", date.max)
    return int(rule.value) if rule is not None else NO_LIMIT


def open_text_ledger(directory: Path) -> TextLedger:
    """The plain-text ledger in `directory` (`household.toml` and, if present, `journal.csv`),
    its journal read as a stream (`TextLedger`); its sums split cash payments where new SQLite
    ledgers split theirs (`split_limit`)."""
    household = load_household(directory / HOUSEHOLD_FILE)
    journal = directory / JOURNAL_FILE
    present = journal.exists()

    def read() -> Iterator[StoredRow]:
        return read_csv(journal, household).stored() if present else iter(())

    return TextLedger(directory, household, read, split_limit())


def text_ledger_source(directory: Path) -> tuple[Household, Iterable[Entry]]:
    """The household of the plain-text ledger in `directory` and its journal, read as it is
    consumed (`hhtax init --from`): the rows stream into the new SQLite ledger's import, where each
    is validated as for `hhtax import`, without the journal being held in memory (issue 16). The
    files are checked as `open_ledger` checks them; a missing journal is no entries."""
    check_kind(directory)
    if not directory.is_dir():
        raise LedgerError(msg("ledger.none_here", path=str(directory)))
    check_text_ledger(directory, journal_required=False)
    household = load_household(directory / HOUSEHOLD_FILE)
    journal = directory / JOURNAL_FILE
    return household, read_csv(journal, household) if journal.exists() else ()


register({
    "ledger.text_read_only": (
        "{path} là sổ văn bản (chỉ đọc); chuyển sang SQLite bằng `hhtax init --from {path}`",
        "{path} is a plain-text ledger (read-only); convert it with `hhtax init --from {path}`"),
    "ledger.none_here": ("{path}: không có sổ ở đây (tạo sổ bằng `hhtax init`)",
                         "{path}: no ledger here (create one with `hhtax init`)"),
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
    check_kind(location)
    if location.is_dir():
        check_text_ledger(location, journal_required=journal_required)
        return open_text_ledger(location)
    if not location.exists():
        raise LedgerError(msg("ledger.none_here", path=str(location)))
    return SqliteLedger(location, cash_limit=split_limit())


def open_writable(path: str | Path) -> SqliteLedger:
    """Open the SQLite ledger at `path` for writing; a plain-text directory is refused."""
    location = Path(path)
    check_kind(location)
    if location.is_dir():
        raise LedgerError(msg("ledger.text_read_only", path=str(location)))
    ledger = SqliteLedger(location, cash_limit=split_limit())
    try:
        return ledger.for_writing()
    except BaseException:
        ledger.close()
        raise


def create_ledger(path: str | Path, household: Household, entries: Iterable[Entry] = ()) -> SqliteLedger:
    """Create a new SQLite ledger (never over an existing file, never through a symlink)."""
    return SqliteLedger.create(path, household, entries, cash_limit=split_limit())


def verify(path: str | Path, xml_files: Iterable[str | Path] = (), *,
           head: str | None = None) -> VerifyReport:
    """`hhtax verify`: the ledger's own checks (`hhtax.journal.verify`, with a `head` written down
    earlier), then each declaration XML file against the filings the ledger recorded
    (`hhtax.declarations.filed`)."""
    from hhtax.declarations.filed import check_filed_xml
    from hhtax.journal.verify import verify_ledger

    report = verify_ledger(path, head)
    for xml in xml_files:
        report.files_checked += 1
        finding = check_filed_xml(Path(xml), report.filed)
        if finding is not None:
            report.findings.append(finding)
    return report


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

"""Opening and creating ledgers by path: the one place that joins the journal to the importers
and the rule packs it must not import itself (docs/architecture.md, layers).

- A directory is a plain-text ledger, read with the CSV importer (read-only).
- A file is a SQLite ledger: opened read-only for reading (an archived ledger on a read-only disk
  reads), writable only for the commands that write.
- The monthly totals of a new or upgraded SQLite ledger split cash payments at the rule pack's
  `cash_payment_limit` (ND 68/2026 Art 6.1), passed in from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from hhtax.errors import LedgerError
from hhtax.importers.csv_file import read_csv
from hhtax.journal import Ledger
from hhtax.journal.connection import check_kind
from hhtax.journal.household_file import load_household
from hhtax.journal.store import SqliteLedger
from hhtax.journal.text_ledger import HOUSEHOLD_FILE, JOURNAL_FILE, TextLedger
from hhtax.journal.totals import NO_LIMIT
from hhtax.journal.verify import VerifyReport, verify_ledger
from hhtax.model import Entry, Household


def split_limit() -> int:
    """The cash-payment limit new ledgers split their totals at: the latest value of the rule
    pack's `cash_payment_limit` (ND 68/2026 Art 6.1); no limit at all if the pack has none."""
    from hhtax.rules import load_rules

    rule = load_rules().find("cash_payment_limit", date.max)
    return int(rule.value) if rule is not None else NO_LIMIT


def open_text_ledger(directory: Path) -> TextLedger:
    """The plain-text ledger in `directory` (`household.toml` and `journal.csv`)."""
    household = load_household(directory / HOUSEHOLD_FILE)
    journal = directory / JOURNAL_FILE
    rows = read_csv(journal, household).stored() if journal.exists() else iter(())
    return TextLedger(directory, household, rows)


def open_ledger(path: str | Path) -> Ledger:
    """Open a ledger for reading: a directory is a plain-text ledger, a file a SQLite ledger
    opened read-only. Anything else (a FIFO, a device) is refused."""
    location = Path(path)
    check_kind(location)
    if location.is_dir():
        return open_text_ledger(location)
    if not location.exists():
        raise LedgerError(f"{location}: no ledger here (create one with `hhtax init`)")
    return SqliteLedger(location, read_only=True)


def open_writable(path: str | Path) -> SqliteLedger:
    """Open a SQLite ledger for writing (upgrading a ledger made by an older hhtax)."""
    location = Path(path)
    check_kind(location)
    if location.is_dir():
        raise LedgerError(f"{location}: a plain-text ledger is read-only; convert it with "
                          "`hhtax init --from`")
    return SqliteLedger(location, cash_limit=split_limit())


def create_ledger(path: str | Path, household: Household, entries: Iterable[Entry] = ()) -> SqliteLedger:
    """Create a new SQLite ledger (never over an existing file)."""
    return SqliteLedger.create(path, household, entries, cash_limit=split_limit())


def verify(path: str | Path, xml_files: Iterable[str | Path] = ()) -> VerifyReport:
    """`hhtax verify`: the ledger's own checks (`hhtax.journal.verify`), then each declaration
    XML file against the filings the ledger recorded (`hhtax.declarations.filed`)."""
    from hhtax.declarations.filed import check_filed_xml

    report = verify_ledger(path)
    for xml in xml_files:
        report.files_checked += 1
        finding = check_filed_xml(Path(xml), report.filed)
        if finding is not None:
            report.findings.append(finding)
    return report

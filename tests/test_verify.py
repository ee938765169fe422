"""Tamper evidence: `hhtax verify` finds the first entry altered, deleted or inserted behind hhtax's
back (the SQLite file edited with sqlite3 after dropping the append-only triggers), dropped
triggers, and declaration files that differ from what was filed; `hhtax backup` copies consistently."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from hhtax.cli.main import cli
from hhtax.declarations.filed import declaration_files
from hhtax.errors import InputError, LedgerError
from hhtax.journal.backup import backup_ledger
from hhtax.journal.filings import FilingRecord
from hhtax.journal.store import SqliteLedger
from hhtax.journal.verify import verify_ledger
from hhtax.model import Entry, EntryKind, Household
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.service.ledgers import create_ledger, verify
from hhtax.service.returns import file_return

HOUSEHOLD = Household.model_validate({
    "tax_code": "0314409058", "name": "Trần Văn Bình",
    "lines": [{"id": "shop", "group": "goods"}],
})


def _ledger(tmp_path: Path, count: int = 10) -> Path:
    path = tmp_path / "l.sqlite"
    with create_ledger(path, HOUSEHOLD) as ledger:
        ledger.import_entries(
            Entry(date=date(2026, 1, 1 + i), kind=EntryKind.SALE, amount=100_000 * (i + 1), line="shop",
                  doc=f"HD{i + 1}", source=f"pos:{i + 1}")
            for i in range(count))
    return path


def _edit(path: Path, *sql: str) -> None:
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER IF EXISTS entries_append_only_update")
    db.execute("DROP TRIGGER IF EXISTS entries_append_only_delete")
    for statement in sql:
        db.execute(statement)
    db.commit()
    db.close()


def test_intact_ledger_verifies(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    report = verify_ledger(path)
    assert report.ok and report.entries == 10 and len(report.head) == 64
    result = CliRunner().invoke(cli, ["--ledger", str(path), "--lang", "en", "verify"])
    assert result.exit_code == 0
    assert "10 entries" in result.output


def test_altered_amount_is_the_first_finding(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    _edit(path, "UPDATE entries SET amount = 1 WHERE id = 4", "UPDATE entries SET amount = 2 WHERE id = 7")
    report = verify_ledger(path)
    assert not report.ok
    assert (report.findings[0].kind, report.findings[0].entry_id) == ("altered", 4)
    assert any(f.kind == "trigger_dropped" for f in report.findings)


def test_altered_text_field_is_found(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    _edit(path, "UPDATE entries SET description = 'sửa' WHERE id = 9")
    first = verify_ledger(path).findings[0]
    assert (first.kind, first.entry_id) == ("altered", 9)


def test_altered_last_entry_is_altered_not_inserted(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    _edit(path, "UPDATE entries SET amount = 7 WHERE id = 10")
    first = verify_ledger(path).findings[0]
    assert (first.kind, first.entry_id) == ("altered", 10)


def test_deleted_entry_is_found(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    _edit(path, "DELETE FROM entries WHERE id = 5")
    first = verify_ledger(path).findings[0]
    assert (first.kind, first.entry_id) == ("deleted", 5)


def test_deleted_last_entries_are_found_by_head_and_totals(tmp_path: Path) -> None:
    """Truncating the end keeps the entries' own chain consistent; the ledger log still records
    entry 10, and the maintained monthly totals no longer match the entries."""
    path = _ledger(tmp_path)
    head_before = verify_ledger(path).head
    _edit(path, "DELETE FROM entries WHERE id = 10")
    report = verify_ledger(path, head=head_before)
    assert report.entries == 9 and report.head == head_before
    assert {f.kind for f in report.findings} == {"trigger_dropped", "totals_altered", "deleted"}


def test_inserted_entry_is_found(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    _edit(path, "INSERT INTO entries (id, date, kind, amount, line, doc, description, payment, item, unit, "
                "transfer_to, withheld, withheld_vat, withheld_pit, counterparty, source, natural_key, hash) "
                "VALUES (11, '2026-01-20', 'sale', 5, 'shop', '', '', 'cash', '', '', '', 0, 0, 0, '', 'x', "
                f"'manual', '{'ab' * 32}')")
    first = verify_ledger(path).findings[0]
    assert (first.kind, first.entry_id) == ("inserted", 11)


def test_inserted_entry_in_a_gap_is_found(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    _edit(path, "DELETE FROM entries WHERE id = 3",
          "INSERT INTO entries SELECT 3, date, kind, 1, line, doc, description, payment, category, item, "
          "unit, qty, unit_price, tax, transfer_to, vat_cut, withheld, withheld_vat, withheld_pit, "
          "counterparty, reverses, source, 'n3', hash FROM entries WHERE id = 2")
    first = verify_ledger(path).findings[0]
    assert first.entry_id == 3 and first.kind in ("altered", "inserted")


def test_cli_reports_one_line_and_exit_1(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    _edit(path, "UPDATE entries SET amount = amount + 1 WHERE id = 2")
    result = subprocess.run([sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(path), "verify"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"Error: {path}: entry 2 was altered outside hhtax")
    as_json = CliRunner().invoke(cli, ["--ledger", str(path), "verify", "--json"])
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    assert data["ok"] is False and data["findings"][0]["entry"] == 2


def test_filed_declaration_hash(tmp_path: Path) -> None:
    """A return filed with `declare` verifies; the same file edited afterwards is caught, by name."""
    path = tmp_path / "filed.sqlite"
    household = HOUSEHOLD.model_copy(update={"tax_code": "001085012345"})
    with create_ledger(path, household) as ledger:
        ledger.import_entries(Entry(date=date(2026, month, 10), kind=EntryKind.SALE, amount=450_000_000,
                                    line="shop", doc=f"HD{month}") for month in (1, 2, 3))
        filed = file_return(ledger, Period.parse("2026-Q1"), load_rules(), tmp_path, on=date(2026, 4, 10))
    assert filed.xml_path is not None and filed.recorded
    (tmp_path / "notes.xml").write_bytes(b"<ghi-chu/>")
    report = verify(path, declaration_files(tmp_path))
    assert report.ok and report.filings == 1 and report.files_checked == 1
    original = filed.xml_path.read_bytes()
    filed.xml_path.write_bytes(original.replace(b"<ct32>", b"<ct32>1", 1) if b"<ct32>" in original
                               else original.replace(b"</HSoKhaiThue>", b"<x/></HSoKhaiThue>"))
    findings = verify(path, [filed.xml_path]).findings
    assert [f.kind for f in findings] == ["filing_mismatch"] and "01/CNKD 2026-Q1" in findings[0].message
    result = CliRunner().invoke(cli, ["--ledger", str(path), "verify", "--dir", str(tmp_path), "--json"])
    assert result.exit_code == 1 and json.loads(result.stdout)["findings"][0]["kind"] == "filing_mismatch"
    stranger = verify(path, [tmp_path / "notes.xml"]).findings
    assert [f.kind for f in stranger] == ["filing_unknown"]


def test_not_a_ledger_is_a_typed_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00garbage" * 100)
    with pytest.raises(LedgerError):
        verify_ledger(junk)
    with pytest.raises(LedgerError):
        verify_ledger(tmp_path / "missing.sqlite")


def test_backup_is_a_consistent_verified_copy(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    dest = backup_ledger(path, tmp_path / "copy.sqlite")
    assert verify_ledger(dest).ok
    db = sqlite3.connect(dest)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 10
    db.close()
    with pytest.raises(InputError):
        backup_ledger(path, dest)
    with pytest.raises(InputError):
        backup_ledger(path, path)
    (tmp_path / "dir").mkdir()
    assert backup_ledger(path, tmp_path / "dir").name == "l.sqlite"
    result = CliRunner().invoke(cli, ["--ledger", str(path), "backup", str(tmp_path / "cli.sqlite")])
    assert result.exit_code == 0 and verify_ledger(tmp_path / "cli.sqlite").ok


def test_unlocking_a_filed_period_is_found(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    with SqliteLedger(path) as ledger:
        ledger.record_filing(FilingRecord("2026-Q1", "01/CNKD", "C", 0, "ab" * 32, "{}",
                                          "2026-04-10T09:00:00"))
    assert verify_ledger(path).ok
    db = sqlite3.connect(path)
    db.executescript("DROP TRIGGER period_locks_no_update; UPDATE period_locks SET period_start = '2026-02-01'")
    db.close()
    assert sorted(f.kind for f in verify_ledger(path).findings) == ["altered", "lock_changed", "trigger_dropped"]


def test_edited_monthly_totals_are_found(tmp_path: Path) -> None:
    """`assess` reads the maintained monthly totals, so an edit there must be caught too."""
    path = _ledger(tmp_path)
    db = sqlite3.connect(path)
    db.execute("UPDATE monthly_totals SET amount = amount - 100000 WHERE kind = 'sale'")
    db.commit()
    db.close()
    report = verify_ledger(path)
    assert [f.kind for f in report.findings] == ["totals_altered"]
    assert "2026-01" in report.findings[0].message

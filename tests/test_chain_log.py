"""Issue 14 #5: the chain covers the natural key, the household profile, filings, period locks,
estimates (and any later table), the triggers' SQL; heads printed on filed returns prove the past.

Each tampering is done the way an attacker with the file would: drop the append-only trigger,
edit, and put back a trigger with the same name and SQL, so that only the chain can tell.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

from hhtax.journal.estimates import EstimateRecord
from hhtax.journal.filings import FilingRecord
from hhtax.journal.schema import LATEST_VERSION, expected_triggers
from hhtax.journal.verify import verify_ledger
from hhtax.model import Entry, EntryKind, Household
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.service.ledgers import create_ledger, open_writable
from hhtax.service.returns import file_return

ROOT = Path(__file__).parent.parent
HOUSEHOLD = Household.model_validate({"tax_code": "001085012345", "name": "Trần Văn Bình",
                                      "lines": [{"id": "shop", "group": "goods"}]})


def _ledger(tmp_path: Path) -> Path:
    path = tmp_path / "l.sqlite"
    with create_ledger(path, HOUSEHOLD) as ledger:
        ledger.import_entries(Entry(date=date(2026, 1 + i % 3, 10 + i), kind=EntryKind.SALE, amount=100_000_000,
                                    line="shop", doc=f"HD{i + 1}") for i in range(9))
        ledger.record_filing(FilingRecord("2026-Q1", "01/CNKD", "C", 0, "ab" * 32, "{}", "2026-04-10T09:00:00"))
        ledger.record_estimate(EstimateRecord(2026, 1_200_000_000, "2026-01-02T08:00:00+00:00"))
    return path


def _tamper(path: Path, sql: str) -> None:
    """Edit the file behind hhtax's back and restore every trigger exactly as hhtax made it."""
    db = sqlite3.connect(path)
    triggers = expected_triggers(LATEST_VERSION)
    for name in triggers:
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    db.executescript(sql)
    for statement in triggers.values():
        db.execute(statement)
    db.commit()
    db.close()


def _verify_cli(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(path), "verify", *args],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_an_intact_ledger_verifies_and_its_head_covers_the_last_entry(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    report = verify_ledger(path)
    assert report.ok and report.head_entry == 9
    done = _verify_cli(path, "--head", report.head)
    assert done.returncode == 0 and "not rewritten" in done.stdout


def test_a_natural_key_given_to_another_entry_is_found(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    _tamper(path, "UPDATE entries SET natural_key = 'doc:HD99\x1f2026-06-30\x1f250000000\x1fsale\x1fshop\x1f#1' "
                  "WHERE id = 2")
    findings = verify_ledger(path).findings
    assert [f.kind for f in findings] == ["altered"] and "natural key" in findings[0].message
    done = _verify_cli(path)
    assert done.returncode == 1 and "natural key" in done.stderr


def test_the_household_profile_switched_from_goods_to_services_is_found(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    _tamper(path, "UPDATE household SET json = replace(json, '\"goods\"', '\"services\"')")
    findings = verify_ledger(path).findings
    assert [f.kind for f in findings] == ["altered"] and "household profile" in findings[0].message


def test_deleting_a_filing_and_its_lock_is_found(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    _tamper(path, "DELETE FROM filings; DELETE FROM period_locks;")
    messages = " | ".join(f.message for f in verify_ledger(path).findings)
    assert "filed declaration was deleted" in messages and "period lock was deleted" in messages


def test_an_edited_estimate_is_found(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    _tamper(path, "UPDATE estimates SET revenue = 900000000")
    findings = verify_ledger(path).findings
    assert [f.kind for f in findings] == ["altered"] and "revenue estimate" in findings[0].message


def test_a_table_added_later_is_covered_without_registering_it(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    with open_writable(path) as ledger, ledger.transaction():
        ledger._db.execute("CREATE TABLE leases (id INTEGER PRIMARY KEY, rent INTEGER NOT NULL) STRICT")
        ledger._db.execute("INSERT INTO leases (rent) VALUES (15000000)")
    assert verify_ledger(path).ok
    _tamper(path, "UPDATE leases SET rent = 1")
    assert [f.kind for f in verify_ledger(path).findings] == ["altered"]


def test_no_op_triggers_with_the_right_names_are_found(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    db = sqlite3.connect(path)
    db.executescript("DROP TRIGGER entries_append_only_update; CREATE TRIGGER entries_append_only_update "
                     "BEFORE UPDATE ON entries BEGIN SELECT 1; END;")
    db.close()
    assert [f.kind for f in verify_ledger(path).findings] == ["trigger_changed"]


def test_a_head_written_down_proves_the_past_and_catches_a_rewrite(tmp_path: Path) -> None:
    """A ledger rebuilt from scratch with hhtax's own functions verifies on its own; only a head
    noted before the rewrite shows it."""
    path = _ledger(tmp_path)
    noted = verify_ledger(path).head
    with open_writable(path) as ledger:  # honest later work keeps the old head valid
        ledger.add(Entry(date=date(2026, 4, 2), kind=EntryKind.SALE, amount=5_000, line="shop", doc="HD10"))
    assert _verify_cli(path, "--head", noted).returncode == 0
    path.unlink()
    with create_ledger(path, HOUSEHOLD) as ledger:  # the past rewritten: the first sale halved
        ledger.import_entries(Entry(date=date(2026, 1 + i % 3, 10 + i), kind=EntryKind.SALE,
                                    amount=50_000_000 if i == 0 else 100_000_000, line="shop", doc=f"HD{i + 1}")
                              for i in range(9))
    assert verify_ledger(path).ok
    done = _verify_cli(path, "--head", noted)
    assert done.returncode == 1 and "not in this ledger's chain" in done.stderr


def test_a_filed_return_carries_the_head_it_was_prepared_at(tmp_path: Path) -> None:
    path = tmp_path / "filed.sqlite"
    with create_ledger(path, HOUSEHOLD) as ledger:
        ledger.import_entries(Entry(date=date(2026, month, 10), kind=EntryKind.SALE, amount=450_000_000,
                                    line="shop", doc=f"HD{month}") for month in (1, 2, 3))
        head, entry = ledger.chain_head()
        filed = file_return(ledger, Period.parse("2026-Q1"), load_rules(), tmp_path, on=date(2026, 4, 10))
        assert filed.recorded and filed.prepared.chain_head == head and entry == 3
        assert filed.to_dict()["chain_head"] == head
        assert ledger.filings()[0].chain_head == head
    assert _verify_cli(path, "--head", head).returncode == 0


def test_a_ledger_of_schema_3_is_upgraded_without_losing_anything(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    db = sqlite3.connect(path)
    before = {table: db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
              for table in ("entries", "household", "period_locks", "estimates")}
    filings = db.execute("SELECT period, form, kind, seq, xml_sha256, payload, filed_at FROM filings").fetchall()
    db.executescript("DROP TABLE chain_log; DROP TRIGGER household_no_update; DROP TRIGGER household_no_delete; "
                     "DROP TRIGGER period_locks_no_update; ALTER TABLE filings DROP COLUMN chain_head; "
                     "DROP TABLE stock_totals; UPDATE schema_version SET version = 3;")
    db.close()
    assert verify_ledger(path).ok  # a schema-3 ledger: checked by its entries' chain
    with open_writable(path):
        pass
    db = sqlite3.connect(path)
    assert db.execute("SELECT version FROM schema_version").fetchone()[0] == LATEST_VERSION
    after = {table: db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in before}
    assert after == before
    assert db.execute("SELECT period, form, kind, seq, xml_sha256, payload, filed_at FROM filings").fetchall() \
        == filings
    db.close()
    report = verify_ledger(path)
    assert report.ok and report.head_entry == 9

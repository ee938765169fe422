"""Concurrency: two processes importing different files into the same ledger at once.

Both must succeed (SQLite's WAL and busy timeout serialise the two transactions) or one must fail
with the clear "ledger busy" message; no row may be lost or doubled, and the hash chain must hold.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hhtax.errors import LedgerBusy
from hhtax.importers import import_file
from hhtax.journal import connection
from hhtax.journal.store import SqliteLedger
from hhtax.journal.verify import verify_ledger
from hhtax.service.ledgers import create_ledger
from hhtax.model import Household

ROWS = 4000
HOUSEHOLD = Household.model_validate({"tax_code": "0314409058", "name": "Hoàng Văn Nam",
                                      "lines": [{"id": "shop", "group": "goods"}]})


def _csv(path: Path, prefix: str) -> Path:
    lines = ["date,kind,amount,doc"]
    lines += [f"2026-{1 + i % 12:02d}-{1 + i % 28:02d},sale,{5_000 + i},{prefix}-{i}" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_two_processes_import_at_once(tmp_path: Path) -> None:
    files = [_csv(tmp_path / f"{prefix}.csv", prefix) for prefix in ("A", "B")]
    for trial in range(2):
        ledger = tmp_path / f"shared{trial}.sqlite"
        create_ledger(ledger, HOUSEHOLD).close()
        processes = [subprocess.Popen([sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(ledger),
                                       "import", str(file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True) for file in files]
        results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in processes]
        for p in processes:
            for stream in (p.stdout, p.stderr):
                if stream:
                    stream.close()
        succeeded = [prefix for prefix, (code, _) in zip("AB", results, strict=True) if code == 0]
        for code, stderr in results:
            assert code == 0 or (code == 1 and "ledger busy" in stderr), stderr
        assert succeeded, "at least one import must get through"
        db = sqlite3.connect(ledger)
        docs = [row[0] for row in db.execute("SELECT doc FROM entries")]
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()
        assert len(docs) == len(set(docs)) == ROWS * len(succeeded)
        for prefix in "AB":
            mine = sum(1 for doc in docs if doc.startswith(f"{prefix}-"))
            assert mine == (ROWS if prefix in succeeded else 0)
        assert verify_ledger(ledger).ok


def test_a_held_write_lock_gives_ledger_busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer holding the lock past the busy timeout: LedgerBusy, and nothing written."""
    ledger = tmp_path / "busy.sqlite"
    create_ledger(ledger, HOUSEHOLD).close()
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(ledger, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with SqliteLedger(ledger) as opened, pytest.raises(LedgerBusy, match="locked"):
            opened.import_entries(import_file(_csv(tmp_path / "C.csv", "C"), HOUSEHOLD))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with SqliteLedger(ledger) as opened:
        assert opened.count() == 0


def test_a_ledger_open_in_this_process_is_not_read_behind_sqlite(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing any descriptor of a file drops the POSIX locks the process holds on it, SQLite's
    included: while one connection (another thread's, in `hhtax serve`) has the ledger open, opening
    it again must not read the file outside SQLite; once all are closed, the header is checked again."""
    ledger = tmp_path / "open.sqlite"
    create_ledger(ledger, HOUSEHOLD).close()
    reads: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        reads.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy)
    with SqliteLedger(ledger) as first, SqliteLedger(ledger) as second:
        assert second.count() == first.count() == 0
    assert reads == [ledger]
    with SqliteLedger(ledger):
        pass
    assert reads == [ledger, ledger]
    assert connection._inode(ledger) not in connection._IN_USE

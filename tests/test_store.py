"""The SQLite journal store: append-only, dedupe, reversals, locks, errors, aggregates."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hhtax.errors import InputError, LedgerBusy, LedgerCorrupt, LedgerError, PeriodLocked
from hhtax.journal import connection, store
from hhtax.journal.aggregates import aggregate_entries
from hhtax.journal.chain import GENESIS_HASH, chain_hash, content_text
from hhtax.journal.codec import ENTRY_COLUMNS
from hhtax.journal.filings import FilingRecord
from hhtax.journal.store import SqliteLedger
from hhtax.journal.verify import verify_ledger
from hhtax.service.ledgers import create_ledger, open_ledger
from hhtax.model import CostCategory, Entry, EntryKind, TaxKind
from hhtax.periods import Period
from tests.ledger_helpers import household, seeded_ledger


def sale(day: str = "2026-02-01", amount: int = 100_000, doc: str = "", **more: object) -> Entry:
    return Entry(date=date.fromisoformat(day), kind=EntryKind.SALE, amount=amount, line="shop", doc=doc,
                 **more)  # type: ignore[arg-type]


def filing(period: str = "2026-Q1") -> FilingRecord:
    return FilingRecord(period=period, form="01/CNKD", kind="C", seq=0, xml_sha256="ab" * 32,
                        payload="{}", filed_at="2026-04-20T10:00:00+00:00")


@pytest.fixture
def ledger(tmp_path: Path) -> SqliteLedger:
    return create_ledger(tmp_path / "h.sqlite", household())


def test_create_and_reopen_keeps_the_household(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    create_ledger(path, household()).close()
    reopened = open_ledger(path)
    assert isinstance(reopened, SqliteLedger)
    assert reopened.household == household()
    assert reopened.count() == 0
    reopened.close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not list(tmp_path.glob(".*tmp"))


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    path.write_text("precious")
    with pytest.raises(LedgerError, match="already exists"):
        create_ledger(path, household())
    assert path.read_text() == "precious"


def test_tables_are_strict_and_amounts_integer(ledger: SqliteLedger) -> None:
    ledger.add(sale())
    db = sqlite3.connect(ledger.path)
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'entries'").fetchone()[0]
    assert sql.rstrip().endswith("STRICT")
    with pytest.raises(sqlite3.Error):
        db.execute("INSERT INTO entries (id, date, amount) VALUES (99, '2026-01-01', 'many')")


def test_entries_round_trip(ledger: SqliteLedger) -> None:
    entry = Entry(date=date(2026, 3, 4), kind=EntryKind.PURCHASE, amount=1_250_000, doc="PN7",
                  description="Nhập gạo ST25", payment="credit", category=CostCategory.GOODS, item="Gạo",
                  unit="kg", qty=Decimal("12.5"), unit_price=100_000, vat_cut=True, counterparty="Cty A")
    tax = Entry(date=date(2026, 4, 20), kind=EntryKind.TAX_PAYMENT, amount=5_000, tax=TaxKind.VAT)
    first, second = ledger.add(entry), ledger.add(tax)
    assert [e.id for e in ledger.entries()] == [first, second]
    assert ledger.get(first) == entry.model_copy(update={"id": first})
    april = list(ledger.entries(date(2026, 4, 1), date(2026, 4, 30)))
    assert april == [tax.model_copy(update={"id": second})]


def test_journal_is_append_only(ledger: SqliteLedger) -> None:
    ledger.add(sale())
    db = sqlite3.connect(ledger.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE entries SET amount = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM entries")


def test_reimport_adds_nothing_and_identical_rows_in_one_file_are_kept(ledger: SqliteLedger) -> None:
    rows = [sale(doc="HD1"), sale(), sale(), sale(amount=5)]
    assert ledger.import_entries(rows) == store.ImportResult(4, 0)
    assert ledger.import_entries(rows) == store.ImportResult(0, 4)
    # an overlapping export: one old row, one more copy of the duplicated row, one new row
    assert ledger.import_entries([sale(doc="HD1"), sale(), sale(), sale(), sale(doc="HD2")]) == \
        store.ImportResult(2, 3)
    assert ledger.count() == 6


def test_add_always_appends(ledger: SqliteLedger) -> None:
    assert ledger.add(sale()) == 1
    assert ledger.add(sale()) == 2
    assert ledger.import_entries([sale(), sale()]) == store.ImportResult(0, 2)


def test_one_bad_row_writes_nothing(ledger: SqliteLedger) -> None:
    def rows() -> object:
        yield sale(doc="A")
        raise InputError("boom", file="f.csv", line=3)

    with pytest.raises(InputError):
        ledger.import_entries(rows())  # type: ignore[arg-type]
    assert ledger.count() == 0


def test_hash_chain(ledger: SqliteLedger) -> None:
    ledger.import_entries([sale(doc="A"), sale(doc="B")])
    ledger.add(sale(doc="C"))
    previous = GENESIS_HASH
    rows = sqlite3.connect(ledger.path).execute(
        f"SELECT {', '.join(ENTRY_COLUMNS)}, hash FROM entries ORDER BY id").fetchall()
    for row in rows:
        values = tuple(row[1:len(ENTRY_COLUMNS)])
        assert chain_hash(previous, row[0], content_text(values), values[-1]) == row[-1]
        previous = row[-1]
    assert len(rows) == 3


def test_reverse(ledger: SqliteLedger) -> None:
    original = ledger.add(sale(amount=700_000, withheld=True, withheld_vat=7_000, withheld_pit=3_500))
    reversal = ledger.reverse(original)
    entry = ledger.get(reversal)
    assert (entry.amount, entry.withheld_vat, entry.reverses, entry.date) == (-700_000, -7_000, original,
                                                                                date(2026, 2, 1))
    with pytest.raises(InputError, match="already reversed"):
        ledger.reverse(original)
    with pytest.raises(InputError, match="itself a reversal"):
        ledger.reverse(reversal)
    with pytest.raises(InputError, match="no entry 99"):
        ledger.reverse(99)
    assert sum(e.amount for e in ledger.entries()) == 0


def test_partial_adjustment_then_reverse_the_rest(ledger: SqliteLedger) -> None:
    original = ledger.add(sale(amount=1_000))
    ledger.add(sale(amount=-300, reverses=original))
    rest = ledger.get(ledger.reverse(original))
    assert rest.amount == -700
    with pytest.raises(InputError, match="opposite sign"):
        ledger.add(sale(amount=300, reverses=original))


def test_filings_lock_the_period(ledger: SqliteLedger) -> None:
    ledger.add(sale("2026-02-01"))
    head, entry = ledger.chain_head()
    ledger.record_filing(filing())
    assert ledger.filings() == [replace(filing(), chain_head=head)] and entry == 1
    assert ledger.locked_period(date(2026, 3, 31)) == "2026-Q1"
    assert ledger.locked_period(date(2026, 4, 1)) is None
    with pytest.raises(PeriodLocked, match="2026-Q1"):
        ledger.add(sale("2026-03-01"))
    with pytest.raises(PeriodLocked):
        ledger.import_entries([sale("2026-04-02"), sale("2026-01-02")])
    with pytest.raises(PeriodLocked):
        ledger.reverse(1)
    assert ledger.count() == 1
    ledger.add(sale("2026-03-01"), amend=True)
    ledger.reverse(1, amend=True)
    assert ledger.import_entries([sale("2026-01-01")], amend=True).added == 1
    # re-importing rows already present in a locked period is not a change
    assert ledger.import_entries([sale("2026-01-01")]).present == 1
    assert ledger.filings(Period.parse("2026-Q2")) == []


def test_not_a_ledger(tmp_path: Path) -> None:
    noise = tmp_path / "noise.sqlite"
    noise.write_bytes(bytes(range(256)))
    with pytest.raises(LedgerCorrupt, match="not a SQLite file"):
        SqliteLedger(noise)
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(LedgerCorrupt, match="not an hhtax ledger"):
        SqliteLedger(foreign)
    with pytest.raises(LedgerError, match="no ledger here"):
        SqliteLedger(tmp_path / "missing.sqlite")


def test_busy_ledger(ledger: SqliteLedger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.05)
    blocker = sqlite3.connect(ledger.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with SqliteLedger(ledger.path) as other, pytest.raises(LedgerBusy):
            other.add(sale())
    finally:
        blocker.execute("ROLLBACK")
    ledger.add(sale())
    assert ledger.count() == 1


def test_two_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    create_ledger(path, household()).close()
    first, second = SqliteLedger(path), SqliteLedger(path)
    for index in range(20):
        (first if index % 2 else second).add(sale(doc=f"D{index}"))
    assert first.count() == second.count() == 20
    first.close()
    second.close()


_kinds = st.sampled_from([EntryKind.SALE, EntryKind.SALE_RETURN, EntryKind.EXPENSE, EntryKind.PURCHASE])
_entries = st.builds(
    lambda kind, day, amount, line, doc, payment, vat_cut, withheld, wv: Entry(
        date=day, kind=kind, amount=amount, line=line, doc=doc, payment=payment, vat_cut=vat_cut,
        withheld=withheld, withheld_vat=wv, withheld_pit=wv // 2,
        category=CostCategory.RENT if kind is EntryKind.EXPENSE else None),
    _kinds, st.dates(date(2025, 11, 1), date(2026, 3, 31)), st.integers(1, 12_000_000),
    st.sampled_from(["shop", "cafe", ""]), st.sampled_from(["", "HD1", "HD2"]),
    st.sampled_from(["cash", "bank", "credit"]), st.sampled_from([None, True, False]), st.booleans(),
    st.integers(0, 50_000))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(_entries, max_size=30), limit=st.sampled_from([5_000_000, 1, 2**62]),
       window=st.sampled_from([(date(2026, 1, 1), date(2026, 12, 31)),
                               (date(2025, 1, 1), date(2026, 2, 15))]))
def test_sql_aggregates_equal_python_aggregates(tmp_path_factory: pytest.TempPathFactory,
                                                entries: list[Entry], limit: int,
                                                window: tuple[date, date]) -> None:
    path = tmp_path_factory.mktemp("agg") / "h.sqlite"
    with create_ledger(path, household()) as ledger:
        ledger.import_entries(entries)
        if entries:
            ledger.reverse(1)
        start, end = window
        expected = aggregate_entries(ledger.entries(start, end), limit)
        assert ledger.aggregates(start, end, limit) == expected


def test_seeded_ledger_helper(tmp_path: Path) -> None:
    with SqliteLedger(seeded_ledger(tmp_path)) as ledger:
        assert [e.amount for e in ledger.entries()] == [1_500_000, 800_000, 300_000]


@settings(max_examples=25, deadline=None)
@given(rows=st.lists(_entries, max_size=25), extra=st.lists(_entries, max_size=5))
def test_reimport_is_idempotent(tmp_path_factory: pytest.TempPathFactory, rows: list[Entry],
                                extra: list[Entry]) -> None:
    path = tmp_path_factory.mktemp("dedupe") / "h.sqlite"
    with create_ledger(path, household()) as ledger:
        assert ledger.import_entries(rows).added == len(rows)
        assert ledger.import_entries(rows) == store.ImportResult(0, len(rows))
        # an overlapping export: the old rows again plus some more (new documents), in one file
        extra = [e.model_copy(update={"doc": f"X{e.doc}" if e.doc else ""}) for e in extra]
        result = ledger.import_entries(rows + extra)
        assert result.added + result.present == len(rows) + len(extra)
        assert ledger.count() == len(rows) + result.added
        assert ledger.import_entries(rows + extra).added == 0


def _add_many(path: str, prefix: str, count: int) -> None:
    with SqliteLedger(path) as ledger:
        for index in range(count):
            ledger.add(sale(doc=f"{prefix}{index}"))


def test_two_processes_lose_no_writes(tmp_path: Path) -> None:
    import multiprocessing

    path = tmp_path / "h.sqlite"
    create_ledger(path, household()).close()
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_add_many, args=(str(path), prefix, 40)) for prefix in "AB"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    with SqliteLedger(path) as ledger:
        assert ledger.count() == 80
        assert [e.id for e in sorted(ledger.entries(), key=lambda e: e.id or 0)] == list(range(1, 81))
    report = verify_ledger(path)
    assert report.ok and report.entries == 80


def test_schema_version_guards(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    create_ledger(path, household()).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE schema_version SET version = 99")
    db.commit()
    db.close()
    with pytest.raises(LedgerError, match="newer hhtax"):
        SqliteLedger(path)
    with pytest.raises(LedgerError, match="cannot create the ledger"):
        create_ledger(tmp_path / "missing" / "h.sqlite", household())


def test_create_with_entries_is_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with pytest.raises(InputError, match="entry 7 does not exist"):
        create_ledger(path, household(), [sale(doc="A"), sale(amount=-5, reverses=7)])
    assert list(tmp_path.iterdir()) == []
    with create_ledger(path, household(), [sale(doc="A"), sale(amount=-100_000, reverses=1)]) as ledger:
        assert ledger.count() == 2

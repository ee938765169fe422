"""The maintained stock totals (schema 5): equal to the stock movements of the entries after any mix
of imports, adds and reversals; the stock position and item summaries valued from them equal the
ones valued from every entry; built when a schema-4 ledger is upgraded; checked by `verify`."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import astuple
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import household
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from hhtax.books.inventory import ledger_stock, ledger_summary
from hhtax.errors import InputError
from hhtax.inventory import inventory_summary, stock_position, stored_rows
from hhtax.journal import stock_totals
from hhtax.journal.schema import LATEST_VERSION
from hhtax.journal.store import SqliteLedger
from hhtax.journal.verify import verify_ledger
from hhtax.model import Entry, InventoryMethod
from hhtax.periods import Period
from hhtax.service.ledgers import create_ledger, open_writable

AVERAGE = InventoryMethod.AVERAGE
PERIODS = [Period.parse(text) for text in ("2025-Q4", "2025-12", "2026-Q1", "2026-01", "2026-02", "2026-Q2",
                                           "2026")]
ITEMS = ("Gạo tám thơm", "Đường kính", "Nước mắm")
QUANTITIES = st.sampled_from(["1", "2.5", "0.125", "3.0", "10", "1E+1", "7.50", "0"]).map(Decimal)


@st.composite
def stock_entries(draw: Any) -> Entry:
    kind = draw(st.sampled_from(["opening", "purchase", "purchase", "sale", "sale", "sale_return", "stock_out",
                                 "expense"]))
    fields: dict[str, Any] = {"date": draw(st.dates(date(2025, 11, 1), date(2026, 6, 30))), "kind": kind,
                              "amount": draw(st.integers(1, 90_000_000)), "doc": draw(st.sampled_from(["", "HD1"]))}
    if kind == "expense":
        fields["category"] = "rent"
        return Entry(**fields)
    if kind in ("sale", "sale_return"):
        fields["line"] = "shop"
    if kind == "purchase":
        fields["category"] = "goods"
    if kind == "stock_out":
        fields["amount"] = 0
    if draw(st.integers(0, 5)):
        fields.update(item=draw(st.sampled_from(ITEMS)), qty=draw(QUANTITIES),
                      unit=draw(st.sampled_from(["", "kg", "bao"])))
    return Entry(**fields)


_steps = st.lists(st.one_of(
    st.tuples(st.just("import"), st.lists(stock_entries(), max_size=15)),
    st.tuples(st.just("add"), stock_entries()),
    st.tuples(st.just("reverse"), st.integers(1, 40)),
), max_size=8)


def _apply(ledger: SqliteLedger, steps: list[tuple[str, Any]]) -> None:
    for action, argument in steps:
        if action == "import":
            ledger.import_entries(argument, corrections=True)
        elif action == "add":
            ledger.add(argument)
        else:
            with contextlib.suppress(InputError, ValidationError):  # no such entry, a reversal, already reversed
                ledger.reverse(argument)


def _exact(values: object) -> object:
    """Figures with their written form: Decimal('2.50') and Decimal('2.5') differ on a return."""
    if values is None:
        return None
    return [tuple(str(v) for v in astuple(s)) for s in values] if isinstance(values, list) else \
        tuple(str(v) for v in astuple(values))  # type: ignore[arg-type]


def _same_figures(ledger: SqliteLedger) -> None:
    for period in PERIODS:
        entries = list(ledger.entries(end=period.end))
        assert _exact(ledger_summary(ledger, period, AVERAGE)) == _exact(
            inventory_summary(entries, period, AVERAGE)), period
        for monthly in (False, True):
            assert _exact(ledger_stock(ledger, period, AVERAGE, monthly)) == _exact(
                stock_position(stored_rows(entries), period, AVERAGE, monthly)), (period, monthly)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=_steps)
def test_stock_totals_equal_the_movements_of_the_entries(tmp_path_factory: pytest.TempPathFactory,
                                                          steps: list[tuple[str, Any]]) -> None:
    path = tmp_path_factory.mktemp("stock") / "h.sqlite"
    with create_ledger(path, household(inventory_method="average")) as ledger:
        _apply(ledger, steps)
        assert ledger.totals_mismatches() == []
        db = sqlite3.connect(path)
        try:
            kept = db.execute("SELECT * FROM stock_totals ORDER BY month, item").fetchall()
            db.execute("BEGIN")
            stock_totals.rebuild(db)
            assert db.execute("SELECT * FROM stock_totals ORDER BY month, item").fetchall() == kept
            db.execute("ROLLBACK")
        finally:
            db.close()
        _same_figures(ledger)


def _stock_ledger(path: Path) -> list[Entry]:
    rows = [
        Entry(date=date(2025, 12, 31), kind="opening", amount=4_000_000, item="Gạo", qty=Decimal("200"), unit="kg"),
        Entry(date=date(2026, 1, 5), kind="purchase", amount=2_150_000, item="Gạo", qty=Decimal("100"), unit="kg",
              category="goods", doc="MH1"),
        Entry(date=date(2026, 2, 1), kind="sale", amount=5_000_000, item="Gạo", qty=Decimal("150.5"), line="shop"),
        Entry(date=date(2026, 4, 2), kind="purchase", amount=900_000, item="Đường", qty=Decimal("30"), unit="kg",
              category="goods", doc="MH2"),
        Entry(date=date(2026, 5, 9), kind="stock_out", amount=0, item="Đường", qty=Decimal("3"), unit="kg"),
    ]
    with create_ledger(path, household(inventory_method="average"), rows):
        pass
    return rows


def test_a_schema_4_ledger_is_valued_from_its_entries_then_gets_its_stock_totals(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite"
    _stock_ledger(path)
    with SqliteLedger(path) as ledger:
        expected = [(ledger_summary(ledger, p, AVERAGE), ledger_stock(ledger, p, AVERAGE, False)) for p in PERIODS]
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE stock_totals; UPDATE schema_version SET version = 4;")
    db.close()
    assert verify_ledger(path).ok  # a schema-4 ledger: no stock totals to check yet
    with SqliteLedger(path) as ledger:
        assert ledger.stock_totals(date(2026, 12, 31)) is None  # read-only: not upgraded, entries read
        assert [(ledger_summary(ledger, p, AVERAGE), ledger_stock(ledger, p, AVERAGE, False))
                for p in PERIODS] == expected
    with open_writable(path) as ledger:
        assert ledger.stock_totals(date(2026, 12, 31))
        assert ledger.totals_mismatches() == []
        assert [(ledger_summary(ledger, p, AVERAGE), ledger_stock(ledger, p, AVERAGE, False))
                for p in PERIODS] == expected
        _same_figures(ledger)
    version = sqlite3.connect(path).execute("SELECT version FROM schema_version").fetchone()[0]
    assert version == LATEST_VERSION == 5
    assert verify_ledger(path).ok


def test_stock_totals_edited_outside_hhtax_are_found(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    _stock_ledger(path)
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER IF EXISTS no_such_trigger")
    db.execute("UPDATE stock_totals SET in_value = in_value + 1 WHERE month = '2026-01'")
    db.commit()
    db.close()
    report = verify_ledger(path)
    assert [(f.kind, "2026-01" in f.message) for f in report.findings] == [("totals_altered", True)]
    with SqliteLedger(path) as ledger:
        assert ledger.totals_mismatches() == ["2026-01"]


def test_fifo_is_valued_from_the_entries(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    rows = _stock_ledger(path)
    period = Period.parse("2026-Q1")
    with SqliteLedger(path) as ledger:
        got = ledger_stock(ledger, period, InventoryMethod.FIFO, False)
    assert got == stock_position(stored_rows(rows), period, InventoryMethod.FIFO)
    assert got is not None and got.opening == 4_000_000

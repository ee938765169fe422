"""The maintained monthly totals: equal to grouping the entries after any mix of imports, adds and
reversals, for the stored cash limit and any other; rebuilt when an old ledger is opened."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from conftest import entry_strategy, household
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hhtax.errors import InputError
from hhtax.journal.aggregates import aggregate_entries
from hhtax.journal.schema import LATEST_VERSION
from hhtax.journal.store import SqliteLedger
from hhtax.journal.totals import whole_months
from hhtax.journal.verify import verify_ledger
from hhtax.service.ledgers import create_ledger, open_writable
from hhtax.model import CostCategory, Entry, EntryKind

TO_VERSION_1 = ("DROP TABLE chain_log; DROP TRIGGER household_no_update; DROP TRIGGER household_no_delete; "
                "DROP TRIGGER period_locks_no_update; ALTER TABLE filings DROP COLUMN chain_head; "
                "DROP TABLE IF EXISTS estimates; DROP TABLE monthly_totals; DROP TABLE stock_totals; DROP TABLE totals_settings; "
                "UPDATE schema_version SET version = 1;")
LIMITS = (5_000_000, 1, 3_000_000, 5_000_001, 2**62)
WINDOWS = ((date(2026, 1, 1), date(2026, 12, 31)), (date(2025, 1, 1), date(2026, 2, 15)),
           (date(2026, 1, 10), date(2026, 1, 20)), (date(2025, 12, 2), date(2026, 3, 31)),
           (date(1900, 1, 1), date(2999, 12, 31)))

_entries = entry_strategy(
    st.sampled_from([1, 999_999, 3_000_000, 4_999_999, 5_000_000, 5_000_001, 12_000_000])
    | st.integers(1, 9_000_000))
_steps = st.lists(st.one_of(
    st.tuples(st.just("import"), st.lists(_entries, max_size=12)),
    st.tuples(st.just("add"), _entries),
    st.tuples(st.just("reverse"), st.integers(1, 40)),
), max_size=8)


def _apply(ledger: SqliteLedger, steps: list[tuple[str, object]]) -> None:
    for action, argument in steps:
        if action == "import":
            ledger.import_entries(argument, corrections=True)  # type: ignore[arg-type]
        elif action == "add":
            ledger.add(argument)  # type: ignore[arg-type]
        else:
            with contextlib.suppress(InputError):  # no such entry, a reversal, already reversed
                ledger.reverse(argument)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=_steps)
def test_totals_equal_grouping_the_entries(tmp_path_factory: pytest.TempPathFactory,
                                           steps: list[tuple[str, object]]) -> None:
    path = tmp_path_factory.mktemp("totals") / "h.sqlite"
    with create_ledger(path, household()) as ledger:
        _apply(ledger, steps)
        assert ledger.totals_mismatches() == []
        everything = list(ledger.entries())
        for start, end in WINDOWS:
            chosen = [e for e in everything if start <= e.date <= end]
            for limit in LIMITS:
                expected = aggregate_entries(chosen, limit)
                assert ledger.aggregates(start, end, limit) == expected, (start, end, limit)


def test_a_limit_between_cash_amounts_of_one_month_is_still_exact(tmp_path: Path) -> None:
    rows = [Entry(date=date(2026, 5, day), kind=EntryKind.EXPENSE, amount=amount, category=CostCategory.RENT,
                  payment="cash") for day, amount in ((1, 3_000_000), (2, 6_000_000), (3, 4_000_000))]
    with create_ledger(tmp_path / "h.sqlite", household(), rows) as ledger:
        for limit in (3_000_000, 3_500_000, 4_000_001, 5_000_000, 6_000_001):
            got = ledger.aggregates(date(2026, 1, 1), date(2026, 12, 31), limit)
            assert got == aggregate_entries(rows, limit)
            assert sum(row.amount for row in got if row.key.cash_large) == sum(
                amount for amount in (3_000_000, 6_000_000, 4_000_000) if amount >= limit)


def test_a_version_1_ledger_gets_its_totals_built_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    rows = [Entry(date=date(2026, 1 + i % 12, 1 + i % 28), kind=EntryKind.SALE, amount=1_000 * (i + 1),
                  line="shop", doc=f"HD{i}", payment="cash" if i % 2 else "bank") for i in range(50)]
    with create_ledger(path, household(), rows) as ledger:
        expected = ledger.aggregates(date(2026, 1, 1), date(2026, 12, 31), 5_000_000)
    db = sqlite3.connect(path)
    db.executescript(TO_VERSION_1)
    db.close()
    with open_writable(path) as ledger:
        assert ledger.aggregates(date(2026, 1, 1), date(2026, 12, 31), 5_000_000) == expected
        assert ledger.totals_mismatches() == []
        ledger.add(rows[0])
        assert ledger.totals_mismatches() == []
    version = sqlite3.connect(path).execute("SELECT version FROM schema_version").fetchone()[0]
    assert version == LATEST_VERSION == 5
    assert verify_ledger(path).ok


def test_totals_edited_behind_hhtax_are_reported(tmp_path: Path) -> None:
    rows = [Entry(date=date(2026, 3, 3), kind=EntryKind.SALE, amount=500_000, line="shop", doc="HD1")]
    path = tmp_path / "h.sqlite"
    create_ledger(path, household(), rows).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE monthly_totals SET amount = 1")
    db.commit()
    db.close()
    with SqliteLedger(path) as ledger:
        assert ledger.totals_mismatches() == ["2026-03"]


def test_a_failed_import_leaves_the_totals_untouched(tmp_path: Path) -> None:
    with create_ledger(tmp_path / "h.sqlite", household()) as ledger:
        ledger.add(Entry(date=date(2026, 1, 5), kind=EntryKind.SALE, amount=10, line="shop"))
        before = ledger.aggregates(date(2026, 1, 1), date(2026, 12, 31), 5_000_000)
        with pytest.raises(InputError):
            ledger.import_entries([Entry(date=date(2026, 2, 1), kind=EntryKind.SALE, amount=7, line="shop"),
                                   Entry(date=date(2026, 2, 2), kind=EntryKind.SALE, amount=-7, line="shop",
                                         reverses=99)])
        assert ledger.aggregates(date(2026, 1, 1), date(2026, 12, 31), 5_000_000) == before
        assert ledger.totals_mismatches() == []


@pytest.mark.parametrize(("start", "end", "months"), [
    (date(2026, 1, 1), date(2026, 12, 31), (date(2026, 1, 1), date(2026, 12, 31))),
    (date(2026, 1, 2), date(2026, 3, 30), (date(2026, 2, 1), date(2026, 2, 28))),
    (date(2026, 1, 2), date(2026, 2, 27), None),
    (date(2024, 2, 1), date(2024, 2, 29), (date(2024, 2, 1), date(2024, 2, 29))),
    (date(9999, 12, 5), date(9999, 12, 31), None),
])
def test_whole_months(start: date, end: date, months: tuple[date, date] | None) -> None:
    assert whole_months(start, end) == months


def test_two_processes_opening_an_old_ledger_at_once_both_succeed(tmp_path: Path) -> None:
    import multiprocessing

    path = tmp_path / "old.sqlite"
    rows = [Entry(date=date(2026, 1, 1 + i), kind=EntryKind.SALE, amount=1_000, line="shop", doc=f"HD{i}")
            for i in range(20)]
    create_ledger(path, household(), rows).close()
    db = sqlite3.connect(path)
    db.executescript(TO_VERSION_1)
    db.close()
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_open_and_count, args=(str(path),)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    with SqliteLedger(path) as ledger:
        assert ledger.totals_mismatches() == []


def _open_and_count(path: str) -> None:
    with open_writable(path) as ledger:
        assert ledger.count() == 20

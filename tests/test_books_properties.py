"""Consistency of the books with the engine and with themselves (Hypothesis): revenue books' totals
equal the assessment's revenue; S2c's PIT is the engine's; cash, bank and inventory close at
opening + in − out; a year's book is the concatenation of its quarters."""

from __future__ import annotations

import io
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hhtax.books import build_book
from hhtax.books.model import Book, Row, RowStyle
from hhtax.books.render_csv import write_csv
from hhtax.ledger_tax import assess_ledger
from hhtax.service.ledgers import create_ledger
from hhtax.model import Entry, Household
from hhtax.periods import Period
from hhtax.rules import load_rules
from tests.test_books_support import MemoryLedger, household, money, qty, rows, styled

RULES = load_rules()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ITEMS = ("Gạo tám thơm", "Đường kính")
PAYMENTS = ("cash", "bank:vcb", "credit")


@st.composite
def ledgers(draw: Any, year: int = 2026) -> MemoryLedger:
    groups = draw(st.lists(st.sampled_from(["goods", "services", "production", "other", "leasing", "agent",
                                            "digital"]), min_size=1, max_size=3, unique=True))
    method = draw(st.sampled_from(["revenue", "income"])) if year >= 2026 else "revenue"
    profile = household(groups=groups, pit_method=method, pit_method_since=year,
                        inventory_method=draw(st.sampled_from(["average", "fifo"])),
                        **draw(st.sampled_from([{"filing": "quarterly"}, {  # monthly ≤ 50 bn: OQ-30
                            "filing": "monthly", "filing_override": "monthly", "filing_override_reason": "test"}])),
                        prior_year_revenue=draw(st.sampled_from([None, 500_000_000, 2_000_000_000])))
    days = st.dates(date(year, 1, 1), date(year, 12, 31))
    amounts = st.integers(1, 400_000_000)
    quantities = st.integers(1, 40).map(lambda n: Decimal(n) / 2)
    entries: list[Entry] = [Entry(date=date(year - 1, 12, 31), kind="opening", amount=draw(
        st.integers(-5_000_000, 50_000_000)), payment="cash", doc="SDDK")]
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.sampled_from(["sale", "sale", "sale_return", "purchase", "stock_out", "expense",
                                     "wage", "transfer", "capital", "drawing", "tax_payment"]))
        fields: dict[str, Any] = {"date": draw(days), "kind": kind, "amount": draw(amounts),
                                  "doc": draw(st.sampled_from(["", "HD1", "PC2"])),
                                  "payment": draw(st.sampled_from(PAYMENTS))}
        if kind in ("sale", "sale_return"):
            fields["line"] = draw(st.sampled_from(groups))
            if draw(st.booleans()):
                fields.update(item=draw(st.sampled_from(ITEMS)), qty=draw(quantities), unit="kg")
        elif kind in ("purchase", "stock_out"):
            fields.update(item=draw(st.sampled_from(ITEMS)), qty=draw(quantities), unit="kg")
            if kind == "purchase":
                fields["category"] = "goods"
        elif kind == "expense":
            fields["category"] = draw(st.sampled_from(["electricity", "rent", "other", "personal",
                                                       "owner_wage"]))
        elif kind == "wage":
            fields["category"] = "labour"
        elif kind == "transfer":
            fields.update(payment="cash", transfer_to="bank:vcb")
        elif kind == "tax_payment":
            fields["tax"] = draw(st.sampled_from(["vat", "pit"]))
        entries.append(Entry(**fields))
        if kind in ("sale", "purchase", "expense") and draw(st.integers(0, 9)) == 0:  # a reversal
            entries.append(Entry(**{**fields, "amount": -fields["amount"], "reverses": len(entries)}))
    return MemoryLedger(profile, entries)


def totals(book: Book, key: str = "amount", description: str = "Tổng cộng") -> int:
    return sum(money(book, r, key) for r in styled(book, RowStyle.TOTAL, description))


def periods(year: int) -> st.SearchStrategy[Period]:
    return st.sampled_from([Period.of_year(year), *(Period.quarter(year, q) for q in range(1, 5)),
                            Period.month(year, 2)])


@SETTINGS
@given(ledgers(), periods(2026))
def test_revenue_books_total_the_assessment_revenue(ledger: MemoryLedger, period: Period) -> None:
    revenue = assess_ledger(ledger, period, RULES).revenue.value
    for code in ("S1a-HKD", "S2a-HKD", "S2b-HKD"):
        assert totals(build_book(code, ledger, period, RULES)) == revenue, code


@SETTINGS
@given(ledgers(year=2025), periods(2025))
def test_s1_totals_the_assessment_revenue(ledger: MemoryLedger, period: Period) -> None:
    book = build_book("S1-HKD", ledger, period, RULES)
    (total_row,) = styled(book, RowStyle.TOTAL)
    assert sum(money(book, total_row, k) for k in ("g1", "g2", "g3", "g4")) == \
        assess_ledger(ledger, period, RULES).revenue.value


@SETTINGS
@given(ledgers(), periods(2026))
def test_s2c_pit_is_the_engine_pit(ledger: MemoryLedger, period: Period) -> None:
    assessment = assess_ledger(ledger, period, RULES)
    book = build_book("S2c-HKD", ledger, period, RULES)
    amounts = [money(book, r, "amount") for r in rows(book)]
    assert amounts[0] == assessment.revenue.value
    assert amounts[-1] == assessment.pit.value


def _check_money_sections(book: Book, balance: str) -> None:
    for index in range(len(book.sections)):
        (opening,) = styled(book, RowStyle.OPENING, section=index)
        (moved,) = styled(book, RowStyle.TOTAL, section=index)
        (closing,) = styled(book, RowStyle.CLOSING, section=index)
        entries = styled(book, RowStyle.ENTRY, section=index)
        assert money(book, moved, "in") == sum(money(book, r, "in") for r in entries)
        assert money(book, moved, "out") == sum(money(book, r, "out") for r in entries)
        assert money(book, closing, balance) == (money(book, opening, balance) + money(book, moved, "in")
                                                 - money(book, moved, "out"))


@SETTINGS
@given(ledgers(), periods(2026), st.sampled_from([None, "daily"]))
def test_cash_and_bank_close_at_opening_plus_in_minus_out(ledger: MemoryLedger, period: Period,
                                                          summary: str | None) -> None:
    _check_money_sections(build_book("S2e-HKD", ledger, period, RULES, summary=summary), "in")


@SETTINGS
@given(ledgers(year=2025), periods(2025))
def test_s6_s7_running_balance(ledger: MemoryLedger, period: Period) -> None:
    for code in ("S6-HKD", "S7-HKD"):
        book = build_book(code, ledger, period, RULES)
        _check_money_sections(book, "balance")
        for index in range(len(book.sections)):
            section = rows(book, index)
            balance = money(book, section[0], "balance")
            for row in section[1:-2]:
                balance += money(book, row, "in") - money(book, row, "out")
                assert money(book, row, "balance") == balance


@SETTINGS
@given(ledgers(), periods(2026), st.sampled_from([None, "daily"]))
def test_inventory_closes_at_opening_plus_in_minus_out(ledger: MemoryLedger, period: Period,
                                                       summary: str | None) -> None:
    book = build_book("S2d-HKD", ledger, period, RULES, summary=summary)
    for index in range(len(book.sections)):
        (opening,) = styled(book, RowStyle.OPENING, section=index)
        (moved,) = styled(book, RowStyle.TOTAL, section=index)
        (closing,) = styled(book, RowStyle.CLOSING, section=index)
        entries = styled(book, RowStyle.ENTRY, section=index)
        for key in ("in_qty", "out_qty"):
            assert qty(book, moved, key) == sum((qty(book, r, key) for r in entries), Decimal(0))
        for key in ("in_value", "out_value"):
            assert money(book, moved, key) == sum(money(book, r, key) for r in entries)
        assert qty(book, closing, "bal_qty") == (qty(book, opening, "bal_qty") + qty(book, moved, "in_qty")
                                                 - qty(book, moved, "out_qty"))
        assert money(book, closing, "bal_value") == (money(book, opening, "bal_value")
                                                     + money(book, moved, "in_value")
                                                     - money(book, moved, "out_value"))


def _entry_rows(book: Book, section_title: str) -> list[Row]:
    for section in book.sections:
        if section.title == section_title:
            return [r for r in section.rows if r.style is RowStyle.ENTRY]
    return []


def _with_fifo(ledger: MemoryLedger) -> MemoryLedger:
    profile: Household = ledger.household.model_copy(update={"inventory_method": "fifo"})
    return MemoryLedger(profile, ledger.entries())


@SETTINGS
@given(ledgers())
def test_a_year_is_the_concatenation_of_its_quarters(ledger: MemoryLedger) -> None:
    quarters = list(Period.of_year(2026).quarters())
    fifo = _with_fifo(ledger)
    for code, source in (("S1a-HKD", ledger), ("S2e-HKD", ledger), ("S2d-HKD", ledger), ("S2d-HKD", fifo)):
        year = build_book(code, source, Period.of_year(2026), RULES)
        parts = [build_book(code, source, q, RULES) for q in quarters]
        for section in year.sections:
            title = section.title
            assert _entry_rows(year, title) == [r for p in parts for r in _entry_rows(p, title)]
            year_rows = list(section.rows)
            if year_rows[0].style is RowStyle.OPENING:  # balances: the first and last quarter with the part
                same = [s for p in parts for s in p.sections if s.title == title]
                assert year_rows[0] == next(iter(same[0].rows))
                assert year_rows[-1] == list(same[-1].rows)[-1]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(), st.sampled_from([Period.of_year(2026), Period.quarter(2026, 2)]))
def test_the_sqlite_fast_path_gives_the_same_books(ledger: MemoryLedger, period: Period) -> None:
    with tempfile.TemporaryDirectory() as directory:
        store = create_ledger(Path(directory) / "l.sqlite", ledger.household)
        try:
            # the books never read `reverses`; the store checks it against its own ids
            store.import_entries(e.model_copy(update={"reverses": None}) for e in ledger.entries())
            for code in ("S1a-HKD", "S2a-HKD", "S2d-HKD", "S2e-HKD"):
                for summary in (None, "daily"):
                    expected, produced = io.StringIO(), io.StringIO()
                    write_csv(build_book(code, ledger, period, RULES, summary=summary), expected)
                    write_csv(build_book(code, store, period, RULES, summary=summary), produced)
                    assert produced.getvalue() == expected.getvalue(), (code, summary)
        finally:
            store.close()


@SETTINGS
@given(ledgers(year=2025), periods(2025))
def test_regime_a_tax_cost_and_wage_books_add_up(ledger: MemoryLedger, period: Period) -> None:
    taxes = build_book("S4-HKD", ledger, period, RULES)
    for index in range(len(taxes.sections)):
        (opening,) = styled(taxes, RowStyle.OPENING, section=index)
        (moved,) = styled(taxes, RowStyle.TOTAL, section=index)
        (closing,) = styled(taxes, RowStyle.CLOSING, section=index)
        balance = (money(taxes, opening, "payable") + money(taxes, moved, "payable")
                   - money(taxes, moved, "paid"))
        assert money(taxes, closing, "payable") == balance
    costs = build_book("S3-HKD", ledger, period, RULES)
    (total_row,) = styled(costs, RowStyle.TOTAL)
    elements = ("labour", "electricity", "water", "telecom", "rent", "management", "other")
    assert money(costs, total_row, "total") == sum(money(costs, total_row, k) for k in elements)
    for row in styled(costs, RowStyle.ENTRY):
        assert money(costs, row, "total") == sum(money(costs, row, k) for k in elements)
    wages = build_book("S5-HKD", ledger, period, RULES)
    (opening,) = styled(wages, RowStyle.OPENING)
    (moved,) = styled(wages, RowStyle.TOTAL)
    (closing,) = styled(wages, RowStyle.CLOSING)
    assert money(wages, closing, "wage_left") == (money(wages, opening, "wage_left")
                                                  + money(wages, moved, "wage_payable")
                                                  - money(wages, moved, "wage_paid"))

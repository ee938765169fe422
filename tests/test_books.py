"""Books built from the worked examples (shared/law/worked-examples.md E1–E3, E6–E8) and the
book-selection rules (TT 152/2025 Art 4–7; TT 88/2021, reading OQ-17)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hhtax.books import build_book, inventory_summary, required_books
from hhtax.books.model import RowStyle
from hhtax.errors import InputError
from hhtax.ledger_tax import assess_ledger
from hhtax.model import Entry, InventoryMethod
from hhtax.periods import Period
from hhtax.rules import load_rules
from tests.test_books_support import MemoryLedger, household, money, rows, sale, styled

RULES = load_rules()
P = Period.parse


def quarterly_sales(amounts: dict[int, int], line: str = "goods", year: int = 2026) -> list[Entry]:
    return [sale(date(year, 3 * q - 1, 15), amount, line, doc=f"HD{q}") for q, amount in amounts.items()]


def total(book_rows: list, book, description: str = "Tổng cộng") -> int:  # type: ignore[no-untyped-def]
    return sum(money(book, r, "amount") for r in book_rows
               if r.style is RowStyle.TOTAL and r.cells[book.column_index("description")] == description)


def test_e1_s2a_revenue_method_quarter_by_quarter() -> None:
    ledger = MemoryLedger(household(prior_year_revenue=2_200_000_000),
                          quarterly_sales(dict.fromkeys(range(1, 5), 600_000_000)))
    expected_pit = {1: 0, 2: 1_000_000, 3: 3_000_000, 4: 3_000_000}
    for quarter, pit in expected_pit.items():
        book = build_book("S2a-HKD", ledger, Period.quarter(2026, quarter), RULES)
        taxes = {r.cells[2]: money(book, r, "amount") for r in styled(book, RowStyle.TAX)}
        assert taxes == {"Thuế GTGT": 6_000_000, "Thuế TNCN": pit}
        assert total(rows(book), book) == 600_000_000
    year = build_book("S2a", ledger, P("2026"), RULES)
    assert total(rows(year), year, "Tổng số thuế GTGT phải nộp") == 24_000_000
    assert total(rows(year), year, "Tổng số thuế TNCN phải nộp") == 7_000_000
    assessment = assess_ledger(ledger, P("2026-Q1"), RULES)
    assert required_books(ledger.household, P("2026-Q1"), RULES, assessment)[0][0] == "S2a-HKD"


def _e2_ledger() -> MemoryLedger:
    entries = quarterly_sales(dict.fromkeys(range(1, 5), 600_000_000))
    entries += [Entry(date=date(2026, 3 * q - 1, 20), kind="purchase", amount=525_000_000, doc=f"MH{q}",
                      payment="bank:vcb", category="goods") for q in range(1, 5)]
    return MemoryLedger(household(pit_method="income", pit_method_since=2026,
                                  prior_year_revenue=2_200_000_000), entries)


def test_e2_s2c_income_method_year() -> None:
    ledger = _e2_ledger()
    book = build_book("S2c-HKD", ledger, P("2026"), RULES)
    amounts = [money(book, r, "amount") for r in rows(book)]
    assert amounts[:3] == [2_400_000_000, 2_100_000_000, 2_100_000_000]  # rows 1, 2 and 2a
    assert amounts[-2:] == [300_000_000, 45_000_000]
    assessment = assess_ledger(ledger, P("2026"), RULES)
    codes = [c for c, _r in required_books(ledger.household, P("2026"), RULES, assessment)]
    assert codes == ["S2b-HKD", "S2c-HKD", "S2d-HKD", "S2e-HKD"]


def test_e3_s1_regime_a_and_book_set() -> None:
    ledger = MemoryLedger(household(), quarterly_sales(dict.fromkeys(range(1, 5), 600_000_000), year=2025))
    book = build_book("S1-HKD", ledger, P("2025-Q1"), RULES)
    (total_row,) = styled(book, RowStyle.TOTAL)
    assert money(book, total_row, "g1") == 600_000_000
    assert book.header.form == "Mẫu số S1-HKD"
    assert "88/2021/TT-BTC" in book.header.circular
    assessment = assess_ledger(ledger, P("2025-Q1"), RULES)
    codes = [c for c, _r in required_books(ledger.household, P("2025-Q1"), RULES, assessment)]
    assert codes == ["S1-HKD", "S2-HKD", "S3-HKD", "S4-HKD", "S6-HKD", "S7-HKD"]


def test_e6_s1a_under_the_threshold_with_platform_sales() -> None:
    entries = quarterly_sales(dict.fromkeys(range(1, 5), 180_000_000), line="services")
    entries += [sale(date(2026, 3 * q, 10), 30_000_000, "services", withheld=True, withheld_vat=1_500_000,
                     withheld_pit=600_000, payment="bank:vcb") for q in range(1, 5)]
    ledger = MemoryLedger(household(groups=("services",)), entries)
    book = build_book("S1a-HKD", ledger, P("2026"), RULES)
    assert total(rows(book), book) == 840_000_000
    assessment = assess_ledger(ledger, P("2026"), RULES)
    assert required_books(ledger.household, P("2026"), RULES, assessment) == [
        ("S1a-HKD", "group G1: revenue within the threshold, kept to watch it (TT 152/2025/TT-BTC Art 4)")]
    cash = build_book("S2e-HKD", ledger, P("2026"), RULES)
    bank_in = styled(cash, RowStyle.TOTAL, section=1)[0]
    assert money(cash, bank_in, "in") == 4 * (30_000_000 - 2_100_000)  # the platform pays net of tax


def test_e7_crossing_quarter_carries_the_earlier_revenue_in() -> None:
    ledger = MemoryLedger(household(prior_year_revenue=900_000_000),
                          quarterly_sales({1: 300_000_000, 2: 400_000_000, 3: 500_000_000, 4: 400_000_000}))
    book = build_book("S2a-HKD", ledger, P("2026-Q3"), RULES)
    (carried,) = styled(book, RowStyle.OPENING)
    assert money(book, carried, "amount") == 700_000_000
    assert total(rows(book), book) == assess_ledger(ledger, P("2026-Q3"), RULES).revenue.value == 500_000_000
    assert total(rows(book), book, "Tổng cộng lũy kế từ 01/01/2026") == 1_200_000_000
    taxes = [money(book, r, "amount") for r in styled(book, RowStyle.TAX)]
    assert taxes == [12_000_000, 1_000_000]
    assessment = assess_ledger(ledger, P("2026-Q3"), RULES)
    codes = [c for c, _r in required_books(ledger.household, P("2026-Q3"), RULES, assessment)]
    assert codes == ["S1a-HKD", "S2a-HKD"]


def test_e8_s2c_rows_with_excluded_costs() -> None:
    entries = quarterly_sales(dict.fromkeys(range(1, 5), 1_200_000_000), line="production")

    def cost(amount: int, category: str, doc: str = "X", payment: str = "bank:vcb",
             kind: str = "expense") -> Entry:
        return Entry(date=date(2026, 6, 1), kind=kind, amount=amount, category=category, doc=doc,
                     payment=payment)

    entries += [cost(2_600_000_000, "goods", kind="purchase"), cost(900_000_000, "labour", kind="wage"),
                cost(360_000_000, "rent"), cost(180_000_000, "electricity"), cost(180_000_000, "owner_wage"),
                cost(45_000_000, "personal"), cost(8_000_000, "other", payment="cash"),
                cost(12_000_000, "other", payment="cash"), cost(15_000_000, "goods", doc="", kind="purchase")]
    profile = household(groups=("production",), pit_method="income", pit_method_since=2026)
    ledger = MemoryLedger(profile, entries)
    book = build_book("S2c-HKD", ledger, P("2026"), RULES)
    amounts = [money(book, r, "amount") for r in rows(book)]
    assert amounts == [4_800_000_000, 4_040_000_000, 2_600_000_000, 900_000_000, 0, 540_000_000, 0, 0,
                       760_000_000, 129_200_000]


def test_inventory_average_and_fifo() -> None:
    def move(day: int, kind: str, qty: str, amount: int) -> Entry:
        return Entry(date=date(2026, 1, day), kind=kind, amount=amount, item="Gạo", unit="kg",
                     qty=Decimal(qty), line="goods" if kind == "sale" else "",
                     category="goods" if kind == "purchase" else None)

    entries = [move(2, "purchase", "10", 100_000), move(3, "purchase", "10", 130_000),
               move(5, "sale", "15", 300_000), move(6, "stock_out", "1", 1)]
    average = inventory_summary(iter(entries), P("2026-Q1"), InventoryMethod.AVERAGE)[0]
    assert (average.in_qty, average.in_value, average.out_qty) == (Decimal(20), 230_000, Decimal(16))
    assert average.out_value == 184_000 and average.closing_value == 46_000  # 11,500 a kg
    fifo = inventory_summary(iter(entries), P("2026-Q1"), InventoryMethod.FIFO)[0]
    assert fifo.out_value == 100_000 + 6 * 13_000 and fifo.closing_value == 230_000 - 178_000
    assert fifo.closing_qty == 4


def test_negative_cash_is_a_warning() -> None:
    entries = [Entry(date=date(2026, 1, 5), kind="expense", amount=1_000_000, category="other", doc="C1")]
    book = build_book("S2e-HKD", MemoryLedger(household(), entries), P("2026-Q1"), RULES)
    closing = styled(book, RowStyle.CLOSING, section=0)[0]
    assert money(book, closing, "in") == -1_000_000
    assert book.warnings == ["negative cash balance on 05/01/2026: -1.000.000 đồng (Tiền mặt)"]


def test_household_book_list_overrides_the_rules() -> None:
    ledger = MemoryLedger(household(books=("S1a", "S2a-HKD", "S1-HKD")), [])
    assessment = assess_ledger(ledger, P("2026-Q1"), RULES)
    codes = [c for c, _r in required_books(ledger.household, P("2026-Q1"), RULES, assessment, lang="vi")]
    assert codes == ["S1a-HKD", "S2a-HKD"]


def test_book_of_the_other_regime_is_refused() -> None:
    with pytest.raises(InputError, match="TT 88/2021"):
        build_book("S6-HKD", MemoryLedger(household(), []), P("2026"), RULES)
    with pytest.raises(InputError, match="unknown book"):
        build_book("S9", MemoryLedger(household(), []), P("2026"), RULES)


def test_daily_summary_has_one_row_per_day_and_line() -> None:
    entries = [sale(date(2026, 1, 2), 100, doc="A"), sale(date(2026, 1, 2), 200, doc="B"),
               sale(date(2026, 1, 3), 300, doc="C"), sale(date(2026, 1, 2), 50, "services", doc="D")]
    ledger = MemoryLedger(household(groups=("goods", "services")), entries)
    book = build_book("S1a-HKD", ledger, P("2026-Q1"), RULES, summary="daily")
    entry_rows = [(r.cells[0], money(book, r, "amount")) for r in styled(book, RowStyle.ENTRY)]
    assert entry_rows == [(date(2026, 1, 2), 300), (date(2026, 1, 2), 50), (date(2026, 1, 3), 300)]
    assert total(rows(book), book) == 650


def _shop_2025() -> MemoryLedger:
    entries = [Entry(date=date(2024, 12, 31), kind="opening", amount=20_000_000, payment="cash", doc="SD")]
    for month in (1, 2, 3):
        entries += [
            sale(date(2025, month, 3), 40_000_000, "goods", doc=f"HD{month}"),
            sale(date(2025, month, 4), 10_000_000, "services", doc=f"DV{month}"),
            Entry(date=date(2025, month, 5), kind="expense", amount=2_000_000, category="electricity",
                  doc=f"Đ{month}"),
            Entry(date=date(2025, month, 6), kind="expense", amount=8_000_000, category="rent",
                  doc=f"T{month}", payment="bank:vcb"),
            Entry(date=date(2025, month, 28), kind="wage", amount=7_000_000, category="labour",
                  doc=f"L{month}"),
        ]
    entries.append(Entry(date=date(2025, 2, 20), kind="tax_payment", amount=1_000_000, tax="vat", doc="GNT1",
                         payment="bank:vcb"))
    locations = [{"id": "a", "name": "Cửa hàng A", "head_office": True}, {"id": "b", "name": "Xưởng B"}]
    lines = [{"id": "goods", "group": "goods", "location": "a"},
             {"id": "services", "group": "services", "location": "b"}]
    return MemoryLedger(household(employees=1, locations=locations, lines=lines), entries)


def test_regime_a_cost_tax_and_wage_books() -> None:
    ledger = _shop_2025()
    costs = build_book("S3-HKD", ledger, P("2025-Q1"), RULES)
    (total_row,) = styled(costs, RowStyle.TOTAL)
    assert [money(costs, total_row, k) for k in ("total", "labour", "electricity", "rent")] == [
        51_000_000, 21_000_000, 6_000_000, 24_000_000]
    taxes = build_book("S4-HKD", ledger, P("2025-Q1"), RULES)
    assert [s.title for s in taxes.sections] == ["Thuế giá trị gia tăng", "Thuế thu nhập cá nhân"]
    vat = assess_ledger(ledger, P("2025-Q1"), RULES).vat.value
    assert vat == 3 * (400_000 + 500_000)
    (closing,) = styled(taxes, RowStyle.CLOSING, section=0)
    assert money(taxes, closing, "payable") == vat - 1_000_000
    q2 = build_book("S4-HKD", ledger, P("2025-Q2"), RULES)
    (opening,) = styled(q2, RowStyle.OPENING, section=0)
    assert money(q2, opening, "payable") == vat - 1_000_000
    wages = build_book("S5-HKD", ledger, P("2025-Q1"), RULES)
    (moved,) = styled(wages, RowStyle.TOTAL)
    assert (money(wages, moved, "wage_payable"), money(wages, moved, "wage_paid")) == (21_000_000, 21_000_000)


def test_s1_has_a_section_per_location() -> None:
    book = build_book("S1-HKD", _shop_2025(), P("2025-Q1"), RULES)
    assert [s.title for s in book.sections] == ["Địa điểm kinh doanh: Cửa hàng A",
                                               "Địa điểm kinh doanh: Xưởng B"]
    totals = [styled(book, RowStyle.TOTAL, section=i)[0] for i in (0, 1)]
    assert [money(book, totals[0], "g1"), money(book, totals[1], "g2")] == [120_000_000, 30_000_000]

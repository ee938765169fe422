"""Issue 12 §2: the income method's goods cost is the cost of goods sold (ND 68/2026 Art 6.1.a, 18.4);
S2c-HKD, S2d-HKD, 01/BK-HTK and the assessment agree, and the trace shows the inventory figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hhtax.books import build_book
from hhtax.books.model import RowStyle
from hhtax.declarations.build import prepare
from hhtax.declarations.model import BkHtk
from hhtax.ledger_tax import assess_ledger
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.tax.explain import explain, to_dict
from tests.test_books_support import MemoryLedger, money, rows, styled
from tests.test_scenarios import SCENARIOS, load

RULES = load_rules()
SCENARIO = SCENARIOS / "s12_cost_of_goods_sold_2026.toml"


def ledger() -> MemoryLedger:
    household, entries, _expect = load(SCENARIO)
    return MemoryLedger(household, entries)


def stock(book_ledger: MemoryLedger, period: Period) -> tuple[int, int]:
    """Σ opening and Σ closing values of the S2d-HKD item pages."""
    book = build_book("S2d-HKD", book_ledger, period, RULES)
    opening = sum(money(book, r, "bal_value") for r in styled(book, RowStyle.OPENING))
    closing = sum(money(book, r, "bal_value") for r in styled(book, RowStyle.CLOSING))
    return opening, closing


def test_s2c_s2d_and_the_assessment_agree() -> None:
    memory = ledger()
    for period in (Period.parse("2026-Q1"), Period.parse("2026")):
        assessment = assess_ledger(memory, period, RULES)
        assert assessment.goods_cost is not None
        opening, closing = stock(memory, period)
        inputs = assessment.goods_cost.inputs
        assert (opening, closing) == (15_000_000, 33_636_364)
        assert (inputs["opening_stock"], inputs["closing_stock"]) == (opening, closing)
        assert assessment.goods_cost.value == opening + int(inputs["purchases"]) - closing == 151_363_636
        s2c = build_book("S2c-HKD", memory, period, RULES)
        row_2a = rows(s2c)[2]
        assert money(s2c, row_2a, "amount") == 151_363_636  # S2c row 2a: the deductible goods cost


def test_the_trace_shows_the_inventory_figures() -> None:
    assessment = assess_ledger(ledger(), Period.parse("2026"), RULES)
    trace = {fig["name"]: fig for fig in to_dict(assessment)["trace"]}
    assert trace["goods_cost"]["inputs"] == {"opening_stock": 15_000_000, "purchases": 170_000_000,
                                             "closing_stock": 33_636_364, "valuation": "average"}
    text = "\n".join(explain(assessment, "vi"))
    assert "giá vốn hàng bán: 151.363.636" in text and "hàng tồn kho đầu kỳ = 15.000.000" in text
    english = "\n".join(explain(assessment, "en"))
    assert "wages booked but not paid" in english and "NĐ 68/2026/NĐ-CP Art 6.2.đ" in english


def test_the_2026_opening_stock_is_the_01_bk_htk_stock(tmp_path: Path) -> None:
    memory = ledger()
    prepared = prepare(memory, Period.parse("2026-Q1"), RULES, today=date(2026, 4, 20))
    assert prepared.declaration is not None
    htk = next(a for a in prepared.declaration.appendices if isinstance(a, BkHtk))
    assert sum(row.value for row in htk.goods) == prepared.assessment.goods_cost.inputs["opening_stock"]  # type: ignore[union-attr]


def test_without_stock_entries_the_goods_cost_is_the_purchases_and_says_so() -> None:
    household, entries, _expect = load(SCENARIO)
    plain = [e.model_copy(update={"item": "", "qty": None}) for e in entries if e.kind.value != "opening"]
    assessment = assess_ledger(MemoryLedger(household, plain), Period.parse("2026"), RULES)
    assert assessment.goods_cost is None
    assert any(w.code == "goods_cost" for w in assessment.warnings)
    goods = next(c for c in assessment.costs if c.category == "goods")
    assert goods.deductible == 170_000_000

"""`build_book`: one statutory book of a period, from its layout and the journal (TT 88/2021 books
S1–S7-HKD up to 2025, TT 152/2025 books S1a, S2a–S2e and S3a-HKD from 2026; TT 152/2025 Art 8.2 for
which regime a period's books follow)."""

from __future__ import annotations

from collections.abc import Callable

from hhtax.books.cash import build_money
from hhtax.books.context import BuildContext
from hhtax.books.costs import build_s2c, build_s3
from hhtax.books.layout import find_code, load_layout
from hhtax.books.model import Book
from hhtax.books.revenue import build_s1, build_s1a, build_s2ab
from hhtax.books.stock_book import build_stock
from hhtax.books.taxes import build_s3a, build_s4
from hhtax.books.wages import build_s5
from hhtax.errors import InputError
from hhtax.i18n import msg, register
from hhtax.journal import Ledger
from hhtax.periods import Period
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment

register({
    "books.unknown_summary": ("không có kiểu tổng hợp '{value}'; dùng daily",
                              "unknown summary '{value}'; use daily"),
    "books.wrong_regime_a": (
        "{book} là sổ theo TT 88/2021 (kỳ đến năm 2025); kỳ {period} thuộc chế độ {regime}",
        "{book} is a book of TT 88/2021 (periods up to 2025); period {period} is regime {regime}"),
    "books.wrong_regime_b": (
        "{book} là sổ theo TT 152/2025 (kỳ từ năm 2026); kỳ {period} thuộc chế độ {regime}",
        "{book} is a book of TT 152/2025 (periods from 2026); period {period} is regime {regime}"),
})

_BUILDERS: dict[str, Callable[[BuildContext], Book]] = {
    "S1-HKD": build_s1,
    "S2-HKD": build_stock,
    "S3-HKD": build_s3,
    "S4-HKD": build_s4,
    "S5-HKD": build_s5,
    "S6-HKD": build_money,
    "S7-HKD": build_money,
    "S1a-HKD": build_s1a,
    "S2a-HKD": build_s2ab,
    "S2b-HKD": build_s2ab,
    "S2c-HKD": build_s2c,
    "S2d-HKD": build_stock,
    "S2e-HKD": build_money,
    "S3a-HKD": build_s3a,
}

SUMMARIES = ("daily",)


def build_book(code: str, ledger: Ledger, period: Period, rules: RuleBook, *,
               summary: str | None = None, assessment: Assessment | None = None) -> Book:
    """Build book `code` (e.g. "S2a-HKD", case-insensitive, "-HKD" optional) for `period`.

    `summary="daily"` gives one row per day and line instead of one per entry, as the templates
    allow ("diễn giải" per transaction or per period). A TT 88 book is for periods up to 2025 and
    a TT 152 book for periods from 2026 (TT 152/2025 Art 8.2). `assessment` is the engine's
    assessment of `ledger` for `period` when the caller has it already (it is computed otherwise).
    """
    canonical = find_code(code)
    layout = load_layout(canonical)
    if summary is not None and summary not in SUMMARIES:
        raise InputError(msg("books.unknown_summary", value=summary), field="summary")
    if layout.regime != period.regime:
        key = "books.wrong_regime_a" if layout.regime == "A" else "books.wrong_regime_b"
        raise InputError(msg(key, book=canonical, period=str(period), regime=period.regime), field="book")
    return _BUILDERS[canonical](BuildContext(layout, ledger, period, rules, summary, assessment))

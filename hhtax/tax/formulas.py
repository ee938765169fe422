"""The formulas of the trace, by message id (Vietnamese, English).

A `Figure` names its formula by id; the trace prints it in the user's language (`hhtax.i18n.t`) and
`assess --json` carries the id and the English text. No text is matched to find its translation.
"""

from __future__ import annotations

from hhtax.i18n import register, t

REVENUE_LINES = "formula.revenue_lines"
VAT_ROWS = "formula.vat_rows"
PIT_ROWS = "formula.pit_rows"
PAYABLE = "formula.payable"
DEDUCTION_LINES = "formula.deduction_lines"
LINE_REVENUE = "formula.line_revenue"
DECLARED_REVENUE = "formula.declared_revenue"
LINE_DEDUCTION = "formula.line_deduction"
YEAR_REVENUE = "formula.year_revenue"
YEAR_REVENUE_AGENTS = "formula.year_revenue_agents"
YEAR_REVENUE_LEASING = "formula.year_revenue_leasing"
REVENUE_TO_DATE = "formula.revenue_to_date"
MAX_ESTIMATE = "formula.max_estimate"
MAX_PRIOR_YEAR = "formula.max_prior_year"
INTEREST = "formula.interest"
GOODS_SOLD = "formula.goods_sold"
DEDUCTIBLE_COSTS = "formula.deductible_costs"
TAXABLE_INCOME = "formula.taxable_income"
INCOME_PIT = "formula.income_pit"
PROVISIONAL_SUM = "formula.provisional_sum"
FINALISATION_DUE = "formula.finalisation_due"
EXEMPT_MINIMUM = "formula.exempt_minimum"


def line_vat(cut: bool, shared: bool) -> str:
    """The formula of a line's VAT: with the VAT cut, and as a share of its row (OQ-07, OQ-10)."""
    return "formula.line_vat" + ("_cut" if cut else "") + ("_share" if shared else "")


def line_pit(regime: str, shared: bool) -> str:
    """The formula of a line's PIT: regime B deducts the 1 bn (OQ-02); as a share of its row (OQ-10)."""
    return f"formula.line_pit_{regime.lower()}" + ("_share" if shared else "")


_SHARE_EN = ", as a share of the row's rounded tax (largest remainder)"
_SHARE_VI = ", là phần của ngành trong số thuế đã làm tròn của dòng tờ khai (phân bổ theo phần dư lớn nhất)"
_VAT = ("doanh thu tính thuế GTGT × tỷ lệ GTGT", "vat_revenue × vat_rate")
_CUT = (" − số thuế GTGT được giảm", " − vat_cut")
_PIT = {
    "b": (
        "(doanh thu tính thuế TNCN − doanh thu được trừ) × tỷ lệ TNCN",
        "(pit_revenue − deduction) × pit_rate",
    ),
    "a": ("doanh thu tính thuế TNCN × tỷ lệ TNCN", "pit_revenue × pit_rate"),
}


def _variants() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for cut in (False, True):
        for shared in (False, True):
            vi = _VAT[0] + (_CUT[0] if cut else "") + (_SHARE_VI if shared else "")
            en = _VAT[1] + (_CUT[1] if cut else "") + (_SHARE_EN if shared else "")
            out[line_vat(cut, shared)] = (vi, en)
    for regime, (vi, en) in _PIT.items():
        for shared in (False, True):
            out[line_pit(regime, shared)] = (
                vi + (_SHARE_VI if shared else ""),
                en + (_SHARE_EN if shared else ""),
            )
    return out


FORMULAS: dict[str, tuple[str, str]] = {
    REVENUE_LINES: ("Σ doanh thu các ngành", "Σ line revenue"),
    VAT_ROWS: (
        "Σ thuế GTGT các dòng tờ khai (mỗi dòng làm tròn một lần)",
        "Σ row VAT (each row rounded once)",
    ),
    PIT_ROWS: (
        "Σ thuế TNCN các dòng tờ khai (mỗi dòng làm tròn một lần)",
        "Σ row PIT (each row rounded once)",
    ),
    PAYABLE: ("thuế GTGT + thuế TNCN", "vat + pit"),
    DEDUCTION_LINES: (
        "Σ doanh thu được trừ của các ngành trong kỳ",
        "Σ deduction used by the lines in the period",
    ),
    LINE_REVENUE: (
        "Σ doanh thu bán − hàng trả lại (gồm doanh thu qua sàn)",
        "Σ sales − returns (platform sales included)",
    ),
    DECLARED_REVENUE: ("doanh thu − doanh thu qua sàn đã khấu trừ", "revenue − platform-withheld revenue"),
    LINE_DEDUCTION: ("phần 1 tỷ được trừ vào ngành này", "part of the 1 bn used by this line"),
    YEAR_REVENUE: (
        "Σ doanh thu năm dương lịch (gồm qua sàn)",
        "Σ revenue of the calendar year (platform sales included)",
    ),
    YEAR_REVENUE_AGENTS: (
        "Σ doanh thu năm dương lịch (trừ đại lý)",
        "Σ revenue of the calendar year (agents excluded)",
    ),
    YEAR_REVENUE_LEASING: (
        "doanh thu + doanh thu cho thuê × 12 / số tháng cho thuê",
        "revenue + leasing_revenue × 12 / leasing_months",
    ),
    REVENUE_TO_DATE: (
        "Σ doanh thu từ 01/01 đến cuối kỳ (gồm qua sàn)",
        "Σ revenue from 01/01 to the end of the period (platform sales included)",
    ),
    MAX_ESTIMATE: (
        "max(doanh thu ước tính của hộ, doanh thu đến cuối kỳ)",
        "max(household's estimate, revenue to the end of the period)",
    ),
    MAX_PRIOR_YEAR: (
        "max(doanh thu năm trước, doanh thu đến cuối kỳ)",
        "max(prior-year revenue, revenue to the end of the period)",
    ),
    INTEREST: ("số thuế × lãi suất ngày × số ngày", "amount × daily_rate × days"),
    GOODS_SOLD: (
        "hàng tồn kho đầu kỳ + hàng mua vào trong kỳ − hàng tồn kho cuối kỳ",
        "opening_stock + purchases − closing_stock",
    ),
    DEDUCTIBLE_COSTS: ("Σ chi phí được trừ theo khoản mục", "Σ deductible costs by category"),
    TAXABLE_INCOME: ("doanh thu − chi phí được trừ", "revenue − deductible_costs"),
    INCOME_PIT: ("max(thu nhập tính thuế, 0) × thuế suất", "max(taxable_income, 0) × income_rate"),
    PROVISIONAL_SUM: ("Σ thuế TNCN tạm nộp các kỳ", "Σ provisional PIT of the filing periods"),
    FINALISATION_DUE: (
        "thuế TNCN − thuế TNCN tạm nộp − thuế TNCN sàn đã khấu trừ",
        "pit − provisional_pit − withheld_pit",
    ),
    EXEMPT_MINIMUM: ("miễn: tổng thuế năm ≤ mức tối thiểu", "exempt: year's tax ≤ minimum"),
    **_variants(),
}
register(FORMULAS)


def formula_text(key: str, lang: str) -> str:
    """The formula `key` in `lang` ("vi" or "en"); a formula given as plain text (a figure built
    outside this catalogue) is printed as it is."""
    return t(key, lang) if key in FORMULAS else key

"""Which books a household keeps for a period, and why (rule-pack key `books.required`).

Regime B (TT 152/2025 Art 4–7): G1 keeps S1a-HKD; a taxable household on the revenue method
S2a-HKD; on the income method S2b–S2e-HKD. In the quarter the household crosses the threshold it
also lists S1a-HKD, kept until then (reading OQ-16). Regime A (TT 88/2021, reading OQ-17): S1, S3,
S4 always; S2 when the household deals in goods; S5 with employees; S6 for cash; S7 with bank
accounts. A household's own `books = [...]` list replaces the rules' set (TT 152 Art 3.3 allows
extra books).
"""

from __future__ import annotations

from hhtax.books.layout import find_code, load_layout
from hhtax.i18n import register, t
from hhtax.model import Household, IndustryGroup
from hhtax.periods import Period
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment

register({
    "books.reason.override": ("chọn trong household.toml (books = [...])",
                              "chosen in household.toml (books = [...])"),
    "books.reason.G1": ("nhóm G1: doanh thu không quá ngưỡng, theo dõi doanh thu ({ref})",
                        "group G1: revenue within the threshold, kept to watch it ({ref})"),
    "books.reason.revenue": ("nộp thuế GTGT và TNCN theo tỷ lệ trên doanh thu, nhóm {group} ({ref})",
                             "VAT and PIT as a percentage of revenue, group {group} ({ref})"),
    "books.reason.income": ("thuế TNCN theo thu nhập tính thuế, nhóm {group} ({ref})",
                            "PIT on taxable income, group {group} ({ref})"),
    "books.reason.crossing": ("giữ đến quý vượt ngưỡng doanh thu (OQ-16)",
                              "kept until the quarter the threshold was crossed (OQ-16)"),
    "books.reason.always": ("hộ kê khai luôn phải mở ({ref})",
                            "every declaration-method household keeps it ({ref})"),
    "books.reason.inventory": ("hộ kinh doanh hàng hóa, có hàng tồn kho ({ref})",
                               "the household deals in goods and holds stock ({ref})"),
    "books.reason.employees": ("hộ có người lao động ({ref})", "the household has employees ({ref})"),
    "books.reason.cash": ("hộ có thu, chi tiền mặt ({ref})", "the household handles cash ({ref})"),
    "books.reason.bank": ("hộ có {count} tài khoản ngân hàng/ví điện tử ({ref})",
                          "the household has {count} bank or e-wallet account(s) ({ref})"),
})

_GOODS_GROUPS = frozenset({IndustryGroup.GOODS, IndustryGroup.PRODUCTION})


def required_books(household: Household, period: Period, rules: RuleBook, assessment: Assessment,
                   *, lang: str = "en") -> list[tuple[str, str]]:
    """(book code, reason) for every book the household keeps for `period`."""
    regime = period.regime
    chosen = [find_code(code) for code in household.books]
    chosen = [code for code in chosen if load_layout(code).regime == regime]
    if chosen:
        reason = t("books.reason.override", lang)
        return [(code, reason) for code in dict.fromkeys(chosen)]
    rule = rules.get("books.required", period.end)
    table: dict[str, list[str]] = rule.value
    if regime == "B":
        picked = _books_b(table, assessment, lang)
    else:
        picked = _books_a(table, household, assessment, rule.reading, lang)
    seen: dict[str, str] = {}
    for code, reason in picked:
        seen.setdefault(code, reason)
    return sorted(seen.items(), key=lambda item: item[0])


def _books_b(table: dict[str, list[str]], assessment: Assessment, lang: str) -> list[tuple[str, str]]:
    """TT 152/2025 Art 4–7: S1a for G1 (and the crossing year), S2a for the revenue method, S2b–S2e for
    the income method."""
    if assessment.group == "G1":
        return [(c, t("books.reason.G1", lang, ref=_ref(c))) for c in table["G1"]]
    picked = [(c, t("books.reason.crossing", lang)) for c in table["G1"]] if assessment.crossing else []
    key = "income" if assessment.method == "income" else "revenue"
    return picked + [(c, t(f"books.reason.{key}", lang, group=assessment.group, ref=_ref(c)))
                     for c in table[key]]


def _books_a(table: dict[str, list[str]], household: Household, assessment: Assessment, reading: str,
             lang: str) -> list[tuple[str, str]]:
    """TT 88/2021 Art 4, 5 (reading OQ-17): the books every household keeps, and those its goods,
    employees and bank accounts call for."""
    keeps = {
        "always": True,
        "inventory": any(line.group in _GOODS_GROUPS for line in household.lines)
        or any(cost.category == "goods" and cost.total for cost in assessment.costs),
        "employees": household.employees > 0
        or any(cost.category == "labour" and cost.total for cost in assessment.costs),
        "cash": True,
        "bank": bool(household.accounts),
    }
    return [(c, t(f"books.reason.{key}", lang, ref=_ref(c, reading), count=len(household.accounts)))
            for key, keep in keeps.items() if keep for c in table.get(key, [])]


def _ref(code: str, reading: str = "") -> str:
    """The article that prescribes the book (its layout's legal basis, e.g. "TT 152/2025/TT-BTC
    Art 5"), and the reading the choice rests on, if any."""
    ref = load_layout(code).ref.split(",")[0]
    return f"{ref}; {reading}" if reading else ref

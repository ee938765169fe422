"""The rule-pack values that no code read before issue 10 §3, each wired to what its reading (OQ-nn)
or the law says, and each shown to change the result when a local pack overrides it
(`leasing.aggregate_with_business` is read by the real-estate pool, tests/test_leasing_forms.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import SCENARIOS, load_scenario, local_pack

from hhtax.declarations.supplementary import check_window
from hhtax.errors import DeclarationError
from hhtax.model import Entry, EntryKind, Household
from hhtax.periods import Period
from hhtax.rules import RuleBook, load_rules
from hhtax.tax.engine import assess

RULES = load_rules()


def _scenario(stem: str, period: str, rules: RuleBook = RULES):  # type: ignore[no-untyped-def]
    household, entries, _ = load_scenario(SCENARIOS / f"{stem}.toml")
    return assess(household, entries, Period.parse(period), rules)


def _household(**extra: object) -> Household:
    return Household.model_validate(
        {"tax_code": "001099012345", "name": "Hộ thử", "lines": [{"id": "g", "group": "goods"}], **extra})


def test_deduction_order_declared_order_gives_the_e5_alternative(tmp_path: Path) -> None:
    """E5 (OQ-02): highest rate first gives 18,000,000 PIT for the year; in declared order (goods
    first) goods use 700 m and services 300 m: 900 m × 0.5 % + 900 m × 2 % = 22,500,000."""
    assert _scenario("e05a_most_favourable_default", "2026").pit.value == 18_000_000
    rules = load_rules(local_pack(tmp_path, "deduction.order", '"declared_order"'))
    assert _scenario("e05a_most_favourable_default", "2026", rules).pit.value == 22_500_000


def test_rounding_mode_half_even_shows_the_e9_difference(tmp_path: Path) -> None:
    """E9 (OQ-10): half-even, the "wrong" column of the example, gives [28] 1,500,000 and [31] 333,332
    instead of 1,500,001 and 333,333: 3,685,184 instead of 3,685,186."""
    assert _scenario("e09_rounding_half_up", "2025-Q2").pit.value == 3_685_186
    rules = load_rules(local_pack(tmp_path, "rounding.mode", '"half_even"', valid_from="2025-01-01"))
    assert _scenario("e09_rounding_half_up", "2025-Q2", rules).pit.value == 3_685_184


def _regime_a_half_year() -> list[Entry]:
    """A shop opened in July 2025: 60 m of sales over six months."""
    return [Entry(date=date(2025, month, 10), kind=EntryKind.SALE, amount=10_000_000, line="g",
                  doc=f"d{month}") for month in range(7, 13)]


def test_threshold_annualise_partial_year(tmp_path: Path) -> None:
    """OQ-18: 60 m in six months is under 100 m (exempt); annualised (120 m) it is taxable."""
    year = Period.of_year(2025)
    assert assess(_household(), _regime_a_half_year(), year, RULES).group == "exempt"
    rules = load_rules(local_pack(tmp_path, "threshold_annualise_partial_year", "true", "2025-01-01"))
    annualised = assess(_household(), _regime_a_half_year(), year, rules)
    assert (annualised.group, annualised.year_revenue.value) == ("taxable", 120_000_000)


def test_quarterly_filing_needs_prior_year_revenue_within_the_limit(tmp_path: Path) -> None:
    """ND 126/2020 Art 9: above 50 bn of prior-year revenue a 2025 household files monthly."""
    sales = [Entry(date=date(2025, 2, 10), kind=EntryKind.SALE, amount=500_000_000, line="g", doc="d")]
    big = assess(_household(prior_year_revenue=60_000_000_000), sales, Period.quarter(2025, 1), RULES)
    assert big.filing_frequency == "monthly" and "frequency" in {w.code for w in big.warnings}
    assert "50.000.000.000" in next(w.message for w in big.warnings if w.code == "frequency")
    small = assess(_household(prior_year_revenue=2_000_000_000), sales, Period.quarter(2025, 1), RULES)
    assert small.filing_frequency == "quarterly"
    rules = load_rules(local_pack(tmp_path, "filing.quarterly_max_prior_revenue", "70_000_000_000",
                                  "2025-01-01"))
    assert assess(_household(prior_year_revenue=60_000_000_000), sales, Period.quarter(2025, 1),
                  rules).filing_frequency == "quarterly"


@pytest.mark.parametrize(("due", "on", "allowed"), [
    (date(2016, 4, 30), date(2026, 4, 30), True),     # 10 years (Law 38/2019 Art 47.1)
    (date(2016, 4, 30), date(2026, 5, 4), False),
    (date(2022, 4, 30), date(2026, 12, 1), True),     # 5 years from 01/07/2026 (Law 108/2025 Art 12.5)
    (date(2021, 4, 30), date(2026, 7, 1), False),
])
def test_supplementary_window_years(due: date, on: date, allowed: bool) -> None:
    if allowed:
        check_window("2016-Q1", due, on, RULES)
        return
    with pytest.raises(DeclarationError) as caught:
        check_window("2016-Q1", due, on, RULES)
    assert "too late for a supplementary return" in str(caught.value)
    assert "quá thời hạn khai bổ sung" in caught.value.render("vi")


def test_legal_figures_in_sentences_come_from_the_rule(tmp_path: Path) -> None:
    """The cash-payment exclusion names the rule's limit, not a figure written in the sentence."""
    from hhtax.tax import messages

    assert "5,000,000" not in messages.REASON_EN["cash_payment"]
    assert "5.000.000" not in messages.REASON_VI["cash_payment"]

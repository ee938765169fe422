"""Late-payment interest, 0.03 % a day (Law 38/2019 Art 59; Law 108/2025 Art 16): worked example E10."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from hhtax.rules import load_rules
from hhtax.tax.interest import late_interest

RULES = load_rules()


def test_e10a_q2_supplementary() -> None:
    vat = late_interest(1_000_000, date(2026, 7, 31), date(2026, 11, 20), RULES)
    pit = late_interest(500_000, date(2026, 7, 31), date(2026, 11, 20), RULES)
    assert vat.inputs["days"] == 111
    assert (vat.value, pit.value, vat.value + pit.value) == (33_300, 16_650, 49_950)


def test_e10b_q1_across_the_change_of_law() -> None:
    figure = late_interest(1_000_000, date(2026, 5, 4), date(2026, 11, 20), RULES)
    assert figure.inputs["days"] == 199 and figure.value == 59_700
    assert "Law 38/2019" in figure.ref and "Law 108/2025" in figure.ref


def test_e10c_reference_figure() -> None:
    due = date(2025, 3, 1)
    assert late_interest(8_000_000, due, date(2025, 5, 2), RULES).value == 146_400  # 61 days


def test_paid_on_time_or_the_next_day_costs_nothing() -> None:
    assert late_interest(1_000_000, date(2026, 7, 31), date(2026, 7, 31), RULES).value == 0
    assert late_interest(1_000_000, date(2026, 7, 31), date(2026, 8, 1), RULES).value == 0
    assert late_interest(1_000_000, date(2026, 7, 31), date(2026, 8, 2), RULES).value == 300


@given(st.integers(0, 10**11), st.integers(0, 2000))
def test_interest_is_amount_times_rate_times_days(amount: int, days: int) -> None:
    due = date(2022, 1, 31)
    paid = date.fromordinal(due.toordinal() + days + 1)
    figure = late_interest(amount, due, paid, RULES)
    exact = amount * 3 * days / 10_000
    assert abs(figure.value - exact) <= 0.5

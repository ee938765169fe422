"""Money: half-up rounding per line (E9, OQ-10), amount parsing, Vietnamese formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hhtax.errors import InputError
from hhtax.money import (
    apply_rate,
    format_rate,
    format_vnd,
    parse_amount,
    parse_decimal,
    percent,
    rate_as_percent,
    round_half_up,
)


def test_half_up_not_bankers() -> None:
    # 0.5 % of 100,100 = 500.5 → 501 (banker's rounding would give 500)
    assert apply_rate(100_100, percent("0.5")) == 501
    assert round(Decimal("500.5")) == 500
    assert round_half_up(Decimal("2.5")) == 3
    assert round_half_up(Decimal("-2.5")) == -3
    assert round_half_up(Decimal("2.4999")) == 2


def test_worked_example_e9() -> None:
    """shared/law/worked-examples.md E9: half-up per row, then the sum of the rounded rows."""
    rows = [(300_000_100, "1", "0.5"), (123_456_789, "3", "1.5"), (33_333_250, "2", "1")]
    vat = [apply_rate(revenue, percent(v)) for revenue, v, _ in rows]
    pit = [apply_rate(revenue, percent(p)) for revenue, _, p in rows]
    assert vat == [3_000_001, 3_703_704, 666_665]
    assert pit == [1_500_001, 1_851_852, 333_333]
    assert (sum(vat), sum(pit)) == (7_370_370, 3_685_186)
    exact_total = sum(Decimal(revenue) * percent(p) for revenue, _, p in rows)
    assert round_half_up(exact_total) == 3_685_185  # rounding the total instead: one đồng less
    assert round(Decimal("1500000.500")) == 1_500_000  # banker's rounding: the wrong figure


def test_round_per_line_then_sum() -> None:
    lines = [(33_333, percent("1.5")), (33_333, percent("1.5"))]  # 499.995 each
    assert sum(apply_rate(a, r) for a, r in lines) == 1_000
    assert round_half_up(sum(Decimal(a) * r for a, r in lines)) == 1_000


@pytest.mark.parametrize(("text", "thousands", "value"), [
    ("1500000", "", 1_500_000), ("1.500.000", ".", 1_500_000), (" 12 000 ", "", 12_000), ("-5", "", -5),
])
def test_parse_amount(text: str, thousands: str, value: int) -> None:
    assert parse_amount(text, thousands=thousands) == value


@pytest.mark.parametrize("text", ["1.5", "1e3", "", "  ", "abc", "1,5", "0x10", "nan"])
def test_parse_amount_rejects(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_amount(text)
    assert info.value.field == "amount"


def test_formatting() -> None:
    assert format_vnd(354_650_000) == "354.650.000"
    assert format_vnd(-1_000) == "-1.000"
    assert format_vnd(0) == "0"
    assert format_rate(Decimal("0.005")) == "0,5"
    assert format_rate(Decimal("0.024")) == "2,4"
    assert rate_as_percent(Decimal("0.03")) == Decimal("3")
    assert parse_decimal("2.5", field="qty") == Decimal("2.5")
    with pytest.raises(InputError):
        parse_decimal("Infinity", field="qty")


@given(st.integers(min_value=0, max_value=10**13), st.integers(min_value=0, max_value=10_000))
def test_apply_rate_is_half_up_of_the_exact_product(amount: int, basis_points: int) -> None:
    rate = Decimal(basis_points) / Decimal(10_000)
    exact = Decimal(amount) * rate
    result = apply_rate(amount, rate)
    assert abs(Decimal(result) - exact) <= Decimal("0.5")
    if exact - int(exact) == Decimal("0.5"):
        assert result == int(exact) + 1


@given(st.integers(min_value=-(10**15 - 1), max_value=10**15 - 1))
def test_format_and_parse_round_trip(amount: int) -> None:
    assert parse_amount(format_vnd(amount), thousands=".") == amount

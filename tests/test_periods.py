"""Periods: parsing, bounds, regime by end date, navigation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hhtax.errors import InputError
from hhtax.periods import Period, PeriodKind, last_ended


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2026-03", date(2026, 3, 1), date(2026, 3, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
    ("2025-q4", date(2025, 10, 1), date(2025, 12, 31)),
    ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
])
def test_parse_and_bounds(text: str, start: date, end: date) -> None:
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-Q5", "2026-H3", "26-01", "2026/01", "", "Q1"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(InputError) as info:
        Period.parse(text)
    assert info.value.field == "period"


def test_regime_by_end_date() -> None:
    assert Period.parse("2025-12").regime == "A"
    assert Period.parse("2025").regime == "A"
    assert Period.parse("2026-01").regime == "B"


def test_months_quarters_navigation() -> None:
    half = Period.parse("2026-H1")
    assert [str(m) for m in half.months()] == [f"2026-0{i}" for i in range(1, 7)]
    assert [str(q) for q in half.quarters()] == ["2026-Q1", "2026-Q2"]
    assert list(Period.parse("2026-05").quarters()) == []
    assert str(Period.parse("2026-Q1").previous()) == "2025-Q4"
    assert str(Period.parse("2025-12").next()) == "2026-01"
    assert last_ended(PeriodKind.QUARTER, date(2026, 4, 20)) == Period.quarter(2026, 1)
    assert Period.parse("2026-Q2").year_to_date() == Period.of_year(2026)


@given(st.dates(date(1901, 1, 1), date(2998, 12, 31)), st.sampled_from(list(PeriodKind)))
def test_containing_tiles_the_calendar(day: date, kind: PeriodKind) -> None:
    period = Period.containing(day, kind)
    assert period.contains(day)
    assert period.next().start == period.end + timedelta(days=1)
    assert period.previous().end == period.start - timedelta(days=1)
    assert period.regime == ("B" if period.end >= date(2026, 1, 1) else "A")

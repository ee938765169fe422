"""The plain-text ledger's fast aggregation (from stored values) equals the reference aggregation
of its Entry objects: the tax engine reads whichever the ledger gives it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hhtax.journal.aggregates import aggregate_entries
from hhtax.service.ledgers import open_text_ledger

LEDGERS = sorted((Path(__file__).parent.parent / "ledgers").glob("*/household.toml"))


@pytest.mark.parametrize("household_file", LEDGERS, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("cash_limit", [1, 5_000_000, 2**62])
def test_fast_aggregates_equal_the_reference(household_file: Path, cash_limit: int) -> None:
    ledger = open_text_ledger(household_file.parent)
    start, end = date(2024, 1, 1), date(2026, 12, 31)
    expected = aggregate_entries(ledger.entries(start, end), cash_limit)
    assert ledger.aggregates(start, end, cash_limit) == expected


@settings(max_examples=25, deadline=None)
@given(st.dates(date(2025, 12, 1), date(2026, 12, 31)), st.integers(0, 120))
def test_any_window_agrees(first: date, days: int) -> None:
    ledger = open_text_ledger(Path(__file__).parent.parent / "ledgers" / "restaurant-2026")
    last = date.fromordinal(first.toordinal() + days)
    expected = aggregate_entries(ledger.entries(first, last), 5_000_000)
    assert ledger.aggregates(first, last, 5_000_000) == expected

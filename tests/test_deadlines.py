"""Deadlines moved off weekends and holidays (OQ-20), from worked examples E1, E2, E3, E6, E7, E10."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hhtax.model import Household
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.tax.deadlines import due_date, next_working_day, statutory_due

RULES = load_rules()
HH = Household(tax_code="001099012345", name="Hộ thử", lines=[{"id": "g", "group": "goods"}])


@pytest.mark.parametrize(
    ("period", "form", "due"),
    [
        ("2026-Q1", "01/CNKD", date(2026, 5, 4)),  # 30/04 and 01/05 holidays, then a weekend (E10b)
        ("2026-Q2", "01/CNKD", date(2026, 7, 31)),  # Friday
        ("2026-Q3", "01/CNKD", date(2026, 11, 2)),  # Saturday 31/10 → Monday
        ("2026-Q4", "01/CNKD", date(2027, 2, 1)),  # Sunday 31/01/2027 → Monday
        ("2026", "01/TKN-CNKD", date(2027, 2, 1)),  # E6
        ("2026", "02/CNKD-TNCN-QTT", date(2027, 3, 31)),  # E2, Wednesday
        ("2025-Q3", "01/CNKD", date(2025, 10, 31)),  # E3, Friday
        ("2025-Q4", "01/CNKD", date(2026, 2, 2)),  # E3, Saturday 31/01/2026 → Monday
        ("2025-Q1", "01/CNKD", date(2025, 5, 5)),  # 30/04–02/05/2025 off, weekend
        ("2026-03", "01/CNKD", date(2026, 4, 20)),  # monthly: 20th of the next month (Monday)
        ("2026-01", "01/CNKD", date(2026, 4, 20)),  # NĐ 68 Art 18.1: January–March 2026 by 20/04/2026
        ("2026-02", "01/CNKD", date(2026, 4, 20)),  # (not 23/02 and 20/03)
        ("2026-04", "01/CNKD", date(2026, 5, 20)),  # the ordinary rule again
        ("2026-H1", "01/TKN-CNKD", date(2026, 7, 31)),  # NĐ 68 Art 9.1: a business started in H1
        ("2026", "01/BK-STK", date(2026, 7, 31)),  # OQ-25: TT 50 Art 4.2, households ≤ 1 bn
    ],
)
def test_due_dates(period: str, form: str, due: date) -> None:
    assert due_date(HH, Period.parse(period), form, RULES) == due


def test_statutory_dates_keep_the_month_end() -> None:
    assert statutory_due(Period.parse("2026-Q1"), "01/CNKD", RULES)[0] == date(2026, 4, 30)
    assert statutory_due(Period.parse("2026-05"), "01/CNKD", RULES)[0] == date(2026, 6, 20)
    assert statutory_due(Period.parse("2026-02"), "01/CNKD", RULES)[0] == date(2026, 4, 20)


def test_missing_holiday_list_moves_only_weekends() -> None:
    day, missing = next_working_day(date(2030, 1, 5), RULES)  # Saturday
    assert day == date(2030, 1, 7) and missing == [2030]


def test_deadlines_are_rule_data(tmp_path: Path) -> None:
    local = tmp_path / "no-holidays.toml"
    local.write_text(
        '[pack]\nid = "t"\nvalid_from = 2026-01-01\n[[rule]]\nname = "holidays.2026"\n'
        'valid_to = 2026-12-31\nvalue = []\nref = "test pack"\nconfidence = "L"\n',
        encoding="utf-8",
    )
    assert due_date(HH, Period.parse("2026-Q1"), "01/CNKD", load_rules(local)) == date(2026, 4, 30)

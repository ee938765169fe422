"""Filing and payment deadlines, moved off weekends and public holidays (reading OQ-20).

Statutory days come from the rule pack (`deadlines.*`: Law 38/2019 Art 44; ND 68/2026 Art 8–10;
TT 18/2026 Art 4–5); tax is due on the last day of the filing deadline (Law 38/2019 Art 55;
ND 68/2026 Art 8.3.e). A deadline on a weekend or holiday moves to the next working day (Civil
Code Art 148.5; ND 252/2026 Art 3.7), using the pack's `holidays.<year>` list; when a year has
no list only weekends are skipped and the deadline says so.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from hhtax.model import Household
from hhtax.periods import Period, PeriodKind
from hhtax.rules import RuleBook

FORM_DEADLINE = {
    "01/TKN-CNKD": "annual_notice",
    "02/CNKD-TNCN-QTT": "finalisation",
    "01/TTS": "leasing_annual",
    "01/BĐS": "real_estate",
    "01/BK-STK": "bank_accounts",
}


@dataclass(frozen=True)
class Deadline:
    """One deadline: the form, the period it covers, the (moved) due date and what it is for."""

    form: str
    period: Period
    due: date
    what: str
    statutory: date
    ref: str
    note: str = ""  # e.g. the holiday list of that year is missing
    note_vi: str = ""  # `note` in Vietnamese


def _rule_key(period: Period, form_code: str) -> str:
    if form_code == "01/TTS" and period.kind is not PeriodKind.YEAR:  # per payment period (TT 40 Art 8)
        return "deadlines.monthly" if period.kind is PeriodKind.MONTH else "deadlines.quarterly"
    if form_code in FORM_DEADLINE:
        return "deadlines." + FORM_DEADLINE[form_code]
    return "deadlines.monthly" if period.kind is PeriodKind.MONTH else "deadlines.quarterly"


def statutory_due(period: Period, form_code: str, rules: RuleBook) -> tuple[date, str]:
    """The deadline as the text states it, before moving it off non-working days, and its citation.

    >>> from hhtax.rules import load_rules
    >>> statutory_due(Period.parse("2026-Q1"), "01/CNKD", load_rules())[0]
    datetime.date(2026, 4, 30)
    """
    rule = rules.get(_rule_key(period, form_code), period.end)
    if rule.value.get("fixed") is not None:
        return rule.value["fixed"], rule.citation()
    month_index = period.end.year * 12 + period.end.month - 1 + rule.value["month_offset"]
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    day = last if rule.value["day"] == 0 else min(rule.value["day"], last)
    return date(year, month + 1, day), rule.citation()


def holidays(year: int, rules: RuleBook) -> frozenset[date] | None:
    """The official days off of `year` from the pack, or None when the pack has no list for it."""
    rule = rules.find(f"holidays.{year}", date(year, 1, 1))
    return frozenset(rule.value) if rule is not None else None


def next_working_day(day: date, rules: RuleBook) -> tuple[date, list[int]]:
    """`day` or the first working day after it; also the years whose holiday list is missing.

    30/04 and 01/05/2026 are holidays and 02–03/05 a weekend, so a deadline of 30/04 moves to 04/05:

    >>> from hhtax.rules import load_rules
    >>> next_working_day(date(2026, 4, 30), load_rules())
    (datetime.date(2026, 5, 4), [])
    """
    missing: list[int] = []
    move = rules.find("holidays.move_deadlines", day)
    if move is not None and not move.value:
        return day, missing
    while True:
        days_off = holidays(day.year, rules)
        if days_off is None and day.year not in missing:
            missing.append(day.year)
        if day.weekday() < 5 and (days_off is None or day not in days_off):
            return day, missing
        day += timedelta(days=1)


def due_date(household: Household, period: Period, form_code: str, rules: RuleBook) -> date:
    """The day `form_code` for `period` must be filed and paid, moved off weekends and holidays."""
    return deadline_of(period, form_code, rules).due


def deadline_of(period: Period, form_code: str, rules: RuleBook, what: str = "") -> Deadline:
    """The deadline of `form_code` for `period`: as the text states it and moved (OQ-20), with its
    citation and a note when the year's holiday list is missing."""
    statutory, ref = statutory_due(period, form_code, rules)
    due, missing = next_working_day(statutory, rules)
    note, note_vi = missing_note(missing)
    return Deadline(form=form_code, period=period, due=due, what=what, statutory=statutory, ref=ref,
                    note=note, note_vi=note_vi)


def missing_note(missing: list[int]) -> tuple[str, str]:
    """The note of a deadline moved without the year's holiday list (OQ-20), in English and Vietnamese."""
    if not missing:
        return "", ""
    years = ", ".join(map(str, missing))
    return (f"no holiday list for {years} in the rule pack: only weekends were skipped (OQ-20)",
            f"bộ quy tắc chưa có danh sách ngày nghỉ lễ năm {years}: chỉ bỏ qua thứ Bảy, Chủ nhật (OQ-20)")


def einvoice_registration(crossing: Period, rules: RuleBook) -> Deadline | None:
    """The day by which a household whose cumulative revenue passed the threshold in `crossing`
    registers e-invoices: 30 days after the period's last day (NĐ 68/2026 Art 8.5.c; D + 30 per
    OQ-20), moved off weekends and holidays like every deadline."""
    rule = rules.find("einvoice.register_within_days", crossing.end)
    if rule is None:
        return None
    statutory = crossing.end + timedelta(days=int(rule.value))
    due, missing = next_working_day(statutory, rules)
    note, note_vi = missing_note(missing)
    return Deadline(form="HĐĐT", period=crossing, due=due, what="register e-invoices (hóa đơn điện tử)",
                    statutory=statutory, ref=rule.citation(), note=note, note_vi=note_vi)

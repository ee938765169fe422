"""When a return may be prepared: only for a period that has ended on the filing date.

A return declares a period's figures (Law 38/2019 Art 44.1: a monthly return by the 20th of the
next month, a quarterly one by the last day of the quarter's first following month), so it is
prepared once the period is over. The one early return the law names for a household is the one
of a business that ceases: its return is due within 45 days of the event, inside the period
(Law 38/2019 Art 44.4, "chấm dứt hoạt động kinh doanh"). That needs the explicit reason
(`--early closing`); it still cannot be dated before the period starts, and it locks only the
days up to the filing date: nothing ever locks a day that has not come.
"""

from __future__ import annotations

from datetime import date

from hhtax.errors import InputError
from hhtax.model import Filing, Household
from hhtax.periods import Period, PeriodKind, last_ended

CLOSING = "closing"
EARLY_REASONS: dict[str, str] = {
    CLOSING: "the business closes (chấm dứt hoạt động kinh doanh, Law 38/2019 Art 44.4)",
}


def default_period(household: Household, on: date) -> Period:
    """The last month (monthly filer) or quarter that has ended on `on`."""
    kind = PeriodKind.MONTH if household.filing is Filing.MONTHLY else PeriodKind.QUARTER
    return last_ended(kind, on)


def check_ended(period: Period, on: date, early: str | None = None) -> None:
    """Refuse a return for `period` dated `on` unless the period has ended by then, or `early`
    names a reason the law gives for an early return (EARLY_REASONS) and `on` falls inside it."""
    if early is not None and early not in EARLY_REASONS:
        raise InputError(f"{early!r} is not a reason for an early return; use {', '.join(EARLY_REASONS)}",
                         field="early")
    if on > period.end:
        return
    if early is None:
        raise InputError(
            f"{period} has not ended on the filing date {on.isoformat()} (it ends on "
            f"{period.end.isoformat()}): a return is prepared only for a period that has ended; only a "
            f"business that closes files early: add --early {CLOSING} (Law 38/2019 Art 44.4)", field="period")
    if on < period.start:
        raise InputError(f"the filing date {on.isoformat()} is before {period} starts "
                         f"({period.start.isoformat()}); even an early return is dated inside its period",
                         field="on")


def lock_end(period: Period, on: date) -> date:
    """The last day a filing dated `on` may lock: the period's end, or `on` for an early return."""
    return min(period.end, on)

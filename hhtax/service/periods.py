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
from hhtax.i18n import msg, register
from hhtax.model import Filing, Household
from hhtax.periods import Period, PeriodKind, last_ended

CLOSING = "closing"
EARLY_REASONS: dict[str, str] = {
    CLOSING: "the business closes (chấm dứt hoạt động kinh doanh, Law 38/2019 Art 44.4)",
}


register({
    "period.bad_early": ("{early} không phải lý do khai sớm; dùng {known}",
                         "{early} is not a reason for an early return; use {known}"),
    "period.not_ended": (
        "kỳ {period} chưa kết thúc vào ngày nộp {on} (kết thúc ngày {end}): chỉ lập tờ khai cho kỳ đã kết "
        "thúc; chỉ hộ ngừng kinh doanh được khai sớm: thêm --early {closing} (Luật 38/2019 Điều 44.4)",
        "{period} has not ended on the filing date {on} (it ends on {end}): a return is prepared only for a "
        "period that has ended; only a business that closes files early: add --early {closing} "
        "(Law 38/2019 Art 44.4)"),
    "period.before_start": (
        "ngày nộp {on} trước ngày bắt đầu kỳ {period} ({start}); tờ khai sớm cũng phải ghi ngày trong kỳ",
        "the filing date {on} is before {period} starts ({start}); even an early return is dated inside "
        "its period"),
})


def default_period(household: Household, on: date) -> Period:
    """The last month (monthly filer) or quarter that has ended on `on`."""
    kind = PeriodKind.MONTH if household.filing is Filing.MONTHLY else PeriodKind.QUARTER
    return last_ended(kind, on)


def check_ended(period: Period, on: date, early: str | None = None) -> None:
    """Refuse a return for `period` dated `on` unless the period has ended by then, or `early`
    names a reason the law gives for an early return (EARLY_REASONS) and `on` falls inside it."""
    if early is not None and early not in EARLY_REASONS:
        raise InputError(msg("period.bad_early", early=repr(early), known=", ".join(EARLY_REASONS)),
                         field="early")
    if on > period.end:
        return
    if early is None:
        raise InputError(msg("period.not_ended", period=str(period), on=on.isoformat(),
                             end=period.end.isoformat(), closing=CLOSING), field="period")
    if on < period.start:
        raise InputError(msg("period.before_start", on=on.isoformat(), period=str(period),
                             start=period.start.isoformat()), field="on")


def lock_end(period: Period, on: date) -> date:
    """The last day a filing dated `on` may lock: the period's end, or `on` for an early return."""
    return min(period.end, on)

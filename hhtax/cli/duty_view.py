"""Printing the duty report (`hhtax.duty`) for `due`, `status` and `declare`: overdue returns first
with days late and interest to date, then what is due next, then every deadline marked filed or not."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from hhtax.duty import Duty, DutyReport, Lateness
from hhtax.i18n import register, t
from hhtax.money import format_vnd

register({
    "duty.overdue_head": ("Quá hạn (đến {today}):", "Overdue (to {today}):"),
    "duty.overdue": ("  {form:<16} {period:<8} hạn {due}: chậm {days} ngày · thuế {tax} · "
                     "tiền chậm nộp {interest}",
                     "  {form:<16} {period:<8} due {due}: {days} days late · tax {tax} · "
                     "interest {interest}"),
    "duty.next_head": ("Sắp đến hạn:", "Due next:"),
    "duty.next": ("  {form:<16} {period:<8} hạn {due}  {what}", "  {form:<16} {period:<8} due {due}  {what}"),
    "duty.all_head": ("Tất cả thời hạn năm {year}:", "Every deadline of {year}:"),
    "duty.filed": ("đã nộp", "filed"),
    "duty.not_filed": ("chưa nộp", "not filed"),
    "duty.unknown": ("chưa ghi nhận (sổ văn bản)", "no filing record (plain-text ledger)"),
    "duty.info": ("thông tin", "to do"),
    "duty.running": ("kỳ chưa kết thúc", "period not ended"),
    "duty.none_overdue": ("Không có tờ khai quá hạn.", "Nothing overdue."),
    "duty.unknown_note": ("  (sổ văn bản không ghi nhận tờ khai đã nộp: các kỳ trên được coi là chưa nộp)",
                          "  (a plain-text ledger records no filings: these periods are taken as not filed)"),
    "duty.late": ("Nộp chậm: hạn {due}, chậm {days} ngày; tiền chậm nộp đến {today}: {interest} đồng "
                  "(GTGT {vat}, TNCN {pit}; 0,03 %/ngày, {ref})",
                  "Filed late: due {due}, {days} days late; late interest to {today}: {interest} đồng "
                  "(VAT {vat}, PIT {pit}; 0.03 %/day, {ref})"),
})


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _what(duty: Duty, lang: str) -> str:
    return duty.what_vi if lang == "vi" else duty.what


def overdue_lines(report: DutyReport, lang: str) -> list[str]:
    """Every overdue duty with its days late and the interest accrued to the report's day."""
    if not report.overdue:
        return [t("duty.none_overdue", lang)]
    lines = [t("duty.overdue_head", lang, today=_day(report.today))]
    for d in report.overdue:
        lines.append(t("duty.overdue", lang, form=d.form, period=str(d.period), due=_day(d.due),
                       days=d.days_late, tax=format_vnd(d.vat + d.pit), interest=format_vnd(d.interest)))
    if any(d.filed is None for d in report.overdue):
        lines.append(t("duty.unknown_note", lang))
    return lines


def next_lines(report: DutyReport, lang: str, limit: int | None = None) -> list[str]:
    """What is due next (not filed, not late), soonest first."""
    upcoming = report.upcoming[:limit] if limit else report.upcoming
    if not upcoming:
        return []
    return [t("duty.next_head", lang)] + [
        t("duty.next", lang, form=d.form, period=str(d.period), due=_day(d.due), what=_what(d, lang))
        for d in upcoming]


def _mark(duty: Duty, lang: str) -> str:
    if duty.kind == "registration":
        return t("duty.info", lang)
    if duty.filed is None:
        mark = t("duty.unknown", lang)
    else:
        mark = t("duty.filed" if duty.filed else "duty.not_filed", lang)
    return mark if duty.ended else f"{mark}, {t('duty.running', lang)}"


def print_report(report: DutyReport, lang: str) -> None:
    """The whole report: overdue, due next, then every deadline with its filed / not filed mark."""
    for line in [*overdue_lines(report, lang), *next_lines(report, lang)]:
        click.echo(line)
    click.echo(t("duty.all_head", lang, year=report.year))
    for d in report.duties:
        moved = f" ({_day(d.statutory)})" if d.statutory != d.due else ""
        mark = _mark(d, lang)
        click.echo(f"  {_day(d.due)}{moved}  {d.form:<16} {d.period!s:<8} [{mark}] {_what(d, lang)}")
        if d.note:
            click.echo(f"      ! {d.note_vi if lang == 'vi' and d.note_vi else d.note}")
        if d.how:
            click.echo(f"      → {d.how_vi if lang == 'vi' else d.how}")


def status_overdue_lines(status: dict[str, Any], lang: str) -> list[str]:
    """The overdue part of `hhtax status` (its `overdue` list of duty dicts), printed first."""
    overdue = status.get("overdue") or []
    if not overdue:
        return [t("duty.none_overdue", lang)]
    lines = [t("duty.overdue_head", lang, today=_day(date.fromisoformat(status["today"])))]
    for d in overdue:
        lines.append(t("duty.overdue", lang, form=d["form"], period=d["period"],
                       due=_day(date.fromisoformat(d["due"])), days=d["days_late"],
                       tax=format_vnd(d["payable"]), interest=format_vnd(d["interest"]["total"])))
    if any(d["filed"] is None for d in overdue):
        lines.append(t("duty.unknown_note", lang))
    return lines


def print_lateness(late: Lateness, today: date, lang: str) -> None:
    """What a late return adds: its lateness and the interest to pay with it."""
    click.echo(t("duty.late", lang, due=_day(late.due), days=late.days_late, today=_day(today),
                 interest=format_vnd(late.interest), vat=format_vnd(late.interest_vat),
                 pit=format_vnd(late.interest_pit), ref=late.ref))

"""Revenue books: S1-HKD (TT 88/2021, by industry group in columns), S1a-HKD (TT 152/2025 Art 4)
and S2a/S2b-HKD (TT 152/2025 Art 5, 6: by industry group in rows, with the tax lines).

Revenue is net of returns (ND 68/2026 Art 5; TT 40/2021 Art 2): a return or a reversal is a
negative row. Platform-withheld sales are revenue too and appear in every revenue book.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from decimal import Decimal
from functools import partial

from hhtax.books.common import RowMaker, daily_caption, daily_groups, day_before, describe_stored, make_book
from hhtax.books.context import BuildContext
from hhtax.books.model import Book, Row, RowSource, RowStyle, Section
from hhtax.books.scan import as_date, daily_sums, scan
from hhtax.model import EntryKind
from hhtax.money import format_rate

_SALE = EntryKind.SALE.value
_REVENUE_KINDS = (_SALE, EntryKind.SALE_RETURN.value)


_COLUMNS = ("date", "kind", "amount", "line", "doc", "description", "item")


def _revenue_items(ctx: BuildContext, start: date, end: date,
                   lines: frozenset[str] | None) -> Iterator[tuple[date, str, str, str, int]]:
    """(date, line, doc, description, signed amount) of the revenue entries, in journal order."""
    match: dict[str, Collection[str]] = {"kind": _REVENUE_KINDS}
    if lines is not None:
        match["line"] = sorted(lines)
    for stored_day, kind, amount, line, doc, text, item in scan(ctx.ledger, start, end, _COLUMNS, match):
        yield (as_date(stored_day), line, doc, text or describe_stored(kind, text, item),
               amount if kind == _SALE else -amount)


def _rows_by_day(ctx: BuildContext, start: date, end: date, lines: frozenset[str] | None,
                 ) -> Iterator[tuple[date, str, str, str, int]]:
    """The revenue items, or one per day and line under `--summary daily`."""
    if not ctx.daily:
        return _revenue_items(ctx, start, end, lines)
    return _daily(ctx, start, end, lines)


def _daily(ctx: BuildContext, start: date, end: date, lines: frozenset[str] | None,
           ) -> Iterator[tuple[date, str, str, str, int]]:
    """One item per day and line: sales less returns of the day (one GROUP BY on SQLite)."""
    names = {line.id: line.name or line.id for line in ctx.household.lines}
    match: dict[str, Collection[str]] = {"kind": _REVENUE_KINDS}
    if lines is not None:
        match["line"] = sorted(lines)
    sums = daily_sums(ctx.ledger, start, end, ("line", "kind"), ("amount",), match)
    signed = ((as_date(d), line, amount if kind == _SALE else -amount) for d, line, kind, amount in sums)
    for day, line, amount in daily_groups(signed, lambda a, b: a + b):
        yield day, line, "", daily_caption(day, "Doanh thu", names.get(line, line)), amount


def _location_sections(ctx: BuildContext) -> list[tuple[str, frozenset[str] | None]]:
    """One section per business location with lines (TT 88: one book per location), else one."""
    household = ctx.household
    by_location: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for line in household.lines:
        location = household.location_of(line)
        by_location.setdefault(location.id, []).append(line.id)
        titles[location.id] = location.name or location.address or location.id
    if len(by_location) <= 1:
        return [("", None)]
    return [(f"Địa điểm kinh doanh: {titles[key]}", frozenset(ids)) for key, ids in by_location.items()]


def build_s1(ctx: BuildContext) -> Book:
    """S1-HKD: revenue by TT 40/2021 Appendix I industry group, one column per group."""
    layout = ctx.layout
    make = RowMaker(layout)
    columns: dict[str, str] = layout.data["group_columns"]
    line_column = {line_id: columns[group] for line_id, group in ctx.line_groups().items()}
    column_keys = sorted(set(columns.values()))
    period = ctx.period

    def rows(lines: frozenset[str] | None) -> Iterator[Row]:
        totals = dict.fromkeys(column_keys, 0)
        for day, line, doc, text, amount in _rows_by_day(ctx, period.start, period.end, lines):
            column = line_column[line]
            totals[column] += amount
            yield make(date=day, doc=doc, doc_date=day, description=text, **{column: amount})
        yield make(RowStyle.TOTAL, description="Tổng cộng", **totals)

    sections = [Section(title, RowSource(partial(rows, lines)))
                for title, lines in _location_sections(ctx)]
    return make_book(layout, ctx.household, period, sections)


def build_s1a(ctx: BuildContext) -> Book:
    """S1a-HKD (TT 152/2025 Art 4): each sale (or day) and the total, to watch the threshold."""
    layout = ctx.layout
    make = RowMaker(layout)
    period = ctx.period

    entry = make.builder("date", "description", "amount")

    def rows(lines: frozenset[str] | None) -> Iterator[Row]:
        total = 0
        for day, _line, _doc, text, amount in _rows_by_day(ctx, period.start, period.end, lines):
            total += amount
            yield entry(day, text, amount)
        yield make(RowStyle.TOTAL, description="Tổng cộng", amount=total)

    sections = [Section(title, RowSource(partial(rows, lines)))
                for title, lines in _location_sections(ctx)]
    return make_book(layout, ctx.household, period, sections)


def build_s2ab(ctx: BuildContext) -> Book:
    """S2a-HKD / S2b-HKD (TT 152/2025 Art 5, 6): revenue by industry group with the same VAT and
    PIT rates, each group followed by its total and tax lines; the book ends with the totals payable.

    The tax figures are the engine's (`Assessment.lines`). In the quarter a household crosses the
    threshold the return declares revenue from 01/01 (reading OQ-01), so the book carries the
    earlier months in as one row per group (reading OQ-16).
    """
    layout = ctx.layout
    make = RowMaker(layout)
    taxes: list[str] = layout.data["taxes"]
    assessment = ctx.assessment()
    period = ctx.period
    line_groups = ctx.line_groups()
    order = [line.group.value for line in ctx.household.lines]
    groups = sorted(set(order), key=order.index)
    group_lines = {g: frozenset(i for i, lg in line_groups.items() if lg == g) for g in groups}
    vat = dict.fromkeys(groups, 0)
    pit = dict.fromkeys(groups, 0)
    vat_rate: dict[str, Decimal] = {}
    pit_rate: dict[str, Decimal] = {}
    for line in assessment.lines:
        vat[line.group] = vat.get(line.group, 0) + line.vat.value
        pit[line.group] = pit.get(line.group, 0) + line.pit.value
        vat_rate[line.group] = line.vat_rate
        pit_rate[line.group] = line.pit_rate
    carried_from = period.start.replace(month=1, day=1) if assessment.crossing else None
    entry = make.builder("doc", "doc_date", "description", "amount")

    def group_name(group: str) -> str:
        name = ctx.rules.value(f"groups.{group}.name_vi", period.end)
        return str(name)

    def rows() -> Iterator[Row]:
        for group in groups:
            rates = []
            if "vat" in taxes and group in vat_rate:
                rates.append(f"thuế suất GTGT {format_rate(vat_rate[group])}%")
            if "pit" in taxes and group in pit_rate:
                rates.append(f"thuế suất TNCN {format_rate(pit_rate[group])}%")
            suffix = f" ({', '.join(rates)})" if rates else ""
            yield make(RowStyle.HEADING, description=f"Ngành nghề: {group_name(group)}{suffix}")
            total = 0
            carried: int | None = None
            if carried_from is not None and carried_from < period.start:
                carried = sum(item[4] for item in _revenue_items(
                    ctx, carried_from, day_before(period.start), group_lines[group]))
                yield make(RowStyle.OPENING, doc_date=day_before(period.start), amount=carried,
                           description=f"Doanh thu từ {carried_from:%d/%m/%Y} đến "
                                       f"{day_before(period.start):%d/%m/%Y} chuyển sang")
            for day, _line, doc, text, amount in _rows_by_day(ctx, period.start, period.end,
                                                             group_lines[group]):
                total += amount
                yield entry(doc, day, text, amount)
            yield make(RowStyle.TOTAL, description="Tổng cộng", amount=total)
            if carried is not None:
                yield make(RowStyle.TOTAL, description=f"Tổng cộng lũy kế từ {carried_from:%d/%m/%Y}",
                           amount=carried + total)
            if "vat" in taxes:
                yield make(RowStyle.TAX, description="Thuế GTGT", amount=vat[group])
            if "pit" in taxes:
                yield make(RowStyle.TAX, description="Thuế TNCN", amount=pit[group])
        if "vat" in taxes:
            yield make(RowStyle.TOTAL, description="Tổng số thuế GTGT phải nộp", amount=sum(vat.values()))
        if "pit" in taxes:
            yield make(RowStyle.TOTAL, description="Tổng số thuế TNCN phải nộp", amount=sum(pit.values()))

    return make_book(layout, ctx.household, period, [Section("", RowSource(rows))])

"""Stock valuation: per item opening, in, out and closing in quantity and value (TT 88/2021 S2-HKD,
TT 152/2025 S2d-HKD; 01-2/BK-HĐKD Part I of TT 40/2021; the cost of goods sold of the income method,
ND 68/2026 Art 6.1.a). A core module: the books print it, the tax engine deducts from it.

Stock comes in with purchases and opening entries that name an item and a quantity, and goes out
with sales that name one (a return brings it back) and with `stock_out` entries. Outflows are
valued by the household's method: the weighted average at the end of each tax period ("bình
quân gia quyền cuối kỳ"; the kỳ is the month for a month's book or a monthly filer, else the
quarter) or first in, first out. Closing = opening + in − out holds in quantity and value: in
the average method the last outflow of a kỳ takes the rounding remainder, and an item sold out
closes at zero value.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from hhtax.model import Entry, EntryKind, InventoryMethod
from hhtax.money import format_vnd, round_half_up
from hhtax.periods import Period, PeriodKind

ZERO = Decimal(0)  # the zero of a move that is not in (or not out): one shared object
Describe = Callable[[str, str, str], str]  # (kind, description, item) → the text of a move


def plain_text(kind: str, description: str, item: str) -> str:
    """A move's text when no book prints it: the entry's description, else its kind and item."""
    return description or f"{kind}: {item}"


@dataclass(frozen=True)
class ItemSummary:
    """One item's figures for a period (01-2/BK-HĐKD Part I [06]–[15])."""

    name: str
    unit: str
    opening_qty: Decimal
    opening_value: int
    in_qty: Decimal
    in_value: int
    out_qty: Decimal
    out_value: int
    closing_qty: Decimal
    closing_value: int


class Move:
    """One stock movement inside the book's period, valued once its kỳ is closed."""

    __slots__ = ("day", "doc", "in_qty", "in_value", "out_qty", "out_value", "price", "text")

    def __init__(self, day: date, doc: str, text: str, in_qty: Decimal, in_value: int, out_qty: Decimal,
                 price: int | None) -> None:
        self.day = day
        self.doc = doc
        self.text = text
        self.in_qty = in_qty
        self.in_value = in_value
        self.out_qty = out_qty
        self.out_value = 0
        self.price = price


@dataclass
class ItemPage:
    """An item's page of the inventory book."""

    name: str
    unit: str = ""
    opening_qty: Decimal = ZERO
    opening_value: int = 0
    moves: list[Move] = field(default_factory=list)
    qty: Decimal = ZERO  # balance after the last closed kỳ (average) or the last move (FIFO)
    value: int = 0
    lots: deque[list[Decimal | int]] = field(default_factory=deque)  # FIFO: [qty, value]
    pending: list[Move] = field(default_factory=list)  # moves of the open kỳ (average method)
    last_unit: Decimal = ZERO
    started: bool = False  # the book's period has begun for this item

    @property
    def active(self) -> bool:
        """Whether the item has a balance or a movement in the period (else it has no page)."""
        return bool(self.moves) or self.opening_qty != 0 or self.opening_value != 0

    def summary(self) -> ItemSummary:
        in_qty = sum((m.in_qty for m in self.moves), ZERO)
        out_qty = sum((m.out_qty for m in self.moves), ZERO)
        in_value = sum(m.in_value for m in self.moves)
        out_value = sum(m.out_value for m in self.moves)
        return ItemSummary(self.name, self.unit, self.opening_qty, self.opening_value, in_qty, in_value,
                           out_qty, out_value, self.opening_qty + in_qty - out_qty,
                           self.opening_value + in_value - out_value)


_IN_KINDS = frozenset({EntryKind.PURCHASE.value, EntryKind.OPENING.value})
_SALE = EntryKind.SALE.value
_RETURN = EntryKind.SALE_RETURN.value
_ISSUE = EntryKind.STOCK_OUT.value
STOCK_KINDS = (*sorted(_IN_KINDS), _SALE, _RETURN, _ISSUE)
COLUMNS = ("date", "kind", "amount", "doc", "description", "item", "unit", "qty", "unit_price")


def stock_move(kind: str, amount: int, qty_text: str | None) -> tuple[Decimal, int, Decimal] | None:
    """(quantity in, value in, quantity out) from stored values, or None if no stock moves.

    A reversal (negative amount) moves the quantity the other way."""
    if qty_text is None:
        return None
    qty = abs(Decimal(qty_text))
    if "E" in qty_text.upper():  # "1E+3" from the input: keep quantities in plain notation
        qty = Decimal(format(qty, "f"))
    signed = qty if amount >= 0 else -qty
    if kind in _IN_KINDS:
        return signed, amount, ZERO
    if kind == _SALE:
        return ZERO, 0, signed
    if kind == _RETURN:
        return ZERO, 0, -signed
    if kind == _ISSUE:
        return ZERO, 0, qty
    return None


def _quantities(kind: str, amount: int, qty_text: str | None) -> tuple[Decimal, bool, Decimal] | None:
    """`stock_move` without the value: (quantity in, whether the amount is the value in, quantity
    out), the same for every entry of one kind, quantity and sign (cached by `Valuation.feed`)."""
    move = stock_move(kind, amount, qty_text)
    return None if move is None else (move[0], kind in _IN_KINDS, move[2])


def stored_rows(entries: Iterable[Entry]) -> Iterator[tuple[Any, ...]]:
    """Entries as the stored values of COLUMNS (what `hhtax.books.scan` gives)."""
    for e in entries:
        yield (e.date.isoformat(), e.kind.value, e.amount, e.doc, e.description, e.item, e.unit,
               None if e.qty is None else str(e.qty), e.unit_price)


def kind_for(period: Period, monthly: bool) -> PeriodKind:
    """The kỳ of the average method: the month for a month's book or a monthly filer, else the
    quarter."""
    return PeriodKind.MONTH if monthly or period.kind is PeriodKind.MONTH else PeriodKind.QUARTER


class Valuation:
    """Streams entries in journal order and values the outflows of every item."""

    def __init__(self, period: Period, method: InventoryMethod, monthly: bool = False,
                 describe: Describe = plain_text) -> None:
        self.period = period
        self.describe = describe
        self.method = method
        self.kind = kind_for(period, monthly)
        self.items: dict[str, ItemPage] = {}
        self.warnings: list[str] = []
        self._warned: set[str] = set()
        self._current: Period | None = None
        self._current_end = date.min
        self._inside = False  # the book's period has begun

    def feed(self, rows: Iterable[tuple[Any, ...]]) -> dict[str, ItemPage]:
        """Value the stock movements among `rows` (stored values of COLUMNS, journal order)."""
        end = self.period.end
        start = self.period.start
        fifo = self.method is InventoryMethod.FIFO
        items = self.items
        moves: dict[tuple[str, str | None, bool], tuple[Decimal, bool, Decimal] | None] = {}
        day_text = ""
        when = date.min
        for stored_day, kind, amount, doc, text, item, unit, qty_text, unit_price in rows:
            if not item:
                continue
            key = (kind, qty_text, amount >= 0)
            move = moves[key] if key in moves else moves.setdefault(key, _quantities(kind, amount, qty_text))
            if move is None:
                continue
            if stored_day != day_text:  # a new day: the kỳ checks run once a day, not once a row
                day_text, when = stored_day, date.fromisoformat(stored_day)
                if when > end:
                    break
                if when > self._current_end:
                    self._advance(when)
            page = items.get(item)
            if page is None:
                page = items[item] = ItemPage(item)
                page.started = when >= start
            if not page.unit and unit:
                page.unit = unit
            in_qty, valued, out_qty = move
            record = Move(when, doc, text or self.describe(kind, text, item), in_qty,
                          amount if valued else 0, out_qty, unit_price)
            if fifo:
                self._fifo(page, record)
            else:
                page.pending.append(record)
            if when >= start:
                page.moves.append(record)
        self._close_current()
        for page in self.items.values():
            self._start(page)
        return dict(sorted(self.items.items()))

    # -- kỳ bookkeeping ------------------------------------------------------------------------
    def _advance(self, day: date) -> None:
        if self._current is not None and day <= self._current_end:
            return
        if self._current is not None:
            self._close_current()
        self._current = Period.containing(day, self.kind)
        self._current_end = self._current.end
        if day >= self.period.start and not self._inside:
            self._inside = True
            for page in self.items.values():
                self._start(page)

    def _start(self, page: ItemPage) -> None:
        if not page.started:
            page.started = True
            page.opening_qty = page.qty
            page.opening_value = page.value

    def _close_current(self) -> None:
        if self.method is InventoryMethod.FIFO:
            return
        for page in self.items.values():
            if page.pending:
                self._average(page)
                page.pending = []

    # -- methods -------------------------------------------------------------------------------
    def _average(self, page: ItemPage) -> None:
        """Weighted average of the kỳ: (opening value + in value) / (opening qty + in qty)."""
        moves = page.pending
        in_qty = sum((m.in_qty for m in moves), ZERO)
        in_value = sum(m.in_value for m in moves)
        closing_qty, closing_value, out_total = average_close(page.qty, page.value, in_qty, in_value,
                                                              sum((m.out_qty for m in moves), ZERO))
        available_qty = page.qty + in_qty
        unit = Decimal(page.value + in_value) / available_qty if available_qty > 0 else ZERO
        outs = [m for m in moves if m.out_qty]
        price = round_half_up(unit)
        values: dict[Decimal, int] = {}  # outflows repeat a few quantities: round each once
        for m in outs:
            qty = m.out_qty
            value = values.get(qty)
            if value is None:
                value = values[qty] = round_half_up(qty * unit)
            m.out_value = value
            m.price = price
        if outs:
            outs[-1].out_value += out_total - sum(m.out_value for m in outs)
        page.qty, page.value = closing_qty, closing_value
        self._check(page, moves[-1].day)

    def _fifo(self, page: ItemPage, move: Move) -> None:
        """First in, first out: outflows take the oldest lots' unit values."""
        if move.in_qty:
            page.lots.append([move.in_qty, move.in_value])
            page.qty += move.in_qty
            page.value += move.in_value
            return
        wanted = move.out_qty
        if wanted < 0:  # goods returned: back in at the last outflow's unit value
            value = round_half_up(-wanted * page.last_unit)
            page.lots.appendleft([-wanted, value])
            move.out_value = -value
        else:
            taken = 0
            while wanted > 0 and page.lots:
                lot = page.lots[0]
                lot_qty, lot_value = Decimal(lot[0]), int(lot[1])
                if lot_qty <= wanted:
                    taken += lot_value
                    wanted -= lot_qty
                    page.lots.popleft()
                else:
                    part = round_half_up(Decimal(lot_value) * wanted / lot_qty)
                    taken += part
                    lot[0] = lot_qty - wanted
                    lot[1] = lot_value - part
                    wanted = ZERO
            move.out_value = taken
            if move.out_qty:
                page.last_unit = Decimal(taken) / move.out_qty if taken else page.last_unit
        move.price = round_half_up(Decimal(move.out_value) / move.out_qty) if move.out_qty else None
        page.qty -= move.out_qty
        page.value -= move.out_value
        self._check(page, move.day)

    def _check(self, page: ItemPage, day: date) -> None:
        """Warn once per item about stock below zero or a value left on empty stock."""
        if page.name in self._warned:
            return
        if page.qty < 0 or (page.qty == 0 and page.value != 0):
            self._warned.add(page.name)
        if page.qty < 0:
            self.warnings.append(f"stock of {page.name!r} below zero on {day:%d/%m/%Y}: "
                                 f"{page.qty.normalize():f} {page.unit}".rstrip())
        elif page.qty == 0 and page.value != 0:
            self.warnings.append(f"stock of {page.name!r} is empty but keeps a value of "
                                 f"{format_vnd(page.value)} đồng")


def average_close(qty: Decimal, value: int, in_qty: Decimal, in_value: int,
                  out_qty: Decimal) -> tuple[Decimal, int, int]:
    """The closing quantity and value of a kỳ under the weighted average (opening value + value in)
    / (opening quantity + quantity in), and the value of its outflows: rounded once for the kỳ
    (the last outflow takes the remainder), all of the value when the kỳ sells out."""
    available_qty = qty + in_qty
    available_value = value + in_value
    unit = Decimal(available_value) / available_qty if available_qty > 0 else ZERO
    if out_qty == available_qty and available_qty > 0:
        out_total = available_value
    else:
        out_total = round_half_up(out_qty * unit)
    return available_qty - out_qty, available_value - out_total, out_total


def inventory_summary(entries: Iterable[Entry], period: Period,
                      method: InventoryMethod = InventoryMethod.AVERAGE) -> list[ItemSummary]:
    """Per item figures for `period`. `entries` must run from the ledger's start (the opening
    balances are built from them) in journal order; entries after the period are ignored."""
    pages = Valuation(period, method).feed(stored_rows(entries)).values()
    return [page.summary() for page in pages if page.active]


@dataclass(frozen=True)
class StockPosition:
    """The value of the goods in stock at the start and at the end of a period, by the household's
    valuation method: what the cost of goods sold needs (ND 68/2026 Art 6.1.a; opening stock at
    31/12/2025 on 01/BK-HTK, Art 18.4)."""

    opening: int  # at the start, with opening entries dated inside the period
    closing: int
    method: InventoryMethod


def stock_position(rows: Iterable[tuple[Any, ...]], period: Period, method: InventoryMethod,
                   monthly: bool = False) -> StockPosition | None:
    """The stock position of `period` from stored rows of COLUMNS (journal order, from the ledger's
    start); None when no entry moves an item's stock."""
    opening_in_period = 0
    moved = False

    def watch(source: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        nonlocal opening_in_period, moved
        start, end = period.start.isoformat(), period.end.isoformat()
        for row in source:
            if row[5] and row[7] is not None:
                moved = True
                if row[1] == EntryKind.OPENING.value and start <= row[0] <= end:
                    opening_in_period += row[2]
            yield row

    pages = Valuation(period, method, monthly).feed(watch(rows)).values()
    if not moved:
        return None
    opening = sum(page.opening_value for page in pages) + opening_in_period
    closing = sum(page.summary().closing_value for page in pages if page.active)
    return StockPosition(opening=opening, closing=closing, method=method)

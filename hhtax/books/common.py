"""What every book builder shares: the header and footer (TT 152/2025 Art 3 and the TT 88/2021
templates), period captions, row assembly and the `--summary daily` grouping."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from hhtax.books.layout import Layout
from hhtax.books.model import Book, Cell, Footer, Header, Row, RowStyle, Section
from hhtax.model import Entry, EntryKind, Household, Location
from hhtax.periods import Period

_KIND_TEXT = {
    EntryKind.SALE: "Bán hàng hóa, dịch vụ",
    EntryKind.SALE_RETURN: "Hàng bán bị trả lại",
    EntryKind.PURCHASE: "Mua hàng hóa, vật tư",
    EntryKind.STOCK_OUT: "Xuất kho",
    EntryKind.EXPENSE: "Chi phí",
    EntryKind.WAGE: "Tiền lương",
    EntryKind.TAX_PAYMENT: "Nộp thuế",
    EntryKind.TRANSFER: "Chuyển tiền",
    EntryKind.OPENING: "Số dư đầu kỳ",
    EntryKind.CAPITAL: "Góp vốn",
    EntryKind.DRAWING: "Rút vốn",
}


def day_before(day: date) -> date:
    return day - timedelta(days=1)


def describe(entry: Entry) -> str:
    """The "Diễn giải" of an entry: its own description, else a caption for its kind."""
    return describe_stored(entry.kind.value, entry.description, entry.item)


def describe_stored(kind: str, description: str, item: str) -> str:
    """`describe` from stored values (`hhtax.books.scan`)."""
    if description:
        return description
    text = _KIND_TEXT[EntryKind(kind)]
    return f"{text}: {item}" if item else text


def address_of(household: Household) -> str:
    parts = (household.address, household.ward, household.district, household.province)
    return ", ".join(p for p in parts if p)


def location_caption(location: Location) -> str:
    parts = (location.name, location.address, location.ward, location.province)
    return ", ".join(p for p in parts if p)


def make_book(layout: Layout, household: Household, period: Period, sections: Iterable[Section],
              warnings: list[str] | None = None) -> Book:
    """Assemble a book with the common header and footer of its circular."""
    circular = layout.circular
    header = Header(
        household=household.shop_name or household.name,
        address=address_of(household),
        tax_code=household.compact_tax_code,
        form=f"Mẫu số {layout.code}",
        circular=circular.text,
        title=layout.title,
        location=location_caption(household.head_office) or address_of(household),
        period_label=circular.period_label,
        period=period.label_vi,
    )
    footer = Footer(signer=circular.signer, signer_note=circular.signer_note, name=household.name)
    return Book(code=layout.code, period=str(period), header=header, columns=layout.columns,
                sections=tuple(sections), footer=footer, ref=layout.ref,
                landscape=layout.orientation == "landscape",
                warnings=warnings if warnings is not None else [])


class RowMaker:
    """Builds rows in the layout's column order from keyword values."""

    def __init__(self, layout: Layout) -> None:
        self._keys = [column.key for column in layout.columns]
        self._index = {key: i for i, key in enumerate(self._keys)}
        self._width = len(layout.columns)

    def __call__(self, style: RowStyle = RowStyle.ENTRY, /, **values: Cell) -> Row:
        cells: list[Cell] = [None] * self._width
        index = self._index
        for key, value in values.items():
            cells[index[key]] = value
        return Row(tuple(cells), style)

    def builder(self, *keys: str, style: RowStyle = RowStyle.ENTRY) -> Callable[..., Row]:
        """A fast row factory taking the values of `keys` positionally (for million-row books)."""
        missing = len(keys)
        order = [keys.index(c) if c in keys else missing for c in self._keys]
        pick = itemgetter(*order) if len(order) > 1 else (lambda values: (values[order[0]],))
        new = tuple.__new__  # Row's own __new__ is a Python function: this skips one call per row

        def build(*values: Cell) -> Row:
            return new(Row, (pick((*values, None)), style))
        return build

    def has(self, key: str) -> bool:
        return key in self._index


def daily_groups(items: Iterable[tuple[date, str, Any]],
                 add: Callable[[Any, Any], Any]) -> Iterator[tuple[date, str, Any]]:
    """`--summary daily`: fold date-ordered (day, key, value) items into one per day and key.

    Keys within a day come out sorted, so the result is deterministic whatever the entry order.
    """
    current: date | None = None
    sums: dict[str, Any] = {}
    for day, key, value in items:
        if day != current:
            if current is not None:
                for name in sorted(sums):
                    yield current, name, sums[name]
            current = day
            sums = {}
        sums[key] = add(sums[key], value) if key in sums else value
    if current is not None:
        for name in sorted(sums):
            yield current, name, sums[name]


def daily_caption(day: date, what: str, detail: str = "") -> str:
    """The "Diễn giải" of a day's summary row: "Doanh thu ngày 05/01/2026 – Bán lẻ"."""
    return f"{what} ngày {day:%d/%m/%Y}" + (f" – {detail}" if detail else "")

"""The stored-row codec: an `Entry` as the journal keeps it, and back.

A *stored row* is an entry's column values without its id, in the order of `StoredRow`: dates,
codes and quantities as text, flags as 0/1, absent values as None. Importers validate a file's
rows straight into this form (a million-row import builds no `Entry` objects) and the store
writes it as it is; readers turn a stored row back into an `Entry` with `entry_from_stored`.

`StoredRow` is the one column list: the SQL schema (`hhtax.journal.schema`) and the `Entry`
fields follow it, and tests/test_store.py ties the three together.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from operator import attrgetter
from typing import Any, NamedTuple

from hhtax.model import CostCategory, Entry, EntryKind, TaxKind


class StoredRow(NamedTuple):
    """An entry's stored column values (every `Entry` field but the id, in the same order)."""

    date: str
    kind: str
    amount: int
    line: str
    doc: str
    description: str
    payment: str
    category: str | None
    item: str
    unit: str
    qty: str | None
    unit_price: int | None
    tax: str | None
    transfer_to: str
    vat_cut: int | None
    withheld: int
    withheld_vat: int
    withheld_pit: int
    counterparty: str
    reverses: int | None
    source: str


STORED_COLUMNS: tuple[str, ...] = StoredRow._fields
ENTRY_COLUMNS: tuple[str, ...] = ("id", *STORED_COLUMNS)
"""The stored entry columns: the id, then `StoredRow`'s."""

_KINDS = {k.value: k for k in EntryKind}
_CATEGORIES = {c.value: c for c in CostCategory}
_TAXES = {t.value: t for t in TaxKind}
_ALL_FIELDS = set(Entry.model_fields)
_object_setattr = object.__setattr__
_entry_values = attrgetter(*STORED_COLUMNS)
_make_row = tuple.__new__
_as_stored = partial(_make_row, StoredRow)  # as_stored_row without a Python frame per row


def as_stored_row(values: Sequence[Any]) -> StoredRow:
    """A tuple of stored values (as the importers build them) named as a `StoredRow`, unchecked."""
    return _make_row(StoredRow, values)


def trusted_entry(values: dict[str, Any]) -> Entry:
    """An Entry from values already validated by an importer or read back from the journal store.

    `values` must hold every Entry field in declaration order. This does what pydantic's
    `model_construct` does, without its per-field bookkeeping (a third of a million-row import).
    """
    entry = Entry.__new__(Entry)
    _object_setattr(entry, "__dict__", values)
    _object_setattr(entry, "__pydantic_fields_set__", _ALL_FIELDS.copy())
    _object_setattr(entry, "__pydantic_extra__", None)
    _object_setattr(entry, "__pydantic_private__", None)
    return entry


def entry_from_stored(values: Sequence[Any], entry_id: int | None = None) -> Entry:
    """The Entry of a stored row (as an importer makes it and the store keeps it)."""
    row = values if isinstance(values, StoredRow) else as_stored_row(values)
    return trusted_entry({
        "id": entry_id, "date": date.fromisoformat(row.date), "kind": _KINDS[row.kind], "amount": row.amount,
        "line": row.line, "doc": row.doc, "description": row.description, "payment": row.payment,
        "category": None if row.category is None else _CATEGORIES[row.category], "item": row.item,
        "unit": row.unit, "qty": None if row.qty is None else Decimal(row.qty), "unit_price": row.unit_price,
        "tax": None if row.tax is None else _TAXES[row.tax], "transfer_to": row.transfer_to,
        "vat_cut": None if row.vat_cut is None else bool(row.vat_cut), "withheld": bool(row.withheld),
        "withheld_vat": row.withheld_vat, "withheld_pit": row.withheld_pit, "counterparty": row.counterparty,
        "reverses": row.reverses, "source": row.source,
    })


def stored_values(entry: Entry) -> StoredRow:
    """The stored row of an entry: enums as codes, flags as 0/1, the quantity as text."""
    (day, kind, amount, line, doc, description, payment, category, item, unit, qty, unit_price, tax,
     transfer_to, vat_cut, withheld, withheld_vat, withheld_pit, counterparty, reverses,
     source) = _entry_values(entry)
    return StoredRow(day.isoformat(), kind.value, amount, line, doc, description, payment,
                     None if category is None else category.value, item, unit,
                     None if qty is None else str(qty), unit_price, None if tax is None else tax.value,
                     transfer_to, None if vat_cut is None else int(vat_cut), int(withheld), withheld_vat,
                     withheld_pit, counterparty, reverses, source)


class EntrySource(Iterator[Entry]):
    """The entries of a file, read lazily. Iterating gives `Entry` objects; the journal store's
    bulk import takes `stored()` instead, the same rows as stored values, and skips the objects."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self._rows = rows

    def __iter__(self) -> EntrySource:
        return self

    def __next__(self) -> Entry:
        return entry_from_stored(next(self._rows))

    def stored(self) -> Iterator[StoredRow]:
        """The remaining rows as stored values."""
        return map(_as_stored, self._rows)

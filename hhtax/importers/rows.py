"""Validation of one journal row (a mapping of column name → text) into an `Entry`.

This is the single place where the journal's column contract is enforced (docs/ledger-format.md).
It is used by the plain-text ledger reader, the CSV and vendor-profile importers and JSON Lines.
It validates by hand and builds the frozen model without re-validation, because it runs once per
row on million-row imports: a `RowParser` is made once per file and caches the values that repeat
(dates, payment accounts, Vietnamese text).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from hhtax.errors import InputError
from hhtax.model import CostCategory, Entry, EntryKind, Household, TaxKind
from hhtax.money import parse_amount, parse_decimal
from hhtax.text import nfc

REQUIRED_COLUMNS = ("date", "kind", "amount")
KNOWN_COLUMNS = (
    "date", "kind", "amount", "line", "doc", "description", "payment", "category", "item", "unit",
    "qty", "unit_price", "tax", "transfer_to", "vat_cut", "withheld", "withheld_vat", "withheld_pit",
    "counterparty", "reverses", "id",
)
_KINDS = {k.value: k for k in EntryKind}
_CATEGORIES = {c.value: c for c in CostCategory}
_TAXES = {t.value: t for t in TaxKind}
_TRUE = {"1", "true", "yes", "y", "x", "có", "co"}
_FALSE = {"0", "false", "no", "n", "không", "khong", ""}
# Kinds whose amount must be positive in an ordinary (non-reversing) entry.
_POSITIVE_KINDS = frozenset(EntryKind) - {EntryKind.OPENING}
_CACHE_LIMIT = 50_000
_object_setattr = object.__setattr__
_ALL_FIELDS = set(Entry.model_fields)


def trusted_entry(values: dict[str, Any]) -> Entry:
    """An Entry from values already validated by this module or read back from the journal store.

    `values` must hold every Entry field in declaration order. This does what pydantic's
    `model_construct` does, without its per-field bookkeeping (a third of a million-row import).
    """
    entry = Entry.__new__(Entry)
    _object_setattr(entry, "__dict__", values)
    _object_setattr(entry, "__pydantic_fields_set__", _ALL_FIELDS.copy())
    _object_setattr(entry, "__pydantic_extra__", None)
    _object_setattr(entry, "__pydantic_private__", None)
    return entry


def parse_date(text: str, fmt: str = "%Y-%m-%d", field: str = "date") -> date:
    """Parse a date in the given strftime format; `31/02/2026` and `2026-13-01` are errors."""
    raw = text.strip()
    if not raw:
        raise InputError("date is empty", field=field)
    try:
        if fmt == "%Y-%m-%d" and len(raw) == 10 and raw[4] == raw[7] == "-":
            return date.fromisoformat(raw)
        return datetime.strptime(raw, fmt).date()
    except ValueError:
        shown = "YYYY-MM-DD" if fmt == "%Y-%m-%d" else fmt
        raise InputError(f"{raw!r} is not a valid date ({shown})", field=field) from None


def parse_bool(text: str | None, field: str) -> bool | None:
    """`yes`/`no`/empty → True/False/None."""
    if text is None:
        return None
    value = text.strip().lower()
    if value == "":
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise InputError(f"{text.strip()!r} is not yes or no", field=field)


def parse_row(row: Mapping[str, str | None], household: Household, *, source: str = "api",
              date_format: str = "%Y-%m-%d", thousands: str = "") -> Entry:
    """Validate one row and return its Entry. Raises InputError naming the field at fault."""
    return RowParser(household, date_format=date_format, thousands=thousands).parse(row, source)


class RowParser:
    """Validates the rows of one file against one household (caches repeated values)."""

    def __init__(self, household: Household, *, date_format: str = "%Y-%m-%d", thousands: str = "") -> None:
        self.household = household
        self.date_format = date_format
        self.thousands = thousands
        self._line_ids = tuple(line.id for line in household.lines)
        self._lines = frozenset(self._line_ids)
        self._dates: dict[str, date] = {}
        self._texts: dict[str, str] = {}
        self._payments: dict[str, str] = {}

    def _date(self, text: str) -> date:
        when = self._dates.get(text)
        if when is None:
            when = parse_date(text, self.date_format)
            if len(self._dates) < _CACHE_LIMIT:
                self._dates[text] = when
        return when

    def _text(self, value: str | None) -> str:
        if not value:
            return ""
        if value.isascii():
            return value.strip()
        cached = self._texts.get(value)
        if cached is None:
            cached = nfc(value)
            if len(self._texts) < _CACHE_LIMIT:
                self._texts[value] = cached
        return cached

    def _payment(self, text: str) -> str:
        payment = _payment(text, self.household)
        self._payments[text] = payment
        return payment

    def parse(self, row: Mapping[str, str | None], source: str = "api") -> Entry:
        """Validate one row and return its Entry. Raises InputError naming the field at fault."""
        get = row.get
        date_text = get("date") or ""
        when = self._dates.get(date_text) or self._date(date_text)
        kind_text = get("kind") or ""
        kind = _KINDS.get(kind_text) or _KINDS.get(kind_text.strip().lower())
        if kind is None:
            raise InputError(f"unknown kind {kind_text.strip().lower()!r}; expected one of "
                             f"{', '.join(_KINDS)}", field="kind")
        amount_text = get("amount") or ""
        amount = (int(amount_text) if amount_text.isdigit() and amount_text.isascii()
                  else parse_amount(amount_text, thousands=self.thousands))
        reverses_text = get("reverses")
        reverses = None
        if reverses_text and reverses_text.strip():
            reverses_text = reverses_text.strip()
            if not (reverses_text.isdigit() and reverses_text.isascii()):
                raise InputError(f"{reverses_text!r} is not an entry id", field="reverses")
            reverses = int(reverses_text)
        if amount <= 0 and reverses is None and kind in _POSITIVE_KINDS:
            raise InputError(f"amount must be positive for a {kind.value}, got {amount}", field="amount")

        text = self._text
        line = get("line")
        line = text(line) if line else ""
        if not line and kind in (EntryKind.SALE, EntryKind.SALE_RETURN):
            if len(self._line_ids) != 1:
                raise InputError("a sale needs a line (the household has several)", field="line")
            line = self._line_ids[0]
        if line and line not in self._lines:
            raise InputError(f"unknown line {line!r}; the household has {', '.join(self._line_ids)}",
                             field="line")

        category = None
        category_text = get("category")
        if category_text:
            category = _CATEGORIES.get(category_text)
            if category is None:
                category_text = category_text.strip().lower()
                category = _CATEGORIES.get(category_text)
                if category is None and category_text:
                    raise InputError(f"unknown category {category_text!r}", field="category")
        if category is None:
            if kind is EntryKind.EXPENSE:
                raise InputError("an expense needs a category", field="category")
            if kind is EntryKind.PURCHASE:
                category = CostCategory.GOODS
            elif kind is EntryKind.WAGE:
                category = CostCategory.LABOUR

        tax = None
        tax_text = get("tax")
        if tax_text and tax_text.strip():
            tax = _TAXES.get(tax_text.strip().lower())
            if tax is None:
                raise InputError(f"unknown tax {tax_text.strip().lower()!r}; expected vat, pit or other",
                                 field="tax")
        if kind is EntryKind.TAX_PAYMENT and tax is None:
            raise InputError("a tax_payment needs the tax (vat, pit or other)", field="tax")

        payment_text = get("payment") or ""
        payment = self._payments.get(payment_text) or self._payment(payment_text)
        transfer_to = ""
        if kind is EntryKind.TRANSFER:
            transfer_to = _payment(get("transfer_to"), self.household, field="transfer_to", default="")
            if not transfer_to:
                raise InputError("a transfer needs transfer_to (cash or bank:<account>)", field="transfer_to")

        qty_text = get("qty")
        qty: Decimal | None = parse_decimal(qty_text, field="qty") if qty_text and qty_text.strip() else None
        price_text = get("unit_price")
        unit_price = (parse_amount(price_text, thousands=self.thousands, field="unit_price")
                      if price_text and price_text.strip() else None)
        item = get("item")
        item = text(item) if item else ""
        if item and qty is None and kind in (EntryKind.PURCHASE, EntryKind.STOCK_OUT):
            raise InputError(f"a {kind.value} of an item needs qty", field="qty")

        doc, description, unit, counterparty = (get("doc"), get("description"), get("unit"),
                                                get("counterparty"))
        vat_cut_text = get("vat_cut")
        withheld_text = get("withheld")
        withheld_vat_text = get("withheld_vat")
        withheld_pit_text = get("withheld_pit")
        return trusted_entry({
            "id": None, "date": when, "kind": kind, "amount": amount, "line": line,
            "doc": text(doc) if doc else "", "description": text(description) if description else "",
            "payment": payment, "category": category, "item": item, "unit": text(unit) if unit else "",
            "qty": qty, "unit_price": unit_price, "tax": tax, "transfer_to": transfer_to,
            "vat_cut": parse_bool(vat_cut_text, "vat_cut") if vat_cut_text else None,
            "withheld": bool(parse_bool(withheld_text, "withheld")) if withheld_text else False,
            "withheld_vat": (parse_amount(withheld_vat_text, field="withheld_vat")
                             if withheld_vat_text and withheld_vat_text.strip() else 0),
            "withheld_pit": (parse_amount(withheld_pit_text, field="withheld_pit")
                             if withheld_pit_text and withheld_pit_text.strip() else 0),
            "counterparty": text(counterparty) if counterparty else "", "reverses": reverses,
            "source": source,
        })


def _payment(text: str | None, household: Household, field: str = "payment", default: str = "cash") -> str:
    """Normalise a payment account: cash, credit, bank (the first account) or bank:<account id>."""
    value = (text or "").strip()
    if not value:
        return default
    low = value.lower()
    if low in ("cash", "credit"):
        return low
    account_ids = [a.id for a in household.accounts]
    if low in ("bank", "ewallet"):
        return f"bank:{account_ids[0]}" if account_ids else "bank"
    if low.startswith(("bank:", "ewallet:")):
        account = value.split(":", 1)[1].strip()
        if account_ids and account not in account_ids:
            raise InputError(f"unknown account {account!r}; the household has {', '.join(account_ids)}",
                             field=field)
        return f"bank:{account}"
    raise InputError(f"{value!r} is not cash, bank, bank:<account> or credit", field=field)

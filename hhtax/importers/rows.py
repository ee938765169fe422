"""Validation of one journal row (a mapping of column name → text) into an `Entry`.

This is the single place where the journal's column contract is enforced (docs/ledger-format.md).
It is used by the plain-text ledger reader, the CSV and vendor-profile importers and JSON Lines.
It validates by hand and builds the frozen model without re-validation, because it runs once per
row on million-row imports. A row becomes its *stored values* (the journal store's column values,
`hhtax.journal.schema.ENTRY_COLUMNS` without the id: dates, codes and quantities as text, flags as
0/1), from which an `Entry` is built when one is wanted; a bulk import hands the stored values
straight to the store (`EntrySource`).

A `RowParser` is made once per file. `RowParser.check` is the reference validation. `values`
answers rows whose fields it has seen before from caches — the fields that depend only on each
other (kind, line, payment, category, tax, transfer, flags), dates, quantities — and hands every
other row, and every row with an error, to `check`, learning from its answer; so both always agree
(tests/test_import_fastpath.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from hhtax.errors import InputError
from hhtax.i18n import Message, msg, register
from hhtax.journal.codec import entry_from_stored
from hhtax.model import CostCategory, Entry, EntryKind, Household, TaxKind
from hhtax.money import default_decimal, parse_amount, parse_decimal, quoted
from hhtax.rules.horizon import supported_dates
from hhtax.text import FIELD_LIMIT, nfc

REQUIRED_COLUMNS = ("date", "kind", "amount")
KNOWN_COLUMNS = (
    "date", "kind", "amount", "line", "doc", "description", "payment", "category", "item", "unit",
    "qty", "unit_price", "tax", "transfer_to", "vat_cut", "withheld", "withheld_vat", "withheld_pit",
    "counterparty", "reverses", "id",
)
FIELDS = KNOWN_COLUMNS[:-1]
"""The journal columns a row's fields are given in (`RowParser.values`); all but `id`, which is ignored."""
_KINDS = {k.value: k for k in EntryKind}
_CATEGORIES = {c.value: c for c in CostCategory}
_TAXES = {t.value: t for t in TaxKind}
_TRUE = {"1", "true", "yes", "y", "x", "có", "co"}
_FALSE = {"0", "false", "no", "n", "không", "khong", ""}
# Kinds whose amount must be positive in an ordinary (non-reversing) entry.
_POSITIVE_KINDS = frozenset(EntryKind) - {EntryKind.OPENING}
_POSITIVE_CODES = frozenset(kind.value for kind in _POSITIVE_KINDS)
_ITEM_QTY_CODES = frozenset({EntryKind.PURCHASE.value, EntryKind.STOCK_OUT.value})
# The fields whose validation depends only on one another: kind, line, payment, category, tax,
# transfer_to, vat_cut, withheld.
_STATIC = itemgetter(1, 3, 6, 7, 12, 13, 14, 15)
# The free-text fields (doc, description, item, unit, counterparty), capped at FIELD_LIMIT.
_FREE_TEXT = ((4, "doc"), (5, "description"), (8, "item"), (9, "unit"), (18, "counterparty"))
_SHORT_AMOUNT = 15  # a run of ASCII digits this long is below AMOUNT_LIMIT (money.py)
_CACHE_LIMIT = 50_000


register({
    "rows.hint_seconds": (
        "; thiếu giây (bảng tính đã lưu lại tệp?): giữ nguyên tệp xuất ra",
        "; the seconds are missing (a spreadsheet re-saved the file?): keep the export as it was"),
    "rows.hint_day_first": (
        "; tệp viết ngày/tháng/năm: dùng một --profile đọc được kiểu đó (hoặc viết YYYY-MM-DD)",
        "; the file writes day/month/year: use a --profile that reads it (or write YYYY-MM-DD)"),
    "rows.not_yes_no": ("{value} không phải yes hay no", "{value} is not yes or no"),
    "rows.bad_payment": ("{value} không phải cash, bank, bank:<tài khoản> hay credit",
                         "{value} is not cash, bank, bank:<account> or credit"),
    "rows.date_empty": ("ngày bị trống", "date is empty"),
    "rows.date_range": (
        "{value} nằm ngoài khoảng ngày hhtax hỗ trợ ({first} đến {last}, các năm mà gói quy định bao quát)",
        "{value} is outside the dates hhtax supports ({first} to {last}, the years its rule packs cover)"),
    "rows.bad_id": ("{value} không phải mã bút toán (số nguyên từ 1, như `hhtax journal` hiển thị)",
                    "{value} is not an entry id (a whole number from 1, as `hhtax journal` shows)"),
    "rows.tax_needed": ("tax_payment cần ghi loại thuế (vat, pit hoặc other)",
                        "a tax_payment needs the tax (vat, pit or other)"),
    "rows.bad_date": ("{value} không phải ngày hợp lệ ({shape}){hint}",
                      "{value} is not a valid date ({shape}){hint}"),
    "rows.unknown_line": ("không có ngành {value}; hộ có các ngành {known}",
                          "unknown line {value}; the household has {known}"),
    "rows.transfer_needed": ("chuyển tiền cần transfer_to (cash hoặc bank:<tài khoản>)",
                             "a transfer needs transfer_to (cash or bank:<account>)"),
    "rows.unknown_kind": ("không có loại {value}; phải là một trong {known}",
                          "unknown kind {value}; expected one of {known}"),
    "rows.amount_positive": ("số tiền của {kind} phải dương, ở đây là {amount}",
                             "amount must be positive for a {kind}, got {amount}"),
    "rows.qty_needed": ("{kind} của một mặt hàng cần có qty", "a {kind} of an item needs qty"),
    "rows.field_too_long": ("{length} ký tự; một trường văn bản chứa tối đa {limit}",
                            "{length} characters; a text field holds at most {limit}"),
    "rows.category_needed": ("chi phí cần có category", "an expense needs a category"),
    "rows.unknown_tax": ("không có loại thuế {value}; phải là vat, pit hoặc other",
                         "unknown tax {value}; expected vat, pit or other"),
    "rows.unknown_account": ("không có tài khoản {value}; hộ có {known}",
                             "unknown account {value}; the household has {known}"),
    "rows.line_needed": ("bán hàng cần ghi ngành (hộ có nhiều ngành)",
                         "a sale needs a line (the household has several)"),
    "rows.unknown_category": ("không có khoản mục {value}", "unknown category {value}"),
})


def parse_date(text: str, fmt: str = "%Y-%m-%d", field: str = "date",
               dates: tuple[date, date] | None = None) -> date:
    """Parse a date in the given strftime format; `31/02/2026` and `2026-13-01` are errors, and so
    is a date outside `dates` (default: `hhtax.rules.horizon.supported_dates()`)."""
    raw = text.strip()
    if not raw:
        raise InputError(msg("rows.date_empty"), field=field)
    try:
        if fmt == "%Y-%m-%d" and len(raw) == 10 and raw[4] == raw[7] == "-":
            day = date.fromisoformat(raw)
        else:
            day = datetime.strptime(raw, fmt).date()
    except ValueError:
        raise InputError(msg("rows.bad_date", value=quoted(raw), shape=_date_shape(fmt),
                             hint=_date_hint(raw, fmt)), field=field) from None
    first, last = dates or supported_dates()
    if not first <= day <= last:
        raise InputError(msg("rows.date_range", value=quoted(raw), first=first.isoformat(),
                             last=last.isoformat()), field=field)
    return day


def _date_shape(fmt: str) -> str:
    """A strftime format as a reader writes it: `%d/%m/%Y %H:%M:%S` → `dd/mm/yyyy hh:mm:ss`."""
    for code, shape in (("%d", "dd"), ("%m", "mm"), ("%Y", "yyyy"), ("%H", "hh"), ("%M", "mm"), ("%S", "ss")):
        fmt = fmt.replace(code, shape)
    return fmt.upper() if fmt == "yyyy-mm-dd" else fmt


def _date_hint(raw: str, fmt: str) -> Message | str:
    """A hint for the common slips: seconds dropped when a spreadsheet re-saved the file, or the
    date written in another order."""
    if fmt.endswith(":%S"):
        try:
            datetime.strptime(raw, fmt.removesuffix(":%S"))
            return msg("rows.hint_seconds")
        except ValueError:
            pass
    if fmt == "%Y-%m-%d":
        for other in ("%d/%m/%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d-%m-%Y"):
            try:
                datetime.strptime(raw, other)
            except ValueError:
                continue
            return msg("rows.hint_day_first")
    return ""


MAX_ENTRY_ID = 2**63 - 1
"""The largest entry id a ledger can hold (SQLite's INTEGER PRIMARY KEY)."""


def parse_entry_id(text: str | int, field: str = "id") -> int:
    """An entry id given as text or int: a positive whole number a ledger can hold."""
    raw = str(text).strip()
    if not (raw.isdigit() and raw.isascii() and len(raw) <= 19 and 1 <= int(raw) <= MAX_ENTRY_ID):
        raise InputError(msg("rows.bad_id", value=quoted(raw)), field=field)
    return int(raw)


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
    raise InputError(msg("rows.not_yes_no", value=quoted(text.strip())), field=field)


def parse_row(row: Mapping[str, str | None], household: Household, *, source: str = "api",
              date_format: str = "%Y-%m-%d", thousands: str = "", decimal: str = "") -> Entry:
    """Validate one row and return its Entry. Raises InputError naming the field at fault."""
    return RowParser(household, date_format=date_format, thousands=thousands,
                     decimal=decimal).parse(row, source)


class RowParser:
    """Validates the rows of one file against one household (caches repeated values)."""

    def __init__(self, household: Household, *, date_format: str = "%Y-%m-%d", thousands: str = "",
                 decimal: str = "", dates: tuple[date, date] | None = None) -> None:
        self.household = household
        self.date_format = date_format
        self.thousands = thousands
        self.decimal = decimal or default_decimal(thousands)
        self.dates = dates or supported_dates()
        self._line_ids = tuple(line.id for line in household.lines)
        self._lines = frozenset(self._line_ids)
        self._dates: dict[str, str] = {}
        self._texts: dict[str, str] = {}
        self._payments: dict[str, str] = {}
        self._static: dict[tuple[str, ...], tuple[Any, ...]] = {}
        self._quantities: dict[str, str] = {}

    def _date(self, text: str) -> str:
        day = self._dates.get(text)
        if day is None:
            day = parse_date(text, self.date_format, dates=self.dates).isoformat()
            if len(self._dates) < _CACHE_LIMIT:
                self._dates[text] = day
        return day

    def _text(self, value: str) -> str:
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
        payment = self._payments.get(text)
        if payment is None:
            payment = self._payments[text] = _payment(text, self.household)
        return payment

    def parse(self, row: Mapping[str, str | None], source: str = "api") -> Entry:
        """Validate one row (column name → text) and return its Entry. Raises InputError naming
        the field at fault."""
        return entry_from_stored(self.values(tuple(row.get(column) or "" for column in FIELDS), source))

    def values(self, fields: Sequence[str], source: str) -> tuple[Any, ...]:
        """The stored values of one row given as the texts of `FIELDS` ("" when absent); the same
        as `check`, from caches when the row's repeating fields have been seen before."""
        static = self._static.get(_STATIC(fields))
        day = self._dates.get(fields[0])
        amount_text = fields[2]
        if (static is None or day is None or fields[19] or not amount_text.isdigit()
                or not amount_text.isascii() or len(amount_text) > _SHORT_AMOUNT or _long_text(fields)):
            return self._learn(fields, source)
        kind, line, payment, category, tax, transfer_to, vat_cut, withheld, positive, item_needs_qty = static
        amount = int(amount_text)
        item, qty_text, price_text = fields[8], fields[10], fields[11]
        vat_text, pit_text = fields[16], fields[17]
        qty = None
        if qty_text:
            qty = self._quantities.get(qty_text)
            if qty is None:
                return self._learn(fields, source)
        elif item and item_needs_qty:
            return self._learn(fields, source)
        if (amount == 0 and positive) or not (_short_digits(price_text) and _short_digits(vat_text)
                                               and _short_digits(pit_text)):
            return self._learn(fields, source)
        text = self._text
        return (day, kind, amount, line, text(fields[4]), text(fields[5]), payment, category, text(item),
                text(fields[9]), qty, int(price_text) if price_text else None, tax, transfer_to, vat_cut,
                withheld, int(vat_text) if vat_text else 0, int(pit_text) if pit_text else 0,
                text(fields[18]), None, source)

    def _learn(self, fields: Sequence[str], source: str) -> tuple[Any, ...]:
        """`check` the row, and remember its repeating fields for `values`."""
        values = self.check(fields, source)
        if len(self._static) < _CACHE_LIMIT:
            kind = values[1]
            self._static[_STATIC(fields)] = (
                kind, values[3], values[6], values[7], values[12], values[13], values[14], values[15],
                kind in _POSITIVE_CODES, kind in _ITEM_QTY_CODES)
        if fields[10] and len(self._quantities) < _CACHE_LIMIT:
            self._quantities[fields[10]] = values[10]
        return values

    def _line(self, kind: EntryKind, line: str) -> str:
        """The business line of a row: as given, or the household's only line for a sale."""
        if not line and kind in (EntryKind.SALE, EntryKind.SALE_RETURN):
            if len(self._line_ids) != 1:
                raise InputError(msg("rows.line_needed"), field="line")
            line = self._line_ids[0]
        if line and line not in self._lines:
            raise InputError(msg("rows.unknown_line", value=quoted(line), known=", ".join(self._line_ids)),
                             field="line")
        return line

    def _withheld(self, text: str, field: str) -> int:
        if not text.strip():
            return 0
        return parse_amount(text, field=field, thousands=self.thousands, decimal=self.decimal)

    def _transfer_to(self, kind: EntryKind, text: str) -> str:
        if kind is not EntryKind.TRANSFER:
            return ""
        transfer_to = _payment(text, self.household, field="transfer_to", default="")
        if not transfer_to:
            raise InputError(msg("rows.transfer_needed"), field="transfer_to")
        return transfer_to

    def check(self, fields: Sequence[str], source: str) -> tuple[Any, ...]:
        """Validate one row given as the texts of `FIELDS` and return its stored values. Raises
        InputError naming the field at fault."""
        (date_text, kind_text, amount_text, line, doc, description, payment_text, category_text, item, unit,
         qty_text, price_text, tax_text, transfer_text, vat_cut_text, withheld_text, withheld_vat_text,
         withheld_pit_text, counterparty, reverses_text) = fields
        _check_lengths(fields)
        day = self._date(date_text)
        kind = _KINDS.get(kind_text) or _KINDS.get(kind_text.strip().lower())
        if kind is None:
            raise InputError(msg("rows.unknown_kind", value=quoted(kind_text.strip().lower()),
                                 known=", ".join(_KINDS)), field="kind")
        amount = parse_amount(amount_text, thousands=self.thousands, decimal=self.decimal)
        reverses = None
        if reverses_text.strip():
            reverses = parse_entry_id(reverses_text, field="reverses")
        if amount <= 0 and reverses is None and kind in _POSITIVE_KINDS:
            raise InputError(msg("rows.amount_positive", kind=kind.value, amount=amount), field="amount")

        text = self._text
        line = self._line(kind, text(line))
        category = _category(kind, category_text)
        tax = _tax(kind, tax_text)

        payment = self._payment(payment_text)
        transfer_to = self._transfer_to(kind, transfer_text)

        numbers = {"thousands": self.thousands, "decimal": self.decimal}
        qty = parse_decimal(qty_text, field="qty", **numbers) if qty_text.strip() else None
        unit_price = parse_amount(price_text, field="unit_price", **numbers) if price_text.strip() else None
        item = text(item)
        if item and qty is None and kind in (EntryKind.PURCHASE, EntryKind.STOCK_OUT):
            raise InputError(msg("rows.qty_needed", kind=kind.value), field="qty")

        vat_cut = parse_bool(vat_cut_text, "vat_cut") if vat_cut_text else None
        return (
            day, kind.value, amount, line, text(doc), text(description), payment,
            None if category is None else category.value, item, text(unit), None if qty is None else str(qty),
            unit_price, None if tax is None else tax.value, transfer_to,
            None if vat_cut is None else int(vat_cut),
            int(bool(parse_bool(withheld_text, "withheld"))) if withheld_text else 0,
            self._withheld(withheld_vat_text, "withheld_vat"),
            self._withheld(withheld_pit_text, "withheld_pit"),
            text(counterparty), reverses, source,
        )


def _check_lengths(fields: Sequence[str]) -> None:
    for index, name in _FREE_TEXT:
        if len(fields[index]) > FIELD_LIMIT:
            raise InputError(msg("rows.field_too_long", length=f"{len(fields[index]):,}",
                                 limit=f"{FIELD_LIMIT:,}"), field=name)


def _category(kind: EntryKind, text: str) -> CostCategory | None:
    """The cost category of a row: as given, or the kind's own (goods, labour); an expense names one."""
    category = None
    if text:
        category = _CATEGORIES.get(text)
        if category is None:
            text = text.strip().lower()
            category = _CATEGORIES.get(text)
            if category is None and text:
                raise InputError(msg("rows.unknown_category", value=quoted(text)), field="category")
    if category is None:
        if kind is EntryKind.EXPENSE:
            raise InputError(msg("rows.category_needed"), field="category")
        if kind is EntryKind.PURCHASE:
            category = CostCategory.GOODS
        elif kind is EntryKind.WAGE:
            category = CostCategory.LABOUR
    return category


def _tax(kind: EntryKind, text: str) -> TaxKind | None:
    """The tax a tax payment pays (vat, pit, other)."""
    tax = None
    if text.strip():
        tax = _TAXES.get(text.strip().lower())
        if tax is None:
            raise InputError(msg("rows.unknown_tax", value=quoted(text.strip().lower())), field="tax")
    if kind is EntryKind.TAX_PAYMENT and tax is None:
        raise InputError(msg("rows.tax_needed"), field="tax")
    return tax


def _short_digits(text: str) -> bool:
    """Empty, or ASCII digits short enough to be below the amount ceiling (the fast path's test)."""
    return not text or (text.isdigit() and text.isascii() and len(text) <= _SHORT_AMOUNT)


def _long_text(fields: Sequence[str]) -> bool:
    """Whether a free-text field is over FIELD_LIMIT (then `check` names it)."""
    limit = FIELD_LIMIT
    return (len(fields[5]) > limit or len(fields[4]) > limit or len(fields[8]) > limit
            or len(fields[9]) > limit or len(fields[18]) > limit)


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
            raise InputError(msg("rows.unknown_account", value=quoted(account), known=", ".join(account_ids)),
                             field=field)
        return f"bank:{account}"
    raise InputError(msg("rows.bad_payment", value=quoted(value)), field=field)

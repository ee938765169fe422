"""Validation of one journal row (a mapping of column name → text) into an `Entry`.

This is the single place where the journal's column contract is enforced (docs/ledger-format.md).
It is used by the plain-text ledger reader, the CSV and vendor-profile importers and JSON Lines.
It validates by hand and builds the frozen model without re-validation, because it runs once per
row on million-row imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

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


def _text(value: str | None) -> str:
    if not value:
        return ""
    return value.strip() if value.isascii() else nfc(value)


def parse_date(text: str, fmt: str = "%Y-%m-%d", field: str = "date") -> date:
    """Parse a date in the given strftime format; `31/02/2026` and `2026-13-01` are errors."""
    raw = text.strip()
    if not raw:
        raise InputError("date is empty", field=field)
    try:
        if fmt == "%Y-%m-%d":
            return date.fromisoformat(raw) if len(raw) == 10 else _strict(raw, fmt)
        return datetime.strptime(raw, fmt).date()
    except ValueError:
        shown = "YYYY-MM-DD" if fmt == "%Y-%m-%d" else fmt
        raise InputError(f"{raw!r} is not a valid date ({shown})", field=field) from None


def _strict(raw: str, fmt: str) -> date:
    return datetime.strptime(raw, fmt).date()


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
    get = row.get
    when = parse_date(get("date") or "", date_format)
    kind_text = (get("kind") or "").strip().lower()
    kind = _KINDS.get(kind_text)
    if kind is None:
        raise InputError(f"unknown kind {kind_text!r}; expected one of {', '.join(_KINDS)}", field="kind")
    amount = parse_amount(get("amount") or "", thousands=thousands)
    reverses_text = (get("reverses") or "").strip()
    reverses = None
    if reverses_text:
        if not reverses_text.isdigit():
            raise InputError(f"{reverses_text!r} is not an entry id", field="reverses")
        reverses = int(reverses_text)
    if reverses is None and kind in _POSITIVE_KINDS and amount <= 0:
        raise InputError(f"amount must be positive for a {kind.value}, got {amount}", field="amount")

    line = _text(get("line"))
    if kind in (EntryKind.SALE, EntryKind.SALE_RETURN):
        if not line:
            if len(household.lines) != 1:
                raise InputError("a sale needs a line (the household has several)", field="line")
            line = household.lines[0].id
    if line and line not in _line_ids(household):
        raise InputError(f"unknown line {line!r}; the household has {', '.join(_line_ids(household))}",
                         field="line")

    category = None
    category_text = (get("category") or "").strip().lower()
    if category_text:
        category = _CATEGORIES.get(category_text)
        if category is None:
            raise InputError(f"unknown category {category_text!r}", field="category")
    if kind is EntryKind.EXPENSE and category is None:
        raise InputError("an expense needs a category", field="category")
    if kind is EntryKind.PURCHASE and category is None:
        category = CostCategory.GOODS
    if kind is EntryKind.WAGE and category is None:
        category = CostCategory.LABOUR

    tax = None
    tax_text = (get("tax") or "").strip().lower()
    if tax_text:
        tax = _TAXES.get(tax_text)
        if tax is None:
            raise InputError(f"unknown tax {tax_text!r}; expected vat, pit or other", field="tax")
    if kind is EntryKind.TAX_PAYMENT and tax is None:
        raise InputError("a tax_payment needs the tax (vat, pit or other)", field="tax")

    payment = _payment(get("payment"), household)
    transfer_to = ""
    if kind is EntryKind.TRANSFER:
        transfer_to = _payment(get("transfer_to"), household, field="transfer_to", default="")
        if not transfer_to:
            raise InputError("a transfer needs transfer_to (cash or bank:<account>)", field="transfer_to")

    qty_text = (get("qty") or "").strip()
    qty: Decimal | None = parse_decimal(qty_text, field="qty") if qty_text else None
    price_text = (get("unit_price") or "").strip()
    unit_price = parse_amount(price_text, thousands=thousands, field="unit_price") if price_text else None
    item = _text(get("item"))
    if kind in (EntryKind.PURCHASE, EntryKind.STOCK_OUT) and item and qty is None:
        raise InputError(f"a {kind.value} of an item needs qty", field="qty")

    withheld_vat_text = (get("withheld_vat") or "").strip()
    withheld_pit_text = (get("withheld_pit") or "").strip()
    return Entry.model_construct(
        id=None, date=when, kind=kind, amount=amount, line=line, doc=_text(get("doc")),
        description=_text(get("description")), payment=payment, category=category, item=item,
        unit=_text(get("unit")), qty=qty, unit_price=unit_price, tax=tax, transfer_to=transfer_to,
        vat_cut=parse_bool(get("vat_cut"), "vat_cut"),
        withheld=bool(parse_bool(get("withheld"), "withheld")),
        withheld_vat=parse_amount(withheld_vat_text, field="withheld_vat") if withheld_vat_text else 0,
        withheld_pit=parse_amount(withheld_pit_text, field="withheld_pit") if withheld_pit_text else 0,
        counterparty=_text(get("counterparty")), reverses=reverses, source=source,
    )


def _line_ids(household: Household) -> tuple[str, ...]:
    return tuple(line.id for line in household.lines)


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

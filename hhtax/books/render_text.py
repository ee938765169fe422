"""Cell formatting shared by the renderers: printed (Vietnamese) and machine (CSV, JSON) forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hhtax.books.model import Cell, ColumnKind
from hhtax.money import format_vnd


def qty_text(value: Decimal) -> str:
    """A quantity in plain decimal notation without trailing zeros: 1.50 → "1.5"."""
    text = str(value)
    if "E" not in text and ("." not in text or text[-1] != "0"):
        return text  # the common case, without normalising
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def printed(value: Cell, kind: ColumnKind) -> str:
    """A cell as printed on a book: 1.234.567 đồng, 1,5 kg, 05/01/2026."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal):
        whole, _, fraction = qty_text(value).partition(".")
        grouped = format_vnd(int(whole)) if whole not in ("", "-0") else whole
        if whole.startswith("-") and grouped == "0":
            grouped = "-0"
        return f"{grouped},{fraction}" if fraction else grouped
    if isinstance(value, int) and kind is not ColumnKind.TEXT:
        return format_vnd(value)
    return str(value)


def machine(value: Cell) -> str | int | None:
    """A cell for CSV and JSON: amounts as integers, quantities as exact decimal text, ISO dates."""
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, Decimal):
        return qty_text(value)
    return value.isoformat()

"""Text normalisation: every string entering hhtax is NFC-normalised (Vietnamese diacritics);
text leaving it in a spreadsheet cell is neutralised so that it cannot run as a formula."""

from __future__ import annotations

import unicodedata

FIELD_LIMIT = 4_000
"""The most characters one text field of an imported row may hold, in every importer (CSV, vendor
profiles, JSON Lines, e-invoices, `add`, the API). Four thousand characters is a page of text:
far above any real description, item or party name, and small enough that books and
declarations can print it."""


def nfc(text: str) -> str:
    """NFC-normalise and strip surrounding whitespace."""
    return unicodedata.normalize("NFC", text).strip()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """A text cell for CSV: text starting with =, +, -, @, tab or CR gets a leading ' so that a
    spreadsheet shows it instead of running it as a formula (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text

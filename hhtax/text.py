"""Text normalisation: every string entering hhtax is NFC-normalised (Vietnamese diacritics)."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """NFC-normalise and strip surrounding whitespace."""
    return unicodedata.normalize("NFC", text).strip()

"""The bundled Vietnamese font (Noto Serif, SIL Open Font License 1.1: see OFL.txt).

reportlab's built-in PDF fonts lose Vietnamese letters; every PDF hhtax draws uses these.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).parent
REGULAR = "NotoSerif"
BOLD = "NotoSerif-Bold"
ITALIC = "NotoSerif-Italic"

_FILES = {REGULAR: "NotoSerif-Regular.ttf", BOLD: "NotoSerif-Bold.ttf", ITALIC: "NotoSerif-Italic.ttf"}


def register_fonts() -> None:
    """Register the bundled fonts with reportlab (idempotent)."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD)

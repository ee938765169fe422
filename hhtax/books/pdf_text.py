"""Text measured and wrapped for the PDF books: words break at spaces, a word wider than its column
breaks between letters, and a text longer than its line budget is cut with "…".

Wrapping is cached per (text, font, size, width): a book's descriptions, items and captions repeat
on thousands of rows, and measuring them once keeps a 4,000-page book fast.

>>> from hhtax.fonts import REGULAR, register_fonts
>>> register_fonts()
>>> Wrapper()("Bán hàng hóa, dịch vụ", REGULAR, 8, 40, 5)
['Bán hàng', 'hóa, dịch', 'vụ']
>>> Wrapper()("x" * 200, REGULAR, 8, 30, 2)[-1].endswith("…")
True
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

ELLIPSIS = "…"


class Align(Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@lru_cache(maxsize=65536)
def line_width(text: str, font: str, size: float) -> float:
    """The printed width of one line, in points."""
    return float(stringWidth(text, font, size))


def _split_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than the column, cut between letters into pieces that fit."""
    pieces: list[str] = []
    current = ""
    for letter in word:
        if current and line_width(current + letter, font, size) > width:
            pieces.append(current)
            current = letter
        else:
            current += letter
    return [*pieces, current] if current else pieces


def _lines(text: str, font: str, size: float, width: float, limit: int) -> list[str]:
    """Greedy line filling; stops once one line more than `limit` is known to exist."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if line_width(candidate, font, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            pieces = _split_word(word, font, size, width) if line_width(word, font, size) > width else [word]
            lines += pieces[:-1]
            current = pieces[-1] if pieces else ""
            if len(lines) > limit:
                return lines
        lines.append(current)
        if len(lines) > limit:
            return lines
    return lines


def _cut(line: str, font: str, size: float, width: float) -> str:
    """The line shortened until it and the "…" mark fit."""
    while line and line_width(line + ELLIPSIS, font, size) > width:
        line = line[:-1]
    return line + ELLIPSIS


class Wrapper:
    """Wrap text to a width, at most `limit` lines; the last kept line ends with "…" if cut."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str, float, float, int], list[str]] = {}

    def __call__(self, text: str, font: str, size: float, width: float, limit: int) -> list[str]:
        key = (text, font, size, width, limit)
        found = self._cache.get(key)
        if found is None:
            found = self._wrap(text, font, size, width, limit)
            if len(self._cache) < 100_000:
                self._cache[key] = found
        return found

    @staticmethod
    def _wrap(text: str, font: str, size: float, width: float, limit: int) -> list[str]:
        if line_width(text, font, size) <= width and "\n" not in text:
            return [text]
        lines = _lines(text, font, size, width, limit)
        if len(lines) > limit:
            lines = [*lines[:limit - 1], _cut(lines[limit - 1], font, size, width)]
        return lines

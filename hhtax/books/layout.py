"""Book layouts as data: `hhtax/books/layouts/<CODE>.toml` (title, columns with their statutory
letters and captions, per-book mappings) and `circulars.toml` (the "Mẫu số … (Kèm theo Thông tư
số …)" line, the footer wording and the regime of each circular: TT 88/2021 for periods up to 2025,
TT 152/2025 Art 8 from 01/01/2026)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hhtax.books.model import Column, ColumnKind
from hhtax.errors import InputError
from hhtax.i18n import msg, register

register({
    "books.unknown_code": ("không có sổ '{value}'; hhtax có các sổ {known}",
                           "unknown book '{value}'; hhtax knows {known}"),
    "books.unknown": ("không có sổ '{value}'", "unknown book '{value}'"),
})

LAYOUT_DIR = Path(__file__).parent / "layouts"


@dataclass(frozen=True)
class Circular:
    key: str
    regime: str
    text: str
    ref: str
    period_label: str
    signer: str
    signer_note: str


@dataclass(frozen=True)
class Layout:
    code: str
    title: str
    circular: Circular
    family: str
    ref: str
    orientation: str
    columns: tuple[Column, ...]
    data: dict[str, Any]  # the book-specific tables (group_columns, cost_rows, taxes, …)

    @property
    def regime(self) -> str:
        return self.circular.regime


@cache
def _circulars() -> dict[str, Circular]:
    data = tomllib.loads((LAYOUT_DIR / "circulars.toml").read_text(encoding="utf-8"))
    return {key: Circular(key=key, **value) for key, value in data.items()}


@cache
def book_codes() -> tuple[str, ...]:
    """Every book hhtax knows, TT 88 books first, in their statutory order."""
    codes = [path.stem for path in LAYOUT_DIR.glob("S*-HKD.toml")]
    return tuple(sorted(codes, key=lambda c: (load_layout(c).regime, c)))


def find_code(text: str) -> str:
    """The canonical book code for user input (`s2a`, `S2a-HKD`, `s2A-hkd`)."""
    wanted = text.strip().upper().removesuffix("-HKD")
    for code in book_codes():
        if code.upper().removesuffix("-HKD") == wanted:
            return code
    raise InputError(msg("books.unknown_code", value=text, known=", ".join(book_codes())), field="book")


@cache
def load_layout(code: str) -> Layout:
    path = LAYOUT_DIR / f"{code}.toml"
    if not path.exists():
        raise InputError(msg("books.unknown", value=code), field="book")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    columns = tuple(
        Column(key=c["key"], label=c["label"], caption=c["caption"], kind=ColumnKind(c.get("kind", "text")),
               group=c.get("group", ""), width=float(c.get("width", 1.0)))
        for c in data.pop("columns"))
    return Layout(code=data.pop("code"), title=data.pop("title"), circular=_circulars()[data.pop("circular")],
                  family=data.pop("family"), ref=data.pop("ref"), orientation=data.pop("orientation"),
                  columns=columns, data=data)

"""The statutory books: projections of the journal, never separate data.

TT 88/2021/TT-BTC books S1–S7-HKD for periods up to 2025 and TT 152/2025/TT-BTC books S1a,
S2a–S2e and S3a-HKD from 2026 (shared/law/regime-a.md §8, regime-b.md §16). `build_book` makes
one `Book` value; the renderers (`render_csv`, `render_json`, `render_table`, `render_xlsx`,
`render_pdf`) draw any book.

The names below are imported from their module on first use (PEP 562): `hhtax status` needs the
book selection and the stock valuation, not the builders or the renderers (issue 16, start-up).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hhtax.books.build import SUMMARIES, build_book
    from hhtax.books.inventory import ItemSummary, inventory_summary
    from hhtax.books.layout import book_codes, find_code
    from hhtax.books.model import Book
    from hhtax.books.selection import required_books

__all__ = ["SUMMARIES", "Book", "ItemSummary", "book_codes", "build_book", "find_code", "inventory_summary",
           "required_books"]

_HOME = {"SUMMARIES": "build", "build_book": "build", "ItemSummary": "inventory",
         "inventory_summary": "inventory", "book_codes": "layout", "find_code": "layout", "Book": "model",
         "required_books": "selection"}


def __getattr__(name: str) -> object:
    """A name of the books package, from its module (imported on first use)."""
    if name not in _HOME:
        raise AttributeError(f"module 'hhtax.books' has no attribute {name!r}")
    value = getattr(import_module(f"hhtax.books.{_HOME[name]}"), name)
    globals()[name] = value
    return value

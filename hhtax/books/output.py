"""Writing books to files: every format by name, each file complete or not at all
(`hhtax.fsutil.atomic_file`, streamed so a million-row book never sits in memory), and
`hhtax books --all`."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TextIO

from hhtax.books.model import Book
from hhtax.books.render_csv import write_csv
from hhtax.books.render_json import write_json
from hhtax.books.render_pdf import write_pdf
from hhtax.books.render_table import write_table
from hhtax.books.render_xlsx import write_xlsx
from hhtax.errors import InputError
from hhtax.fsutil import atomic_file, ensure_directory

TEXT_FORMATS = ("table", "csv", "json")
BINARY_FORMATS = ("xlsx", "pdf")
FORMATS = TEXT_FORMATS + BINARY_FORMATS


def write_text(book: Book, fmt: str, stream: TextIO) -> None:
    """Render a book in a text format (table, csv, json) to a text stream."""
    if fmt == "table":
        write_table(book, stream)
    elif fmt == "csv":
        write_csv(book, stream)
    elif fmt == "json":
        write_json(book, stream)
    else:
        raise InputError(f"{fmt} is not a text format; use {', '.join(TEXT_FORMATS)}", field="format")


def render(book: Book, fmt: str) -> bytes:
    """One book as the bytes of a file in `fmt` (any of FORMATS): the one book renderer of hhtax."""
    sink = io.BytesIO()
    render_to(book, fmt, sink)
    return sink.getvalue()


def render_to(book: Book, fmt: str, handle: IO[bytes]) -> None:
    """Render one book in `fmt` (any of FORMATS) to a binary stream (text as UTF-8)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}", field="format")
    if fmt == "xlsx":
        write_xlsx([book], handle)
    elif fmt == "pdf":
        write_pdf(book, handle)
    else:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        write_text(book, fmt, text)
        text.flush()
        text.detach()


def write_book_file(book: Book, fmt: str, path: Path) -> None:
    """Write one book to `path` in `fmt` (any of FORMATS), atomically and streamed."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}", field="format")
    with atomic_file(path) as handle:
        render_to(book, fmt, handle)


def book_basename(book: Book, tax_code: str) -> str:
    """`<taxcode>_<book code>_<period>`, like the declarations' file names."""
    return f"{tax_code}_{book.code}_{book.period}"


def write_all(books: list[Book], tax_code: str, period: str, directory: Path,
              pdfs: Callable[[], Sequence[bytes]] | None = None,
              progress: Callable[[Path], None] | None = None) -> list[Path]:
    """`hhtax books --all`: one XLSX workbook (a sheet per book) and one PDF per book. `pdfs`, when
    given, is asked for the books' PDFs (in book order) once the workbook is written: they are
    drawn elsewhere meanwhile (`hhtax.service.books.write_required`); `progress` is
    told each file when it is complete."""
    ensure_directory(directory)
    workbook = directory / f"{tax_code}_books_{period}.xlsx"
    paths = [directory / f"{book_basename(book, tax_code)}.pdf" for book in books]
    with contextlib.ExitStack() as stack:  # every file is renamed into place only if all succeed
        write_xlsx(books, stack.enter_context(atomic_file(workbook)))
        if progress is not None:
            progress(workbook)
        drawn = None if pdfs is None else pdfs()
        for index, (book, path) in enumerate(zip(books, paths, strict=True)):
            handle = stack.enter_context(atomic_file(path))
            if drawn is None:
                write_pdf(book, handle)
            else:
                handle.write(drawn[index])
            if progress is not None:
                progress(path)
    return [workbook, *paths]

"""Building several books at once, a process per book: a year of a million entries gives books of
a million rows each, and the two cores of a small office machine can build two of them at a time.

Each worker opens the ledger itself (a connection is never shared across processes), builds one
book, reads its rows once and renders the files asked for; the parent gets the results back in
the order of the tasks, whatever order the workers finished in, so the output is the same bytes
as a build in one process (`jobs=1` runs the very same code in the calling process).
"""

from __future__ import annotations

import gc
import io
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from hhtax.books import build_book
from hhtax.books.layout import load_layout
from hhtax.books.model import Book, RowSource
from hhtax.books.render_pdf import write_pdf
from hhtax.books.render_xlsx import write_xlsx
from hhtax.errors import HhtaxError
from hhtax.journal import open_ledger
from hhtax.periods import Period
from hhtax.rules import load_rules

# Books whose rows number about one per journal entry (money and stock movements) go to the
# workers first, so that the short ones fill the gaps instead of trailing at the end.
_LONG_FAMILIES = frozenset({"money", "inventory"})


@dataclass(frozen=True)
class BookTask:
    """One book to build in a worker: everything it needs, as plain values (it is pickled)."""

    ledger: str  # the ledger's path (a SQLite file or a plain-text directory)
    period: str  # as `Period.parse` reads it
    code: str  # a canonical book code ("S2e-HKD")
    formats: tuple[str, ...] = ()  # files to render in the worker: csv, json, table, pdf, xlsx
    rules_file: str | None = None
    summary: str | None = None
    keep_rows: bool = False  # send the book back with its rows read (to write a workbook from it)


@dataclass(frozen=True)
class BookResult:
    code: str
    files: dict[str, bytes]  # format → the rendered file
    warnings: list[str]
    book: Book | None = None  # with its rows in memory, when the task asked to keep them


def materialise(book: Book) -> Book:
    """`book` with every section's rows read once and held, so that rendering it again reads
    nothing and its warnings are complete (and listed once)."""
    sections = tuple(replace(section, rows=RowSource.of(list(section.rows))) for section in book.sections)
    return replace(book, sections=sections)


def render(book: Book, fmt: str) -> bytes:
    """One book as the bytes of a file in `fmt` (see `hhtax.books.output.FORMATS`)."""
    from hhtax.books.output import write_text

    sink = io.BytesIO()
    if fmt == "pdf":
        write_pdf(book, sink)
    elif fmt == "xlsx":
        write_xlsx([book], sink)
    else:
        text = io.TextIOWrapper(sink, encoding="utf-8", newline="")
        write_text(book, fmt, text)
        text.flush()
        text.detach()
    return sink.getvalue()


def run_task(task: BookTask) -> BookResult:
    """Build and render one book (in a worker, or in this process)."""
    rules = load_rules(Path(task.rules_file) if task.rules_file else None)
    ledger = open_ledger(task.ledger)
    try:
        book = build_book(task.code, ledger, Period.parse(task.period), rules, summary=task.summary)
        if task.keep_rows or len(task.formats) > 1:
            book = materialise(book)
        files = {fmt: render(book, fmt) for fmt in task.formats}
    finally:
        ledger.close()
    return BookResult(task.code, files, list(book.warnings), book if task.keep_rows else None)


def run_tasks(tasks: Sequence[BookTask], jobs: int = 2) -> list[BookResult]:
    """Run the tasks on `jobs` processes (in this process when `jobs` is 1 or there is one task);
    the results come back in the order of `tasks`."""
    if jobs <= 1 or len(tasks) <= 1:
        return [run_task(task) for task in tasks]
    order = sorted(range(len(tasks)),
                   key=lambda i: (load_layout(tasks[i].code).family not in _LONG_FAMILIES, i))
    context = None
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")  # workers start with hhtax already imported
    results: list[BookResult | None] = [None] * len(tasks)
    # A forked worker inherits the parent's objects; frozen, its garbage collector leaves them
    # (and their pages) alone instead of walking them at every full collection.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
            futures = {index: pool.submit(run_task, tasks[index]) for index in order}
            try:
                for index, future in futures.items():
                    results[index] = future.result()
            except BaseException:  # the first failure ends the build: drop the books not started
                for future in futures.values():
                    future.cancel()
                raise
    except BrokenProcessPool:
        raise HhtaxError("a process building a book died (out of memory or killed); nothing was "
                         "written: run the command again, with --jobs 1 to use less memory") from None
    finally:
        gc.unfreeze()
    return [result for result in results if result is not None]


def write_required(ledger: str, codes: Sequence[str], period: Period, directory: Path, *, tax_code: str,
                   rules_file: str | None = None, summary: str | None = None,
                   jobs: int = 2) -> tuple[list[Path], list[str]]:
    """`hhtax books --all` on `jobs` processes: each worker builds one book, reads its rows once and
    draws its PDF; the parent writes the workbook and the PDFs (`hhtax.books.output.write_all`).
    Returns the files written and the books' warnings, each once, in book order."""
    from hhtax.books.output import write_all

    tasks = [BookTask(ledger, str(period), code, ("pdf",), rules_file, summary, keep_rows=True)
             for code in codes]
    results = run_tasks(tasks, jobs)
    books = [result.book for result in results if result.book is not None]
    paths = write_all(books, tax_code, str(period), directory, [result.files["pdf"] for result in results])
    return paths, [warning for result in results for warning in result.warnings]

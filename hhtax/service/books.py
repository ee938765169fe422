"""Books through the service layer: one book to bytes, and several at once, a process per book.

Building several books at once, a process per book: a year of a million entries gives books of
a million rows each, and the two cores of a small office machine can build two of them at a time.

Each worker opens the ledger itself (a connection is never shared across processes), builds one
book, reads its rows once and renders the files asked for; the parent gets the results back in
the order of the tasks, whatever order the workers finished in, so the output is the same bytes
as a build in one process (`jobs=1` runs the very same code in the calling process).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from hhtax.books import build_book
from hhtax.books.layout import load_layout
from hhtax.books.model import Book, RowSource
from hhtax.books.output import render, write_all
from hhtax.journal import Ledger
from hhtax.periods import Period
from hhtax.rules import RuleBook, load_rules
from hhtax.service.ledgers import open_ledger
from hhtax.service.pool import process_pool
from hhtax.tax.assessment import Assessment

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
    with started(tasks, jobs) as results:
        return results()


@contextlib.contextmanager
def started(tasks: Sequence[BookTask], jobs: int) -> Iterator[Callable[[], list[BookResult]]]:
    """Start the tasks on `jobs` worker processes and give a function that waits for their results
    (in task order), so that the caller can work meanwhile. With one job, or one task, the tasks
    run in this process when the results are asked for."""
    if jobs <= 1 or len(tasks) <= 1:
        yield lambda: [run_task(task) for task in tasks]
        return
    order = sorted(range(len(tasks)),
                   key=lambda i: (load_layout(tasks[i].code).family not in _LONG_FAMILIES, i))
    died = ("a process building a book died (out of memory or killed); nothing was written: run the "
            "command again, with --jobs 1 to use less memory")
    with process_pool(min(jobs, len(tasks)), died=died) as pool:
        futures = {index: pool.submit(run_task, tasks[index]) for index in order}
        try:
            yield lambda: [futures[index].result() for index in range(len(tasks))]
        except BaseException:  # the first failure ends the build: drop the books not started
            for future in futures.values():
                future.cancel()
            raise


def write_required(ledger: Ledger, location: str, codes: Sequence[str], period: Period, rules: RuleBook,
                   directory: Path, *, rules_file: str | None = None, summary: str | None = None,
                   assessment: Assessment | None = None, jobs: int = 2,
                   progress: Callable[[Path], None] | None = None) -> tuple[list[Path], list[str]]:
    """`hhtax books --all` with the PDFs drawn on `jobs` worker processes (a book each, the ledger
    at `location` opened by each worker), while this process streams the books from `ledger` into
    the workbook (`hhtax.books.output.write_all`: every file renamed into place only when all are
    written); with one job, all in this process. Returns the files written and the books'
    warnings, each once, in book order; `progress` is told each file as it is written."""
    tax_code = ledger.household.compact_tax_code

    def build() -> list[Book]:
        return [build_book(code, ledger, period, rules, summary=summary, assessment=assessment)
                for code in codes]

    if jobs <= 1 or len(codes) <= 1:  # one process: the workbook, then the PDFs, from the same books
        books = build()
        paths = write_all(books, tax_code, str(period), directory, progress=progress)
    else:
        tasks = [BookTask(location, str(period), code, ("pdf",), rules_file, summary) for code in codes]
        with started(tasks, jobs) as results:  # the workers start first, then this process builds
            books = build()
            paths = write_all(books, tax_code, str(period), directory,
                              lambda: [result.files["pdf"] for result in results()], progress=progress)
    # A book read twice (workbook, then PDF) has listed its warnings twice.
    return paths, [warning for book in books for warning in dict.fromkeys(book.warnings)]


def book_bytes(ledger: Ledger, code: str, period: Period, rules: RuleBook, fmt: str = "pdf", *,
               summary: str | None = None) -> bytes:
    """Book `code` of `ledger` for `period` as the bytes of a file in `fmt` (hhtax.books.output.FORMATS)."""
    from hhtax.books.output import FORMATS
    from hhtax.errors import InputError

    if fmt not in FORMATS:
        raise InputError(f"unknown book format {fmt!r}; use {', '.join(FORMATS)}", field="format")
    return render(build_book(code, ledger, period, rules, summary=summary), fmt)

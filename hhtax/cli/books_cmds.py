"""`hhtax books`: list the statutory books a household keeps, show or write one, or write them all."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from hhtax.api import Ledger
from hhtax.books import find_code
from hhtax.books.layout import load_layout
from hhtax.books.output import FORMATS, TEXT_FORMATS, write_book_file, write_text
from hhtax.cli.context import echo_json, get_context, json_option
from hhtax.errors import InputError
from hhtax.i18n import register
from hhtax.periods import Period

register({
    "books.heading": ("Sổ kế toán phải mở cho kỳ {period}:", "Books to keep for {period}:"),
    "books.written": ("Đã ghi {path}", "Wrote {path}"),
    "books.warning": ("Cảnh báo", "Warning"),
    "books.binary_needs_out": ("định dạng {fmt} cần --out FILE", "format {fmt} needs --out FILE"),
    "books.all_needs_out": ("--all cần --out DIR", "--all needs --out DIR"),
    "books.out_needs_code": ("--out {out} cần mã sổ (ví dụ S2a-HKD) hoặc --all",
                             "--out {out} needs a book CODE (e.g. S2a-HKD) or --all"),
    "books.progress": ("… đã ghi {path}", "… wrote {path}"),
    "books.all_and_code": ("dùng CODE hoặc --all, không dùng cả hai", "give CODE or --all, not both"),
})


def _period(text: str | None) -> Period:
    if text is None:
        return Period.of_year(date.today().year)
    try:
        return Period.parse(text)
    except InputError as exc:
        raise click.BadParameter(exc.message, param_hint="--period") from None


@click.command("books")
@click.argument("code", required=False)
@click.option("--period", "period_text", metavar="P",
              help="2026, 2026-Q1, 2026-H1 or 2026-03 (default: this year).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format of one book.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Write to FILE (one book) or DIR (--all) instead of the terminal.")
@click.option("--summary", type=click.Choice(["daily"]), default=None,
              help="One row per day and line instead of one per entry.")
@click.option("--all", "all_books", is_flag=True,
              help="Write every required book: one XLSX workbook and one PDF per book.")
@click.option("--jobs", type=click.IntRange(min=1), default=min(2, os.cpu_count() or 1), show_default=True,
              help="Worker processes drawing the PDFs of --all, a book each (1: all in this process).")
@json_option
def books(code: str | None, period_text: str | None, fmt: str, out: Path | None, summary: str | None,
          all_books: bool, jobs: int, as_json: bool) -> None:
    """List the books to keep (with the reason), or show book CODE (e.g. S2a-HKD)."""
    context = get_context()
    period = _period(period_text)
    code = _checked_usage(code, fmt, out, all_books)
    ledger = context.ledger()
    if all_books:
        assert out is not None
        _write_all(ledger, period, out, summary=summary, jobs=jobs, as_json=as_json)
    elif code is None:
        _list_required(ledger, period, as_json)
    else:
        book = ledger.build_book(code, period, summary=summary)
        if out is not None:
            write_book_file(book, "json" if as_json else fmt, out)
            click.echo(context.msg("books.written", path=out), err=as_json)
        else:
            write_text(book, "json" if as_json else fmt, sys.stdout)
        _warn(context.msg("books.warning"), book.warnings)


def _checked_usage(code: str | None, fmt: str, out: Path | None, all_books: bool) -> str | None:
    """The canonical book code; UsageError for a combination of options that would be ignored."""
    context = get_context()
    if code is not None:
        try:
            code = find_code(code)
        except InputError as exc:
            raise click.BadParameter(exc.message, param_hint="CODE") from None
    if all_books and code is not None:
        raise click.UsageError(context.msg("books.all_and_code"))
    if all_books and out is None:
        raise click.UsageError(context.msg("books.all_needs_out"))
    if out is not None and code is None and not all_books:
        raise click.UsageError(context.msg("books.out_needs_code", out=out))
    if code is not None and fmt not in TEXT_FORMATS and out is None:
        raise click.UsageError(context.msg("books.binary_needs_out", fmt=fmt))
    return code


def _list_required(ledger: Ledger, period: Period, as_json: bool) -> None:
    context = get_context()
    required = ledger.required_books(period, lang=context.lang)
    if as_json:
        echo_json([{"code": c, "title": load_layout(c).title, "reason": r} for c, r in required])
        return
    click.echo(context.msg("books.heading", period=period))
    for c, reason in required:
        click.echo(f"  {c:<8} {load_layout(c).title}\n           {reason}")


def _write_all(ledger: Ledger, period: Period, out: Path, *, summary: str | None, jobs: int,
               as_json: bool) -> None:
    """`books --all`: the workbook and a PDF per book; a line per file on a terminal as it is done."""
    context = get_context()
    progress = _progress if on_terminal() else None
    paths, warnings = ledger.write_books(period, out, summary=summary, jobs=jobs, progress=progress,
                                         lang=context.lang)
    if as_json:
        echo_json({"period": str(period), "files": [str(p) for p in paths], "warnings": warnings})
        return
    for path in paths:
        click.echo(context.msg("books.written", path=path))
    _warn(context.msg("books.warning"), warnings)


def on_terminal() -> bool:
    """Whether stderr is a terminal (progress lines are shown only there, as `batch` does)."""
    return sys.stderr.isatty()


def _progress(path: Path) -> None:
    click.echo(get_context().msg("books.progress", path=path), err=True)


def _warn(label: str, warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"{label}: {warning}", err=True)


commands: list[click.Command] = [books]

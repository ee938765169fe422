"""`hhtax books`: list the statutory books a household keeps, show or write one, or write them all."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from hhtax.books import build_book, find_code, required_books
from hhtax.books.layout import load_layout
from hhtax.books.output import FORMATS, TEXT_FORMATS, write_book_file, write_text
from hhtax.books.parallel import write_required
from hhtax.cli.context import echo_json, get_context, json_option
from hhtax.errors import InputError
from hhtax.i18n import register
from hhtax.ledger_tax import assess_ledger
from hhtax.periods import Period
from hhtax.rules import load_rules

register({
    "books.heading": ("Sổ kế toán phải mở cho kỳ {period}:", "Books to keep for {period}:"),
    "books.written": ("Đã ghi {path}", "Wrote {path}"),
    "books.warning": ("Cảnh báo", "Warning"),
    "books.binary_needs_out": ("định dạng {fmt} cần --out FILE", "format {fmt} needs --out FILE"),
    "books.all_needs_out": ("--all cần --out DIR", "--all needs --out DIR"),
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
    if code is not None:
        try:
            code = find_code(code)
        except InputError as exc:
            raise click.BadParameter(exc.message, param_hint="CODE") from None
    if all_books and code is not None:
        raise click.UsageError(context.msg("books.all_and_code"))
    if all_books and out is None:
        raise click.UsageError(context.msg("books.all_needs_out"))
    if code is not None and fmt not in TEXT_FORMATS and out is None:
        raise click.UsageError(context.msg("books.binary_needs_out", fmt=fmt))
    rules = load_rules(context.rules_file)
    ledger = context.open()
    try:
        if code is None:
            assessment = assess_ledger(ledger, period, rules)
            required = required_books(ledger.household, period, rules, assessment, lang=context.lang)
            if all_books:
                assert out is not None
                paths, warnings = write_required(
                    ledger, str(context.ledger_path), [c for c, _reason in required], period, rules, out,
                    rules_file=None if context.rules_file is None else str(context.rules_file),
                    summary=summary, assessment=assessment, jobs=jobs)
                for path in paths:
                    click.echo(context.msg("books.written", path=path))
                _warn(context.msg("books.warning"), warnings)
            elif as_json:
                echo_json([{"code": c, "title": load_layout(c).title, "reason": r} for c, r in required])
            else:
                click.echo(context.msg("books.heading", period=period))
                for c, reason in required:
                    click.echo(f"  {c:<8} {load_layout(c).title}\n           {reason}")
            return
        book = build_book(code, ledger, period, rules, summary=summary)
        if out is not None:
            write_book_file(book, "json" if as_json else fmt, out)
            click.echo(context.msg("books.written", path=out))
        else:
            write_text(book, "json" if as_json else fmt, sys.stdout)
        _warn(context.msg("books.warning"), book.warnings)
    finally:
        ledger.close()


def _warn(label: str, warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"{label}: {warning}", err=True)


commands: list[click.Command] = [books]

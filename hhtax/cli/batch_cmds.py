"""`hhtax batch`: assess and declare every household under a directory (accountants, bureaus)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import click

from hhtax.batch import (
    BatchConfig,
    BatchCounts,
    HouseholdResult,
    Shard,
    run_batch,
    select_ledgers,
    write_reports,
)
from hhtax.cli.context import echo_json, get_context, json_option, period_option
from hhtax.errors import HhtaxError, InputError
from hhtax.i18n import register
from hhtax.periods import Period

register({
    "batch_done": ("{total} hộ: {ok} đã khai, {nothing_due} không phải khai, {skipped} bỏ qua (đã xong; "
                   "{filed} trong số đó đã nộp trước đó), {failed} lỗi",
                   "{total} households: {ok} declared, {nothing_due} nothing due, {skipped} skipped "
                   "(already done; {filed} of them filed earlier), {failed} failed"),
    "batch_reports": ("Tổng hợp: {summary}; lỗi: {errors}", "Summary: {summary}; errors: {errors}"),
    "batch_progress": ("Đang xử lý", "Processing"),
})




def _shard(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Shard | None:
    try:
        return Shard.parse(value) if value else None
    except InputError as exc:
        raise click.BadParameter(exc.message) from None


@click.command("batch")
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--period", "period", required=True, callback=period_option,
              help="Tax period: 2026-Q1, 2026-03, 2026.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output directory: OUT/<tax code>/…, OUT/summary.csv, OUT/errors.csv.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes (or Dask workers of a local cluster).")
@click.option("--shard", callback=_shard, default=None, help="Process shard K of M only (e.g. 2/8).")
@click.option("--books", is_flag=True, help="Also render the books the rules require.")
@click.option("--engine", type=click.Choice(["process", "dask"]), default="process", show_default=True,
              help="Run on a local process pool or on Dask (pip install 'hhtax[dask]').")
@click.option("--scheduler", default=None, help="Dask scheduler address (default: a local cluster).")
@click.option("--on", "--today", "today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Filing date written on the declarations (default: today); the period must have "
                   "ended by then. --today is an alias.")
@json_option
def batch(root: Path, period: Period, out: Path, jobs: int, shard: Shard | None, books: bool, engine: str,
          scheduler: str | None, today: datetime | None, as_json: bool) -> None:
    """Assess and declare every ledger under ROOT (SQLite files and plain-text ledger directories).

    Each return is written and its filing recorded in its SQLite ledger (the period is locked), as
    `hhtax declare` does; a household already filed for the period is reported as filed and skipped.
    A bad ledger is listed in OUT/errors.csv and never stops the others; the exit code is 1 if any
    failed. Households whose outputs are complete and whose ledger has not changed are skipped.
    """
    state = get_context()
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    day = today.date() if today is not None else date.today()
    config = BatchConfig(root=root, out=out, period=period, today=day, books=books,
                         rules_file=state.rules_file)
    mapper = None
    if engine == "dask":
        from hhtax.batch_dask import map_dask

        try:
            mapper = map_dask(jobs, scheduler)
        except HhtaxError as exc:
            raise click.UsageError(str(exc)) from None
    ledgers = select_ledgers(config, shard)
    stream = run_batch(config, jobs=jobs, mapper=mapper, ledgers=ledgers)
    results = list(_with_progress(stream, len(ledgers), state.msg("batch_progress")))
    summary, errors = write_reports(out, results, shard)
    counts = BatchCounts()
    for result in results:
        counts.add(result)
    if as_json:
        echo_json({**counts.to_dict(), "summary": str(summary), "errors": str(errors)})
    else:
        click.echo(state.msg("batch_done", **counts.to_dict()))
        click.echo(state.msg("batch_reports", summary=summary, errors=errors))
    if counts.failed:
        click.get_current_context().exit(1)


def _with_progress(stream: Iterator[HouseholdResult], total: int, label: str) -> Iterator[HouseholdResult]:
    """Pass results through, showing a progress counter on stderr only when it is a terminal."""
    if not sys.stderr.isatty():
        yield from stream
        return
    with click.progressbar(stream, length=total, label=label, file=sys.stderr, show_pos=True) as bar:
        yield from bar


commands: list[click.Command] = [batch]

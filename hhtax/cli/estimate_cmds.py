"""`hhtax estimate`: record or list the household's estimate of a year's revenue (reading OQ-28).
It parses, calls the journal store, prints."""

from __future__ import annotations

import click

from hhtax.cli.context import echo_json, get_context, json_option
from hhtax.i18n import register
from hhtax.money import format_vnd

register({
    "estimate.recorded": ("Đã ghi ước tính doanh thu năm {year}: {revenue} đồng ({at})",
                          "Recorded the estimate of {year}'s revenue: {revenue} đồng ({at})"),
    "estimate.need_year": ("--revenue cần --year (năm của ước tính)",
                           "--revenue needs --year (the year estimated)"),
    "estimate.none": ("Chưa ghi ước tính doanh thu nào", "No estimate of a year's revenue is recorded"),
    "estimate.row": ("  {at}  năm {year}: {revenue} đồng {note}", "  {at}  {year}: {revenue} đồng {note}"),
    "estimate.text_ledger": (
        "{path} là sổ văn bản: ghi ước tính trong household.toml, mục [estimates], ví dụ {year} = {revenue}",
        "{path} is a plain-text ledger: write the estimate in household.toml, under [estimates], e.g. "
        "{year} = {revenue}"),
})


@click.command("estimate")
@click.option("--year", type=click.IntRange(2026, 2999), default=None,
              help="The year the estimate is for (required with --revenue).")
@click.option("--revenue", type=click.IntRange(min=0), default=None,
              help="The revenue the household expects for the year, in đồng. Without it: list the estimates.")
@click.option("--note", default="", help="Why the estimate was made or changed (kept with it).")
@json_option
def estimate_cmd(year: int | None, revenue: int | None, note: str, as_json: bool) -> None:
    """Record the household's estimate of a year's revenue (dated, append-only), or list them.

    The estimate decides the group, method, frequency and filing duty of the year's periods (ND 68/2026
    Art 8.1; OQ-28): a period filed before a new estimate keeps the duty it was filed under."""
    ctx = get_context()
    path = ctx.ledger_path
    if path.is_dir():
        raise click.UsageError(ctx.msg("estimate.text_ledger", path=path, year=year or 2026,
                                       revenue=revenue if revenue is not None else "1_300_000_000"))
    if revenue is not None and year is None:
        raise click.UsageError(ctx.msg("estimate.need_year"))
    ledger = ctx.ledger()
    if revenue is not None and year is not None:
        records = [ledger.record_estimate(year, revenue, note)]
    else:
        records = ledger.estimates(year)
    if as_json:
        echo_json({"estimates": [r.to_dict() for r in records]})
        return
    if revenue is not None:
        click.echo(ctx.msg("estimate.recorded", year=year, revenue=format_vnd(revenue),
                           at=records[0].recorded_at))
        return
    if not records:
        click.echo(ctx.msg("estimate.none"))
    for r in records:
        click.echo(ctx.msg("estimate.row", at=r.recorded_at, year=r.year, revenue=format_vnd(r.revenue),
                           note=f"({r.note})" if r.note else ""))


commands: list[click.Command] = [estimate_cmd]

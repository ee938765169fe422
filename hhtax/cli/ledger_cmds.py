"""Ledger commands: init, import, add, journal, reverse, status.

These commands parse options, call the service layer (`hhtax.Ledger`) and print.
A plain-text ledger directory is read-only: the writing commands refuse it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import click

from hhtax.api import Ledger
from hhtax.cli.context import echo_json, get_context, json_option
from hhtax.cli.duty_view import status_overdue_lines
from hhtax.errors import LedgerError, one_line
from hhtax.i18n import catalogue, msg, register, t
from hhtax.importers.rows import parse_entry_id
from hhtax.journal import WritableLedger
from hhtax.journal.household_file import household_from_dict
from hhtax.model import CostCategory, Entry, EntryKind, IndustryGroup, TaxKind
from hhtax.money import format_vnd
from hhtax.periods import Period
from hhtax.service.ledgers import text_ledger_source
from hhtax.tax.explain import group_name, method_name

register({
    "status.ledger": ("Sổ", "Ledger"),
    "status.tax_code": ("Mã số thuế", "Tax code"),
    "status.name": ("Người nộp thuế", "Taxpayer"),
    "status.shop_name": ("Tên cửa hàng", "Shop"),
    "status.year": ("Năm", "Year"),
    "status.regime": ("Chế độ thuế", "Regime"),
    "status.revenue": ("Doanh thu từ đầu năm", "Revenue so far"),
    "status.threshold": ("Ngưỡng doanh thu không phải nộp thuế", "Non-taxable threshold"),
    "status.above_threshold": ("Vượt ngưỡng", "Above the threshold"),
    "status.group": ("Nhóm", "Group"),
    "status.pit_method": ("Phương pháp tính thuế TNCN", "PIT method"),
    "status.filing": ("Kỳ khai thuế", "Filing"),
    "status.books": ("Sổ kế toán phải lập", "Books to keep"),
    "status.next_deadline": ("Hạn nộp tiếp theo", "Next deadline"),
    "status.today": ("Ngày hôm nay", "Today"),
    "status.yes": ("có", "yes"),
    "status.no": ("không", "no"),
    "status.filing_monthly": ("theo tháng", "monthly"),
    "status.filing_quarterly": ("theo quý", "quarterly"),
    "ledger.created": ("Đã tạo sổ {path} cho {name} ({entries} bút toán)",
                       "Created ledger {path} for {name} ({entries} entries)"),
    "ledger.imported": ("{added} mới, {present} đã có", "{added} new, {present} already present"),
    "ledger.corrected": (", {corrected} chứng từ đã sửa (ghi {reversals} bút toán đảo và bản mới)",
                         ", {corrected} changed documents corrected ({reversals} reversing entries plus the "
                         "new versions)"),
    "ledger.import_progress": ("Đang nhập… {rows} dòng", "Importing… {rows} rows"),
    "ledger.added": ("Đã ghi bút toán {id}", "Recorded entry {id}"),
    "ledger.reversed": ("Bút toán {id} đảo bút toán {original}", "Entry {id} reverses entry {original}"),
    "ledger.read_only": (
        "{path} là sổ văn bản (chỉ đọc); chuyển sang SQLite bằng `hhtax init --from {path}`",
        "{path} is a plain-text ledger (read-only); convert it with `hhtax init --from {path}`"),
    "ledger.no_entries": ("Không có bút toán", "No entries"),
})

register({
    "ledger.init_exists": ("{path}: đã có tệp ở đây; hhtax init không ghi đè",
                           "{path}: a file already exists here; hhtax init does not overwrite it"),
})

_PROMPTS = (
    ("tax_code", "Mã số thuế / số định danh (tax code)"),
    ("name", "Họ tên người nộp thuế (taxpayer name)"),
    ("shop_name", "Tên cửa hàng (shop name)"),
    ("address", "Địa chỉ kinh doanh (address)"),
    ("ward", "Phường/xã (ward)"),
    ("province", "Tỉnh/thành phố (province)"),
    ("tax_office_code", "Mã cơ quan thuế (tax office code)"),
    ("tax_office_name", "Tên cơ quan thuế (tax office name)"),
    ("line_id", "Mã ngành nghề trong sổ (line id)"),
    ("line_name", "Tên ngành nghề (line name)"),
)


def _writable() -> Ledger:
    """The ledger of `--ledger` for a writing command; a plain-text directory is refused."""
    ctx = get_context()
    if ctx.ledger_path.is_dir():
        raise click.UsageError(ctx.msg("ledger.read_only", path=ctx.ledger_path))
    return ctx.ledger()


@click.command("init")
@click.option("--from", "source", type=click.Path(path_type=Path, file_okay=False),
              help="Turn this plain-text ledger directory into the SQLite ledger.")
@click.option("--tax-code", help="10-digit MST, 13-digit branch code or 12-digit personal ID.")
@click.option("--name", help="Taxpayer (representative) name.")
@click.option("--shop-name", help="Shop name.")
@click.option("--address", help="Business address.")
@click.option("--ward", help="Ward or commune.")
@click.option("--province", help="Province or city.")
@click.option("--tax-office-code", help="Code of the managing tax office.")
@click.option("--tax-office-name", help="Name of the managing tax office.")
@click.option("--line-id", help="Id of the business line used in the journal (e.g. shop).")
@click.option("--line-name", help="Name of the business line.")
@click.option("--group", type=click.Choice([g.value for g in IndustryGroup]),
              help="Industry group of the line.")
@click.option("--filing", type=click.Choice(["quarterly", "monthly"]), default="quarterly", show_default=True)
@click.option("--pit-method", type=click.Choice(["revenue", "income"]), default="revenue", show_default=True)
@json_option
def init_cmd(source: Path | None, group: str | None, filing: str, pit_method: str, as_json: bool,
             **answers: str | None) -> None:
    """Create the SQLite ledger (prompting for what is missing), or convert a plain-text ledger."""
    ctx = get_context()
    target = ctx.ledger_path
    if target.is_dir():
        raise click.UsageError(f"{target} is a directory; give --ledger a file name such as hhtax.sqlite")
    if target.exists():
        raise LedgerError(msg("ledger.init_exists", path=str(target)))
    entries: Iterable[Entry] = ()
    if source is not None:
        household, entries = text_ledger_source(source)  # streamed into the import, in file order
    else:
        required = ("tax_code", "name", "line_id")
        values = {key: answers[key] if answers[key] is not None
                  else click.prompt(label, default=None if key in required else "")
                  for key, label in _PROMPTS}
        chosen_group = group or click.prompt("Nhóm ngành (industry group)",
                                             type=click.Choice([g.value for g in IndustryGroup]))
        household = household_from_dict({
            "tax_code": values["tax_code"], "name": values["name"], "shop_name": values["shop_name"],
            "address": values["address"], "ward": values["ward"], "province": values["province"],
            "tax_office": {"code": values["tax_office_code"], "name": values["tax_office_name"]},
            "lines": [{"id": values["line_id"], "group": chosen_group, "name": values["line_name"]}],
            "filing": filing, "pit_method": pit_method,
        }, source="init")
    with Ledger.create(target, household, rules_file=ctx.rules_file, entries=entries) as ledger:
        count = ledger.store.count() if isinstance(ledger.store, WritableLedger) else 0
    if as_json:
        echo_json({"ledger": str(target), "tax_code": household.tax_code, "entries": count})
    else:
        click.echo(ctx.msg("ledger.created", path=target, name=household.name, entries=count))


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--profile", help="Vendor profile: a shipped name (pos-generic, sales-book-cp1258, "
                                "einvoice-purchases) or a .toml file.")
@click.option("--line", "line", help="Business line for rows that name none.")
@click.option("--amend", is_flag=True, help="Allow entries dated in an already filed period.")
@click.option("--corrections", is_flag=True,
              help="Record a document already in the ledger with other content as a reversal of the old "
                   "entries plus the new version (without it such a file is refused).")
@click.option("--mine", is_flag=True,
              help="E-invoices: book purchase invoices whose buyer tax code is empty or another's as this "
                   "household's (without it they are skipped, with the reason).")
@json_option
def import_cmd(file: Path, profile: str | None, line: str | None, amend: bool, corrections: bool, mine: bool,
               as_json: bool) -> None:
    """Import a journal CSV, a vendor export (--profile), a JSON Lines file, or e-invoice XML (a .xml
    file, a .zip or a directory of them); all or nothing."""
    ctx = get_context()
    result = _writable().import_file(file, profile, line=line, amend=amend, corrections=corrections,
                                     mine=mine, progress=_progress if sys.stderr.isatty() else None)
    if sys.stderr.isatty():
        click.echo("\r\x1b[K", nl=False, err=True)  # clear the progress line
    if as_json:
        echo_json(result.to_dict(ctx.lang))
        return
    for note in result.skipped:
        click.echo(one_line(note), err=True)
    summary = ctx.msg("ledger.imported", added=result.added, present=result.present)
    if result.corrected:
        summary += ctx.msg("ledger.corrected", corrected=result.corrected, reversals=result.reversals)
    click.echo(summary)


def _progress(rows: int) -> None:
    """The rows read so far, on one terminal line of stderr (shown only on a terminal, like `batch`)."""
    click.echo("\r" + get_context().msg("ledger.import_progress", rows=f"{rows:,}"), nl=False, err=True)


@click.command("add")
@click.argument("kind", type=click.Choice([k.value for k in EntryKind]))
@click.option("--date", "date_", required=True, help="YYYY-MM-DD")
@click.option("--amount", required=True, help="Whole đồng.")
@click.option("--line", default="")
@click.option("--doc", default="", help="Document (invoice, voucher) number.")
@click.option("--description", default="")
@click.option("--payment", default="", help="cash, bank, bank:<account> or credit (default cash).")
@click.option("--category", type=click.Choice([c.value for c in CostCategory]))
@click.option("--item", default="")
@click.option("--unit", default="")
@click.option("--qty", default="")
@click.option("--unit-price", default="")
@click.option("--tax", type=click.Choice([x.value for x in TaxKind]))
@click.option("--transfer-to", default="", help="For a transfer: cash or bank:<account>.")
@click.option("--counterparty", default="")
@click.option("--amend", is_flag=True, help="Allow a date in an already filed period.")
@json_option
def add_cmd(kind: str, date_: str, category: str | None, tax: str | None, amend: bool, as_json: bool,
            **fields: str) -> None:
    """Record one entry."""
    ctx = get_context()
    row = {**fields, "kind": kind, "date": date_, "category": category or "", "tax": tax or ""}
    entry_id = _writable().add_row(row, source="cli", amend=amend)
    if as_json:
        echo_json({"id": entry_id})
    else:
        click.echo(ctx.msg("ledger.added", id=entry_id))


@click.command("reverse")
@click.argument("entry_id")
@click.option("--amend", is_flag=True, help="Allow a reversal dated in an already filed period.")
@json_option
def reverse_cmd(entry_id: str, amend: bool, as_json: bool) -> None:
    """Record the reversal of entry ENTRY_ID (the journal is append-only)."""
    ctx = get_context()
    original = parse_entry_id(entry_id)
    new_id = _writable().reverse(original, amend=amend)
    if as_json:
        echo_json({"id": new_id, "reverses": original})
    else:
        click.echo(ctx.msg("ledger.reversed", id=new_id, original=original))


@click.command("journal")
@click.option("--period", help="2026-03, 2026-Q1, 2026-H1 or 2026 (default: everything).")
@json_option
def journal_cmd(period: str | None, as_json: bool) -> None:
    """List the journal's entries, in date order."""
    ctx = get_context()
    chosen = Period.parse(period) if period else None
    entries = list(ctx.ledger().entries(chosen.start if chosen else None, chosen.end if chosen else None))
    if as_json:
        echo_json([e.model_dump(mode="json") for e in entries])
        return
    if not entries:
        click.echo(ctx.msg("ledger.no_entries"))
        return
    for e in entries:  # imported text is shown with control characters escaped (no terminal escapes)
        click.echo(one_line(f"{e.id:>7} {e.date} {e.kind.value:<11} {format_vnd(e.amount):>15} {e.line:<10} "
                            f"{e.doc:<12} {e.description or e.item}".rstrip()))


@click.command("status")
@click.option("--year", type=int, help="Calendar year (default: the year of the latest entry).")
@click.option("--on", "on_day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day to judge lateness and interest on (YYYY-MM-DD; default: today).")
@json_option
def status_cmd(year: int | None, on_day: Any, as_json: bool) -> None:
    """Overdue returns first, then who, regime, revenue, group, books and what is next."""
    ctx = get_context()
    status = ctx.ledger().status(year=year, on=on_day.date() if on_day is not None else None, lang=ctx.lang)
    if as_json:
        echo_json(status)
        return
    for line in status_overdue_lines(status, ctx.lang):
        click.echo(line)
    if ctx.lang == "vi" and status.get("next_deadline") and status.get("due_next"):
        # the next deadline is the first duty due next, which carries its Vietnamese name
        following = {**status["next_deadline"], "what": status["due_next"][0]["what_vi"]}
        status = {**status, "next_deadline": following}
    for key, value in status.items():
        if key in ("overdue", "due_next"):
            continue
        label = ctx.msg(f"status.{key}") if f"status.{key}" in catalogue() else key
        click.echo(f"{label}: {_plain(key, value, ctx.lang)}")


def _plain(key: str, value: Any, lang: str) -> str:
    """A status value as a person reads it in `lang`: amounts grouped, yes/no, names not codes."""
    if key in ("revenue", "threshold"):
        return format_vnd(int(value))
    if isinstance(value, bool):
        return t("status.yes" if value else "status.no", lang)
    if key == "pit_method":
        return method_name(str(value), lang)
    if key == "group":
        return group_name(str(value), lang)
    if key == "filing" and f"status.filing_{value}" in catalogue():
        return t(f"status.filing_{value}", lang)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        due = date.fromisoformat(value["due"]).strftime("%d/%m/%Y")
        return f"{value['form']} {value['period']}, {due} ({value['what']})"
    return "-" if value is None else str(value)


commands: list[click.Command] = [init_cmd, import_cmd, add_cmd, journal_cmd, reverse_cmd, status_cmd]

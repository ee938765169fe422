"""CLI: `hhtax verify`, `hhtax backup DEST`, `hhtax schema` (integrity and integration)."""

from __future__ import annotations

from pathlib import Path

import click

from hhtax.cli.context import echo_json, get_context, json_option
from hhtax.declarations.filed import declaration_files
from hhtax.errors import LedgerTampered
from hhtax.i18n import literal, register
from hhtax.schema import NAMES, schema_bytes, write_schemas
from hhtax.service.ledgers import backup, verify

register({
    "verify_ok": ("Sổ nguyên vẹn: {entries} bút toán, chuỗi băm khớp; {filings} tờ khai đã nộp; "
                  "đầu chuỗi {head} (đến bút toán {entry})",
                  "ledger intact: {entries} entries, hash chain matches; {filings} filed declarations; "
                  "chain head {head} (covers entry {entry})"),
    "verify_head_ok": ("Đầu chuỗi {head} có trong chuỗi của sổ: phần sổ trước đó không bị viết lại",
                       "head {head} is in the ledger's chain: the past it covers was not rewritten"),
    "verify_files_ok": ("{count} tệp tờ khai khớp mã băm đã lưu khi nộp",
                        "{count} declaration file(s) match the hash stored when filed"),
    "verify_failed": ("sổ đã bị sửa ngoài hhtax", "the ledger was changed outside hhtax"),
    "verify_more": ("; còn {count} vấn đề khác, xem --json", "; {count} more finding(s), see --json"),
    "backup_done": ("Đã sao lưu {source} → {dest} (bản sao đã được kiểm tra: nguyên vẹn)",
                    "backed up {source} → {dest} (the copy verified: intact)"),
    "schema_written": ("Đã ghi {path}", "wrote {path}"),
})


@click.command("verify")
@click.option("--xml", "xml_files", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="A filed declaration XML to check against the hash stored when it was filed (repeatable).")
@click.option("--dir", "xml_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Check every declaration XML in this directory against the filed hashes.")
@click.option("--head", "head", metavar="H",
              help="A chain head written down earlier (printed on every filed return): prove the ledger's "
                   "past up to it was not rewritten.")
@json_option
def verify_cmd(xml_files: tuple[Path, ...], xml_dir: Path | None, head: str | None, as_json: bool) -> None:
    """Check the file and its hash chains and report the first thing altered, deleted or inserted outside
    hhtax; check declaration files and a chain head written down earlier."""
    ctx = get_context()
    files = [*xml_files, *(declaration_files(xml_dir) if xml_dir else [])]
    report = verify(ctx.ledger_path, files, head=head)
    if as_json:
        echo_json(report.as_dict())
        if not report.ok:
            raise click.exceptions.Exit(1)
        return
    if not report.ok:
        first, more = report.findings[0], len(report.findings) - 1
        tail = ctx.msg("verify_more", count=more) if more else ""
        where = first.file or report.ledger
        why = "" if first.kind == "damaged" else ctx.msg("verify_failed")
        # the parts are already in the user's language (ctx.msg); the finding is verify's own text
        raise LedgerTampered(literal(f"{where}: {first.message} ({why}{tail})".replace("()", "").rstrip()))
    click.echo(ctx.msg("verify_ok", entries=report.entries, filings=report.filings, head=report.head,
                       entry=report.head_entry))
    if head is not None:
        click.echo(ctx.msg("verify_head_ok", head=head.strip().lower()))
    if report.files_checked:
        click.echo(ctx.msg("verify_files_ok", count=report.files_checked))


@click.command("backup")
@click.argument("dest", type=click.Path())
@click.option("--force", is_flag=True, help="Overwrite DEST if it exists.")
def backup_cmd(dest: str, force: bool) -> None:
    """Copy the ledger consistently to DEST with SQLite's backup API: a file name, or a directory
    (an existing one, or any DEST ending in "/", which is created when missing)."""
    ctx = get_context()
    written = backup(ctx.ledger_path, dest, overwrite=force)
    click.echo(ctx.msg("backup_done", source=ctx.ledger_path, dest=written))


@click.command("schema")
@click.argument("name", required=False, type=click.Choice(NAMES))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Write <name>.schema.json files into this directory instead of printing.")
def schema_cmd(name: str | None, out_dir: Path | None) -> None:
    """Print (or write) the JSON Schema of the entry and household formats."""
    ctx = get_context()
    names = (name,) if name else NAMES
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        for path in write_schemas(out_dir, names):
            click.echo(ctx.msg("schema_written", path=path))
        return
    if len(names) == 1:
        click.echo(schema_bytes(names[0]).decode("utf-8"), nl=False)
        return
    click.echo("[\n" + ",\n".join(schema_bytes(n).decode("utf-8").rstrip("\n") for n in names) + "\n]")


commands: list[click.Command] = [verify_cmd, backup_cmd, schema_cmd]

"""Declaration commands: `declare`, `amend`, `validate`. They parse, call hhtax.declarations, print."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from hhtax.cli.context import echo_json, get_context, json_option, period_option
from hhtax.declarations.filing import Filed, amend, declare
from hhtax.declarations.model import Declaration, Khbs
from hhtax.declarations.schema_check import lxml_available
from hhtax.declarations.supplementary import box_figures
from hhtax.declarations.validate import validate_xml
from hhtax.declarations.xml import from_xml
from hhtax.i18n import register
from hhtax.model import Filing
from hhtax.money import format_vnd
from hhtax.periods import Period, PeriodKind, last_ended
from hhtax.rules import load_rules
from hhtax.tax.deadlines import upcoming

register({
    "declare.nothing": ("Không phải nộp tờ khai cho kỳ {period}: {note}",
                        "Nothing to file for {period}: {note}"),
    "declare.instead": ("Cần nộp: {form} kỳ {period}, hạn {due}",
                        "File instead: {form} for {period}, due {due}"),
    "declare.written": ("Đã ghi {form} ({kind}{seq}) kỳ {period}: phải nộp {payable} đồng",
                        "Wrote {form} ({kind}{seq}) for {period}: tax payable {payable} đồng"),
    "declare.recorded": ("Đã ghi nhận tờ khai vào sổ; kỳ {period} đã khóa.",
                         "Filing recorded in the ledger; period {period} is now locked."),
    "declare.not_recorded": ("Sổ dạng văn bản chỉ đọc: tờ khai đã được ghi ra tệp nhưng không được ghi nhận.",
                             "Plain-text ledger (read-only): files written, the filing was not recorded."),
    "declare.note": ("Lưu ý: {note}", "Note: {note}"),
    "amend.change": ("  {name}: {filed} → {corrected} ({diff})", "  {name}: {filed} → {corrected} ({diff})"),
    "amend.interest": ("Tiền chậm nộp đến {to}: {days} ngày, {amount} đồng",
                       "Late interest to {to}: {days} days, {amount} đồng"),
    "validate.ok": ("{file}: hợp lệ ({form} {code}, {period})", "{file}: valid ({form} {code}, {period})"),
    "validate.unverified": (
        "Lưu ý: {form} ({code}): định dạng XML chưa được đối chiếu với tệp thật (OQ-05, OQ-23)",
        "Note: {form} ({code}): unverified XML format (OQ-05, OQ-23)"),
    "validate.no_lxml": ("Lưu ý: chưa cài lxml, dùng bộ kiểm tra cấu trúc tích hợp.",
                         "Note: lxml is not installed; the built-in structure check was used."),
})




def _day(value: datetime | None) -> date:
    return value.date() if value is not None else date.today()


_date_type = click.DateTime(formats=["%Y-%m-%d"])
_out_option = click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
                           default=Path("."), show_default=True, help="Directory for the XML and PDF files.")
_signature_option = click.option(
    "--empty-signature", is_flag=True,
    help="Add an empty <CKyDTu></CKyDTu> for signing tools (xml-format.md §13).")
_on_option = click.option("--on", "on_day", type=_date_type, default=None,
                          help="Date the return is prepared and signed (YYYY-MM-DD; default: today).")


def _result_dict(filed: Filed) -> dict[str, Any]:
    decl, lang = filed.declaration, get_context().lang
    if decl is None:
        return {"period": str(filed.assessment.period), "filed": False, "note": filed.note}
    also = {"also": [_result_dict(other) for other in filed.also]} if filed.also else {}
    return also | {
        "period": str(decl.period), "filed": True, "form": decl.form.code, "ma_tkhai": decl.form.ma_tkhai,
        "version": decl.form.version, "kind": decl.kind, "seq": decl.seq, "payable": decl.payable,
        "figures": box_figures(decl), "xml": str(filed.xml_path), "pdf": str(filed.pdf_path),
        "xml_sha256": filed.xml_sha256, "recorded": filed.recorded,
        "notes": [{"code": n.code, "message": n.vi if lang == "vi" else n.en} for n in decl.notes],
    }


def _print_result(filed: Filed, decl: Declaration) -> None:
    ctx = get_context()
    click.echo(ctx.msg("declare.written", form=decl.form.code, kind=decl.kind, seq=decl.seq or "",
                       period=decl.period, payable=format_vnd(decl.payable)))
    click.echo(f"  {filed.xml_path}\n  {filed.pdf_path}")
    for note in decl.notes:
        click.echo(ctx.msg("declare.note", note=note.text(ctx.lang)))
    click.echo(ctx.msg("declare.recorded" if filed.recorded else "declare.not_recorded", period=decl.period))


@click.command("declare")
@click.option("--period", callback=period_option, default=None,
              help="Tax period (2026-Q2, 2026-05, 2026); default: the last one that has ended.")
@_out_option
@json_option
@_signature_option
@click.option("--form-version", type=click.Choice(["tt18", "tt50"]), default="tt18", show_default=True,
              help="Layout of the 2026 01/CNKD (OQ-04); tt50 stays disabled until its XML code is confirmed.")
@_on_option
def declare_cmd(period: Period | None, out_dir: Path, as_json: bool, empty_signature: bool, form_version: str,
                on_day: datetime | None) -> None:
    """Prepare the return for a period: XML for eTax/HTKK and a PDF, validated, then recorded."""
    if form_version == "tt50":
        raise click.UsageError("the TT 50/2026 layout is disabled until its XML code and version are "
                               "confirmed (OQ-04); use --form-version tt18")
    ctx = get_context()
    today = _day(on_day)
    rules = load_rules(ctx.rules_file)
    ledger = ctx.open()
    try:
        household = ledger.household
        if period is None:
            kind = PeriodKind.MONTH if household.filing is Filing.MONTHLY else PeriodKind.QUARTER
            period = last_ended(kind, today)
        filed = declare(ledger, period, rules, out_dir, today=today, empty_signature=empty_signature)
        if as_json:
            echo_json(_result_dict(filed))
            return
        if filed.declaration is None:
            click.echo(ctx.msg("declare.nothing", period=period, note=filed.note))
            for item in upcoming(household, period.year, rules, group=filed.assessment.group):
                if item.due >= today:
                    click.echo(ctx.msg("declare.instead", form=item.form, period=item.period,
                                       due=item.due.strftime("%d/%m/%Y")))
            return
        for one in (filed, *filed.also):  # 01/TTS or 01/BĐS may come beside the ordinary return
            assert one.declaration is not None
            _print_result(one, one.declaration)
    finally:
        ledger.close()


@click.command("amend")
@click.option("--period", callback=period_option, required=True,
              help="The filed period to correct (2026-Q2).")
@click.option("--paid-on", type=_date_type, default=None,
              help="Date the extra tax is paid, for late interest (YYYY-MM-DD; default: today).")
@_out_option
@json_option
@_signature_option
@_on_option
def amend_cmd(period: Period, paid_on: datetime | None, out_dir: Path, as_json: bool, empty_signature: bool,
              on_day: datetime | None) -> None:
    """Supplementary return (loaiTKhai B) for a filed period, rebuilt from the journal, with interest."""
    ctx = get_context()
    today = _day(on_day)
    rules = load_rules(ctx.rules_file)
    ledger = ctx.open()
    try:
        filed = amend(ledger, period, rules, out_dir, today=today,
                      paid_on=paid_on.date() if paid_on is not None else today,
                      empty_signature=empty_signature)
    finally:
        ledger.close()
    decl = filed.declaration
    assert decl is not None
    if as_json:
        echo_json(_result_dict(filed))
        return
    _print_result(filed, decl)
    khbs = decl.appendix(Khbs)
    if isinstance(khbs, Khbs):
        for row in khbs.rows:
            sign = "+" if row.difference > 0 else ""
            click.echo(ctx.msg("amend.change", name=row.name, filed=format_vnd(row.filed),
                               corrected=format_vnd(row.corrected), diff=sign + format_vnd(row.difference)))
        if khbs.interest_to is not None:
            click.echo(ctx.msg("amend.interest", to=khbs.interest_to.strftime("%d/%m/%Y"),
                               days=khbs.late_days, amount=format_vnd(khbs.interest)))


@click.command("validate")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@json_option
def validate_cmd(file: Path, as_json: bool) -> None:
    """Check a declaration XML: structure (XSD), period, tax code and arithmetic; exit 1 on any problem."""
    ctx = get_context()
    rules = load_rules(ctx.rules_file)
    data = file.read_bytes()
    problems = validate_xml(data, rules)
    notes: list[str] = [] if lxml_available() else [ctx.msg("validate.no_lxml")]
    summary = ""
    if not problems:
        decl = from_xml(data, rules)
        summary = ctx.msg("validate.ok", file=file, form=decl.form.code, code=decl.form.ma_tkhai,
                          period=decl.period)
        if not decl.form.verified:
            notes.append(ctx.msg("validate.unverified", form=decl.form.code, code=decl.form.ma_tkhai))
    if as_json:
        echo_json({"file": str(file), "valid": not problems, "notes": notes,
                   "problems": [{"element": p.element, "message": p.message} for p in problems]})
    else:
        for note in notes:
            click.echo(note, err=True)
        for problem in problems:
            click.echo(f"{file}: {problem.element}: {problem.message}")
        if summary:
            click.echo(summary)
    if problems:
        raise click.exceptions.Exit(1)


commands: list[click.Command] = [declare_cmd, amend_cmd, validate_cmd]

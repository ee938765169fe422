"""Declaration commands: `declare`, `amend`, `validate`. They parse, call hhtax.declarations, print."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from hhtax.cli.context import echo_json, get_context, json_option, period_option
from hhtax.cli.duty_view import print_lateness
from hhtax.i18n import register, render
from hhtax.money import format_vnd
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.service.periods import EARLY_REASONS
from hhtax.service.returns import ReturnResult
from hhtax.service.validation import FileVerdict, validate_files

register({
    "declare.nothing": ("Không phải nộp tờ khai cho kỳ {period}: {note}",
                        "Nothing to file for {period}: {note}"),
    "declare.instead": ("Cần nộp: {form} kỳ {period}, hạn {due}",
                        "File instead: {form} for {period}, due {due}"),
    "declare.written": ("Đã ghi {form} ({kind}{seq}) kỳ {period}: phải nộp {payable} đồng",
                        "Wrote {form} ({kind}{seq}) for {period}: tax payable {payable} đồng"),
    "declare.head": ("Đầu chuỗi của sổ khi lập tờ khai: {head} (đến bút toán {entry}); hãy lưu cùng tờ khai: "
                     "`hhtax verify --head {head}` chứng minh phần sổ trước đó không bị viết lại.",
                     "Ledger chain head for this return: {head} (covers entry {entry}); keep it with the "
                     "return: `hhtax verify --head {head}` proves the ledger's past was not rewritten."),
    "declare.recorded": ("Đã ghi nhận tờ khai vào sổ; kỳ {period} đã khóa.",
                         "Filing recorded in the ledger; period {period} is now locked."),
    "declare.not_recorded": ("Sổ dạng văn bản chỉ đọc: tờ khai đã được ghi ra tệp nhưng không được ghi nhận, "
                             "kỳ không bị khóa.",
                             "Plain-text ledger (read-only): files written; the filing was not recorded and "
                             "the period is not locked."),
    "declare.warning": ("{warning}", "{warning}"),
    "amend.headline": ("Phải nộp thêm {total} đồng: thuế tăng {tax} đồng + tiền chậm nộp {interest} đồng",
                       "To pay now: {total} đồng = extra tax {tax} đồng + late interest {interest} đồng"),
    "amend.refund": ("Số thuế giảm {tax} đồng (đã nộp thừa; tiền chậm nộp {interest} đồng)",
                     "Tax decreases by {tax} đồng (overpaid; late interest {interest} đồng)"),
    "amend.totals": ("Tờ khai bổ sung {form} (B{seq}) kỳ {period}: tổng số thuế sau bổ sung {payable} đồng",
                     "Supplementary {form} (B{seq}) for {period}: corrected total tax {payable} đồng"),
    "declare.note": ("Lưu ý: {note}", "Note: {note}"),
    "amend.change": ("  {name}: {filed} → {corrected} ({diff})", "  {name}: {filed} → {corrected} ({diff})"),
    "amend.interest": ("Tiền chậm nộp đến {to}: {days} ngày, {amount} đồng",
                       "Late interest to {to}: {days} days, {amount} đồng"),
    "validate.summary": ("{valid}/{total} tệp hợp lệ", "{valid} of {total} files valid"),
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


def _print_written(result: ReturnResult) -> None:
    ctx = get_context()
    decl = result.declaration
    assert decl is not None
    click.echo(f"  {result.xml_path}\n  {result.pdf_path}")
    for note in decl.notes:
        click.echo(ctx.msg("declare.note", note=note.text(ctx.lang)))
    _print_warnings(result)
    click.echo(ctx.msg("declare.recorded" if result.recorded else "declare.not_recorded", period=decl.period))
    if result.prepared.chain_head:
        click.echo(ctx.msg("declare.head", head=result.prepared.chain_head, entry=result.prepared.head_entry))


def _print_warnings(result: ReturnResult) -> None:
    ctx = get_context()
    for warning in result.prepared.warnings:
        click.echo(ctx.msg("declare.warning", warning=warning.text(ctx.lang)), err=True)


_early_option = click.option(
    "--early", type=click.Choice(sorted(EARLY_REASONS)), default=None,
    help="Prepare the return before the period ends, for the reason the law names: closing "
         "(the business ceases, Law 38/2019 Art 44.4).")


@click.command("declare")
@click.option("--period", callback=period_option, default=None,
              help="Tax period (2026-Q2, 2026-05, 2026); default: the last one that has ended.")
@_out_option
@json_option
@_signature_option
@click.option("--form-version", type=click.Choice(["tt18", "tt50"]), default="tt18", show_default=True,
              help="Layout of the 2026 01/CNKD (OQ-04); tt50 stays disabled until its XML code is confirmed.")
@_on_option
@_early_option
def declare_cmd(period: Period | None, out_dir: Path, as_json: bool, empty_signature: bool, form_version: str,
                on_day: datetime | None, early: str | None) -> None:
    """Prepare the return for a period that has ended: XML for eTax/HTKK and a PDF, validated, written,
    then recorded in the ledger (which locks the period)."""
    if form_version == "tt50":
        raise click.UsageError("the TT 50/2026 layout is disabled until its XML code and version are "
                               "confirmed (OQ-04); use --form-version tt18")
    ctx = get_context()
    today = _day(on_day)
    ledger = ctx.ledger()
    result = ledger.file_return(period, out_dir, on=today, early=early, empty_signature=empty_signature)
    if as_json:
        echo_json(result.to_dict(ctx.lang))
        return
    decl = result.declaration
    if decl is None:
        chosen = result.prepared.period
        prepared = result.prepared
        note = prepared.note_vi if ctx.lang == "vi" and prepared.note_vi else prepared.note
        click.echo(ctx.msg("declare.nothing", period=chosen, note=note))
        _print_warnings(result)
        report = ledger.duties(chosen.year, on=today)  # the one duty decision (OQ-28)
        for item in [*report.overdue, *report.upcoming]:
            if item.period != chosen and item.kind != "registration" and not item.filed:
                click.echo(ctx.msg("declare.instead", form=item.form, period=item.period,
                                   due=item.due.strftime("%d/%m/%Y")))
                if item.how:
                    click.echo(f"  → {item.how_vi if ctx.lang == 'vi' else item.how}")
        return
    for one in (result, *result.also):  # 01/TTS or 01/BĐS may come beside the ordinary return
        written = one.declaration
        assert written is not None
        click.echo(ctx.msg("declare.written", form=written.form.code, kind=written.kind,
                           seq=written.seq or "", period=written.period, payable=format_vnd(written.payable)))
        _print_written(one)
        if one.prepared.late is not None:
            print_lateness(one.prepared.late, today, ctx.lang)


@click.command("amend")
@click.option("--period", callback=period_option, required=True,
              help="The filed period to correct (2026-Q2).")
@click.option("--paid-on", type=_date_type, default=None,
              help="Date the extra tax is paid, for late interest (YYYY-MM-DD; default: today).")
@_out_option
@json_option
@_signature_option
@click.option("--khbs-appendix", is_flag=True, default=False,
              help="Put the 01/KHBS and 01-1/KHBS appendices in a 1240 supplementary XML (overrides OQ-23; "
                   "the tax authority's viewer fails on such a file).")
@_on_option
def amend_cmd(period: Period, paid_on: datetime | None, out_dir: Path, as_json: bool, empty_signature: bool,
              khbs_appendix: bool, on_day: datetime | None) -> None:
    """Supplementary return (loaiTKhai B) for a filed period, rebuilt from the journal, with interest:
    headlines what there is to pay now (extra tax + late interest), then the corrected totals."""
    ctx = get_context()
    today = _day(on_day)
    result = ctx.ledger().amend(period, out_dir, on=today,
                                paid_on=paid_on.date() if paid_on is not None else today,
                                empty_signature=empty_signature, khbs_appendix=khbs_appendix)
    if as_json:
        echo_json(result.to_dict(ctx.lang))
        return
    decl = result.declaration
    if decl is None:  # nothing to supplement: the prepared return says why (e.g. OQ-29)
        for warning in result.prepared.warnings:
            click.echo(ctx.msg("declare.note", note=warning.text(ctx.lang)))
        return
    khbs = decl.khbs  # in the XML (473 B) or printed only (1240 B, OQ-23; 1244/1245 corrections)
    assert khbs is not None
    change, interest = khbs.payable_change, khbs.interest
    if change >= 0:
        click.echo(ctx.msg("amend.headline", total=format_vnd(change + interest), tax=format_vnd(change),
                           interest=format_vnd(interest)))
    else:
        click.echo(ctx.msg("amend.refund", tax=format_vnd(-change), interest=format_vnd(interest)))
    click.echo(ctx.msg("amend.totals", form=decl.form.code, seq=decl.seq or decl.correction,
                       period=decl.period, payable=format_vnd(decl.payable)))
    for row in khbs.rows:
        sign = "+" if row.difference > 0 else ""
        click.echo(ctx.msg("amend.change", name=row.name, filed=format_vnd(row.filed),
                           corrected=format_vnd(row.corrected), diff=sign + format_vnd(row.difference)))
    if khbs.interest_to is not None:
        click.echo(ctx.msg("amend.interest", to=khbs.interest_to.strftime("%d/%m/%Y"),
                           days=khbs.late_days, amount=format_vnd(khbs.interest)))
    _print_written(result)


@click.command("validate")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False, exists=True))
@json_option
def validate_cmd(files: tuple[Path, ...], as_json: bool) -> None:
    """Check declaration XML files (one or many, e.g. out/*.xml): structure (XSD), period, tax code and
    arithmetic; exit 1 if any file has a problem."""
    ctx = get_context()
    report = validate_files(list(files), load_rules(ctx.rules_file))
    notes = [] if report.lxml else [ctx.msg("validate.no_lxml")]
    if as_json:
        echo_json({**report.to_dict(), "notes": notes})
    else:
        for note in notes:
            click.echo(note, err=True)
        for verdict in report.files:
            _print_verdict(verdict)
        if len(report.files) > 1:
            click.echo(ctx.msg("validate.summary", valid=report.valid, total=len(report.files)))
    if not report.ok:
        raise click.exceptions.Exit(1)


def _print_verdict(verdict: FileVerdict) -> None:
    ctx = get_context()
    for problem in verdict.problems:
        click.echo(f"{verdict.file}: {problem.element}: {render(problem.message, ctx.lang)}")
    if verdict.valid:
        if not verdict.verified:
            click.echo(ctx.msg("validate.unverified", form=verdict.form, code=verdict.ma_tkhai), err=True)
        click.echo(ctx.msg("validate.ok", file=verdict.file, form=verdict.form, code=verdict.ma_tkhai,
                           period=verdict.period))


commands: list[click.Command] = [declare_cmd, amend_cmd, validate_cmd]

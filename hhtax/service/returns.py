"""Returns, in three named steps that every front end (CLI, batch, API) takes the same way:

1. `prepare_return` / `prepare_amendment`: assess, build, render the XML and the PDF, validate.
   Preparing never writes and never locks anything.
2. `write_return`: both files into a directory, atomically (`hhtax.declarations.files`).
3. `record_filing`: keep the filing in the ledger and lock the period (Law 38/2019 Art 47 / Law
   108/2025 Art 12: a filed return changes only through a supplementary one).

`file_return` and `amend_return` take the three steps (`hhtax declare`, `hhtax amend`, `hhtax
batch` record what they write). A plain-text ledger records nothing: its files are written and the
result says so ("written", not "filed"). A return is prepared only for a period that has ended on
its filing date `on` (`hhtax.service.periods.check_ended`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hhtax.declarations.leasing_model import BdsBody, TtsBody
from hhtax.declarations.model import ORIGINAL, SUPPLEMENTARY, Declaration, Khbs, Note
from hhtax.duty import Lateness, lateness
from hhtax.errors import DeclarationError, InputError, LedgerError, Problem
from hhtax.i18n import msg, register
from hhtax.journal import Ledger, is_writable
from hhtax.journal.filings import FilingRecord
from hhtax.periods import Period
from hhtax.rules import RuleBook
from hhtax.service.periods import check_ended, lock_end
from hhtax.tax.assessment import Assessment

NOTHING_DUE = "nothing_due"  # no return is due for the period
WRITTEN = "written"  # files written; the ledger is read-only, so nothing was recorded or locked
FILED = "filed"  # files written, the filing recorded and the period locked

_EVERYTHING = (date(1900, 1, 1), date(2999, 12, 31))


register({
    "returns.none_recorded": (
        "chưa có tờ khai nào được ghi cho kỳ {period}; nộp trước bằng `hhtax declare` (sổ văn bản không "
        "ghi việc nộp)",
        "no return is recorded for {period}; file it first with `hhtax declare` (a plain-text ledger "
        "records no filings)"),
    "returns.empty_journal": (
        "nhật ký trống (không có bút toán): tờ khai lập từ đó sẽ kê khai 0 đồng; hãy nhập nhật ký trước",
        "the journal is empty (no entries): a return from it would declare 0 đồng; import the journal first"),
    "returns.entries_after_early": (
        "tờ khai sớm ký ngày {on} không thể bỏ qua các bút toán sau ngày đó trong kỳ {period}; hộ đã ngừng "
        "kinh doanh không ghi bút toán nào nữa",
        "an early return signed on {on} cannot leave out entries dated after it in {period}; a closed "
        "business records none"),
    "returns.text_ledger": (
        "{path} là sổ văn bản (chỉ đọc): không ghi việc nộp tờ khai; chuyển sang SQLite bằng "
        "`hhtax init --from {path}`",
        "{path} is a plain-text ledger (read-only): it records no filings; convert it with "
        "`hhtax init --from {path}`"),
    "returns.already_filed": ("kỳ {period} đã nộp tờ khai; sửa bằng `hhtax amend --period {period}`",
                              "{period} has already been filed; correct it with "
                              "`hhtax amend --period {period}`"),
})


@dataclass(frozen=True)
class PreparedReturn:
    """A return built, rendered and validated for `period` on the filing date `on`; nothing written.

    `declaration` is None when no return is due (`note` says why). `warnings` are notes the user
    must see before filing (an empty period in a ledger with entries elsewhere, …).
    """

    period: Period
    on: date
    assessment: Assessment
    declaration: Declaration | None
    xml: bytes = b""
    pdf: bytes = b""
    note: str = ""
    warnings: tuple[Note, ...] = ()
    early: str | None = None
    note_vi: str = ""  # `note` in Vietnamese (empty when there is none: `note` is shown)
    others: tuple[PreparedReturn, ...] = ()  # further returns of the period: 01/TTS, 01/BĐS (leasing)

    late: Lateness | None = None  # an original return signed after its deadline, with its interest
    chain_head: str = ""  # the ledger's head when the return was prepared (docs/security.md)
    head_entry: int = 0  # the last entry that head covers

    @property
    def due(self) -> bool:
        return self.declaration is not None

    @property
    def xml_sha256(self) -> str:
        return hashlib.sha256(self.xml).hexdigest() if self.xml else ""

    @property
    def to_pay(self) -> int:
        """What this return asks the household to pay now: the tax payable of an original return;
        the change of tax plus late interest of a supplementary one (negative: overpaid)."""
        decl = self.declaration
        if decl is None:
            return 0
        khbs = decl.khbs  # in the XML, or printed only (1240 B, OQ-23; 1244/1245 corrections)
        if khbs is not None:
            return khbs.payable_change + khbs.interest
        return decl.payable

    def filing_record(self, filed_at: str | None = None) -> FilingRecord:
        """The record `record_filing` keeps: form, kind, sequence, XML hash and declared figures."""
        from hhtax.declarations.supplementary import payload

        decl = self.declaration
        if decl is None:
            raise DeclarationError([Problem(str(self.period), self.note or "no return is due")])
        stamp = filed_at or datetime.now().astimezone().isoformat(timespec="seconds")
        # A correction filed as a new C return (no B entry in the catalogue) is recorded as correction n.
        kind, seq = (SUPPLEMENTARY, decl.correction) if decl.correction else (decl.kind, decl.seq)
        return FilingRecord(period=str(decl.period), form=decl.form.code, kind=kind, seq=seq,
                            xml_sha256=self.xml_sha256, payload=payload(decl), filed_at=stamp,
                            chain_head=self.chain_head)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The return as `--json` prints it (before the status of writing and recording)."""
        from hhtax.declarations.supplementary import box_figures

        data: dict[str, Any] = {"period": str(self.period), "on": self.on.isoformat()}
        if self.others:
            data["also"] = [other.to_dict(lang) for other in self.others]
        if self.early is not None:
            data["early"] = self.early
        decl = self.declaration
        if decl is None:
            return {**data, "note": self.note, "note_vi": self.note_vi or self.note,
                    "warnings": [w.text(lang) for w in self.warnings]}
        data.update({
            "form": decl.form.code, "ma_tkhai": decl.form.ma_tkhai, "version": decl.form.version,
            "kind": decl.kind, "seq": decl.seq, "payable": decl.payable, "to_pay": self.to_pay,
            "figures": box_figures(decl), "xml_sha256": self.xml_sha256,
            "chain_head": self.chain_head, "chain_head_entry": self.head_entry,
            "notes": [{"code": n.code, "message": n.vi if lang == "vi" else n.en} for n in decl.notes],
            "warnings": [w.text(lang) for w in self.warnings],
        })
        khbs = decl.khbs
        if khbs is not None:
            data.update({"tax_change": khbs.payable_change, "interest": khbs.interest,
                         "late_days": khbs.late_days,
                         "interest_to": khbs.interest_to.isoformat() if khbs.interest_to else None,
                         "changes": [{"box": r.box, "name": r.name, "filed": r.filed,
                                      "corrected": r.corrected, "difference": r.difference}
                                     for r in khbs.rows],
                         "explanation_in_xml": decl.appendix(Khbs) is not None})
        data["late"] = None if self.late is None else self.late.to_dict()
        return data


@dataclass(frozen=True)
class ReturnResult:
    """The outcome of `file_return` / `amend_return`: one `status` (NOTHING_DUE, WRITTEN, FILED)."""

    prepared: PreparedReturn
    status: str
    xml_path: Path | None = None
    pdf_path: Path | None = None
    also: tuple[ReturnResult, ...] = ()  # the results of `prepared.others`

    @property
    def declaration(self) -> Declaration | None:
        return self.prepared.declaration

    @property
    def recorded(self) -> bool:
        return self.status == FILED

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        data = {**self.prepared.to_dict(lang), "status": self.status, "recorded": self.recorded}
        if self.xml_path is not None:
            data.update({"xml": str(self.xml_path), "pdf": str(self.pdf_path)})
        if self.also:
            data["also"] = [other.to_dict(lang) for other in self.also]
        return data


# -- step 1: prepare ----------------------------------------------------------------------------------

def prepare_return(ledger: Ledger, period: Period, rules: RuleBook, *, on: date, early: str | None = None,
                   empty_signature: bool = False) -> PreparedReturn:
    """The original return for `period`, signed on `on`, rendered and validated; writes nothing.

    Refused: a period that has not ended on `on` (unless `early` names the law's reason), an
    empty journal, an early return with entries dated after `on`.
    """
    from hhtax.declarations.build import prepare

    check_ended(period, on, early)
    warnings = _journal_warnings(ledger, period)
    if early is not None:
        _refuse_later_entries(ledger, period, on)
    built = prepare(ledger, period, rules, today=on)
    if built.declaration is None:
        return PreparedReturn(period, on, built.assessment, None, note=built.note, note_vi=built.note_vi,
                              warnings=warnings, early=early)
    head = _head(ledger)
    first = _rendered(built.declaration, built.assessment, rules, on, warnings, early, empty_signature, head)
    # 01/TTS or 01/BĐS beside the ordinary return
    others = tuple(_rendered(other, built.assessment, rules, on, (), early, empty_signature, head)
                   for other in built.others)
    return replace(first, others=others)


def _head(ledger: Ledger) -> tuple[str, int] | None:
    """The head of the ledger a return is computed from (a SQLite ledger's log) and the last entry it
    covers, printed on the PDF and kept in the filing record: `hhtax verify --head` later proves
    that past unchanged. A plain-text ledger has none."""
    return ledger.chain_head() if is_writable(ledger) else None


def prepare_amendment(ledger: Ledger, period: Period, rules: RuleBook, *, on: date, paid_on: date,
                      empty_signature: bool = False, khbs_appendix: bool = False) -> PreparedReturn:
    """The next correction of a filed `period` against the last return recorded, with the late
    interest to `paid_on` (Law 38/2019 Art 47, 59), in the shape the viewer accepts for the form
    (`supplement`; `khbs_appendix` overrides OQ-23); writes nothing."""
    from hhtax.declarations.build import prepare
    from hhtax.declarations.leasing_build import leasing_supplement
    from hhtax.declarations.supplementary import supplement
    from hhtax.tax.deadlines import due_date

    filed = ledger.filings(period)
    if not filed:
        raise InputError(msg("returns.none_recorded", period=str(period)), field="period")
    last = max(filed, key=lambda f: f.seq)
    warnings = _journal_warnings(ledger, period)
    overpaid = _overpaid_year(ledger, period, rules, on)
    if overpaid is not None:
        assessment, note = overpaid
        return PreparedReturn(period, on, assessment, None, note=note.en, warnings=(*warnings, note))
    built = prepare(ledger, period, rules, today=on)
    if built.declaration is None:
        raise DeclarationError([Problem(str(period), built.note or "nothing to declare for this period")])
    corrected = built.declaration
    last = max([f for f in filed if f.form == corrected.form.code] or filed, key=lambda f: f.seq)
    if isinstance(corrected.body, TtsBody | BdsBody):  # 01/TTS, 01/BĐS: no KHBS (forms-more.md §3)
        due = due_date(ledger.household, period, corrected.form.code, rules)
        boxes = {str(k): int(v) for k, v in json.loads(last.payload).get("boxes", {}).items()}
        decl = leasing_supplement(corrected, boxes, last.seq + 1, due=due, paid=paid_on, rules=rules)
    else:
        due = due_date(ledger.household, period, built.assessment.filing, rules)  # the engine's form name
        decl = supplement(corrected, last.payload, last.seq + 1, due=due, paid=paid_on, rules=rules,
                          khbs_appendix=khbs_appendix)
    return _rendered(decl, built.assessment, rules, on, warnings, None, empty_signature, _head(ledger))


def _rendered(decl: Declaration, assessment: Assessment, rules: RuleBook, on: date,
              warnings: tuple[Note, ...], early: str | None, empty_signature: bool,
              head: tuple[str, int] | None) -> PreparedReturn:
    from hhtax.declarations.filing import render

    xml, pdf = render(decl, rules, empty_signature=empty_signature, ledger_head=head)
    vat, pit = assessment.vat.value, assessment.pit.value
    if isinstance(decl.body, TtsBody | BdsBody):  # a leasing return's own tax (the pool is not assessed)
        vat, pit = decl.body.vat, decl.payable - decl.body.vat
    late = lateness(decl.form.code, decl.period, vat, pit, on, rules) \
        if decl.kind == ORIGINAL else None  # a supplementary return carries its interest in KHBS
    chain_head, head_entry = head or ("", 0)
    return PreparedReturn(decl.period, on, assessment, decl, xml, pdf, warnings=warnings, early=early,
                          late=late, chain_head=chain_head, head_entry=head_entry)


def _overpaid_year(ledger: Ledger, period: Period, rules: RuleBook,
                   on: date) -> tuple[Assessment, Note] | None:
    """OQ-29: once a year that ended at or under the threshold is over, its periodic returns are not
    amended: the tax declared on them is reported as overpaid on 01/TKN-CNKD (offset or refund)."""
    from hhtax.ledger_tax import assess_ledger

    year = Period.of_year(period.year)
    if period.kind is year.kind or on <= year.end:
        return None
    assessment = assess_ledger(ledger, year, rules)
    found = next((w for w in assessment.warnings if w.code == "OQ-29"), None)
    if found is None:
        return None
    return assessment, Note("OQ-29", en=f"{period} is not amended: {found.message}",
                            vi=f"không khai bổ sung kỳ {period}: {found.message_vi}")


def _journal_warnings(ledger: Ledger, period: Period) -> tuple[Note, ...]:
    """Refuse an empty journal (missing data is not "no revenue"); warn when the period has no
    entries while the ledger has some in other periods."""
    if ledger.aggregates(period.start, period.end, cash_limit=2**62):
        return ()  # the period has entries (the common case: the period's totals alone are read)
    months = {(row.key.year, row.key.month) for row in ledger.aggregates(*_EVERYTHING, cash_limit=2**62)}
    if not months:
        raise InputError(msg("returns.empty_journal"), file=ledger.name)
    first, last = min(months), max(months)
    span = f"{first[0]}-{first[1]:02d} … {last[0]}-{last[1]:02d}"
    return (Note("empty-period",
                 en=f"WARNING: the journal has no entries in {period}, but has entries in {span}: this "
                    "return declares 0 đồng; check that the period's sales were imported",
                 vi=f"CẢNH BÁO: sổ không có bút toán nào trong kỳ {period} nhưng có bút toán trong {span}: "
                    "tờ khai này kê khai 0 đồng; hãy kiểm tra đã nhập doanh thu của kỳ chưa"),)


def _refuse_later_entries(ledger: Ledger, period: Period, on: date) -> None:
    if on < period.end and ledger.aggregates(on + timedelta(days=1), period.end, cash_limit=2**62):
        raise InputError(msg("returns.entries_after_early", on=on.isoformat(), period=str(period)),
                         field="on")


# -- steps 2 and 3: write, record ----------------------------------------------------------------------

def write_return(prepared: PreparedReturn, out_dir: Path) -> tuple[Path, Path]:
    """Write the XML and the PDF into `out_dir` (created if missing); returns both paths."""
    from hhtax.declarations.files import write_declaration

    decl = prepared.declaration
    if decl is None:
        raise DeclarationError([Problem(str(prepared.period), prepared.note or "no return is due")])
    return write_declaration(decl, out_dir, prepared.xml, prepared.pdf)


def record_filing(ledger: Ledger, prepared: PreparedReturn) -> FilingRecord:
    """Record the filing of `prepared` in the ledger and lock its period: the one call that locks.

    Refused: a read-only ledger, a second original return for a period, a period that has not
    ended on the filing date (an early return locks the days up to its filing date only).
    """
    record = prepared.filing_record()
    keep_filing(ledger, record, on=prepared.on, early=prepared.early)
    return record


def keep_filing(ledger: Ledger, record: FilingRecord, *, on: date, early: str | None = None) -> None:
    """Keep `record` (a return filed on `on`) in the ledger and lock its period: `record_filing`
    for a return prepared elsewhere (`hhtax batch` records in the parent what a worker prepared)."""
    if not is_writable(ledger):
        raise LedgerError(msg("returns.text_ledger", path=ledger.name))
    period = Period.parse(record.period)
    check_ended(period, on, early)
    if record.kind == ORIGINAL:
        refuse_filed(ledger, period, form=record.form)
    ledger.record_filing(record, lock_until=lock_end(period, on))


def refuse_filed(ledger: Ledger, period: Period, *, form: str | None = None) -> None:
    """InputError when an original return for `period` (of form `form`, when given) is already recorded."""
    if is_filed(ledger, period, form=form):
        raise InputError(msg("returns.already_filed", period=str(period)), field="period")


def is_filed(ledger: Ledger, period: Period, *, form: str | None = None) -> bool:
    return any(f.kind == ORIGINAL and form in (None, f.form) for f in ledger.filings(period))


# -- all three ------------------------------------------------------------------------------------------

def file_return(ledger: Ledger, period: Period, rules: RuleBook, out_dir: Path, *, on: date,
                early: str | None = None, empty_signature: bool = False) -> ReturnResult:
    """`hhtax declare`: prepare the original return, write it, record it (SQLite ledger)."""
    refuse_filed(ledger, period)
    prepared = prepare_return(ledger, period, rules, on=on, early=early, empty_signature=empty_signature)
    return deliver(ledger, prepared, out_dir)


def amend_return(ledger: Ledger, period: Period, rules: RuleBook, out_dir: Path, *, on: date, paid_on: date,
                 empty_signature: bool = False, khbs_appendix: bool = False) -> ReturnResult:
    """`hhtax amend`: prepare the next correction, write it, record it."""
    prepared = prepare_amendment(ledger, period, rules, on=on, paid_on=paid_on,
                                 empty_signature=empty_signature, khbs_appendix=khbs_appendix)
    return deliver(ledger, prepared, out_dir)


def deliver(ledger: Ledger, prepared: PreparedReturn, out_dir: Path) -> ReturnResult:
    """Write a prepared return and record it where the ledger can (files removed if that fails)."""
    if not prepared.due:
        return ReturnResult(prepared, NOTHING_DUE)
    xml_path, pdf_path = write_return(prepared, out_dir)
    if not is_writable(ledger):
        result = ReturnResult(prepared, WRITTEN, xml_path, pdf_path)
    else:
        try:
            record_filing(ledger, prepared)
        except BaseException:
            for path in (xml_path, pdf_path):
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        result = ReturnResult(prepared, FILED, xml_path, pdf_path)
    also = tuple(deliver(ledger, other, out_dir) for other in prepared.others)
    return replace(result, also=also) if also else result

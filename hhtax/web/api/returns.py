"""Returns over HTTP: prepare (JSON, XML, PDF; locks nothing), record a filing, file a
supplementary return for a filed period."""

from __future__ import annotations

import base64
import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from hhtax.api import Ledger
from hhtax.errors import DeclarationError, LedgerError, Problem
from hhtax.i18n import msg, register
from hhtax.web.api.common import Lang, LedgerTarget, OnDate, PeriodText, day, parse_period
from hhtax.web.api.models import AmendOut, AmendRequest, FileRequest, FilingOut, FilingsOut, ReturnOut

register({
    "web.nothing_due": ("không có tờ khai nào phải nộp cho kỳ {period}{form}",
                        "no return is due for {period}{form}"),
})

router = APIRouter(tags=["returns"])
Early = Annotated[str | None, Query(description='"closing": a return before the period ends (business '
                                                 'closing, Law 38/2019 Art 44.4).')]
Form = Annotated[str | None, Query(description="The form code when the period has several returns "
                                               "(e.g. 01/BĐS); default the ordinary return.")]


@router.get("/returns/{period}", response_model=ReturnOut, response_model_exclude_unset=True,
            summary="Prepare a period's return (preview)")
def prepare(target: LedgerTarget, period: PeriodText, lang: Lang, on: OnDate = None,
            early: Early = None) -> dict[str, Any]:
    """The return due for the period, built and validated as it would be filed on `on`: form, the
    boxes and their values, what to pay, the notes of each reading, the XML's sha256. Nothing is
    written and nothing is locked (`hhtax declare --json` before writing)."""
    with target.open() as ledger:
        return ledger.prepare_return(parse_period(period), on=on, early=early).to_dict(lang)


def _document(target: LedgerTarget, period: str, on: date | None, early: str | None, form: str | None,
              kind: str) -> Response:
    chosen = parse_period(period)
    with target.open() as ledger:
        if kind == "xml":
            data = ledger.declaration_xml(chosen, on=on, early=early, form=form)
        else:
            data = ledger.declaration_pdf(chosen, on=on, early=early, form=form)
    name = f"{ledger.household.tax_code}_{chosen}{'_' + form if form else ''}.{kind}"
    name = re.sub(r"[^A-Za-z0-9._-]", "-", name)  # a header-safe file name
    return Response(data, media_type="application/xml" if kind == "xml" else "application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/returns/{period}/xml", summary="The return as XML (eTax / HTKK)",
            responses={200: {"content": {"application/xml": {}}, "description": "HSoThueDTu XML."}})
def declaration_xml(target: LedgerTarget, period: PeriodText, on: OnDate = None, early: Early = None,
                    form: Form = None) -> Response:
    """The return as the XML eTax takes (validated; nothing recorded). The same `on` gives the same
    bytes, so the file you send is the one `POST /returns/{period}/filing` records the hash of."""
    return _document(target, period, on, early, form, "xml")


@router.get("/returns/{period}/pdf", summary="The return as PDF",
            responses={200: {"content": {"application/pdf": {}}, "description": "The printable return."}})
def declaration_pdf(target: LedgerTarget, period: PeriodText, on: OnDate = None, early: Early = None,
                    form: Form = None) -> Response:
    """The printable return (nothing recorded)."""
    return _document(target, period, on, early, form, "pdf")


@router.post("/returns/{period}/filing", response_model=FilingsOut, status_code=201,
             summary="Record the filing (locks the period)")
def record_filing(target: LedgerTarget, period: PeriodText, body: FileRequest) -> FilingsOut:
    """Prepare the period's return(s) as `GET /returns/{period}` does and record that they were filed:
    the one call that locks the period (later entries in it need `amend`). 422 when no return is
    due or one is already recorded for the period; 409 on a read-only (plain-text) ledger."""
    chosen = parse_period(period)
    with target.open(write=True) as ledger:
        prepared = ledger.prepare_return(chosen, on=day(body.on), early=body.early)
        due = [p for p in (prepared, *prepared.others)
               if p.declaration is not None and body.form in (None, p.declaration.form.code)]
        if not due:
            raise DeclarationError([Problem("period", prepared.note or msg(
                "web.nothing_due", period=str(chosen), form=f" ({body.form})" if body.form else ""))])
        records = [ledger.record_filing(p) for p in due]
        head, entry = _head(ledger)
    filings = [FilingOut(period=r.period, form=r.form, kind=r.kind, seq=r.seq, xml_sha256=r.xml_sha256,
                         filed_at=r.filed_at, chain_head=r.chain_head) for r in records]
    return FilingsOut(filings=filings, head=head, head_entry=entry)


@router.get("/filings", response_model=list[FilingOut], summary="Filings recorded")
def filings(target: LedgerTarget, period: Annotated[str | None, Query(
        description="Only this period's filings.")] = None) -> list[FilingOut]:
    """The returns recorded as filed (original and supplementary), oldest first."""
    with target.open() as ledger:
        records = ledger.filings(None if period is None else parse_period(period))
    return [FilingOut(period=r.period, form=r.form, kind=r.kind, seq=r.seq, xml_sha256=r.xml_sha256,
                      filed_at=r.filed_at, chain_head=r.chain_head) for r in records]


def _head(ledger: Ledger) -> tuple[str, int]:
    from hhtax.journal.store import SqliteLedger

    if not isinstance(ledger.store, SqliteLedger):
        raise LedgerError(msg("ledger.text_read_only", path=ledger.name))
    return ledger.store.chain_head()


@router.post("/returns/{period}/amend", response_model=AmendOut, status_code=201,
             summary="File a supplementary return")
def amend(target: LedgerTarget, period: PeriodText, body: AmendRequest, lang: Lang) -> dict[str, Any]:
    """The next correction of a filed period, rebuilt from the journal with late interest (a
    supplementary return, loaiTKhai B), recorded; with its XML and PDF (`hhtax amend`)."""
    chosen = parse_period(period)
    on = day(body.on)
    paid_on = day(body.paid_on, "paid_on")
    with target.open(write=True) as ledger, tempfile.TemporaryDirectory(prefix="hhtax-amend-") as folder:
        result = ledger.amend(chosen, folder, on=on, paid_on=paid_on)
        data = result.to_dict(lang)
        xml_path, pdf_path = data.pop("xml", None), data.pop("pdf", None)
        data.update(xml=Path(xml_path).read_text(encoding="utf-8") if xml_path else None,
                    pdf_base64=base64.b64encode(Path(pdf_path).read_bytes()).decode() if pdf_path else None)
    for other in data.get("also", []):
        other.pop("xml", None)
        other.pop("pdf", None)
    return data

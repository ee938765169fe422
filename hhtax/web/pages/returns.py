"""Returns: the year's list, each period's return previewed and explained, downloaded (XML, PDF),
marked as filed (which locks the period), and the supplementary return of a filed period.

Downloading prepares the return again with the same filing date: the bytes are those of
`Ledger.declaration_xml` / `declaration_pdf`. "Mark as filed" carries the hash of the XML shown, so
the filing recorded is the return the user downloaded and filed (a ledger changed in between is
refused with a message, nothing recorded).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from hhtax.errors import DeclarationError, InputError
from hhtax.i18n import t
from hhtax.periods import Period
from hhtax.web import deps
from hhtax.web.pages import common
from hhtax.web.pages.view_books import default_year
from hhtax.web.pages.view_returns import (
    amendment,
    amendment_file,
    declaration_download,
    explanation,
    file_name,
    record_amendment,
    record_filed,
    return_view,
    returns_view,
    shown,
)
from hhtax.web.problems import not_found, request_lang

router = APIRouter()
FORMATS = {"xml": "application/xml", "pdf": "application/pdf"}


def _year(text: str, default: int) -> int:
    return int(text) if text.isdigit() and 1900 <= int(text) <= 2999 else default


@common.page(router, "/returns")
def returns(request: Request) -> Response:
    lang = request_lang(request)
    with common.ledger_of(request) as ledger:
        year = _year(request.query_params.get("year", ""), default_year(ledger, common.today()))
        rows = returns_view(ledger, year, common.today(), lang)
    return common.render(
        request, "returns.html", active="returns", title=t("page.returns.title", lang), year=year, rows=rows
    )


@common.page(router, "/returns/{period}")
def return_page(request: Request, period: str) -> Response:
    return _return_page(request, Period.parse(period))


def _return_page(request: Request, period: Period, *, error: str = "", status: int = 200) -> Response:
    lang = request_lang(request)
    with common.ledger_of(request) as ledger:
        view = return_view(ledger, period, common.today(), lang)
    query = request.query_params
    return common.render(
        request,
        "return.html",
        active="returns",
        title=t("page.return.title", lang, period=str(period)),
        status=status,
        view=view,
        form_error=error,
        filed=query.get("filed") == "1",
        amended=query.get("amended", ""),
    )


@common.page(router, "/returns/{period}/download/{fmt}")
def return_file(request: Request, period: str, fmt: str) -> Response:
    chosen = Period.parse(period)
    if fmt not in FORMATS:
        raise not_found(fmt)
    form = request.query_params.get("form") or None
    with common.ledger_of(request) as ledger:
        data, name = declaration_download(ledger, chosen, common.today(), fmt, form)
    return _file(request, data, fmt, name)


def _file(request: Request, data: bytes, fmt: str, name: str) -> Response:
    inline = fmt == "pdf" and request.query_params.get("inline") == "1"
    headers = {
        "Content-Disposition": f'{"inline" if inline else "attachment"}; filename="{name}"',
        "Cache-Control": "no-store",
    }
    if inline:  # shown in the return page's <object>: framing by this site only
        headers.update(
            {
                "X-Frame-Options": "SAMEORIGIN",
                "Content-Security-Policy": "default-src 'none'; frame-ancestors 'self'",
            }
        )
    return Response(data, media_type=FORMATS[fmt], headers=headers)


@common.page(router, "/returns/{period}/file", methods=("POST",))
async def mark_filed(request: Request, period: str) -> Response:
    chosen = Period.parse(period)
    form = await request.form()
    deps.check_csrf(request, _text(form.get("csrf")))
    return await run_in_threadpool(
        _mark_filed, request, chosen, form.get("confirm") == "1", _text(form.get("sha"))
    )


def _mark_filed(request: Request, period: Period, confirmed: bool, sha: str) -> Response:
    lang = request_lang(request)
    if not confirmed:
        return _return_page(request, period, error=t("page.return.need_confirm", lang), status=422)
    with common.ledger_of(request, write=True) as ledger:
        records = record_filed(ledger, period, common.today(), sha)
    if records is None:
        return _return_page(request, period, error=t("page.return.changed", lang), status=409)
    return common.redirect(common.url(request, f"/returns/{period}", filed=1))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


# -- supplementary returns ------------------------------------------------------------------------


@common.page(router, "/returns/{period}/amend")
def amend_page(request: Request, period: str) -> Response:
    return _amend_page(request, Period.parse(period))


def _amend_page(request: Request, period: Period, *, error: str = "", status: int = 200) -> Response:
    lang = request_lang(request)
    with common.ledger_of(request) as ledger:
        if not ledger.filings(period):
            return common.redirect(common.url(request, f"/returns/{period}"))
        writable = ledger.writable
        try:
            prepared = amendment(ledger, period, common.today())
        except (InputError, DeclarationError) as exc:  # nothing changed, too late: said on the page
            return common.render(
                request,
                "amend.html",
                active="returns",
                status=status,
                title=t("page.return.amend_title", lang, period=str(period)),
                period=str(period),
                ret=None,
                note=exc.render(lang),
                trace=[],
                form_error=error,
                writable=writable,
            )
        trace = explanation(ledger, prepared)
    shown_return = shown(prepared, lang) if prepared.declaration is not None else None
    note = (
        "" if shown_return is not None else " ".join(w.text(lang) for w in prepared.warnings) or prepared.note
    )
    return common.render(
        request,
        "amend.html",
        active="returns",
        title=t("page.return.amend_title", lang, period=str(period)),
        status=status,
        period=str(period),
        ret=shown_return,
        note=note,
        trace=trace,
        form_error=error,
        writable=writable,
    )


@common.page(router, "/returns/{period}/amend/download/{fmt}")
def amend_file(request: Request, period: str, fmt: str) -> Response:
    chosen = Period.parse(period)
    if fmt not in FORMATS:
        raise not_found(fmt)
    with common.ledger_of(request) as ledger:
        prepared = amendment(ledger, chosen, common.today())
        if prepared.declaration is None:
            raise not_found(f"{period} {fmt}")
        data = amendment_file(ledger, chosen, common.today(), fmt)
        name = file_name(ledger, chosen, prepared.declaration.form.code, "B", fmt)
    return _file(request, data, fmt, name)


@common.page(router, "/returns/{period}/amend", methods=("POST",))
async def amend_post(request: Request, period: str) -> Response:
    chosen = Period.parse(period)
    form = await request.form()
    deps.check_csrf(request, _text(form.get("csrf")))
    return await run_in_threadpool(
        _amend, request, chosen, form.get("confirm") == "1", _text(form.get("sha"))
    )


def _amend(request: Request, period: Period, confirmed: bool, sha: str) -> Response:
    lang = request_lang(request)
    if not confirmed:
        return _amend_page(request, period, error=t("page.return.need_confirm", lang), status=422)
    with common.ledger_of(request, write=True) as ledger:
        record = record_amendment(ledger, period, common.today(), sha)
    if record is None:
        return _amend_page(request, period, error=t("page.return.changed", lang), status=409)
    return common.redirect(common.url(request, f"/returns/{period}", amended=record.seq))

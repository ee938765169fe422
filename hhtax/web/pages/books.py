"""The books: the required set with the reasons, each as an HTML table (paged) and as XLSX / PDF."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hhtax.books.layout import book_codes, find_code
from hhtax.errors import InputError
from hhtax.i18n import t
from hhtax.periods import Period
from hhtax.web.pages import common
from hhtax.web.pages.view_books import DOWNLOADS, book_page, books_view, default_year, describe, download_name
from hhtax.web.problems import not_found, request_lang

router = APIRouter()


def _period(request: Request, default: int) -> tuple[Period, str]:
    """The period of `?period=` (default: the ledger's latest year) and the error of a bad one."""
    text = request.query_params.get("period", "").strip()
    if not text:
        return Period.of_year(default), ""
    try:
        return Period.parse(text), ""
    except InputError as exc:
        return Period.of_year(default), t(
            "page.journal.bad_period", request_lang(request), detail=exc.msg.render(request_lang(request))
        )


def _code(code: str) -> str:
    try:
        canonical = find_code(code)
    except InputError:
        raise not_found(code) from None
    if canonical not in book_codes():
        raise not_found(code)
    return canonical


@common.page(router, "/books")
def books(request: Request) -> Response:
    lang = request_lang(request)
    with common.ledger_of(request) as ledger:
        period, error = _period(request, default_year(ledger, common.today()))
        listing = books_view(ledger, period, lang)
    return common.render(
        request,
        "books.html",
        active="books",
        title=t("page.books.title", lang),
        status=422 if error else 200,
        period=str(period),
        error=error,
        books=listing,
    )


@common.page(router, "/books/{code}")
def book(request: Request, code: str) -> Response:
    lang = request_lang(request)
    canonical = _code(code)
    page_text = request.query_params.get("page", "0")
    page = int(page_text) if page_text.isdigit() and len(page_text) < 9 else 0
    with common.ledger_of(request) as ledger:
        period, error = _period(request, default_year(ledger, common.today()))
        shown = book_page(ledger, canonical, period, page)
        header = describe(shown.book)
    return common.render(
        request,
        "book.html",
        active="books",
        title=f"{canonical} · {period}",
        status=422 if error else 200,
        error=error,
        code=canonical,
        period=str(period),
        shown=shown,
        header=header,
        lang_note=lang,
    )


@common.page(router, "/books/{code}/{fmt}")
def book_file(request: Request, code: str, fmt: str) -> Response:
    canonical = _code(code)
    if fmt not in DOWNLOADS:
        raise not_found(fmt)
    with common.ledger_of(request) as ledger:
        period, _ = _period(request, default_year(ledger, common.today()))
        data = ledger.book(canonical, period, fmt)
        name = download_name(ledger, canonical, period, fmt)
    return Response(
        data,
        media_type=DOWNLOADS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )

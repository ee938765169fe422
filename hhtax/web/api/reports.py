"""What the ledger says: status (the home figures), duties, the assessment with its trace, the
books, and the integrity check."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from hhtax.api import BOOK_FORMATS
from hhtax.web.api.common import Lang, LedgerTarget, OnDate, PeriodText, parse_period
from hhtax.web.api.models import AssessmentOut, BookRef, BooksOut, DutiesOut, StatusOut, VerifyOut

router = APIRouter()

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
Year = Annotated[int | None, Query(ge=2000, le=2999, description="The year; default the year of `on`.")]


@router.get("/status", response_model=StatusOut, tags=["status"], summary="Home figures")
def status(target: LedgerTarget, lang: Lang, year: Year = None, on: OnDate = None) -> dict[str, Any]:
    """Who, regime, the year's revenue against the 1 bn threshold, group and method, the books to
    keep, overdue returns first and what is due next (`hhtax status --json`)."""
    with target.open() as ledger:
        data = ledger.status(year=year, on=on, lang=lang)
    data.pop("ledger", None)  # the server's path of the file: not the client's business
    return data


@router.get("/duties", response_model=DutiesOut, tags=["status"], summary="Returns due and overdue")
def duties(target: LedgerTarget, year: Year = None, on: OnDate = None) -> dict[str, Any]:
    """The year's returns and notices on `on`: overdue ones with days late and interest, what is due
    next, every deadline marked filed or not (`hhtax due --json`)."""
    with target.open() as ledger:
        return ledger.duties(year, on=on).to_dict()


@router.get("/assessment/{period}", response_model=AssessmentOut, tags=["tax"], summary="Tax of a period")
def assessment(target: LedgerTarget, period: PeriodText, lang: Lang) -> dict[str, Any]:
    """VAT and PIT for the period, figure by figure, each with its formula, inputs and legal
    reference (`trace`), and the same explanation as text in `lang` (`explanation`)."""
    from hhtax.tax.explain import display_names, explain, to_dict

    with target.open() as ledger:
        result = ledger.assess(parse_period(period))
        names = display_names(ledger.household, ledger.rules, result.period.end, lang)
    return {**to_dict(result), "explanation": explain(result, lang, names)}


@router.get("/books", response_model=BooksOut, tags=["books"], summary="Books to keep")
def books(target: LedgerTarget, lang: Lang,
          period_text: Annotated[str, Query(alias="period", description="A period: 2026-Q1, 2026-03, 2026.",
                                            examples=["2026"])]) -> BooksOut:
    """The statutory books the household keeps for the period, each with the reason (TT 152/2025)."""
    with target.open() as ledger:
        required = ledger.required_books(period_text, lang=lang)
    return BooksOut(period=str(parse_period(period_text)), formats=list(MEDIA_TYPES),
                    books=[BookRef(code=code, reason=reason) for code, reason in required])


@router.get("/books/{code}", tags=["books"], summary="A book as a file",
            responses={200: {"content": {media: {} for media in MEDIA_TYPES.values()},
                             "description": "The book in the format asked for."}})
def book(target: LedgerTarget, code: str,
         period_text: Annotated[str, Query(alias="period", description="A period: 2026-Q1, 2026-03, 2026.")],
         format: Annotated[Literal["pdf", "xlsx", "csv", "json"], Query(description="File format.")] = "pdf",
         summary: Annotated[Literal["daily"] | None, Query(description="One row per day and group.")] = None,
         ) -> Response:
    """Book `code` (e.g. S2a-HKD) for the period, as PDF, XLSX, CSV (UTF-8) or JSON bytes: the same
    bytes `hhtax books CODE --format F` writes."""
    assert format in BOOK_FORMATS
    chosen = parse_period(period_text)
    with target.open() as ledger:
        data = ledger.book(code, chosen, format, summary=summary)
    name = re.sub(r"[^A-Za-z0-9._-]", "-", f"{code}_{chosen}.{format}")  # a header-safe file name
    return Response(data, media_type=MEDIA_TYPES[format],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/verify", response_model=VerifyOut, tags=["integrity"], summary="Check the ledger's integrity")
def verify(target: LedgerTarget, head: Annotated[str | None, Query(
        description="A chain head written down earlier (printed on every filed return): proves the "
                    "ledger's past up to it was not rewritten.")] = None) -> dict[str, Any]:
    """SQLite's integrity check, the entries' hash chain and the ledger log; `ok` false with the
    first findings when something was changed outside hhtax (`hhtax verify --json`)."""
    with target.open() as ledger:
        report = ledger.verify(head=head)
    data = report.as_dict()
    data.pop("ledger", None)  # the server's path of the file: not the client's business
    return data

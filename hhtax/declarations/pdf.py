"""The printed declaration: `render_pdf(decl)` draws a return and its appendices in the official layout.

Layouts follow shared/law/xml-format.md §14: 01/CNKD of TT 40/2021 in A4 portrait (§14.1), the
2026 01/CNKD of TT 18/2026 in A4 landscape (§14.3), the revenue notice 01/TKN-CNKD in the TT 50/2026
printed layout with a note that its XML format is unverified (reading OQ-05), the finalisation
02/CNKD-TNCN-QTT in A4 landscape (reading OQ-26), and each appendix on its own pages in
landscape (01-2/BK-HĐKD, 01/BK-STK, 01/BK-HTK, PL_NQ142_GTGT, 01/KHBS and 01-1/KHBS). Each form is
numbered "Trang n/m" on its own. The same declaration always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from hhtax.declarations import pdf_appendices, pdf_qtt, pdf_tkn, pdf_tt18, pdf_tt40
from hhtax.declarations.leasing_model import BdsBody, TtsBody
from hhtax.declarations.model import (
    Declaration,
    TknBody,
    Tt18Body,
    Tt40Body,
)
from hhtax.declarations.pdf_canvas import A4, A4_LANDSCAPE, Document, Page
from hhtax.declarations.pdf_common import Flow, page_numbers
from hhtax.declarations.pdf_leasing import render_leasing
from hhtax.fonts import REGULAR


def render_pdf(decl: Declaration, ledger_head: tuple[str, int] | None = None) -> bytes:
    """The declaration as a PDF file: the main form, then each appendix starting on a new page.
    `ledger_head` (the journal's chain head and the last entry it covers) is printed at the foot of
    every page, so that `hhtax verify --head` can later prove the return's past unchanged."""
    doc = Document(title=f"{decl.form.code} - {decl.period.label_vi}", author=decl.taxpayer.name)
    body = decl.body
    if isinstance(body, TtsBody | BdsBody):  # 01/TTS, 01/BĐS and their appendix: pdf_leasing
        render_leasing(doc, decl)
    elif isinstance(body, Tt40Body):
        pdf_tt40.render(Flow(doc, A4), decl, body)
    elif isinstance(body, Tt18Body):
        pdf_tt18.render(Flow(doc, A4_LANDSCAPE), decl, body)
    elif isinstance(body, TknBody):
        pdf_tkn.render(Flow(doc, A4_LANDSCAPE), decl, body)
    else:
        pdf_qtt.render(Flow(doc, A4_LANDSCAPE), decl, body)
    if not isinstance(body, TtsBody | BdsBody):  # the leasing forms number their own pages
        page_numbers(doc.pages, decl.form.code)
    for appendix in decl.appendices:
        pdf_appendices.render(doc, decl, appendix)
    if decl.explanation is not None:  # a correction the XML cannot explain (OQ-23; 1244/1245)
        # Printed only, never in the XML: no note about an unverified XML format on these pages.
        shown = replace(decl.explanation, form=replace(decl.explanation.form, verified=True),
                        interest_form=replace(decl.explanation.interest_form, verified=True))
        pdf_appendices.render(doc, decl, shown)
    if ledger_head is not None:
        stamp_ledger_head(doc.pages, *ledger_head)
    return doc.to_bytes()


def stamp_ledger_head(pages: Sequence[Page], head: str, entry: int) -> None:
    """The ledger's chain head in small print at the bottom left of every page (docs/security.md)."""
    line = f"Mã kiểm chứng sổ nhật ký (đến bút toán số {entry}): {head}"
    for page in pages:
        page.text(20, page.height - 6, line, REGULAR, 5)

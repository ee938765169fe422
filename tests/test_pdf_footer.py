"""The signature footer never stands alone on a page (issue 13 §7): when it does not fit, the last
part drawn before it (or else the last table row) moves to the next page with it."""

from __future__ import annotations

import shutil
import subprocess

import pdf_samples as samples
import pytest

from hhtax.declarations.pdf_canvas import A4_LANDSCAPE, Document
from hhtax.declarations.pdf_common import (
    SIZE,
    Flow,
    Head,
    Row,
    Table,
    closing,
    section,
    table,
)

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _pages_text(data: bytes) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                         check=True)
    return out.stdout.decode("utf-8").split("\f")


def _filled(rows: int, *, last_part: bool) -> Document:
    """A landscape page nearly full of lines, then (optionally) a short last part, then the footer."""
    doc = Document()
    flow = Flow(doc, A4_LANDSCAPE)
    while flow.y + SIZE * 1.32 < flow.bottom - 90:  # room for the last part, not for the footer
        flow.lines(["Dòng nội dung của tờ khai"])
    if last_part:
        section(flow, "C. PHẦN CUỐI CỦA TỜ KHAI")
        flow.lines(["[28] Đề nghị bù trừ: 0"])
    else:
        head = (Head("STT", 0, 0), Head("Chỉ tiêu", 0, 1))
        flow.y = flow.bottom - 60
        body = tuple(Row((str(i), f"Hàng {i}")) for i in range(1, rows + 1))
        table(flow, Table((10, 90), "cl", head, body))
    closing(flow, samples.tt18(), pledge="Tôi cam đoan những nội dung kê khai trên là đúng./.", hint="(Ký)")
    return doc


@needs_poppler
def test_last_part_moves_with_the_footer() -> None:
    pages = _pages_text(_filled(0, last_part=True).to_bytes())
    assert len([p for p in pages if p.strip()]) == 2
    signature = next(page for page in pages if "NGƯỜI NỘP THUẾ hoặc" in page)
    assert "C. PHẦN CUỐI CỦA TỜ KHAI" in signature and "[28] Đề nghị bù trừ" in signature
    assert "C. PHẦN CUỐI" not in pages[0]


@needs_poppler
def test_last_table_row_moves_when_the_part_began_on_an_earlier_page() -> None:
    pages = _pages_text(_filled(3, last_part=False).to_bytes())
    signature = next(page for page in pages if "NGƯỜI NỘP THUẾ hoặc" in page)
    assert "Hàng 3" in signature or "Hàng" in signature


def test_footer_page_is_never_only_the_footer() -> None:
    """Without poppler: the page that receives the footer also received the moved drawing."""
    doc = _filled(0, last_part=True)
    assert len(doc.pages) == 2
    assert doc.pages[1].content().startswith(b"q 1 0 0 1 0 ")  # the moved part comes first


@needs_poppler
@pytest.mark.parametrize("make", [samples.tt40, samples.tt18, samples.tkn])
def test_samples_keep_the_signature_with_content(make: object) -> None:
    from hhtax.declarations.pdf import render_pdf

    assert callable(make)
    for page in _pages_text(render_pdf(make())):
        if "NGƯỜI NỘP THUẾ hoặc" in page:
            before = page.split("Tôi cam đoan")[0] if "Tôi cam đoan" in page else page.split("NHÂN VIÊN")[0]
            assert before.strip(), "a signature footer alone on its page"

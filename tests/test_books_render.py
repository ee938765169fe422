"""Rendering: a golden CSV of S2a-HKD, the PDF's text (pdftotext: diacritics intact), the XLSX read
back from its sheet XML, JSON parsed back, and same input → same bytes for every format."""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from hhtax.books import build_book
from hhtax.books.model import Book
from hhtax.books.output import write_all, write_book_file, write_text
from hhtax.books.render_pdf import write_pdf
from hhtax.books.render_xlsx import write_xlsx
from hhtax.model import Entry
from hhtax.periods import Period
from hhtax.rules import load_rules
from tests.test_books_support import MemoryLedger, household, sale

RULES = load_rules()
GOLDEN = Path(__file__).parent / "golden_books"
Q1 = Period.parse("2026-Q1")


def ledger() -> MemoryLedger:
    entries = [
        sale(date(2026, 1, 5), 350_000_000, "goods", doc="HD001",
             description="Bán buôn gạo cho Công ty Hòa Bình"),
        sale(date(2026, 2, 10), 420_000_000, "services", doc="HD002",
             description="Dịch vụ sửa chữa điện lạnh"),
        Entry(date=date(2026, 2, 12), kind="sale_return", amount=5_000_000, line="goods", doc="TL001",
              description="Khách trả lại hàng lỗi"),
        sale(date(2026, 3, 28), 600_000_000, "goods", doc="HD003", payment="bank:vcb",
             item="Gạo tám thơm", qty=Decimal("12500"), unit="kg"),
        Entry(date=date(2026, 1, 3), kind="purchase", amount=300_000_000, doc="MH01", item="Gạo tám thơm",
              qty=Decimal("20000"), unit="kg", category="goods", payment="bank:vcb"),
    ]
    return MemoryLedger(household(groups=("goods", "services"), prior_year_revenue=3_000_000_000), entries)


def text_of(book: Book, fmt: str) -> str:
    stream = io.StringIO()
    write_text(book, fmt, stream)
    return stream.getvalue()


def test_s2a_csv_matches_the_golden_file() -> None:
    produced = text_of(build_book("S2a-HKD", ledger(), Q1, RULES), "csv")
    golden = GOLDEN / "S2a-HKD_2026-Q1.csv"
    if os.environ.get("HHTAX_REGEN_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_json_reads_back_with_the_same_figures() -> None:
    book = build_book("S2d-HKD", ledger(), Q1, RULES)
    data = json.loads(text_of(book, "json"))
    assert data["code"] == "S2d-HKD"
    assert data["header"]["form"] == "Mẫu số S2d-HKD"
    closing = data["sections"][0]["rows"][-1]["cells"]
    assert closing == {"description": "Số dư cuối kỳ", "bal_qty": "7500", "bal_value": 112_500_000}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_keeps_the_vietnamese_letters(tmp_path: Path) -> None:
    path = tmp_path / "s2a.pdf"
    write_book_file(build_book("S2a-HKD", ledger(), Q1, RULES), "pdf", path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    for expected in ("SỔ DOANH THU BÁN HÀNG HÓA, DỊCH VỤ", "Mẫu số S2a-HKD", "Kỳ kê khai: Quý 1 năm 2026",
                     "Thông tư số 152/2025/TT-BTC", "Đơn vị tính: đồng", "Bán buôn gạo cho Công ty Hòa Bình",
                     "NGƯỜI ĐẠI DIỆN HỘ KINH DOANH/CÁ NHÂN KINH DOANH", "Thuế GTGT", "945.000.000",
                     "Nguyễn Văn Á"):
        assert expected in text, expected


def _sheet_cells(data: bytes, sheet: int) -> dict[str, str]:
    """Cell reference → text of one worksheet from the XLSX zip (inline or shared strings)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        shared = archive.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in \
            archive.namelist() else ""
        strings = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", shared, re.S)]
        sheet_xml = archive.read(f"xl/worksheets/sheet{sheet}.xml").decode()
        names = archive.read("xl/workbook.xml").decode()
    cells: dict[str, str] = {"__names__": ",".join(re.findall(r'<sheet name="([^"]+)"', names))}
    for ref, attrs, body in re.findall(r'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>(.*?)</c>)', sheet_xml, re.S):
        inline = re.search(r"<t[^>]*>(.*?)</t>", body or "", re.S)
        value = re.search(r"<v>(.*?)</v>", body or "")
        if inline is not None:
            cells[ref] = html.unescape(inline.group(1))
        elif value is not None:
            cells[ref] = strings[int(value.group(1))] if 't="s"' in attrs else value.group(1)
    cells["__frozen__"] = "yes" if 'state="frozen"' in sheet_xml else "no"
    return cells


def test_xlsx_reads_back(tmp_path: Path) -> None:
    source = ledger()
    books = [build_book(code, source, Q1, RULES) for code in ("S2a-HKD", "S2d-HKD")]
    stream = io.BytesIO()
    write_xlsx(books, stream)
    first = _sheet_cells(stream.getvalue(), 1)
    assert first["__names__"] == "S2a-HKD,S2d-HKD"
    assert first["__frozen__"] == "yes"
    assert first["A1"] == "HỘ, CÁ NHÂN KINH DOANH: Cửa hàng Á"
    assert "SỔ DOANH THU BÁN HÀNG HÓA, DỊCH VỤ" in first.values()
    assert "945000000" in first.values() or "420000000" in first.values()
    with zipfile.ZipFile(stream) as archive:
        styles = archive.read("xl/styles.xml").decode()
    assert 'formatCode="#,##0"' in styles


def test_same_book_same_bytes(tmp_path: Path) -> None:
    for fmt in ("csv", "json", "table", "xlsx", "pdf"):
        outputs = []
        for attempt in range(2):
            path = tmp_path / f"{attempt}.{fmt}"
            write_book_file(build_book("S2a-HKD", ledger(), Q1, RULES), fmt, path)
            outputs.append(path.read_bytes())
        assert outputs[0] == outputs[1], fmt


def test_write_all_writes_a_workbook_and_a_pdf_per_book(tmp_path: Path) -> None:
    source = ledger()
    books = [build_book(code, source, Q1, RULES) for code in ("S2a-HKD", "S1a-HKD")]
    written = write_all(books, "0314409058", "2026-Q1", tmp_path)
    assert [p.name for p in written] == ["0314409058_books_2026-Q1.xlsx", "0314409058_S2a-HKD_2026-Q1.pdf",
                                         "0314409058_S1a-HKD_2026-Q1.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    book = build_book("S2a-HKD", ledger(), Q1, RULES)
    broken = Book(**{**book.__dict__, "columns": book.columns[:-1]})  # rows no longer fit the columns
    with pytest.raises(ValueError):
        write_book_file(broken, "pdf", tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []
    stream = io.BytesIO()
    write_pdf(book, stream)
    assert stream.getvalue().startswith(b"%PDF")


def test_csv_and_xlsx_never_carry_formulas(tmp_path: Path) -> None:
    hostile = sale(date(2026, 1, 9), 1_000, "goods", doc="@SUM(1)", description="=HYPERLINK(\"x\")")
    ledger = MemoryLedger(household(name="=cmd|' /C calc'!A0"), [hostile])
    book = build_book("S2a-HKD", ledger, Q1, RULES)
    produced = text_of(book, "csv")
    assert "'@SUM(1)" in produced and "'=HYPERLINK" in produced
    stream = io.BytesIO()
    write_xlsx([book], stream)
    with zipfile.ZipFile(stream) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_pdf_wraps_or_cuts_text_of_any_length() -> None:
    """A 6,000-character description and a 10,000-character household name used to stop the PDF
    (reportlab LayoutError); now long text wraps inside its column and is cut with "…"."""
    from pypdf import PdfReader

    long_text = "Hàng " + "rất dài " * 490  # near FIELD_LIMIT, the longest text an entry may have
    entries = [sale(date(2026, 1, 5), 1_000_000, "goods", doc="HD001", description=long_text),
               sale(date(2026, 1, 6), 2_000_000, "goods", doc="HD002", description="x" * 4000)]
    profile = household(groups=("goods",), prior_year_revenue=3_000_000_000).model_copy(
        update={"shop_name": "Tạp hóa " + "Ánh " * 990})
    book = build_book("S2a-HKD", MemoryLedger(profile, entries), Q1, RULES)
    buffer = io.BytesIO()
    write_pdf(book, buffer)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages)
    assert text.count("…") >= 3  # the name and both descriptions were cut
    assert "1.000.000" in text and "2.000.000" in text

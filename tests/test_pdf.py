"""The printed declarations (xml-format.md §14): layout text, numbers, determinism, page breaks."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pdf_samples as samples
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hhtax.declarations.model import (
    BkHdkd,
    BkHtk,
    BkStk,
    Declaration,
    Place,
    Taxpayer,
    Tt18Body,
    Tt18Row,
    Tt40Body,
    Tt40Row,
)
from hhtax.declarations.pdf import render_pdf
from hhtax.declarations.pdf_canvas import Document
from hhtax.declarations.pdf_common import quantity
from hhtax.fonts import REGULAR
from hhtax.money import format_vnd
from hhtax.periods import Period

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def pdf_text(data: bytes, *, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode("utf-8")


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", "-"], input=data, capture_output=True,
                         check=True).stdout.decode()
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


@pytest.fixture(scope="module")
def tt40_pdf() -> bytes:
    return render_pdf(samples.tt40())


@pytest.fixture(scope="module")
def tt18_pdf() -> bytes:
    return render_pdf(samples.tt18(supplementary=True))


# -- content ---------------------------------------------------------------------------------------

@needs_poppler
def test_tt40_boxes_and_totals(tt40_pdf: bytes) -> None:
    text = pdf_text(tt40_pdf)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Mẫu số: 01/CNKD",
                     "Thông tư số 40/2021/TT-BTC", "TỜ KHAI THUẾ ĐỐI VỚI HỘ KINH DOANH, CÁ NHÂN KINH DOANH",
                     "HKD, CNKD nộp thuế theo phương pháp kê khai",
                     "[01c] Quý 2 năm 2025 (từ tháng 04/2025 đến tháng 06/2025)", "Nguyễn Thị Hương",
                     "Tạp hoá Hương Quê", "001085012345", "35,5 m²", "Đơn vị tiền: Đồng Việt Nam",
                     "KÊ KHAI THUẾ GIÁ TRỊ GIA TĂNG (GTGT), THUẾ THU NHẬP CÁ NHÂN (TNCN)",
                     "Tôi cam đoan số liệu khai trên là đúng", "NGƯỜI NỘP THUẾ hoặc",
                     "Thành phố Hà Nội, ngày 20 tháng 07 năm 2025"):
        assert expected in text, expected
    for box in [*(f"[{n:02d}]" for n in range(1, 37)), "[08a]", "[09a]", "[12a]", "[12đ]", "[18k]"]:
        assert box in text, box
    table = pdf_text(tt40_pdf, layout=True)
    total_line = next(line for line in table.splitlines() if "[32]" in line)
    assert re.findall(r"[\d.]{5,}", total_line) == ["474.650.000", "7.146.500", "474.650.000", "3.573.250"]
    goods_line = next(line for line in table.splitlines() if "[28]" in line)
    assert "354.650.000" in goods_line and "3.546.500" in goods_line and "1.773.250" in goods_line


@needs_poppler
def test_tt40_ticks_the_declaration_method(tt40_pdf: bytes) -> None:
    lines = pdf_text(tt40_pdf, layout=True).splitlines()
    ticked = [line for line in lines if re.match(r"\s*X\s+HKD", line)]
    assert len(ticked) == 1 and "phương pháp kê khai" in ticked[0]


@needs_poppler
def test_bk_hdkd_appendix(tt40_pdf: bytes) -> None:
    text = pdf_text(tt40_pdf)
    assert "PHỤ LỤC" in text and "Mẫu số: 01-2/BK-HĐKD" in text
    assert "I. VẬT LIỆU, DỤNG CỤ, SẢN PHẨM, HÀNG HOÁ" in text and "II. CHI PHÍ QUẢN LÝ" in text
    for box in range(6, 32):
        assert f"[{box:02d}]" in text, box
    layout = pdf_text(tt40_pdf, layout=True)
    assert "38.000.000" in next(line for line in layout.splitlines() if "[31]" in line and "Tổng" in line)
    totals = next(line for line in layout.splitlines() if "Tổng cộng" in line and "361,5" in line)
    assert re.findall(r"\d[\d.,]*", totals) == ["361,5", "7.230.000", "900", "18.000.000", "750,75",
                                                "15.015.000", "510,75", "10.215.000"]


@needs_poppler
def test_tt40_page_orientation(tt40_pdf: bytes) -> None:
    sizes = page_sizes(tt40_pdf)
    assert sizes[0] == (595.28, 841.89)  # the return: A4 portrait
    assert sizes[-1] == (841.89, 595.28)  # the appendix: A4 landscape


@needs_poppler
def test_tt18_sections_totals_and_carry_forward(tt18_pdf: bytes) -> None:
    text = pdf_text(tt18_pdf)
    for expected in ("Kèm theo Thông tư số 18/2026/TT-BTC", "A. KÊ KHAI THÔNG TIN KINH DOANH, DOANH THU",
                     "Hoạt động kinh doanh tại địa điểm cố định",
                     "Trụ sở kinh doanh: 00001 - Tạp hoá Hương Quê; Số 12 phố Hàng Bạc",
                     "Địa điểm kinh doanh: 00002 - Quầy bán hàng chợ Đồng Xuân",
                     "Bạn còn được tiếp tục trừ 645.350.000 đồng vào doanh thu tính thuế TNCN của kỳ tiếp "
                     "theo",
                     "B. KÊ KHAI THUẾ TIÊU THỤ ĐẶC BIỆT", "D. HỖ TRỢ TỰ ĐỘNG THÔNG TIN NỘP THUẾ",
                     "[01b] Quý 2 năm 2026 (từ tháng 04/2026 đến tháng 06/2026)", "[03] Bổ sung lần thứ 1:",
                     "Tôi cam đoan những nội dung kê khai trên là đúng", "(Ký, ghi rõ họ tên/ Ký điện tử)"):
        assert expected in text, expected
    for box in set(range(1, 45)) - {19, 23, 27, 31}:  # the form has no boxes [19], [23], [27], [31]
        assert f"[{box:02d}]" in text, box
    layout = pdf_text(tt18_pdf, layout=True).splitlines()

    def numbers(box: str) -> list[str]:
        return re.findall(r"\d{1,3}(?:\.\d{3})+|\b0\b", next(line for line in layout if box in line))

    assert numbers("[16]") == ["1.150.000.000", "15.500.000", "1.150.000.000", "354.650.000", "5.976.750"]
    assert numbers("[17]") == ["0", "0"]
    assert numbers("[18]") == ["15.500.000", "5.976.750"]
    assert "21.476.750" in next(line for line in layout if "Tổng cộng" in line and "21.476.750" in line)


@needs_poppler
def test_tt18_appendices(tt18_pdf: bytes) -> None:
    text = pdf_text(tt18_pdf)
    for expected in ("Mẫu số: 01/BK-STK", "THÔNG BÁO SỐ TÀI KHOẢN/SỐ HIỆU VÍ ĐIỆN TỬ", "Ví điện tử MoMo",
                     "Mẫu số: 01/BK-HTK", "(Số liệu tại thời điểm 31/12/2025)", "26.400.000",
                     "Mẫu số: 01/NQ204", "GIẢM THUẾ GIÁ TRỊ GIA TĂNG THEO NGHỊ QUYẾT SỐ 142/2024/QH15",
                     "Mẫu số: 01/KHBS", "Số tiền chậm nộp", "20.250", "(tính đến ngày 15/09/2026)",
                     "Mẫu số: 01-1/KHBS", "BẢN GIẢI TRÌNH KHAI BỔ SUNG", "Bỏ sót hoá đơn bán hàng",
                     "chưa được cơ quan thuế xác nhận"):
        assert expected in text, expected
    # Statutory output is Vietnamese only, with single brackets (issue 13 §7).
    assert "unverified format" not in text and "[[" not in text
    layout = pdf_text(tt18_pdf, layout=True).splitlines()
    cut = next(line for line in layout if "Dịch vụ ăn uống" in line)
    assert re.findall(r"\S+", cut)[-4:] == ["200.000.000", "3", "2,4", "1.200.000"]
    assert all(width > height for width, height in page_sizes(tt18_pdf))


@needs_poppler
def test_revenue_notice_is_marked_unverified() -> None:
    text = pdf_text(render_pdf(samples.tkn()))
    for expected in ("Mẫu số: 01/TKN-CNKD", "THÔNG BÁO DOANH THU/TỜ KHAI THUẾ NĂM", "[01a] Năm 2026",
                     "chưa được cơ quan thuế xác nhận", "850.000.000", "[11]", "[13]",
                     "Số thuế nộp thừa đề nghị hoàn trả"):
        assert expected in text, expected


# -- text handling ---------------------------------------------------------------------------------

@needs_poppler
def test_decomposed_and_rare_characters() -> None:
    """NFD input is drawn as NFC; letters outside the fixed subset still extract; unknown ones print "?"."""
    name = unicodedata.normalize("NFD", "Trần Thị Ŵ Ǒanh 漢")
    decl = replace(samples.tkn(), taxpayer=Taxpayer(tax_code="001085012345", name=name))
    text = pdf_text(render_pdf(decl))
    assert "Trần Thị Ŵ Ǒanh ?" in text


_FIXED = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư")  # Latin-1 and Extended-A letters of Vietnamese
_VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"


@needs_poppler
@settings(max_examples=20, deadline=None)
@given(st.lists(st.text(alphabet=_VIETNAMESE + _VIETNAMESE.upper() + "0123456789.,:;()/-", min_size=1,
                        max_size=12), min_size=1, max_size=8))
def test_any_vietnamese_text_extracts_unchanged(words: list[str]) -> None:
    line = " ".join(words)
    doc = Document()
    doc.new_page().text(40, 60, line, REGULAR, 9)
    # pdftotext joins very short words ("a a" → "aa", also for reportlab's own output): compare letters
    assert pdf_text(doc.to_bytes()).replace(" ", "").strip() == line.replace(" ", "")


@needs_poppler
def test_more_than_one_extra_subset() -> None:
    """Latin Extended, Greek and Cyrillic letters (outside the fixed subset) need extra subsets."""
    ranges = ((0x100, 0x250), (0x391, 0x3CA), (0x410, 0x450))
    letters = [chr(c) for a, b in ranges for c in range(a, b) if chr(c).isalpha()]
    doc = Document()
    page = doc.new_page()
    lines = ["".join(letters[i:i + 60]) for i in range(0, len(letters), 60)]
    for n, text in enumerate(lines):
        page.text(20, 40 + n * 14, text, REGULAR, 8)
    data = doc.to_bytes()
    assert data.count(b"/Type /Font /Subtype /TrueType") == 1 + (len(set(letters) - _FIXED) + 254) // 255 > 2
    extracted = pdf_text(data).split()
    assert extracted == [unicodedata.normalize("NFC", text) for text in lines]


def test_document_without_extra_characters_embeds_three_fixed_subsets() -> None:
    data = render_pdf(samples.tt40())
    assert data.count(b"/Type /Font /Subtype /TrueType") == 3
    assert b"/ToUnicode" in data and b"/FontFile2" in data


# -- determinism -----------------------------------------------------------------------------------

@pytest.mark.parametrize("make", [samples.tt40, samples.tt18, samples.tkn])
def test_same_input_same_bytes(make: object) -> None:
    assert callable(make)
    first, second = render_pdf(make()), render_pdf(make())
    assert first == second
    assert first.startswith(b"%PDF-1.4") and first.rstrip().endswith(b"%%EOF")
    assert b"CreationDate" not in first and b"ModDate" not in first


def test_same_bytes_in_a_fresh_process() -> None:
    here = Path(__file__).parent
    code = ("import sys, hashlib; sys.path.insert(0, sys.argv[1]); import pdf_samples as s; "
            "from hhtax.declarations.pdf import render_pdf; "
            "print(hashlib.sha256(render_pdf(s.tt18(supplementary=True))).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code, str(here)], capture_output=True, check=True, text=True)
    assert out.stdout.strip() == hashlib.sha256(render_pdf(samples.tt18(supplementary=True))).hexdigest()


# -- page breaks -----------------------------------------------------------------------------------

@needs_poppler
def test_long_inventory_breaks_pages_and_repeats_the_header() -> None:
    data = render_pdf(samples.tt40(items=120))
    pages = pdf_text(data).split("\f")
    appendix = [page for page in pages if "01-2/BK-HĐKD - Trang" in page]
    assert len(appendix) >= 3
    with_rows = [page for page in appendix if "Mặt hàng số" in page]
    assert len(with_rows) >= 2
    assert all("Số dư đầu kỳ" in page and "[15]" in page for page in with_rows)
    assert f"01-2/BK-HĐKD - Trang {len(appendix)}/{len(appendix)}" in appendix[-1]
    assert "Mặt hàng số 120" in pdf_text(data)


# -- numbers ---------------------------------------------------------------------------------------

@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=3, allow_nan=False))
def test_quantity_format_reads_back(value: Decimal) -> None:
    text = quantity(value)
    assert Decimal(text.replace(".", "").replace(",", ".")) == value
    assert not text.endswith(",")


@needs_poppler
@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**11), min_size=4, max_size=4))
def test_any_revenue_prints_its_total(revenues: list[int]) -> None:
    rows = tuple(Tt40Row(box, r, r // 100, r, r // 200) for box, r in zip(("28", "29", "30", "31"), revenues,
                                                                            strict=True))
    decl: Declaration = replace(samples.tt40(), body=Tt40Body(rows), appendices=())
    layout = pdf_text(render_pdf(decl), layout=True)
    total = next(line for line in layout.splitlines() if "[32]" in line)
    assert format_vnd(sum(revenues)) in total
    assert format_vnd(sum(r // 200 for r in revenues)) in total


def test_blank_document_is_a_valid_pdf_skeleton() -> None:
    doc = Document("x")
    doc.new_page().text(10, 10, "Xin chào", REGULAR, 9)
    data = doc.to_bytes()
    xref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert data[xref:xref + 4] == b"xref"


@needs_poppler
def test_empty_appendices_month_period_and_income_method() -> None:
    """Blank tables print one empty row; the income method has no carry-forward sentence."""
    row = Tt18Row("services", "Dịch vụ, xây dựng không bao thầu nguyên vật liệu", "", 90_000_000, 4_500_000,
                  90_000_000, 0, 1_800_000)
    body = Tt18Body("income", per_occurrence=(Place(True, rows=(row,)),), platform_only=True)
    decl = replace(samples.tt18(), period=Period.month(2026, 7), body=body,
                   appendices=(BkStk(samples.BK_STK), BkHtk(samples.BK_HTK)))
    text = pdf_text(render_pdf(decl))
    assert "[01a] Tháng 07 năm 2026" in text and "Trụ sở kinh doanh" in text
    assert "Bạn còn được tiếp tục trừ" not in text
    assert "4.500.000" in text and "1.800.000" in text
    empty_bk = replace(samples.tt40(), appendices=(BkHdkd(samples.BK_HDKD),))
    assert "Mã chỉ tiêu tổng cộng" in pdf_text(render_pdf(empty_bk))

"""The printed 2026 01/CNKD of TT 18/2026/TT-BTC, A4 landscape (shared/law/xml-format.md §9.2, §14.3).

Part A lists revenue, VAT and PIT by section (I fixed place, II platforms without ordering and
payment, III per-occurrence coded invoices), place and industry group, with the 1 bn deduction in
column [14] (ND 68/2026 Art 4.3 as amended by ND 141/2026) and totals [16]–[18]; then the
carry-forward sentence, Parts B and C (printed with one blank row and their totals) and Part D,
the payment details ([35]–[44]).
"""

from __future__ import annotations

from hhtax.declarations.model import Declaration, Place, TknPlace, Tt18Body, Tt18Row, vn_date, vn_month
from hhtax.declarations.pdf_common import (
    Field,
    Flow,
    Head,
    Row,
    Table,
    amount,
    checkbox_lines,
    closing,
    field_line,
    heading,
    money_unit,
    section,
    table,
    title,
)
from hhtax.declarations.pdf_tt40 import kind_boxes
from hhtax.fonts import ITALIC
from hhtax.periods import PeriodKind

PLEDGE = ("Tôi cam đoan những nội dung kê khai trên là đúng và chịu trách nhiệm trước pháp luật về những nội "
          "dung đã khai./.")
SIGNATURE_HINT = "(Ký, ghi rõ họ tên/ Ký điện tử)"
_HKD = "Hộ kinh doanh, cá nhân kinh doanh"
SECTIONS = (
    ("I", "Hoạt động kinh doanh tại địa điểm cố định"),
    ("II", "Hoạt động kinh doanh trên nền tảng thương mại điện tử/nền tảng số không có chức năng đặt hàng và "
           "thanh toán"),
    ("III", "Hoạt động đã cấp hóa đơn điện tử có mã của cơ quan thuế theo từng lần phát sinh"),
)


def period_box(decl: Declaration) -> str:
    """Box [01]: [01a] month, [01b] quarter (with its months), [01c] per occurrence (§9.2)."""
    period = decl.period
    if period.kind is PeriodKind.MONTH:
        return f"[01a] Tháng {period.index:02d} năm {period.year}"
    first = vn_month(period.year, period.first_month)
    last = vn_month(period.year, period.last_month)
    if period.kind is PeriodKind.QUARTER:
        return f"[01b] Quý {period.index} năm {period.year} (từ tháng {first} đến tháng {last})"
    return f"[01c] Lần phát sinh: từ ngày {vn_date(period.start)} đến ngày {vn_date(period.end)}"


def carry_forward(body: Tt18Body) -> str:
    """The sentence under Part A giving the 1 bn deduction left for later periods (`soTienTruKyTiep`)."""
    return (f"Bạn còn được tiếp tục trừ {amount(body.deduction_left)} đồng vào doanh thu tính thuế TNCN "
            "của kỳ tiếp theo")


def render(flow: Flow, decl: Declaration, body: Tt18Body) -> None:
    """Lay out the whole return: heading, boxes [01]–[07], Parts A–D, pledge and footer."""
    heading(flow, decl.form)
    title(flow, decl.form.title, caption=decl.form.caption, unverified=not decl.form.verified)
    checkbox_lines(flow, [
        (f"{_HKD} thuộc đối tượng nộp thuế TNCN trên doanh thu tính thuế", body.method == "revenue"),
        (f"{_HKD} thuộc đối tượng nộp thuế TNCN trên thu nhập tính thuế", body.method == "income"),
        (f"{_HKD} chỉ kinh doanh trên nền tảng thương mại điện tử/nền tảng số không có chức năng đặt hàng và "
         "thanh toán", body.platform_only),
        (f"{_HKD} khai các loại thuế khác (thuế tiêu thụ đặc biệt, thuế tài nguyên, thuế/phí bảo vệ môi "
         "trường)", False),
        (f"{_HKD} đề nghị cấp hóa đơn điện tử có mã của cơ quan thuế theo từng lần phát sinh",
         bool(body.per_occurrence)),
    ])
    flow.gap(3)
    flow.lines([f"[01] Kỳ tính thuế: {period_box(decl)}"], align="centre")
    kind_boxes(flow, decl)
    tp = decl.taxpayer
    field_line(flow, [Field("04", "Người nộp thuế", tp.name)])
    field_line(flow, [Field("05", "Mã số thuế", tp.tax_code)])
    field_line(flow, [Field("06", "Tổ chức/cá nhân khai, nộp thuế thay theo ủy quyền (nếu có)")])
    field_line(flow, [Field("06.1", "Mã số thuế"),
                      Field("06.2", "Văn bản ủy quyền số …… ngày ……", dots=False)], indent=14)
    field_line(flow, [Field("07", "Tên đại lý thuế (nếu có)"), Field("07.1", "Mã số thuế")])
    money_unit(flow)
    section(flow, "A. KÊ KHAI THÔNG TIN KINH DOANH, DOANH THU")
    table(flow, part_a(body))
    if body.method == "revenue":  # the 1 bn deduction belongs to the revenue method (ND 68 Art 4.3)
        flow.gap(2)
        flow.lines([carry_forward(body)], font=ITALIC)
    section(flow, "B. KÊ KHAI THUẾ TIÊU THỤ ĐẶC BIỆT")
    table(flow, _part_b())
    section(flow, "C. KÊ KHAI THUẾ TÀI NGUYÊN, BẢO VỆ MÔI TRƯỜNG, PHÍ BẢO VỆ MÔI TRƯỜNG")
    table(flow, _part_c())
    section(flow, "D. HỖ TRỢ TỰ ĐỘNG THÔNG TIN NỘP THUẾ")
    table(flow, part_d(body))
    closing(flow, decl, pledge=PLEDGE, hint=SIGNATURE_HINT)


def place_label(place: Place | TknPlace) -> str:
    """"Trụ sở kinh doanh: mã - tên; địa chỉ" or "Địa điểm kinh doanh: mã - tên; địa chỉ"."""
    kind = "Trụ sở kinh doanh" if place.head_office else "Địa điểm kinh doanh"
    name = " - ".join(p for p in (place.code, place.name) if p)
    address = ", ".join(p for p in (place.address, place.ward, place.province) if p)
    return f"{kind}: {name}" + (f"; {address}" if address else "")


def _row(number: str, row: Tt18Row) -> Row:
    return Row((number, row.name, row.code, amount(row.vat_revenue), amount(row.vat), amount(row.pit_revenue),
                amount(row.deduction), amount(row.pit)))


def part_a(body: Tt18Body) -> Table:
    """Part A: columns [08]–[15] under "Thuế GTGT | Thuế TNCN", sections I–III, rows IV–VI."""
    head = (
        Head("STT", 0, 0, rows=2), Head("Nhóm ngành nghề", 0, 1, rows=2), Head("Mã chỉ tiêu", 0, 2, rows=2),
        Head("Thuế GTGT", 0, 3, cols=2), Head("Thuế TNCN", 0, 5, cols=3),
        Head("Doanh thu", 1, 3), Head("Số thuế phải nộp", 1, 4), Head("Doanh thu", 1, 5),
        Head("Doanh thu được trừ để xác định doanh thu tính thuế", 1, 6), Head("Số thuế phải nộp", 1, 7),
        *(Head(f"[{n:02d}]", 2, i) for i, n in enumerate(range(8, 16))),
    )
    rows: list[Row] = []
    sections = (body.fixed, body.platform, body.per_occurrence)
    for (number, label), places in zip(SECTIONS, sections, strict=True):
        rows.append(Row((number, label, "", "", "", "", "", ""), span=7, start=1, shade=True, bold=True))
        if not places:
            rows.append(Row(("", "", "", "", "", "", "", "")))
        for place in places:
            rows.append(Row(("", place_label(place), "", "", "", "", "", ""), span=7, start=1))
            rows += [_row(str(i), row) for i, row in enumerate(place.rows, start=1)]
    total = body.total
    rows.append(Row(("IV", "Tổng cộng", "[16]", amount(total.vat_revenue), amount(total.vat),
                     amount(total.pit_revenue), amount(total.deduction), amount(total.pit)), bold=True))
    rows.append(Row(("V", "Số thuế được miễn", "[17]", "", amount(body.exempt_vat), "", "",
                     amount(body.exempt_pit)), bold=True))
    rows.append(Row(("VI", "Số thuế còn phải nộp", "[18]", "", amount(body.payable_vat), "", "",
                     amount(body.payable_pit)), bold=True))
    return Table((4, 27, 6, 12.5, 11, 12.5, 14, 11), "clcrrrrr", head, tuple(rows))


def _other_tax_rows(boxes: tuple[str, str, str], columns: int, label_col: int) -> list[Row]:
    """A blank row, then "Tổng cộng", "Số thuế được miễn", "Số thuế còn phải nộp" with their boxes."""
    rows = [Row(("1",) + ("",) * (columns - 1))]
    for box, label in zip(boxes, ("Tổng cộng", "Số thuế được miễn", "Số thuế còn phải nộp"), strict=True):
        cells = ["", label] + [""] * (columns - 2)
        cells[label_col] = f"[{box}]"
        cells[-1] = "0"
        rows.append(Row(tuple(cells), bold=True))
    return rows


def _part_b() -> Table:
    """Part B (TTĐB), printed empty, with the 1240 viewer's captions."""
    captions = ("STT", "Hàng hóa, dịch vụ chịu thuế TTĐB", "Mã chỉ tiêu", "Đơn vị tính",
                "Doanh thu tính thuế TTĐB", "Thuế suất", "Số thuế phải nộp")
    head = tuple(Head(text, 0, i) for i, text in enumerate(captions))
    numbers = (*(f"({i + 1})" for i in range(6)), "(7)=(5)*(6)")
    head += tuple(Head(text, 1, i) for i, text in enumerate(numbers))
    return Table((5, 34, 9, 9, 18, 9, 16), "clccrcr", head, tuple(_other_tax_rows(("20", "21", "22"), 7, 2)))


def _part_c() -> Table:
    """Part C (resources, environmental tax and fee), printed empty, with the 1240 viewer's ten
    columns; the boxes [24]–[34] stand in the "Mã chỉ tiêu" column."""
    captions = ("STT", "Tài nguyên, hàng hóa, sản phẩm", "Trụ sở kinh doanh/Mã địa điểm kinh doanh",
                "Tên địa điểm kinh doanh", "Mã chỉ tiêu", "Đơn vị tính", "Sản lượng/Số lượng",
                "Giá tính thuế tài nguyên/mức thuế hoặc phí BVMT", "Thuế suất/Hệ số K tính phí BVMT",
                "Số thuế/phí phải nộp")
    head = tuple(Head(text, 0, i) for i, text in enumerate(captions))
    head += tuple(Head(f"({i + 1})", 1, i) for i in range(len(captions)))
    rows: list[Row] = []
    for number, label, boxes in (("I", "Khai thuế tài nguyên", ("24", "25", "26")),
                                 ("II", "Khai thuế bảo vệ môi trường", ("28", "29", "30")),
                                 ("III", "Khai phí bảo vệ môi trường đối với khai thác khoáng sản",
                                  ("32", "33", "34"))):
        rows.append(Row((number, label) + ("",) * 8, span=9, start=1, shade=True, bold=True))
        rows += _other_tax_rows(boxes, 10, 4)
    return Table((4, 17, 11, 13, 6, 6, 9, 13, 10, 11), "cllcclrrrr", head, tuple(rows))


def _coded(code: str, name: str) -> str:
    """"code - name" as the viewer prints a catalogue entry; either part alone when the other is empty."""
    return " - ".join(part for part in (code, name) if part)


def part_d(body: Tt18Body) -> Table:
    """Part D: one row per payment (place × tax × tiểu mục) and the total amount; captions as the 1240
    viewer prints them, "mã - tên" for the area and the offices."""
    captions = ("STT", "Mã địa điểm kinh doanh", "Nội dung các khoản nộp NSNN", "Số tiền", "Chương",
                "Tiểu mục", "Địa bàn hành chính", "Cơ quan thu", "Cơ quan thuế", "Hạn nộp thuế")
    head = tuple(Head(text, 0, i) for i, text in enumerate(captions))
    head += tuple(Head(f"[{n}]", 1, i) for i, n in enumerate(range(35, 45)))
    rows = [Row((str(i), p.location_code, p.content, amount(p.amount), p.chapter, p.sub_item,
                 _coded(p.area_code, p.area_name), _coded(p.collector_code, p.collector_name),
                 _coded(p.office_code, p.office_name), vn_date(p.due) if p.due else ""))
            for i, p in enumerate(body.payments, start=1)]
    if not rows:
        rows.append(Row(("",) * 10))
    total = amount(sum(p.amount for p in body.payments))
    rows.append(Row(("Tổng cộng", "", "", total, "", "", "", "", "", ""), bold=True, span=3))
    return Table((4, 8, 16, 10, 6, 6, 14, 14, 14, 8), "cclrcclllc", head, tuple(rows))

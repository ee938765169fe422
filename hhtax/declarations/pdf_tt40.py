"""The printed 01/CNKD of TT 40/2021/TT-BTC (App. II), A4 portrait (shared/law/xml-format.md §6.2, §14.1).

Boxes [01]–[36] as printed by the tax authority's 2.8.3 stylesheet (reading OQ-21 for [05]–[07]).
Part A carries the VAT and PIT of rows [28]–[31] and the total [32] (TT 40 Art 7, App. I); Parts B
and C are printed with one blank row and their totals, as the form has them.
"""

from __future__ import annotations

from hhtax.declarations.model import (
    ORIGINAL,
    TT40_METHOD_BOXES,
    Declaration,
    Tt40Body,
    Tt40Row,
    vn_month,
)
from hhtax.declarations.pdf_common import (
    Field,
    Flow,
    Head,
    Row,
    Table,
    amount,
    centred_checks,
    checkbox_lines,
    closing,
    field_line,
    heading,
    money_unit,
    section,
    table,
    title,
)
from hhtax.declarations.places import split_address
from hhtax.periods import PeriodKind

METHOD_LABELS = {
    "hkdcnkdnopthuekhoan": "HKD, CNKD nộp thuế theo phương pháp khoán",
    "cnkdnopps": "CNKD nộp thuế theo từng lần phát sinh",
    "tccnkhainopthay": "Tổ chức, cá nhân khai thuế thay, nộp thuế thay",
    "hkdcnkdnopkekhai": "HKD, CNKD nộp thuế theo phương pháp kê khai",
    "hkdcnkdnnxddoanhthu": ("HKD, CNKD trong lĩnh vực ngành nghề có căn cứ xác định được doanh thu theo xác "
                            "nhận của cơ quan chức năng"),
    "hkdchuyendoipptinhthue": "Hộ khoán chuyển đổi phương pháp tính thuế",
}
ROW_LABELS = {
    "28": ("1", "Phân phối, cung cấp hàng hóa"),
    "29": ("2", "Dịch vụ, xây dựng không bao thầu nguyên vật liệu"),
    "30": ("3", "Sản xuất, vận tải, dịch vụ có gắn với hàng hóa, xây dựng có bao thầu nguyên vật liệu"),
    "31": ("4", "Hoạt động kinh doanh khác"),
}
PLEDGE = ("Tôi cam đoan số liệu khai trên là đúng và chịu trách nhiệm trước pháp luật về những số liệu "
          "đã khai./.")
SIGNATURE_HINT = "(Chữ ký, ghi rõ họ tên; chức vụ và đóng dấu (nếu có)/Ký điện tử)"


def period_box(decl: Declaration) -> str:
    """Box [01] with the applicable sub-box filled (§6.2: [01a] year, [01b] month, [01c] quarter)."""
    period = decl.period
    first = vn_month(period.year, period.first_month)
    last = vn_month(period.year, period.last_month)
    if period.kind is PeriodKind.MONTH:
        return f"[01b] Tháng {period.index:02d} năm {period.year}"
    if period.kind is PeriodKind.QUARTER:
        return f"[01c] Quý {period.index} năm {period.year} (từ tháng {first} đến tháng {last})"
    return f"[01a] Năm {period.year} (từ tháng {first} đến tháng {last})"


def kind_boxes(flow: Flow, decl: Declaration) -> None:
    """"[02] Lần đầu: [X]   [03] Bổ sung lần thứ: [ ]" (with the number n for a supplementary return)."""
    first = decl.kind == ORIGINAL
    supplementary = "[03] Bổ sung lần thứ:" if first else f"[03] Bổ sung lần thứ {decl.seq}:"
    centred_checks(flow, [("[02] Lần đầu:", first), (supplementary, not first)])


def render(flow: Flow, decl: Declaration, body: Tt40Body) -> None:
    """Lay out the whole return: heading, taxpayer block, Parts A–C, pledge and footer."""
    heading(flow, decl.form)
    title(flow, decl.form.title, caption=decl.form.caption, unverified=not decl.form.verified)
    checkbox_lines(flow, [(METHOD_LABELS[box], box == body.method_box) for box in TT40_METHOD_BOXES])
    flow.gap(4)
    flow.lines([f"[01] Kỳ tính thuế: {period_box(decl)}"], align="centre")
    kind_boxes(flow, decl)
    _taxpayer(flow, decl)
    money_unit(flow)
    section(flow, "A. KÊ KHAI THUẾ GIÁ TRỊ GIA TĂNG (GTGT), THUẾ THU NHẬP CÁ NHÂN (TNCN)")
    table(flow, part_a(body))
    section(flow, "B. KÊ KHAI THUẾ TIÊU THỤ ĐẶC BIỆT (TTĐB)")
    table(flow, _part_b())
    section(flow, "C. KÊ KHAI THUẾ/PHÍ BẢO VỆ MÔI TRƯỜNG HOẶC THUẾ TÀI NGUYÊN")
    table(flow, _part_c())
    closing(flow, decl, pledge=PLEDGE, hint=SIGNATURE_HINT)


def _taxpayer(flow: Flow, decl: Declaration) -> None:
    tp = decl.taxpayer
    area = f"{tp.area_m2.normalize():f} m²".replace(".", ",") if tp.area_m2 is not None else ""
    lines = "; ".join(tp.business_lines)
    rows: list[tuple[list[Field], list[Field]]] = [
        ([Field("04", "Tên người nộp thuế", tp.name)], []),
        ([Field("05", "Tên cửa hàng/thương hiệu", tp.shop_name)], []),
        ([Field("06", "Tài khoản ngân hàng", tp.bank_account)], []),
        ([Field("07", "Mã số thuế", tp.tax_code)], []),
        ([Field("08", "Ngành nghề kinh doanh", lines)], [Field("08a", "Thay đổi thông tin", check=False)]),
        ([Field("09", "Diện tích kinh doanh", area)], [Field("09a", "Đi thuê", check=tp.rented)]),
        ([Field("10", "Số lượng lao động sử dụng thường xuyên",
                "" if tp.employees is None else str(tp.employees))], []),
        ([Field("11", "Thời gian hoạt động trong ngày từ …… giờ …… đến …… giờ ……", dots=False)], []),
        ([Field("12", "Địa chỉ kinh doanh", dots=False)], [Field("12a", "Thay đổi thông tin", check=False)]),
    ]
    for left, right in rows:
        field_line(flow, left, right=right)
    indent = 14.0
    for fields in (
        [Field("12b", "Số nhà, đường phố/xóm/ấp/thôn", tp.address)],
        [Field("12c", "Xã/phường/đặc khu", tp.ward)],
        [Field("12d", "Quận/Huyện/Thị xã/Thành phố thuộc tỉnh", tp.district)],
        [Field("12đ", "Tỉnh/Thành phố", tp.province)],
        [Field("12e", "Kinh doanh tại chợ biên giới", check=False)],
    ):
        field_line(flow, fields, indent=indent)
    field_line(flow, [Field("13", "Địa chỉ cư trú", dots=False)])
    home = split_address(tp.residence)
    field_line(flow, [Field("13a", "Số nhà, đường phố/xóm/ấp/thôn", home.street)], indent=indent)
    field_line(flow, [Field("13b", "Xã/phường/đặc khu", home.ward), Field("13c", "Quận/huyện"),
                      Field("13d", "Tỉnh/thành phố", home.province)], indent=indent)
    field_line(flow, [Field("14", "Điện thoại", tp.phone), Field("15", "Fax", tp.fax),
                      Field("16", "E-mail", tp.email)])
    field_line(flow, [Field("17", "Văn bản uỷ quyền (nếu có): …… ngày …… tháng …… năm ……", dots=False)])
    field_line(flow, [Field("18", "Trường hợp cá nhân kinh doanh chưa đăng ký thuế thì khai thêm các thông "
                                  "tin sau:", dots=False)])
    for fields in (
        [Field("18a", "Ngày sinh"), Field("18b", "Quốc tịch")],
        [Field("18c", "Số CMND/CCCD"), Field("18c.1", "Ngày cấp"), Field("18c.2", "Nơi cấp")],
        [Field("18d", "Số hộ chiếu"), Field("18d.1", "Ngày cấp"), Field("18d.2", "Nơi cấp")],
        [Field("18đ", "Số giấy thông hành"), Field("18đ.1", "Ngày cấp"), Field("18đ.2", "Nơi cấp")],
        [Field("18e", "Số CMND biên giới"), Field("18e.1", "Ngày cấp"), Field("18e.2", "Nơi cấp")],
        [Field("18f", "Số giấy tờ khác"), Field("18f.1", "Ngày cấp"), Field("18f.2", "Nơi cấp")],
        [Field("18g", "Nơi đăng ký thường trú")],
        [Field("18h", "Chỗ ở hiện tại")],
        [Field("18i", "Giấy chứng nhận đăng ký hộ kinh doanh: Số"), Field("18i.1", "Ngày cấp"),
         Field("18i.2", "Nơi cấp")],
        [Field("18k", "Vốn kinh doanh (đồng)")],
    ):
        field_line(flow, fields, indent=indent)
    field_line(flow, [Field("19", "Tên đại lý thuế (nếu có)")])
    field_line(flow, [Field("20", "Mã số thuế"),
                      Field("21", "Hợp đồng đại lý thuế: Số …… ngày ……", dots=False)])
    field_line(flow, [Field("22", "Tên của tổ chức khai thay (nếu có)")])
    field_line(flow, [Field("23", "Mã số thuế")])
    field_line(flow, [Field("24", "Địa chỉ")])
    field_line(flow, [Field("25", "Điện thoại"), Field("26", "Fax"), Field("27", "Email")])


def _row_cells(number: str, label: str, row: Tt40Row) -> tuple[str, ...]:
    return (number, label, f"[{row.box}]", amount(row.vat_revenue), amount(row.vat), amount(row.pit_revenue),
            amount(row.pit))


def part_a(body: Tt40Body) -> Table:
    """Part A: 7 columns under the two-level header "Thuế GTGT | Thuế TNCN" (§14.1 item 5)."""
    head = (
        Head("STT", 0, 0, rows=2), Head("Nhóm ngành nghề", 0, 1, rows=2), Head("Mã chỉ tiêu", 0, 2, rows=2),
        Head("Thuế GTGT", 0, 3, cols=2), Head("Thuế TNCN", 0, 5, cols=2),
        Head("Doanh thu (a)", 1, 3), Head("Số thuế (b)", 1, 4), Head("Doanh thu (c)", 1, 5),
        Head("Số thuế (d)", 1, 6),
    )
    rows = [Row(_row_cells(f"({ROW_LABELS[r.box][0]})", ROW_LABELS[r.box][1], r)) for r in body.rows]
    rows.append(Row(_row_cells("", "Tổng cộng:", body.total), bold=True))
    return Table((4, 30, 7, 15, 13, 15, 13), "clcrrrr", head, tuple(rows))


def _part_b() -> Table:
    captions = ("STT", "Hàng hoá, dịch vụ chịu thuế TTĐB", "Mã chỉ tiêu", "Đơn vị tính",
                "Doanh thu tính thuế TTĐB", "Thuế suất", "Số thuế")
    head = tuple(Head(text, 0, i) for i, text in enumerate(captions))
    head += tuple(Head(f"({i + 1})", 1, i) for i in range(len(captions)))
    rows = (Row(("1", "", "", "", "", "", "")),
            Row(("", "Tổng cộng", "[33]", "", "0", "", "0"), bold=True))
    return Table((5, 30, 9, 9, 18, 9, 18), "clccrcr", head, rows)


def _part_c() -> Table:
    captions = ("STT", "Tài nguyên, hàng hóa, sản phẩm", "Mã chỉ tiêu", "Đơn vị tính", "Sản lượng/ Số lượng",
                "Giá tính thuế tài nguyên/ mức thuế hoặc phí BVMT", "Thuế suất", "Số thuế")
    head = tuple(Head(text, 0, i) for i, text in enumerate(captions))
    head += tuple(Head(f"({i + 1})", 1, i) for i in range(len(captions)))
    rows: list[Row] = []
    for number, label, box in (("1", "Khai thuế tài nguyên", "34"),
                               ("2", "Khai thuế bảo vệ môi trường", "35"),
                               ("3", "Khai phí bảo vệ môi trường", "36")):
        rows.append(Row((number, label, "", "", "", "", "", ""), span=7, start=1, shade=True))
        rows.append(Row(("", "", "", "", "", "", "", "")))
        rows.append(Row(("", "Tổng cộng", f"[{box}]", "", "", "", "", "0"), bold=True))
    return Table((5, 25, 8, 8, 11, 18, 8, 17), "clcccrcr", head, tuple(rows))

"""The printed 02/CNKD-TNCN-QTT, the annual PIT finalisation under the income method (TT 18/2026/TT-BTC
mẫu 02/CNKD-TNCN-QTT; the layout the viewer prints for maTKhai 1244, shared/law/forms-more.md §1),
A4 landscape as the catalogue sets it.

[01] year, [02]/[03] first or supplementary, [04]–[10] taxpayer, filing on behalf and tax agent;
A. [11]–[18]; B. payment details [19]–[25]; C. the overpayment to refund [26]–[27.10] or offset [28];
pledge and signature.
"""

from __future__ import annotations

from dataclasses import replace

from hhtax.declarations.model import Declaration
from hhtax.declarations.model_qtt import QttBody
from hhtax.declarations.pdf_common import (
    Field,
    Flow,
    Head,
    Row,
    Table,
    amount,
    closing,
    field_line,
    heading,
    money_unit,
    section,
    table,
    title,
)
from hhtax.declarations.pdf_tt18 import PLEDGE, SIGNATURE_HINT
from hhtax.declarations.pdf_tt40 import kind_boxes
from hhtax.money import format_rate

FORM_NAME = "02/CNKD-TNCN-QTT"  # the form's printed number (TT 18/2026 form list; OQ-26)


def render(flow: Flow, decl: Declaration, body: QttBody) -> None:
    """Lay out the finalisation: heading, [01]–[10], Parts A–C, pledge and footer."""
    heading(flow, replace(decl.form, code=FORM_NAME))
    title(flow, decl.form.title, caption=decl.form.caption, unverified=not decl.form.verified)
    flow.lines([f"[01] Kỳ tính thuế: Năm {decl.period.year}"], align="centre")
    kind_boxes(flow, decl)
    tp = decl.taxpayer
    field_line(flow, [Field("04", "Tên người nộp thuế", tp.name)])
    field_line(flow, [Field("05", "Mã số thuế/Số định danh cá nhân", tp.tax_code)])
    field_line(flow, [Field("06", "Tổ chức/cá nhân khai, nộp thuế thay theo ủy quyền (nếu có)"),
                      Field("07", "Mã số thuế")])
    field_line(flow, [Field("08", "Văn bản ủy quyền (nếu có): Số …… ngày …… tháng …… năm ……", dots=False)])
    field_line(flow, [Field("09", "Tên đại lý thuế (nếu có)"), Field("10", "Mã số thuế")])
    section(flow, "A. KÊ KHAI THÔNG TIN TÍNH THUẾ")
    money_unit(flow)
    table(flow, part_a(body))
    section(flow, "B. HỖ TRỢ THÔNG TIN NỘP THUẾ")
    table(flow, part_b(body))
    section(flow, "C. ĐỀ NGHỊ XỬ LÝ KHOẢN NỘP THỪA")
    _part_c(flow, body)
    closing(flow, decl, pledge=PLEDGE, hint=SIGNATURE_HINT)


def part_a(body: QttBody) -> Table:
    """[11]–[18] with the relations the form prints."""
    head = tuple(Head(text, 0, i) for i, text in enumerate(("STT", "Chỉ tiêu", "Mã chỉ tiêu", "Số tiền")))
    rows = (
        Row(("1", "Doanh thu bán hàng hoá và cung cấp dịch vụ (bao gồm cả doanh thu từ hoạt động kinh doanh "
                  "trên nền tảng TMĐT)", "[11]", amount(body.revenue))),
        Row(("", "Trong đó: Doanh thu từ hoạt động trên nền tảng TMĐT do sàn TMĐT khấu trừ, nộp thay",
             "[11a]", amount(body.platform_revenue))),
        Row(("2", "Chi phí sản xuất, kinh doanh hàng hoá, dịch vụ", "[12]", amount(body.costs))),
        Row(("3", "Thu nhập tính thuế từ hoạt động sản xuất kinh doanh [13] = [11] - [12]", "[13]",
             amount(body.income))),
        Row(("4", "Thuế suất (%)", "[14]", format_rate(body.rate))),
        Row(("5", "Số thuế TNCN phải nộp [15] = [13] x [14]", "[15]", amount(body.pit)), bold=True),
        Row(("6", "Số thuế TNCN do sàn TMĐT đã khấu trừ", "[16]", amount(body.platform_pit))),
        Row(("7", "Thuế TNCN còn phải nộp [17] = [15] - [16] >= 0", "[17]", amount(body.to_pay)), bold=True),
        Row(("8", "Thuế TNCN nộp thừa [18] = [15] - [16] < 0", "[18]", amount(body.overpaid))),
    )
    return Table((6, 70, 10, 14), "clcr", head, rows)


def part_b(body: QttBody) -> Table:
    """[19] STT · [20] Mục · [21] Tiểu mục · [22] Số tiền · [23] Cơ quan thu · [24] Hạn nộp; total [25]."""
    captions = ("STT", "Mục", "Tiểu mục", "Số tiền", "Cơ quan thu", "Hạn nộp thuế")
    head = tuple(Head(text, 0, i) for i, text in enumerate(captions))
    head += tuple(Head(f"[{19 + i}]", 1, i) for i in range(len(captions)))
    rows = [Row((str(n), f"{p.section} - {p.section_name}", f"{p.sub_item} - {p.sub_item_name}",
                 amount(p.amount), p.collector, p.due.strftime("%d/%m/%Y") if p.due else ""))
            for n, p in enumerate(body.payments, start=1)] or [Row(("",) * 6)]
    rows.append(Row(("", "Tổng cộng [25]", "", amount(body.payments_total), "", ""), bold=True))
    return Table((5, 20, 30, 14, 19, 12), "cllrlc", head, tuple(rows))


def _part_c(flow: Flow, body: QttBody) -> None:
    """[26]–[27.10] refund (transfer or cash) and [28] offset against other periods."""
    refund = body.refund
    transfer = refund is not None and refund.transfer
    cash = refund is not None and not refund.transfer
    field_line(flow, [Field("26", "Thuế TNCN đề nghị hoàn trả", amount(refund.amount) if refund else "0")])
    field_line(flow, [Field("27", "Hình thức hoàn trả", dots=False)])
    indent = 14.0
    field_line(flow, [Field("27.1", "Chuyển khoản", check=transfer)], indent=indent)
    field_line(flow, [Field("27.2", "Tên chủ tài khoản", refund.holder if transfer and refund else ""),
                      Field("27.3", "Tài khoản số", refund.account if transfer and refund else ""),
                      Field("27.4", "Tại Ngân hàng (KBNN)", refund.bank if transfer and refund else "")],
               indent=indent)
    field_line(flow, [Field("27.5", "Tiền mặt", check=cash)], indent=indent)
    if cash and refund is not None:
        issued = refund.id_date.strftime("%d/%m/%Y") if refund.id_date else ""
        values = (refund.receiver, refund.id_number, issued, refund.id_place, refund.treasury)
    else:
        values = ("", "", "", "", "")
    field_line(flow, [Field("27.6", "Tên người nhận tiền", values[0]),
                      Field("27.7", "Số CCCD/Số định danh cá nhân/Số Hộ chiếu", values[1])], indent=indent)
    field_line(flow, [Field("27.8", "Ngày cấp", values[2]), Field("27.9", "Nơi cấp", values[3])],
               indent=indent)
    field_line(flow, [Field("27.10", "Nơi nhận tiền hoàn thuế: Kho bạc Nhà nước", values[4])], indent=indent)
    field_line(flow, [Field("28", "Đề nghị bù trừ nghĩa vụ thuế phải nộp các kỳ khác", amount(body.offset))])

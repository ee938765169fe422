"""The printed 2026 revenue notice 01/TKN-CNKD in the TT 50/2026 layout (xml-format.md §11, reading OQ-05).

A household with annual revenue at or under the threshold (ND 68/2026 Art 3.1, 4.1 as amended by
ND 141/2026) notifies its revenue only; tax withheld by platforms (ND 117/2025) is shown with the
overpayment it may ask back. The TT 50 layout is known from one source, so the form is marked
a Vietnamese note at the foot of its first page that the format is unverified.
"""

from __future__ import annotations

from hhtax.declarations.model import Declaration, TknBody, TknRow
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
from hhtax.declarations.pdf_tt18 import PLEDGE, SIGNATURE_HINT, place_label
from hhtax.declarations.pdf_tt40 import kind_boxes
from hhtax.periods import PeriodKind


def period_box(decl: Declaration) -> str:
    """Box [01]: [01a] year, [01b] first half, [01c] second half (TT 50 layout)."""
    period = decl.period
    if period.kind is PeriodKind.HALF:
        half = ("[01b] 6 tháng đầu năm", "[01c] 6 tháng cuối năm")[period.index - 1]
        return f"{half} {period.year}"
    return f"[01a] Năm {period.year}"


def render(flow: Flow, decl: Declaration, body: TknBody) -> None:
    """Lay out the notice: heading, [01]–[07], Part A [08]–[13], Part E, pledge and footer."""
    heading(flow, decl.form)
    title(flow, decl.form.title, caption=decl.form.caption, unverified=not decl.form.verified)
    flow.lines([f"[01] Kỳ tính thuế: {period_box(decl)}"], align="centre")
    kind_boxes(flow, decl)
    tp = decl.taxpayer
    field_line(flow, [Field("04", "Người nộp thuế", tp.name)])
    field_line(flow, [Field("05", "Mã số thuế", tp.tax_code)])
    field_line(flow, [Field("06", "Tổ chức/cá nhân khai, nộp thuế thay theo ủy quyền (nếu có)"),
                      Field("06.1", "Mã số thuế")])
    field_line(flow, [Field("07", "Tên đại lý thuế (nếu có)"), Field("07.1", "Mã số thuế")])
    money_unit(flow)
    section(flow, "A. XÁC ĐỊNH NGHĨA VỤ THUẾ GIÁ TRỊ GIA TĂNG (GTGT), THUẾ THU NHẬP CÁ NHÂN (TNCN)")
    table(flow, part_a(body))
    section(flow, "E. ĐỀ NGHỊ HOÀN TRẢ SỐ THUẾ NỘP THỪA")
    table(flow, part_e(body))
    closing(flow, decl, pledge=PLEDGE, hint=SIGNATURE_HINT)


def _head() -> tuple[Head, ...]:
    captions = ("STT", "Chỉ tiêu", "Mã chỉ tiêu", "Doanh thu", "Thuế GTGT", "Thuế TNCN")
    return tuple(Head(text, 0, i) for i, text in enumerate(captions)) + tuple(
        Head(f"({i + 1})", 1, i) for i in range(len(captions)))


def _group_rows(box: str, rows: tuple[TknRow, ...]) -> list[Row]:
    return [Row((row.row, row.name, f"[{box}{row.row}]", amount(row.revenue) if row.revenue else "", "", ""))
            for row in rows]


def part_a(body: TknBody) -> Table:
    """Rows [08] fixed places (by place, [08a]–[08e] by group), [09] platforms ([09a]–[09e]), [10]
    agents, [11] total, [12] exempt, [13] payable. A notice read back from XML has only the total,
    which then stands on [08] (OQ-05)."""
    platform = sum(r.revenue for r in body.platform)
    fixed = body.revenue - platform - body.agents if body.places else body.revenue
    fixed_label = "Doanh thu từ hoạt động kinh doanh tại địa điểm cố định"
    rows = [Row(("1", fixed_label, "[08]", amount(fixed), "", ""), bold=True)]
    for place in body.places:
        rows.append(Row(("", place_label(place), "", "", "", ""), span=5, start=1))
        rows += _group_rows("08", place.rows)
    rows.append(Row(("2", "Doanh thu từ hoạt động kinh doanh trên nền tảng thương mại điện tử/nền tảng số",
                     "[09]", amount(platform) if body.places else "", "", ""), bold=True))
    rows += _group_rows("09", body.platform)
    rows += [
        Row(("3", "Doanh thu từ hoạt động đại lý xổ số, đại lý bảo hiểm, bán hàng đa cấp", "[10]",
             amount(body.agents) if body.places else "", "", ""), bold=True),
        Row(("4", "Tổng cộng", "[11]", amount(body.revenue), amount(body.vat), amount(body.pit)), bold=True),
        Row(("5", "Số thuế được miễn", "[12]", "", "0", "0"), bold=True),
        Row(("6", "Số thuế phải nộp", "[13]", "", amount(body.vat_to_pay), amount(body.pit_to_pay)),
            bold=True),
    ]
    return Table((5, 50, 9, 16, 14, 14), "clcrrr", _head(), tuple(rows))


def part_e(body: TknBody) -> Table:
    """Tax withheld or paid provisionally, and the overpayment the household asks back."""
    head = tuple(Head(text, 0, i) for i, text in enumerate(("STT", "Chỉ tiêu", "Thuế GTGT", "Thuế TNCN")))
    rows = (
        Row(("1", "Số thuế đã được khấu trừ, đã tạm nộp", amount(body.withheld_vat),
             amount(body.withheld_pit))),
        Row(("2", "Số thuế nộp thừa đề nghị hoàn trả", amount(body.vat_overpaid), amount(body.pit_overpaid)),
            bold=True),
    )
    return Table((5, 59, 18, 18), "clrr", head, rows)

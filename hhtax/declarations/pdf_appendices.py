"""The printed appendices, each on its own landscape pages (shared/law/xml-format.md §7, §8, §10, §12, §14.2).

01-2/BK-HĐKD (TT 40/2021: inventory [06]–[23] and management costs [24]–[31]); 01/BK-STK and
01/BK-HTK (TT 18/2026; inventory at the day before regime B, ND 68/2026 Art 18.4); the VAT-cut
appendix PL_NQ142_GTGT (NQ 204/2025, ND 174/2025, reading OQ-07); the supplementary 01/KHBS and
01-1/KHBS (Law 38/2019 Art 47, late interest Art 59; reading OQ-23 for the 2026 return).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from hhtax.declarations.model import (
    LAYOUT_TT40,
    Appendix,
    BkHdkd,
    BkHtk,
    BkStk,
    Declaration,
    Khbs,
    StockRow,
    VatCut,
    vn_date,
)
from hhtax.declarations.pdf_canvas import A4_LANDSCAPE, Document
from hhtax.declarations.pdf_common import (
    SIZE,
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
    page_numbers,
    quantity,
    section,
    table,
    title,
)
from hhtax.declarations.pdf_tt18 import SIGNATURE_HINT as HINT_B
from hhtax.declarations.pdf_tt40 import PLEDGE, kind_boxes, period_box
from hhtax.declarations.pdf_tt40 import SIGNATURE_HINT as HINT_A
from hhtax.fonts import ITALIC
from hhtax.money import format_rate
from hhtax.periods import REGIME_B_START

COST_LABELS = (
    "Chi phí nhân công",
    "Chi phí điện",
    "Chi phí nước",
    "Chi phí viễn thông",
    "Chi phí thuê kho bãi, mặt bằng kinh doanh",
    "Chi phí quản lý (văn phòng phẩm, công cụ, dụng cụ…)",
    "Chi phí khác (hội nghị, công tác phí, thanh lý, nhượng bán tài sản cố định, thuê ngoài khác…)",
)


def render(doc: Document, decl: Declaration, appendix: Appendix) -> None:
    """Draw one appendix (two forms for the supplementary explanation), each numbered on its own."""
    hint = HINT_A if decl.layout == LAYOUT_TT40 else HINT_B
    parts: list[tuple[str, Callable[[Flow], None]]]
    if isinstance(appendix, Khbs):
        parts = [(appendix.interest_form.code, lambda flow: _khbs(flow, decl, appendix, hint)),
                 (appendix.form.code, lambda flow: _khbs_explanation(flow, decl, appendix, hint))]
    elif isinstance(appendix, BkHdkd):
        parts = [(appendix.form.code, lambda flow: _bk_hdkd(flow, decl, appendix, hint))]
    elif isinstance(appendix, BkStk):
        parts = [(appendix.form.code, lambda flow: _bk_stk(flow, decl, appendix, hint))]
    elif isinstance(appendix, BkHtk):
        parts = [(appendix.form.code, lambda flow: _bk_htk(flow, decl, appendix, hint))]
    else:
        parts = [(appendix.form.code, lambda flow: _vat_cut(flow, decl, appendix, hint))]
    for label, draw in parts:
        first = len(doc.pages)
        draw(Flow(doc, A4_LANDSCAPE))
        page_numbers(doc.pages[first:], label)


def _taxpayer_boxes(flow: Flow, decl: Declaration, first_box: int) -> None:
    """Name and tax code boxes numbered from `first_box` ([04], [05] on 01-2/BK-HĐKD; [01], [02] in 2026)."""
    tp = decl.taxpayer
    field_line(flow, [Field(f"{first_box:02d}", "Tên người nộp thuế", tp.name),
                      Field(f"{first_box + 1:02d}", "Mã số thuế", tp.tax_code)])


# -- 01-2/BK-HĐKD ---------------------------------------------------------------------------------

def _bk_hdkd(flow: Flow, decl: Declaration, bk: BkHdkd, hint: str) -> None:
    heading(flow, bk.form, appendix=True)
    title(flow, bk.form.title)
    flow.lines([f"[01] Kỳ tính thuế: {period_box(decl)}"], align="centre")
    kind_boxes(flow, decl)
    _taxpayer_boxes(flow, decl, 4)
    money_unit(flow)
    section(flow, "I. VẬT LIỆU, DỤNG CỤ, SẢN PHẨM, HÀNG HOÁ")
    table(flow, inventory_table(bk))
    section(flow, "II. CHI PHÍ QUẢN LÝ")
    rows = [Row((str(i), label, f"[{24 + i - 1}]", amount(value)))
            for i, (label, value) in enumerate(zip(COST_LABELS, bk.costs, strict=True), start=1)]
    rows.append(Row(("", "Tổng cộng", "[31]", amount(bk.cost_total)), bold=True))
    head = tuple(Head(t, 0, i) for i, t in enumerate(("STT", "Chỉ tiêu", "Mã chỉ tiêu", "Số tiền")))
    table(flow, Table((5, 70, 10, 15), "clcr", head, tuple(rows), size=SIZE - 1))
    closing(flow, decl, pledge=PLEDGE, hint=hint)


def inventory_table(bk: BkHdkd) -> Table:
    """Part I: [06]–[15] per item under "Số dư đầu kỳ | Nhập | Xuất | Tồn cuối kỳ"; totals [16]–[23]."""
    head = [Head("STT", 0, 0, rows=2), Head("Vật liệu, dụng cụ, sản phẩm, hàng hoá", 0, 1, rows=2),
            Head("Đơn vị tính", 0, 2, rows=2)]
    for i, group in enumerate(("Số dư đầu kỳ", "Nhập trong kỳ", "Xuất trong kỳ", "Tồn cuối kỳ")):
        head += [Head(group, 0, 3 + 2 * i, cols=2), Head("Số lượng", 1, 3 + 2 * i),
                 Head("Thành tiền", 1, 4 + 2 * i)]
    head += [Head("", 2, 0)] + [Head(f"[{n:02d}]", 2, i + 1) for i, n in enumerate(range(6, 16))]
    rows = [Row((str(n), r.name, r.unit, quantity(r.opening_qty), amount(r.opening_value), quantity(r.in_qty),
                 amount(r.in_value), quantity(r.out_qty), amount(r.out_value), quantity(r.closing_qty),
                 amount(r.closing_value)))
            for n, r in enumerate(bk.items, start=1)]
    if not rows:
        rows.append(Row(("",) * 11))
    totals = tuple(text for qty, value in bk.item_totals for text in (quantity(qty), amount(value)))
    rows.append(Row(("", "Tổng cộng", "", *totals), bold=True))
    rows.append(Row(("", "Mã chỉ tiêu tổng cộng", "", *(f"[{n}]" for n in range(16, 24)))))
    return Table((4, 22, 6, 8, 10, 8, 10, 8, 10, 8, 10), "clcrrrrrrrr", tuple(head), tuple(rows))


# -- 01/BK-STK and 01/BK-HTK ------------------------------------------------------------------------

def _bk_stk(flow: Flow, decl: Declaration, bk: BkStk, hint: str) -> None:
    heading(flow, bk.form, appendix=True)
    title(flow, bk.form.title)
    _taxpayer_boxes(flow, decl, 1)
    captions = ("STT", "Tên địa điểm kinh doanh", "Mã địa điểm kinh doanh",
                "Số tài khoản/Số hiệu ví điện tử", "Chủ tài khoản",
                "Tên tổ chức cung ứng dịch vụ thanh toán/ trung gian thanh toán", "Trạng thái")
    head = tuple(Head(t, 0, i) for i, t in enumerate(captions))
    head += tuple(Head(f"[{n:02d}]", 1, i) for i, n in enumerate(range(3, 10)))
    rows = [Row((str(n), a.location_name, a.location_code, a.number, a.holder, a.provider, a.status))
            for n, a in enumerate(bk.accounts, start=1)] or [Row(("",) * 7)]
    flow.gap(4)
    table(flow, Table((4, 20, 10, 16, 15, 23, 12), "clcllll", head, tuple(rows), size=SIZE - 1))
    closing(flow, decl, pledge="", hint=hint)


def stock_day() -> str:
    """The date of the opening inventory on 01/BK-HTK: the day before regime B starts (ND 68 Art 18.4)."""
    return vn_date(REGIME_B_START - timedelta(days=1))


def _stock_rows(rows: tuple[StockRow, ...]) -> list[Row]:
    return [Row((str(n), r.name, r.unit, quantity(r.qty), amount(r.value)))
            for n, r in enumerate(rows, start=1)]


def _bk_htk(flow: Flow, decl: Declaration, bk: BkHtk, hint: str) -> None:
    heading(flow, bk.form, appendix=True)
    title(flow, bk.form.title, caption=f"(Số liệu tại thời điểm {stock_day()})")
    _taxpayer_boxes(flow, decl, 1)
    money_unit(flow)
    captions = ("STT", "Tên hàng hóa, sản phẩm, máy móc, thiết bị", "Đơn vị tính", "Số lượng", "Giá trị")
    head = tuple(Head(t, 0, i) for i, t in enumerate(captions))
    head += tuple(Head(f"[{n:02d}]", 1, i) for i, n in enumerate(range(3, 8)))
    goods_qty, goods_value = bk.goods_total
    machines_qty, machines_value = bk.machines_total
    all_qty, all_value = bk.total
    rows = [Row(("I", "Hàng hóa, sản phẩm tồn kho", "", "", ""), span=4, start=1, shade=True, bold=True),
            *(_stock_rows(bk.goods) or [Row(("",) * 5)]),
            Row(("", "Cộng I ([08], [09])", "", quantity(goods_qty), amount(goods_value)), bold=True),
            Row(("II", "Máy móc, thiết bị", "", "", ""), span=4, start=1, shade=True, bold=True),
            *(_stock_rows(bk.machines) or [Row(("",) * 5)]),
            Row(("", "Cộng II ([10], [11])", "", quantity(machines_qty), amount(machines_value)), bold=True),
            Row(("", "Tổng cộng ([12], [13])", "", quantity(all_qty), amount(all_value)), bold=True)]
    table(flow, Table((5, 55, 10, 13, 17), "clcrr", head, tuple(rows), size=SIZE - 1))
    closing(flow, decl, pledge="", hint=hint)


# -- VAT cut ---------------------------------------------------------------------------------------

def _vat_cut(flow: Flow, decl: Declaration, cut: VatCut, hint: str) -> None:
    heading(flow, cut.form, appendix=True)
    title(flow, cut.form.title, caption=f"(Kèm theo tờ khai {decl.form.code} - kỳ tính thuế: "
                                        f"{period_box(decl).split('] ', 1)[1]})")
    _taxpayer_boxes(flow, decl, 1)
    money_unit(flow)
    section(flow, "I. Hàng hóa, dịch vụ mua vào trong kỳ")
    flow.lines(["(Không áp dụng đối với hộ kinh doanh, cá nhân kinh doanh nộp thuế theo phương pháp tỷ lệ % "
                "trên doanh thu)"], font=ITALIC, size=SIZE - 1)
    section(flow, "II. Hàng hóa, dịch vụ bán ra trong kỳ")
    captions = ("STT", "Tên hàng hóa, dịch vụ", "Giá trị hàng hóa, dịch vụ chưa có thuế GTGT/ Doanh thu hàng "
                "hóa, dịch vụ", "Thuế suất/ Tỷ lệ tính thuế GTGT theo quy định (%)",
                "Thuế suất/ Tỷ lệ tính thuế GTGT sau giảm (%)", "Thuế GTGT được giảm")
    head = tuple(Head(t, 0, i) for i, t in enumerate(captions))
    head += tuple(Head(f"({n})", 1, i) for i, n in enumerate(("1", "2", "3", "4", "5",
                                                              "6 = 3 x (4 - 5)")))
    rows = [Row((str(n), r.name, amount(r.revenue), format_rate(r.rate), format_rate(r.reduced_rate),
                 amount(r.reduction))) for n, r in enumerate(cut.rows, start=1)] or [Row(("",) * 6)]
    rows.append(Row(("", "Tổng cộng", amount(cut.revenue_total), "", "", amount(cut.reduction_total)),
                    bold=True))
    table(flow, Table((5, 35, 18, 14, 14, 14), "clrccr", head, tuple(rows), size=SIZE - 1))
    closing(flow, decl, pledge="", hint=hint)


# -- supplementary (01/KHBS, 01-1/KHBS) ----------------------------------------------------------

def _khbs(flow: Flow, decl: Declaration, khbs: Khbs, hint: str) -> None:
    form = khbs.interest_form
    heading(flow, form, appendix=True)
    title(flow, form.title, caption=f"(Bổ sung cho tờ khai {khbs.return_name})", unverified=not form.verified)
    _taxpayer_boxes(flow, decl, 1)
    money_unit(flow)
    section(flow, "A. SỐ THUẾ PHẢI NỘP TĂNG (+)/GIẢM (-) VÀ TIỀN CHẬM NỘP")
    head = tuple(Head(t, 0, i) for i, t in enumerate(("STT", "Chỉ tiêu", "Mã chỉ tiêu", "Số tiền")))
    interest_to = vn_date(khbs.interest_to) if khbs.interest_to else "……"
    rows = (
        Row(("1", "Số thuế phải nộp tăng (+)/giảm (-)", "[10]", amount(khbs.payable_change))),
        Row(("2", f"Số ngày chậm nộp (tính đến ngày {interest_to})", "", str(khbs.late_days))),
        Row(("3", "Số tiền chậm nộp", "", amount(khbs.interest)), bold=True),
    )
    table(flow, Table((5, 65, 12, 18), "clcr", head, rows, size=SIZE - 1))
    closing(flow, decl, pledge=PLEDGE, hint=hint)


def _box(box: str) -> str:
    """A box code printed once bracketed: "12" and "[12]" both print "[12]"."""
    return box if box.startswith("[") else f"[{box}]"


def _khbs_explanation(flow: Flow, decl: Declaration, khbs: Khbs, hint: str) -> None:
    form = khbs.form
    heading(flow, form, appendix=True)
    title(flow, form.title, caption=f"(Bổ sung cho tờ khai {khbs.return_name})", unverified=not form.verified)
    _taxpayer_boxes(flow, decl, 1)
    money_unit(flow)
    section(flow, "A. NỘI DUNG GIẢI TRÌNH KHAI BỔ SUNG")
    captions = ("STT", "Tên chỉ tiêu điều chỉnh", "Mã số chỉ tiêu", "Số đã kê khai", "Số điều chỉnh",
                "Chênh lệch giữa số điều chỉnh với số đã kê khai",
                "Điều chỉnh tăng (+)/giảm (-) nghĩa vụ thuế", "Lý do điều chỉnh")
    head = tuple(Head(t, 0, i) for i, t in enumerate(captions))
    numbers = ("1", "2", "3", "4", "5", "6 = 5 - 4", "7", "8")
    head += tuple(Head(f"({n})", 1, i) for i, n in enumerate(numbers))
    rows = [Row((str(n), r.name, _box(r.box), amount(r.filed), amount(r.corrected), amount(r.difference),
                 amount(r.obligation_change) if r.tax else "", r.reason))
            for n, r in enumerate(khbs.rows, start=1)] or [Row(("",) * 8)]
    rows.append(Row(("", "Tổng cộng (tăng +, giảm -) số thuế phải nộp", "", "", "", "",
                     amount(khbs.payable_change), ""), bold=True))
    table(flow, Table((4, 24, 8, 12, 12, 12, 12, 16), "clcrrrrl", head, tuple(rows), size=SIZE - 1))
    section(flow, "B. TÀI LIỆU KÈM THEO (NẾU CÓ)")
    flow.lines(["……"])
    closing(flow, decl, pledge=PLEDGE, hint=hint)

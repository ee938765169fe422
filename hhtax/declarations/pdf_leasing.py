"""The printed leasing returns: 01/TTS with 01/BK-TTS (TT 40/2021 App. II) and 01/BĐS with 01/BK-BĐS
(TT 18/2026), in the layout the tax authority's viewer draws (shared/law/form-01-tts.md §3–§4,
forms-more.md §2): main forms A4 portrait, appendices A4 landscape, each numbered on its own.
"""

from __future__ import annotations

from datetime import date

from hhtax.declarations.leasing_model import BdsBody, TtsBody
from hhtax.declarations.model import Declaration, FormInfo
from hhtax.declarations.pdf_canvas import A4, A4_LANDSCAPE, Document
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
    page_numbers,
    quantity,
    section,
    table,
    title,
)
from hhtax.declarations.pdf_tt40 import PLEDGE, kind_boxes
from hhtax.declarations.pdf_tt40 import SIGNATURE_HINT as HINT_A
from hhtax.fonts import BOLD
from hhtax.money import format_vnd
from hhtax.periods import PeriodKind

HINT_B = "(Ký, ghi rõ họ tên/ Ký điện tử)"
BDS_TITLE = "THÔNG BÁO DOANH THU/TỜ KHAI THUẾ ĐỐI VỚI HOẠT ĐỘNG CHO THUÊ BẤT ĐỘNG SẢN"
BDS_NOTES = (
    "Ghi chú: - Trường hợp tổ chức, cá nhân khai thuế thay, nộp thuế thay cho cá nhân cho thuê bất động "
    "sản thì ký, ghi rõ họ tên của tổ chức, cá nhân khai thay.",
    "- Cá nhân có nhiều bất động sản cho thuê khai chung trên một tờ khai nộp tại một cơ quan thuế; số thuế "
    "nộp theo từng địa điểm có bất động sản cho thuê.",
)


def render_leasing(doc: Document, decl: Declaration) -> None:
    """The main form, then its appendix (when it has rows) on its own landscape pages."""
    body = decl.body
    first = len(doc.pages)
    if isinstance(body, TtsBody):
        _tts(Flow(doc, A4), decl, body)
        page_numbers(doc.pages[first:], decl.form.code)
        if body.contracts and body.bk_form is not None:
            first = len(doc.pages)
            _bk_tts(Flow(doc, A4_LANDSCAPE), decl, body, body.bk_form)
            page_numbers(doc.pages[first:], body.bk_form.code)
    elif isinstance(body, BdsBody):
        _bds(Flow(doc, A4), decl, body)
        page_numbers(doc.pages[first:], decl.form.code)
        if body.properties and body.bk_form is not None:
            first = len(doc.pages)
            _bk_bds(Flow(doc, A4_LANDSCAPE), decl, body, body.bk_form)
            page_numbers(doc.pages[first:], body.bk_form.code)


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value is not None else ""


def _period_tts(decl: Declaration) -> str:
    """[01] as the 2.8.3 stylesheet prints it (form-01-tts.md §2)."""
    period = decl.period
    if period.kind is PeriodKind.YEAR:
        return f"Năm {period.year}"
    if period.kind is PeriodKind.MONTH:
        return f"Tháng {period.index:02d} năm {period.year}"
    return (
        f"Quý {period.index} năm {period.year} (Kỳ thanh toán: Từ ngày {_day(period.start)} Đến ngày "
        f"{_day(period.end)})"
    )


def _amount_table(rows: list[tuple[str, str, str, int]]) -> Table:
    head = tuple(Head(t, 0, i) for i, t in enumerate(("STT", "Chỉ tiêu", "Mã chỉ tiêu", "Số tiền")))
    body = tuple(Row((n, label, f"[{box}]", amount(value))) for n, label, box, value in rows)
    return Table((6, 64, 12, 18), "clcr", head, body)


# -- 01/TTS ----------------------------------------------------------------------------------------


def _tts(flow: Flow, decl: Declaration, body: TtsBody) -> None:
    heading(flow, decl.form)
    title(flow, decl.form.title, caption=decl.form.caption, unverified=not decl.form.verified)
    checkbox_lines(
        flow,
        [
            (
                "Cá nhân cho thuê tài sản trực tiếp khai thuế/ Tổ chức, cá nhân khai thuế thay, nộp thuế "
                "thay theo quy định của pháp luật dân sự",
                body.lessor_direct,
            ),
            (
                "Doanh nghiệp, tổ chức kinh tế khai thuế thay, nộp thuế thay theo pháp luật thuế",
                not body.lessor_direct,
            ),
        ],
    )
    flow.gap(4)
    flow.lines([f"[01] Kỳ tính thuế: {_period_tts(decl)}"], align="centre")
    kind_boxes(flow, decl)
    tp = decl.taxpayer
    address = ", ".join(part for part in (tp.address, tp.ward, tp.province) if part)
    for fields in (
        [Field("04", "Tên người nộp thuế", tp.name)],
        [Field("05", "Mã số thuế", tp.tax_code)],
        [Field("06", "Địa chỉ liên hệ", address)],
        [Field("07", "Điện thoại", tp.phone), Field("08", "Fax", tp.fax), Field("09", "E-mail", tp.email)],
        [Field("10", "Số CMND (cá nhân quốc tịch Việt Nam)")],
        [Field("11", "Hộ chiếu (không có quốc tịch Việt Nam)")],
        [
            Field(
                "12",
                "Trường hợp cá nhân kinh doanh chưa đăng ký thuế thì khai thêm các thông tin sau:",
                dots=False,
            )
        ],
        [Field("13", "Tên đại lý thuế (nếu có)"), Field("14", "Mã số thuế")],
        [Field("15", "Hợp đồng đại lý thuế: Số …… ngày ……", dots=False)],
        [Field("16", "Tên tổ chức khai thay, nộp thuế thay (nếu có)"), Field("17", "Mã số thuế")],
        [Field("18", "Địa chỉ"), Field("19", "Điện thoại"), Field("20", "Fax"), Field("21", "Email")],
        [Field("22", "Văn bản uỷ quyền: Số …… ngày …… tháng …… năm ……", dots=False)],
    ):
        field_line(flow, fields)
    money_unit(flow)
    section(flow, "A. PHẦN CÁ NHÂN KÊ KHAI NGHĨA VỤ THUẾ")
    table(
        flow,
        _amount_table(
            [
                ("1", "Tổng doanh thu phát sinh trong kỳ", "23", body.revenue),
                ("2", "Tổng doanh thu tính thuế", "24", body.taxable_revenue),
                ("3", "Tổng số thuế GTGT phải nộp", "25", body.vat),
                ("4", "Tổng số thuế TNCN phát sinh trong kỳ", "26", body.pit),
                (
                    "5",
                    "Tiền phạt, bồi thường mà bên cho thuê nhận được theo thoả thuận tại hợp đồng (nếu có)",
                    "27",
                    body.penalties,
                ),
                (
                    "6",
                    "Tổng số thuế TNCN phải nộp từ tiền nhận bồi thường, phạt vi phạm hợp đồng (nếu có)",
                    "28",
                    body.penalty_pit,
                ),
                ("7", "Tổng số thuế TNCN phải nộp [29]=[26]+[28]", "29", body.pit_total),
            ]
        ),
    )
    closing(flow, decl, pledge=PLEDGE, hint=HINT_A)


def _bk_tts(flow: Flow, decl: Declaration, body: TtsBody, form: FormInfo) -> None:
    heading(flow, form, appendix=True)
    title(
        flow,
        form.title,
        caption="(Áp dụng đối với cá nhân cho thuê tài sản trực tiếp khai thuế với cơ "
        "quan thuế nếu là lần khai thuế đầu tiên của Hợp đồng hoặc Phụ lục hợp đồng)",
    )
    flow.lines([f"[01] Kỳ tính thuế: {_period_tts(decl)}"], align="centre")
    kind_boxes(flow, decl)
    tp = decl.taxpayer
    field_line(flow, [Field("04", "Tên người nộp thuế", tp.name), Field("05", "Mã số thuế", tp.tax_code)])
    money_unit(flow)
    captions = (
        "STT",
        "Hợp đồng/ kỳ thanh toán",
        "Bên thuê (họ tên, MST)",
        "Loại tài sản",
        "Số, ngày hợp đồng",
        "Mục đích sử dụng",
        "Địa chỉ BĐS cho thuê",
        "Diện tích sàn",
        "Kỳ thanh toán (tháng), từ – đến",
        "Năm tính thuế",
        "Giá thuê 1 tháng",
        "Số tháng",
        "Tổng giá trị hợp đồng",
        "Doanh thu năm",
        "Phải nộp thuế",
        "Doanh thu tính thuế",
        "Thuế GTGT",
        "Thuế TNCN",
    )
    boxes = (
        "[06]",
        "[06a]",
        "[07] [08]",
        "[09] [10]",
        "[11] [12]",
        "[13]",
        "[15a] [15b]",
        "[16]",
        "[17a] [17] [18]",
        "[19a]",
        "[19]",
        "[20]",
        "[21]",
        "[22a]",
        "[23]",
        "[24]",
        "[25]",
        "[26]",
    )
    head = tuple(Head(t, 0, i) for i, t in enumerate(captions)) + tuple(
        Head(b, 1, i) for i, b in enumerate(boxes)
    )
    rows = []
    for n, row in enumerate(body.contracts, start=1):
        rows.append(
            Row(
                (
                    str(n),
                    row.name,
                    "\n".join(p for p in (row.lessee, row.lessee_tax_code) if p),
                    "Bất động sản" if row.real_estate else "Động sản",
                    "\n".join(p for p in (row.contract_no, _day(row.contract_date)) if p),
                    row.purpose,
                    ", ".join(p for p in (row.address, row.ward) if p),
                    quantity(row.area_m2) if row.area_m2 is not None else "",
                    f"{row.payment_months}: {_day(row.start)} – {_day(row.end)}",
                    str(row.tax_year or ""),
                    amount(row.rent),
                    str(row.months),
                    amount(row.contract_value),
                    amount(row.year_revenue),
                    "X" if row.taxable else "",
                    amount(row.revenue),
                    amount(row.vat),
                    amount(row.pit),
                )
            )
        )
    rows.append(
        Row(
            (
                "",
                "Tổng cộng",
                *("",) * 13,
                amount(sum(r.revenue for r in body.contracts)),
                amount(sum(r.vat for r in body.contracts)),
                amount(sum(r.pit for r in body.contracts)),
            ),
            bold=True,
        )
    )
    widths = (3, 9, 8, 5, 6, 5, 8, 4, 8, 4, 6, 3, 6, 6, 4, 6, 5, 5)
    table(flow, Table(widths, "cllcllllccrcrrcrrr", head, tuple(rows), size=6.0))
    closing(flow, decl, pledge=PLEDGE, hint=HINT_A)


# -- 01/BĐS ----------------------------------------------------------------------------------------


def _period_bds(decl: Declaration) -> str:
    """[01a] first half, [01b] second half, [01c] year, as the 1255 header prints them."""
    period = decl.period
    if period.kind is PeriodKind.HALF:
        label = ("[01a] 6 tháng đầu năm", "[01b] 6 tháng cuối năm")[period.index - 1]
        return (
            f"{label} {period.year} (Từ tháng {period.first_month:02d}/{period.year} đến tháng "
            f"{period.last_month:02d}/{period.year})"
        )
    return f"[01c] Năm {period.year}"


def _bds(flow: Flow, decl: Declaration, body: BdsBody) -> None:
    heading(flow, decl.form)
    title(flow, decl.form.title, unverified=not decl.form.verified)
    flow.lines([BDS_TITLE], font=BOLD, size=10.0, align="centre")
    flow.lines([decl.form.caption], size=8.5, align="centre")
    threshold = format_vnd(body.threshold)  # `real_estate.threshold` (the printed TT 18 form says 500 triệu)
    checkbox_lines(
        flow,
        [
            (
                f"Cá nhân cho thuê bất động sản thông báo doanh thu năm từ {threshold} đồng trở xuống",
                body.below_threshold,
            ),
            (
                f"Cá nhân cho thuê bất động sản có doanh thu năm trên {threshold} đồng",
                not body.below_threshold,
            ),
        ],
    )
    flow.gap(4)
    flow.lines([f"[01] Kỳ tính thuế: {_period_bds(decl)}"], align="centre")
    kind_boxes(flow, decl)
    tp = decl.taxpayer
    for fields, indent in (
        ([Field("04", "Tên người nộp thuế", tp.name)], 0.0),
        ([Field("05", "Mã số thuế", tp.tax_code)], 0.0),
        ([Field("06", "Mã địa điểm kinh doanh nơi nộp tờ khai", body.location_code)], 0.0),
        ([Field("06.1", "Số nhà, đường phố/xóm/ấp/thôn", body.address)], 14.0),
        (
            [Field("06.2", "Xã/phường/đặc khu", body.ward), Field("06.3", "Tỉnh/Thành phố", body.province)],
            14.0,
        ),
        (
            [
                Field("07", "Tổ chức/cá nhân khai, nộp thuế thay theo ủy quyền (nếu có)"),
                Field("07.1", "Mã số thuế"),
            ],
            0.0,
        ),
        ([Field("07.2", "Văn bản ủy quyền (nếu có): Số …… ngày ……", dots=False)], 0.0),
        ([Field("08", "Tên đại lý thuế (nếu có)"), Field("08.1", "Mã số thuế")], 0.0),
    ):
        field_line(flow, fields, indent=indent)
    money_unit(flow)
    section(flow, "A. KÊ KHAI THÔNG TIN TÍNH THUẾ")
    table(
        flow,
        _amount_table(
            [
                ("1", "Tổng doanh thu phát sinh trong kỳ", "09", body.revenue),
                ("2", "Doanh thu tính thuế TNCN được trừ", "10", body.deduction),
                ("3", "Tổng số thuế GTGT phải nộp [11] = [09] x 5%", "11", body.vat),
                ("4", "Tổng số thuế TNCN phát sinh trong kỳ [12] = ([09] - [10]) x 5%", "12", body.pit),
                (
                    "5",
                    "Tiền phạt, bồi thường mà bên cho thuê nhận được theo thỏa thuận tại hợp đồng (nếu có)",
                    "13",
                    body.penalties,
                ),
                (
                    "6",
                    "Tổng số thuế TNCN phải nộp từ nhận tiền phạt, bồi thường (nếu có) [14] = [13] x 5%",
                    "14",
                    body.penalty_pit,
                ),
                ("7", "Tổng số thuế TNCN phải nộp [15] = [12] + [14]", "15", body.pit_all),
                ("8", "Số thuế TNCN được miễn", "16", body.exempt_pit),
                ("9", "Số thuế TNCN còn phải nộp", "17", body.pit_payable),
                ("10", "Tổng số thuế còn phải nộp [18] = [11] + [17]", "18", body.payable),
            ]
        ),
    )
    section(flow, "B. HỖ TRỢ THÔNG TIN NỘP THUẾ")
    table(flow, _payments(body))
    flow.lines(
        [
            f"Người nộp thuế còn được tiếp tục trừ {amount(body.deduction_left)} đồng vào doanh thu tính "
            "thuế TNCN của kỳ tiếp theo"
        ],
        size=8.5,
    )
    closing(
        flow,
        decl,
        pledge="Tôi cam đoan số liệu khai trên là đúng và chịu trách nhiệm trước pháp luật về "
        "những số liệu đã khai./.",
        hint=HINT_B,
    )
    flow.lines(BDS_NOTES, size=7.5)


def _payments(body: BdsBody) -> Table:
    captions = (
        "STT",
        "Mã địa điểm kinh doanh",
        "Nội dung các khoản nộp NSNN",
        "Số tiền",
        "Chương",
        "Tiểu mục",
        "Mã địa bàn hành chính",
        "Cơ quan thu",
        "Cơ quan thuế",
        "Hạn nộp thuế",
    )
    head = tuple(Head(t, 0, i) for i, t in enumerate(captions)) + tuple(
        Head(f"[{n}]", 1, i) for i, n in enumerate(range(19, 29))
    )
    rows = [
        Row(
            (
                str(n),
                p.location_code,
                p.content,
                amount(p.amount),
                p.chapter,
                p.sub_item,
                " - ".join(x for x in (p.area_code, p.area_name) if x),
                " - ".join(x for x in (p.collector_code, p.collector_name) if x),
                " - ".join(x for x in (p.office_code, p.office_name) if x),
                _day(p.due),
            )
        )
        for n, p in enumerate(body.payments, start=1)
    ]
    if not rows:
        rows.append(Row(("",) * 10))
    rows.append(
        Row(
            ("", "Tổng cộng", "", amount(sum(p.amount for p in body.payments)), "", "", "", "", "", ""),
            bold=True,
        )
    )
    return Table((5, 9, 14, 11, 7, 7, 13, 12, 12, 10), "cclrcclllc", head, tuple(rows))


def _bk_bds(flow: Flow, decl: Declaration, body: BdsBody, form: FormInfo) -> None:
    heading(flow, form, appendix=True)
    title(flow, form.title, caption="(Kèm theo tờ khai 01/BĐS)")
    tp = decl.taxpayer
    field_line(flow, [Field("01", "Người nộp thuế", tp.name), Field("02", "Mã số thuế", tp.tax_code)])
    money_unit(flow)
    captions = (
        "STT",
        "Địa chỉ bất động sản cho thuê",
        "Xã/phường/đặc khu",
        "Tỉnh/TP",
        "Tổng giá trị hợp đồng",
        "Thời gian cho thuê của hợp đồng",
        "Tổng doanh thu phát sinh trong kỳ",
        "Doanh thu được trừ để xác định doanh thu tính thuế",
        "Tiền phạt tiền bồi thường",
        "Số thuế GTGT phải nộp",
        "Số thuế TNCN phải nộp",
    )
    head = tuple(Head(t, 0, i) for i, t in enumerate(captions)) + tuple(
        Head(f"[{n:02d}]", 1, i) for i, n in enumerate(range(3, 14))
    )
    rows = [
        Row(
            (
                str(n),
                p.address,
                p.ward,
                p.province,
                amount(p.contract_value),
                f"{_day(p.start)} – {_day(p.end)}",
                amount(p.revenue),
                amount(p.deduction),
                amount(p.penalties),
                amount(p.vat),
                amount(p.pit),
            )
        )
        for n, p in enumerate(body.properties, start=1)
    ]
    props = body.properties
    rows += [
        Row(
            (
                "",
                "TỔNG CỘNG",
                "",
                "",
                amount(sum(p.contract_value for p in props)),
                "",
                amount(body.revenue),
                amount(body.deduction),
                amount(body.penalties),
                amount(body.vat),
                amount(body.pit_all),
            ),
            bold=True,
        ),
        Row(("", "Số thuế TNCN được miễn", "", "", "", "", "", "", "", "", amount(body.exempt_pit))),
        Row(
            (
                "",
                "Số thuế còn phải nộp",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                amount(body.vat),
                amount(body.pit_payable),
            ),
            bold=True,
        ),
    ]
    table(flow, Table((4, 16, 10, 9, 9, 10, 9, 10, 7, 8, 8), "cllcrcrrrrr", head, tuple(rows)))
    closing(flow, decl, pledge="", hint=HINT_B)

"""02/CNKD (maTKhai 1244, 2.8.9) in XML: the body as the viewer's `TKhai_02_CNKD_HKD.xslt` reads it
(shared/law/forms-more.md §1; reading OQ-26), written and read back.

`CTieuTKhaiChinh`: `Header` ([06]–[08]: filing on behalf, not used by households: empty),
`KeKhaiTTTinhThue` [11]–[18], `HoTroThongTinNopThue` (rows `ChiTietThongTinNopTHue`, capital H as the
stylesheet spells it; total [25] `tong_sotien`), `DeNghiXuLyKhoanNopThua` ([26]–[28]). The rate [14] is
written as a percent number (`15`), as hhtax writes rates elsewhere (OQ-22); [18] as a positive amount.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from hhtax.declarations.model_qtt import QttBody, QttPayment, Refund
from hhtax.declarations.xml_reader import amount, decimal, find, flag, iso_date, kids, text
from hhtax.money import percent, rate_as_percent

if TYPE_CHECKING:
    from hhtax.declarations.xml_writer import _Out

PAYMENTS = "HoTroThongTinNopThue"
OVERPAID = "DeNghiXuLyKhoanNopThua"


def write_qtt(out: _Out, body: QttBody) -> None:
    """`CTieuTKhaiChinh` of 02/CNKD."""
    from hhtax.declarations.xml_writer import qty_text

    out.open("Header")
    out.empty("ct06")
    out.nil("ct07")
    out.empty("ct08")
    out.nil("ct08_ngay")
    out.close("Header")
    out.open("KeKhaiTTTinhThue")
    out.num("ct11", body.revenue)
    out.num("ct11a", body.platform_revenue)
    out.num("ct12", body.costs)
    out.num("ct13", body.income)
    out.text("ct14", qty_text(rate_as_percent(body.rate)))
    out.num("ct15", body.pit)
    out.num("ct16", body.platform_pit)
    out.num("ct17", body.to_pay)
    out.num("ct18", body.overpaid)
    out.close("KeKhaiTTTinhThue")
    out.open(PAYMENTS)
    for index, pay in enumerate(body.payments, start=1):
        out.open("ChiTietThongTinNopTHue", f' id="ID_{index}"')
        out.text("ma_muc", pay.section)
        out.text("ten_muc", pay.section_name)
        out.text("ma_tieumuc", pay.sub_item)
        out.text("ten_tieumuc", pay.sub_item_name)
        out.num("soTien", pay.amount)
        out.text("ten_coquanthu", pay.collector)
        out.day("hanNopThue", pay.due)
        out.close("ChiTietThongTinNopTHue")
    out.num("tong_sotien", body.payments_total)
    out.close(PAYMENTS)
    _overpaid(out, body)


def _overpaid(out: _Out, body: QttBody) -> None:
    refund = body.refund or Refund(amount=0, transfer=False)
    out.open(OVERPAID)
    out.num("thueTNCNDeNghiHT", refund.amount)
    out.open("HinhThucHoanTra")
    out.flag("chuyenKhoan", body.refund is not None and refund.transfer)
    out.text("tenChuTaiKhoan", refund.holder)
    out.text("taiKhoanSo", refund.account)
    out.text("taiNganHang_ten", refund.bank)
    out.flag("tienMat", body.refund is not None and not refund.transfer)
    out.text("nguoiNhanTien", refund.receiver)
    out.text("so_giayto", refund.id_number)
    out.day("ngayCap", refund.id_date)
    out.text("noiCap", refund.id_place)
    out.text("noiNhanTien", refund.treasury)
    out.close("HinhThucHoanTra")
    out.open("DeNghiBuTru")
    out.num("deNghiBuTruKyKhac", body.offset)
    out.close("DeNghiBuTru")
    out.close(OVERPAID)


def read_qtt(body: ET.Element | None) -> QttBody:
    """The 02/CNKD body of a parsed `CTieuTKhaiChinh`."""
    where = "KeKhaiTTTinhThue"
    part_a = find(body, where)
    rate = decimal(part_a, "ct14", where)
    payments = tuple(
        QttPayment(amount=amount(row, "soTien", PAYMENTS), section=text(row, "ma_muc"),
                   section_name=text(row, "ten_muc"), sub_item=text(row, "ma_tieumuc"),
                   sub_item_name=text(row, "ten_tieumuc"), collector=text(row, "ten_coquanthu"),
                   due=iso_date(row, "hanNopThue", PAYMENTS))
        for row in kids(find(body, PAYMENTS), "ChiTietThongTinNopTHue"))
    part_c = find(body, OVERPAID)
    how = find(part_c, "HinhThucHoanTra")
    refund = None
    refunded = amount(part_c, "thueTNCNDeNghiHT", OVERPAID)
    if refunded:
        refund = Refund(amount=refunded, transfer=not flag(how, "tienMat"),
                        holder=text(how, "tenChuTaiKhoan"), account=text(how, "taiKhoanSo"),
                        bank=text(how, "taiNganHang_ten"),
                        receiver=text(how, "nguoiNhanTien"), id_number=text(how, "so_giayto"),
                        id_date=iso_date(how, "ngayCap", OVERPAID), id_place=text(how, "noiCap"),
                        treasury=text(how, "noiNhanTien"))
    return QttBody(revenue=amount(part_a, "ct11", where), costs=amount(part_a, "ct12", where),
                   rate=percent(rate) if rate is not None else percent(0),
                   pit=amount(part_a, "ct15", where), platform_revenue=amount(part_a, "ct11a", where),
                   platform_pit=amount(part_a, "ct16", where),
                   payments=payments, refund=refund,
                   offset=amount(part_c, "DeNghiBuTru/deNghiBuTruKyKhac", OVERPAID))

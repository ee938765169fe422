"""The supplementary-return appendices 01/KHBS and 01-1/KHBS in XML (473 B; 1240 B only when
`--khbs-appendix` overrides OQ-23), as the viewer's 2.8.3 `_TT40` stylesheets read them
(shared/law/forms-more.md §4; TT 80/2021/TT-BTC App. II mẫu 01/KHBS, 01-1/KHBS).

Each appendix has its own `Header` ([01] Mẫu tờ khai, [02] Mã giao dịch điện tử, [04] Bổ sung lần
thứ); the section-2 total sits in `Muc_2/DSachPLuc`; the changed box's name goes in `ct3_1_ten`
(the stylesheet prints `ct2_ten` twice); (4) and (5) are plain integers, as printed raw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hhtax.declarations.model import Khbs

if TYPE_CHECKING:
    from hhtax.declarations.xml_writer import _Out


def _header(out: _Out, khbs: Khbs, seq: int) -> None:
    """[01] the corrected form, [02] the e-filing transaction code (not known to hhtax: given by
    eTax on receipt of the original), [04] the supplement number."""
    out.open("Header")
    out.text("tenTKhai", khbs.return_form)
    out.empty("maGiaoDich")
    out.num("soLan", seq)
    out.close("Header")


def write_khbs(out: _Out, khbs: Khbs, seq: int) -> None:
    """`PLuc/PL01_KHBS` (change of tax payable, late interest) and `PLuc/PL01_1_KHBS` (changed boxes)."""
    out.open("PL01_KHBS")
    _header(out, khbs, seq)
    out.open("Muc_A")
    out.open("Muc_I")
    out.open("Muc_1")
    tax_rows = [row for row in khbs.rows if row.tax]
    for index, row in enumerate(tax_rows, start=1):
        out.open("ChiTiet", f' id="ID_{index}"')
        out.text("ct2_ma", row.sub_item)
        out.text("ct2_ten", row.name)
        out.num("ct3", row.difference)
        out.close("ChiTiet")
    out.num("tongCong_ct10", khbs.payable_change)
    out.close("Muc_1")
    out.open("Muc_2")
    out.open("DSachPLuc")
    out.num("tongCong_ct11", 0)
    out.close("DSachPLuc")
    out.close("Muc_2")
    out.open("Muc_3")
    out.day("ct3a_1", khbs.interest_to)
    out.num("ct3a_2", khbs.late_days)
    out.num("ct3b", khbs.interest)
    out.close("Muc_3")
    out.close("Muc_I")
    out.open("Muc_II")
    out.num("tongCong_ct12", 0)
    out.close("Muc_II")
    out.open("Muc_III")
    out.num("tongCong_ct13", 0)
    out.close("Muc_III")
    out.close("Muc_A")
    out.close("PL01_KHBS")
    _explanation(out, khbs, seq)


def _explanation(out: _Out, khbs: Khbs, seq: int) -> None:
    out.open("PL01_1_KHBS")
    _header(out, khbs, seq)
    out.open("Muc_A")
    out.open("DSachHSo")
    out.open("BKeHSo", ' id="ID_1"')
    out.text("ten_HSo", khbs.return_name)
    out.open("CTietHSo")
    for index, row in enumerate(khbs.rows, start=1):
        out.open("ChiTiet", f' id="ID_{index}"')
        out.empty("ct2_ten")
        out.text("ct3_1_ten", row.name)
        out.empty("ct3_2_ten")
        out.text("ct3_ma", row.box)
        out.empty("ct3_ten")
        out.num("ct04", row.filed)
        out.num("ct05", row.corrected)
        out.num("ct06", row.difference)
        out.num("ct7", row.obligation_change)
        out.text("ct8", row.reason)
        out.close("ChiTiet")
    out.close("CTietHSo")
    out.close("BKeHSo")
    out.open("TongCong")
    out.num("tongCong_7", khbs.payable_change)
    out.num("tongCong_8", 0)
    out.num("tongCong_9", 0)
    out.close("TongCong")
    out.close("DSachHSo")
    out.close("Muc_A")
    out.open("Muc_B")
    out.empty("ten_TLieu")
    out.close("Muc_B")
    out.close("PL01_1_KHBS")

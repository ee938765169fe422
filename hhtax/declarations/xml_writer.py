"""Serialise a `Declaration` to the HTKK / eTax `HSoThueDTu` XML (shared/law/xml-format.md §1–§12).

Strings are built directly (no DOM) for speed and byte-for-byte determinism: fixed element order,
the default namespace without prefix, `xsi:nil="true"` for empty dates, tax codes and numbers,
empty elements for empty text, whole-đồng integers, check boxes as 0/1 (reading OQ-22), LF line
ends, no BOM, no signature unless an empty `CKyDTu` is asked for (§13).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hhtax.declarations.model import (
    BK_HDKD_COST_BOXES,
    LAYOUT_TKN,
    TT40_METHOD_BOXES,
    BkHdkd,
    BkHtk,
    BkStk,
    Declaration,
    Place,
    StockRow,
    TknBody,
    Tt18Body,
    Tt40Body,
    VatCut,
    kieu_ky,
    ky_kkhai,
    vn_date,
    vn_month,
)
from hhtax.declarations.model_qtt import QttBody
from hhtax.declarations.places import province_code, split_address, ward_code
from hhtax.declarations.xml_khbs import write_khbs
from hhtax.declarations.xml_qtt import write_qtt
from hhtax.money import rate_as_percent
from hhtax.periods import PeriodKind

NS = "http://kekhaithue.gdt.gov.vn/TKhaiThue"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
ROOT_OPEN = f'<HSoThueDTu xmlns="{NS}" xmlns:xsi="{XSI}">\n'

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})

# TKN 2026 column groups (xml-format.md §11), in the stylesheet's order.
TKN_GROUPS = ("TongDoanhThuTrongNam", "ThueGTGTPhaiNop", "ThueTNCNPhaiNop", "ThueGTGTDaKhauTruTamNop",
              "ThueTNCNDaKhauTruTamNop", "ThueGTGTPhaiNopThem", "ThueTNCNPhaiNopThem", "ThueGTGTNopThua",
              "ThueTNCNNopThua")
TKN_ROWS = ("ct11", "ct12", "ct13", "ct14", "ct15", "ct16")


def qty_text(value: Decimal) -> str:
    """A quantity or rate without exponent or trailing zeros: Decimal("12.50") → "12.5"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


class _Out:
    """A minimal indented XML writer; every method appends exactly one line or tag."""

    def __init__(self, depth: int = 0) -> None:
        self.parts: list[str] = []
        self.depth = depth
        self.pad = "  " * depth

    def open(self, tag: str, attrs: str = "") -> None:
        self.parts.append(f"{self.pad}<{tag}{attrs}>\n")
        self.depth += 1
        self.pad = "  " * self.depth

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.pad = "  " * self.depth
        self.parts.append(f"{self.pad}</{tag}>\n")

    def empty(self, tag: str) -> None:
        self.parts.append(f"{self.pad}<{tag}/>\n")

    def text(self, tag: str, value: str) -> None:
        if value:
            self.parts.append(f"{self.pad}<{tag}>{value.translate(_ESCAPES)}</{tag}>\n")
        else:
            self.parts.append(f"{self.pad}<{tag}/>\n")

    def nil(self, tag: str) -> None:
        self.parts.append(f'{self.pad}<{tag} xsi:nil="true"/>\n')

    def num(self, tag: str, value: int | None) -> None:
        if value is None:
            self.nil(tag)
        else:
            self.parts.append(f"{self.pad}<{tag}>{value}</{tag}>\n")

    def qty(self, tag: str, value: Decimal | None) -> None:
        if value is None:
            self.nil(tag)
        else:
            self.parts.append(f"{self.pad}<{tag}>{qty_text(value)}</{tag}>\n")

    def code(self, tag: str, value: str) -> None:
        """A tax code: nil when empty."""
        if value:
            self.text(tag, value)
        else:
            self.nil(tag)

    def day(self, tag: str, value: date | None) -> None:
        """An xs:date (ISO), nil when empty."""
        if value is None:
            self.nil(tag)
        else:
            self.parts.append(f"{self.pad}<{tag}>{value.isoformat()}</{tag}>\n")

    def flag(self, tag: str, value: bool) -> None:
        self.parts.append(f"{self.pad}<{tag}>{1 if value else 0}</{tag}>\n")

    def word_flag(self, tag: str, value: bool) -> None:
        """A check box the viewer ticks only for `true` (TT 40 [08a], [09a], [12a], [12e];
        xml-format.md §3): `true`/`false` there, `0`/`1` elsewhere (OQ-22)."""
        self.parts.append(f"{self.pad}<{tag}>{'true' if value else 'false'}</{tag}>\n")


def to_xml(decl: Declaration, *, empty_signature: bool = False) -> bytes:
    """The declaration as UTF-8 XML bytes; the same declaration always gives the same bytes."""
    out = _Out(depth=1)
    out.open("HSoKhaiThue", ' id="ID_1"')
    _ttin_chung(out, decl)
    out.open("CTieuTKhaiChinh")
    body = decl.body
    if isinstance(body, Tt40Body):
        _tt40(out, decl, body)
    elif isinstance(body, Tt18Body):
        _tt18(out, decl, body)
    elif isinstance(body, QttBody):
        write_qtt(out, body)
    elif isinstance(body, TknBody):
        _tkn(out, body)
    out.close("CTieuTKhaiChinh")
    if decl.appendices:
        out.open("PLuc")
        for appendix in decl.appendices:
            if isinstance(appendix, BkHdkd):
                _bk_hdkd(out, appendix)
            elif isinstance(appendix, BkStk):
                _bk_stk(out, appendix)
            elif isinstance(appendix, BkHtk):
                _bk_htk(out, appendix)
            elif isinstance(appendix, VatCut):
                _vat_cut(out, appendix)
            else:
                write_khbs(out, appendix, decl.seq)
        out.close("PLuc")
    out.close("HSoKhaiThue")
    if empty_signature:
        out.parts.append("  <CKyDTu></CKyDTu>\n")
    return (DECLARATION + ROOT_OPEN + "".join(out.parts) + "</HSoThueDTu>\n").encode("utf-8")


# -- envelope (§1, §2, §4) ----------------------------------------------------------------------

def _ttin_chung(out: _Out, decl: Declaration) -> None:
    out.open("TTinChung")
    out.open("TTinDVu")
    out.text("maDVu", decl.service.ma_dvu)
    out.text("tenDVu", decl.service.ten_dvu)
    out.text("pbanDVu", decl.service.pban_dvu)
    out.text("ttinNhaCCapDVu", decl.service.ttin_nha_cung_cap)
    out.close("TTinDVu")
    out.open("TTinTKhaiThue")
    out.open("TKhaiThue")
    out.text("maTKhai", decl.form.ma_tkhai)
    out.text("tenTKhai", decl.form.title)
    out.text("moTaBMau", f"({decl.form.circular})" if decl.form.circular else "")
    out.text("pbanTKhaiXML", decl.form.version)
    out.text("loaiTKhai", decl.kind)
    out.num("soLan", decl.seq)
    _period(out, decl)
    out.text("maCQTNoiNop", decl.taxpayer.tax_office_code)
    out.text("tenCQTNoiNop", decl.taxpayer.tax_office_name)
    out.day("ngayLapTKhai", decl.prepared_on)
    out.open("GiaHan")
    out.empty("maLyDoGiaHan")
    out.empty("lyDoGiaHan")
    out.close("GiaHan")
    out.text("nguoiKy", decl.signer)
    out.day("ngayKy", decl.signed_on)
    out.empty("nganhNgheKD")
    out.close("TKhaiThue")
    tp = decl.taxpayer
    out.open("NNT")
    out.code("mst", tp.tax_code)
    out.text("tenNNT", tp.name)
    out.text("dchiNNT", tp.address)
    out.text("phuongXa", tp.ward)
    out.empty("maHuyenNNT")
    out.text("tenHuyenNNT", tp.district)
    out.text("maTinhNNT", province_code(tp.province))
    out.text("tenTinhNNT", tp.province)
    out.text("dthoaiNNT", tp.phone)
    out.text("faxNNT", tp.fax)
    out.text("emailNNT", tp.email)
    out.close("NNT")
    out.close("TTinTKhaiThue")
    out.close("TTinChung")


def _period(out: _Out, decl: Declaration) -> None:
    period = decl.period
    out.open("KyKKhaiThue")
    out.text("kieuKy", kieu_ky(period))
    out.text("kyKKhai", ky_kkhai(period))
    if period.kind is PeriodKind.HALF and decl.layout != LAYOUT_TKN:
        out.empty("kyKKhaiTuNgay")
        out.empty("kyKKhaiDenNgay")
    else:
        out.text("kyKKhaiTuNgay", vn_date(period.start))
        out.text("kyKKhaiDenNgay", vn_date(period.end))
    if period.kind in (PeriodKind.YEAR, PeriodKind.QUARTER):  # as HTKK exports (issue 15 §3)
        out.empty("kyKKhaiTuThang")
        out.empty("kyKKhaiDenThang")
    else:
        out.text("kyKKhaiTuThang", vn_month(period.year, period.first_month))
        out.text("kyKKhaiDenThang", vn_month(period.year, period.last_month))
    out.close("KyKKhaiThue")


# -- 01/CNKD TT 40 (§6) ---------------------------------------------------------------------------

def _tt40(out: _Out, decl: Declaration, body: Tt40Body) -> None:
    tp = decl.taxpayer
    out.code("mst_cu", tp.legacy_tax_code)
    out.open("Header")
    for box in TT40_METHOD_BOXES:
        out.flag(box, box == body.method_box)
    out.text("ct05", tp.shop_name)
    out.text("ct06", tp.bank_account)
    out.open("CT08")
    for index, name in enumerate(tp.business_lines or ("",), start=1):
        out.open("NNgheKDoanh", f' id="ID_{index}"')
        out.empty("maNNgheKDoanh")
        out.text("tenNNgheKDoanh", name)
        out.close("NNgheKDoanh")
    out.close("CT08")
    out.word_flag("ct08a", False)
    out.qty("ct09", tp.area_m2)
    out.word_flag("ct09a", tp.rented)
    out.num("ct10", tp.employees)
    out.open("CT11")
    for tag in ("tuGio", "tuPhut", "denGio", "denPhut"):
        out.nil(tag)
    out.close("CT11")
    out.open("CT12")
    out.word_flag("ct12a_tdtt", False)
    out.text("ct12b_soNha", tp.address)
    out.text("ct12c_maPhuong", ward_code(tp.ward, tp.province))
    out.text("ct12c_tenPhuong", tp.ward)
    out.empty("ct12d_maQuan")
    out.text("ct12d_tenQuan", tp.district)
    out.text("ct12d_maTinh", province_code(tp.province))
    out.text("ct12d_tenTinh", tp.province)
    out.word_flag("ct12e_kdbiengioi", False)
    out.close("CT12")
    home = split_address(tp.residence)  # [13a]–[13d] box by box when the parts are known units
    out.open("CT13")
    out.text("ct13a_soNha", home.street)
    out.text("ct13b_maPhuong", home.ward_code)
    out.text("ct13b_tenPhuong", home.ward)
    out.empty("ct13c_maQuan")
    out.empty("ct13c_tenQuan")
    out.text("ct13d_maTinh", home.province_code)
    out.text("ct13d_tenTinh", home.province)
    out.close("CT13")
    out.empty("ct17")
    out.nil("ct17_ngay")
    out.open("CNKDChuaDangKyThue")
    out.nil("ct18a_ngaySinh")
    for tag in ("ct18b_maQuocTich", "ct18b_tenQuocTich", "ct18c_ma", "ct18c_ten", "ct18c_soCMND_CCCD"):
        out.empty(tag)
    out.nil("ct18c_1_ngayCap")
    for tag in ("ct18c_2_noiCap_loai", "ct18c_2_noiCap_ten", "ct18c_2_noiCap_ma"):
        out.empty(tag)
    out.close("CNKDChuaDangKyThue")
    out.nil("ct18k")
    out.open("ToChucKThay")
    out.empty("ct22")
    out.nil("ct23")
    for tag in ("ct24", "ct25", "ct26", "ct27"):
        out.empty(tag)
    out.close("ToChucKThay")
    out.close("Header")
    rows = (*body.rows, body.total)
    out.open("KKThueGTGT_TNCN")
    for group, attr in (("DoanhThuThueGTGT", "vat_revenue"), ("SoThueGTGT", "vat"),
                        ("DoanhThuThueTNCN", "pit_revenue"), ("SoThueTNCN", "pit")):
        out.open(group)
        for row in rows:
            out.num(f"ct{row.box}", getattr(row, attr))
        out.close(group)
    out.close("KKThueGTGT_TNCN")
    out.open("KKhaiThueTTDB")
    out.open("CTietKKhaiThueTTDB", ' id="ID_1"')
    _blank_row(out, ("ct5", "ct6", "ct7"))
    out.close("CTietKKhaiThueTTDB")
    out.num("tong_ct5", 0)
    out.num("tong_ct7", 0)
    out.close("KKhaiThueTTDB")
    out.open("KKhaiTBVMT_TN")
    for table, row_tag, numbers in (("ThueTaiNguyen", "CTietThueTaiNguyen", ("ct5", "ct6", "ct7", "ct8")),
                                    ("ThueBVMT", "CTietThueBVMT", ("ct5", "ct6", "ct8")),
                                    ("PhiBVMT", "CTietPhiBVMT", ("ct5", "ct6", "ct8"))):
        out.open(table)
        out.open(row_tag, ' id="ID_1"')
        _blank_row(out, numbers)
        out.close(row_tag)
        out.num("tongCong", 0)
        out.close(table)
    out.close("KKhaiTBVMT_TN")


def _blank_row(out: _Out, numbers: tuple[str, ...]) -> None:
    """The one empty row HTKK writes in an empty Part B/C table (reading OQ-22)."""
    for tag in ("ct2_ma", "ct2_ten", "ct3", "ct4"):
        out.empty(tag)
    for tag in numbers:
        out.num(tag, 0)


# -- 01/CNKD TT 18 (§9) ---------------------------------------------------------------------------

def _tt18(out: _Out, decl: Declaration, body: Tt18Body) -> None:
    out.code("mst_cu", decl.taxpayer.legacy_tax_code)
    out.open("Header")
    out.flag("nopThueTNCNDoanhThu", body.method == "revenue")
    out.flag("nopThueTNCNThunhapTinhThue", body.method == "income")
    out.flag("hoatDongTMDT", body.platform_only)
    out.flag("hoatDongKhac", False)
    out.flag("hoatDongLPS", False)
    out.open("ToChucNopThueThay")
    out.empty("ct7_ten")
    out.nil("ct7_1_ma")
    out.empty("ct7_2_so")
    out.nil("ct7_2_ngay")
    out.close("ToChucNopThueThay")
    out.close("Header")
    out.open("KhaiThueGTGTTNCN")
    row_id = 0
    for section, places in (("KinhDoanhDiaDiemCoDinh", body.fixed), ("KinhDoanhTMDT", body.platform),
                            ("KinhDoanhLPS", body.per_occurrence)):
        if not places:
            out.empty(section)
            continue
        out.open(section)
        for place in places:
            row_id = _place(out, place, row_id)
        out.close(section)
    total = body.total
    out.open("TongCongCT16")
    out.num("tongCT11", total.vat_revenue)
    out.num("tongCT12", total.vat)
    out.num("tongCT13", total.pit_revenue)
    out.num("tongCT14", total.deduction)
    out.num("tongCT15", total.pit)
    out.close("TongCongCT16")
    out.open("SoThueMienCT17")
    out.num("soThueDuocMienCT12", body.exempt_vat)
    out.num("soThueDuocMienCT15", body.exempt_pit)
    out.close("SoThueMienCT17")
    out.open("SoThueConPhaiNopCT18")
    out.num("soThueGTGT_ct12", body.payable_vat)
    out.num("soThueTNCN_ct15", body.payable_pit)
    out.close("SoThueConPhaiNopCT18")
    out.close("KhaiThueGTGTTNCN")
    out.open("KKhaiThueTTDB")
    out.open("TongCongCT20")
    out.num("tongCT5", 0)
    out.num("tongCT7", 0)
    out.close("TongCongCT20")
    out.num("soThueMienCT21", 0)
    out.num("soThueConPhaiNopCT22", 0)
    out.close("KKhaiThueTTDB")
    out.open("KKhaiTaiNguyen")
    for table, first in (("ThueTaiNguyen", 24), ("ThueBVMT", 28), ("PhiBVMT", 32)):
        out.open(table)
        out.num(f"tongCongCT{first}", 0)
        out.num(f"soThueMienCT{first + 1}", 0)
        out.num(f"soThueConPhaiNopCT{first + 2}", 0)
        out.close(table)
    out.close("KKhaiTaiNguyen")
    out.open("HoTroThongTinNopThue")
    for index, pay in enumerate(body.payments, start=1):
        out.open("ChiTietThongTinNopTHue", f' id="ID_{index}"')
        out.text("ct36_ma", pay.location_code)
        out.text("ct37", pay.content)
        out.num("ct38", pay.amount)
        out.text("ct39_ma", pay.chapter)
        out.text("ct40_ma", pay.sub_item)
        out.text("ct41_maDBHC", pay.area_code)
        out.text("ct41_tenDBHC", pay.area_name)
        out.text("ct42_maCQThu", pay.collector_code)
        out.text("ct42_tenCQThu", pay.collector_name)
        out.text("ct43_maCQThue", pay.office_code)
        out.text("ct43_tenCQThue", pay.office_name)
        out.day("ct44", pay.due)
        out.close("ChiTietThongTinNopTHue")
    out.num("tongTienCT44", sum(p.amount for p in body.payments))
    out.close("HoTroThongTinNopThue")
    out.num("soTienTruKyTiep", body.deduction_left)


def _place(out: _Out, place: Place, row_id: int) -> int:
    out.open("DoanhThuThueGTGTTNCN")
    out.flag("truSoChinh", place.head_office)
    out.text("ma_diaDiemKD", place.code)
    out.text("ten_diaDiemKD", place.name)
    out.open("diaChi_diaDiemKD")
    out.text("diaChi", place.address)
    out.text("ten_xaPhuong", place.ward)
    out.text("ten_tinh", place.province)
    out.close("diaChi_diaDiemKD")
    for row in place.rows:
        row_id += 1
        out.open("CTietDoanhThu", f' id="ID_{row_id}"')
        out.text("ct09_ten", row.name)
        out.text("ct10", row.code)
        out.num("ct11", row.vat_revenue)
        out.num("ct12_soThue", row.vat)
        out.num("ct13", row.pit_revenue)
        out.num("ct14", row.deduction)
        out.num("ct15_soThue", row.pit)
        out.close("CTietDoanhThu")
    out.close("DoanhThuThueGTGTTNCN")
    return row_id


# -- 01/TKN-CNKD 2026 (§11, reading OQ-05) ------------------------------------------------------

def _tkn(out: _Out, body: TknBody) -> None:
    columns: dict[str, int] = {
        "TongDoanhThuTrongNam": body.revenue, "ThueGTGTPhaiNop": body.vat, "ThueTNCNPhaiNop": body.pit,
        "ThueGTGTDaKhauTruTamNop": body.withheld_vat, "ThueTNCNDaKhauTruTamNop": body.withheld_pit,
        "ThueGTGTPhaiNopThem": body.vat_to_pay, "ThueTNCNPhaiNopThem": body.pit_to_pay,
        "ThueGTGTNopThua": body.vat_overpaid, "ThueTNCNNopThua": body.pit_overpaid,
    }
    for group in TKN_GROUPS:
        out.open(group)
        for tag in TKN_ROWS:
            out.num(tag, columns[group] if tag in ("ct15", "ct16") else 0)
        out.close(group)
    out.open("HoTroThongTinNopThue")
    out.num("tong_sotien", body.vat_to_pay + body.pit_to_pay)
    out.close("HoTroThongTinNopThue")


# -- appendices (§7, §8, §10, §12) ------------------------------------------------------------------

def _bk_hdkd(out: _Out, bk: BkHdkd) -> None:
    out.open("PLuc_01_2_BK_HDKD")
    out.open("VlieuDcuSPHH")
    out.open("BKeVLDCSPHH")
    items = bk.items
    for index, item in enumerate(items, start=1):
        out.open("CTietHKDCNKD", f' id="ID_{index}"')
        out.text("ct06", item.name)
        out.text("ct07", item.unit)
        out.qty("ct08", item.opening_qty)
        out.num("ct09", item.opening_value)
        out.qty("ct10", item.in_qty)
        out.num("ct11", item.in_value)
        out.qty("ct12", item.out_qty)
        out.num("ct13", item.out_value)
        out.qty("ct14", item.closing_qty)
        out.num("ct15", item.closing_value)
        out.close("CTietHKDCNKD")
    for index, (quantity, value) in enumerate(bk.item_totals):
        out.qty(f"ct{16 + 2 * index}", quantity)
        out.num(f"ct{17 + 2 * index}", value)
    out.close("BKeVLDCSPHH")
    out.close("VlieuDcuSPHH")
    out.open("ChiPhiQL")
    for box, amount in zip(BK_HDKD_COST_BOXES, bk.costs, strict=True):
        out.num(f"ct{box}", amount)
    out.num("ct31", bk.cost_total)
    out.close("ChiPhiQL")
    out.close("PLuc_01_2_BK_HDKD")


def _bk_stk(out: _Out, bk: BkStk) -> None:
    out.open("PLuc_01_BK_STK")
    for index, acc in enumerate(bk.accounts, start=1):
        out.open("CTietSTK", f' id="ID_{index}"')
        out.text("ct04_ten", acc.location_name)
        out.text("ct05_ma", acc.location_code)
        out.text("ct06", acc.number)
        out.text("ct07", acc.holder)
        out.text("ct08_ten", acc.provider)
        out.text("ct09_ten", acc.status)
        out.close("CTietSTK")
    out.close("PLuc_01_BK_STK")


def _stock_rows(out: _Out, tag: str, rows: tuple[StockRow, ...]) -> None:
    for index, row in enumerate(rows, start=1):
        out.open(tag, f' id="ID_{index}"')
        out.text("ct04", row.name)
        out.text("ct05", row.unit)
        out.qty("ct06", row.qty)
        out.num("ct07", row.value)
        out.close(tag)


def _bk_htk(out: _Out, bk: BkHtk) -> None:
    out.open("PLuc_01_BK_HTK")
    out.open("HHoaSPhamTonKho")
    _stock_rows(out, "CTietHHoaSPham", bk.goods)
    out.qty("ct08", bk.goods_total[0])
    out.num("ct09", bk.goods_total[1])
    out.close("HHoaSPhamTonKho")
    out.open("MayMocThietBi")
    _stock_rows(out, "CTietMayMocThietBi", bk.machines)
    out.qty("ct10", bk.machines_total[0])
    out.num("ct11", bk.machines_total[1])
    out.close("MayMocThietBi")
    out.qty("ct12", bk.total[0])
    out.num("ct13", bk.total[1])
    out.close("PLuc_01_BK_HTK")


def _vat_cut(out: _Out, cut: VatCut) -> None:
    out.open("PL_NQ142_GTGT")
    out.open("HH_DV_MuaVaoTrongKy")
    out.num("tongCongGiaTriHHDVMuaVao", 0)
    out.num("tongCongThueGTGTHHDV", 0)
    out.close("HH_DV_MuaVaoTrongKy")
    out.open("HH_DV_BanRaTrongKy")
    for index, row in enumerate(cut.rows, start=1):
        out.open("BangKeTenHHDV", f' ID="ID_{index}"')  # upper-case, as in HTKK exports
        out.text("tenHHDV", row.name)
        out.num("giaTriHHDV", row.revenue)
        out.qty("thueSuatTheoQuyDinh", rate_as_percent(row.rate))
        out.qty("thueSuatSauGiam", rate_as_percent(row.reduced_rate))
        out.num("thueGTGTDuocGiam", row.reduction)
        out.close("BangKeTenHHDV")
    out.num("tongCongGiaTriHHDV", cut.revenue_total)
    out.num("tongCongThueGTGTDuocGiam", cut.reduction_total)
    out.close("HH_DV_BanRaTrongKy")
    out.open("ChenhLech")
    out.nil("ct9")
    out.close("ChenhLech")
    out.close("PL_NQ142_GTGT")

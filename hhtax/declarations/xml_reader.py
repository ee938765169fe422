"""Read `HSoThueDTu` XML (ours or HTKK's, same forms) back into a `Declaration`.

Parsing goes through defusedxml: DTDs, entity declarations (billion laughs) and external
references are refused with a `DeclarationError` before anything is expanded. Element names are
matched by local name, so the default namespace (xml-format.md §3) and namespace-less files both
read. The reader is tolerant (missing optional elements read as empty); `validate` is strict.
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from hhtax.declarations.model import (
    BK_HDKD_COST_BOXES,
    LAYOUT_QTT,
    LAYOUT_TKN,
    LAYOUT_TT18,
    LAYOUT_TT40,
    TT40_BOXES,
    TT40_METHOD_BOXES,
    AccountRow,
    Appendix,
    BkHdkd,
    BkHtk,
    BkStk,
    Body,
    Declaration,
    FormInfo,
    InventoryRow,
    Khbs,
    KhbsRow,
    Payment,
    Place,
    Service,
    StockRow,
    Taxpayer,
    TknBody,
    Tt18Body,
    Tt18Row,
    Tt40Body,
    Tt40Row,
    VatCut,
    VatCutRow,
)
from hhtax.errors import DeclarationError, HhtaxError, Problem
from hhtax.money import format_vnd, percent
from hhtax.periods import Period, PeriodKind
from hhtax.rules import RuleBook, load_rules

LAYOUTS = {"473": LAYOUT_TT40, "1240": LAYOUT_TT18, "1245": LAYOUT_TKN, "1244": LAYOUT_QTT}
_KIEU = {"M": PeriodKind.MONTH, "Q": PeriodKind.QUARTER, "N": PeriodKind.HALF, "Y": PeriodKind.YEAR}


def parse_document(data: bytes) -> ET.Element:
    """Parse XML bytes safely; DTDs, entities and external references raise DeclarationError."""
    try:
        root: ET.Element = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                             forbid_external=True)
        return root
    except DefusedXmlException as exc:
        raise DeclarationError([Problem("document", f"refused: {type(exc).__name__} "
                                        "(DTDs, entity declarations and external references are not "
                                        "allowed in a declaration)")]) from None
    except ET.ParseError as exc:
        raise DeclarationError([Problem("document", f"not well-formed XML: {exc}")]) from None
    except (LookupError, ValueError, UnicodeError) as exc:  # e.g. an unknown encoding="…"
        raise DeclarationError([Problem("document", f"not readable XML: {exc}")]) from None


def local(tag: str) -> str:
    return tag[tag.rfind("}") + 1:]


def kids(el: ET.Element | None, name: str) -> list[ET.Element]:
    if el is None:
        return []
    return [child for child in el if local(child.tag) == name]


def find(el: ET.Element | None, path: str) -> ET.Element | None:
    """The first element at a slash-separated path of local names, or None."""
    for name in path.split("/"):
        if el is None:
            return None
        el = next((child for child in el if child.tag[child.tag.rfind("}") + 1:] == name), None)
    return el


def text(el: ET.Element | None, path: str = "") -> str:
    node = find(el, path) if path else el
    if node is None or node.text is None:
        return ""
    return unicodedata.normalize("NFC", node.text.strip())


def integer(el: ET.Element | None, path: str, where: str) -> int | None:
    """An integer element; None when absent, empty or xsi:nil."""
    raw = text(el, path)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise DeclarationError([Problem(f"{where}/{path}", f"{raw!r} is not a whole number")]) from None


def amount(el: ET.Element | None, path: str, where: str) -> int:
    value = integer(el, path, where)
    return 0 if value is None else value


def decimal(el: ET.Element | None, path: str, where: str) -> Decimal | None:
    raw = text(el, path)
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise DeclarationError([Problem(f"{where}/{path}", f"{raw!r} is not a number")]) from None
    if not value.is_finite():
        raise DeclarationError([Problem(f"{where}/{path}", f"{raw!r} is not a number")])
    return value


def qty(el: ET.Element | None, path: str, where: str) -> Decimal:
    value = decimal(el, path, where)
    return Decimal(0) if value is None else value


def iso_date(el: ET.Element | None, path: str, where: str) -> date | None:
    raw = text(el, path)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DeclarationError([Problem(f"{where}/{path}", f"{raw!r} is not a date YYYY-MM-DD")]) from None


def flag(el: ET.Element | None, path: str) -> bool:
    return text(el, path).lower() in ("1", "true")


def parse_period(kieu: str, ky: str) -> Period:
    """`kieuKy` + `kyKKhai` → Period (xml-format.md §4); DeclarationError when inconsistent."""
    kind = _KIEU.get(kieu)
    try:
        if kind is None:
            raise ValueError(f"kieuKy {kieu!r} is not one of M, Q, N, Y")
        if kind is PeriodKind.YEAR:
            if len(ky) != 4 or not ky.isdigit():
                raise ValueError("a year is written YYYY")
            return Period(int(ky), kind, 1)
        index_text, _, year_text = ky.partition("/")
        if kind is PeriodKind.MONTH and len(index_text) != 2:
            raise ValueError("a month is written MM/YYYY")
        if kind is not PeriodKind.MONTH and len(index_text) != 1:
            raise ValueError("a quarter or half is written n/YYYY without a zero")
        if not (index_text.isdigit() and year_text.isdigit() and len(year_text) == 4):
            raise ValueError(f"{ky!r} does not match kieuKy {kieu}")
        return Period(int(year_text), kind, int(index_text))
    except (ValueError, HhtaxError) as exc:
        raise DeclarationError([Problem("TKhaiThue/KyKKhaiThue/kyKKhai", f"{ky!r}: {exc}")]) from None


def form_info(rules: RuleBook, key: str, on: date) -> FormInfo:
    """A `forms.<key>` rule as a FormInfo; the caption's "{threshold}" is the `threshold` rule on `on`
    (NĐ 68/2026 Art 3.1, 4.1 as amended by NĐ 141/2026), written as on the form ("1.000.000.000")."""
    value: dict[str, Any] = rules.value(f"forms.{key}", on)
    caption = str(value.get("caption", ""))
    if "{threshold}" in caption:
        caption = caption.replace("{threshold}", format_vnd(int(rules.value("threshold", on))))
    return FormInfo(key=key, code=value["code"], ma_tkhai=value.get("ma_tkhai", ""),
                    version=value.get("version", ""), title=value.get("title", ""),
                    circular=value.get("circular", ""), verified=bool(value.get("verified", False)),
                    caption=caption, supplement=str(value.get("supplement", "khbs")))


MAIN_FORMS = ("01_CNKD", "01_TKN_CNKD", "02_CNKD")


def main_form_key(rules: RuleBook, ma_tkhai: str, on: date) -> str:
    """The main-form key (`forms.01_CNKD`, `forms.01_TKN_CNKD`) whose XML code is `ma_tkhai` on `on`."""
    for key in MAIN_FORMS:
        rule = rules.find(f"forms.{key}", on)
        if rule is not None and rule.value.get("ma_tkhai") == ma_tkhai:
            return key
    raise DeclarationError([Problem("TKhaiThue/maTKhai", f"form {ma_tkhai} is not known on {on:%d/%m/%Y}")])


def from_xml(data: bytes, rules: RuleBook | None = None) -> Declaration:
    """Parse a declaration; raises DeclarationError on unsafe, malformed or unknown input."""
    root = parse_document(data)
    if local(root.tag) != "HSoThueDTu":
        raise DeclarationError([Problem(local(root.tag), "the root element must be HSoThueDTu")])
    return read_declaration(root, rules or load_rules())


def read_declaration(root: ET.Element, rules: RuleBook) -> Declaration:
    hso = find(root, "HSoKhaiThue")
    head = find(hso, "TTinChung/TTinTKhaiThue/TKhaiThue")
    if hso is None or head is None:
        raise DeclarationError([Problem("HSoKhaiThue/TTinChung/TTinTKhaiThue/TKhaiThue", "missing")])
    ma_tkhai = text(head, "maTKhai")
    layout = LAYOUTS.get(ma_tkhai)
    if layout is None:
        raise DeclarationError([Problem("TKhaiThue/maTKhai", f"form {ma_tkhai!r} is not supported "
                                        "(473, 1240, 1244, 1245)")])
    period = parse_period(text(head, "KyKKhaiThue/kieuKy"), text(head, "KyKKhaiThue/kyKKhai"))
    key = main_form_key(rules, ma_tkhai, period.end)
    ruled = form_info(rules, key, period.end)
    form = FormInfo(key=key, code=ruled.code, ma_tkhai=ma_tkhai, version=text(head, "pbanTKhaiXML"),
                    title=text(head, "tenTKhai"), circular=_unparen(text(head, "moTaBMau")),
                    verified=ruled.verified, caption=ruled.caption,  # the caption is printed only
                    supplement=ruled.supplement)
    body_el = find(hso, "CTieuTKhaiChinh")
    taxpayer = _taxpayer(hso, body_el, layout)
    body: Body
    if layout == LAYOUT_TT40:
        body = _tt40(body_el)
    elif layout == LAYOUT_QTT:
        from hhtax.declarations.xml_qtt import read_qtt  # (xml_qtt uses this module's helpers)

        body = read_qtt(body_el)
    elif layout == LAYOUT_TT18:
        body = _tt18(body_el, group_names(rules, period.end))
    else:
        body = _tkn(body_el)
    svc = find(hso, "TTinChung/TTinDVu")
    prepared = iso_date(head, "ngayLapTKhai", "TKhaiThue")
    return Declaration(
        form=form, layout=layout, period=period, taxpayer=taxpayer, body=body,
        prepared_on=prepared or period.end, kind=text(head, "loaiTKhai"),
        seq=amount(head, "soLan", "TKhaiThue"), signer=text(head, "nguoiKy"),
        signed_on=iso_date(head, "ngayKy", "TKhaiThue"),
        service=Service(text(svc, "maDVu"), text(svc, "tenDVu"), text(svc, "pbanDVu"),
                        text(svc, "ttinNhaCCapDVu")),
        appendices=_appendices(find(hso, "PLuc"), rules, period.end))


def _unparen(value: str) -> str:
    """`moTaBMau` is written in parentheses, as HTKK does: "(Ban hành kèm theo …)" → "Ban hành kèm theo …"."""
    return value[1:-1] if value.startswith("(") and value.endswith(")") else value


def _taxpayer(hso: ET.Element, body: ET.Element | None, layout: str) -> Taxpayer:
    head = find(hso, "TTinChung/TTinTKhaiThue/TKhaiThue")
    nnt = find(hso, "TTinChung/TTinTKhaiThue/NNT")
    fields: dict[str, Any] = {
        "tax_code": text(nnt, "mst"), "name": text(nnt, "tenNNT"), "legacy_tax_code": text(body, "mst_cu"),
        "address": text(nnt, "dchiNNT"), "ward": text(nnt, "phuongXa") or text(nnt, "tenXaNNT"),
        "district": text(nnt, "tenHuyenNNT"), "province": text(nnt, "tenTinhNNT"),
        "phone": text(nnt, "dthoaiNNT"), "fax": text(nnt, "faxNNT"), "email": text(nnt, "emailNNT"),
        "tax_office_code": text(head, "maCQTNoiNop"), "tax_office_name": text(head, "tenCQTNoiNop"),
    }
    if layout == LAYOUT_TT40:
        header = find(body, "Header")
        fields.update(
            shop_name=text(header, "ct05"), bank_account=text(header, "ct06"),
            business_lines=tuple(name for row in kids(find(header, "CT08"), "NNgheKDoanh")
                                 if (name := text(row, "tenNNgheKDoanh"))),
            area_m2=decimal(header, "ct09", "Header"), rented=flag(header, "ct09a"),
            employees=integer(header, "ct10", "Header"), residence=", ".join(
                part for tag in ("ct13a_soNha", "ct13b_tenPhuong", "ct13c_tenQuan", "ct13d_tenTinh")
                if (part := text(header, f"CT13/{tag}"))))
    return Taxpayer(**fields)


def _tt40(body: ET.Element | None) -> Tt40Body:
    header = find(body, "Header")
    method = next((box for box in TT40_METHOD_BOXES if flag(header, box)), "")
    part = find(body, "KKThueGTGT_TNCN")
    where = "CTieuTKhaiChinh/KKThueGTGT_TNCN"
    rows = tuple(Tt40Row(box, amount(part, f"DoanhThuThueGTGT/ct{box}", where),
                         amount(part, f"SoThueGTGT/ct{box}", where),
                         amount(part, f"DoanhThuThueTNCN/ct{box}", where),
                         amount(part, f"SoThueTNCN/ct{box}", where)) for box in TT40_BOXES)
    return Tt40Body(rows=rows, method_box=method)


def group_names(rules: RuleBook, on: date) -> dict[str, str]:
    """Printed group name (`groups.<g>.name_vi`) → hhtax group code, for the rules in force on `on`."""
    names: dict[str, str] = {}
    for rule in rules.all_on(on):
        parts = rule.name.split(".")
        if len(parts) == 3 and parts[0] == "groups" and parts[2] == "name_vi":
            names[str(rule.value)] = parts[1]
    return names


def _tt18(body: ET.Element | None, groups: dict[str, str]) -> Tt18Body:
    header = find(body, "Header")
    part = find(body, "KhaiThueGTGTTNCN")
    where = "CTieuTKhaiChinh/KhaiThueGTGTTNCN"
    sections = [tuple(_place(p, f"{where}/{name}", groups)
                      for p in kids(find(part, name), "DoanhThuThueGTGTTNCN"))
                for name in ("KinhDoanhDiaDiemCoDinh", "KinhDoanhTMDT", "KinhDoanhLPS")]
    payments = tuple(
        Payment(location_code=text(row, "ct36_ma"), content=text(row, "ct37"),
                amount=amount(row, "ct38", "HoTroThongTinNopThue"), sub_item=text(row, "ct40_ma"),
                due=iso_date(row, "ct44", "HoTroThongTinNopThue"), chapter=text(row, "ct39_ma"),
                area_code=text(row, "ct41_maDBHC"), area_name=text(row, "ct41_tenDBHC"),
                collector_code=text(row, "ct42_maCQThu"), collector_name=text(row, "ct42_tenCQThu"),
                office_code=text(row, "ct43_maCQThue"), office_name=text(row, "ct43_tenCQThue"))
        for row in kids(find(body, "HoTroThongTinNopThue"), "ChiTietThongTinNopTHue"))
    method = "income" if flag(header, "nopThueTNCNThunhapTinhThue") else "revenue"
    return Tt18Body(
        method=method, fixed=sections[0], platform=sections[1], per_occurrence=sections[2],
        platform_only=flag(header, "hoatDongTMDT"),
        exempt_vat=amount(part, "SoThueMienCT17/soThueDuocMienCT12", where),
        exempt_pit=amount(part, "SoThueMienCT17/soThueDuocMienCT15", where),
        deduction_left=amount(body, "soTienTruKyTiep", "CTieuTKhaiChinh"), payments=payments)


def _place(el: ET.Element, where: str, groups: dict[str, str]) -> Place:
    rows = tuple(
        Tt18Row(group=groups.get(text(row, "ct09_ten"), ""), name=text(row, "ct09_ten"),
                code=text(row, "ct10"),
                vat_revenue=amount(row, "ct11", where), vat=amount(row, "ct12_soThue", where),
                pit_revenue=amount(row, "ct13", where), deduction=amount(row, "ct14", where),
                pit=amount(row, "ct15_soThue", where))
        for row in kids(el, "CTietDoanhThu"))
    return Place(head_office=flag(el, "truSoChinh"), code=text(el, "ma_diaDiemKD"),
                 name=text(el, "ten_diaDiemKD"), address=text(el, "diaChi_diaDiemKD/diaChi"),
                 ward=text(el, "diaChi_diaDiemKD/ten_xaPhuong"),
                 province=text(el, "diaChi_diaDiemKD/ten_tinh"), rows=rows)


def _tkn(body: ET.Element | None) -> TknBody:
    where = "CTieuTKhaiChinh"
    return TknBody(revenue=amount(body, "TongDoanhThuTrongNam/ct16", where),
                   vat=amount(body, "ThueGTGTPhaiNop/ct16", where),
                   pit=amount(body, "ThueTNCNPhaiNop/ct16", where),
                   withheld_vat=amount(body, "ThueGTGTDaKhauTruTamNop/ct16", where),
                   withheld_pit=amount(body, "ThueTNCNDaKhauTruTamNop/ct16", where))


# -- appendices ------------------------------------------------------------------------------------

def _appendices(pluc: ET.Element | None, rules: RuleBook, on: date) -> tuple[Appendix, ...]:
    found: list[Appendix] = []
    if pluc is None:
        return ()
    for child in pluc:
        name = local(child.tag)
        if name == "PLuc_01_2_BK_HDKD":
            found.append(_bk_hdkd(child, form_info(rules, "01_2_BK_HDKD", on)))
        elif name == "PLuc_01_BK_STK":
            found.append(_bk_stk(child, form_info(rules, "01_BK_STK", on)))
        elif name == "PLuc_01_BK_HTK":
            found.append(_bk_htk(child, form_info(rules, "01_BK_HTK", on)))
        elif name == "PL_NQ142_GTGT":
            found.append(_vat_cut(child, form_info(rules, "PL_NQ142_GTGT", on)))
        elif name == "PL01_1_KHBS":
            found.append(_khbs(find(pluc, "PL01_KHBS"), child, rules, on))
    return tuple(found)


def _bk_hdkd(el: ET.Element, form: FormInfo) -> BkHdkd:
    where = "PLuc_01_2_BK_HDKD"
    items = []
    for row in kids(find(el, "VlieuDcuSPHH/BKeVLDCSPHH"), "CTietHKDCNKD"):
        items.append(InventoryRow(
            name=text(row, "ct06"), unit=text(row, "ct07"),
            opening_qty=qty(row, "ct08", where), opening_value=amount(row, "ct09", where),
            in_qty=qty(row, "ct10", where), in_value=amount(row, "ct11", where),
            out_qty=qty(row, "ct12", where), out_value=amount(row, "ct13", where),
            closing_qty=qty(row, "ct14", where), closing_value=amount(row, "ct15", where)))
    costs = find(el, "ChiPhiQL")
    return BkHdkd(form=form, items=tuple(items),
                  costs=tuple(amount(costs, f"ct{box}", where) for box in BK_HDKD_COST_BOXES))


def _bk_stk(el: ET.Element, form: FormInfo) -> BkStk:
    return BkStk(form=form, accounts=tuple(
        AccountRow(location_name=text(row, "ct04_ten"), location_code=text(row, "ct05_ma"),
                   number=text(row, "ct06"), holder=text(row, "ct07"), provider=text(row, "ct08_ten"),
                   status=text(row, "ct09_ten"))
        for row in kids(el, "CTietSTK")))


def _stock(el: ET.Element | None, tag: str) -> tuple[StockRow, ...]:
    return tuple(StockRow(name=text(row, "ct04"), unit=text(row, "ct05"), qty=qty(row, "ct06", tag),
                          value=amount(row, "ct07", tag)) for row in kids(el, tag))


def _bk_htk(el: ET.Element, form: FormInfo) -> BkHtk:
    return BkHtk(form=form, goods=_stock(find(el, "HHoaSPhamTonKho"), "CTietHHoaSPham"),
                 machines=_stock(find(el, "MayMocThietBi"), "CTietMayMocThietBi"))


def _vat_cut(el: ET.Element, form: FormInfo) -> VatCut:
    where = "PL_NQ142_GTGT"
    rows = tuple(
        VatCutRow(name=text(row, "tenHHDV"), revenue=amount(row, "giaTriHHDV", where),
                  rate=percent(qty(row, "thueSuatTheoQuyDinh", where)),
                  reduced_rate=percent(qty(row, "thueSuatSauGiam", where)),
                  reduction=amount(row, "thueGTGTDuocGiam", where))
        for row in kids(find(el, "HH_DV_BanRaTrongKy"), "BangKeTenHHDV"))
    return VatCut(form=form, rows=rows)


def _khbs(interest: ET.Element | None, explain: ET.Element | None, rules: RuleBook, on: date) -> Khbs:
    where = "PL01_1_KHBS"
    sheet = find(explain, "Muc_A/DSachHSo/BKeHSo")
    sub_items = {text(row, "ct2_ten"): text(row, "ct2_ma")
                 for row in kids(find(interest, "Muc_A/Muc_I/Muc_1"), "ChiTiet")}
    rows = []
    for row in kids(find(sheet, "CTietHSo"), "ChiTiet"):
        name = text(row, "ct3_1_ten") or text(row, "ct2_ten") or text(row, "ct3_2_ten")
        filed, corrected = amount(row, "ct04", where), amount(row, "ct05", where)
        rows.append(KhbsRow(name=name, box=text(row, "ct3_ma"), filed=filed, corrected=corrected,
                            tax=name in sub_items,
                            reason=text(row, "ct8"), sub_item=sub_items.get(name, "")))
    late = find(interest, "Muc_A/Muc_I/Muc_3")
    return Khbs(form=form_info(rules, "01_1_KHBS", on), interest_form=form_info(rules, "PL01_KHBS", on),
                return_name=text(sheet, "ten_HSo"), rows=tuple(rows),
                return_form=text(explain, "Header/tenTKhai") or text(interest, "Header/tenTKhai"),
                interest_to=iso_date(late, "ct3a_1", "PL01_KHBS"),
                late_days=amount(late, "ct3a_2", "PL01_KHBS"), interest=amount(late, "ct3b", "PL01_KHBS"))

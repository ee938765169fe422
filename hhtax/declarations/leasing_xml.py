"""XML of the leasing returns: 01/TTS (470, 2.8.3) and 01/BĐS (1255, 2.8.9), writer and reader.

The envelope (`TTinChung`, period, taxpayer) is the one of every household form (`xml_writer`,
shared/law/xml-format.md §1–§4). The bodies follow the paths the tax authority's stylesheets read
(shared/law/form-01-tts.md §3–§4: `Header`, `CaNhanKeKhai/ct23`…`ct29`, `PLuc/PLuc_01_BK_TTS/
CTietBKeHDongTTS`; forms-more.md §2: `Header` threshold boxes and [06]–[07], `CaNhanKeKhai/ct09`…
`ct18`, `HoTroThongTinNopThue`, `soTienTruKyTiep`, `PLuc/PLuc_01_BK_BDS`). Element order is the
stylesheets' reading order (no XSD was published; reconstructed in schemas/470.xsd, 1255.xsd).
Check boxes: 01/TTS writes `true`/`false` (the 2.4.9 header of a 470 B ticks only on `true`);
01/BĐS writes `1`/`0` for both threshold boxes (a missing one drops the line).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

from hhtax.declarations.leasing_model import (
    LAYOUT_BDS,
    LAYOUT_TTS,
    BdsBody,
    BdsPayment,
    BdsProperty,
    TtsBody,
    TtsContract,
)
from hhtax.declarations.model import Declaration, Service
from hhtax.declarations.xml_reader import (
    _taxpayer,
    _unparen,
    amount,
    decimal,
    find,
    flag,
    form_info,
    integer,
    iso_date,
    kids,
    parse_period,
    text,
)
from hhtax.declarations.xml_writer import DECLARATION, ROOT_OPEN, _Out, _ttin_chung
from hhtax.errors import DeclarationError, Problem
from hhtax.rules import RuleBook

FORM_KEYS = {"470": "01_TTS", "1255": "01_BDS"}
LAYOUTS = {"470": LAYOUT_TTS, "1255": LAYOUT_BDS}


def to_xml(decl: Declaration, *, empty_signature: bool = False) -> bytes:
    """A leasing return as UTF-8 XML bytes; the same declaration always gives the same bytes."""
    out = _Out(depth=1)
    out.open("HSoKhaiThue", ' id="ID_1"')
    _ttin_chung(out, decl)
    out.open("CTieuTKhaiChinh")
    body = decl.body
    if isinstance(body, TtsBody):
        _tts(out, body)
    elif isinstance(body, BdsBody):
        _bds(out, body)
    out.close("CTieuTKhaiChinh")
    if isinstance(body, TtsBody) and body.contracts:
        out.open("PLuc")
        _bk_tts(out, body)
        out.close("PLuc")
    elif isinstance(body, BdsBody) and body.properties:
        out.open("PLuc")
        _bk_bds(out, body)
        out.close("PLuc")
    out.close("HSoKhaiThue")
    if empty_signature:
        out.parts.append("  <CKyDTu></CKyDTu>\n")
    return (DECLARATION + ROOT_OPEN + "".join(out.parts) + "</HSoThueDTu>\n").encode("utf-8")


def _tick(out: _Out, tag: str, value: bool) -> None:
    out.parts.append(f"{out.pad}<{tag}>{'true' if value else 'false'}</{tag}>\n")


# -- 01/TTS ----------------------------------------------------------------------------------------

def _tts(out: _Out, body: TtsBody) -> None:
    out.open("Header")
    _tick(out, "khaiTheoPLuatDanSu", body.lessor_direct)
    _tick(out, "khaiTheoPLuatThue", not body.lessor_direct)
    out.empty("ct10")
    out.empty("ct11")
    out.open("ToChucNopThueThay")
    for tag in ("ct16", "ct17", "ct18", "ct19", "ct20", "ct21"):
        out.empty(tag)
    out.close("ToChucNopThueThay")
    out.open("CT22")
    out.empty("so")
    out.close("CT22")
    out.nil("ngay")
    out.close("Header")
    out.open("CaNhanKeKhai")
    for tag, value in (("ct23", body.revenue), ("ct24", body.taxable_revenue), ("ct25", body.vat),
                       ("ct26", body.pit), ("ct27", body.penalties), ("ct28", body.penalty_pit),
                       ("ct29", body.pit_total)):
        out.num(tag, value)
    out.close("CaNhanKeKhai")


def _bk_tts(out: _Out, body: TtsBody) -> None:
    out.open("PLuc_01_BK_TTS")
    for index, row in enumerate(body.contracts, start=1):
        out.open("CTietBKeHDongTTS", f' id="ID_{index}"')
        out.num("ct06", index)
        out.text("ct06a_ten", row.name)
        out.text("ct07", row.lessee)
        out.code("ct08", row.lessee_tax_code)
        _tick(out, "ct09", row.real_estate)
        _tick(out, "ct10", not row.real_estate)
        out.text("ct11", row.contract_no)
        out.day("ct12", row.contract_date)
        out.text("ct13_ten", row.purpose)
        _tick(out, "ct14", row.lessee_builds)
        out.text("ct15_diaChi", row.address)
        out.text("ct15_ten", row.ward)
        out.qty("ct16", row.area_m2)
        out.num("ct17a", row.payment_months)
        out.day("ct17", row.start)
        out.day("ct18", row.end)
        # [19a] Năm tính thuế: the stylesheet prints stringDatetime(ct19a, 'yyyy'), so a date of the year
        out.text("ct19a", f"{row.tax_year}-01-01" if row.tax_year else "")
        out.num("ct19", row.rent)
        out.num("ct20", row.months)
        out.num("ct21", row.contract_value)
        out.num("ct22", row.monthly_revenue)
        out.num("ct22a", row.year_revenue)
        _tick(out, "ct23", row.taxable)
        out.num("ct24", row.revenue)
        out.num("ct25", row.vat)
        out.num("ct26", row.pit)
        out.text("ct27_ten", row.status)
        out.text("ct28", row.code)
        out.close("CTietBKeHDongTTS")
    out.close("PLuc_01_BK_TTS")


# -- 01/BĐS ----------------------------------------------------------------------------------------

def _bds(out: _Out, body: BdsBody) -> None:
    out.open("Header")
    out.flag("doanhThuDuoiNguong", body.below_threshold)
    out.flag("doanhThuTrenNguong", not body.below_threshold)
    out.text("ct06_ma", body.location_code)
    out.text("ct06_1_diaChi", body.address)
    out.text("ct06_2_ten", body.ward)
    out.text("ct06_3_ten", body.province)
    out.empty("ct07_ten")
    out.nil("ct07_1_ma")
    out.empty("ct07_2_so")
    out.nil("ct07_2_ngay")
    out.close("Header")
    out.open("CaNhanKeKhai")
    for tag, value in (("ct09", body.revenue), ("ct10", body.deduction), ("ct11", body.vat),
                       ("ct12", body.pit), ("ct13", body.penalties), ("ct14", body.penalty_pit),
                       ("ct15", body.pit_all), ("ct16", body.exempt_pit), ("ct17", body.pit_payable),
                       ("ct18", body.payable)):
        out.num(tag, value)
    out.close("CaNhanKeKhai")
    out.open("HoTroThongTinNopThue")
    for index, pay in enumerate(body.payments, start=1):
        out.open("ChiTietThongTinNopTHue", f' id="ID_{index}"')
        out.text("ct20_ma", pay.location_code)
        out.text("ct21_ten", pay.content)
        out.num("ct22", pay.amount)
        out.text("ct23_ma", pay.chapter)
        out.text("ct24_ma", pay.sub_item)
        out.text("ct25_maDBHC", pay.area_code)
        out.text("ct25_tenDBHC", pay.area_name)
        out.text("ct26_maCQThu", pay.collector_code)
        out.text("ct26_tenCQThu", pay.collector_name)
        out.text("ct27_maCQThue", pay.office_code)
        out.text("ct27_tenCQThue", pay.office_name)
        out.day("ct28", pay.due)
        out.close("ChiTietThongTinNopTHue")
    out.num("tong_sotienCT29", sum(p.amount for p in body.payments))
    out.close("HoTroThongTinNopThue")
    out.num("soTienTruKyTiep", body.deduction_left)


def _bk_bds(out: _Out, body: BdsBody) -> None:
    out.open("PLuc_01_BK_BDS")
    for index, row in enumerate(body.properties, start=1):
        out.open("CTietBKeBDS", f' id="ID_{index}"')
        out.text("ct04_diaChi", row.address)
        out.text("ct05_ten", row.ward)
        out.text("ct06_ten", row.province)
        out.num("ct07", row.contract_value)
        out.day("ct08_tuNgay", row.start)
        out.day("ct08_denNgay", row.end)
        out.num("ct09", row.revenue)
        out.num("ct10", row.deduction)
        out.num("ct11", row.penalties)
        out.num("ct12_soThue", row.vat)
        out.num("ct13_soThue", row.pit)
        out.close("CTietBKeBDS")
    rows = body.properties
    out.open("TongCong")
    for tag, value in (("tongCT14", sum(r.contract_value for r in rows)), ("tongCT15", body.revenue),
                       ("tongCT16", body.deduction), ("tongCT17", body.penalties), ("tongCT18", body.vat),
                       ("tongCT19", body.pit_all)):
        out.num(tag, value)
    out.close("TongCong")
    out.num("soThueTNCNMienCT20", body.exempt_pit)
    out.open("SoThueConPhaiNop")
    out.num("soThueGTGT_ct21", body.vat)
    out.num("soThueTNCN_ct22", body.pit_payable)
    out.close("SoThueConPhaiNop")
    out.close("PLuc_01_BK_BDS")


# -- reader ----------------------------------------------------------------------------------------

def read_leasing(root: ET.Element, rules: RuleBook) -> Declaration:
    """A 470 or 1255 document (already parsed safely) as a `Declaration`."""
    hso = find(root, "HSoKhaiThue")
    head = find(hso, "TTinChung/TTinTKhaiThue/TKhaiThue")
    if hso is None or head is None:
        raise DeclarationError([Problem("HSoKhaiThue/TTinChung/TTinTKhaiThue/TKhaiThue", "missing")])
    ma_tkhai = text(head, "maTKhai")
    period = parse_period(text(head, "KyKKhaiThue/kieuKy"), text(head, "KyKKhaiThue/kyKKhai"))
    ruled = form_info(rules, FORM_KEYS[ma_tkhai], period.end)
    form = replace(ruled, version=text(head, "pbanTKhaiXML"), title=text(head, "tenTKhai"),
                   circular=_unparen(text(head, "moTaBMau")))
    layout = LAYOUTS[ma_tkhai]
    body_el = find(hso, "CTieuTKhaiChinh")
    pluc = find(hso, "PLuc")
    body: TtsBody | BdsBody
    if layout == LAYOUT_TTS:
        body = _read_tts(body_el, find(pluc, "PLuc_01_BK_TTS"), rules, period.end)
    else:
        body = _read_bds(body_el, find(pluc, "PLuc_01_BK_BDS"), rules, period.end)
    svc = find(hso, "TTinChung/TTinDVu")
    prepared = iso_date(head, "ngayLapTKhai", "TKhaiThue")
    return Declaration(
        form=form, layout=layout, period=period, taxpayer=_taxpayer(hso, body_el, layout), body=body,
        prepared_on=prepared or period.end, kind=text(head, "loaiTKhai"),
        seq=amount(head, "soLan", "TKhaiThue"), signer=text(head, "nguoiKy"),
        signed_on=iso_date(head, "ngayKy", "TKhaiThue"),
        service=Service(text(svc, "maDVu"), text(svc, "tenDVu"), text(svc, "pbanDVu"),
                        text(svc, "ttinNhaCCapDVu")))


def _read_tts(body: ET.Element | None, bk: ET.Element | None, rules: RuleBook, on: date) -> TtsBody:
    part = find(body, "CaNhanKeKhai")
    where = "CTieuTKhaiChinh/CaNhanKeKhai"
    rows = []
    for row in kids(bk, "CTietBKeHDongTTS"):
        at = "PLuc_01_BK_TTS/CTietBKeHDongTTS"
        rows.append(TtsContract(
            name=text(row, "ct06a_ten"), lessee=text(row, "ct07"), lessee_tax_code=text(row, "ct08"),
            real_estate=flag(row, "ct09"), contract_no=text(row, "ct11"),
            contract_date=iso_date(row, "ct12", at), purpose=text(row, "ct13_ten"),
            lessee_builds=flag(row, "ct14"), address=text(row, "ct15_diaChi"), ward=text(row, "ct15_ten"),
            area_m2=decimal(row, "ct16", at), payment_months=amount(row, "ct17a", at),
            start=iso_date(row, "ct17", at), end=iso_date(row, "ct18", at),
            tax_year=_year(text(row, "ct19a")), rent=amount(row, "ct19", at), months=amount(row, "ct20", at),
            year_revenue=amount(row, "ct22a", at),
            taxable=flag(row, "ct23"), revenue=amount(row, "ct24", at), vat=amount(row, "ct25", at),
            pit=amount(row, "ct26", at), status=text(row, "ct27_ten"), code=text(row, "ct28")))
    bk_form = form_info(rules, "01_BK_TTS", on) if bk is not None else None
    return TtsBody(
        revenue=amount(part, "ct23", where), taxable_revenue=amount(part, "ct24", where),
        vat=amount(part, "ct25", where), pit=amount(part, "ct26", where),
        penalties=amount(part, "ct27", where), penalty_pit=amount(part, "ct28", where),
        lessor_direct=flag(body, "Header/khaiTheoPLuatDanSu"), contracts=tuple(rows), bk_form=bk_form)


def _year(raw: str) -> int:
    """[19a] as written (`2025-01-01`, `01/01/2025` or `2025`): the year."""
    digits = raw[-4:] if "/" in raw else raw[:4]
    return int(digits) if digits.isdigit() else 0


def _read_bds(body: ET.Element | None, bk: ET.Element | None, rules: RuleBook, on: date) -> BdsBody:
    header = find(body, "Header")
    part = find(body, "CaNhanKeKhai")
    where = "CTieuTKhaiChinh/CaNhanKeKhai"
    at = "PLuc_01_BK_BDS/CTietBKeBDS"
    rows = tuple(BdsProperty(
        address=text(row, "ct04_diaChi"), ward=text(row, "ct05_ten"), province=text(row, "ct06_ten"),
        contract_value=amount(row, "ct07", at), start=iso_date(row, "ct08_tuNgay", at),
        end=iso_date(row, "ct08_denNgay", at), revenue=amount(row, "ct09", at),
        deduction=amount(row, "ct10", at), penalties=amount(row, "ct11", at),
        vat=amount(row, "ct12_soThue", at), pit=amount(row, "ct13_soThue", at))
        for row in kids(bk, "CTietBKeBDS"))
    support = find(body, "HoTroThongTinNopThue")
    at = "HoTroThongTinNopThue/ChiTietThongTinNopTHue"
    payments = tuple(BdsPayment(
        content=text(row, "ct21_ten"), amount=amount(row, "ct22", at), sub_item=text(row, "ct24_ma"),
        due=iso_date(row, "ct28", at), location_code=text(row, "ct20_ma"), chapter=text(row, "ct23_ma"),
        area_code=text(row, "ct25_maDBHC"), area_name=text(row, "ct25_tenDBHC"),
        collector_code=text(row, "ct26_maCQThu"), collector_name=text(row, "ct26_tenCQThu"),
        office_code=text(row, "ct27_maCQThue"), office_name=text(row, "ct27_tenCQThue"))
        for row in kids(support, "ChiTietThongTinNopTHue"))
    left = integer(body, "soTienTruKyTiep", "CTieuTKhaiChinh")
    return BdsBody(
        below_threshold=flag(header, "doanhThuDuoiNguong"), properties=rows,
        location_code=text(header, "ct06_ma"), address=text(header, "ct06_1_diaChi"),
        ward=text(header, "ct06_2_ten"), province=text(header, "ct06_3_ten"),
        pit=amount(part, "ct12", where), penalty_pit=amount(part, "ct14", where),
        exempt_pit=amount(part, "ct16", where), payments=payments, deduction_left=left or 0,
        bk_form=form_info(rules, "01_BK_BDS", on) if bk is not None else None,
        threshold=int(rules.value("real_estate.threshold", on)))

"""XML writer and reader: the envelope rules of xml-format.md §1–§4, determinism, HTKK-style
input, and the Hypothesis round trip model → XML → model."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hhtax.declarations.model import (
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
    Declaration,
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
from hhtax.declarations.xml import from_xml, to_xml
from hhtax.declarations.xml_reader import form_info
from hhtax.errors import DeclarationError
from hhtax.periods import Period, PeriodKind
from hhtax.rules import load_rules

RULES = load_rules()
GROUPS = ("goods", "services", "production", "other", "digital", "leasing")

text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co")), max_size=12).map(
    lambda s: unicodedata.normalize("NFC", s).strip())
words = text.filter(bool)
money = st.integers(-10**13, 10**13)
positive = st.integers(0, 10**13)
qty = st.decimals(min_value=-10**6, max_value=10**9, places=3, allow_nan=False, allow_infinity=False)
days = st.dates(date(2020, 1, 1), date(2030, 12, 31))
tax_codes = st.sampled_from(["001085012345", "0100109106", "0100109106001", "079201001234"])


def taxpayer(layout: str) -> st.SearchStrategy[Taxpayer]:
    legacy = st.just("") if layout == LAYOUT_TKN else st.sampled_from(["", "0100109106"])
    common = {"tax_code": tax_codes, "name": text, "legacy_tax_code": legacy,
              "address": text, "ward": text, "district": text, "province": text, "phone": text, "fax": text,
              "email": text, "tax_office_code": text, "tax_office_name": text}
    if layout != LAYOUT_TT40:
        return st.builds(Taxpayer, **common)
    return st.builds(Taxpayer, **common, shop_name=text, bank_account=text, residence=text,
                     business_lines=st.lists(words, max_size=3).map(tuple),
                     area_m2=st.none() | qty, rented=st.booleans(), employees=st.none() | st.integers(0, 500))


def tt18_row(on: date) -> st.SearchStrategy[Tt18Row]:
    def make(group: str) -> st.SearchStrategy[Tt18Row]:
        name = str(RULES.value(f"groups.{group}.name_vi", on))
        return st.builds(Tt18Row, group=st.just(group), name=st.just(name), code=text, vat_revenue=money,
                         vat=money, pit_revenue=money, deduction=money, pit=money)
    return st.sampled_from(GROUPS).flatmap(make)


def place(on: date) -> st.SearchStrategy[Place]:
    return st.builds(Place, head_office=st.booleans(), code=text, name=text, address=text, ward=text,
                     province=text, rows=st.lists(tt18_row(on), max_size=3).map(tuple))


def body(layout: str, on: date) -> st.SearchStrategy[Tt40Body | Tt18Body | TknBody]:
    if layout == LAYOUT_TT40:
        rows = st.tuples(*(st.builds(Tt40Row, box=st.just(box), vat_revenue=money, vat=money,
                                     pit_revenue=money, pit=money) for box in TT40_BOXES))
        return st.builds(Tt40Body, rows=rows, method_box=st.sampled_from(("", *TT40_METHOD_BOXES)))
    if layout == LAYOUT_TT18:
        places = st.lists(place(on), max_size=2).map(tuple)
        payments = st.lists(st.builds(Payment, location_code=text, content=text, amount=money, sub_item=text,
                                      due=st.none() | days, chapter=text, area_code=text, area_name=text,
                                      collector_code=text, collector_name=text, office_code=text,
                                      office_name=text), max_size=2).map(tuple)
        return st.builds(Tt18Body, method=st.sampled_from(["revenue", "income"]), fixed=places,
                         platform=places, per_occurrence=places, platform_only=st.booleans(),
                         exempt_vat=money, exempt_pit=money, deduction_left=money, payments=payments)
    return st.builds(TknBody, revenue=positive, vat=positive, pit=positive, withheld_vat=positive,
                     withheld_pit=positive)


def khbs_rows() -> st.SearchStrategy[tuple[KhbsRow, ...]]:
    def row(name: str) -> st.SearchStrategy[KhbsRow]:
        return st.booleans().flatmap(lambda tax: st.builds(
            KhbsRow, name=st.just(name), box=text, filed=money, corrected=money, tax=st.just(tax),
            reason=text, sub_item=text if tax else st.just("")))
    return st.lists(words, unique=True, max_size=4).flatmap(
        lambda names: st.tuples(*(row(n) for n in names)))


def appendices(layout: str, on: date) -> st.SearchStrategy[tuple[Appendix, ...]]:
    options: list[st.SearchStrategy[Appendix]] = []
    keys = {LAYOUT_TT40: ("01_2_BK_HDKD", "PL_NQ142_GTGT"),
            LAYOUT_TT18: ("01_BK_STK", "01_BK_HTK", "PL_NQ142_GTGT"), LAYOUT_TKN: ()}[layout]
    rate = st.sampled_from([Decimal("0.05"), Decimal("0.03"), Decimal("0.02")])
    for key in keys:
        if RULES.find(f"forms.{key}", on) is None:
            continue  # no VAT cut in force on `on`, so no PL_NQ142_GTGT
        form = form_info(RULES, key, on)
        if key == "01_2_BK_HDKD":
            item = st.builds(InventoryRow, name=text, unit=text, opening_qty=qty, opening_value=money,
                             in_qty=qty, in_value=money, out_qty=qty, out_value=money, closing_qty=qty,
                             closing_value=money)
            options.append(st.builds(BkHdkd, form=st.just(form), items=st.lists(item, max_size=3).map(tuple),
                                     costs=st.tuples(*[money] * 7)))
        elif key == "01_BK_STK":
            account = st.builds(AccountRow, location_name=text, location_code=text, number=text, holder=text,
                                provider=text, status=text)
            accounts = st.lists(account, max_size=2).map(tuple)
            options.append(st.builds(BkStk, form=st.just(form), accounts=accounts))
        elif key == "01_BK_HTK":
            stock = st.builds(StockRow, name=text, unit=text, qty=qty, value=money)
            options.append(st.builds(BkHtk, form=st.just(form), goods=st.lists(stock, max_size=2).map(tuple),
                                     machines=st.lists(stock, max_size=2).map(tuple)))
        else:
            cut = st.builds(VatCutRow, name=text, revenue=money, rate=rate,
                            reduced_rate=rate.map(lambda r: r * Decimal("0.8")), reduction=money)
            options.append(st.builds(VatCut, form=st.just(form), rows=st.lists(cut, max_size=2).map(tuple)))
    khbs = st.builds(Khbs, form=st.just(form_info(RULES, "01_1_KHBS", on)),
                     interest_form=st.just(form_info(RULES, "PL01_KHBS", on)), return_name=text,
                     rows=khbs_rows(), interest_to=st.none() | days, late_days=positive, interest=positive)
    chosen = st.tuples(*(st.none() | option for option in options), st.none() | khbs)
    return chosen.map(lambda items: tuple(item for item in items if item is not None))


@st.composite
def declarations(draw: st.DrawFn) -> Declaration:
    layout = draw(st.sampled_from([LAYOUT_TT40, LAYOUT_TT18, LAYOUT_TKN]))
    if layout == LAYOUT_TT40:
        kind = draw(st.sampled_from([PeriodKind.MONTH, PeriodKind.QUARTER]))
        period = Period(draw(st.integers(2022, 2025)), kind, 1)
    elif layout == LAYOUT_TT18:
        period = Period(draw(st.integers(2026, 2026)), PeriodKind.QUARTER, 1)
    else:
        period = Period(2026, draw(st.sampled_from([PeriodKind.YEAR, PeriodKind.HALF])), 1)
    kind = period.kind
    period = Period(period.year, kind, draw(st.integers(1, 12 // kind.months)))
    on = period.end
    key = "01_TKN_CNKD" if layout == LAYOUT_TKN else "01_CNKD"
    supplementary = draw(st.booleans())
    return Declaration(
        form=form_info(RULES, key, on), layout=layout, period=period, taxpayer=draw(taxpayer(layout)),
        body=draw(body(layout, on)), prepared_on=draw(days), kind="B" if supplementary else "C",
        seq=draw(st.integers(1, 9)) if supplementary else 0, signer=draw(text),
        signed_on=draw(st.none() | days),
        service=draw(st.builds(Service, ma_dvu=text, ten_dvu=text, pban_dvu=text, ttin_nha_cung_cap=text)),
        appendices=draw(appendices(layout, on)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(declarations())
def test_round_trip_is_identity(decl: Declaration) -> None:
    xml = to_xml(decl)
    assert from_xml(xml, RULES) == decl
    assert to_xml(decl) == xml  # same input, same bytes


def _sample() -> Declaration:
    on = date(2026, 6, 30)
    row = Tt18Row("goods", str(RULES.value("groups.goods.name_vi", on)), "", 600_000_000, 6_000_000,
                  600_000_000, 400_000_000, 1_000_000)
    return Declaration(
        form=form_info(RULES, "01_CNKD", on), layout=LAYOUT_TT18, period=Period.parse("2026-Q2"),
        taxpayer=Taxpayer("001085012345", "Nguyễn Văn An", province="Hà Nội"),
        body=Tt18Body("revenue", fixed=(Place(True, "", "Tạp hóa An", rows=(row,)),)),
        prepared_on=date(2026, 7, 10), signer="Nguyễn Văn An", signed_on=None,
        service=Service(**RULES.value("xml.service", on)))


def test_envelope_and_serialisation_rules() -> None:
    xml = to_xml(_sample())
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<HSoThueDTu '
                          b'xmlns="http://kekhaithue.gdt.gov.vn/TKhaiThue" '
                          b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">')
    assert b"\r" not in xml and not xml.startswith(b"\xef\xbb\xbf")
    assert b'<HSoKhaiThue id="ID_1">' in xml and b"ns0:" not in xml and b"schemaLocation" not in xml
    assert b'<ngayKy xsi:nil="true"/>' in xml and b'<mst_cu xsi:nil="true"/>' in xml  # empty date, tax code
    assert b"<tenHuyenNNT/>" in xml  # empty text
    assert b"<ngayLapTKhai>2026-07-10</ngayLapTKhai>" in xml
    assert b"<kieuKy>Q</kieuKy>" in xml and b"<kyKKhai>2/2026</kyKKhai>" in xml
    assert b"<kyKKhaiDenNgay>30/06/2026</kyKKhaiDenNgay>" in xml
    # A quarter leaves the months empty, as real HTKK exports do (issue 15 §3); moTaBMau in parentheses.
    assert b"<kyKKhaiTuThang/>" in xml and b"<kyKKhaiDenThang/>" in xml
    assert b"<moTaBMau>(K" in xml and b")</moTaBMau>" in xml
    assert "Phân phối, cung cấp hàng hóa".encode() in xml
    assert b"CKyDTu" not in xml
    signed = to_xml(_sample(), empty_signature=True)
    assert signed.endswith(b"  </HSoKhaiThue>\n  <CKyDTu></CKyDTu>\n</HSoThueDTu>\n")


def test_month_period_encoding() -> None:
    decl = _sample()
    month = Declaration(**{**decl.__dict__, "period": Period.parse("2026-07")})
    xml = to_xml(month)
    assert b"<kieuKy>M</kieuKy>" in xml and b"<kyKKhai>07/2026</kyKKhai>" in xml
    assert from_xml(xml, RULES).period == Period.parse("2026-07")


def test_reads_an_htkk_style_export() -> None:
    """HTKK writes a BOM, CRLF, `standalone`, the ward as tenXaNNT and no pretty-printing."""
    xml = to_xml(_sample()).decode()
    xml = xml.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8" '
                      'standalone="no"?>').replace("<phuongXa/>", "<tenXaNNT>Phường Hoàn Kiếm</tenXaNNT>"
                                                   "<maXaNNT>00070</maXaNNT>")
    compact = "\r\n".join(part.strip() for part in xml.split("\n"))
    data = b"\xef\xbb\xbf" + compact.encode("utf-8")
    decl = from_xml(data, RULES)
    assert decl.taxpayer.ward == "Phường Hoàn Kiếm"
    assert isinstance(decl.body, Tt18Body) and decl.body.total.pit == 1_000_000


def test_decomposed_text_is_read_as_nfc() -> None:
    xml = to_xml(_sample()).replace("Nguyễn".encode(), unicodedata.normalize("NFD", "Nguyễn").encode())
    assert from_xml(xml, RULES).taxpayer.name == "Nguyễn Văn An"


@pytest.mark.parametrize("data, message", [
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
     b"<HSoThueDTu>&b;</HSoThueDTu>", "refused"),
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><HSoThueDTu>&e;</HSoThueDTu>',
     "refused"),
    (b"<HSoThueDTu><unclosed></HSoThueDTu>", "not well-formed"),
    (b"<Other/>", "root element"),
])
def test_reader_refuses_unsafe_or_foreign_input(data: bytes, message: str) -> None:
    with pytest.raises(DeclarationError, match=message):
        from_xml(data, RULES)


def test_reader_names_a_bad_amount() -> None:
    xml = to_xml(_sample()).replace(b"<ct11>600000000</ct11>", b"<ct11>6OO</ct11>")
    with pytest.raises(DeclarationError, match="ct11"):
        from_xml(xml, RULES)

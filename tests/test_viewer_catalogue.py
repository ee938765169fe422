"""Every form hhtax writes is one the tax authority's viewer (iTaxViewer) opens: its catalogue entry
(maTKhai, version, loaiTKhai) exists and lists each appendix under `PLuc` (shared/law/forms-more.md §0,
§3). An unlisted appendix makes the viewer fail on the whole file; a B file of a form with no B entry
is refused. The catalogue rules are written out here as data (the viewer itself is not shipped).

Also: the 473 B KHBS appendices in the structure the viewer reads (§4), the 1240 B without them
(OQ-23) and with the `--khbs-appendix` override, a year's correction of 1245 as a new C return, and
the HTKK header details of issue 15 §3 and the codes of §4.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from hhtax.declarations.build import prepare
from hhtax.declarations.model import Declaration, Khbs
from hhtax.declarations.places import area_code, province_code, split_address, ward_code
from hhtax.declarations.supplementary import payload, supplement
from hhtax.declarations.validate import validate_xml
from hhtax.declarations.xml import from_xml, to_xml
from hhtax.periods import Period, PeriodKind
from hhtax.rules import load_rules
from hhtax.service.ledgers import open_text_ledger

NS = "{http://kekhaithue.gdt.gov.vn/TKhaiThue}"
LEDGERS = Path(__file__).parent.parent / "ledgers"
RULES = load_rules()
KHBS = ("PL01_KHBS", "PL01_1_KHBS")
# (maTKhai, pbanTKhaiXML, loaiTKhai) → appendices the catalogue lists (DMucTKhai.xml, forms-more.md §3).
CATALOGUE: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("473", "2.8.3", "C"): ("PLuc_01_1_BK_CNKD", "PLuc_01_2_BK_HDKD", "PL_ND15_GTGT", "PL_NQ142_GTGT"),
    ("473", "2.8.3", "B"): ("PLuc_01_1_BK_CNKD", "PLuc_01_2_BK_HDKD", "PL_ND15_GTGT", "PL_NQ142_GTGT", *KHBS),
    ("1240", "2.8.9", "C"): ("PLuc_01_BK_STK", "PLuc_01_BK_HTK", "PL_NQ142_GTGT"),
    ("1240", "2.8.9", "B"): ("PLuc_01_BK_STK", "PLuc_01_BK_HTK", "PL_NQ142_GTGT"),
    ("1244", "2.8.9", "C"): (),
    ("1245", "2.8.9", "C"): (),
    ("1255", "2.8.9", "C"): ("PLuc_01_BK_BDS",),
    ("1255", "2.8.9", "B"): ("PLuc_01_BK_BDS",),
}
EXAMPLES = {"grocery-2026": 2026, "restaurant-2026": 2026, "shop-2025": 2025, "tailor-2026": 2026}


def viewer_refusal(xml: bytes) -> str:
    """What the viewer would say about the file ("" when it opens)."""
    root = ET.fromstring(xml)
    head = root.find(f"{NS}HSoKhaiThue/{NS}TTinChung/{NS}TTinTKhaiThue/{NS}TKhaiThue")
    assert head is not None
    key = tuple(head.findtext(f"{NS}{tag}") or "" for tag in ("maTKhai", "pbanTKhaiXML", "loaiTKhai"))
    listed = CATALOGUE.get(key)  # type: ignore[call-overload]
    if listed is None:
        return f"no catalogue entry {key}"
    pluc = root.find(f"{NS}HSoKhaiThue/{NS}PLuc")
    for child in () if pluc is None else pluc:
        name = child.tag.removeprefix(NS)
        if name not in listed:
            return f"{name} not listed for {key}"
    return ""


def corrected(decl: Declaration, **options: bool) -> Declaration:
    """Correction 1 of `decl`, as if every box had been filed 1,000 đồng lower."""
    data = json.loads(payload(decl))
    data["boxes"] = {box: value - 1000 if value else value for box, value in data["boxes"].items()}
    return supplement(decl, json.dumps(data), 1, due=decl.period.end, paid=date(decl.period.year + 1, 3, 1),
                      rules=RULES, **options)


def all_returns() -> list[tuple[str, Declaration]]:
    """Every return of the example ledgers, for each quarter and the year, with its correction."""
    found = []
    for name, year in EXAMPLES.items():
        ledger = open_text_ledger(LEDGERS / name)
        for period in (*(Period.quarter(year, q) for q in range(1, 5)), Period.of_year(year)):
            decl = prepare(ledger, period, RULES, today=date(year + 1, 2, 10)).declaration
            if decl is not None:
                found += [(f"{name} {period}", decl), (f"{name} {period} correction", corrected(decl))]
    return found


RETURNS = all_returns()


@pytest.mark.parametrize(("case", "decl"), RETURNS, ids=[case for case, _ in RETURNS])
def test_every_return_opens_in_the_viewer(case: str, decl: Declaration) -> None:
    xml = to_xml(decl)
    assert viewer_refusal(xml) == "", case
    assert validate_xml(xml, RULES) == []


def test_monthly_returns_open(tmp_path: Path) -> None:
    """Months (the grocery example filed monthly by override) and their corrections."""
    folder = tmp_path / "grocery"
    shutil.copytree(LEDGERS / "grocery-2026", folder)
    profile = folder / "household.toml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        'filing = "quarterly"', 'filing = "quarterly"\nfiling_override = "monthly"\n'
        'filing_override_reason = "kiểm tra tờ khai tháng"'), encoding="utf-8")
    ledger = open_text_ledger(folder)
    for month in (1, 7):
        decl = prepare(ledger, Period.parse(f"2026-{month:02d}"), RULES, today=date(2026, 12, 1)).declaration
        assert decl is not None and decl.period.kind is PeriodKind.MONTH
        for each in (decl, corrected(decl)):
            xml = to_xml(each)
            assert viewer_refusal(xml) == "" and validate_xml(xml, RULES) == []


def test_the_examples_cover_every_period_kind_and_form() -> None:
    forms = {(decl.form.ma_tkhai, decl.kind) for _, decl in RETURNS}
    assert {("473", "C"), ("473", "B"), ("1240", "C"), ("1240", "B"), ("1245", "C"), ("1244", "C")} <= forms


def _khbs_473() -> tuple[Declaration, bytes]:
    decl = prepare(open_text_ledger(LEDGERS / "shop-2025"), Period.quarter(2025, 3), RULES,
                   today=date(2026, 2, 10)).declaration
    assert decl is not None
    supplementary = corrected(decl)
    return supplementary, to_xml(supplementary)


def test_473_b_khbs_in_the_structure_the_viewer_reads() -> None:
    """forms-more.md §4: own Header in each appendix ([01] form, [02] transaction code, [04] number), the
    section-2 total under Muc_2/DSachPLuc, the box name in ct3_1_ten (ct2_ten prints twice)."""
    decl, xml = _khbs_473()
    root = ET.fromstring(xml)
    pluc = root.find(f"{NS}HSoKhaiThue/{NS}PLuc")
    assert pluc is not None
    for name in KHBS:
        header = pluc.find(f"{NS}{name}/{NS}Header")
        assert header is not None, name
        assert [(c.tag.removeprefix(NS), c.text) for c in header] == [
            ("tenTKhai", "01/CNKD"), ("maGiaoDich", None), ("soLan", "1")]
    section_2 = f"{NS}PL01_KHBS/{NS}Muc_A/{NS}Muc_I/{NS}Muc_2"
    assert pluc.find(f"{section_2}/{NS}DSachPLuc/{NS}tongCong_ct11") is not None
    assert pluc.find(f"{section_2}/{NS}tongCong_ct11") is None
    row = pluc.find(f"{NS}PL01_1_KHBS/{NS}Muc_A/{NS}DSachHSo/{NS}BKeHSo/{NS}CTietHSo/{NS}ChiTiet")
    assert row is not None
    assert row.findtext(f"{NS}ct2_ten") == "" and row.findtext(f"{NS}ct3_2_ten") == ""
    assert row.findtext(f"{NS}ct3_1_ten") == "Doanh thu tính thuế GTGT [28](a)"
    again = from_xml(xml)
    assert again == decl and isinstance(again.appendix(Khbs), Khbs)


def _tt18_b(**options: bool) -> Declaration:
    decl = prepare(open_text_ledger(LEDGERS / "grocery-2026"), Period.quarter(2026, 2), RULES,
                   today=date(2026, 11, 20)).declaration
    assert decl is not None
    return corrected(decl, **options)


def test_1240_b_keeps_the_explanation_out_of_the_xml() -> None:
    """OQ-23 (revised): only the appendices the catalogue lists for 1240 B; the explanation and the
    interest stay with the declaration for the PDF and the output."""
    decl = _tt18_b()
    xml = to_xml(decl)
    assert (decl.kind, decl.seq) == ("B", 1) and b"KHBS" not in xml
    assert decl.appendix(Khbs) is None and decl.explanation is not None and decl.khbs is decl.explanation
    assert decl.explanation.interest > 0 and "OQ-23" in {note.code for note in decl.notes}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_1240_b_prints_the_explanation() -> None:
    from hhtax.declarations.pdf import render_pdf

    pdf = render_pdf(_tt18_b())
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")
    assert "TỜ KHAI BỔ SUNG" in text and "BẢN GIẢI TRÌNH KHAI BỔ SUNG" in text
    assert "Số tiền chậm nộp" in text
    assert "chưa được cơ quan thuế xác nhận" not in text  # printed only: no XML-format note


def test_khbs_appendix_override_puts_them_back_with_a_warning() -> None:
    decl = _tt18_b(khbs_appendix=True)
    xml = to_xml(decl)
    assert b"<PL01_KHBS>" in xml and b"<PL01_1_KHBS>" in xml
    assert viewer_refusal(xml) == "PL01_KHBS not listed for ('1240', '2.8.9', 'B')"
    note = next(note for note in decl.notes if note.code == "OQ-23-override")
    assert "báo lỗi" in note.vi


def test_a_year_notice_is_corrected_by_a_new_original_return() -> None:
    """1245 has no B entry: the correction is a C return (soLan 0) recorded as correction 1, named _B1."""
    from hhtax.declarations.files import declaration_basename

    decl = prepare(open_text_ledger(LEDGERS / "tailor-2026"), Period.of_year(2026), RULES,
                   today=date(2027, 1, 20)).declaration
    assert decl is not None
    fixed = corrected(decl)
    assert (fixed.kind, fixed.seq, fixed.correction) == ("C", 0, 1)
    assert declaration_basename(fixed).endswith("_2026_B1")
    assert fixed.explanation is not None and "KHBS-C" in {note.code for note in fixed.notes}
    assert {row.box for row in fixed.explanation.rows} == {"[11]"}  # the notice's total row, printed
    assert viewer_refusal(to_xml(fixed)) == ""


def test_header_details_of_real_htkk_exports() -> None:
    """Issue 15 §3: quarter months empty, moTaBMau in parentheses, province code, upper-case ID."""
    decl = prepare(open_text_ledger(LEDGERS / "shop-2025"), Period.quarter(2025, 3), RULES,
                   today=date(2026, 2, 10)).declaration
    assert decl is not None
    xml = to_xml(decl).decode()
    assert "<kyKKhaiTuThang/>" in xml and "<kyKKhaiDenThang/>" in xml
    assert "<moTaBMau>(Ban hành kèm theo Thông tư số 40/2021/TT-BTC" in xml
    assert "<maTinhNNT>92</maTinhNNT>" in xml
    assert '<BangKeTenHHDV ID="ID_1">' in xml and 'BangKeTenHHDV id=' not in xml
    # [08a], [09a], [12a], [12e] tick in the viewer only for `true` (xml-format.md §3).
    assert "<ct09a>false</ct09a>" in xml and "<ct12e_kdbiengioi>false</ct12e_kdbiengioi>" in xml
    rented = replace(decl, taxpayer=replace(decl.taxpayer, rented=True))
    assert "<ct09a>true</ct09a>" in to_xml(rented).decode() and from_xml(to_xml(rented)) == rented
    # [13a]–[13d]: the residence split into its parts, with the unit codes.
    assert "<ct13a_soNha>Số 88 đường 30 Tháng 4</ct13a_soNha>" in xml
    assert "<ct13b_maPhuong>31135</ct13b_maPhuong>" in xml and "<ct13d_maTinh>92</ct13d_maTinh>" in xml
    assert from_xml(xml.encode()) == decl


def test_part_d_chapter_and_area_code() -> None:
    decl = prepare(open_text_ledger(LEDGERS / "grocery-2026"), Period.quarter(2026, 2), RULES,
                   today=date(2026, 7, 20)).declaration
    assert decl is not None
    xml = to_xml(decl).decode()
    assert "<ct39_ma>757</ct39_ma>" in xml and "<ct41_maDBHC>00175</ct41_maDBHC>" in xml


def test_administrative_unit_codes() -> None:
    """Codes from `vietnam-provinces` (units after the 2025 reorganisation); unknown names give ""."""
    assert province_code("Thành phố Hà Nội") == province_code("Hà Nội") == "01"
    assert province_code("Thành phố Hồ Chí Minh") == "79"
    assert ward_code("Phường Bàn Cờ", "Thành phố Hồ Chí Minh") == "27160"
    assert ward_code("Phường Xuân Hòa", "Thành phố Hồ Chí Minh") == "27139"  # not Phú Thọ's namesake
    assert ward_code("Phường Không Có", "Hà Nội") == "" and province_code("Atlantis") == ""
    assert area_code("", "Thành phố Đà Nẵng") == "48"
    home = split_address("Số 18/4 đường Trần Quốc Thảo, Phường Xuân Hòa, Thành phố Hồ Chí Minh")
    assert (home.street, home.ward, home.province, home.ward_code, home.province_code) == (
        "Số 18/4 đường Trần Quốc Thảo", "Phường Xuân Hòa", "Thành phố Hồ Chí Minh", "27139", "79")
    assert split_address("12 Hàng Bạc, Hà Nội").street == "12 Hàng Bạc, Hà Nội"  # not guessed apart
    assert split_address("Số 1,Phường Bàn Cờ,Thành phố Hồ Chí Minh").ward == ""  # not written back the same

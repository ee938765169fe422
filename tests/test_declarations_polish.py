"""Declaration follow-ups (issue 5): Part D payment rows, the TT 50 revenue rows of 01/TKN-CNKD, the
TT 18 caption from the threshold rule, the dated legal line of PL_NQ142_GTGT, and readable notes."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from hhtax.cli.main import cli
from hhtax.declarations.build import build_declaration, prepare
from hhtax.declarations.model import Declaration, TknBody, Tt18Body, VatCut
from hhtax.declarations.notes import assessment_notes
from hhtax.declarations.pdf import render_pdf
from hhtax.declarations.validate import validate_xml
from hhtax.declarations.xml import from_xml, to_xml
from hhtax.declarations.xml_reader import form_info
from hhtax.ledger_tax import assess_ledger
from hhtax.service.ledgers import open_ledger
from hhtax.model import TaxOffice
from hhtax.money import format_vnd
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.tax.assessment import TaxWarning
from tests.test_pdf import pdf_text

RULES = load_rules()
LEDGERS = Path(__file__).resolve().parent.parent / "ledgers"


def declared(ledger: str, period: str, today: date) -> Declaration:
    prepared = prepare(open_ledger(LEDGERS / ledger), Period.parse(period), RULES, today=today)
    assert prepared.declaration is not None, prepared.note
    return prepared.declaration


@pytest.fixture(scope="module")
def grocery_q1() -> Declaration:
    return declared("grocery-2026", "2026-Q1", date(2026, 4, 20))


@pytest.fixture(scope="module")
def tailor_year() -> Declaration:
    return declared("tailor-2026", "2026", date(2027, 1, 20))


# -- 1. Part D -------------------------------------------------------------------------------------

def test_part_d_has_one_row_per_tax_with_office_and_due_date(grocery_q1: Declaration) -> None:
    body = grocery_q1.body
    assert isinstance(body, Tt18Body)
    assert sum(p.amount for p in body.payments) == body.payable == grocery_q1.payable > 0
    by_item = {p.sub_item: p for p in body.payments}
    assert set(by_item) == {"1701"} if body.payable_pit == 0 else {"1701", "1003"}
    vat = by_item["1701"]
    assert vat.amount == body.payable_vat
    assert (vat.collector_code, vat.office_code) == ("10113", "10113")
    assert vat.office_name == vat.collector_name == "Thuế cơ sở 4 Thành phố Hà Nội"
    assert vat.area_name == "Phường Yên Hòa, Thành phố Hà Nội"
    assert vat.due == date(2026, 5, 4)  # 30/04 and 01/05 are holidays, 02–03/05 a weekend


def test_part_d_in_xml_pdf_validation_and_round_trip(grocery_q1: Declaration) -> None:
    xml = to_xml(grocery_q1)
    assert b"<ct42_maCQThu>10113</ct42_maCQThu>" in xml
    assert "<ct43_tenCQThue>Thuế cơ sở 4 Thành phố Hà Nội</ct43_tenCQThue>".encode() in xml
    assert b"<ct44>2026-05-04</ct44>" in xml
    assert validate_xml(xml, RULES) == []
    assert validate_xml(xml, RULES, use_lxml=False) == []
    assert from_xml(xml, RULES) == grocery_q1
    text = pdf_text(render_pdf(grocery_q1), layout=True)
    part_d = text[text.index("D. HỖ TRỢ TỰ ĐỘNG THÔNG TIN NỘP THUẾ"):]
    assert "10113 - Thuế cơ sở 4" in part_d and "04/05/2026" in part_d and "1701" in part_d
    assert format_vnd(grocery_q1.payable) in part_d


def test_part_d_uses_a_place_s_own_tax_office() -> None:
    ledger = open_ledger(LEDGERS / "grocery-2026")
    period = Period.parse("2026-Q1")
    own = TaxOffice(code="10199", name="Thuế cơ sở 9 Thành phố Hà Nội")
    household = ledger.household
    moved = household.model_copy(update={"locations": tuple(
        loc.model_copy(update={"tax_office": own}) for loc in household.locations)})
    decl = build_declaration(moved, assess_ledger(ledger, period, RULES), RULES, today=date(2026, 4, 20))
    assert isinstance(decl.body, Tt18Body)
    assert {(p.collector_code, p.office_name) for p in decl.body.payments} == {(own.code, own.name)}


# -- 2. 01/TKN-CNKD revenue rows -------------------------------------------------------------------

def test_revenue_notice_splits_revenue_by_place_group_and_platform(tailor_year: Declaration) -> None:
    body = tailor_year.body
    assert isinstance(body, TknBody)
    place_rows = [row for place in body.places for row in place.rows]
    assert [row.row for row in body.places[0].rows] == ["a", "b", "c", "d", "đ", "e"]
    total = sum(r.revenue for r in place_rows) + sum(r.revenue for r in body.platform) + body.agents
    assert total == body.revenue == 818_255_000
    assert {r.group: r.revenue for r in body.platform if r.revenue} == {"services": 118_630_000}
    text = pdf_text(render_pdf(tailor_year), layout=True)
    for box, figure in (("[08b]", "699.625.000"), ("[09b]", "118.630.000"), ("[11]", "818.255.000")):
        line = next(line for line in text.splitlines() if box in line)
        assert figure in line, line
    assert "Trụ sở kinh doanh: Tiệm may Thu Hà" in text


def test_revenue_notice_xml_keeps_only_the_1245_names(tailor_year: Declaration) -> None:
    xml = to_xml(tailor_year)
    assert b"ct08" not in xml and b"<ct16>818255000</ct16>" in xml  # OQ-05: no invented elements
    back = from_xml(xml, RULES)
    assert back == tailor_year and isinstance(back.body, TknBody) and back.body.places == ()
    text = pdf_text(render_pdf(back), layout=True)  # read back: the total stands on [08]
    assert "818.255.000" in next(line for line in text.splitlines() if "[08]" in line)


# -- 3. TT 18 caption ------------------------------------------------------------------------------

def test_tt18_caption_carries_the_threshold_rule(grocery_q1: Declaration) -> None:
    threshold = format_vnd(RULES.value("threshold", date(2026, 3, 31)))
    assert threshold == "1.000.000.000"
    assert grocery_q1.form.caption == ("(Áp dụng cho hộ kinh doanh, cá nhân kinh doanh có doanh thu năm "
                                       f"trên {threshold} đồng)")
    text = " ".join(pdf_text(render_pdf(grocery_q1)).split())
    assert f"doanh thu năm trên {threshold} đồng)" in text


class _Threshold:
    """The shipped rule book with another `threshold` (as a local pack overriding it would give)."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold

    def value(self, name: str, on: date) -> object:
        return self.threshold if name == "threshold" else RULES.value(name, on)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 10**12))
def test_caption_follows_the_threshold_rule(threshold: int) -> None:
    form = form_info(_Threshold(threshold), "01_CNKD", date(2026, 6, 30))  # type: ignore[arg-type]
    assert form.caption.endswith(f"doanh thu năm trên {format_vnd(threshold)} đồng)")


# -- 4. PL_NQ142_GTGT legal line by period ---------------------------------------------------------

@pytest.mark.parametrize(("on", "decree", "resolution"), [
    (date(2024, 9, 30), "72/2024/NĐ-CP", "142/2024/QH15"),
    (date(2025, 3, 31), "180/2024/NĐ-CP", "174/2024/QH15"),
    (date(2025, 6, 30), "180/2024/NĐ-CP", "174/2024/QH15"),
    (date(2025, 9, 30), "174/2025/NĐ-CP", "204/2025/QH15"),
    (date(2026, 6, 30), "174/2025/NĐ-CP", "204/2025/QH15"),
])
def test_vat_cut_legal_line_names_the_text_in_force(on: date, decree: str, resolution: str) -> None:
    circular = form_info(RULES, "PL_NQ142_GTGT", on).circular
    assert decree in circular and resolution in circular


def test_vat_cut_appendix_prints_the_decree_of_its_quarter() -> None:
    for period, decree in (("2025-Q1", "180/2024/NĐ-CP"), ("2025-Q3", "174/2025/NĐ-CP")):
        decl = declared("shop-2025", period, date(2025, 12, 31))
        cut = decl.appendix(VatCut)
        assert isinstance(cut, VatCut) and decree in cut.form.circular
        assert decree in " ".join(pdf_text(render_pdf(decl)).split())


# -- 5. notes --------------------------------------------------------------------------------------

def test_notes_say_the_reading_in_a_sentence(grocery_q1: Declaration) -> None:
    notes = {note.code: note for note in grocery_q1.notes}
    assert set(notes) >= {"OQ-02", "OQ-04", "OQ-10"}
    for note in notes.values():
        assert "reading used" not in note.en and len(note.en.split()) >= 6 and note.vi != note.en
    assert notes["OQ-02"].text("vi").startswith("OQ-02: mức trừ 1 tỷ")


def test_an_engine_warning_of_the_reading_is_used() -> None:
    assessment = assess_ledger(open_ledger(LEDGERS / "grocery-2026"), Period.parse("2026-Q1"), RULES)
    warnings = (TaxWarning("OQ-02", "used 635 m of the 1 bn", message_vi="đã trừ 635 tr"),
                TaxWarning("cash", "a cash payment", message_vi="chi tiền mặt"))
    warned = replace(assessment, warnings=warnings)
    notes = assessment_notes(warned, ("OQ-04",))
    # OQ-28: the prior-year revenue (2.2 bn), not Q1's 600 m, puts the grocery in G2
    assert [n.code for n in notes] == ["OQ-04", "OQ-02", "OQ-10", "OQ-28", "cash"]
    assert (notes[1].en, notes[1].vi) == ("used 635 m of the 1 bn", "đã trừ 635 tr")
    assert notes[4].text("en") == "a cash payment"


def test_declare_prints_the_notes_in_the_chosen_language(tmp_path: Path) -> None:
    args = ["--ledger", str(LEDGERS / "grocery-2026"), "declare", "--period", "2026-Q1", "--on", "2026-04-20"]
    vi = CliRunner().invoke(cli, ["--lang", "vi", *args, "--out", str(tmp_path / "vi")])
    en = CliRunner().invoke(cli, ["--lang", "en", *args, "--out", str(tmp_path / "en"), "--json"])
    assert vi.exit_code == en.exit_code == 0, vi.output + en.output
    assert "Lưu ý: OQ-02: mức trừ 1 tỷ được trừ dần" in vi.output and "reading used" not in vi.output
    notes = json.loads(en.output)["notes"]
    assert {"code": "OQ-10", "message": "each row's tax (industry group × place × period) is rounded half-up "
            "to the đồng once, then the rounded rows are added"} in notes


# -- 6. what an officer reads: Parts B–D captions as the 1240 viewer prints them ---------------------

def test_parts_b_to_d_follow_the_1240_viewer(grocery_q1: Declaration) -> None:
    text = " ".join(pdf_text(render_pdf(grocery_q1)).split())
    part_c = text[text.index("C. KÊ KHAI THUẾ TÀI NGUYÊN"):text.index("D. HỖ TRỢ TỰ ĐỘNG")]
    squeezed = "".join(part_c.split())  # captions wrap inside their cells
    for caption in ("Trụ sở kinh", "Hệ số K", "Số thuế/phí phải nộp", "(10)",
                    "Khai phí bảo vệ môi trường đối với khai thác khoáng sản"):
        assert "".join(caption.split()) in squeezed, caption
    assert "(7)=(5)*(6)" in text and "Số thuế phải nộp" in text
    part_d = text[text.index("D. HỖ TRỢ TỰ ĐỘNG"):]
    for caption in ("Nội dung các khoản nộp NSNN", "Cơ quan thu", "Cơ quan thuế", "Hạn nộp thuế"):
        assert caption in part_d, caption
    layout = pdf_text(render_pdf(grocery_q1), layout=True).splitlines()
    assert all("Tổng cộng" in line or "Số thuế" in line for line in layout
               if any(f"[{box}]" in line for box in ("24", "28", "32")))

"""02/CNKD (02/CNKD-TNCN-QTT, maTKhai 1244, reading OQ-26): the annual PIT finalisation of a household
taxed on income, end to end: scenario files with hand-computed boxes (tests/scenarios/f0*), XML,
reader round trip, `validate`, PDF, `declare --period 2026`, `batch`, the API, the golden file of the
restaurant example, and `amend` as a new original return (the catalogue has no B entry for 1244).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_scenarios import load  # the scenario reader of the engine's tests

from hhtax.cli.main import cli
from hhtax.declarations.build import build_declaration, prepare
from hhtax.declarations.model import Declaration
from hhtax.declarations.model_qtt import QttBody
from hhtax.declarations.pdf import render_pdf
from hhtax.declarations.validate import validate_xml
from hhtax.declarations.xml import from_xml, to_xml
from hhtax.model import Overpayment
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.service.ledgers import open_text_ledger
from hhtax.tax.engine import assess

ROOT = Path(__file__).parent
SCENARIOS = sorted((ROOT / "scenarios").glob("f0*_finalisation_*.toml"))
RESTAURANT = ROOT.parent / "ledgers" / "restaurant-2026"
GOLDEN = ROOT / "golden" / "xml" / "restaurant-2026_2026.xml"
NS = "{http://kekhaithue.gdt.gov.vn/TKhaiThue}"
RULES = load_rules()
TODAY = date(2027, 3, 10)


def from_scenario(path: Path, **household: Any) -> tuple[Declaration, dict[str, Any]]:
    house, entries, _ = load(path)
    if household:
        house = house.model_copy(update=household)
    assessment = assess(house, entries, Period.of_year(2026), RULES)
    decl = build_declaration(house, assessment, RULES, today=TODAY)
    return decl, tomllib.loads(path.read_text(encoding="utf-8"))["declaration"]


def written(xml: bytes) -> dict[str, str]:
    """Every leaf of the body by its element name (the names are unique in 02/CNKD's body)."""
    body = ET.fromstring(xml).find(f"{NS}HSoKhaiThue/{NS}CTieuTKhaiChinh")
    assert body is not None
    return {el.tag.removeprefix(NS): el.text or "" for el in body.iter() if len(el) == 0}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_boxes(path: Path) -> None:
    decl, expected = from_scenario(path)
    assert (decl.form.ma_tkhai, decl.form.version, decl.kind, decl.layout) == ("1244", "2.8.9", "C", "qtt")
    xml = to_xml(decl)
    boxes = written(xml)
    for name, value in expected.items():
        assert boxes[name] == str(value), name
    assert validate_xml(xml, RULES) == [] and validate_xml(xml, RULES, use_lxml=False) == []
    assert from_xml(xml, RULES) == decl
    assert b"<PLuc" not in xml  # the catalogue lists no appendix for 1244


def test_overpayment_offset_by_default_and_cash_refund() -> None:
    path = ROOT / "scenarios" / "f01_finalisation_overpaid_refund.toml"
    offset, _ = from_scenario(path, overpayment=Overpayment())
    assert isinstance(offset.body, QttBody)
    assert (offset.body.offset, offset.body.refund) == (5_000_000, None)
    choice = Overpayment(handling="refund", method="cash", receiver="Đỗ Minh Khoa", id_number="001099054321",
                         id_date=date(2021, 4, 12), id_place="Cục Cảnh sát",
                         treasury="Kho bạc Nhà nước Hà Nội")
    cash, _ = from_scenario(path, overpayment=choice)
    boxes = written(to_xml(cash))
    assert (boxes["tienMat"], boxes["chuyenKhoan"], boxes["thueTNCNDeNghiHT"]) == ("1", "0", "5000000")
    assert (boxes["so_giayto"], boxes["ngayCap"], boxes["noiNhanTien"]) == (
        "001099054321", "2021-04-12", "Kho bạc Nhà nước Hà Nội")
    assert from_xml(to_xml(cash), RULES) == cash


def test_refund_by_transfer_needs_an_account() -> None:
    from hhtax.errors import DeclarationError

    path = ROOT / "scenarios" / "f01_finalisation_overpaid_refund.toml"
    with pytest.raises(DeclarationError, match="bank account"):
        from_scenario(path, accounts=())


def test_validate_finds_wrong_boxes() -> None:
    decl, _ = from_scenario(ROOT / "scenarios" / "f02_finalisation_to_pay.toml")
    xml = to_xml(decl)
    bad = (xml.replace(b"<ct13>760000000</ct13>", b"<ct13>760000001</ct13>")
              .replace(b"<ct14>17</ct14>", b"<ct14>15</ct14>")
              .replace(b"<tong_sotien>72200000</tong_sotien>", b"<tong_sotien>72200001</tong_sotien>"))
    elements = {problem.element.rsplit("/", 1)[-1] for problem in validate_xml(bad, RULES)}
    assert {"ct13", "ct14", "ct15", "tong_sotien"} <= elements


def test_restaurant_golden_and_declare(tmp_path: Path) -> None:
    """`declare --period 2026` of the income-method example writes 02/CNKD only (no 01/TKN-CNKD is due:
    the household is above the threshold); the XML is the reviewed golden file."""
    result = CliRunner().invoke(cli, ["--ledger", str(RESTAURANT), "declare", "--period", "2026", "--out",
                                      str(tmp_path), "--on", TODAY.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["form"], data["ma_tkhai"], data["payable"]) == ("02/CNKD", "1244", 177_380_188)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["079078004629_02-CNKD_2026.pdf", "079078004629_02-CNKD_2026.xml"]
    xml = (tmp_path / files[1]).read_bytes()
    if os.environ.get("HHTAX_REGEN_GOLDEN") == "1":  # then review the diff
        GOLDEN.write_bytes(xml)
    assert xml == GOLDEN.read_bytes()
    boxes = written(xml)
    # 4,645,874,000 − 3,280,766,365 = 1,365,107,635 × 17 % = 232,068,297.95 → 232,068,298;
    # less the provisional PIT of the four quarters, 54,688,110: 177,380,188 to pay.
    assert (boxes["ct13"], boxes["ct15"], boxes["soTien"]) == ("1365107635", "232068298", "177380188")


def test_api_and_batch(tmp_path: Path) -> None:
    from hhtax.api import Ledger

    decl = prepare(open_text_ledger(RESTAURANT), Period.of_year(2026), RULES, today=TODAY).declaration
    assert decl is not None and to_xml(decl) == GOLDEN.read_bytes()
    with Ledger.create(tmp_path / "api.sqlite", RESTAURANT / "household.toml") as api:
        api.store.import_entries(list(open_text_ledger(RESTAURANT).entries()))
        assert api.declaration_xml("2026", today=TODAY) == GOLDEN.read_bytes()
        assert api.declaration_pdf("2026", today=TODAY).startswith(b"%PDF")
    root = tmp_path / "ledgers"
    shutil.copytree(RESTAURANT, root / "restaurant")
    result = CliRunner().invoke(cli, ["batch", str(root), "--period", "2026", "--out", str(tmp_path / "out"),
                                      "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "079078004629" / "079078004629_02-CNKD_2026.xml").read_bytes() == \
        GOLDEN.read_bytes()


def test_amend_files_a_new_original_return(tmp_path: Path) -> None:
    """No B entry for 1244: the correction is a C return (soLan 0) named _B1, recorded as correction 1."""
    from hhtax.journal.store import SqliteLedger
    from hhtax.model import Entry, EntryKind
    from hhtax.service.ledgers import create_ledger

    path = tmp_path / "r.sqlite"
    source = open_text_ledger(RESTAURANT)
    with create_ledger(path, source.household) as ledger:
        ledger.import_entries(source.entries())
    out = tmp_path / "out"
    run = CliRunner().invoke
    first = run(cli, ["--ledger", str(path), "declare", "--period", "2026", "--out", str(out),
                      "--on", "2027-03-10"])
    assert first.exit_code == 0, first.output
    with SqliteLedger(path) as ledger:
        ledger.add(Entry(date=date(2026, 12, 28), kind=EntryKind.SALE, amount=10_000_000, line="food"),
                   amend=True)
    result = run(cli, ["--ledger", str(path), "amend", "--period", "2026", "--out", str(out),
                       "--on", "2027-04-20", "--paid-on", "2027-04-20", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["kind"], data["seq"], data["explanation_in_xml"]) == ("C", 0, False)
    assert {row["box"] for row in data["changes"]} >= {"[11]", "[15]"}
    xml = (out / "079078004629_02-CNKD_2026_B1.xml").read_bytes()
    assert b"<loaiTKhai>C</loaiTKhai>" in xml and b"<soLan>0</soLan>" in xml
    with SqliteLedger(path) as ledger:
        assert [(r.period, r.kind, r.seq) for r in ledger.filings()] == [("2026", "C", 0), ("2026", "B", 1)]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_pdf_layout(tmp_path: Path) -> None:
    decl, _ = from_scenario(ROOT / "scenarios" / "f01_finalisation_overpaid_refund.toml")
    pdf = tmp_path / "f.pdf"
    pdf.write_bytes(render_pdf(decl))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("Mẫu số: 02/CNKD-TNCN-QTT", "[01] Kỳ tính thuế: Năm 2026",
                     "A. KÊ KHAI THÔNG TIN TÍNH THUẾ", "2.000.000.000", "1.900.000.000", "100.000.000",
                     "15.000.000", "B. HỖ TRỢ THÔNG TIN NỘP THUẾ",
                     "C. ĐỀ NGHỊ XỬ LÝ KHOẢN NỘP THỪA", "5.000.000", "0123456789", "Ngân hàng TMCP Á Châu",
                     "NGƯỜI NỘP THUẾ hoặc"):
        assert expected in text, expected
    pages = text.split("\f")
    signature_page = next(page for page in pages if "NGƯỜI NỘP THUẾ hoặc" in page)
    assert "[28]" in signature_page or "Số tiền" in signature_page  # never alone on its page
    assert render_pdf(decl) == render_pdf(replace(decl))

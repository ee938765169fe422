"""Leasing returns end to end: 01/TTS (2025, maTKhai 470) and 01/BĐS with 01/BK-BĐS (2026, 1255).

Figures come from the scenario files s10 (TT 40/2021 Art 8, App. I) and s11 (reading OQ-09: Law
109/2025 Art 7.4, NĐ 68/2026 Art 4.4), computed by hand there; the example ledgers lease-2025 and
lease-2026 are filed through `declare`, the CLI, `batch` and the Python API, round-tripped through
the reader, validated, compared with golden files and checked against the viewer's catalogue.

A changed output is written next to its golden file as `*.new` and the test fails (conftest.assert_golden).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import assert_golden
from conftest import load_scenario as load
from pypdf import PdfReader

from hhtax.cli.main import cli
from hhtax.declarations.build import prepare
from hhtax.declarations.leasing_model import BdsBody, TtsBody
from hhtax.declarations.pdf import render_pdf
from hhtax.declarations.validate import validate_xml
from hhtax.declarations.xml import from_xml, to_xml
from hhtax.errors import InputError
from hhtax.journal.aggregates import AggregateRow, aggregate_entries
from hhtax.journal.household_file import household_from_dict
from hhtax.model import Entry, Household
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.rules.loader import parse_pack
from hhtax.service.ledgers import open_text_ledger
from hhtax.tax.engine import assess
from hhtax.tax.real_estate import assess_real_estate

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = Path(__file__).parent / "scenarios"
GOLDEN = Path(__file__).parent / "golden" / "xml"
RULES = load_rules()
TODAY = date(2027, 1, 20)
# The viewer catalogue's appendices per form (shared/law/forms-more.md §3, form-01-tts.md §1).
CATALOGUE = {
    "470": {"PLuc_01_BK_TTS", "PLuc_02_BK_TTS", "PL_ND15_GTGT", "PL_NQ142_GTGT"},
    "1255": {"PLuc_01_BK_BDS"},
}


class MemoryLedger:
    """The read side of a ledger over a list of entries (what `prepare` needs)."""

    def __init__(self, household: Household, entries: list[Entry]) -> None:
        self.household = household
        self._entries = sorted(entries, key=lambda e: e.date)

    def entries(self, start: date | None = None, end: date | None = None) -> Iterator[Entry]:
        return (
            e for e in self._entries if (start is None or e.date >= start) and (end is None or e.date <= end)
        )

    def aggregates(self, start: date, end: date, cash_limit: int) -> list[AggregateRow]:
        return aggregate_entries(self.entries(start, end), cash_limit)

    name = "memory"

    def filings(self, period: Period | None = None) -> list[Any]:
        return []  # nothing filed

    def estimates(self, year: int | None = None) -> list[Any]:
        return []  # no estimate recorded: prior_year_revenue, else revenue so far (OQ-28)


def scenario(name: str) -> tuple[Household, list[Entry], dict[str, Any]]:
    path = SCENARIOS / name
    household, entries, _ = load(path)
    return household, entries, tomllib.loads(path.read_text(encoding="utf-8"))


# -- 01/TTS: figures ---------------------------------------------------------------------------------


def test_lease_only_2025_files_01_tts_and_no_empty_01_cnkd() -> None:
    household, entries, data = scenario("s10_leasing_2025_tts.toml")
    for expect in data["expect_returns"]:
        period = Period.parse(expect["period"])
        prepared = prepare(MemoryLedger(household, entries), period, RULES, today=TODAY)
        forms = [d.form.code for d in prepared.declarations]
        assert forms == expect["forms"]
        decl = prepared.declarations[0]
        body = decl.body
        assert isinstance(body, TtsBody)
        got = {
            "ct23": body.revenue,
            "ct24": body.taxable_revenue,
            "ct25": body.vat,
            "ct26": body.pit,
            "ct29": body.pit_total,
            "payable": decl.payable,
        }
        assert got == {k: v for k, v in expect.items() if k in got}
        # the assessment agrees with the return (never a zero return beside a non-zero assessment)
        assert decl.payable == assess(household, entries, period, RULES).payable.value


def test_shop_and_lease_2025_file_both_returns() -> None:
    household, entries, _ = scenario("s10_leasing_2025_tts.toml")
    shop = household.model_copy(
        update={
            "lines": (
                *household.lines,
                household_from_dict(
                    {"tax_code": household.tax_code, "name": "x", "lines": [{"id": "shop", "group": "goods"}]}
                ).lines[0],
            )
        }
    )
    sales = [Entry(date=date(2025, 2, 10), kind="sale", amount=200_000_000, line="shop")]
    prepared = prepare(MemoryLedger(shop, entries + sales), Period.parse("2025-Q1"), RULES, today=TODAY)
    assert [d.form.code for d in prepared.declarations] == ["01/CNKD", "01/TTS"]
    cnkd, tts = prepared.declarations
    assert cnkd.payable == 2_000_000 + 1_000_000  # goods: VAT 1 %, PIT 0.5 % of 200,000,000
    assert tts.payable == 3_000_000


def test_lease_only_month_without_return_says_where_it_goes() -> None:
    household, entries, _ = scenario("s10_leasing_2025_tts.toml")
    prepared = prepare(MemoryLedger(household, entries), Period.parse("2025-H1"), RULES, today=TODAY)
    assert prepared.declaration is None
    assert "01/TTS" in prepared.note


# -- 01/BĐS: the pool and its figures ---------------------------------------------------------------


def _rows(household: Household, entries: list[Entry]) -> list[AggregateRow]:
    return aggregate_entries((e for e in entries if e.date.year == 2026), 2**62)


def test_real_estate_pool_matches_the_hand_computed_figures() -> None:
    household, entries, data = scenario("s11_real_estate_pool_2026.toml")
    for expect in data["expect_pool"]:
        period = Period.parse(expect["period"])
        lease = assess_real_estate(household, _rows(household, entries), period, RULES)
        assert lease.taxable is expect["taxable"]
        assert lease.year_revenue.value == expect["year_revenue"]
        assert lease.deduction_left == expect["deduction_left"]
        assert [[r.vat.value, r.pit.value] for r in lease.rows] == expect["rows"]
        if period.kind.value == "half":
            body = prepare(MemoryLedger(household, entries), period, RULES, today=TODAY).declarations[0].body
        else:  # filed once a year: the same household with lease_filing = "year"
            yearly = household.model_copy(update={"lease_filing": "year"})
            body = prepare(MemoryLedger(yearly, entries), period, RULES, today=TODAY).declarations[-1].body
        assert isinstance(body, BdsBody)
        got = {
            "ct09": body.revenue,
            "ct10": body.deduction,
            "ct11": body.vat,
            "ct12": body.pit,
            "ct17": body.pit_payable,
            "ct18": body.payable,
        }
        assert got == {k: v for k, v in expect.items() if k in got}


def test_pool_under_the_threshold_is_a_notice_without_tax() -> None:
    household, entries, _ = scenario("s11_real_estate_pool_2026.toml")
    small = [e for e in entries if e.line != "lease_b"]  # lease A alone: 720,000,000 ≤ 1 bn
    only_a = household.model_copy(
        update={"properties": household.properties[:1], "lines": household.lines[:2]}
    )
    lease = assess_real_estate(only_a, _rows(only_a, small), Period.parse("2026-H1"), RULES)
    assert not lease.taxable
    assert (lease.revenue, lease.deduction, lease.vat, lease.pit) == (360_000_000, 360_000_000, 0, 0)
    decl = prepare(MemoryLedger(only_a, small), Period.parse("2026-H1"), RULES, today=TODAY).declarations[0]
    assert isinstance(decl.body, BdsBody) and decl.body.below_threshold and decl.payable == 0
    assert validate_xml(to_xml(decl), RULES) == []


def test_shop_quarters_and_notice_ignore_the_pool() -> None:
    household, entries, _ = scenario("s11_real_estate_pool_2026.toml")
    ledger = MemoryLedger(household, entries)
    assert prepare(ledger, Period.parse("2026-Q2"), RULES, today=TODAY).declarations == ()
    year = prepare(ledger, Period.parse("2026"), RULES, today=TODAY)
    assert [d.form.code for d in year.declarations] == ["01/TKN-CNKD"]  # lease_filing = half


def test_override_aggregates_the_leases_with_the_shop() -> None:
    """OQ-09 override `leasing.aggregate_with_business = true`: one pool, line (c) of 01/CNKD, no 01/BĐS."""
    household, entries, _ = scenario("s11_real_estate_pool_2026.toml")
    local = parse_pack(
        '[pack]\nid = "local"\n[[rule]]\nname = "leasing.aggregate_with_business"\nvalue = true\n'
        'valid_from = 2026-01-01\nref = "OQ-09 override"\nconfidence = "L"\n',
        "local.toml",
    )
    rules = RULES.layered(local)
    assert assess(household, entries, Period.parse("2026"), rules).revenue.value == 1_670_000_000
    ledger = MemoryLedger(household, entries)
    assert prepare(ledger, Period.parse("2026-H1"), rules, today=TODAY).declarations == ()
    # one pool of 1,670,000,000: cumulative revenue passes 1 bn in Q3 (800 m to 30/06, 1,235 m to 30/09)
    q3 = prepare(ledger, Period.parse("2026-Q3"), rules, today=TODAY).declarations
    assert [d.form.code for d in q3] == ["01/CNKD"]


# -- the example ledgers: XML, reader, validate, golden, catalogue, PDF --------------------------------

EXAMPLES = {"lease-2025": ["2025-Q1", "2025-Q4", "2025"], "lease-2026": ["2026-H1", "2026-H2"]}


def example_returns() -> Iterator[tuple[str, str]]:
    for name, periods in EXAMPLES.items():
        for period in periods:
            yield name, period


@pytest.mark.parametrize(("name", "period"), list(example_returns()))
def test_example_returns_round_trip_validate_and_match_golden(name: str, period: str) -> None:
    prepared = prepare(open_text_ledger(ROOT / "ledgers" / name), Period.parse(period), RULES, today=TODAY)
    decl = next(d for d in prepared.declarations if isinstance(d.body, TtsBody | BdsBody))
    xml = to_xml(decl)
    assert xml == to_xml(decl)
    assert validate_xml(xml, RULES) == []
    assert validate_xml(xml, RULES, use_lxml=False) == []
    assert from_xml(xml, RULES) == decl
    appendices = set(re.findall(rb"<PLuc>\s*<(\w+)>", xml)) | set(re.findall(rb"</(\w+)>\s*</PLuc>", xml))
    assert {a.decode() for a in appendices} <= CATALOGUE[decl.form.ma_tkhai]
    golden = GOLDEN / f"{name}_{period}.xml"
    assert_golden(golden, xml)


def test_tampered_returns_are_refused() -> None:
    lease = (GOLDEN / "lease-2025_2025-Q1.xml").read_bytes()
    problems = validate_xml(lease.replace(b"<ct25>1500000</ct25>", b"<ct25>1400000</ct25>"), RULES)
    assert {p.element for p in problems} >= {"CTieuTKhaiChinh/CaNhanKeKhai/ct25"}
    pool = (GOLDEN / "lease-2026_2026-H2.xml").read_bytes()
    problems = validate_xml(pool.replace(b"<tongCT15>570000000", b"<tongCT15>570000001"), RULES)
    assert "PLuc/PLuc_01_BK_BDS/TongCong/tongCT15" in {p.element for p in problems}
    both = pool.replace(b"<doanhThuDuoiNguong>0<", b"<doanhThuDuoiNguong>1<")
    assert "CTieuTKhaiChinh/Header" in {p.element for p in validate_xml(both, RULES)}
    quarter = pool.replace(b"<kieuKy>N</kieuKy>", b"<kieuKy>Q</kieuKy>").replace(
        b"<kyKKhai>2/2026</kyKKhai>", b"<kyKKhai>2/2026</kyKKhai>"
    )
    assert any("not filed for a quarter" in p.message for p in validate_xml(quarter, RULES))


def test_pdfs_print_the_figures_and_are_deterministic() -> None:
    for name, period, figures in (
        # no 01/BK-TTS: the contract's first filing was in 2024 (TT 40/2021 Art 8; test_filing_forms.py)
        ("lease-2025", "2025-Q1", ("30.000.000", "1.500.000")),
        (
            "lease-2026",
            "2026-H2",
            ("570.000.000", "28.500.000", "3.500.000", "01/BK-BĐS", "Ki-ốt số 5 chợ Nghĩa Tân"),
        ),
    ):
        decl = prepare(
            open_text_ledger(ROOT / "ledgers" / name), Period.parse(period), RULES, today=TODAY
        ).declarations[0]
        pdf = render_pdf(decl)
        assert pdf == render_pdf(decl)
        import io

        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        for figure in figures:
            assert figure in text, (name, figure)


# -- profile ---------------------------------------------------------------------------------------


def test_profile_refuses_unknown_or_misplaced_properties() -> None:
    base = {
        "tax_code": "079168004512",
        "name": "A",
        "properties": [{"id": "p", "start": "2026-01-01", "end": "2026-12-31", "rent": 1}],
    }
    with pytest.raises(InputError, match="unknown property"):
        household_from_dict({**base, "lines": [{"id": "l", "group": "leasing", "property": "q"}]})
    with pytest.raises(InputError, match="only a leasing line"):
        household_from_dict({**base, "lines": [{"id": "l", "group": "goods", "property": "p"}]})
    bad = {
        **base,
        "properties": [{"id": "p", "start": "2026-02-01", "end": "2026-01-31"}],
        "lines": [{"id": "l", "group": "leasing"}],
    }
    with pytest.raises(InputError, match="ends before it starts"):
        household_from_dict(bad)


# -- front ends: CLI, amend, batch, API --------------------------------------------------------------


def test_cli_declare_writes_01_tts_only(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "--lang",
            "en",
            "--ledger",
            str(ROOT / "ledgers" / "lease-2025"),
            "declare",
            "--period",
            "2025-Q1",
            "--out",
            str(tmp_path),
            "--on",
            "2025-04-20",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["form"], data["ma_tkhai"], data["payable"]) == ("01/TTS", "470", 3_000_000)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "079168004512_01-TTS_2025-Q1.pdf",
        "079168004512_01-TTS_2025-Q1.xml",
    ]


def _sqlite(tmp_path: Path) -> Path:
    runner = CliRunner()
    db = tmp_path / "lease.sqlite"
    result = runner.invoke(cli, ["--ledger", str(db), "init", "--from", str(ROOT / "ledgers" / "lease-2026")])
    assert result.exit_code == 0, result.output
    return db


def test_declare_and_amend_01_bds_on_a_sqlite_ledger(tmp_path: Path) -> None:
    db = _sqlite(tmp_path)
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(
        cli,
        [
            "--lang",
            "en",
            "--ledger",
            str(db),
            "declare",
            "--period",
            "2026-H1",
            "--out",
            str(out),
            "--on",
            "2026-07-20",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["payable"] == 25_000_000
    added = runner.invoke(
        cli,
        [
            "--ledger",
            str(db),
            "add",
            "sale",
            "--date",
            "2026-06-05",
            "--amount",
            "2000000",
            "--line",
            "thue-kiot",
            "--doc",
            "PT-K06b",
            "--description",
            "Tiền thuê ki-ốt thu thêm theo phụ lục hợp đồng",
            "--amend",
        ],
    )
    assert added.exit_code == 0, added.output
    result = runner.invoke(
        cli,
        [
            "--lang",
            "en",
            "--ledger",
            str(db),
            "amend",
            "--period",
            "2026-H1",
            "--out",
            str(out),
            "--on",
            "2026-09-01",
            "--paid-on",
            "2026-09-01",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["kind"], data["seq"], data["payable"]) == ("B", 1, 25_100_000)
    xml = Path(data["xml"]).read_bytes()
    assert b"KHBS" not in xml and validate_xml(xml, RULES) == []  # 1255 B: no KHBS (forms-more.md §3)
    # the explanation is printed only, not in the XML: VAT +100,000 (2,000,000 × 5 %), late from 01/08
    # to 31/08/2026: 100,000 × 0.03 % × 31 days = 930 (Law 38/2019 Art 59)
    assert (data["tax_change"], data["interest"], data["late_days"]) == (100_000, 930, 31)
    more = runner.invoke(
        cli,
        [
            "--ledger",
            str(db),
            "add",
            "sale",
            "--date",
            "2026-06-06",
            "--amount",
            "1000000",
            "--line",
            "thue-kiot",
            "--doc",
            "PT-K06c",
            "--amend",
        ],
    )
    assert more.exit_code == 0, more.output
    human = runner.invoke(
        cli,
        [
            "--lang",
            "en",
            "--ledger",
            str(db),
            "amend",
            "--period",
            "2026-H1",
            "--out",
            str(out),
            "--on",
            "2026-09-01",
            "--paid-on",
            "2026-09-01",
        ],
    )
    assert human.exit_code == 0 and "01/BĐS" in human.output and "Traceback" not in human.output, human.output


def test_batch_and_api_produce_01_bds(tmp_path: Path) -> None:
    from hhtax import Ledger
    from hhtax.batch import BatchConfig, process_household

    root = tmp_path / "clients"
    root.mkdir()
    (root / "thuha").symlink_to(ROOT / "ledgers" / "lease-2026")
    config = BatchConfig(root=root, out=tmp_path / "out", period=Period.parse("2026-H1"), today=TODAY)
    result = process_household(config, "thuha")
    assert result.form == "01/BĐS" and result.payable == 25_000_000
    assert any(f.endswith("01-BĐS_2026-H1.xml") for f in result.files)
    with Ledger.open(_sqlite(tmp_path)) as ledger:
        assert [d.form.code for d in ledger.declarations("2026-H1", today=TODAY)] == ["01/BĐS"]
        xml = ledger.declaration_xml("2026-H1", today=TODAY, form="01/BĐS")
        assert b"<maTKhai>1255</maTKhai>" in xml
        decl = ledger.declaration("2026-H1", today=TODAY)
        assert replace(decl, notes=()) == from_xml(xml, RULES)


def test_duties_list_the_leasing_returns() -> None:
    from hhtax.duty import year_duties

    lease_2025 = open_text_ledger(ROOT / "ledgers" / "lease-2025")
    duties = year_duties(lease_2025, 2025, RULES, date(2025, 12, 1)).duties
    assert [(d.form, str(d.period), d.statutory, d.vat, d.pit) for d in duties] == [
        ("01/TTS", "2025", date(2026, 1, 31), 6_000_000, 6_000_000)
    ]  # no 01/CNKD for a lease-only household
    lease_2026 = open_text_ledger(ROOT / "ledgers" / "lease-2026")
    found = {
        (d.form, str(d.period), d.statutory, d.vat, d.pit)
        for d in year_duties(lease_2026, 2026, RULES, date(2027, 1, 10)).duties
    }
    assert {
        ("01/BĐS", "2026-H1", date(2026, 7, 31), 25_000_000, 0),
        ("01/BĐS", "2026-H2", date(2027, 1, 31), 28_500_000, 3_500_000),
    } <= found

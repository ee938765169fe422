"""Issue 11: tax is rounded once per form row (industry group × place × filing period, reading OQ-10),
in both regimes, and hhtax's own `validate` accepts hhtax's own return for any split of a row's base
into business lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from hhtax.cli.main import cli
from hhtax.declarations.build import build_declaration
from hhtax.declarations.validate import validate_xml
from hhtax.declarations.xml import to_xml
from hhtax.model import Entry, EntryKind, Household
from hhtax.money import apply_rate, shares
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.tax.engine import assess
from tests.test_declarations_golden import line, write_ledger

RULES = load_rules()
GROUPS = ["goods", "services", "production", "digital", "other"]


def household(groups: list[str], prior: int, cuts: list[bool] | None = None) -> Household:
    flags = cuts or [False] * len(groups)
    return Household(
        tax_code="001099012345",
        name="Hộ thử",
        prior_year_revenue=prior,
        tax_office={"code": "10101", "name": "Thuế cơ sở 1 Thành phố Hà Nội"},
        lines=[
            {"id": f"l{i}", "group": g, "name": f"Ngành {i}", "vat_cut": flags[i]}
            for i, g in enumerate(groups)
        ],
    )


@st.composite
def split_rows(draw: st.DrawFn) -> tuple[int, list[tuple[str, int]], list[bool]]:
    """A year, lines (group, Q2 revenue) where lines of one group split that group's row, and which
    lines take the VAT cut (OQ-07)."""
    year = draw(st.sampled_from([2025, 2026]))
    lines: list[tuple[str, int]] = []
    for group in draw(st.lists(st.sampled_from(GROUPS), min_size=1, max_size=2, unique=True)):
        base = draw(st.integers(60_000_000, 700_000_000))
        cuts = sorted(draw(st.lists(st.integers(0, base), min_size=0, max_size=3)))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, base], strict=True)]
        lines += [(group, part) for part in parts]
    return year, lines, draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))


@settings(max_examples=40, deadline=None)
@given(split_rows())
def test_any_split_of_a_row_gives_the_rows_tax_and_a_valid_return(
    case: tuple[int, list[tuple[str, int]], list[bool]],
) -> None:
    year, table, cut = case
    hh = household([g for g, _ in table], prior=2_400_000_000, cuts=cut)
    entries = [Entry(date=date(year, 1, 10), kind=EntryKind.SALE, amount=1_100_000_000, line="l0", doc="q1")]
    entries += [
        Entry(date=date(year, 5, 10), kind=EntryKind.SALE, amount=amount, line=f"l{i}", doc=f"d{i}")
        for i, (_g, amount) in enumerate(table)
        if amount
    ]
    period = Period.quarter(year, 2)
    a = assess(hh, entries, period, RULES)
    assert a.filing == "01/CNKD"
    by_line = {ln.line: ln for ln in a.lines}

    def row_of(group: str) -> str:  # TT 40: the box (services and digital share [29]); TT 18: the group
        return str(RULES.value(f"groups.{group}.row", period.end)) if year == 2025 else group

    for label in {row_of(g) for g, _ in table}:
        groups = [g for g, _ in table if row_of(g) == label]
        base = sum(amount for g, amount in table if row_of(g) == label)
        members = [f"l{i}" for i, (g, _a) in enumerate(table) if row_of(g) == label]
        vat_rate = Decimal(RULES.value(f"groups.{groups[0]}.vat_rate", period.end))
        pit_rate = Decimal(RULES.value(f"groups.{groups[0]}.pit_rate", period.end))
        vat_row = next(r for r in a.rows if r.tax == "vat" and r.row == label)
        pit_row = next(r for r in a.rows if r.tax == "pit" and r.row == label)
        assert [m for m, _s in vat_row.lines] == members
        reductions = sum(by_line[m].vat_reduction for m in members)
        assert vat_row.value == apply_rate(base, vat_rate) - reductions  # the cut's own rows, each rounded
        for m in members:
            cut_rate = vat_rate * Decimal("0.2")
            assert by_line[m].vat_reduction == apply_rate(by_line[m].vat_cut_revenue, cut_rate)
        assert pit_row.value == apply_rate(base, pit_rate)  # the 1 bn deduction was used up in Q1
        assert sum(by_line[m].vat.value for m in members) == vat_row.value
        assert sum(by_line[m].pit.value for m in members) == pit_row.value
    assert a.vat.value == sum(r.value for r in a.rows if r.tax == "vat")
    declaration = build_declaration(hh, a, RULES, today=date(year, 7, 10))
    assert validate_xml(to_xml(declaration), RULES) == []


def test_shares_place_the_remainder_on_the_largest_fractions_then_the_first_line() -> None:
    assert shares(3, [Decimal("0.4"), Decimal("1.3"), Decimal("1.3")]) == [1, 1, 1]
    assert shares(2, [Decimal("0.4"), Decimal("1.3"), Decimal("0.3")]) == [1, 1, 0]
    assert shares(0, []) == []


def bookshop(folder: Path) -> Path:
    lines = line("sach", "goods", "Sách") + line("vpp", "goods", "Văn phòng phẩm")
    return write_ledger(
        folder, "", lines, [("2025-05-10", 100_000_050, "sach"), ("2025-05-10", 100_000_050, "vpp")]
    )


def test_the_bookshop_declares_and_validates(tmp_path: Path) -> None:
    """The issue's reproduction: `declare --period 2025-Q2` then `validate` both succeed, [28] to the đồng."""
    ledger = bookshop(tmp_path / "bookshop")
    out = tmp_path / "out"
    out.mkdir()
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "--lang",
            "en",
            "--ledger",
            str(ledger),
            "declare",
            "--period",
            "2025-Q2",
            "--out",
            str(out),
            "--on",
            "2025-07-10",
        ],
    )
    assert result.exit_code == 0, result.output
    xml = next(out.glob("*.xml"))
    text = xml.read_text(encoding="utf-8")
    for column, value in (
        ("DoanhThuThueGTGT", 200_000_100),
        ("SoThueGTGT", 2_000_001),
        ("DoanhThuThueTNCN", 200_000_100),
        ("SoThueTNCN", 1_000_001),
    ):
        assert f"<{column}><ct28>{value}</ct28>" in text.replace("\n", "").replace(" ", ""), column
    checked = runner.invoke(cli, ["--lang", "en", "validate", str(xml)])
    assert checked.exit_code == 0, checked.output

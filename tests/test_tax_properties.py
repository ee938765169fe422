"""Hypothesis properties of the tax engine (issue 3): monotonicity, order and split invariance, the
quarters adding up to the year, G1 owing nothing, and rounding within half a đồng."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from hhtax.model import Entry, EntryKind, Household
from hhtax.money import apply_rate
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.tax.engine import assess
from hhtax.tax.explain import to_dict

RULES = load_rules()
GROUPS = ["goods", "services", "production", "digital", "other", "leasing"]
QUARTERS = [Period.quarter(2026, q) for q in range(1, 5)]
FAST = settings(max_examples=40, deadline=None)

amounts = st.integers(min_value=0, max_value=900_000_000)
tables = st.lists(
    st.tuples(st.sampled_from(GROUPS), st.lists(amounts, min_size=4, max_size=4)), min_size=1, max_size=3
)


def household(groups: list[str]) -> Household:
    return Household(
        tax_code="001099012345",
        name="Hộ thử",
        lines=[{"id": f"l{i}", "group": g} for i, g in enumerate(groups)],
    )


def entries(table: list[tuple[str, list[int]]], year: int = 2026) -> list[Entry]:
    out = []
    for i, (_g, quarters) in enumerate(table):
        for q, amount in enumerate(quarters, start=1):
            if amount:
                out.append(
                    Entry(
                        date=date(year, 3 * q - 2, 10),
                        kind=EntryKind.SALE,
                        amount=amount,
                        line=f"l{i}",
                        doc=f"d{i}{q}",
                    )
                )
    return out


def line_tax(table: list[tuple[str, list[int]]], line: str, period: Period) -> int:
    a = assess(household([g for g, _ in table]), entries(table), period, RULES)
    found = next(ln for ln in a.lines if ln.line == line)
    return found.vat.value + found.pit.value


@FAST
@given(tables, st.data())
def test_more_revenue_never_lowers_a_lines_tax(
    table: list[tuple[str, list[int]]], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(table) - 1))
    quarter = data.draw(st.integers(0, 3))
    extra = data.draw(st.integers(1, 500_000_000))
    bigger = [(g, list(q)) for g, q in table]
    bigger[index][1][quarter] += extra
    line = f"l{index}"
    for period in (QUARTERS[quarter], Period.of_year(2026)):
        assert line_tax(bigger, line, period) >= line_tax(table, line, period)


@FAST
@given(tables, st.randoms(use_true_random=False), st.data())
def test_reordering_or_splitting_entries_changes_nothing(
    table: list[tuple[str, list[int]]], rnd: object, data: st.DataObject
) -> None:
    hh = household([g for g, _ in table])
    base = entries(table)
    split: list[Entry] = []
    for entry in base:
        part = data.draw(st.integers(0, entry.amount))
        split += [
            entry.model_copy(update={"amount": part}),
            entry.model_copy(update={"amount": entry.amount - part}),
        ]
    shuffled = list(split)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    for period in (QUARTERS[1], Period.of_year(2026)):
        assert to_dict(assess(hh, shuffled, period, RULES)) == to_dict(assess(hh, base, period, RULES))


@FAST
@given(tables)
def test_quarters_add_up_to_the_year_under_the_revenue_method(table: list[tuple[str, list[int]]]) -> None:
    hh = household([g for g, _ in table])
    es = entries(table)
    year = assess(hh, es, Period.of_year(2026), RULES)
    if year.method != "revenue":
        return
    quarters = [assess(hh, es, q, RULES) for q in QUARTERS]
    assert sum(q.pit.value for q in quarters) == year.pit.value
    assert sum(q.vat.value for q in quarters) == year.vat.value


@FAST
@given(
    st.lists(
        st.tuples(st.sampled_from(GROUPS), st.lists(st.integers(0, 250_000_000), min_size=4, max_size=4)),
        min_size=1,
        max_size=1,
    )
)
def test_g1_always_owes_zero(table: list[tuple[str, list[int]]]) -> None:
    hh = household([g for g, _ in table])
    for period in [*QUARTERS, Period.of_year(2026)]:
        a = assess(hh, entries(table), period, RULES)
        assert a.group == "G1"
        assert a.vat.value == 0 and a.pit.value == 0 and a.payable.value == 0


@FAST
@given(tables)
def test_every_rounded_figure_is_within_half_a_dong(table: list[tuple[str, list[int]]]) -> None:
    """Each form row is rounded once (OQ-10): within half a đồng; a line's share within one đồng, and the
    shares add up to the row."""
    hh = household([g for g, _ in table])
    a = assess(hh, entries(table, 2025), Period.quarter(2025, 2), RULES)
    for row in a.rows:
        assert abs(Decimal(row.value) - row.exact) <= Decimal("0.5")
        assert sum(share for _line, share in row.lines) == row.value
    for line in a.lines:
        for figure in (line.vat, line.pit):
            assert figure.exact is not None
            assert abs(Decimal(figure.value) - figure.exact) < 1


@given(st.integers(-(10**13), 10**13), st.decimals(min_value=0, max_value=1, places=4))
def test_apply_rate_is_within_half_a_dong(amount: int, rate: Decimal) -> None:
    exact = Decimal(amount) * rate
    assert abs(Decimal(apply_rate(amount, rate)) - exact) <= Decimal("0.5")

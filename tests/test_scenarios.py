"""Every worked example of shared/law/worked-examples.md that is a computation, as scenario files.

Each `tests/scenarios/*.toml` gives a household, its entries and, per period, the figures an
accountant expects; the engine must match them to the đồng, through `assess` (entries) and
`assess_aggregates` on the same rows in any order.
"""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hhtax.journal.household_file import household_from_dict
from hhtax.model import Entry, Household
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.tax.assessment import Assessment
from hhtax.tax.costs import excluded_by_reason
from hhtax.tax.deadlines import due_date
from hhtax.tax.engine import assess
from hhtax.tax.interest import late_interest

SCENARIOS = Path(__file__).parent / "scenarios"


def scenario_files() -> list[Path]:
    return sorted(SCENARIOS.glob("*.toml"))


def load(path: Path) -> tuple[Household, list[Entry], list[dict[str, Any]]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    household = household_from_dict(data["household"])
    entries: list[Entry] = []
    revenue = data.get("revenue", {})
    for line, amounts in revenue.items():
        if line == "year":
            continue
        for quarter, amount in enumerate(amounts, start=1):
            entries.append(
                Entry(
                    date=date(revenue["year"], 3 * quarter - 2, 15),
                    kind="sale",
                    amount=amount,
                    line=line,
                    doc=f"HD-{line}-Q{quarter}",
                    source=f"{path.name}:revenue",
                )
            )
    costs = data.get("costs", {})
    for category, amounts in costs.items():
        if category == "year":
            continue
        for quarter, amount in enumerate(amounts, start=1):
            kind = "purchase" if category == "goods" else "wage" if category == "labour" else "expense"
            entries.append(
                Entry(
                    date=date(costs["year"], 3 * quarter - 2, 20),
                    kind=kind,
                    amount=amount,
                    category=category,
                    payment="bank",
                    doc=f"CP-{category}-Q{quarter}",
                    source=f"{path.name}:costs",
                )
            )
    for number, raw in enumerate(data.get("entries", []), start=1):
        item = {"doc": f"E-{number}", **raw, "source": f"{path.name}:entries[{number}]"}
        entries.append(Entry.model_validate(item))
    return household, entries, data.get("expect", [])


RULES = load_rules()
TOTALS = {
    "revenue",
    "vat",
    "pit",
    "payable",
    "year_revenue",
    "provisional_pit",
    "deductible_costs",
    "goods_cost",
    "taxable_income",
    "finalisation_due",
}


def _actual(a: Assessment, key: str) -> Any:
    if key in TOTALS:
        figure = getattr(a, key)
        return None if figure is None else figure.value
    if key == "income_rate":
        return str(a.income_rate) if a.income_rate is not None else None
    return getattr(a, key)


def check(a: Assessment, expect: dict[str, Any]) -> None:
    for key, wanted in expect.items():
        if key == "period":
            continue
        if key == "lines":
            by_id = {line.line: line for line in a.lines}
            for line_id, fields in wanted.items():
                line = by_id[line_id]
                for name, value in fields.items():
                    got = getattr(line, name)
                    got = got.value if hasattr(got, "value") else got
                    assert got == value, f"{a.period} line {line_id}.{name}: {got} != {value}"
        elif key == "warnings_include":
            codes = {w.code for w in a.warnings}
            assert set(wanted) <= codes, f"{a.period}: warnings {sorted(codes)} lack {wanted}"
        elif key == "readings_include":
            assert set(wanted) <= set(a.readings), f"{a.period}: readings {a.readings}"
        elif key == "filing_note_contains":
            assert wanted in a.filing_note, a.filing_note
        elif key == "excluded":
            assert excluded_by_reason(a.costs) == dict(sorted(wanted.items()))
        else:
            got = _actual(a, key)
            if isinstance(got, Decimal):
                got = str(got)
            assert got == wanted, f"{a.period} {key}: {got} != {wanted}"


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_scenario(path: Path) -> None:
    household, entries, expects = load(path)
    for expect in expects:
        period = Period.parse(expect["period"])
        check(assess(household, entries, period, RULES), expect)
        check(assess(household, list(reversed(entries)), period, RULES), expect)


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_scenario_deadlines_and_interest(path: Path) -> None:
    """Optional `[[deadline]]` (period, form, due: the moved deadline, OQ-20) and `[[interest]]` (amount,
    due, paid, interest: 0.03 %/day from the day after `due` to the day before `paid`) tables."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    household = household_from_dict(data["household"])
    for item in data.get("deadline", []):
        assert due_date(household, Period.parse(item["period"]), item["form"], RULES) == item["due"], item
    for item in data.get("interest", []):
        got = late_interest(item["amount"], item["due"], item["paid"], RULES).value
        assert got == item["interest"], item


def test_every_worked_example_has_a_scenario() -> None:
    stems = {p.stem.split("_")[0] for p in scenario_files()}
    for number in ("e01", "e02", "e03", "e04", "e05a", "e05b", "e06", "e07", "e08", "e09", "e10", "e10a"):
        assert number in stems

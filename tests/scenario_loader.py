"""Reading tests/scenarios/*.toml: a household, its entries (explicit or compact per-quarter tables)
and the figures expected per period. Shared by tests/test_scenarios.py and tests/test_cli_tax.py."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from hhtax.journal.household_file import household_from_dict
from hhtax.model import Entry, Household

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
            entries.append(Entry(date=date(revenue["year"], 3 * quarter - 2, 15), kind="sale", amount=amount,
                                 line=line, doc=f"HD-{line}-Q{quarter}", source=f"{path.name}:revenue"))
    costs = data.get("costs", {})
    for category, amounts in costs.items():
        if category == "year":
            continue
        for quarter, amount in enumerate(amounts, start=1):
            kind = "purchase" if category == "goods" else "wage" if category == "labour" else "expense"
            entries.append(Entry(date=date(costs["year"], 3 * quarter - 2, 20), kind=kind, amount=amount,
                                 category=category, payment="bank", doc=f"CP-{category}-Q{quarter}",
                                 source=f"{path.name}:costs"))
    for number, raw in enumerate(data.get("entries", []), start=1):
        item = {"doc": f"E-{number}", **raw, "source": f"{path.name}:entries[{number}]"}
        entries.append(Entry.model_validate(item))
    return household, entries, data["expect"]

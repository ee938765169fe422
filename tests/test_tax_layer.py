"""Issue 10 §4: the tax engine is a pure function of (household, entries or monthly aggregates, period,
rules): `hhtax/tax/` imports nothing that reads a ledger or writes output."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

TAX = Path(__file__).parent.parent / "hhtax" / "tax"
FORBIDDEN = ("hhtax.journal", "hhtax.importers", "hhtax.books", "hhtax.declarations", "hhtax.cli",
             "hhtax.api", "hhtax.batch", "hhtax.ledger_tax", "hhtax.status", "hhtax.service")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_tax_imports_no_ledger_and_no_output_layer() -> None:
    bad = {f"{path.name}: {name}" for path in sorted(TAX.glob("*.py")) for name in imported(path)
           if name.startswith(FORBIDDEN)}
    assert not bad, sorted(bad)


def test_no_tax_class_shadows_a_builtin() -> None:
    names = set(dir(builtins))
    for path in sorted(TAX.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                assert node.name not in names, f"{path.name}: class {node.name} shadows a builtin"


def test_every_figure_of_the_scenarios_names_a_registered_formula() -> None:
    """Formulas are translated by message id (hhtax.tax.formulas), never by matching English text."""
    import tomllib

    from hhtax.journal.household_file import household_from_dict
    from hhtax.model import Entry
    from hhtax.periods import Period
    from hhtax.rules import load_rules
    from hhtax.tax.engine import assess
    from hhtax.tax.explain import trace_figures
    from hhtax.tax.formulas import FORMULAS

    rules = load_rules()
    scenarios = Path(__file__).parent / "scenarios"
    for name in ("s12_cost_of_goods_sold_2026", "e04_vat_cut_mixed", "s05_bookshop_rows_by_place_2026",
                 "s04_bookshop_two_lines_one_row_2025", "s15_platform_sales_and_the_deduction_2026"):
        data = tomllib.loads((scenarios / f"{name}.toml").read_text(encoding="utf-8"))
        household = household_from_dict(data["household"])
        rows = data.get("entries", [])
        entries = [Entry.model_validate({"doc": f"E{n}", **raw}) for n, raw in enumerate(rows)]
        for expect in data["expect"]:
            a = assess(household, entries, Period.parse(expect["period"]), rules)
            for figure in trace_figures(a):
                assert figure.formula in FORMULAS, (name, figure.name, figure.formula)

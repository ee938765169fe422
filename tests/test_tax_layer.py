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

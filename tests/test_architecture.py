"""The layers a newcomer can trust (issue 10 §4 and its "done when"): the import graph, module size
and cyclomatic complexity of `hhtax/`."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import hhtax

ROOT = Path(hhtax.__file__).parent
FORBIDDEN = {
    "tax": ("hhtax.journal",),
    "journal": ("hhtax.importers", "hhtax.rules", "hhtax.declarations"),
}


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_import_graph(layer: str) -> None:
    offenders = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / layer).rglob("*.py")
        for name in _imports(path)
        if any(name == banned or name.startswith(banned + ".") for banned in FORBIDDEN[layer])
    )
    assert not offenders


def test_no_module_above_600_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in ROOT.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert not long


def test_no_function_above_complexity_20() -> None:
    """`radon cc -n D hhtax` prints nothing: every function and method has complexity ≤ 20."""
    result = subprocess.run([sys.executable, "-m", "radon", "cc", "-n", "D", str(ROOT)],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""

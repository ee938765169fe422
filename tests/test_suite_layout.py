"""The test suite's own rules (issue 10 §1): helpers live in conftest.py or helper modules, never in
another test module; golden files are compared through conftest's `assert_golden` only."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    names += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    return names


def test_no_test_module_imports_another() -> None:
    offenders = [f"{path.name}: {name}" for path in sorted(TESTS.glob("*.py")) for name in _imports(path)
                 if name.split(".")[-1].startswith("test_")]
    assert not offenders


def test_golden_files_are_never_rewritten_by_a_test() -> None:
    """Only conftest writes next to a golden file (the `.new` file); no test reads an env var to
    regenerate goldens."""
    for path in sorted(p for p in TESTS.glob("test_*.py") if p.name != Path(__file__).name):
        text = path.read_text(encoding="utf-8")
        assert "REGEN" not in text and "REGOLDEN" not in text, path.name


def test_pdfs_are_read_without_system_packages() -> None:
    """PDF text comes from conftest's `pdf_text` (pypdf), never from poppler's command-line tools."""
    for path in sorted(p for p in TESTS.glob("*.py") if p.name != Path(__file__).name):
        text = path.read_text(encoding="utf-8")
        assert '"pdftotext"' not in text and '"pdfinfo"' not in text, path.name

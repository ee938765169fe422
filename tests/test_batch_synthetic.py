"""benchmarks/make_ledgers.py: valid, varied and reproducible synthetic households."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from hhtax import ids
from hhtax.service.ledgers import open_ledger

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "make_ledgers.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_ledgers", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_ledgers"] = module
    spec.loader.exec_module(module)
    return module


def tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def test_text_ledgers_are_valid_varied_and_reproducible(tmp_path: Path) -> None:
    make = load_script().make
    rows = make(40, tmp_path / "a", years=[2026], scale=0.05)
    assert rows > 40 * 12
    make(40, tmp_path / "b", years=[2026], scale=0.05)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    kinds, methods, groups = set(), set(), set()
    for directory in sorted((tmp_path / "a").iterdir()):
        ledger = open_ledger(directory)
        household = ledger.household
        assert ids.is_valid(household.tax_code)
        kinds.add(ids.kind(household.tax_code))
        methods.add(household.pit_method.value)
        groups.update(line.group.value for line in household.lines)
        entries = list(ledger.entries())
        assert entries and all(e.date.year == 2026 for e in entries)
        assert [e.date for e in entries] == sorted(e.date for e in entries)
    assert kinds == {"mst", "personal_id"}
    assert methods == {"revenue", "income"}
    assert len(groups) >= 4


def test_sqlite_ledgers_hold_the_same_journal(tmp_path: Path) -> None:
    make = load_script().make
    make(3, tmp_path / "text", years=[2026], scale=0.05)
    make(3, tmp_path / "sqlite", fmt="sqlite", years=[2026], scale=0.05)
    for number in range(3):
        text = open_ledger(tmp_path / "text" / f"hh{number:07d}")
        sqlite = open_ledger(tmp_path / "sqlite" / f"hh{number:07d}.sqlite")
        assert text.household == sqlite.household
        assert [(e.date, e.kind, e.amount) for e in text.entries()] == \
            [(e.date, e.kind, e.amount) for e in sqlite.entries()]
        sqlite.close()

"""The journal layer's contracts: what it imports, and one column list for stored rows."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

from hhtax.journal.codec import ENTRY_COLUMNS, STORED_COLUMNS, StoredRow
from hhtax.journal.schema import migration_script
from hhtax.model import Entry

JOURNAL = Path(__file__).parent.parent / "hhtax" / "journal"
FORBIDDEN = ("hhtax.importers", "hhtax.rules", "hhtax.declarations", "hhtax.tax", "hhtax.books",
             "hhtax.api", "hhtax.batch", "hhtax.cli", "hhtax.service")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_journal_imports_no_layer_above_it() -> None:
    """journal/ imports nothing from importers/, rules/ or declarations/ (issue 10 §4), including
    imports inside functions."""
    offending = {f"{path.name}: {name}" for path in sorted(JOURNAL.glob("*.py")) for name in _imports(path)
                 if name.startswith(FORBIDDEN)}
    assert offending == set()


def test_one_column_list_ties_stored_rows_entries_and_the_schema() -> None:
    assert StoredRow._fields == STORED_COLUMNS
    assert ("id", *STORED_COLUMNS) == ENTRY_COLUMNS
    assert tuple(Entry.model_fields) == ENTRY_COLUMNS
    db = sqlite3.connect(":memory:")
    db.executescript(migration_script(0, 5_000_000))
    table = [row[1] for row in db.execute("PRAGMA table_info(entries)")]
    assert table == [*ENTRY_COLUMNS, "natural_key", "hash"]

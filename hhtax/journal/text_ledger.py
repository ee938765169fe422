"""A plain-text ledger: a directory with `household.toml` and `journal.csv`, read into memory.

Read-only: every read command accepts such a directory, and `hhtax init --from DIR` turns it into
a SQLite ledger. Entries get ids 1…n in file order so that `hhtax journal` can show them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from hhtax.importers.csv_file import read_csv
from hhtax.journal.aggregates import AggregateRow, aggregate_entries
from hhtax.journal.household_file import load_household
from hhtax.model import Entry, Household

HOUSEHOLD_FILE = "household.toml"
JOURNAL_FILE = "journal.csv"


class TextLedger:
    """A ledger directory loaded into memory (entries sorted by date, stable in file order)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._household = load_household(directory / HOUSEHOLD_FILE)
        journal = directory / JOURNAL_FILE
        entries: list[Entry] = []
        if journal.exists():
            for number, entry in enumerate(read_csv(journal, self._household), start=1):
                entries.append(entry.model_copy(update={"id": number}))
        entries.sort(key=lambda e: e.date)
        self._entries = entries

    @property
    def household(self) -> Household:
        return self._household

    @property
    def name(self) -> str:
        return str(self.directory)

    def entries(self, start: date | None = None, end: date | None = None) -> Iterator[Entry]:
        for entry in self._entries:
            if (start is None or entry.date >= start) and (end is None or entry.date <= end):
                yield entry

    def aggregates(self, start: date, end: date, cash_limit: int) -> list[AggregateRow]:
        return aggregate_entries(self.entries(start, end), cash_limit)

    def close(self) -> None:
        """Nothing to release: the ledger lives in memory."""

"""A plain-text ledger: a directory with `household.toml` and `journal.csv`, read into memory.

Read-only: every read command accepts such a directory, and `hhtax init --from DIR` turns it into
a SQLite ledger. The journal layer holds the rows; reading the CSV is the importers' job
(`hhtax.service.ledgers.open_ledger` does both). Entries get ids 1…n in file order so that
`hhtax journal` can show them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from hhtax.journal.aggregates import AggregateRow, aggregate_stored
from hhtax.journal.codec import StoredRow, entry_from_stored
from hhtax.journal.scan_entries import ReadsFromEntries
from hhtax.model import Entry, Household

HOUSEHOLD_FILE = "household.toml"
JOURNAL_FILE = "journal.csv"


class TextLedger(ReadsFromEntries):
    """A ledger directory loaded into memory (entries sorted by date, stable in file order).

    The rows are kept as validated stored values; `aggregates` sums them directly (the fast path
    `assess` takes) and `entries` builds the Entry objects once, on first use.
    """

    def __init__(self, directory: Path, household: Household, stored: Iterable[StoredRow]) -> None:
        """The ledger of `directory`: its household and the validated rows of its journal, in file
        order (`hhtax.service.ledgers.open_ledger` reads them with the CSV importer)."""
        self.directory = directory
        self._household = household
        rows: list[tuple[int, StoredRow]] = list(enumerate(stored, start=1))
        rows.sort(key=lambda row: row[1].date)  # ISO dates sort as text; the sort is stable
        self._rows = rows
        self._entries: list[Entry] | None = None

    @property
    def household(self) -> Household:
        return self._household

    @property
    def name(self) -> str:
        return str(self.directory)

    def entries(self, start: date | None = None, end: date | None = None) -> Iterator[Entry]:
        if self._entries is None:
            self._entries = [entry_from_stored(values, number) for number, values in self._rows]
        for entry in self._entries:
            if (start is None or entry.date >= start) and (end is None or entry.date <= end):
                yield entry

    def aggregates(self, start: date, end: date, cash_limit: int) -> list[AggregateRow]:
        first, last = start.isoformat(), end.isoformat()
        return aggregate_stored((values for _, values in self._rows if first <= values[0] <= last),
                                cash_limit)

    def close(self) -> None:
        """Nothing to release: the ledger lives in memory."""

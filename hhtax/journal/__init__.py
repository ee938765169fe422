"""The journal: one household's append-only record of entries, and how to open one.

A ledger is either a SQLite file (`hhtax.journal.store`) or a plain-text directory with
`household.toml` and `journal.csv` (`hhtax.journal.text_ledger`, read-only). Both offer the
`Ledger` protocol, which is all the tax engine, the books and the declarations need. Opening one
by path is `hhtax.ledgers.open_ledger` (it reads a plain-text journal with the importers, which
this layer does not import).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Protocol

from hhtax.journal.aggregates import AggregateRow
from hhtax.model import Entry, Household


class Ledger(Protocol):
    """What every ledger offers to readers."""

    @property
    def household(self) -> Household: ...

    @property
    def name(self) -> str:
        """A display name for messages (the path)."""
        ...

    def entries(self, start: date | None = None, end: date | None = None) -> Iterator[Entry]:
        """Entries with start ≤ date ≤ end, in journal order (date, then id)."""
        ...

    def aggregates(self, start: date, end: date, cash_limit: int) -> list[AggregateRow]:
        """Monthly aggregates of the entries with start ≤ date ≤ end."""
        ...

    def close(self) -> None: ...


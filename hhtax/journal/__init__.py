"""The journal: one household's append-only record of entries, and how to open one.

A ledger is either a SQLite file (`hhtax.journal.store`) or a plain-text directory with
`household.toml` and `journal.csv` (`hhtax.journal.text_ledger`, read-only). Both offer the
`Ledger` protocol, which is all the tax engine, the books and the declarations need; a SQLite
ledger is also a `WritableLedger` (appending entries, recording filings, locking periods).
Opening one by path is `hhtax.service.ledgers.open_ledger` (it reads a plain-text journal with the
importers, which this layer does not import).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard, runtime_checkable

from hhtax.journal.aggregates import AggregateRow
from hhtax.model import Entry, Household

if TYPE_CHECKING:
    from hhtax.journal.estimates import EstimateRecord
    from hhtax.journal.filings import FilingRecord
    from hhtax.journal.listing import EntryPage, PageQuery
    from hhtax.journal.stock_totals import StockTotal
    from hhtax.journal.store import ImportResult
    from hhtax.periods import Period

Match = Mapping[str, Collection[str]]


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

    def entry_rows(self, start: date | None, end: date | None, columns: Sequence[str], *,
                   match: Match | None = None, match_any: Match | None = None,
                   present: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
        """Stored values of `columns` of the entries selected by date and `match` (the books)."""
        ...

    def entry_sums(self, start: date | None, end: date | None, group_by: Sequence[str], sums: Sequence[str],
                   *, match: Match | None = None, match_any: Match | None = None,
                   present: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
        """(date, *group_by, *sums) per day and group (the books' `--summary daily`)."""
        ...

    def entry_page(self, query: PageQuery) -> EntryPage:
        """One page of the entries `query` selects, newest first (`hhtax.journal.listing`)."""
        ...

    def filings(self, period: Period | None = None) -> list[FilingRecord]:
        """The filed declarations recorded (none on a read-only ledger), oldest first."""
        ...

    def estimates(self, year: int | None = None) -> list[EstimateRecord]:
        """The dated estimates of a year's revenue recorded (none on a read-only ledger; OQ-28)."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class StockTotals(Protocol):
    """A ledger that keeps monthly stock totals (a SQLite ledger, `hhtax.journal.stock_totals`)."""

    def stock_totals(self, end: date) -> list[StockTotal] | None:
        """The totals of the months up to the one holding `end`, by month and item; None when the
        ledger was made before it kept them."""
        ...


@runtime_checkable
class WritableLedger(Ledger, Protocol):
    """A ledger that appends entries and records filings (a SQLite ledger)."""

    def import_entries(self, entries: Iterable[Entry], *, amend: bool = False, by_source: bool = False,
                       corrections: bool = False) -> ImportResult: ...

    def add(self, entry: Entry, *, amend: bool = False) -> int: ...

    def reverse(self, entry_id: int, *, amend: bool = False) -> int: ...

    def count(self) -> int: ...

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction around a block: the reads that decide a write and the write."""
        ...

    def record_filing(self, record: FilingRecord, *, lock_until: date | None = None) -> None:
        """Record a filed declaration and lock its period."""
        ...

    def locked_period(self, day: date) -> str | None: ...

    def chain_head(self) -> tuple[str, int]:
        """The head of the ledger's chain and the last entry it covers."""
        ...

    def record_estimate(self, record: EstimateRecord) -> None: ...


_WRITABLE: dict[type, bool] = {}


def is_writable(ledger: Ledger) -> TypeGuard[WritableLedger]:
    """`isinstance(ledger, WritableLedger)`, decided once per ledger class (a structural check of a
    dozen methods costs about 60 µs, and the batch asks it several times per household)."""
    kind = type(ledger)
    known = _WRITABLE.get(kind)
    if known is None:
        known = _WRITABLE[kind] = isinstance(ledger, WritableLedger)
    return known

"""Entries as rows of stored values, for a ledger that keeps its entries in memory (the
plain-text ledger): the same answers `SqliteLedger.entry_rows` and `entry_sums` give with SQL."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from hhtax.journal.estimates import EstimateRecord
from hhtax.journal.filings import FilingRecord
from hhtax.journal.listing import EntryPage, PageQuery, memory_page
from hhtax.model import Entry
from hhtax.periods import Period

Match = Mapping[str, Collection[str]]


def stored(value: Any) -> Any:
    """An entry field as the ledger stores it: enums by value, dates ISO, quantities as text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, str | int):
        return value
    return str(value)  # a Decimal quantity


def _getter(columns: Sequence[str]) -> Callable[[Entry], tuple[Any, ...]]:
    def get(entry: Entry) -> tuple[Any, ...]:
        return tuple(stored(getattr(entry, column)) for column in columns)
    return get


def entry_rows(entries: Iterable[Entry], columns: Sequence[str], match: Match | None = None,
               match_any: Match | None = None, present: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
    """Stored values of `columns` of the entries whose value in each `match` column is one of those
    given, in at least one `match_any` column one of those given, and in every `present` column not
    empty; in the order given."""
    get = _getter(columns)
    checks = [(column, {str(v) for v in values}) for column, values in (match or {}).items()]
    either = [(column, {str(v) for v in values}) for column, values in (match_any or {}).items()]
    for entry in entries:
        if any(getattr(entry, column) in (None, "") for column in present):
            continue
        if all(stored(getattr(entry, column)) in values for column, values in checks) and (
                not either or any(stored(getattr(entry, column)) in values for column, values in either)):
            yield get(entry)


def daily_sums(rows: Iterator[tuple[Any, ...]], width: int) -> Iterator[tuple[Any, ...]]:
    """(date, *group, *sums) per day and group of rows (date, *group (`width` values), *amounts)
    that come in date order; groups sorted within a day."""
    current: str | None = None
    groups: dict[tuple[Any, ...], list[int]] = {}
    for row in rows:
        if row[0] != current:
            if current is not None:
                yield from ((current, *key, *groups[key]) for key in sorted(groups))
            current, groups = row[0], {}
        key = tuple(row[1:1 + width])
        totals = groups.setdefault(key, [0] * (len(row) - 1 - width))
        for index, value in enumerate(row[1 + width:]):
            totals[index] += value
    if current is not None:
        yield from ((current, *key, *groups[key]) for key in sorted(groups))


class ReadsFromEntries:
    """`entry_rows`, `entry_sums` and `filings` of the `Ledger` protocol for a ledger that offers
    `entries()` and keeps no filings (a plain-text ledger, a test's ledger in memory)."""

    if TYPE_CHECKING:  # provided by the ledger class; declared here for the type checker only
        def entries(self, start: date | None = None, end: date | None = None) -> Iterator[Entry]: ...

    def entry_rows(self, start: date | None, end: date | None, columns: Sequence[str], *,
                   match: Match | None = None, match_any: Match | None = None,
                   present: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
        """As `SqliteLedger.entry_rows`, read through `entries()`."""
        return entry_rows(self.entries(start, end), columns, match, match_any, present)

    def entry_sums(self, start: date | None, end: date | None, group_by: Sequence[str], sums: Sequence[str],
                   *, match: Match | None = None, match_any: Match | None = None,
                   present: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
        """As `SqliteLedger.entry_sums`, read through `entries()`."""
        rows = entry_rows(self.entries(start, end), ("date", *group_by, *sums), match, match_any, present)
        return daily_sums(rows, len(group_by))

    def entry_page(self, query: PageQuery) -> EntryPage:
        """As `SqliteLedger.entry_page`, read through `entries()`."""
        return memory_page(self.entries(query.start, query.end), query)

    def filings(self, period: Period | None = None) -> list[FilingRecord]:
        """No filings: such a ledger is read-only and records none."""
        return []

    def estimates(self, year: int | None = None) -> list[EstimateRecord]:
        """No recorded estimates (a plain-text ledger has them in household.toml)."""
        return []

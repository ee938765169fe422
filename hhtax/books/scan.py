"""Reading the journal for the books as plain tuples: the fast path that lets a year of a million
entries stream into a book in seconds.

A SQLite ledger answers with `entry_rows` (one query, filters pushed into SQL, stored values); any
other ledger is read through `Ledger.entries` and turned into the same stored values: dates,
quantities and codes as text, amounts as int. `as_date()` turns a stored date back into a `date`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import date
from enum import Enum
from functools import cache
from typing import Any

from hhtax.journal import Ledger
from hhtax.model import Entry

Match = Mapping[str, Collection[str]]


@cache
def as_date(text: str) -> date:
    """A stored ISO date as a `date` (cached: a year has 365 of them)."""
    return date.fromisoformat(text)


def _stored(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, str | int):
        return value
    return str(value)  # a Decimal quantity


def _getter(columns: Sequence[str]) -> Callable[[Entry], tuple[Any, ...]]:
    def get(entry: Entry) -> tuple[Any, ...]:
        return tuple(_stored(getattr(entry, column)) for column in columns)
    return get


def scan(ledger: Ledger, start: date | None, end: date | None, columns: Sequence[str],
         match: Match | None = None, match_any: Match | None = None,
         present: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
    """Stored values of `columns` of the entries with start ≤ date ≤ end whose value in each
    `match` column is one of those given, in at least one `match_any` column one of those given,
    and in every `present` column not empty; in journal order."""
    fast = getattr(ledger, "entry_rows", None)
    if fast is not None:
        rows: Iterator[tuple[Any, ...]] = fast(start, end, columns, match=match, match_any=match_any,
                                               present=present)
        return rows
    return _slow(ledger, start, end, columns, match or {}, match_any or {}, present)


def _slow(ledger: Ledger, start: date | None, end: date | None, columns: Sequence[str],
          match: Match, match_any: Match, present: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    get = _getter(columns)
    checks = [(column, {str(v) for v in values}) for column, values in match.items()]
    either = [(column, {str(v) for v in values}) for column, values in match_any.items()]
    for entry in ledger.entries(start, end):
        if any(getattr(entry, column) in (None, "") for column in present):
            continue
        if all(_stored(getattr(entry, column)) in values for column, values in checks) and (
                not either or any(_stored(getattr(entry, column)) in values for column, values in either)):
            yield get(entry)


def daily_sums(ledger: Ledger, start: date | None, end: date | None, group_by: Sequence[str],
               sums: Sequence[str], match: Match | None = None,
               match_any: Match | None = None) -> Iterator[tuple[Any, ...]]:
    """(stored date, *group_by values, *sums) per day and group of the entries `scan` selects,
    ordered by date and group (`--summary daily`: one GROUP BY on a SQLite ledger)."""
    fast = getattr(ledger, "entry_sums", None)
    if fast is not None:
        rows: Iterator[tuple[Any, ...]] = fast(start, end, group_by, sums, match=match, match_any=match_any)
        return rows
    return _slow_sums(scan(ledger, start, end, ("date", *group_by, *sums), match, match_any), len(group_by))


def _slow_sums(rows: Iterator[tuple[Any, ...]], width: int) -> Iterator[tuple[Any, ...]]:
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

"""Reading the journal for the books as plain tuples: the fast path that lets a year of a million
entries stream into a book in seconds.

A SQLite ledger answers with `entry_rows` (one query, filters pushed into SQL, stored values); any
other ledger is read through `Ledger.entries` and turned into the same stored values: dates,
quantities and codes as text, amounts as int. `as_date()` turns a stored date back into a `date`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any

from hhtax.journal import Ledger

Match = Mapping[str, Collection[str]]


@cache
def as_date(text: str) -> date:
    """A stored ISO date as a `date` (cached: a year has 365 of them)."""
    return date.fromisoformat(text)


def scan(ledger: Ledger, start: date | None, end: date | None, columns: Sequence[str],
         match: Match | None = None, match_any: Match | None = None,
         present: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
    """Stored values of `columns` of the entries with start ≤ date ≤ end whose value in each
    `match` column is one of those given, in at least one `match_any` column one of those given,
    and in every `present` column not empty; in journal order."""
    return ledger.entry_rows(start, end, columns, match=match, match_any=match_any, present=present)


def daily_sums(ledger: Ledger, start: date | None, end: date | None, group_by: Sequence[str],
               sums: Sequence[str], match: Match | None = None,
               match_any: Match | None = None) -> Iterator[tuple[Any, ...]]:
    """(stored date, *group_by values, *sums) per day and group of the entries `scan` selects,
    ordered by date and group (`--summary daily`: one GROUP BY on a SQLite ledger)."""
    return ledger.entry_sums(start, end, group_by, sums, match=match, match_any=match_any)

"""Occurrence numbers of an import's rows, counted in SQLite instead of Python memory.

Identical rows of one file are distinct entries (two 25.000 đồng coffees): each row's natural key
ends with its occurrence number within the import, `base#1`, `base#2`, … Counting them in a Python
dict held every key of the file in memory, so an import's memory grew with the file (issue 16: 1.8
GiB at 5 M rows). The counts live in a temporary table of the importing connection instead, read
and updated once per batch; Python holds one batch.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

_CHUNK = 500  # bound parameters per IN (…) lookup


class OccurrenceCounter:
    """Occurrence numbers of base keys across the batches of one import (one transaction)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS import_occurrences "
                   "(base TEXT PRIMARY KEY, seen INTEGER NOT NULL) WITHOUT ROWID")
        db.execute("DELETE FROM temp.import_occurrences")

    def number(self, bases: Sequence[str]) -> list[int]:
        """The occurrence number of each base key of a batch, in order; the counts are recorded.

        >>> counter = OccurrenceCounter(sqlite3.connect(":memory:"))
        >>> counter.number(["a", "b", "a"]), counter.number(["a", "c"])
        ([1, 1, 2], [3, 1])
        """
        seen = self._earlier(set(bases))
        numbers: list[int] = []
        for base in bases:
            count = seen.get(base, 0) + 1
            seen[base] = count
            numbers.append(count)
        self._db.executemany("INSERT INTO temp.import_occurrences (base, seen) VALUES (?, ?) "
                             "ON CONFLICT (base) DO UPDATE SET seen = excluded.seen", seen.items())
        return numbers

    def _earlier(self, bases: set[str]) -> dict[str, int]:
        """The counts recorded by earlier batches for these base keys."""
        found: dict[str, int] = {}
        keys = list(bases)
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(
                f"SELECT base, seen FROM temp.import_occurrences WHERE base IN ({marks})", chunk).fetchall())
        return found

    def close(self) -> None:
        self._db.execute("DELETE FROM temp.import_occurrences")

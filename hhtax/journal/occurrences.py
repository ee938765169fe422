"""Occurrence numbers of an import's rows, counted without holding the file's keys in Python.

Identical rows of one file are distinct entries (two 25.000 đồng coffees): each row's natural key
ends with its occurrence number within the import, `base#1`, `base#2`, … Counting them in a Python
dict held every key of the file in memory, so an import's memory grew with the file (issue 16: 1.8
GiB at 5 M rows). Python holds one batch; what earlier batches saw is asked of SQLite:

- `OccurrenceCounter` (an import into a journal that already holds entries) keeps the counts in a
  temporary table of the importing connection, read and updated once per batch.
- `FreshCounter` (an import into an empty journal: the first import, `hhtax init --from`) writes
  nothing extra: every earlier row of the import is then in `entries` under `base#n`, so the count
  of a base key is read back from the natural-key index. A fixed-size bit table (8 MiB whatever the
  file's size) remembers which base keys may have been seen; only those are looked up, so a key
  seen for the first time (nearly all of them) costs one bit test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

_CHUNK = 500  # bound parameters per IN (…) lookup
_BITS = 1 << 26  # the bit table of FreshCounter: 8 MiB; at 5 M keys 7 % of new keys are looked up
_MASK = _BITS - 1


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


class FreshCounter:
    """Occurrence numbers across the batches of an import into a journal that was empty when the
    import's transaction began. Each batch must be inserted (every row of it, under the numbers
    given) before the next one is numbered: the earlier counts are read from `entries`."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._bits = bytearray(_BITS >> 3)

    def number(self, bases: Sequence[str]) -> list[int]:
        """The occurrence number of each base key of a batch, in order.

        >>> db = sqlite3.connect(":memory:")
        >>> _ = db.execute("CREATE TABLE entries (natural_key TEXT UNIQUE)")
        >>> counter = FreshCounter(db)
        >>> first = counter.number(["a", "b", "a"])
        >>> _ = db.executemany("INSERT INTO entries VALUES (?)", [("a#1",), ("b#1",), ("a#2",)])
        >>> first, counter.number(["a", "c", "b#1"])
        ([1, 1, 2], [3, 1, 1])
        """
        local: dict[str, int] = {}
        numbers: list[int] = []
        for base in bases:
            count = local.get(base, 0) + 1
            local[base] = count
            numbers.append(count)
        bits, maybe = self._bits, []
        for base in local:
            slot = hash(base) & _MASK
            byte, bit = slot >> 3, 1 << (slot & 7)
            if bits[byte] & bit:
                maybe.append(base)
            else:
                bits[byte] |= bit
        earlier = {base: count for base in maybe if (count := self._stored(base))}
        if earlier:
            numbers = [number + earlier.get(base, 0) for base, number in zip(bases, numbers, strict=True)]
        return numbers

    def _stored(self, base: str) -> int:
        """The highest occurrence number of `base` in the journal (0: none). Keys of other bases
        that begin with `base#` (an item named "Gạo#1") do not end in digits only and are skipped."""
        start = len(base) + 1
        rows = self._db.execute("SELECT natural_key FROM entries WHERE natural_key > ? AND natural_key < ?",
                                (f"{base}#", f"{base}$"))
        found = [int(key[start:]) for (key,) in rows if key[start:].isdigit() and key[start:].isascii()]
        return max(found, default=0)

    def close(self) -> None:
        """Nothing to clear: the bit table goes with the counter."""

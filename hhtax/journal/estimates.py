"""The household's dated estimates of a year's revenue, kept in a SQLite ledger (reading OQ-28).

The household "tự xác định" its annual revenue (NĐ 68/2026/NĐ-CP Art 8.1) and may revise it during the
year. Each `hhtax estimate` appends a row (`estimates` table, schema version 3, append-only like the
journal): the estimate in force for a period is the latest one recorded before that period was filed,
or the latest recorded when it has not been filed, so a filed period keeps the duty it was filed under.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

SCHEMA_V3 = """
CREATE TABLE estimates (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    revenue INTEGER NOT NULL CHECK (revenue >= 0),
    recorded_at TEXT NOT NULL,
    note TEXT NOT NULL
) STRICT;
CREATE TRIGGER estimates_append_only_update BEFORE UPDATE ON estimates
BEGIN SELECT RAISE(ABORT, 'estimates are append-only: record a new estimate instead'); END;
CREATE TRIGGER estimates_append_only_delete BEFORE DELETE ON estimates
BEGIN SELECT RAISE(ABORT, 'estimates are append-only: record a new estimate instead'); END;
"""


@dataclass(frozen=True)
class EstimateRecord:
    """One recorded estimate: the year, the revenue expected for it (đồng), when it was recorded
    (ISO 8601 with its UTC offset) and an optional note."""

    year: int
    revenue: int
    recorded_at: str
    note: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"year": self.year, "revenue": self.revenue, "recorded_at": self.recorded_at,
                "note": self.note}


def now() -> str:
    """The timestamp of a new record (UTC, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def insert(db: sqlite3.Connection, record: EstimateRecord) -> None:
    """Append `record` (one statement: atomic in autocommit mode)."""
    db.execute("INSERT INTO estimates (year, revenue, recorded_at, note) VALUES (?, ?, ?, ?)",
               (record.year, record.revenue, record.recorded_at, record.note))


def select(db: sqlite3.Connection, year: int | None) -> list[EstimateRecord]:
    """Recorded estimates, oldest first; only those of `year` when given."""
    sql = "SELECT year, revenue, recorded_at, note FROM estimates"
    rows = db.execute(sql + " WHERE year = ? ORDER BY id", (year,)) if year is not None \
        else db.execute(sql + " ORDER BY id")
    return [EstimateRecord(int(y), int(r), str(at), str(n)) for y, r, at, n in rows]


def _instant(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def in_force(records: Iterable[EstimateRecord], before: str | None) -> EstimateRecord | None:
    """The latest record made at or before `before` (an ISO timestamp; None: the latest of all)."""
    limit = None if before is None else _instant(before)
    chosen: EstimateRecord | None = None
    for record in records:
        if limit is None or _instant(record.recorded_at) <= limit:
            chosen = record
    return chosen


class EstimateStore:
    """The estimates of a SQLite ledger (mixed into `SqliteLedger`, which provides `_db`, its
    schema `_version`, `_guard` and the write `transaction`)."""

    _db: sqlite3.Connection
    _version: int

    if TYPE_CHECKING:  # provided by SqliteLedger; declared here for the type checker only
        def _guard(self) -> AbstractContextManager[None]: ...

        def transaction(self) -> AbstractContextManager[None]: ...

    def record_estimate(self, record: EstimateRecord) -> None:
        """Append the household's estimate of a year's revenue (OQ-28)."""
        with self.transaction():
            insert(self._db, record)

    def estimates(self, year: int | None = None) -> list[EstimateRecord]:
        """Recorded estimates of a year's revenue, oldest first; only those of `year` when given
        (none in a ledger made before the table existed, until its first write upgrades it)."""
        if self._version < 3:
            return []
        with self._guard():
            return select(self._db, year)

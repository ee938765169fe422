"""Appending entries to a SQLite journal inside one write transaction.

Every write holds SQLite's write lock from its first read (`BEGIN IMMEDIATE`), so what decides a
write (the last entry and hash, the natural keys present, the period locks, the entries a
reversal points at) cannot change before it commits. A filed period is locked (Law 38/2019
Art 47, Law 108/2025 Art 12: a filed return changes only by a supplementary return), so an entry
dated inside one needs `amend`. A reversal moves an existing entry's amount the other way (TT
88/2021 Art 4, TT 152/2025: books are corrected by new entries).
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from hhtax.errors import InputError, PeriodLocked
from hhtax.i18n import msg, register
from hhtax.journal import chainlog, totals
from hhtax.journal.chain import GENESIS_HASH, chain_hash
from hhtax.journal.codec import ENTRY_COLUMNS, StoredRow, as_stored_row
from hhtax.journal.queries import SELECT_ENTRIES

# Nullable columns are bound as '' and stored as NULL: binding Python's None costs the sqlite3
# module an adapter lookup per value (≈ 0.3 µs; six per sale row), '' costs nothing.
_NULLABLE = frozenset({"category", "qty", "unit_price", "tax", "vat_cut", "reverses"})
_INSERT_ENTRY = (f"INSERT INTO entries ({', '.join(ENTRY_COLUMNS)}, natural_key, hash) VALUES (" +
                 ", ".join("NULLIF(?, '')" if column in _NULLABLE else "?" for column in ENTRY_COLUMNS) +
                 ", ?, ?)")

Lock = tuple[str, str, str]
"""A period lock: (first day, last day, period), ISO dates."""
Keyed = tuple[str, str, StoredRow]
"""An entry to append: (natural key, content text, stored row)."""


register({
    "journal.reverses_reversal": ("bút toán {id} chính là một bút toán đảo",
                                  "entry {id} is itself a reversal"),
    "journal.reversal_shape": (
        "bút toán đảo của bút toán {id} phải là {kind} với số tiền ngược dấu với {amount}",
        "a reversal of entry {id} must be a {kind} with an amount of the opposite sign to {amount}"),
    "journal.period_locked": (
        "{source}: bút toán ngày {date} thuộc kỳ {period} đã nộp tờ khai; dùng --amend để sửa (rồi nộp "
        "tờ khai bổ sung)",
        "{source}: the entry is dated {date}, in period {period}, which has been filed; use --amend to "
        "change it (then file a supplementary return)"),
    "journal.no_such_entry": ("không có bút toán {id}", "entry {id} does not exist"),
})


@dataclass
class Append:
    """Where the journal ends during a write transaction, whether it was empty when the
    transaction began, and the sums of what the transaction appended."""

    sums: totals.Accumulator
    next_id: int = 1
    previous: str = GENESIS_HASH
    fresh: bool = True
    first_id: int = 1
    keys: Any = field(default_factory=hashlib.sha256)  # digest of the appended natural keys

    @classmethod
    def at_end(cls, db: sqlite3.Connection) -> Append:
        """The append position of the journal as it is now."""
        append = cls(totals.Accumulator(totals.stored_limit(db)))
        row = db.execute("SELECT id, hash FROM entries ORDER BY id DESC LIMIT 1").fetchone()
        if row is not None:
            append.next_id, append.previous, append.fresh = int(row[0]) + 1, str(row[1]), False
        append.first_id = append.next_id
        return append

    def log(self, db: sqlite3.Connection) -> None:
        """Put what this write added under the ledger log (`chainlog`): the entries as one range,
        then the new rows of every other logged table."""
        writer = chainlog.Writer(db)
        if self.next_id > self.first_id:
            writer.entries(self.first_id, self.next_id - 1, self.previous, self.keys.hexdigest())
        writer.new_rows()


def read_locks(db: sqlite3.Connection) -> list[Lock]:
    """Every period lock of the ledger."""
    return [(str(a), str(b), str(c)) for a, b, c in db.execute(
        "SELECT period_start, period_end, period FROM period_locks")]


def check_lock(values: StoredRow, locks: list[Lock]) -> None:
    """PeriodLocked if the entry is dated inside a filed period."""
    for start, end, period in locks:
        if start <= values.date <= end:
            raise PeriodLocked(msg("journal.period_locked", source=values.source, date=str(values.date),
                                   period=str(period)))


def check_reversal(db: sqlite3.Connection, values: StoredRow, pending: list[StoredRow],
                   first_id: int) -> None:
    """A reversing or adjusting entry points at an existing ordinary entry of the same kind and
    moves the amount the other way. `pending` holds the stored values of the entries of this
    batch not yet written, the first of them with id `first_id`."""
    target_id = values.reverses
    assert target_id is not None
    if 0 <= target_id - first_id < len(pending):
        target = pending[target_id - first_id]
    else:
        row = db.execute(f"{SELECT_ENTRIES} WHERE id = ?", (target_id,)).fetchone()
        if row is None:
            raise InputError(msg("journal.no_such_entry", id=target_id), file=values.source, field="reverses")
        target = as_stored_row(row[1:])
    if target.reverses is not None:
        raise InputError(msg("journal.reverses_reversal", id=target_id), file=values.source, field="reverses")
    if target.kind != values.kind or target.amount * values.amount >= 0:
        shape = msg("journal.reversal_shape", id=target_id, kind=str(target.kind), amount=target.amount)
        raise InputError(shape, file=values.source, field="reverses")


def _present(db: sqlite3.Connection, batch: list[Keyed]) -> set[str]:
    """The natural keys of `batch` already in the journal."""
    keys = [key for key, _, _ in batch]
    present: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        present.update(row[0] for row in db.execute(
            f"SELECT natural_key FROM entries WHERE natural_key IN ({','.join('?' * len(chunk))})", chunk))
    return present


def insert_batch(db: sqlite3.Connection, append: Append, batch: list[Keyed], locks: list[Lock]) -> int:
    """Insert the rows of `batch` whose keys are new; returns how many were added."""
    if not batch:
        return 0
    # Keys within one write are distinct: only entries older than the transaction can hold them.
    present = set() if append.fresh else _present(db, batch)
    rows: list[tuple[object, ...]] = []
    pending: list[StoredRow] = []
    first_id = append.next_id
    next_id, previous, count = append.next_id, append.previous, append.sums.add
    keys: list[str] = []
    for key, content, values in batch:
        if key in present:
            continue
        (day, kind, amount, line, doc, description, payment, category, item, unit, qty, unit_price, tax,
         transfer_to, vat_cut, withheld, withheld_vat, withheld_pit, counterparty, reverses, source) = values
        if locks:
            check_lock(values, locks)
        if reverses is not None:
            check_reversal(db, values, pending, first_id)
        pending.append(values)
        previous = chain_hash(previous, next_id, content, source)
        keys.append(key)
        rows.append((next_id, day, kind, amount, line, doc, description, payment,
                     "" if category is None else category, item, unit, "" if qty is None else qty,
                     "" if unit_price is None else unit_price, "" if tax is None else tax, transfer_to,
                     "" if vat_cut is None else vat_cut, withheld, withheld_vat, withheld_pit,
                     counterparty, "" if reverses is None else reverses, source, key, previous))
        count(values)
        next_id += 1
    db.executemany(_INSERT_ENTRY, rows)
    if keys:
        append.keys.update(("\n".join(keys) + "\n").encode())
    append.next_id, append.previous = next_id, previous
    return len(rows)

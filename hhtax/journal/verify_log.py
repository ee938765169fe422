"""Checking a ledger against its log (`hhtax.journal.chainlog`), and a head written down elsewhere.

The log's own chain is recomputed record by record; then every logged table must hold exactly the
rows the log recorded (a household profile switched from goods to services, a filing or a period
lock deleted, an estimate edited: each is a row that differs from its record), and the entries
must be exactly the logged ranges: contiguous from 1, each ending on the hash the log recorded,
with the natural keys it recorded (an entry given the key of a future invoice is found), and
nothing after the last range (entries added or removed at the end are found too).

`check_head` answers `hhtax verify --head H`: H must be a record of the recomputed chain (or, for a
head printed by hhtax before the log existed, an entry's hash with the entries' chain intact up
to it), so the past it covers is as it was when H was noted.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from hhtax.journal.chainlog import ENTRIES, GENESIS, canonical, columns_of, log_hash, logged_tables

_NAMES = {"household": "the household profile", "filings": "a filed declaration", "period_locks":
          "a period lock", "estimates": "a revenue estimate"}


@dataclass
class LogState:
    """What the recomputed log says: its head, the last entry it covers, the hashes of its valid
    records (hash → (record, last entry)), the rows it logged per table and the entry ranges."""

    head: str = GENESIS
    head_entry: int = 0
    valid: dict[str, tuple[int, int]] = field(default_factory=dict)
    rows: dict[str, dict[int, str]] = field(default_factory=dict)
    ranges: list[dict[str, Any]] = field(default_factory=list)
    broken_at: int | None = None


def has_log(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'chain_log'").fetchone() is not None


def read_log(db: sqlite3.Connection) -> LogState:
    """Recompute the log's chain; records after the first broken one are not valid heads."""
    state = LogState()
    expected = 1
    for seq, table, row_id, last_entry, content, stored in db.execute(
            "SELECT seq, tbl, row_id, last_entry, content, hash FROM chain_log ORDER BY seq"):
        if state.broken_at is None:
            if seq != expected or log_hash(state.head, int(seq), str(table), str(content)) != stored:
                state.broken_at = expected
            else:
                state.valid[str(stored)] = (int(seq), int(last_entry))
        state.head, expected = str(stored), int(seq) + 1
        state.head_entry = max(state.head_entry, int(last_entry))
        if table == ENTRIES:
            state.ranges.append(json.loads(content))
        else:
            state.rows.setdefault(str(table), {})[int(row_id)] = str(content)
    return state


def row_problems(db: sqlite3.Connection, state: LogState) -> Iterator[tuple[str, str]]:
    """(kind, sentence) for every logged table whose rows differ from what the log recorded."""
    tables = dict.fromkeys([*logged_tables(db), *state.rows])
    present = set(logged_tables(db))
    for table in tables:
        what = _NAMES.get(table, f"a row of table {table}")
        if table not in present:
            yield "deleted", f"table {table}, kept under the ledger log, was dropped"
            continue
        logged = state.rows.get(table, {})
        columns = columns_of(db, table)
        actual = {int(rowid): canonical(columns, tuple(values)) for rowid, *values in
                  db.execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid')}
        changed = sorted(k for k in logged.keys() & actual.keys() if logged[k] != actual[k])
        if changed:
            yield "altered", f"{what} was changed outside hhtax (table {table}, row {changed[0]})"
        gone, added = logged.keys() - actual.keys(), actual.keys() - logged.keys()
        if gone:
            yield "deleted", f"{what} was deleted outside hhtax (table {table}, row {min(gone)})"
        if added:
            yield "inserted", f"{what} was added outside hhtax (table {table}, row {min(added)})"


def range_problems(db: sqlite3.Connection, state: LogState) -> Iterator[tuple[str, str, int]]:
    """(kind, sentence, entry id) where the entries differ from the ranges the log recorded."""
    rows = db.execute("SELECT id, natural_key, hash FROM entries ORDER BY id")
    expected = 1
    for logged in state.ranges:
        first, last = int(logged["first"]), int(logged["last"])
        if first != expected:
            yield "altered", f"the ledger log's entry ranges were edited (entry {expected} next)", expected
            return
        digest, last_hash, seen = hashlib.sha256(), None, 0
        for entry_id, key, entry_hash in islice(rows, last - first + 1):
            if entry_id != first + seen:
                yield "deleted", f"entry {first + seen} was deleted outside hhtax", first + seen
                return
            digest.update(f"{key}\n".encode())
            last_hash, seen = entry_hash, seen + 1
        if seen < last - first + 1:
            yield "deleted", f"entries {first + seen}–{last} were deleted outside hhtax", first + seen
            return
        if digest.hexdigest() != logged["keys"]:
            yield ("altered", f"the natural key of an entry among {first}–{last} was changed outside hhtax "
                   "(a changed key can make a later import skip a real entry)", first)
        if last_hash != logged["hash"]:
            yield "altered", f"entries {first}–{last} were rewritten outside hhtax", first
        expected = last + 1
    extra = next(rows, None)
    if extra is not None:
        yield "inserted", f"entry {extra[0]} and any after it were added outside hhtax", int(extra[0])


def check_head(db: sqlite3.Connection, state: LogState, head: str,
               chain_intact_to: int | None) -> str | None:
    """None when `head` is a valid record of this ledger's chain (the past it covers is unchanged);
    else the sentence saying it is not. `chain_intact_to` is the last entry whose own chain holds
    (None: all), for a head hhtax printed before the log existed (an entry's hash)."""
    wanted = head.strip().lower()
    if wanted in state.valid:
        return None
    row = db.execute("SELECT id FROM entries WHERE hash = ?", (wanted,)).fetchone()
    if row is not None and (chain_intact_to is None or int(row[0]) <= chain_intact_to):
        return None
    return (f"the head {wanted} is not in this ledger's chain: what it covered was rewritten after it was "
            "noted (or it is another ledger's head)")

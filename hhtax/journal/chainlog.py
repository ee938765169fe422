"""The ledger log: one hash chain over everything a ledger keeps, not only its entries.

Books are corrected only by new entries (TT 88/2021/TT-BTC, TT 152/2025/TT-BTC) and a filed return
only by a supplementary one (Law 38/2019 Art 47, Law 108/2025 Art 12), so every table of a ledger
that records facts is append-only, and all of them are under one chain (schema version 4):

- the entries, by ranges: each write that appends entries logs their first and last id, the hash
  of the last (the entries' own chain, `hhtax.journal.chain`) and a digest of their natural keys;
- every row of every other table that records facts — the household profile, filings, period
  locks, estimates, and any table a later version adds — logged as its canonical JSON when the
  write that added it commits. Only derived tables (`DERIVED`: the monthly totals, checked
  against the entries by `verify`) and the schema version are left out; nothing has to be
  registered, so a new table is covered the day it is created.

`chain_log.hash = sha256(previous hash, seq, table, content)`. The last hash is the ledger's
*head*: it commits to every record before it. Written down elsewhere (it is printed on every
filed declaration), a head proves with `hhtax verify --head H` that the past it covers was not
rewritten since. The chain has no key: what that can and cannot prove is in docs/security.md.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

GENESIS = "0" * 64
DERIVED = frozenset({"entries", "chain_log", "monthly_totals", "stock_totals", "totals_settings",
                     "schema_version"})
"""Tables outside the generic row log: the entries (logged by ranges), the log itself, the
maintained totals (monthly and stock, derived from the entries) and the schema version (rewritten
by upgrades)."""
ENTRIES = "entries"


def log_hash(previous: str, seq: int, table: str, content: str) -> str:
    """sha256 of the previous record's hash and this record's number, table and content."""
    return hashlib.sha256(f"{previous}\x1e{seq}\x1f{table}\x1f{content}".encode()).hexdigest()


def canonical(columns: list[str], row: tuple[object, ...]) -> str:
    """A row as canonical JSON: column → value, keys sorted, blobs as hex."""
    return json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"), default=lambda value: bytes(value).hex())


def keys_digest(keys: Iterator[str] | list[str]) -> hashlib._Hash:
    """The running digest of natural keys, one per line, in id order."""
    digest = hashlib.sha256()
    for key in keys:
        digest.update(key.encode())
        digest.update(b"\n")
    return digest


def logged_tables(db: sqlite3.Connection) -> list[str]:
    """Every table whose rows the log covers one by one (all but `DERIVED` and SQLite's own)."""
    return [str(name) for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        if name not in DERIVED]


def columns_of(db: sqlite3.Connection, table: str) -> list[str]:
    return [str(row[1]) for row in db.execute(f'PRAGMA table_info("{table}")')]


@dataclass(frozen=True)
class Head:
    """The ledger's head: the last log record's hash, its number, and the last entry it covers."""

    hash: str = GENESIS
    seq: int = 0
    entry: int = 0


def head(db: sqlite3.Connection) -> Head:
    """The head as the file holds it now (GENESIS for a ledger made before the log)."""
    exists = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'chain_log'").fetchone()
    if exists is None:
        return Head()
    row = db.execute("SELECT seq, hash FROM chain_log ORDER BY seq DESC LIMIT 1").fetchone()
    last = db.execute("SELECT max(last_entry) FROM chain_log").fetchone()[0]
    return Head() if row is None else Head(str(row[1]), int(row[0]), int(last or 0))


def top(db: sqlite3.Connection) -> tuple[int, str] | None:
    """The last log record's number and hash, by the primary key (one index step): every write
    appends to the log in its own transaction, so this pair changes with every change of the
    ledger's content. None for a ledger made before the log (schema < 4) or with an empty log."""
    exists = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'chain_log'").fetchone()
    if exists is None:
        return None
    row = db.execute("SELECT seq, hash FROM chain_log ORDER BY seq DESC LIMIT 1").fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


class Writer:
    """Appends log records inside the write transaction of `db`."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        top = db.execute("SELECT seq, hash FROM chain_log ORDER BY seq DESC LIMIT 1").fetchone()
        self.seq, self.previous = (0, GENESIS) if top is None else (int(top[0]), str(top[1]))
        last = db.execute("SELECT max(last_entry) FROM chain_log").fetchone()[0]
        self.last_entry = int(last or 0)

    def append(self, table: str, content: str, row_id: int | None) -> None:
        self.seq += 1
        self.previous = log_hash(self.previous, self.seq, table, content)
        self.db.execute("INSERT INTO chain_log (seq, tbl, row_id, last_entry, content, hash) "
                        "VALUES (?, ?, ?, ?, ?, ?)", (self.seq, table, row_id, self.last_entry, content,
                                                       self.previous))

    def entries(self, first: int, last: int, entry_hash: str, keys: str) -> None:
        """Log the entries first…last (their last hash and the digest of their natural keys)."""
        self.last_entry = last
        self.append(ENTRIES, json.dumps({"first": first, "last": last, "hash": entry_hash, "keys": keys},
                                        sort_keys=True, separators=(",", ":")), None)

    def new_rows(self) -> None:
        """Log every row of the logged tables that the log does not hold yet, in rowid order."""
        for table in logged_tables(self.db):
            done = self.db.execute("SELECT max(row_id) FROM chain_log WHERE tbl = ?", (table,)).fetchone()[0]
            columns = columns_of(self.db, table)
            rows = self.db.execute(f'SELECT rowid, * FROM "{table}" WHERE rowid > ? ORDER BY rowid',
                                   (-1 if done is None else int(done),)).fetchall()
            for rowid, *values in rows:
                self.append(table, canonical(columns, tuple(values)), int(rowid))


def seal_existing(db: sqlite3.Connection) -> None:
    """Log a ledger made before the log existed (the upgrade to schema 4): its entries as one
    range, then every row of its other tables."""
    writer = Writer(db)
    last = db.execute("SELECT id, hash FROM entries ORDER BY id DESC LIMIT 1").fetchone()
    if last is not None:
        keys = keys_digest(str(key) for (key,) in db.execute("SELECT natural_key FROM entries ORDER BY id"))
        writer.entries(1, int(last[0]), str(last[1]), keys.hexdigest())
    writer.new_rows()

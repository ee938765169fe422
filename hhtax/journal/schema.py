"""The SQLite schema of a household ledger and its migrations.

One file per household. Tables are STRICT and amounts INTEGER đồng. The journal is append-only:
triggers refuse UPDATE and DELETE on `entries` and `filings`, so a correction is a reversing entry
(the bookkeeping rule of TT 88/2021 Art 4 and TT 152/2025: errors are corrected by new entries,
not by erasing). `MIGRATIONS[n]` takes a ledger from schema version n to n + 1.
"""

from __future__ import annotations

APPLICATION_ID = 0x68687478  # "hhtx" in PRAGMA application_id: marks a file as an hhtax ledger

ENTRY_COLUMNS = (
    "id", "date", "kind", "amount", "line", "doc", "description", "payment", "category", "item", "unit",
    "qty", "unit_price", "tax", "transfer_to", "vat_cut", "withheld", "withheld_vat", "withheld_pit",
    "counterparty", "reverses", "source",
)
"""The stored entry columns, in the order of the `Entry` fields."""

_V1 = """
CREATE TABLE schema_version (
    version INTEGER NOT NULL
) STRICT;
INSERT INTO schema_version (version) VALUES (0);

CREATE TABLE household (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    json TEXT NOT NULL,
    saved_at TEXT NOT NULL
) STRICT;

CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    kind TEXT NOT NULL,
    amount INTEGER NOT NULL,
    line TEXT NOT NULL,
    doc TEXT NOT NULL,
    description TEXT NOT NULL,
    payment TEXT NOT NULL,
    category TEXT,
    item TEXT NOT NULL,
    unit TEXT NOT NULL,
    qty TEXT,
    unit_price INTEGER,
    tax TEXT,
    transfer_to TEXT NOT NULL,
    vat_cut INTEGER CHECK (vat_cut IN (0, 1)),
    withheld INTEGER NOT NULL CHECK (withheld IN (0, 1)),
    withheld_vat INTEGER NOT NULL,
    withheld_pit INTEGER NOT NULL,
    counterparty TEXT NOT NULL,
    reverses INTEGER REFERENCES entries (id),
    source TEXT NOT NULL,
    natural_key TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL
) STRICT;
CREATE INDEX entries_by_date ON entries (date);

CREATE TRIGGER entries_append_only_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a reversing entry instead'); END;
CREATE TRIGGER entries_append_only_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: record a reversing entry instead'); END;

CREATE TABLE filings (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL,
    form TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('C', 'B')),
    seq INTEGER NOT NULL,
    xml_sha256 TEXT NOT NULL,
    payload TEXT NOT NULL,
    filed_at TEXT NOT NULL,
    UNIQUE (period, form, seq)
) STRICT;
CREATE TRIGGER filings_append_only_update BEFORE UPDATE ON filings
BEGIN SELECT RAISE(ABORT, 'filings are append-only'); END;
CREATE TRIGGER filings_append_only_delete BEFORE DELETE ON filings
BEGIN SELECT RAISE(ABORT, 'filings are append-only'); END;

CREATE TABLE period_locks (
    period TEXT PRIMARY KEY,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    locked_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER period_locks_no_delete BEFORE DELETE ON period_locks
BEGIN SELECT RAISE(ABORT, 'a filed period stays locked'); END;
"""

MIGRATIONS: list[str] = [_V1]
"""SQL scripts; script n upgrades schema version n to n + 1."""

LATEST_VERSION = len(MIGRATIONS)

"""The SQLite schema of a household ledger and its migrations.

One file per household. Tables are STRICT and amounts INTEGER đồng. The journal is append-only:
triggers refuse UPDATE and DELETE on `entries` and `filings`, so a correction is a reversing entry
(the bookkeeping rule of TT 88/2021 Art 4 and TT 152/2025: errors are corrected by new entries,
not by erasing). `MIGRATIONS[n]` takes a ledger from schema version n to n + 1.

Version 2 adds `monthly_totals`, the journal's sums by month and `AggregateKey`, kept in the same
transaction as every append (`hhtax.journal.totals`), so that assessing a year reads a few hundred
rows instead of grouping every entry. Its cash split is made at the limit stored in
`totals_settings` (the rule pack's `cash_payment_limit` when the table was built); `@CASH_LIMIT@`
in the script is replaced by that value (`migration_script`).

Version 3 adds `estimates`, the household's dated estimates of a year's revenue (reading OQ-28;
`hhtax.journal.estimates`), append-only.

Version 4 adds `chain_log`, one hash chain over the entries and every other table that records
facts (`hhtax.journal.chainlog`), triggers that keep the household profile and the period locks
from being changed in place, and `filings.chain_head`, the head a filed return was prepared at.
Upgrading logs what the ledger already holds (`chainlog.seal_existing`).

Version 5 adds `stock_totals`, each item's stock movements summed by month, kept in the same
transaction as every append (`hhtax.journal.stock_totals`), so that the stock position of a period
(the income method's cost of goods sold, the opening stock of 01/BK-HTK) does not re-read the
journal. Upgrading builds it from the entries (`stock_totals.rebuild`).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from hhtax.errors import LedgerCorrupt, LedgerError
from hhtax.i18n import msg, register
from hhtax.journal import chainlog, stock_totals
from hhtax.journal.estimates import SCHEMA_V3
from hhtax.journal.stock_totals import SCHEMA_V5

APPLICATION_ID = 0x68687478  # "hhtx" in PRAGMA application_id: marks a file as an hhtax ledger

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

_V2 = """
CREATE TABLE totals_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    cash_limit INTEGER NOT NULL
) STRICT;
INSERT INTO totals_settings (id, cash_limit) VALUES (1, @CASH_LIMIT@);

CREATE TABLE monthly_totals (
    month TEXT NOT NULL,
    kind TEXT NOT NULL,
    line TEXT NOT NULL,
    category TEXT NOT NULL,
    vat_cut INTEGER NOT NULL CHECK (vat_cut IN (-1, 0, 1)),
    withheld INTEGER NOT NULL,
    has_doc INTEGER NOT NULL,
    cash_large INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    count INTEGER NOT NULL,
    withheld_vat INTEGER NOT NULL,
    withheld_pit INTEGER NOT NULL,
    cash_low INTEGER NOT NULL,
    cash_high INTEGER NOT NULL,
    PRIMARY KEY (month, kind, line, category, vat_cut, withheld, has_doc, cash_large)
) STRICT, WITHOUT ROWID;

INSERT INTO monthly_totals
SELECT substr(date, 1, 7), kind, line, coalesce(category, ''), coalesce(vat_cut, -1), withheld, doc <> '',
       payment = 'cash' AND abs(amount) >= @CASH_LIMIT@,
       sum(amount), count(*), sum(withheld_vat), sum(withheld_pit),
       coalesce(min(CASE WHEN payment = 'cash' THEN abs(amount) END), 9223372036854775807),
       coalesce(max(CASE WHEN payment = 'cash' THEN abs(amount) END), -1)
FROM entries GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
"""

_V4 = """
CREATE TABLE chain_log (
    seq INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    row_id INTEGER,
    last_entry INTEGER NOT NULL,
    content TEXT NOT NULL,
    hash TEXT NOT NULL
) STRICT;
CREATE INDEX chain_log_by_table ON chain_log (tbl, row_id);
CREATE TRIGGER chain_log_append_only_update BEFORE UPDATE ON chain_log
BEGIN SELECT RAISE(ABORT, 'the ledger log is append-only'); END;
CREATE TRIGGER chain_log_append_only_delete BEFORE DELETE ON chain_log
BEGIN SELECT RAISE(ABORT, 'the ledger log is append-only'); END;
CREATE TRIGGER household_no_update BEFORE UPDATE ON household
BEGIN SELECT RAISE(ABORT, 'the household profile of a ledger is fixed'); END;
CREATE TRIGGER household_no_delete BEFORE DELETE ON household
BEGIN SELECT RAISE(ABORT, 'the household profile of a ledger is fixed'); END;
CREATE TRIGGER period_locks_no_update BEFORE UPDATE ON period_locks
BEGIN SELECT RAISE(ABORT, 'a filed period stays locked'); END;
ALTER TABLE filings ADD COLUMN chain_head TEXT NOT NULL DEFAULT '';
"""

MIGRATIONS: list[str] = [_V1, _V2, SCHEMA_V3, _V4, SCHEMA_V5]
"""SQL scripts; script n upgrades schema version n to n + 1."""

LATEST_VERSION = len(MIGRATIONS)
_TRIGGER = re.compile(r"CREATE TRIGGER (\w+) .*?\bEND;", re.DOTALL)


register({
    "journal.no_schema": ("{where}: sổ không có phiên bản lược đồ",
                          "{where}: the ledger has no schema version"),
    "journal.newer": ("{where}: do bản hhtax mới hơn tạo (lược đồ {version}, bản này biết đến {latest})",
                      "{where}: made by a newer hhtax (schema {version}, this one knows {latest})"),
    "journal.older": ("{where}: do bản hhtax cũ hơn tạo; mở bằng hhtax để nâng cấp",
                      "{where}: made by an older hhtax; open it through hhtax to upgrade it"),
})


def migration_script(version: int, cash_limit: int) -> str:
    """The SQL taking a ledger from schema `version` to the latest, the monthly totals split at
    `cash_limit`, ending with the new version number (run inside one transaction)."""
    script = "".join(MIGRATIONS[version:]).replace("@CASH_LIMIT@", str(int(cash_limit)))
    return f"{script}UPDATE schema_version SET version = {LATEST_VERSION};"


def migrate(db: sqlite3.Connection, path: Path, cash_limit: int | None, *, upgrade: bool) -> int:
    """Bring the ledger open on `db` to the latest schema (when `upgrade`); returns the schema
    version the file now has. A ledger made by a newer hhtax is refused."""
    try:
        version = int(db.execute("SELECT version FROM schema_version").fetchone()[0])
    except (sqlite3.OperationalError, TypeError):
        raise LedgerCorrupt(msg("journal.no_schema", where=str(path))) from None
    if version > LATEST_VERSION:
        raise LedgerError(msg("journal.newer", where=str(path), version=version, latest=LATEST_VERSION))
    if version == LATEST_VERSION or not upgrade:
        return version
    if cash_limit is None and version < 2:
        raise LedgerError(msg("journal.older", where=str(path)))
    script = migration_script(version, 0 if cash_limit is None else cash_limit)  # 0: no totals to build
    try:
        db.executescript(f"BEGIN IMMEDIATE;{script}")
        if version < 4:
            chainlog.seal_existing(db)
        stock_totals.rebuild(db)
        db.execute("COMMIT")
    except sqlite3.OperationalError:
        if db.in_transaction:
            db.execute("ROLLBACK")
        # Another process may have upgraded the file between our read and our lock.
        if int(db.execute("SELECT version FROM schema_version").fetchone()[0]) != LATEST_VERSION:
            raise
    return LATEST_VERSION


def expected_triggers(version: int) -> dict[str, str]:
    """name → SQL of every trigger a ledger of schema `version` has (as `sqlite_master` keeps it)."""
    found: dict[str, str] = {}
    for script in MIGRATIONS[:version]:
        for match in _TRIGGER.finditer(script):
            found[match.group(1)] = match.group(0).rstrip(";")
    return found

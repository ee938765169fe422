"""Tamper evidence: check a ledger file physically, recompute its hash chain, check its triggers,
its maintained totals and its period locks.

Books are legal records (TT 88/2021/TT-BTC, TT 152/2025/TT-BTC) corrected by new entries, and a
filed return changes only through a supplementary one (Law 38/2019 Art 47, Law 108/2025 Art 12).
The store chains every entry to the previous one (`hhtax.journal.chain`); this module recomputes
that chain straight from the SQLite rows (not through the entry model, so a row edited into
nonsense is reported, not crashed on) and names the first entry that was altered, deleted or
inserted outside hhtax. It runs SQLite's `integrity_check` first (a physically damaged file is
reported as such), compares every trigger's SQL with the schema's (a no-op trigger under the right
name is found) and checks that every filed period is still locked. Declaration XML files are
checked against the filings by `hhtax.declarations.filed`; `hhtax.service.ledgers.verify` joins the two.

The chain carries no secret: someone who rewrites the whole chain with hhtax's own function is
not caught by it. `head` (the last hash) is printed so that it can be written down or kept
elsewhere (docs/security.md).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from hhtax.errors import InputError, LedgerCorrupt, LedgerError
from hhtax.i18n import literal, msg, register
from hhtax.journal import stock_totals, totals, verify_log
from hhtax.journal.chain import GENESIS_HASH, chain_hash, content_text
from hhtax.journal.codec import ENTRY_COLUMNS, as_stored_row
from hhtax.journal.connection import check_header, check_kind, open_read_only
from hhtax.journal.filings import FilingRecord
from hhtax.journal.integrity import damage
from hhtax.journal.schema import APPLICATION_ID, expected_triggers
from hhtax.periods import Period

_HEX64 = re.compile(r"[0-9a-f]{64}")
_KEY = re.compile(r"(doc:.*|src:.*|row:[0-9a-f]{32}|rev:[0-9]+)#[0-9]+", re.DOTALL)  # see chain.base_key


register({
    "journal.verify_text": (
        "{where}: sổ văn bản không có chuỗi băm; chỉ kiểm tra được sổ SQLite (chuyển đổi bằng "
        "`hhtax init --from`)",
        "{where}: a plain-text ledger has no hash chain; only a SQLite ledger can be verified (convert it "
        "with `hhtax init --from`)"),
    "journal.no_sqlite": ("{where}: không có sổ SQLite ở đây", "{where}: no SQLite ledger here"),
    "journal.foreign_sqlite": ("{where}: là tệp SQLite nhưng không phải sổ hhtax",
                               "{where}: a SQLite file, but not an hhtax ledger"),
    "journal.unreadable": ("{where}: không phải sổ hhtax đọc được ({error})",
                           "{where}: not a readable hhtax ledger ({error})"),
})


@dataclass(frozen=True)
class Finding:
    """One integrity problem: what (`damaged`, `altered`, `deleted`, `inserted`, `trigger_dropped`,
    `trigger_changed`, `trigger_added`, `totals_altered`, `lock_changed`, `filing_mismatch`,
    `filing_unknown`), the entry id or file concerned, and a sentence."""

    kind: str
    message: str
    entry_id: int | None = None
    file: str | None = None


@dataclass
class VerifyReport:
    """The outcome of `verify_ledger`: entries checked, the chain head, and the problems found
    (`findings[0]` is the first entry at fault in journal order)."""

    ledger: str
    entries: int = 0
    head: str = GENESIS_HASH
    head_entry: int = 0
    head_checked: str | None = None
    filings: int = 0
    files_checked: int = 0
    findings: list[Finding] = field(default_factory=list)
    filed: list[FilingRecord] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, object]:
        return {
            "ledger": self.ledger, "ok": self.ok, "entries": self.entries, "head": self.head,
            "head_entry": self.head_entry, "head_checked": self.head_checked,
            "filings": self.filings, "files_checked": self.files_checked,
            "findings": [{"kind": f.kind, "entry": f.entry_id, "file": f.file, "message": f.message}
                         for f in self.findings],
        }


def verify_ledger(path: str | Path, head: str | None = None) -> VerifyReport:
    """Check the ledger at `path`: SQLite's integrity check, its triggers, its entries' hash chain,
    its log (every other table, `verify_log`), its monthly totals and the locks of its filed
    periods; with `head`, that this head written down earlier is in its chain."""
    location = Path(path)
    report = VerifyReport(ledger=str(location), head_checked=head)
    db = _open(location)
    try:
        problems = damage(db, location, full=True)
        if problems:
            report.findings.append(Finding("damaged", f"the file is damaged ({problems[0]}): restore the "
                                           "latest copy made with `hhtax backup`"))
            return report
        _check_triggers(db, report)
        _check_chain(db, report)
        _check_log(db, report, head)
        _check_totals(db, report)
        report.filed = _filings(db)
        report.filings = len(report.filed)
        _check_locks(db, report)
    except sqlite3.Error as exc:
        raise LedgerCorrupt(msg("journal.unreadable", where=str(location), error=literal(str(exc)))) from None
    finally:
        db.close()
    return report


def _open(path: Path) -> sqlite3.Connection:
    check_kind(path)
    if path.is_dir():
        raise LedgerError(msg("journal.verify_text", where=str(path)))
    if not path.is_file():
        raise LedgerError(msg("journal.no_sqlite", where=str(path)))
    check_header(path)
    db = open_read_only(path)
    try:
        if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise LedgerCorrupt(msg("journal.foreign_sqlite", where=str(path)))
        db.execute("SELECT count(*) FROM entries").fetchone()
    except sqlite3.Error as exc:
        db.close()
        raise LedgerCorrupt(msg("journal.unreadable", where=str(path), error=literal(str(exc)))) from None
    except LedgerError:
        db.close()
        raise
    return db


def _normal(sql: str) -> str:
    return " ".join(sql.split())


def _check_triggers(db: sqlite3.Connection, report: VerifyReport) -> None:
    """Every trigger of the schema is present with the schema's own SQL, and there is no other."""
    present = {str(name): _normal(str(sql)) for name, sql in
               db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
    version = int(db.execute("SELECT version FROM schema_version").fetchone()[0])
    expected = expected_triggers(version)
    for name, sql in expected.items():
        if name not in present:
            report.findings.append(_edited("trigger_dropped", f"the append-only trigger {name} was removed"))
        elif present[name] != _normal(sql):
            report.findings.append(_edited("trigger_changed", f"the append-only trigger {name} was changed"))
    for name in sorted(set(present) - set(expected)):
        report.findings.append(_edited("trigger_added", f"a trigger {name} hhtax does not make was added"))


def _edited(kind: str, what: str) -> Finding:
    return Finding(kind, f"{what}: the file was edited outside hhtax")


def _check_totals(db: sqlite3.Connection, report: VerifyReport) -> None:
    """The maintained monthly and stock totals (what `assess` reads) must equal the sums of the
    entries."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'monthly_totals'").fetchone() is None:
        return  # a schema-1 ledger: the table is built when hhtax next opens it for writing
    for month in totals.mismatches(db):
        report.findings.append(Finding(
            "totals_altered", f"the monthly totals of {month} differ from the sum of its entries: the "
            "file was edited outside hhtax"))
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'stock_totals'").fetchone() is None:
        return  # before schema 5: the stock totals are built when hhtax next opens it for writing
    for month in stock_totals.mismatches(db):
        report.findings.append(Finding(
            "totals_altered", f"the stock totals of {month} differ from the stock movements of its "
            "entries: the file was edited outside hhtax"))


def _check_chain(db: sqlite3.Connection, report: VerifyReport) -> None:
    """Walk the entries in id order; ids are consecutive from 1 and each hash chains to the last."""
    columns = ", ".join(ENTRY_COLUMNS)
    rows = db.execute(f"SELECT {columns}, natural_key, hash FROM entries ORDER BY id")
    previous_id, previous_hash = 0, GENESIS_HASH
    first: Finding | None = None
    for row in rows:
        entry_id, natural_key, stored_hash = int(row[0]), row[-2], row[-1]
        if first is None:
            values = as_stored_row(row[1:len(ENTRY_COLUMNS)])
            expected = chain_hash(previous_hash, entry_id, content_text(values), str(values.source))
            matches = expected == stored_hash
            if entry_id != previous_id + 1 and not matches:
                missing = (f"entry {previous_id + 1}" if entry_id == previous_id + 2
                           else f"entries {previous_id + 1}–{entry_id - 1}")
                first = Finding("deleted", f"{missing} deleted outside hhtax (the journal is "
                                f"append-only; entry {entry_id} no longer chains)", previous_id + 1)
            elif entry_id != previous_id + 1 or not matches:
                first = _mismatch(entry_id, natural_key, stored_hash)
        report.entries += 1
        previous_id, previous_hash = entry_id, str(stored_hash)
    report.head = previous_hash
    if first is not None:
        report.findings.insert(0, first)


def _check_log(db: sqlite3.Connection, report: VerifyReport, head: str | None) -> None:
    """The ledger log (schema 4): its chain, the rows of every logged table and the entry ranges;
    a ledger made before the log is checked by its entries' chain alone until its next write."""
    chain_finding = next((f for f in report.findings if f.entry_id is not None), None)
    intact_to = None if chain_finding is None else (chain_finding.entry_id or 1) - 1
    if not verify_log.has_log(db):
        report.head_entry = report.entries
        state = verify_log.LogState()
    else:
        state = verify_log.read_log(db)
        report.head, report.head_entry = state.head, state.head_entry
        if state.broken_at is not None:
            report.findings.append(_edited("log_altered", f"record {state.broken_at} of the ledger log was "
                                           "changed or removed"))
        for kind, message in verify_log.row_problems(db, state):
            report.findings.append(Finding(kind, message))
        for kind, message, entry_id in verify_log.range_problems(db, state):
            report.findings.append(Finding(kind, message, entry_id))
    if head is not None:
        problem = verify_log.check_head(db, state, head, intact_to)
        if problem is not None:
            report.findings.append(Finding("head_unknown", problem))


def _check_locks(db: sqlite3.Connection, report: VerifyReport) -> None:
    """Every filed period must still be locked with its own dates (a filed return changes only
    through a supplementary one: Law 38/2019 Art 47, Law 108/2025 Art 12)."""
    locks = {str(period): (str(start), str(end)) for period, start, end in
             db.execute("SELECT period, period_start, period_end FROM period_locks")}
    for period_text in dict.fromkeys(f.period for f in report.filed):
        try:
            period = Period.parse(period_text)
        except InputError:
            report.findings.append(Finding("lock_changed", f"filing for {period_text!r}: not a period"))
            continue
        start, end = locks.get(str(period), ("", ""))
        if start != period.start.isoformat() or not start <= end <= period.end.isoformat():
            report.findings.append(Finding(
                "lock_changed", f"period {period} was filed but its lock was removed or changed "
                "outside hhtax"))


def _mismatch(entry_id: int, natural_key: object, stored_hash: object) -> Finding:
    """Tell an entry altered in place (it keeps the hash and natural key hhtax wrote) from one
    inserted outside hhtax (its hash or key is not of the form hhtax writes)."""
    made_by_hhtax = (isinstance(stored_hash, str) and _HEX64.fullmatch(stored_hash) is not None
                     and isinstance(natural_key, str) and _KEY.fullmatch(natural_key) is not None)
    if not made_by_hhtax:
        return Finding("inserted", f"entry {entry_id} was inserted outside hhtax (its hash and key are "
                       "not ones hhtax writes)", entry_id)
    return Finding("altered", f"entry {entry_id} was altered outside hhtax (its hash does not match "
                   "its content)", entry_id)


def _filings(db: sqlite3.Connection) -> list[FilingRecord]:
    return [FilingRecord(str(period), str(form), str(kind), int(seq), str(digest).lower(), str(payload),
                         str(filed_at)) for period, form, kind, seq, digest, payload, filed_at in db.execute(
                "SELECT period, form, kind, seq, xml_sha256, payload, filed_at FROM filings ORDER BY id")]

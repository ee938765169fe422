"""Tamper evidence: recompute a ledger's hash chain and check filed declarations against it.

Books are legal records (TT 88/2021/TT-BTC, TT 152/2025/TT-BTC) corrected by new entries, and a
filed return changes only through a supplementary one (Law 38/2019 Art 47, Law 108/2025 Art 12).
The store (`hhtax.journal.store`) chains every entry to the previous one with
`chain_hash(previous, id, content, source)`; this module recomputes that chain straight from
the SQLite rows (not through the entry model, so a row edited into nonsense is reported, not
crashed on) and names the first entry that was altered, deleted or inserted outside hhtax.
It also reports dropped append-only triggers and checks declaration XML files against the
`xml_sha256` recorded when they were filed.

The chain carries no secret: someone who rewrites the whole chain with hhtax's own function is
not caught by it. `head` (the last hash) is printed so that it can be written down or kept
elsewhere (docs/security.md).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from hhtax.errors import InputError, LedgerCorrupt, LedgerError
from hhtax.journal import totals
from hhtax.journal.schema import ENTRY_COLUMNS
from hhtax.journal.store import GENESIS_HASH, chain_hash, content_text
from hhtax.periods import Period

EXPECTED_TRIGGERS = ("entries_append_only_update", "entries_append_only_delete",
                     "filings_append_only_update", "filings_append_only_delete")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_KEY = re.compile(r"(doc:.*|src:.*|row:[0-9a-f]{32}|rev:[0-9]+)#[0-9]+", re.DOTALL)  # see store.base_key


@dataclass(frozen=True)
class Finding:
    """One integrity problem: what (`altered`, `deleted`, `inserted`, `trigger_dropped`,
    `lock_changed`, `filing_mismatch`, `filing_unknown`), the entry id or file concerned, and a
    sentence."""

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
    filings: int = 0
    files_checked: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, object]:
        return {
            "ledger": self.ledger, "ok": self.ok, "entries": self.entries, "head": self.head,
            "filings": self.filings, "files_checked": self.files_checked,
            "findings": [{"kind": f.kind, "entry": f.entry_id, "file": f.file, "message": f.message}
                         for f in self.findings],
        }


def verify_ledger(path: str | Path, xml_files: Iterable[str | Path] = ()) -> VerifyReport:
    """Check the hash chain of the ledger at `path`, its append-only triggers and, when given,
    declaration XML files against the hashes stored when they were filed."""
    location = Path(path)
    report = VerifyReport(ledger=str(location))
    db = _open_read_only(location)
    try:
        _check_triggers(db, report)
        _check_chain(db, report)
        _check_totals(db, report)
        filed = _filings(db)
        _check_locks(db, filed, report)
    except sqlite3.Error as exc:
        raise LedgerCorrupt(f"{location}: not a readable hhtax ledger ({exc})") from None
    finally:
        db.close()
    report.filings = len(filed)
    for xml in xml_files:
        report.files_checked += 1
        finding = check_filed_xml(Path(xml), filed)
        if finding is not None:
            report.findings.append(finding)
    return report


def _open_read_only(path: Path) -> sqlite3.Connection:
    if path.is_dir():
        raise LedgerError(f"{path}: a plain-text ledger has no hash chain; only a SQLite ledger can be "
                          "verified (convert it with `hhtax init --from`)")
    if not path.is_file():
        raise LedgerError(f"{path}: no SQLite ledger here")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
        db.execute("SELECT count(*) FROM entries").fetchone()
    except sqlite3.Error as exc:
        raise LedgerCorrupt(f"{path}: not a readable hhtax ledger ({exc})") from None
    return db


def _check_triggers(db: sqlite3.Connection, report: VerifyReport) -> None:
    present = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for name in EXPECTED_TRIGGERS:
        if name not in present:
            report.findings.append(Finding(
                "trigger_dropped", f"the append-only trigger {name} was removed: the file was edited "
                "outside hhtax"))


def _check_totals(db: sqlite3.Connection, report: VerifyReport) -> None:
    """The maintained monthly totals (what `assess` reads) must equal the sums of the entries."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'monthly_totals'").fetchone() is None:
        return  # a schema-1 ledger: the table is built when hhtax next opens it for writing
    for month in totals.mismatches(db):
        report.findings.append(Finding(
            "totals_altered", f"the monthly totals of {month} differ from the sum of its entries: the "
            "file was edited outside hhtax"))


def _check_chain(db: sqlite3.Connection, report: VerifyReport) -> None:
    """Walk the entries in id order; ids are consecutive from 1 and each hash chains to the last."""
    columns = ", ".join(ENTRY_COLUMNS)
    rows = db.execute(f"SELECT {columns}, natural_key, hash FROM entries ORDER BY id")
    previous_id, previous_hash = 0, GENESIS_HASH
    first: Finding | None = None
    for row in rows:
        entry_id, natural_key, stored_hash = int(row[0]), row[-2], row[-1]
        if first is None:
            values = tuple(row[1:len(ENTRY_COLUMNS)])
            expected = chain_hash(previous_hash, entry_id, content_text(values), str(values[-1]))
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


def _check_locks(db: sqlite3.Connection, filed: list[_Filed], report: VerifyReport) -> None:
    """Every filed period must still be locked with its own dates (a filed return changes only
    through a supplementary one: Law 38/2019 Art 47, Law 108/2025 Art 12)."""
    locks = {str(period): (str(start), str(end)) for period, start, end in
             db.execute("SELECT period, period_start, period_end FROM period_locks")}
    for period_text in dict.fromkeys(f.period for f in filed):
        try:
            period = Period.parse(period_text)
        except InputError:
            report.findings.append(Finding("lock_changed", f"filing for {period_text!r}: not a period"))
            continue
        if locks.get(str(period)) != (period.start.isoformat(), period.end.isoformat()):
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


@dataclass(frozen=True)
class _Filed:
    digest: str
    form: str
    period: str
    kind: str
    seq: int

    @property
    def label(self) -> str:
        return f"{self.form} {self.period} ({self.kind}, lần {self.seq})"


def _filings(db: sqlite3.Connection) -> list[_Filed]:
    return [_Filed(str(digest).lower(), str(form), str(period), str(kind), int(seq))
            for period, form, kind, seq, digest in db.execute(
                "SELECT period, form, kind, seq, xml_sha256 FROM filings ORDER BY id")]


def declaration_files(directory: Path) -> list[Path]:
    """The *.xml files of a directory that read as declarations (others are not checked)."""
    from hhtax.declarations.xml import from_xml
    from hhtax.errors import HhtaxError

    found = []
    for path in sorted(directory.glob("*.xml")):
        try:
            from_xml(path.read_bytes())
        except (HhtaxError, OSError):
            continue
        found.append(path)
    return found


def check_filed_xml(path: Path, filed: list[_Filed]) -> Finding | None:
    """None when the file is byte for byte a filed declaration; else a finding that says whether
    it is a filed return changed afterwards or a declaration this ledger never filed."""
    from hhtax.declarations.xml import from_xml
    from hhtax.errors import HhtaxError

    try:
        data = path.read_bytes()
    except OSError as exc:
        return Finding("filing_unknown", f"cannot read: {exc.strerror}", file=str(path))
    if hashlib.sha256(data).hexdigest() in {f.digest for f in filed}:
        return None
    try:
        decl = from_xml(data)
    except HhtaxError:
        return Finding("filing_unknown", "not a declaration this ledger filed (it does not read as a "
                       "declaration)", file=str(path))
    key = (decl.form.code, str(decl.period), decl.kind, decl.seq)
    for record in filed:
        if (record.form, record.period, record.kind, record.seq) == key:
            return Finding("filing_mismatch", f"differs from the {record.label} filed from this ledger: "
                           "the file was changed after filing", file=str(path))
    return Finding("filing_unknown", f"{decl.form.code} {decl.period} was never filed from this ledger",
                   file=str(path))

"""The SQLite journal store: one file per household, append-only, hash-chained.

- The household profile lives inside the file (table `household`, as JSON).
- Entries are never updated or deleted (triggers, `schema.py`); a correction is a reversing entry
  carrying the negated amount (TT 88/2021 Art 4, TT 152/2025: books are corrected by new entries).
- Each entry stores `hash = sha256(previous hash + canonical text)`, so edits made behind hhtax's back
  are found by `hhtax.journal.verify`.
- Each entry has a unique natural key, so re-importing a file, or an overlapping export, adds
  nothing: the document number, date, amount, kind, line and item (or, without a document, a hash
  of the whole row), plus the occurrence number of identical rows within one file.
- A filed period is locked (Law 38/2019 Art 47, Law 108/2025 Art 12: a filed return changes only by
  a supplementary return): changes dated inside it need `amend=True`.
- WAL and a busy timeout let two processes share a ledger; a write that waits too long raises
  `LedgerBusy`.
- Monthly sums by aggregate key are kept in `monthly_totals`, updated in the transaction of every
  append (`hhtax.journal.totals`), so `aggregates` reads a few hundred rows, not every entry.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from pathlib import Path
from typing import Any

from hhtax.errors import InputError, LedgerBusy, LedgerCorrupt, LedgerError, PeriodLocked
from hhtax.importers.rows import EntrySource, entry_from_stored, trusted_entry
from hhtax.journal import totals
from hhtax.journal.aggregates import AggregateKey, AggregateRow, sort_key
from hhtax.journal.estimates import EstimateStore
from hhtax.journal.filings import FilingRecord
from hhtax.journal.household_file import household_from_dict
from hhtax.journal.schema import APPLICATION_ID, ENTRY_COLUMNS, LATEST_VERSION, migration_script
from hhtax.model import Entry, Household
from hhtax.periods import Period

BUSY_TIMEOUT_S = 5.0
CACHE_KIB = 65_536  # page cache of up to 64 MB per connection
IMPORT_CACHE_KIB = 262_144  # during a bulk import: a million-row file's index pages stay in memory
PAGE_SIZE = 16_384  # new ledgers: fewer, fuller B-tree pages; a 1 M-row import writes half the I/O
GENESIS_HASH = "0" * 64
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BATCH = 50_000
_SELECT_ENTRIES = f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries"
# Nullable columns are bound as '' and stored as NULL: binding Python's None costs the sqlite3
# module an adapter lookup per value (≈ 0.3 µs; six per sale row), '' costs nothing.
_NULLABLE = frozenset({"category", "qty", "unit_price", "tax", "vat_cut", "reverses"})
_INSERT_ENTRY = (f"INSERT INTO entries ({', '.join(ENTRY_COLUMNS)}, natural_key, hash) VALUES (" +
                 ", ".join("NULLIF(?, '')" if column in _NULLABLE else "?" for column in ENTRY_COLUMNS) +
                 ", ?, ?)")
_CONTENT = "\x1f".join(["%s"] * (len(ENTRY_COLUMNS) - 2))
_entry_values = attrgetter(*ENTRY_COLUMNS[1:])


@dataclass(frozen=True)
class ImportResult:
    """How many entries an import added, and how many were already in the ledger."""

    added: int
    present: int


def stored_values(entry: Entry) -> tuple[Any, ...]:
    """The column values of an entry (without its id), as stored: enums as codes, flags as 0/1."""
    (day, kind, amount, line, doc, description, payment, category, item, unit, qty, unit_price, tax,
     transfer_to, vat_cut, withheld, withheld_vat, withheld_pit, counterparty, reverses,
     source) = _entry_values(entry)
    return (day.isoformat(), kind.value, amount, line, doc, description, payment,
            None if category is None else category.value, item, unit, None if qty is None else str(qty),
            unit_price, None if tax is None else tax.value, transfer_to,
            None if vat_cut is None else int(vat_cut), int(withheld), withheld_vat, withheld_pit,
            counterparty, reverses, source)


def content_text(values: tuple[Any, ...]) -> str:
    """The canonical text of an entry's content: its stored values except the source, joined by
    U+001F (None is written "None"). Identical rows have identical content text."""
    return _CONTENT % values[:-1]


def chain_hash(previous: str, entry_id: int, content: str, source: str) -> str:
    """sha256 of the previous entry's hash and this entry's id, content text and source."""
    return hashlib.sha256(f"{previous}\x1e{entry_id}\x1f{content}\x1f{source}".encode()).hexdigest()


def base_key(values: tuple[Any, ...], content: str) -> str:
    """The natural key before the occurrence number: for an entry with a document, its doc, date,
    amount, kind, line and item; without one, a hash of its content. A reversal or adjustment
    (`reverses` set) is prefixed with the id of the entry it reverses."""
    if values[4]:
        key = f"doc:{values[4]}\x1f{values[0]}\x1f{values[2]}\x1f{values[1]}\x1f{values[3]}\x1f{values[8]}"
    else:
        key = "row:" + hashlib.sha256(content.encode()).hexdigest()[:32]
    return key if values[19] is None else f"rev:{values[19]}\x1f{key}"


def _entry_from_row(row: Sequence[Any]) -> Entry:
    return entry_from_stored(row[1:], row[0])


def _translate(exc: sqlite3.Error, name: str) -> LedgerError:
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return LedgerBusy(f"{name}: {text} (waited {BUSY_TIMEOUT_S:g} s)")
    if isinstance(exc, sqlite3.IntegrityError) or "unable to open" in text:
        return LedgerError(f"{name}: {text}")
    return LedgerCorrupt(f"{name}: not a readable hhtax ledger ({text})")


class SqliteLedger(EstimateStore):
    """A household ledger in one SQLite file (implements `hhtax.journal.Ledger`)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        _check_header(self.path)
        self._db = _connect(self.path)
        try:
            with self._guard():
                if self._db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    raise LedgerCorrupt(f"{self.path}: a SQLite file, but not an hhtax ledger")
                self._migrate()
                row = self._db.execute("SELECT json FROM household WHERE id = 1").fetchone()
            if row is None:
                raise LedgerCorrupt(f"{self.path}: the ledger has no household profile")
            self._household = household_from_dict(json.loads(row[0]), source=f"{self.path}:household")
        except BaseException:
            self._db.close()
            raise

    # -- creation ---------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, household: Household, entries: Iterable[Entry] = ()) -> SqliteLedger:
        """Create a new ledger file holding `household` and `entries`; never overwrites a file.

        The file is built under a temporary name and renamed, so a failure (a bad entry among
        `entries`) leaves nothing behind.
        """
        target = Path(path)
        if target.exists():
            raise LedgerError(f"{target}: a file already exists here")
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            db = sqlite3.connect(temp, isolation_level=None)
            try:
                db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.executescript(f"BEGIN;{migration_script(0, totals.split_limit())}COMMIT;")
                db.execute("INSERT INTO household (id, json, saved_at) VALUES (1, ?, ?)",
                           (household.model_dump_json(), _now()))
                db.execute("PRAGMA journal_mode = WAL")
            finally:
                db.close()
            with cls(temp) as filling:
                filling.import_entries(entries)
            os.replace(temp, target)
        except sqlite3.Error as exc:
            raise _translate(exc, str(target)) from None
        except OSError as exc:
            raise LedgerError(f"{target}: cannot create the ledger ({exc.strerror})") from None
        finally:
            for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
                leftover.unlink(missing_ok=True)
        return cls(target)

    # -- the Ledger protocol ----------------------------------------------------------------------
    @property
    def household(self) -> Household:
        return self._household

    @property
    def name(self) -> str:
        return str(self.path)

    def entries(self, start: date | None = None, end: date | None = None) -> Iterator[Entry]:
        """Entries with start ≤ date ≤ end, in journal order (date, then id)."""
        low = start.isoformat() if start else "0000-00-00"
        high = end.isoformat() if end else "9999-99-99"
        with self._guard():
            rows = self._db.execute(f"{_SELECT_ENTRIES} WHERE date BETWEEN ? AND ? ORDER BY date, id",
                                    (low, high)).fetchall()
        return map(_entry_from_row, rows)

    def entry_rows(self, start: date | None, end: date | None, columns: Sequence[str], *,
                   match: Mapping[str, Collection[str]] | None = None,
                   match_any: Mapping[str, Collection[str]] | None = None,
                   present: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
        """Stored values of `columns` (names in ENTRY_COLUMNS) of the entries with start ≤ date ≤ end
        whose value in each `match` column is one of those given, and in at least one `match_any`
        column one of those given, and a non-empty value in every `present` column; in journal
        order (date, then id), dates, quantities and codes as text. The books' fast path
        (`hhtax.books.scan`): a year of a million rows streamed without building an `Entry` each."""
        where, params = _filter(start, end, [*columns], match, match_any, present)
        return self._stream(f"SELECT {', '.join(columns)} FROM entries WHERE {where} ORDER BY date, id",
                            params)

    def entry_sums(self, start: date | None, end: date | None, group_by: Sequence[str], sums: Sequence[str],
                   *, match: Mapping[str, Collection[str]] | None = None,
                   match_any: Mapping[str, Collection[str]] | None = None,
                   present: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
        """(date, *group_by, *sums) per day and group of the entries `entry_rows` selects, in
        order of date and group: the books' `--summary daily` in one GROUP BY."""
        where, params = _filter(start, end, [*group_by, *sums], match, match_any, present)
        keys = ", ".join(["date", *group_by])
        totals = ", ".join(f"SUM({column})" for column in sums)
        return self._stream(f"SELECT {keys}, {totals} FROM entries WHERE {where} GROUP BY {keys} "
                            f"ORDER BY {keys}", params)

    def _stream(self, sql: str, params: list[Any]) -> Iterator[tuple[Any, ...]]:
        with self._guard():
            cursor = self._db.execute(sql, params)
            while batch := cursor.fetchmany(10_000):
                yield from batch

    def aggregates(self, start: date, end: date, cash_limit: int) -> list[AggregateRow]:
        """Monthly aggregates by `AggregateKey`, equal to `aggregate_entries`: whole months from the
        maintained monthly totals, the days of a month cut by `start` or `end` by grouping them."""
        months = totals.whole_months(start, end)
        with self._guard():
            rows = None if months is None else totals.read(self._db, *months, cash_limit)
            if rows is None or months is None:
                rows = self._grouped(start, end, cash_limit)
            else:
                if start < months[0]:
                    rows += self._grouped(start, months[0] - timedelta(days=1), cash_limit)
                if months[1] < end:
                    rows += self._grouped(months[1] + timedelta(days=1), end, cash_limit)
        rows.sort(key=lambda row: sort_key(row.key))
        return rows

    def _grouped(self, start: date, end: date, cash_limit: int) -> list[AggregateRow]:
        """The aggregate rows of start…end by one GROUP BY over the entries."""
        sql = """
            SELECT CAST(substr(date, 1, 4) AS INTEGER), CAST(substr(date, 6, 2) AS INTEGER), kind, line,
                   coalesce(category, ''), vat_cut, withheld, doc <> '',
                   payment = 'cash' AND abs(amount) >= :limit,
                   sum(amount), count(*), sum(withheld_vat), sum(withheld_pit)
            FROM entries WHERE {date} BETWEEN :start AND :end
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"""
        low, high = start.isoformat(), end.isoformat()
        first = self._db.execute("SELECT min(date) FROM entries").fetchone()[0]
        last = self._db.execute("SELECT max(date) FROM entries").fetchone()[0]
        # When the window holds the whole journal, a table scan beats walking the date index.
        column = "+date" if first is None or (low <= first and last <= high) else "date"
        rows = self._db.execute(sql.format(date=column), {"limit": cash_limit, "start": low,
                                                          "end": high}).fetchall()
        return [
            AggregateRow(AggregateKey(year, month, kind, line, category,
                                      None if vat_cut is None else bool(vat_cut), bool(withheld),
                                      bool(has_doc), bool(cash_large)), amount, count, vat, pit)
            for (year, month, kind, line, category, vat_cut, withheld, has_doc, cash_large, amount, count,
                 vat, pit) in rows
        ]

    def totals_mismatches(self) -> list[str]:
        """The months (YYYY-MM) whose maintained totals differ from the sums of their entries: the
        table was edited outside hhtax. Empty for a sound ledger (for `hhtax.journal.verify`)."""
        with self._guard():
            return totals.mismatches(self._db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SqliteLedger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------------------------
    def count(self) -> int:
        """The number of entries (reversals included)."""
        with self._guard():
            return int(self._db.execute("SELECT count(*) FROM entries").fetchone()[0])

    def get(self, entry_id: int) -> Entry:
        """The entry with this id; InputError if there is none."""
        with self._guard():
            row = self._db.execute(f"{_SELECT_ENTRIES} WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise InputError(f"no entry {entry_id} in the ledger", field="id")
        return _entry_from_row(row)

    # -- writing ----------------------------------------------------------------------------------
    def import_entries(self, entries: Iterable[Entry], *, amend: bool = False) -> ImportResult:
        """Add the entries not yet present, in one transaction: any error writes nothing.

        Identical rows within one import are all kept (the occurrence number is part of the key).
        An entry dated in a filed period raises PeriodLocked unless `amend`. A file reader's
        `EntrySource` hands over its rows as stored values, without building `Entry` objects.
        """
        rows = entries.stored() if isinstance(entries, EntrySource) else map(stored_values, entries)
        added = present = 0
        occurrences: dict[str, int] = {}
        with self._bulk(), self._write() as append:
            locks = self._locks() if not amend else []
            batch: list[tuple[str, str, tuple[Any, ...]]] = []
            for values in rows:
                content = content_text(values)
                base = base_key(values, content)
                occurrence = occurrences.get(base, 0) + 1
                occurrences[base] = occurrence
                batch.append((f"{base}#{occurrence}", content, values))
                if len(batch) >= _BATCH:
                    new = self._insert_batch(append, batch, locks)
                    added += new
                    present += len(batch) - new
                    batch = []
            new = self._insert_batch(append, batch, locks)
            added += new
            present += len(batch) - new
        return ImportResult(added, present)

    def add(self, entry: Entry, *, amend: bool = False) -> int:
        """Append one entry (an identical existing entry does not stop it); returns its id."""
        values = stored_values(entry)
        content = content_text(values)
        base = base_key(values, content)
        with self._write() as append:
            self._check_lock(values, [] if amend else self._locks())
            if values[19] is not None:
                self._check_reversal(values, [], append.next_id)
            low, high = f"{base}#", f"{base}$"
            taken = self._db.execute("SELECT count(*) FROM entries WHERE natural_key > ? AND natural_key < ?",
                                     (low, high)).fetchone()[0]
            entry_id = append.next_id
            self._insert_batch(append, [(f"{base}#{taken + 1}", content, values)], [])
        return entry_id

    def reverse(self, entry_id: int, *, amend: bool = False) -> int:
        """Append the reversal of entry `entry_id`: same date, amounts negated (only what earlier
        partial reversals left, if any); returns its id."""
        original = self.get(entry_id)
        if original.reverses is not None:
            raise InputError(f"entry {entry_id} is itself a reversal (of entry {original.reverses}); "
                             "record the entry again instead", field="id")
        with self._guard():
            reversed_sum, reversals = self._db.execute(
                "SELECT coalesce(sum(amount), 0), count(*) FROM entries WHERE reverses = ?",
                (entry_id,)).fetchone()
        left = original.amount + int(reversed_sum)
        if reversals and left == 0:
            raise InputError(f"entry {entry_id} is already reversed", field="id")
        whole = left == original.amount
        reversal = trusted_entry({
            **original.__dict__, "id": None, "amount": -left,
            "withheld_vat": -original.withheld_vat if whole else 0,
            "withheld_pit": -original.withheld_pit if whole else 0,
            "qty": None if original.qty is None or not whole else -original.qty,
            "description": f"Đảo bút toán #{entry_id}: {original.description}".rstrip(": "),
            "reverses": entry_id, "source": f"reverse:{entry_id}",
        })
        return self.add(reversal, amend=amend)

    # -- filings and locks ------------------------------------------------------------------------
    def record_filing(self, record: FilingRecord, *, lock_until: date | None = None) -> None:
        """Record a filed declaration and lock its period (up to `lock_until` when given: an early
        return locks the days up to its filing date only)."""
        period = Period.parse(record.period)
        last = min(period.end, lock_until or period.end)
        with self._write():
            self._db.execute(
                "INSERT INTO filings (period, form, kind, seq, xml_sha256, payload, filed_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (str(period), record.form, record.kind, record.seq, record.xml_sha256, record.payload,
                 record.filed_at))
            self._db.execute(
                "INSERT OR IGNORE INTO period_locks (period, period_start, period_end, locked_at) "
                "VALUES (?, ?, ?, ?)", (str(period), period.start.isoformat(), last.isoformat(),
                                        record.filed_at))

    def filings(self, period: Period | None = None) -> list[FilingRecord]:
        """Filed declarations, oldest first; only those of `period` when given."""
        sql = "SELECT period, form, kind, seq, xml_sha256, payload, filed_at FROM filings"
        params: tuple[str, ...] = ()
        if period is not None:
            sql += " WHERE period = ?"
            params = (str(period),)
        with self._guard():
            rows = self._db.execute(sql + " ORDER BY id", params).fetchall()
        return [FilingRecord(*row) for row in rows]

    def locked_period(self, day: date) -> str | None:
        """The filed period containing `day`, or None if that day may still change freely."""
        with self._guard():
            row = self._db.execute(
                "SELECT period FROM period_locks WHERE period_start <= ?1 AND period_end >= ?1 "
                "ORDER BY period_start LIMIT 1", (day.isoformat(),)).fetchone()
        return None if row is None else str(row[0])

    # -- internals --------------------------------------------------------------------------------
    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise _translate(exc, str(self.path)) from None

    @contextmanager
    def _bulk(self) -> Iterator[None]:
        """For the length of a bulk import: a larger page cache, and Python's cyclic garbage
        collector paused (an import makes millions of acyclic tuples and strings; the collector's
        passes over them cost ≈ 7 % of the import)."""
        collecting = gc.isenabled()
        with self._guard():
            self._db.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        gc.disable()
        try:
            yield
        finally:
            if collecting:
                gc.enable()
            with self._guard():
                self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")

    @contextmanager
    def _write(self) -> Iterator[_Append]:
        """One write transaction: yields where the journal ends, and adds the appended entries'
        sums to the monthly totals before committing."""
        with self._guard():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute("SELECT id, hash FROM entries ORDER BY id DESC LIMIT 1").fetchone()
                append = _Append(totals.Accumulator(totals.stored_limit(self._db)))
                if row is not None:
                    append.next_id, append.previous, append.fresh = int(row[0]) + 1, str(row[1]), False
                yield append
                append.sums.write(self._db)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _locks(self) -> list[tuple[str, str, str]]:
        return [(str(a), str(b), str(c)) for a, b, c in self._db.execute(
            "SELECT period_start, period_end, period FROM period_locks")]

    @staticmethod
    def _check_lock(values: tuple[Any, ...], locks: list[tuple[str, str, str]]) -> None:
        day = values[0]
        for start, end, period in locks:
            if start <= day <= end:
                raise PeriodLocked(f"{values[-1]}: the entry is dated {day}, in period {period}, which has "
                                   "been filed; use --amend to change it (then file a supplementary return)")

    def _check_reversal(self, values: tuple[Any, ...], pending: list[tuple[Any, ...]], first_id: int) -> None:
        """A reversing or adjusting entry points at an existing ordinary entry of the same kind and
        moves the amount the other way. `pending` holds the stored values of the entries of this
        batch not yet written, the first of them with id `first_id`."""
        target_id = values[19]
        if 0 <= target_id - first_id < len(pending):
            target = pending[target_id - first_id]
        else:
            row = self._db.execute(f"{_SELECT_ENTRIES} WHERE id = ?", (target_id,)).fetchone()
            if row is None:
                raise InputError(f"entry {target_id} does not exist", file=values[-1], field="reverses")
            target = stored_values(_entry_from_row(row))
        if target[19] is not None:
            raise InputError(f"entry {target_id} is itself a reversal", file=values[-1], field="reverses")
        if target[1] != values[1] or target[2] * values[2] >= 0:
            raise InputError(f"a reversal of entry {target_id} must be a {target[1]} with an amount of the "
                             f"opposite sign to {target[2]}", file=values[-1], field="reverses")

    def _insert_batch(self, append: _Append, batch: list[tuple[str, str, tuple[Any, ...]]],
                      locks: list[tuple[str, str, str]]) -> int:
        """Insert the rows of `batch` whose keys are new; returns how many were added."""
        if not batch:
            return 0
        present: set[str] = set()
        if not append.fresh:  # keys within one write are distinct: only older entries can hold them
            keys = [key for key, _, _ in batch]
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                present.update(row[0] for row in self._db.execute(
                    f"SELECT natural_key FROM entries WHERE natural_key IN ({','.join('?' * len(chunk))})",
                    chunk))
        rows: list[tuple[Any, ...]] = []
        pending: list[tuple[Any, ...]] = []
        first_id = append.next_id
        next_id, previous, count = append.next_id, append.previous, append.sums.add
        for key, content, values in batch:
            if key in present:
                continue
            if locks:
                self._check_lock(values, locks)
            (day, kind, amount, line, doc, description, payment, category, item, unit, qty, unit_price, tax,
             transfer_to, vat_cut, withheld, withheld_vat, withheld_pit, counterparty, reverses,
             source) = values
            if reverses is not None:
                self._check_reversal(values, pending, first_id)
            pending.append(values)
            previous = chain_hash(previous, next_id, content, source)
            rows.append((next_id, day, kind, amount, line, doc, description, payment,
                         "" if category is None else category, item, unit, "" if qty is None else qty,
                         "" if unit_price is None else unit_price, "" if tax is None else tax, transfer_to,
                         "" if vat_cut is None else vat_cut, withheld, withheld_vat, withheld_pit,
                         counterparty, "" if reverses is None else reverses, source, key, previous))
            count(values)
            next_id += 1
        self._db.executemany(_INSERT_ENTRY, rows)
        append.next_id, append.previous = next_id, previous
        return len(rows)

    def _migrate(self) -> None:
        try:
            version = int(self._db.execute("SELECT version FROM schema_version").fetchone()[0])
        except (sqlite3.OperationalError, TypeError):
            raise LedgerCorrupt(f"{self.path}: the ledger has no schema version") from None
        if version > LATEST_VERSION:
            raise LedgerError(f"{self.path}: made by a newer hhtax (schema {version}, "
                              f"this one knows {LATEST_VERSION})")
        if version < LATEST_VERSION:
            script = migration_script(version, totals.split_limit())
            try:
                self._db.executescript(f"BEGIN IMMEDIATE;{script}COMMIT;")
            except sqlite3.OperationalError:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                # Another process may have upgraded the file between our read and our lock.
                now = int(self._db.execute("SELECT version FROM schema_version").fetchone()[0])
                if now != LATEST_VERSION:
                    raise


@dataclass
class _Append:
    """Where the journal ends during a write transaction, whether it was empty when the
    transaction began, and the sums of what the transaction appended."""

    sums: totals.Accumulator
    next_id: int = 1
    previous: str = GENESIS_HASH
    fresh: bool = True


def _filter(start: date | None, end: date | None, columns: list[str],
            match: Mapping[str, Collection[str]] | None, match_any: Mapping[str, Collection[str]] | None,
            present: Sequence[str]) -> tuple[str, list[Any]]:
    """The WHERE clause and parameters of `entry_rows` and `entry_sums` (column names checked)."""
    wanted = [*columns, *(match or {}), *(match_any or {}), *present]
    unknown = [column for column in wanted if column not in ENTRY_COLUMNS]
    if unknown:
        raise ValueError(f"unknown entry column {unknown[0]!r}")
    sql = "date BETWEEN ? AND ?"
    params: list[Any] = [start.isoformat() if start else "0000-00-00",
                         end.isoformat() if end else "9999-99-99"]
    for column, values in (match or {}).items():
        chosen = list(values)
        sql += f" AND {column} IN ({', '.join('?' * len(chosen))})"
        params.extend(chosen)
    if match_any:
        either = []
        for column, values in match_any.items():
            chosen = list(values)
            either.append(f"{column} IN ({', '.join('?' * len(chosen))})")
            params.extend(chosen)
        sql += f" AND ({' OR '.join(either)})"
    for column in present:
        sql += f" AND {column} IS NOT NULL AND {column} <> ''"
    return sql, params


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        raise LedgerError(f"{path}: no ledger here (create one with `hhtax init`)") from None
    except IsADirectoryError:
        raise LedgerError(f"{path}: a directory is a plain-text ledger, not a SQLite one") from None
    if header != _SQLITE_MAGIC:
        raise LedgerCorrupt(f"{path}: not an hhtax ledger (not a SQLite file)")


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except sqlite3.Error as exc:
        db.close()
        raise _translate(exc, str(path)) from None
    return db


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

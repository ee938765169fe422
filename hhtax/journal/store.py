"""The SQLite journal store: one file per household, append-only, hash-chained.

- The household profile lives inside the file (table `household`, as JSON).
- Entries are never updated or deleted (triggers, `schema.py`); a correction is a reversing entry
  carrying the negated amount (TT 88/2021 Art 4, TT 152/2025: books are corrected by new entries).
- Each entry is hash-chained to the previous one and has a unique natural key
  (`hhtax.journal.chain`), so edits made behind hhtax's back are found by `hhtax.journal.verify`
  and re-importing a file adds nothing.
- A filed period is locked (Law 38/2019 Art 47, Law 108/2025 Art 12: a filed return changes only by
  a supplementary return): changes dated inside it need `amend=True`.
- Writes hold the write lock from their first read (`append`); `transaction()` extends that to a
  caller's own reads (an e-invoice import reads the journal to decide what to write).
- A ledger that fails SQLite's `quick_check` is not written to (checked once per process and file
  state, `integrity`); after a write the WAL is checkpointed into the main file, so the `.sqlite`
  file alone is the whole ledger.
- Monthly sums by aggregate key are kept in `monthly_totals`, updated in the transaction of every
  append (`hhtax.journal.totals`), so `aggregates` reads a few hundred rows, not every entry.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hhtax.errors import InputError, LedgerCorrupt
from hhtax.i18n import msg, register
from hhtax.journal import chainlog, integrity, listing, stock_totals, totals
from hhtax.journal.aggregates import AggregateRow, sort_key
from hhtax.journal.append import Append, Keyed, check_lock, check_reversal, insert_batch, read_locks
from hhtax.journal.chain import base_key, content_text
from hhtax.journal.codec import ENTRY_COLUMNS, EntrySource, entry_from_stored, stored_values, trusted_entry
from hhtax.journal.connection import (
    CACHE_KIB,
    IMPORT_CACHE_KIB,
    check_header,
    guard,
    open_read_only,
    read_only_error,
    writable,
)
from hhtax.journal.creation import create_file
from hhtax.journal.documents import Documents
from hhtax.journal.estimates import EstimateStore
from hhtax.journal.filings import FilingRecord
from hhtax.journal.household_file import household_from_dict
from hhtax.journal.occurrences import FreshCounter, OccurrenceCounter
from hhtax.journal.queries import SELECT_ENTRIES, date_bounds, entry_filter, grouped_aggregates
from hhtax.journal.schema import APPLICATION_ID, migrate
from hhtax.model import Entry, Household
from hhtax.periods import Period

_BATCH = 20_000  # rows held in Python per insert: 50,000 cost 50 MB more of peak memory for no speed


register({
    "journal.foreign_sqlite": ("{where}: là tệp SQLite nhưng không phải sổ hhtax",
                               "{where}: a SQLite file, but not an hhtax ledger"),
    "journal.no_household": ("{where}: sổ không có hồ sơ hộ kinh doanh",
                             "{where}: the ledger has no household profile"),
    "journal.no_entry": ("không có bút toán {id} trong sổ", "no entry {id} in the ledger"),
    "journal.reverse_reversal": (
        "bút toán {id} chính là bút toán đảo (của bút toán {original}); hãy ghi lại bút toán đó",
        "entry {id} is itself a reversal (of entry {original}); record the entry again instead"),
    "journal.already_reversed": ("bút toán {id} đã được đảo", "entry {id} is already reversed"),
})


@dataclass(frozen=True)
class ImportResult:
    """How many entries an import added, and how many were already in the ledger."""

    added: int
    present: int
    corrected: int = 0  # changed documents recorded as reversal + new version (`corrections`)
    reversals: int = 0  # the reversing entries those corrections appended


def _entry_from_row(row: Sequence[Any]) -> Entry:
    return entry_from_stored(row[1:], row[0])


PAGE_SCAN = 10_000  # entries a filtered journal page looks at, at most, per call


class SqliteLedger(EstimateStore):
    """A household ledger in one SQLite file (implements `hhtax.journal.Ledger`).

    The file is opened read-only and becomes writable at the first write (`_writable`): a read
    command never writes, so an archived ledger on a read-only disk reads, and a write there says
    "read-only". A ledger made by an older hhtax is upgraded at its first write; `cash_limit` is
    where its monthly totals are then split (the rule pack's `cash_payment_limit`).
    """

    def __init__(self, path: str | Path, *, cash_limit: int | None = None) -> None:
        self.path = Path(path)
        check_header(self.path)
        self._db = open_read_only(self.path)
        self._cash_limit = cash_limit
        self._depth = 0
        self._writing = self._wrote = False
        try:
            with self._guard():
                if self._db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    raise LedgerCorrupt(msg("journal.foreign_sqlite", where=str(self.path)))
                self._version = migrate(self._db, self.path, cash_limit, upgrade=False)
                row = self._db.execute("SELECT json FROM household WHERE id = 1").fetchone()
            if row is None:
                raise LedgerCorrupt(msg("journal.no_household", where=str(self.path)))
            self._household = household_from_dict(json.loads(row[0]), source=f"{self.path}:household")
        except BaseException:
            self._db.close()
            raise

    # -- creation ---------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, household: Household, entries: Iterable[Entry] = (), *,
               cash_limit: int) -> SqliteLedger:
        """Create a new ledger file holding `household` and `entries`; never overwrites a file.

        The file is built under a fresh temporary name and linked into place, so a failure (a bad
        entry among `entries`) leaves nothing behind. The monthly totals split at `cash_limit`.
        """
        def fill(temp: Path) -> None:
            with cls(temp) as filling:
                filling.import_entries(entries)

        create_file(Path(path), household, cash_limit, fill)
        return cls(path)

    # -- the Ledger protocol ----------------------------------------------------------------------
    @property
    def household(self) -> Household:
        return self._household

    @property
    def name(self) -> str:
        return str(self.path)

    def entries(self, start: date | None = None, end: date | None = None) -> Iterator[Entry]:
        """Entries with start ≤ date ≤ end, in journal order (date, then id)."""
        with self._guard():
            rows = self._db.execute(f"{SELECT_ENTRIES} WHERE date BETWEEN ? AND ? ORDER BY date, id",
                                    date_bounds(start, end)).fetchall()
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
        where, params = entry_filter(start, end, [*columns], match, match_any, present)
        return self._stream(f"SELECT {', '.join(columns)} FROM entries WHERE {where} ORDER BY date, id",
                            params)

    def entry_sums(self, start: date | None, end: date | None, group_by: Sequence[str], sums: Sequence[str],
                   *, match: Mapping[str, Collection[str]] | None = None,
                   match_any: Mapping[str, Collection[str]] | None = None,
                   present: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
        """(date, *group_by, *sums) per day and group of the entries `entry_rows` selects, in
        order of date and group: the books' `--summary daily` in one GROUP BY."""
        where, params = entry_filter(start, end, [*group_by, *sums], match, match_any, present)
        keys = ", ".join(["date", *group_by])
        summed = ", ".join(f"SUM({column})" for column in sums)
        return self._stream(f"SELECT {keys}, {summed} FROM entries WHERE {where} GROUP BY {keys} "
                            f"ORDER BY {keys}", params)

    def _stream(self, sql: str, params: list[Any]) -> Iterator[tuple[Any, ...]]:
        with self._guard():
            cursor = self._db.execute(sql, params)
            while batch := cursor.fetchmany(10_000):
                yield from batch

    def aggregates(self, start: date, end: date, cash_limit: int) -> list[AggregateRow]:
        """Monthly aggregates by `AggregateKey`, equal to `aggregate_entries`: whole months from the
        maintained monthly totals, the days of a month cut by `start` or `end` by grouping them."""
        months = totals.whole_months(start, end) if self._version >= 2 else None
        with self._guard():
            rows = None if months is None else totals.read(self._db, *months, cash_limit)
            if rows is not None and months == (start, end):
                return rows  # whole months: sorted already
            if rows is None or months is None:
                rows = grouped_aggregates(self._db, start, end, cash_limit)
            else:
                if start < months[0]:
                    rows += grouped_aggregates(self._db, start, months[0] - timedelta(days=1), cash_limit)
                if months[1] < end:
                    rows += grouped_aggregates(self._db, months[1] + timedelta(days=1), end, cash_limit)
        rows.sort(key=lambda row: sort_key(row.key))
        return rows

    def totals_mismatches(self) -> list[str]:
        """The months (YYYY-MM) whose maintained totals differ from the sums of their entries: the
        table was edited outside hhtax. Empty for a sound ledger (for `hhtax.journal.verify`)."""
        if self._version < 2:
            return []  # a schema-1 ledger: the table is built when it is next written
        with self._guard():
            months = totals.mismatches(self._db)
            if self._version >= 5:
                months = sorted({*months, *stock_totals.mismatches(self._db)})
            return months

    def stock_totals(self, end: date) -> list[stock_totals.StockTotal] | None:
        """The stock totals (`hhtax.journal.stock_totals`) of the months up to the one holding
        `end`; None for a ledger made before schema 5 (read its entries instead)."""
        if self._version < 5:
            return None
        with self._guard():
            return stock_totals.read(self._db, end.isoformat()[:7])

    def close(self) -> None:
        """Close the file; after a write, first fold the WAL into it (`integrity.checkpoint`)."""
        try:
            if self._wrote:
                integrity.checkpoint(self._db, self.path)
        finally:
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
            row = self._db.execute(f"{SELECT_ENTRIES} WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise InputError(msg("journal.no_entry", id=entry_id), field="id")
        return _entry_from_row(row)

    def entry_page(self, query: listing.PageQuery) -> listing.EntryPage:
        """One page of the journal, newest first, by keyset (`hhtax.journal.listing`)."""
        with self._guard():
            rows = listing.sql_page(self._db, query)
        entries = [_entry_from_row(row) for row in rows]
        return listing.page_of(entries, query, len(entries) > query.limit)

    def page(self, *, after: int | None = None, limit: int = 100, start: date | None = None,
             end: date | None = None, match: Mapping[str, Collection[str]] | None = None,
             scan: int = PAGE_SCAN) -> tuple[list[Entry], int | None]:
        """One page of entries with start ≤ date ≤ end (and each `match` column one of the values
        given), in journal order (date, then id), after entry `after`; with the id to continue
        after (None at the end). Keyset paging on the date index: the page starts where the last
        one stopped, however deep. With `match`, at most `scan` entries are looked at per call, so
        a filter that matches little returns a short (even empty) page and where to go on, instead
        of reading the whole journal in one call (`hhtax serve`: p95 ≤ 200 ms a page)."""
        first, last = date_bounds(start, end)
        where = "date BETWEEN ? AND ?"
        params: list[Any] = [first, last]
        with self._guard():
            if after is not None:
                row = self._db.execute("SELECT date FROM entries WHERE id = ?", (after,)).fetchone()
                if row is None:
                    raise InputError(msg("journal.no_entry", id=after), field="after")
                params = [max(first, row[0]), last, row[0], after]
                where += " AND NOT (date = ? AND id <= ?)"
            if not match:
                rows = self._db.execute(f"{SELECT_ENTRIES} WHERE {where} ORDER BY date, id LIMIT ?",
                                        [*params, limit + 1]).fetchall()
                chosen = [_entry_from_row(row) for row in rows[:limit]]
                return chosen, (chosen[-1].id if len(rows) > limit else None)
            return self._filtered_page(where, params, match, limit, scan)

    def _filtered_page(self, where: str, params: list[Any], match: Mapping[str, Collection[str]], limit: int,
                       scan: int) -> tuple[list[Entry], int | None]:
        columns = list(match)
        if any(column not in ENTRY_COLUMNS for column in columns):
            raise ValueError(f"unknown entry column in {columns!r}")
        wanted = [set(values) for values in match.values()]
        cursor = self._db.execute(f"SELECT id, {', '.join(columns)} FROM entries WHERE {where} "
                                  "ORDER BY date, id LIMIT ?", [*params, scan])
        ids: list[int] = []
        going_on: int | None = None
        seen, last_seen = 0, None
        while len(ids) <= limit and (batch := cursor.fetchmany(256)):
            seen += len(batch)
            last_seen = batch[-1][0]
            ids += [row[0] for row in batch
                    if all(value in allowed for value, allowed in zip(row[1:], wanted, strict=True))]
        cursor.close()
        if len(ids) > limit:
            ids, going_on = ids[:limit], ids[limit - 1]
        else:
            going_on = last_seen if seen == scan else None
        marks = ", ".join("?" * len(ids))
        rows = self._db.execute(f"{SELECT_ENTRIES} WHERE id IN ({marks}) ORDER BY date, id", ids).fetchall()
        return [_entry_from_row(row) for row in rows], going_on

    # -- writing ----------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction around the block: the caller's reads (what to import, given
        what the journal holds) and the writes they decide are atomic together; no other
        process writes in between. Writes inside the block join it."""
        with self._write():
            yield

    def import_entries(self, entries: Iterable[Entry], *, amend: bool = False, by_source: bool = False,
                       corrections: bool = False) -> ImportResult:
        """Add the entries not yet present, in one transaction: any error writes nothing.

        Identical rows within one import are all kept (the occurrence number is part of the key).
        `by_source`: an entry's own `source` is its event id (`chain.base_key`). A changed document
        is refused, or with `corrections` reversed and re-entered (`hhtax.journal.documents`).
        An entry dated in a filed period raises PeriodLocked unless `amend`. A file reader's
        `EntrySource` hands over its rows as stored values, without building `Entry` objects.
        """
        rows = entries.stored() if isinstance(entries, EntrySource) else map(stored_values, entries)
        added = total = 0
        with self._bulk(), self._write() as append:
            locks = read_locks(self._db) if not amend else []
            documents = Documents(self._db, content_text, base_key, append.next_id, corrections)
            counter = FreshCounter(self._db) if append.fresh else OccurrenceCounter(self._db)
            pending: list[Keyed] = []  # (base key, content, values): numbered when the batch is full
            for values in rows:
                content = content_text(values)
                pending.append((base_key(values, content, by_source), content, values))
                if len(pending) >= _BATCH:
                    keyed = documents.resolve(_numbered(counter, pending))
                    added += insert_batch(self._db, append, keyed, locks)
                    total, pending = total + len(pending), []
            total += len(pending)
            added += insert_batch(self._db, append, documents.resolve(_numbered(counter, pending)),
                                  locks) - documents.reversals
            counter.close()
        return ImportResult(added, total - added, len(documents.corrected), documents.reversals)

    def add(self, entry: Entry, *, amend: bool = False) -> int:
        """Append one entry (an identical existing entry does not stop it); returns its id."""
        values = stored_values(entry)
        content = content_text(values)
        base = base_key(values, content)
        with self._write() as append:
            check_lock(values, [] if amend else read_locks(self._db))
            if values.reverses is not None:
                check_reversal(self._db, values, [], append.next_id)
            taken = self._db.execute("SELECT count(*) FROM entries WHERE natural_key > ? AND natural_key < ?",
                                     (f"{base}#", f"{base}$")).fetchone()[0]
            entry_id = append.next_id
            insert_batch(self._db, append, [(f"{base}#{taken + 1}", content, values)], [])
        return entry_id

    def reverse(self, entry_id: int, *, amend: bool = False) -> int:
        """Append the reversal of entry `entry_id`: same date, amounts negated (only what earlier
        partial reversals left, if any); returns its id."""
        with self.transaction():
            original = self.get(entry_id)
            if original.reverses is not None:
                raise InputError(msg("journal.reverse_reversal", id=entry_id, original=original.reverses),
                                 field="id")
            reversed_sum, reversals = self._db.execute(
                "SELECT coalesce(sum(amount), 0), count(*) FROM entries WHERE reverses = ?",
                (entry_id,)).fetchone()
            left = original.amount + int(reversed_sum)
            if reversals and left == 0:
                raise InputError(msg("journal.already_reversed", id=entry_id), field="id")
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
            head = record.chain_head or chainlog.head(self._db).hash
            self._db.execute(
                "INSERT INTO filings (period, form, kind, seq, xml_sha256, payload, filed_at, chain_head) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (str(period), record.form, record.kind, record.seq, record.xml_sha256, record.payload,
                 record.filed_at, head))
            self._db.execute(
                "INSERT OR IGNORE INTO period_locks (period, period_start, period_end, locked_at) "
                "VALUES (?, ?, ?, ?)", (str(period), period.start.isoformat(), last.isoformat(),
                                        record.filed_at))

    def filings(self, period: Period | None = None) -> list[FilingRecord]:
        """Filed declarations, oldest first; only those of `period` when given."""
        head = ", chain_head" if self._version >= 4 else ""
        sql = f"SELECT period, form, kind, seq, xml_sha256, payload, filed_at{head} FROM filings"
        params: tuple[str, ...] = ()
        if period is not None:
            sql += " WHERE period = ?"
            params = (str(period),)
        with self._guard():
            rows = self._db.execute(sql + " ORDER BY id", params).fetchall()
        return [FilingRecord(*row) for row in rows]

    def chain_head(self) -> tuple[str, int]:
        """The ledger's head (the last hash of its log) and the last entry it covers: written on
        every filed return so that `hhtax verify --head` can later prove this past unchanged."""
        with self._guard():
            head = chainlog.head(self._db)
        return head.hash, head.entry

    def log_top(self) -> tuple[int, str] | None:
        """The ledger log's last record (number, hash): a cheap, exact key of everything the ledger
        holds, moved by every write (`chainlog.top`); None before the log existed."""
        with self._guard():
            return chainlog.top(self._db)

    def locked_period(self, day: date) -> str | None:
        """The filed period containing `day`, or None if that day may still change freely."""
        with self._guard():
            row = self._db.execute(
                "SELECT period FROM period_locks WHERE period_start <= ?1 AND period_end >= ?1 "
                "ORDER BY period_start LIMIT 1", (day.isoformat(),)).fetchone()
        return None if row is None else str(row[0])

    # -- internals --------------------------------------------------------------------------------
    def _guard(self) -> Any:
        return guard(str(self.path))

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

    def for_writing(self) -> SqliteLedger:
        """Lift the connection's read-only guard now, upgrading a ledger made by an older hhtax
        (a write does this itself); LedgerError "read-only" where the file cannot be written."""
        self._writable()
        return self

    def _writable(self) -> None:
        if self._writing:
            return
        if not writable(self.path):
            raise read_only_error(self.path)
        with self._guard():
            self._db.execute("PRAGMA query_only = OFF")
            self._version = migrate(self._db, self.path, self._cash_limit, upgrade=True)
        self._writing = True

    @contextmanager
    def _write(self) -> Iterator[Append]:
        """One write transaction: yields where the journal ends, and adds the appended entries'
        sums to the monthly totals before committing. Inside `transaction()` it joins the
        transaction already open."""
        self._writable()
        with integrity.writing(self._db, self.path, outermost=self._depth == 0):
            self._depth += 1
            try:
                append = Append.at_end(self._db)
                yield append
                append.sums.write(self._db)
                append.log(self._db)
            finally:
                self._depth -= 1
        self._wrote = True


def _numbered(counter: FreshCounter | OccurrenceCounter, pending: list[Keyed]) -> list[Keyed]:
    """The batch with natural keys: base key + "#" + occurrence number within the import."""
    numbers = counter.number([base for base, _content, _values in pending])
    return [(f"{base}#{number}", content, values)
            for (base, content, values), number in zip(pending, numbers, strict=True)]

"""A plain-text ledger: a directory with `household.toml` and `journal.csv`, read as a stream.

Read-only: every read command accepts such a directory, and `hhtax init --from DIR` turns it into
a SQLite ledger. The journal layer holds the rows; reading the CSV is the importers' job
(`hhtax.service.ledgers.open_ledger` passes a reader). Entries get ids 1…n in file order so that
`hhtax journal` can show them.

Opening the ledger reads the journal once, validating every row (a bad row is refused at once, as
before), and keeps only its sums per day and aggregate key (`DailySums`): `aggregates`, all that
`assess` needs, is answered from those, so a 5 M-row journal is assessed in bounded memory (issue
16). A journal of up to `KEPT_ROWS` rows is also kept as read; a longer one is read again by
`entries`, in date order: streamed as it is read when the file is in date order (the usual case),
otherwise the rows of the dates asked for are read and sorted. The file must not change while the
ledger is open; if its size or modification time does, reading it again is refused rather than
mixing two versions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from hhtax.errors import LedgerError
from hhtax.i18n import msg, register
from hhtax.journal.aggregates import AggregateRow, DailySums, aggregate_stored
from hhtax.journal.codec import STORED_COLUMNS, StoredRow, entry_from_stored
from hhtax.journal.scan_entries import Match, ReadsFromEntries, daily_sums
from hhtax.model import Entry, Household

HOUSEHOLD_FILE = "household.toml"
JOURNAL_FILE = "journal.csv"

register({
    "text_ledger.changed": ("{path} đã thay đổi trong khi đang đọc; hãy chạy lại lệnh",
                            "{path} changed while it was being read; run the command again"),
})

KEPT_ROWS = 50_000
"""A journal of up to this many rows is kept as it was read (about 20 MB), so that the books and
declarations of a small ledger do not read and validate the file again for every query."""

Reader = Callable[[], Iterable[StoredRow]]
"""Reads the journal's validated rows in file order, from the start, each time it is called."""


class TextLedger(ReadsFromEntries):
    """A ledger directory whose journal is read as a stream (see the module's docstring)."""

    def __init__(self, directory: Path, household: Household, read: Reader, cash_limit: int) -> None:
        """The ledger of `directory`: its household, and `read`, which reads the journal's
        validated rows (`hhtax.service.ledgers.open_ledger` reads them with the CSV importer).
        The sums kept split cash payments at `cash_limit` (the rule pack's `cash_payment_limit`)."""
        self.directory = directory
        self._household = household
        self._read = read
        self._journal = directory / JOURNAL_FILE
        self._stamp = self._state()
        self._sums = DailySums(cash_limit)
        self._in_order = True
        add, last = self._sums.add, ""
        kept: list[StoredRow] | None = []
        for values in read():
            add(values)
            if values[0] < last:
                self._in_order = False
            last = values[0]
            if kept is not None:
                kept.append(values)
                if len(kept) > KEPT_ROWS:
                    kept = None
        self._kept = kept
        self._check_unchanged()

    @property
    def household(self) -> Household:
        return self._household

    @property
    def name(self) -> str:
        return str(self.directory)

    def entries(self, start: date | None = None, end: date | None = None) -> Iterator[Entry]:
        """Entries with start ≤ date ≤ end in date order, stable in file order (read again; when
        the file is not in date order, the rows of those dates are held to be sorted)."""
        first = start.isoformat() if start is not None else ""
        last = end.isoformat() if end is not None else "9999-12-31"
        window: Iterator[tuple[int, StoredRow]] = (
            (number, values) for number, values in self._rows(last if self._in_order else None)
            if first <= values[0] <= last)
        if not self._in_order:
            window = iter(sorted(window, key=lambda row: row[1][0]))  # ISO dates sort as text; stable
        return (entry_from_stored(values, number) for number, values in window)

    def entry_rows(self, start: date | None, end: date | None, columns: Sequence[str], *,
                   match: Match | None = None, match_any: Match | None = None,
                   present: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
        """As `SqliteLedger.entry_rows`, with the values `ReadsFromEntries` gives (flags as bools),
        read again from the file without an Entry per row; when the file is not in date order only
        the chosen columns of the rows chosen are held, to be sorted."""
        first = start.isoformat() if start is not None else ""
        last = end.isoformat() if end is not None else "9999-12-31"
        pick = _picker(("date", *columns))
        keep = _chooser(match or {}, match_any or {}, present)
        chosen = (pick(number, values) for number, values in self._rows(last if self._in_order else None)
                  if first <= values[0] <= last and keep(values))
        if self._in_order:
            return (row[1:] for row in chosen)
        return (row[1:] for row in sorted(chosen, key=itemgetter(0)))  # stable: file order within a day

    def entry_sums(self, start: date | None, end: date | None, group_by: Sequence[str], sums: Sequence[str],
                   *, match: Match | None = None, match_any: Match | None = None,
                   present: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
        """As `SqliteLedger.entry_sums`, from `entry_rows`."""
        rows = self.entry_rows(start, end, ("date", *group_by, *sums), match=match, match_any=match_any,
                               present=present)
        return daily_sums(rows, len(group_by))

    def aggregates(self, start: date, end: date, cash_limit: int) -> list[AggregateRow]:
        first, last = start.isoformat(), end.isoformat()
        rows = self._sums.monthly(first, last, cash_limit)
        if rows is None:  # a limit some day's cash payments straddle: sum the rows themselves
            rows = aggregate_stored((values for _, values in self._rows() if first <= values[0] <= last),
                                    cash_limit)
        return rows

    def close(self) -> None:
        """Nothing to release: the journal is opened only while it is read."""

    def _rows(self, until: str | None = None) -> Iterator[tuple[int, StoredRow]]:
        """(entry id, stored values) of every row, kept or read again from the file; with `until`
        (a file in date order), up to the last row dated on or before it."""
        if self._kept is None:
            self._check_unchanged()
        for number, values in enumerate(self._read() if self._kept is None else self._kept, start=1):
            if until is not None and values[0] > until:
                return
            yield number, values
        if self._kept is None:
            self._check_unchanged()

    def _state(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self._journal)
        except FileNotFoundError:
            return None
        return info.st_size, info.st_mtime_ns

    def _check_unchanged(self) -> None:
        if self._state() != self._stamp:
            raise LedgerError(msg("text_ledger.changed", path=str(self._journal)))


_FLAGS = frozenset({"vat_cut", "withheld"})  # stored as 0/1, given as bools (as an Entry holds them)


def _value(column: str) -> Callable[[int, StoredRow], Any]:
    """How to read one column of a row (its entry id for "id")."""
    if column == "id":
        return lambda number, values: number
    index = STORED_COLUMNS.index(column)
    if column in _FLAGS:
        return lambda number, values: None if values[index] is None else bool(values[index])
    return lambda number, values: values[index]


def _picker(columns: Sequence[str]) -> Callable[[int, StoredRow], tuple[Any, ...]]:
    """The values of `columns` of a row."""
    readers = [_value(column) for column in columns]
    return lambda number, values: tuple(read(number, values) for read in readers)


def _chooser(match: Match, match_any: Match, present: Sequence[str]) -> Callable[[StoredRow], bool]:
    """Whether a row is chosen: its value in each `match` column is one of those given, in at least
    one `match_any` column one of those given, and no `present` column is empty (`entry_rows`)."""
    def wanted(spec: Match) -> list[tuple[Callable[[int, StoredRow], Any], set[str]]]:
        return [(_value(column), {str(v) for v in values}) for column, values in spec.items()]

    every, either = wanted(match), wanted(match_any)
    filled = [STORED_COLUMNS.index(column) for column in present]

    def keep(values: StoredRow) -> bool:
        return (all(values[i] not in (None, "") for i in filled)
                and all(read(0, values) in allowed for read, allowed in every)
                and (not either or any(read(0, values) in allowed for read, allowed in either)))
    return keep

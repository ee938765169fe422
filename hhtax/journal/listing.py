"""One page of the journal, newest first, filtered by period, kind and line (the web journal page).

Paging is by keyset, never by offset: a page is "the `size` entries before (or after) entry N" in
the order (date, id), so page 5,000 of a million-entry journal costs what page 1 costs. The cursor
is an entry id; its date is read by primary key and the next page continues from (date, id). The
SQLite query walks the date index backwards (`entries_by_date` holds (date, rowid)); the months
the maintained monthly totals say hold no matching entry are left out of the walk, so a filter on
a rare kind or line does not read the months without one.

A ledger without SQL (a plain-text ledger, read into memory) is paged the same way in memory.
"""

from __future__ import annotations

import sqlite3
from calendar import monthrange
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from hhtax.journal.codec import ENTRY_COLUMNS
from hhtax.journal.queries import date_bounds
from hhtax.model import Entry

MAX_PAGE = 500


@dataclass(frozen=True)
class PageQuery:
    """Which entries, and which page: `before` (older than entry `before`) or `after` (newer than
    entry `after`), or neither (the newest page). `size` is capped at MAX_PAGE."""

    start: date | None = None
    end: date | None = None
    kind: str | None = None
    line: str | None = None
    before: int | None = None
    after: int | None = None
    size: int = 50

    @property
    def limit(self) -> int:
        return max(1, min(self.size, MAX_PAGE))


@dataclass(frozen=True)
class EntryPage:
    """Entries newest first; `older` / `newer` are the cursors of the neighbouring pages (None at
    either end of the selection)."""

    entries: tuple[Entry, ...]
    older: int | None
    newer: int | None


def _where(query: PageQuery, low: str, high: str) -> tuple[str, list[Any]]:
    sql = "date BETWEEN ? AND ?"
    params: list[Any] = [low, high]
    for column in ("kind", "line"):
        value = getattr(query, column)
        if value is not None:
            sql += f" AND {column} = ?"
            params.append(value)
    return sql, params


def _months(db: sqlite3.Connection, query: PageQuery) -> list[tuple[str, str]] | None:
    """The (first day, last day) of each month holding a matching entry, newest first, from the
    maintained monthly totals; None when the ledger keeps none (schema 1) or no filter narrows."""
    if query.kind is None and query.line is None:
        return None
    try:
        sql, params = "SELECT DISTINCT month FROM monthly_totals WHERE count <> 0", []
        for column in ("kind", "line"):
            value = getattr(query, column)
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        found = sorted((row[0] for row in db.execute(sql + " ORDER BY month DESC", params)), reverse=True)
    except sqlite3.OperationalError:  # a schema-1 ledger: no monthly totals yet
        return None
    out = []
    for month in found:
        year, number = int(month[:4]), int(month[5:7])
        out.append((f"{month}-01", f"{month}-{monthrange(year, number)[1]:02d}"))
    return out


def _cursor(db: sqlite3.Connection, entry_id: int | None) -> tuple[str, int] | None:
    if entry_id is None:
        return None
    row = db.execute("SELECT date FROM entries WHERE id = ?", (entry_id,)).fetchone()
    return None if row is None else (str(row[0]), entry_id)


def sql_page(db: sqlite3.Connection, query: PageQuery) -> list[tuple[Any, ...]]:
    """The stored rows (ENTRY_COLUMNS) of one page plus one more (to tell whether another page
    follows), in walking order: newest first, or oldest first for an `after` page."""
    low, high = date_bounds(query.start, query.end)
    newer = query.after is not None
    mark = _cursor(db, query.after if newer else query.before)
    if mark is not None:
        low, high = (max(low, mark[0]), high) if newer else (low, min(high, mark[0]))
    windows = _months(db, query)
    spans = (
        [(low, high)]
        if windows is None
        else [(max(low, first), min(high, last)) for first, last in windows if first <= high and last >= low]
    )
    if newer:
        spans.reverse()
    wanted, rows = query.limit + 1, list[tuple[Any, ...]]()
    for first, last in spans:
        where, params = _where(query, first, last)
        if mark is not None:
            where += f" AND (date, id) {'>' if newer else '<'} (?, ?)"
            params += [*mark]
        order = "ASC" if newer else "DESC"
        rows += db.execute(
            f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries WHERE {where} "
            f"ORDER BY date {order}, id {order} LIMIT ?",
            [*params, wanted - len(rows)],
        ).fetchall()
        if len(rows) >= wanted:
            break
    return rows


def page_of(entries: list[Entry], query: PageQuery, more: bool) -> EntryPage:
    """The page from entries in walking order (`more`: one beyond the page was found)."""
    shown = entries[: query.limit]
    if query.after is not None:
        shown.reverse()
        return EntryPage(
            tuple(shown),
            older=shown[-1].id if shown else query.after,
            newer=shown[0].id if more and shown else None,
        )
    return EntryPage(
        tuple(shown),
        older=shown[-1].id if more and shown else None,
        newer=shown[0].id if query.before is not None and shown else None,
    )


def memory_page(entries: Iterable[Entry], query: PageQuery) -> EntryPage:
    """The same page from entries in journal order (a ledger without SQL)."""
    listed = list(entries)
    chosen = [e for e in listed if _matches(e, query)]
    keyed = {e.id: (e.date, e.id or 0) for e in chosen}
    walk: Iterator[Entry]
    if query.after is not None:
        mark = keyed.get(query.after) or _mark(listed, query.after)
        walk = (e for e in chosen if mark is None or (e.date, e.id or 0) > mark)
    else:
        mark = None if query.before is None else keyed.get(query.before) or _mark(listed, query.before)
        walk = (e for e in reversed(chosen) if mark is None or (e.date, e.id or 0) < mark)
    found = []
    for entry in walk:
        found.append(entry)
        if len(found) > query.limit:
            break
    return page_of(found, query, len(found) > query.limit)


def _mark(entries: Iterable[Entry], entry_id: int) -> tuple[date, int] | None:
    return next(((e.date, entry_id) for e in entries if e.id == entry_id), None)


def _matches(entry: Entry, query: PageQuery) -> bool:
    return (
        (query.start is None or entry.date >= query.start)
        and (query.end is None or entry.date <= query.end)
        and (query.kind is None or entry.kind.value == query.kind)
        and (query.line is None or entry.line == query.line)
    )

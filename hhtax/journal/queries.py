"""The read queries of a SQLite journal that return more than one entry's values.

`entry_filter` builds the WHERE clause of the books' streaming queries (`SqliteLedger.entry_rows`
and `entry_sums`); `grouped_aggregates` computes the monthly aggregates of any window by one GROUP
BY, for the days the maintained monthly totals (`hhtax.journal.totals`) cannot answer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any

from hhtax.journal.aggregates import AggregateKey, AggregateRow
from hhtax.journal.codec import ENTRY_COLUMNS

SELECT_ENTRIES = f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries"
_GROUPED = """
    SELECT CAST(substr(date, 1, 4) AS INTEGER), CAST(substr(date, 6, 2) AS INTEGER), kind, line,
           coalesce(category, ''), vat_cut, withheld, doc <> '',
           payment = 'cash' AND abs(amount) >= :limit,
           sum(amount), count(*), sum(withheld_vat), sum(withheld_pit)
    FROM entries WHERE {date} BETWEEN :start AND :end
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"""


def date_bounds(start: date | None, end: date | None) -> tuple[str, str]:
    """ISO text bounds of start ≤ date ≤ end (open ends reach every date)."""
    return (start.isoformat() if start else "0000-00-00", end.isoformat() if end else "9999-99-99")


def entry_filter(start: date | None, end: date | None, columns: list[str],
                 match: Mapping[str, Collection[str]] | None, match_any: Mapping[str, Collection[str]] | None,
                 present: Sequence[str]) -> tuple[str, list[Any]]:
    """The WHERE clause and parameters of `entry_rows` and `entry_sums` (column names checked)."""
    wanted = [*columns, *(match or {}), *(match_any or {}), *present]
    unknown = [column for column in wanted if column not in ENTRY_COLUMNS]
    if unknown:
        raise ValueError(f"unknown entry column {unknown[0]!r}")
    sql = "date BETWEEN ? AND ?"
    params: list[Any] = [*date_bounds(start, end)]
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


def grouped_aggregates(db: sqlite3.Connection, start: date, end: date, cash_limit: int) -> list[AggregateRow]:
    """The aggregate rows of start…end by one GROUP BY over the entries."""
    low, high = start.isoformat(), end.isoformat()
    first = db.execute("SELECT min(date) FROM entries").fetchone()[0]
    last = db.execute("SELECT max(date) FROM entries").fetchone()[0]
    # When the window holds the whole journal, a table scan beats walking the date index.
    column = "+date" if first is None or (low <= first and last <= high) else "date"
    params = {"limit": cash_limit, "start": low, "end": high}
    rows = db.execute(_GROUPED.format(date=column), params).fetchall()
    return [
        AggregateRow(AggregateKey(year, month, kind, line, category,
                                  None if vat_cut is None else bool(vat_cut), bool(withheld), bool(has_doc),
                                  bool(cash_large)), amount, count, vat, pit)
        for (year, month, kind, line, category, vat_cut, withheld, has_doc, cash_large, amount, count,
             vat, pit) in rows
    ]

"""Changed documents and event ids on import: never a silent second entry.

An import row names a *document* when it has a document number (a sale's by kind, line and number;
any other entry's by kind, counterparty and number), or, for an integrator's entry sent with its own
`source`, by that event id. When the ledger already holds live (unreversed) entries of that
document, each row of the import must be one of them, content for content; a row that is not is a
changed document. The import is then refused, naming the entry in the ledger and the row; or, with
`corrections`, the old entries of the document are reversed and the new version added (the
bookkeeping rule of TT 88/2021 Art 4 and TT 152/2025: books are corrected by new entries, never by
erasing), and the import result counts the documents corrected.

Rows without a document number or event id keep the content rule of `store.base_key`: identical
rows within one file are separate entries, and re-importing the file adds nothing.

Everything here runs inside the import's write transaction (`BEGIN IMMEDIATE`), so what it reads
is what the import writes against.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hhtax.errors import InputError
from hhtax.journal.codec import ENTRY_COLUMNS, StoredRow, as_stored_row
from hhtax.money import format_vnd

Row = tuple[str, str, StoredRow]
"""(natural key, content text, stored row) of a row about to be inserted (`append.Keyed`)."""
Live = tuple[int, StoredRow, int]
"""(id, stored values, amount not yet reversed) of a live entry of a document."""
_SALES = frozenset({"sale", "sale_return"})
_COLUMNS = ", ".join(f"e.{column}" for column in ENTRY_COLUMNS)
_CONTENT_SQL = " || char(31) || ".join(f"coalesce(CAST({column} AS TEXT), 'None')"
                                       for column in ENTRY_COLUMNS[1:-1])
"""`chain.content_text` computed by SQLite: every stored column but the source, as text, by U+001F."""


def identity(key: str, values: tuple[Any, ...]) -> tuple[str, ...] | None:
    """The document a row belongs to, or None (no document number, no event id, or a reversal)."""
    if values[19] is not None:
        return None
    if key.startswith("src:"):
        return ("src", values[-1])
    if values[4]:
        party = values[3] if values[1] in _SALES else values[18]
        return ("doc", values[4], values[1], party)
    return None


def _prefix(ident: tuple[str, ...]) -> str:
    """The start of the natural keys of a document's entries (`store.base_key`)."""
    return f"src:{ident[1]}#" if ident[0] == "src" else f"doc:{ident[1]}\x1f"


def _after(prefix: str) -> str:
    """The smallest text above every text starting with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@dataclass
class Documents:
    """The document checks of one import. `content` turns stored values into content text
    (`store.content_text`); `first_id` is the id of the import's first entry (later ones are the
    import's own and are never taken for the ledger's earlier version)."""

    db: sqlite3.Connection
    content: Callable[[StoredRow], str]
    base: Callable[[StoredRow, str], str]
    first_id: int
    corrections: bool = False
    corrected: set[tuple[str, ...]] = field(default_factory=set)
    reversals: int = 0
    _taken: dict[str, int] = field(default_factory=dict)

    def resolve(self, batch: list[Row]) -> list[Row]:
        """The batch to insert: unchanged when no row changes a document in the ledger; with
        `corrections`, each changed document's reversals and new rows in its place; otherwise
        InputError naming the ledger's entry and the changed row."""
        if self.first_id == 1:  # the ledger was empty: every document is new
            return batch
        same = self._unchanged(batch)
        idents = {ident for key, _, values in batch
                  if key not in same and (ident := identity(key, values)) is not None}
        ledger = self._live(idents) if idents else {}
        if not ledger and not self.corrected:
            return batch
        _take_unchanged(ledger, batch, same)
        seen: dict[tuple[str, ...], list[Row]] = {}
        out: list[Row] = []
        for row in batch:
            ident = identity(row[0], row[2])
            if ident is not None and ident in self.corrected:
                out.append(self._rekey(row))
                continue
            if ident is not None and row[0] in same:
                seen.setdefault(ident, []).append(row)
            if ident is None or row[0] in same or ident not in ledger:
                out.append(row)
                continue
            live, contents = ledger[ident]
            keys = contents.get(row[1])
            if keys:  # the same as a live entry: present under that entry's key
                matched = (keys.pop(), row[1], row[2])
                seen.setdefault(ident, []).append(matched)
                out.append(matched)
                continue
            if not self.corrections:
                raise _changed(live, row)
            out = self._correct(ident, live, [*seen.pop(ident, []), row], out)
        return out

    def _correct(self, ident: tuple[str, ...], live: list[Live], rows: list[Row],
                 out: list[Row]) -> list[Row]:
        """`out` with the document's `rows` seen so far taken out, and the reversals of its `live`
        entries and its rows under new keys put at the end."""
        self.corrected.add(ident)
        dropped = {id(r) for r in rows}
        out = [r for r in out if id(r) not in dropped]
        for entry_id, values, left in live:
            reversal = _reversal(values, entry_id, left)
            content = self.content(reversal)
            out.append(self._rekey((f"{self.base(reversal, content)}#0", content, reversal)))
        self.reversals += len(live)
        out.extend(self._rekey(r) for r in rows)
        return out

    def _unchanged(self, batch: list[Row]) -> set[str]:
        """The keys of the rows of `batch` (with a document or event id) that an older, unreversed
        entry holds with the same content: present as they are, found by key without reading whole
        documents (a re-import of a big file)."""
        keys = [key for key, _, values in batch if identity(key, values) is not None]
        stored: dict[str, str] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            stored.update(self.db.execute(
                f"SELECT natural_key, {_CONTENT_SQL} FROM entries e WHERE id < ? AND natural_key IN "
                f"({','.join('?' * len(chunk))}) AND NOT EXISTS (SELECT 1 FROM entries r WHERE "
                "r.natural_key >= 'rev:' || e.id || char(31) AND r.natural_key < 'rev:' || e.id || char(32))",
                (self.first_id, *chunk)).fetchall())
        return {key for key, content, _ in batch if stored.get(key) == content}

    def _rekey(self, row: Row) -> Row:
        """The row under a key of its own: its base key with the next free occurrence number."""
        base = row[0].rsplit("#", 1)[0]
        if base not in self._taken:
            low = f"{base}#"
            self._taken[base] = int(self.db.execute(
                "SELECT count(*) FROM entries WHERE natural_key > ? AND natural_key < ?",
                (low, _after(low))).fetchone()[0])
        self._taken[base] += 1
        return (f"{base}#{self._taken[base]}", row[1], row[2])

    def _live(self, idents: set[tuple[str, ...]]
              ) -> dict[tuple[str, ...], tuple[list[Live], dict[str, list[str]]]]:
        """For each document with entries in the ledger before this import: its live entries as
        (id, stored values, amount left after partial reversals), and the natural keys of the live
        entries by content text."""
        found: dict[tuple[str, ...], list[tuple[int, StoredRow, str]]] = {}
        for row in self._between([_prefix(ident) for ident in idents]):
            values = as_stored_row(row[1:len(ENTRY_COLUMNS)])
            ident = identity(str(row[-1]), values)
            if ident in idents:
                found.setdefault(ident, []).append((int(row[0]), values, str(row[-1])))
        if not found:
            return {}
        reversed_sums = self._reversed({entry[0] for entries in found.values() for entry in entries})
        result = {}
        for ident, entries in found.items():
            live: list[Live] = []
            keys: dict[str, list[str]] = {}
            for entry_id, values, key in entries:
                left = values[2] + reversed_sums.get(entry_id, 0)
                if left != 0:
                    live.append((entry_id, values, left))
                    keys.setdefault(self.content(values), []).insert(0, key)
            if live:
                result[ident] = (live, keys)
        return result

    def _between(self, prefixes: list[str]) -> list[tuple[Any, ...]]:
        """Entries older than this import whose natural key starts with one of `prefixes` (id, the
        stored values, natural key), by one indexed range join."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS hhtax_prefixes (low TEXT PRIMARY KEY, high TEXT)")
        self.db.execute("DELETE FROM temp.hhtax_prefixes")
        self.db.executemany("INSERT OR IGNORE INTO temp.hhtax_prefixes VALUES (?, ?)",
                            [(p, _after(p)) for p in prefixes])
        return self.db.execute(
            f"SELECT {_COLUMNS}, e.natural_key FROM temp.hhtax_prefixes p JOIN entries e "
            "ON e.natural_key >= p.low AND e.natural_key < p.high WHERE e.id < ?",
            (self.first_id,)).fetchall()

    def _reversed(self, ids: set[int]) -> dict[int, int]:
        """The sum of the reversals of each of `ids` (their keys start `rev:<id>`)."""
        rows = self._between([f"rev:{entry_id}\x1f" for entry_id in ids])
        sums: dict[int, int] = {}
        for row in rows:
            target = int(row[ENTRY_COLUMNS.index("reverses")])
            sums[target] = sums.get(target, 0) + int(row[ENTRY_COLUMNS.index("amount")])
        return sums


def _take_unchanged(ledger: dict[tuple[str, ...], tuple[list[Live], dict[str, list[str]]]], batch: list[Row],
                    same: set[str]) -> None:
    """Remove the entries that unchanged rows of `batch` hold from the entries other rows may match."""
    for key, content, values in batch:
        ident = identity(key, values)
        if key in same and ident in ledger and key in ledger[ident][1].get(content, ()):
            ledger[ident][1][content].remove(key)


def _reversal(values: StoredRow, entry_id: int, left: int) -> StoredRow:
    """The stored values of the reversal of entry `entry_id` (what is left of it), as
    `SqliteLedger.reverse` makes it."""
    whole = left == values[2]
    reversed_values = list(values)
    reversed_values[2] = -left
    reversed_values[5] = f"Đảo bút toán #{entry_id} (chứng từ sửa): {values[5]}".rstrip(": ")
    reversed_values[10] = None if values[10] is None or not whole else str(-Decimal(values[10]))
    reversed_values[16] = -values[16] if whole else 0
    reversed_values[17] = -values[17] if whole else 0
    reversed_values[19] = entry_id
    reversed_values[20] = f"correction:{entry_id}"
    return as_stored_row(reversed_values)


def _describe(values: tuple[Any, ...]) -> str:
    what = values[8] or values[5]
    return f"{values[0]} {values[1]} {format_vnd(values[2])} đ" + (f" {what}" if what else "")


def _changed(live: list[Live], row: Row) -> InputError:
    entry_id, old, _ = live[0]
    values = row[2]
    name = f"document {values[4]}" if values[4] else f"event {values[-1]}"
    return InputError(
        f"{name} is already in the ledger with other content: entry {entry_id} ({_describe(old)}); this row: "
        f"({_describe(values)}). Import with --corrections (API: corrections=True) to record the change as a "
        "reversal of the old entry plus the new one, or correct the file", file=values[-1], field="doc")

"""The entries' hash chain and natural keys (tamper evidence and import dedupe).

Each entry stores `hash = chain_hash(previous hash, id, content text, source)`, so an entry edited,
deleted or inserted behind hhtax's back breaks the chain from there on (`hhtax.journal.verify`).
Each entry also has a unique natural key, so re-importing a file, or an overlapping export, adds
nothing: `base_key` plus the occurrence number of identical rows within one file.
"""

from __future__ import annotations

import hashlib

from hhtax.journal.codec import STORED_COLUMNS, StoredRow

GENESIS_HASH = "0" * 64
_CONTENT = "\x1f".join(["%s"] * (len(STORED_COLUMNS) - 1))


def content_text(values: StoredRow) -> str:
    """The canonical text of an entry's content: its stored values except the source, joined by
    U+001F (None is written "None"). Identical rows have identical content text."""
    return _CONTENT % values[:-1]


def chain_hash(previous: str, entry_id: int, content: str, source: str) -> str:
    """sha256 of the previous entry's hash and this entry's id, content text and source."""
    return hashlib.sha256(f"{previous}\x1e{entry_id}\x1f{content}\x1f{source}".encode()).hexdigest()


def base_key(values: StoredRow, content: str, by_source: bool = False) -> str:
    """The natural key before the occurrence number: for an entry with a document, its doc, date,
    amount, kind, line and item; without one, with `by_source`, its own source (its event id; not
    the default "api"), else a hash of its content. A reversal or adjustment (`reverses` set) is
    prefixed with the id of the entry it reverses (hhtax.journal.documents)."""
    if by_source and not values.doc and values.source != "api":
        key = f"src:{values.source}"
    elif values.doc:
        key = (f"doc:{values.doc}\x1f{values.date}\x1f{values.amount}\x1f{values.kind}\x1f{values.line}"
               f"\x1f{values.item}")
    else:
        key = "row:" + hashlib.sha256(content.encode()).hexdigest()[:32]
    return key if values.reverses is None else f"rev:{values.reverses}\x1f{key}"

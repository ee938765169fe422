"""What a ledger holds, as one exact key (no web framework here): the home page's memo
(`hhtax.web.pages.common.memo`) and the accountant's client states (`view_clients`) are kept per key,
so a figure is never served from an older state of the ledger."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from hhtax.errors import HhtaxError
from hhtax.journal.store import SqliteLedger
from hhtax.journal.text_ledger import HOUSEHOLD_FILE, JOURNAL_FILE


def content_key(path: Path, rules_file: Path | None = None) -> str | None:
    """An exact key of what the ledger at `path` holds (and of the rules file it is read with), or
    None when there is none to be had (then nothing is memoised).

    A SQLite ledger: the last record of its log (`SqliteLedger.log_top`), which every write moves
    in the transaction that writes, so an append through any connection or process changes the key
    the moment it commits; file sizes and modification times could miss a change (same size, same
    clock tick) and do change without one (SQLite folding its WAL). A plain-text ledger: the
    sha256 of its two files. A rules file: the sha256 of its bytes."""
    digest = hashlib.sha256()
    try:
        if rules_file is not None:
            digest.update(rules_file.read_bytes())
        if path.is_dir():
            for part in (HOUSEHOLD_FILE, JOURNAL_FILE):
                digest.update(b"\x1e" + (path / part).read_bytes())
            return "text:" + digest.hexdigest()
        with SqliteLedger(path) as store:
            top = store.log_top()
    except (OSError, HhtaxError, sqlite3.Error):
        return None  # the page's own opening of the ledger says what is wrong
    return None if top is None else f"log:{top[0]}:{top[1]}:{digest.hexdigest()}"

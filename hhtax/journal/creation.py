"""Creating a ledger file: built under a private temporary name, then linked into place.

The temporary file is made with `mkstemp` (O_EXCL, an unpredictable name, never following a
symlink), so a symlink planted in the directory cannot make `hhtax init` write the schema into
another file; the finished file is hard-linked to its name, which fails if anything (even a
dangling symlink) took that name meanwhile, so an existing ledger is never overwritten.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from hhtax.errors import LedgerError
from hhtax.fsutil import place, private_temp
from hhtax.i18n import literal, msg, register
from hhtax.journal import chainlog
from hhtax.journal.connection import PAGE_SIZE, check_kind, now, translate
from hhtax.journal.schema import APPLICATION_ID, migration_script
from hhtax.model import Household

register({
    "journal.exists": ("{where}: đã có tệp ở đây", "{where}: a file already exists here"),
    "journal.cannot_create": ("{where}: không tạo được sổ ({error})",
                              "{where}: cannot create the ledger ({error})"),
})


def create_file(target: Path, household: Household, cash_limit: int, fill: Callable[[Path], None]) -> None:
    """Make a new ledger at `target` holding `household`, its monthly totals split at `cash_limit`;
    `fill(temp)` adds the first entries before the file takes its name."""
    check_kind(target)
    if target.exists() or target.is_symlink():
        raise LedgerError(msg("journal.exists", where=str(target)))
    try:
        with private_temp(target) as temp:
            db = sqlite3.connect(temp, isolation_level=None)
            try:
                db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.executescript(f"BEGIN;{migration_script(0, cash_limit)}")
                db.execute("INSERT INTO household (id, json, saved_at) VALUES (1, ?, ?)",
                           (household.model_dump_json(), now()))
                chainlog.Writer(db).new_rows()
                db.execute("COMMIT")
                db.execute("PRAGMA journal_mode = WAL")
            finally:
                db.close()
            fill(temp)
            place(temp, target, overwrite=False)
    except sqlite3.Error as exc:
        raise translate(exc, str(target)) from None
    except FileExistsError:
        raise LedgerError(msg("journal.exists", where=str(target))) from None
    except OSError as exc:
        raise LedgerError(msg("journal.cannot_create", where=str(target),
                                error=literal(str(exc.strerror)))) from None

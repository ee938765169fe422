"""The service layer: the one place where the pipeline is wired, for every front end.

The CLI, `hhtax batch`, `hhtax status` and the integrator API (`hhtax.Ledger`, the facade over
these modules) all go through here:

- `ledgers`: open a ledger (a plain-text one only with its journal file), or a writable one;
- `imports`: import a file (vendor profile, JSON Lines, e-invoices) into a ledger;
- `books`: a book as bytes (`hhtax.books.output.render`, the one renderer), all books at once;
- `returns`: prepare (never locks) → write → record the filing and lock the period;
- `validation`: the verdict on declaration files (`hhtax validate FILE…`);
- `periods`: the filing date rule (a return only for a period that has ended, or an early one
  with the reason the law names);
- `pool`: the one process pool.

The names below are imported from their module on first use (PEP 562), so that a command that
needs one module (`hhtax status`: `ledgers`) does not load the others' declarations, PDF and XLSX
libraries (issue 16, start-up).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hhtax.service.imports import ImportOutcome, import_into
    from hhtax.service.ledgers import open_ledger, open_writable
    from hhtax.service.periods import EARLY_REASONS, check_ended, default_period
    from hhtax.service.returns import (
        FILED,
        NOTHING_DUE,
        WRITTEN,
        PreparedReturn,
        ReturnResult,
        amend_return,
        file_return,
        prepare_amendment,
        prepare_return,
        record_filing,
    )

_HOME = {
    "ImportOutcome": "imports", "import_into": "imports",
    "open_ledger": "ledgers", "open_writable": "ledgers",
    "EARLY_REASONS": "periods", "check_ended": "periods", "default_period": "periods",
    **{name: "returns" for name in ("FILED", "NOTHING_DUE", "WRITTEN", "PreparedReturn", "ReturnResult",
                                    "amend_return", "file_return", "prepare_amendment", "prepare_return",
                                    "record_filing")},
}

__all__ = ["EARLY_REASONS", "FILED", "NOTHING_DUE", "WRITTEN", "ImportOutcome", "PreparedReturn",
           "ReturnResult",
           "amend_return", "check_ended", "default_period", "file_return", "import_into", "open_ledger",
           "open_writable", "prepare_amendment", "prepare_return", "record_filing"]


def __getattr__(name: str) -> object:
    """A name of the service layer, from its module (imported on first use)."""
    if name not in _HOME:
        raise AttributeError(f"module 'hhtax.service' has no attribute {name!r}")
    value = getattr(import_module(f"hhtax.service.{_HOME[name]}"), name)
    globals()[name] = value
    return value

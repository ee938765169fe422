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
"""

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

__all__ = ["EARLY_REASONS", "FILED", "NOTHING_DUE", "WRITTEN", "ImportOutcome", "PreparedReturn",
           "ReturnResult",
           "amend_return", "check_ended", "default_period", "file_return", "import_into", "open_ledger",
           "open_writable", "prepare_amendment", "prepare_return", "record_filing"]

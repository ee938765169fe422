"""Importing a file into a ledger: the one dispatch the CLI (`hhtax import`) and the API share.

E-invoices (a .xml file, a .zip or a directory of them) go through `hhtax.importers.einvoice`,
which resolves replacements and adjustments against the ledger's entries; anything else through
`hhtax.importers.import_file` (the canonical journal CSV, JSON Lines, or a vendor profile).
The ledger appends everything in one transaction (all or nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hhtax.journal import WritableLedger


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: entries added, entries already present, invoices skipped (with why)."""

    file: str
    added: int
    present: int
    skipped: tuple[str, ...] = ()

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"file": self.file, "added": self.added, "present": self.present,
                "skipped": list(self.skipped)}


def import_into(ledger: WritableLedger, path: str | Path, profile: str | None = None, *,
                line: str | None = None, amend: bool = False) -> ImportOutcome:
    """Import the file (or e-invoice directory) at `path` into `ledger`; `line` is the business
    line for rows that name none; `amend` allows entries dated in a filed period."""
    from hhtax.importers import import_file
    from hhtax.importers.einvoice import import_einvoices
    from hhtax.importers.einvoice_xml import is_einvoice_source

    source = Path(path)
    skipped: list[str] = []
    if profile is None and is_einvoice_source(source):
        # What a replacement invoice reverses is decided by reading the journal: inside the write
        # transaction, so no other import can add the invoice in between (issue 14 #4).
        with ledger.transaction():
            invoices = import_einvoices(source, ledger.household, ledger.entries())
            skipped = list(invoices.skipped)
            result = ledger.import_entries(invoices.entries, amend=amend)
    else:
        entries = import_file(source, ledger.household, profile, defaults={"line": line} if line else None)
        result = ledger.import_entries(entries, amend=amend)
    return ImportOutcome(str(path), result.added, result.present, tuple(skipped))

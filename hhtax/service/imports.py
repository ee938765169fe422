"""Importing a file into a ledger: the one dispatch the CLI (`hhtax import`) and the API share.

E-invoices (a .xml file, a .zip or a directory of them) go through `hhtax.importers.einvoice`,
which resolves replacements and adjustments against the ledger's entries; anything else through
`hhtax.importers.import_file` (the canonical journal CSV, JSON Lines, or a vendor profile).
The ledger appends everything in one transaction (all or nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hhtax.journal import WritableLedger
from hhtax.journal.codec import EntrySource, StoredRow


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: entries added, entries already present, invoices skipped (with why),
    changed documents corrected and the reversing entries that took (`--corrections`)."""

    file: str
    added: int
    present: int
    skipped: tuple[str, ...] = ()
    corrected: int = 0
    reversals: int = 0

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"file": self.file, "added": self.added, "present": self.present,
                "corrected": self.corrected, "reversals": self.reversals, "skipped": list(self.skipped)}


PROGRESS_ROWS = 50_000


def _counted(rows: Iterator[StoredRow], progress: Callable[[int], None]) -> Iterator[StoredRow]:
    """`rows`, telling `progress` how many have been read every PROGRESS_ROWS rows."""
    for number, row in enumerate(rows, start=1):
        if number % PROGRESS_ROWS == 0:
            progress(number)
        yield row


def import_into(ledger: WritableLedger, path: str | Path, profile: str | None = None, *,
                line: str | None = None, amend: bool = False, corrections: bool = False,
                mine: bool = False, progress: Callable[[int], None] | None = None) -> ImportOutcome:
    """Import the file (or e-invoice directory) at `path` into `ledger`; `line` is the business
    line for rows that name none; `amend` allows entries dated in a filed period; `corrections`
    records a changed document as a reversal plus the new version (`hhtax.journal.documents`)
    instead of refusing the file; `mine` books e-invoices whose buyer tax code is empty or another's
    as the household's purchases (otherwise they are skipped with the reason); `progress` is told
    the number of rows read so far, every `PROGRESS_ROWS` rows of a file."""
    from hhtax.importers import import_file
    from hhtax.importers.einvoice import import_einvoices
    from hhtax.importers.einvoice_xml import is_einvoice_source

    source = Path(path)
    skipped: list[str] = []
    if profile is None and is_einvoice_source(source):
        # What a replacement invoice reverses is decided by reading the journal: inside the write
        # transaction, so no other import can add the invoice in between (issue 14 #4).
        with ledger.transaction():
            invoices = import_einvoices(source, ledger.household, ledger.entries(), mine=mine)
            skipped = list(invoices.skipped)
            result = ledger.import_entries(invoices.entries, amend=amend, corrections=corrections)
    else:
        entries = import_file(source, ledger.household, profile, defaults={"line": line} if line else None)
        if progress is not None:
            entries = EntrySource(_counted(entries.stored(), progress))
        result = ledger.import_entries(entries, amend=amend, corrections=corrections)
    return ImportOutcome(str(path), result.added, result.present, tuple(skipped), result.corrected,
                         result.reversals)

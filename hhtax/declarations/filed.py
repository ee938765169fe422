"""Checking declaration XML files against the filings a ledger recorded (`hhtax verify --xml`).

A filed return changes only through a supplementary one (Law 38/2019 Art 47, Law 108/2025 Art 12).
When `declare` files a return, the ledger keeps the sha256 of the XML filed (`FilingRecord`); a
file that no longer has that hash was changed after filing, and a declaration the ledger has no
record of was never filed from it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from hhtax.declarations.xml import from_xml
from hhtax.errors import HhtaxError
from hhtax.journal.filings import FilingRecord
from hhtax.journal.verify import Finding


def declaration_files(directory: Path) -> list[Path]:
    """The *.xml files of a directory that read as declarations (others are not checked)."""
    found = []
    for path in sorted(directory.glob("*.xml")):
        try:
            from_xml(path.read_bytes())
        except (HhtaxError, OSError):
            continue
        found.append(path)
    return found


def _label(record: FilingRecord) -> str:
    return f"{record.form} {record.period} ({record.kind}, lần {record.seq})"


def check_filed_xml(path: Path, filed: Iterable[FilingRecord]) -> Finding | None:
    """None when the file is byte for byte a filed declaration; else a finding that says whether
    it is a filed return changed afterwards or a declaration this ledger never filed."""
    records = list(filed)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Finding("filing_unknown", f"cannot read: {exc.strerror}", file=str(path))
    if hashlib.sha256(data).hexdigest() in {record.xml_sha256.lower() for record in records}:
        return None
    try:
        decl = from_xml(data)
    except HhtaxError:
        return Finding("filing_unknown", "not a declaration this ledger filed (it does not read as a "
                       "declaration)", file=str(path))
    key = (decl.form.code, str(decl.period), decl.kind, decl.seq)
    for record in records:
        if (record.form, record.period, record.kind, record.seq) == key:
            return Finding("filing_mismatch", f"differs from the {_label(record)} filed from this ledger: "
                           "the file was changed after filing", file=str(path))
    return Finding("filing_unknown", f"{decl.form.code} {decl.period} was never filed from this ledger",
                   file=str(path))

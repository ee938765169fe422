"""Filing a declaration: validate, render XML and PDF, write both, record the filing.

An original return locks its period on a SQLite ledger (Law 38/2019 Art 47 / Law 108/2025 Art
12: a filed return changes only through a supplementary one); the XML's sha256 and the declared
figures are kept for `amend`. A plain-text ledger is read-only: the files are written, nothing is
recorded. Nothing is written when validation or rendering fails.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from hhtax.declarations.build import prepare
from hhtax.declarations.files import write_declaration
from hhtax.declarations.model import ORIGINAL, SUPPLEMENTARY, Declaration
from hhtax.declarations.supplementary import payload, supplement
from hhtax.declarations.validate import validate_xml
from hhtax.declarations.xml_writer import to_xml
from hhtax.errors import DeclarationError, InputError, Problem
from hhtax.journal import Ledger
from hhtax.journal.filings import FilingRecord
from hhtax.periods import Period
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment


@dataclass(frozen=True)
class Filed:
    """The outcome of `declare` or `amend`."""

    declaration: Declaration | None
    assessment: Assessment
    note: str = ""  # why nothing was filed
    xml_path: Path | None = None
    pdf_path: Path | None = None
    xml_sha256: str = ""
    recorded: bool = False


def render(decl: Declaration, rules: RuleBook, *, empty_signature: bool = False) -> tuple[bytes, bytes]:
    """XML and PDF bytes of a declaration that passed validation; DeclarationError otherwise."""
    from hhtax.declarations.pdf import render_pdf

    xml = to_xml(decl, empty_signature=empty_signature)
    problems = validate_xml(xml, rules)
    if problems:
        raise DeclarationError(problems)
    return xml, render_pdf(decl)


def declare(ledger: Ledger, period: Period, rules: RuleBook, out_dir: Path, *, today: date,
            empty_signature: bool = False) -> Filed:
    """Build, validate, write and (SQLite ledger) record the original return for `period`."""
    listing = getattr(ledger, "filings", None)
    if listing is not None and any(f.kind == ORIGINAL for f in listing(period)):
        raise InputError(f"{period} has already been filed; correct it with `hhtax amend --period {period}`",
                         field="period")
    prepared = prepare(ledger, period, rules, today=today)
    if prepared.declaration is None:
        return Filed(None, prepared.assessment, note=prepared.note)
    return _write_and_record(ledger, prepared.declaration, prepared.assessment, rules, out_dir,
                             empty_signature=empty_signature)


def amend(ledger: Ledger, period: Period, rules: RuleBook, out_dir: Path, *, today: date, paid_on: date,
          empty_signature: bool = False, khbs_appendix: bool = False) -> Filed:
    """The next correction of `period` against the last return filed, with late interest: a
    supplementary return, or a new original one for a form the viewer has no B entry for
    (`supplement`); `khbs_appendix` is the override of OQ-23."""
    from hhtax.tax.deadlines import due_date

    listing = getattr(ledger, "filings", None)
    filed = listing(period) if listing is not None else []
    if not filed:
        raise InputError(f"no return is recorded for {period}; file it first with `hhtax declare` "
                         "(a plain-text ledger records no filings)", field="period")
    last = max(filed, key=lambda f: f.seq)
    prepared = prepare(ledger, period, rules, today=today)
    if prepared.declaration is None:
        raise DeclarationError([Problem(str(period), prepared.note or "nothing to declare for this period")])
    due = due_date(ledger.household, period, prepared.assessment.filing, rules)  # the engine's form name
    decl = supplement(prepared.declaration, last.payload, last.seq + 1, due=due, paid=paid_on, rules=rules,
                      khbs_appendix=khbs_appendix)
    return _write_and_record(ledger, decl, prepared.assessment, rules, out_dir,
                             empty_signature=empty_signature)


def _write_and_record(ledger: Ledger, decl: Declaration, assessment: Assessment, rules: RuleBook,
                      out_dir: Path, *, empty_signature: bool) -> Filed:
    xml, pdf = render(decl, rules, empty_signature=empty_signature)
    digest = hashlib.sha256(xml).hexdigest()
    xml_path, pdf_path = write_declaration(decl, out_dir, xml, pdf)
    recorder = getattr(ledger, "record_filing", None)
    if recorder is None:
        return Filed(decl, assessment, xml_path=xml_path, pdf_path=pdf_path, xml_sha256=digest)
    # A correction filed as a new C return (no B entry in the catalogue) is recorded as correction n.
    kind, seq = (SUPPLEMENTARY, decl.correction) if decl.correction else (decl.kind, decl.seq)
    record = FilingRecord(period=str(decl.period), form=decl.form.code, kind=kind, seq=seq,
                          xml_sha256=digest, payload=payload(decl),
                          filed_at=datetime.now().astimezone().isoformat(timespec="seconds"))
    try:
        recorder(record)
    except BaseException:
        for path in (xml_path, pdf_path):
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return Filed(decl, assessment, xml_path=xml_path, pdf_path=pdf_path, xml_sha256=digest, recorded=True)

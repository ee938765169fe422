"""Filing a declaration: validate, render XML and PDF, write both, record the filing.

An original return locks its period on a SQLite ledger (Law 38/2019 Art 47 / Law 108/2025 Art
12: a filed return changes only through a supplementary one); the XML's sha256 and the declared
figures are kept for `amend`. A plain-text ledger is read-only: the files are written, nothing is
recorded. Nothing is written when validation or rendering fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from hhtax.declarations.build import prepare
from hhtax.declarations.files import write_declaration
from hhtax.declarations.leasing_build import leasing_supplement
from hhtax.declarations.leasing_model import BdsBody, TtsBody
from hhtax.declarations.model import ORIGINAL, Declaration
from hhtax.declarations.supplementary import payload, supplement
from hhtax.declarations.validate import validate_xml
from hhtax.declarations.xml import to_xml
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
    also: tuple[Filed, ...] = ()  # further returns filed for the period (01/TTS, 01/BĐS)


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
    for other in prepared.others:  # every return of the period validates before any is written
        render(other, rules, empty_signature=empty_signature)
    first = _write_and_record(ledger, prepared.declaration, prepared.assessment, rules, out_dir,
                              empty_signature=empty_signature)
    also = tuple(_write_and_record(ledger, other, prepared.assessment, rules, out_dir,
                                   empty_signature=empty_signature) for other in prepared.others)
    return replace(first, also=also)


def amend(ledger: Ledger, period: Period, rules: RuleBook, out_dir: Path, *, today: date, paid_on: date,
          empty_signature: bool = False) -> Filed:
    """The next supplementary return for `period` against the last one filed, with late interest."""
    from hhtax.tax.deadlines import due_date

    listing = getattr(ledger, "filings", None)
    filed = listing(period) if listing is not None else []
    if not filed:
        raise InputError(f"no return is recorded for {period}; file it first with `hhtax declare` "
                         "(a plain-text ledger records no filings)", field="period")
    prepared = prepare(ledger, period, rules, today=today)
    if prepared.declaration is None:
        raise DeclarationError([Problem(str(period), prepared.note or "nothing to declare for this period")])
    last = max([f for f in filed if f.form == prepared.declaration.form.code] or filed, key=lambda f: f.seq)
    corrected, seq = prepared.declaration, last.seq + 1
    due = due_date(ledger.household, period, corrected.form.code, rules)
    if isinstance(corrected.body, TtsBody | BdsBody):
        boxes = {str(k): int(v) for k, v in json.loads(last.payload).get("boxes", {}).items()}
        decl = leasing_supplement(corrected, boxes, seq, due=due, paid=paid_on, rules=rules)
    else:
        decl = supplement(corrected, last.payload, seq, due=due, paid=paid_on, rules=rules)
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
    record = FilingRecord(period=str(decl.period), form=decl.form.code, kind=decl.kind, seq=decl.seq,
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

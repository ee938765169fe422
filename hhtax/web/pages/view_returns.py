"""The data of the returns pages, from an `hhtax.Ledger` (no web framework here).

The year's returns and notices are `Ledger.duties` (one duty decision, `hhtax.duty`). A return is
`Ledger.prepare_return` (built, rendered, validated: nothing written, nothing locked), explained
figure by figure by the engine's own trace (`hhtax.tax.explain`, in Vietnamese); marking it filed
is `Ledger.record_filing`, for the very return the user downloaded (its XML hash is checked). A
filed period is corrected by a supplementary return: previewed with
`hhtax.service.returns.prepare_amendment`, recorded with `Ledger.amend`.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hhtax.api import Ledger
from hhtax.declarations.supplementary import box_figures, box_names
from hhtax.duty import Duty
from hhtax.errors import InputError
from hhtax.i18n import t
from hhtax.journal import WritableLedger
from hhtax.journal.filings import FilingRecord
from hhtax.periods import Period
from hhtax.service.returns import PreparedReturn, prepare_amendment
from hhtax.tax.explain import display_names, explain

FILED, DUE, OVERDUE, UPCOMING = "filed", "due", "overdue", "upcoming"


def duty_state(duty: Duty) -> str:
    """filed / overdue / due (the period has ended) / upcoming."""
    if duty.filed:
        return FILED
    if duty.overdue:
        return OVERDUE
    return DUE if duty.ended else UPCOMING


@dataclass(frozen=True)
class DutyRow:
    form: str
    period: str
    due: date
    what: str
    state: str
    payable: int
    days_late: int
    interest: int
    link: bool  # a return or notice hhtax prepares (not the e-invoice registration)


def returns_view(ledger: Ledger, year: int, today: date, lang: str) -> list[DutyRow]:
    """The year's returns and notices by deadline, each with its state on `today`."""
    report = ledger.duties(year, on=today)
    return [
        DutyRow(
            d.form,
            str(d.period),
            d.due,
            d.what_vi if lang == "vi" else d.what,
            duty_state(d),
            d.vat + d.pit,
            d.days_late,
            d.interest,
            d.kind != "registration",
        )
        for d in report.duties
    ]


@dataclass(frozen=True)
class ShownReturn:
    """One declaration of the period as the page shows it."""

    form: str
    kind: str
    seq: int
    payable: int
    to_pay: int
    figures: dict[str, int]
    names: dict[str, str]
    notes: list[str]
    warnings: list[str]
    xml_sha256: str
    late_days: int = 0
    late_interest: int = 0
    changes: list[dict[str, Any]] = field(default_factory=list)
    tax_change: int = 0
    interest: int = 0


def shown(prepared: PreparedReturn, lang: str) -> ShownReturn:
    decl = prepared.declaration
    assert decl is not None
    khbs = decl.khbs
    changes = (
        [
            {
                "box": r.box,
                "name": r.name,
                "filed": r.filed,
                "corrected": r.corrected,
                "difference": r.difference,
            }
            for r in khbs.rows
        ]
        if khbs is not None
        else []
    )
    return ShownReturn(
        form=decl.form.code,
        kind=decl.kind,
        seq=decl.seq,
        payable=decl.payable,
        to_pay=prepared.to_pay,
        figures=box_figures(decl),
        names=box_names(decl),
        notes=[n.vi if lang == "vi" else n.en for n in decl.notes],
        warnings=[w.text(lang) for w in prepared.warnings],
        xml_sha256=prepared.xml_sha256,
        late_days=prepared.late.days_late if prepared.late else 0,
        late_interest=prepared.late.interest if prepared.late else 0,
        changes=changes,
        tax_change=khbs.payable_change if khbs is not None else 0,
        interest=khbs.interest if khbs else 0,
    )


@dataclass
class ReturnView:
    """The period's page: its filings, or the return due (and those beside it), explained."""

    period: str
    filings: list[FilingRecord]
    returns: list[ShownReturn] = field(default_factory=list)
    note: str = ""
    error: str = ""
    trace: list[str] = field(default_factory=list)
    chain_head: str = ""
    head_entry: int = 0
    writable: bool = False


def explanation(ledger: Ledger, prepared: PreparedReturn) -> list[str]:
    """Every figure of the assessment behind the return, with formula, inputs and legal basis (vi)."""
    names = display_names(ledger.household, ledger.rules, prepared.period.end, "vi")
    return explain(prepared.assessment, "vi", names)


def prepared_returns(prepared: PreparedReturn) -> list[PreparedReturn]:
    """The return and those beside it (01/TTS, 01/BĐS) that are due."""
    return [p for p in (prepared, *prepared.others) if p.declaration is not None]


def return_view(ledger: Ledger, period: Period, today: date, lang: str) -> ReturnView:
    """A filed period shows its filings (and the chain head); another its return, prepared now."""
    view = ReturnView(str(period), ledger.filings(period), writable=ledger.writable)
    if isinstance(ledger.store, WritableLedger):
        view.chain_head, view.head_entry = ledger.store.chain_head()
    if view.filings:
        return view
    try:
        prepared = ledger.prepare_return(period, on=today)
    except InputError as exc:
        view.error = exc.msg.render(lang)
        return view
    view.trace = explanation(ledger, prepared)
    if not prepared.due:
        view.note = prepared.note or t("page.status.nothing", lang)
        return view
    view.returns = [shown(p, lang) for p in prepared_returns(prepared)]
    return view


def record_filed(ledger: Ledger, period: Period, today: date, xml_sha256: str) -> list[FilingRecord] | None:
    """Record the filing of the return due for `period` and those beside it, if it is still the
    return whose XML hash the user downloaded; None when the ledger changed since (nothing recorded)."""
    prepared = ledger.prepare_return(period, on=today)
    if not prepared.due or prepared.xml_sha256 != xml_sha256:
        return None
    return [ledger.record_filing(p) for p in prepared_returns(prepared)]


def amendment(ledger: Ledger, period: Period, today: date) -> PreparedReturn:
    """The next supplementary return of a filed `period`, signed and paid `today` (nothing recorded)."""
    return prepare_amendment(ledger.store, period, ledger.rules, on=today, paid_on=today)


def record_amendment(ledger: Ledger, period: Period, today: date, xml_sha256: str) -> FilingRecord | None:
    """`Ledger.amend` for the supplementary return the user downloaded (None: it changed since)."""
    if amendment(ledger, period, today).xml_sha256 != xml_sha256:
        return None
    with tempfile.TemporaryDirectory(prefix="hhtax-amend-") as out:
        result = ledger.amend(period, Path(out), on=today, paid_on=today)
    filed = ledger.filings(period)
    return filed[-1] if result.recorded and filed else None


def declaration_download(
    ledger: Ledger, period: Period, today: date, fmt: str, form: str | None
) -> tuple[bytes, str]:
    """The return due for `period` (of form `form`, when given) as XML or PDF bytes and its file
    name: the bytes of `Ledger.declaration_xml` / `declaration_pdf`, from one preparation."""
    found = [
        p
        for p in prepared_returns(ledger.prepare_return(period, on=today))
        if p.declaration is not None and form in (None, p.declaration.form.code)
    ]
    if not found:  # the library's own error saying why nothing is due
        ledger.declaration_xml(period, on=today, form=form)
        raise AssertionError("declaration_xml returned for a period with no return due")
    chosen = found[0]
    assert chosen.declaration is not None
    data = chosen.xml if fmt == "xml" else chosen.pdf
    return data, file_name(ledger, period, chosen.declaration.form.code, "C", fmt)


def amendment_file(ledger: Ledger, period: Period, today: date, fmt: str) -> bytes:
    prepared = amendment(ledger, period, today)
    return prepared.xml if fmt == "xml" else prepared.pdf


def file_name(ledger: Ledger, period: Period, form: str, kind: str, fmt: str) -> str:
    """`<tax code>_<form>_<period>[_B].<fmt>` with the form's "/" as "-" (an ASCII-safe name)."""
    code = form.replace("/", "-").replace("Đ", "D").replace("đ", "d")
    return f"{ledger.household.tax_code}_{code}_{period}{'_B' if kind == 'B' else ''}.{fmt}"

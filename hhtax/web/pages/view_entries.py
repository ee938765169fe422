"""The data of the record, upload and journal pages, from an `hhtax.Ledger` (no web framework here).

Recording goes through `Ledger.add_row`, the call `hhtax add` makes: the same validation and the
same messages, an `InputError` naming the field at fault (shown next to that field). Uploads go
through `Ledger.import_file` (all or nothing). The journal is read one keyset page at a time
(`hhtax.journal.listing`), so any page of a million-entry journal costs what the first costs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hhtax.api import Ledger
from hhtax.errors import HhtaxError, InputError, LedgerBusy
from hhtax.i18n import t
from hhtax.journal.listing import EntryPage, PageQuery
from hhtax.model import CostCategory, EntryKind, TaxKind
from hhtax.periods import Period

KINDS = (
    "sale",
    "purchase",
    "expense",
    "sale_return",
    "wage",
    "tax_payment",
    "transfer",
    "stock_out",
    "opening",
    "capital",
    "drawing",
)
FORM_FIELDS = (
    "kind",
    "date",
    "amount",
    "line",
    "doc",
    "description",
    "payment",
    "category",
    "counterparty",
    "item",
    "qty",
    "unit",
    "unit_price",
    "tax",
    "transfer_to",
)
UPLOAD_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".xml", ".zip", ".txt")
PAGE_SIZE = 50
assert set(KINDS) == {k.value for k in EntryKind}


@dataclass
class RecordOutcome:
    """What the record form did: the new entry's id, or the errors by field (and one for the form)."""

    values: dict[str, str]
    entry_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    general: str = ""

    @property
    def ok(self) -> bool:
        return self.entry_id is not None


def form_values(form: Mapping[str, Any]) -> dict[str, str]:
    """The record form's fields as text (absent ones empty), spaces around them removed."""
    return {name: str(form.get(name) or "").strip() for name in FORM_FIELDS}


def blank_form(ledger: Ledger, today: date) -> dict[str, str]:
    """The form as first shown: a cash sale of the first business line, dated today."""
    values = dict.fromkeys(FORM_FIELDS, "")
    lines = ledger.household.lines
    values.update(kind="sale", date=today.isoformat(), payment="cash", line=lines[0].id if lines else "")
    return values


def record(ledger: Ledger, form: Mapping[str, Any], lang: str, *, amend: bool = False) -> RecordOutcome:
    """Record the entry of the form (`hhtax add`); a bad field becomes an error beside it."""
    values = form_values(form)
    row = {name: value for name, value in values.items() if value}
    outcome = RecordOutcome(values)
    try:
        outcome.entry_id = ledger.add_row(row, source="web", amend=amend)
    except InputError as exc:
        message = exc.msg.render(lang)
        if exc.field in FORM_FIELDS:
            outcome.errors[str(exc.field)] = message
        else:
            outcome.general = exc.render(lang)
    except LedgerBusy:
        raise  # the 503 "busy, try again" page
    except HhtaxError as exc:
        outcome.general = exc.render(lang)
    return outcome


def choices(ledger: Ledger, lang: str) -> dict[str, list[tuple[str, str]]]:
    """The options of the form's lists, in `lang`: (value, label)."""
    household = ledger.household
    payments = [("cash", t("page.payment.cash", lang)), ("bank", t("page.payment.bank", lang))]
    payments += [
        (f"bank:{a.id}", f"{t('page.payment.bank', lang)}: {a.provider or a.id} {a.number}".strip())
        for a in household.accounts[1:]
    ]
    payments.append(("credit", t("page.payment.credit", lang)))
    return {
        "kind": [(kind, t(f"page.kind.{kind}", lang)) for kind in KINDS],
        "line": [(line.id, line.name or line.id) for line in household.lines],
        "payment": payments,
        "category": [("", t("page.category.none", lang))]
        + [(c.value, t(f"page.category.{c.value}", lang)) for c in CostCategory],
        "tax": [("", "")] + [(x.value, x.value.upper()) for x in TaxKind],
        "transfer_to": [
            ("", ""),
            ("cash", t("page.payment.cash", lang)),
            *[(f"bank:{a.id}", f"{a.provider or a.id} {a.number}".strip()) for a in household.accounts],
        ],
    }


# -- upload -----------------------------------------------------------------------------------------


@dataclass
class UploadOutcome:
    """An import's summary, or why the file was refused (the row and column at fault)."""

    file: str
    added: int = 0
    present: int = 0
    corrected: int = 0
    reversals: int = 0
    skipped: tuple[str, ...] = ()
    error: str = ""
    line: int | None = None
    field: str | None = None

    @property
    def ok(self) -> bool:
        return not self.error


def safe_suffix(filename: str) -> str | None:
    """The suffix the importers dispatch on, when it is one they read; the rest of the name is
    never used for the file on disk."""
    suffix = Path(filename or "").suffix.lower()
    return suffix if suffix in UPLOAD_SUFFIXES else None


def upload(
    ledger: Ledger,
    path: Path,
    shown_name: str,
    lang: str,
    *,
    profile: str | None = None,
    line: str | None = None,
    mine: bool = False,
    corrections: bool = False,
) -> UploadOutcome:
    """Import the file at `path` (a private temporary copy of the upload named `shown_name`)."""
    try:
        result = ledger.import_file(
            path, profile or None, line=line or None, mine=mine, corrections=corrections
        )
    except InputError as exc:
        return UploadOutcome(shown_name, error=exc.msg.render(lang), line=exc.line, field=exc.field)
    except LedgerBusy:
        raise
    except HhtaxError as exc:
        return UploadOutcome(shown_name, error=exc.render(lang).replace(str(path), shown_name))
    return UploadOutcome(
        shown_name,
        result.added,
        result.present,
        result.corrected,
        result.reversals,
        tuple(note.replace(str(path.parent), "").lstrip("/") for note in result.skipped),
    )


# -- journal ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JournalFilter:
    """The journal page's filters as given (text), and the error of a bad period."""

    period: str = ""
    kind: str = ""
    line: str = ""
    error: str = ""

    def query(self, *, before: int | None, after: int | None, size: int = PAGE_SIZE) -> PageQuery:
        chosen = Period.parse(self.period) if self.period and not self.error else None
        return PageQuery(
            start=chosen.start if chosen else None,
            end=chosen.end if chosen else None,
            kind=self.kind or None,
            line=self.line or None,
            before=before,
            after=after,
            size=size,
        )


def journal_filter(period: str, kind: str, line: str, lang: str) -> JournalFilter:
    """Check the filters: an unknown kind is dropped, a bad period is reported."""
    period, kind, line = period.strip(), kind.strip(), line.strip()
    error = ""
    if period:
        try:
            Period.parse(period)
        except InputError as exc:
            error = t("page.journal.bad_period", lang, detail=exc.msg.render(lang))
    return JournalFilter(period, kind if kind in KINDS else "", line, error)


def cursor(text: str | None) -> int | None:
    """A page cursor from the query string (an entry id), or None."""
    value = (text or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


def journal_page(
    ledger: Ledger, chosen: JournalFilter, *, before: int | None, after: int | None
) -> EntryPage:
    """One page of the journal, newest first."""
    return ledger.store.entry_page(chosen.query(before=before, after=after))

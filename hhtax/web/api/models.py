"""The JSON shapes of the API (pydantic): what the OpenAPI document shows a POS developer.

Money is whole đồng (JSON integers); dates are ISO `YYYY-MM-DD`; a period is `2026-Q1`, `2026-03`
or `2026`. Large result objects whose every field is documented elsewhere (the assessment, a
prepared return) name their main fields here and pass the rest through unchanged (`extra`), in the
shape `hhtax assess --json` and `hhtax declare --json` print.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from hhtax.model import Entry

MONEY = "Whole đồng."


class Out(BaseModel):
    """Base of every response model."""

    model_config = ConfigDict(extra="forbid")


class Open(BaseModel):
    """A response that names its main fields and passes the others through."""

    model_config = ConfigDict(extra="allow")


# -- entries ------------------------------------------------------------------------------------------

class AppendRequest(BaseModel):
    """A batch of entries to append in one transaction (all or nothing)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "entries": [{"date": "2026-01-05", "kind": "sale", "amount": 1500000, "line": "shop",
                     "payment": "cash", "description": "Bán lẻ ca sáng", "source": "pos:evt-4711"}]}]})

    entries: list[dict[str, Any]] = Field(
        min_length=1, max_length=100_000,
        description="Entries in the journal's columns (the `Entry` schema without `id`; also "
                    "docs/schema/entry.schema.json): `date`, `kind` and `amount` are required, `line` "
                    "when the household has several business lines. Give each entry a `source` that "
                    "names your event (e.g. `pos:evt-4711`): re-sending it adds nothing (it is counted "
                    "as `present`). Amounts are integers (đồng), never floats; `qty` may be a decimal "
                    "string.")
    amend: bool = Field(False, description="Allow entries dated in a filed (locked) period; they then call "
                                           "for a supplementary return (`POST /returns/{period}/amend`).")
    corrections: bool = Field(False, description="A document or source already in the ledger with other "
                                                 "content is recorded as a reversal of the old entries plus "
                                                 "the new version, instead of being refused.")


class ImportResultOut(Out):
    """What an append did. Re-sending the same batch gives `added: 0` and `present: n`."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"added": 1, "present": 0, "corrected": 0, "reversals": 0}]})

    added: int = Field(description="Entries written.")
    present: int = Field(description="Entries already in the ledger (same source / document and content).")
    corrected: int = Field(0, description="Changed documents recorded as reversal + new version.")
    reversals: int = Field(0, description="The reversing entries those corrections appended.")


class ImportOutcomeOut(Out):
    """What a file import did (all or nothing: a bad row is a 422 problem naming file, line and field)."""

    file: str = Field(description="The uploaded file's name, as sent.")
    added: int
    present: int
    corrected: int = 0
    reversals: int = 0
    skipped: list[str] = Field(default_factory=list,
                               description="E-invoices not imported, each with the reason (refused rows).")


class EntriesPage(Out):
    """One page of the journal, in journal order (date, then id)."""

    entries: list[Entry]
    next_after: int | None = Field(description="Pass as `after` to get the next page; null on the last "
                                               "page. A filtered page may be short, even empty, with "
                                               "more to come: follow `next_after` until it is null.")


class Reversed(Out):
    """The reversing entry appended."""

    id: int = Field(description="The new (reversing) entry's id.")
    reverses: int = Field(description="The entry it reverses.")


# -- status and duties --------------------------------------------------------------------------------

class Duty(Open):
    """A return or notice of the year, with its deadline and, once late, the interest accrued."""

    form: str = Field(examples=["01/CNKD"])
    period: str = Field(examples=["2026-Q1"])
    due: str = Field(description="The deadline (moved past weekends and holidays), ISO date.")
    statutory: str = Field(description="The deadline as the law states it, ISO date.")
    what: str
    what_vi: str
    ref: str = Field(description="The legal reference.")
    ended: bool = Field(description="Whether the period has ended (a return can be prepared).")
    filed: Any = Field(None, description="When it was filed (ISO timestamp), or null.")
    overdue: bool
    days_late: int
    vat: int = Field(description=MONEY)
    pit: int = Field(description=MONEY)
    payable: int = Field(description=MONEY)


class StatusOut(Open):
    """Who, regime, revenue against the 1 bn threshold, group, method, books and what is due:
    the home page's figures (`hhtax status --json`)."""

    tax_code: str
    name: str
    shop_name: str | None = None
    year: int
    regime: str = Field(description="A (until 2025: lump-sum / declaration) or B (from 2026).")
    revenue: int = Field(description="The year's revenue so far. " + MONEY)
    threshold: int = Field(description="The revenue threshold below which no tax is due. " + MONEY)
    above_threshold: bool
    group: str | None = None
    pit_method: str | None = None
    filing: str | None = Field(None, description="monthly or quarterly")
    books: list[str] = Field(description="Codes of the books to keep.")
    next_deadline: dict[str, Any] | None = None
    today: str
    overdue: list[Duty]
    due_next: list[Duty]


class DutiesOut(Out):
    """The year's returns and notices (`hhtax due --json`)."""

    year: int
    today: str
    group: str | None
    overdue: list[Duty]
    next: list[Duty]
    deadlines: list[Duty]


# -- assessment, books ----------------------------------------------------------------------------------

class Figure(Open):
    """One figure of the assessment with its formula, inputs and legal reference."""

    name: str
    value: int | str | None
    formula: str
    formula_id: str
    inputs: dict[str, Any]
    ref: str = Field(description="The article of law the figure applies.")
    reading: str | None = Field(None, description="The open question (OQ-nn) whose reading it rests on.")


class Totals(Out):
    revenue: int
    vat: int
    pit: int
    payable: int


class AssessmentOut(Open):
    """VAT and PIT of a period, figure by figure (`hhtax assess --json`), with the explanation of
    each figure as text in the language asked for (`explanation`, as `hhtax assess --explain`)."""

    period: str
    regime: str
    group: str | None
    method: str | None
    totals: Totals = Field(description="Revenue, VAT, PIT and the total payable of the period. " + MONEY)
    trace: list[Figure]
    explanation: list[str] = Field(description="Every figure with its formula and legal reference, as lines "
                                               "of text (vi or en).")


class BookRef(Out):
    code: str = Field(examples=["S2a-HKD"])
    reason: str = Field(description="Why this household keeps this book (with the legal reference).")


class BooksOut(Out):
    """The statutory books the household keeps for a period (TT 152/2025), each with its reason."""

    period: str
    books: list[BookRef]
    formats: list[str] = Field(description="Formats `GET /books/{code}` serves.")


# -- returns --------------------------------------------------------------------------------------------

class ReturnOut(Open):
    """A return prepared for a period (`hhtax declare --json` before writing): nothing recorded,
    nothing locked. With no return due, only `period`, `on`, `note` and `warnings`."""

    period: str
    on: str = Field(description="The filing (signature) date the return was prepared for.")
    form: str | None = Field(None, examples=["01/CNKD"])
    ma_tkhai: str | None = None
    kind: str | None = Field(None, description="C: original return; B: supplementary.")
    payable: int | None = Field(None, description=MONEY)
    to_pay: int | None = Field(None, description="What to pay now (supplementary: change + interest).")
    figures: dict[str, Any] | None = Field(None, description="The boxes of the form and their values.")
    xml_sha256: str | None = Field(None, description="sha256 of the XML `GET …/xml` serves for this `on`.")
    chain_head: str | None = None
    note: str | None = Field(None, description="Why no return is due, when none is.")
    warnings: list[str] = Field(default_factory=list)
    also: list[dict[str, Any]] | None = Field(None, description="Other returns due (01/TTS, 01/BĐS).")


class FilingOut(Out):
    """The filing recorded: the period is now locked (entries in it need `amend`)."""

    period: str
    form: str
    kind: str = Field(description="C: original; B: supplementary.")
    seq: int
    xml_sha256: str = Field(description="sha256 of the XML filed: the file you send to eTax must have it.")
    filed_at: str
    chain_head: str = Field(description="The ledger's chain head the return was computed from (printed on "
                                        "the PDF; `GET /verify?head=` proves the past it covers intact).")


class FilingsOut(Out):
    """Filings recorded by this request (the ordinary return and any other due for the period)."""

    filings: list[FilingOut]
    head: str = Field(description="The ledger's chain head after recording.")
    head_entry: int = Field(description="The last entry that head covers.")


class FileRequest(BaseModel):
    """Record the filing of a period's return(s), prepared as `GET /returns/{period}` shows them."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"on": "2026-04-20"}]})

    on: str | None = Field(None, description="The filing date (ISO); default today. Use the same `on` as "
                                             "when you fetched the XML, so the recorded hash matches it.")
    early: str | None = Field(None, description='"closing": file before the period ends (business closing).')
    form: str | None = Field(None, description="Only the return of this form (e.g. 01/BĐS); default every "
                                               "return due for the period.")


class AmendRequest(BaseModel):
    """Prepare and record the next supplementary return of a filed period."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"on": "2026-06-10"}]})

    on: str | None = Field(None, description="The filing date (ISO); default today.")
    paid_on: str | None = Field(None, description="When the extra tax is paid (late interest runs to it); "
                                                  "default `on`.")


class AmendOut(Open):
    """The supplementary return recorded, with its XML and PDF."""

    period: str
    status: str = Field(description="filed (recorded) or nothing_due.")
    recorded: bool
    to_pay: int | None = Field(None, description="Extra tax plus late interest to pay now. " + MONEY)
    xml: str | None = Field(None, description="The XML (UTF-8 text) to send to eTax.")
    pdf_base64: str | None = Field(None, description="The printable PDF, base64.")


# -- integrity, clients -----------------------------------------------------------------------------------

class Finding(Out):
    kind: str
    entry: int | None
    file: str | None
    message: str


class VerifyOut(Out):
    """The ledger's integrity: hash chains, log, locks (`hhtax verify --json`)."""

    ok: bool
    entries: int
    head: str
    head_entry: int
    head_checked: str | None
    filings: int
    files_checked: int
    findings: list[Finding]


class ClientOut(Out):
    name: str = Field(description="The client's name in URLs: `/api/v1/clients/{name}/…`.")
    kind: str = Field(description="sqlite (writable) or text (a plain-text ledger, read-only).")


class ClientsOut(Out):
    clients: list[ClientOut]


class ProblemOut(Open):
    """An error (RFC 9457 problem details, `application/problem+json`)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "type": "urn:hhtax:problem:input", "title": "Invalid input", "status": 422,
        "detail": "api:2: date: '2026-02-30' is not a date (YYYY-MM-DD)", "message_id": "rows.bad_date",
        "params": {"value": "'2026-02-30'"}, "file": "api", "line": 2, "field": "date",
        "value": "2026-02-30"}]})

    type: str = Field(description="`urn:hhtax:problem:` + input, declaration, period-locked, "
                                  "ledger-busy, ledger, rules, unauthorized, forbidden, not-found, "
                                  "too-large, bad-request, server.")
    title: str = Field(description="The kind of problem, in the request's language.")
    status: int
    detail: str = Field(description="What is wrong, in the request's language (vi or en).")
    message_id: str = Field(description="The message's id: stable, to react on without parsing text.")
    params: dict[str, Any] = Field(description="The message's parameters.")
    file: str | None = Field(None, description="input: the file (`api` for a JSON batch; the uploaded "
                                               "file's name for an import).")
    line: int | None = Field(None, description="input: the line of the file, or the entry's position in "
                                               "the batch (from 1).")
    field: str | None = Field(None, description="input: the field (column) at fault.")
    value: str | None = Field(None, description="input: the value as written.")
    problems: list[dict[str, Any]] | None = Field(None, description="declaration: each problem found "
                                                                    "(`element`, `message`).")


# The fields of an entry, for the OpenAPI document (`Entry` is the library's model, shared with
# docs/schema/entry.schema.json; these descriptions are added to its schema in the document).
ENTRY_FIELDS = {
    "id": "Assigned by the ledger; leave it out when appending.",
    "date": "The day of the sale, cost or payment (ISO date).",
    "kind": "sale, sale_return, purchase (goods bought for resale or production), stock_out, expense, "
            "wage, tax_payment, transfer (between money accounts), opening, capital, drawing.",
    "amount": "Whole đồng, positive (a reversal carries the negated amount). Never a float.",
    "line": "The household's business line (its id in the household profile); required when it has "
            "several lines.",
    "doc": "Document number (invoice, receipt); empty for none. With the date, amount, kind, line and "
           "item it identifies the entry: the same document sent again is not added twice.",
    "description": "Free text.",
    "payment": "The money account: cash, bank (the first account), bank:<account id>, or credit (unpaid).",
    "category": "The cost category of an expense (electricity, rent, …): decides where it goes in the books.",
    "item": "Goods: the item's name (purchases, stock_out, itemised sales).",
    "unit": "Goods: the unit (kg, hộp, …).",
    "qty": "Goods: the quantity; a decimal string (\"2.5\") or a number.",
    "unit_price": "Goods: the price of one unit, whole đồng.",
    "tax": "tax_payment: the tax paid (vat, pit, …).",
    "transfer_to": "transfer: the account the money goes to (payment is the one it leaves).",
    "vat_cut": "Override of the line's VAT-reduction flag for this entry (reading OQ-07).",
    "withheld": "Sold through a platform that withheld VAT and PIT (ND 117/2025).",
    "withheld_vat": "withheld: the VAT the platform withheld, whole đồng.",
    "withheld_pit": "withheld: the PIT the platform withheld, whole đồng.",
    "counterparty": "The buyer or seller (name or tax code).",
    "reverses": "Set by the ledger on a reversal: the id of the entry it reverses.",
    "source": "Where the entry comes from: your event id (e.g. pos:evt-4711). An entry without a "
              "document is identified by it: re-sending the same source adds nothing.",
}

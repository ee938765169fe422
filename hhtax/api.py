"""The integrator API: keep a household's books from Python, without the CLI.

A POS, an e-commerce connector or an accounting tool opens (or creates) a ledger, appends the
day's entries as `Entry` objects or plain dicts, and asks for the assessment, the statutory books
and the quarter's declaration as bytes. Everything goes through the same validation, tax engine,
books and XML writer as the CLI, so the figures are the ones `hhtax` prints (docs/integration.md).

    from hhtax import Ledger
    with Ledger.create("shop.sqlite", {"tax_code": "...", "name": "...", "lines": [...]}) as ledger:
        ledger.append({"date": "2026-01-05", "kind": "sale", "amount": 1_500_000})
        xml = ledger.declaration_xml("2026-Q1")

The legal basis of each step is documented where it is computed: the tax engine (TT 40/2021,
ND 68/2026), the books (TT 88/2021, TT 152/2025) and the declaration XML (xml-format.md).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

from hhtax.declarations.model import Declaration
from hhtax.errors import DeclarationError, InputError, Problem
from hhtax.importers.rows import KNOWN_COLUMNS, parse_entry_id, parse_row
from hhtax.journal.household_file import household_from_dict, load_household
from hhtax.journal.store import ImportResult, SqliteLedger
from hhtax.journal.verify import VerifyReport, verify_ledger
from hhtax.model import Entry, Household
from hhtax.periods import Period
from hhtax.rules import RuleBook, load_rules
from hhtax.tax.assessment import Assessment

BOOK_FORMATS = ("pdf", "xlsx", "csv", "json")


class Ledger:
    """One household's SQLite ledger, with everything an integrator needs.

    Use `Ledger.create(path, household)` or `Ledger.open(path)`; close it (or use `with`).
    Errors are the typed `hhtax.errors` classes: `InputError` for bad data (naming the entry and
    field), `LedgerBusy` when another process holds the write lock, `PeriodLocked` for a change
    inside a filed period, `DeclarationError` when no return is due or it fails validation.
    """

    def __init__(self, store: SqliteLedger, rules: RuleBook) -> None:
        self.store = store
        self.rules = rules

    # -- opening ----------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, household: Household | Mapping[str, Any] | str | Path, *,
               rules_file: Path | None = None) -> Ledger:
        """Create a new ledger file. `household` is a `Household`, a dict in the household.toml
        shape (docs/schema/household.schema.json) or the path of a household.toml."""
        return cls(SqliteLedger.create(path, _household(household)), load_rules(rules_file))

    @classmethod
    def open(cls, path: str | Path, *, rules_file: Path | None = None) -> Ledger:
        """Open an existing ledger file."""
        return cls(SqliteLedger(path), load_rules(rules_file))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    @property
    def household(self) -> Household:
        return self.store.household

    # -- writing ----------------------------------------------------------------------------------
    def append(self, *entries: Entry | Mapping[str, Any] | Iterable[Entry | Mapping[str, Any]],
               amend: bool = False) -> ImportResult:
        """Validate and append entries in one transaction (all or nothing).

        Each entry is an `Entry` or a dict with the journal columns (docs/schema/entry.schema.json;
        values may be str, int, Decimal, date or bool). An entry already in the ledger (same natural
        key: document, date, amount, kind, line, item) is counted as `present` and not added again,
        so re-sending a day's sales is harmless. Dicts may carry `source` (e.g. "pos:4711").
        """
        rows = [self.validate_entry(item, index) for index, item in enumerate(_flatten(entries), start=1)]
        return self.store.import_entries(rows, amend=amend)

    def validate_entry(self, item: Entry | Mapping[str, Any], index: int = 1) -> Entry:
        """The validated `Entry` for one entry or dict; an InputError has file "api", line `index`
        (the entry's position in the call) and the field at fault."""
        data = item.model_dump(exclude={"id"}) if isinstance(item, Entry) else dict(item)
        source = str(data.pop("source", None) or "api")
        if "id" in data:
            raise InputError("the id is assigned by the ledger; leave it out", file="api", line=index,
                             field="id")
        unknown = sorted(str(k) for k in data if k not in KNOWN_COLUMNS)
        if unknown:
            raise InputError(f"unknown column {unknown[0]!r}", file="api", line=index, field=unknown[0])
        try:
            row = {key: _cell(value, key) for key, value in data.items()}
            return parse_row(row, self.household, source=source)
        except InputError as exc:
            raise exc.located(file="api", line=index) from None

    def import_file(self, path: str | Path, profile: str | None = None, *, line: str | None = None,
                    amend: bool = False) -> ImportResult:
        """Import a CSV, JSON Lines or vendor-profile file, or e-invoices (.xml, .zip, directory);
        `line` is the business line of rows that name none (as `hhtax import --line`)."""
        from hhtax.importers import import_file
        from hhtax.importers.einvoice import import_einvoices
        from hhtax.importers.einvoice_xml import is_einvoice_source

        source = Path(path)
        if profile is None and is_einvoice_source(source):
            entries: Iterable[Entry] = import_einvoices(source, self.household, self.store.entries()).entries
        else:
            entries = import_file(source, self.household, profile, defaults={"line": line} if line else None)
        return self.store.import_entries(entries, amend=amend)

    def reverse(self, entry_id: int, *, amend: bool = False) -> int:
        """Append the reversal of entry `entry_id`; returns the new entry's id."""
        return self.store.reverse(parse_entry_id(entry_id), amend=amend)

    # -- reading ----------------------------------------------------------------------------------
    def entries(self, start: date | None = None, end: date | None = None) -> Iterator[Entry]:
        return self.store.entries(start, end)

    def assess(self, period: str | Period) -> Assessment:
        """What the household owes for `period` ("2026-Q1", "2026-03", "2026"), figure by figure."""
        from hhtax.tax.engine import assess_ledger

        return assess_ledger(self.store, _period(period), self.rules)

    def required_books(self, period: str | Period) -> list[tuple[str, str]]:
        """(book code, reason) of the books the household keeps for `period`."""
        from hhtax.books import required_books

        chosen = _period(period)
        return required_books(self.household, chosen, self.rules, self.assess(chosen))

    def book(self, code: str, period: str | Period, fmt: str = "pdf", *, summary: str | None = None) -> bytes:
        """Book `code` (e.g. "S2a-HKD") for `period` as bytes: pdf, xlsx, csv (UTF-8) or json."""
        from hhtax.books import build_book
        from hhtax.books.render_csv import write_csv
        from hhtax.books.render_json import write_json
        from hhtax.books.render_pdf import write_pdf
        from hhtax.books.render_xlsx import write_xlsx

        if fmt not in BOOK_FORMATS:
            raise InputError(f"unknown book format {fmt!r}; use {', '.join(BOOK_FORMATS)}", field="format")
        built = build_book(code, self.store, _period(period), self.rules, summary=summary)
        if fmt in ("csv", "json"):
            text = io.StringIO(newline="")
            (write_csv if fmt == "csv" else write_json)(built, text)
            return text.getvalue().encode("utf-8")
        binary = io.BytesIO()
        if fmt == "pdf":
            write_pdf(built, binary)
        else:
            write_xlsx([built], binary)
        return binary.getvalue()

    def declarations(self, period: str | Period, *, today: date | None = None) -> tuple[Declaration, ...]:
        """Every return due for `period`: the ordinary one and any 01/TTS or 01/BĐS (maybe none)."""
        from hhtax.declarations.build import prepare

        return prepare(self.store, _period(period), self.rules, today=today or date.today()).declarations

    def declaration(self, period: str | Period, *, today: date | None = None, form: str | None = None,
                    ) -> Declaration:
        """The `Declaration` due for `period` (the one of form code `form`, e.g. "01/BĐS", when given);
        DeclarationError with the reason when none is due."""
        from hhtax.declarations.build import prepare

        prepared = prepare(self.store, _period(period), self.rules, today=today or date.today())
        found = [d for d in prepared.declarations if form is None or d.form.code == form]
        if not found:
            raise DeclarationError([Problem("period", prepared.note or f"nothing to file for {period}"
                                            + (f" on {form}" if form else ""))])
        return found[0]

    def declaration_xml(self, period: str | Period, *, today: date | None = None, form: str | None = None,
                        ) -> bytes:
        """The return due for `period` as HSoThueDTu XML bytes, checked by `validate_xml` first."""
        from hhtax.declarations.validate import validate_xml
        from hhtax.declarations.xml import to_xml

        data = to_xml(self.declaration(period, today=today, form=form))
        problems = validate_xml(data, self.rules)
        if problems:
            raise DeclarationError(problems)
        return data

    def declaration_pdf(self, period: str | Period, *, today: date | None = None, form: str | None = None,
                        ) -> bytes:
        """The return due for `period` as the printable PDF."""
        from hhtax.declarations.pdf import render_pdf

        return render_pdf(self.declaration(period, today=today, form=form))

    # -- integrity --------------------------------------------------------------------------------
    def verify(self, xml_files: Iterable[str | Path] = ()) -> VerifyReport:
        """Recompute the hash chain (and check filed XML files); a `VerifyReport`."""
        return verify_ledger(self.store.path, xml_files)

    def backup(self, dest: str | Path) -> Path:
        """A consistent copy of the ledger at `dest` (SQLite backup API)."""
        from hhtax.journal.backup import backup_ledger

        return backup_ledger(self.store.path, dest)


def _household(value: Household | Mapping[str, Any] | str | Path) -> Household:
    if isinstance(value, Household):
        return value
    if isinstance(value, str | Path):
        return load_household(Path(value))
    return household_from_dict(dict(value))


def _period(value: str | Period) -> Period:
    return value if isinstance(value, Period) else Period.parse(value)


def _flatten(items: tuple[Entry | Mapping[str, Any] | Iterable[Entry | Mapping[str, Any]], ...],
             ) -> Iterator[Entry | Mapping[str, Any]]:
    for item in items:
        if isinstance(item, Entry | Mapping):
            yield item
        else:
            yield from item


def _cell(value: Any, key: str) -> str | None:
    """A Python value as journal text: dates ISO, booleans yes/no, enums by value."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        raise InputError("a float is not exact: use int đồng or Decimal", field=key)
    return str(getattr(value, "value", value))

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

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from hhtax.errors import DeclarationError, InputError, LedgerError, Problem
from hhtax.i18n import msg, register
from hhtax.journal import Ledger as Journal
from hhtax.journal import WritableLedger
from hhtax.model import Entry, Household
from hhtax.periods import Period
from hhtax.service.periods import default_period

if TYPE_CHECKING:  # imported where used: `hhtax status` needs no importer, renderer or declaration (issue 16)
    from hhtax.books.model import Book
    from hhtax.declarations.model import Declaration
    from hhtax.duty import DutyReport
    from hhtax.journal.estimates import EstimateRecord
    from hhtax.journal.filings import FilingRecord
    from hhtax.journal.store import ImportResult
    from hhtax.journal.verify import VerifyReport
    from hhtax.rules import RuleBook
    from hhtax.service.imports import ImportOutcome
    from hhtax.service.returns import PreparedReturn, ReturnResult
    from hhtax.tax.assessment import Assessment

BOOK_FORMATS = ("pdf", "xlsx", "csv", "json")


register({
    "api.on_twice": ("chỉ cho ngày nộp một lần: `on` (hoặc tên cũ `today`)",
                     "give the filing date once: `on` (or its alias `today`)"),
    "api.float": ("số thực dấu phẩy động không chính xác: dùng số nguyên đồng hoặc Decimal",
                  "a float is not exact: use int đồng or Decimal"),
    "api.id_given": ("mã bút toán do sổ cấp; hãy bỏ trống", "the id is assigned by the ledger; leave it out"),
    "api.unknown_column": ("không có cột {name}", "unknown column {name}"),
})


class Ledger:
    """One household's ledger, with everything a front end needs: the service layer's facade.

    Use `Ledger.create(path, household)` or `Ledger.open(path)` (a SQLite file, or a plain-text
    directory, read-only); close it (or use `with`). The CLI, `hhtax batch` and integrators all
    call these methods. Errors are the typed `hhtax.errors` classes: `InputError` for bad data
    (naming the entry and field), `LedgerBusy` when another process holds the write lock,
    `PeriodLocked` for a change inside a filed period, `DeclarationError` when no return is due
    or it fails validation, `LedgerError` for a write to a read-only ledger.

    Returns come in two steps: `prepare_return` (XML, PDF, validation; never locks) and
    `record_filing` (records the filing and locks the period); `file_return` takes both and writes
    the files between them, as `hhtax declare` does. The filing date is `on` everywhere (`today`
    is kept as its alias); a return is prepared only for a period that has ended on that date.
    """

    def __init__(self, store: Journal, rules: RuleBook, rules_file: Path | None = None) -> None:
        self.store = store
        self.rules = rules
        self.rules_file = rules_file

    # -- opening ----------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, household: Household | Mapping[str, Any] | str | Path, *,
               rules_file: Path | None = None, entries: Iterable[Entry] = ()) -> Ledger:
        """Create a new ledger file. `household` is a `Household`, a dict in the household.toml
        shape (docs/schema/household.schema.json) or the path of a household.toml."""
        from hhtax.rules import load_rules
        from hhtax.service.ledgers import create_ledger

        store = create_ledger(path, _household(household), entries)
        return cls(store, load_rules(rules_file), rules_file)

    @classmethod
    def open(cls, path: str | Path, *, rules_file: Path | None = None) -> Ledger:
        """Open an existing ledger: a SQLite file, or a plain-text directory (read-only)."""
        from hhtax.rules import load_rules
        from hhtax.service.ledgers import open_ledger

        rules = load_rules(rules_file)
        return cls(open_ledger(path), rules, rules_file)

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

    @property
    def name(self) -> str:
        return self.store.name

    @property
    def writable(self) -> bool:
        """Whether entries can be appended and filings recorded (a SQLite ledger)."""
        return isinstance(self.store, WritableLedger)

    def _writer(self) -> WritableLedger:
        if not isinstance(self.store, WritableLedger):
            raise LedgerError(msg("ledger.text_read_only", path=self.name))
        return self.store

    # -- writing ----------------------------------------------------------------------------------
    def append(self, *entries: Entry | Mapping[str, Any] | Iterable[Entry | Mapping[str, Any]],
               amend: bool = False, corrections: bool = False) -> ImportResult:
        """Validate and append entries in one transaction (all or nothing).

        Each entry is an `Entry` or a dict with the journal columns (docs/schema/entry.schema.json;
        values may be str, int, Decimal, date or bool). An entry with the same document, date,
        amount, kind, line and item as one in the ledger is `present`, not added again. Without a
        document number, `source` (e.g. "pos:evt-4711") is the event id: entries with different
        sources are never merged, and re-sending a source is harmless; without either, an entry
        with the same content as one in the ledger is `present`. A document (or source) already in the ledger
        with other content is refused (InputError), or with `corrections=True` recorded as a
        reversal of the old entries plus the new version (`ImportResult.corrected`).
        """
        rows = [self.validate_entry(item, index) for index, item in enumerate(_flatten(entries), start=1)]
        return self._writer().import_entries(rows, amend=amend, by_source=True, corrections=corrections)

    def validate_entry(self, item: Entry | Mapping[str, Any], index: int = 1) -> Entry:
        """The validated `Entry` for one entry or dict; an InputError has file "api", line `index`
        (the entry's position in the call) and the field at fault."""
        from hhtax.importers.rows import KNOWN_COLUMNS, parse_row

        data = item.model_dump(exclude={"id"}) if isinstance(item, Entry) else dict(item)
        source = str(data.pop("source", None) or "api")
        if "id" in data:
            raise InputError(msg("api.id_given"), file="api", line=index, field="id")
        unknown = sorted(str(k) for k in data if k not in KNOWN_COLUMNS)
        if unknown:
            raise InputError(msg("api.unknown_column", name=repr(unknown[0])), file="api", line=index,
                             field=unknown[0])
        try:
            row = {key: _cell(value, key) for key, value in data.items()}
            return parse_row(row, self.household, source=source)
        except InputError as exc:
            raise exc.located(file="api", line=index) from None

    def add_row(self, row: Mapping[str, str], *, source: str = "cli", amend: bool = False) -> int:
        """Validate one entry given as journal text (`hhtax add`) and append it; its id."""
        from hhtax.importers.rows import parse_row

        writer = self._writer()
        return writer.add(parse_row(dict(row), self.household, source=source), amend=amend)

    def import_file(self, path: str | Path, profile: str | None = None, *, line: str | None = None,
                    amend: bool = False, corrections: bool = False, mine: bool = False,
                    progress: Callable[[int], None] | None = None) -> ImportOutcome:
        """Import a CSV, JSON Lines or vendor-profile file, or e-invoices (.xml, .zip, directory);
        `line` is the business line of rows that name none (as `hhtax import --line`);
        `corrections` as for `append` (`hhtax import --corrections`); `mine` books e-invoices whose
        buyer tax code is empty or another's as this household's (`hhtax import --mine`); `progress`
        is told the rows read so far of a big file (every 50,000)."""
        from hhtax.service.imports import import_into

        return import_into(self._writer(), path, profile, line=line, amend=amend, corrections=corrections,
                           mine=mine, progress=progress)

    def reverse(self, entry_id: int, *, amend: bool = False) -> int:
        """Append the reversal of entry `entry_id`; returns the new entry's id."""
        from hhtax.importers.rows import parse_entry_id

        return self._writer().reverse(parse_entry_id(entry_id), amend=amend)

    # -- reading ----------------------------------------------------------------------------------
    def entries(self, start: date | None = None, end: date | None = None) -> Iterator[Entry]:
        return self.store.entries(start, end)

    def entries_page(self, *, after: int | None = None, limit: int = 100, start: date | None = None,
                     end: date | None = None, kinds: Iterable[str] = (), lines: Iterable[str] = (),
                     ) -> tuple[list[Entry], int | None]:
        """One page of the journal in journal order (date, then id): up to `limit` entries with
        start ≤ date ≤ end, of one of `kinds` and `lines` when given, after entry `after`; and the
        id to pass as `after` for the next page (None at the end). A SQLite ledger reads the page
        from its date index; with `kinds` or `lines` it looks at a bounded stretch of the journal
        per call, so a page may be short (even empty) with more to come."""
        kind_set, line_set = set(kinds), set(lines)
        from hhtax.journal.store import SqliteLedger

        if isinstance(self.store, SqliteLedger):
            match = {column: sorted(values) for column, values in (("kind", kind_set), ("line", line_set))
                     if values}
            return self.store.page(after=after, limit=limit, start=start, end=end, match=match)
        chosen = [e for e in self.store.entries(start, end)
                  if (not kind_set or e.kind.value in kind_set) and (not line_set or e.line in line_set)]
        if after is not None:
            last = next((e for e in self.store.entries() if e.id == after), None)
            if last is None:
                raise InputError(msg("journal.no_entry", id=after), field="after")
            chosen = [e for e in chosen if (e.date, e.id or 0) > (last.date, after)]
        page = chosen[:limit]
        return page, (page[-1].id if len(chosen) > limit else None)

    def estimates(self, year: int | None = None) -> list[EstimateRecord]:
        """The household's dated estimates of a year's revenue (OQ-28), oldest first."""
        return self.store.estimates(year)

    def record_estimate(self, year: int, revenue: int, note: str = "") -> EstimateRecord:
        """Record the household's estimate of `year`'s revenue (dated now; append-only; OQ-28)."""
        from hhtax.journal.estimates import EstimateRecord, now

        record = EstimateRecord(year, revenue, now(), note)
        self._writer().record_estimate(record)
        return record

    def filings(self, period: str | Period | None = None) -> list[FilingRecord]:
        """The filings recorded (all, or those of `period`), oldest first."""
        return self.store.filings(None if period is None else _period(period))

    def assess(self, period: str | Period) -> Assessment:
        """What the household owes for `period` ("2026-Q1", "2026-03", "2026"), figure by figure."""
        from hhtax.ledger_tax import assess_ledger

        return assess_ledger(self.store, _period(period), self.rules)

    def required_books(self, period: str | Period, *, lang: str = "en") -> list[tuple[str, str]]:
        """(book code, reason) of the books the household keeps for `period`."""
        from hhtax.books import required_books

        chosen = _period(period)
        return required_books(self.household, chosen, self.rules, self.assess(chosen), lang=lang)

    def build_book(self, code: str, period: str | Period, *, summary: str | None = None) -> Book:
        """Book `code` for `period` (rows read lazily when rendered)."""
        from hhtax.books import build_book

        return build_book(code, self.store, _period(period), self.rules, summary=summary)

    def book(self, code: str, period: str | Period, fmt: str = "pdf", *, summary: str | None = None) -> bytes:
        """Book `code` (e.g. "S2a-HKD") for `period` as bytes: pdf, xlsx, csv (UTF-8), json or table."""
        from hhtax.service import books as book_service

        return book_service.book_bytes(self.store, code, _period(period), self.rules, fmt, summary=summary)

    def write_books(self, period: str | Period, directory: Path, *, summary: str | None = None,
                    jobs: int = 1, progress: Callable[[Path], None] | None = None,
                    lang: str = "en") -> tuple[list[Path], list[str]]:
        """Every required book of `period` into `directory` (`hhtax books --all`): the workbook and
        one PDF per book; the files written and the books' warnings."""
        chosen = _period(period)
        assessment = self.assess(chosen)
        from hhtax.books import required_books
        from hhtax.service import books as book_service

        required = required_books(self.household, chosen, self.rules, assessment, lang=lang)
        codes = [code for code, _ in required]
        return book_service.write_required(
            self.store, self.name, codes, chosen, self.rules, directory,
            rules_file=None if self.rules_file is None else str(self.rules_file), summary=summary,
            assessment=assessment, jobs=jobs, progress=progress)

    def status(self, *, year: int | None = None, on: date | None = None, lang: str = "en") -> dict[str, Any]:
        """Who, regime, revenue against the threshold, group, method, books, next deadline."""
        from hhtax.status import ledger_status

        return ledger_status(self.store, self.rules_file, year=year, today=on, lang=lang)

    def duties(self, year: int | None = None, *, on: date | None = None) -> DutyReport:
        """The year's returns and notices on `on` (default: today): overdue ones with days late and
        interest accrued, what is due next, each marked filed or not (`hhtax due`; one duty decision)."""
        from hhtax.duty import year_duties

        day = on or date.today()
        return year_duties(self.store, year or day.year, self.rules, day)

    # -- returns ----------------------------------------------------------------------------------
    def default_period(self, *, on: date | None = None) -> Period:
        """The last month (monthly filer) or quarter that has ended on `on` (default: today)."""
        return default_period(self.household, on or date.today())

    def prepare_return(self, period: str | Period | None = None, *, on: date | None = None,
                       today: date | None = None, early: str | None = None,
                       empty_signature: bool = False) -> PreparedReturn:
        """The return for `period` (default: the last one ended) signed on `on` (default: today):
        built, rendered, validated; nothing written, nothing locked. `today` is an alias of `on`;
        `early="closing"` allows a return before the period ends (Law 38/2019 Art 44.4)."""
        day = _on(on, today)
        chosen = self.default_period(on=day) if period is None else _period(period)
        from hhtax.service import returns

        return returns.prepare_return(self.store, chosen, self.rules, on=day, early=early,
                                      empty_signature=empty_signature)

    def record_filing(self, prepared: PreparedReturn) -> FilingRecord:
        """Record that `prepared` was filed and lock its period (SQLite ledger only)."""
        from hhtax.service import returns

        return returns.record_filing(self.store, prepared)

    def file_return(self, period: str | Period | None, out_dir: str | Path, *, on: date | None = None,
                    today: date | None = None, early: str | None = None,
                    empty_signature: bool = False) -> ReturnResult:
        """`hhtax declare`: prepare the return, write the XML and PDF into `out_dir`, record it."""
        day = _on(on, today)
        chosen = self.default_period(on=day) if period is None else _period(period)
        from hhtax.service import returns

        return returns.file_return(self.store, chosen, self.rules, Path(out_dir), on=day, early=early,
                                   empty_signature=empty_signature)

    def amend(self, period: str | Period, out_dir: str | Path, *, on: date | None = None,
              paid_on: date | None = None, empty_signature: bool = False,
              khbs_appendix: bool = False) -> ReturnResult:
        """`hhtax amend`: the next correction of a filed period, written and recorded (a supplementary
        return, or a new original one for a form without one; `khbs_appendix` overrides OQ-23)."""
        day = _on(on, None)
        from hhtax.service import returns

        return returns.amend_return(self.store, _period(period), self.rules, Path(out_dir), on=day,
                                    paid_on=paid_on or day, empty_signature=empty_signature,
                                    khbs_appendix=khbs_appendix)

    def declarations(self, period: str | Period, *, on: date | None = None, today: date | None = None,
                     early: str | None = None) -> tuple[Declaration, ...]:
        """Every return due for `period`: the ordinary one and any 01/TTS (2025 leasing) or 01/BĐS
        (2026 real-estate leasing, reading OQ-09); empty when none is due."""
        prepared = self.prepare_return(period, on=on, today=today, early=early)
        return tuple(p.declaration for p in (prepared, *prepared.others) if p.declaration is not None)

    def declaration(self, period: str | Period, *, on: date | None = None, today: date | None = None,
                    early: str | None = None, form: str | None = None) -> Declaration:
        """The `Declaration` due for `period` (of form code `form`, e.g. "01/BĐS", when given);
        DeclarationError with the reason when none is due."""
        decl = self._due(period, on, today, early, form).declaration
        assert decl is not None
        return decl

    def declaration_xml(self, period: str | Period, *, on: date | None = None, today: date | None = None,
                        early: str | None = None, form: str | None = None) -> bytes:
        """The return due for `period` as HSoThueDTu XML bytes, validated (nothing recorded)."""
        return self._due(period, on, today, early, form).xml

    def declaration_pdf(self, period: str | Period, *, on: date | None = None, today: date | None = None,
                        early: str | None = None, form: str | None = None) -> bytes:
        """The return due for `period` as the printable PDF (nothing recorded)."""
        return self._due(period, on, today, early, form).pdf

    def _due(self, period: str | Period, on: date | None, today: date | None,
             early: str | None, form: str | None = None) -> PreparedReturn:
        prepared = self.prepare_return(period, on=on, today=today, early=early)
        found = [p for p in (prepared, *prepared.others)
                 if p.declaration is not None and form in (None, p.declaration.form.code)]
        if not found:
            wanted = f"nothing to file for {period}" + (f" on {form}" if form else "")
            raise DeclarationError([Problem("period", prepared.note or wanted)])
        return found[0]

    # -- integrity --------------------------------------------------------------------------------
    def verify(self, xml_files: Iterable[str | Path] = (), *, head: str | None = None) -> VerifyReport:
        """Recompute the hash chain (and check filed XML files, and a head written down earlier);
        a `VerifyReport`."""
        from hhtax.service.ledgers import verify

        return verify(self.name, xml_files, head=head)

    def backup(self, dest: str | Path) -> Path:
        """A consistent copy of the ledger at `dest` (SQLite backup API; "dir/" is a directory)."""
        from hhtax.service.ledgers import backup

        return backup(self.name, str(dest))


def _on(on: date | None, today: date | None) -> date:
    """The filing date: `on`, or its alias `today`, or today's date."""
    if on is not None and today is not None and on != today:
        raise InputError(msg("api.on_twice"), field="on")
    return on or today or date.today()


def _household(value: Household | Mapping[str, Any] | str | Path) -> Household:
    if isinstance(value, Household):
        return value
    from hhtax.journal.household_file import household_from_dict, load_household

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
        raise InputError(msg("api.float"), field=key)
    return str(getattr(value, "value", value))

"""E-invoice import: TT 78/2021 XML invoices (single file, a directory, or a .zip) → journal entries.

The XML layout is the one of Decision 1450/QĐ-TCT implementing ND 123/2020 and TT 78/2021:
`HDon/DLHDon` with `TTChung` (KHMSHDon template, KHHDon symbol, SHDon number, NLap date, HTTToan,
DVTTe/TGia, `TTHDLQuan` for replacement (TCHDon 1) and adjustment (TCHDon 2) invoices),
`NDHDon` with `NBan` (seller), `NMua` (buyer), `DSHHDVu/HHDVu` (TChat, STT, THHDVu, DVTinh,
SLuong, DGia, ThTien, TSuat, TThue) and `TToan` (TgTCThue, TgTThue, TgTTTBSo).

How invoices become entries:
- the household is the seller (NBan/MST is its tax code): one `sale` of the invoice total
  (TgTTTBSo: the revenue of a household includes the tax, TT 40/2021 Art 7.1, ND 68/2026 Art 5),
  on the business line chosen by `[einvoice] line_map` (invoice symbol or "*") or the single line;
- otherwise it is a purchase: one `purchase` per goods line (item, unit, qty, effective unit cost)
  with the invoice total spread over the lines in proportion to their amounts, or one `expense`
  when `[einvoice] expense_map` gives a cost category for the seller's tax code;
- the document number is template + symbol + "-" + number (e.g. `1C26TAA-123`), the counterparty
  the other party's tax code and name;
- duplicates (same seller, template, symbol and number) are skipped, in the batch and against the
  ledger's existing entries;
- a replacement invoice reverses the entries of the invoice it replaces (or drops it from the same
  batch); an adjustment invoice adds the difference it carries (negative amounts lower the original:
  a `sale_return` for sales, a reversal-linked negative entry for purchases);
- cash-register invoices (KHHDon with "M" in 4th place, ND 123/2020 Art 11, ND 70/2025) are read
  like the others.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree.ElementTree import Element

from hhtax import ids
from hhtax.errors import InputError
from hhtax.importers.rows import parse_row
from hhtax.importers.xmlsafe import MAX_XML_BYTES, child, children, find_first, parse_untrusted, text_of
from hhtax.model import CostCategory, Entry, EntryKind, Household
from hhtax.money import round_half_up
from hhtax.text import nfc

MAX_ZIP_MEMBERS = 100_000
MAX_ZIP_TOTAL = 2_000_000_000

# TChat (tính chất) of an invoice line: 1 goods/service, 2 promotion, 3 trade discount, 4 note.
GOODS, PROMOTION, DISCOUNT, NOTE = 1, 2, 3, 4


@dataclass(frozen=True)
class InvoiceLine:
    nature: int
    name: str
    unit: str
    qty: Decimal | None
    unit_price: int | None
    amount: int  # ThTien, before tax, in đồng
    tax: int | None  # TThue of the line when given


@dataclass(frozen=True)
class Related:
    """The invoice a replacement or adjustment invoice refers to (TTHDLQuan)."""

    nature: str  # "replacement" | "adjustment"
    template: str
    symbol: str
    number: str

    @property
    def doc(self) -> str:
        return doc_number(self.template, self.symbol, self.number)


@dataclass(frozen=True)
class Invoice:
    """One e-invoice as read from its XML (amounts converted to đồng)."""

    source: str
    template: str
    symbol: str
    number: str
    date: date
    seller_tax_code: str
    seller_name: str
    buyer_tax_code: str
    buyer_name: str
    payment: str  # HTTToan as written
    lines: tuple[InvoiceLine, ...]
    total_before_tax: int
    total_tax: int
    total: int  # TgTTTBSo
    related: Related | None = None

    @property
    def doc(self) -> str:
        return doc_number(self.template, self.symbol, self.number)

    @property
    def key(self) -> tuple[str, str]:
        """The duplicate key: seller tax code and document number."""
        return (self.seller_tax_code, self.doc)

    @property
    def cash_register(self) -> bool:
        return len(self.symbol) >= 4 and self.symbol[3] == "M"


@dataclass
class EinvoiceResult:
    """What an e-invoice import produced: entries to append and invoices skipped (with why)."""

    entries: list[Entry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    invoices: int = 0


# -- reading files --------------------------------------------------------------------------------

def is_einvoice_source(path: Path) -> bool:
    """Whether the import dispatcher should route `path` here: a .xml or .zip file, or a directory."""
    return path.is_dir() or path.suffix.lower() in (".xml", ".zip")


def read_invoices(path: Path) -> list[Invoice]:
    """Read every invoice of a .xml file, a directory (recursively, *.xml) or a .zip, in name order."""
    return [parse_invoice(data, name) for name, data in _xml_files(path)]


def _xml_files(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".xml")
        if not files:
            raise InputError("no .xml invoices in this directory", file=str(path))
        for file in files:
            yield str(file), _read_bytes(file)
        return
    if path.suffix.lower() == ".zip":
        yield from _zip_members(path)
        return
    yield str(path), _read_bytes(path)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_XML_BYTES:
            raise InputError(f"XML file larger than {MAX_XML_BYTES:,} bytes; refused", file=str(path))
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None


def _zip_members(path: Path) -> Iterator[tuple[str, bytes]]:
    """XML members of a zip, read in memory (nothing is extracted, so member paths cannot escape)."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a readable zip archive: {exc}", file=str(path)) from None
    with archive:
        infos = sorted((i for i in archive.infolist()
                        if not i.is_dir() and i.filename.lower().endswith(".xml")),
                       key=lambda i: i.filename)
        if not infos:
            raise InputError("no .xml invoices in this zip archive", file=str(path))
        if len(infos) > MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > MAX_ZIP_TOTAL:
            raise InputError("zip archive too large once uncompressed; refused", file=str(path))
        for info in infos:
            name = f"{path}!{info.filename}"
            if info.file_size > MAX_XML_BYTES:
                raise InputError(f"XML file larger than {MAX_XML_BYTES:,} bytes; refused", file=name)
            try:
                with archive.open(info) as member:
                    data = member.read(MAX_XML_BYTES + 1)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                    RuntimeError) as exc:
                raise InputError(f"cannot read from the zip archive: {exc}", file=name) from None
            if len(data) > MAX_XML_BYTES:
                raise InputError(f"XML file larger than {MAX_XML_BYTES:,} bytes; refused", file=name)
            yield name, data


# -- parsing one invoice --------------------------------------------------------------------------

def parse_invoice(data: bytes, name: str = "invoice.xml") -> Invoice:
    """Parse one TT 78/2021 invoice (the `HDon` element may be the root or wrapped in a message)."""
    root = parse_untrusted(data, name)
    hdon = find_first(root, "HDon")
    body = child(hdon, "DLHDon") if hdon is not None else None
    if body is None:
        raise InputError("not a TT 78/2021 e-invoice (no HDon/DLHDon element)", file=name)
    general = _required(body, "TTChung", name)
    content = _required(body, "NDHDon", name)
    seller = _required(content, "NBan", name)
    buyer = child(content, "NMua")
    totals = child(content, "TToan")
    if totals is None:
        totals = child(body, "TToan")
    rate = _exchange_rate(general, name)

    template = text_of(general, "KHMSHDon")
    symbol = text_of(general, "KHHDon").upper()
    number = text_of(general, "SHDon")
    if not symbol:
        raise InputError("the invoice symbol is empty", file=name, field="KHHDon")
    if not number.isdigit():
        raise InputError(f"invoice number {number!r} is not a number", file=name, field="SHDon")
    template, symbol = _split_symbol(template, symbol)
    seller_code = ids.compact(text_of(seller, "MST"))
    if not seller_code:
        raise InputError("the seller's tax code is empty", file=name, field="NBan/MST")

    goods_list = child(content, "DSHHDVu")
    items = children(goods_list, "HHDVu") if goods_list is not None else []
    lines = tuple(_line(item, rate, name, index) for index, item in enumerate(items, start=1))
    before_tax = _money(text_of(totals, "TgTCThue"), rate, name, "TToan/TgTCThue") if totals is not None \
        else sum(line.amount for line in lines)
    tax = _money(text_of(totals, "TgTThue"), rate, name, "TToan/TgTThue") if totals is not None else 0
    total_text = text_of(totals, "TgTTTBSo")
    total = _money(total_text, rate, name, "TToan/TgTTTBSo") if total_text else before_tax + tax
    return Invoice(
        source=name, template=template, symbol=symbol, number=number,
        date=_date(text_of(general, "NLap"), name), seller_tax_code=seller_code,
        seller_name=nfc(text_of(seller, "Ten")), buyer_tax_code=ids.compact(text_of(buyer, "MST")),
        buyer_name=nfc(text_of(buyer, "Ten") or text_of(buyer, "HVTNMHang")),
        payment=text_of(general, "HTTToan"),
        lines=lines, total_before_tax=before_tax, total_tax=tax, total=total,
        related=_related(general, name),
    )


def doc_number(template: str, symbol: str, number: str) -> str:
    """The journal's document number of an invoice: `1C26TAA-123` (leading zeros dropped)."""
    return f"{template}{symbol}-{int(number)}"


def _required(parent: Element, name: str, file: str) -> Element:
    found = child(parent, name)
    if found is None:
        raise InputError(f"missing element {name}", file=file, field=name)
    return found


def _split_symbol(template: str, symbol: str) -> tuple[str, str]:
    """Some providers write the 7-character `1C26TAA` in KHHDon; split off the template digit."""
    if len(symbol) == 7 and symbol[0].isdigit():
        return template or symbol[0], symbol[1:]
    return template, symbol


def _related(general: Element, file: str) -> Related | None:
    info = child(general, "TTHDLQuan")
    if info is None:
        return None
    nature = text_of(info, "TCHDon")
    if not nature:
        return None
    if nature not in ("1", "2"):
        raise InputError(f"TCHDon {nature!r} is neither 1 (replacement) nor 2 (adjustment)", file=file,
                         field="TTHDLQuan/TCHDon")
    number = text_of(info, "SHDCLQuan")
    if not number.isdigit():
        raise InputError(f"related invoice number {number!r} is not a number", file=file,
                         field="TTHDLQuan/SHDCLQuan")
    template, symbol = _split_symbol(text_of(info, "KHMSHDCLQuan"), text_of(info, "KHHDCLQuan").upper())
    return Related("replacement" if nature == "1" else "adjustment", template, symbol, number)


def _line(item: Element, rate: Decimal, file: str, index: int) -> InvoiceLine:
    where = f"DSHHDVu/HHDVu[{index}]"
    nature_text = text_of(item, "TChat") or "1"
    if nature_text not in ("1", "2", "3", "4"):
        raise InputError(f"TChat {nature_text!r} is not 1–4", file=file, field=f"{where}/TChat")
    qty_text = text_of(item, "SLuong")
    price_text = text_of(item, "DGia")
    amount_text = text_of(item, "ThTien")
    tax_text = text_of(item, "TThue")
    return InvoiceLine(
        nature=int(nature_text), name=nfc(text_of(item, "THHDVu")), unit=nfc(text_of(item, "DVTinh")),
        qty=_decimal(qty_text, file, f"{where}/SLuong") if qty_text else None,
        unit_price=_money(price_text, rate, file, f"{where}/DGia") if price_text else None,
        amount=_money(amount_text, rate, file, f"{where}/ThTien") if amount_text else 0,
        tax=_money(tax_text, rate, file, f"{where}/TThue") if tax_text else None,
    )


def _exchange_rate(general: Element, file: str) -> Decimal:
    currency = text_of(general, "DVTTe").upper() or "VND"
    if currency == "VND":
        return Decimal(1)
    rate_text = text_of(general, "TGia")
    if not rate_text:
        raise InputError(f"an invoice in {currency} needs the exchange rate TGia", file=file, field="TGia")
    rate = _decimal(rate_text, file, "TGia")
    if rate <= 0:
        raise InputError(f"exchange rate {rate_text!r} must be positive", file=file, field="TGia")
    return rate


def _decimal(text: str, file: str, field: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise InputError(f"{text!r} is not a number", file=file, field=field) from None
    if not value.is_finite() or abs(value) > Decimal("1e15"):
        raise InputError(f"{text!r} is not a usable number", file=file, field=field)
    return value


def _money(text: str, rate: Decimal, file: str, field: str) -> int:
    """An invoice amount in đồng: converted at TGia and rounded half-up (money.round_half_up)."""
    if not text:
        return 0
    return round_half_up(_decimal(text, file, field) * rate)


def _date(text: str, file: str) -> date:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(f"{text!r} is not a date (YYYY-MM-DD)", file=file, field="TTChung/NLap") from None


# -- invoices → entries ---------------------------------------------------------------------------

def import_einvoices(path: Path, household: Household, existing: Iterable[Entry] = ()) -> EinvoiceResult:
    """Read the invoices at `path` and turn them into entries (see the module docstring).

    `existing` is the ledger's entries (for duplicates and for replacing or adjusting invoices
    imported earlier); leave it empty when there is no ledger yet.
    """
    return invoices_to_entries(read_invoices(path), household, existing)


def invoices_to_entries(invoices: Iterable[Invoice], household: Household,
                        existing: Iterable[Entry] = ()) -> EinvoiceResult:
    """Entries for `invoices` in file order, skipping duplicates and resolving replacements and
    adjustments against the batch and the ledger's `existing` entries."""
    todo = list(invoices)
    own = {ids.compact(household.tax_code)}
    if household.legacy_tax_code:
        own.add(ids.compact(household.legacy_tax_code))
    ledger = _Index(own)
    for entry in existing:
        ledger.add(entry)
    superseded = set(ledger.replaced)
    for invoice in todo:
        if invoice.related is not None and invoice.related.nature == "replacement":
            superseded.add((_party(invoice, own), invoice.related.doc))
    result = EinvoiceResult(invoices=len(todo))
    batch: dict[tuple[str, str], list[Entry]] = {}
    for invoice in todo:
        key = (_party(invoice, own), invoice.doc)
        if key in batch or key in ledger.by_doc:
            result.skipped.append(f"{invoice.source}: duplicate of invoice {invoice.doc} "
                                  f"from {invoice.seller_tax_code}; skipped")
            continue
        if key in superseded:
            result.skipped.append(f"{invoice.source}: invoice {invoice.doc} was replaced; skipped")
            continue
        if key[0] != SELF and invoice.buyer_tax_code and invoice.buyer_tax_code not in own:
            raise InputError(f"invoice {invoice.doc}: neither the seller ({invoice.seller_tax_code}) nor the "
                             f"buyer ({invoice.buyer_tax_code}) is this household", file=invoice.source,
                             field="NMua/MST")
        if key[0] != SELF and invoice.total < 0 and invoice.related is None:
            raise InputError(f"invoice {invoice.doc} has a negative total but is not an adjustment invoice",
                             file=invoice.source, field="TToan/TgTTTBSo")
        entries = _entries_of(invoice, household, key[0] == SELF)
        if invoice.related is not None:
            entries = _resolve_related(invoice, entries, (key[0], invoice.related.doc), batch, ledger)
        batch[key] = entries
    for entries in batch.values():
        result.entries.extend(entries)
    return result


SELF = "self"
_MARK = re.compile(r"\[(thay thế|điều chỉnh) ([^\]]+)\]$")


class _Index:
    """The ledger's invoice entries: by (party, document), the ids already reversed, the documents
    replaced (from the `[thay thế DOC]` mark) and the entries adjusting a document."""

    def __init__(self, own: set[str]) -> None:
        self.own = own
        self.by_doc: dict[tuple[str, str], list[Entry]] = {}
        self.adjusting: dict[tuple[str, str], list[Entry]] = {}
        self.replaced: set[tuple[str, str]] = set()
        self.reversed: set[int] = set()

    def add(self, entry: Entry) -> None:
        if entry.reverses is not None:
            self.reversed.add(entry.reverses)
            return
        if not entry.doc or entry.kind is EntryKind.TRANSFER:
            return
        party = _entry_party(entry, self.own)
        self.by_doc.setdefault((party, entry.doc), []).append(entry)
        mark = _MARK.search(entry.description)
        if mark is not None:
            target = (party, mark.group(2))
            if mark.group(1) == "thay thế":
                self.replaced.add(target)
            else:
                self.adjusting.setdefault(target, []).append(entry)

    def live(self, key: tuple[str, str]) -> list[Entry]:
        """Entries of document `key` and of its adjustments that have not been reversed."""
        return [e for e in self.by_doc.get(key, []) + self.adjusting.get(key, [])
                if e.id is not None and e.id not in self.reversed]


def _party(invoice: Invoice, own: set[str]) -> str:
    return SELF if invoice.seller_tax_code in own else invoice.seller_tax_code


def _entry_party(entry: Entry, own: set[str]) -> str:
    if entry.kind in (EntryKind.SALE, EntryKind.SALE_RETURN):
        return SELF
    code = entry.counterparty.split(" ", 1)[0]
    return SELF if code in own else code


def _marked(entries: list[Entry], nature: str, doc: str) -> list[Entry]:
    return [e.model_copy(update={"description": f"{e.description} [{nature} {doc}]".strip()})
            for e in entries]


def _resolve_related(invoice: Invoice, entries: list[Entry], related: tuple[str, str],
                     batch: dict[tuple[str, str], list[Entry]], ledger: _Index) -> list[Entry]:
    """A replacement reverses the live entries of the invoice it replaces (an original in the same
    batch is skipped instead); an adjustment adds its increases, and turns each decrease into the
    reversal of the entry it lowers plus that entry's corrected amount (the store keeps reversals
    exact), so the corrected figure carries the adjustment's document number."""
    assert invoice.related is not None
    if invoice.related.nature == "replacement":
        reversals = [_reversal(e, invoice) for e in ledger.live(related)]
        return reversals + _marked(entries, "thay thế", related[1])
    result: list[Entry] = []
    for change in entries:
        if change.amount > 0:
            result.extend(_marked([change], "điều chỉnh", related[1]))
            continue
        in_batch = batch.get(related, [])
        candidates = in_batch or ledger.live(related)
        if not candidates:
            raise InputError(f"adjustment {invoice.doc} lowers invoice {related[1]}, which is neither in the "
                             "ledger nor in this import; import the original invoice first",
                             file=invoice.source, field="TTHDLQuan")
        target = max(candidates, key=lambda e: (e.description.split(" [", 1)[0] == change.description,
                                                 e.amount))
        amount = target.amount + change.amount
        if amount < 0:
            raise InputError(f"adjustment {invoice.doc} lowers {target.doc} below zero", file=invoice.source,
                             field="TToan/TgTTTBSo")
        if in_batch:
            in_batch.remove(target)  # no id yet: the corrected entry takes its place and date
        else:
            result.append(_reversal(target, invoice))
        if amount > 0:
            corrected = replace_amount(target, amount, -abs(change.qty) if change.qty else None)
            corrected = corrected.model_copy(update={
                "doc": invoice.doc, "source": invoice.source,
                "date": target.date if in_batch else invoice.date,
                "description": target.description.split(" [", 1)[0]})
            result.extend(_marked([corrected], "điều chỉnh", related[1]))
    return result


def _reversal(entry: Entry, invoice: Invoice) -> Entry:
    """The exact reversal of a ledger entry (as `SqliteLedger.reverse` writes it), dated on the
    replacing or adjusting invoice."""
    return entry.model_copy(update={
        "id": None, "date": invoice.date, "amount": -entry.amount, "reverses": entry.id,
        "withheld_vat": -entry.withheld_vat, "withheld_pit": -entry.withheld_pit,
        "qty": None if entry.qty is None else -entry.qty,
        "description": f"Đảo bút toán #{entry.id} theo hóa đơn {invoice.doc}", "source": invoice.source,
    })


def _entries_of(invoice: Invoice, household: Household, is_sale: bool) -> list[Entry]:
    if is_sale:
        return _sale(invoice, household)
    category = household.einvoice.expense_map.get(invoice.seller_tax_code)
    if category is not None and category is not CostCategory.GOODS:
        return _expense(invoice, household, category)
    return _purchases(invoice, household)


def _payment(invoice: Invoice, household: Household) -> str:
    """HTTToan → payment: "CK", card or transfer alone is the bank; "TM", "TM/CK" or nothing stays
    cash, the cautious reading for ND 68/2026 Art 6.1 (a cost needs proof of non-cash payment)."""
    tokens = set(re.split(r"[/,;+\-]", invoice.payment.lower().replace(" ", "")))
    cash = bool(tokens & {"tm", "tiềnmặt"})
    bank = bool(tokens & {"ck", "chuyểnkhoản", "thẻ", "ngânhàng", "tmđt"})
    return "bank" if bank and not cash else "cash"


def _row(invoice: Invoice, household: Household, **values: str) -> Entry:
    row = {"date": invoice.date.isoformat(), "doc": invoice.doc, "payment": _payment(invoice, household),
           **values}
    try:
        return parse_row(row, household, source=invoice.source)
    except InputError as exc:
        raise exc.located(file=invoice.source) from None


def _sale(invoice: Invoice, household: Household) -> list[Entry]:
    line = _line_for(invoice, household)
    names = [item.name for item in invoice.lines if item.nature == GOODS and item.name]
    label = "Máy tính tiền" if invoice.cash_register else "Hóa đơn"
    description = f"{label} {invoice.doc}" + (f": {names[0]}" if names else "")
    description += " …" if len(names) > 1 else ""
    buyer = " ".join(p for p in (invoice.buyer_tax_code, invoice.buyer_name) if p)
    if invoice.total == 0:
        return []
    kind = EntryKind.SALE if invoice.total > 0 else EntryKind.SALE_RETURN
    return [_row(invoice, household, kind=kind.value, amount=str(abs(invoice.total)), line=line,
                 description=description, counterparty=buyer)]


def _line_for(invoice: Invoice, household: Household) -> str:
    line_map = household.einvoice.line_map
    for key in (invoice.template + invoice.symbol, invoice.symbol, "*"):
        if key in line_map:
            return line_map[key]
    if len(household.lines) == 1:
        return household.lines[0].id
    raise InputError(f"invoice {invoice.doc}: cannot choose a business line; add the symbol "
                     f"{invoice.symbol!r} (or \"*\") to [einvoice] line_map in household.toml",
                     file=invoice.source, field="KHHDon")


def _counterparty(invoice: Invoice) -> str:
    return " ".join(p for p in (invoice.seller_tax_code, invoice.seller_name) if p)


def _expense(invoice: Invoice, household: Household, category: CostCategory) -> list[Entry]:
    if invoice.total == 0:
        return []
    names = [item.name for item in invoice.lines if item.nature == GOODS and item.name]
    entry = _row(invoice, household, kind="expense", amount=str(abs(invoice.total)), category=category.value,
                 description=names[0] if names else f"Hóa đơn {invoice.doc}",
                 counterparty=_counterparty(invoice))
    return [_negate(entry)] if invoice.total < 0 else [entry]


def _purchases(invoice: Invoice, household: Household) -> list[Entry]:
    """One purchase per goods line; the invoice total (tax, discounts, fees included, since a
    household does not deduct input VAT) is spread over them in proportion to their amounts."""
    goods = [item for item in invoice.lines if item.nature == GOODS and item.amount != 0]
    if invoice.total == 0:
        return []
    sign = 1 if invoice.total > 0 else -1
    weights = [abs(item.amount) for item in goods]
    if not goods or sum(weights) == 0:
        entry = _row(invoice, household, kind="purchase", amount=str(abs(invoice.total)),
                     description=f"Hóa đơn {invoice.doc}", counterparty=_counterparty(invoice))
        return [_negate(entry)] if sign < 0 else [entry]
    entries = []
    for item, amount in zip(goods, allocate(abs(invoice.total), weights), strict=True):
        if amount == 0:
            continue
        values = {"kind": "purchase", "amount": str(amount), "counterparty": _counterparty(invoice),
                  "description": item.name or f"Hóa đơn {invoice.doc}"}
        if item.qty and item.name:  # goods with a quantity: inventory (S2-HKD); a decrease keeps |qty|
            qty = abs(item.qty)
            values.update(item=item.name, unit=item.unit, qty=format(qty.normalize(), "f"),
                          unit_price=str(round_half_up(Decimal(amount) / qty)))
        entry = _row(invoice, household, **values)
        entries.append(_negate(entry) if sign < 0 else entry)
    return entries


def _negate(entry: Entry) -> Entry:
    return replace_amount(entry, -entry.amount)


def replace_amount(entry: Entry, amount: int, qty_change: Decimal | None = None) -> Entry:
    """A copy of `entry` with another amount and, for goods, quantity; the unit cost follows."""
    update: dict[str, object] = {"amount": amount}
    qty = entry.qty
    if qty is not None and qty_change is not None and qty + qty_change > 0:
        qty = qty + qty_change
        update["qty"] = qty
    if qty:
        update["unit_price"] = round_half_up(Decimal(abs(amount)) / qty)
    return entry.model_copy(update=update)


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split `total` đồng in proportion to `weights` (largest remainder, ties to the earliest line);
    the parts always sum to `total` exactly."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for index in remainders[: total - sum(shares)]:
        shares[index] += 1
    return shares


"""E-invoice import: TT 78/2021 invoices (read by `einvoice_xml`) → journal entries.

- The household is the seller (NBan/MST is its tax code or legacy code): one `sale` of the invoice
  total TgTTTBSo (a household's revenue includes the tax: TT 40/2021 Art 10.1, ND 68/2026 Art 5),
  on the business line chosen by `[einvoice] line_map` (invoice symbol or "*") or the single line.
- Otherwise it is a purchase: one `purchase` per goods line (item, unit, qty, effective unit cost)
  with the invoice total spread over the lines in proportion to their amounts (a household does not
  deduct input VAT, so the cost includes it), or one `expense` when `[einvoice] expense_map` gives
  a cost category for the seller's tax code.
- The document number is template + symbol + "-" + number (`1C26TAA-123`); the counterparty is
  the other party's tax code and name.
- Duplicates (same seller and document number) are skipped, within the import and against the
  ledger's existing entries; so are invoices between two other parties, and purchase invoices whose
  buyer tax code is empty (a retail invoice to an unnamed buyer) unless the user says they are the
  household's (`mine`): a household's cost must be evidenced by an invoice made out to it
  (ND 68/2026 Art 6.2.b; TT 78/2021 Art 10.5 names the buyer on the invoice). Each skip says why.
- An invoice of 0 đ (free or promotional goods) records no entry, and says so with its goods and
  quantities: a purchase of 0 đ is no cost, and the quantities belong in the stock book only if
  the goods enter the household's stock (record them with `hhtax add purchase`).
- A replacement invoice (ND 123/2020 Art 19) reverses the live entries of the invoice it replaces,
  or skips that invoice when both are in the same import; an adjustment invoice adds an increase,
  and turns a decrease into the reversal of the entry it lowers plus the corrected entry under the
  adjustment's number (the store keeps reversals exact). Entries carry a `[thay thế DOC]` or
  `[điều chỉnh DOC]` mark in their description, so later imports see what was replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from hhtax import ids
from hhtax.errors import InputError
from hhtax.importers.einvoice_xml import GOODS, Invoice, read_invoices
from hhtax.importers.rows import parse_row
from hhtax.model import CostCategory, Entry, EntryKind, Household
from hhtax.money import round_half_up
from hhtax.text import nfc


@dataclass
class EinvoiceResult:
    """What an e-invoice import produced: entries to append and invoices skipped (with why)."""

    entries: list[Entry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    invoices: int = 0


# -- invoices → entries ---------------------------------------------------------------------------

def import_einvoices(path: Path, household: Household, existing: Iterable[Entry] = (), *,
                     mine: bool = False) -> EinvoiceResult:
    """Read the invoices at `path` and turn them into entries (see the module docstring).

    `existing` is the ledger's entries (for duplicates and for replacing or adjusting invoices
    imported earlier); leave it empty when there is no ledger yet. `mine`: purchase invoices whose
    buyer tax code is empty or another's are the household's all the same.
    """
    return invoices_to_entries(read_invoices(path), household, existing, mine=mine)


def invoices_to_entries(invoices: Iterable[Invoice], household: Household,
                        existing: Iterable[Entry] = (), *, mine: bool = False) -> EinvoiceResult:
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
        reason = _not_ours(invoice, own, key[0] == SELF, mine)
        if reason:
            result.skipped.append(f"{invoice.source}: invoice {invoice.doc}: {reason}")
            continue
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


def _not_ours(invoice: Invoice, own: set[str], is_sale: bool, mine: bool) -> str:
    """Why an invoice records no entry for this household, or "" when it does."""
    if not is_sale and not mine and invoice.buyer_tax_code not in own:
        if invoice.buyer_tax_code:
            return (f"neither the seller ({invoice.seller_tax_code}) nor the buyer "
                    f"({invoice.buyer_tax_code}) is this household; skipped (import with --mine if it is "
                    "the household's purchase)")
        return ("the buyer's tax code is empty, so the invoice is not made out to this household; skipped "
                "(import with --mine if it is the household's purchase)")
    if invoice.total == 0 and invoice.related is None:
        goods = [f"{format(item.qty.normalize(), 'f')} {item.unit} {item.name}".replace("  ", " ")
                 for item in invoice.lines if item.nature == GOODS and item.qty]
        what = f" ({'; '.join(goods)})" if goods else ""
        return (f"total 0 đ{what}: no entry recorded (a free or promotional invoice moves no money; if the "
                "goods enter your stock, record them with `hhtax add purchase`)")
    return ""


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
    original = batch.get(related, [])  # the original's entries in this import (no id yet)
    for change in entries:
        if change.amount > 0:
            result.extend(_marked([change], "điều chỉnh", related[1]))
            continue
        candidates = [e for e in original + result if e.reverses is None] + ledger.live(related)
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
        if target.id is None:  # not recorded yet: the corrected entry takes its place and date
            (original if any(e is target for e in original) else result).remove(target)
        else:
            result.append(_reversal(target, invoice))
            ledger.reversed.add(target.id)
        if amount > 0:
            corrected = _replace_amount(target, amount, -abs(change.qty) if change.qty else None)
            corrected = corrected.model_copy(update={
                "id": None, "doc": invoice.doc, "source": invoice.source,
                "date": target.date if target.id is None else invoice.date,
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
    expense_map = {ids.compact(code): category for code, category in household.einvoice.expense_map.items()}
    category = expense_map.get(invoice.seller_tax_code)
    if category is not None and category is not CostCategory.GOODS:
        return _expense(invoice, household, category)
    return _purchases(invoice, household)


_CASH_MARKS = ("tm", "tiềnmặt")
_BANK_MARKS = ("ck", "chuyểnkhoản", "thẻ", "ngânhàng", "qr", "víđiệntử", "ví")


def _payment(invoice: Invoice) -> str:
    """HTTToan → payment: transfer, card, QR or e-wallet alone is the bank; cash, "TM/CK" or
    nothing stays cash, the cautious reading for ND 68/2026 Art 6.1 (a cost paid in cash from
    5,000,000 needs proof of non-cash payment to be deducted)."""
    tokens = [t for t in re.split(r"[/,;+\-]", nfc(invoice.payment).lower().replace(" ", "")) if t]
    cash = any(t.startswith(_CASH_MARKS) for t in tokens)
    bank = any(t.startswith(_BANK_MARKS) for t in tokens)
    return "bank" if bank and not cash else "cash"


def _row(invoice: Invoice, household: Household, **values: str) -> Entry:
    row = {"date": invoice.date.isoformat(), "doc": invoice.doc, "payment": _payment(invoice),
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
    if invoice.total == 0:
        return []
    sign = 1 if invoice.total > 0 else -1
    # goods lines of the invoice's own sign; a negative line on a positive invoice is a discount
    goods = [item for item in invoice.lines if item.nature == GOODS and item.amount * sign > 0]
    weights = [abs(item.amount) for item in goods]
    if not goods:
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
    return _replace_amount(entry, -entry.amount)


def _replace_amount(entry: Entry, amount: int, qty_change: Decimal | None = None) -> Entry:
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


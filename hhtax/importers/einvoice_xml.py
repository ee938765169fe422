"""Reading e-invoices: TT 78/2021 XML (one file, a directory or a .zip) into `Invoice` values.

The layout is the one of Decision 1450/QĐ-TCT implementing ND 123/2020/NĐ-CP Art 10 and TT
78/2021/TT-BTC: `HDon/DLHDon` with `TTChung` (KHMSHDon template, KHHDon symbol, SHDon number, NLap
date, HTTToan payment, DVTTe/TGia currency, `TTHDLQuan` for replacement (TCHDon 1) and adjustment
(TCHDon 2) invoices), `NDHDon` with `NBan` (seller), `NMua` (buyer), `DSHHDVu/HHDVu` (TChat, STT,
THHDVu, DVTinh, SLuong, DGia, ThTien, TSuat, TThue) and `TToan` (TgTCThue, TgTThue, TgTTTBSo).
Cash-register invoices (ND 123/2020 Art 11, ND 70/2025) have "M" in the symbol's 4th place.

Files are untrusted: XML goes through `xmlsafe` (no DTDs or entities), zip members are read in
memory with size limits and never extracted. Amounts in a foreign currency are converted at TGia
and rounded half-up (`money.round_half_up`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree.ElementTree import Element

from hhtax import ids
from hhtax.errors import InputError
from hhtax.i18n import msg, register
from hhtax.importers.xmlsafe import MAX_XML_BYTES, child, children, local, parse_untrusted, text_of
from hhtax.money import AMOUNT_LIMIT, round_half_up
from hhtax.text import nfc

MAX_ZIP_MEMBERS = 100_000
MAX_ZIP_TOTAL = 2_000_000_000

register({
    "einv.no_xml_dir": ("thư mục này không có hóa đơn .xml nào", "no .xml invoices in this directory"),
    "einv.no_xml_zip": ("tệp zip này không có hóa đơn .xml nào", "no .xml invoices in this zip archive"),
    "einv.too_large": ("tệp XML lớn hơn {limit} byte; bị từ chối",
                       "XML file larger than {limit} bytes; refused"),
    "einv.not_found": ("không tìm thấy tệp", "file not found"),
    "einv.cannot_read": ("không đọc được: {error}", "cannot read: {error}"),
    "einv.bad_zip": ("không phải tệp zip đọc được: {error}", "not a readable zip archive: {error}"),
    "einv.zip_bomb": ("tệp zip quá lớn khi giải nén; bị từ chối",
                      "zip archive too large once uncompressed; refused"),
    "einv.zip_read": ("không đọc được từ tệp zip: {error}", "cannot read from the zip archive: {error}"),
    "einv.not_invoice": ("không phải hóa đơn điện tử TT 78/2021 (không có phần tử {element})",
                         "not a TT 78/2021 e-invoice (no {element} element)"),
    "einv.symbol_empty": ("ký hiệu hóa đơn bị trống", "the invoice symbol is empty"),
    "einv.number": ("số hóa đơn {number} không phải là số", "invoice number {number} is not a number"),
    "einv.seller_empty": ("mã số thuế người bán bị trống", "the seller's tax code is empty"),
    "einv.missing": ("thiếu phần tử {element}", "missing element {element}"),
    "einv.tchdon": ("TCHDon {value} không phải 1 (thay thế) hay 2 (điều chỉnh)",
                    "TCHDon {value} is neither 1 (replacement) nor 2 (adjustment)"),
    "einv.related_number": ("số hóa đơn liên quan {number} không phải là số",
                            "related invoice number {number} is not a number"),
    "einv.tchat": ("TChat {value} không thuộc 1–4", "TChat {value} is not 1–4"),
    "einv.needs_rate": ("hóa đơn bằng {currency} cần tỷ giá TGia",
                        "an invoice in {currency} needs the exchange rate TGia"),
    "einv.rate_positive": ("tỷ giá {rate} phải dương", "exchange rate {rate} must be positive"),
    "einv.not_number": ("{value} không phải là số", "{value} is not a number"),
    "einv.unusable": ("{value} không phải số dùng được", "{value} is not a usable number"),
    "einv.ceiling": ("số tiền {value} đồng vượt mức trần 999.999.999.999.999 đồng cho một số tiền",
                     "amount {value} đồng is above the ceiling of 999.999.999.999.999 đồng for one amount"),
    "einv.date": ("{value} không phải ngày (YYYY-MM-DD)", "{value} is not a date (YYYY-MM-DD)"),
})

GOODS = 1  # TChat (tính chất) of a goods or service line; 2 promotion, 3 trade discount, 4 note


@dataclass(frozen=True)
class InvoiceLine:
    nature: int
    name: str
    unit: str
    qty: Decimal | None
    unit_price: int | None
    amount: int  # ThTien, before tax, in đồng


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
    def cash_register(self) -> bool:
        return len(self.symbol) >= 4 and self.symbol[3] == "M"


# -- reading files --------------------------------------------------------------------------------

def is_einvoice_source(path: Path) -> bool:
    """Whether the import dispatcher should route `path` here: a .xml or .zip file, or a directory."""
    return path.is_dir() or path.suffix.lower() in (".xml", ".zip")


def read_invoices(path: Path) -> list[Invoice]:
    """Read every invoice of a .xml file, a directory (recursively, *.xml) or a .zip, in name order."""
    return [invoice for name, data in _xml_files(path) for invoice in parse_invoices(data, name)]


def _xml_files(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".xml")
        if not files:
            raise InputError(msg("einv.no_xml_dir"), file=str(path))
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
            raise InputError(msg("einv.too_large", limit=f"{MAX_XML_BYTES:,}"), file=str(path))
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(msg("einv.not_found"), file=str(path)) from None
    except OSError as exc:
        raise InputError(msg("einv.cannot_read", error=str(exc.strerror)), file=str(path)) from None


def _zip_members(path: Path) -> Iterator[tuple[str, bytes]]:
    """XML members of a zip, read in memory (nothing is extracted, so member paths cannot escape)."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(msg("einv.not_found"), file=str(path)) from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(msg("einv.bad_zip", error=str(exc)), file=str(path)) from None
    with archive:
        infos = sorted((i for i in archive.infolist()
                        if not i.is_dir() and i.filename.lower().endswith(".xml")),
                       key=lambda i: i.filename)
        if not infos:
            raise InputError(msg("einv.no_xml_zip"), file=str(path))
        if len(infos) > MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > MAX_ZIP_TOTAL:
            raise InputError(msg("einv.zip_bomb"), file=str(path))
        for info in infos:
            name = f"{path}!{info.filename}"
            if info.file_size > MAX_XML_BYTES:
                raise InputError(msg("einv.too_large", limit=f"{MAX_XML_BYTES:,}"), file=name)
            try:
                with archive.open(info) as member:
                    data = member.read(MAX_XML_BYTES + 1)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                    RuntimeError) as exc:
                raise InputError(msg("einv.zip_read", error=str(exc)), file=name) from None
            if len(data) > MAX_XML_BYTES:
                raise InputError(msg("einv.too_large", limit=f"{MAX_XML_BYTES:,}"), file=name)
            yield name, data


# -- parsing one invoice --------------------------------------------------------------------------

def parse_invoices(data: bytes, name: str = "invoice.xml") -> list[Invoice]:
    """The invoices of one XML file: its `HDon` elements, whether the root or wrapped in a message
    or a list (a file of several invoices names each `file#n`)."""
    root = parse_untrusted(data, name)
    found = [e for e in root.iter() if isinstance(e.tag, str) and local(e.tag) == "HDon"]
    if not found:
        raise InputError(msg("einv.not_invoice", element="HDon"), file=name)
    if len(found) == 1:
        return [_invoice(found[0], name)]
    return [_invoice(hdon, f"{name}#{index}") for index, hdon in enumerate(found, start=1)]


def _invoice(hdon: Element, name: str) -> Invoice:
    body = child(hdon, "DLHDon")
    if body is None:
        raise InputError(msg("einv.not_invoice", element="HDon/DLHDon"), file=name)
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
        raise InputError(msg("einv.symbol_empty"), file=name, field="KHHDon")
    if not _is_number(number):
        raise InputError(msg("einv.number", number=repr(number)), file=name, field="SHDon")
    template, symbol = _split_symbol(template, symbol)
    seller_code = ids.compact(text_of(seller, "MST"))
    if not seller_code:
        raise InputError(msg("einv.seller_empty"), file=name, field="NBan/MST")

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


def _is_number(text: str) -> bool:
    """An invoice number: ASCII digits (ND 123/2020 Art 10.3: at most 8), leading zeros allowed."""
    return text.isascii() and text.isdigit() and len(text) <= 20


def _required(parent: Element, name: str, file: str) -> Element:
    found = child(parent, name)
    if found is None:
        raise InputError(msg("einv.missing", element=name), file=file, field=name)
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
        raise InputError(msg("einv.tchdon", value=repr(nature)), file=file,
                         field="TTHDLQuan/TCHDon")
    number = text_of(info, "SHDCLQuan")
    if not _is_number(number):
        raise InputError(msg("einv.related_number", number=repr(number)), file=file,
                         field="TTHDLQuan/SHDCLQuan")
    template, symbol = _split_symbol(text_of(info, "KHMSHDCLQuan"), text_of(info, "KHHDCLQuan").upper())
    return Related("replacement" if nature == "1" else "adjustment", template, symbol, number)


def _line(item: Element, rate: Decimal, file: str, index: int) -> InvoiceLine:
    where = f"DSHHDVu/HHDVu[{index}]"
    nature_text = text_of(item, "TChat") or "1"
    if nature_text not in ("1", "2", "3", "4"):
        raise InputError(msg("einv.tchat", value=repr(nature_text)), file=file, field=f"{where}/TChat")
    qty_text = text_of(item, "SLuong")
    price_text = text_of(item, "DGia")
    amount_text = text_of(item, "ThTien")
    qty = _decimal(qty_text, file, f"{where}/SLuong") if qty_text else None
    price = _decimal(price_text, file, f"{where}/DGia") if price_text else None
    if amount_text:
        amount = _money(amount_text, rate, file, f"{where}/ThTien")
    else:  # ThTien left out: quantity × unit price
        amount = _dong(qty * price * rate, file, f"{where}/ThTien") if qty is not None and price is not None \
            else 0
    return InvoiceLine(
        nature=int(nature_text), name=nfc(text_of(item, "THHDVu")), unit=nfc(text_of(item, "DVTinh")),
        qty=qty, unit_price=_dong(price * rate, file, f"{where}/DGia") if price is not None else None,
        amount=amount,
    )


_DONG = frozenset({"VND", "VNĐ", "Đ", "ĐỒNG", "DONG"})
"""How invoices write the đồng in DVTTe (ISO 4217 VND, and the "VNĐ"/"đ" many issuers use): no
exchange rate is needed."""


def _exchange_rate(general: Element, file: str) -> Decimal:
    currency = nfc(text_of(general, "DVTTe")).upper() or "VND"
    if currency in _DONG:
        return Decimal(1)
    rate_text = text_of(general, "TGia")
    if not rate_text:
        raise InputError(msg("einv.needs_rate", currency=currency), file=file, field="TGia")
    rate = _decimal(rate_text, file, "TGia")
    if rate <= 0:
        raise InputError(msg("einv.rate_positive", rate=repr(rate_text)), file=file, field="TGia")
    return rate


def _decimal(text: str, file: str, field: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise InputError(msg("einv.not_number", value=repr(text)), file=file, field=field) from None
    if not value.is_finite() or value.adjusted() > 15:  # adjusted(): no overflow on 1e999999999
        raise InputError(msg("einv.unusable", value=repr(text)), file=file, field=field)
    return value


def _money(text: str, rate: Decimal, file: str, field: str) -> int:
    """An invoice amount in đồng: converted at TGia and rounded half-up (money.round_half_up)."""
    if not text:
        return 0
    return _dong(_decimal(text, file, field) * rate, file, field)


def _dong(value: Decimal, file: str, field: str) -> int:
    if abs(value) >= AMOUNT_LIMIT - Decimal("0.5"):
        raise InputError(msg("einv.ceiling", value=f"{value:.3E}"), file=file, field=field)
    return round_half_up(value)


def _date(text: str, file: str) -> date:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(msg("einv.date", value=repr(text)), file=file, field="TTChung/NLap") from None

"""Importers: vendor profiles (UTF-8 with BOM, Windows-1258), JSON Lines, the dispatcher, NFC."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hhtax.errors import InputError
from hhtax.importers import import_file
from hhtax.importers.profiles import load_profile, parse_profile, shipped_profiles
from hhtax.importers.rows import parse_row
from hhtax.model import CostCategory, EntryKind
from tests.ledger_helpers import household, to_cp1258

POS = ("\ufeffMã hóa đơn;Thời gian;Khách hàng;Khách cần trả;Phương thức thanh toán;Ghi chú\n"
       "HD000101;05/01/2026 09:15:02;Khách lẻ;1.250.000;Tiền mặt;\n"
       "HD000102;05/01/2026 10:01:44;Chị Hương;85.000;Chuyển khoản;Giao tận nhà\n")


def test_shipped_profiles() -> None:
    assert {"pos-generic", "sales-book-cp1258", "einvoice-purchases"} <= set(shipped_profiles())
    for name in shipped_profiles():
        assert load_profile(name).name == name


def test_pos_generic_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "pos.csv"
    path.write_bytes(POS.encode("utf-8"))
    entries = list(import_file(path, household(), "pos-generic", defaults={"line": "shop"}))
    assert [(e.date, e.kind, e.amount, e.doc, e.payment, e.line) for e in entries] == [
        (date(2026, 1, 5), EntryKind.SALE, 1_250_000, "HD000101", "cash", "shop"),
        (date(2026, 1, 5), EntryKind.SALE, 85_000, "HD000102", "bank", "shop"),
    ]
    assert entries[1].counterparty == "Chị Hương"
    assert entries[1].description == "Giao tận nhà"
    assert entries[0].source == f"{path}:2"


def test_windows_1258_is_decoded_and_nfc_normalised(tmp_path: Path) -> None:
    text = ("Ngày chứng từ,Số chứng từ,Diễn giải,Tên hàng,ĐVT,Số lượng,Đơn giá,Thành tiền\n"
            "03/02/2026,BH0007,Bán lẻ,Nước mắm Phú Quốc,chai,\"2,5\",40.000,100.000\n")
    raw = to_cp1258(text)
    assert raw != text.encode("utf-8")
    path = tmp_path / "so-ban-hang.csv"
    path.write_bytes(raw)
    # the profile writes "." between thousands and "," before decimals: 2,5 is two and a half,
    # 1.5 is refused (a group of one digit after a thousands separator)
    [half] = import_file(path, household(), "sales-book-cp1258", defaults={"line": "shop"})
    assert half.qty == Decimal("2.5")
    path.write_bytes(raw.replace(b'"2,5"', b"1.5"))
    with pytest.raises(InputError, match=r":2: Số lượng \(qty\): '1.5' is not a number"):
        list(import_file(path, household(), "sales-book-cp1258", defaults={"line": "shop"}))
    path.write_bytes(raw.replace(b'"2,5"', b"2"))
    [entry] = import_file(path, household(), "sales-book-cp1258", defaults={"line": "shop"})
    assert entry.item == "Nước mắm Phú Quốc"
    assert unicodedata.is_normalized("NFC", entry.item)
    assert (entry.amount, entry.qty, entry.unit_price, entry.unit) == (100_000, Decimal(2), 40_000, "chai")


def test_einvoice_purchases_profile(tmp_path: Path) -> None:
    path = tmp_path / "mua-vao.csv"
    path.write_text("Ngày lập,Ký hiệu,Số hóa đơn,MST người bán,Tên người bán,Tổng tiền thanh toán\n"
                    "10/03/2026,1C26TAA,123,0100109106,Công ty TNHH Gạo Việt,5500000\n", encoding="utf-8")
    [entry] = import_file(path, household(), "einvoice-purchases")
    assert (entry.kind, entry.category, entry.amount, entry.doc) == (EntryKind.PURCHASE, CostCategory.GOODS,
                                                                     5_500_000, "123")


def test_profile_from_a_path_and_its_errors(tmp_path: Path) -> None:
    custom = tmp_path / "mine.toml"
    custom.write_text('delimiter = "|"\n[columns]\n"Ngày" = "date"\n"Tiền" = "amount"\n'
                      '[defaults]\nkind = "sale"\nline = "cafe"\n', encoding="utf-8")
    data = tmp_path / "d.txt"
    data.write_text("Ngày|Tiền\n2026-05-01|20000\n", encoding="utf-8")
    [entry] = import_file(data, household(), str(custom))
    assert (entry.line, entry.amount) == ("cafe", 20_000)
    with pytest.raises(InputError, match="unknown profile 'nope'"):
        load_profile("nope")
    with pytest.raises(InputError, match="not a journal column"):
        parse_profile('[columns]\n"X" = "colour"\n', "x", source="x.toml")
    with pytest.raises(InputError, match="unknown encoding"):
        parse_profile('encoding = "klingon"\n', "x", source="x.toml")
    with pytest.raises(InputError, match="unknown profile key"):
        parse_profile('delimeter = ";"\n', "x", source="x.toml")


def test_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    path.write_text('{"date": "2026-01-02", "kind": "sale", "amount": 15000, "line": "shop",'
                    ' "withheld": true, "withheld_vat": 150, "doc": null}\n\n'
                    '{"date": "2026-01-03", "kind": "expense", "amount": "20000", "category": "rent"}\n',
                    encoding="utf-8")
    first, second = import_file(path, household())
    assert (first.amount, first.withheld, first.withheld_vat, first.doc) == (15_000, True, 150, "")
    assert second.category is CostCategory.RENT
    assert second.source == f"{path}:3"


def test_canonical_csv_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Bán cà phê sữa đá")
    path = tmp_path / "j.csv"
    path.write_text(f"date,kind,amount,line,description\n2026-01-02,sale,1000,cafe,{decomposed}\n",
                    encoding="utf-8")
    [entry] = import_file(path, household())
    assert entry.description == "Bán cà phê sữa đá"


@given(st.text(alphabet="aăâeêioôơuưyAĂÂĐđ \u0300\u0301\u0303\u0309\u0323", max_size=30))
def test_text_is_always_nfc(text: str) -> None:
    entry = parse_row({"date": "2026-01-01", "kind": "sale", "amount": "1", "line": "shop",
                       "description": text}, household())
    assert unicodedata.is_normalized("NFC", entry.description)
    assert entry.description == unicodedata.normalize("NFC", text).strip()


@given(st.integers(min_value=1, max_value=10**15 - 1))
def test_thousands_separator_round_trip(amount: int) -> None:
    shown = f"{amount:,}".replace(",", ".")
    entry = parse_row({"date": "01/01/2026", "kind": "sale", "amount": shown, "line": "shop"}, household(),
                      date_format="%d/%m/%Y", thousands=".")
    assert entry.amount == amount

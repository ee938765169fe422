"""Fuzzing every importer and the declaration XML reader with Hypothesis.

Arbitrary bytes and mutated valid files must end in a typed `HhtaxError` (or a valid result),
never another exception or a hang (the per-example deadline catches slow paths).
HHTAX_FUZZ_EXAMPLES sets the examples per target (default 300)."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdf_samples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hhtax.declarations.xml import from_xml, to_xml
from hhtax.errors import HhtaxError
from hhtax.importers.csv_file import CANONICAL, read_csv, read_csv_text
from hhtax.importers.einvoice import import_einvoices, invoices_to_entries
from hhtax.importers.einvoice_xml import parse_invoices
from hhtax.importers.jsonl import read_jsonl
from hhtax.importers.profiles import load_profile, parse_profile, shipped_profiles
from hhtax.importers.rows import KNOWN_COLUMNS, parse_row
from hhtax.journal.household_file import household_from_dict, load_household
from hhtax.model import Household

CORPUS = Path(__file__).parent / "corpus"
HOUSEHOLD = load_household(CORPUS / "einvoices" / "household.toml")
ONE_LINE = Household.model_validate({"tax_code": "0314409058", "name": "Phạm Văn Đức",
                                     "lines": [{"id": "shop", "group": "goods"}],
                                     "accounts": [{"id": "vcb", "number": "0071000123456"}]})
INVOICE_SEEDS = [p.read_bytes() for p in sorted((CORPUS / "einvoices").glob("*.xml"))]
DECLARATION_SEEDS = [to_xml(pdf_samples.tt40()), to_xml(pdf_samples.tt18()),
                     to_xml(pdf_samples.tt18(supplementary=True))]
CSV_SEED = ("date,kind,amount,line,doc,description,payment,category,item,unit,qty,unit_price\n"
            "2026-01-05,sale,1500000,shop,HD1,Bán lẻ,cash,,,,,\n"
            "2026-01-06,purchase,900000,,PN1,Nhập gạo,bank,goods,Gạo,kg,50,18000\n"
            "2026-01-07,expense,300000,,,Tiền điện,bank:vcb,electricity,,,,\n")
JSONL_SEED = ('{"date":"2026-01-05","kind":"sale","amount":1500000,"line":"shop"}\n'
              '{"date":"2026-01-06","kind":"expense","amount":"200000","category":"rent"}\n')
PROFILE_SEED = ('name = "pos"\nencoding = "utf-8"\ndelimiter = ";"\ndate_format = "%d/%m/%Y"\n'
                'thousands = "."\n[columns]\n"Ngày" = "date"\n"Tiền" = "amount"\n[defaults]\nkind = "sale"\n')
HOUSEHOLD_SEED = (CORPUS / "einvoices" / "household.toml").read_text(encoding="utf-8")

FUZZ = settings(max_examples=int(os.environ.get("HHTAX_FUZZ_EXAMPLES", "300")), deadline=3000,
                suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed with a few random edits: byte flips, deletions, insertions, duplicated slices."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "delete", "insert", "duplicate", "truncate"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(st.sampled_from([b"<", b">", b"&", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"-",
                                                b"\x00", b"\xff\xfe", b"1e999", b"NaN", b"</HDon>",
                                                b"<TCHDon>2</TCHDon>", "đ".encode(), b"=cmd|"]))
        elif action == "duplicate":
            end = min(len(data), at + draw(st.integers(1, 200)))
            data[at:at] = data[at:end]
        else:
            del data[at:]
    return bytes(data)


def _typed(call: Callable[[], Any]) -> None:
    """Run `call`; it may succeed or raise an HhtaxError that says something; anything else fails."""
    try:
        call()
    except HhtaxError as exc:
        assert str(exc).strip()


def _as_text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


@FUZZ
@given(st.binary(max_size=2000))
def test_einvoice_arbitrary_bytes(data: bytes) -> None:
    _typed(lambda: parse_invoices(data, "fuzz.xml"))


@FUZZ
@given(mutated(INVOICE_SEEDS))
def test_einvoice_mutated(data: bytes) -> None:
    _typed(lambda: invoices_to_entries(parse_invoices(data, "fuzz.xml"), HOUSEHOLD))


@FUZZ
@given(st.lists(mutated(INVOICE_SEEDS), min_size=1, max_size=3), st.booleans())
def test_einvoice_zip_mutated(members: list[bytes], corrupt: bool) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, member in enumerate(members):
            archive.writestr(f"{index}.xml", member)
    data = buffer.getvalue()
    if corrupt:
        data = data[: len(data) // 2] + data[len(data) // 2 + 7:]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "in.zip"
        path.write_bytes(data)
        _typed(lambda: import_einvoices(path, HOUSEHOLD))


@FUZZ
@given(st.binary(max_size=2000))
def test_declaration_reader_arbitrary_bytes(data: bytes) -> None:
    _typed(lambda: from_xml(data))


@FUZZ
@given(mutated(DECLARATION_SEEDS))
def test_declaration_reader_mutated(data: bytes) -> None:
    _typed(lambda: from_xml(data))


@FUZZ
@given(st.text(max_size=1500))
def test_csv_arbitrary_text(text: str) -> None:
    _typed(lambda: list(read_csv_text(text, ONE_LINE, CANONICAL, "fuzz.csv")))


@FUZZ
@given(mutated([CSV_SEED.encode()]))
def test_csv_mutated(data: bytes) -> None:
    _typed(lambda: list(read_csv_text(_as_text(data), ONE_LINE, CANONICAL, "fuzz.csv")))


@FUZZ
@given(st.one_of(st.binary(max_size=1500), mutated([JSONL_SEED.encode()])))
def test_jsonl_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "in.jsonl"
        path.write_bytes(data)
        _typed(lambda: list(read_jsonl(path, ONE_LINE)))


@FUZZ
@given(st.one_of(st.text(max_size=800), mutated([PROFILE_SEED.encode()]).map(_as_text)))
def test_vendor_profile_text(text: str) -> None:
    def run() -> None:
        profile = parse_profile(text, "fuzz", source="fuzz.toml")
        list(read_csv_text("Ngày;Tiền\n05/01/2026;1.500.000\n", ONE_LINE, profile, "fuzz.csv"))
    _typed(run)


@FUZZ
@given(st.one_of(st.binary(max_size=1500), mutated([HOUSEHOLD_SEED.encode()])))
def test_household_profile_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "household.toml"
        path.write_bytes(data)
        _typed(lambda: load_household(path))


@FUZZ
@given(st.dictionaries(st.sampled_from(KNOWN_COLUMNS), st.one_of(st.text(max_size=30), st.none()),
                       max_size=len(KNOWN_COLUMNS)))
def test_parse_row_arbitrary_values(row: dict[str, str | None]) -> None:
    _typed(lambda: parse_row(row, ONE_LINE, source="fuzz"))


@FUZZ
@given(st.dictionaries(st.sampled_from(["tax_code", "name", "lines", "einvoice", "accounts", "filing"]),
                       st.one_of(st.text(max_size=20), st.integers(), st.none(),
                                 st.lists(st.dictionaries(st.sampled_from(["id", "group", "name"]),
                                                          st.text(max_size=10)), max_size=3))))
def test_household_from_arbitrary_dicts(data: dict[str, Any]) -> None:
    _typed(lambda: household_from_dict(data))


SHIPPED = {name: load_profile(name) for name in shipped_profiles()}
VENDOR_SEED = ("Mã hóa đơn;Thời gian;Khách cần trả;Khách hàng;Ghi chú;Phương thức thanh toán\n"
               "HD0001;05/01/2026 08:15:00;1.250.000;Khách lẻ;;Tiền mặt\n"
               "HD0002;05/01/2026 09:00:00;350.000;Chị Lan;giao hàng;Chuyển khoản\n").encode("utf-8-sig")


@FUZZ
@given(st.sampled_from(sorted(SHIPPED)), st.one_of(st.binary(max_size=1500), mutated([VENDOR_SEED])))
def test_vendor_exports_through_shipped_profiles(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "export.csv"
        path.write_bytes(data)
        _typed(lambda: list(read_csv(path, ONE_LINE, SHIPPED[name], "export.csv")))

"""The cached row path (`RowParser.values`) gives exactly what the reference validation
(`RowParser.check`) gives, value for value and error for error; the CSV reader's two outputs (entries
and stored values) agree; a bulk import stores what `add` would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hhtax.errors import InputError
from hhtax.importers import import_file
from hhtax.importers.csv_file import CANONICAL, read_csv_text
from hhtax.importers.rows import FIELDS, RowParser, parse_row
from hhtax.journal.codec import entry_from_stored, stored_values
from hhtax.service.ledgers import create_ledger
from hhtax.model import Household

HOUSEHOLD = Household.model_validate({
    "tax_code": "0314409058", "name": "Lê Thị Hoa",
    "lines": [{"id": "shop", "group": "goods"}, {"id": "cafe", "group": "production"}],
    "accounts": [{"id": "vcb", "number": "0071000123456"}],
})

# Each field drawn from valid, odd-but-valid and invalid texts, so that rows repeat (the caches
# are used) and every kind of error appears.
_POOLS = {
    "date": ["2026-01-05", "2026-02-28", " 2026-03-01 ", "2026-02-30", "", "05/01/2026"],
    "kind": ["sale", "purchase", "expense", "stock_out", "tax_payment", "transfer", "opening", " Sale ",
             "gift"],
    "amount": ["1000", "0", "5000000", "-300", "1.5", "", " 70 ", "١٢"],
    "line": ["", "shop", "cafe", " shop ", "bar"],
    "doc": ["", "HD1", " HD2 ", "Hóa đơn 3"],
    "description": ["", "Bán hàng", "Cà phê sữa", "x"],
    "payment": ["", "cash", "bank", "bank:vcb", "bank:acb", "credit", "Cash", "gold"],
    "category": ["", "rent", "goods", " Labour ", "bribes"],
    "item": ["", "Gạo", " ", "rice"],
    "unit": ["", "kg"],
    "qty": ["", "10", "1.50", " 2 ", "x", "NaN"],
    "unit_price": ["", "100", "-5", "1,5"],
    "tax": ["", "vat", "pit", " VAT ", "stamp"],
    "transfer_to": ["", "cash", "bank:vcb", "bank:zz"],
    "vat_cut": ["", "yes", "no", "maybe"],
    "withheld": ["", "1", "0", "sometimes"],
    "withheld_vat": ["", "70", "-7", "7.5"],
    "withheld_pit": ["", "35", "abc"],
    "counterparty": ["", "Cty A", "Công ty Bình Minh"],
    "reverses": ["", "", "", "3", "x"],
}
_rows = st.lists(st.tuples(*(st.sampled_from(_POOLS[column]) for column in FIELDS)), min_size=1, max_size=60)


def _outcome(call: object, fields: tuple[str, ...]) -> object:
    try:
        return call(fields, "f.csv:1")  # type: ignore[operator]
    except InputError as exc:
        return ("error", str(exc), exc.field)


@settings(max_examples=300, deadline=None)
@given(rows=_rows)
def test_cached_path_equals_the_reference(rows: list[tuple[str, ...]]) -> None:
    fast = RowParser(HOUSEHOLD)
    for fields in rows:
        assert _outcome(fast.values, fields) == _outcome(RowParser(HOUSEHOLD).check, fields)


def test_rows_that_repeat_take_the_cached_path() -> None:
    parser = RowParser(HOUSEHOLD)
    row = ("2026-01-05", "sale", "1000", "shop", "HD1", "Bán", "cash", "", "", "", "", "", "", "", "", "", "",
           "", "", "")
    first = parser.values(row, "a:1")
    calls: list[object] = []
    parser.check = lambda *args: calls.append(args) or first  # type: ignore[method-assign]
    assert parser.values((*row[:2], "2000", *row[3:]), "a:2")[2] == 2000
    assert calls == []


CSV = """date,kind,amount,line,doc,description,payment,category,item,unit,qty,unit_price,vat_cut,withheld
2026-01-05,sale,150000,shop,HD1,Bán lẻ,cash,,,,,,,
2026-01-05,sale,150000,shop,HD1,Bán lẻ,cash,,,,,,,
2026-01-06,purchase,1000000,,PN1,Nhập gạo,bank,,Gạo,kg,12.5,80000,yes,
2026-01-07,expense,6000000,,,Thuê nhà,cash,rent,,,,,,
2026-01-08,sale,700000,cafe,,Cà phê,bank:vcb,,,,,,no,1
"""


def test_csv_entries_and_stored_values_agree() -> None:
    entries = list(read_csv_text(CSV, HOUSEHOLD, CANONICAL, "j.csv"))
    stored = list(read_csv_text(CSV, HOUSEHOLD, CANONICAL, "j.csv").stored())
    assert [stored_values(entry) for entry in entries] == stored
    assert [entry_from_stored(values) for values in stored] == entries
    header = CSV.splitlines()[0].split(",")
    for number, line in enumerate(CSV.splitlines()[1:], start=2):
        row = dict(zip(header, line.split(","), strict=True))
        assert parse_row(row, HOUSEHOLD, source=f"j.csv:{number}") == entries[number - 2]


def test_bulk_import_stores_what_add_stores(tmp_path: Path) -> None:
    journal = tmp_path / "j.csv"
    journal.write_text(CSV, encoding="utf-8")
    with create_ledger(tmp_path / "bulk.sqlite", HOUSEHOLD) as bulk, \
            create_ledger(tmp_path / "one.sqlite", HOUSEHOLD) as one:
        assert bulk.import_entries(import_file(journal, HOUSEHOLD)).added == 5
        for entry in import_file(journal, HOUSEHOLD):
            one.add(entry)
        assert list(bulk.entries()) == list(one.entries())
        assert bulk.aggregates(date(2026, 1, 1), date(2026, 12, 31), 5_000_000) == \
            one.aggregates(date(2026, 1, 1), date(2026, 12, 31), 5_000_000)


def test_a_bad_row_is_reported_with_its_line_even_after_cached_rows() -> None:
    text = ("date,kind,amount,line\n2026-01-05,sale,100,shop\n2026-01-06,sale,100,shop\n"
            "2026-01-07,sale,0,shop\n")
    with pytest.raises(InputError) as caught:
        list(read_csv_text(text, HOUSEHOLD, CANONICAL, "j.csv").stored())
    assert (caught.value.file, caught.value.line, caught.value.field) == ("j.csv", 4, "amount")

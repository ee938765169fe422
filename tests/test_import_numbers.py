"""Numbers are read only when written as the profile writes them (issue 13 §2): groups of exactly
three digits after a thousands separator, at most one decimal separator, a decimal part for amounts
only when it is zero. Property tests write numbers in every format each profile accepts and check
the value read; and numbers written in another profile's format are refused, never misread."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hhtax.errors import InputError
from hhtax.importers import import_file
from hhtax.importers.profiles import load_profile
from hhtax.money import AMOUNT_LIMIT, parse_amount, parse_decimal
from tests.ledger_helpers import household, to_cp1258

# (thousands, decimal) of every shipped profile, and of the canonical journal format
SHIPPED = ("pos-generic", "sales-book-cp1258", "einvoice-purchases")
PROFILES = {name: (p.thousands, p.decimal) for name, p in ((n, load_profile(n)) for n in SHIPPED)}
PROFILES["canonical"] = ("", ".")
FORMATS = sorted(set(PROFILES.values()))


def grouped(digits: str, mark: str) -> str:
    head = len(digits) % 3 or 3
    return mark.join([digits[:head], *(digits[i:i + 3] for i in range(head, len(digits), 3))])


def written(value: int, thousands: str, decimal: str, style: int, zeros: int) -> str:
    """`value` as a profile may write it: plain, grouped by its thousands separator or by spaces,
    with a zero decimal part of `zeros` digits."""
    digits = str(abs(value))
    mark = [None, thousands or None, " ", "\u00a0"][style]
    text = grouped(digits, mark) if mark else digits
    if zeros:
        text += decimal + "0" * zeros
    return ("-" if value < 0 else "") + text


def test_shipped_profiles_declare_their_separators() -> None:
    assert PROFILES["pos-generic"] == (".", ",")
    assert PROFILES["sales-book-cp1258"] == (".", ",")
    assert PROFILES["einvoice-purchases"] == ("", ".")


@given(st.sampled_from(FORMATS), st.integers(-(AMOUNT_LIMIT - 1), AMOUNT_LIMIT - 1), st.integers(0, 3),
       st.integers(0, 2))
def test_amounts_in_every_accepted_format_read_exactly(fmt: tuple[str, str], value: int, style: int,
                                                       zeros: int) -> None:
    thousands, decimal = fmt
    assert parse_amount(written(value, thousands, decimal, style, zeros), thousands=thousands,
                        decimal=decimal) == value


@given(st.sampled_from(FORMATS), st.integers(0, 10**15 - 1), st.integers(0, 999_999), st.integers(0, 6),
       st.integers(0, 3))
def test_quantities_in_every_accepted_format_read_exactly(fmt: tuple[str, str], whole: int, part: int,
                                                          places: int, style: int) -> None:
    thousands, decimal = fmt
    fraction = str(part).zfill(6)[:places]
    text = written(whole, thousands, decimal, style, 0) + (decimal + fraction if fraction else "")
    expected = Decimal(f"{whole}.{fraction}") if fraction else Decimal(whole)
    assert parse_decimal(text, field="qty", thousands=thousands, decimal=decimal) == expected


@given(st.integers(1_000, AMOUNT_LIMIT - 1), st.integers(1, 2))
def test_a_decimal_point_is_never_read_as_a_thousands_separator(value: int, places: int) -> None:
    """`1200000.00` in a profile with "." between thousands is refused, never 100× too large."""
    text = f"{value}.{'0' * places}"
    with pytest.raises(InputError, match="is not a whole number of đồng"):
        parse_amount(text, thousands=".", decimal=",")


@given(st.integers(1_000, AMOUNT_LIMIT - 1), st.integers(1, 99))
def test_foreign_formats_are_refused_or_read_exactly(value: int, cents: int) -> None:
    """A number written in any other profile's format is refused, or read as the same value."""
    for thousands, decimal in FORMATS:
        for other_t, other_d in FORMATS:
            for text in (written(value, other_t, other_d, 1, 2), f"{written(value, other_t, other_d, 1, 0)}"
                                                                  f"{other_d}{cents:02d}"):
                try:
                    read = parse_amount(text, thousands=thousands, decimal=decimal)
                except InputError:
                    continue
                assert read == value, (text, thousands, decimal)


@pytest.mark.parametrize("text", ["1.20.000", "12.0000", ".200", "1..200", "1.200.", "1 2000", "1.200 000",
                                  "1,200,000", "--5", "1.200,00,00", "١٢٣", "²"])
def test_inconsistent_separators_are_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_amount(text, thousands=".", decimal=",")


def test_sales_book_quantity_uses_the_profiles_separators(tmp_path: Path) -> None:
    """In sales-book-cp1258 (thousands ".", decimal ","), quantity 1.200 is one thousand two hundred."""
    path = tmp_path / "so.csv"
    path.write_bytes(to_cp1258("Ngày chứng từ,Số chứng từ,Tên hàng,ĐVT,Số lượng,Đơn giá,Thành tiền\n"
                               "03/02/2026,BH1,Nước mắm,chai,1.200,40.000,48.000.000\n"
                               "03/02/2026,BH2,Gạo,kg,\"2,5\",\"20.000,00\",50.000\n"))
    first, second = import_file(path, household(), "sales-book-cp1258", defaults={"line": "shop"})
    assert (first.qty, first.unit_price, first.amount) == (Decimal(1200), 40_000, 48_000_000)
    assert (second.qty, second.unit_price, second.amount) == (Decimal("2.5"), 20_000, 50_000)


def test_pos_amounts_with_and_without_decimals(tmp_path: Path) -> None:
    path = tmp_path / "pos.csv"
    path.write_text("\ufeffMã hóa đơn;Thời gian;Khách cần trả\n"
                    "HD1;05/01/2026 09:15:00;1.200.000\n"
                    "HD2;05/01/2026 09:16:00;1.200.000,00\n"
                    "HD3;05/01/2026 09:17:00;1200000\n", encoding="utf-8")
    amounts = [e.amount for e in import_file(path, household(), "pos-generic", defaults={"line": "shop"})]
    assert amounts == [1_200_000, 1_200_000, 1_200_000]


def test_a_profile_may_declare_its_decimal_separator(tmp_path: Path) -> None:
    profile = tmp_path / "us.toml"
    profile.write_text('delimiter = ";"\nthousands = ","\ndecimal = "."\n[columns]\n"Total" = "amount"\n'
                       '"Day" = "date"\n[defaults]\nkind = "sale"\nline = "shop"\n', encoding="utf-8")
    path = tmp_path / "us.csv"
    path.write_text("Day;Total\n2026-01-05;1,200,000.00\n", encoding="utf-8")
    [entry] = import_file(path, household(), str(profile))
    assert entry.amount == 1_200_000
    path.write_text("Day;Total\n2026-01-05;1.200.000\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"Total \(amount\): '1\.200\.000' is not a whole number"):
        list(import_file(path, household(), str(profile)))
    profile.write_text('thousands = "."\ndecimal = "."\n', encoding="utf-8")
    with pytest.raises(InputError, match="decimal"):
        load_profile(str(profile))

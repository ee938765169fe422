"""Tax identifiers: the examples of shared/law/identity.md §2–§5."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hhtax import ids
from hhtax.errors import InputError


@pytest.mark.parametrize("code", ["0100109106", "0100233488", "0314409058-002", "0314409058002",
                                  "01.00.109.106", " 0100 109 106 ", "001085012345"])
def test_valid(code: str) -> None:
    assert ids.is_valid(code)


@pytest.mark.parametrize(("code", "fragment"), [
    ("0100233480", "the tenth digit should be 8"),
    ("0314409080", "admit no check digit"),
    ("0100000003", "sequence 0000000"),
    ("0314409058-000", "branch suffix 000"),
    ("01002334881", "got 11"),
    ("010023348", "got 9"),
    ("01002334AB", "digits only"),
])
def test_invalid(code: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment) as info:
        ids.validate(code)
    assert info.value.field == "tax_code"
    assert not ids.is_valid(code)


def test_worked_check_digits() -> None:
    assert ids.check_digit("010010910") == 6  # S = 114, 114 mod 11 = 4
    assert ids.check_digit("010023348") == 8  # S = 167, 167 mod 11 = 2
    assert ids.check_digit("031440908") is None  # S = 341 = 31 × 11


def test_lenient_accepts_the_no_check_digit_prefix_only() -> None:
    assert ids.validate("0314409080", lenient=True) == "0314409080"
    with pytest.raises(InputError):
        ids.validate("0100233480", lenient=True)


def test_kinds_and_format() -> None:
    assert ids.kind("0100109106") == "mst"
    assert ids.kind("0314409058-002") == "branch"
    assert ids.kind("001085012345") == "personal_id"
    assert ids.format("0314409058002") == "0314409058-002"
    assert ids.format("0100109106") == "0100109106"
    assert ids.compact("01.00.112.437") == "0100112437"


def test_personal_id_warnings_never_errors() -> None:
    assert ids.personal_id_warnings("001085012345") == []
    odd = ids.personal_id_warnings("099985012345")
    assert len(odd) == 2
    assert ids.is_valid("099985012345")


@given(st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_exactly_one_check_digit_or_none(first9: str) -> None:
    valid = [d for d in "0123456789" if ids.is_valid(first9 + d)]
    expected = ids.check_digit(first9)
    if expected is None or first9[2:] == "0000000":
        assert valid == []
    else:
        assert valid == [str(expected)]

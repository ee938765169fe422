"""Amounts in Vietnamese words (TT 88/2021 vouchers: regime-a.md §9)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hhtax.declarations.words import amount_in_words, number_in_words

_DIGIT = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
          "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}


def _parse(text: str) -> int:
    """An independent reader of Vietnamese number words, used to check the writer."""
    words = text.split()
    sign = -1 if words[:1] == ["âm"] else 1
    big = below = group = pending = 0
    for word in words[1:] if sign < 0 else words:
        if word in _DIGIT:
            pending = _DIGIT[word]
        elif word == "trăm":
            group, pending = group + pending * 100, 0
        elif word == "mười":
            group += 10
        elif word == "mươi":
            group, pending = group + pending * 10, 0
        elif word in ("linh", "lẻ"):
            pass
        elif word == "nghìn":
            below, group, pending = below + (group + pending) * 1000, 0, 0
        elif word == "triệu":
            below, group, pending = below + (group + pending) * 1_000_000, 0, 0
        elif word == "tỷ":
            big, below, group, pending = (big + below + group + pending) * 1_000_000_000, 0, 0, 0
        else:
            raise AssertionError(f"unexpected word {word!r}")
    return sign * (big + below + group + pending)


@pytest.mark.parametrize(("amount", "words"), [
    (354_650_000, "Ba trăm năm mươi tư triệu sáu trăm năm mươi nghìn đồng"),
    (0, "Không đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi tư đồng"),
    (25, "Hai mươi lăm đồng"),
    (55, "Năm mươi lăm đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (1_005, "Một nghìn không trăm linh năm đồng"),
    (1_050, "Một nghìn không trăm năm mươi đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (2_005_000_000, "Hai tỷ không trăm linh năm triệu đồng"),
    (1_000_000_000_000, "Một nghìn tỷ đồng"),
    (-1_500, "Âm một nghìn năm trăm đồng"),
])
def test_amount_in_words(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_le_variant() -> None:
    assert amount_in_words(208, zero_tens="lẻ") == "Hai trăm lẻ tám đồng"


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_words_read_back_to_the_number(value: int) -> None:
    assert _parse(number_in_words(value)) == value


@given(st.integers(min_value=1, max_value=10**15))
def test_spelling_conventions(value: int) -> None:
    words = number_in_words(value).split()
    for before, after in itertools.pairwise(words):
        # "mươi" is never followed by "một", "bốn" or "năm"; "mười" never by "năm"
        assert not (before == "mươi" and after in ("một", "bốn", "năm"))
        assert not (before == "mười" and after in ("năm", "mốt"))
        # "linh" stands only between "trăm" and a unit digit
        if after == "linh":
            assert before == "trăm"
        if before == "linh":
            assert after in _DIGIT and _DIGIT[after] > 0
    assert words[0] != "không"

"""Amounts in Vietnamese words, for the "viết bằng chữ" lines of vouchers.

TT 88/2021/TT-BTC Art 4.4 and its voucher forms 01-TT, 02-TT, 03-VT and 04-VT require the amount
in figures and in words (shared/law/regime-a.md §9). The reading follows the usual Vietnamese
conventions: "mười" for ten, "mươi" for the other tens, "mốt" for a final one after "mươi", "tư"
for a final four after "mươi", "lăm" for a final five after a ten, "linh" (or "lẻ") for a zero ten
before a unit, and "không trăm" for a zero hundred inside a number.
"""

from __future__ import annotations

from typing import Literal

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu")
_BILLION = 1_000_000_000


def _tens_units(tens: int, units: int, zero_tens: str, *, after_hundreds: bool) -> list[str]:
    """The reading of the last two digits of a three-digit group."""
    if tens == 0:
        if units == 0:
            return []
        return [zero_tens, _DIGITS[units]] if after_hundreds else [_DIGITS[units]]
    words = ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _group(value: int, zero_tens: str, *, full: bool) -> list[str]:
    """A group of three digits (0–999); `full` reads a zero hundred ("không trăm") inside a number."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    words += _tens_units(tens, units, zero_tens, after_hundreds=bool(words))
    return words


def _below_billion(value: int, zero_tens: str, *, leading: bool) -> list[str]:
    """0 < value < 10⁹; `leading` when nothing larger precedes it in the number."""
    groups = [(value // 1000**i) % 1000 for i in (2, 1, 0)]
    words: list[str] = []
    for position, group in zip((2, 1, 0), groups, strict=True):
        if group == 0:
            continue
        words += _group(group, zero_tens, full=bool(words) or not leading)
        if _GROUPS[position]:
            words.append(_GROUPS[position])
    return words


def _number(value: int, zero_tens: str, *, leading: bool = True) -> list[str]:
    """Words for 0 < value; above 10⁹ the count of "tỷ" is read the same way (nghìn tỷ, triệu tỷ)."""
    billions, rest = divmod(value, _BILLION)
    words: list[str] = []
    if billions:
        words += [*_number(billions, zero_tens, leading=leading), "tỷ"]
    if rest:
        words += _below_billion(rest, zero_tens, leading=leading and not billions)
    return words


def number_in_words(value: int, *, zero_tens: Literal["linh", "lẻ"] = "linh") -> str:
    """An integer in Vietnamese words, lower case: 105 → "một trăm linh năm"; 0 → "không".

    >>> number_in_words(105), number_in_words(105, zero_tens="lẻ")
    ('một trăm linh năm', 'một trăm lẻ năm')"""
    if value == 0:
        return _DIGITS[0]
    words = _number(abs(value), zero_tens)
    return " ".join((["âm"] if value < 0 else []) + words)


def amount_in_words(amount: int, *, zero_tens: Literal["linh", "lẻ"] = "linh") -> str:
    """An amount of đồng in words as written on a voucher (TT 88/2021 Art 4.4), capitalised.

    354650000 → "Ba trăm năm mươi tư triệu sáu trăm năm mươi nghìn đồng".

    >>> amount_in_words(1_500_000), amount_in_words(0)
    ('Một triệu năm trăm nghìn đồng', 'Không đồng')
    """
    text = number_in_words(amount, zero_tens=zero_tens) + " đồng"
    return text[0].upper() + text[1:]

"""Money: the one place where Decimal arithmetic and rounding happen.

Amounts are whole đồng held as `int`; rates are `Decimal` fractions (1% is `Decimal("0.01")`).
Rounding is half-up to the đồng, once per form row (reading OQ-10: industry group × location ×
period), never Python's default banker's rounding, which gives wrong figures (worked example E9).
A row's rounded figure is shared among its business lines by the largest remainder (`shares`).
The mode is the rule-pack value `rounding.mode`: the engine runs each assessment inside
`rounding(mode)`, and `round_dong` rounds in the mode of the running assessment (half-up outside
one). OQ-10 keeps `half_even` only so that a test can show the difference by a đồng; it is not a
supported user setting.

>>> round_dong(Decimal("1500000.5")), round_dong(Decimal("-0.5"))
(1500001, -1)
>>> with rounding("half_even"):
...     round_dong(Decimal("1500000.5"))
1500000
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from hhtax.errors import InputError
from hhtax.i18n import Message, msg, register

register({
    "money.empty": ("số tiền bị trống", "amount is empty"),
    "money.not_whole": ("{value} không phải số đồng nguyên{hint}",
                        "{value} is not a whole number of đồng{hint}"),
    "money.ambiguous": ("{value} không rõ nghĩa: {mark} có thể ngăn cách hàng nghìn ({grouped} đồng) "
                        "hoặc là dấu thập phân ({plain} đồng); hãy viết số không có dấu ngăn cách, "
                        "ví dụ {digits}",
                        "{value} is ambiguous: {mark} may separate thousands ({grouped} đồng) "
                        "or mark decimals ({plain} đồng); write it without separators, e.g. {digits}"),
    "money.as_written": (" theo cách tệp này viết số ({format})", " as this file writes numbers ({format})"),
    "money.format_groups": ("chữ số, {thousands} giữa các nhóm ba chữ số, {decimal} trước phần thập phân",
                            "digits, {thousands} between groups of three, {decimal} before decimals"),
    "money.format_plain": ("chữ số, {decimal} trước phần thập phân", "digits, {decimal} before decimals"),
    "money.ceiling": ("{value} vượt mức trần {ceiling} đồng cho một số tiền",
                      "{value} is above the ceiling of {ceiling} đồng for one amount"),
    "money.not_number": ("{value} không phải là số theo cách tệp này viết số ({format})",
                         "{value} is not a number as this file writes numbers ({format})"),
    "money.too_many_digits": ("{value} có quá {digits} chữ số, hoặc quá {decimals} chữ số thập phân",
                              "{value} has more than {digits} digits, or more than {decimals} decimal "
                              "places"),
})

_ONE = Decimal(1)


_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}
_MODE: ContextVar[str] = ContextVar("hhtax_rounding_mode", default=ROUND_HALF_UP)


def round_half_up(value: Decimal) -> int:
    """Round an exact đồng value half-up (away from zero at .5) to a whole đồng."""
    return int(value.quantize(_ONE, rounding=ROUND_HALF_UP))


def round_dong(value: Decimal) -> int:
    """Round an exact tax figure to a whole đồng in the mode of the running assessment (OQ-10)."""
    return int(value.quantize(_ONE, rounding=_MODE.get()))


@contextmanager
def rounding(mode: str) -> Iterator[None]:
    """Tax figures inside the block round in `mode` (the rule `rounding.mode`: half_up, half_even)."""
    token = _MODE.set(_MODES[mode])
    try:
        yield
    finally:
        _MODE.reset(token)


def exact_product(amount: int, rate: Decimal) -> Decimal:
    """The unrounded product amount × rate, kept in explanation traces."""
    return Decimal(amount) * rate


def apply_rate(amount: int, rate: Decimal) -> int:
    """amount × rate rounded half-up to the đồng: the per-row computation of every tax form."""
    return round_dong(exact_product(amount, rate))


def shares(total: int, exacts: Sequence[Decimal]) -> list[int]:
    """Whole-đồng shares of `total` (a row's rounded figure) for parts whose exact values are `exacts`.

    Largest remainder: each part gets its exact value rounded down, and the đồng still missing from
    `total` go one each to the parts with the largest fractional remainders (ties: the earlier part,
    i.e. the household's declared order of lines). The shares add up to `total` exactly. `total` must
    be round(Σ exacts) (half-up), so at most one đồng is added to any part.

    >>> shares(2_000_001, [Decimal("1000000.5"), Decimal("1000000.5")])
    [1000001, 1000000]
    >>> shares(-3, [Decimal("-1.25"), Decimal("-1.25")])
    [-1, -2]
    """
    floors = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exacts]
    missing = total - sum(floors)
    if not 0 <= missing <= len(exacts):
        raise ValueError(f"{total} is not the rounded sum of {list(exacts)}")
    order = sorted(range(len(exacts)), key=lambda i: (floors[i] - exacts[i], i))
    for index in order[:missing]:
        floors[index] += 1
    return floors


def percent(value: str | int | Decimal) -> Decimal:
    """A rate from its percentage.

    >>> percent("0.5"), format_rate(percent("1.5"))
    (Decimal('0.005'), '1,5')
    """
    return Decimal(str(value)) / Decimal(100)


def rate_as_percent(rate: Decimal) -> Decimal:
    """The percentage of a rate, normalised: Decimal("0.024") → Decimal("2.4")."""
    return (rate * 100).normalize()


AMOUNT_LIMIT = 10**15
"""The plausibility ceiling of every amount hhtax accepts as input: |amount| < 10^15 đồng (at most
15 digits). The declaration XML writes amounts of at most 15 digits (the e-invoice reader refuses
more, `hhtax.importers.einvoice_xml`), and the ledger's sums are SQLite INTEGERs (< 2^63 ≈ 9.2 ×
10^18), which cannot overflow under 9,000 entries of this size. A household business's entry of a
quadrillion đồng is a typing mistake, not a sale. Enforced at input, here only."""
QTY_DIGITS = 15
"""Digits a quantity may have before its decimal separator (the same 15 as amounts)."""
QTY_DECIMALS = 6
"""Decimal places a quantity may have (grams of a kilogram, millilitres of a litre)."""
_SEPARATORS = " \u00a0\u202f"  # a space, a no-break space, a narrow no-break space


def quoted(text: str) -> str:
    """`text` quoted for an error message; a long value is cut (its length said) so that the
    message stays one readable line."""
    if len(text) <= 40:
        return repr(text)
    return f"{text[:20]!r}… ({len(text):,} characters)"


def default_decimal(thousands: str) -> str:
    """The decimal separator that goes with a thousands separator: "," after ".", "." otherwise."""
    return "," if thousands == "." else "."


def _number_parts(text: str, thousands: str, decimal: str) -> tuple[bool, str, str] | None:
    """(negative, integer digits, fraction digits) of a number written with these separators, or
    None when the text is not such a number: digits, groups of exactly three digits after each
    thousands separator (or space), at most one decimal separator followed by digits."""
    raw = text.strip()
    negative = raw.startswith("-")
    body = raw[1:] if negative else raw
    whole, point, fraction = body.partition(decimal)
    if point and not (fraction.isdigit() and fraction.isascii()):
        return None
    if whole.isdigit() and whole.isascii():
        return negative, whole, fraction
    marks = {c for c in whole if not ("0" <= c <= "9")}
    if len(marks) != 1 or not (marks <= set(_SEPARATORS) or marks == {thousands}):
        return None
    groups = whole.split(marks.pop())
    if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        return None
    if not all(g.isdigit() and g.isascii() for g in groups):
        return None
    return negative, "".join(groups), fraction


def _format_hint(thousands: str, decimal: str) -> Message:
    if thousands:
        return msg("money.format_groups", thousands=repr(thousands), decimal=repr(decimal))
    return msg("money.format_plain", decimal=repr(decimal))


def parse_amount(text: str, *, thousands: str = "", decimal: str = "", field: str = "amount") -> int:
    """Parse a whole-đồng amount written as the file's profile writes numbers; refuse anything else.

    `thousands` is the separator between digit groups ("." or ","; spaces are always accepted as
    one), `decimal` the decimal separator (default: `default_decimal(thousands)`). Groups must have
    exactly three digits, so `1200000.00` is never read as 120.000.000 where "." separates
    thousands; a decimal part is accepted only when it is zero (`1.200.000,00`). The value must be
    below `AMOUNT_LIMIT`.

    >>> parse_amount("1.500.000", thousands="."), parse_amount(" -25000 ")
    (1500000, -25000)
    >>> parse_amount("1200000.00", thousands=".")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    hhtax.errors.InputError: amount: '1200000.00' is not a whole number of đồng as this file writes...
    """
    shown = text.strip()
    if not shown:
        raise InputError(msg("money.empty"), field=field)
    parts = _number_parts(shown, thousands, decimal or default_decimal(thousands))
    if parts is None or parts[2].strip("0"):
        chosen = decimal or default_decimal(thousands)
        hint = "" if parts is not None else msg("money.as_written", format=_format_hint(thousands, chosen))
        raise InputError(msg("money.not_whole", value=quoted(shown), hint=hint), field=field)
    _refuse_ambiguous(shown, parts, thousands, decimal or default_decimal(thousands), field)
    negative, digits, _ = parts
    digits = digits.lstrip("0") or "0"
    if len(digits) > 15:
        raise InputError(msg("money.ceiling", value=quoted(shown), ceiling=format_vnd(AMOUNT_LIMIT - 1)),
                         field=field)
    return -int(digits) if negative else int(digits)


def _refuse_ambiguous(shown: str, parts: tuple[bool, str, str], thousands: str, decimal: str,
                      field: str) -> None:
    """Refuse `150.000` (or `150,000`) when no thousands separator was declared: a Vietnamese writer
    means a hundred and fifty thousand đồng, a decimal reading gives 150. Ambiguous input is refused,
    never guessed; a declared thousands separator (a file profile) settles it.

    >>> parse_amount("150.000")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    hhtax.errors.InputError: amount: '150.000' is ambiguous: '.' may separate thousands (150.000 đồng)...
    >>> parse_amount("150.000", thousands=","), parse_amount("1500.000")
    (150, 1500)
    """
    _, whole, fraction = parts
    if thousands or len(fraction) != 3 or not 1 <= len(whole) <= 3:
        return
    grouped = int(whole + fraction)
    raise InputError(msg("money.ambiguous", value=quoted(shown), mark=repr(decimal),
                         grouped=format_vnd(grouped), plain=format_vnd(int(whole)), digits=str(grouped)),
                     field=field)


def parse_decimal(text: str, *, field: str, thousands: str = "", decimal: str = "") -> Decimal:
    """Parse a quantity or other non-money decimal (`1.5`, `2`, or `1.200,5` where "." separates
    thousands), with the same separator rules as `parse_amount`; at most `QTY_DIGITS` digits before
    the decimal separator and `QTY_DECIMALS` after it."""
    shown = text.strip()
    chosen = decimal or default_decimal(thousands)
    parts = _number_parts(shown, thousands, chosen)
    if parts is None:
        raise InputError(msg("money.not_number", value=quoted(shown), format=_format_hint(thousands, chosen)),
                         field=field)
    negative, digits, fraction = parts
    if len(digits.lstrip("0")) > QTY_DIGITS or len(fraction) > QTY_DECIMALS:
        raise InputError(msg("money.too_many_digits", value=quoted(shown), digits=QTY_DIGITS,
                             decimals=QTY_DECIMALS), field=field)
    sign = "-" if negative else ""
    return Decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")


def format_vnd(amount: int) -> str:
    """Vietnamese grouping with "." for thousands; negatives keep "-".

    >>> format_vnd(354_650_000), format_vnd(-25_000)
    ('354.650.000', '-25.000')
    """
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


def format_rate(rate: Decimal) -> str:
    """A rate as printed on the forms: Decimal("0.005") → "0,5"; Decimal("0.024") → "2,4"."""
    text = format(rate_as_percent(rate), "f")
    return text.replace(".", ",")

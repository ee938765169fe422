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

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

from hhtax.errors import InputError
from hhtax.i18n import msg, register

register({
    "money.empty": ("số tiền bị trống", "amount is empty"),
    "money.not_whole": ("'{value}' không phải số đồng nguyên", "'{value}' is not a whole number of đồng"),
    "money.not_number": ("'{value}' không phải là số", "'{value}' is not a number"),
})

_ONE = Decimal(1)
_AMOUNT_RE = re.compile(r"-?[0-9]+")


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
    """amount × rate rounded to the đồng (`round_dong`): the per-row computation of every tax form."""
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


def parse_amount(text: str, *, thousands: str = "", field: str = "amount") -> int:
    """Parse an integer đồng amount from text; reject decimals, exponents and empty values.

    `thousands` is the separator a vendor export uses between digit groups ("." or ",").

    >>> parse_amount("1.500.000", thousands="."), parse_amount(" -25000 ")
    (1500000, -25000)
    >>> parse_amount("1.5")
    Traceback (most recent call last):
    hhtax.errors.InputError: amount: '1.5' is not a whole number of đồng
    """
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if thousands:
        raw = raw.replace(thousands, "")
    if not raw:
        raise InputError(msg("money.empty"), field=field)
    if not _AMOUNT_RE.fullmatch(raw):
        raise InputError(msg("money.not_whole", value=text.strip()), field=field)
    return int(raw)


def parse_decimal(text: str, *, field: str) -> Decimal:
    """Parse a quantity or other non-money decimal (`1.5`, `2`)."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise InputError(msg("money.not_number", value=text.strip()), field=field) from None
    if not value.is_finite():
        raise InputError(msg("money.not_number", value=text.strip()), field=field)
    return value


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

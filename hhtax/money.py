"""Money: the one place where Decimal arithmetic and rounding happen.

Amounts are whole đồng held as `int`; rates are `Decimal` fractions (1% is `Decimal("0.01")`).
Rounding is half-up to the đồng, once per form row (reading OQ-10: industry group × location ×
period), never Python's default banker's rounding, which gives wrong figures (worked example E9).
A row's rounded figure is shared among its business lines by the largest remainder (`shares`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from hhtax.errors import InputError

_ONE = Decimal(1)
_AMOUNT_RE = re.compile(r"-?[0-9]+")


def round_half_up(value: Decimal) -> int:
    """Round an exact đồng value half-up (away from zero at .5) to a whole đồng."""
    return int(value.quantize(_ONE, rounding=ROUND_HALF_UP))


def exact_product(amount: int, rate: Decimal) -> Decimal:
    """The unrounded product amount × rate, kept in explanation traces."""
    return Decimal(amount) * rate


def apply_rate(amount: int, rate: Decimal) -> int:
    """amount × rate rounded half-up to the đồng: the per-row computation of every tax form."""
    return round_half_up(exact_product(amount, rate))


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
    """A rate from its percentage: `percent("0.5")` is Decimal("0.005")."""
    return Decimal(str(value)) / Decimal(100)


def rate_as_percent(rate: Decimal) -> Decimal:
    """The percentage of a rate, normalised: Decimal("0.024") → Decimal("2.4")."""
    return (rate * 100).normalize()


def parse_amount(text: str, *, thousands: str = "", field: str = "amount") -> int:
    """Parse an integer đồng amount from text; reject decimals, exponents and empty values.

    `thousands` is the separator a vendor export uses between digit groups ("." or ",").
    """
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if thousands:
        raw = raw.replace(thousands, "")
    if not raw:
        raise InputError("amount is empty", field=field)
    if not _AMOUNT_RE.fullmatch(raw):
        raise InputError(f"{text.strip()!r} is not a whole number of đồng", field=field)
    return int(raw)


def parse_decimal(text: str, *, field: str) -> Decimal:
    """Parse a quantity or other non-money decimal (`1.5`, `2`)."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise InputError(f"{text.strip()!r} is not a number", field=field) from None
    if not value.is_finite():
        raise InputError(f"{text.strip()!r} is not a number", field=field)
    return value


def format_vnd(amount: int) -> str:
    """Vietnamese grouping with "." for thousands: 354650000 → "354.650.000"; negatives keep "-"."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


def format_rate(rate: Decimal) -> str:
    """A rate as printed on the forms: Decimal("0.005") → "0,5"; Decimal("0.024") → "2,4"."""
    text = format(rate_as_percent(rate), "f")
    return text.replace(".", ",")

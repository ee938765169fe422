"""Money: the one place where Decimal arithmetic and rounding happen.

Amounts are whole đồng held as `int`; rates are `Decimal` fractions (1% is `Decimal("0.01")`).
Rounding is half-up to the đồng (reading OQ-10: per line, then sum), never Python's default
banker's rounding, which gives wrong figures (worked example E9).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from hhtax.errors import InputError
from hhtax.i18n import msg, register

register({
    "money.empty": ("số tiền bị trống", "amount is empty"),
    "money.not_whole": ("'{value}' không phải số đồng nguyên", "'{value}' is not a whole number of đồng"),
    "money.not_number": ("'{value}' không phải là số", "'{value}' is not a number"),
})

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
    """Vietnamese grouping with "." for thousands: 354650000 → "354.650.000"; negatives keep "-"."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


def format_rate(rate: Decimal) -> str:
    """A rate as printed on the forms: Decimal("0.005") → "0,5"; Decimal("0.024") → "2,4"."""
    text = format(rate_as_percent(rate), "f")
    return text.replace(".", ",")

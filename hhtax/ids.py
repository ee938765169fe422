"""Tax identifiers of households: 10-digit MST, 13-digit branch MST, 12-digit personal ID.

Follows the python-stdnum pattern (`compact`, `validate`, `is_valid`, `format`). The kind follows
from the length (shared/law/identity.md §6). The 10/13-digit check is python-stdnum's
`stdnum.vn.mst` (TT 105/2020, TT 86/2024); the 12-digit personal ID (TT 86/2024 Art 38.2, Law
108/2025 Art 11.1) has no check digit, so only its shape is checked and structural oddities are
warnings. A prefix whose weighted sum is 0 mod 11 has no valid check digit and is rejected
unless `lenient=True` (reading OQ-24).
"""

from __future__ import annotations

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.vn import mst as stdnum_mst

from hhtax.errors import InputError
from hhtax.i18n import literal, msg, register

register({
    "ids.digits_only": ("mã số thuế chỉ gồm chữ số", "a tax code has digits only"),
    "ids.length": ("mã số thuế có 10, 12 hoặc 13 chữ số, ở đây có {count}",
                   "a tax code has 10, 12 or 13 digits, got {count}"),
    "ids.no_check_digit": ("{value} không thể là mã số thuế: chín chữ số đầu không có chữ số kiểm tra hợp lệ",
                           "{value} cannot be a tax code: its first nine digits admit no check digit"),
    "ids.check_digit": ("sai chữ số kiểm tra trong {value}: chữ số thứ mười phải là {expected}",
                        "wrong check digit in {value}: the tenth digit should be {expected}"),
    "ids.zero_component": ("{value} không phải mã số thuế: dãy số 0000000 hoặc đuôi chi nhánh 000",
                           "{value} is not a tax code: sequence 0000000 or branch suffix 000"),
})

_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def compact(number: str) -> str:
    """Remove spaces, dots and dashes.

    >>> compact("0314409058-002")
    '0314409058002'
    """
    return "".join(number.split()).replace(".", "").replace("-", "")


def kind(number: str) -> str:
    """`"mst"`, `"branch"` or `"personal_id"`, by the compact length; raises InputError otherwise.

    >>> kind("0100109106"), kind("0314409058-002"), kind("001085012345")
    ('mst', 'branch', 'personal_id')
    """
    value = compact(number)
    if not value.isdigit():
        raise InputError(msg("ids.digits_only"), field="tax_code")
    kinds = {10: "mst", 13: "branch", 12: "personal_id"}
    if len(value) not in kinds:
        raise InputError(msg("ids.length", count=len(value)), field="tax_code")
    return kinds[len(value)]


def check_digit(first9: str) -> int | None:
    """The MST check digit 10 − (S mod 11), or None when S mod 11 = 0 (no valid digit exists).

    >>> check_digit("010010910")
    6
    """
    total = sum(w * int(d) for w, d in zip(_WEIGHTS, first9, strict=True))
    remainder = total % 11
    return None if remainder == 0 else 10 - remainder


def validate(number: str, *, lenient: bool = False) -> str:
    """Return the compact form of a valid tax code or raise InputError naming what is wrong.

    >>> validate("0100 109 106")
    '0100109106'
    >>> validate("0100109107")
    Traceback (most recent call last):
    hhtax.errors.InputError: tax_code: wrong check digit in 0100109107: the tenth digit should be 6
    """
    value = compact(number)
    code_kind = kind(value)
    if code_kind == "personal_id":
        return value
    try:
        return str(stdnum_mst.validate(value))
    except InvalidChecksum:
        expected = check_digit(value[:9])
        if expected is None:
            if lenient and value[9] == "0":
                return value
            raise InputError(msg("ids.no_check_digit", value=value[:10]), field="tax_code") from None
        raise InputError(msg("ids.check_digit", value=value[:10], expected=expected),
                         field="tax_code") from None
    except InvalidComponent:
        raise InputError(msg("ids.zero_component", value=value), field="tax_code") from None
    except (InvalidFormat, InvalidLength) as exc:  # pragma: no cover - caught by kind() first
        raise InputError(literal(str(exc)), field="tax_code") from None


def is_valid(number: str, *, lenient: bool = False) -> bool:
    """Whether `number` is a valid tax code of any of the three kinds."""
    try:
        validate(number, lenient=lenient)
    except InputError:
        return False
    return True


def format(number: str) -> str:
    """Display form: branch codes as `NNNNNNNNNN-NNN`; others unchanged."""
    value = compact(number)
    return f"{value[:10]}-{value[10:]}" if len(value) == 13 else value


def personal_id_warnings(number: str) -> list[str]:
    """Structural remarks on a 12-digit personal ID (informative only: never an error)."""
    value = compact(number)
    warnings: list[str] = []
    if len(value) != 12:
        return warnings
    province = int(value[:3])
    if not 1 <= province <= 96:
        warnings.append(f"personal ID {value[:3]}…: province prefix {value[:3]} is not 001–096")
    if value[3] not in "0123":
        warnings.append(f"personal ID {value[:3]}…: century/sex digit {value[3]} is not 0–3")
    return warnings

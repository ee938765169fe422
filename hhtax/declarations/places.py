"""Administrative-unit codes and address parts for the declaration headers.

Province and ward codes come from the `vietnam-provinces` package (the two-level units in force
since the 2025 reorganisation: Resolution 202/2025/QH15 on provinces and the Standing Committee's
resolutions on wards, codes of the General Statistics Office list), never from a table written here.
A name that is not found, or that two units share, gives no code: the box stays empty rather than
carry a guess (docs/declarations.md, "Boxes left empty").

Addresses in the profile are free text: `split_address` takes "Số 18/4 đường X, Phường Y, Thành phố Z"
apart into the street part and the ward and province names when the last two parts are a known ward of
a known province, so 01/CNKD TT 40 [13a]–[13d] can be filled box by box.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Address:
    """An address in its form boxes: street and number, ward, province, and their codes."""

    street: str
    ward: str = ""
    province: str = ""
    ward_code: str = ""
    province_code: str = ""


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@cache
def _provinces() -> dict[str, str]:
    from vietnam_provinces import Province

    found: dict[str, str] = {}
    for province in Province.iter_all():
        code, name = f"{int(province.code):02d}", _key(province.name)
        found[name] = code
        found[name.removeprefix("thành phố ").removeprefix("tỉnh ")] = code  # "Hà Nội" as well
    return found


@cache
def _wards() -> dict[tuple[str, str], str]:
    """(province code, ward name) → ward code; a name used twice in one province maps to ""."""
    from vietnam_provinces import Ward

    found: dict[tuple[str, str], str] = {}
    for ward in Ward.iter_all():
        key = (f"{int(ward.province_code):02d}", _key(ward.name))
        found[key] = "" if key in found else f"{int(ward.code):05d}"
    return found


def province_code(name: str) -> str:
    """The two-digit code of a province or centrally-run city by its name ("Thành phố Hà Nội" → "01")."""
    return _provinces().get(_key(name), "") if name else ""


def ward_code(ward: str, province: str) -> str:
    """The five-digit code of a ward, commune or special zone of `province` ("" when unknown)."""
    code = province_code(province)
    if not (code and ward):
        return ""
    return _wards().get((code, _key(ward)), "")


def area_code(ward: str, province: str) -> str:
    """Mã địa bàn hành chính: the ward's code, else the province's ("" when neither is known)."""
    return ward_code(ward, province) or province_code(province)


def split_address(text: str) -> Address:
    """"Số 18/4 đường X, Phường Y, Thành phố Z" → street "Số 18/4 đường X", ward, province and codes.

    Only when the last part is a known province and the one before it a ward of that province; otherwise
    the whole text is the street part (a free-form address is never guessed apart).
    """
    parts = [part.strip() for part in text.split(",")]
    if len(parts) >= 3 and ", ".join(parts) == text:  # written back the same way by the reader
        province = parts[-1]
        ward = parts[-2]
        code = ward_code(ward, province)
        if code:
            return Address(", ".join(parts[:-2]), ward, province, code, province_code(province))
    return Address(text)

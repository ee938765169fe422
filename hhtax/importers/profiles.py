"""Vendor import profiles: how a POS or accounting-software export maps onto the journal columns.

A profile is a TOML file (shipped ones in `hhtax/importers/profiles/`, or any path):

    description = "..."
    encoding = "utf-8"            # utf-8 (a BOM is accepted) or cp1258 / windows-1258
    delimiter = ";"
    date_format = "%d/%m/%Y %H:%M:%S"
    thousands = "."               # separator between groups of three digits ("", ".", ",")
    decimal = ","                 # decimal separator (default "," when thousands is ".", else ".")
    [columns]                     # file header → journal column
    "Mã hóa đơn" = "doc"
    [defaults]                    # journal values for columns the file lacks
    kind = "sale"
    [values.payment]              # file value → journal value, per journal column
    "Tiền mặt" = "cash"

Text is decoded with the profile's encoding and NFC-normalised (Windows-1258 writes Vietnamese
tone marks as combining characters).
"""

from __future__ import annotations

import codecs
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from hhtax.errors import InputError
from hhtax.importers.csv_file import CsvProfile
from hhtax.importers.rows import KNOWN_COLUMNS
from hhtax.money import default_decimal
from hhtax.text import nfc

_KEYS = {"description", "encoding", "delimiter", "date_format", "thousands", "decimal", "columns", "defaults",
         "values"}


def shipped_profiles() -> list[str]:
    """Names of the profiles shipped with hhtax."""
    folder = resources.files("hhtax.importers").joinpath("profiles")
    return sorted(entry.name.removesuffix(".toml") for entry in folder.iterdir()
                  if entry.name.endswith(".toml"))


def load_profile(name_or_path: str) -> CsvProfile:
    """A shipped profile by name (`pos-generic`) or a profile TOML file by path."""
    path = Path(name_or_path)
    if name_or_path.endswith(".toml") or path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (FileNotFoundError, IsADirectoryError):
            raise InputError("profile file not found", file=name_or_path, field="profile") from None
        except UnicodeDecodeError:
            raise InputError("the profile is not UTF-8 text", file=name_or_path, field="profile") from None
        return parse_profile(text, path.stem, source=name_or_path)
    if name_or_path not in shipped_profiles():
        raise InputError(f"unknown profile {name_or_path!r}; shipped profiles: "
                         f"{', '.join(shipped_profiles())} (or give a path to a .toml file)", field="profile")
    text = resources.files("hhtax.importers").joinpath("profiles", f"{name_or_path}.toml").read_text("utf-8")
    return parse_profile(text, name_or_path, source=f"profile {name_or_path}")


def parse_profile(text: str, name: str, *, source: str) -> CsvProfile:
    """Validate a profile's TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", file=source, field="profile") from None
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InputError(f"unknown profile key {unknown[0]!r}", file=source, field=unknown[0])
    encoding = _text(data, "encoding", "utf-8", source)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", file=source, field="encoding") from None
    delimiter = _text(data, "delimiter", ",", source)
    if len(delimiter) != 1:
        raise InputError("the delimiter is one character", file=source, field="delimiter")
    columns = _table(data, "columns", source)
    for header, column in columns.items():
        if column not in KNOWN_COLUMNS:
            raise InputError(f"column {header!r} maps to {column!r}, which is not a journal column",
                             file=source, field="columns")
    defaults = _table(data, "defaults", source)
    values_table = data.get("values", {})
    if not isinstance(values_table, dict):
        raise InputError("[values] is a table of tables", file=source, field="values")
    values: dict[str, dict[str, str]] = {}
    for column, mapping in values_table.items():
        if column not in KNOWN_COLUMNS or not isinstance(mapping, dict):
            raise InputError(f"[values.{column}] must name a journal column and map text to text",
                             file=source, field="values")
        values[column] = {nfc(str(k)): str(v) for k, v in mapping.items()}
    thousands, decimal = _separators(data, source)
    return CsvProfile(
        name=name, encoding=encoding, delimiter=delimiter,
        date_format=_text(data, "date_format", "%Y-%m-%d", source),
        thousands=thousands, decimal=decimal,
        columns={nfc(k): v for k, v in columns.items()}, defaults=defaults, values=values,
        strict_columns=False,
    )


def _separators(data: dict[str, Any], source: str) -> tuple[str, str]:
    """The profile's thousands and decimal separators: one of "", ".", "," or a space, and "." or
    ","; never the same character (then `1.200` would be ambiguous)."""
    thousands = _text(data, "thousands", "", source)
    if thousands not in ("", ".", ",", " "):
        raise InputError(f"thousands must be \"\", \".\", \",\" or \" \", not {thousands!r}",
                         file=source, field="thousands")
    decimal = _text(data, "decimal", default_decimal(thousands), source)
    if decimal not in (".", ",") or decimal == thousands:
        raise InputError(f"decimal must be \".\" or \",\" and differ from thousands, not {decimal!r}",
                         file=source, field="decimal")
    return thousands, decimal


def _text(data: dict[str, Any], key: str, default: str, source: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise InputError(f"{key} must be a string", file=source, field=key)
    return value


def _table(data: dict[str, Any], key: str, source: str) -> dict[str, str]:
    table = data.get(key, {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise InputError(f"[{key}] must map names to strings", file=source, field=key)
    return {str(k): v for k, v in table.items()}

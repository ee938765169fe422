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
from hhtax.i18n import literal, msg, register
from hhtax.importers.csv_file import CsvProfile
from hhtax.importers.rows import KNOWN_COLUMNS
from hhtax.money import default_decimal
from hhtax.text import nfc

_KEYS = {"description", "encoding", "delimiter", "date_format", "thousands", "decimal", "columns", "defaults",
         "values"}


register({
    "profile.not_found": ("không tìm thấy tệp profile", "profile file not found"),
    "profile.not_utf8": ("profile không phải văn bản UTF-8", "the profile is not UTF-8 text"),
    "profile.unknown": (
        "không có profile {name}; các profile có sẵn: {known} (hoặc cho đường dẫn tới tệp .toml)",
        "unknown profile {name}; shipped profiles: {known} (or give a path to a .toml file)"),
    "profile.not_toml": ("không phải TOML hợp lệ: {detail}", "not valid TOML: {detail}"),
    "profile.unknown_key": ("không có khóa profile {key}", "unknown profile key {key}"),
    "profile.unknown_encoding": ("không có bảng mã {value}", "unknown encoding {value}"),
    "profile.delimiter": ("dấu phân cách là một ký tự", "the delimiter is one character"),
    "profile.bad_column": ("cột {header} ánh xạ tới {column}, không phải cột nhật ký",
                           "column {header} maps to {column}, which is not a journal column"),
    "profile.values_table": ("[values] là một bảng gồm các bảng", "[values] is a table of tables"),
    "profile.values_column": ("[values.{column}] phải là một cột nhật ký và ánh xạ văn bản sang văn bản",
                              "[values.{column}] must name a journal column and map text to text"),
    "profile.thousands": ('thousands phải là "", ".", "," hoặc " ", không phải {value}',
                          'thousands must be "", ".", "," or " ", not {value}'),
    "profile.decimal": ('decimal phải là "." hoặc "," và khác thousands, không phải {value}',
                        'decimal must be "." or "," and differ from thousands, not {value}'),
    "profile.not_string": ("{key} phải là chuỗi", "{key} must be a string"),
    "profile.not_table": ("[{key}] phải ánh xạ tên sang chuỗi", "[{key}] must map names to strings"),
})


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
            raise InputError(msg("profile.not_found"), file=name_or_path, field="profile") from None
        except UnicodeDecodeError:
            raise InputError(msg("profile.not_utf8"), file=name_or_path, field="profile") from None
        return parse_profile(text, path.stem, source=name_or_path)
    if name_or_path not in shipped_profiles():
        raise InputError(msg("profile.unknown", name=repr(name_or_path), known=", ".join(shipped_profiles())),
                         field="profile")
    text = resources.files("hhtax.importers").joinpath("profiles", f"{name_or_path}.toml").read_text("utf-8")
    return parse_profile(text, name_or_path, source=f"profile {name_or_path}")


def parse_profile(text: str, name: str, *, source: str) -> CsvProfile:
    """Validate a profile's TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(msg("profile.not_toml", detail=literal(str(exc))), file=source,
                         field="profile") from None
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InputError(msg("profile.unknown_key", key=repr(unknown[0])), file=source, field=unknown[0])
    encoding = _text(data, "encoding", "utf-8", source)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(msg("profile.unknown_encoding", value=repr(encoding)), file=source,
                         field="encoding") from None
    delimiter = _text(data, "delimiter", ",", source)
    if len(delimiter) != 1:
        raise InputError(msg("profile.delimiter"), file=source, field="delimiter")
    columns = _table(data, "columns", source)
    for header, column in columns.items():
        if column not in KNOWN_COLUMNS:
            raise InputError(msg("profile.bad_column", header=repr(header), column=repr(column)),
                             file=source, field="columns")
    defaults = _table(data, "defaults", source)
    values_table = data.get("values", {})
    if not isinstance(values_table, dict):
        raise InputError(msg("profile.values_table"), file=source, field="values")
    values: dict[str, dict[str, str]] = {}
    for column, mapping in values_table.items():
        if column not in KNOWN_COLUMNS or not isinstance(mapping, dict):
            raise InputError(msg("profile.values_column", column=column), file=source, field="values")
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
        raise InputError(msg("profile.thousands", value=repr(thousands)), file=source, field="thousands")
    decimal = _text(data, "decimal", default_decimal(thousands), source)
    if decimal not in (".", ",") or decimal == thousands:
        raise InputError(msg("profile.decimal", value=repr(decimal)), file=source, field="decimal")
    return thousands, decimal


def _text(data: dict[str, Any], key: str, default: str, source: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise InputError(msg("profile.not_string", key=key), file=source, field=key)
    return value


def _table(data: dict[str, Any], key: str, source: str) -> dict[str, str]:
    table = data.get(key, {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise InputError(msg("profile.not_table", key=key), file=source, field=key)
    return {str(k): v for k, v in table.items()}

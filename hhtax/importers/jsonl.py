"""JSON Lines import: one JSON object per line, keyed by the journal column names.

Numbers are taken as written: an amount must be whole đồng (`1.5` and `1e3` are refused like the
CSV text `1.5`), a quantity may have decimals; `true`/`false` are flags, `null` is an empty value.
A key given twice in one object, nesting deeper than a journal row has, `NaN`/`Infinity` and text
longer than `FIELD_LIMIT` are refused. Blank lines are skipped; every other problem names the line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from hhtax.errors import InputError
from hhtax.i18n import literal, msg, register
from hhtax.importers.csv_file import read_text
from hhtax.importers.rows import FIELDS, KNOWN_COLUMNS, REQUIRED_COLUMNS, RowParser
from hhtax.journal.codec import EntrySource
from hhtax.model import Household
from hhtax.text import FIELD_LIMIT

_KNOWN = frozenset(KNOWN_COLUMNS)
_LINE_LIMIT = 64 * FIELD_LIMIT  # a line longer than every column at its cap cannot be a journal row


register({
    "import.empty_file": ("tệp trống", "the file is empty"),
    "jsonl.duplicate_key": ("khóa {key} xuất hiện hai lần trong một đối tượng",
                            "the key {key} appears twice in one object"),
    "jsonl.not_number": ("{name} không phải là số", "{name} is not a number"),
    "jsonl.line_too_long": ("dòng có {length} ký tự; một dòng nhật ký có tối đa {limit}",
                            "the line has {length} characters; a journal row has at most {limit}"),
    "jsonl.invalid": ("không phải JSON hợp lệ: {reason} (cột {column})",
                      "not valid JSON: {reason} (column {column})"),
    "jsonl.too_deep": ("không phải dòng nhật ký: JSON lồng quá sâu",
                       "not a journal row: JSON nested too deeply"),
    "jsonl.not_object": ("mỗi dòng phải là một đối tượng JSON", "each line must be a JSON object"),
    "api.unknown_column": ("không có cột {name}", "unknown column {name}"),
    "jsonl.missing_column": ("thiếu cột bắt buộc {columns}", "missing required column {columns}"),
    "jsonl.field_too_long": ("{length} ký tự; một trường văn bản chứa tối đa {limit}",
                             "{length} characters; a text field holds at most {limit}"),
    "jsonl.object_value": ("một đối tượng JSON không phải giá trị nhật ký",
                           "a JSON object is not a journal value"),
    "jsonl.array_value": ("một mảng JSON không phải giá trị nhật ký", "a JSON array is not a journal value"),
})


class _Number(str):
    """A JSON number kept as the text it was written as (never a float, never a huge int)."""


def read_jsonl(path: Path, household: Household, display_name: str | None = None,
               defaults: Mapping[str, str] | None = None) -> EntrySource:
    """The entries of a JSON Lines file, read lazily, validating every line; the first bad line
    raises InputError."""
    return EntrySource(_rows(path, household, display_name or str(path), defaults or {}))


def _rows(path: Path, household: Household, name: str,
          defaults: Mapping[str, str]) -> Iterator[tuple[Any, ...]]:
    text = read_text(path, "utf-8", name, "a JSON Lines file")
    if not text.strip():
        raise InputError(msg("import.empty_file"), file=name, line=1)
    values = RowParser(household).values
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = {**defaults, **_row(raw)}
            yield values(tuple(row.get(column, "") for column in FIELDS), f"{name}:{number}")
        except InputError as exc:
            raise exc.located(file=name, line=number) from None


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise InputError(msg("jsonl.duplicate_key", key=repr(key)), field=key)
        obj[key] = value
    return obj


def _constant(name: str) -> Any:
    raise InputError(msg("jsonl.not_number", name=name))


def _row(raw: str) -> dict[str, str]:
    if len(raw) > _LINE_LIMIT:
        raise InputError(msg("jsonl.line_too_long", length=f"{len(raw):,}", limit=f"{_LINE_LIMIT:,}"))
    try:
        obj = json.loads(raw, object_pairs_hook=_unique, parse_int=_Number, parse_float=_Number,
                         parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise InputError(msg("jsonl.invalid", reason=literal(exc.msg), column=exc.colno)) from None
    except RecursionError:
        raise InputError(msg("jsonl.too_deep")) from None
    if not isinstance(obj, dict):
        raise InputError(msg("jsonl.not_object"))
    row: dict[str, str] = {}
    for key, value in obj.items():
        if key not in _KNOWN:
            raise InputError(msg("api.unknown_column", name=repr(key)), field=key)
        row[key] = _cell(value, key)
    missing = [c for c in REQUIRED_COLUMNS if c not in row]
    if missing:
        raise InputError(msg("jsonl.missing_column", columns=", ".join(missing)), field=missing[0])
    return row


def _cell(value: object, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, _Number):
        return str(value)
    if isinstance(value, str):
        if len(value) > FIELD_LIMIT:
            raise InputError(msg("jsonl.field_too_long", length=f"{len(value):,}", limit=f"{FIELD_LIMIT:,}"),
                             field=key)
        return str(value)
    raise InputError(msg("jsonl.object_value" if isinstance(value, dict) else "jsonl.array_value"), field=key)

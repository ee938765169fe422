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
from hhtax.importers.csv_file import read_text
from hhtax.importers.rows import FIELDS, KNOWN_COLUMNS, REQUIRED_COLUMNS, RowParser
from hhtax.journal.codec import EntrySource
from hhtax.model import Household
from hhtax.text import FIELD_LIMIT

_KNOWN = frozenset(KNOWN_COLUMNS)
_LINE_LIMIT = 64 * FIELD_LIMIT  # a line longer than every column at its cap cannot be a journal row


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
        raise InputError("the file is empty", file=name, line=1)
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
            raise InputError(f"the key {key!r} appears twice in one object", field=key)
        obj[key] = value
    return obj


def _constant(name: str) -> Any:
    raise InputError(f"{name} is not a number")


def _row(raw: str) -> dict[str, str]:
    if len(raw) > _LINE_LIMIT:
        raise InputError(f"the line has {len(raw):,} characters; a journal row has at most {_LINE_LIMIT:,}")
    try:
        obj = json.loads(raw, object_pairs_hook=_unique, parse_int=_Number, parse_float=_Number,
                         parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise InputError("not a journal row: JSON nested too deeply") from None
    if not isinstance(obj, dict):
        raise InputError("each line must be a JSON object")
    row: dict[str, str] = {}
    for key, value in obj.items():
        if key not in _KNOWN:
            raise InputError(f"unknown column {key!r}", field=key)
        row[key] = _cell(value, key)
    missing = [c for c in REQUIRED_COLUMNS if c not in row]
    if missing:
        raise InputError(f"missing required column {', '.join(missing)}", field=missing[0])
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
            raise InputError(f"{len(value):,} characters; a text field holds at most {FIELD_LIMIT:,}",
                             field=key)
        return str(value)
    raise InputError(f"a JSON {'object' if isinstance(value, dict) else 'array'} is not a journal value",
                     field=key)

"""JSON Lines import: one JSON object per line, keyed by the journal column names.

Numbers must be whole đồng (JSON `1.5` or `1e3` is refused like the CSV text `1.5`), `true`/`false`
are flags, `null` is an empty value. Blank lines are skipped; every other problem names the line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from hhtax.errors import InputError
from hhtax.importers.csv_file import decode
from hhtax.importers.rows import FIELDS, KNOWN_COLUMNS, REQUIRED_COLUMNS, RowParser
from hhtax.journal.codec import EntrySource
from hhtax.model import Household

_KNOWN = frozenset(KNOWN_COLUMNS)


def read_jsonl(path: Path, household: Household, display_name: str | None = None,
               defaults: Mapping[str, str] | None = None) -> EntrySource:
    """The entries of a JSON Lines file, read lazily, validating every line; the first bad line
    raises InputError."""
    return EntrySource(_rows(path, household, display_name or str(path), defaults or {}))


def _rows(path: Path, household: Household, name: str,
          defaults: Mapping[str, str]) -> Iterator[tuple[Any, ...]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a JSON Lines file", file=name) from None
    text = decode(data, "utf-8", name)
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


def _row(raw: str) -> dict[str, str]:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})") from None
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
    if isinstance(value, int | float | str):
        return str(value)
    raise InputError(f"a {type(value).__name__} is not a journal value", field=key)

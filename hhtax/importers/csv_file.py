"""Reading journal rows from CSV files: the canonical `journal.csv` and vendor exports.

A `CsvProfile` says how a file is written (encoding, delimiter, date format, thousands separator,
column map). The canonical profile is the ledger format's own (docs/ledger-format.md). Every
problem is an `InputError` naming the file, the line and the field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from hhtax.errors import InputError
from hhtax.importers.rows import FIELDS, KNOWN_COLUMNS, REQUIRED_COLUMNS, RowParser
from hhtax.journal.codec import EntrySource
from hhtax.model import Household
from hhtax.text import nfc


@dataclass(frozen=True)
class CsvProfile:
    """How a CSV export is written. `columns` maps the file's header names to journal columns;
    `defaults` gives values for journal columns the file lacks (e.g. `kind = "sale"`); `values`
    translates a column's vendor wording (e.g. payment "Tiền mặt" → "cash")."""

    name: str = "canonical"
    encoding: str = "utf-8"
    delimiter: str = ","
    date_format: str = "%Y-%m-%d"
    thousands: str = ""
    columns: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # column → {file value: journal value}
    strict_columns: bool = True  # unknown columns are an error (canonical); vendors: ignored


CANONICAL = CsvProfile()


def decode(data: bytes, encoding: str, file: str) -> str:
    """Decode file bytes; UTF-8 accepts (and drops) a BOM. Windows-1258 text is NFC-normalised later."""
    if b"\x00" in data:
        raise InputError("binary data, not a text file", file=file)
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig") else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid {encoding} text (byte {exc.start + 1})", file=file, line=line) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", file=file) from None


def read_csv(path: Path, household: Household, profile: CsvProfile = CANONICAL,
             display_name: str | None = None) -> EntrySource:
    """The entries of a CSV file, read lazily, validating every row; the first bad row raises
    InputError."""
    return EntrySource(_file_rows(path, household, profile, display_name or str(path)))


def _file_rows(path: Path, household: Household, profile: CsvProfile, name: str) -> Iterator[tuple[Any, ...]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a CSV file", file=name) from None
    yield from csv_rows(decode(data, profile.encoding, name), household, profile, name)


def read_csv_text(text: str, household: Household, profile: CsvProfile, name: str) -> EntrySource:
    """The entries of a CSV text (as `read_csv` reads a file)."""
    return EntrySource(csv_rows(text, household, profile, name))


def csv_rows(text: str, household: Household, profile: CsvProfile, name: str) -> Iterator[tuple[Any, ...]]:
    """The stored values (`RowParser.values`) of the rows of a CSV text."""
    if "\x00" in text:
        raise InputError("binary data, not a CSV file", file=name)
    if not text.strip():
        raise InputError("the file is empty", file=name, line=1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=profile.delimiter, strict=True)
    try:
        header = [nfc(h).lower() for h in next(reader)]
    except csv.Error as exc:
        raise InputError(f"malformed CSV header: {exc}", file=name, line=1) from None
    mapped = _map_header(header, profile, name)
    width = len(header)
    # Each record is extended with the profile's defaults and a final "", so that one itemgetter
    # picks every journal field (a field the file lacks reads its default or ""). A short record
    # is padded with what the missing columns would default to.
    defaults = {column: value for column, value in profile.defaults.items() if column not in mapped}
    tail = [*defaults.values(), ""]
    where = {column: index for index, column in enumerate(mapped) if column}
    where.update({column: width + index for index, column in enumerate(defaults)})
    pad = [profile.defaults.get(column, "") if column else "" for column in mapped]
    pick = itemgetter(*(where.get(column, width + len(tail) - 1) for column in FIELDS))
    value_maps = [(where[column], mapping) for column, mapping in profile.values.items() if column in where]
    values = RowParser(household, date_format=profile.date_format, thousands=profile.thousands).values
    line = 1
    try:
        for record in reader:
            line = reader.line_num
            size = len(record)
            if size != width:
                if not record or (size == 1 and not record[0].strip()):
                    continue
                if size > width:
                    raise InputError(f"{size} fields, but the header has {width}", file=name, line=line)
                record += pad[size:]
            record += tail
            for index, mapping in value_maps:
                raw = record[index]
                if raw:
                    record[index] = mapping.get(nfc(raw), raw)
            try:
                yield values(pick(record), f"{name}:{line}")
            except InputError as exc:
                raise exc.located(file=name, line=line) from None
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=name, line=reader.line_num or line) from None


def _map_header(header: list[str], profile: CsvProfile, name: str) -> list[str | None]:
    """Journal column for each file column (None = ignored); checks required and unknown columns."""
    if not any(header):
        raise InputError("no header row", file=name, line=1)
    if header[0][:1].isdigit():
        raise InputError("no header row: the first line looks like data; name the columns on line 1",
                         file=name, line=1)
    columns = {nfc(k).lower(): v for k, v in profile.columns.items()}
    mapped: list[str | None] = []
    for title in header:
        target = columns.get(title, title if not profile.columns or title in KNOWN_COLUMNS else None)
        if target is not None and target not in KNOWN_COLUMNS:
            if profile.strict_columns:
                raise InputError(f"unknown column {title!r}", file=name, line=1, field=title)
            target = None
        mapped.append(target)
    present = {c for c in mapped if c} | set(profile.defaults)
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if missing:
        looks_like_data = header[0][:1].isdigit()
        hint = " (the first line looks like data: is the header row missing?)" if looks_like_data else ""
        raise InputError(f"missing required column {', '.join(missing)}{hint}", file=name, line=1,
                         field=missing[0])
    if len(set(c for c in mapped if c)) != len([c for c in mapped if c]):
        raise InputError("a column appears twice in the header", file=name, line=1)
    return mapped

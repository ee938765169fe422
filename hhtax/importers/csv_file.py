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
from pathlib import Path

from hhtax.errors import InputError
from hhtax.importers.rows import KNOWN_COLUMNS, REQUIRED_COLUMNS, RowParser
from hhtax.model import Entry, Household
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
             display_name: str | None = None) -> Iterator[Entry]:
    """Yield the entries of a CSV file, validating every row; the first bad row raises InputError."""
    name = display_name or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a CSV file", file=name) from None
    yield from read_csv_text(decode(data, profile.encoding, name), household, profile, name)


def read_csv_text(text: str, household: Household, profile: CsvProfile, name: str) -> Iterator[Entry]:
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
    # Ignored columns get keys no parser reads, so that each row is one dict(zip(...)).
    keys = [column or f"\x00{index}" for index, column in enumerate(mapped)]
    width = len(header)
    defaults = profile.defaults
    value_maps = list(profile.values.items())
    parse = RowParser(household, date_format=profile.date_format, thousands=profile.thousands).parse
    line = 1
    try:
        for record in reader:
            line = reader.line_num
            if not record or (len(record) == 1 and not record[0].strip()):
                continue
            if len(record) > width:
                raise InputError(f"{len(record)} fields, but the header has {width}", file=name, line=line)
            row = {**defaults, **dict(zip(keys, record, strict=False))} if defaults else dict(
                zip(keys, record, strict=False))
            for column, mapping in value_maps:
                raw = row.get(column)
                if raw:
                    row[column] = mapping.get(nfc(raw), raw)
            try:
                yield parse(row, f"{name}:{line}")
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

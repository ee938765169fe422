"""Reading journal rows from CSV files: the canonical `journal.csv` and vendor exports.

A `CsvProfile` says how a file is written (encoding, delimiter, date format, thousands separator,
column map). The canonical profile is the ledger format's own (docs/ledger-format.md). Every
problem is an `InputError` naming the file, the line and the field.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from hhtax.errors import InputError
from hhtax.i18n import Message, literal, msg, register
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
    decimal: str = ""  # the decimal separator; "" = "," when thousands is ".", else "."
    columns: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # column → {file value: journal value}
    strict_columns: bool = True  # unknown columns are an error (canonical); vendors: ignored


CANONICAL = CsvProfile()


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_WORKBOOKS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx/.ods (a zip), .xls (OLE2)
_HEAD = 1 << 16  # bytes read first: encoding, binary data, the header line


register({
    "csv.not_text": ("không phải văn bản {encoding} hợp lệ (byte {byte})",
                     "not valid {encoding} text (byte {byte})"),
    "csv.workbook": (
        "một sổ bảng tính (.xlsx/.xls), không phải tệp văn bản: trong Excel chọn File > Save As > "
        "'CSV UTF-8 (Comma delimited)', hoặc xuất CSV từ phần mềm đã tạo ra nó",
        "a spreadsheet workbook (.xlsx/.xls), not a text file: in Excel use File > Save As > "
        "'CSV UTF-8 (Comma delimited)', or export CSV from the program that made it"),
    "csv.binary": ("dữ liệu nhị phân, không phải tệp văn bản", "binary data, not a text file"),
    "csv.binary_csv": ("dữ liệu nhị phân, không phải tệp CSV", "binary data, not a CSV file"),
    "csv.unknown_encoding": ("bảng mã không rõ {encoding}", "unknown encoding {encoding}"),
    "csv.what_csv": ("một tệp CSV", "a CSV file"),
    "csv.what_jsonl": ("một tệp JSON Lines", "a JSON Lines file"),
    "csv.not_regular": ("không phải tệp thông thường; hãy đưa {what}", "not a regular file; give {what}"),
    "csv.not_found": ("không tìm thấy tệp", "file not found"),
    "csv.is_directory": ("là một thư mục, không phải {what}", "is a directory, not {what}"),
    "csv.permission": ("không có quyền: không đọc được tệp", "permission denied: cannot read the file"),
    "csv.empty": ("tệp trống", "the file is empty"),
    "csv.bad_header": ("dòng tiêu đề CSV sai dạng: {error}", "malformed CSV header: {error}"),
    "csv.malformed": ("CSV sai dạng: {error}", "malformed CSV: {error}"),
    "csv.fields": ("{size} cột, nhưng dòng tiêu đề có {width}", "{size} fields, but the header has {width}"),
    "csv.no_header": ("không có dòng tiêu đề", "no header row"),
    "csv.single_column": ("dòng tiêu đề chỉ có một cột{hint}", "the header is a single column{hint}"),
    "csv.hint_separator": (
        ": dấu phân cách có vẻ là {mark}, bộ đọc này chờ {expected}; dùng --profile với hồ sơ có dấu phân "
        "cách {mark} (pos-generic đọc tệp xuất POS thông dụng), hoặc lưu tệp từ Excel dạng "
        "'CSV UTF-8 (Comma delimited)'",
        ": the separator looks like {mark}, this reader expects {expected}; use --profile with a profile "
        "whose delimiter is {mark} (pos-generic reads the common POS export), or save the file from Excel "
        "as 'CSV UTF-8 (Comma delimited)'"),
    "csv.looks_like_data": (
        "không có dòng tiêu đề: dòng đầu trông như dữ liệu; hãy ghi tên các cột ở dòng 1",
        "no header row: the first line looks like data; name the columns on line 1"),
    "csv.missing_column": ("thiếu cột bắt buộc {columns}{where}", "missing required column {columns}{where}"),
    "csv.read_from": (" (hồ sơ {profile} đọc nó từ {titles})", " (profile {profile} reads it from {titles})"),
    "csv.unknown_column": ("cột không rõ {title}", "unknown column {title}"),
    "csv.column_twice": ("một cột xuất hiện hai lần trong dòng tiêu đề",
                         "a column appears twice in the header"),
})
_WHAT = {"a CSV file": "csv.what_csv", "a JSON Lines file": "csv.what_jsonl"}


def _what(what: str) -> Message:
    """The kind of file expected, in the message's language."""
    return msg(_WHAT[what]) if what in _WHAT else literal(what)


def decode(data: bytes, encoding: str, file: str) -> str:
    """Decode file bytes. A UTF-16 byte-order mark (Excel's "Unicode text") decides the encoding;
    otherwise the profile's encoding, UTF-8 accepting (and dropping) a BOM. A spreadsheet workbook
    or other binary data is refused with what to do instead. Windows-1258 text is NFC-normalised
    later."""
    codec = text_codec(data, encoding, file)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        shown = "UTF-16" if codec == "utf-16" else encoding
        raise InputError(msg("csv.not_text", encoding=shown, byte=exc.start + 1), file=file,
                         line=line) from None


def text_codec(head: bytes, encoding: str, file: str) -> str:
    """The codec that reads a file starting with `head`: UTF-16 by its byte-order mark, else the
    profile's encoding (UTF-8 dropping a BOM). Workbooks and binary data are refused."""
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    if head.startswith(_WORKBOOKS):
        raise InputError(msg("csv.workbook"), file=file)
    if b"\x00" in head:
        raise InputError(msg("csv.binary"), file=file)
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig") else encoding
    try:
        codecs.lookup(codec)
    except LookupError:
        raise InputError(msg("csv.unknown_encoding", encoding=repr(encoding)), file=file) from None
    return codec


def _open_binary(path: Path, name: str, what: str) -> IO[bytes]:
    """The import file opened for reading; InputError when it is missing or not a regular file."""
    try:
        if not path.is_file() and path.exists():
            raise InputError(msg("csv.not_regular", what=_what(what)), file=name)
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(msg("csv.not_found"), file=name) from None
    except IsADirectoryError:
        raise InputError(msg("csv.is_directory", what=_what(what)), file=name) from None
    except PermissionError:
        raise InputError(msg("csv.permission"), file=name) from None


def read_text(path: Path, encoding: str, name: str, what: str) -> str:
    """The decoded text of an import file; InputError when it is missing, not a regular file, or
    not text."""
    with _open_binary(path, name, what) as raw:
        data = raw.read()
    return decode(data, encoding, name)


def open_text(path: Path, encoding: str, name: str, what: str) -> tuple[io.TextIOWrapper, str]:
    """The import file as a text stream (read as it is consumed: memory does not grow with the
    file, issue 16) and the text of its first 64 KiB. The same refusals as `read_text`."""
    raw = _open_binary(path, name, what)
    try:
        head = raw.read(_HEAD)
        codec = text_codec(head, encoding, name)
        raw.seek(0)
    except BaseException:
        raw.close()
        raise
    stream = io.TextIOWrapper(raw, encoding=codec, newline="")
    return stream, codecs.getincrementaldecoder(codec)(errors="replace").decode(head)


def read_csv(path: Path, household: Household, profile: CsvProfile = CANONICAL,
             display_name: str | None = None) -> EntrySource:
    """The entries of a CSV file, read lazily, validating every row; the first bad row raises
    InputError."""
    return EntrySource(_file_rows(path, household, profile, display_name or str(path)))


def _file_rows(path: Path, household: Household, profile: CsvProfile, name: str) -> Iterator[tuple[Any, ...]]:
    stream, head = open_text(path, profile.encoding, name, "a CSV file")
    with stream:
        if not head.strip():
            raise InputError(msg("csv.empty"), file=name, line=1)
        try:
            yield from _rows(stream, head.split("\n", 1)[0], household, profile, name)
        except UnicodeDecodeError:
            line, byte = _first_bad_byte(path, stream.encoding)
            shown = "UTF-16" if stream.encoding == "utf-16" else profile.encoding
            raise InputError(msg("csv.not_text", encoding=shown, byte=byte), file=name, line=line) from None


def _first_bad_byte(path: Path, codec: str) -> tuple[int, int]:
    """The line and byte (1-based) of the first byte that `codec` cannot decode: the error path
    only, so that the stream itself decodes in large chunks."""
    decoder = codecs.getincrementaldecoder(codec)()
    line, offset = 1, 0
    with path.open("rb") as raw:
        for chunk in iter(lambda: raw.read(1 << 20), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                start = max(0, exc.start - len(exc.object) + len(chunk))
                return line + chunk[:start].count(b"\n"), offset + start + 1
            line, offset = line + chunk.count(b"\n"), offset + len(chunk)
    return line, offset


def read_csv_text(text: str, household: Household, profile: CsvProfile, name: str) -> EntrySource:
    """The entries of a CSV text (as `read_csv` reads a file)."""
    return EntrySource(csv_rows(text, household, profile, name))


def csv_rows(text: str, household: Household, profile: CsvProfile, name: str) -> Iterator[tuple[Any, ...]]:
    """The stored values (`RowParser.values`) of the rows of a CSV text."""
    if "\x00" in text:
        raise InputError(msg("csv.binary_csv"), file=name)
    if not text.strip():
        raise InputError(msg("csv.empty"), file=name, line=1)
    yield from _rows(io.StringIO(text, newline=""), text.split("\n", 1)[0], household, profile, name)


def _rows(lines: IO[str], first: str, household: Household, profile: CsvProfile,
          name: str) -> Iterator[tuple[Any, ...]]:
    """The stored values of the CSV records read from `lines`, whose first line is `first`."""
    reader = csv.reader(lines, delimiter=_delimiter(first, profile), strict=True)
    try:
        titles = [nfc(h) for h in next(reader)]
    except StopIteration:
        raise InputError(msg("csv.empty"), file=name, line=1) from None
    except csv.Error as exc:
        raise InputError(msg("csv.bad_header", error=str(exc)), file=name, line=1) from None
    width, pad, tail, pick, value_maps, shown = _layout(titles, profile, name)
    values = RowParser(household, date_format=profile.date_format, thousands=profile.thousands,
                       decimal=profile.decimal).values
    line = 1
    try:
        for record in reader:
            line = reader.line_num
            size = len(record)
            if size != width:
                if not record or (size == 1 and not record[0].strip()):
                    continue
                if size > width:
                    raise InputError(msg("csv.fields", size=size, width=width), file=name, line=line)
                record += pad[size:]
            record += tail
            for index, mapping in value_maps:
                raw = record[index]
                if raw:
                    record[index] = mapping.get(nfc(raw), raw)
            try:
                yield values(pick(record), f"{name}:{line}")
            except InputError as exc:
                raise InputError(exc.msg, file=exc.file or name, line=line,
                                 field=shown.get(exc.field or "", exc.field)) from None
    except csv.Error as exc:
        what = msg("csv.binary") if "NUL" in str(exc) else msg("csv.malformed", error=str(exc))
        raise InputError(what, file=name, line=reader.line_num or line) from None



def _layout(titles: list[str], profile: CsvProfile, name: str) -> tuple[
        int, list[str], list[str], itemgetter[Any], list[tuple[int, dict[str, str]]], dict[str, str]]:
    """How the records of a file with these column titles become journal fields: (width, pad, tail,
    pick, value maps, shown). Each record is extended with `tail` (the profile's defaults and a final
    ""), so that `pick` takes every journal field (a field the file lacks reads its default or ""); a
    short record is padded with `pad`, what its missing columns default to. `shown` names each journal
    column by the file's own column ("Khách cần trả (amount)") for error messages."""
    header = [title.lower() for title in titles]
    mapped = _map_header(header, profile, name)
    shown = {column: title if title.lower() == column else f"{title} ({column})"
             for title, column in zip(titles, mapped, strict=True) if column}
    width = len(header)
    defaults = {column: value for column, value in profile.defaults.items() if column not in mapped}
    tail = [*defaults.values(), ""]
    where = {column: index for index, column in enumerate(mapped) if column}
    where.update({column: width + index for index, column in enumerate(defaults)})
    pad = [profile.defaults.get(column, "") if column else "" for column in mapped]
    pick = itemgetter(*(where.get(column, width + len(tail) - 1) for column in FIELDS))
    value_maps = [(where[column], mapping) for column, mapping in profile.values.items() if column in where]
    return width, pad, tail, pick, value_maps, shown


def _delimiter(first: str, profile: CsvProfile) -> str:
    """The profile's delimiter; a tab when the header line has none of it but has tabs (Excel's
    "Unicode text" and "Text (Tab delimited)" files: a tab never occurs in a column name)."""
    if profile.delimiter not in first and "\t" in first:
        return "\t"
    return profile.delimiter


def _separator_hint(header: list[str], profile: CsvProfile) -> Message | None:
    """A hint when the header is one column holding another separator: an Excel CSV saved with
    ";" (the Vietnamese list separator), read with the canonical ","."""
    if len(header) != 1:
        return None
    for mark in (";", ",", "|"):
        if mark != profile.delimiter and mark in header[0]:
            return msg("csv.hint_separator", mark=repr(mark), expected=repr(profile.delimiter))
    return None


def _check_header_line(header: list[str], profile: CsvProfile, name: str) -> None:
    """Refuse a first line that is not a header: empty, one column holding another separator, data."""
    if not any(header):
        raise InputError(msg("csv.no_header"), file=name, line=1)
    hint = _separator_hint(header, profile)
    if hint is not None:
        raise InputError(msg("csv.single_column", hint=hint), file=name, line=1)
    if header[0][:1].isdigit():
        raise InputError(msg("csv.looks_like_data"), file=name, line=1)


def _check_required(mapped: list[str | None], profile: CsvProfile, name: str) -> None:
    """Refuse a header without a required journal column, naming the file column that gives it."""
    present = {c for c in mapped if c} | set(profile.defaults)
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if missing:
        titles = [title for title, column in profile.columns.items() if column == missing[0]]
        where = msg("csv.read_from", profile=profile.name, titles=" / ".join(map(repr, titles))) \
            if titles else literal("")
        raise InputError(msg("csv.missing_column", columns=", ".join(missing), where=where), file=name,
                         line=1, field=missing[0])


def _map_header(header: list[str], profile: CsvProfile, name: str) -> list[str | None]:
    """Journal column for each file column (None = ignored); checks required and unknown columns."""
    _check_header_line(header, profile, name)
    columns = {nfc(k).lower(): v for k, v in profile.columns.items()}
    mapped: list[str | None] = []
    for title in header:
        target = columns.get(title, title if not profile.columns or title in KNOWN_COLUMNS else None)
        if target is not None and target not in KNOWN_COLUMNS:
            if profile.strict_columns:
                raise InputError(msg("csv.unknown_column", title=repr(title)), file=name, line=1, field=title)
            target = None
        mapped.append(target)
    _check_required(mapped, profile, name)
    if len(set(c for c in mapped if c)) != len([c for c in mapped if c]):
        raise InputError(msg("csv.column_twice"), file=name, line=1)
    return mapped

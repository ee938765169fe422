"""A book as JSON, streamed: header, columns, sections with their rows (cells keyed by column),
footer and warnings (written last: they are known once the rows have been read)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from hhtax.books.model import Book
from hhtax.books.render_text import machine


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_json(book: Book, stream: TextIO) -> None:
    header = book.header
    head = {
        "code": book.code, "period": book.period, "title": header.title, "ref": book.ref,
        "header": {"household": header.household, "address": header.address, "tax_code": header.tax_code,
                   "form": header.form, "circular": header.circular, "location": header.location,
                   "period_label": header.period_label, "period": header.period, "unit": header.unit},
        "columns": [{"key": c.key, "label": c.label, "caption": c.caption, "kind": c.kind.value,
                     "group": c.group} for c in book.columns],
    }
    keys = [c.key for c in book.columns]
    stream.write(_dump(head)[:-1] + ', "sections": [')
    for number, section in enumerate(book.sections):
        stream.write(", " if number else "")
        stream.write(f'{{"title": {_dump(section.title)}, "subtitle": {_dump(section.subtitle)}, "rows": [')
        first = True
        for row in section.rows:
            cells = {k: machine(v) for k, v in zip(keys, row.cells, strict=True) if v is not None}
            stream.write(("" if first else ", ") + _dump({"style": row.style.value, "cells": cells}))
            first = False
        stream.write("]}")
    footer = book.footer
    tail = {"footer": {"date_line": footer.date_line, "signer": footer.signer,
                       "signer_note": footer.signer_note, "name": footer.name},
            "warnings": list(book.warnings)}
    stream.write("], " + _dump(tail)[1:] + "\n")

"""Importers: turn external files (canonical CSV, vendor exports, JSON Lines, e-invoices) into entries.

`import_file` picks the reader: a vendor profile when one is named, JSON Lines for `.jsonl` and
`.ndjson` files, the canonical journal CSV otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from hhtax.importers.csv_file import CANONICAL, read_csv
from hhtax.importers.jsonl import read_jsonl
from hhtax.importers.profiles import load_profile
from hhtax.journal.codec import EntrySource
from hhtax.model import Household

JSONL_SUFFIXES = (".jsonl", ".ndjson")


def import_file(path: str | Path, household: Household, profile: str | None = None, *,
                defaults: Mapping[str, str] | None = None) -> EntrySource:
    """The entries of one file, validated row by row (lazily: the first bad row raises InputError).

    `profile` is a shipped profile name or a profile TOML path; `defaults` gives values for journal
    columns the file does not have (e.g. `{"line": "shop"}` for a POS export of one of several lines).
    """
    source = Path(path)
    extra = dict(defaults or {})
    if profile is None and source.suffix.lower() in JSONL_SUFFIXES:
        return read_jsonl(source, household, str(path), extra)
    chosen = CANONICAL if profile in (None, "canonical") else load_profile(str(profile))
    if extra:
        chosen = replace(chosen, defaults={**chosen.defaults, **extra})
    return read_csv(source, household, chosen, str(path))

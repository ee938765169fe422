"""Occurrence numbers across an import's batches (issue 16): identical rows of one file are
separate entries numbered `base#1`, `base#2`, … whichever batch they fall in. The counter for an
import into an empty journal reads earlier counts back from the natural-key index; the one for a
journal that already holds entries keeps them in a temporary table. Both must give the keys that
counting the whole file at once gives, and re-importing the file must add nothing."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from conftest import household
from hypothesis import given, settings
from hypothesis import strategies as st

from hhtax.importers.csv_file import CANONICAL, read_csv_text
from hhtax.journal import store
from hhtax.service.ledgers import create_ledger

WHOLE = store._BATCH  # the batch size of a real import
HEADER = "date,kind,amount,line,doc,description,payment,category,item,unit,qty,unit_price\n"
# Few distinct rows, so that identical ones repeat within and across batches; an item named like
# another row's natural key with an occurrence number ("Gạo#1") must not be counted as that row.
ROWS = (
    "2026-01-05,sale,25000,shop,,Cà phê,cash,,,,,\n",
    "2026-01-05,sale,25000,shop,HD1,Cà phê,cash,,,,,\n",
    "2026-01-05,purchase,100000,,PN1,Nhập,bank,,Gạo,kg,10,10000\n",
    "2026-01-05,purchase,100000,,PN1,Nhập,bank,,Gạo#1,kg,10,10000\n",
    "2026-01-06,expense,50000,,,Điện,cash,electricity,,,,\n",
)


def keys(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [key for (key,) in db.execute("SELECT natural_key FROM entries ORDER BY id")]


def imported(folder: Path, name: str, text: str, batch: int, monkeypatch: pytest.MonkeyPatch,
             first: str = "") -> Path:
    """A new ledger holding `first` (if any) then `text`, imported in batches of `batch` rows."""
    path = folder / name
    owner = household()
    with create_ledger(path, owner) as ledger:
        if first:
            ledger.import_entries(read_csv_text(HEADER + first, owner, CANONICAL, "first.csv"))
        monkeypatch.setattr(store, "_BATCH", batch)
        ledger.import_entries(read_csv_text(text, owner, CANONICAL, "journal.csv"))
        monkeypatch.setattr(store, "_BATCH", WHOLE)
    return path


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(ROWS), min_size=1, max_size=30), st.integers(1, 4))
def test_batches_number_rows_as_the_whole_file_does(rows: list[str], batch: int) -> None:
    text = HEADER + "".join(rows)
    with pytest.MonkeyPatch.context() as monkeypatch, tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        whole = keys(imported(folder, "whole.sqlite", text, 10_000, monkeypatch))
        fresh = imported(folder, "fresh.sqlite", text, batch, monkeypatch)
        assert keys(fresh) == whole
        other = ROWS[-1].replace("2026-01-06", "2026-02-01")
        assert keys(imported(folder, "held.sqlite", text, batch, monkeypatch, first=other))[1:] == whole
        monkeypatch.setattr(store, "_BATCH", batch)
        with store.SqliteLedger(fresh) as ledger:
            again = ledger.import_entries(read_csv_text(text, household(), CANONICAL, "journal.csv"))
        assert (again.added, again.present) == (0, len(rows))

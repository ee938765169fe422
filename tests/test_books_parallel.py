"""Books built in several processes (`hhtax.service.books`, `hhtax books --all --jobs N`) are the
same bytes as books built in one, come back in the order asked for, and list their warnings once."""

from __future__ import annotations

import pickle
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from hhtax.books import build_book
from hhtax.books.output import render
from hhtax.service.books import BookTask, materialise, run_tasks
from hhtax.cli.main import cli
from hhtax.errors import InputError
from hhtax.journal.store import SqliteLedger
from hhtax.service.ledgers import create_ledger
from hhtax.model import CostCategory, Entry, EntryKind
from hhtax.periods import Period
from hhtax.rules import load_rules
from tests.test_books_support import household, sale

CODES = ("S2b-HKD", "S2c-HKD", "S2d-HKD", "S2e-HKD")


def _entries() -> list[Entry]:
    made: list[Entry] = []
    for day in range(120):
        when = date(2026, 1, 1) + timedelta(days=day)
        made.append(sale(when, 40_000_000 + day * 1_000, doc=f"HD{day:03d}", item="Gạo", unit="kg",
                         qty=Decimal(3), payment="cash" if day % 2 else "bank:vcb"))
        if day % 7 == 0:
            made.append(Entry(date=when, kind=EntryKind.PURCHASE, amount=20_000_000, doc=f"MH{day:03d}",
                              category=CostCategory.GOODS, item="Gạo", unit="kg", qty=Decimal(40),
                              payment="bank:vcb"))
        if day % 10 == 0:
            made.append(Entry(date=when, kind=EntryKind.EXPENSE, amount=900_000, doc=f"PC{day:03d}",
                              category=CostCategory.RENT, payment="cash", description="=Thuê cửa hàng"))
    return made


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parallel") / "books.sqlite"
    profile = household(pit_method="income", pit_method_since=2026, prior_year_revenue=4_000_000_000)
    with create_ledger(path, profile) as store:
        store.import_entries(_entries())
    return path


def test_two_processes_give_the_bytes_of_one_in_task_order(ledger_path: Path) -> None:
    tasks = [BookTask(str(ledger_path), "2026-Q1", code, ("csv", "json")) for code in CODES]
    single = run_tasks(tasks, jobs=1)
    double = run_tasks(tasks, jobs=2)
    assert [r.code for r in double] == list(CODES)
    assert [r.files for r in double] == [r.files for r in single]
    assert [r.warnings for r in double] == [r.warnings for r in single]
    with SqliteLedger(ledger_path) as store:  # and the bytes of a book built the ordinary way
        book = build_book("S2e-HKD", store, Period.parse("2026-Q1"), load_rules())
        assert render(book, "csv") == single[3].files["csv"]
    assert b"'=Thu\xc3\xaa c\xe1\xbb\xada h\xc3\xa0ng" in single[3].files["csv"]  # neutralised, as always


def test_a_materialised_book_reads_once_and_survives_pickling(ledger_path: Path) -> None:
    with SqliteLedger(ledger_path) as store:
        book = build_book("S2e-HKD", store, Period.parse("2026-Q1"), load_rules())
        held = materialise(book)
    assert held.warnings and len(held.warnings) == len(set(held.warnings))
    copy = pickle.loads(pickle.dumps(held))
    assert render(copy, "csv") == render(held, "csv") and render(held, "xlsx") == render(copy, "xlsx")
    assert copy.warnings == held.warnings  # rendering twice added nothing


def test_all_books_with_two_jobs_equal_one_job(ledger_path: Path, tmp_path: Path) -> None:
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        result = CliRunner().invoke(cli, ["--ledger", str(ledger_path), "--lang", "en", "books", "--all",
                                          "--period", "2026-Q1", "--summary", "daily", "--out", str(out),
                                          "--jobs", jobs])
        assert result.exit_code == 0, result.output
        written = {path.name: path.read_bytes() for path in out.iterdir()}
        outputs[jobs] = (written, result.output.replace(str(out), "DIR"))
    files, output = outputs["2"]
    assert files == outputs["1"][0] and output == outputs["1"][1]
    assert sorted(files) == [*(f"0314409058_{code}_2026-Q1.pdf" for code in CODES),
                             "0314409058_books_2026-Q1.xlsx"]
    warnings = [line for line in output.splitlines() if line.startswith("Warning:")]
    assert warnings and len(warnings) == len(set(warnings))  # each warning once


def test_a_failing_book_raises_its_typed_error_from_the_worker(ledger_path: Path) -> None:
    tasks = [BookTask(str(ledger_path), "2026-Q1", "S2e-HKD", ("csv",)),
             BookTask(str(ledger_path), "2026-Q1", "S6-HKD", ("csv",))]  # a TT 88 book for 2026
    with pytest.raises(InputError) as caught:
        run_tasks(tasks, jobs=2)
    assert caught.value.field == "book" and "TT 88/2021" in caught.value.message

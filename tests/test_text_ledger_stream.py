"""The plain-text ledger read as a stream (issue 16 §6): opening it keeps sums per day, not rows.
Its aggregates must equal those summed from its entries for every window and cash limit (the
limits its cash payments straddle included), its entries come in date order (stable in file
order, ids = file order) whether or not the file is in date order, and a journal changed while
the ledger is open is refused rather than read half old, half new."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hhtax.errors import LedgerError
from hhtax.journal import text_ledger
from hhtax.journal.aggregates import aggregate_entries
from hhtax.journal.codec import ENTRY_COLUMNS
from hhtax.journal.scan_entries import daily_sums, entry_rows
from hhtax.journal.text_ledger import KEPT_ROWS, TextLedger
from hhtax.service.ledgers import open_text_ledger

HOUSEHOLD = """tax_code = "0100109106"
name = "Nguyễn Văn An"
shop_name = "Tạp hóa An"

[[lines]]
id = "shop"
group = "goods"

[[lines]]
id = "cafe"
group = "production"
"""
HEADER = "date,kind,amount,line,doc,description,payment,category\n"
DAY0 = date(2026, 1, 29)

row = st.tuples(
    st.integers(0, 4),  # days after DAY0: crosses the end of January; few days, so that rows share a day
    st.sampled_from(["sale,{a},shop", "sale,{a},cafe", "expense,{a},", "sale,-{a},shop"]),
    st.sampled_from([1_000, 4_999_999, 5_000_000, 20_000_000]),
    st.sampled_from(["", "HD1"]),
    st.sampled_from(["cash", "bank"]),
)


def opened(folder: Path, kept: int) -> TextLedger:
    """The plain-text ledger in `folder`, keeping up to `kept` rows as read (0: every query reads
    the file again, as for a journal longer than `KEPT_ROWS`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_ledger, "KEPT_ROWS", kept)
        return open_text_ledger(folder)


def journal(rows: list[tuple[int, str, int, str, str]]) -> str:
    lines = []
    for days, shape, amount, doc, payment in rows:
        kind_amount_line = shape.format(a=amount)
        if kind_amount_line.startswith("sale,-"):
            kind_amount_line = kind_amount_line.replace("sale,", "sale_return,").replace("-", "")
        category = "rent" if kind_amount_line.startswith("expense") else ""
        lines.append(f"{DAY0 + timedelta(days=days)},{kind_amount_line},{doc},Bán,{payment},{category}\n")
    return HEADER + "".join(lines)


def ledger_dir(folder: Path, text: str) -> Path:
    (folder / "household.toml").write_text(HOUSEHOLD, encoding="utf-8")
    (folder / "journal.csv").write_text(text, encoding="utf-8")
    return folder


@settings(max_examples=60, deadline=None)
@example([(0, "sale,{a},shop", 5_000_000, "", "cash"), (0, "sale,{a},shop", 20_000_000, "", "cash")],
         False, 0, 4, 5_000_001)  # a limit one day's cash payments straddle
@given(st.lists(row, min_size=1, max_size=40), st.booleans(), st.integers(0, 4), st.integers(0, 4),
       st.sampled_from([1, 4_999_999, 5_000_000, 5_000_001, 20_000_000, 2**62]))
def test_sums_per_day_answer_every_window_and_limit(rows: list[tuple[int, str, int, str, str]],
                                                   in_order: bool, a: int, b: int, cash_limit: int) -> None:
    if in_order:
        rows = sorted(rows, key=lambda r: r[0])
    with tempfile.TemporaryDirectory() as temp:
        folder = ledger_dir(Path(temp), journal(rows))
        for kept in (KEPT_ROWS, 0):
            check_ledger(opened(folder, kept), rows, a, b, cash_limit)


def check_ledger(ledger: TextLedger, rows: list[tuple[int, str, int, str, str]], a: int, b: int,
             cash_limit: int) -> None:
    first, last = DAY0 + timedelta(days=min(a, b)), DAY0 + timedelta(days=max(a, b))
    entries = list(ledger.entries())
    assert [e.id for e in entries] == [n for _, n in sorted((r[0], n) for n, r in enumerate(rows, 1))]
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    window = [e for e in entries if first <= e.date <= last]
    assert list(ledger.entries(first, last)) == window
    assert ledger.aggregates(first, last, cash_limit) == aggregate_entries(window, cash_limit)


def test_a_journal_changed_while_open_is_refused(tmp_path: Path) -> None:
    folder = ledger_dir(tmp_path, journal([(0, "sale,{a},shop", 1_000, "", "cash")]))
    ledger = opened(folder, 0)
    assert len(list(ledger.entries())) == 1
    with (folder / "journal.csv").open("a", encoding="utf-8") as more:
        more.write(f"{DAY0},sale,2000,shop,,Bán,cash,\n")
    with pytest.raises(LedgerError, match="changed while it was being read"):
        list(ledger.entries())


LEDGERS = sorted((Path(__file__).parent.parent / "ledgers").glob("*/household.toml"))
QUERIES = [
    (ENTRY_COLUMNS, {}, {}, ()),
    (("date", "kind", "item", "qty", "amount", "unit_price"), {"kind": ["purchase", "sale", "stock_out"]}, {},
     ("item", "qty")),
    (("id", "date", "amount", "payment", "transfer_to"), {}, {"payment": ["cash"], "transfer_to": ["cash"]},
     ()),
    (("date", "withheld", "vat_cut", "withheld_vat", "category"), {"kind": ["sale"]}, {}, ()),
]


@pytest.mark.parametrize("household_file", LEDGERS, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("query", range(len(QUERIES)))
@pytest.mark.parametrize("kept", [KEPT_ROWS, 0])
def test_rows_and_daily_sums_equal_those_read_from_entries(household_file: Path, query: int,
                                                           kept: int) -> None:
    """`entry_rows` and `entry_sums` read from stored values give what the books got from Entry
    objects (`ReadsFromEntries`), in the same order and with the same value types."""
    columns, match, match_any, present = QUERIES[query]
    ledger = opened(household_file.parent, kept)
    for start, end in ((None, None), (date(2026, 2, 1), date(2026, 5, 31)), (None, date(2025, 12, 31))):
        expected = list(entry_rows(ledger.entries(start, end), columns, match, match_any, present))
        got = list(ledger.entry_rows(start, end, columns, match=match, match_any=match_any, present=present))
        assert [tuple(map(type, row)) for row in got] == [tuple(map(type, row)) for row in expected]
        assert got == expected
        sums = list(ledger.entry_sums(start, end, ("kind", "payment"), ("amount", "withheld_vat")))
        rows = entry_rows(ledger.entries(start, end), ("date", "kind", "payment", "amount", "withheld_vat"))
        assert sums == list(daily_sums(rows, 2))


@pytest.mark.parametrize("kept", [KEPT_ROWS, 0])
def test_rows_of_a_journal_out_of_date_order_come_sorted(tmp_path: Path, kept: int) -> None:
    text = journal([(3, "sale,{a},shop", 1_000, "", "cash"), (1, "sale,{a},cafe", 2_000, "", "bank"),
                    (3, "expense,{a},", 3_000, "", "cash"), (0, "sale,{a},shop", 4_000, "HD1", "cash")])
    ledger = opened(ledger_dir(tmp_path, text), kept)
    everything = [(4, 4_000), (2, 2_000), (1, 1_000), (3, 3_000)]
    assert list(ledger.entry_rows(None, None, ("id", "amount"))) == everything
    assert list(ledger.entry_rows(DAY0 + timedelta(days=1), None, ("id",), match={"payment": ["cash"]})) == [
        (1,), (3,)]


PEAK = """
import sys
from datetime import date
from pathlib import Path
from hhtax.journal import text_ledger
from hhtax.journal.text_ledger import KEPT_ROWS, TextLedger
from hhtax.journal import text_ledger
from hhtax.service.ledgers import open_text_ledger
text_ledger.KEPT_ROWS = 0  # as for a journal longer than the rows a ledger keeps
ledger = open_text_ledger(Path(sys.argv[1]))
assert ledger.aggregates(date(2026, 1, 1), date(2026, 12, 31), 5_000_000)
# the high-water mark of this process's own memory (getrusage would count what the parent had
# before it started this program)
print(next(line for line in open("/proc/self/status") if line.startswith("VmHWM")).split()[1])
"""


@pytest.mark.slow
def test_opening_a_journal_ten_times_longer_takes_no_more_memory(tmp_path: Path) -> None:
    """Real processes, peak memory only (nothing timed): a 200,000-row journal is opened and its
    aggregates read in about the memory of a 20,000-row one (it took 3× as much when every row was
    kept; now at most `KEPT_ROWS` are)."""
    peaks = []
    for rows in (20_000, 200_000):
        folder = tmp_path / str(rows)
        folder.mkdir()
        ledger_dir(folder, HEADER)
        with (folder / "journal.csv").open("a", encoding="utf-8") as out:
            out.writelines(f"2026-{1 + n % 12:02d}-{1 + n % 28:02d},sale,{1_000 * (1 + n % 5_000)},shop,"
                           f"HD{n:07d},Bán hàng,cash,\n" for n in range(rows))
        done = subprocess.run([sys.executable, "-c", PEAK, str(folder)], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
        peaks.append(int(done.stdout.split()[-1]))
    assert peaks[1] < 1.25 * peaks[0], peaks

"""hhtax against beancount 3 on the same transactions: load + revenue per line and quarter.

    pip install beancount          # benchmark-only, not a dependency of hhtax
    python benchmarks/bench_vs_beancount.py [--sizes 10000,100000,1000000] [--repeat 1]

For each N the benchmark writes one household's year of N journal rows (sales over three business
lines, weekly purchases, monthly expenses) twice: as an hhtax plain-text ledger (household.toml +
journal.csv) and converted to beancount syntax (an `open` per account, one transaction per row,
two postings each). It then times, in the same process, one after the other:

- **beancount**: `beancount.loader.load_file` (parse, booking, validation; pickle cache off) and a
  pass over the postings summing `Income:Sales:<line>` per quarter;
- **hhtax text**: `TextLedger` (CSV parse + validation of every row) and the same totals from
  `aggregate_entries` — the like-for-like comparison (text file in, totals out);
- **hhtax sqlite**: the same rows imported once into a `SqliteLedger` (import time reported
  separately), then open + `aggregates` (one GROUP BY) — what `hhtax assess` does every day.

Both sides' totals are compared, so a ratio is only reported for equal answers. Output: one JSON
object per line on stdout (run_all.py collects them), a readable table on stderr.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

LINES = ("L1", "L2", "L3")
EXPENSE_ACCOUNTS = {"rent": "Expenses:Rent", "electricity": "Expenses:Electricity", "goods": "Expenses:Goods",
                    "labour": "Expenses:Wages"}
HOUSEHOLD = """tax_code = "079203001234"
name = "Nguyễn Thị Hạnh"

[[lines]]
id = "L1"
group = "goods"

[[lines]]
id = "L2"
group = "services"

[[lines]]
id = "L3"
group = "production"
"""
Totals = dict[tuple[int, str], int]


def make_rows(count: int, seed: int = 7) -> list[tuple[str, str, int, str, str, str]]:
    """`count` rows (date, kind, amount, line, payment, category) over 2026, in date order."""
    rng = random.Random(seed)
    first = date(2026, 1, 1).toordinal()
    rows = []
    for index in range(count):
        day = date.fromordinal(first + index * 365 // count).isoformat()
        draw = rng.random()
        payment = "cash" if rng.random() < 0.6 else "bank"
        if draw < 0.85:
            rows.append((day, "sale", rng.randrange(10, 5000) * 1000, rng.choice(LINES), payment, ""))
        elif draw < 0.95:
            rows.append((day, "purchase", rng.randrange(100, 20000) * 1000, "", payment, "goods"))
        else:
            category = rng.choice(("rent", "electricity", "labour"))
            kind = "wage" if category == "labour" else "expense"
            rows.append((day, kind, rng.randrange(100, 9000) * 1000, "", payment, category))
    return rows


def write_hhtax(directory: Path, rows: list[tuple[str, str, int, str, str, str]]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "household.toml").write_text(HOUSEHOLD, encoding="utf-8")
    with (directory / "journal.csv").open("w", encoding="utf-8") as handle:
        handle.write("date,kind,amount,line,payment,category\n")
        for day, kind, amount, line, payment, category in rows:
            handle.write(f"{day},{kind},{amount},{line},{payment},{category}\n")


def write_beancount(path: Path, rows: list[tuple[str, str, int, str, str, str]]) -> None:
    """The same rows in beancount syntax: money accounts against income and expense accounts."""
    accounts = ["Assets:Cash", "Assets:Bank", *(f"Income:Sales:{line}" for line in LINES),
                *EXPENSE_ACCOUNTS.values()]
    with path.open("w", encoding="utf-8") as handle:
        handle.write('option "operating_currency" "VND"\n2025-01-01 commodity VND\n')
        handle.writelines(f"2025-01-01 open {account} VND\n" for account in accounts)
        for day, kind, amount, line, payment, category in rows:
            money = "Assets:Cash" if payment == "cash" else "Assets:Bank"
            if kind == "sale":
                handle.write(f'\n{day} * "Doanh thu bán hàng"\n  {money}  {amount} VND\n'
                             f"  Income:Sales:{line}  -{amount} VND\n")
            else:
                handle.write(f'\n{day} * "Chi phí"\n  {EXPENSE_ACCOUNTS[category]}  {amount} VND\n'
                             f"  {money}  -{amount} VND\n")


def beancount_totals(path: Path) -> Totals:
    from beancount import loader
    from beancount.core import data

    loader.initialize(use_cache=False)
    entries, errors, _options = loader.load_file(str(path))
    if errors:
        raise SystemExit(f"beancount reported {len(errors)} errors, first: {errors[0]}")
    totals: Totals = defaultdict(int)
    for entry in entries:
        if isinstance(entry, data.Transaction):
            quarter = (entry.date.month - 1) // 3 + 1
            for posting in entry.postings:
                if posting.account.startswith("Income:Sales:"):
                    totals[(quarter, posting.account.rsplit(":", 1)[1])] -= int(posting.units.number)
    return dict(totals)


def _sum_sales(rows: list) -> Totals:  # type: ignore[type-arg]
    totals: Totals = defaultdict(int)
    for row in rows:
        if row.key.kind == "sale":
            totals[((row.key.month - 1) // 3 + 1, row.key.line)] += row.amount
    return dict(totals)


def hhtax_text_totals(directory: Path) -> Totals:
    from hhtax.service.ledgers import open_text_ledger

    ledger = open_text_ledger(directory)
    return _sum_sales(ledger.aggregates(date(2026, 1, 1), date(2026, 12, 31), 5_000_000))


def hhtax_sqlite_import(directory: Path, path: Path) -> None:
    from hhtax.service.ledgers import create_ledger, open_text_ledger

    text = open_text_ledger(directory)
    ledger = create_ledger(path, text.household)
    try:
        ledger.import_entries(e.model_copy(update={"id": None}) for e in text.entries())
    finally:
        ledger.close()


def hhtax_sqlite_totals(path: Path) -> Totals:
    from hhtax.journal.store import SqliteLedger

    ledger = SqliteLedger(path)
    try:
        return _sum_sales(ledger.aggregates(date(2026, 1, 1), date(2026, 12, 31), 5_000_000))
    finally:
        ledger.close()


def timed(function, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - start


def run(size: int, work: Path, repeat: int) -> dict[str, object]:
    rows = make_rows(size)
    text_dir, bean, sqlite = work / f"hh{size}", work / f"hh{size}.beancount", work / f"hh{size}.sqlite"
    write_hhtax(text_dir, rows)
    write_beancount(bean, rows)
    _, import_s = timed(hhtax_sqlite_import, text_dir, sqlite)
    best: dict[str, float] = {}
    answers: dict[str, Totals] = {}
    for _ in range(repeat):
        for name, function, arg in (("beancount", beancount_totals, bean),
                                    ("hhtax_text", hhtax_text_totals, text_dir),
                                    ("hhtax_sqlite", hhtax_sqlite_totals, sqlite)):
            answers[name], seconds = timed(function, arg)
            best[name] = min(best.get(name, seconds), seconds)
    if not answers["beancount"] == answers["hhtax_text"] == answers["hhtax_sqlite"]:
        raise SystemExit(f"N={size}: the totals differ between beancount and hhtax")
    return {"bench": "vs_beancount", "n": size, "beancount_s": round(best["beancount"], 4),
            "hhtax_text_s": round(best["hhtax_text"], 4), "hhtax_sqlite_s": round(best["hhtax_sqlite"], 4),
            "sqlite_import_s": round(import_s, 3),
            "ratio_text": round(best["beancount"] / best["hhtax_text"], 1),
            "ratio_sqlite": round(best["beancount"] / best["hhtax_sqlite"], 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hhtax-bench-") as temp:
        for size in (int(s) for s in args.sizes.split(",")):
            result = run(size, Path(temp), args.repeat)
            print(json.dumps(result), flush=True)
            print(f"N={size:>9,}: beancount {result['beancount_s']:.3f} s | hhtax text "
                  f"{result['hhtax_text_s']:.3f} s ({result['ratio_text']}×) | hhtax sqlite "
                  f"{result['hhtax_sqlite_s']:.3f} s ({result['ratio_sqlite']}×)", file=sys.stderr)


if __name__ == "__main__":
    main()

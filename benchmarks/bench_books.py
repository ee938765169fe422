#!/usr/bin/env python3
"""Benchmark: books of a 1,000,000-entry year, as `hhtax books --all` costs a user, and in process.

    python benchmarks/bench_books.py [--entries N] [--ledger PATH] [--method revenue|income] [--jobs N]
                                     [--cli-period 2026-Q1] [--quick]

The ledger is generated once (a SQLite ledger in /tmp, reused when present): sales on two lines
with items, purchases and stock issues of 50 items, expenses, wages, transfers between cash and
the bank. Measured:

1. **whole process** (issue 16): `hhtax books --all --period P --out DIR --jobs N` — start-up, the
   assessment that picks the books, every required book as PDF (84 % of the cost in 0.1) and the
   workbook — and the same with `--summary daily`; wall, CPU of all its processes, peak memory.
   Reference in the same run: the same books as CSV in this process (what this benchmark measured
   before issue 16: no PDF, no start-up). Targets: ≤ 60 s and ≤ 8 s (`--summary daily`) for a
   quarter at `--jobs 2`.
2. **in process, the year** (issue 4): every required book as CSV, and the XLSX workbook with
   `--summary daily`, one process and `--jobs N` (targets 10 s and 5 s); outputs compared.

One JSON object per measurement on stdout, readable lines on stderr. Run by hand; not a test.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import procs

from hhtax.books import build_book, required_books
from hhtax.books.render_csv import write_csv
from hhtax.books.render_xlsx import write_xlsx
from hhtax.journal.store import SqliteLedger
from hhtax.ledger_tax import assess_ledger
from hhtax.model import Account, BusinessLine, CostCategory, Entry, EntryKind, Household
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.service.books import BookTask, run_tasks
from hhtax.service.ledgers import create_ledger

YEAR = 2026
COST_CATEGORIES = [CostCategory.ELECTRICITY, CostCategory.RENT, CostCategory.OTHER]


def profile(method: str) -> Household:
    return Household(tax_code="0314409058", name="Nguyễn Văn Bền", shop_name="Siêu thị mini Bền",
                     address="Số 5 phố Chùa Bộc", province="Hà Nội", pit_method=method,
                     pit_method_since=YEAR, prior_year_revenue=60_000_000_000,
                     lines=(BusinessLine(id="goods", group="goods", name="Bán lẻ hàng hóa"),
                            BusinessLine(id="services", group="services", name="Dịch vụ giao hàng")),
                     accounts=(Account(id="vcb", number="0011000123456", provider="Vietcombank"),))


DEFAULTS: dict[str, object] = {
    "id": None, "line": "", "doc": "", "description": "", "payment": "cash", "category": None, "item": "",
    "unit": "", "qty": None, "unit_price": None, "tax": None, "transfer_to": "", "vat_cut": None,
    "withheld": False, "withheld_vat": 0, "withheld_pit": 0, "counterparty": "", "reverses": None,
    "source": "bench"}


def entry(**fields: object) -> Entry:
    return Entry.model_construct(**(DEFAULTS | fields))


def entries(count: int) -> Iterator[Entry]:
    rng = random.Random(4)
    items = [f"Mặt hàng số {n:02d}" for n in range(50)]
    per_day = count // 365 + 1
    day = date(YEAR, 1, 1)
    for made in range(1, count + 1):
        if made % per_day == 0 and day < date(YEAR, 12, 31):
            day += timedelta(days=1)
        roll = rng.random()
        doc = f"HD{made:07d}"
        if roll < 0.70:
            item = rng.choice(items) if roll < 0.35 else ""
            yield entry(date=day, kind=EntryKind.SALE, amount=rng.randint(20_000, 2_000_000), doc=doc,
                        line="goods" if roll < 0.6 else "services", description="Bán hàng",
                        payment="cash" if roll < 0.4 else "bank:vcb", item=item, unit="cái" if item else "",
                        qty=Decimal(rng.randint(1, 5)) if item else None)
        elif roll < 0.85:
            yield entry(date=day, kind=EntryKind.PURCHASE, amount=rng.randint(100_000, 5_000_000), doc=doc,
                        category=CostCategory.GOODS, item=rng.choice(items), unit="cái",
                        qty=Decimal(rng.randint(5, 20)), payment="bank:vcb", description="Nhập hàng")
        elif roll < 0.95:
            yield entry(date=day, kind=EntryKind.EXPENSE, amount=rng.randint(10_000, 3_000_000), doc=doc,
                        category=rng.choice(COST_CATEGORIES),
                        payment="cash", description="Chi phí")
        else:
            yield entry(date=day, kind=EntryKind.TRANSFER, amount=rng.randint(1_000_000, 20_000_000), doc=doc,
                        payment="cash", transfer_to="bank:vcb", description="Nộp tiền vào tài khoản")


def ledger(path: Path, count: int, method: str) -> SqliteLedger:
    if path.exists():
        return SqliteLedger(path)
    started = time.perf_counter()
    store = create_ledger(path, profile(method))
    store.import_entries(entries(count))
    print(f"generated {count:,} entries in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return store


class Clock:
    """Wall and CPU time since creation; CPU counts this process and the workers it waited for
    (the CPU figure is what a quiet machine would show), and the load average is printed with it."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = self._cpu()

    @staticmethod
    def _cpu() -> float:
        times = os.times()
        return times.user + times.system + times.children_user + times.children_system

    def figures(self) -> dict[str, float]:
        return {"seconds": round(time.perf_counter() - self.wall, 2), "cpu_s": round(self._cpu() - self.cpu, 2)}

    def __str__(self) -> str:
        return (f"{time.perf_counter() - self.wall:6.2f} s wall, {self._cpu() - self.cpu:6.2f} s CPU "
                f"(load {os.getloadavg()[0]:.2f})")


def emit(result: dict[str, object]) -> None:
    print(json.dumps({"bench": "books", **result, "load": procs.load()}), flush=True)


def whole_process(path: Path, store: SqliteLedger, period_text: str, jobs: int) -> None:
    """`hhtax books --all` as a user runs it, against the same books as CSV in this process."""
    rules = load_rules()
    period = Period.parse(period_text)
    clock = time.process_time()
    wall = time.perf_counter()
    assessment = assess_ledger(store, period, rules)
    codes = [code for code, _ in required_books(store.household, period, rules, assessment)]
    for code in codes:
        write_csv(build_book(code, store, period, rules, assessment=assessment), io.StringIO())
    csv_wall, csv_cpu = time.perf_counter() - wall, time.process_time() - clock
    emit({"case": "csv_in_process", "period": period_text, "books": ",".join(codes),
          "seconds": round(csv_wall, 2), "cpu_s": round(csv_cpu, 2)})
    for summary in ((), ("--summary", "daily")):
        with tempfile.TemporaryDirectory(prefix="hhtax-bench-books-") as out:
            done = procs.run(procs.hhtax("--ledger", str(path), "books", "--all", "--period", period_text,
                                         "--out", out, "--jobs", str(jobs), *summary))
            files = sorted(Path(out).iterdir())
            written = sum(f.stat().st_size for f in files)
        target = 8.0 if summary else 60.0
        emit({"case": "books_all_cli" + ("_daily" if summary else ""), "period": period_text, "jobs": jobs,
              "seconds": round(done.wall, 2), "cpu_s": round(done.cpu, 2), "peak_mb": round(done.peak_mb),
              "files": len(files), "mb_written": round(written / 1e6, 1), "target_s": target,
              "met": done.wall <= target, "reference": "the same books as CSV in process",
              "ratio": round(done.wall / csv_wall, 2), "ratio_cpu": round(done.cpu / max(csv_cpu, 1e-3), 2)})
        print(f"hhtax books --all --period {period_text} --jobs {jobs} {' '.join(summary)}: "
              f"{done.wall:.2f} s wall, {done.cpu:.2f} s CPU, {done.peak_mb:.0f} MB peak, {len(files)} files "
              f"({written / 1e6:.1f} MB); the same books as CSV in process: {csv_wall:.2f} s "
              f"(load {procs.load()})", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--method", choices=["revenue", "income"], default="income")
    parser.add_argument("--ledger", type=Path, default=None)
    parser.add_argument("--jobs", type=int, default=2, help="processes for the parallel runs")
    parser.add_argument("--cli-period", default="2026-Q1", help="the period of the whole-process runs")
    parser.add_argument("--quick", action="store_true", help="20,000 entries, whole process only")
    args = parser.parse_args()
    entries_wanted = 20_000 if args.quick else args.entries
    path = args.ledger or Path(tempfile.gettempdir()) / f"hhtax-bench-books-{args.method}-{entries_wanted}.sqlite"
    store = ledger(path, entries_wanted, args.method)
    procs.compiled()
    whole_process(path, store, args.cli_period, args.jobs)
    if args.quick:
        store.close()
        return
    rules = load_rules()
    period = Period.of_year(YEAR)
    clock = Clock()
    assessment = assess_ledger(store, period, rules)
    codes = [code for code, _reason in required_books(store.household, period, rules, assessment)]
    serial: list[bytes] = []
    for code in codes:
        part = Clock()
        sink = io.StringIO()
        write_csv(build_book(code, store, period, rules, assessment=assessment), sink)
        serial.append(sink.getvalue().encode())
        print(f"  {code:<8} CSV {len(serial[-1]) / 1e6:7.1f} MB in {part}", file=sys.stderr)
    emit({"case": "year_csv", "jobs": 1, **clock.figures(), "target_s": 10.0})
    print(f"every required book ({', '.join(codes)}) as CSV, one process: {clock}", file=sys.stderr)
    clock = Clock()
    tasks = [BookTask(str(path), str(period), code, formats=("csv",)) for code in codes]
    results = run_tasks(tasks, jobs=args.jobs)
    emit({"case": "year_csv", "jobs": args.jobs, **clock.figures(), "target_s": 10.0})
    print(f"every required book as CSV, --jobs {args.jobs}: {clock}", file=sys.stderr)
    assert [result.files["csv"] for result in results] == serial, "parallel CSV differs"
    clock = Clock()
    books = [build_book(code, store, period, rules, summary="daily", assessment=assessment) for code in codes]
    single = io.BytesIO()
    write_xlsx(books, single)
    emit({"case": "year_xlsx_daily", "jobs": 1, **clock.figures(), "target_s": 5.0})
    print(f"XLSX of every required book with --summary daily, one process: {clock}", file=sys.stderr)
    clock = Clock()
    tasks = [BookTask(str(path), str(period), code, summary="daily", keep_rows=True) for code in codes]
    parallel = io.BytesIO()
    write_xlsx([result.book for result in run_tasks(tasks, jobs=args.jobs) if result.book], parallel)
    emit({"case": "year_xlsx_daily", "jobs": args.jobs, **clock.figures(), "target_s": 5.0})
    print(f"XLSX of every required book with --summary daily, --jobs {args.jobs}: {clock}", file=sys.stderr)
    assert parallel.getvalue() == single.getvalue(), "parallel XLSX differs"
    store.close()


if __name__ == "__main__":
    main()

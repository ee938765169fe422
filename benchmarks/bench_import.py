"""Import speed of the SQLite journal store (run by hand: `python benchmarks/bench_import.py [ROWS]`).

Writes a canonical journal CSV of ROWS rows (default 1,000,000; a fixed seed) to a temporary
folder, creates a ledger and times: the import (parse + validate + dedupe keys + hash chain +
insert + monthly totals, one transaction), a re-import of the same file (everything already
present), the year's aggregates from the maintained monthly totals, and the same aggregates for a
cash limit the totals are not split at (3,000,000: the GROUP BY over every entry the store falls
back to). Wall and CPU time are printed with the load average, since the machine may be shared.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from hhtax.importers import import_file
from hhtax.service.ledgers import create_ledger
from hhtax.model import Household

HOUSEHOLD = Household.model_validate({
    "tax_code": "0100109106", "name": "Nguyễn Văn An", "shop_name": "Tạp hóa An",
    "lines": [{"id": "shop", "group": "goods"}, {"id": "cafe", "group": "production"}],
})
T = TypeVar("T")
CATEGORIES = ("electricity", "water", "rent", "telecom", "other")


def write_csv(path: Path, rows: int) -> None:
    rng = random.Random(2026)
    with path.open("w", encoding="utf-8") as out:
        out.write("date,kind,amount,line,doc,description,payment,category,item,unit,qty,unit_price\n")
        for index in range(rows):
            day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            amount = rng.randint(1, 5_000) * 1_000
            roll = rng.random()
            if roll < 0.8:
                line = "shop" if roll < 0.5 else "cafe"
                out.write(f"{day},sale,{amount},{line},HD{index:07d},Bán hàng,cash,,,,,\n")
            elif roll < 0.9:
                price = amount // 10
                out.write(f"{day},purchase,{amount},,PN{index:07d},Nhập hàng,bank,,Gạo,kg,10,{price}\n")
            else:
                out.write(f"{day},expense,{amount},,,Chi phí,cash,{rng.choice(CATEGORIES)},,,,\n")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "journal.csv"
        write_csv(csv_path, rows)
        with create_ledger(Path(folder) / "bench.sqlite", HOUSEHOLD) as ledger:
            result, first = timed(lambda: ledger.import_entries(import_file(csv_path, HOUSEHOLD)))
            again, second = timed(lambda: ledger.import_entries(import_file(csv_path, HOUSEHOLD)))
            year = (date(2026, 1, 1), date(2026, 12, 31))
            groups, third = timed(lambda: ledger.aggregates(*year, 5_000_000))
            grouped, fourth = timed(lambda: ledger.aggregates(*year, 3_000_000))
    print(f"import     {result.added:>9,} rows  {report(result.added, first)}")
    print(f"re-import  {again.present:>9,} rows  {report(again.present, second)} ({again.added} new)")
    print(f"aggregates {len(groups):>9,} groups wall {third[0]:6.3f} s, cpu {third[1]:6.3f} s "
          "(monthly totals)")
    print(f"aggregates {len(grouped):>9,} groups wall {fourth[0]:6.3f} s, cpu {fourth[1]:6.3f} s "
          "(GROUP BY fallback, limit 3,000,000)")
    print("load average (1, 5, 15 min): " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))


def timed(action: Callable[[], T]) -> tuple[T, tuple[float, float]]:
    """The result of `action` and its (wall, CPU) seconds: CPU time is the figure that does not
    depend on what else the machine is doing."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, (time.perf_counter() - wall, time.process_time() - cpu)


def report(rows: int, seconds: tuple[float, float]) -> str:
    wall, cpu = seconds
    return (f"wall {wall:6.2f} s = {rows / wall:>9,.0f} rows/s; "
            f"cpu {cpu:6.2f} s = {rows / cpu:>9,.0f} rows/s")

if __name__ == "__main__":
    main()

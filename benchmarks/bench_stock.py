"""The income method's stock position on a 1 M-entry ledger: from the maintained stock totals
(schema 5) against the same ledger made schema 4 (the stock movements read from the entries).

    python benchmarks/bench_stock.py [--entries 1000000] [--repeat 3] [--ledger PATH]

Writes (or reuses, `--ledger`) the income-method ledger of bench_books.py (average cost, 50 items,
a third of the sales and every purchase moving stock), copies it and turns the copy into a
schema-4 ledger (no `stock_totals`: the way a ledger made before it is read), then times
`assess_ledger` (open + monthly totals + stock position + engine) for 2026-Q1, 2026-Q4 and the year
on both and checks that the assessments are equal (target: ≤ 1 s at 1 M entries). One JSON object
per period on stdout, a readable line on stderr.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bench_books import ledger

from hhtax.journal.store import SqliteLedger
from hhtax.ledger_tax import assess_ledger
from hhtax.periods import Period
from hhtax.rules import load_rules


def best_of(path: Path, period: Period, repeat: int) -> tuple[float, object]:
    rules = load_rules()
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        with SqliteLedger(path) as opened:
            result = assess_ledger(opened, period, rules)
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ledger", type=Path, default=None, help="Reuse (or write once) this ledger file.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hhtax-stock-") as temp:
        path = args.ledger or Path(temp) / "income.sqlite"
        ledger(path, args.entries, "income").close()
        old = Path(temp) / "schema4.sqlite"
        shutil.copyfile(path, old)
        db = sqlite3.connect(old)
        db.executescript("DROP TABLE stock_totals; UPDATE schema_version SET version = 4;")
        db.close()
        for text in ("2026-Q1", "2026-Q4", "2026"):
            period = Period.parse(text)
            totals_s, fast = best_of(path, period, args.repeat)
            entries_s, slow = best_of(old, period, args.repeat)
            if fast != slow:
                raise SystemExit(f"{text}: the assessments differ")
            result = {"bench": "stock", "entries": args.entries, "period": text,
                      "assess_ledger_s": round(totals_s, 4), "from_entries_s": round(entries_s, 3),
                      "ratio": round(entries_s / totals_s, 1), "reference": "the same ledger at schema 4",
                      "target_s": 1.0, "met": totals_s <= 1.0}
            print(json.dumps(result), flush=True)
            print(f"{text}: assess_ledger {totals_s:.4f} s with stock totals, {entries_s:.3f} s from the "
                  f"entries (schema 4): {result['ratio']}×", file=sys.stderr)


if __name__ == "__main__":
    main()

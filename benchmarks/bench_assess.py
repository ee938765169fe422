"""Assess a year of N entries (default 1,000,000): the SQL fast path and the pure in-memory path.

    python benchmarks/bench_assess.py [--entries 1000000] [--repeat 3]

Builds one household's year (three business lines; sales, purchases, expenses, wages) with the
row generator of bench_vs_beancount.py, imports it once into a SQLite ledger (import time
reported, not part of the target), then times:

- `assess_ledger(ledger, 2026, rules)`: open ledger → one GROUP BY → engine (target ≤ 1 s);
- `assess(household, entries, 2026, rules)` on the entries already in memory (aggregated in Python).

One JSON object on stdout, a readable line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench_vs_beancount import hhtax_sqlite_import, make_rows, write_hhtax

from hhtax.journal.store import SqliteLedger
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.ledger_tax import assess_ledger
from hhtax.tax.engine import assess


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rules = load_rules()
    year = Period.parse("2026")
    with tempfile.TemporaryDirectory(prefix="hhtax-assess-") as temp:
        text_dir, path = Path(temp) / "text", Path(temp) / "year.sqlite"
        write_hhtax(text_dir, make_rows(args.entries))
        start = time.perf_counter()
        hhtax_sqlite_import(text_dir, path)
        import_s = time.perf_counter() - start
        sql_times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            ledger = SqliteLedger(path)
            assessment = assess_ledger(ledger, year, rules)
            ledger.close()
            sql_times.append(time.perf_counter() - start)
        ledger = SqliteLedger(path)
        entries = list(ledger.entries())
        household = ledger.household
        ledger.close()
        memory_times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            same = assess(household, entries, year, rules)
            memory_times.append(time.perf_counter() - start)
    if same.payable.value != assessment.payable.value:
        raise SystemExit("assess and assess_ledger disagree")
    result = {"bench": "assess", "entries": args.entries, "assess_ledger_s": round(min(sql_times), 4),
              "assess_in_memory_s": round(min(memory_times), 4), "import_s": round(import_s, 2),
              "revenue": assessment.revenue.value, "payable": assessment.payable.value}
    print(json.dumps(result))
    print(f"{args.entries:,} entries: assess_ledger {result['assess_ledger_s']} s, in-memory assess "
          f"{result['assess_in_memory_s']} s (import once: {result['import_s']} s)", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Declarations as `hhtax declare` and `hhtax batch` make them: N different households, each
prepared (assessment, 01/CNKD and its appendices), written as XML, rendered as PDF and validated.

    python benchmarks/bench_declare.py [--count 300] [--quick]

`households.py` writes N SQLite ledgers of different households (names, addresses, lines, groups,
figures; fixed seed; not timed). Each is opened and passed to the service layer's
`prepare_return` for the last period ended on 20/07/2026 (2026-Q2, or 2026-06 for a monthly
filer), exactly as `declare` and `batch` call it: nothing is written or locked. Measured: wall and
CPU time per household over the N different ones, and, in the same run, the first household
prepared N times (what this benchmark measured before issue 16: every layout cache hits). The
ratio different/same says what the old figure left out. Target (issue 4): XML + PDF ≤ 5 ms per
household. One JSON object on stdout, a readable line on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from households import FILED_ON, write_declaring

from hhtax.rules import RuleBook, load_rules
from hhtax.service.ledgers import open_ledger
from hhtax.service.periods import default_period
from hhtax.service.returns import PreparedReturn, prepare_return


def prepare_one(path: Path, rules: RuleBook, on: date) -> PreparedReturn:
    """Open the ledger and prepare its return, as `hhtax batch` does for one household."""
    ledger = open_ledger(path)
    try:
        return prepare_return(ledger, default_period(ledger.household, on), rules, on=on)
    finally:
        ledger.close()


def clocked(work: Callable[[], None]) -> tuple[float, float]:
    """Wall and CPU seconds of `work()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="20 households (a smoke run)")
    args = parser.parse_args(argv)
    count = 20 if args.quick else args.count
    on = date.fromisoformat(FILED_ON)
    rules = load_rules()
    with tempfile.TemporaryDirectory(prefix="hhtax-bench-declare-") as temp:
        paths = write_declaring(count, Path(temp))
        prepare_one(paths[0], rules, on)  # warm: fonts registered, schema parsed, as in any long run
        sizes: list[int] = []

        def different() -> None:
            for path in paths:
                prepared = prepare_one(path, rules, on)
                assert prepared.declaration is not None, f"{path.name}: {prepared.note}"
                sizes.append(len(prepared.xml) + len(prepared.pdf))

        def same() -> None:
            for _ in paths:
                prepare_one(paths[0], rules, on)

        wall, cpu = clocked(different)
        same_wall, same_cpu = clocked(same)
    result = {"bench": "declare", "households": count, "different_ms": round(wall * 1000 / count, 2),
              "different_cpu_ms": round(cpu * 1000 / count, 2), "same_ms": round(same_wall * 1000 / count, 2),
              "same_cpu_ms": round(same_cpu * 1000 / count, 2), "reference": "one household prepared N times",
              "ratio": round(cpu / same_cpu, 2), "distinct_outputs": len(set(sizes)),
              "target": "XML + PDF ≤ 5 ms per household (issue 4)", "load": round(os.getloadavg()[0], 2)}
    print(json.dumps(result, ensure_ascii=False))
    print(f"declare, {count} different households: {result['different_ms']} ms wall, "
          f"{result['different_cpu_ms']} ms CPU each (prepare + XML + PDF + validation); one household "
          f"{count} times: {result['same_cpu_ms']} ms CPU; ratio {result['ratio']}× "
          f"(load {result['load']})", file=sys.stderr)


if __name__ == "__main__":
    main()

"""`hhtax init --from DIR` against `hhtax import` of the same rows, whole process.

    python benchmarks/bench_init_from.py [--rows 1000000] [--repeat 1] [--quick]

Issue 16 §2: converting a plain-text ledger (`init --from`) should be as fast and as lean as
importing its journal (no model object per row and back). The benchmark writes a plain-text
ledger of N rows (bench_vs_beancount.py's household and rows; fixed seed; not timed), then runs,
each as its own process (`procs.py`: wall, CPU, peak memory of that process):

- `hhtax --ledger A.sqlite init --from DIR`;
- the reference, in the same run: `hhtax --ledger B.sqlite import DIR/journal.csv` into a ledger
  of the same household created empty beforehand (`init --from` a directory without rows; not
  timed).

Both ledgers must hold the same number of entries. Ratios init/import of time and of peak memory
(target ≤ 1, "as fast and as lean"). One JSON object per size on stdout, a readable line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

import procs
from bench_vs_beancount import make_rows, write_hhtax


def entries(path: Path) -> int:
    with sqlite3.connect(path) as db:
        count: int = db.execute("SELECT count(*) FROM entries").fetchone()[0]
    return count


def run(rows: int, work: Path, repeat: int) -> dict[str, object]:
    text, empty = work / f"text{rows}", work / f"empty{rows}"
    write_hhtax(text, make_rows(rows))
    write_hhtax(empty, [])
    results: dict[str, list[procs.Run]] = {"init_from": [], "import": []}
    for attempt in range(max(repeat, 1)):
        converted, imported = work / f"init{rows}-{attempt}.sqlite", work / f"import{rows}-{attempt}.sqlite"
        results["init_from"].append(procs.run(procs.hhtax("--ledger", str(converted), "init", "--from", str(text))))
        procs.run(procs.hhtax("--ledger", str(imported), "init", "--from", str(empty)))
        results["import"].append(procs.run(procs.hhtax("--ledger", str(imported), "import",
                                                       str(text / "journal.csv"))))
        if entries(converted) != entries(imported) or entries(converted) != rows:
            raise SystemExit(f"{rows} rows: init --from kept {entries(converted)}, import {entries(imported)}")
    init, imp = (min(results[name], key=lambda r: r.wall) for name in ("init_from", "import"))
    return {"bench": "init_from", "rows": rows,
            "init_from_s": round(init.wall, 2), "init_from_cpu_s": round(init.cpu, 2),
            "init_from_peak_mb": round(init.peak_mb),
            "import_s": round(imp.wall, 2), "import_cpu_s": round(imp.cpu, 2), "import_peak_mb": round(imp.peak_mb),
            "reference": "hhtax import of the same rows",
            "ratio": round(init.wall / imp.wall, 2), "ratio_cpu": round(init.cpu / imp.cpu, 2),
            "ratio_memory": round(init.peak_mb / imp.peak_mb, 2),
            "target": "≤ 1 (as fast and as lean as import)",
            "load": procs.load()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000000", help="comma-separated sizes")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="5,000 rows (a smoke run)")
    args = parser.parse_args(argv)
    procs.compiled()
    sizes = [5000] if args.quick else [int(size) for size in args.rows.split(",")]
    with tempfile.TemporaryDirectory(prefix="hhtax-bench-init-") as temp:
        for rows in sizes:
            result = run(rows, Path(temp), args.repeat)
            print(json.dumps(result, ensure_ascii=False), flush=True)
            print(f"{rows:,} rows: init --from {result['init_from_s']} s ({result['init_from_cpu_s']} s CPU, "
                  f"{result['init_from_peak_mb']} MB peak); import {result['import_s']} s "
                  f"({result['import_cpu_s']} s CPU, {result['import_peak_mb']} MB); ratio {result['ratio']}× time "
                  f"(CPU {result['ratio_cpu']}×), {result['ratio_memory']}× memory (load {result['load']})",
                  file=sys.stderr)


if __name__ == "__main__":
    main()

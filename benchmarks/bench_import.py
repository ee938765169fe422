"""`hhtax import` against `csv.reader` + raw `executemany` of the same rows, whole process (issue 16
§2), and the plain-text ledger's assess of the same rows (§6).

    python benchmarks/bench_import.py [ROWS[,ROWS…]] [--repeat 3]

Writes a canonical journal CSV of ROWS rows (default 1,000,000; fixed seed; 2026; 80 % sales over
two lines with invoice numbers, 10 % purchases of an item with quantity and price, 10 % expenses
without a document) and a plain-text ledger directory holding it (not timed). Then, each as its
own process (`procs.py`: wall, CPU, peak resident memory of that process), `--repeat` times,
interleaved:

- **hhtax**: `hhtax --ledger L import journal.csv` into a new, empty ledger (created beforehand,
  not timed): parse and validate every row, natural keys and occurrence numbers, hash chain,
  insert, monthly totals, one transaction, the WAL checkpointed when the ledger closes.
- **reference**: `python bench_import.py --reference journal.csv L2 CACHE_KIB` into another empty
  ledger of the same schema (hhtax's 16 KiB pages, WAL, `synchronous = NORMAL`, the import's page
  cache, foreign keys on): `csv.reader` and `executemany` of the same rows in one transaction,
  then the same checkpoint. Each row's CSV fields as they are (NULL for an empty optional one, no
  validation), `file:line` as its natural key, no hash: what a raw import of the file costs.

Then once: `hhtax import` of the same file again (every row already present), and
`hhtax --ledger DIR assess --period 2026-Q1` on the plain-text ledger (its peak memory: §6 asks
it bounded as for import). One JSON object per size on stdout (ratios hhtax ÷ reference of the
fastest run of each, wall and CPU; target ≤ 1.5; peaks in MiB, target ≤ 250), a readable summary
on stderr.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sqlite3
import sys
import tempfile
from pathlib import Path

import procs

CATEGORIES = ("electricity", "water", "rent", "telecom", "other")
HOUSEHOLD = {
    "tax_code": "0100109106", "name": "Nguyễn Văn An", "shop_name": "Tạp hóa An",
    "lines": [{"id": "shop", "group": "goods"}, {"id": "cafe", "group": "production"}],
}
BATCH = 50_000


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


def reference(csv_path: str, ledger: str, cache_kib: int) -> None:
    """The raw import: `csv.reader` + `executemany` into the ledger's `entries`, one transaction,
    then the checkpoint hhtax makes when a ledger it wrote closes (stdlib only: no hhtax import)."""
    db = sqlite3.connect(ledger, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA cache_size = -{cache_kib}")
    columns = [row[1] for row in db.execute("PRAGMA table_info(entries)")]
    assert len(columns) == 24 and columns[-2:] == ["natural_key", "hash"], columns
    insert = f"INSERT INTO entries ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    with open(csv_path, newline="", encoding="utf-8") as lines:
        reader = csv.reader(lines)
        next(reader)
        db.execute("BEGIN IMMEDIATE")
        batch: list[tuple[object, ...]] = []
        for number, record in enumerate(reader, start=1):
            day, kind, amount, line, doc, description, payment, category, item, unit, qty, price = record
            source = f"{csv_path}:{number + 1}"
            batch.append((number, day, kind, int(amount), line, doc, description, payment, category or None, item,
                          unit, qty or None, int(price) if price else None, None, "", None, 0, 0, 0, "", None,
                          source, source, ""))
            if len(batch) == BATCH:
                db.executemany(insert, batch)
                batch = []
        db.executemany(insert, batch)
        db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    db.close()


def empty_ledger(path: Path) -> None:
    from hhtax.model import Household
    from hhtax.service.ledgers import create_ledger

    create_ledger(path, Household.model_validate(HOUSEHOLD)).close()


def text_ledger(folder: Path, csv_path: Path) -> Path:
    from hhtax.journal.household_file import household_to_toml
    from hhtax.model import Household

    folder.mkdir()
    (folder / "household.toml").write_text(household_to_toml(Household.model_validate(HOUSEHOLD)),
                                           encoding="utf-8")
    (folder / "journal.csv").hardlink_to(csv_path)
    return folder


def entries(path: Path) -> int:
    with sqlite3.connect(path) as db:
        count: int = db.execute("SELECT count(*) FROM entries").fetchone()[0]
    return count


def measure(rows: int, work: Path, repeat: int) -> dict[str, object]:
    from hhtax.journal.connection import IMPORT_CACHE_KIB

    csv_path = work / f"journal{rows}.csv"
    write_csv(csv_path, rows)
    runs: dict[str, list[procs.Run]] = {"import": [], "reference": []}
    ledger = work / "none"
    for attempt in range(max(repeat, 1)):
        ledger, raw = work / f"import{rows}-{attempt}.sqlite", work / f"raw{rows}-{attempt}.sqlite"
        empty_ledger(ledger)
        empty_ledger(raw)
        runs["import"].append(procs.run(procs.hhtax("--ledger", str(ledger), "import", str(csv_path))))
        runs["reference"].append(procs.run([sys.executable, __file__, "--reference", str(csv_path), str(raw),
                                            str(IMPORT_CACHE_KIB)]))
        if entries(ledger) != rows or entries(raw) != rows:
            raise SystemExit(f"{rows} rows: hhtax kept {entries(ledger)}, the reference {entries(raw)}")
    again = procs.run(procs.hhtax("--ledger", str(ledger), "import", str(csv_path)))
    text = text_ledger(work / f"text{rows}", csv_path)
    assess = procs.run(procs.hhtax("--ledger", str(text), "assess", "--period", "2026-Q1"))
    imp, ref = (min(runs[name], key=lambda r: r.wall) for name in ("import", "reference"))
    return {
        "bench": "import", "rows": rows,
        "import_s": round(imp.wall, 2), "import_cpu_s": round(imp.cpu, 2), "import_peak_mib": round(imp.peak_mb),
        "reference_s": round(ref.wall, 2), "reference_cpu_s": round(ref.cpu, 2),
        "reference_peak_mib": round(ref.peak_mb),
        "reference": "csv.reader + executemany of the same rows into the same schema (16 KiB pages, WAL, "
                     "synchronous NORMAL, same page cache, checkpoint)",
        "ratio": round(imp.wall / ref.wall, 2), "ratio_cpu": round(imp.cpu / ref.cpu, 2),
        "target": "≤ 1.5; peak ≤ 250 MiB",
        "reimport_s": round(again.wall, 2), "reimport_cpu_s": round(again.cpu, 2),
        "reimport_peak_mib": round(again.peak_mb),
        "text_assess_s": round(assess.wall, 2), "text_assess_cpu_s": round(assess.cpu, 2),
        "text_assess_peak_mib": round(assess.peak_mb),
        "load": procs.load(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", default="1000000", help="comma-separated sizes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reference", nargs=3, metavar=("CSV", "LEDGER", "CACHE_KIB"),
                        help="(internal) run the raw reference import in this process")
    args = parser.parse_args(argv)
    if args.reference:
        reference(args.reference[0], args.reference[1], int(args.reference[2]))
        return
    procs.compiled()
    with tempfile.TemporaryDirectory(prefix="hhtax-bench-import-") as temp:
        for rows in (int(size) for size in args.rows.split(",")):
            result = measure(rows, Path(temp), args.repeat)
            print(json.dumps(result, ensure_ascii=False), flush=True)
            print(f"{rows:,} rows: import {result['import_s']} s ({result['import_cpu_s']} s CPU, "
                  f"{result['import_peak_mib']} MiB peak); reference {result['reference_s']} s "
                  f"({result['reference_cpu_s']} s CPU, {result['reference_peak_mib']} MiB); ratio "
                  f"{result['ratio']}× wall, {result['ratio_cpu']}× CPU; re-import {result['reimport_s']} s "
                  f"({result['reimport_peak_mib']} MiB); text ledger assess {result['text_assess_s']} s "
                  f"({result['text_assess_peak_mib']} MiB peak) (load {result['load']})", file=sys.stderr)


if __name__ == "__main__":
    main()

"""hhtax against beancount 3 on the same transactions, whole process: load + revenue per line and
quarter, as a user pays it (interpreter start-up, imports and the import of the data included).

    pip install beancount          # benchmark-only, not a dependency of hhtax
    python benchmarks/bench_vs_beancount.py [--sizes 10000,100000,1000000] [--repeat 1] [--quick]

For each N the benchmark writes one household's year of N journal rows (sales over three business
lines, purchases, expenses, wages) twice: as an hhtax plain-text ledger (household.toml +
journal.csv) and in beancount syntax (an `open` per account, one transaction of two postings per
row). Not timed. Then each of these runs as its own process (`procs.py`: wall, CPU, peak memory):

- **hhtax import + totals**: `hhtax import journal.csv` into a new SQLite ledger (created empty
  beforehand, not timed), then `hhtax assess --period 2026 --json` (revenue per line, per quarter,
  and the tax): what the first day costs;
- **hhtax totals**: the same `assess` again on the SQLite ledger: what every later day costs;
- **hhtax text**: `hhtax --ledger DIR assess --period 2026 --json` on the plain-text ledger (every
  row parsed and validated on each run);
- **beancount totals**: `python bench_vs_beancount.py --beancount-totals FILE`: `loader.load_file`
  (parse, booking, validation) and a pass over the postings summing `Income:Sales:<line>` per
  quarter, with its pickle cache off, and with the cache a previous run wrote (beancount writes it
  only when a load takes more than 1 s: below that, both rows are the same work);
- **bean-check**: `bean-check -C FILE` (no cache) and `bean-check FILE` (cache), for reference.

Ratios are beancount / hhtax in the same run: first day (beancount without cache against hhtax
import + totals), every later day (beancount with its cache against hhtax totals), text (beancount
without cache against hhtax's text ledger). The revenue per line and per quarter of both sides is
compared, so a ratio is only reported for equal answers. Output: one JSON object per size on
stdout (run_all.py collects them), a readable table on stderr.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

import procs

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


def beancount_totals(path: Path, *, cache: bool) -> Totals:
    from beancount import loader
    from beancount.core import data

    loader.initialize(use_cache=cache)
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


def marginals(totals: Totals) -> tuple[dict[str, int], dict[int, int]]:
    """Revenue per line for the year and per quarter (what `hhtax assess --json` prints)."""
    lines: dict[str, int] = defaultdict(int)
    quarters: dict[int, int] = defaultdict(int)
    for (quarter, line), amount in totals.items():
        lines[line] += amount
        quarters[quarter] += amount
    return dict(lines), dict(quarters)


def assessed(stdout: str) -> tuple[dict[str, int], dict[int, int]]:
    data = json.loads(stdout)
    lines = {row["line"]: row["revenue"] for row in data["lines"] if row["revenue"]}
    quarters = {int(row["period"][-1]): row["revenue"] for row in data["schedule"] if row["revenue"]}
    return lines, quarters


def hhtax_sqlite_import(directory: Path, path: Path) -> None:
    """The text ledger's rows imported into a new SQLite ledger in this process (bench_assess.py)."""
    from hhtax.service.ledgers import create_ledger, open_text_ledger

    text = open_text_ledger(directory)
    ledger = create_ledger(path, text.household)
    try:
        ledger.import_entries(e.model_copy(update={"id": None}) for e in text.entries())
    finally:
        ledger.close()


def bean_command(path: Path, cache: bool) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--beancount-totals", str(path),
            *(() if cache else ("--no-cache",))]


def bean_check() -> str:
    found = shutil.which("bean-check") or str(Path(sys.executable).parent / "bean-check")
    if not Path(found).exists():
        raise SystemExit("bean-check not found: pip install beancount")
    return found


def prepare(size: int, work: Path) -> tuple[Path, Path, Path]:
    """The text ledger, the beancount file and an empty SQLite ledger of the same household."""
    rows = make_rows(size)
    text_dir, bean, sqlite = work / f"hh{size}", work / f"hh{size}.beancount", work / f"hh{size}.sqlite"
    write_hhtax(text_dir, rows)
    write_beancount(bean, rows)
    empty = work / f"empty{size}"
    write_hhtax(empty, [])
    procs.run(procs.hhtax("--ledger", str(sqlite), "init", "--from", str(empty)))
    return text_dir, bean, sqlite


def run(size: int, work: Path, repeat: int) -> dict[str, object]:
    text_dir, bean, sqlite = prepare(size, work)
    assess = ("assess", "--period", "2026", "--json")
    imported = procs.run(procs.hhtax("--ledger", str(sqlite), "import", str(text_dir / "journal.csv")))
    runs = {
        "hhtax_assess": procs.best(procs.hhtax("--ledger", str(sqlite), *assess), repeat),
        "hhtax_text": procs.best(procs.hhtax("--ledger", str(text_dir), *assess), repeat),
        "bean_nocache": procs.best(bean_command(bean, cache=False), repeat),
        "bean_check_nocache": procs.best([bean_check(), "-C", str(bean)], repeat),
    }
    procs.run(bean_command(bean, cache=True))  # writes beancount's cache when the load takes > 1 s
    runs["bean_cache"] = procs.best(bean_command(bean, cache=True), repeat)
    runs["bean_check_cache"] = procs.best([bean_check(), str(bean)], repeat)
    answer = marginals({(int(k.split()[0]), k.split()[1]): v for k, v in json.loads(runs["bean_cache"].stdout).items()})
    nocache = marginals({(int(k.split()[0]), k.split()[1]): v
                         for k, v in json.loads(runs["bean_nocache"].stdout).items()})
    if not answer == nocache == assessed(runs["hhtax_assess"].stdout) == assessed(runs["hhtax_text"].stdout):
        raise SystemExit(f"N={size}: the revenue per line and quarter differs between beancount and hhtax")
    first_day = imported.wall + runs["hhtax_assess"].wall
    result: dict[str, object] = {"bench": "vs_beancount", "n": size, "hhtax_import_s": round(imported.wall, 3),
                                 "hhtax_import_peak_mb": round(imported.peak_mb)}
    result |= {f"{name}_s": round(r.wall, 3) for name, r in runs.items()}
    result |= {"bean_cache_written": (bean.parent / f".{bean.name}.picklecache").exists(),
               "reference": "beancount's time ÷ hhtax's, same run (above 1: hhtax is faster)",
               "ratio_first_day": round(runs["bean_nocache"].wall / first_day, 2),
               "ratio_later_days": round(runs["bean_cache"].wall / runs["hhtax_assess"].wall, 2),
               "ratio_text": round(runs["bean_nocache"].wall / runs["hhtax_text"].wall, 2),
               "ratio_check_vs_text": round(runs["bean_check_nocache"].wall / runs["hhtax_text"].wall, 2),
               "load": procs.load()}
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="2,000 rows only (a smoke run)")
    parser.add_argument("--beancount-totals", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-cache", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.beancount_totals:  # the beancount side, run as its own process
        totals = beancount_totals(args.beancount_totals, cache=not args.no_cache)
        print(json.dumps({f"{quarter} {line}": amount for (quarter, line), amount in sorted(totals.items())}))
        return
    procs.compiled()
    sizes = [2000] if args.quick else [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="hhtax-bench-") as temp:
        for size in sizes:
            result = run(size, Path(temp), args.repeat)
            print(json.dumps(result), flush=True)
            print(f"N={size:>9,}: first day: beancount {result['bean_nocache_s']:.2f} s, hhtax import + "
                  f"assess {result['hhtax_import_s'] + result['hhtax_assess_s']:.2f} s "
                  f"({result['ratio_first_day']}×) | later days: beancount with cache {result['bean_cache_s']:.2f} s, "
                  f"hhtax assess {result['hhtax_assess_s']:.2f} s ({result['ratio_later_days']}×) | text: hhtax "
                  f"{result['hhtax_text_s']:.2f} s ({result['ratio_text']}×) | load {result['load']}",
                  file=sys.stderr)


if __name__ == "__main__":
    main()

"""Run every benchmark in one go, side by side with beancount, and print a Markdown report.

    python benchmarks/run_all.py [--quick] [--only batch,beancount] [--json results.json]

Each benchmark runs in its own process (so one's memory does not slow the next) and prints one
JSON object per measurement on stdout (plain-text lines are kept as they are); this script
collects them, describes the machine, and prints the report that docs/performance.md is updated
from. `--quick` uses small sizes (a smoke
run, not for the record). Benchmarks owned by other areas (bench_import.py, bench_books.py,
bench_declare.py, bench_pdf.py, bench_integrity.py) are run the same way when present.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent

FULL = {
    "import": ["bench_import.py"],
    "assess": ["bench_assess.py", "--entries", "1000000"],
    "books": ["bench_books.py"],
    "declare": ["bench_declare.py"],
    "pdf": ["bench_pdf.py"],
    "integrity": ["bench_integrity.py"],
    "batch": ["bench_batch.py", "--count", "1000", "--jobs", "1,2"],
    "beancount": ["bench_vs_beancount.py", "--sizes", "10000,100000,1000000"],
    "startup": ["bench_startup.py"],
    "dask": ["bench_dask.py", "--count", "1000"],
}
QUICK = {
    "import": ["bench_import.py", "50000"],
    "assess": ["bench_assess.py", "--entries", "50000", "--repeat", "1"],
    "books": ["bench_books.py", "--entries", "20000"],
    "declare": ["bench_declare.py"],
    "pdf": ["bench_pdf.py", "--repeat", "20"],
    "integrity": ["bench_integrity.py", "--invoices", "500", "--entries", "30000"],
    "batch": ["bench_batch.py", "--count", "100", "--jobs", "1,2"],
    "beancount": ["bench_vs_beancount.py", "--sizes", "10000"],
    "startup": ["bench_startup.py", "--repeat", "3"],
    "dask": ["bench_dask.py", "--count", "50"],
}


def machine() -> dict[str, str]:
    """CPU, cores, memory and software versions of this machine."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                         if line.startswith("MemTotal"))
        memory = f"{memory_kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        memory = "?"
    try:
        beancount = metadata.version("beancount")
    except metadata.PackageNotFoundError:
        beancount = "not installed"
    return {"cpu": cpu or platform.processor(), "cores": str(os.cpu_count()), "memory": memory,
            "os": platform.platform(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "beancount": beancount}


def run(name: str, command: list[str]) -> list[dict[str, object]]:
    script = HERE / command[0]
    if not script.exists():
        print(f"[{name}] {command[0]} is missing: skipped", file=sys.stderr)
        return []
    print(f"[{name}] {' '.join(command)}", file=sys.stderr, flush=True)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(script), *command[1:]], cwd=HERE, capture_output=True,
                          text=True, check=False)
    sys.stderr.write(done.stderr)
    results: list[dict[str, object]] = []
    for line in done.stdout.splitlines():
        try:
            value = json.loads(line)
        except ValueError:
            value = {"output": line.strip()}  # a benchmark that prints plain text
        if isinstance(value, dict) and value:
            results.append({"suite": name, **value})
    print(f"[{name}] exit {done.returncode} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    if done.returncode != 0:
        results.append({"suite": name, "error": f"exit code {done.returncode}"})
    return results


def ratios(results: list[dict[str, object]]) -> list[str]:
    """One table of every measurement that carries a ratio against a reference of the same run."""
    rows = ["| suite | measurement | ratio |", "|---|---|---|"]
    for result in results:
        for key, value in result.items():
            if key.startswith("ratio") and key != "ratio" or key == "ratio":
                label = ", ".join(f"{k}={v}" for k, v in result.items()
                                  if k not in ("suite", key) and not k.startswith("ratio"))
                rows.append(f"| {result['suite']} | {label} | {key} = {value} |")
    return rows if len(rows) > 2 else []


def report(info: dict[str, str], results: list[dict[str, object]]) -> str:
    lines = ["## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    table = ratios(results)
    if table:
        lines += ["", "## Ratios (same run)", "", *table]
    lines += ["", "## Results", ""]
    for result in results:
        fields = ", ".join(f"{k}={v}" for k, v in result.items() if k != "suite")
        lines.append(f"- **{result['suite']}**: {fields}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--json", type=Path, default=None, help="Also write all results to this file.")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    names = [n for n in args.only.split(",") if n] or list(plan)
    info = machine()
    results: list[dict[str, object]] = []
    for name in names:
        results += run(name, plan[name])
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=1), encoding="utf-8")
    print(report(info, results))


if __name__ == "__main__":
    main()

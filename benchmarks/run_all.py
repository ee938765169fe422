"""Run every benchmark in one go and print one table of ratios, each against a reference measured
in the same run (the machine may be shared: only same-run ratios are comparable across runs).

    python benchmarks/run_all.py [--quick] [--only startup,declare] [--json results.json]

Each benchmark runs in its own process (so one's memory does not slow the next) and prints one
JSON object per measurement on stdout (plain-text lines are kept as they are); this script
collects them, describes the machine (with the load average before and after), and prints the
report that docs/performance.md is updated from: first the table of ratios (every field whose
name starts with `ratio`, with the reference it is taken against and the target; a ratio is the
measurement ÷ its reference unless the reference says otherwise), then every measurement. `--quick` runs each benchmark at a small size, in seconds (a smoke run, not for the
record; `tests/test_benchmarks_quick.py` runs it). A benchmark that needs beancount is skipped when
beancount is not installed.
"""

from __future__ import annotations

import argparse
import importlib.util
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
    "startup": ["bench_startup.py"],
    "declare": ["bench_declare.py", "--count", "300"],
    "pdf": ["bench_pdf.py", "--count", "300"],
    "init_from": ["bench_init_from.py", "--rows", "1000000"],
    "beancount": ["bench_vs_beancount.py", "--sizes", "10000,100000,1000000"],
    "books": ["bench_books.py"],
    "batch": ["bench_batch.py", "--count", "1000", "--jobs", "1,2"],
    "import": ["bench_import.py"],
    "assess": ["bench_assess.py", "--entries", "1000000"],
    "integrity": ["bench_integrity.py"],
    "dask": ["bench_dask.py", "--count", "1000"],
}
QUICK = {
    "startup": ["bench_startup.py", "--quick"],
    "declare": ["bench_declare.py", "--quick"],
    "pdf": ["bench_pdf.py", "--quick"],
    "init_from": ["bench_init_from.py", "--quick"],
    "beancount": ["bench_vs_beancount.py", "--quick"],
    "books": ["bench_books.py", "--quick"],
    "batch": ["bench_batch.py", "--count", "100", "--jobs", "1,2"],
    "import": ["bench_import.py", "50000"],
    "assess": ["bench_assess.py", "--entries", "50000", "--repeat", "1"],
    "integrity": ["bench_integrity.py", "--invoices", "500", "--entries", "30000"],
    "dask": ["bench_dask.py", "--count", "50"],
}
NEEDS_BEANCOUNT = {"beancount"}
LABELS = ("command", "case", "n", "rows", "households", "declarations", "entries", "period", "jobs", "engine")


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
    if name in NEEDS_BEANCOUNT and importlib.util.find_spec("beancount") is None:
        print(f"[{name}] beancount is not installed: skipped", file=sys.stderr)
        return [{"suite": name, "skipped": "beancount is not installed (pip install beancount)"}]
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
    rows = ["| suite | measurement | ratio | value | reference | target | met |", "|---|---|---|---|---|---|---|"]
    for result in results:
        label = ", ".join(f"{key}={result[key]}" for key in LABELS if key in result) or "-"
        for key, value in result.items():
            if key.startswith("ratio"):
                target = result.get("target", result.get("target_s", result.get("target_ms", "")))
                met = result.get("met", "")
                rows.append(f"| {result['suite']} | {label} | {key} | {value}× | {result.get('reference', '')} "
                            f"| {target} | {met} |")
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
    unknown = [n for n in names if n not in plan]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r}; known: {', '.join(plan)}")
    info = machine()
    info["load average before"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results: list[dict[str, object]] = []
    for name in names:
        results += run(name, plan[name])
    info["load average after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=1), encoding="utf-8")
    print(report(info, results))


if __name__ == "__main__":
    main()

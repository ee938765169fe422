#!/usr/bin/env python3
"""Start-up of the command line, whole process, against `bean-check --help` in the same run.

    python benchmarks/bench_startup.py [--repeat 15] [--quick]

Goal (issue 16): `hhtax --help` and `hhtax --version` within 2x of `bean-check --help`;
`hhtax --ledger ledgers/grocery-2026 status` at most 0.3 s. Each command runs `--repeat` times,
interleaved (so a busy moment hits all of them alike); the median is reported. One JSON object per
command on stdout, a readable table on stderr. beancount is not a dependency of hhtax:
`pip install beancount` first, else its row is skipped and the ratios are against `python -c pass`.
hhtax's modules are byte-compiled first (`compileall`, as `pip install` does), so that a
PYTHONDONTWRITEBYTECODE environment does not make every run compile the sources again.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HHTAX = [sys.executable, "-m", "hhtax"]


def commands() -> dict[str, list[str]]:
    found = shutil.which("bean-check") or str(Path(sys.executable).parent / "bean-check")
    plan = {"python -c pass": [sys.executable, "-c", "pass"]}
    if Path(found).exists():
        plan["bean-check --help"] = [found, "--help"]
    plan |= {
        "hhtax --help": [*HHTAX, "--help"],
        "hhtax --version": [*HHTAX, "--version"],
        "hhtax status (grocery-2026)": [*HHTAX, "--lang", "vi", "--ledger", str(ROOT / "ledgers/grocery-2026"),
                                        "status"],
    }
    return plan


TARGETS = {"hhtax --help": ("ratio", 2.0), "hhtax --version": ("ratio", 2.0),
           "hhtax status (grocery-2026)": ("seconds", 0.3)}


def measure(plan: dict[str, list[str]], repeat: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in plan}
    for _ in range(repeat):
        for name, command in plan.items():
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="three runs of each (a smoke run)")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "hhtax", quiet=1)
    medians = measure(commands(), 3 if args.quick else args.repeat)
    reference_name = "bean-check --help" if "bean-check --help" in medians else "python -c pass"
    reference = medians[reference_name]
    for name, seconds in medians.items():
        ratio = seconds / reference
        result: dict[str, object] = {"bench": "startup", "command": name, "median_s": round(seconds, 4),
                                     "reference": reference_name, "ratio": round(ratio, 2),
                                     "load": round(os.getloadavg()[0], 2)}
        if name in TARGETS:
            kind, limit = TARGETS[name]
            result["target"] = f"≤ {limit}× {reference_name}" if kind == "ratio" else f"≤ {limit} s"
            result["met"] = (ratio if kind == "ratio" else seconds) <= limit
        print(json.dumps(result, ensure_ascii=False))
        print(f"{name:<32} {seconds * 1000:7.1f} ms   {ratio:5.2f}x {reference_name}", file=sys.stderr)


if __name__ == "__main__":
    main()

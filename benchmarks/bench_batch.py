"""Batch throughput: N synthetic households, quarterly declarations (XML + PDF, validated), no books.

    python benchmarks/bench_batch.py [--count 1000] [--jobs 1,2] [--format sqlite|text]
                                     [--period 2026-Q2] [--engine process|dask] [--scale 1.0]
                                     [--root EXISTING_LEDGERS]

Writes the households with make_ledgers.py (fixed seed) into a temporary directory, then for each
`--jobs` value runs `hhtax.batch.run_batch` + `write_reports` into a fresh OUT and reports
households per second (wall clock, rule loading and pool start included). The outputs of the runs
are compared byte for byte. One JSON object per run on stdout, a readable line on stderr.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from make_ledgers import make

from hhtax.batch import BatchConfig, run_batch, write_reports
from hhtax.periods import Period

STATES = ("ok", "nothing_due", "failed")


def tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the pool's workers), user + system."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_once(root: Path, out: Path, period: Period, jobs: int, engine: str) -> dict[str, object]:
    config = BatchConfig(root=root, out=out, period=period, today=period.end + timedelta(days=20))
    mapper = None
    if engine == "dask":
        from hhtax.batch_dask import map_dask

        mapper = map_dask(jobs)
    start, cpu_start = time.perf_counter(), cpu_seconds()
    results = list(run_batch(config, jobs=jobs, mapper=mapper))
    write_reports(out, results)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    states = Counter(r.status for r in results)
    return {"bench": "batch", "engine": engine, "jobs": jobs, "households": len(results),
            "seconds": round(seconds, 3), "per_s": round(len(results) / seconds, 1),
            "ms_per_household_core": round(seconds * 1000 * jobs / len(results), 2),
            "cpu_ms_per_household": round(cpu * 1000 / len(results), 2), **states}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--format", choices=("sqlite", "text"), default="sqlite")
    parser.add_argument("--period", default="2026-Q2")
    parser.add_argument("--engine", choices=("process", "dask"), default="process")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--root", type=Path, default=None,
                        help="Use the ledgers already in this directory instead of writing new ones.")
    args = parser.parse_args(argv)
    period = Period.parse(args.period)
    with tempfile.TemporaryDirectory(prefix="hhtax-batch-") as temp:
        root = args.root or Path(temp) / "ledgers"
        rows = 0 if args.root else make(args.count, root, fmt=args.format, scale=args.scale)
        print(f"{root}: {args.format} ledgers, {rows:,} journal rows written", file=sys.stderr)
        outputs = []
        for run, jobs in enumerate(int(j) for j in args.jobs.split(",")):
            out = Path(temp) / f"out-{run}-jobs-{jobs}"
            result = run_once(root, out, period, jobs, args.engine)
            result.update({"format": args.format, "rows": rows, "period": str(period)})
            print(json.dumps(result), flush=True)
            print(f"jobs={jobs}: {result['households']} households in {result['seconds']} s = "
                  f"{result['per_s']} households/s ({result['ms_per_household_core']} ms per household "
                  f"per core; {result['cpu_ms_per_household']} ms CPU); "
                  f"states {dict(Counter({k: result.get(k, 0) for k in STATES}))}",
                  file=sys.stderr)
            outputs.append(tree(out))
        if any(other != outputs[0] for other in outputs[1:]):
            raise SystemExit("the outputs differ between --jobs values")


if __name__ == "__main__":
    main()

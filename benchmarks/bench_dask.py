#!/usr/bin/env python3
"""When does the Dask engine pay? `hhtax batch` as a whole process on the same households:
the process pool, a Dask LocalCluster, and a `dask.distributed` scheduler with workers started as
separate processes on loopback (as a cluster of machines would be, minus the network).

    python benchmarks/bench_dask.py [--count 1000] [--workers 2] [--period 2026-Q2]

Every run files into a fresh copy of the ledgers (batch records each filing and locks the period),
and the outputs are compared byte for byte with the process pool's (`summary.csv` aside, which
holds no timing but is compared too). The scheduler and workers are started here and stopped at
the end (bounded waits); nothing listens beyond 127.0.0.1. One JSON object per run on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, closing
from pathlib import Path

from make_ledgers import make

ROOT = Path(__file__).resolve().parent.parent


def tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def run_batch(ledgers: Path, work: Path, name: str, period: str, extra: list[str]) -> tuple[float, Path]:
    root, out = work / f"{name}-ledgers", work / f"{name}-out"
    shutil.copytree(ledgers, root)
    command = [sys.executable, "-m", "hhtax", "--lang", "en", "batch", str(root), "--period", period,
               "--out", str(out), "--on", "2026-12-01", *extra]
    start = time.perf_counter()
    subprocess.run(command, env=environment(), check=True, stdout=subprocess.DEVNULL, timeout=3600)
    return time.perf_counter() - start, out


def start_cluster(stack: ExitStack, workers: int) -> str:
    """A scheduler and `workers` single-threaded worker processes on loopback; stopped on exit."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    bin_dir = Path(sys.executable).parent
    processes = [subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port",
                                   str(port), "--no-dashboard"], env=environment(),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    time.sleep(2)
    processes += [subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nthreads", "1", "--nworkers",
                                    "1", "--no-dashboard", "--host", "127.0.0.1"], env=environment(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                  for _ in range(workers)]

    def stop() -> None:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)

    stack.callback(stop)
    time.sleep(3)
    return address


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--period", default="2026-Q2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp, ExitStack() as stack:
        work = Path(temp)
        ledgers = work / "ledgers"
        make(args.count, ledgers, fmt="sqlite")
        jobs = ["--jobs", str(args.workers)]
        plan = {"process pool": jobs, "dask LocalCluster": [*jobs, "--engine", "dask"]}
        results: dict[str, tuple[float, Path]] = {}
        for name, extra in plan.items():
            results[name] = run_batch(ledgers, work, name.replace(" ", "-"), args.period, extra)
        address = start_cluster(stack, args.workers)
        results["dask scheduler + worker processes"] = run_batch(
            ledgers, work, "distributed", args.period, ["--engine", "dask", "--scheduler", address])
        reference_seconds, reference_out = results["process pool"]
        reference = tree(reference_out)
        for name, (seconds, out) in results.items():
            same = tree(out) == reference
            print(json.dumps({"bench": "dask", "engine": name, "households": args.count,
                              "workers": args.workers, "seconds": round(seconds, 2),
                              "per_s": round(args.count / seconds, 1),
                              "ratio_to_process_pool": round(seconds / reference_seconds, 2),
                              "same_bytes": same}))
            print(f"{name:<36} {seconds:7.2f} s  {args.count / seconds:7.1f}/s  "
                  f"{seconds / reference_seconds:5.2f}x  same bytes: {same}", file=sys.stderr)


if __name__ == "__main__":
    main()

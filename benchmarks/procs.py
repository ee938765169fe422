"""Whole-process measurements for the benchmarks: what a user pays, start-up included.

`run(command)` starts one process and returns its wall time, its CPU time (user + system, its
own children included) and its peak resident memory, read from `os.wait4` for that process alone.
`hhtax(*args)` is the command line of this checkout's `hhtax` (its modules byte-compiled first,
as `pip install` leaves them).
"""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user + system
    peak_mb: float  # peak resident set size, MB
    stdout: str
    code: int


def env() -> dict[str, str]:
    """The environment with this checkout first on PYTHONPATH."""
    paths = [str(ROOT), os.environ.get("PYTHONPATH", "")]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in paths if p))


def compiled() -> None:
    """Byte-compile hhtax once, so that no run pays for compiling the sources."""
    compileall.compile_dir(ROOT / "hhtax", quiet=1)


def hhtax(*args: str) -> list[str]:
    return [sys.executable, "-m", "hhtax", "--lang", "en", *args]


def run(command: list[str], *, check: bool = True, cwd: Path | None = None) -> Run:
    """Run `command` to the end; its wall and CPU time and peak memory (this process only)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env(), cwd=cwd)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if check and process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}: {stderr[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout, process.returncode)


def best(command: list[str], repeat: int, **options: object) -> Run:
    """The fastest (wall) of `repeat` runs."""
    runs = [run(command, **options) for _ in range(max(repeat, 1))]  # type: ignore[arg-type]
    return min(runs, key=lambda r: r.wall)


def load() -> float:
    return round(os.getloadavg()[0], 2)

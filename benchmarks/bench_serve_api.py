#!/usr/bin/env python3
"""Benchmark: `hhtax serve` on a 1,000,000-entry ledger (issue 17).

    python benchmarks/bench_serve_api.py [--ledger PATH] [--pages 40] [--seconds 10] [--threads 4]

The ledger is the one `bench_books.py` generates (a year of 1,000,000 entries; made once in /tmp,
reused), copied so that the appends do not change it. Measured:

1. **journal pages** (`GET /api/v1/entries`, 100 entries a page, keyset paging), in process: the
   latency of `--pages` consecutive pages from the start, from 50 % and 90 % of the journal, and
   with the filters `kind=sale`, `line=services`, `period=2026-Q4`, `kind=transfer&line=goods`;
   p50 / p95 / max per series. Target: p95 ≤ 200 ms.
2. **load on loopback**: a real `hhtax serve` process, `--threads` client threads for `--seconds`
   each: appends (`POST /api/v1/entries`, one sale per request, a fresh `source` each) and the
   home figures (`GET /api/v1/status`); requests per second, p50 / p95, and how many 503s.
   Bounded in count and time; loopback only.

One JSON object per measurement on stdout, readable lines on stderr. Run by hand; not a test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT = Path("/tmp/hhtax-bench-books-revenue-1000000.sqlite")


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)


def quantiles(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0, "n": 0}
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1), "n": len(ordered)}


def pages(ledger: Path, count: int) -> None:
    from fastapi.testclient import TestClient

    from hhtax.journal.store import SqliteLedger
    from hhtax.web.app import create_app
    from hhtax.web.config import ServeConfig

    with SqliteLedger(ledger) as store:
        total = store.count()
        ids = [row[0] for row in store._db.execute(
            "SELECT id FROM entries ORDER BY date, id LIMIT 1 OFFSET ?", (total // 2,))]
        ids += [row[0] for row in store._db.execute(
            "SELECT id FROM entries ORDER BY date, id LIMIT 1 OFFSET ?", (total * 9 // 10,))]
    token = "b" * 32
    series = {"from the start": ("", None), "from 50 %": ("", ids[0]), "from 90 %": ("", ids[1]),
              "kind=sale": ("&kind=sale", None), "line=services": ("&line=services", None),
              "period=2026-Q4": ("&period=2026-Q4", None),
              "kind=transfer&line=goods": ("&kind=transfer&line=goods", None)}
    with TestClient(create_app(ServeConfig(token=token, ledger=ledger))) as client:
        headers = {"Authorization": f"Bearer {token}"}
        for name, (query, after) in series.items():
            samples = []
            for _ in range(count):
                url = "/api/v1/entries?limit=100" + query + (f"&after={after}" if after else "")
                started = time.perf_counter()
                answer = client.get(url, headers=headers)
                samples.append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.text
                after = answer.json()["next_after"]
                if after is None:
                    break
            figures = quantiles(samples)
            emit({"benchmark": "serve_pages", "series": name, "entries": total, **figures})
            print(f"pages {name:26} p50 {figures['p50_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms  "
                  f"max {figures['max_ms']:7.1f} ms  ({figures['n']} pages)", file=sys.stderr)


class Server:
    def __init__(self, ledger: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(ledger), "serve", "--port", "0"],
            stdout=subprocess.PIPE, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        self.url = first.split()[2].rstrip("/")
        self.token = Path(f"{ledger}.token").read_text(encoding="ascii").strip()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)


def request(url: str, token: str, body: dict[str, Any] | None = None) -> int:
    data = None if body is None else json.dumps(body).encode()
    made = urllib.request.Request(url, data=data, method="GET" if body is None else "POST",
                                  headers={"Authorization": f"Bearer {token}",
                                           "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(made, timeout=300) as answer:
            answer.read()
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:  # a timeout: counted as "other"
        return 0


def load(server: Server, name: str, seconds: float, threads: int) -> None:
    counter = itertools.count()
    samples: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker() -> None:
        while time.perf_counter() < stop_at:
            number = next(counter)
            started = time.perf_counter()
            if name == "append":
                sale = {"date": "2026-12-31", "kind": "sale", "amount": 50_000 + number, "line": "goods",
                        "source": f"bench:{time.time_ns()}:{number}"}
                status = request(f"{server.url}/api/v1/entries", server.token, {"entries": [sale]})
            else:
                status = request(f"{server.url}/api/v1/status?on=2026-12-31", server.token)
            with lock:
                samples.append(time.perf_counter() - started)
                statuses.append(status)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - started
    ok = sum(1 for status in statuses if status in (200, 201))
    figures = quantiles(samples)
    result = {"benchmark": "serve_load", "requests": name, "threads": threads, "seconds": round(wall, 1),
              "ok": ok, "busy_503": statuses.count(503), "other": len(statuses) - ok - statuses.count(503),
              "per_second": round(ok / wall, 1), **figures}
    emit(result)
    print(f"load {name:8} {result['per_second']:7.1f} req/s  p50 {figures['p50_ms']:7.1f} ms  p95 "
          f"{figures['p95_ms']:7.1f} ms  ({ok} ok, {result['busy_503']} busy, {result['other']} other)",
          file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=Path, default=DEFAULT)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if not args.ledger.exists():
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import bench_books

        bench_books.ledger(args.ledger, 1_000_000, "revenue").close()
    work = Path("/tmp") / f"hhtax-bench-serve-{args.ledger.stem}.sqlite"
    shutil.copyfile(args.ledger, work)
    from hhtax import Ledger

    with Ledger.open(work) as ledger:  # a ledger of an older schema is upgraded at its first write: not timed
        ledger.append({"date": "2026-12-31", "kind": "sale", "amount": 1, "line": "goods", "source": "bench:warm"})
    try:
        if not args.skip_pages:
            pages(work, args.pages)
        server = Server(work)
        try:
            load(server, "status", args.seconds, args.threads)
            load(server, "append", args.seconds, args.threads)
        finally:
            server.stop()
    finally:
        for suffix in ("", "-wal", "-shm", ".token"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()

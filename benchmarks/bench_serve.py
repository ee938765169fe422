#!/usr/bin/env python3
"""Benchmark: `hhtax serve` on a 1,000,000-entry ledger, on loopback (issue 17).

    python benchmarks/bench_serve.py [--quick] [--ledger PATH] [--method revenue|income]
        [--threads 4] [--batch 100] [--seconds 20] [--requests 2000] [--only KIND ...]

The ledger is the one `bench_books.py` generates (a year of entries on two lines; made once in
/tmp as hhtax-bench-serve-METHOD-1000000.sqlite and reused), copied before each run so that the
appends do not change it. `--quick`: 3,000 entries made afresh, 2 threads, 40 requests or 3 s per
measurement (what tests/test_bench_serve.py runs; its figures mean nothing).

Measured: a real `hhtax serve` process (tests/serve_process.py: `--port 0`, stopped with SIGTERM)
and `--threads` clients, each with its own keep-alive connection, for each KIND:
- `home`: the home page (`GET /`, HTML, signed in through the printed link); the pages keep the
  last home page of a ledger that has not changed, so this is mostly that memo;
- `home_changed`: the home page right after an append of one sale (the append is not timed: only
  the latency of this one means something, not its requests per second);
- `journal`: a journal page (`GET /journal`, in turn the newest page, a month, a kind);
- `status`: the home figures of the API (`GET /api/v1/status`);
- `append`: `POST /api/v1/entries`, `--batch` sales per request, each with its own `source`.
Each stops after `--requests` requests or `--seconds` seconds, whichever comes first (a request
already sent is waited for). Latency is httpx's `elapsed` (request sent to answer read). Reported:
requests per second (and entries per second for appends), p50 / p95 / max latency, and how many
answers were 503 (busy) or anything else. The API's journal pages in process (p95 ≤ 200 ms a
page) are measured by benchmarks/bench_serve_api.py.

One JSON object per measurement on stdout (the last one: the machine's load average before and
after), readable lines on stderr. Run by hand; not a test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

import httpx  # noqa: E402

from serve_process import Server, serve  # noqa: E402

FULL = 1_000_000
QUICK = 3_000
YEAR = 2026
KINDS = ("home", "home_changed", "journal", "status", "append")
JOURNAL_URLS = ("/journal", f"/journal?period={YEAR}-06", "/journal?kind=purchase")


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)


def quantiles(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0, "n": 0}
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1), "n": len(ordered)}


def build(path: Path, count: int, method: str) -> int:
    """The cached benchmark ledger of `count` entries (bench_books' generator); its entry count."""
    import bench_books

    with bench_books.ledger(path, count, method) as store:
        return int(store.count())


# -- load on loopback, a real process ------------------------------------------------------------

Send = Callable[[httpx.Client, int], httpx.Response]


def senders(server: Server, batch: int, run: str) -> dict[str, Send]:
    """What each measurement sends: (client, request number) → response."""
    def home(client: httpx.Client, number: int) -> httpx.Response:
        return client.get("/")

    def journal(client: httpx.Client, number: int) -> httpx.Response:
        return client.get(JOURNAL_URLS[number % len(JOURNAL_URLS)])

    def home_changed(client: httpx.Client, number: int) -> httpx.Response:
        append(client, -1 - number, 1)  # not timed: the home page after the ledger changed
        return client.get("/")

    def status(client: httpx.Client, number: int) -> httpx.Response:
        return client.get(f"/api/v1/status?on={YEAR}-12-31", headers=server.auth)

    def append(client: httpx.Client, number: int, size: int = batch) -> httpx.Response:
        sales = [{"date": f"{YEAR}-12-31", "kind": "sale", "amount": 50_000 + abs(number) * size + i,
                  "line": "goods", "payment": "cash", "description": "bench_serve",
                  "source": f"bench:{run}:{number}:{i}"} for i in range(size)]
        return client.post("/api/v1/entries", json={"entries": sales}, headers=server.auth)

    return {"home": home, "home_changed": home_changed, "journal": journal, "status": status,
            "append": append}


def load(server: Server, name: str, send: Send, *, threads: int, seconds: float, requests: int,
         batch: int) -> dict[str, Any]:
    """`threads` clients sending `send` until `requests` were sent or `seconds` passed."""
    numbers = itertools.count()
    samples: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker() -> None:
        with httpx.Client(base_url=server.base, timeout=600) as client:
            client.get(server.login)  # the session cookie of the pages (303 to /, not followed)
            while time.perf_counter() < stop_at and (number := next(numbers)) < requests:
                try:
                    answer = send(client, number)
                    code, took = answer.status_code, answer.elapsed.total_seconds()
                except httpx.HTTPError:
                    code, took = 0, 0.0
                with lock:
                    samples.append(took)
                    statuses.append(code)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - started
    ok = sum(1 for code in statuses if code in (200, 201))
    per_request = batch if name == "append" else 1
    figures = quantiles(samples)
    result = {"benchmark": "serve_load", "requests": name, "threads": threads, "seconds": round(wall, 2),
              "ok": ok, "busy_503": statuses.count(503), "other": len(statuses) - ok - statuses.count(503),
              "per_second": round(ok / wall, 1), **figures}
    if name == "append":
        result |= {"batch": batch, "entries_per_second": round(ok * per_request / wall, 1)}
    emit(result)
    extra = f"  {result['entries_per_second']:8.1f} entries/s" if name == "append" else ""
    print(f"load {name:12} {result['per_second']:7.1f} req/s  p50 {figures['p50_ms']:7.1f} ms  p95 "
          f"{figures['p95_ms']:7.1f} ms  ({ok} ok, {result['busy_503']} busy, {result['other']} other){extra}",
          file=sys.stderr)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="A 3,000-entry ledger and a few requests.")
    parser.add_argument("--ledger", type=Path, help="The ledger to copy (default: generated in /tmp).")
    parser.add_argument("--method", choices=("revenue", "income"), default="revenue")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--batch", type=int, default=100, help="Sales per append request.")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--requests", type=int)
    parser.add_argument("--only", action="append", choices=KINDS)
    args = parser.parse_args(argv)
    count = QUICK if args.quick else FULL
    threads = args.threads or (2 if args.quick else 4)
    seconds = args.seconds or (3.0 if args.quick else 20.0)
    requests = args.requests or (40 if args.quick else 2000)
    only = set(args.only or KINDS)
    before = os.getloadavg()
    scratch = Path(tempfile.mkdtemp(prefix="hhtax-bench-serve-"))
    try:
        if args.ledger is not None:
            source = args.ledger
        elif args.quick:  # made afresh each time: a second or two
            source = scratch / "source.sqlite"
        else:
            source = Path("/tmp") / f"hhtax-bench-serve-{args.method}-{count}.sqlite"
        entries = build(source, count, args.method)
        work = scratch / "ledger.sqlite"
        shutil.copyfile(source, work)
        with serve(work) as server:
            for name, send in senders(server, args.batch, f"{os.getpid()}-{time.time_ns()}").items():
                if name in only:
                    load(server, name, send, threads=threads, seconds=seconds, requests=requests,
                         batch=args.batch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    emit({"benchmark": "serve_machine", "entries": entries, "method": args.method, "quick": args.quick,
          "cpus": os.cpu_count(), "loadavg_before": [round(x, 2) for x in before],
          "loadavg_after": [round(x, 2) for x in os.getloadavg()]})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Benchmark: the journal page of `hhtax serve` on a 1,000,000-entry ledger (issue 17 target:
p95 ≤ 200 ms per page), measured through the web app (routing, session, SQL, template).

    python benchmarks/bench_journal_pages.py [--entries N] [--ledger PATH] [--requests N]

The ledger is bench_books.py's (generated once in /tmp, reused when present). The requests mix
what a person does: the newest page, walking 20 pages back, jumping deep into the journal (a
cursor anywhere), walking forward from there, and the filters by kind, by line, by month and by
month and kind together. Prints one JSON object on stdout and a readable line on stderr. Run by
hand; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

from bench_books import ledger

TOKEN = "bench-token-0123456789abcdef"
NEXT = re.compile(r'rel="next" href="[^"]*before=(\d+)')
PREV = re.compile(r'rel="prev" href="[^"]*after=(\d+)')


def requests(count: int, top: int, rng: random.Random) -> list[dict[str, str]]:
    """`count` journal queries; cursors are filled in as the walk goes (None = from the last page)."""
    filters = [{}, {"kind": "sale"}, {"kind": "transfer"}, {"line": "services"}, {"kind": "expense"},
               {"period": "2026-03"}, {"period": "2026-Q2", "kind": "purchase"}, {"period": "2026"}]
    plan: list[dict[str, str]] = []
    while len(plan) < count:
        chosen = dict(rng.choice(filters))
        plan.append(chosen)
        plan += [{**chosen, "before": ""} for _ in range(4)]  # walk back from the page before
        plan.append({**chosen, "before": str(rng.randrange(2, top))})  # a jump deep into the journal
        plan += [{**chosen, "after": ""} for _ in range(2)]  # walk forward from there
    return plan[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--ledger", type=Path, default=None)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    path = args.ledger or Path(f"/tmp/hhtax-bench-books-income-{args.entries}.sqlite")
    store = ledger(path, args.entries, "income")
    top = store.count()
    store.close()

    from fastapi.testclient import TestClient

    from hhtax.web.app import create_app
    from hhtax.web.config import ServeConfig

    client = TestClient(create_app(ServeConfig(token=TOKEN, ledger=path)))
    assert client.get(f"/login?token={TOKEN}", follow_redirects=False).status_code == 303
    client.get("/journal")  # warm the page cache and the templates
    times: list[float] = []
    last = ""
    for query in requests(args.requests, top, random.Random(17)):
        for key, pattern in (("before", NEXT), ("after", PREV)):
            if query.get(key) == "":
                found = pattern.search(last)
                query.pop(key)
                if found:
                    query[key] = found.group(1)
        started = time.perf_counter()
        answer = client.get("/journal", params=query)
        times.append(time.perf_counter() - started)
        assert answer.status_code == 200, (query, answer.status_code)
        last = answer.text
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    result = {"bench": "journal_pages", "entries": top, "requests": len(times),
              "p50_ms": round(statistics.median(times) * 1000, 1), "p95_ms": round(p95 * 1000, 1),
              "max_ms": round(times[-1] * 1000, 1), "target_p95_ms": 200}
    print(json.dumps(result))
    print(f"journal page on {top:,} entries: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
          f"max {result['max_ms']} ms over {len(times)} requests (target p95 ≤ 200 ms)", file=sys.stderr)


if __name__ == "__main__":
    main()

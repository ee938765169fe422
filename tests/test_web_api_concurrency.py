"""Many requests at once on one ledger keep the journal's guarantees: each append is answered 201
(or 200: nothing new) or 503 with Retry-After, never half written; the chain verifies after.
In-process (threads through one app) and with real `hhtax serve` processes sharing one ledger."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from conftest import WEB_AUTH, ServeProcess, seeded_ledger, web_client

from hhtax.journal.verify import verify_ledger

THREADS = 8
BATCHES = 6
PER_BATCH = 25


def _batch(worker: int, number: int) -> dict[str, Any]:
    """A batch of sales with event ids unique to (worker, batch, entry)."""
    return {"entries": [{"date": f"2026-{1 + number % 12:02d}-{1 + entry % 28:02d}", "kind": "sale",
                         "amount": 10_000 + entry, "line": "shop",
                         "source": f"pos:w{worker}-b{number}-e{entry}"} for entry in range(PER_BATCH)]}


def _check_ledger(ledger: Path, expected: int) -> None:
    report = verify_ledger(ledger)
    assert report.ok, report.findings
    assert report.entries == 3 + expected  # the seeded three, plus each entry exactly once


def test_threads_appending_through_one_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hhtax.journal import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.05)  # provoke busy answers
    statuses: list[int] = []

    with web_client(tmp_path) as client:
        def worker(number: int) -> None:
            for batch in range(BATCHES):
                body = _batch(number, batch)
                for _attempt in range(200):
                    answer = client.post("/api/v1/entries", headers=WEB_AUTH, json=body)
                    statuses.append(answer.status_code)
                    if answer.status_code == 503:
                        assert answer.headers["retry-after"] == "1"
                        assert answer.json()["type"] == "urn:hhtax:problem:ledger-busy"
                        time.sleep(0.01)
                        continue
                    assert answer.status_code in (200, 201), answer.text
                    break
                else:
                    raise AssertionError("never got through")
                again = client.post("/api/v1/entries", headers=WEB_AUTH, json=body)  # a POS re-sending
                statuses.append(again.status_code)
                assert again.status_code in (200, 503)
                if again.status_code == 200:
                    assert again.json()["added"] == 0

        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(worker, range(THREADS)))
    assert set(statuses) <= {200, 201, 503}
    _check_ledger(tmp_path / "hhtax.sqlite", THREADS * BATCHES * PER_BATCH)


def _post(url: str, token: str, body: dict[str, Any]) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.mark.slow
def test_two_server_processes_on_one_ledger(tmp_path: Path) -> None:
    ledger = seeded_ledger(tmp_path)
    servers = [ServeProcess(ledger), ServeProcess(ledger)]
    try:
        assert servers[0].token == servers[1].token  # the token file is made once and reused
        statuses: list[int] = []

        def worker(number: int) -> None:
            server = servers[number % 2]
            for batch in range(BATCHES):
                for _attempt in range(100):
                    status, headers, text = _post(f"{server.url}/api/v1/entries", server.token,
                                                  _batch(number, batch))
                    statuses.append(status)
                    if status != 503:
                        break
                    assert headers.get("Retry-After") == "1"
                    time.sleep(0.05)
                assert status in (200, 201), text

        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(worker, range(THREADS)))
        assert set(statuses) <= {200, 201, 503}
    finally:
        codes = [server.stop() for server in servers]
    assert codes == [0, 0], [server.stderr for server in servers]
    _check_ledger(ledger, THREADS * BATCHES * PER_BATCH)

"""benchmarks/bench_serve.py --quick: the loopback load test runs end to end against a real `hhtax serve`
and reports every measurement (its figures are not checked: this is not a timed test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="hhtax[serve] is not installed")
pytest.importorskip("httpx", reason="httpx is not installed (test extra)")

from serve_process import environment

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_serve.py"
pytestmark = pytest.mark.slow


def test_quick_run_measures_the_home_page_journal_status_and_appends() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--requests", "6",
                           "--seconds", "30", "--batch", "5"], capture_output=True, text=True,
                          env=environment(), timeout=600, check=True)
    results = [json.loads(line) for line in done.stdout.splitlines()]
    load = {r["requests"]: r for r in results if r["benchmark"] == "serve_load"}
    assert set(load) == {"home", "home_changed", "journal", "status", "append"}
    for name, figures in load.items():
        assert figures["ok"] == figures["n"] == 6, (name, figures)
        assert figures["other"] == 0 and figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"]
    assert load["append"]["batch"] == 5 and load["append"]["entries_per_second"] > 0
    (machine,) = [r for r in results if r["benchmark"] == "serve_machine"]
    assert machine["quick"] and machine["entries"] == 3000 and len(machine["loadavg_after"]) == 3
    assert "load append" in done.stderr

"""The benchmarks of issue 16 run (each at its `--quick` size, through `benchmarks/run_all.py`) and
report a ratio against a reference measured in the same run. Nothing is timed here: a figure is
the benchmark's to print, never the test's to judge."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN_ALL = ROOT / "benchmarks" / "run_all.py"
SUITES = ["startup", "declare", "pdf", "init_from", "beancount", "books"]


@pytest.mark.slow
@pytest.mark.parametrize("suite", SUITES)
def test_a_quick_run_prints_its_ratios_in_one_table(suite: str, tmp_path: Path) -> None:
    if suite == "beancount" and importlib.util.find_spec("beancount") is None:
        pytest.skip("beancount is not installed (a benchmark-only tool)")
    env = dict(os.environ, TMPDIR=str(tmp_path),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    results = tmp_path / "results.json"
    done = subprocess.run([sys.executable, str(RUN_ALL), "--quick", "--only", suite, "--json", str(results)],
                          capture_output=True, text=True, env=env, check=False, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    measured = json.loads(results.read_text(encoding="utf-8"))["results"]
    assert measured and not [r for r in measured if "error" in r], done.stderr[-3000:]
    table = done.stdout.split("## Ratios (same run)", 1)[1].split("## Results", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith(f"| {suite} |")]
    assert rows, done.stdout
    for row in rows:  # suite | measurement | ratio | value | reference | target | met
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[2].startswith("ratio") and float(cells[3].rstrip("×")) > 0, row
    assert any(r.get("reference") for r in measured), "a ratio names the reference it is taken against"

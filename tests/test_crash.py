"""Crash safety: `hhtax import` of a large file killed with SIGKILL at random moments.

After every kill the ledger must pass `PRAGMA integrity_check` and the hash chain, hold either
none or all of that import's rows, and a re-run of the import must complete. HHTAX_CRASH_TRIALS
sets the number of kills (default 50); HHTAX_CRASH_ROWS the size of the file (default 6,000).
Four kills in five wait until the import process has opened the ledger and then strike at a random
moment of the import; the fifth strikes during start-up. Trials run two at a time (one ledger
each). Every tenth re-run goes through the CLI again; the others call the same library path
in-process to keep the test fast.

Outputs are written with `hhtax.fsutil.atomic_write`: a writer killed mid-way leaves the old file
or the new one, never a part.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from hhtax.errors import InputError
from hhtax.fsutil import atomic_write
from hhtax.importers import import_file
from hhtax.journal.store import SqliteLedger
from hhtax.journal.verify import verify_ledger
from hhtax.service.ledgers import create_ledger
from hhtax.model import Household

TRIALS = int(os.environ.get("HHTAX_CRASH_TRIALS", "50"))
ROWS = int(os.environ.get("HHTAX_CRASH_ROWS", "6000"))
BASE_ROWS = 25
HOUSEHOLD = Household.model_validate({"tax_code": "0314409058", "name": "Vũ Thị Lan",
                                      "lines": [{"id": "shop", "group": "goods"}]})


def _csv(path: Path, rows: int, prefix: str) -> Path:
    lines = ["date,kind,amount,doc,description,payment"]
    lines += [f"2026-{1 + i % 12:02d}-{1 + i % 28:02d},sale,{10_000 + i},{prefix}{i},Bán hàng số {i},cash"
              for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _hhtax(ledger: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(ledger), *args]


def _count(ledger: Path) -> tuple[str, int]:
    db = sqlite3.connect(ledger, timeout=10)
    try:
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        count = db.execute("SELECT count(*) FROM entries").fetchone()[0]
    finally:
        db.close()
    return check, int(count)


@dataclass(frozen=True)
class Setup:
    ledger: Path  # a ledger with BASE_ROWS entries, copied for each trial
    big: Path  # the file imported
    opened: float  # seconds from launch until the import process has the ledger open
    window: float  # seconds from then until the import process ends


def _wait_open(ledger: Path, process: subprocess.Popen[bytes], limit: float = 30.0) -> bool:
    """Wait until the process has opened the ledger (its WAL index file exists); False if it ended."""
    shm = ledger.with_name(ledger.name + "-shm")
    deadline = time.monotonic() + limit
    while not shm.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.002)
    return True


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    """The pristine ledger, the big file, and the timing of one uninterrupted CLI import."""
    directory = tmp_path_factory.mktemp("crash")
    ledger = directory / "pristine.sqlite"
    with create_ledger(ledger, HOUSEHOLD) as store:
        store.import_entries(import_file(_csv(directory / "base.csv", BASE_ROWS, "BASE"), HOUSEHOLD))
    big = _csv(directory / "big.csv", ROWS, "HD")
    probe = directory / "probe.sqlite"
    shutil.copy(ledger, probe)
    started = time.monotonic()
    process = subprocess.Popen(_hhtax(probe, "import", str(big)), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    assert _wait_open(probe, process)
    opened = time.monotonic() - started
    assert process.wait(timeout=120) == 0
    return Setup(ledger, big, opened, time.monotonic() - started - opened)


def _trial(number: int, setup: Setup, workdir: Path) -> str:
    """One kill: during start-up (one trial in five) or at a random moment after the ledger is open."""
    ledger = workdir / f"trial{number}.sqlite"
    shutil.copy(setup.ledger, ledger)
    rng = random.Random(number)
    process = subprocess.Popen(_hhtax(ledger, "import", str(setup.big)), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    if number % 5 == 4:
        time.sleep(rng.uniform(0.02, setup.opened))
    elif _wait_open(ledger, process):
        time.sleep(rng.uniform(0, setup.window * 1.1))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    check, count = _count(ledger)
    assert check == "ok", f"trial {number}: integrity_check says {check}"
    assert count in (BASE_ROWS, BASE_ROWS + ROWS), f"trial {number}: {count} rows after the kill"
    assert verify_ledger(ledger).ok, f"trial {number}: the hash chain broke"
    outcome = "none" if count == BASE_ROWS else "all"
    if number % 10 == 0:
        rerun = subprocess.run(_hhtax(ledger, "import", str(setup.big)), capture_output=True, text=True,
                               timeout=120)
        assert rerun.returncode == 0, f"trial {number}: re-run failed: {rerun.stderr}"
    else:
        with SqliteLedger(ledger) as store:
            store.import_entries(import_file(setup.big, HOUSEHOLD))
    check, count = _count(ledger)
    assert (check, count) == ("ok", BASE_ROWS + ROWS), f"trial {number}: re-run left {count} rows"
    for leftover in workdir.glob(f"trial{number}.sqlite*"):
        leftover.unlink()
    return outcome if process.returncode != 0 else "finished"


def test_sigkill_during_import_is_all_or_nothing(setup: Setup, tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda n: _trial(n, setup, tmp_path), range(TRIALS)))
    assert len(outcomes) == TRIALS
    assert "none" in outcomes  # some kills did land before the commit
    print(f"{TRIALS} kills: {outcomes.count('none')} left none of the rows, {outcomes.count('all')} all of "
          f"them, {outcomes.count('finished')} came after the import had finished")


_WRITER = """
import sys
from hhtax.fsutil import atomic_write
target, size = sys.argv[1], int(sys.argv[2])
for n in range(1000):
    atomic_write(target, bytes([n % 251]) * size)
"""


def test_sigkill_during_atomic_write_leaves_a_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    size = 2_000_000
    whole = {hashlib.sha256(bytes([n]) * size).hexdigest() for n in range(251)}
    rng = random.Random(7)
    for _ in range(8):
        process = subprocess.Popen([sys.executable, "-c", _WRITER, str(target), str(size)])
        time.sleep(rng.uniform(0.1, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        if target.exists():
            assert hashlib.sha256(target.read_bytes()).hexdigest() in whole
    assert target.exists()


def test_atomic_write_replaces_whole_files_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "decl.xml"
    atomic_write(target, b"old")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["decl.xml"]  # no temporary file left behind
    with pytest.raises(InputError, match="directory does not exist"):
        atomic_write(tmp_path / "missing" / "x.xml", b"x")
    (tmp_path / "dir.xml").mkdir()
    with pytest.raises(InputError):
        atomic_write(tmp_path / "dir.xml", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decl.xml", "dir.xml"]

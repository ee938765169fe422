"""Issue 14: a ledger that cannot be damaged, clobbered or quietly rewritten.

Every case runs hhtax as a real process (`python -m hhtax`) against real files: planted symlinks,
a cut file, a lost `-wal`, concurrent imports, a FIFO, a read-only directory, a full disk and
backups of files that are not sound ledgers.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hhtax.journal.verify import verify_ledger
from tests.ledger_helpers import seeded_ledger

ROOT = Path(__file__).parent.parent
EINVOICES = Path(__file__).parent / "corpus" / "einvoices"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def hhtax(ledger: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(ledger), *args],
                          capture_output=True, text=True, timeout=timeout, env=ENV)


def count(ledger: Path) -> int:
    db = sqlite3.connect(f"{ledger.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        db.close()


def sales_csv(path: Path, rows: int, prefix: str = "S") -> Path:
    lines = ["date,kind,amount,line,doc,description"]
    lines += [f"2026-{1 + i % 12:02d}-{1 + i % 28:02d},sale,{5_000 + i},shop,{prefix}{i},Bán hàng lẻ số {i}"
              for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- 1. temporary files of backup and init ----------------------------------------------------------
_PLANT_AND_RUN = """
import os, runpy, sys
target, victim = sys.argv[1], sys.argv[2]
os.symlink(victim, os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.{os.getpid()}.tmp"))
sys.argv = ["hhtax", *sys.argv[3:]]
runpy.run_module("hhtax", run_name="__main__")
"""


def _plant_and_run(target: Path, victim: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A real hhtax process that first plants a symlink at the temporary name hhtax 0.1 used
    (`.{name}.{pid}.tmp`, pid of this very process) pointing at `victim`."""
    return subprocess.run([sys.executable, "-c", _PLANT_AND_RUN, str(target), str(victim), "--lang", "en",
                           *args], capture_output=True, text=True, timeout=120, env=ENV)


def test_backup_never_writes_through_a_planted_symlink(tmp_path: Path) -> None:
    ledger = seeded_ledger(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    victim = seeded_ledger(other, "neighbour.sqlite")
    before = victim.read_bytes()
    dest = tmp_path / "copy.sqlite"
    done = _plant_and_run(dest, victim, "--ledger", str(ledger), "backup", str(dest))
    assert done.returncode == 0, done.stderr
    assert victim.read_bytes() == before
    assert dest.is_file() and not dest.is_symlink()
    assert verify_ledger(dest).ok and count(dest) == 3
    planted = [p for p in tmp_path.iterdir() if p.is_symlink()]
    assert len(planted) == 1 and planted[0].resolve() == victim.resolve()


def test_init_never_writes_through_a_planted_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "foreign.db"
    db = sqlite3.connect(victim)
    db.execute("CREATE TABLE mine (x)")
    db.commit()
    db.close()
    before = victim.read_bytes()
    target = tmp_path / "new.sqlite"
    done = _plant_and_run(target, victim, "--ledger", str(target), "init", "--tax-code", "0100109106",
                          "--name", "Nguyễn Văn An", "--shop-name", "", "--address", "", "--ward", "",
                          "--province", "", "--tax-office-code", "", "--tax-office-name", "", "--line-id",
                          "shop", "--line-name", "Bán lẻ", "--group", "goods")
    assert done.returncode == 0, done.stderr
    assert victim.read_bytes() == before
    assert verify_ledger(target).ok


def test_init_does_not_overwrite_a_name_taken_by_a_dangling_symlink(tmp_path: Path) -> None:
    target = tmp_path / "new.sqlite"
    target.symlink_to(tmp_path / "elsewhere.sqlite")
    done = hhtax(target, "init", "--tax-code", "0100109106", "--name", "An", "--shop-name", "", "--address",
                 "", "--ward", "", "--province", "", "--tax-office-code", "", "--tax-office-name", "",
                 "--line-id", "shop", "--line-name", "", "--group", "goods")
    assert done.returncode == 1 and "already exists" in done.stderr
    assert not (tmp_path / "elsewhere.sqlite").exists()


# -- 2. physical damage --------------------------------------------------------------------------
def test_a_cut_ledger_fails_verify_and_refuses_writes(tmp_path: Path) -> None:
    ledger = seeded_ledger(tmp_path)
    assert hhtax(ledger, "import", str(sales_csv(tmp_path / "s.csv", 3000))).returncode == 0
    os.truncate(ledger, ledger.stat().st_size - 1)  # truncate -s -1
    cut = ledger.read_bytes()
    checked = hhtax(ledger, "verify")
    assert checked.returncode == 1
    assert "damaged" in checked.stderr and "intact" not in checked.stdout
    added = hhtax(ledger, "add", "sale", "--date", "2026-03-01", "--amount", "5000", "--line", "shop")
    assert added.returncode == 1
    assert "damaged" in added.stderr and "hhtax backup" in added.stderr and "Traceback" not in added.stderr
    imported = hhtax(ledger, "import", str(sales_csv(tmp_path / "t.csv", 10, prefix="T")))
    assert imported.returncode == 1 and "damaged" in imported.stderr
    assert ledger.read_bytes() == cut  # nothing was written into the damaged file


# -- 3. the .sqlite file alone is the ledger -----------------------------------------------------------
_READER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("SELECT count(*) FROM entries").fetchone()
print("open", flush=True)
sys.stdin.readline()
db.close()
"""


@pytest.fixture
def reader(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    ledger = seeded_ledger(tmp_path)
    process = subprocess.Popen([sys.executable, "-c", _READER, str(ledger)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "open"
    yield ledger, process
    assert process.stdin is not None
    process.stdin.write("\n")
    process.stdin.close()
    process.wait(timeout=30)
    process.stdout.close()


def test_rows_committed_with_a_reader_open_survive_the_loss_of_the_wal(
        tmp_path: Path, reader: tuple[Path, subprocess.Popen[str]]) -> None:
    ledger, _ = reader
    done = hhtax(ledger, "import", str(sales_csv(tmp_path / "s.csv", 2000)))
    assert done.returncode == 0 and "2000 new" in done.stdout
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copyfile(ledger, alone / "copy.sqlite")  # the main file without its -wal
    assert count(alone / "copy.sqlite") == 2003
    assert verify_ledger(alone / "copy.sqlite").ok


def test_a_backup_is_one_self_contained_file(tmp_path: Path, reader: tuple[Path, subprocess.Popen[str]]) -> None:
    ledger, _ = reader
    assert hhtax(ledger, "import", str(sales_csv(tmp_path / "s.csv", 500))).returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    done = hhtax(ledger, "backup", str(out / "copy.sqlite"))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["copy.sqlite"]
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copyfile(out / "copy.sqlite", alone / "copy.sqlite")
    assert count(alone / "copy.sqlite") == 503


# -- 4. the e-invoice replacement race --------------------------------------------------------------
def _padding(folder: Path, first: int, number: int) -> None:
    """`number` ordinary sale invoices (numbers first…), 1,650,000 đ each: enough work for the
    import to take a while after it has read the journal."""
    text = (EINVOICES / "01_sale_C26TAA_1.xml").read_text(encoding="utf-8")
    for serial in range(first, first + number):
        (folder / f"pad{serial}.xml").write_text(
            text.replace("<KHHDon>C26TAA</KHHDon>", "<KHHDon>C26TPD</KHHDon>")
                .replace("<SHDon>1</SHDon>", f"<SHDon>{serial}</SHDon>"), encoding="utf-8")


def test_an_invoice_and_its_replacement_imported_at_once_count_once(tmp_path: Path) -> None:
    shutil.copy(EINVOICES / "household.toml", tmp_path / "household.toml")
    folders = []
    for name, invoice, first in (("a", "01_sale_C26TAA_1.xml", 1), ("b", "02_sale_C26TAA_2_replaces_1.xml", 5001)):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(EINVOICES / invoice, folder / invoice)
        _padding(folder, first, 400)
        folders.append(folder)
    ledger = tmp_path / "h.sqlite"
    from hhtax.journal.household_file import load_household
    from hhtax.service.ledgers import create_ledger

    create_ledger(ledger, load_household(tmp_path / "household.toml")).close()
    processes = [subprocess.Popen([sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(ledger),
                                   "import", str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=ENV) for folder in folders]
    outcomes = [(process.wait(timeout=300), *process.communicate()) for process in processes]
    for (code, _out, err), folder in zip(outcomes, folders, strict=True):
        if code != 0:  # the other import held the write lock past the busy timeout: run it again
            assert "busy" in err, err
            assert hhtax(ledger, "import", str(folder)).returncode == 0
    db = sqlite3.connect(ledger)
    revenue = db.execute("SELECT sum(amount) FROM entries WHERE kind = 'sale'").fetchone()[0]
    db.close()
    assert revenue == 800 * 1_650_000 + 1_700_000  # the replacement only, not both invoices


# -- 13. not a file or a directory ------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", [["status"], ["journal"], ["verify"], ["add", "sale", "--date", "2026-01-01",
                                                                           "--amount", "1", "--line", "shop"]])
def test_a_fifo_as_the_ledger_is_refused_without_hanging(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "ledger.fifo"
    os.mkfifo(fifo)
    done = hhtax(fifo, *command, timeout=60)
    assert done.returncode != 0
    assert "not a regular file" in done.stderr


# -- 14. read-only ---------------------------------------------------------------------------------
def _make_read_only(paths: list[Path]) -> bool:
    """Make files and directories unwritable for this user (chmod; for root, `chattr +i`)."""
    if os.geteuid() != 0:
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        return True
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True).returncode == 0


def _make_writable(paths: list[Path]) -> None:
    if os.geteuid() != 0:
        for path in paths:
            path.chmod(0o755 if path.is_dir() else 0o644)
    else:
        subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True)


def test_every_read_command_works_on_a_read_only_ledger_and_writes_say_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    ledger = seeded_ledger(folder)
    (folder / "seed.csv").unlink()
    locked = [ledger, folder]
    if not _make_read_only(locked):
        pytest.skip("cannot make a directory read-only here")
    try:
        for command in (["status"], ["journal"], ["verify"], ["assess", "--period", "2026-Q1"],
                        ["books", "--period", "2026-Q1", "S2a-HKD"]):
            done = hhtax(ledger, *command)
            assert done.returncode == 0, (command, done.stderr)
        written = hhtax(ledger, "add", "sale", "--date", "2026-02-01", "--amount", "5000", "--line", "shop")
        assert written.returncode == 1 and "read-only" in written.stderr
        assert sorted(p.name for p in folder.iterdir()) == ["hhtax.sqlite"]
    finally:
        _make_writable(locked)
    assert count(ledger) == 3


# -- 15. disk full ---------------------------------------------------------------------------------
def test_a_full_disk_is_named_and_the_ledger_is_intact(tmp_path: Path) -> None:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root to mount a small file system")
    ledger = seeded_ledger(tmp_path)
    big = sales_csv(tmp_path / "big.csv", 30_000)
    small = tmp_path / "small"
    small.mkdir()
    script = (f"mount -t tmpfs -o size=600k tmpfs {small} && cp {ledger} {small}/h.sqlite && "
              f"{sys.executable} -m hhtax --lang en --ledger {small}/h.sqlite import {big}; "
              f"echo rc=$?; {sys.executable} -m hhtax --lang en --ledger {small}/h.sqlite verify")
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300,
                          env=ENV)
    if "mount" in done.stderr and "rc=" not in done.stdout:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    assert "rc=1" in done.stdout
    assert "disk is full" in done.stderr and "ledger is intact" in done.stderr
    assert "ledger intact: 3 entries" in done.stdout


# -- 16. backups only of ledgers that verify --------------------------------------------------------
def _tampered(folder: Path) -> Path:
    ledger = seeded_ledger(folder)
    db = sqlite3.connect(ledger)
    db.executescript("DROP TRIGGER entries_append_only_update; UPDATE entries SET amount = 1 WHERE id = 1;")
    db.close()
    return ledger


@pytest.mark.parametrize("kind", ["empty", "foreign", "tampered", "not_sqlite"])
def test_backup_refuses_what_is_not_a_sound_ledger(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "source.sqlite"
    if kind == "empty":
        source.write_bytes(b"")
    elif kind == "foreign":
        db = sqlite3.connect(source)
        db.execute("CREATE TABLE entries (x)")
        db.commit()
        db.close()
    elif kind == "tampered":
        source = _tampered(tmp_path)
    else:
        source.write_bytes(b"hello, not a database\n" * 100)
    dest = tmp_path / "copy.sqlite"
    done = hhtax(source, "backup", str(dest))
    assert done.returncode == 1, done.stdout
    assert "not backed up" in done.stderr and "backed up" not in done.stdout
    assert not dest.exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".copy.sqlite")] == []


def test_the_backup_command_says_the_copy_verified(tmp_path: Path) -> None:
    ledger = seeded_ledger(tmp_path)
    done = hhtax(ledger, "backup", str(tmp_path / "copy.sqlite"))
    assert done.returncode == 0 and "verified" in done.stdout


def test_quick_check_runs_once_per_process_and_file_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hhtax.journal import integrity
    from hhtax.service.ledgers import open_writable

    ledger = tmp_path / "h.sqlite"  # made by another process: this one has not checked it yet
    made = subprocess.run([sys.executable, "-c", "import sys, pathlib; from tests.ledger_helpers import "
                           "seeded_ledger; seeded_ledger(pathlib.Path(sys.argv[1]), 'h.sqlite')", str(tmp_path)],
                          capture_output=True, text=True, env=ENV, cwd=ROOT)
    assert made.returncode == 0, made.stderr
    calls: list[bool] = []
    real = integrity.damage
    monkeypatch.setattr(integrity, "damage", lambda *a, **k: calls.append(True) or real(*a, **k))
    with open_writable(ledger) as opened:
        for day in range(1, 6):
            opened.add(opened.get(1).model_copy(update={"id": None, "doc": f"N{day}"}))
    with open_writable(ledger) as opened:
        opened.add(opened.get(1).model_copy(update={"id": None, "doc": "again"}))
    assert len(calls) == 1
    time.sleep(0.01)
    db = sqlite3.connect(ledger)  # another program writes the file: the next writer checks again
    db.execute("INSERT INTO period_locks VALUES ('2020-Q1', '2020-01-01', '2020-03-31', 'x')")
    db.commit()
    db.close()
    with open_writable(ledger) as opened:
        opened.add(opened.get(1).model_copy(update={"id": None, "doc": "third"}))
    assert len(calls) == 2


# -- 6. batch reports ------------------------------------------------------------------------------
def test_batch_reports_neutralise_formula_cells() -> None:
    from hhtax.batch import FAILED, OK, HouseholdResult, errors_csv, summary_csv

    evil = "=cmd|' /C calc'!A0"
    results = [HouseholdResult(ledger="a/hh.sqlite", status=OK, tax_code="0100109106", name=evil, revenue=-5),
               HouseholdResult(ledger="@SUM(1+1)/hh.sqlite", status=FAILED, error="+1 bad")]
    summary = summary_csv(results).decode("utf-8")
    errors = errors_csv(results).decode("utf-8")
    assert f"'{evil}" in summary.replace('""', '"') and ",-5," in summary
    assert "'@SUM(1+1)/hh.sqlite,'+1 bad" in errors
    for text in (summary, errors):
        assert not any(cell.startswith(("=", "+", "@")) for line in text.splitlines() for cell in line.split(","))

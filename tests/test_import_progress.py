"""Import of a big file shows progress on a terminal (issue 13 §8): stderr only, and only when stderr
is a terminal (a pseudo-terminal here, through a real process)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from hhtax import Ledger
from tests.ledger_helpers import household

ROWS = 110_000


def _big_csv(path: Path) -> Path:
    lines = ["date,kind,amount,line,doc"]
    lines.extend(f"2026-0{1 + n % 3}-1{n % 9},sale,{1000 + n},shop,HD{n}" for n in range(ROWS))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_progress_on_a_terminal_only(tmp_path: Path) -> None:
    csv = _big_csv(tmp_path / "big.csv")
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    ledger = tmp_path / "l.sqlite"
    Ledger.create(ledger, household()).close()
    args = [sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(ledger), "import", str(csv)]
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave, env=env)
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        out, _ = process.communicate(timeout=300)
    finally:
        os.close(master)
    assert process.returncode == 0
    assert out.decode().strip() == f"{ROWS} new, 0 already present"
    assert b"Importing\xe2\x80\xa6 100,000 rows" in shown
    # not a terminal: nothing on stderr
    copy = tmp_path / "m.sqlite"
    Ledger.create(copy, household()).close()
    plain = subprocess.run([*args[:6], str(copy), *args[7:]], capture_output=True, env=env, timeout=300)
    assert plain.returncode == 0 and plain.stderr == b""

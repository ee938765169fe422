"""Import guarantees (issues 13 §2 §8, 14 #9–#12, #17–#19) over tests/corpus/hostile/imports.toml:
each refused file gives one `Error:` line and exit 1 through a real process, an InputError through
the API, and leaves the ledger's row count unchanged; `add` and `reverse` refuse impossible numbers
the same way; `journal` shows imported control characters escaped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from hhtax import Ledger
from hhtax.cli.main import cli
from hhtax.errors import InputError
from tests.ledger_helpers import row_count, seeded_ledger

CORPUS = Path(__file__).parent / "corpus" / "hostile"
MANIFEST = tomllib.loads((CORPUS / "imports.toml").read_text(encoding="utf-8"))
REFUSE: list[dict[str, Any]] = MANIFEST["refuse"]
ACCEPT: list[dict[str, Any]] = MANIFEST["accept"]
ENV = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}


@pytest.fixture(scope="module")
def base_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_ledger(tmp_path_factory.mktemp("base"))


def _hhtax(ledger: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(ledger), *args]


def _profile(case: dict[str, Any]) -> str | None:
    args = case["args"]
    return args[args.index("--profile") + 1] if "--profile" in args else None


def test_every_listed_file_exists() -> None:
    for case in [*REFUSE, *ACCEPT]:
        assert (CORPUS / case["file"]).is_file(), case["file"]


def test_refused_through_real_processes(base_ledger: Path, tmp_path: Path) -> None:
    runs = []
    for index, case in enumerate(REFUSE):
        ledger = tmp_path / f"l{index}.sqlite"
        shutil.copy(base_ledger, ledger)
        runs.append((case, ledger, _hhtax(ledger, "import", str(CORPUS / case["file"]), *case["args"])))
    for start in range(0, len(runs), 6):
        batch = [(case, ledger, subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                 env=ENV))
                 for case, ledger, args in runs[start:start + 6]]
        for case, ledger, process in batch:
            out, err = process.communicate(timeout=120)
            text = err.decode("utf-8")
            assert process.returncode == 1, (case["file"], text)
            assert out == b""
            assert "Traceback" not in text
            assert text.count("\n") == 1 and text.startswith("Error: "), text
            assert "\x1b" not in text and "\r" not in text
            assert case["message"] in text, text
            assert len(text) < 600
            assert row_count(ledger) == 3


@pytest.mark.parametrize("case", REFUSE, ids=[c["file"] for c in REFUSE])
def test_refused_through_the_api(case: dict[str, Any], base_ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    shutil.copy(base_ledger, path)
    with Ledger.open(path) as ledger:
        with pytest.raises(InputError) as caught:
            ledger.import_file(CORPUS / case["file"], _profile(case), line="shop")
        assert case["message"] in caught.value.one_line()
        assert ledger.store.count() == 3


@pytest.mark.parametrize("case", ACCEPT, ids=[c["file"] for c in ACCEPT])
def test_accepted_files(case: dict[str, Any], base_ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    shutil.copy(base_ledger, path)
    result = CliRunner().invoke(cli, ["--lang", "en", "--ledger", str(path), "import",
                                      str(CORPUS / case["file"]), *case["args"]])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{case['added']} new")
    with Ledger.open(path) as ledger:
        assert max(ledger.entries(), key=lambda e: e.id or 0).description == case["description"]


def test_journal_escapes_control_characters(base_ledger: Path, tmp_path: Path) -> None:
    """#17: text from an import cannot drive the terminal (escape sequences, carriage returns)."""
    path = tmp_path / "l.sqlite"
    shutil.copy(base_ledger, path)
    subprocess.run(_hhtax(path, "import", str(CORPUS / "terminal_escapes.csv")), check=True, env=ENV,
                   capture_output=True)
    shown = subprocess.run(_hhtax(path, "journal"), check=True, env=ENV, capture_output=True).stdout.decode()
    assert "\x1b" not in shown and "\r" not in shown and "\x07" not in shown
    assert "\\x1b]0;pwned\\x07\\x1b[31mred\\x0dover" in shown
    assert shown.count("\n") == 4


@pytest.mark.parametrize(("args", "message"), [
    (["add", "sale", "--date", "2026-01-05", "--line", "shop", "--amount", str(2**63)],
     "amount: '9223372036854775808' is above the ceiling of 999.999.999.999.999 đồng"),
    (["add", "sale", "--date", "2026-01-05", "--line", "shop", "--amount", "1000000000000000"],
     "amount: '1000000000000000' is above the ceiling"),
    (["add", "sale", "--date", "2021-06-30", "--line", "shop", "--amount", "1000"],
     "date: '2021-06-30' is outside the dates hhtax supports"),
    (["add", "sale", "--date", "2026-01-05", "--line", "shop", "--amount", "1000",
      "--description", "x" * 5000],
     "description: 5,000 characters; a text field holds at most 4,000"),
    (["add", "purchase", "--date", "2026-01-05", "--amount", "1000", "--item", "gạo", "--qty", "9" * 40],
     "qty: '9999999999999999999999999999999999999999' has more than 15 digits"),
    (["reverse", str(2**63)], "'9223372036854775808' is not an entry id"),
    (["reverse", "0"], "'0' is not an entry id"),
])
def test_add_and_reverse_refuse_impossible_numbers(args: list[str], message: str, base_ledger: Path,
                                                   tmp_path: Path) -> None:
    """#10: amounts ≥ 2^63 (and above the ceiling) in `add`, ids ≥ 2^63 in `reverse`: one line, exit 1."""
    path = tmp_path / "l.sqlite"
    shutil.copy(base_ledger, path)
    done = subprocess.run(_hhtax(path, *args), env=ENV, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("Error: ")
    assert message in done.stderr
    assert row_count(path) == 3


def test_api_refuses_impossible_numbers(base_ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    shutil.copy(base_ledger, path)
    with Ledger.open(path) as ledger:
        with pytest.raises(InputError, match="above the ceiling"):
            ledger.append({"date": "2026-01-05", "kind": "sale", "amount": 2**63, "line": "shop"})
        with pytest.raises(InputError, match="outside the dates hhtax supports"):
            ledger.append({"date": "9999-12-31", "kind": "sale", "amount": 1, "line": "shop"})
        with pytest.raises(InputError, match="not an entry id"):
            ledger.reverse(2**63)
        assert ledger.store.count() == 3

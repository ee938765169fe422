"""The bad-input corpus (tests/corpus/bad/manifest.toml): one clear line, exit 1, ledger unchanged."""

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
from conftest import row_count, seeded_ledger

from hhtax.cli.main import cli

CORPUS = Path(__file__).parent / "corpus" / "bad"
MANIFEST = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))
IMPORTS: list[dict[str, Any]] = MANIFEST["import"]
INITS: list[dict[str, Any]] = MANIFEST["init_from"]


@pytest.fixture(scope="module")
def base_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_ledger(tmp_path_factory.mktemp("base"))


def _import_args(ledger: Path, case: dict[str, Any]) -> list[str]:
    return ["--lang", "en", "--ledger", str(ledger), "import", str(CORPUS / case["file"]), *case["args"]]


def _message_of(result: Any) -> str:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return str(result.exception)
    return str(result.stderr)


@pytest.mark.parametrize("case", IMPORTS, ids=[f"{c['file']}{'+' if c['args'] else ''}" for c in IMPORTS])
def test_bad_import_cli_runner(case: dict[str, Any], base_ledger: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "l.sqlite"
    shutil.copy(base_ledger, ledger)
    result = CliRunner().invoke(cli, _import_args(ledger, case))
    assert result.exit_code == case["exit"]
    message = _message_of(result)
    assert case["message"] in message
    assert "\n" not in message.strip()
    assert row_count(ledger) == 3


@pytest.mark.parametrize("case", INITS, ids=[c["dir"] for c in INITS])
def test_bad_init_from_cli_runner(case: dict[str, Any], tmp_path: Path) -> None:
    ledger = tmp_path / "new.sqlite"
    result = CliRunner().invoke(cli, ["--ledger", str(ledger), "init", "--from", str(CORPUS / case["dir"])])
    assert result.exit_code == case["exit"]
    assert case["message"] in _message_of(result)
    assert not ledger.exists()
    assert list(tmp_path.iterdir()) == []


def test_every_corpus_file_is_in_the_manifest() -> None:
    listed = {c["file"] for c in IMPORTS} | {c["dir"] for c in INITS} | {"manifest.toml"}
    present = {p.name for p in CORPUS.iterdir()}
    assert present <= listed
    assert listed - present == {"missing_file.csv"}


# One case of each kind of failure goes through a real process (each costs a Python start-up).
SUBPROCESS_FILES = ("date_dmy.csv", "amount_exponent.csv", "no_header.csv", "pos_not_utf8.csv", "binary.csv",
                    "extra_fields.csv", "not_json.jsonl")


def test_corpus_through_real_processes(base_ledger: Path, tmp_path: Path) -> None:
    """`python -m hhtax` prints exactly one `Error: FILE:LINE: FIELD: message` line, no traceback."""
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    runs = []
    for index, case in enumerate(c for c in IMPORTS if c["file"] in SUBPROCESS_FILES):
        ledger = tmp_path / f"l{index}.sqlite"
        shutil.copy(base_ledger, ledger)
        args = [sys.executable, "-m", "hhtax", *_import_args(ledger, case)]
        runs.append((case, ledger, args))
    for index, case in enumerate(INITS):
        target = tmp_path / f"init{index}.sqlite"
        args = [sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(target), "init", "--from",
                str(CORPUS / case["dir"])]
        runs.append((case, target, args))
    for start in range(0, len(runs), 8):
        batch = [(case, ledger, subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                 env=env)) for case, ledger, args in runs[start:start + 8]]
        for case, ledger, process in batch:
            out, err = process.communicate(timeout=60)
            text = err.decode("utf-8")
            assert process.returncode == case["exit"], text
            assert out == b""
            assert "Traceback" not in text
            assert text.count("\n") == 1 and text.startswith("Error: ")
            assert case["message"] in text
            if "file" in case:
                assert row_count(ledger) == 3
            else:
                assert not ledger.exists()

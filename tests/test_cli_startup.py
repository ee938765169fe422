"""Start-up (issue 16): `hhtax --help` and `--version` import no command module, no PDF or XLSX
library, no model and no web framework; `hhtax status` imports no renderer, no importer of other
formats and no declaration module; the command table of `hhtax.cli.lazy` matches the commands
themselves. Nothing here is timed: the times are `benchmarks/bench_startup.py`'s."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import click
import pytest

from hhtax.cli.lazy import COMMANDS

CLI_DIR = Path(__file__).resolve().parent.parent / "hhtax" / "cli"
ROOT = CLI_DIR.parent.parent
HEAVY = ("reportlab", "xlsxwriter", "pydantic", "hhtax.model", "hhtax.journal", "hhtax.tax",
         "fastapi", "starlette", "uvicorn", "jinja2", "multipart", "hhtax.web.app")
STATUS_NEEDS_NONE_OF = ("reportlab", "xlsxwriter", "lxml", "defusedxml", "fastapi", "starlette", "hhtax.web",
                        "hhtax.declarations", "hhtax.books.render", "hhtax.books.output", "hhtax.books.build",
                        "hhtax.service.books", "hhtax.service.returns", "hhtax.service.imports",
                        "hhtax.importers.einvoice", "hhtax.batch", "hhtax.tax.compare")


def _commands_in_modules() -> dict[str, tuple[str, click.Command]]:
    found: dict[str, tuple[str, click.Command]] = {}
    for path in sorted(CLI_DIR.glob("*_cmds.py")):
        module = import_module(f"hhtax.cli.{path.stem}")
        for command in module.commands:
            assert command.name is not None
            found[command.name] = (path.stem, command)
    return found


def test_the_table_lists_every_command_with_its_module_and_help() -> None:
    found = _commands_in_modules()
    assert set(COMMANDS) == set(found), "add new commands to hhtax/cli/lazy.py COMMANDS"
    for name, (module, command) in found.items():
        assert COMMANDS[name][0] == module, name
        assert COMMANDS[name][1] == command.get_short_help_str(limit=1000), (
            f"update the short help of {name!r} in hhtax/cli/lazy.py to its docstring")


def _modules_after(argv: list[str]) -> list[str]:
    """The modules a fresh interpreter has loaded after running `hhtax ARGV` (exit status 0)."""
    code = ("import sys, json\n"
            "from hhtax.cli.main import cli\n"
            f"try:\n    cli.main({argv!r}, prog_name='hhtax')\n"
            "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "print(json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    modules: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return modules


@pytest.mark.parametrize("argv", [["--help"], ["--version"]])
def test_help_and_version_load_nothing_heavy(argv: list[str]) -> None:
    modules = _modules_after(argv)
    loaded = [name for name in modules if name.startswith(HEAVY)]
    assert loaded == [], f"{argv} imports {loaded[:5]}"
    assert not any(name.endswith("_cmds") for name in modules)


@pytest.mark.parametrize("ledger", ["ledgers/grocery-2026", "ledgers/restaurant-2026", "ledgers/shop-2025"])
def test_status_loads_no_renderer_importer_or_declaration(ledger: str) -> None:
    """`hhtax status` reads the ledger and runs the duty decision: the service facade and the
    packages it re-exports (`hhtax.api`, `hhtax.service`, `hhtax.books`) import the rest on use."""
    modules = _modules_after(["--ledger", ledger, "status", "--on", "2026-12-06"])
    assert "hhtax.duty" in modules  # the command did run
    loaded = [name for name in modules if name.startswith(STATUS_NEEDS_NONE_OF)]
    assert loaded == [], f"status imports {loaded[:8]}"


def test_a_command_still_runs_through_the_table(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from hhtax.cli.main import cli

    result = CliRunner().invoke(cli, ["--lang", "en", "rules", "--help"])
    assert result.exit_code == 0
    assert "--on" in result.output or "Usage" in result.output

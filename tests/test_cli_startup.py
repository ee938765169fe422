"""Start-up (issue 16): `hhtax --help` and `--version` import no command module, no PDF or XLSX
library and no model; the command table of `hhtax.cli.lazy` matches the commands themselves."""

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
HEAVY = ("reportlab", "xlsxwriter", "pydantic", "hhtax.model", "hhtax.journal", "hhtax.tax",
         "fastapi", "starlette", "uvicorn", "jinja2", "multipart", "hhtax.web.app")


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


@pytest.mark.parametrize("argv", [["--help"], ["--version"]])
def test_help_and_version_load_nothing_heavy(argv: list[str]) -> None:
    code = ("import sys, json\n"
            "from hhtax.cli.main import cli\n"
            f"try:\n    cli.main({argv!r}, prog_name='hhtax')\n"
            "except SystemExit:\n    pass\n"
            "print(json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = json.loads(done.stdout.strip().splitlines()[-1])
    loaded = [name for name in modules if name.startswith(HEAVY)]
    assert loaded == [], f"{argv} imports {loaded[:5]}"
    assert not any(name.endswith("_cmds") for name in modules)


def test_a_command_still_runs_through_the_table(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from hhtax.cli.main import cli

    result = CliRunner().invoke(cli, ["--lang", "en", "rules", "--help"])
    assert result.exit_code == 0
    assert "--on" in result.output or "Usage" in result.output

"""Every command of the CLI is documented in docs/cli.md: the CLI and its docs move together."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from hhtax.cli.main import cli

CLI_DOC = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
_CTX = click.Context(cli)
COMMANDS = {name: cli.get_command(_CTX, name) for name in cli.list_commands(_CTX)}  # the group loads lazily


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_a_section(name: str) -> None:
    assert f"### `hhtax {name}" in CLI_DOC, f"docs/cli.md has no section for `hhtax {name}`"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_documented_options_exist(name: str) -> None:
    """Each `--option` named in a command's heading is a real option of that command."""
    heading = next(line for line in CLI_DOC.splitlines() if line.startswith(f"### `hhtax {name}"))
    command = COMMANDS[name]
    assert command is not None
    options = {opt for param in command.params for opt in getattr(param, "opts", [])}
    for word in heading.replace("[", " ").replace("]", " ").replace("`", " ").split():
        if word.startswith("--"):
            assert word.split("=")[0] in options, f"{word} is not an option of `hhtax {name}`"

"""The command table: each command's module is imported only when that command runs.

`hhtax --help` and `hhtax --version` then load Click and this table, not reportlab, xlsxwriter,
the models and every command module (issue 16: start-up within 2x of `bean-check --help`). The
one-line help of each command is kept here, so that `--help` lists the commands without importing
them; `tests/test_cli_startup.py` checks it against each command's own docstring.
"""

from __future__ import annotations

from importlib import import_module

import click

# name → (module under hhtax.cli, the command's short help: its docstring's first paragraph)
COMMANDS: dict[str, tuple[str, str]] = {
    'init': ('ledger_cmds',
        'Create the SQLite ledger (prompting for what is missing), or convert a plain-text ledger.'),
    'import': ('ledger_cmds',
        'Import a journal CSV, a vendor export (--profile), a JSON Lines file, or e-invoice XML (a .xml '
        'file, a .zip or a directory of them); all or nothing.'),
    'add': ('ledger_cmds',
        'Record one entry.'),
    'journal': ('ledger_cmds',
        "List the journal's entries, in date order."),
    'reverse': ('ledger_cmds',
        'Record the reversal of entry ENTRY_ID (the journal is append-only).'),
    'status': ('ledger_cmds',
        'Overdue returns first, then who, regime, revenue, group, books and what is next.'),
    'estimate': ('estimate_cmds',
        "Record the household's estimate of a year's revenue (dated, append-only), or list them."),
    'rules': ('tax_cmds',
        'Every rule-pack value in force on a date, with its legal reference.'),
    'assess': ('tax_cmds',
        'VAT and PIT for a period, figure by figure.'),
    'compare': ('tax_cmds',
        'Revenue method vs income method for a year, naming the cheaper legal choice.'),
    'due': ('tax_cmds',
        'Overdue returns with days late and interest, what is due next, every deadline filed or not.'),
    'books': ('books_cmds',
        'List the books to keep (with the reason), or show book CODE (e.g.'),
    'declare': ('declare_cmds',
        'Prepare the return for a period that has ended: XML for eTax/HTKK and a PDF, validated, '
        'written, then recorded in the ledger (which locks the period).'),
    'amend': ('declare_cmds',
        'Supplementary return (loaiTKhai B) for a filed period, rebuilt from the journal, with interest:'
        ' headlines what there is to pay now (extra tax + late interest), then the corrected totals.'),
    'validate': ('declare_cmds',
        'Check declaration XML files (one or many, e.g. out/*.xml): structure (XSD), period, tax code '
        'and arithmetic; exit 1 if any file has a problem.'),
    'batch': ('batch_cmds',
        'Assess and declare every ledger under ROOT (SQLite files and plain-text ledger directories).'),
    'verify': ('integrity_cmds',
        'Check the file and its hash chains and report the first thing altered, deleted or inserted '
        'outside hhtax; check declaration files and a chain head written down earlier.'),
    'backup': ('integrity_cmds',
        "Copy the ledger consistently to DEST with SQLite's backup API: a file name, or a directory (an "
        'existing one, or any DEST ending in "/", which is created when missing).'),
    'serve': ('serve_cmds',
        'Serve the ledger (or a folder of clients\' ledgers) as a local web app and JSON API; prints the '
        'address and the sign-in link.'),
    'schema': ('integrity_cmds',
        'Print (or write) the JSON Schema of the entry and household formats.'),
}


def load_command(name: str) -> click.Command:
    """Import the module of command `name` and return the command."""
    module = import_module(f"hhtax.cli.{COMMANDS[name][0]}")
    for command in module.commands:
        if command.name == name:
            return command  # type: ignore[no-any-return]
    raise LookupError(f"hhtax.cli.{COMMANDS[name][0]} has no command {name!r}")


class LazyGroup(click.Group):
    """A Click group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load_command(cmd_name) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of `--help`, from the table (no command module is imported)."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, click.Command(name, help=short).get_short_help_str(limit))
                for name, (_module, short) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

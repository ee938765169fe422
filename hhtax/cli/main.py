"""The root `hhtax` command group: global options, error handling, command registration."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from hhtax import __version__
from hhtax.cli import click_i18n
from hhtax.cli.context import DEFAULT_LEDGER, CliContext
from hhtax.cli.lazy import LazyGroup
from hhtax.errors import HhtaxError, LedgerBusy, one_line
from hhtax.i18n import default_lang, t

click_i18n.install()


class HhtaxGroup(LazyGroup):
    """The root group: Click's own messages (usage errors, help) follow `--lang` too."""

    def main(self, args: Sequence[str] | None = None, *posargs: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        with click_i18n.language(_lang_from_argv(argv)):
            return super().main(args, *posargs, **kwargs)


@click.group(cls=HhtaxGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--ledger", "ledger", type=click.Path(path_type=Path), envvar="HHTAX_LEDGER",
              default=DEFAULT_LEDGER, show_default=True,
              help="Ledger: a SQLite file, or a plain-text ledger directory (read-only). Env HHTAX_LEDGER.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default=None,
              help="Language of messages (default: from the locale).")
@click.option("--rules", "rules_file", type=click.Path(path_type=Path, dir_okay=False), envvar="HHTAX_RULES",
              default=None, help="A local rule pack layered over the shipped ones. Env HHTAX_RULES.")
@click.version_option(__version__, prog_name="hhtax")
@click.pass_context
def cli(ctx: click.Context, ledger: Path, lang: str | None, rules_file: Path | None) -> None:
    """hhtax: books, tax and e-filing for Vietnamese household businesses (hộ kinh doanh)."""
    ctx.obj = CliContext(ledger_path=ledger, lang=lang or default_lang(), rules_file=rules_file)
    if rules_file is not None and ctx.invoked_subcommand is not None:
        from hhtax.rules import load_rules  # not at import time: `--help` stays light

        load_rules(rules_file)  # a bad local pack stops every command, naming file, line and rule name


def main() -> None:
    """Console entry point: run the CLI and turn library errors into one-line messages.

    When the command is done the process only exits: every object is moved to the collector's
    permanent generation first, so that the interpreter's collections at exit do not walk them all
    again (≈ 50 ms of CPU, a sixth of `hhtax status`; issue 16). Nothing else changes at exit:
    files are closed by their `with` blocks, atexit handlers and deallocation run as before."""
    try:
        _main()
    finally:
        gc.freeze()


def _main() -> None:
    lang = _lang_from_argv(sys.argv[1:])
    try:
        code = cli.main(standalone_mode=False)
        if isinstance(code, int) and code:  # `ctx.exit(n)` returns n here instead of raising
            sys.exit(code)
    except click.exceptions.Abort:
        click.echo(t("aborted", lang), err=True)
        sys.exit(1)
    except click.ClickException as exc:
        with click_i18n.language(lang):  # "Error:", "Usage:", "Did you mean …" are made here
            exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except LedgerBusy as exc:
        click.echo(f"{t('error', lang)}: {t('ledger_busy', lang)}: {one_line(exc.render(lang))}", err=True)
        sys.exit(1)
    except HhtaxError as exc:
        click.echo(f"{t('error', lang)}: {one_line(exc.render(lang))}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)


def _lang_from_argv(argv: Sequence[str]) -> str:
    """The `--lang` given on the command line (before Click parses it), else the locale's."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1] if argv[index + 1] in ("vi", "en") else default_lang()
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in ("vi", "en") else default_lang()
    return default_lang()

"""The per-invocation CLI state shared by every command (global options) and output helpers."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from hhtax.errors import InputError
from hhtax.i18n import t
from hhtax.periods import Period

if TYPE_CHECKING:
    from hhtax.api import Ledger

DEFAULT_LEDGER = "hhtax.sqlite"


@dataclass
class CliContext:
    ledger_path: Path
    lang: str
    rules_file: Path | None = None
    _ledger: Ledger | None = field(default=None, repr=False)

    def ledger(self) -> Ledger:
        """The ledger named by `--ledger` / `HHTAX_LEDGER` through the service facade, opened on
        first use and closed when the command ends (`call_on_close`, as sqlite-utils does)."""
        if self._ledger is None:
            from hhtax.api import Ledger

            opened = Ledger.open(self.ledger_path, rules_file=self.rules_file)
            self._ledger = opened
            click.get_current_context().find_root().call_on_close(self._closed)
        return self._ledger

    def _closed(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None

    def msg(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)


def get_context() -> CliContext:
    ctx = click.get_current_context().find_root()
    obj = ctx.obj
    if not isinstance(obj, CliContext):  # pragma: no cover - set by the root group
        obj = CliContext(Path(os.environ.get("HHTAX_LEDGER", DEFAULT_LEDGER)), "en")
        ctx.obj = obj
    return obj


pass_context = click.make_pass_decorator(CliContext)


def period_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Period | None:
    """Click callback: parse a `--period` value (None when the option was not given)."""
    if value is None:
        return None
    try:
        return Period.parse(value)
    except InputError as exc:
        raise click.BadParameter(exc.message) from None

json_option = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")


def echo_json(data: Any) -> None:
    """Print data as pretty, key-sorted-as-given JSON with Vietnamese text unescaped."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))

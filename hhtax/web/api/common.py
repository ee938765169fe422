"""What every API route uses: the request's ledger (single household or one client), the language,
the period and date parameters."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Path, Query, Request

from hhtax.api import Ledger
from hhtax.errors import InputError
from hhtax.i18n import msg, register
from hhtax.periods import Period
from hhtax.web.config import ServeConfig
from hhtax.web.deps import get_config, open_ledger
from hhtax.web.problems import request_lang

register({
    "web.bad_date": ("ngày không hợp lệ (cần YYYY-MM-DD): {value}", "not a date (YYYY-MM-DD): {value}"),
})


@dataclass(frozen=True)
class Target:
    """The ledger a request is about: the configuration and the client name (None: single mode)."""

    config: ServeConfig
    client: str | None

    @contextmanager
    def open(self, *, write: bool = False) -> Iterator[Ledger]:
        with open_ledger(self.config, self.client, write=write) as ledger:
            yield ledger


def _target(request: Request) -> Target:
    return Target(get_config(request), request.path_params.get("client"))


def client_param(client: Annotated[str, Path(
        description="A client of the accountant's folder (`GET /api/v1/clients`): the name of its "
                    "`NAME.sqlite` file without the suffix, or of its plain-text ledger directory.",
        examples=["an"])]) -> None:
    """Documents the `{client}` path parameter of the clients-mode routes (checked by `Target`)."""


def _lang(request: Request, lang: Annotated[Literal["vi", "en"] | None, Query(
        description="Language of texts and problems; default from Accept-Language, else vi.")] = None) -> str:
    return lang or request_lang(request)


LedgerTarget = Annotated[Target, Depends(_target)]
Lang = Annotated[str, Depends(_lang)]
PeriodText = Annotated[str, Path(description="A period: `2026-Q1`, `2026-03` or `2026`.",
                                 examples=["2026-Q1"])]
OnDate = Annotated[date | None, Query(description="The day to judge on (ISO date); default today.")]


def parse_period(text: str) -> Period:
    return Period.parse(text)


def day(text: str | None, field: str = "on") -> date | None:
    """An ISO date from a request body (None when absent); a 422 problem naming `field` otherwise."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(msg("web.bad_date", value=text), field=field) from None

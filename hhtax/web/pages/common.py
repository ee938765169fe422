"""What every page shares: the templates, the language, the URL prefix of a client, the ledger of the
request, the routes registered for both modes, and the error page.

A page URL exists twice: `/record` for the one household of `hhtax serve --ledger`, and
`/c/{client}/record` for a client of `hhtax serve --clients DIR`. Each mode answers only its own
form: the client name is resolved by `hhtax.web.deps.ledger_path` (404 for the other mode, or for a
name that is not one of the folder's ledgers).

The language is `?lang=vi|en` (kept in the `hhtax_lang` cookie), else the cookie, else the
browser's `Accept-Language`, else Vietnamese (`hhtax.web.problems.request_lang`).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from hhtax import __version__
from hhtax.api import Ledger
from hhtax.i18n import t
from hhtax.money import format_vnd
from hhtax.web import deps
from hhtax.web.pages import texts, texts_more  # noqa: F401  (registers the page texts)
from hhtax.web.pages.view_state import content_key
from hhtax.web.problems import LANG_COOKIE, request_lang

TEMPLATES = Path(__file__).parent.parent / "templates"
LANGS = ("vi", "en")
_log = logging.getLogger("hhtax.web")
T = TypeVar("T")


def today() -> date:
    """The day the pages judge deadlines and sign returns on (tests replace it)."""
    return date.today()


def vnd(amount: object) -> str:
    """1500000 → "1.500.000" (Vietnamese grouping, as on the forms)."""
    return (
        format_vnd(int(amount))
        if isinstance(amount, int | str) and str(amount).lstrip("-").isdigit()
        else str(amount)
    )


def day(value: object) -> str:
    """An ISO date (or `date`) as dd/mm/yyyy."""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    text = str(value)
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
    return text


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["vnd"] = vnd
    env.filters["day"] = day
    return env


ENV = _environment()


def client_of(request: Request) -> str | None:
    """The client named in the URL (`/c/{client}/…`), or None (the one household)."""
    value = request.path_params.get("client")
    return None if value is None else str(value)


def prefix(request: Request) -> str:
    """The URL prefix of the request's ledger: "" or "/c/<client>"."""
    client = client_of(request)
    if client is None:
        return ""
    from urllib.parse import quote

    return "/c/" + quote(client, safe="")


def url(request: Request, path: str, **query: object) -> str:
    """A page URL of the request's ledger, with query parameters (None values left out)."""
    shown = {key: value for key, value in query.items() if value is not None and value != ""}
    return prefix(request) + path + ("?" + urlencode(shown) if shown else "")


@contextmanager
def ledger_of(request: Request, *, write: bool = False) -> Iterator[Ledger]:
    """The request's ledger, open for the block (use in a thread, not on the event loop);
    `write=True` for a request that writes (the process's writers take turns, `deps.open_ledger`)."""
    with deps.open_ledger(deps.get_config(request), client_of(request), write=write) as ledger:
        yield ledger


_MEMO: OrderedDict[tuple[str, ...], Any] = OrderedDict()
_MEMO_LOCK = threading.Lock()
MEMO_SIZE = 64


def memo(request: Request, what: str, compute: Callable[[], T]) -> T:
    """`compute()` once per content of the request's ledger (`content_key`: the last record of
    its log, which every write moves), for the same day and language. A big ledger's home page (a
    million entries under the income method values the stock three times) is then computed once
    per change, not once per visit, and a change made through any handle or process is seen by
    the next request. The key is read before computing, so a value is never kept under a key
    older than the content it was computed from."""
    config = deps.get_config(request)
    path = deps.ledger_path(config, client_of(request))
    state = content_key(path, config.rules_file)
    if state is None:
        return compute()
    key = (str(path), state, what, today().isoformat(), request_lang(request))
    with _MEMO_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return cast(T, _MEMO[key])
    value = compute()
    if content_key(path, config.rules_file) == state:  # unchanged while computing: keep it
        with _MEMO_LOCK:
            _MEMO[key] = value
            while len(_MEMO) > MEMO_SIZE:
                _MEMO.popitem(last=False)
    return value


def clients_mode(request: Request) -> bool:
    return deps.get_config(request).clients is not None


def _nav(request: Request, active: str, lang: str) -> list[dict[str, Any]]:
    names = ("home", "record", "upload", "journal", "books", "returns")
    paths = {
        "home": "/",
        "record": "/record",
        "upload": "/upload",
        "journal": "/journal",
        "books": "/books",
        "returns": "/returns",
    }
    items = []
    if clients_mode(request):
        items.append({"href": "/", "label": t("page.nav.clients", lang), "active": active == "clients"})
        if client_of(request) is None:
            return items
    for name in names:
        items.append(
            {
                "href": prefix(request) + paths[name]
                if name != "home" or client_of(request) is None
                else prefix(request) + "/",
                "label": t(f"page.nav.{name}", lang),
                "active": active == name,
            }
        )
    return items


def render(
    request: Request,
    template: str,
    *,
    active: str = "",
    status: int = 200,
    title: str = "",
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """The page `template` in the request's language (the choice kept in a cookie)."""
    lang = request_lang(request)
    switch = "en" if lang == "vi" else "vi"
    query = dict(request.query_params)
    query["lang"] = switch
    shown = {
        "lang": lang,
        "t": _translator(lang),
        "title": title,
        "nav": _nav(request, active, lang),
        "client": client_of(request),
        "base": prefix(request),
        "version": __version__,
        "switch_href": request.url.path + "?" + urlencode(query),
        "csrf": _csrf(request),
        "url": partial(url, request),
        "today": today(),
        **context,
    }
    body = ENV.get_template(template).render(shown)
    response = HTMLResponse(body, status_code=status, headers=dict(headers or {}))
    response.headers["Cache-Control"] = "no-store"
    chosen = request.query_params.get("lang")
    if chosen in LANGS:
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="strict", httponly=True)
    return response


def _translator(lang: str) -> Callable[..., str]:
    def translate(key: str, /, **values: object) -> str:
        return t(key, lang, **values)

    return translate


def _csrf(request: Request) -> str:
    try:
        return deps.csrf_token(request)
    except Exception:  # an error page before any session: no form there needs it
        return ""


def redirect(target: str) -> RedirectResponse:
    """Post/redirect/get: 303 to `target`."""
    return RedirectResponse(target, status_code=303)


def page(
    router: APIRouter, path: str, *, methods: tuple[str, ...] = ("GET",), both: bool = True
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register an endpoint at `path` and (with `both`) at `/c/{client}` + `path`."""

    def register(endpoint: Callable[..., Any]) -> Callable[..., Any]:
        router.add_api_route(
            path, endpoint, methods=list(methods), include_in_schema=False, response_class=HTMLResponse
        )
        if both:
            router.add_api_route(
                "/c/{client}" + (path if path != "/" else ""),
                endpoint,
                methods=list(methods),
                include_in_schema=False,
                response_class=HTMLResponse,
            )
        return endpoint

    return register


def error_page(request: Request, status: int, title: str, detail: str) -> Response:
    """The page of an error (the hook `hhtax.web.problems` calls): one message, never a traceback."""
    try:
        return render(
            request,
            "error.html",
            status=status,
            title=title,
            detail=detail,
            busy=status == 503,
            retry_href=str(request.url.path) if request.method == "GET" else "",
        )
    except Exception:  # the error page must never fail itself
        _log.exception("error page failed")
        return HTMLResponse(f"<!doctype html><title>{status}</title><p>{status}</p>", status_code=status)

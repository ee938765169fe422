"""What the API and the pages share: the configuration, the ledger of a request, the access checks.

- `get_config(request)`: the `ServeConfig` the app was made with.
- `list_clients(config)` / `ledger_path(config, client)`: in clients mode a client is one of the
  ledgers *listed* in the folder (a `*.sqlite` file, named without the suffix, or a plain-text
  ledger directory); a name from a request is only ever compared with that listing, never joined
  into a path, so `../x`, `/etc/passwd` or `a/b` simply are not clients (404).
- `open_ledger(config, client)`: the `hhtax.Ledger`, opened for one request and closed after it
  (use it inside a plain `def` endpoint: SQLite connections belong to the thread that opened them).
- `require_api_token`: `Authorization: Bearer <token>`, compared in constant time (401 otherwise).
- `require_session`: the page cookie `hhtax_session` (HttpOnly, SameSite=Strict) set by
  `GET /login?token=…`, the link `hhtax serve` prints (401 page otherwise).
- `csrf_token(request)` / `check_csrf(request, value)`: the hidden `csrf` field of every page form,
  an HMAC of the session under the token (403 on a mismatch).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from hhtax.api import Ledger
from hhtax.errors import HhtaxError
from hhtax.i18n import msg
from hhtax.web.config import ServeConfig
from hhtax.web.problems import WebError, request_lang

SESSION_COOKIE = "hhtax_session"
SQLITE_SUFFIX = ".sqlite"
HOUSEHOLD_FILE = "household.toml"

__all__ = ["SESSION_COOKIE", "ClientRef", "check_csrf", "csrf_token", "get_config", "ledger_path",
           "list_clients", "open_ledger", "request_lang", "require_api_token", "require_session", "router"]


def get_config(request: Request) -> ServeConfig:
    """The configuration `create_app` was given."""
    config = request.app.state.config
    assert isinstance(config, ServeConfig)
    return config


Config = Annotated[ServeConfig, Depends(get_config)]


# -- ledgers ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClientRef:
    """One client of an accountant's folder: the name used in URLs and the ledger's path."""

    name: str
    path: Path


def list_clients(config: ServeConfig) -> list[ClientRef]:
    """The ledgers directly in the clients folder, sorted by name: `NAME.sqlite` files (client
    `NAME`) and plain-text ledger directories (holding household.toml). Hidden entries and
    symbolic links are left out; a name is never anything but a folder entry's own name."""
    if config.clients is None:
        return []
    found: dict[str, Path] = {}
    with os.scandir(config.clients) as listing:
        for item in listing:
            if item.name.startswith(".") or item.is_symlink():
                continue
            path = Path(item.path)
            if item.is_dir() and (path / HOUSEHOLD_FILE).is_file():
                found.setdefault(item.name, path)
            elif item.name.endswith(SQLITE_SUFFIX) and item.is_file() and len(item.name) > len(SQLITE_SUFFIX):
                name = item.name[: -len(SQLITE_SUFFIX)]
                found[name if name not in found else item.name] = path
    return [ClientRef(name, found[name]) for name in sorted(found)]


def ledger_path(config: ServeConfig, client: str | None) -> Path:
    """The ledger a request is about: the one ledger, or client `client` of the folder (404 when
    the name is not one of `list_clients`)."""
    if config.clients is None:
        if client is not None:
            raise WebError(404, "not-found", msg("web.no_client", name=client))
        assert config.ledger is not None
        return config.ledger
    if not client or any(char in client for char in "/\\\0") or client in (".", ".."):
        raise WebError(404, "not-found", msg("web.no_client", name=str(client)))
    for ref in list_clients(config):
        if ref.name == client:
            return ref.path
    raise WebError(404, "not-found", msg("web.no_client", name=client))


@contextmanager
def open_ledger(config: ServeConfig, client: str | None = None, *, write: bool = False) -> Iterator[Ledger]:
    """The request's ledger, opened now and closed when the block ends. `write=True` for a request
    that writes: the process's writers to one ledger then take turns (SQLite serialises them
    anyway), so each one's "I changed the file" mark stays its own and no needless integrity
    check runs under the write lock (`hhtax.journal.integrity`)."""
    path = ledger_path(config, client)
    lock = _keep_open(path)
    with lock if write else contextlib.nullcontext():
        ledger = Ledger.open(path, rules_file=config.rules_file)
        try:
            yield ledger
        finally:
            ledger.close()


_WRITERS: dict[str, threading.Lock] = {}
_WRITERS_LOCK = threading.Lock()


def _keep_open(path: Path) -> threading.Lock:
    """The lock the process's writers to the ledger at `path` take turns with."""
    with _WRITERS_LOCK:
        return _WRITERS.setdefault(str(path.resolve()), threading.Lock())


@contextlib.contextmanager
def kept_open(config: ServeConfig) -> Iterator[None]:
    """One idle connection to the single ledger for the life of the server (`create_app`'s
    lifespan): without it, each time the last request's connection closed, SQLite would fold and
    delete the WAL behind hhtax's back, and the next write would re-run the whole-file integrity
    check (seconds on a large ledger) while holding the write lock."""
    keeper = None
    if config.ledger is not None and config.ledger.is_file():
        from hhtax.journal.connection import check_header, open_read_only

        with contextlib.suppress(HhtaxError):  # not a SQLite ledger: each request's open says why
            check_header(config.ledger)
            keeper = open_read_only(config.ledger)
    try:
        yield
    finally:
        if keeper is not None:
            keeper.close()


# -- the API's token --------------------------------------------------------------------------------

def token_matches(config: ServeConfig, given: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), config.token.encode())


_bearer = HTTPBearer(auto_error=False, description="The content of the `.token` file `hhtax serve` keeps "
                                                    "beside the ledger (printed at start).")


def require_api_token(request: Request,
                      credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
                      ) -> None:
    """Dependency of every `/api/v1` route: `Authorization: Bearer <token>` (401 otherwise)."""
    config = get_config(request)
    if credentials is None or not credentials.credentials.strip():
        raise WebError(401, "unauthorized", msg("web.no_token"),
                       headers={"WWW-Authenticate": 'Bearer realm="hhtax"'})
    if not token_matches(config, credentials.credentials.strip()):
        raise WebError(401, "unauthorized", msg("web.bad_token"),
                       headers={"WWW-Authenticate": 'Bearer realm="hhtax", error="invalid_token"'})


# -- the pages' session -----------------------------------------------------------------------------

def _sign(config: ServeConfig, purpose: str, value: str) -> str:
    key = hashlib.sha256(b"hhtax-serve:" + config.token.encode()).digest()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def new_session(config: ServeConfig) -> str:
    """A fresh session value: a random nonce and its signature under the token."""
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_sign(config, 'session', nonce)}"


def valid_session(config: ServeConfig, value: str | None) -> bool:
    if not value or "." not in value:
        return False
    nonce, _, signature = value.partition(".")
    return hmac.compare_digest(signature.encode(), _sign(config, "session", nonce).encode())


def require_session(request: Request) -> str:
    """Dependency of every page: the session cookie, else a 401 page pointing at the sign-in link."""
    value = request.cookies.get(SESSION_COOKIE)
    if not valid_session(get_config(request), value):
        raise WebError(401, "unauthorized", msg("web.no_session"))
    assert value is not None
    return value


def csrf_token(request: Request) -> str:
    """The value of the hidden `csrf` field of a page form (bound to the session)."""
    return _sign(get_config(request), "csrf", request.cookies.get(SESSION_COOKIE, ""))


def check_csrf(request: Request, value: str | None) -> None:
    """403 unless `value` is the session's `csrf_token` (and there is a valid session)."""
    config = get_config(request)
    if not valid_session(config, request.cookies.get(SESSION_COOKIE)) or not value or not hmac.compare_digest(
            value.encode("utf-8", "replace"), csrf_token(request).encode()):
        raise WebError(403, "forbidden", msg("web.csrf"))


router = APIRouter(include_in_schema=False)


@router.get("/login")
def login(request: Request, config: Config,
          token: Annotated[str, Query(description="The access token printed by `hhtax serve`.")] = "",
          ) -> Response:
    """Sign in from the link `hhtax serve` printed: set the session cookie, go to the home page."""
    if not token_matches(config, token):
        raise WebError(401, "unauthorized", msg("web.bad_token"))
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(SESSION_COOKIE, new_session(config), httponly=True, samesite="strict", path="/")
    response.headers["Cache-Control"] = "no-store"
    return response

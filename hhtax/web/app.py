"""`create_app(config)`: the FastAPI application of `hhtax serve` (API, pages, static files)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from hhtax import __version__
from hhtax.web import deps, pages, problems
from hhtax.web.api import router as api_router
from hhtax.web.config import ServeConfig
from hhtax.web.middleware import BodyLimit, SecurityHeaders

STATIC = Path(__file__).parent / "static"
API_PREFIX = "/api/v1"

DESCRIPTION = """\
The JSON API of **hhtax**: bookkeeping, tax and e-filing for a Vietnamese household business
(hộ kinh doanh). It mirrors the Python facade `hhtax.Ledger`: append the day's sales and costs,
list the journal, see the tax assessment and the statutory books, prepare the quarter's return
(XML for eTax/HTKK and PDF) and record its filing.

**Authentication**: every request sends `Authorization: Bearer <token>`; the token is the content
of the `.token` file `hhtax serve` keeps beside the ledger (mode 0600).

**Errors** are RFC 9457 problem details (`application/problem+json`) with a stable `type`
(`urn:hhtax:problem:…`), the `message_id` and `params` of the message, and for bad input the
`file`, `line`, `field` and `value` at fault. `503 ledger-busy` comes with `Retry-After`: retry.
Texts are Vietnamese unless `?lang=en` or `Accept-Language: en`.

**Money** is whole đồng, as JSON integers (or decimal strings); never floats.
"""


def create_app(config: ServeConfig) -> FastAPI:
    """The application serving `config`'s ledger (or clients folder)."""
    app = FastAPI(title="hhtax", version=__version__, description=DESCRIPTION,
                  openapi_url=f"{API_PREFIX}/openapi.json", docs_url=None, redoc_url=None)
    app.state.config = config
    problems.install(app)
    app.include_router(deps.router)
    app.include_router(api_router, prefix=API_PREFIX)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    app.add_middleware(BodyLimit, max_body=config.max_body, max_json=config.max_json)
    app.add_middleware(SecurityHeaders, allowed_hosts=config.allowed_hosts)
    return app

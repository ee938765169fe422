"""`create_app(config)`: the FastAPI application of `hhtax serve` (API, pages, static files)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from hhtax import __version__
from hhtax.web import deps, pages, problems
from hhtax.web.api import router as api_router
from hhtax.web.api.models import ENTRY_FIELDS, ProblemOut
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
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        with deps.kept_open(config):
            yield

    app = FastAPI(title="hhtax", version=__version__, description=DESCRIPTION,
                  openapi_url=f"{API_PREFIX}/openapi.json", docs_url=None, redoc_url=None,
                  generate_unique_id_function=operation_id, lifespan=lifespan)
    app.state.config = config
    problems.install(app)
    app.include_router(deps.router)
    app.include_router(api_router, prefix=API_PREFIX)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    app.add_middleware(BodyLimit, max_body=config.max_body, max_json=config.max_json)
    app.add_middleware(SecurityHeaders, allowed_hosts=config.allowed_hosts)
    app.openapi = lambda: openapi(app)  # type: ignore[method-assign]
    return app


_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
PROBLEMS = {
    "401": {"description": "No token, or a wrong one.", "content": _PROBLEM},
    "404": {"description": "No such client, entry route or resource.", "content": _PROBLEM},
    "409": {"description": "A period filed (period-locked), or a ledger that cannot be written (ledger).",
            "content": _PROBLEM},
    "413": {"description": "The request body is over the server's limit.", "content": _PROBLEM},
    "422": {"description": "Bad input (file, line, field, value), or no return due (declaration).",
            "content": _PROBLEM},
    "503": {"description": "The ledger is busy (another request is writing): nothing was written; retry "
                           "after `Retry-After` seconds.", "content": _PROBLEM,
            "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}},
}


def operation_id(route: APIRoute) -> str:
    """`append_entries`; `client_append_entries` for the same route of a client (clients mode)."""
    return ("client_" if "{client}" in route.path else "") + route.name


def openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document of the API routes (not the pages), made once; the entries of
    `POST /entries` refer to the `Entry` schema."""
    if app.openapi_schema is None:
        document = get_openapi(title=app.title, version=app.version, description=app.description,
                               routes=app.routes)
        document["paths"] = {path: item for path, item in document["paths"].items()
                             if path.startswith(API_PREFIX + "/")}
        schemas = document["components"]["schemas"]
        schemas["AppendRequest"]["properties"]["entries"]["items"] = {"$ref": "#/components/schemas/Entry"}
        for name, field in schemas["Entry"]["properties"].items():
            field["description"] = ENTRY_FIELDS[name]
        schemas["Problem"] = ProblemOut.model_json_schema(ref_template="#/components/schemas/{model}")
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        for item in document["paths"].values():
            for operation in item.values():
                operation["responses"].update(PROBLEMS)
        app.openapi_schema = document
    return app.openapi_schema


def openapi_document() -> dict[str, Any]:
    """The API's OpenAPI document, as published in docs/api/openapi.json (it depends on no ledger)."""
    return openapi(create_app(ServeConfig(token="x" * 32, ledger=Path("ledger.sqlite"))))


def openapi_bytes() -> bytes:
    """The document as deterministic, pretty JSON (UTF-8, Vietnamese unescaped, newline-terminated)."""
    import json

    return (json.dumps(openapi_document(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


if __name__ == "__main__":  # python -m hhtax.web.app > docs/api/openapi.json
    import sys

    sys.stdout.buffer.write(openapi_bytes())

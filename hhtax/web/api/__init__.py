"""The JSON API under /api/v1, all behind the access token (`Authorization: Bearer`).

Each route of a ledger is served twice: at `/api/v1/...` for the one household of
`hhtax --ledger L serve`, and at `/api/v1/clients/{client}/...` for a client of
`hhtax serve --clients DIR` (`GET /api/v1/clients` lists them). A route of the other mode answers 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from hhtax.web.api import entries, reports, returns
from hhtax.web.api.common import client_param
from hhtax.web.api.models import ClientOut, ClientsOut
from hhtax.web.deps import Config, list_clients, require_api_token
from hhtax.web.problems import WebError

ledger_routes = APIRouter()
ledger_routes.include_router(reports.router)
ledger_routes.include_router(entries.router)
ledger_routes.include_router(returns.router)

router = APIRouter(dependencies=[Depends(require_api_token)])
router.include_router(ledger_routes)


@router.get("/clients", response_model=ClientsOut, tags=["clients"], summary="The accountant's clients")
def clients(config: Config) -> ClientsOut:
    """The ledgers of the folder `hhtax serve --clients DIR` serves (404 for a single household)."""
    from hhtax.i18n import msg

    if config.clients is None:
        raise WebError(404, "not-found", msg("web.not_found", what="/api/v1/clients"))
    return ClientsOut(clients=[ClientOut(name=ref.name, kind="text" if ref.path.is_dir() else "sqlite")
                               for ref in list_clients(config)])


router.include_router(ledger_routes, prefix="/clients/{client}", dependencies=[Depends(client_param)])

"""The home page: revenue against the threshold, the quarters' tax, overdue returns first, the next
deadline, group and method, the last filings. In clients mode `/` is the accountant's view
(`hhtax.web.pages.clients`) and each client's home is `/c/{client}/`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hhtax.web.pages import common
from hhtax.web.pages.view_home import home_view
from hhtax.web.problems import request_lang

router = APIRouter()


def home(request: Request) -> Response:
    """The household's overview (single mode `/`, clients mode `/c/{client}/`)."""
    if common.clients_mode(request) and common.client_of(request) is None:
        from hhtax.web.pages.clients import clients_page

        return clients_page(request)
    lang = request_lang(request)

    def compute() -> dict[str, Any]:
        with common.ledger_of(request) as ledger:
            return home_view(ledger, common.today(), lang)

    data = common.memo(request, "home", compute)
    title = data["household"].shop_name or data["household"].name
    return common.render(request, "home.html", active="home", title=title, **data)


common.page(router, "/")(home)
router.add_api_route("/c/{client}/", home, methods=["GET"], include_in_schema=False)

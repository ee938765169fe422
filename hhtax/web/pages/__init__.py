"""The HTML pages of `hhtax serve`: the shop owner's and the accountant's (docs/serve.md).

One module per page group: `home` (overview, and the accountant's client list in clients mode),
`entries` (record, upload, journal, reversal), `books`, `returns` (preview, download, mark filed,
supplementary), `clients` (statuses and the batch run). The `view_*` modules compute each page's data
from an `hhtax.Ledger` and import no web framework. Every page needs the session cookie of the sign-in
link (`hhtax.web.deps.require_session`); every form carries the CSRF field (`check_csrf`).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from hhtax.web.deps import require_session
from hhtax.web.pages import books, clients, entries, home, returns
from hhtax.web.pages.common import error_page

router = APIRouter(dependencies=[Depends(require_session)], include_in_schema=False)
for _module in (clients, home, entries, books, returns):
    router.include_router(_module.router)

__all__ = ["error_page", "router"]

"""The JSON API under /api/v1: one module per resource group, all behind the access token."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from hhtax.web.deps import require_api_token

router = APIRouter(dependencies=[Depends(require_api_token)])

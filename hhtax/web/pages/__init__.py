"""The HTML pages of `hhtax serve` (serve-pages fills this package: one module per page group)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

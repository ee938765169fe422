"""The structured values of rule packs (forms, the XML service block, deadlines, income bands)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FormInfo(_Strict):
    """Value of a `forms.*` rule: what a form is called and how its XML is tagged."""

    code: str = Field(min_length=1)
    ma_tkhai: str = ""
    version: str = ""
    title: str = ""
    circular: str = ""
    caption: str = ""  # printed under the title; "{threshold}" stands for the `threshold` rule of the date
    verified: bool = False
    # How a correction is filed (viewer catalogue, forms-more.md §3): "khbs" B return with the KHBS
    # appendices, "plain" B return without them (OQ-23), "replace" a new C return (no B entry).
    supplement: Literal["khbs", "plain", "replace"] = "khbs"


class ServiceInfo(_Strict):
    """Value of `xml.service`: the software block `TTinDVu` of the declaration XML."""

    ma_dvu: str
    ten_dvu: str
    pban_dvu: str
    ttin_nha_cung_cap: str


class Deadline(_Strict):
    """Value of a `deadlines.*` rule: day `day` of the month `month_offset` months after the
    period's last month (`day = 0`: that month's last day), or a `fixed` date set by a text
    (e.g. NĐ 68/2026 Art 18.1: the January–March 2026 monthly returns by 20/04/2026)."""

    month_offset: int = Field(default=0, ge=0, le=12)
    day: int = Field(default=0, ge=0, le=31)
    fixed: date | None = None


class Band(_Strict):
    """One band of `income.bands`: `rate` applies when annual revenue ≤ `up_to` (None: no limit)."""

    up_to: int | None = None
    rate: Decimal = Field(ge=0, le=1)

"""Pydantic models of a rule pack: one dated, cited value per `[[rule]]` table.

Every legal number hhtax uses (threshold, rate, deadline, form code, book set) is a `Rule`
with its validity window, the document and article it comes from (`ref`), a confidence mark
(H/M/L as in shared/law/README.md) and, where the law is unclear, the reading it rests on
(OQ-nn of shared/law/open-questions.md).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

_READING_RE = re.compile(r"^(OQ-\d{2})?$")
_NAME_RE = re.compile(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$")


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


_RATE = TypeAdapter(Decimal)
_TYPED: tuple[tuple[re.Pattern[str], TypeAdapter[Any]], ...] = (
    (
        re.compile(
            r"^(threshold|cash_payment_limit|minimum_tax\.amount|revenue_groups\.\w+|"
            r"filing\.\w+_revenue|income_method\.compulsory_above)$"
        ),
        TypeAdapter(int),
    ),
    (re.compile(r"^(groups\.\w+\.(vat_rate|pit_rate)|interest\.daily_rate|vat_cut\.reduction)$"), _RATE),
    (re.compile(r"^groups\.\w+\.(name_vi|name_en|row)$"), TypeAdapter(str)),
    (re.compile(r"^books\.required$"), TypeAdapter(dict[str, list[str]])),
    (re.compile(r"^forms\.\w+$"), TypeAdapter(FormInfo)),
    (re.compile(r"^xml\.service$"), TypeAdapter(ServiceInfo)),
    (re.compile(r"^deadlines\.\w+$"), TypeAdapter(Deadline)),
    (re.compile(r"^holidays\.\d{4}$"), TypeAdapter(list[date])),
    (re.compile(r"^income\.bands$"), TypeAdapter(list[Band])),
    (
        re.compile(r"^(income_method\.lock_years|supplementary\.window_years|einvoice\.register_within_days)$"),
        TypeAdapter(int),
    ),
    (
        re.compile(
            r"^(provisional_pit\.deduct_threshold|minimum_tax\.enabled|"
            r"leasing\.aggregate_with_business|threshold_annualise_partial_year|holidays\.move_deadlines)$"
        ),
        TypeAdapter(bool),
    ),
    (re.compile(r"^(crossing_quarter\.vat_scope|vat_cut\.main_form|rounding\.mode)$"), TypeAdapter(str)),
)


def _decimals(value: Any, key: str) -> Any:
    """Turn TOML strings under rate keys into Decimal; refuse binary floats anywhere."""
    if isinstance(value, float):
        raise ValueError(f'{key}: write decimals as strings ("0.005"), never as TOML floats')
    if isinstance(value, dict):
        return {k: _decimals(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(v, key) for v in value]
    if isinstance(value, str) and key.split(".")[-1].endswith("rate"):
        return Decimal(value)
    return value


def _plain(value: Any) -> Any:
    """A validated value as plain data: models become dicts, so readers see TOML-shaped tables."""
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class Rule(_Strict):
    """One legal value with its dates and citation."""

    name: str
    value: Any
    valid_from: date
    valid_to: date | None = None  # None: open-ended
    ref: str = Field(min_length=3)
    confidence: Literal["H", "M", "L"]
    reading: str = ""
    status: Literal["in_force", "superseded"] = "in_force"
    note: str = ""
    pack: str = ""

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME_RE.fullmatch(value):
            raise ValueError(f"bad rule name {value!r} (words of letters, digits and _ joined by dots)")
        return value

    @field_validator("reading")
    @classmethod
    def _reading(cls, value: str) -> str:
        if not _READING_RE.fullmatch(value):
            raise ValueError(f"reading must be OQ-nn, got {value!r}")
        return value

    @model_validator(mode="before")
    @classmethod
    def _typed_value(cls, data: Any) -> Any:
        if isinstance(data, dict) and "name" in data and "value" in data:
            name = str(data["name"])
            value = _decimals(data["value"], name)
            for pattern, adapter in _TYPED:
                if pattern.match(name):
                    value = _plain(adapter.validate_python(value))
                    break
            data = {**data, "value": value}
        return data

    @model_validator(mode="after")
    def _dates(self) -> Rule:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"{self.name}: valid_to is before valid_from")
        return self

    def applies_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def citation(self) -> str:
        """`ref` with the reading appended: "ND 68/2026 Art 4.3 (OQ-02)"."""
        return f"{self.ref} ({self.reading})" if self.reading else self.ref


class PackHeader(_Strict):
    """The `[pack]` table: identity and the default validity of the pack's rules."""

    id: str
    title: str = ""
    regime: Literal["A", "B", ""] = ""
    valid_from: date | None = None
    valid_to: date | None = None


class Pack(_Strict):
    """A whole TOML pack file."""

    pack: PackHeader
    rule: list[dict[str, Any]] = Field(default_factory=list)

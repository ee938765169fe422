"""The closed vocabulary of rule names: name → type → the module that reads it.

A rule pack, shipped or local, may only use the names listed here; any other name is refused
with the pack's file, line and the name (a misspelt `threshhold` must never be ignored silently).
Each name has the type its value is validated against and the module that reads it, or
`informational=True` for a value kept for people (none today). `tests/test_rules_registry.py`
proves that every name that is not informational is read by code.

`<g>`-style segments: a pattern's `*` stands for one segment of the name (`groups.*.vat_rate`
covers `groups.goods.vat_rate`); `holidays.<year>` is four digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal

from pydantic import TypeAdapter

from hhtax.rules.values import Band, Deadline, FormInfo, ServiceInfo


@dataclass(frozen=True)
class RuleName:
    """One entry of the vocabulary."""

    pattern: str  # the name; `*` is one name segment, `####` a year
    type: TypeAdapter[Any]
    reader: str = ""  # the module that reads the value
    informational: bool = False

    @cached_property
    def regex(self) -> re.Pattern[str]:  # built once per name: every rule of a pack is looked up
        parts = (r"\d{4}" if p == "####" else r"[A-Za-z0-9_]+" if p == "*" else re.escape(p)
                 for p in self.pattern.split("."))
        return re.compile(r"\.".join(parts))


_INT = TypeAdapter(int)
_RATE = TypeAdapter(Decimal)
_STR = TypeAdapter(str)
_BOOL = TypeAdapter(bool)

VOCABULARY: tuple[RuleName, ...] = (
    RuleName("threshold", _INT, "hhtax.tax.run"),
    RuleName("threshold_annualise_partial_year", _BOOL, "hhtax.tax.regime_a"),
    RuleName("cash_payment_limit", _INT, "hhtax.tax.engine"),
    RuleName("groups.*.vat_rate", _RATE, "hhtax.tax.groups"),
    RuleName("groups.*.pit_rate", _RATE, "hhtax.tax.groups"),
    RuleName("groups.*.row", _STR, "hhtax.tax.groups"),
    RuleName("groups.*.name_vi", _STR, "hhtax.tax.groups"),
    RuleName("groups.*.name_en", _STR, "hhtax.tax.groups"),
    RuleName("revenue_groups.g2_max", _INT, "hhtax.tax.groups"),
    RuleName("revenue_groups.g3_max", _INT, "hhtax.tax.groups"),
    RuleName("income.bands", TypeAdapter(list[Band]), "hhtax.tax.groups"),
    RuleName("income_method.compulsory_above", _INT, "hhtax.tax.regime_b"),
    RuleName("income_method.lock_years", _INT, "hhtax.tax.regime_b"),
    RuleName("provisional_pit.deduct_threshold", _BOOL, "hhtax.tax.regime_b"),
    RuleName("crossing_quarter.vat_scope", TypeAdapter(Literal["cumulative", "from_crossing_quarter"]),
             "hhtax.tax.regime_b"),
    RuleName("deduction.reaches_platform_revenue", _BOOL, "hhtax.tax.platform"),
    RuleName("deduction.order", TypeAdapter(Literal["highest_rate_first", "declared_order"]),
             "hhtax.tax.regime_b"),
    RuleName("minimum_tax.enabled", _BOOL, "hhtax.tax.income"),
    RuleName("minimum_tax.amount", _INT, "hhtax.tax.income"),
    RuleName("einvoice.register_within_days", _INT, "hhtax.tax.deadlines"),
    RuleName("leasing.aggregate_with_business", _BOOL, "hhtax.tax.real_estate"),
    RuleName("real_estate.threshold", _INT, "hhtax.tax.real_estate"),
    RuleName("real_estate.deduction", _INT, "hhtax.tax.real_estate"),
    RuleName("real_estate.vat_rate", _RATE, "hhtax.tax.real_estate"),
    RuleName("real_estate.pit_rate", _RATE, "hhtax.tax.real_estate"),
    RuleName("platform.withholding", _BOOL, "hhtax.tax.engine"),
    RuleName("vat_cut.reduction", _RATE, "hhtax.tax.run"),
    RuleName("vat_cut.main_form", TypeAdapter(Literal["net", "gross"]), "hhtax.tax.run"),
    RuleName("filing.monthly_above_revenue", _INT, "hhtax.tax.basis"),
    RuleName("filing.quarterly_max_prior_revenue", _INT, "hhtax.tax.regime_a"),
    RuleName("deadlines.*", TypeAdapter(Deadline), "hhtax.tax.deadlines"),
    RuleName("holidays.move_deadlines", _BOOL, "hhtax.tax.deadlines"),
    RuleName("holidays.####", TypeAdapter(list[date]), "hhtax.tax.deadlines"),
    RuleName("interest.daily_rate", _RATE, "hhtax.tax.interest"),
    RuleName("supplementary.window_years", _INT, "hhtax.declarations.supplementary"),
    RuleName("books.required", TypeAdapter(dict[str, list[str]]), "hhtax.books.selection"),
    RuleName("forms.*", TypeAdapter(FormInfo), "hhtax.declarations.xml_reader"),
    RuleName("xml.service", TypeAdapter(ServiceInfo), "hhtax.declarations.build"),
    RuleName("budget.sub_item.*", _STR, "hhtax.declarations.build"),
    RuleName("budget.section.pit", _STR, "hhtax.declarations.build_qtt"),
    RuleName("budget.chapter", _STR, "hhtax.declarations.build"),
    RuleName("rounding.mode", TypeAdapter(Literal["half_up", "half_even"]), "hhtax.tax.engine"),
)


def lookup(name: str) -> RuleName | None:
    """The vocabulary entry for `name` (exact names before patterns), or None when it is unknown."""
    for entry in VOCABULARY:
        if entry.pattern == name:
            return entry
    for entry in VOCABULARY:
        if entry.regex.fullmatch(name):
            return entry
    return None


def known_names() -> list[str]:
    """The patterns of the vocabulary, for messages and `docs/rules.md`."""
    return [entry.pattern for entry in VOCABULARY]

"""The dates hhtax supports: one fact, derived from the rule packs, checked at input.

An entry can be assessed only on dates where the rule packs say what the law is. The range starts
on the first day the `threshold` rule (the first figure every assessment needs, TT 40/2021 Art 4.2)
is in force, and ends on 31 December of the last year whose public holidays the packs list
(`holidays.YYYY`): filing deadlines move with holidays (Law 108/2025 Art 44, OQ-20), so a later
year's deadlines cannot be computed. A `--rules` pack that adds years extends the range.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from hhtax.rules.book import RuleBook
from hhtax.rules.loader import load_rules


def supported_dates(rules: RuleBook | None = None) -> tuple[date, date]:
    """(first, last) date an entry may carry under `rules` (default: the shipped packs)."""
    if rules is None:
        return _shipped()
    starts = [rule.valid_from for rule in rules.history("threshold") if rule.status == "in_force"]
    years = [int(name.rsplit(".", 1)[1]) for name in rules.names() if name.startswith("holidays.")
             and name.rsplit(".", 1)[1].isdigit()]
    if not starts or not years:
        return date.min, date.max
    return min(starts), date(max(years), 12, 31)


@lru_cache(maxsize=1)
def _shipped() -> tuple[date, date]:
    return supported_dates(load_rules())

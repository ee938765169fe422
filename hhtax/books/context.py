"""The inputs of one book build, shared by the book families: ledger, period, rules, layout and
the engine's assessment of the period (computed once, only for the books that print tax)."""

from __future__ import annotations

from dataclasses import dataclass, field

from hhtax.books.layout import Layout
from hhtax.journal import Ledger
from hhtax.model import Household
from hhtax.periods import Period
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment


@dataclass
class BuildContext:
    layout: Layout
    ledger: Ledger
    period: Period
    rules: RuleBook
    summary: str | None = None
    _assessment: Assessment | None = field(default=None, repr=False)

    @property
    def household(self) -> Household:
        return self.ledger.household

    @property
    def daily(self) -> bool:
        return self.summary is not None

    def assessment(self) -> Assessment:
        """The engine's assessment of the period (`hhtax.ledger_tax.assess_ledger`), cached."""
        if self._assessment is None:
            from hhtax.ledger_tax import assess_ledger

            self._assessment = assess_ledger(self.ledger, self.period, self.rules)
        return self._assessment

    def line_groups(self) -> dict[str, str]:
        """Business line id → industry group code."""
        return {line.id: line.group.value for line in self.household.lines}


"""The 1 bn deduction of the revenue method, used cumulatively period by period (reading OQ-02).

ND 68/2026 Art 4.3 (CV 1410/CT-CS §1.2): the threshold amount is deducted once a year across all
lines and locations, "theo phương án có lợi nhất"; what the chosen lines cannot use passes to
the others. hhtax applies the balance still available in each period to that period's revenue,
in the order the rule `deduction.order` names: `highest_rate_first` (the default reading OQ-02;
ties: head office, then locations and lines in declared order) or `declared_order`; or it follows
the household's `deduction_plan`; a planned line's unused amount passes to the other lines in the
last period of the year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Claimant:
    """A line that may use the deduction in a period, in priority order."""

    line: str
    rate: Decimal
    revenue: int  # revenue declared for PIT in the period


@dataclass
class DeductionState:
    """What is left of the year's deduction: a shared pool plus planned per-line budgets."""

    pool: int
    planned: dict[str, int] = field(default_factory=dict)

    @classmethod
    def start(cls, amount: int, plan: Mapping[str, int]) -> DeductionState:
        """The state on 01/01: `plan` (line → amount, OQ-02 override) is capped at `amount`."""
        planned: dict[str, int] = {}
        left = amount
        for line, value in plan.items():
            take = min(value, left)
            planned[line] = take
            left -= take
        return cls(pool=left, planned=planned)

    @property
    def left(self) -> int:
        return self.pool + sum(self.planned.values())


def priority(claimants: Sequence[Claimant], order: str = "highest_rate_first") -> list[Claimant]:
    """The order lines use the deduction (rule `deduction.order`, OQ-02): highest PIT rate first, or
    as declared; `claimants` come in declared order (head office lines first), which breaks ties.

    >>> lines = [Claimant("shop", Decimal("0.005"), 1), Claimant("cafe", Decimal("0.015"), 1)]
    >>> [c.line for c in priority(lines)], [c.line for c in priority(lines, "declared_order")]
    (['cafe', 'shop'], ['shop', 'cafe'])
    """
    if order == "declared_order":
        return list(claimants)
    return sorted(claimants, key=lambda c: -c.rate)


def allocate(state: DeductionState, claimants: Sequence[Claimant], *, last_period: bool,
             order: str = "highest_rate_first") -> dict[str, int]:
    """Deduction used by each line in one period; `state` is updated in place."""
    used = {c.line: 0 for c in claimants}
    ordered = priority(claimants, order)
    for claimant in ordered:
        budget = state.planned.get(claimant.line, 0)
        take = max(0, min(budget, claimant.revenue))
        if take:
            state.planned[claimant.line] = budget - take
            used[claimant.line] += take
    if last_period:
        state.pool += sum(state.planned.values())
        state.planned = {line: 0 for line in state.planned}
    for claimant in ordered:
        if claimant.line in state.planned and not last_period:
            continue
        take = max(0, min(state.pool, claimant.revenue - used[claimant.line]))
        if take:
            state.pool -= take
            used[claimant.line] += take
    return used

"""Late-payment interest: 0.03 % a day on tax paid late (Law 38/2019/QH14 Art 59; Law 108/2025/QH15
Art 16 from 01/07/2026), from the day after the due date to the day before payment, rounded half-up
once per tax and period (reading OQ-10). The daily rate is a dated rule-pack value (`interest.daily_rate`).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hhtax.money import round_half_up
from hhtax.rules import RuleBook
from hhtax.tax import formulas as F
from hhtax.tax.assessment import Figure


def late_interest(amount: int, due: date, paid: date, rules: RuleBook) -> Figure:
    """Interest on `amount` due on `due` and paid on `paid` (days counted: due+1 … paid−1)."""
    first = due + timedelta(days=1)
    last = paid - timedelta(days=1)
    days = max((last - first).days + 1, 0)
    if days == 0 or amount <= 0:
        return Figure(
            name="late_interest",
            value=0,
            formula=F.INTEREST,
            inputs={"amount": amount, "days": 0},
            ref="Law 38/2019/QH14 Art 59",
        )
    total_rate = Decimal(0)
    refs: list[str] = []
    spans: list[str] = []
    day = first
    while day <= last:
        rule = rules.get("interest.daily_rate", day)
        end = min(last, rule.valid_to) if rule.valid_to is not None else last
        span = (end - day).days + 1
        total_rate += rule.value * span
        if rule.citation() not in refs:
            refs.append(rule.citation())
        spans.append(f"{day.isoformat()}..{end.isoformat()}: {span} × {rule.value}")
        day = end + timedelta(days=1)
    exact = Decimal(amount) * total_rate
    inputs: dict[str, int | str | Decimal] = {
        "amount": amount,
        "days": days,
        "from": first.isoformat(),
        "to": last.isoformat(),
    }
    if len(spans) > 1:
        inputs["spans"] = "; ".join(spans)
    else:
        inputs["daily_rate"] = total_rate / days
    return Figure(
        name="late_interest",
        value=round_half_up(exact),
        formula=F.INTEREST,
        inputs=inputs,
        ref="; ".join(refs),
        reading="OQ-20",
        exact=exact,
    )

"""The income method's year (Law 109/2025 Art 7.2; NĐ 68/2026 Art 4.5.b, 6, 10.2.b): deductible costs
with exclusions reported, the finalisation figure and what is left to pay; and the OQ-15 minimum."""

from __future__ import annotations

from decimal import Decimal

from hhtax.money import format_vnd, round_half_up
from hhtax.periods import PeriodKind
from hhtax.tax import formulas as F
from hhtax.tax import messages as msg
from hhtax.tax.assessment import Assessment, CostLine, Figure
from hhtax.tax.costs import cost_lines, excluded_by_reason
from hhtax.tax.groups import income_rate
from hhtax.tax.run import Run, replace_result

COGS_REF = "NĐ 68/2026/NĐ-CP Art 6.1.a, 18.4; TT 152/2025/TT-BTC Art 6 (S2c-HKD row 2a, S2d-HKD)"


def goods_sold(run: Run, costs: tuple[CostLine, ...]) -> tuple[tuple[CostLine, ...], Figure | None]:
    """The goods cost as the cost of goods sold: opening stock + purchases − closing stock, the stock
    valued by the household's method (ND 68/2026 Art 6.1.a; the stock at 31/12/2025 on 01/BK-HTK is the
    2026 opening stock, Art 18.4). Purchases excluded under Art 6.1, 6.2 stay excluded. Without stock
    entries the goods cost is the period's purchases, and a warning says so."""
    goods = next((c for c in costs if c.category == "goods"), None)
    purchases = goods.total if goods is not None else 0
    stock = run.stock
    if stock is None:
        if purchases:
            run.warn(
                "goods_cost",
                "no stock is recorded: the goods cost is the purchases of the period; record the opening "
                "stock (01/BK-HTK) and the items bought and sold to deduct the cost of goods sold",
                "sổ không ghi hàng tồn kho: chi phí hàng hóa là hàng mua vào trong kỳ; ghi tồn kho đầu kỳ "
                "(01/BK-HTK) và hàng nhập, xuất để trừ giá vốn hàng bán",
                ref=COGS_REF,
            )
        return costs, None
    sold = stock.opening + purchases - stock.closing
    excluded = dict(goods.excluded) if goods is not None else {}
    figure = Figure(
        name="goods_cost",
        value=sold,
        formula=F.GOODS_SOLD,
        inputs={
            "opening_stock": stock.opening,
            "purchases": purchases,
            "closing_stock": stock.closing,
            "valuation": stock.method.value,
        },
        ref=COGS_REF,
    )
    line = CostLine(category="goods", total=sold, deductible=sold - sum(excluded.values()), excluded=excluded)
    others = tuple(c for c in costs if c.category != "goods")
    return (line, *others), figure


def income_method(run: Run, result: Assessment, basis: int) -> Assessment:
    """Costs, and for a year the finalisation figures (ND 68/2026 Art 4.5.b, 6, 10.2.b; OQ-14)."""
    months = list(range(run.period.first_month, run.period.last_month + 1))
    costs, goods_cost = goods_sold(run, cost_lines(run.facts, months))
    deductible = sum(c.deductible for c in costs)
    ded_fig = Figure(
        name="deductible_costs",
        value=deductible,
        formula=F.DEDUCTIBLE_COSTS,
        inputs={c.category: c.deductible for c in costs},
        ref="NĐ 68/2026/NĐ-CP Art 6.1",
    )
    for reason, amount in excluded_by_reason(costs).items():
        run.warn(
            "cost_excluded",
            f"costs excluded ({msg.REASON_EN[reason]}): {format_vnd(amount)}",
            f"chi phí không được trừ ({msg.REASON_VI[reason]}): {format_vnd(amount)}",
            ref=msg.EXCLUSION_REFS[reason],
            amount=amount,
        )
    revenue = run.facts.revenue(months)
    rate, rate_ref = income_rate(basis, run.rules, run.on)
    income = revenue - deductible
    income_fig = Figure(
        name="taxable_income",
        value=income,
        formula=F.TAXABLE_INCOME,
        inputs={"revenue": revenue, "deductible_costs": deductible},
        ref="Law 109/2025/QH15 Art 7.2",
    )
    changes: dict[str, object] = {
        "goods_cost": goods_cost,
        "costs": costs,
        "deductible_costs": ded_fig,
        "taxable_income": income_fig,
        "income_rate": rate,
    }
    if run.period.kind is PeriodKind.YEAR:
        if income < 0:
            run.warn(
                "OQ-14",
                f"loss of {format_vnd(-income)}: PIT 0, no carry-forward",
                f"lỗ {format_vnd(-income)}: thuế TNCN bằng 0, không chuyển lỗ",
                ref="Law 109/2025/QH15 Art 7.2",
                amount=income,
            )
        exact = Decimal(max(income, 0)) * rate
        pit = Figure(
            name="pit",
            value=round_half_up(exact),
            formula=F.INCOME_PIT,
            inputs={"taxable_income": income, "income_rate": rate, "year_revenue": basis},
            ref=f"{rate_ref}; NĐ 68/2026/NĐ-CP Art 10.2.b (finalisation)",
            reading="OQ-14" if income < 0 else "",
            exact=exact,
        )
        provisional = Figure(
            name="provisional_pit",
            value=result.pit.value,
            formula=F.PROVISIONAL_SUM,
            inputs=dict(result.pit.inputs),
            ref="NĐ 68/2026/NĐ-CP Art 10.2.b",
            reading="OQ-03",
        )
        due = pit.value - provisional.value - result.withheld_pit
        final = Figure(
            name="finalisation_due",
            value=due,
            formula=F.FINALISATION_DUE,
            inputs={
                "pit": pit.value,
                "provisional_pit": provisional.value,
                "withheld_pit": result.withheld_pit,
            },
            ref="NĐ 68/2026/NĐ-CP Art 10.2.b, 11.3 (no late-payment interest on the top-up)",
        )
        payable = Figure(
            name="payable",
            value=result.vat.value + pit.value,
            formula=F.PAYABLE,
            inputs={"vat": result.vat.value, "pit": pit.value},
            ref=result.payable.ref,
        )
        changes.update(pit=pit, provisional_pit=provisional, finalisation_due=final, payable=payable)
    else:
        provisional = Figure(
            name="provisional_pit",
            value=result.pit.value,
            formula=result.pit.formula,
            inputs=dict(result.pit.inputs),
            ref="NĐ 68/2026/NĐ-CP Art 10.2.b",
            reading="OQ-03",
        )
        changes["provisional_pit"] = provisional
    return replace_result(result, changes, run)


def minimum_tax(run: Run, result: Assessment) -> Assessment:
    """OQ-15: a year's tax ≤ `minimum_tax.amount` is exempt only when `minimum_tax.enabled` (default
    false, TT 89/2026 Art 66 [L]); otherwise a warning names the reading."""
    rule = run.rules.find("minimum_tax.amount", run.on)
    if rule is None or run.period.kind is not PeriodKind.YEAR:
        return result
    total = result.vat.value + result.pit.value
    if not 0 < total <= int(rule.value):
        return result
    enabled = run.rules.find("minimum_tax.enabled", run.on)
    if enabled is not None and enabled.value:
        run.warn(
            "OQ-15",
            f"the year's tax {format_vnd(total)} is ≤ {format_vnd(int(rule.value))}: exempt",
            f"tổng thuế năm {format_vnd(total)} ≤ {format_vnd(int(rule.value))}: được miễn",
            ref=rule.citation(),
        )
        zero = {"vat": 0, "pit": 0}
        changes: dict[str, object] = {
            name: Figure(
                name=name,
                value=0,
                formula=F.EXEMPT_MINIMUM,
                inputs={"tax": total},
                ref=rule.citation(),
                reading="OQ-15",
            )
            for name in (*zero, "payable")
        }
        return replace_result(result, changes, run)
    run.warn(
        "OQ-15",
        f"the year's tax {format_vnd(total)} is ≤ {format_vnd(int(rule.value))}: a "
        "single unverified source exempts it; not applied",
        f"tổng thuế năm {format_vnd(total)} ≤ "
        f"{format_vnd(int(rule.value))}: một nguồn chưa kiểm chứng miễn khoản này; chưa áp dụng",
        ref=rule.citation(),
    )
    return replace_result(result, {}, run)

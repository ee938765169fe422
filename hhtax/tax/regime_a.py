"""Regime A (tax periods to 31/12/2025, TT 40/2021/TT-BTC): VAT and PIT as % of ALL revenue per
industry group when the calendar year's revenue exceeds 100 m (Art 4.2, 10, App. I); rows [28]–[31];
leasing on 01/TTS beside and agents withheld by the enterprise (reading OQ-19)."""

from __future__ import annotations

from decimal import Decimal

from hhtax.model import BusinessLine, Filing
from hhtax.money import format_vnd, round_half_up
from hhtax.periods import PeriodKind
from hhtax.tax import formulas as F
from hhtax.tax import messages as msg
from hhtax.tax.assessment import Assessment, Figure, FormCode, Frequency, Group, PeriodRow
from hhtax.tax.costs import cost_lines
from hhtax.tax.rows import LineBase
from hhtax.tax.run import LineSums, Run, kind_en, replace_result


def assess_regime_a(run: Run) -> Assessment:
    """Assess a regime-A period: the 100 m test on the calendar year, then VAT and PIT % of revenue per line
    and filing period (TT 40/2021 Art 4.2, 10, App. I; rounding OQ-10)."""
    year_fig = year_revenue_a(run)
    year_rev = year_fig.value
    taxable = year_rev > run.threshold
    run.readings.add("OQ-18")
    run.readings.add("OQ-10")
    monthly = run.household.filing == Filing.MONTHLY
    subs = run.sub_periods(monthly)
    sums = {line.id: LineSums() for line in run.household.lines}
    schedule: list[PeriodRow] = []
    for sub in subs:
        months = list(range(sub.first_month, sub.last_month + 1))
        bases = [line_base_a(run, line, months, taxable) for line in run.household.lines]
        revenue, vat, pit = run.settle(sub, bases, sums)
        schedule.append(
            PeriodRow(
                period=sub, declared=taxable, revenue=revenue, vat=vat, deduction=0, pit=pit, deduction_left=0
            )
        )
    if any(line.group.value == "leasing" for line in run.household.lines):
        run.warn(
            "OQ-19",
            "leasing revenue is declared on 01/TTS (TT 40 Art 8), beside 01/CNKD; its VAT and "
            "PIT are included in the totals",
            "doanh thu cho thuê tài sản khai trên mẫu 01/TTS (TT 40 "
            "Điều 8), ngoài 01/CNKD; thuế GTGT và TNCN đã gồm trong tổng",
            ref="TT 40/2021/TT-BTC Art 8",
        )
    if agent_lines(run):
        run.warn(
            "OQ-19",
            "agent commissions are withheld by the enterprise (TT 40 Art 9): nothing is declared on 01/CNKD",
            "hoa hồng đại lý do doanh nghiệp khấu trừ (TT 40 Điều 9): không khai trên 01/CNKD",
            ref="TT 40/2021/TT-BTC Art 9",
        )
    filing, note, frequency = filing_a(run, taxable, monthly)
    group: Group = "taxable" if taxable else "exempt"
    if not taxable:
        run.warn(
            "exempt",
            f"calendar-year revenue {format_vnd(year_rev)} ≤ {format_vnd(run.threshold)}: no VAT, no PIT",
            f"doanh thu năm {format_vnd(year_rev)} ≤ {format_vnd(run.threshold)}: không "
            "phải nộp thuế GTGT, TNCN",
            ref=run.threshold_rule.citation(),
        )
    result = run.build(group, "declaration", sums, year_fig, schedule, filing, note, frequency)
    own = range(run.period.first_month, run.period.last_month + 1)
    return replace_result(result, {"costs": cost_lines(run.facts, own)}, run)


def line_base_a(run: Run, line: BusinessLine, months: list[int], taxable: bool) -> LineBase:
    """A line's bases in one filing period: all revenue when the year is taxable, agents excepted
    (withheld by the enterprise, TT 40/2021 Art 9); rows [28]–[31] by group (OQ-10)."""
    rates = run.rates[line.id]
    vat_key = run.row_key(line, rates.vat_rate)
    pit_key = run.row_key(line, rates.pit_rate)
    if not taxable or line.group.value == "agent":
        return LineBase(line=line.id, vat_key=vat_key, pit_key=pit_key)
    declared, cut, reduction = run.vat_base(line, months)
    return LineBase(
        line=line.id,
        vat_key=vat_key,
        pit_key=pit_key,
        vat_revenue=declared,
        cut_revenue=cut,
        reduction=reduction,
        pit_revenue=declared,
    )


def year_revenue_a(run: Run) -> Figure:
    """The calendar year's revenue for the 100 m test (TT 40 Art 4.2): actual revenue, agents excluded;
    leasing that ran part of the year annualised to 12 months (TT 40 Art 8.2.c; reading OQ-18)."""
    agents = agent_lines(run)
    leasing = {line.id for line in run.household.lines if line.group.value == "leasing"}
    other = sum(v.revenue for (ln, _m), v in run.facts.lines.items() if ln not in agents | leasing)
    lease = sum(v.revenue for (ln, _m), v in run.facts.lines.items() if ln in leasing)
    months = len({m for (ln, m), v in run.facts.lines.items() if ln in leasing and v.revenue})
    inputs: dict[str, int | str | Decimal] = {"revenue": other}
    annualised = lease
    formula = F.YEAR_REVENUE_AGENTS
    if lease:
        annualised = round_half_up(Decimal(lease) * 12 / months) if months < 12 else lease
        inputs.update({"leasing_revenue": lease, "leasing_months": months})
        formula = F.YEAR_REVENUE_LEASING
    return Figure(
        name="year_revenue",
        value=other + annualised,
        formula=formula,
        inputs=inputs,
        ref="TT 40/2021/TT-BTC Art 4.2, 8.2.c",
        reading="OQ-18",
    )


def agent_lines(run: Run) -> set[str]:
    """Lines of lottery, insurance and MLM agents, whose tax the enterprise withholds (TT 40/2021 Art 9)."""
    return {line.id for line in run.household.lines if line.group.value == "agent"}


def filing_a(run: Run, taxable: bool, monthly: bool) -> tuple[FormCode, msg.Note, Frequency]:
    """The form due, or why none is (Law 38/2019 Art 44; ND 126/2020 Art 9), and the filing frequency."""
    frequency: Frequency = "monthly" if monthly else "quarterly"
    if not taxable:
        return "", msg.note(msg.NOTHING_EXEMPT_A, threshold=format_vnd(run.threshold)), ""
    if run.period.kind in (PeriodKind.YEAR, PeriodKind.HALF):
        return "", msg.NO_ANNUAL_A, frequency
    if kind_en(run.period) != frequency:
        return "", msg.frequency_note(kind_en(run.period), frequency), frequency
    return "01/CNKD", msg.NO_NOTE, frequency

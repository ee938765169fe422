"""Regime B (tax periods from 01/01/2026, NĐ 68/2026/NĐ-CP as amended by NĐ 141/2026/NĐ-CP): groups
G1–G4 (Art 3, 4, 8), the PIT method and its lock (Art 4.5), the 1 bn deduction used cumulatively by
period (Art 4.3, reading OQ-02), the crossing period (Art 8.1.a, 9.2, reading OQ-01) and the filing due."""

from __future__ import annotations

from dataclasses import dataclass

from hhtax.model import BusinessLine, PitMethod
from hhtax.money import format_vnd
from hhtax.periods import Period, PeriodKind
from hhtax.tax import messages as msg
from hhtax.tax.assessment import Assessment, FormCode, Frequency, Method, PeriodRow
from hhtax.tax.basis import DutyBasis, duty_basis, files_monthly
from hhtax.tax.deadlines import due_date, einvoice_registration
from hhtax.tax.deduction import Claimant, DeductionState, allocate
from hhtax.tax.groups import RevenueGroup, year_group
from hhtax.tax.income import income_method, minimum_tax
from hhtax.tax.platform import platform_deduction
from hhtax.tax.rows import LineBase
from hhtax.tax.run import LineSums, Run, kind_en, method_of, replace_result


@dataclass
class YearPlan:
    """What a regime-B assessment decides once for the year before the filing periods."""

    group: RevenueGroup  # ND 68/2026 Art 3, 4, 8
    method: Method  # Art 4.5
    crossing: Period | None  # the filing period in which revenue passed the threshold (OQ-01)
    scope: str  # crossing_quarter.vat_scope: "cumulative" | "period"
    deduct: bool  # period PIT uses the 1 bn deduction (Art 4.3; OQ-03 for provisional PIT)
    state: DeductionState  # what is left of the 1 bn (OQ-02)


def assess_regime_b(run: Run) -> Assessment:
    """Assess a regime-B period: group, method, crossing, and per filing period VAT and PIT with the 1 bn
    deduction (NĐ 68/2026 Art 3, 4, 8–10; readings OQ-01, OQ-02, OQ-03, OQ-10, OQ-12)."""
    duty, year_fig = duty_basis(run)  # OQ-28: the estimate, else the prior year, else revenue to date
    actual, basis, prior = duty.recorded, duty.revenue, run.household.prior_year_revenue
    group = year_group(basis, run.rules, run.on)
    method = chosen_method(run, group, prior)
    monthly = files_monthly(run, duty, group)
    subs = run.sub_periods(monthly)
    plan = YearPlan(
        group=group,
        method=method,
        crossing=crossing_period(run, subs, group, duty),
        scope=str(run.rules.value("crossing_quarter.vat_scope", run.on)),
        deduct=provisional_deducts(run, method),
        state=DeductionState.start(run.threshold, run.household.deduction_plan),
    )
    if run.household.deduction_plan:
        run.warn(
            "OQ-02",
            "the household's deduction_plan allocates the 1 bn deduction",
            "khoản giảm trừ 1 tỷ được phân bổ theo deduction_plan của hộ",
            ref="NĐ 68/2026/NĐ-CP Art 4.3",
        )
    sums = {line.id: LineSums() for line in run.household.lines}
    schedule = [sub_period(run, plan, sub, sums) for sub in subs]
    year_warnings(run, plan, basis, actual)
    reached = platform_deduction(run, plan.state.left) if plan.deduct and method == "revenue" else 0
    filing, note, frequency = filing_b(run, group, method, monthly, plan.crossing, schedule)
    result = run.build(
        group,
        method,
        sums,
        year_fig,
        schedule,
        filing,
        note,
        frequency,
        crossing=plan.crossing is not None
        and plan.crossing.start >= run.period.start
        and plan.crossing.end <= run.period.end,
        deduction_left=schedule[-1].deduction_left if schedule else run.threshold,
        period_deduction=sum(s.deduction for s in sums.values()),
    )
    if reached:
        result = replace_result(result, {"platform_overpaid_pit": reached}, run)
    if method == "income" and group != "G1":
        result = income_method(run, result, basis)
    return minimum_tax(run, result)


def chosen_method(run: Run, group: RevenueGroup, prior: int | None) -> Method:
    """The PIT method the law gives (`method_b`), or the what-if method of `compare`, said in a warning."""
    method = method_b(run, group, prior)
    if run.what_if is not None and run.what_if != method:
        run.warn(
            "what_if",
            f"what-if: the {run.what_if} method computed although the {method} method applies",
            f"giả định: tính theo phương pháp {run.what_if} dù phải áp dụng phương pháp {method}",
            ref="NĐ 68/2026/NĐ-CP Art 4.5",
        )
        return run.what_if
    return method


def sub_period(run: Run, plan: YearPlan, sub: Period, sums: dict[str, LineSums]) -> PeriodRow:
    """One filing period of the year: what is declared, the deduction it uses, its rows rounded once
    (ND 68/2026 Art 4.3, 8.1.a, 9.2; OQ-01, OQ-02, OQ-10)."""
    declared = plan.group != "G1" and (plan.crossing is None or sub.start >= plan.crossing.start)
    months = list(range(sub.first_month, sub.last_month + 1))
    pit_months = vat_months = months
    if sub == plan.crossing:  # the first return declares revenue from 01/01 (OQ-01)
        pit_months = list(range(1, sub.last_month + 1))
        vat_months = pit_months if plan.scope == "cumulative" else months
    pit_rev = {
        line.id: sum(
            run.facts.line_month(line.id, m).revenue - run.facts.line_month(line.id, m).withheld
            for m in pit_months
        )
        if declared
        else 0
        for line in run.household.lines
    }
    used = dict.fromkeys(pit_rev, 0)
    if declared and plan.deduct:
        claimants = [Claimant(line.id, run.rates[line.id].pit_rate, pit_rev[line.id]) for line in run.order]
        used = allocate(plan.state, claimants, last_period=sub.index == 12 // sub.kind.months)
    if declared and run.period.start <= sub.start:
        negative_warnings(run, sub, pit_rev)
    bases = [
        line_base_b(run, plan, line, vat_months if declared else [], pit_rev[line.id], used[line.id])
        for line in run.household.lines
    ]
    revenue, vat, pit = run.settle(sub, bases, sums)
    return PeriodRow(
        period=sub,
        declared=declared,
        revenue=revenue,
        vat=vat,
        deduction=sum(used.values()),
        pit=pit,
        deduction_left=plan.state.left if plan.deduct else run.threshold,
    )


def line_base_b(
    run: Run, plan: YearPlan, line: BusinessLine, vat_months: list[int], pit_revenue: int, deduction: int
) -> LineBase:
    """A line's bases in one filing period; TT 18 rows per group and place, the income method's PIT on
    the head office's row (ND 68/2026 Art 8.4.b; OQ-10)."""
    rates = run.rates[line.id]
    declared, cut, reduction = run.vat_base(line, vat_months)
    return LineBase(
        line=line.id,
        vat_key=run.row_key(line, rates.vat_rate),
        pit_key=run.row_key(line, rates.pit_rate, head_office=plan.method == "income"),
        vat_revenue=declared,
        cut_revenue=cut,
        reduction=reduction,
        pit_revenue=pit_revenue,
        deduction=deduction,
    )


def negative_warnings(run: Run, sub: Period, pit_rev: dict[str, int]) -> None:
    """Returns above sales in a filing period are reported as they are (ND 68/2026 Art 5.1)."""
    for line, amount in pit_rev.items():
        if amount < 0:
            run.warn(
                "negative_revenue",
                f"{sub} line {line}: returns exceed sales ({format_vnd(amount)}); reported as is",
                f"{sub} ngành {line}: hàng trả lại vượt doanh thu ({format_vnd(amount)}); ghi nguyên số",
                ref="NĐ 68/2026/NĐ-CP Art 5.1",
                amount=amount,
            )


def year_warnings(run: Run, plan: YearPlan, basis: int, actual: int) -> None:
    """What the year's figures rest on: the crossing (OQ-01), the deduction (OQ-02), G1, platform sales
    and the revenue method's 3 bn limit (OQ-11)."""
    if plan.crossing is not None:
        run.warn(
            "OQ-01",
            f"cumulative revenue passed {format_vnd(run.threshold)} in {plan.crossing}: the "
            f"first return ({plan.crossing}) declares revenue from 01/01 (VAT scope: {plan.scope}); no "
            "return and no interest for the earlier periods",
            f"doanh thu lũy kế vượt "
            f"{format_vnd(run.threshold)} trong kỳ {plan.crossing}: tờ khai đầu tiên khai doanh thu từ "
            "01/01; các kỳ trước không khai, không tính tiền chậm nộp",
            ref="NĐ 68/2026/NĐ-CP Art 8.1.a, 9.2",
        )
        einvoice_warning(run, plan.crossing)
    if plan.group != "G1" and plan.deduct:
        run.readings.add("OQ-02")
    run.readings.add("OQ-10")
    if plan.group == "G1":
        run.warn(
            "G1",
            f"annual revenue {format_vnd(basis)} ≤ {format_vnd(run.threshold)}: no VAT, no PIT; "
            "revenue notice only",
            f"doanh thu năm {format_vnd(basis)} ≤ {format_vnd(run.threshold)}: "
            "không nộp thuế GTGT, TNCN; chỉ thông báo doanh thu",
            ref=run.threshold_rule.citation(),
        )
    platform_warnings(run, plan.group)
    if plan.method == "revenue" and plan.group != "G1":
        revenue_method_warnings(run, actual)


def method_b(run: Run, group: RevenueGroup, prior: int | None) -> Method:
    """The PIT method (ND 68/2026 Art 4.5): chosen in G2, income method above 3 bn, 2-year lock."""
    chosen = run.household.pit_method
    g2_max = int(run.rules.value("income_method.compulsory_above", run.on))
    lock = run.rules.get("income_method.lock_years", run.on)
    if chosen == PitMethod.INCOME and run.household.pit_method_since is not None:
        until = run.household.pit_method_since + int(lock.value) - 1
        if run.period.year <= until:
            run.warn(
                "method_lock",
                f"income method chosen in {run.household.pit_method_since}: kept through {until}",
                f"phương pháp thu nhập chọn từ {run.household.pit_method_since}: giữ đến hết năm {until}",
                ref=lock.citation(),
            )
    if group in ("G3", "G4") and chosen == PitMethod.REVENUE:
        expected = run.household.estimates.get(run.period.year, prior)  # OQ-28: the estimate first
        if expected is not None and expected <= g2_max and (prior is None or prior <= g2_max):
            run.warn(
                "OQ-11",
                "revenue passed 3 bn during the year: the revenue method stays for this year; "
                "the income method is compulsory from next year",
                "doanh thu vượt 3 tỷ trong năm: "
                "năm nay giữ phương pháp doanh thu; từ năm sau bắt buộc phương pháp thu nhập",
                ref="NĐ 68/2026/NĐ-CP Art 4.5.d",
            )
            return "revenue"
        run.warn(
            "method_compulsory",
            "annual revenue above 3 bn: the income method is compulsory",
            "doanh thu năm trên 3 tỷ: bắt buộc áp dụng phương pháp thu nhập",
            ref="NĐ 68/2026/NĐ-CP Art 4.5.b; Law 109/2025/QH15 Art 7.2",
        )
        return "income"
    if chosen == PitMethod.REVENUE and prior is not None and prior > g2_max and group != "G1":
        run.warn(
            "method_lock",
            "prior-year revenue above 3 bn put the household on the income method, kept "
            "for 2 years: the revenue method is refused",
            "doanh thu năm trước trên 3 tỷ: phương pháp thu nhập giữ 2 năm, không dùng phương pháp doanh thu",
            ref=lock.citation(),
        )
        return "income"
    return method_of(chosen)


def einvoice_warning(run: Run, crossing: Period) -> None:
    """A household passing 1 bn registers e-invoices within 30 days after the last day of the period in
    which it passed (NĐ 68/2026 Art 8.5.c; day count and the move off non-working days per OQ-20)."""
    deadline = einvoice_registration(crossing, run.rules)
    if deadline is None:
        return
    days = (deadline.statutory - crossing.end).days
    by = deadline.due
    run.warn(
        "einvoice",
        f"e-invoices become mandatory: register within {days} days after {crossing.end:%d/%m/%Y}, "
        f"by {by:%d/%m/%Y}",
        f"bắt buộc dùng hóa đơn điện tử: đăng ký trong {days} ngày sau {crossing.end:%d/%m/%Y}, "
        f"chậm nhất {by:%d/%m/%Y}",
        ref=deadline.ref,
    )


def provisional_deducts(run: Run, method: Method) -> bool:
    """Whether provisional PIT of the income method uses the 1 bn deduction (NĐ 68/2026 Art 10.2.b; OQ-03)."""
    if method != "income":
        return True
    rule = run.rules.get("provisional_pit.deduct_threshold", run.on)
    run.readings.add("OQ-03")
    return bool(rule.value)


def crossing_period(run: Run, subs: list[Period], group: RevenueGroup, duty: DutyBasis) -> Period | None:
    """The filing period in which cumulative revenue passed the threshold, when the household did not
    expect to pass it: its estimate or prior-year revenue is at or under it, or it has neither (OQ-01,
    OQ-28). Only months up to the assessed period's end are known here."""
    if group == "G1" or not duty.expected_under(run.threshold):
        return None
    year_subs = [Period(run.period.year, subs[0].kind, i) for i in range(1, 12 // subs[0].kind.months + 1)]
    for sub in year_subs:
        if run.facts.revenue(range(1, sub.last_month + 1)) > run.threshold:
            return sub
    return None


def platform_warnings(run: Run, group: RevenueGroup) -> None:
    """Platform sales count for the threshold but are not declared again; withheld tax of a G1 household
    is overpaid (NĐ 68/2026 Art 8.1.b, 11, 12.1; NĐ 117/2025)."""
    withheld = sum(v.withheld for v in run.facts.lines.values())
    if not withheld:
        return
    tax = sum(v.withheld_vat + v.withheld_pit for v in run.facts.lines.values())
    run.warn(
        "platform",
        f"platform sales {format_vnd(withheld)} count for the threshold but are not taxed "
        f"again (tax withheld {format_vnd(tax)})",
        f"doanh thu qua sàn {format_vnd(withheld)} tính vào "
        f"ngưỡng nhưng không khai thuế lại (thuế đã khấu trừ {format_vnd(tax)})",
        ref="NĐ 68/2026/NĐ-CP Art 8.1.b, 11; NĐ 117/2025/NĐ-CP",
        amount=withheld,
    )
    if group == "G1" and tax:
        run.warn(
            "overpaid",
            f"tax withheld by platforms {format_vnd(tax)} is overpaid: ask for a refund or "
            "offset on 01/TKN-CNKD",
            f"thuế sàn đã khấu trừ {format_vnd(tax)} là nộp thừa: đề nghị hoàn hoặc bù trừ trên 01/TKN-CNKD",
            ref="NĐ 68/2026/NĐ-CP Art 12.1; NĐ 141/2026/NĐ-CP Art 4.1",
            amount=tax,
        )


def revenue_method_warnings(run: Run, actual: int) -> None:
    """Cumulative revenue above 3 bn on the revenue method: income method from next year (NĐ 68/2026
    Art 4.5.d; OQ-11)."""
    limit = int(run.rules.value("income_method.compulsory_above", run.on))
    cumulative = run.facts.revenue(range(1, run.period.last_month + 1))
    if cumulative > limit:
        run.warn(
            "OQ-11",
            f"cumulative revenue {format_vnd(cumulative)} is above 3 bn: the income method is "
            "compulsory from next year",
            f"doanh thu lũy kế {format_vnd(cumulative)} trên 3 tỷ: từ năm sau bắt buộc phương pháp thu nhập",
            ref="NĐ 68/2026/NĐ-CP Art 4.5.d",
        )


def filing_b(
    run: Run,
    group: RevenueGroup,
    method: Method,
    monthly: bool,
    crossing: Period | None,
    schedule: list[PeriodRow],
) -> tuple[FormCode, msg.Note, Frequency]:
    """The form due for the period, or a sentence saying why none is (NĐ 68/2026 Art 8–10; TT 18/2026
    Art 4–5), and the filing frequency."""
    year = Period.of_year(run.period.year)
    if group == "G1":
        due = due_date(run.household, year, "01/TKN-CNKD", run.rules)
        if run.period.kind is PeriodKind.YEAR:
            return "01/TKN-CNKD", msg.NO_NOTE, "annual"
        return (
            "",
            msg.note(
                msg.NOTHING_G1,
                kind=kind_en(run.period),
                threshold=format_vnd(run.threshold),
                due=due.strftime("%d/%m/%Y"),
            ),
            "annual",
        )
    frequency: Frequency = "monthly" if monthly else "quarterly"
    if run.period.kind is PeriodKind.YEAR:
        if method == "income":
            return "02/CNKD-TNCN-QTT", msg.NO_NOTE, frequency
        return "", msg.NO_ANNUAL_REVENUE_METHOD, frequency
    if run.period.kind is PeriodKind.HALF:
        return "", msg.NO_HALF_YEAR, frequency
    own = [row for row in schedule if run.period.start <= row.period.start]
    if own and not any(row.declared for row in own):
        return "", msg.note(msg.NOTHING_BEFORE_CROSSING, crossing=str(crossing)), frequency
    if kind_en(run.period) != frequency:
        return "", msg.frequency_note(kind_en(run.period), frequency), frequency
    return "01/CNKD", msg.NO_NOTE, frequency

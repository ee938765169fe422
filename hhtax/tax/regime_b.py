"""Regime B (tax periods from 01/01/2026, NĐ 68/2026/NĐ-CP as amended by NĐ 141/2026/NĐ-CP): groups
G1–G4 (Art 3, 4, 8), the PIT method and its lock (Art 4.5), the 1 bn deduction used cumulatively by
period (Art 4.3, reading OQ-02), the crossing period (Art 8.1.a, 9.2, reading OQ-01) and the filing due."""

from __future__ import annotations

from decimal import Decimal

from hhtax.model import PitMethod
from hhtax.money import format_vnd, round_half_up
from hhtax.periods import Period, PeriodKind
from hhtax.tax import messages as msg
from hhtax.tax.assessment import Assessment, PeriodRow
from hhtax.tax.basis import DutyBasis, duty_basis, files_monthly
from hhtax.tax.deadlines import due_date, einvoice_registration
from hhtax.tax.deduction import Claimant, DeductionState, allocate
from hhtax.tax.groups import year_group
from hhtax.tax.income import income_method, minimum_tax
from hhtax.tax.run import LineSums, Run, kind_en, zero_vat


def assess_regime_b(run: Run) -> Assessment:
    """Assess a regime-B period: group, method, crossing, and per filing period VAT and PIT with the 1 bn
    deduction (NĐ 68/2026 Art 3, 4, 8–10; readings OQ-01, OQ-02, OQ-03, OQ-12)."""
    duty, year_fig = duty_basis(run)
    actual, basis, prior = duty.recorded, duty.revenue, run.household.prior_year_revenue
    group = year_group(basis, run.rules, run.on)
    method = method_b(run, group, prior)
    if run.what_if and run.what_if != method:
        run.warn(
            "what_if",
            f"what-if: the {run.what_if} method computed although the {method} method applies",
            f"giả định: tính theo phương pháp {run.what_if} dù phải áp dụng phương pháp {method}",
            ref="NĐ 68/2026/NĐ-CP Art 4.5",
        )
        method = run.what_if
    monthly = files_monthly(run, duty, group)
    subs = run.sub_periods(monthly)
    crossing_sub = crossing_period(run, subs, group, duty)
    sums = {line.id: LineSums() for line in run.household.lines}
    schedule: list[PeriodRow] = []
    state = DeductionState.start(run.threshold, run.household.deduction_plan)
    if run.household.deduction_plan:
        run.warn(
            "OQ-02",
            "the household's deduction_plan allocates the 1 bn deduction",
            "khoản giảm trừ 1 tỷ được phân bổ theo deduction_plan của hộ",
            ref="NĐ 68/2026/NĐ-CP Art 4.3",
        )
    deduct = provisional_deducts(run, method)
    scope = str(run.rules.value("crossing_quarter.vat_scope", run.on))
    period_deduction = 0
    for sub in subs:
        declared = group != "G1" and (crossing_sub is None or sub.start >= crossing_sub.start)
        inside = run.period.start <= sub.start
        months = list(range(sub.first_month, sub.last_month + 1))
        pit_months = months
        vat_months = months
        if crossing_sub is not None and sub == crossing_sub:
            pit_months = list(range(1, sub.last_month + 1))
            vat_months = pit_months if scope == "cumulative" else months
        vat_calcs = {
            line.id: (run.line_vat(line, vat_months, run.rates[line.id]) if declared else zero_vat())
            for line in run.household.lines
        }
        pit_rev = {
            line.id: sum(
                run.facts.line_month(line.id, m).revenue - run.facts.line_month(line.id, m).withheld
                for m in pit_months
            )
            if declared
            else 0
            for line in run.household.lines
        }
        used = {line_id: 0 for line_id in pit_rev}
        if declared and deduct:
            claimants = [
                Claimant(line.id, run.rates[line.id].pit_rate, pit_rev[line.id]) for line in run.order
            ]
            used = allocate(state, claimants, last_period=sub.index == 12 // sub.kind.months)
        rev_total = vat_total = pit_total = ded_total = 0
        for line in run.household.lines:
            rates = run.rates[line.id]
            base = pit_rev[line.id] - used[line.id]
            pit_exact = Decimal(base) * rates.pit_rate
            pit = round_half_up(pit_exact)
            if declared and inside and pit_rev[line.id] < 0:
                run.warn(
                    "negative_revenue",
                    f"{sub} line {line.id}: returns exceed sales "
                    f"({format_vnd(pit_rev[line.id])}); reported as is",
                    f"{sub} ngành {line.id}: hàng "
                    f"trả lại vượt doanh thu ({format_vnd(pit_rev[line.id])}); ghi nguyên số",
                    ref="NĐ 68/2026/NĐ-CP Art 5.1",
                    amount=pit_rev[line.id],
                )
            rev_total += vat_calcs[line.id][0]
            vat_total += vat_calcs[line.id][2]
            pit_total += pit
            ded_total += used[line.id]
            if inside:
                run.add(
                    sums[line.id],
                    line,
                    months,
                    vat_calcs[line.id],
                    pit_rev[line.id],
                    used[line.id],
                    pit,
                    pit_exact,
                    sub,
                    rates,
                )
        if inside:
            period_deduction += ded_total
        schedule.append(
            PeriodRow(
                sub,
                declared,
                rev_total,
                vat_total,
                ded_total,
                pit_total,
                state.left if deduct else run.threshold,
            )
        )
    if crossing_sub is not None:
        run.warn(
            "OQ-01",
            f"cumulative revenue passed {format_vnd(run.threshold)} in {crossing_sub}: the "
            f"first return ({crossing_sub}) declares revenue from 01/01 (VAT scope: {scope}); no "
            "return and no interest for the earlier periods",
            f"doanh thu lũy kế vượt "
            f"{format_vnd(run.threshold)} trong kỳ {crossing_sub}: tờ khai đầu tiên khai doanh thu từ "
            "01/01; các kỳ trước không khai, không tính tiền chậm nộp",
            ref="NĐ 68/2026/NĐ-CP Art 8.1.a, 9.2",
        )
        einvoice_warning(run, crossing_sub)
    if group != "G1" and deduct:
        run.readings.add("OQ-02")
    run.readings.add("OQ-10")
    if group == "G1":
        run.warn(
            "G1",
            f"annual revenue {format_vnd(basis)} ≤ {format_vnd(run.threshold)}: no VAT, no PIT; "
            "revenue notice only",
            f"doanh thu năm {format_vnd(basis)} ≤ {format_vnd(run.threshold)}: "
            "không nộp thuế GTGT, TNCN; chỉ thông báo doanh thu",
            ref=run.threshold_rule.citation(),
        )
    platform_warnings(run, group)
    if method == PitMethod.REVENUE.value and group != "G1":
        revenue_method_warnings(run, actual)
    filing, note, frequency = filing_b(run, group, method, monthly, crossing_sub, schedule)
    result = run.build(
        group,
        method,
        sums,
        year_fig,
        schedule,
        filing,
        note,
        frequency,
        crossing=crossing_sub is not None
        and crossing_sub.start >= run.period.start
        and crossing_sub.end <= run.period.end,
        deduction_left=schedule[-1].deduction_left if schedule else run.threshold,
        period_deduction=period_deduction,
    )
    if method == PitMethod.INCOME.value and group != "G1":
        result = income_method(run, result, basis)
    return minimum_tax(run, result)


def method_b(run: Run, group: str, prior: int | None) -> str:
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
        if prior is not None and prior <= g2_max:
            run.warn(
                "OQ-11",
                "revenue passed 3 bn during the year: the revenue method stays for this year; "
                "the income method is compulsory from next year",
                "doanh thu vượt 3 tỷ trong năm: "
                "năm nay giữ phương pháp doanh thu; từ năm sau bắt buộc phương pháp thu nhập",
                ref="NĐ 68/2026/NĐ-CP Art 4.5.d",
            )
            return PitMethod.REVENUE.value
        run.warn(
            "method_compulsory",
            "annual revenue above 3 bn: the income method is compulsory",
            "doanh thu năm trên 3 tỷ: bắt buộc áp dụng phương pháp thu nhập",
            ref="NĐ 68/2026/NĐ-CP Art 4.5.b; Law 109/2025/QH15 Art 7.2",
        )
        return PitMethod.INCOME.value
    if chosen == PitMethod.REVENUE and prior is not None and prior > g2_max and group != "G1":
        run.warn(
            "method_lock",
            "prior-year revenue above 3 bn put the household on the income method, kept "
            "for 2 years: the revenue method is refused",
            "doanh thu năm trước trên 3 tỷ: phương pháp thu nhập giữ 2 năm, không dùng phương pháp doanh thu",
            ref=lock.citation(),
        )
        return PitMethod.INCOME.value
    return chosen.value


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


def provisional_deducts(run: Run, method: str) -> bool:
    """Whether provisional PIT of the income method uses the 1 bn deduction (NĐ 68/2026 Art 10.2.b; OQ-03)."""
    if method != PitMethod.INCOME.value:
        return True
    rule = run.rules.get("provisional_pit.deduct_threshold", run.on)
    run.readings.add("OQ-03")
    return bool(rule.value)


def crossing_period(run: Run, subs: list[Period], group: str, duty: DutyBasis) -> Period | None:
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


def platform_warnings(run: Run, group: str) -> None:
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
    run: Run, group: str, method: str, monthly: bool, crossing: Period | None, schedule: list[PeriodRow]
) -> tuple[str, msg.Note, str]:
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
    frequency = "monthly" if monthly else "quarterly"
    if run.period.kind is PeriodKind.YEAR:
        if method == PitMethod.INCOME.value:
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

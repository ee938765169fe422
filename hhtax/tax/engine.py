"""The tax engine: (household, journal, period, rule pack) → `Assessment`, pure.

`assess` aggregates the entries of the period's calendar year first (hhtax/journal/aggregates.py)
and `assess_ledger` asks the ledger for the same aggregates (one SQL `GROUP BY` for SQLite), so
both run the same core on a few hundred rows whatever the journal's size.

Regime A (periods to 2025, TT 40/2021 Art 4, 10, App. I): VAT and PIT as % of all revenue per
industry group when the calendar year's revenue exceeds 100 m. Regime B (from 2026, ND 68/2026
Art 3, 4, 6, 8–10 as amended by ND 141/2026): groups G1–G4; revenue method with the 1 bn
deduction (OQ-02); income method with provisional PIT (OQ-03) and the year's finalisation.
Rounding: half-up per line and filing period, then sums (OQ-10; `hhtax.money.apply_rate`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hhtax.journal import Ledger
from hhtax.journal.aggregates import AggregateRow, aggregate_entries
from hhtax.model import BusinessLine, Entry, Filing, Household, PitMethod
from hhtax.money import format_vnd, round_half_up
from hhtax.periods import Period, PeriodKind
from hhtax.rules import RuleBook
from hhtax.tax import messages as msg
from hhtax.tax.assessment import Assessment, Figure, LineAssessment, PeriodRow, Warning
from hhtax.tax.costs import cost_lines, excluded_by_reason
from hhtax.tax.deadlines import due_date
from hhtax.tax.deduction import Claimant, DeductionState, allocate
from hhtax.tax.facts import YearFacts, year_facts
from hhtax.tax.groups import GroupRates, group_rates, income_rate, year_group

NO_CASH_LIMIT = 2**62  # regime A has no cash-payment rule; nothing counts as a large cash payment
GOODS_COST_READING = (
    "goods cost = purchases of the period (kind purchase and expenses with category "
    "goods), not the cost of goods sold"
)


def cash_limit(rules: RuleBook, period: Period) -> int:
    """The single-payment cash limit for deductible costs (ND 68/2026 Art 6.1), if any."""
    rule = rules.find("cash_payment_limit", period.end)
    return int(rule.value) if rule is not None else NO_CASH_LIMIT


def assess(household: Household, entries: Iterable[Entry], period: Period, rules: RuleBook) -> Assessment:
    """Assess `period` from the journal entries (only those of the period's calendar year are read)."""
    year = period.year
    rows = aggregate_entries((e for e in entries if e.date.year == year), cash_limit(rules, period))
    return assess_aggregates(household, rows, period, rules)


def assess_ledger(ledger: Ledger, period: Period, rules: RuleBook) -> Assessment:
    """Assess `period` from the ledger's monthly aggregates of the calendar year (the fast path)."""
    year = period.year_to_date()
    rows = ledger.aggregates(year.start, year.end, cash_limit(rules, period))
    return assess_aggregates(ledger.household, rows, period, rules)


def assess_aggregates(
    household: Household, rows: Iterable[AggregateRow], period: Period, rules: RuleBook
) -> Assessment:
    """The engine core on monthly aggregates of the period's calendar year."""
    facts = year_facts(household, rows, period.year)
    return _Run(household, facts, period, rules).assessment()


# ------------------------------------------------------------------------------------------------


@dataclass
class _LineSums:
    """A line's figures summed over the filing periods inside the assessed period."""

    revenue: int = 0
    withheld: int = 0
    vat_revenue: int = 0
    cut_revenue: int = 0
    vat: int = 0
    vat_exact: Decimal = Decimal(0)
    reduction: int = 0
    pit_revenue: int = 0
    deduction: int = 0
    pit: int = 0
    pit_exact: Decimal = Decimal(0)
    parts: list[str] = field(default_factory=list)


@dataclass
class _Run:
    household: Household
    facts: YearFacts
    period: Period
    rules: RuleBook
    warnings: list[Warning] = field(default_factory=list)
    readings: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.on = self.period.end
        self.regime = self.period.regime
        self.threshold_rule = self.rules.get("threshold", self.on)
        self.threshold = int(self.threshold_rule.value)
        self.order = _declared_order(self.household)
        self.rates = {
            line.id: group_rates(line.group.value, self.rules, self.on) for line in self.household.lines
        }
        known = {line.id for line in self.household.lines}
        unknown = sorted({ln for (ln, _m) in self.facts.lines if ln not in known})
        for line in unknown:
            amount = sum(v.revenue for (ln, _m), v in self.facts.lines.items() if ln == line)
            self.warn(
                "unknown_line",
                f"revenue {format_vnd(amount)} is recorded on line {line!r}, which the "
                "household profile does not declare; it counts for the threshold but is not taxed",
                f"doanh thu {format_vnd(amount)} ghi cho ngành {line!r} không có trong hồ sơ hộ; tính vào "
                "ngưỡng nhưng không tính thuế",
                amount=amount,
            )

    # -- helpers ----------------------------------------------------------------------------------
    def warn(self, code: str, en: str, vi: str, *, ref: str = "", amount: int | None = None) -> None:
        if code.startswith("OQ-"):
            self.readings.add(code)
        self.warnings.append(Warning(code=code, message=en, message_vi=vi, ref=ref, amount=amount))

    def year_revenue(self) -> int:
        return self.facts.total_revenue()

    def in_progress(self) -> bool:
        """The year is not over in the ledger: no revenue after the period and the period is not the last."""
        if self.period.end.month == 12:
            return False
        later = range(self.period.last_month + 1, 13)
        return not any(m in later for (_ln, m) in self.facts.lines)

    def sub_periods(self, monthly: bool) -> list[Period]:
        """Filing periods of the year up to the assessed period's end (months or quarters)."""
        kind = PeriodKind.MONTH if monthly or self.period.kind is PeriodKind.MONTH else PeriodKind.QUARTER
        count = self.period.last_month // kind.months
        return [Period(self.period.year, kind, index) for index in range(1, count + 1)]

    # -- the assessment ---------------------------------------------------------------------------
    def assessment(self) -> Assessment:
        if self.regime == "A":
            return self.regime_a()
        return self.regime_b()

    # -- regime A ---------------------------------------------------------------------------------
    def regime_a(self) -> Assessment:
        year_fig = self.year_revenue_a()
        year_rev = year_fig.value
        taxable = year_rev > self.threshold
        self.readings.add("OQ-18")
        self.readings.add("OQ-10")
        monthly = self.household.filing == Filing.MONTHLY
        subs = self.sub_periods(monthly)
        sums = {line.id: _LineSums() for line in self.household.lines}
        schedule: list[PeriodRow] = []
        for sub in subs:
            inside = self.period.start <= sub.start
            vat_total = pit_total = rev_total = 0
            for line in self.household.lines:
                rates = self.rates[line.id]
                months = list(range(sub.first_month, sub.last_month + 1))
                declared = taxable and line.group.value != "agent"  # agents: withheld (TT 40 Art 9)
                calc = self.line_vat(line, months, rates) if declared else _zero_vat()
                declared_rev = calc[0]
                pit_exact = Decimal(declared_rev) * rates.pit_rate
                pit = round_half_up(pit_exact)
                rev_total += declared_rev
                vat_total += calc[2]
                pit_total += pit
                if inside:
                    self.add(sums[line.id], line, months, calc, declared_rev, 0, pit, pit_exact, sub, rates)
            schedule.append(PeriodRow(sub, taxable, rev_total, vat_total, 0, pit_total, 0))
        if any(line.group.value == "leasing" for line in self.household.lines):
            self.warn(
                "OQ-19",
                "leasing revenue is declared on 01/TTS (TT 40 Art 8), beside 01/CNKD; its VAT and "
                "PIT are included in the totals",
                "doanh thu cho thuê tài sản khai trên mẫu 01/TTS (TT 40 "
                "Điều 8), ngoài 01/CNKD; thuế GTGT và TNCN đã gồm trong tổng",
                ref="TT 40/2021/TT-BTC Art 8",
            )
        if self._agent_lines():
            self.warn(
                "OQ-19",
                "agent commissions are withheld by the enterprise (TT 40 Art 9): nothing is "
                "declared on 01/CNKD",
                "hoa hồng đại lý do doanh nghiệp khấu trừ (TT 40 Điều 9): không khai trên 01/CNKD",
                ref="TT 40/2021/TT-BTC Art 9",
            )
        filing, note, frequency = self.filing_a(taxable, monthly)
        group = "taxable" if taxable else "exempt"
        if not taxable:
            self.warn(
                "exempt",
                f"calendar-year revenue {format_vnd(year_rev)} ≤ {format_vnd(self.threshold)}: no "
                "VAT, no PIT",
                f"doanh thu năm {format_vnd(year_rev)} ≤ {format_vnd(self.threshold)}: không "
                "phải nộp thuế GTGT, TNCN",
                ref=self.threshold_rule.citation(),
            )
        result = self.build(group, "declaration", sums, year_fig, schedule, filing, note, frequency)
        own = range(self.period.first_month, self.period.last_month + 1)
        return _replace(result, {"costs": cost_lines(self.facts, own)}, self)

    def year_revenue_a(self) -> Figure:
        """The calendar year's revenue for the 100 m test (TT 40 Art 4.2): actual revenue, agents excluded;
        leasing that ran part of the year annualised to 12 months (TT 40 Art 8.2.c; reading OQ-18)."""
        agents = self._agent_lines()
        leasing = {line.id for line in self.household.lines if line.group.value == "leasing"}
        other = sum(v.revenue for (ln, _m), v in self.facts.lines.items() if ln not in agents | leasing)
        lease = sum(v.revenue for (ln, _m), v in self.facts.lines.items() if ln in leasing)
        months = len({m for (ln, m), v in self.facts.lines.items() if ln in leasing and v.revenue})
        inputs: dict[str, int | str | Decimal] = {"revenue": other}
        annualised = lease
        formula = "Σ revenue of the calendar year (agents excluded)"
        if lease:
            annualised = round_half_up(Decimal(lease) * 12 / months) if months < 12 else lease
            inputs.update({"leasing_revenue": lease, "leasing_months": months})
            formula = "revenue + leasing_revenue × 12 / leasing_months"
        return Figure("year_revenue", other + annualised, formula, inputs, "TT 40/2021/TT-BTC Art 4.2, 8.2.c",
                      "OQ-18")

    def _agent_lines(self) -> set[str]:
        return {line.id for line in self.household.lines if line.group.value == "agent"}

    def filing_a(self, taxable: bool, monthly: bool) -> tuple[str, msg.Note, str]:
        frequency = "monthly" if monthly else "quarterly"
        if not taxable:
            return "", msg.note(msg.NOTHING_EXEMPT_A, threshold=format_vnd(self.threshold)), ""
        if self.period.kind in (PeriodKind.YEAR, PeriodKind.HALF):
            return "", msg.NO_ANNUAL_A, frequency
        return "01/CNKD", msg.NO_NOTE, frequency

    # -- VAT of one line over some months ---------------------------------------------------------
    def line_vat(
        self, line: BusinessLine, months: list[int], rates: GroupRates
    ) -> tuple[int, int, int, Decimal, int]:
        """(declared revenue, cut revenue, VAT, exact VAT, VAT cut) with the VAT cut by month (OQ-07)."""
        declared = cut = 0
        exact = Decimal(0)
        reduction_exact = Decimal(0)
        net = self.main_form_net()
        for month in months:
            cell = self.facts.line_month(line.id, month)
            own = cell.revenue - cell.withheld
            declared += own
            rule = self.rules.find("vat_cut.reduction", date(self.period.year, month, 1))
            eligible = cell.cut if rule is not None else 0
            cut += eligible
            exact += Decimal(own) * rates.vat_rate
            if eligible:
                saved = Decimal(eligible) * rates.vat_rate * rule.value  # type: ignore[union-attr]
                reduction_exact += saved
                if net:
                    exact -= saved
        if cut:
            self.readings.add("OQ-07")
        return declared, cut, round_half_up(exact), exact, round_half_up(reduction_exact)

    def main_form_net(self) -> bool:
        rule = self.rules.find("vat_cut.main_form", self.on)
        return rule is None or rule.value == "net"

    def add(
        self,
        target: _LineSums,
        line: BusinessLine,
        months: list[int],
        vat: tuple[int, int, int, Decimal, int],
        pit_revenue: int,
        deduction: int,
        pit: int,
        pit_exact: Decimal,
        sub: Period,
        rates: GroupRates,
    ) -> None:
        target.revenue += sum(
            self.facts.line_month(line.id, m).revenue
            for m in months
            if self.period.first_month <= m <= self.period.last_month
        )
        target.withheld += sum(
            self.facts.line_month(line.id, m).withheld
            for m in months
            if self.period.first_month <= m <= self.period.last_month
        )
        target.vat_revenue += vat[0]
        target.cut_revenue += vat[1]
        target.vat += vat[2]
        target.vat_exact += vat[3]
        target.reduction += vat[4]
        target.pit_revenue += pit_revenue
        target.deduction += deduction
        target.pit += pit
        target.pit_exact += pit_exact
        target.parts.append(f"{sub}: VAT {format_vnd(vat[2])}, PIT {format_vnd(pit)}")

    # -- regime B ---------------------------------------------------------------------------------
    def regime_b(self) -> Assessment:
        actual = self.year_revenue()
        prior = self.household.prior_year_revenue
        basis = max(actual, prior or 0) if self.in_progress() else actual
        group = year_group(basis, self.rules, self.on)
        year_fig = Figure(
            "year_revenue",
            basis,
            "Σ revenue of the calendar year (platform sales included)"
            if basis == actual
            else "max(revenue so far, prior-year revenue)",
            {"revenue": actual, **({"prior_year_revenue": prior} if prior is not None else {})},
            self.threshold_rule.citation(),
            "OQ-12",
        )
        if basis != actual:
            self.warn(
                "OQ-12",
                f"the year is in progress: the group {group} uses the prior-year revenue "
                f"{format_vnd(basis)} as the household's estimate",
                f"năm chưa kết thúc: nhóm {group} "
                f"theo doanh thu năm trước {format_vnd(basis)} (ước tính của hộ)",
                ref="NĐ 68/2026/NĐ-CP Art 8.1",
            )
        elif group == "G1" and self.in_progress() and prior is None:
            self.warn(
                "OQ-12",
                f"the year is in progress and revenue so far is {format_vnd(actual)}: if the household expects "
                "more than the threshold this year, record its estimate as prior_year_revenue",
                f"năm chưa kết thúc, doanh thu đến nay {format_vnd(actual)}: nếu hộ dự kiến vượt ngưỡng trong "
                "năm, ghi ước tính vào prior_year_revenue",
                ref="NĐ 68/2026/NĐ-CP Art 8.1",
            )
        method = self.method_b(group, prior)
        monthly = self.household.filing == Filing.MONTHLY or group == "G4"
        if group == "G4" and self.household.filing != Filing.MONTHLY:
            self.warn(
                "frequency",
                "annual revenue above 50 bn: returns are monthly (ND 68 Art 8)",
                "doanh thu năm trên 50 tỷ: khai theo tháng (NĐ 68 Điều 8)",
                ref=str(self.rules.get("filing.monthly_above_revenue", self.on).citation()),
            )
        subs = self.sub_periods(monthly)
        crossing_sub = self.crossing_period(subs, group, prior)
        sums = {line.id: _LineSums() for line in self.household.lines}
        schedule: list[PeriodRow] = []
        state = DeductionState.start(self.threshold, self.household.deduction_plan)
        if self.household.deduction_plan:
            self.warn(
                "OQ-02",
                "the household's deduction_plan allocates the 1 bn deduction",
                "khoản giảm trừ 1 tỷ được phân bổ theo deduction_plan của hộ",
                ref="NĐ 68/2026/NĐ-CP Art 4.3",
            )
        deduct = self.provisional_deducts(method)
        scope = str(self.rules.value("crossing_quarter.vat_scope", self.on))
        period_deduction = 0
        for sub in subs:
            declared = group != "G1" and (crossing_sub is None or sub.start >= crossing_sub.start)
            inside = self.period.start <= sub.start
            months = list(range(sub.first_month, sub.last_month + 1))
            pit_months = months
            vat_months = months
            if crossing_sub is not None and sub == crossing_sub:
                pit_months = list(range(1, sub.last_month + 1))
                vat_months = pit_months if scope == "cumulative" else months
            vat_calcs = {
                line.id: (self.line_vat(line, vat_months, self.rates[line.id]) if declared else _zero_vat())
                for line in self.household.lines
            }
            pit_rev = {
                line.id: sum(
                    self.facts.line_month(line.id, m).revenue - self.facts.line_month(line.id, m).withheld
                    for m in pit_months
                )
                if declared
                else 0
                for line in self.household.lines
            }
            used = {line_id: 0 for line_id in pit_rev}
            if declared and deduct:
                claimants = [
                    Claimant(line.id, self.rates[line.id].pit_rate, pit_rev[line.id]) for line in self.order
                ]
                used = allocate(state, claimants, last_period=sub.index == 12 // sub.kind.months)
            rev_total = vat_total = pit_total = ded_total = 0
            for line in self.household.lines:
                rates = self.rates[line.id]
                base = pit_rev[line.id] - used[line.id]
                pit_exact = Decimal(base) * rates.pit_rate
                pit = round_half_up(pit_exact)
                if declared and pit_rev[line.id] < 0:
                    self.warn(
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
                    self.add(
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
                    state.left if deduct else self.threshold,
                )
            )
        if crossing_sub is not None:
            self.warn(
                "OQ-01",
                f"cumulative revenue passed {format_vnd(self.threshold)} in {crossing_sub}: the "
                f"first return ({crossing_sub}) declares revenue from 01/01 (VAT scope: {scope}); no "
                "return and no interest for the earlier periods",
                f"doanh thu lũy kế vượt "
                f"{format_vnd(self.threshold)} trong kỳ {crossing_sub}: tờ khai đầu tiên khai doanh thu từ "
                "01/01; các kỳ trước không khai, không tính tiền chậm nộp",
                ref="NĐ 68/2026/NĐ-CP Art 8.1.a, 9.2",
            )
        if group != "G1" and deduct:
            self.readings.add("OQ-02")
        self.readings.add("OQ-10")
        if group == "G1":
            self.warn(
                "G1",
                f"annual revenue {format_vnd(basis)} ≤ {format_vnd(self.threshold)}: no VAT, no PIT; "
                "revenue notice only",
                f"doanh thu năm {format_vnd(basis)} ≤ {format_vnd(self.threshold)}: "
                "không nộp thuế GTGT, TNCN; chỉ thông báo doanh thu",
                ref=self.threshold_rule.citation(),
            )
        self.platform_warnings(group)
        if method == PitMethod.REVENUE.value and group != "G1":
            self.revenue_method_warnings(actual)
        filing, note, frequency = self.filing_b(group, method, monthly, crossing_sub, schedule)
        result = self.build(
            group,
            method,
            sums,
            year_fig,
            schedule,
            filing,
            note,
            frequency,
            crossing=crossing_sub is not None
            and crossing_sub.start >= self.period.start
            and crossing_sub.end <= self.period.end,
            deduction_left=schedule[-1].deduction_left if schedule else self.threshold,
            period_deduction=period_deduction,
        )
        if method == PitMethod.INCOME.value and group != "G1":
            result = self.income_method(result, basis)
        return self.minimum_tax(result)

    def method_b(self, group: str, prior: int | None) -> str:
        """The PIT method (ND 68/2026 Art 4.5): chosen in G2, income method above 3 bn, 2-year lock."""
        chosen = self.household.pit_method
        g2_max = int(self.rules.value("income_method.compulsory_above", self.on))
        lock = self.rules.get("income_method.lock_years", self.on)
        if chosen == PitMethod.INCOME and self.household.pit_method_since is not None:
            until = self.household.pit_method_since + int(lock.value) - 1
            if self.period.year <= until:
                self.warn(
                    "method_lock",
                    f"income method chosen in {self.household.pit_method_since}: kept through {until}",
                    f"phương pháp thu nhập chọn từ {self.household.pit_method_since}: "
                    f"giữ đến hết năm {until}",
                    ref=lock.citation(),
                )
        if group in ("G3", "G4") and chosen == PitMethod.REVENUE:
            if prior is not None and prior <= g2_max:
                self.warn(
                    "OQ-11",
                    "revenue passed 3 bn during the year: the revenue method stays for this year; "
                    "the income method is compulsory from next year",
                    "doanh thu vượt 3 tỷ trong năm: "
                    "năm nay giữ phương pháp doanh thu; từ năm sau bắt buộc phương pháp thu nhập",
                    ref="NĐ 68/2026/NĐ-CP Art 4.5.d",
                )
                return PitMethod.REVENUE.value
            self.warn(
                "method_compulsory",
                "annual revenue above 3 bn: the income method is compulsory",
                "doanh thu năm trên 3 tỷ: bắt buộc áp dụng phương pháp thu nhập",
                ref="NĐ 68/2026/NĐ-CP Art 4.5.b; Law 109/2025/QH15 Art 7.2",
            )
            return PitMethod.INCOME.value
        if chosen == PitMethod.REVENUE and prior is not None and prior > g2_max and group != "G1":
            self.warn(
                "method_lock",
                "prior-year revenue above 3 bn put the household on the income method, kept "
                "for 2 years: the revenue method is refused",
                "doanh thu năm trước trên 3 tỷ: phương pháp "
                "thu nhập giữ 2 năm, không dùng phương pháp doanh thu",
                ref=lock.citation(),
            )
            return PitMethod.INCOME.value
        return chosen.value

    def provisional_deducts(self, method: str) -> bool:
        if method != PitMethod.INCOME.value:
            return True
        rule = self.rules.get("provisional_pit.deduct_threshold", self.on)
        self.readings.add("OQ-03")
        return bool(rule.value)

    def crossing_period(self, subs: list[Period], group: str, prior: int | None) -> Period | None:
        """The filing period in which cumulative revenue passed the threshold, when the household expected
        to stay under it (prior-year revenue ≤ threshold, or a business started this year) (OQ-01)."""
        if group == "G1":
            return None
        started = self.household.business_start
        new_business = started is not None and started.year == self.period.year
        expected_under = (prior is not None and prior <= self.threshold) or (prior is None and new_business)
        if not expected_under:
            return None
        year_subs = [
            Period(self.period.year, subs[0].kind, i) for i in range(1, 12 // subs[0].kind.months + 1)
        ]
        for sub in year_subs:
            if self.facts.revenue(range(1, sub.last_month + 1)) > self.threshold:
                return sub
        return None

    def platform_warnings(self, group: str) -> None:
        withheld = sum(v.withheld for v in self.facts.lines.values())
        if not withheld:
            return
        tax = sum(v.withheld_vat + v.withheld_pit for v in self.facts.lines.values())
        self.warn(
            "platform",
            f"platform sales {format_vnd(withheld)} count for the threshold but are not taxed "
            f"again (tax withheld {format_vnd(tax)})",
            f"doanh thu qua sàn {format_vnd(withheld)} tính vào "
            f"ngưỡng nhưng không khai thuế lại (thuế đã khấu trừ {format_vnd(tax)})",
            ref="NĐ 68/2026/NĐ-CP Art 8.1.b, 11; NĐ 117/2025/NĐ-CP",
            amount=withheld,
        )
        if group == "G1" and tax:
            self.warn(
                "overpaid",
                f"tax withheld by platforms {format_vnd(tax)} is overpaid: ask for a refund or "
                "offset on 01/TKN-CNKD",
                f"thuế sàn đã khấu trừ {format_vnd(tax)} là nộp thừa: đề nghị hoàn "
                "hoặc bù trừ trên 01/TKN-CNKD",
                ref="NĐ 68/2026/NĐ-CP Art 12.1; NĐ 141/2026/NĐ-CP Art 4.1",
                amount=tax,
            )

    def revenue_method_warnings(self, actual: int) -> None:
        limit = int(self.rules.value("income_method.compulsory_above", self.on))
        cumulative = self.facts.revenue(range(1, self.period.last_month + 1))
        if cumulative > limit:
            self.warn(
                "OQ-11",
                f"cumulative revenue {format_vnd(cumulative)} is above 3 bn: the income method is "
                "compulsory from next year",
                f"doanh thu lũy kế {format_vnd(cumulative)} trên 3 tỷ: từ năm "
                "sau bắt buộc phương pháp thu nhập",
                ref="NĐ 68/2026/NĐ-CP Art 4.5.d",
            )

    def filing_b(
        self, group: str, method: str, monthly: bool, crossing: Period | None, schedule: list[PeriodRow]
    ) -> tuple[str, msg.Note, str]:
        year = Period.of_year(self.period.year)
        if group == "G1":
            due = due_date(self.household, year, "01/TKN-CNKD", self.rules)
            if self.period.kind is PeriodKind.YEAR:
                return "01/TKN-CNKD", msg.NO_NOTE, "annual"
            return (
                "",
                msg.note(
                    msg.NOTHING_G1,
                    kind=_kind_en(self.period),
                    threshold=format_vnd(self.threshold),
                    due=due.strftime("%d/%m/%Y"),
                ),
                "annual",
            )
        frequency = "monthly" if monthly else "quarterly"
        if self.period.kind is PeriodKind.YEAR:
            if method == PitMethod.INCOME.value:
                return "02/CNKD-TNCN-QTT", msg.NO_NOTE, frequency
            return "", msg.NO_ANNUAL_REVENUE_METHOD, frequency
        if self.period.kind is PeriodKind.HALF:
            return "", msg.NO_HALF_YEAR, frequency
        own = [row for row in schedule if self.period.start <= row.period.start]
        if own and not any(row.declared for row in own):
            return "", msg.note(msg.NOTHING_BEFORE_CROSSING, crossing=str(crossing)), frequency
        return "01/CNKD", msg.NO_NOTE, frequency

    def income_method(self, result: Assessment, basis: int) -> Assessment:
        """Costs, and for a year the finalisation figures (ND 68/2026 Art 4.5.b, 6, 10.2.b; OQ-14)."""
        months = list(range(self.period.first_month, self.period.last_month + 1))
        costs = cost_lines(self.facts, months)
        deductible = sum(c.deductible for c in costs)
        ded_fig = Figure(
            "deductible_costs",
            deductible,
            "Σ deductible costs by category",
            {c.category: c.deductible for c in costs},
            "NĐ 68/2026/NĐ-CP Art 6.1",
        )
        for reason, amount in excluded_by_reason(costs).items():
            self.warn(
                "cost_excluded",
                f"costs excluded ({msg.REASON_EN[reason]}): {format_vnd(amount)}",
                f"chi phí không được trừ ({msg.REASON_VI[reason]}): {format_vnd(amount)}",
                ref=msg.EXCLUSION_REFS[reason],
                amount=amount,
            )
        self.warn(
            "goods_cost",
            f"reading: {GOODS_COST_READING}",
            "cách hiểu: chi phí hàng hóa = hàng mua vào "
            "trong kỳ (purchase và chi phí nhóm goods), không phải giá vốn hàng bán",
            ref="NĐ 68/2026/NĐ-CP Art 6.1.a; TT 152/2025/TT-BTC Art 6 (S2c-HKD row 2a)",
        )
        revenue = self.facts.revenue(months)
        rate, rate_ref = income_rate(basis, self.rules, self.on)
        income = revenue - deductible
        income_fig = Figure(
            "taxable_income",
            income,
            "revenue − deductible_costs",
            {"revenue": revenue, "deductible_costs": deductible},
            "Law 109/2025/QH15 Art 7.2",
        )
        changes: dict[str, object] = {
            "costs": costs,
            "deductible_costs": ded_fig,
            "taxable_income": income_fig,
            "income_rate": rate,
        }
        if self.period.kind is PeriodKind.YEAR:
            if income < 0:
                self.warn(
                    "OQ-14",
                    f"loss of {format_vnd(-income)}: PIT 0, no carry-forward",
                    f"lỗ {format_vnd(-income)}: thuế TNCN bằng 0, không chuyển lỗ",
                    ref="Law 109/2025/QH15 Art 7.2",
                    amount=income,
                )
            exact = Decimal(max(income, 0)) * rate
            pit = Figure(
                "pit",
                round_half_up(exact),
                "max(taxable_income, 0) × income_rate",
                {"taxable_income": income, "income_rate": rate, "year_revenue": basis},
                f"{rate_ref}; NĐ 68/2026/NĐ-CP Art 10.2.b (finalisation)",
                "OQ-14" if income < 0 else "",
                exact,
            )
            provisional = Figure(
                "provisional_pit",
                result.pit.value,
                "Σ provisional PIT of the filing periods",
                dict(result.pit.inputs),
                "NĐ 68/2026/NĐ-CP Art 10.2.b",
                "OQ-03",
            )
            due = pit.value - provisional.value - result.withheld_pit
            final = Figure(
                "finalisation_due",
                due,
                "pit − provisional_pit − withheld_pit",
                {"pit": pit.value, "provisional_pit": provisional.value, "withheld_pit": result.withheld_pit},
                "NĐ 68/2026/NĐ-CP Art 10.2.b, 11.3 (no late-payment interest on the top-up)",
            )
            payable = Figure(
                "payable",
                result.vat.value + pit.value,
                "vat + pit",
                {"vat": result.vat.value, "pit": pit.value},
                result.payable.ref,
            )
            changes.update(pit=pit, provisional_pit=provisional, finalisation_due=final, payable=payable)
        else:
            provisional = Figure(
                "provisional_pit",
                result.pit.value,
                result.pit.formula,
                dict(result.pit.inputs),
                "NĐ 68/2026/NĐ-CP Art 10.2.b",
                "OQ-03",
            )
            changes["provisional_pit"] = provisional
        return _replace(result, changes, self)

    def minimum_tax(self, result: Assessment) -> Assessment:
        """OQ-15: a year's tax ≤ `minimum_tax.amount` is exempt only when `minimum_tax.enabled` (default
        false, TT 89/2026 Art 66 [L]); otherwise a warning names the reading."""
        rule = self.rules.find("minimum_tax.amount", self.on)
        if rule is None or self.period.kind is not PeriodKind.YEAR:
            return result
        total = result.vat.value + result.pit.value
        if not 0 < total <= int(rule.value):
            return result
        enabled = self.rules.find("minimum_tax.enabled", self.on)
        if enabled is not None and enabled.value:
            self.warn(
                "OQ-15",
                f"the year's tax {format_vnd(total)} is ≤ {format_vnd(int(rule.value))}: exempt",
                f"tổng thuế năm {format_vnd(total)} ≤ {format_vnd(int(rule.value))}: được miễn",
                ref=rule.citation(),
            )
            zero = {"vat": 0, "pit": 0}
            changes: dict[str, object] = {
                name: Figure(name, 0, f"{name} exempt: year's tax ≤ minimum", {"tax": total}, rule.citation(),
                             "OQ-15")
                for name in (*zero, "payable")
            }
            return _replace(result, changes, self)
        self.warn(
            "OQ-15",
            f"the year's tax {format_vnd(total)} is ≤ {format_vnd(int(rule.value))}: a "
            "single unverified source exempts it; not applied",
            f"tổng thuế năm {format_vnd(total)} ≤ "
            f"{format_vnd(int(rule.value))}: một nguồn chưa kiểm chứng miễn khoản này; chưa áp dụng",
            ref=rule.citation(),
        )
        return _replace(result, {}, self)

    # -- assembling ---------------------------------------------------------------------------------
    def build(
        self,
        group: str,
        method: str,
        sums: dict[str, _LineSums],
        year_fig: Figure,
        schedule: list[PeriodRow],
        filing: str,
        note: msg.Note,
        frequency: str,
        *,
        crossing: bool = False,
        deduction_left: int = 0,
        period_deduction: int = 0,
    ) -> Assessment:
        lines: list[LineAssessment] = []
        for line in self.household.lines:
            s = sums[line.id]
            rates = self.rates[line.id]
            loc = self.household.location_of(line)
            lines.append(
                LineAssessment(
                    line=line.id,
                    group=line.group.value,
                    location=loc.id,
                    revenue=Figure(
                        "revenue",
                        s.revenue,
                        "Σ sales − returns (platform sales included)",
                        {"withheld_revenue": s.withheld},
                        "NĐ 68/2026/NĐ-CP Art 5" if self.regime == "B" else "TT 40/2021/TT-BTC Art 10",
                    ),
                    vat_revenue=Figure(
                        "vat_revenue",
                        s.vat_revenue,
                        "revenue − platform-withheld revenue",
                        {"revenue": s.revenue, "withheld_revenue": s.withheld},
                        "NĐ 68/2026/NĐ-CP Art 11" if self.regime == "B" else "TT 40/2021/TT-BTC Art 10",
                    ),
                    vat=Figure(
                        "vat",
                        s.vat,
                        "vat_revenue × vat_rate" + (" − vat_cut" if s.cut_revenue else ""),
                        {
                            "vat_revenue": s.vat_revenue,
                            "vat_rate": rates.vat_rate,
                            **(
                                {"vat_cut_revenue": s.cut_revenue, "vat_cut": s.reduction}
                                if s.cut_revenue
                                else {}
                            ),
                            **({"periods": "; ".join(s.parts)} if len(s.parts) > 1 else {}),
                        },
                        rates.vat_ref + ("; NQ 204/2025/QH15" if s.cut_revenue else ""),
                        "OQ-07" if s.cut_revenue else "OQ-10",
                        s.vat_exact,
                    ),
                    vat_rate=rates.vat_rate,
                    pit_revenue=Figure(
                        "pit_revenue",
                        s.pit_revenue,
                        "revenue − platform-withheld revenue",
                        {"revenue": s.revenue, "withheld_revenue": s.withheld},
                        rates.pit_ref,
                    ),
                    deduction=Figure(
                        "deduction",
                        s.deduction,
                        "part of the 1 bn used by this line",
                        {"pit_revenue": s.pit_revenue},
                        "NĐ 68/2026/NĐ-CP Art 4.3",
                        "OQ-02" if self.regime == "B" else "",
                    ),
                    pit=Figure(
                        "pit",
                        s.pit,
                        "(pit_revenue − deduction) × pit_rate"
                        if self.regime == "B"
                        else "pit_revenue × pit_rate",
                        {
                            "pit_revenue": s.pit_revenue,
                            "deduction": s.deduction,
                            "pit_rate": rates.pit_rate,
                            **({"periods": "; ".join(s.parts)} if len(s.parts) > 1 else {}),
                        },
                        rates.pit_ref,
                        "OQ-10",
                        s.pit_exact,
                    ),
                    pit_rate=rates.pit_rate,
                    vat_cut_revenue=s.cut_revenue,
                    vat_reduction=s.reduction,
                    withheld_revenue=s.withheld,
                )
            )
        revenue = sum(s.revenue for s in sums.values())
        vat = sum(s.vat for s in sums.values())
        pit = sum(s.pit for s in sums.values())
        ref = "NĐ 68/2026/NĐ-CP Art 3, 4" if self.regime == "B" else "TT 40/2021/TT-BTC Art 10"
        months = range(self.period.first_month, self.period.last_month + 1)
        cells = [v for (_ln, m), v in self.facts.lines.items() if m in months]
        return Assessment(
            period=self.period,
            regime=self.regime,
            group=group,
            method=method,
            lines=tuple(lines),
            revenue=Figure(
                "revenue", revenue, "Σ line revenue", {ln.line: ln.revenue.value for ln in lines}, ref
            ),
            vat=Figure(
                "vat", vat, "Σ line VAT (each rounded)", {ln.line: ln.vat.value for ln in lines}, ref, "OQ-10"
            ),
            pit=Figure(
                "pit", pit, "Σ line PIT (each rounded)", {ln.line: ln.pit.value for ln in lines}, ref, "OQ-10"
            ),
            payable=Figure("payable", vat + pit, "vat + pit", {"vat": vat, "pit": pit}, ref),
            year_revenue=year_fig,
            deduction_left=deduction_left,
            crossing=crossing,
            readings=tuple(sorted(self.readings)),
            warnings=tuple(self.warnings),
            filing=filing,
            filing_note=note[0],
            filing_note_vi=note[1],
            schedule=tuple(schedule),
            deduction=Figure(
                "deduction",
                period_deduction,
                "Σ deduction used by the lines in the period",
                {ln.line: ln.deduction.value for ln in lines},
                "NĐ 68/2026/NĐ-CP Art 4.3",
                "OQ-02",
            )
            if self.regime == "B"
            else None,
            withheld_vat=sum(c.withheld_vat for c in cells),
            withheld_pit=sum(c.withheld_pit for c in cells),
            filing_frequency=frequency,
        )


def _replace(result: Assessment, changes: dict[str, object], run: _Run) -> Assessment:
    from dataclasses import replace

    return replace(result, readings=tuple(sorted(run.readings)), warnings=tuple(run.warnings), **changes)  # type: ignore[arg-type]


def _zero_vat() -> tuple[int, int, int, Decimal, int]:
    """No VAT and nothing declared (the revenue is still reported on the line)."""
    return 0, 0, 0, Decimal(0), 0


def _declared_order(household: Household) -> list[BusinessLine]:
    """Lines in tie-break order (OQ-02): head office lines, then other locations in declared order."""
    head = household.head_office.id
    loc_index = {loc.id: i for i, loc in enumerate(household.locations)}

    def key(item: tuple[int, BusinessLine]) -> tuple[int, int, int]:
        index, line = item
        loc = household.location_of(line).id
        return (0 if loc == head else 1, loc_index.get(loc, -1), index)

    return [line for _i, line in sorted(enumerate(household.lines), key=key)]


def _kind_en(period: Period) -> str:
    return {"month": "monthly", "quarter": "quarterly", "half": "half-year", "year": "annual"}[
        period.kind.value
    ]

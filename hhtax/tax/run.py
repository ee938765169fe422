"""One engine run: the state shared by the regime modules (rates, warnings, readings) and the
per-line arithmetic: VAT with the cut (OQ-07), sums over filing periods, the assembled `Assessment`.
Rounding: half-up once per return row (group × place × filing period), the lines' figures being
shares of their row (OQ-10; `hhtax.tax.rows`, `hhtax.money.shares`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from hhtax.inventory import StockPosition
from hhtax.model import BusinessLine, Household, PitMethod
from hhtax.money import format_vnd, round_half_up
from hhtax.periods import Period, PeriodKind
from hhtax.rules import RuleBook
from hhtax.tax import formulas as F
from hhtax.tax import messages as msg
from hhtax.tax.assessment import (
    Assessment,
    Figure,
    FormCode,
    FormRow,
    Frequency,
    Group,
    InputValue,
    LineAssessment,
    Method,
    PeriodRow,
    TaxWarning,
)
from hhtax.tax.facts import YearFacts
from hhtax.tax.groups import group_rates
from hhtax.tax.rows import LineBase, LineTax, RowKey, row_taxes


@dataclass
class LineSums:
    """A line's figures summed over the filing periods inside the assessed period, and the figures of
    the rows it shares (OQ-10)."""

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
    row_vat_revenue: int = 0
    row_vat: int = 0
    row_pit_base: int = 0
    row_pit: int = 0
    shared: bool = False  # the line shares a row with other lines
    vat_parts: list[str] = field(default_factory=list)
    pit_parts: list[str] = field(default_factory=list)

    def add(self, facts: YearFacts, months: range, base: LineBase, tax: LineTax, sub: Period) -> None:
        """Add one filing period's bases and shares."""
        cells = [facts.line_month(base.line, m) for m in months]
        self.revenue += sum(c.revenue for c in cells)
        self.withheld += sum(c.withheld for c in cells)
        self.vat_revenue += base.vat_revenue
        self.cut_revenue += base.cut_revenue
        self.reduction += base.reduction
        self.vat += tax.vat
        self.vat_exact += tax.vat_exact
        self.pit_revenue += base.pit_revenue
        self.deduction += base.deduction
        self.pit += tax.pit
        self.pit_exact += tax.pit_exact
        self.vat_parts.append(f"{sub}: {format_vnd(tax.vat)}")
        self.pit_parts.append(f"{sub}: {format_vnd(tax.pit)}")

    def add_row(self, row: FormRow) -> None:
        """Add the figures of a row the line is on."""
        if row.tax == "vat":
            self.row_vat_revenue += row.base
            self.row_vat += row.value
        else:
            self.row_pit_base += row.base
            self.row_pit += row.value
        self.shared = self.shared or len(row.lines) > 1


@dataclass
class Run:
    """The state of one assessment: household, year facts, period, rules, warnings and readings."""

    household: Household
    facts: YearFacts
    period: Period
    rules: RuleBook
    what_if: Method | None = None
    stock: StockPosition | None = None  # the period's stock by the household's valuation (ND 68 Art 6.1.a)
    warnings: list[TaxWarning] = field(default_factory=list)
    readings: set[str] = field(default_factory=set)
    rows: list[FormRow] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.on = self.period.end
        self.regime = self.period.regime
        self.threshold_rule = self.rules.get("threshold", self.on)
        self.threshold = int(self.threshold_rule.value)
        self.order = declared_order(self.household)
        self.rates = {
            line.id: group_rates(line.group.value, self.rules, self.on) for line in self.household.lines
        }
        own = range(self.period.first_month, self.period.last_month + 1)
        early = sum(v for m, v in self.facts.early_withheld.items() if m in own)
        if early:
            self.warn(
                "platform_early",
                f"sales of {format_vnd(early)} are flagged as platform-withheld but dated before platforms "
                "withheld tax (ND 117/2025, from 01/07/2025): they are declared and taxed as other sales; "
                "check the flag",
                f"doanh thu {format_vnd(early)} được đánh dấu sàn đã khấu trừ thuế nhưng phát sinh trước khi "
                "sàn khấu trừ thuế (NĐ 117/2025, từ 01/07/2025): vẫn kê khai, tính thuế như doanh thu khác; "
                "hãy kiểm tra lại",
                ref="NĐ 117/2025/NĐ-CP",
                amount=early,
            )
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
        self.warnings.append(TaxWarning(code=code, message=en, message_vi=vi, ref=ref, amount=amount))

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

    # -- the bases of one line over some months ---------------------------------------------------
    def vat_base(self, line: BusinessLine, months: list[int]) -> tuple[int, int, int]:
        """(declared revenue, cut revenue, VAT cut) of a line over `months`: the cut revenue is the
        declared revenue of the months the cut applies to (NQ 204/2025; OQ-07), its VAT cut the line's
        `PL_NQ142_GTGT` row, rounded there (OQ-10)."""
        rates = self.rates[line.id]
        declared = cut = 0
        reduction_exact = Decimal(0)
        for month in months:
            cell = self.facts.line_month(line.id, month)
            declared += cell.revenue - cell.withheld
            rule = self.rules.find("vat_cut.reduction", date(self.period.year, month, 1))
            if rule is not None and cell.cut:
                cut += cell.cut
                reduction_exact += Decimal(cell.cut) * rates.vat_rate * rule.value
        if cut:
            self.readings.add("OQ-07")
        return declared, cut, round_half_up(reduction_exact)

    def main_form_net(self) -> bool:
        rule = self.rules.find("vat_cut.main_form", self.on)
        return rule is None or rule.value == "net"

    def row_key(self, line: BusinessLine, rate: Decimal, *, head_office: bool = False) -> RowKey:
        """The return row of a line (OQ-10): TT 40 rows [28]–[31] are per group for the household; TT 18
        rows per group and place (`head_office`: the income method's PIT columns, ND 68/2026 Art 8.4.b)."""
        if self.regime == "A":
            return RowKey(self.rates[line.id].row, "", rate)
        place = self.household.head_office if head_office else self.household.location_of(line)
        return RowKey(line.group.value, place.id, rate)

    def settle(self, sub: Period, bases: list[LineBase], sums: dict[str, LineSums]) -> tuple[int, int, int]:
        """Round the rows of one filing period (OQ-10), add the lines' shares of a period inside the
        assessed one to `sums`; (revenue, VAT, PIT) declared in the filing period."""
        taxes, rows = row_taxes(bases, sub, net_cut=self.main_form_net())
        inside = self.period.start <= sub.start
        if inside:
            self.rows.extend(rows)
            months = range(
                max(sub.first_month, self.period.first_month), min(sub.last_month, self.period.last_month) + 1
            )
            for base in bases:
                sums[base.line].add(self.facts, months, base, taxes[base.line], sub)
            for row in rows:
                for line, _share in row.lines:
                    sums[line].add_row(row)
        return (
            sum(b.vat_revenue for b in bases),
            sum(r.value for r in rows if r.tax == "vat"),
            sum(r.value for r in rows if r.tax == "pit"),
        )

    # -- assembling ---------------------------------------------------------------------------------
    def build(
        self,
        group: Group,
        method: Method,
        sums: dict[str, LineSums],
        year_fig: Figure,
        schedule: list[PeriodRow],
        filing: FormCode,
        note: msg.Note,
        frequency: Frequency,
        *,
        crossing: bool = False,
        deduction_left: int = 0,
        period_deduction: int = 0,
    ) -> Assessment:
        """The assessment from the lines' sums and the year's schedule."""
        lines = [self.line_assessment(line, sums[line.id]) for line in self.household.lines]
        revenue = sum(s.revenue for s in sums.values())
        vat = sum(r.value for r in self.rows if r.tax == "vat")
        pit = sum(r.value for r in self.rows if r.tax == "pit")
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
                name="revenue",
                value=revenue,
                formula=F.REVENUE_LINES,
                inputs={ln.line: ln.revenue.value for ln in lines},
                ref=ref,
            ),
            vat=Figure(
                name="vat",
                value=vat,
                formula=F.VAT_ROWS,
                inputs=row_inputs(self.rows, "vat"),
                ref=ref,
                reading="OQ-10",
            ),
            pit=Figure(
                name="pit",
                value=pit,
                formula=F.PIT_ROWS,
                inputs=row_inputs(self.rows, "pit"),
                ref=ref,
                reading="OQ-10",
            ),
            payable=Figure(
                name="payable", value=vat + pit, formula=F.PAYABLE, inputs={"vat": vat, "pit": pit}, ref=ref
            ),
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
                name="deduction",
                value=period_deduction,
                formula=F.DEDUCTION_LINES,
                inputs={ln.line: ln.deduction.value for ln in lines},
                ref="NĐ 68/2026/NĐ-CP Art 4.3",
                reading="OQ-02",
            )
            if self.regime == "B"
            else None,
            withheld_vat=sum(c.withheld_vat for c in cells),
            withheld_pit=sum(c.withheld_pit for c in cells),
            filing_frequency=frequency,
            rows=tuple(self.rows),
        )

    def line_assessment(self, line: BusinessLine, s: LineSums) -> LineAssessment:
        """One line's figures: its revenue, and its shares of the rows' VAT and PIT (OQ-10)."""
        rates = self.rates[line.id]
        revenue_ref = "NĐ 68/2026/NĐ-CP Art 5" if self.regime == "B" else "TT 40/2021/TT-BTC Art 10"
        declared_ref = "NĐ 68/2026/NĐ-CP Art 11" if self.regime == "B" else "TT 40/2021/TT-BTC Art 10"
        withheld = {"revenue": s.revenue, "withheld_revenue": s.withheld}
        vat_inputs: dict[str, InputValue] = {"vat_revenue": s.vat_revenue, "vat_rate": rates.vat_rate}
        if s.cut_revenue:
            vat_inputs.update(vat_cut_revenue=s.cut_revenue, vat_cut=s.reduction)
        pit_inputs: dict[str, InputValue] = {
            "pit_revenue": s.pit_revenue,
            "deduction": s.deduction,
            "pit_rate": rates.pit_rate,
        }
        if s.shared:
            vat_inputs.update(row_vat_revenue=s.row_vat_revenue, row_vat=s.row_vat)
            pit_inputs.update(row_pit_revenue=s.row_pit_base, row_pit=s.row_pit)
        if len(s.vat_parts) > 1:
            vat_inputs["periods"] = "; ".join(s.vat_parts)
            pit_inputs["periods"] = "; ".join(s.pit_parts)
        return LineAssessment(
            line=line.id,
            group=line.group.value,
            location=self.household.location_of(line).id,
            revenue=Figure(
                name="revenue",
                value=s.revenue,
                formula=F.LINE_REVENUE,
                inputs={"withheld_revenue": s.withheld},
                ref=revenue_ref,
            ),
            vat_revenue=Figure(
                name="vat_revenue",
                value=s.vat_revenue,
                formula=F.DECLARED_REVENUE,
                inputs=dict(withheld),
                ref=declared_ref,
            ),
            vat=Figure(
                name="vat",
                value=s.vat,
                formula=F.line_vat(bool(s.cut_revenue), s.shared),
                inputs=vat_inputs,
                ref=rates.vat_ref + ("; NQ 204/2025/QH15" if s.cut_revenue else ""),
                reading="OQ-07" if s.cut_revenue else "OQ-10",
                exact=s.vat_exact,
            ),
            vat_rate=rates.vat_rate,
            pit_revenue=Figure(
                name="pit_revenue",
                value=s.pit_revenue,
                formula=F.DECLARED_REVENUE,
                inputs=dict(withheld),
                ref=rates.pit_ref,
            ),
            deduction=Figure(
                name="deduction",
                value=s.deduction,
                formula=F.LINE_DEDUCTION,
                inputs={"pit_revenue": s.pit_revenue},
                ref="NĐ 68/2026/NĐ-CP Art 4.3",
                reading="OQ-02" if self.regime == "B" else "",
            ),
            pit=Figure(
                name="pit",
                value=s.pit,
                formula=F.line_pit(self.regime, s.shared),
                inputs=pit_inputs,
                ref=rates.pit_ref,
                reading="OQ-10",
                exact=s.pit_exact,
            ),
            pit_rate=rates.pit_rate,
            vat_cut_revenue=s.cut_revenue,
            vat_reduction=s.reduction,
            withheld_revenue=s.withheld,
            row=rates.row,
        )


def row_inputs(rows: list[FormRow], tax: str) -> dict[str, InputValue]:
    """A total's inputs: each row's figure, named period/row@place."""
    out: dict[str, InputValue] = {}
    for row in rows:
        if row.tax == tax:
            name = f"{row.period}/{row.row}" + (f"@{row.location}" if row.location else "")
            out[name] = int(out.get(name, 0)) + row.value
    return out


def replace_result(result: Assessment, changes: dict[str, object], run: Run) -> Assessment:
    """`result` with `changes` and the run's current readings and warnings."""
    return replace(result, readings=tuple(sorted(run.readings)), warnings=tuple(run.warnings), **changes)  # type: ignore[arg-type]


def declared_order(household: Household) -> list[BusinessLine]:
    """Lines in tie-break order (OQ-02): head office lines, then other locations in declared order."""
    head = household.head_office.id
    loc_index = {loc.id: i for i, loc in enumerate(household.locations)}

    def key(item: tuple[int, BusinessLine]) -> tuple[int, int, int]:
        index, line = item
        loc = household.location_of(line).id
        return (0 if loc == head else 1, loc_index.get(loc, -1), index)

    return [line for _i, line in sorted(enumerate(household.lines), key=key)]


def method_of(method: PitMethod) -> Method:
    """The assessment's method name of a household's PIT method (ND 68/2026 Art 4.5)."""
    return "income" if method is PitMethod.INCOME else "revenue"


def kind_en(period: Period) -> str:
    """The adjective for the period kind in English notes ("quarterly", ...)."""
    return {"month": "monthly", "quarter": "quarterly", "half": "half-year", "year": "annual"}[
        period.kind.value
    ]

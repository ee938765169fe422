"""One engine run: the state shared by the regime modules (rates, warnings, readings) and the
per-line arithmetic: VAT with the cut (OQ-07), sums over filing periods, the assembled `Assessment`.
Rounding: half-up per line and filing period, then sums (OQ-10; `hhtax.money`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from hhtax.model import BusinessLine, Household
from hhtax.money import format_vnd, round_half_up
from hhtax.periods import Period, PeriodKind
from hhtax.rules import RuleBook
from hhtax.tax import messages as msg
from hhtax.tax.assessment import Assessment, Figure, LineAssessment, PeriodRow, Warning
from hhtax.tax.facts import YearFacts
from hhtax.tax.groups import GroupRates, group_rates


@dataclass
class LineSums:
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
    vat_parts: list[str] = field(default_factory=list)
    pit_parts: list[str] = field(default_factory=list)


@dataclass
class Run:
    """The state of one assessment: household, year facts, period, rules, warnings and readings."""

    household: Household
    facts: YearFacts
    period: Period
    rules: RuleBook
    what_if: str = ""
    warnings: list[Warning] = field(default_factory=list)
    readings: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.on = self.period.end
        self.regime = self.period.regime
        self.threshold_rule = self.rules.get("threshold", self.on)
        self.threshold = int(self.threshold_rule.value)
        self.order = declared_order(self.household)
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
        target: LineSums,
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
        target.vat_parts.append(f"{sub}: {format_vnd(vat[2])}")
        target.pit_parts.append(f"{sub}: {format_vnd(pit)}")

    # -- assembling ---------------------------------------------------------------------------------
    def build(
        self,
        group: str,
        method: str,
        sums: dict[str, LineSums],
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
                            **({"periods": "; ".join(s.vat_parts)} if len(s.vat_parts) > 1 else {}),
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
                            **({"periods": "; ".join(s.pit_parts)} if len(s.pit_parts) > 1 else {}),
                        },
                        rates.pit_ref,
                        "OQ-10",
                        s.pit_exact,
                    ),
                    pit_rate=rates.pit_rate,
                    vat_cut_revenue=s.cut_revenue,
                    vat_reduction=s.reduction,
                    withheld_revenue=s.withheld,
                    row=rates.row,
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


def replace_result(result: Assessment, changes: dict[str, object], run: Run) -> Assessment:
    """`result` with `changes` and the run's current readings and warnings."""
    return replace(result, readings=tuple(sorted(run.readings)), warnings=tuple(run.warnings), **changes)  # type: ignore[arg-type]


def zero_vat() -> tuple[int, int, int, Decimal, int]:
    """No VAT and nothing declared (the revenue is still reported on the line)."""
    return 0, 0, 0, Decimal(0), 0


def declared_order(household: Household) -> list[BusinessLine]:
    """Lines in tie-break order (OQ-02): head office lines, then other locations in declared order."""
    head = household.head_office.id
    loc_index = {loc.id: i for i, loc in enumerate(household.locations)}

    def key(item: tuple[int, BusinessLine]) -> tuple[int, int, int]:
        index, line = item
        loc = household.location_of(line).id
        return (0 if loc == head else 1, loc_index.get(loc, -1), index)

    return [line for _i, line in sorted(enumerate(household.lines), key=key)]


def kind_en(period: Period) -> str:
    """The adjective for the period kind in English notes ("quarterly", ...)."""
    return {"month": "monthly", "quarter": "quarterly", "half": "half-year", "year": "annual"}[
        period.kind.value
    ]

"""What decides a regime-B period's group, method, frequency and filing duty (reading OQ-28).

The household "tự xác định" its annual revenue (NĐ 68/2026/NĐ-CP Art 8.1). For period P hhtax takes,
in this order: (1) the household's estimate of the year's revenue (`[estimates]` in household.toml,
or the latest `hhtax estimate` recorded before P was filed); (2) else `prior_year_revenue`; (3) else
the cumulative revenue from 01/01 to the end of P, so that returns start in the quarter in which it
passes the threshold (Art 8.1.a, 9.2; OQ-01). Entries dated after the end of P are never read for P
(the engine drops them before this point). Revenue already recorded up to the end of P is a fact, so
the group is never below it. At the end of the year the actual revenue fixes the final figures
(OQ-12); a warning names any contradiction between the estimate and the revenue recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hhtax.errors import InputError
from hhtax.model import Filing, Household
from hhtax.money import format_vnd, round_half_up
from hhtax.periods import PeriodKind
from hhtax.tax import formulas as F
from hhtax.tax.assessment import Figure
from hhtax.tax.run import Run

ART_8_1 = "NĐ 68/2026/NĐ-CP Art 8.1"


@dataclass(frozen=True)
class DutyBasis:
    """The revenue that decides the period's group (`revenue`), the household's expectation for the
    year (`expected`, None when it has neither an estimate nor a prior-year figure), where that came
    from (`source`: "estimate", "prior_year" or "") and the revenue recorded up to the period's end."""

    revenue: int
    expected: int | None
    source: str
    recorded: int

    def expected_under(self, threshold: int) -> bool:
        """The household did not expect to pass the threshold: returns start at the crossing (OQ-01)."""
        return self.expected is None or self.expected <= threshold


def expectation(household: Household, year: int) -> tuple[int | None, str]:
    """The household's estimate of `year`'s revenue, else its prior-year revenue (OQ-28)."""
    estimate = household.estimates.get(year)
    if estimate is not None:
        return estimate, "estimate"
    if household.prior_year_revenue is not None:
        return household.prior_year_revenue, "prior_year"
    return None, ""


def duty_basis(run: Run) -> tuple[DutyBasis, Figure]:
    """The basis of the period's group, and the `year_revenue` figure that shows it (OQ-28, OQ-12)."""
    recorded = run.year_revenue()  # the engine holds no entry dated after the period's end
    expected, source = expectation(run.household, run.period.year)
    year_end = run.period.kind is PeriodKind.YEAR or run.period.last_month == 12
    if year_end or expected is None:
        basis = DutyBasis(recorded, expected, source, recorded)
    else:
        basis = DutyBasis(max(expected, recorded), expected, source, recorded)
    _warn_contradiction(run, basis, year_end)
    inputs: dict[str, int | str | Decimal] = {"revenue": recorded}
    if expected is not None:
        inputs["estimate" if source == "estimate" else "prior_year_revenue"] = expected
    if basis.revenue == recorded:
        formula = F.YEAR_REVENUE if year_end else F.REVENUE_TO_DATE
    else:
        formula = F.MAX_ESTIMATE if source == "estimate" else F.MAX_PRIOR_YEAR
    decided = basis.revenue != recorded  # the estimate or prior-year revenue decided the group
    figure = Figure(name="year_revenue", value=basis.revenue, formula=formula, inputs=inputs,
                    ref=f"{run.threshold_rule.citation()}; {ART_8_1}", reading="OQ-28" if decided else "")
    if decided:
        run.readings.add("OQ-28")
    return basis, figure


def run_rate(run: Run, recorded: int) -> int:
    """Revenue to the end of the period scaled to twelve months of business (OQ-12's run-rate)."""
    start = run.household.business_start
    first = start.month if start is not None and start.year == run.period.year else 1
    months = run.period.last_month - first + 1
    return round_half_up(Decimal(recorded) * 12 / months) if months > 0 else recorded


def _warn_contradiction(run: Run, basis: DutyBasis, year_end: bool) -> None:
    """Warn when the revenue recorded contradicts the household's expectation (OQ-12, OQ-28)."""
    expected, threshold = basis.expected, run.threshold
    if expected is None:
        if not year_end and basis.recorded <= threshold:
            run.warn("OQ-28", f"no estimate of {run.period.year}'s revenue and no prior-year revenue: "
                     "returns start in the quarter in which revenue from 01/01 passes "
                     f"{format_vnd(threshold)} "
                     "(OQ-01); if the household expects more, record its estimate",
                     f"chưa có ước tính doanh thu năm {run.period.year} và doanh thu năm trước: khai từ quý "
                     f"doanh thu lũy kế vượt {format_vnd(threshold)} (OQ-01); nếu dự kiến vượt, hãy ghi "
                     "ước tính", ref=ART_8_1)
        return
    what = "estimate" if basis.source == "estimate" else "prior-year revenue"
    what_vi = "ước tính" if basis.source == "estimate" else "doanh thu năm trước"
    if year_end:
        if (expected > threshold) != (basis.recorded > threshold):
            run.warn("OQ-12", f"the year's actual revenue {format_vnd(basis.recorded)} is on the other "
                     f"side of {format_vnd(threshold)} than the {what} {format_vnd(expected)}: the actual "
                     "revenue fixes the year's final figures",
                     f"doanh thu thực tế cả năm {format_vnd(basis.recorded)} khác phía ngưỡng "
                     f"{format_vnd(threshold)} so với {what_vi} {format_vnd(expected)}: số liệu cuối năm "
                     "theo doanh thu thực tế", ref=ART_8_1)
        return
    if basis.recorded > expected:
        run.warn("OQ-28", f"revenue to the end of {run.period} ({format_vnd(basis.recorded)}) already "
                 f"exceeds the {what} {format_vnd(expected)}: the group follows the revenue recorded; "
                 "record a new estimate (`hhtax estimate`, or [estimates] in household.toml)",
                 f"doanh thu đến hết kỳ {run.period} ({format_vnd(basis.recorded)}) đã vượt {what_vi} "
                 f"{format_vnd(expected)}: nhóm theo doanh thu thực tế; hãy ghi ước tính mới", ref=ART_8_1)
        return
    pace = run_rate(run, basis.recorded)
    if (expected > threshold) != (pace > threshold):
        run.warn("OQ-12", f"at the pace so far ({format_vnd(basis.recorded)} to the end of {run.period}, "
                 f"≈ {format_vnd(pace)} a year) the year ends on the other side of {format_vnd(threshold)} "
                 f"than the {what} {format_vnd(expected)}; the returns follow the {what} until it is changed",
                 f"theo doanh thu đến nay ({format_vnd(basis.recorded)} đến hết kỳ {run.period}, ≈ "
                 f"{format_vnd(pace)} một năm) cả năm sẽ khác phía ngưỡng {format_vnd(threshold)} so với "
                 f"{what_vi} {format_vnd(expected)}; tờ khai theo {what_vi} cho đến khi hộ ghi ước tính mới",
                 ref=ART_8_1)


def files_monthly(run: Run, basis: DutyBasis, group: str) -> bool:
    """Whether the period's returns are monthly (NĐ 68/2026 Art 10.1; reading OQ-30): above 50 bn they
    are, whatever the profile says (with a warning); at or under 50 bn a profile saying "monthly" is
    refused unless `filing_override = "monthly"` gives a reason."""
    rule = run.rules.get("filing.monthly_above_revenue", run.on)
    limit = format_vnd(int(rule.value))
    household = run.household
    # The frequency is the year's procedure: the estimate keeps it to December (OQ-28), even when
    # the last period of the year is judged on the actual revenue.
    planned = max(basis.expected or 0, basis.recorded)
    if group == "G4" or planned > int(rule.value):
        if household.filing != Filing.MONTHLY:
            run.warn("frequency", f"annual revenue above {limit}: returns are monthly, "
                     "not quarterly (NĐ 68/2026 Art 10.1)",
                     f"doanh thu năm trên {limit}: khai theo tháng, không theo quý "
                     "(NĐ 68/2026 Điều 10.1)", ref=rule.citation())
        return True
    if household.filing_override == Filing.MONTHLY:
        run.warn("OQ-30", f"monthly returns at or under {limit} by the household's "
                 f"override: {household.filing_override_reason}",
                 f"khai theo tháng dù doanh thu không quá {limit}, theo lựa chọn của hộ: "
                 f"{household.filing_override_reason}", ref=rule.citation())
        return True
    if household.filing == Filing.MONTHLY:
        raise InputError(
            f'filing = "monthly" is refused: the revenue that decides {run.period} is '
            f"{format_vnd(planned)}, at or under {limit}, so returns are "
            f'quarterly ({rule.citation()}); set filing = "quarterly", or filing_override = '
            '"monthly" with filing_override_reason', field="filing")
    return False

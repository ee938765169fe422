"""The tax engine: (household, journal, period, rule pack) → `Assessment`, pure.

`assess` aggregates the entries of the period's calendar year first (`hhtax.aggregates`);
`assess_aggregates` takes monthly aggregates from any source (a ledger's, read by
`hhtax.ledger_tax.assess_ledger`: one SQL `GROUP BY` for SQLite), so both run the same core on a few
hundred rows whatever the journal's size. Nothing here reads a ledger: the engine is a pure function
of (household, entries or aggregates, period, rules).

Regime A (periods to 2025, TT 40/2021 Art 4, 10, App. I): VAT and PIT as % of all revenue per
industry group when the calendar year's revenue exceeds 100 m. Regime B (from 2026, ND 68/2026
Art 3, 4, 6, 8–10 as amended by ND 141/2026): groups G1–G4; revenue method with the 1 bn
deduction (OQ-02); income method with provisional PIT (OQ-03) and the year's finalisation.
Rounding: half-up once per return row (industry group × place × filing period), the lines' figures
being shares of their row (OQ-10; `hhtax.tax.rows`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from hhtax.aggregates import AggregateRow, aggregate_entries
from hhtax.model import Entry, Filing, Household, PitMethod
from hhtax.money import format_vnd, rounding
from hhtax.periods import Period, PeriodKind
from hhtax.rules import RuleBook
from hhtax.tax import messages as msg
from hhtax.tax.assessment import Assessment
from hhtax.tax.facts import EntryFacts, book_unpaid_wages, entry_facts, year_facts
from hhtax.tax.leasing_forms import with_leasing
from hhtax.tax.real_estate import leases_only, pool_note, without_pool
from hhtax.tax.regime_a import assess_regime_a
from hhtax.tax.regime_b import assess_regime_b
from hhtax.tax.run import Run, method_of, replace_result

NO_CASH_LIMIT = 2**62  # regime A has no cash-payment rule; nothing counts as a large cash payment


def cash_limit(rules: RuleBook, period: Period) -> int:
    """The single-payment cash limit for deductible costs (ND 68/2026 Art 6.1), if any."""
    rule = rules.find("cash_payment_limit", period.end)
    return int(rule.value) if rule is not None else NO_CASH_LIMIT


def assess(household: Household, entries: Iterable[Entry], period: Period, rules: RuleBook) -> Assessment:
    """Assess `period` from the journal entries in journal order: the aggregates of the period's calendar
    year, and the stock and unpaid wages the income method needs (`EntryFacts`)."""
    listed = list(entries)
    year = period.year
    rows = aggregate_entries((e for e in listed if e.date.year == year), cash_limit(rules, period))
    result = assess_aggregates(household, rows, period, rules)
    if result.method != "income" or result.group == "G1":
        return result  # costs matter to the income method only (ND 68/2026 Art 6)
    listed.sort(key=lambda e: e.date)  # journal order (a stable sort keeps the order within a day)
    return assess_aggregates(
        household, rows, period, rules, entry_facts=entry_facts(household, listed, period)
    )


def assess_aggregates(
    household: Household,
    rows: Iterable[AggregateRow],
    period: Period,
    rules: RuleBook,
    *,
    what_if_method: PitMethod | None = None,
    entry_facts: EntryFacts | None = None,
) -> Assessment:
    """The engine core on monthly aggregates of the period's calendar year.

    `what_if_method` computes a PIT method even where the law does not allow it
    (for `compare`); the assessment then says so in a warning. `entry_facts` carry the stock position and
    the unpaid wages the income method's costs need (ND 68/2026 Art 6.1.a, 6.2.c); without them the
    goods cost is the period's purchases (a warning says so)."""
    rows = list(rows)
    if period.regime == "B":  # OQ-28: an entry dated after the period's end is never read for it
        last = period.last_month
        rows = [row for row in rows if row.key.month <= last]
    with rounding(str(rules.value("rounding.mode", period.end))):
        ordinary, rows_left = without_pool(household, rows, period, rules)  # OQ-09: 01/BĐS apart
        facts = year_facts(ordinary, rows_left, period.year, withholding_months(rules, period.year))
        extra = entry_facts or EntryFacts()
        book_unpaid_wages(facts, extra.unpaid_wages)
        what_if = None if what_if_method is None else method_of(what_if_method)
        run = Run(ordinary, facts, period, rules, what_if=what_if, stock=extra.stock)
        if run.regime == "A":
            result = assess_regime_a(run)
        else:
            result = half_year_notices(run, overpaid_year(run, assess_regime_b(run), rows_left), rows)
        leasing_only = leases_only(household, run.regime, rules, period.end)
        result = before_start(with_leasing(result, household, rules, rows), household, leasing_only)
        return pool_note(result, household, rows, rules) if ordinary is not household else result


def withholding_months(rules: RuleBook, year: int) -> list[int]:
    """The months of `year` in which platforms withheld VAT and PIT (ND 117/2025, from 01/07/2025;
    rule `platform.withholding`)."""
    return [m for m in range(1, 13) if rules.find("platform.withholding", date(year, m, 1)) is not None]


def overpaid_year(run: Run, result: Assessment, rows: list[AggregateRow]) -> Assessment:
    """OQ-29: a year that ends at or under the threshold owes no VAT or PIT, so the tax declared on its
    monthly or quarterly returns (due under the household's expectation, OQ-28) is overpaid. The
    returns are not amended; the revenue notice 01/TKN-CNKD reports the tax as overpaid, to be offset
    against later obligations or refunded (ND 68/2026 Art 12.1; ND 141/2026 Art 4.1; Law 38/2019 Art 60)."""
    if run.period.kind is not PeriodKind.YEAR or result.group != "G1":
        return result
    monthly = run.household.filing is Filing.MONTHLY
    subs = list(run.period.months() if monthly else run.period.quarters())
    filed = [a for a in (assess_aggregates(run.household, rows, sub, run.rules) for sub in subs) if a.filing]
    vat, pit = sum(a.vat.value for a in filed), sum(a.pit.value for a in filed)
    if not vat and not pit:
        return result
    periods = ", ".join(str(a.period) for a in filed if a.vat.value or a.pit.value)
    run.warn(
        "OQ-29",
        f"the year ended at or under {format_vnd(run.threshold)}: the VAT {format_vnd(vat)} and PIT "
        f"{format_vnd(pit)} declared for {periods} are overpaid; the returns are not amended: report them "
        "on 01/TKN-CNKD and ask for a refund, or offset them against later tax obligations",
        f"doanh thu năm không vượt {format_vnd(run.threshold)}: thuế GTGT {format_vnd(vat)} và thuế TNCN "
        f"{format_vnd(pit)} đã khai cho kỳ {periods} là số nộp thừa; không khai bổ sung các tờ khai đó: "
        "ghi trên 01/TKN-CNKD và đề nghị hoàn, hoặc bù trừ vào nghĩa vụ thuế phải nộp sau",
        ref="NĐ 68/2026/NĐ-CP Art 12.1; NĐ 141/2026/NĐ-CP Art 4.1; Law 38/2019/QH14 Art 60",
        amount=vat + pit,
    )
    return replace_result(result, {"declared_vat": vat, "declared_pit": pit}, run)


def started_in_h1(household: Household, year: int) -> bool:
    """The business started in the first half of `year` (NĐ 68/2026 Art 9.1)."""
    start = household.business_start
    return start is not None and start.year == year and start.month <= 6


def half_year_notices(run: Run, result: Assessment, rows: list[AggregateRow]) -> Assessment:
    """A business started in H1 at or under the threshold notifies its revenue twice: from the start to
    30/06 by 31/07, and the second half-year by 31/01 of the next year (NĐ 68/2026 Art 9.1; the TT 50
    form's [01b]/[01c] periods): 01/TKN-CNKD is due for 2026-H1 and 2026-H2, and not for the year,
    whose revenue would otherwise be notified twice. When H1 was not at or under the threshold (its
    returns were quarterly), the year's notice stays as for any household (Art 8.1)."""
    period, household = run.period, run.household
    if result.group != "G1" or not started_in_h1(household, period.year) \
            or period.kind not in (PeriodKind.HALF, PeriodKind.YEAR):
        return result
    first = Period(period.year, PeriodKind.HALF, 1)
    if period != first and assess_aggregates(household, rows, first, run.rules).group != "G1":
        return result
    if period.kind is PeriodKind.HALF:
        return replace(result, filing="01/TKN-CNKD", filing_note="", filing_note_vi="",
                       filing_frequency="annual")
    start = household.business_start
    assert start is not None
    note = msg.note(msg.NEW_BUSINESS_HALVES, start=f"{start:%d/%m/%Y}", year=period.year)
    return replace(result, filing="", filing_note=note[0], filing_note_vi=note[1])


def before_start(result: Assessment, household: Household, leasing_only: bool = False) -> Assessment:
    """A period that ends before the business started has no return (a duty arises from the start of
    business: NĐ 68/2026 Art 9; TT 40/2021 Art 8, 13); its figures stay for information. The note says
    so whenever a return would be due, and always for a leasing-only household (whose leasing note
    would otherwise name a form)."""
    start = household.business_start
    if start is None or result.period.end >= start or not (result.filing or leasing_only):
        return result
    return replace(
        result,
        filing="",
        filings=(),
        filing_note=f"no return: the business started on {start:%d/%m/%Y}, after this period",
        filing_note_vi=f"không phải khai: hộ bắt đầu kinh doanh ngày {start:%d/%m/%Y}, sau kỳ này",
    )

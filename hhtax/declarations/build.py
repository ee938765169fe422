"""From an assessment to a `Declaration`: which form, which rows, which appendices.

- Regime A (periods to 2025): 01/CNKD TT 40/2021 App. II (maTKhai 473), Part A rows [28]–[31] by
  the group's row (`groups.<g>.row`), method box "kê khai" (TT 40 Art 5), with 01-2/BK-HĐKD
  (Part I inventory from the books, Part II costs [24]–[30], regime-a.md §5.2).
- Regime B (2026 on): 01/CNKD TT 18/2026 (maTKhai 1240, reading OQ-04): one row per place ×
  group (xml-format.md §9.3), deduction column [14] (ND 68/2026 Art 4.3, OQ-02),
  `soTienTruKyTiep`; 01/BK-STK with the first return of a year (ND 68 Art 13.4, 17.4); 01/BK-HTK
  with the first 2026 return when required (ND 68 Art 18.4; TT 18 Art 8.3). A G1 year gets the
  revenue notice 01/TKN-CNKD (TT 18 Art 4 as amended by TT 50; reading OQ-05).
- Both: `PL_NQ142_GTGT` when a line took the VAT cut (NQ 204/2025, ND 174/2025; OQ-07).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Protocol

from hhtax.declarations.build_qtt import FINALISATION, qtt_body
from hhtax.declarations.model import (
    BK_HDKD_COST_BOXES,
    LAYOUT_QTT,
    LAYOUT_TKN,
    LAYOUT_TT18,
    LAYOUT_TT40,
    TT40_BOXES,
    AccountRow,
    Appendix,
    BkHdkd,
    BkHtk,
    BkStk,
    Declaration,
    InventoryRow,
    Payment,
    Place,
    Service,
    StockRow,
    Taxpayer,
    TknBody,
    TknPlace,
    TknRow,
    Tt18Body,
    Tt18Row,
    Tt40Body,
    Tt40Row,
    VatCut,
    VatCutRow,
)
from hhtax.declarations.model_qtt import QttBody
from hhtax.declarations.notes import assessment_notes
from hhtax.declarations.places import area_code
from hhtax.declarations.xml_reader import form_info
from hhtax.errors import DeclarationError, Problem
from hhtax.ids import compact
from hhtax.journal import Ledger, is_writable
from hhtax.model import Household, IndustryGroup, Location, TaxOffice
from hhtax.periods import Period
from hhtax.rules import RuleBook
from hhtax.rules.loader import regime_b_start
from hhtax.tax.assessment import Assessment, LineAssessment
from hhtax.tax.leasing_forms import ordinary_form

# 01-2/BK-HĐKD Part II: cost category → box (regime-a.md §5.2; the last three are hhtax's mapping).
COST_BOXES = {"labour": "24", "electricity": "25", "water": "26", "telecom": "27", "rent": "28",
              "management": "29", "other": "30", "depreciation": "30", "interest": "30"}


class ItemLike(Protocol):
    """An inventory line as `hhtax.books.inventory_summary` returns it."""

    @property
    def name(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def opening_qty(self) -> Decimal: ...
    @property
    def opening_value(self) -> int: ...
    @property
    def in_qty(self) -> Decimal: ...
    @property
    def in_value(self) -> int: ...
    @property
    def out_qty(self) -> Decimal: ...
    @property
    def out_value(self) -> int: ...
    @property
    def closing_qty(self) -> Decimal: ...
    @property
    def closing_value(self) -> int: ...


@dataclass(frozen=True)
class Extras:
    """Ledger facts the assessment does not carry: inventory, opening stock, platform-withheld tax."""

    inventory: Sequence[ItemLike] = ()  # the period's inventory movement (01-2/BK-HĐKD Part I)
    opening_stock: Sequence[ItemLike] = ()  # stock at 31/12/2025 (01/BK-HTK)
    withheld_vat: int = 0
    withheld_pit: int = 0
    first_return_of_year: bool = True


def build_declaration(household: Household, assessment: Assessment, rules: RuleBook, *, today: date,
                      extras: Extras = Extras()) -> Declaration:
    """The original (loaiTKhai C) return the assessment calls for; DeclarationError if none is due."""
    period = assessment.period
    on = period.end
    filing = ordinary_form(assessment)
    if filing == "01/TKN-CNKD" and assessment.regime == "B":
        form = form_info(rules, "01_TKN_CNKD", on)
        body: Tt40Body | Tt18Body | TknBody | QttBody = _tkn_body(household, assessment, rules, extras)
        # 1245 C: the viewer's catalogue lists no appendix (forms-more.md §3, §5)
        layout = LAYOUT_TKN
        appendices: tuple[Appendix, ...] = ()
        readings: tuple[str, ...] = ("OQ-05",)
    elif filing == "01/CNKD" and assessment.regime == "A":
        form = form_info(rules, "01_CNKD", on)
        body = _tt40_body(assessment, rules)
        layout = LAYOUT_TT40
        appendices = (_bk_hdkd(assessment, rules, extras), *_vat_cut(assessment, household, rules))
        readings = ()
    elif filing == FINALISATION and assessment.regime == "B":
        form = form_info(rules, "02_CNKD", on)
        body = qtt_body(household, assessment, rules)
        layout, appendices, readings = LAYOUT_QTT, (), ("OQ-26",)
    elif filing == "01/CNKD":
        form = form_info(rules, "01_CNKD", on)
        body = _tt18_body(household, assessment, rules)
        layout = LAYOUT_TT18
        appendices = (*_bk_stk(household, rules, on, extras), *_bk_htk(household, assessment, rules, extras),
                      *_vat_cut(assessment, household, rules))
        readings = ("OQ-04",)
    else:
        raise DeclarationError([Problem("filing", assessment.filing_note or
                                        f"nothing to file for {period} ({filing or 'none'})")])
    return Declaration(
        form=form, layout=layout, period=period, taxpayer=taxpayer(household, layout),
        body=body, prepared_on=today, signer=household.name, signed_on=today,
        service=Service(**rules.value("xml.service", on)), appendices=appendices,
        notes=assessment_notes(assessment, readings))


def taxpayer(household: Household, layout: str) -> Taxpayer:
    """The taxpayer block; the TT 40 header boxes [05]–[10] only on the TT 40 layout, the previous tax
    code (`mst_cu`) not on the revenue notice."""
    head = household.head_office
    base = Taxpayer(
        tax_code=compact(household.tax_code), name=household.name,
        legacy_tax_code=compact(household.legacy_tax_code)
        if household.legacy_tax_code and layout not in (LAYOUT_TKN, LAYOUT_QTT) else "",  # no mst_cu there
        address=head.address or household.address, ward=head.ward or household.ward,
        district=household.district, province=head.province or household.province,
        phone=household.phone, email=household.email,
        tax_office_code=household.tax_office.code, tax_office_name=household.tax_office.name)
    if layout != LAYOUT_TT40:
        return base
    return replace(
        base, shop_name=household.shop_name, residence=household.residence,
        bank_account=household.accounts[0].number if household.accounts else "",
        business_lines=tuple(line.name for line in household.lines if line.name),
        area_m2=head.area_m2, rented=head.rented,
        employees=household.employees or None)


# -- regime A --------------------------------------------------------------------------------------

def _tt40_body(assessment: Assessment, rules: RuleBook) -> Tt40Body:
    """Part A: lines summed into rows [28]–[31] by `groups.<g>.row` (TT 40 App. I, reading OQ-19)."""
    sums = {box: [0, 0, 0, 0] for box in TT40_BOXES}
    for line in assessment.lines:
        box = str(rules.value(f"groups.{line.group}.row", assessment.period.end))
        if box not in sums:
            continue  # leasing (01/TTS) and agents (withheld) are not declared on 01/CNKD
        row = sums[box]
        row[0] += line.vat_revenue.value
        row[1] += line.vat.value
        row[2] += line.pit_revenue.value
        row[3] += line.pit.value
    return Tt40Body(rows=tuple(Tt40Row(box, *sums[box]) for box in TT40_BOXES))


def _bk_hdkd(assessment: Assessment, rules: RuleBook, extras: Extras) -> BkHdkd:
    costs = dict.fromkeys(BK_HDKD_COST_BOXES, 0)
    for cost in assessment.costs:
        box = COST_BOXES.get(cost.category)
        if box is not None:
            costs[box] += cost.total
    items = tuple(InventoryRow(
        name=i.name, unit=i.unit, opening_qty=i.opening_qty, opening_value=i.opening_value,
        in_qty=i.in_qty, in_value=i.in_value, out_qty=i.out_qty, out_value=i.out_value,
        closing_qty=i.closing_qty, closing_value=i.closing_value) for i in extras.inventory)
    return BkHdkd(form=form_info(rules, "01_2_BK_HDKD", assessment.period.end), items=items,
                  costs=tuple(costs[box] for box in BK_HDKD_COST_BOXES))


# -- regime B --------------------------------------------------------------------------------------

_LETTERS = "abcdđeg"  # the order of the lettered rows on the 2026 forms


def _tkn_body(household: Household, assessment: Assessment, rules: RuleBook, extras: Extras) -> TknBody:
    """The revenue notice (TT 18/2026 Art 4 as amended by TT 50/2026; xml-format.md §11, reading OQ-05):
    the year's total, and for the printed form each place's revenue by group ([08a]–[08e], every
    group row printed), platform sales whose tax was withheld ([09a]–[09e], ND 117/2025) and agency
    revenue ([10])."""
    on = assessment.period.end
    groups = sorted((g for g in IndustryGroup if g is not IndustryGroup.AGENT),
                    key=lambda g: _LETTERS.index(str(rules.value(f"groups.{g}.row", on))))
    at_place: dict[tuple[str, str], int] = {}
    on_platform: dict[str, int] = {}
    agents = 0
    for line in assessment.lines:
        if line.group == IndustryGroup.AGENT:
            agents += line.revenue.value
            continue
        loc = household.location_of(household.line(line.line)) if _has_line(household, line.line) \
            else household.head_office
        key = (loc.id, line.group)
        at_place[key] = at_place.get(key, 0) + line.revenue.value - line.withheld_revenue
        on_platform[line.group] = on_platform.get(line.group, 0) + line.withheld_revenue

    def rows(amounts: dict[str, int]) -> tuple[TknRow, ...]:
        return tuple(TknRow(row=str(rules.value(f"groups.{g}.row", on)), group=str(g),
                            name=str(rules.value(f"groups.{g}.name_vi", on)), revenue=amounts.get(g, 0))
                     for g in groups)

    places = tuple(
        TknPlace(head_office=loc.id == household.head_office.id, code=loc.code,
                 name=loc.name or household.shop_name, address=loc.address or household.address,
                 ward=loc.ward or household.ward, province=loc.province or household.province,
                 rows=rows({g: v for (place, g), v in at_place.items() if place == loc.id}))
        for loc in _ordered_locations(household)
        if any(place == loc.id for place, _ in at_place) or loc.id == household.head_office.id)
    # (d)/(đ): tax withheld by platforms and tax declared on the year's periodic returns (OQ-29)
    return TknBody(revenue=assessment.revenue.value, vat=assessment.vat.value, pit=assessment.pit.value,
                   withheld_vat=extras.withheld_vat + assessment.declared_vat,
                   withheld_pit=extras.withheld_pit + assessment.declared_pit, places=places,
                   platform=rows(on_platform) if any(on_platform.values()) else (), agents=agents)


def _tt18_body(household: Household, assessment: Assessment, rules: RuleBook) -> Tt18Body:
    """Section I: one place per location (head office first), one row per group (§9.3). Under the
    income method revenue and VAT stay with each place and the PIT columns move to the head office
    (ND 68/2026 Art 8.4.b)."""
    on = assessment.period.end
    locations = _ordered_locations(household)
    by_place: dict[str, dict[str, list[LineAssessment]]] = {loc.id: {} for loc in locations}
    for line in assessment.lines:
        loc = household.location_of(household.line(line.line)) if _has_line(household, line.line) \
            else household.head_office
        by_place.setdefault(loc.id, {}).setdefault(line.group, []).append(line)
    rows = {loc.id: [_tt18_row(group, lines, rules, on) for group, lines in by_place[loc.id].items()]
            for loc in locations}
    if assessment.method == "income":
        _pit_to_head_office(rows, locations[0].id)
    places, offices = [], []
    for loc in locations:
        if rows[loc.id]:
            own = loc.tax_office.code or loc.tax_office.name
            offices.append(loc.tax_office if own else household.tax_office)
            places.append(Place(
                head_office=loc.id == household.head_office.id, code=loc.code,
                name=loc.name or household.shop_name, address=loc.address or household.address,
                ward=loc.ward or household.ward, province=loc.province or household.province,
                rows=tuple(rows[loc.id])))
    return Tt18Body(method=assessment.method, fixed=tuple(places), deduction_left=assessment.deduction_left,
                    payments=_payments(household, assessment, zip(places, offices, strict=True), rules))


def _payments(household: Household, assessment: Assessment, places: Iterable[tuple[Place, TaxOffice]],
              rules: RuleBook) -> tuple[Payment, ...]:
    """Part D [35]–[44] (TT 18/2026 mẫu 01/CNKD; xml-format.md §9.3): one row per place and tax with an
    amount payable ([18]), its tiểu mục (`budget.sub_item.*`), the place's administrative area, the tax
    office that manages the place and collects the payment (the household's unless the place names
    its own) and the due date (Law 38/2019 Art 44, 55; `hhtax.tax.deadlines`); the chương [39] of
    household businesses (`budget.chapter`) and the area code [41] from `vietnam-provinces`."""
    from hhtax.tax.deadlines import due_date

    period = assessment.period
    due = due_date(household, period, "01/CNKD", rules)
    rows = []
    for place, office in places:
        area = ", ".join(part for part in (place.ward, place.province) if part)
        for tax, content, amount in (("vat", "Thuế giá trị gia tăng", sum(r.vat for r in place.rows)),
                                     ("pit", "Thuế thu nhập cá nhân", sum(r.pit for r in place.rows))):
            if amount > 0:
                rows.append(Payment(
                    location_code=place.code, content=content, amount=amount,
                    sub_item=str(rules.value(f"budget.sub_item.{tax}", period.end)), due=due,
                    chapter=str(rules.value("budget.chapter", period.end)),
                    area_code=area_code(place.ward, place.province),
                    area_name=area, collector_code=office.code, collector_name=office.name,
                    office_code=office.code, office_name=office.name))
    return tuple(rows)


def _pit_to_head_office(rows: dict[str, list[Tt18Row]], head: str) -> None:
    """Move [13]–[15] of the other places onto the head office's row of the same group."""
    head_rows = {row.group: index for index, row in enumerate(rows[head])}
    for place, place_rows in rows.items():
        if place == head:
            continue
        for index, row in enumerate(place_rows):
            if not (row.pit_revenue or row.deduction or row.pit):
                continue
            place_rows[index] = replace(row, pit_revenue=0, deduction=0, pit=0)
            if row.group in head_rows:
                target = rows[head][head_rows[row.group]]
                rows[head][head_rows[row.group]] = replace(
                    target, pit_revenue=target.pit_revenue + row.pit_revenue,
                    deduction=target.deduction + row.deduction, pit=target.pit + row.pit)
            else:
                head_rows[row.group] = len(rows[head])
                rows[head].append(replace(row, vat_revenue=0, vat=0))


def _has_line(household: Household, line_id: str) -> bool:
    return any(line.id == line_id for line in household.lines)


def _ordered_locations(household: Household) -> list[Location]:
    head = household.head_office
    return [head, *(loc for loc in household.locations if loc.id != head.id)]


def _tt18_row(group: str, lines: Iterable[LineAssessment], rules: RuleBook, on: date) -> Tt18Row:
    rows = list(lines)
    return Tt18Row(group=group, name=str(rules.value(f"groups.{group}.name_vi", on)),
                   vat_revenue=sum(r.vat_revenue.value for r in rows), vat=sum(r.vat.value for r in rows),
                   pit_revenue=sum(r.pit_revenue.value for r in rows),
                   deduction=sum(r.deduction.value for r in rows), pit=sum(r.pit.value for r in rows))


def _bk_stk(household: Household, rules: RuleBook, on: date, extras: Extras) -> tuple[Appendix, ...]:
    """01/BK-STK with the first return of a year, when the household declared accounts."""
    if not household.accounts or not extras.first_return_of_year:
        return ()
    names = {loc.id: (loc.name, loc.code) for loc in household.locations}
    head = household.head_office
    rows = []
    for acc in household.accounts:
        name, code = names.get(acc.location, (head.name or household.shop_name, head.code))
        rows.append(AccountRow(location_name=name, location_code=code, number=acc.number,
                               holder=acc.holder or household.name, provider=acc.provider, status=acc.status))
    return (BkStk(form=form_info(rules, "01_BK_STK", on), accounts=tuple(rows)),)


def _bk_htk(household: Household, assessment: Assessment, rules: RuleBook,
            extras: Extras) -> tuple[Appendix, ...]:
    """01/BK-HTK with the first 2026 return for households with 2025 revenue ≥ 3 bn or on the income
    method (ND 68/2026 Art 18.4; TT 18/2026 Art 8.3)."""
    period = assessment.period
    if period.start != regime_b_start():
        return ()
    above = rules.value("income_method.compulsory_above", period.end)
    if assessment.method != "income" and (household.prior_year_revenue or 0) < above:
        return ()
    goods = tuple(StockRow(name=i.name, unit=i.unit, qty=i.opening_qty, value=i.opening_value)
                  for i in extras.opening_stock)
    return (BkHtk(form=form_info(rules, "01_BK_HTK", period.end), goods=goods),)


def _vat_cut(assessment: Assessment, household: Household, rules: RuleBook) -> tuple[Appendix, ...]:
    """`PL_NQ142_GTGT` section II: one row per line that took the cut (reading OQ-07)."""
    on = assessment.period.end
    rows = []
    for line in assessment.lines:
        if line.vat_cut_revenue <= 0:
            continue
        reduction = rules.value("vat_cut.reduction", on)
        name = household.line(line.line).name if _has_line(household, line.line) else ""
        rows.append(VatCutRow(name=name or str(rules.value(f"groups.{line.group}.name_vi", on)),
                              revenue=line.vat_cut_revenue, rate=line.vat_rate,
                              reduced_rate=line.vat_rate * (1 - reduction), reduction=line.vat_reduction))
    if not rows:
        return ()
    return (VatCut(form=form_info(rules, "PL_NQ142_GTGT", on), rows=tuple(rows)),)


# -- from a ledger ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Prepared:
    """What `declare` files for a period: the declaration, or None with a plain note saying why."""

    declaration: Declaration | None
    assessment: Assessment
    note: str = ""
    others: tuple[Declaration, ...] = ()  # further returns for the period (01/TTS, 01/BĐS beside 01/CNKD)
    note_vi: str = ""  # `note` in Vietnamese, when it has one

    @property
    def declarations(self) -> tuple[Declaration, ...]:
        return (self.declaration, *self.others) if self.declaration is not None else ()


def prepare(ledger: Ledger, period: Period, rules: RuleBook, *, today: date) -> Prepared:
    """Every return `period` calls for: the ordinary one and the leasing ones (`leasing_build`); a
    household that only leases gets no empty 01/CNKD (TT 40/2021 Art 8; NĐ 68/2026 Art 8.3.d, OQ-09)."""
    from hhtax.declarations import leasing_build as leasing
    from hhtax.tax.real_estate import leases_only

    base = _prepare_main(ledger, period, rules, today=today)
    drop = leases_only(ledger.household, period.regime, rules, period.end)
    first, others = leasing.with_declarations(
        base.declaration, leasing.leasing_returns(ledger, base.assessment, rules, today=today), drop)
    note, note_vi = base.note, base.note_vi  # the engine's: for a leasing-only household it names its form
    if first is None and not note:
        note, note_vi = leasing.skipped_note(ledger, base.assessment)
    if first is not None:
        note = note_vi = ""
    return Prepared(first, base.assessment, note, others, note_vi=note_vi)


def _prepare_main(ledger: Ledger, period: Period, rules: RuleBook, *, today: date) -> Prepared:
    """Assess the ledger for `period` and build the ordinary return it calls for (none if nothing is due)."""
    from hhtax.books.inventory import ledger_summary
    from hhtax.ledger_tax import assess_ledger
    from hhtax.tax.engine import cash_limit

    assessment = assess_ledger(ledger, period, rules)
    form = ordinary_form(assessment)  # 01/TTS and 01/BĐS are built by `leasing_build`
    if not form:
        return Prepared(None, assessment, assessment.filing_note, note_vi=assessment.filing_note_vi)
    if form != "01/CNKD" and (form, assessment.regime) not in (("01/TKN-CNKD", "B"), (FINALISATION, "B")):
        note = (f"{form} is due for {period}; hhtax computes its figures (`hhtax assess "
                f"--period {period}`) but writes no XML for it until its layout is confirmed (OQ-26)")
        return Prepared(None, assessment, note)
    household = ledger.household
    # The inventory summaries come from the ledger's stock totals (or its stock movements), the
    # withheld tax from the period's aggregates (batch cost: docs/performance.md, "Batch").
    needs_stock = assessment.regime == "A" or period.start == regime_b_start()
    stock = ledger_summary(ledger, period, household.inventory_method) if needs_stock else []
    in_period = ledger.aggregates(period.start, period.end, cash_limit(rules, period))
    extras = Extras(
        inventory=stock if assessment.regime == "A" else (),
        opening_stock=stock if period.start == regime_b_start() else (),
        withheld_vat=sum(row.withheld_vat for row in in_period),
        withheld_pit=sum(row.withheld_pit for row in in_period),
        first_return_of_year=_first_return_of_year(ledger, assessment))
    return Prepared(build_declaration(household, assessment, rules, today=today, extras=extras), assessment)


def _first_return_of_year(ledger: Ledger, assessment: Assessment) -> bool:
    """No original return recorded earlier in the year (a plain-text ledger: the year's first period
    or the crossing period)."""
    period = assessment.period
    if not is_writable(ledger):
        return period.index == 1 or assessment.crossing
    earlier = [f for f in ledger.filings() if f.kind == "C" and f.period[:4] == str(period.year)
               and f.period != str(period)]
    return not earlier

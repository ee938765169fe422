"""Which leasing returns a period calls for, and their figures: 01/TTS (2025) and 01/BĐS (2026 on).

- Regime A (TT 40/2021 Art 8, App. II; reading OQ-19): the `leasing` lines are declared on 01/TTS
  (maTKhai 470) for the household's filing period or the year, with one 01/BK-TTS row per line
  and its contract (`[[properties]]`). A household that only leases files 01/TTS alone: never an
  empty 01/CNKD beside a non-zero assessment.
- Regime B (NĐ 68/2026 Art 4.4, 8.3.d; TT 18/2026 mẫu 01/BĐS; reading OQ-09): real-estate leasing
  is a separate pool (`hhtax.tax.real_estate`) declared on 01/BĐS (1255) with 01/BK-BĐS, one row
  per property, for H1 and H2 or the year (`lease_filing`). Shop returns are unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hhtax.declarations.leasing_model import (
    LAYOUT_BDS,
    LAYOUT_TTS,
    BdsBody,
    BdsPayment,
    BdsProperty,
    TtsBody,
    TtsContract,
)
from hhtax.declarations.model import Declaration, Khbs, KhbsRow, Note, Service
from hhtax.declarations.notes import assessment_notes
from hhtax.declarations.xml_reader import form_info
from hhtax.journal import Ledger
from hhtax.model import Household, IndustryGroup, LeasedProperty
from hhtax.money import format_vnd
from hhtax.periods import Period, PeriodKind
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment, LineAssessment
from hhtax.tax.leasing_forms import BDS, TTS
from hhtax.tax.real_estate import LeaseAssessment, assess_real_estate

TTS_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)


def leasing_returns(
    ledger: Ledger, assessment: Assessment, rules: RuleBook, *, today: date
) -> tuple[Declaration, ...]:
    """The leasing returns the assessment names for the period (`Assessment.filings`, decided in
    `hhtax.tax.leasing_forms`): 01/TTS unless the year's leasing was already declared the other way
    (per period or for the year, TT 40/2021 Art 8), 01/BĐS for a period of the pool."""
    household, period = ledger.household, assessment.period
    if TTS in assessment.filings and not tts_declared_otherwise(ledger, period):
        tts = build_tts(household, assessment, rules, today=today)
        return (tts,) if tts is not None else ()
    if BDS in assessment.filings:
        year = period.year_to_date()
        rows = ledger.aggregates(year.start, year.end, 2**62)
        return (build_bds(household, assess_real_estate(household, rows, period, rules), rules, today=today),)
    return ()


def tts_declared_otherwise(ledger: Ledger, period: Period) -> list[str]:
    """The recorded original 01/TTS returns of `period`'s year that already declare its leasing the
    other way: the year's return for a month or quarter; any period's return for the year (TT 40/2021
    Art 8: per payment period or once a year, not both)."""
    year = str(period.year)
    found = sorted({f.period for f in ledger.filings() if f.form == TTS and f.kind == "C"
                    and f.period[:4] == year and f.period != str(period)})
    return found if period.kind is PeriodKind.YEAR else [p for p in found if p == year]


def skipped_note(ledger: Ledger, assessment: Assessment) -> tuple[str, str]:
    """Why nothing is written for a period whose assessment names 01/TTS (or nothing at all), in
    English and Vietnamese."""
    period = assessment.period
    other = ", ".join(tts_declared_otherwise(ledger, period) if TTS in assessment.filings else [])
    if other:
        return (f"the leasing of {period.year} is already declared on 01/TTS for {other}: it is "
                f"declared per period or once for the year, not both (TT 40/2021 Art 8); nothing is due "
                f"for {period}",
                f"hoạt động cho thuê tài sản năm {period.year} đã khai trên 01/TTS kỳ {other}: khai theo "
                f"từng kỳ hoặc một lần theo năm, không khai cả hai (TT 40/2021 Điều 8); kỳ {period} không "
                "phải khai")
    return f"nothing is due for {period}", f"kỳ {period} không phải khai"


# -- 01/TTS ----------------------------------------------------------------------------------------


def build_tts(
    household: Household, assessment: Assessment, rules: RuleBook, *, today: date
) -> Declaration | None:
    """01/TTS for the period's `leasing` lines: [23] revenue, [24] taxable revenue, [25] VAT, [26]
    PIT (TT 40/2021 Art 8, 10, App. I: 5 % + 5 % of all revenue above 100 m, leasing annualised)."""
    period = assessment.period
    leasing = {line.id for line in household.lines if line.group is IndustryGroup.LEASING}
    lines = [line for line in assessment.lines if line.line in leasing]
    if period.kind not in TTS_KINDS or not lines or not any(line.revenue.value for line in lines):
        return None
    on = period.end
    taxable = assessment.group == "taxable"
    contracts = tuple(_contract(household, line, period, taxable) for line in lines
                      if line.revenue.value and first_filing(household, line.line, period))
    body = TtsBody(
        revenue=sum(line.revenue.value for line in lines),
        taxable_revenue=sum(line.vat_revenue.value for line in lines),
        vat=sum(line.vat.value for line in lines),
        pit=sum(line.pit.value for line in lines),
        contracts=contracts,
        bk_form=form_info(rules, "01_BK_TTS", on) if contracts else None,
    )
    return _declaration(
        household, period, rules, today, "01_TTS", LAYOUT_TTS, body, assessment_notes(assessment, ("OQ-19",))
    )


def first_filing(household: Household, line_id: str, period: Period) -> bool:
    """Whether the 01/TTS for `period` is the first filing of the line's contract, which alone carries
    its 01/BK-TTS row: the form is sent "nếu là lần khai thuế đầu tiên của Hợp đồng hoặc Phụ lục hợp
    đồng" (TT 40/2021 Art 8, App. II mẫu 01/BK-TTS; form-01-tts.md §1). Reading (docs/tax-engine.md):
    the first filing is the return whose period contains the contract's start (or the business's, if
    later): the month, quarter or year the lessor declares. `first_return` on the property names that
    period instead, e.g. for a contract whose first year was not taxable, or a new annex (the return
    whose period contains it carries the row). A line without a contract (`property`) has no row."""
    prop = household.leased_property(household.line(line_id))
    if prop is None:
        return False
    if prop.first_return:
        first = Period.parse(prop.first_return)
        return period.start <= first.start and first.end <= period.end
    start = max(prop.start, household.business_start or prop.start)
    return period.start <= start <= period.end


def _contract(household: Household, line: LineAssessment, period: Period, taxable: bool) -> TtsContract:
    business = household.line(line.line)
    prop = household.leased_property(business)
    row = TtsContract(
        name=business.name or business.id,
        start=period.start,
        end=period.end,
        tax_year=period.year,
        taxable=taxable,
        revenue=line.vat_revenue.value,
        vat=line.vat.value,
        pit=line.pit.value,
    )
    if prop is None:
        return row
    label = f"Hợp đồng số {prop.contract_no}" if prop.contract_no else row.name
    year = prop.months_in(date(period.year, 1, 1), date(period.year, 12, 31))
    return replace(
        row,
        name=f"{label} - {period.label_vi}",
        lessee=prop.lessee,
        lessee_tax_code=prop.lessee_tax_code,
        real_estate=prop.kind == "real_estate",
        contract_no=prop.contract_no,
        contract_date=prop.contract_date,
        purpose=prop.purpose,
        lessee_builds=prop.lessee_builds,
        address=prop.address,
        ward=prop.ward,
        area_m2=prop.area_m2,
        payment_months=prop.payment_months,
        start=max(prop.start, period.start),
        end=min(prop.end, period.end),
        rent=prop.rent,
        months=prop.months_in(prop.start, prop.end),
        year_revenue=prop.rent * year,
    )


# -- 01/BĐS ----------------------------------------------------------------------------------------


def build_bds(household: Household, lease: LeaseAssessment, rules: RuleBook, *, today: date) -> Declaration:
    """01/BĐS with 01/BK-BĐS from the pool: one row per property whose contract runs in the period
    or that has revenue in it; the threshold box by the pool's own test (OQ-09)."""
    period = lease.period
    rows = [
        row for row in lease.rows if row.revenue.value or row.property.months_in(period.start, period.end)
    ]
    place: LeasedProperty | None = rows[0].property if rows else None
    properties = tuple(
        BdsProperty(
            address=row.property.address,
            ward=row.property.ward,
            province=row.property.province,
            contract_value=row.contract_value,
            start=row.property.start,
            end=row.property.end,
            revenue=row.revenue.value,
            deduction=row.deduction.value,
            vat=row.vat.value,
            pit=row.pit.value,
        )
        for row in rows
    )
    body = BdsBody(
        below_threshold=not lease.taxable,
        properties=properties,
        address=place.address if place else household.address,
        ward=place.ward if place else household.ward,
        province=place.province if place else household.province,
        pit=sum(p.pit for p in properties),
        payments=_payments(household, period, properties, rules),
        deduction_left=lease.deduction_left,
        bk_form=form_info(rules, "01_BK_BDS", period.end),
        threshold=int(rules.value("real_estate.threshold", period.end)),
    )
    known = format_vnd(lease.year_revenue.value)
    notes = (
        Note(
            "OQ-09",
            f"real-estate lease revenue is a separate pool with its own threshold: the year's "
            f"lease revenue known at {period.end:%d/%m/%Y} is {known} đồng "
            f"({'above' if lease.taxable else 'at or under'} the threshold)",
            f"doanh thu cho thuê bất động sản tính riêng với ngưỡng riêng: doanh thu năm xác định đến "
            f"{period.end:%d/%m/%Y} là {known} đồng ({'trên' if lease.taxable else 'không vượt'} ngưỡng)",
        ),
        Note(
            "OQ-10",
            "each property's tax is rounded half-up to the đồng, then added",
            "thuế từng bất động sản làm tròn đến đồng rồi cộng",
        ),
    )
    return _declaration(household, period, rules, today, "01_BDS", LAYOUT_BDS, body, notes)


def _payments(
    household: Household, period: Period, properties: tuple[BdsProperty, ...], rules: RuleBook
) -> tuple[BdsPayment, ...]:
    """Part B [19]–[29]: one row per property and tax with an amount, paid where the property is
    (NĐ 68/2026 Art 8.3.d; tiểu mục `budget.sub_item.*`; due date `deadlines.real_estate`). The
    chương [23] stays empty (OQ-22)."""
    from hhtax.tax.deadlines import due_date

    due = due_date(household, period, "01/BĐS", rules)
    office = household.tax_office
    found = []
    for prop in properties:
        area = ", ".join(part for part in (prop.ward, prop.province) if part)
        for tax, content, value in (
            ("vat", "Thuế giá trị gia tăng", prop.vat),
            ("pit", "Thuế thu nhập cá nhân", prop.pit),
        ):
            if value > 0:
                found.append(
                    BdsPayment(
                        content=content,
                        amount=value,
                        due=due,
                        sub_item=str(rules.value(f"budget.sub_item.{tax}", period.end)),
                        area_name=area,
                        collector_code=office.code,
                        collector_name=office.name,
                        office_code=office.code,
                        office_name=office.name,
                    )
                )
    return tuple(found)


def _declaration(
    household: Household,
    period: Period,
    rules: RuleBook,
    today: date,
    key: str,
    layout: str,
    body: TtsBody | BdsBody,
    notes: tuple[Note, ...],
) -> Declaration:
    from hhtax.declarations.build import taxpayer

    on = period.end
    return Declaration(
        form=form_info(rules, key, on),
        layout=layout,
        period=period,
        taxpayer=taxpayer(household, layout),
        body=body,
        prepared_on=today,
        signer=household.name,
        signed_on=today,
        notes=notes,
        service=Service(**rules.value("xml.service", on)),
    )


def with_declarations(
    main: Declaration | None, extra: tuple[Declaration, ...], drop_main: bool
) -> tuple[Declaration | None, tuple[Declaration, ...]]:
    """The first return and the others filed with it for one period."""
    found = ([] if drop_main or main is None else [main]) + list(extra)
    return (found[0], tuple(found[1:])) if found else (None, ())


# -- supplementary returns -------------------------------------------------------------------------

TTS_BOXES = (("23", "Tổng doanh thu phát sinh trong kỳ", ""), ("24", "Tổng doanh thu tính thuế", ""),
             ("25", "Tổng số thuế GTGT phải nộp", "vat"), ("29", "Tổng số thuế TNCN phải nộp", "pit"))
BDS_BOXES = (("09", "Tổng doanh thu phát sinh trong kỳ", ""), ("10", "Doanh thu tính thuế TNCN được trừ", ""),
             ("11", "Tổng số thuế GTGT phải nộp", "vat"), ("17", "Số thuế TNCN còn phải nộp", "pit"))


def leasing_figures(body: TtsBody | BdsBody) -> dict[str, int]:
    """The declared boxes kept with a filing record (the base of a supplementary return)."""
    if isinstance(body, TtsBody):
        values = {"23": body.revenue, "24": body.taxable_revenue, "25": body.vat, "29": body.pit_total}
    else:
        values = {"09": body.revenue, "10": body.deduction, "11": body.vat, "17": body.pit_payable}
    return values


def leasing_supplement(corrected: Declaration, filed: dict[str, int], seq: int, *, due: date, paid: date,
                       rules: RuleBook) -> Declaration:
    """The supplementary (loaiTKhai B) 01/TTS or 01/BĐS `seq`: the corrected return itself without
    KHBS appendices in the XML (the catalogue lists none for 1255 B; for 470 B they are optional and
    not written), its explanation (each changed box, the late interest on any increase: Law 38/2019
    Art 47, 59; Law 108/2025 Art 12.5, 16) printed on the PDF and in the output."""
    from hhtax.errors import DeclarationError, Problem
    from hhtax.tax.interest import late_interest

    assert isinstance(corrected.body, TtsBody | BdsBody)
    new = leasing_figures(corrected.body)
    table = TTS_BOXES if isinstance(corrected.body, TtsBody) else BDS_BOXES
    on = corrected.period.end
    rows, increase = [], 0
    for box, label, tax in table:
        before, after = filed.get(box, 0), new[box]
        if before != after:
            sub_item = str(rules.value(f"budget.sub_item.{tax}", on)) if tax else ""
            rows.append(KhbsRow(name=label, box=f"[{box}]", filed=before, corrected=after, tax=bool(tax),
                                reason="Khai bổ sung theo số liệu sổ sách", sub_item=sub_item))
            increase += max(after - before, 0) if tax else 0
    if not rows:
        raise DeclarationError([Problem(str(corrected.period), "the journal gives the same figures as the "
                                        "return filed; there is nothing to supplement")])
    interest = late_interest(increase, due, paid, rules)
    explanation = Khbs(
        form=form_info(rules, "01_1_KHBS", on), interest_form=form_info(rules, "PL01_KHBS", on),
        return_name=f"{corrected.form.code} - {corrected.period.label_vi}", rows=tuple(rows),
        return_form=corrected.form.code, interest_to=paid if interest.value else None,
        late_days=int(interest.inputs.get("days", 0)) if interest.value else 0, interest=interest.value)
    return replace(corrected, kind="B", seq=seq, explanation=explanation)

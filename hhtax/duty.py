"""A household's filing duties for a year: one decision for `due`, `status` and `declare`.

Each month or quarter is assessed by the engine as it was known at its end (reading OQ-28; the
crossing quarter of OQ-01): a return is due exactly when the assessment names one, so `due` never
lists a return `declare` would refuse. Around them come the year's notices and returns: the revenue
notice 01/TKN-CNKD of a household at or under the threshold (NĐ 68/2026 Art 8.1; by 31/01), of the
first half-year of a business started in H1 (Art 9.1; by 31/07), 01/BK-STK for households at or
under the threshold (TT 50/2026 Art 4.2; OQ-25), the income method's finalisation (Art 10.2.b), 2025
leasing on 01/TTS (TT 40/2021 Art 8) and the e-invoice registration of a crossing household (Art
8.5.c). A period ending before the business started has no duty. Deadlines move off weekends and
holidays (OQ-20). A return not filed by its deadline is overdue: days late and late-payment interest
of 0.03 % a day accrued to today, per tax (Law 38/2019 Art 59; Law 108/2025 Art 16; `late_interest`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from hhtax.journal import Ledger, WritableLedger
from hhtax.journal.aggregates import AggregateRow
from hhtax.ledger_tax import household_for
from hhtax.model import Household
from hhtax.periods import Period, PeriodKind
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment
from hhtax.tax.deadlines import Deadline, deadline_of, einvoice_registration
from hhtax.tax.engine import assess_aggregates, cash_limit, started_in_h1
from hhtax.tax.interest import late_interest
from hhtax.tax.real_estate import assess_real_estate, lease_periods, leased_in, leases_only, pooled

RETURN, NOTICE, REGISTRATION = "return", "notice", "registration"

WHAT: dict[str, tuple[str, str]] = {
    "01/CNKD": ("quarterly return: file and pay VAT and PIT", "tờ khai quý: khai và nộp thuế GTGT, TNCN"),
    "01/CNKD-M": ("monthly return: file and pay VAT and PIT", "tờ khai tháng: khai và nộp thuế GTGT, TNCN"),
    "01/TKN-CNKD": ("annual revenue notice", "thông báo doanh thu năm"),
    "01/TKN-CNKD-H1": ("revenue notice of the first half-year (business started in H1)",
                       "thông báo doanh thu 6 tháng đầu năm (bắt đầu kinh doanh trong 6 tháng đầu năm)"),
    "01/TKN-CNKD-H2": ("revenue notice of the second half-year (business started in H1)",
                       "thông báo doanh thu 6 tháng cuối năm (bắt đầu kinh doanh trong 6 tháng đầu năm)"),
    "01/BK-STK": ("list of bank accounts and e-wallets used in the business",
                  "bảng kê tài khoản ngân hàng, ví điện tử dùng trong kinh doanh"),
    "02/CNKD-TNCN-QTT": ("PIT finalisation (income method)", "quyết toán thuế TNCN (phương pháp thu nhập)"),
    "01/TTS": ("asset leasing, annual return", "tờ khai cho thuê tài sản, năm"),
    "01/TTS-P": ("asset leasing, return of the period", "tờ khai cho thuê tài sản theo kỳ"),
    "01/BĐS": ("real-estate leasing: file and pay VAT and PIT (separate pool, OQ-09)",
               "cho thuê bất động sản: khai và nộp thuế GTGT, TNCN (tính riêng, OQ-09)"),
    "HĐĐT": ("register e-invoices (revenue passed 1 bn)", "đăng ký hóa đơn điện tử (doanh thu vượt 1 tỷ)"),
}


_TTS_CHOICE = ("or 01/TTS for each month or quarter by its own deadline instead (TT 40/2021 Art 8); "
               "once one is filed, the year's return is not due",
               "hoặc khai 01/TTS theo từng tháng, quý với thời hạn của kỳ đó (TT 40/2021 Điều 8); khi đã nộp "
               "tờ khai của một kỳ thì không khai tờ khai năm")


@dataclass(frozen=True)
class Duty:
    """One return, notice or registration of the year, its (moved) deadline and where it stands on
    `today`. `filed` is None when the ledger keeps no filing record (a plain-text ledger)."""

    form: str
    period: Period
    due: date
    statutory: date
    what: str
    what_vi: str
    ref: str
    kind: str = RETURN
    note: str = ""
    reading: str = ""
    ended: bool = True  # the period has ended on `today`
    filed: bool | None = False
    vat: int = 0
    pit: int = 0
    days_late: int = 0
    interest_vat: int = 0
    interest_pit: int = 0
    note_vi: str = ""  # `note` in Vietnamese
    how: str = ""  # how to file it when `hhtax declare` does not write it ("" = `declare --period` does)
    how_vi: str = ""

    @property
    def overdue(self) -> bool:
        return self.days_late > 0

    @property
    def interest(self) -> int:
        return self.interest_vat + self.interest_pit

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form, "period": str(self.period), "due": self.due.isoformat(),
            "statutory": self.statutory.isoformat(), "what": self.what, "what_vi": self.what_vi,
            "ref": self.ref, "note": self.note, "note_vi": self.note_vi or self.note, "kind": self.kind,
            "reading": self.reading,
            "ended": self.ended, "filed": self.filed, "overdue": self.overdue, "days_late": self.days_late,
            "vat": self.vat, "pit": self.pit, "payable": self.vat + self.pit,
            "interest": {"vat": self.interest_vat, "pit": self.interest_pit, "total": self.interest},
            "declare": not self.how and self.kind != REGISTRATION, "how": self.how, "how_vi": self.how_vi,
        }


@dataclass(frozen=True)
class DutyReport:
    """The duties of `year` on `today`, by deadline, and the group the year is in as known then."""

    year: int
    today: date
    group: str
    duties: tuple[Duty, ...] = field(default_factory=tuple)

    @property
    def overdue(self) -> list[Duty]:
        return [d for d in self.duties if d.overdue]

    @property
    def upcoming(self) -> list[Duty]:
        """Not filed and not yet late: what is due next, soonest first."""
        return [d for d in self.duties if not d.filed and not d.overdue]

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "today": self.today.isoformat(), "group": self.group,
                "overdue": [d.to_dict() for d in self.overdue],
                "next": [d.to_dict() for d in self.upcoming],
                "deadlines": [d.to_dict() for d in self.duties]}


@dataclass(frozen=True)
class Lateness:
    """How late a return is filed on `today`: days after its deadline and the interest to pay with it."""

    form: str
    period: Period
    due: date
    days_late: int
    interest_vat: int
    interest_pit: int
    ref: str

    @property
    def interest(self) -> int:
        return self.interest_vat + self.interest_pit

    def to_dict(self) -> dict[str, Any]:
        return {"form": self.form, "period": str(self.period), "due": self.due.isoformat(),
                "days_late": self.days_late, "ref": self.ref,
                "interest": {"vat": self.interest_vat, "pit": self.interest_pit, "total": self.interest}}


def lateness(form: str, period: Period, vat: int, pit: int, today: date, rules: RuleBook) -> Lateness | None:
    """The lateness of a return for `period` filed on `today`, or None when it is on time; interest
    on each tax from the day after the deadline to the day before `today` (Law 38/2019 Art 59)."""
    when = deadline_of(period, form, rules)
    if today <= when.due:
        return None
    vat_interest = late_interest(vat, when.due, today, rules)
    pit_interest = late_interest(pit, when.due, today, rules)
    return Lateness(form, period, when.due, (today - when.due).days, vat_interest.value, pit_interest.value,
                    vat_interest.ref)


class _Year:
    """The assessments of one year, computed once from one read of the ledger's aggregates."""

    def __init__(self, ledger: Ledger, year: int, rules: RuleBook, today: date) -> None:
        self.ledger, self.rules, self.today = ledger, rules, today
        self.household: Household = ledger.household
        whole = Period.of_year(year)
        self.year = whole
        self.rows: list[AggregateRow] = ledger.aggregates(whole.start, whole.end, cash_limit(rules, whole))
        self.recorded = isinstance(ledger, WritableLedger)  # a plain-text ledger records no filings
        self.filed = {(f.period, f.form) for f in ledger.filings()}
        # leasing declared per period this year (TT 40/2021 Art 8: per period or once a year)
        self.tts_by_period = any(form == "01/TTS" and period.startswith(f"{year}-")
                                 for period, form in self.filed)
        self._cache: dict[Period, Assessment] = {}

    def assess(self, period: Period) -> Assessment:
        if period not in self._cache:
            household = household_for(self.ledger, period)
            self._cache[period] = assess_aggregates(household, self.rows, period, self.rules)
        return self._cache[period]

    def started(self, period: Period) -> bool:
        """A period that ends before the business started has no duty."""
        start = self.household.business_start
        return start is None or period.end >= start

    def duty(self, form: str, period: Period, *, kind: str = RETURN, vat: int = 0, pit: int = 0,
             reading: str = "", what_key: str = "", when: Deadline | None = None) -> Duty:
        when = when or deadline_of(period, form, self.rules)
        what, what_vi = WHAT[what_key or form]
        filed: bool | None = (str(period), form) in self.filed if self.recorded else None
        if kind == REGISTRATION:
            filed = None
        duty = Duty(form=form, period=period, due=when.due, statutory=when.statutory, what=what,
                    what_vi=what_vi, ref=when.ref, kind=kind, note=when.note, note_vi=when.note_vi,
                    reading=reading,
                    ended=period.end < self.today, filed=filed, vat=vat, pit=pit)
        if filed or kind == REGISTRATION:
            return duty
        late = lateness(form, period, vat, pit, self.today, self.rules)
        if late is None:
            return duty
        return replace(duty, days_late=late.days_late, interest_vat=late.interest_vat,
                       interest_pit=late.interest_pit)


def year_duties(ledger: Ledger, year: int, rules: RuleBook, today: date) -> DutyReport:
    """Every duty of calendar `year` on `today`: period returns as each period's assessment decides
    them (OQ-28), then the year's notices and returns; by deadline."""
    book = _Year(ledger, year, rules, today)
    duties: list[Duty] = []
    for quarter in Period.of_year(year).quarters():
        assessed = book.assess(quarter)
        periods = list(quarter.months()) if assessed.filing_frequency == "monthly" else [quarter]
        for period in periods:
            duties.extend(_period_duty(book, period))
    view = _year_view(book)
    duties.extend(_year_items(book, view))
    duties.sort(key=lambda d: (d.due, d.period.start, d.form))
    return DutyReport(year=year, today=today, group=view.group, duties=tuple(duties))


def _period_duty(book: _Year, period: Period) -> list[Duty]:
    """The return of one month or quarter, when its assessment calls for one (or it was filed)."""
    if not book.started(period):
        return []
    assessed = book.assess(period)
    found = _tts_duty(book, assessed) if book.tts_by_period else []
    if "01/CNKD" not in assessed.filings and (str(period), "01/CNKD") not in book.filed:
        return found  # leasing and agents only: 01/TTS and withholding, no 01/CNKD (OQ-19)
    leased = [ln for ln in assessed.lines if ln.group == "leasing"] if assessed.regime == "A" else []
    vat = assessed.vat.value - sum(ln.vat.value for ln in leased)  # 01/TTS's tax is not on 01/CNKD (OQ-19)
    pit = assessed.pit.value - sum(ln.pit.value for ln in leased)
    found.insert(0, book.duty("01/CNKD", period, vat=vat, pit=pit,
                              reading="OQ-01" if assessed.crossing else "",
                              what_key="01/CNKD-M" if period.kind is PeriodKind.MONTH else ""))
    registration = einvoice_registration(period, book.rules) if assessed.crossing else None
    if registration is not None:
        found.append(book.duty("HĐĐT", period, kind=REGISTRATION, reading="OQ-20", when=registration))
    return found


def _tts_duty(book: _Year, assessed: Assessment) -> list[Duty]:
    """01/TTS of a regime-A period (or the year): its leasing lines' tax (TT 40/2021 Art 8; OQ-19)."""
    if "01/TTS" not in assessed.filings and (str(assessed.period), "01/TTS") not in book.filed:
        return []
    lines = [ln for ln in assessed.lines if ln.group == "leasing"]
    return [book.duty("01/TTS", assessed.period, reading="OQ-19", what_key=_tts_key(assessed.period),
                      vat=sum(ln.vat.value for ln in lines), pit=sum(ln.pit.value for ln in lines))]


def _tts_key(period: Period) -> str:
    return "01/TTS" if period.kind is PeriodKind.YEAR else "01/TTS-P"


def _year_view(book: _Year) -> Assessment:
    """The year as known on `today`: the year itself once it has ended (its actual revenue fixes the
    group, OQ-12), else the quarter in progress (or the first quarter of a year not yet begun)."""
    if book.today > book.year.end:
        return book.assess(book.year)
    return book.assess(Period.containing(max(book.today, book.year.start), PeriodKind.QUARTER))


def _year_items(book: _Year, view: Assessment) -> list[Duty]:
    year, household, group = book.year, book.household, view.group
    if not book.started(year):
        return []
    if year.regime == "A":  # 01/TTS once for the year, unless a period's 01/TTS was filed (TT 40 Art 8)
        if book.tts_by_period or group != "taxable":
            return []
        return [replace(duty, note=duty.note or _TTS_CHOICE[0], note_vi=duty.note_vi or _TTS_CHOICE[1])
                for duty in _tts_duty(book, book.assess(year))]
    items: list[Duty] = _real_estate(book)
    notices = not leases_only(household, "B", book.rules, year.end)
    first, second = Period(year.year, PeriodKind.HALF, 1), Period(year.year, PeriodKind.HALF, 2)
    # NĐ 68/2026 Art 9.1: a business started in H1 notifies H1 and H2 (the engine decides, as for `declare`)
    halves = notices and started_in_h1(household, year.year) and book.assess(first).filing == "01/TKN-CNKD"
    if halves:
        items.append(book.duty("01/TKN-CNKD", first, kind=NOTICE, what_key="01/TKN-CNKD-H1"))
    if group == "G1" and notices:
        items.append(book.duty("01/TKN-CNKD", second, kind=NOTICE, what_key="01/TKN-CNKD-H2") if halves
                     else book.duty("01/TKN-CNKD", year, kind=NOTICE))
    elif view.method == "income":
        items.append(book.duty("02/CNKD-TNCN-QTT", year))
    items.extend(_bank_accounts(book, group))
    return items


def _real_estate(book: _Year) -> list[Duty]:
    """01/BĐS for each half-year or the year of a household leasing real estate (the separate pool of
    reading OQ-09; NĐ 68/2026 Art 8.3.d; `hhtax.tax.real_estate`)."""
    household, year = book.household, book.year
    if not pooled(household, book.rules, year.end):
        return []
    found = []
    for period in lease_periods(household, year.year):
        if not book.started(period) or not leased_in(household, book.rows, period):
            continue
        pool = assess_real_estate(household, book.rows, period, book.rules)
        found.append(book.duty("01/BĐS", period, vat=pool.vat, pit=pool.pit, reading="OQ-09"))
    return found


def _bank_accounts(book: _Year, group: str) -> list[Duty]:
    """01/BK-STK of a household whose prior-year revenue was at or under the threshold (NĐ 68/2026 Art
    17.4.b; TT 50/2026 Art 4.2; OQ-25). Above it, the list goes with the first return of the year."""
    year, household = book.year, book.household
    if book.rules.find("deadlines.bank_accounts", year.end) is None:
        return []
    start = household.business_start
    if start is not None and start.year == year.year:
        return []  # a new household sends it with its first notice or return
    threshold = int(book.rules.value("threshold", year.end))
    prior = household.prior_year_revenue
    under = prior <= threshold if prior is not None else group == "G1"
    if not under:
        return []
    return [replace(book.duty("01/BK-STK", year, kind=NOTICE, reading="OQ-25"), how=BK_STK_HOW[0],
                    how_vi=BK_STK_HOW[1])]


# `declare` writes every other return and notice `due` lists; this one it does not (Issue 12 left).
BK_STK_HOW = (
    "`hhtax declare` does not write this list on its own: the standalone 01/BK-STK (maTKhai 1265) has no "
    "documented XML; enter the accounts of household.toml [[accounts]] on eTax (thuedientu.gdt.gov.vn) "
    "by the deadline",
    "`hhtax declare` không lập riêng bảng kê này: mẫu 01/BK-STK riêng (mã 1265) chưa có định dạng XML được "
    "công bố; kê khai các tài khoản trong [[accounts]] của household.toml trên eTax "
    "(thuedientu.gdt.gov.vn) trước hạn",
)

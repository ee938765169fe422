"""The result of the tax engine: an `Assessment` made of `Figure`s.

Every figure carries the formula, the inputs, the legal reference and the reading (OQ-nn) it
rests on, so `hhtax assess --explain` and the JSON trace need no extra bookkeeping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from hhtax.periods import Period, Regime

InputValue = int | str | Decimal
TaxKind = Literal["vat", "pit"]
Group = Literal[
    "G1", "G2", "G3", "G4", "taxable", "exempt"
]  # regime B: ND 68 Art 3, 4, 8; regime A: TT 40 Art 4.2
Method = Literal["revenue", "income", "declaration"]  # regime B: ND 68 Art 4.5; regime A: TT 40 Art 5
FormCode = Literal["", "01/CNKD", "01/TKN-CNKD", "02/CNKD-TNCN-QTT", "01/TTS", "01/BĐS"]  # "": nothing due
Frequency = Literal["", "monthly", "quarterly", "annual"]


@dataclass(frozen=True, kw_only=True)
class Figure:
    """One computed amount (whole đồng) and why it is what it is; built with keywords only."""

    name: str
    value: int
    formula: str = ""
    inputs: dict[str, InputValue] = field(default_factory=dict)
    ref: str = ""
    reading: str = ""  # an OQ-nn of shared/law/open-questions.md, or ""
    exact: Decimal | None = None  # the unrounded value where rounding happened


@dataclass(frozen=True)
class TaxWarning:
    """Something the user should know: a reading used, a cost excluded, a threshold crossed."""

    code: str  # e.g. "OQ-01", "cost_excluded", "negative_cash"
    message: str
    ref: str = ""
    amount: int | None = None
    message_vi: str = ""  # the same message in Vietnamese, for `--lang vi`


@dataclass(frozen=True)
class LineAssessment:
    """Figures of one business line (row of 01/CNKD) in the period."""

    line: str
    group: str
    location: str
    revenue: Figure  # net revenue of the period (sales − returns), incl. platform-withheld sales
    vat_revenue: Figure  # [11] / [28](a): revenue declared for VAT
    vat: Figure  # [12] / (b), after any VAT cut (OQ-07)
    vat_rate: Decimal
    pit_revenue: Figure  # [13] / (c)
    deduction: Figure  # [14]: part of the 1 bn used by this line in the period (regime B)
    pit: Figure  # [15] / (d): PIT, or provisional PIT under the income method
    pit_rate: Decimal
    vat_cut_revenue: int = 0  # revenue taxed at the reduced rate (PL_NQ142_GTGT)
    vat_reduction: int = 0  # VAT saved by the cut
    withheld_revenue: int = 0  # sold through platforms that withheld the tax (not declared again)
    row: str = ""  # 01/CNKD row of the line's group: "28"–"31" (TT 40), "a"–"e" (TT 18); "TTS", "" (OQ-19)


@dataclass(frozen=True)
class FormRow:
    """One row of the return in one filing period, the unit of rounding (reading OQ-10): the lines
    sharing it are added, the rate applied and the product rounded half-up once; `lines` are the lines'
    shares of `value` (largest remainder, `hhtax.money.shares`)."""

    period: Period
    tax: TaxKind
    row: str  # TT 40 box ("28"–"31", "TTS") or, on TT 18, the industry group
    location: str  # the place ("" on forms without places)
    rate: Decimal
    base: int  # Σ vat_revenue, or Σ (pit_revenue − deduction)
    exact: Decimal  # base × rate − reduction, unrounded
    value: int  # round(base × rate) − reduction
    reduction: int  # VAT: Σ PL_NQ142_GTGT rows of the row's lines (each rounded there); else 0
    lines: tuple[tuple[str, int], ...]  # (line id, share of value)


@dataclass(frozen=True)
class CostLine:
    """Costs of one category in the period: deductible and excluded with the reason."""

    category: str
    total: int
    deductible: int
    excluded: dict[str, int] = field(default_factory=dict)  # reason code → amount


@dataclass(frozen=True)
class PeriodRow:
    """One filing period of the year (month or quarter) inside the schedule that led to the figures."""

    period: Period
    declared: bool  # a return is due for it (False before the crossing quarter, or in G1)
    revenue: int  # revenue declared on the return (cumulative from 01/01 in the crossing quarter)
    vat: int
    deduction: int  # part of the 1 bn used in this period
    pit: int  # PIT (revenue method) or provisional PIT (income method)
    deduction_left: int


@dataclass(frozen=True)
class Assessment:
    """What a household owes for a period, figure by figure."""

    period: Period
    regime: Regime
    group: Group  # "G1".."G4" in regime B; "taxable" / "exempt" in regime A
    method: Method  # "revenue" | "income" (regime B); "declaration" (regime A)
    lines: tuple[LineAssessment, ...]
    revenue: Figure
    vat: Figure
    pit: Figure  # the period's PIT; for a year under the income method, the finalisation figure
    payable: Figure
    year_revenue: Figure  # cumulative (or annual) revenue that decided the group
    deduction_left: int = 0  # unused 1 bn after this period (soTienTruKyTiep)
    provisional_pit: Figure | None = None  # income method: sum of period (provisional) PIT
    costs: tuple[CostLine, ...] = ()
    deductible_costs: Figure | None = None
    goods_cost: Figure | None = None  # income method with stock: cost of goods sold (ND 68 Art 6.1.a)
    taxable_income: Figure | None = None
    income_rate: Decimal | None = None
    crossing: bool = False  # first return after cumulative revenue passed the threshold (OQ-01)
    readings: tuple[str, ...] = ()  # OQ numbers this assessment relies on
    warnings: tuple[TaxWarning, ...] = ()
    filing: FormCode = ""  # what must be filed for this period ("" = nothing); the first of `filings`
    filing_note: str = ""  # a plain sentence when nothing is due for this period
    filing_note_vi: str = ""  # the same sentence in Vietnamese
    schedule: tuple[PeriodRow, ...] = ()  # the year's filing periods up to this period's end
    deduction: Figure | None = None  # part of the 1 bn used in this period (regime B)
    withheld_vat: int = 0  # VAT withheld by platforms on this period's sales (ND 117/2025)
    withheld_pit: int = 0  # PIT withheld by platforms on this period's sales
    finalisation_due: Figure | None = None  # income method, year: PIT − provisional − withheld PIT
    filing_frequency: Frequency = ""
    declared_vat: int = 0  # a G1 year: VAT declared on the year's periodic returns, now overpaid (OQ-29)
    declared_pit: int = 0  # a G1 year: PIT declared on them, now overpaid (OQ-29)
    platform_overpaid_pit: int = 0  # PIT withheld by platforms on revenue the unused 1 bn covers (OQ-31)
    rows: tuple[FormRow, ...] = ()  # the return's rows in the filing periods inside the period (OQ-10)
    filings: tuple[str, ...] = ()  # every form due for the period, leasing ones included (`leasing_forms`)

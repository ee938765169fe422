"""The domain model: the household profile and the journal entry (frozen pydantic v2 models).

Text is NFC-normalised on the way in. Amounts are `int` đồng. Every entry carries its source
(`file:line` or `api`) so that any figure can be traced back to the row it came from.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    NonNegativeInt,
    field_validator,
    model_validator,
)

from hhtax import ids
from hhtax.text import FIELD_LIMIT, nfc


def _nfc_or_none(value: Any) -> Any:
    return nfc(value) if isinstance(value, str) else value


def _capped(value: str) -> str:
    if len(value) > FIELD_LIMIT:
        raise ValueError(f"{len(value):,} characters; a text field holds at most {FIELD_LIMIT:,}")
    return value


Text = Annotated[str, BeforeValidator(_nfc_or_none), AfterValidator(_capped)]
"""Free text: NFC-normalised, at most `hhtax.text.FIELD_LIMIT` characters (the one field cap)."""


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


# -- codes ----------------------------------------------------------------------------------------

class IndustryGroup(StrEnum):
    """Industry groups of TT 40/2021 App. I and ND 68/2026 Art 4 (names and rates live in rule packs)."""

    GOODS = "goods"
    SERVICES = "services"
    LEASING = "leasing"
    PRODUCTION = "production"
    DIGITAL = "digital"
    OTHER = "other"
    AGENT = "agent"


class EntryKind(StrEnum):
    SALE = "sale"
    SALE_RETURN = "sale_return"
    PURCHASE = "purchase"
    STOCK_OUT = "stock_out"
    EXPENSE = "expense"
    WAGE = "wage"
    TAX_PAYMENT = "tax_payment"
    TRANSFER = "transfer"
    OPENING = "opening"
    CAPITAL = "capital"
    DRAWING = "drawing"


class CostCategory(StrEnum):
    """Cost categories; they map onto TT 88 S3-HKD, 01-2/BK-HĐKD [24]–[30] and TT 152 S2c-HKD."""

    GOODS = "goods"
    LABOUR = "labour"
    ELECTRICITY = "electricity"
    WATER = "water"
    TELECOM = "telecom"
    RENT = "rent"
    MANAGEMENT = "management"
    DEPRECIATION = "depreciation"
    INTEREST = "interest"
    OTHER = "other"
    OWNER_WAGE = "owner_wage"  # not deductible: ND 68 Art 6.2.c
    PERSONAL = "personal"  # not deductible: ND 68 Art 6.2.a, g
    DEPRECIATION_EXCESS = "depreciation_excess"  # not deductible: ND 68 Art 6.2.d
    FINE = "fine"  # fines, contract penalties, compensation by own fault; not deductible: ND 68 Art 6.2.đ
    PRIVATE_ASSET = "private_asset"  # land, houses, cars in the owner's name; not deductible: ND 68 Art 6.2.e


NON_DEDUCTIBLE_CATEGORIES = frozenset({CostCategory.OWNER_WAGE, CostCategory.PERSONAL,
                                       CostCategory.DEPRECIATION_EXCESS, CostCategory.FINE,
                                       CostCategory.PRIVATE_ASSET})


class TaxKind(StrEnum):
    VAT = "vat"
    PIT = "pit"
    OTHER = "other"


class Filing(StrEnum):
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"


class PitMethod(StrEnum):
    REVENUE = "revenue"
    INCOME = "income"


class InventoryMethod(StrEnum):
    AVERAGE = "average"  # bình quân gia quyền cuối kỳ
    FIFO = "fifo"


# -- household ------------------------------------------------------------------------------------

class TaxOffice(Frozen):
    code: Text = ""
    name: Text = ""


class Location(Frozen):
    """A business location (địa điểm kinh doanh). The head office is the first or the one marked."""

    id: Text
    name: Text = ""
    code: Text = ""  # ma_diaDiemKD in the 2026 XML, when the tax office assigned one
    address: Text = ""
    ward: Text = ""
    province: Text = ""
    head_office: bool = False
    rented: bool = False
    area_m2: Decimal | None = None
    tax_office: TaxOffice = TaxOffice()  # the office managing this place, when not the household's


class BusinessLine(Frozen):
    """A business line (ngành nghề) with its industry group and location."""

    id: Text
    group: IndustryGroup
    name: Text = ""
    location: Text = ""  # a Location id; empty = head office
    vat_cut: bool = False  # eligible for the 20 % VAT cut of NQ 204/2025 (reading OQ-07)
    property: Text = ""  # a LeasedProperty id: the asset this `leasing` line rents out (01/TTS, 01/BĐS)


class LeasedProperty(Frozen):
    """An asset leased out under one contract (`[[properties]]`): 01/BK-TTS and 01/BK-BĐS rows.

    `kind` "real_estate" (houses, land, premises: 01/BĐS from 2026, NĐ 68/2026 Art 4.4, reading
    OQ-09) or "movable" (vehicles, machines: line (c) of 01/CNKD from 2026). `rent` is the
    monthly rent including tax; `payment_months` the contract's stable payment period.
    """

    id: Text
    kind: Text = "real_estate"
    address: Text = ""
    ward: Text = ""
    province: Text = ""
    area_m2: Decimal | None = None
    purpose: Text = ""
    lessee: Text = ""
    lessee_tax_code: Text = ""
    contract_no: Text = ""
    contract_date: date | None = None
    start: date
    end: date
    rent: int = Field(default=0, ge=0)
    payment_months: int = Field(default=1, ge=1)
    lessee_builds: bool = False  # the lessee invests in construction (01/BK-TTS [14])
    # the period of the contract's first 01/TTS, which carries its 01/BK-TTS row (TT 40/2021 Art 8);
    # "" = the filing period (or year) that contains the contract's start
    first_return: Text = ""

    @model_validator(mode="after")
    def _check(self) -> LeasedProperty:
        if self.kind not in ("real_estate", "movable"):
            raise ValueError("kind must be real_estate or movable")
        if self.first_return:
            from hhtax.periods import Period

            Period.parse(self.first_return)
        if self.end < self.start:
            raise ValueError(f"property {self.id!r}: the contract ends before it starts")
        return self

    def months_in(self, first: date, last: date) -> int:
        """Whole or part months of the contract between `first` and `last` (both included)."""
        start, end = max(self.start, first), min(self.end, last)
        if end < start:
            return 0
        return (end.year - start.year) * 12 + end.month - start.month + 1


class Account(Frozen):
    """A bank account or e-wallet (01/BK-STK)."""

    id: Text
    kind: Text = "bank"  # bank | ewallet
    number: Text
    provider: Text = ""  # bank or e-wallet provider name
    holder: Text = ""
    location: Text = ""
    status: Text = "khai lần đầu"

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in ("bank", "ewallet"):
            raise ValueError("kind must be bank or ewallet")
        return value


class Overpayment(Frozen):
    """What to do with PIT overpaid for a year (`[overpayment]` in household.toml; 02/CNKD Part C,
    Law 38/2019/QH14 Art 60): offset against other periods' tax (default) or refund, by bank transfer
    (to `account_number`, else the first bank account in `accounts`) or in cash at a State treasury."""

    handling: Text = "offset"  # offset | refund
    method: Text = "transfer"  # transfer | cash (refund only)
    account_number: Text = ""
    account_holder: Text = ""
    bank: Text = ""
    receiver: Text = ""  # cash: who collects it, with an identity paper
    id_number: Text = ""
    id_date: date | None = None
    id_place: Text = ""
    treasury: Text = ""  # cash: the State treasury (Kho bạc Nhà nước) that pays

    @model_validator(mode="after")
    def _check(self) -> Overpayment:
        if self.handling not in ("offset", "refund"):
            raise ValueError("overpayment.handling must be offset or refund")
        if self.method not in ("transfer", "cash"):
            raise ValueError("overpayment.method must be transfer or cash")
        return self


class EinvoiceSettings(Frozen):
    """How imported e-invoices map onto the journal (`[einvoice]` in household.toml).

    `line_map`: invoice symbol (`C26MAA`, or with its template digit `2C26MAA`) or "*" → business
    line id of the sales on it. `expense_map`: a supplier's tax code → the cost category of its
    invoices (e.g. the power company → electricity); other purchase invoices are goods.
    """

    line_map: dict[str, Text] = Field(default_factory=dict)
    expense_map: dict[str, CostCategory] = Field(default_factory=dict)


class Household(Frozen):
    """The household business profile (ledger `household.toml`)."""

    tax_code: Text
    legacy_tax_code: Text = ""  # the pre-2025 10-digit MST, written to mst_cu
    name: Text  # taxpayer (representative) name
    shop_name: Text = ""
    address: Text = ""
    ward: Text = ""
    district: Text = ""
    province: Text = ""
    residence: Text = ""
    phone: Text = ""
    email: Text = ""
    tax_office: TaxOffice = TaxOffice()
    locations: tuple[Location, ...] = ()
    lines: tuple[BusinessLine, ...] = Field(min_length=1)
    accounts: tuple[Account, ...] = ()
    filing: Filing = Filing.QUARTERLY
    pit_method: PitMethod = PitMethod.REVENUE
    pit_method_since: int | None = None  # year the method was chosen (ND 68 Art 4.5.d two-year lock)
    prior_year_revenue: int | None = None
    # OQ-28: the household's own estimate of a year's revenue (ND 68/2026 Art 8.1 "tự xác định"),
    # year → đồng; a SQLite ledger also keeps dated estimates in its journal (`hhtax estimate`)
    estimates: dict[int, NonNegativeInt] = Field(default_factory=dict)
    filing_override: Filing | None = None  # OQ-30: monthly at or under 50 bn, with a reason
    filing_override_reason: Text = ""
    inventory_method: InventoryMethod = InventoryMethod.AVERAGE
    deduction_plan: dict[str, int] = Field(default_factory=dict)  # OQ-02 override: line id → amount
    books: tuple[Text, ...] = ()  # explicit book list (OQ-16, OQ-17 override); empty = by the rules
    employees: int = 0
    opening_hours: Decimal | None = None
    business_start: date | None = None
    lenient_tax_code: bool = False  # OQ-24 override
    einvoice: EinvoiceSettings = EinvoiceSettings()
    properties: tuple[LeasedProperty, ...] = ()  # leased assets and their contracts (01/TTS, 01/BĐS)
    lease_filing: Text = "half"  # 01/BĐS: "half" (H1, H2) or "year" (NĐ 68/2026 Art 8.3.d)
    overpayment: Overpayment = Overpayment()

    @model_validator(mode="after")
    def _check(self) -> Household:
        ids.validate(self.tax_code, lenient=self.lenient_tax_code)
        if self.legacy_tax_code:
            ids.validate(self.legacy_tax_code, lenient=self.lenient_tax_code)
        location_ids = {loc.id for loc in self.locations}
        seen: set[str] = set()
        for line in self.lines:
            if line.id in seen:
                raise ValueError(f"line id {line.id!r} is declared twice")
            seen.add(line.id)
            if line.location and line.location not in location_ids:
                raise ValueError(f"line {line.id!r}: unknown location {line.location!r}")
            _check_property(self, line)
        for symbol, line_id in self.einvoice.line_map.items():
            if line_id not in seen:
                raise ValueError(f"einvoice.line_map: {symbol!r} names unknown line {line_id!r}")
        if self.filing_override == Filing.QUARTERLY:
            raise ValueError('filing_override may only be "monthly" (OQ-30): above 50 bn returns are monthly')
        if self.filing_override is not None and not self.filing_override_reason:
            raise ValueError("filing_override needs filing_override_reason: why the household files "
                             f"{self.filing_override.value} against the rule (OQ-30)")
        for line_id, amount in self.deduction_plan.items():
            if line_id not in seen:
                raise ValueError(f"deduction_plan: unknown line {line_id!r}")
            if amount < 0:
                raise ValueError(f"deduction_plan: negative amount for {line_id!r}")
        return self

    def leased_property(self, line: BusinessLine) -> LeasedProperty | None:
        return next((p for p in self.properties if p.id == line.property), None)

    def real_estate_lines(self) -> tuple[BusinessLine, ...]:
        """The `leasing` lines that rent out real estate (the separate pool of reading OQ-09)."""
        return tuple(line for line in self.lines if line.group is IndustryGroup.LEASING
                     and (prop := self.leased_property(line)) is not None and prop.kind == "real_estate")

    @property
    def compact_tax_code(self) -> str:
        return ids.compact(self.tax_code)

    def line(self, line_id: str) -> BusinessLine:
        for line in self.lines:
            if line.id == line_id:
                return line
        raise KeyError(line_id)

    @property
    def head_office(self) -> Location:
        """The head office: the location marked so, else the first, else one built from the address."""
        for loc in self.locations:
            if loc.head_office:
                return loc
        if self.locations:
            return self.locations[0]
        # built from fields that passed the same Text validation: constructed without validating
        # again (the engine asks for it for every line of every period)
        return Location.model_construct(id="", name=self.shop_name, address=self.address, ward=self.ward,
                                        province=self.province, head_office=True)

    def location_of(self, line: BusinessLine) -> Location:
        if line.location:
            for loc in self.locations:
                if loc.id == line.location:
                    return loc
        return self.head_office


def _check_property(household: Household, line: BusinessLine) -> None:
    if household.lease_filing not in ("half", "year"):
        raise ValueError("lease_filing must be half or year")
    if len({p.id for p in household.properties}) != len(household.properties):
        raise ValueError("a property id is declared twice")
    if not line.property:
        return
    if household.leased_property(line) is None:
        raise ValueError(f"line {line.id!r}: unknown property {line.property!r}")
    if line.group is not IndustryGroup.LEASING:
        raise ValueError(f"line {line.id!r}: only a leasing line rents out a property")


# -- journal entries ------------------------------------------------------------------------------

class Entry(Frozen):
    """One journal entry. Amounts are positive đồng; a reversal carries the negated amount.

    `payment` is the money account the entry moves: `cash`, `bank` (the household's first
    account), `bank:<account id>` or `credit` (not yet paid). A transfer moves `amount` from
    `payment` to `transfer_to`.
    """

    id: int | None = None  # assigned by the journal store
    date: date
    kind: EntryKind
    amount: int
    line: Text = ""
    doc: Text = ""  # document number (invoice, voucher); empty = no document
    description: Text = ""
    payment: Text = "cash"
    category: CostCategory | None = None
    item: Text = ""
    unit: Text = ""
    qty: Decimal | None = None
    unit_price: int | None = None
    tax: TaxKind | None = None  # for tax_payment
    transfer_to: Text = ""  # for transfer
    vat_cut: bool | None = None  # entry-level override of the line's VAT-cut flag (OQ-07)
    withheld: bool = False  # sold through a platform that withheld VAT and PIT (ND 117/2025)
    withheld_vat: int = 0
    withheld_pit: int = 0
    counterparty: Text = ""
    reverses: int | None = None  # id of the entry this one reverses
    source: Text = "api"

    @property
    def is_reversal(self) -> bool:
        return self.reverses is not None

"""Leasing returns: 01/TTS (TT 40/2021, maTKhai 470) and 01/BĐS (TT 18/2026, maTKhai 1255).

Each body carries its own appendix rows (01/BK-TTS `PLuc_01_BK_TTS`; 01/BK-BĐS `PLuc_01_BK_BDS`),
the only appendix the viewer's catalogue lists for them that hhtax writes (shared/law/form-01-tts.md
§1, forms-more.md §3). Amounts are whole đồng; nothing here computes tax: totals are sums of rows
and the printed relations of the forms ([29] = [26] + [28]; [15] = [12] + [14], [17] = [15] − [16],
[18] = [11] + [17]).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hhtax.declarations.model import FormInfo

LAYOUT_TTS = "tts"
LAYOUT_BDS = "bds"


# -- 01/TTS (TT 40/2021 App. II, maTKhai 470) --------------------------------------------------------

@dataclass(frozen=True)
class TtsContract:
    """01/BK-TTS row (`CTietBKeHDongTTS`): one contract and payment period, boxes [06a]–[28]."""

    name: str  # [06a] hợp đồng/kỳ thanh toán
    lessee: str = ""  # [07]
    lessee_tax_code: str = ""  # [08]
    real_estate: bool = True  # [09] bất động sản / [10] động sản
    contract_no: str = ""  # [11]
    contract_date: date | None = None  # [12]
    purpose: str = ""  # [13]
    lessee_builds: bool = False  # [14]
    address: str = ""  # [15a]
    ward: str = ""  # [15b]
    area_m2: Decimal | None = None  # [16]
    payment_months: int = 1  # [17a]
    start: date | None = None  # [17] the payment period this row covers
    end: date | None = None  # [18]
    tax_year: int = 0  # [19a]
    rent: int = 0  # [19] monthly rent including tax
    months: int = 0  # [20] months of the contract
    year_revenue: int = 0  # [22a] revenue of the contract in the tax year
    taxable: bool = False  # [23]
    revenue: int = 0  # [24] taxable revenue of the period
    vat: int = 0  # [25]
    pit: int = 0  # [26]
    status: str = ""  # [27]
    code: str = ""  # [28]

    @property
    def contract_value(self) -> int:
        """[21] = [19] × [20]."""
        return self.rent * self.months

    @property
    def monthly_revenue(self) -> int:
        """[22] the contract's average monthly revenue (= [19])."""
        return self.rent


@dataclass(frozen=True)
class TtsBody:
    """Part A of 01/TTS: [23]–[29], and the 01/BK-TTS rows."""

    revenue: int  # [23]
    taxable_revenue: int  # [24]
    vat: int  # [25]
    pit: int  # [26]
    penalties: int = 0  # [27]
    penalty_pit: int = 0  # [28]
    lessor_direct: bool = True  # the lessor files directly (khaiTheoPLuatDanSu)
    contracts: tuple[TtsContract, ...] = ()
    bk_form: FormInfo | None = None  # forms.01_BK_TTS, when rows are written

    @property
    def pit_total(self) -> int:
        """[29] = [26] + [28]."""
        return self.pit + self.penalty_pit

    @property
    def payable(self) -> int:
        return self.vat + self.pit_total


# -- 01/BĐS (TT 18/2026, maTKhai 1255) ---------------------------------------------------------------

@dataclass(frozen=True)
class BdsProperty:
    """01/BK-BĐS row (`CTietBKeBDS`): one leased property, boxes [04]–[13]."""

    address: str  # [04]
    ward: str = ""  # [05]
    province: str = ""  # [06]
    contract_value: int = 0  # [07]
    start: date | None = None  # [08] from
    end: date | None = None  # [08] to
    revenue: int = 0  # [09]
    deduction: int = 0  # [10]
    penalties: int = 0  # [11]
    vat: int = 0  # [12]
    pit: int = 0  # [13]


@dataclass(frozen=True)
class BdsPayment:
    """Part B row (`ChiTietThongTinNopTHue`, [20]–[28]): what to pay, where, under which tiểu mục."""

    content: str  # [21]
    amount: int  # [22]
    sub_item: str  # [24]
    due: date | None = None  # [28]
    location_code: str = ""  # [20]
    chapter: str = ""  # [23] (no source yet: empty, OQ-22)
    area_code: str = ""  # [25]
    area_name: str = ""
    collector_code: str = ""  # [26]
    collector_name: str = ""
    office_code: str = ""  # [27]
    office_name: str = ""


@dataclass(frozen=True)
class BdsBody:
    """01/BĐS: threshold boxes, place of filing [06], Part A [09]–[18], Part B, 01/BK-BĐS rows."""

    below_threshold: bool  # doanhThuDuoiNguong (else doanhThuTrenNguong)
    properties: tuple[BdsProperty, ...]
    location_code: str = ""  # [06] ct06_ma
    address: str = ""  # [06.1]
    ward: str = ""  # [06.2]
    province: str = ""  # [06.3]
    pit: int = 0  # [12] = ([09] − [10]) × 5 %
    penalty_pit: int = 0  # [14] = [13] × 5 %
    exempt_pit: int = 0  # [16]
    payments: tuple[BdsPayment, ...] = ()
    deduction_left: int = 0  # soTienTruKyTiep
    bk_form: FormInfo | None = None  # forms.01_BK_BDS
    threshold: int = 0  # `real_estate.threshold`, printed beside the threshold boxes (not in the XML)

    @property
    def revenue(self) -> int:
        """[09] = Σ [09] of 01/BK-BĐS."""
        return sum(p.revenue for p in self.properties)

    @property
    def deduction(self) -> int:
        """[10] = Σ [10]."""
        return sum(p.deduction for p in self.properties)

    @property
    def vat(self) -> int:
        """[11] = Σ [12]."""
        return sum(p.vat for p in self.properties)

    @property
    def penalties(self) -> int:
        """[13] = Σ [11]."""
        return sum(p.penalties for p in self.properties)

    @property
    def pit_all(self) -> int:
        """[15] = [12] + [14]."""
        return self.pit + self.penalty_pit

    @property
    def pit_payable(self) -> int:
        """[17] = [15] − [16]."""
        return self.pit_all - self.exempt_pit

    @property
    def payable(self) -> int:
        """[18] = [11] + [17]."""
        return self.vat + self.pit_payable

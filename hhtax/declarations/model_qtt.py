"""The body of 02/CNKD (02/CNKD-TNCN-QTT): the annual PIT finalisation of a household taxed on
income (maTKhai 1244, 2.8.9; reading OQ-26; layout shared/law/forms-more.md §1).

Figures come from the engine's finalisation of the year (Law 109/2025/QH15 Art 7.2; NĐ 68/2026/NĐ-CP
Art 6, 10.2.b): revenue [11] (of which sold through platforms that withheld the tax [11a]), deductible
costs [12], taxable income [13] = [11] − [12], rate [14], PIT [15] = max([13], 0) × [14], PIT the
platforms withheld [16] (NĐ 117/2025), and [17] = [15] − [16] when not negative, else [18] = [16] −
[15] overpaid. The provisional PIT paid with the quarterly returns is not a box: Part B (payment
details) carries what is left to pay after it, and Part C what was overpaid, to be refunded or offset
(Law 38/2019/QH14 Art 60).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class QttPayment:
    """Part B row (`ChiTietThongTinNopTHue`): [20] mục, [21] tiểu mục, [22] amount, [23], [24]."""

    amount: int  # [22] soTien
    section: str  # [20] ma_muc, e.g. "1000"
    section_name: str  # [20] ten_muc
    sub_item: str  # [21] ma_tieumuc, e.g. "1003"
    sub_item_name: str  # [21] ten_tieumuc
    collector: str = ""  # [23] ten_coquanthu: the tax office collecting it
    due: date | None = None  # [24] hanNopThue


@dataclass(frozen=True)
class Refund:
    """Part C [26]–[27.10]: overpaid PIT to refund, by transfer or in cash."""

    amount: int  # [26] thueTNCNDeNghiHT
    transfer: bool = True  # [27.1] chuyển khoản; False: [27.5] tiền mặt
    holder: str = ""  # [27.2]
    account: str = ""  # [27.3]
    bank: str = ""  # [27.4]
    receiver: str = ""  # [27.6]
    id_number: str = ""  # [27.7]
    id_date: date | None = None  # [27.8]
    id_place: str = ""  # [27.9]
    treasury: str = ""  # [27.10] Kho bạc Nhà nước nơi nhận tiền


@dataclass(frozen=True)
class QttBody:
    """02/CNKD Part A [11]–[18], Part B payment rows, Part C refund [26] or offset [28]."""

    revenue: int  # [11]
    costs: int  # [12]
    rate: Decimal  # [14], a fraction (0.15)
    pit: int  # [15]
    platform_revenue: int = 0  # [11a]
    platform_pit: int = 0  # [16]
    payments: tuple[QttPayment, ...] = ()  # Part B
    refund: Refund | None = None  # Part C [26]–[27]
    offset: int = 0  # [28] deNghiBuTruKyKhac

    @property
    def income(self) -> int:
        """[13] = [11] − [12] (negative: a loss, PIT 0, OQ-14)."""
        return self.revenue - self.costs

    @property
    def to_pay(self) -> int:
        """[17] = [15] − [16] when ≥ 0."""
        return max(self.pit - self.platform_pit, 0)

    @property
    def overpaid(self) -> int:
        """[18]: [16] − [15] when the platforms withheld more than the year's PIT."""
        return max(self.platform_pit - self.pit, 0)

    @property
    def payments_total(self) -> int:
        """[25] tong_sotien."""
        return sum(p.amount for p in self.payments)

    @property
    def payable(self) -> int:
        """What this return leaves to pay (Part B)."""
        return self.payments_total

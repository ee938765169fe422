"""The declaration model: one return (01/CNKD TT 40 or TT 18, 01/TKN-CNKD) with its appendices.

Everything the XML writer and the PDF renderer need, already computed: amounts are whole đồng,
rates `Decimal` fractions, text NFC. Nothing here computes tax; totals are sums of the rows
(TT 40/2021 App. II 01/CNKD box [32]; TT 18/2026 01/CNKD boxes [16]–[18]). Form codes, XML
versions, titles and legal lines come from the rule pack (`forms.*`, shared/law/xml-format.md §5).

Layouts: `"tt40"` (01/CNKD, maTKhai 473), `"tt18"` (01/CNKD, maTKhai 1240), `"tkn"` (01/TKN-CNKD,
maTKhai 1245, reading OQ-05).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hhtax.declarations.leasing_model import BdsBody, TtsBody
from hhtax.declarations.model_qtt import QttBody
from hhtax.periods import Period, PeriodKind

ORIGINAL = "C"  # loaiTKhai: tờ khai chính thức
SUPPLEMENTARY = "B"  # loaiTKhai: tờ khai bổ sung

LAYOUT_TT40 = "tt40"
LAYOUT_TT18 = "tt18"
LAYOUT_TKN = "tkn"
LAYOUT_QTT = "qtt"  # 02/CNKD, maTKhai 1244 (reading OQ-26)


@dataclass(frozen=True)
class FormInfo:
    """A form version from the rule pack (`forms.<key>`): code, XML code and version, printed texts."""

    key: str  # rule-pack key without the prefix, e.g. "01_CNKD"
    code: str  # "01/CNKD"
    ma_tkhai: str  # "473", "1240", "1245"
    version: str  # pbanTKhaiXML, e.g. "2.8.3"
    title: str  # tenTKhai / printed title
    circular: str  # the legal line printed under the form code (moTaBMau)
    verified: bool = True  # False: the XML format rests on a reading (OQ-05, OQ-23)
    caption: str = ""  # the line printed under the title, its threshold filled in from the rule pack
    # How a correction is filed, from the viewer catalogue (forms-more.md §3): "khbs" a B return with
    # the KHBS appendices (473), "plain" a B return without them (1240, OQ-23), "replace" a new C
    # return, the catalogue having no B entry (1244, 1245).
    supplement: str = "khbs"

    @property
    def file_code(self) -> str:
        """The form code as used in file names: "01/CNKD" → "01-CNKD"."""
        return self.code.replace("/", "-")


@dataclass(frozen=True)
class Service:
    """`TTinDVu`: the software that produced the file (rule pack `xml.service`, reading OQ-22)."""

    ma_dvu: str = ""
    ten_dvu: str = ""
    pban_dvu: str = ""
    ttin_nha_cung_cap: str = ""


@dataclass(frozen=True)
class Taxpayer:
    """The taxpayer block (`NNT` and the TT 40 header boxes [04]–[16])."""

    tax_code: str  # NNT/mst: the compact tax code (12-digit personal ID or 10/13-digit MST)
    name: str  # [04] tenNNT
    legacy_tax_code: str = ""  # CTieuTKhaiChinh/mst_cu
    shop_name: str = ""  # TT 40 [05]
    bank_account: str = ""  # TT 40 [06]
    address: str = ""  # số nhà, đường phố ([12b])
    ward: str = ""  # [12c]
    district: str = ""  # [12d] (before the 2025 reform)
    province: str = ""  # [12đ]
    residence: str = ""  # [13]
    phone: str = ""  # [14]
    fax: str = ""  # [15]
    email: str = ""  # [16]
    tax_office_code: str = ""  # maCQTNoiNop
    tax_office_name: str = ""  # tenCQTNoiNop
    business_lines: tuple[str, ...] = ()  # TT 40 [08], one name each
    area_m2: Decimal | None = None  # TT 40 [09]
    rented: bool = False  # TT 40 [09a]
    employees: int | None = None  # TT 40 [10]


# -- 01/CNKD, TT 40/2021 (maTKhai 473) -----------------------------------------------------------

TT40_BOXES = ("28", "29", "30", "31")
TT40_METHOD_BOXES = ("hkdcnkdnopthuekhoan", "cnkdnopps", "tccnkhainopthay", "hkdcnkdnopkekhai",
                     "hkdcnkdnnxddoanhthu", "hkdchuyendoipptinhthue")


@dataclass(frozen=True)
class Tt40Row:
    """One row [28]–[31] of Part A: (a) VAT revenue, (b) VAT, (c) PIT revenue, (d) PIT."""

    box: str
    vat_revenue: int = 0
    vat: int = 0
    pit_revenue: int = 0
    pit: int = 0


@dataclass(frozen=True)
class Tt40Body:
    """Part A of 01/CNKD TT 40 (rows [28]–[31], total [32]); Parts B and C are written empty."""

    rows: tuple[Tt40Row, ...]  # exactly the four boxes of TT40_BOXES, in order
    method_box: str = "hkdcnkdnopkekhai"  # the ticked method check box

    @property
    def total(self) -> Tt40Row:
        """Box [32]: the column sums of [28]–[31]."""
        return Tt40Row("32", sum(r.vat_revenue for r in self.rows), sum(r.vat for r in self.rows),
                       sum(r.pit_revenue for r in self.rows), sum(r.pit for r in self.rows))

    @property
    def payable(self) -> int:
        return self.total.vat + self.total.pit


# -- 01/CNKD, TT 18/2026 (maTKhai 1240) ----------------------------------------------------------

@dataclass(frozen=True)
class Tt18Row:
    """One `CTietDoanhThu`: a (place × industry group) row with boxes [09]–[15]."""

    group: str  # hhtax group code (goods, services, …)
    name: str  # [09] ct09_ten, the group's printed name
    code: str = ""  # [10] ct10 line code (values unknown, OQ-22: empty)
    vat_revenue: int = 0  # [11]
    vat: int = 0  # [12]
    pit_revenue: int = 0  # [13]
    deduction: int = 0  # [14]
    pit: int = 0  # [15]


@dataclass(frozen=True)
class Place:
    """A business place in Part A (`DoanhThuThueGTGTTNCN`): head office or other location."""

    head_office: bool
    code: str = ""  # ma_diaDiemKD
    name: str = ""  # ten_diaDiemKD
    address: str = ""
    ward: str = ""
    province: str = ""
    rows: tuple[Tt18Row, ...] = ()


@dataclass(frozen=True)
class Payment:
    """Part D row (`ChiTietThongTinNopTHue`): what to pay, where, under which tiểu mục."""

    location_code: str  # [36]
    content: str  # [37]
    amount: int  # [38]
    sub_item: str  # [40] tiểu mục: VAT 1701, PIT 1003
    due: date | None = None  # [44]
    chapter: str = ""  # [39] chương (no source yet: empty)
    area_code: str = ""  # [41] ct41_maDBHC: administrative area of the place
    area_name: str = ""  # [41] ct41_tenDBHC
    collector_code: str = ""  # [42] ct42_maCQThu: the office that collects the payment
    collector_name: str = ""  # [42] ct42_tenCQThu
    office_code: str = ""  # [43] ct43_maCQThue: the tax office managing the place
    office_name: str = ""  # [43] ct43_tenCQThue


@dataclass(frozen=True)
class Tt18Totals:
    vat_revenue: int
    vat: int
    pit_revenue: int
    deduction: int
    pit: int


@dataclass(frozen=True)
class Tt18Body:
    """Part A–D of 01/CNKD TT 18/2026: sections I (fixed place), II (platforms), III (per occurrence)."""

    method: str  # "revenue" (nopThueTNCNDoanhThu) | "income" (nopThueTNCNThunhapTinhThue)
    fixed: tuple[Place, ...] = ()  # I
    platform: tuple[Place, ...] = ()  # II
    per_occurrence: tuple[Place, ...] = ()  # III
    platform_only: bool = False  # hoatDongTMDT
    exempt_vat: int = 0  # [17] soThueDuocMienCT12
    exempt_pit: int = 0  # [17] soThueDuocMienCT15
    deduction_left: int = 0  # soTienTruKyTiep
    payments: tuple[Payment, ...] = ()  # Part D

    @property
    def places(self) -> tuple[Place, ...]:
        return self.fixed + self.platform + self.per_occurrence

    @property
    def rows(self) -> tuple[Tt18Row, ...]:
        return tuple(row for place in self.places for row in place.rows)

    @property
    def total(self) -> Tt18Totals:
        """Box [16]: column sums of [11]–[15] over all sections."""
        rows = self.rows
        return Tt18Totals(sum(r.vat_revenue for r in rows), sum(r.vat for r in rows),
                          sum(r.pit_revenue for r in rows), sum(r.deduction for r in rows),
                          sum(r.pit for r in rows))

    @property
    def payable_vat(self) -> int:
        """Box [18] for VAT: [16] − [17]."""
        return self.total.vat - self.exempt_vat

    @property
    def payable_pit(self) -> int:
        """Box [18] for PIT: [16] − [17]."""
        return self.total.pit - self.exempt_pit

    @property
    def payable(self) -> int:
        return self.payable_vat + self.payable_pit


# -- 01/TKN-CNKD 2026 (maTKhai 1245, reading OQ-05) ----------------------------------------------

@dataclass(frozen=True)
class TknRow:
    """A revenue row of the TT 50 notice: [08a]–[08e] at a place, [09a]–[09e] on platforms."""

    row: str  # the group's letter on the form (`groups.<g>.row`): a, b, c, d, đ, e
    group: str  # hhtax group code
    name: str  # the group's printed name
    revenue: int = 0


@dataclass(frozen=True)
class TknPlace:
    """A business place of the notice with its revenue by industry group (row [08])."""

    head_office: bool
    code: str = ""
    name: str = ""
    address: str = ""
    ward: str = ""
    province: str = ""
    rows: tuple[TknRow, ...] = ()


@dataclass(frozen=True)
class TknBody:
    """The revenue notice: revenue in row [15]/[16]; tax columns 0 for G1; withheld tax is overpaid.

    The TT 50 printed layout also splits the revenue by place and group ([08a]–[08e]), platform
    sales ([09a]–[09e]) and agency revenue ([10]). The 1245 XML has no element for them (OQ-05), so
    they are printed only and are not part of the XML round trip (`compare=False`).
    """

    revenue: int  # (a) TongDoanhThuTrongNam ct15 = ct16
    vat: int = 0  # (b)
    pit: int = 0  # (c)
    withheld_vat: int = 0  # (d) ThueGTGTDaKhauTruTamNop
    withheld_pit: int = 0  # (đ) ThueTNCNDaKhauTruTamNop
    places: tuple[TknPlace, ...] = field(default=(), compare=False)  # [08] by place and group
    platform: tuple[TknRow, ...] = field(default=(), compare=False)  # [09] by group
    agents: int = field(default=0, compare=False)  # [10]

    @property
    def vat_to_pay(self) -> int:
        """(e) = (b) − (d) when positive."""
        return max(self.vat - self.withheld_vat, 0)

    @property
    def pit_to_pay(self) -> int:
        """(g) = (c) − (đ) when positive."""
        return max(self.pit - self.withheld_pit, 0)

    @property
    def vat_overpaid(self) -> int:
        """(h) = (d) − (b) when positive."""
        return max(self.withheld_vat - self.vat, 0)

    @property
    def pit_overpaid(self) -> int:
        """(i) = (đ) − (c) when positive."""
        return max(self.withheld_pit - self.pit, 0)


Body = Tt40Body | Tt18Body | TknBody | QttBody | TtsBody | BdsBody  # leasing bodies: leasing_model.py


# -- appendices ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class InventoryRow:
    """01-2/BK-HĐKD Part I row [06]–[15] (TT 40 App. II)."""

    name: str
    unit: str = ""
    opening_qty: Decimal = Decimal(0)
    opening_value: int = 0
    in_qty: Decimal = Decimal(0)
    in_value: int = 0
    out_qty: Decimal = Decimal(0)
    out_value: int = 0
    closing_qty: Decimal = Decimal(0)
    closing_value: int = 0


BK_HDKD_COST_BOXES = ("24", "25", "26", "27", "28", "29", "30")


@dataclass(frozen=True)
class BkHdkd:
    """01-2/BK-HĐKD (`PLuc_01_2_BK_HDKD`): Part I items, Part II costs [24]–[30], total [31]."""

    form: FormInfo
    items: tuple[InventoryRow, ...] = ()
    costs: tuple[int, ...] = (0, 0, 0, 0, 0, 0, 0)  # [24] labour … [30] other

    @property
    def cost_total(self) -> int:
        """Box [31] = [24] + … + [30]."""
        return sum(self.costs)

    @property
    def item_totals(self) -> tuple[tuple[Decimal, int], ...]:
        """Boxes [16]–[23]: (quantity, value) totals of opening, in, out and closing."""
        items = self.items
        return ((sum((i.opening_qty for i in items), Decimal(0)), sum(i.opening_value for i in items)),
                (sum((i.in_qty for i in items), Decimal(0)), sum(i.in_value for i in items)),
                (sum((i.out_qty for i in items), Decimal(0)), sum(i.out_value for i in items)),
                (sum((i.closing_qty for i in items), Decimal(0)), sum(i.closing_value for i in items)))


@dataclass(frozen=True)
class AccountRow:
    """01/BK-STK row [04]–[09]."""

    location_name: str
    location_code: str
    number: str
    holder: str = ""
    provider: str = ""
    status: str = "khai lần đầu"


@dataclass(frozen=True)
class BkStk:
    """01/BK-STK (`PLuc_01_BK_STK`): bank accounts and e-wallets used in the business."""

    form: FormInfo
    accounts: tuple[AccountRow, ...] = ()


@dataclass(frozen=True)
class StockRow:
    """01/BK-HTK row: name, unit, quantity, value at 31/12/2025."""

    name: str
    unit: str = ""
    qty: Decimal = Decimal(0)
    value: int = 0


@dataclass(frozen=True)
class BkHtk:
    """01/BK-HTK (`PLuc_01_BK_HTK`): inventory (I) and machines (II) at 31/12/2025 (ND 68 Art 18.4)."""

    form: FormInfo
    goods: tuple[StockRow, ...] = ()
    machines: tuple[StockRow, ...] = ()

    @property
    def goods_total(self) -> tuple[Decimal, int]:
        return sum((r.qty for r in self.goods), Decimal(0)), sum(r.value for r in self.goods)

    @property
    def machines_total(self) -> tuple[Decimal, int]:
        return sum((r.qty for r in self.machines), Decimal(0)), sum(r.value for r in self.machines)

    @property
    def total(self) -> tuple[Decimal, int]:
        goods, machines = self.goods_total, self.machines_total
        return goods[0] + machines[0], goods[1] + machines[1]


@dataclass(frozen=True)
class VatCutRow:
    """`PL_NQ142_GTGT` section II row: (2) name, (3) revenue, (4) rate, (5) reduced rate, (6) reduction."""

    name: str
    revenue: int
    rate: Decimal  # fraction, e.g. Decimal("0.05")
    reduced_rate: Decimal  # fraction, e.g. Decimal("0.04")
    reduction: int


@dataclass(frozen=True)
class VatCut:
    """`PL_NQ142_GTGT`: the VAT cut (NQ 204/2025, ND 174/2025; reading OQ-07)."""

    form: FormInfo
    rows: tuple[VatCutRow, ...] = ()

    @property
    def revenue_total(self) -> int:
        return sum(r.revenue for r in self.rows)

    @property
    def reduction_total(self) -> int:
        return sum(r.reduction for r in self.rows)


@dataclass(frozen=True)
class KhbsRow:
    """01-1/KHBS row: one changed box, (4) declared, (5) corrected, (6) = (5) − (4)."""

    name: str  # (2) indicator name
    box: str  # (3) indicator code, e.g. "12"
    filed: int
    corrected: int
    tax: bool = True  # a tax box: the difference changes the obligation, column (7)
    reason: str = ""  # (8)
    sub_item: str = ""  # tiểu mục of a tax box (VAT 1701, PIT 1003), 01/KHBS Muc_1 ct2_ma

    @property
    def difference(self) -> int:
        return self.corrected - self.filed

    @property
    def obligation_change(self) -> int:
        """Column (7): the change of tax payable (0 for a revenue box)."""
        return self.difference if self.tax else 0


@dataclass(frozen=True)
class Khbs:
    """Supplementary explanation: 01-1/KHBS rows and the late interest of 01/KHBS Muc_A/Muc_I/Muc_3.

    Law 38/2019 Art 47 (Law 108/2025 Art 12.5 from 01/07/2026); interest Law 38 Art 59 / Law 108 Art 16.
    For 1240 the appendix is a reading (OQ-23).
    """

    form: FormInfo  # forms.01_1_KHBS
    interest_form: FormInfo  # forms.PL01_KHBS
    return_name: str  # ten_HSo: the corrected return, e.g. "01/CNKD - Quý 2/2026"
    rows: tuple[KhbsRow, ...] = ()
    interest_to: date | None = None  # ct3a_1
    late_days: int = 0  # ct3a_2
    interest: int = 0  # ct3b
    return_form: str = ""  # Header/tenTKhai [01] Mẫu tờ khai: the corrected form, e.g. "01/CNKD"

    @property
    def payable_change(self) -> int:
        """tongCong_7 / tongCong_ct10: total change of tax payable (+ more, − less)."""
        return sum(r.obligation_change for r in self.rows)


Appendix = BkHdkd | BkStk | BkHtk | VatCut | Khbs


# -- the declaration -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Note:
    """A reading (OQ-nn) or engine warning behind the return, as one sentence in English and Vietnamese."""

    code: str
    en: str
    vi: str

    def text(self, lang: str) -> str:
        prefix = f"{self.code}: " if self.code.startswith("OQ-") else ""
        return prefix + (self.vi if lang == "vi" else self.en)


@dataclass(frozen=True)
class Declaration:
    """One return, ready to serialise: form version, kind, period, taxpayer, body, appendices."""

    form: FormInfo
    layout: str  # LAYOUT_TT40 | LAYOUT_TT18 | LAYOUT_TKN | LAYOUT_QTT
    period: Period
    taxpayer: Taxpayer
    body: Body
    prepared_on: date  # ngayLapTKhai (the explicit `today`)
    kind: str = ORIGINAL  # loaiTKhai
    seq: int = 0  # soLan: 0 for C, n ≥ 1 for B
    signer: str = ""  # nguoiKy
    signed_on: date | None = None  # ngayKy
    service: Service = Service()
    appendices: tuple[Appendix, ...] = ()
    notes: tuple[Note, ...] = field(default=(), compare=False)  # readings and warnings, not in XML
    # A correction whose explanation the form's XML cannot carry (1240 B, OQ-23; a replacement C
    # return of 1244/1245): printed on the PDF and in the command output only.
    explanation: Khbs | None = field(default=None, compare=False)
    correction: int = field(default=0, compare=False)  # n of a correction filed as a new C return

    @property
    def payable(self) -> int:
        """Tax payable on this return (0 for the revenue notice of a G1 household)."""
        body = self.body
        if isinstance(body, TknBody):
            return body.vat_to_pay + body.pit_to_pay
        return body.payable

    @property
    def khbs(self) -> Khbs | None:
        """The explanation of a correction, in the XML (`PL01_1_KHBS`) or only printed."""
        found = self.appendix(Khbs)
        return found if isinstance(found, Khbs) else self.explanation

    def appendix(self, kind: type[Appendix]) -> Appendix | None:
        for item in self.appendices:
            if isinstance(item, kind):
                return item
        return None


# -- period encoding (xml-format.md §4) -------------------------------------------------------------

_KIEU_KY = {PeriodKind.MONTH: "M", PeriodKind.QUARTER: "Q", PeriodKind.HALF: "N", PeriodKind.YEAR: "Y"}


def kieu_ky(period: Period) -> str:
    """`kieuKy`: M month, Q quarter, N half-year, Y year."""
    return _KIEU_KY[period.kind]


def ky_kkhai(period: Period) -> str:
    """`kyKKhai`: `07/2026` (month), `2/2026` (quarter, no zero pad), `1/2026` (half), `2026`."""
    if period.kind is PeriodKind.MONTH:
        return f"{period.index:02d}/{period.year}"
    if period.kind is PeriodKind.YEAR:
        return str(period.year)
    return f"{period.index}/{period.year}"


def vn_date(day: date) -> str:
    """dd/mm/yyyy, as in kyKKhaiTuNgay and on printed forms."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def vn_month(year: int, month: int) -> str:
    return f"{month:02d}/{year}"

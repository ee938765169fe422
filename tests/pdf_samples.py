"""Sample declarations for the PDF tests and the PDF benchmark (benchmarks/bench_pdf.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hhtax.declarations.model import (
    LAYOUT_TKN,
    LAYOUT_TT18,
    LAYOUT_TT40,
    SUPPLEMENTARY,
    AccountRow,
    BkHdkd,
    BkHtk,
    BkStk,
    Declaration,
    FormInfo,
    InventoryRow,
    Khbs,
    KhbsRow,
    Payment,
    Place,
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
from hhtax.periods import Period

TT40 = "Ban hành kèm theo Thông tư số 40/2021/TT-BTC ngày 01/6/2021 của Bộ trưởng Bộ Tài chính"
TT18 = "Kèm theo Thông tư số 18/2026/TT-BTC ngày 05/3/2026 của Bộ trưởng Bộ Tài chính"
TT80 = "Ban hành kèm theo Thông tư số 80/2021/TT-BTC ngày 29/9/2021 của Bộ trưởng Bộ Tài chính"
TITLE = "TỜ KHAI THUẾ ĐỐI VỚI HỘ KINH DOANH, CÁ NHÂN KINH DOANH"

CNKD_A = FormInfo("01_CNKD", "01/CNKD", "473", "2.8.3", TITLE, TT40)
CNKD_B = FormInfo("01_CNKD", "01/CNKD", "1240", "2.8.9", TITLE, TT18,
                  caption="(Áp dụng cho hộ kinh doanh, cá nhân kinh doanh có doanh thu năm trên "
                          "1.000.000.000 đồng)")
TT50 = "Kèm theo Thông tư số 50/2026/TT-BTC ngày 13/5/2026 của Bộ trưởng Bộ Tài chính"
TKN_B = FormInfo("01_TKN_CNKD", "01/TKN-CNKD", "1245", "2.8.9", "THÔNG BÁO DOANH THU/TỜ KHAI THUẾ NĂM", TT50,
                 verified=False)
BK_HDKD = FormInfo("01_2_BK_HDKD", "01-2/BK-HĐKD", "473", "2.8.3",
                   "BẢNG KÊ HOẠT ĐỘNG KINH DOANH TRONG KỲ CỦA HỘ KINH DOANH, CÁ NHÂN KINH DOANH",
                   "Kèm theo Tờ khai 01/CNKD áp dụng đối với hộ kinh doanh, cá nhân kinh doanh nộp thuế theo "
                   "phương pháp kê khai")
BK_STK = FormInfo("01_BK_STK", "01/BK-STK", "1265", "2.8.9", "THÔNG BÁO SỐ TÀI KHOẢN/SỐ HIỆU VÍ ĐIỆN TỬ",
                  TT18)
BK_HTK = FormInfo("01_BK_HTK", "01/BK-HTK", "1240", "2.8.9",
                  "BẢNG KÊ HÀNG TỒN KHO, MÁY MÓC, THIẾT BỊ CỦA HỘ KINH DOANH, CÁ NHÂN KINH DOANH", TT18)
VAT_CUT = FormInfo("PL_NQ142_GTGT", "01/NQ204", "1240", "2.8.9",
                   "GIẢM THUẾ GIÁ TRỊ GIA TĂNG THEO NGHỊ QUYẾT SỐ 142/2024/QH15",
                   "Mẫu số 01, Phụ lục IV kèm theo Nghị định số 174/2025/NĐ-CP quy định chính sách giảm "
                   "thuế giá trị gia tăng theo Nghị quyết số 204/2025/QH15")
KHBS_1 = FormInfo("01_1_KHBS", "01-1/KHBS", "1240", "2.8.9", "BẢN GIẢI TRÌNH KHAI BỔ SUNG", TT80,
                  verified=False)
KHBS = FormInfo("PL01_KHBS", "01/KHBS", "1240", "2.8.9", "TỜ KHAI BỔ SUNG", TT80, verified=False)

TAXPAYER = Taxpayer(
    tax_code="001085012345", name="Nguyễn Thị Hương", shop_name="Tạp hoá Hương Quê",
    bank_account="0123456789 - Ngân hàng TMCP Ngoại thương Việt Nam", address="Số 12 phố Hàng Bạc",
    ward="Phường Hoàn Kiếm", province="Thành phố Hà Nội", residence="Số 12 phố Hàng Bạc, Phường Hoàn Kiếm",
    phone="0912345678", email="huong@example.vn", tax_office_name="Thuế cơ sở 1 thành phố Hà Nội",
    business_lines=("Bán lẻ hàng tạp hoá", "Dịch vụ ăn uống"), area_m2=Decimal("35.5"), rented=True,
    employees=2,
)


def tt40(*, items: int = 3) -> Declaration:
    """A 2025 quarter: goods 354.650.000 and F&B 120.000.000, with 01-2/BK-HĐKD."""
    rows = (Tt40Row("28", 354_650_000, 3_546_500, 354_650_000, 1_773_250),
            Tt40Row("29", 0, 0, 0, 0),
            Tt40Row("30", 120_000_000, 3_600_000, 120_000_000, 1_800_000),
            Tt40Row("31", 0, 0, 0, 0))
    stock = tuple(
        InventoryRow(f"Mặt hàng số {i + 1} (gạo tẻ, nước mắm, dầu ăn)", "kg", Decimal("120.5"), 2_410_000,
                     Decimal(300), 6_000_000, Decimal("250.25"), 5_005_000, Decimal("170.25"), 3_405_000)
        for i in range(items))
    bk = BkHdkd(BK_HDKD, stock, (18_000_000, 2_400_000, 300_000, 600_000, 15_000_000, 450_000, 1_250_000))
    return Declaration(CNKD_A, LAYOUT_TT40, Period.quarter(2025, 2), TAXPAYER, Tt40Body(rows),
                       prepared_on=date(2025, 7, 20), signer="Nguyễn Thị Hương", signed_on=date(2025, 7, 20),
                       appendices=(bk,))


def tt18(*, supplementary: bool = False) -> Declaration:
    """A 2026 quarter with two places, the 1 bn deduction, Part D and the 2026 appendices."""
    goods, production = "Phân phối, cung cấp hàng hóa", "Sản xuất, vận tải, dịch vụ có gắn với hàng hóa"
    ward, city, due = "Phường Hoàn Kiếm", "Thành phố Hà Nội", date(2026, 7, 31)
    head = Place(True, "00001", "Tạp hoá Hương Quê", "Số 12 phố Hàng Bạc", ward, city,
                 (Tt18Row("goods", goods, "", 800_000_000, 8_000_000, 800_000_000, 354_650_000, 2_226_750),
                  Tt18Row("production", production, "", 200_000_000, 6_000_000, 200_000_000, 0, 3_000_000)))
    branch = Place(False, "00002", "Quầy bán hàng chợ Đồng Xuân", "Ki-ốt 25 chợ Đồng Xuân", ward, city,
                   (Tt18Row("goods", goods, "", 150_000_000, 1_500_000, 150_000_000, 0, 750_000),))
    vat, pit = "Thuế GTGT hộ kinh doanh", "Thuế TNCN hộ kinh doanh"
    office_name = "Thuế cơ sở 1 Thành phố Hà Nội"
    office = {"area_name": f"{ward}, {city}", "collector_code": "10101", "office_code": "10101",
              "collector_name": office_name, "office_name": office_name}
    body = Tt18Body("revenue", fixed=(head, branch), deduction_left=645_350_000,
                    payments=(Payment("00001", vat, 14_000_000, "1701", due, **office),
                              Payment("00001", pit, 5_226_750, "1003", due, **office),
                              Payment("00002", vat, 1_500_000, "1701", due, **office),
                              Payment("00002", pit, 750_000, "1003", due, **office)))
    appendices: tuple[BkStk | BkHtk | VatCut | Khbs, ...] = (
        BkStk(BK_STK, (AccountRow("Tạp hoá Hương Quê", "00001", "0123456789", "Nguyễn Thị Hương",
                                  "Ngân hàng TMCP Ngoại thương Việt Nam"),
                       AccountRow("Tạp hoá Hương Quê", "00001", "0912345678", "Nguyễn Thị Hương",
                                  "Ví điện tử MoMo"))),
        BkHtk(BK_HTK, (StockRow("Gạo tẻ", "kg", Decimal(500), 9_000_000),
                       StockRow("Dầu ăn", "chai", Decimal("120"), 5_400_000)),
              (StockRow("Tủ đông", "chiếc", Decimal(1), 12_000_000),)),
        VatCut(VAT_CUT, (VatCutRow("Dịch vụ ăn uống", 200_000_000, Decimal("0.03"), Decimal("0.024"),
                                   1_200_000),)),
    )
    kind, seq = "C", 0
    if supplementary:
        kind, seq = SUPPLEMENTARY, 1
        appendices += (Khbs(KHBS_1, KHBS, "01/CNKD - Quý 2/2026",
                            (KhbsRow("Doanh thu tính thuế GTGT", "11", 1_100_000_000, 1_150_000_000,
                                     tax=False, reason="Bỏ sót hoá đơn bán hàng"),
                             KhbsRow("Số thuế GTGT phải nộp", "12", 14_000_000, 15_500_000,
                                     reason="Bỏ sót hoá đơn bán hàng")),
                            interest_to=date(2026, 9, 15), late_days=45, interest=20_250),)
    return Declaration(CNKD_B, LAYOUT_TT18, Period.quarter(2026, 2), TAXPAYER, body,
                       prepared_on=date(2026, 7, 20), kind=kind, seq=seq, signer="Nguyễn Thị Hương",
                       signed_on=date(2026, 7, 20), appendices=appendices)


def tkn() -> Declaration:
    """The 2026 revenue notice of a household at or under 1 bn, with platform-withheld tax."""
    services = "Dịch vụ, xây dựng không bao thầu nguyên vật liệu"
    rows = tuple(TknRow(letter, group, name, revenue) for letter, group, name, revenue in (
        ("a", "goods", "Phân phối, cung cấp hàng hóa", 0), ("b", "services", services, 790_000_000),
        ("c", "leasing", "Cho thuê tài sản (trừ bất động sản)", 0),
        ("d", "production", "Sản xuất, vận tải, dịch vụ có gắn với hàng hóa, xây dựng có bao thầu nguyên "
         "vật liệu", 0),
        ("đ", "digital", "Cung cấp sản phẩm và dịch vụ nội dung thông tin số về giải trí, trò chơi điện tử, "
         "phim số, ảnh số, nhạc số, quảng cáo số", 0), ("e", "other", "Hoạt động kinh doanh khác", 0)))
    place = TknPlace(True, "", "Tiệm may Hương", "Số 12 phố Hàng Bạc", "Phường Hoàn Kiếm", "Thành phố Hà Nội",
                     rows)
    platform = tuple(TknRow(r.row, r.group, r.name, 60_000_000 if r.group == "services" else 0)
                     for r in rows)
    body = TknBody(revenue=850_000_000, withheld_vat=300_000, withheld_pit=150_000, places=(place,),
                   platform=platform)
    return Declaration(TKN_B, LAYOUT_TKN, Period.of_year(2026), TAXPAYER, body, prepared_on=date(2027, 1, 15),
                       signer="Nguyễn Thị Hương")

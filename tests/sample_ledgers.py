"""Small plain-text ledgers written into a folder by the tests: the worked examples of
shared/law/worked-examples.md (`e1(folder)` … `two_places(folder)`, and `CASES`: name → (builder,
period)) for the declaration tests, and one-line households for the batch tests (`write_household`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 20)

HEAD = """tax_code = "001085012345"
name = "Nguyễn Văn An"
shop_name = "Tạp hóa An"
address = "12 Hàng Bạc"
ward = "Phường Hoàn Kiếm"
province = "Hà Nội"
phone = "0912345678"
{extra}
[tax_office]
code = "10101"
name = "Thuế cơ sở 1 Thành phố Hà Nội"
"""


def line(line_id: str, group: str, name: str, vat_cut: bool = False) -> str:
    cut = "\nvat_cut = true" if vat_cut else ""
    return f'\n[[lines]]\nid = "{line_id}"\ngroup = "{group}"\nname = "{name}"{cut}\n'


ACCOUNT = '\n[[accounts]]\nid = "vcb"\nnumber = "0011001234567"\nprovider = "Vietcombank"\n'


JOURNAL_HEAD = "date,kind,amount,line,description,category,withheld,withheld_vat,withheld_pit"


def write_ledger(folder: Path, extra: str, lines: str, sales: list[tuple[str, int, str]],
                 more: tuple[str, ...] = ()) -> Path:
    """A plain-text ledger: household.toml, and journal.csv with one sale per (date, amount, line)
    followed by the rows in `more` (CSV with the columns of JOURNAL_HEAD)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "household.toml").write_text(HEAD.format(extra=extra) + lines, encoding="utf-8")
    rows = [JOURNAL_HEAD, *(f"{day},sale,{amount},{line_id},Bán hàng,,,," for day, amount, line_id in sales),
            *more]
    (folder / "journal.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def quarterly(year: int, amounts: list[int], line_id: str) -> list[tuple[str, int, str]]:
    return [(f"{year}-{3 * q + 2:02d}-15", amount, line_id) for q, amount in enumerate(amounts) if amount]


def e1(folder: Path) -> Path:
    """E1: grocery, 600,000,000 a quarter in 2026, revenue method."""
    lines = line("goods", "goods", "Tạp hóa") + ACCOUNT
    return write_ledger(folder, "prior_year_revenue = 2400000000", lines,
                        quarterly(2026, [600_000_000] * 4, "goods"))


def e3(folder: Path) -> Path:
    """E3: the same grocery in 2025 (regime A, declaration method), with costs for 01-2/BK-HĐKD."""
    costs = ("2025-02-10,expense,3000000,goods,Tiền điện,electricity,,,",
             "2025-02-11,wage,15000000,goods,Lương nhân viên,labour,,,",
             "2025-02-12,expense,8000000,goods,Thuê cửa hàng,rent,,,")
    return write_ledger(folder, "prior_year_revenue = 2400000000", line("goods", "goods", "Tạp hóa"),
                        quarterly(2025, [600_000_000] * 4, "goods"), costs)


def e4(folder: Path) -> Path:
    """E4: mixed industries in Q3/2025 with the VAT cut on tailoring and food."""
    lines = (line("taphoa", "goods", "Tạp hóa") + line("maydo", "services", "May đo", vat_cut=True)
             + line("quanan", "production", "Quán ăn", vat_cut=True)
             + line("khac", "other", "Hoạt động khác"))
    sales = [("2025-08-15", 300_000_000, "taphoa"), ("2025-08-15", 120_000_000, "maydo"),
             ("2025-08-15", 450_000_000, "quanan"), ("2025-08-15", 30_000_000, "khac")]
    return write_ledger(folder, "prior_year_revenue = 3600000000", lines, sales)


def e5(folder: Path) -> Path:
    """E5: goods 400,000,000 and services 300,000,000 a quarter (2026)."""
    lines = line("goods", "goods", "Tạp hóa") + line("services", "services", "Dịch vụ sửa chữa")
    return write_ledger(folder, "prior_year_revenue = 2800000000", lines,
                        quarterly(2026, [400_000_000] * 4, "goods")
                        + quarterly(2026, [300_000_000] * 4, "services"))


def e6(folder: Path) -> Path:
    """E6: a tailor under the threshold (840,000,000 in 2026), 120,000,000 sold on a platform."""
    sales = quarterly(2026, [210_000_000] * 3 + [90_000_000], "may")
    platform = ("2026-11-20,sale,120000000,may,Bán qua sàn,,yes,6000000,2400000",)
    return write_ledger(folder, "prior_year_revenue = 800000000", line("may", "services", "May đo"), sales,
                        platform)


def e7(folder: Path) -> Path:
    """E7: goods 300, 400, 500, 400 million: cumulative revenue passes 1 bn in Q3/2026."""
    return write_ledger(folder, "prior_year_revenue = 900000000", line("goods", "goods", "Tạp hóa"),
                        quarterly(2026, [300_000_000, 400_000_000, 500_000_000, 400_000_000], "goods"))


LOCATIONS = """
[[locations]]
id = "cho"
name = "Quầy Chợ Đồng Xuân"
address = "Chợ Đồng Xuân"
ward = "Phường Hoàn Kiếm"
province = "Hà Nội"

[[locations]]
id = "main"
name = "Cửa hàng chính"
code = "00001"
address = "12 Hàng Bạc"
ward = "Phường Hoàn Kiếm"
province = "Hà Nội"
head_office = true
"""


def two_places(folder: Path) -> Path:
    """Income method from 2026 (E8-like): goods at the head office, food at a market stall, stock
    bought in 2025 listed on 01/BK-HTK with the Q1/2026 return (ND 68/2026 Art 18.4)."""
    lines = (LOCATIONS + line("goods", "goods", "Tạp hóa").replace('name = "Tạp hóa"', 'name = "Tạp hóa"\n'
             'location = "main"') + line("food", "production", "Quán ăn").replace(
                 'name = "Quán ăn"', 'name = "Quán ăn"\nlocation = "cho"') + ACCOUNT)
    extra = "prior_year_revenue = 3600000000\npit_method = \"income\"\npit_method_since = 2026"
    ledger = write_ledger(folder, extra, lines, [("2026-02-15", 900_000_000, "goods"),
                                                 ("2026-02-15", 600_000_000, "food")])
    stock = ("date,kind,amount,line,description,category,item,unit,qty\n"
             "2025-12-10,purchase,50000000,goods,Nhập gạo,goods,Gạo ST25,kg,2000\n"
             "2025-12-11,purchase,30000000,goods,Nhập dầu ăn,goods,Dầu ăn,thùng,100\n")
    sales = (ledger / "journal.csv").read_text(encoding="utf-8").splitlines()[1:]
    (ledger / "journal.csv").write_text(
        stock + "".join(f"{row.split(',,')[0]},,,,\n" for row in sales), encoding="utf-8")
    return ledger


CASES = {
    "e1_2026-Q1": (e1, "2026-Q1"), "e1_2026-Q2": (e1, "2026-Q2"), "e3_2025-Q1": (e3, "2025-Q1"),
    "e4_2025-Q3": (e4, "2025-Q3"), "e5_2026-Q1": (e5, "2026-Q1"), "e7_2026-Q3": (e7, "2026-Q3"),
    "e6_2026": (e6, "2026"), "two_places_2026-Q1": (two_places, "2026-Q1"),
}


# -- batch: a tree of one-line households -------------------------------------------------------------
GOOD_CODES = ("079203001234", "001185004321", "0100109106", "048190007777")  # personal IDs and an MST
HEADER = "date,kind,amount,line,doc,description,payment,category\n"


def write_household(directory: Path, tax_code: str, *, monthly_sales: int = 600_000_000,
                    group: str = "goods", journal: str | bytes | None = None) -> Path:
    """A plain-text ledger with one line and sales, purchases and rent in 2025 Q4 and 2026 Q1."""
    directory.mkdir(parents=True)
    (directory / "household.toml").write_text(
        f'tax_code = "{tax_code}"\nname = "Nguyễn Thị Hạnh"\nshop_name = "Tạp hóa Hạnh"\n'
        f'address = "Số 1 đường Lê Lợi"\nprovince = "Thành phố Hồ Chí Minh"\n\n'
        f'[[lines]]\nid = "L1"\ngroup = "{group}"\nname = "Bán lẻ tạp hóa"\n', encoding="utf-8")
    if journal is None:
        rows = [HEADER]
        for year, months in ((2025, (10, 11, 12)), (2026, (1, 2, 3))):
            for month in months:
                rows.append(f"{year}-{month:02d}-05,sale,{monthly_sales},L1,HD{month},Bán hàng,cash,\n")
                rows.append(
                    f"{year}-{month:02d}-06,purchase,{monthly_sales // 2},,MH{month},Nhập hàng,bank,goods\n")
                rows.append(f"{year}-{month:02d}-28,expense,3000000,,CP{month},Thuê cửa hàng,bank,rent\n")
        journal = "".join(rows)
    data = journal.encode("utf-8") if isinstance(journal, str) else journal
    (directory / "journal.csv").write_bytes(data)
    return directory


def tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}

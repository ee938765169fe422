#!/usr/bin/env python3
"""Generate the example ledgers in ledgers/ (household.toml + journal.csv per directory).

    python ledgers/generate.py [OUT_DIR]      # default: the directory of this script

Each ledger is a small simulation of one household business over a calendar year: customers buy,
stock runs down and suppliers restock it, bills and wages are paid, cash is banked, taxes are paid.
Every ledger has its own fixed seed and the script uses only the standard library plus hhtax's own
`ids.check_digit` (10-digit MST check digit) and `money.round_half_up`, so two runs write identical
bytes (tests/test_example_ledgers.py regenerates and compares). The format is docs/ledger-format.md.

The tax payments recorded here are what the owner paid; they are computed with the rates of
shared/law/ only to look realistic. The tax engine (hhtax/tax) is the authority on what is due.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hhtax.ids import check_digit
from hhtax.money import round_half_up

HERE = Path(__file__).resolve().parent
CASH_LIMIT = 5_000_000  # owners pay larger bills by transfer (ND 68 Art 6.1), except where shown
HOLIDAYS = frozenset({date(2025, 1, 1), date(2025, 4, 30), date(2025, 5, 1), date(2025, 9, 1),
                      date(2025, 9, 2), date(2026, 1, 1), date(2026, 4, 27), date(2026, 4, 30),
                      date(2026, 5, 1), date(2026, 9, 1), date(2026, 9, 2)})

COLUMNS = (
    "date", "kind", "amount", "line", "doc", "description", "payment", "category", "item", "unit",
    "qty", "unit_price", "tax", "transfer_to", "vat_cut", "withheld", "withheld_vat", "withheld_pit",
    "counterparty",
)


# -- helpers -------------------------------------------------------------------------------------

def days_of(year: int) -> Iterator[date]:
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def month_end(day: date) -> bool:
    return (day + timedelta(days=1)).month != day.month


def mst(prefix: str, rng: random.Random) -> str:
    """A valid 10-digit MST starting with `prefix` (hhtax.ids.check_digit; identity.md §2)."""
    while True:
        first9 = prefix + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(prefix)))
        digit = check_digit(first9)
        if digit is not None and first9[2:] != "0000000":
            return first9 + str(digit)


def pct(amount: int, percent: str) -> int:
    """amount × percent %, half-up to the đồng."""
    return round_half_up(Decimal(amount) * Decimal(percent) / 100)


def rounded(value: float, step: int) -> int:
    return max(step, int(value / step + 0.5) * step)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def vnd_month(day: date) -> str:
    return f"{day.month:02d}/{day.year}"


# -- the journal and the business simulation ------------------------------------------------------

class Journal:
    """Rows in the canonical column order, written sorted by date (stable in insertion order)."""

    def __init__(self) -> None:
        self.rows: list[tuple[date, int, dict[str, str]]] = []
        self.keys: set[tuple[str, str, str, str]] = set()

    def add(self, day: date, kind: str, amount: int, **fields: object) -> None:
        row = {"date": day.isoformat(), "kind": kind, "amount": str(amount)}
        for name, value in fields.items():
            if value is None or value == "" or value is False:
                continue
            row[name] = "yes" if value is True else str(value)
        key = (row["date"], kind, row["amount"], row.get("doc") or row.get("description", ""))
        if key in self.keys:  # imports deduplicate by natural key: every row must have its own
            raise AssertionError(f"duplicate natural key {key}")
        self.keys.add(key)
        self.rows.append((day, len(self.rows), row))

    def csv_text(self) -> str:
        used = [c for c in COLUMNS if any(c in row for _, _, row in self.rows)]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(used)
        for _, _, row in sorted(self.rows, key=lambda r: (r[0], r[1])):
            writer.writerow([row.get(c, "") for c in used])
        return buffer.getvalue()


@dataclass
class Supplier:
    name: str
    series: str  # e-invoice series (ký hiệu), e.g. 1C26THL; "" = purchase list for non-invoicing sellers
    weekdays: tuple[int, ...]  # delivery days, Monday = 0
    payment: str  # "cash" or "bank"
    number: int = 0

    def next_doc(self, business: Business) -> str:
        if not self.series:
            return business.doc("BKTM")  # bảng kê thu mua (purchase list, 01/TNDN)
        self.number += 1
        return f"{self.series}-{self.number:07d}"


@dataclass
class Item:
    """A stock item. `pack` pieces make one `unit`; demand and use are counted in pieces."""

    name: str
    unit: str
    cost: int  # purchase price per unit
    pack: int
    supplier: str
    price: int = 0  # retail price per piece (shops)
    daily: float = 0.0  # mean pieces per day before scaling (shops) or share of ingredient spend
    cover: float = 12.0  # order up to this many days of use
    reorder: float = 6.0  # reorder below this many days of use
    line: str = ""
    on_hand: int = 0  # pieces physically there
    pending: int = 0  # pieces used or sold since the last stock_out entry
    qty: Decimal = Decimal(0)  # booked quantity in units
    value: int = 0  # booked value
    rate: float = 0.0  # mean pieces used per day (set by calibration)

    @property
    def tenths(self) -> bool:
        return self.unit in ("kg", "mét") and self.pack == 10


@dataclass
class Business:
    journal: Journal
    bank: str  # the main account, "bank:<id>"
    cash_float: int  # cash kept in the till when banking the rest
    money: dict[str, int] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)
    suppliers: dict[str, Supplier] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.money.setdefault("cash", 0)
        self.money.setdefault(self.bank, 0)

    def doc(self, prefix: str, width: int = 4) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]:0{width}d}"

    # money
    def receive(self, account: str, amount: int) -> None:
        self.money[account] += amount

    def spend(self, day: date, account: str, amount: int) -> None:
        if account == "cash" and self.money["cash"] < amount:
            need = amount - self.money["cash"] + self.cash_float
            self.transfer(day, rounded(need + 500_000, 1_000_000), self.bank, "cash",
                          "Rút tiền gửi ngân hàng nhập quỹ tiền mặt")
        if self.money[account] < amount:
            raise AssertionError(f"{day}: {account} would go negative")
        self.money[account] -= amount

    def transfer(self, day: date, amount: int, source: str, target: str, description: str) -> None:
        self.money[source] -= amount
        self.money[target] += amount
        prefix = "PC" if source == "cash" else "PT" if target == "cash" else "UNC"
        self.journal.add(day, "transfer", amount, doc=self.doc(prefix), description=description,
                         payment=source, transfer_to=target)

    def bank_cash(self, day: date) -> None:
        excess = self.money["cash"] - self.cash_float
        if excess >= 2_000_000:
            self.transfer(day, excess // 100_000 * 100_000, "cash", self.bank,
                          "Nộp tiền mặt bán hàng vào tài khoản")

    # entries
    def opening(self, day: date, account: str, amount: int, description: str) -> None:
        self.money[account] += amount
        self.journal.add(day, "opening", amount, doc=self.doc("SDDK", 2), description=description,
                         payment=account)

    def opening_item(self, day: date, item: Item, units: int) -> None:
        item.qty, item.value, item.on_hand = Decimal(units), units * item.cost, units * item.pack
        self.journal.add(day, "opening", item.value, line=item.line, doc=self.doc("KK-", 3),
                         description="Tồn kho đầu kỳ theo biên bản kiểm kê",
                         item=item.name, unit=item.unit, qty=units, unit_price=item.cost)

    def sale(self, day: date, amount: int, payment: str, **fields: object) -> None:
        self.receive(payment, amount)
        self.journal.add(day, "sale", amount, payment=payment, **fields)

    def sale_return(self, day: date, amount: int, payment: str, **fields: object) -> None:
        self.spend(day, payment, amount)
        self.journal.add(day, "sale_return", amount, payment=payment, **fields)

    def expense(self, day: date, category: str, amount: int, payment: str, **fields: object) -> None:
        self.spend(day, payment, amount)
        self.journal.add(day, "expense", amount, payment=payment, category=category, **fields)

    def wage(self, day: date, amount: int, payment: str, **fields: object) -> None:
        self.spend(day, payment, amount)
        self.journal.add(day, "wage", amount, payment=payment, **fields)

    def tax(self, day: date, tax: str, amount: int, description: str) -> None:
        if amount <= 0:
            return
        self.spend(day, self.bank, amount)
        self.journal.add(day, "tax_payment", amount, doc=self.doc("GNT", 8), description=description,
                         payment=self.bank, tax=tax, counterparty="Kho bạc Nhà nước")

    def drawing(self, day: date, amount: int, payment: str, description: str) -> None:
        self.spend(day, payment, amount)
        self.journal.add(day, "drawing", amount, doc=self.doc("PC" if payment == "cash" else "UNC"),
                         description=description, payment=payment)

    # stock
    def purchase(self, day: date, item: Item, qty: Decimal, *, payment: str | None = None,
                 description: str = "") -> None:
        supplier = self.suppliers[item.supplier]
        amount = round_half_up(qty * item.cost)
        account = payment or ("cash" if supplier.payment == "cash" and amount < CASH_LIMIT else self.bank)
        self.spend(day, account, amount)
        item.qty += qty
        item.value += amount
        item.on_hand += int(qty * item.pack)
        self.journal.add(day, "purchase", amount, line=item.line,
                         doc=supplier.next_doc(self),
                         description=description or "Mua " + lower_first(item.name),
                         payment=account, item=item.name, unit=item.unit, qty=_qty(qty),
                         unit_price=item.cost, counterparty=supplier.name)

    def use(self, item: Item, pieces: int) -> int:
        """Take up to `pieces` off the shelf; returns what was there."""
        taken = min(pieces, item.on_hand)
        item.on_hand -= taken
        item.pending += taken
        return taken

    def restock(self, day: date, supplier_key: str, *, factor: float = 1.0) -> None:
        """Order up to `cover` days of use what fell below `reorder` days (`factor`: busy season)."""
        for item in self.items.values():
            if item.supplier != supplier_key or item.on_hand >= item.reorder * item.rate * factor:
                continue
            missing = item.cover * item.rate * factor - item.on_hand
            step = 5 if item.tenths else item.pack  # kg bought by the half kilo
            qty = Decimal(max(1, int(missing / step) + 1) * step) / item.pack
            self.purchase(day, item, qty)

    def stock_out_all(self, day: date, describe: Callable[[Item, str], str]) -> None:
        """Book what left the stock since the last call, valued at the running average."""
        for item in self.items.values():
            qty = Decimal(item.pending) / item.pack if item.tenths else Decimal(item.pending // item.pack)
            if qty == 0:
                continue
            item.pending -= int(qty * item.pack)
            value = item.value if qty == item.qty else round_half_up(item.value * qty / item.qty)
            item.qty -= qty
            item.value -= value
            self.journal.add(day, "stock_out", value, line=item.line, doc=self.doc("PX"),
                             description=describe(item, vnd_month(day)), item=item.name, unit=item.unit,
                             qty=_qty(qty))


def _qty(qty: Decimal) -> str:
    return format(qty.normalize(), "f")


def calibrate(items: list[Item], use_per_day: Callable[[Item], float]) -> None:
    for item in items:
        item.rate = use_per_day(item)


def noise(rng: random.Random, spread: float) -> float:
    return 1 - spread + 2 * spread * rng.random()


def write_ledger(out: Path, name: str, household: str, journal: Journal) -> None:
    directory = out / name
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "household.toml").write_bytes(household.encode("utf-8"))
    (directory / "journal.csv").write_bytes(journal.csv_text().encode("utf-8"))


# -- grocery-2026: tạp hóa, goods, revenue method, ~2.4 bn ---------------------------------------

GROCERY_TOML = """\
# Example ledger: a grocery (tạp hóa) in Hà Nội, 2026, revenue method, annual revenue ≈ 2.4 bn (G2).
# Generated by ledgers/generate.py; format: docs/ledger-format.md. All names are fictitious.
tax_code = "{tax_code}"
legacy_tax_code = "{legacy}"
name = "Nguyễn Thị Hồng Nhung"
shop_name = "Tạp hóa Hồng Nhung"
address = "Số 27 ngõ 68 phố Trung Kính"
ward = "Phường Yên Hòa"
province = "Thành phố Hà Nội"
residence = "Số 27 ngõ 68 phố Trung Kính, Phường Yên Hòa, Thành phố Hà Nội"
phone = "0912 458 316"
email = "hongnhung.taphoa@gmail.com"
filing = "quarterly"
pit_method = "revenue"
prior_year_revenue = 2215640000
inventory_method = "average"
employees = 1
business_start = 2014-03-01

[tax_office]
code = "10113"
name = "Thuế cơ sở 4 Thành phố Hà Nội"

[[locations]]
id = "cuahang"
name = "Tạp hóa Hồng Nhung"
address = "Số 27 ngõ 68 phố Trung Kính"
ward = "Phường Yên Hòa"
province = "Thành phố Hà Nội"
head_office = true
area_m2 = 36

[[lines]]
id = "goods"
group = "goods"
name = "Bán lẻ hàng tạp hóa, đồ uống, thực phẩm đóng gói"
location = "cuahang"

[[accounts]]
id = "vcb"
kind = "bank"
number = "{account}"
provider = "Ngân hàng TMCP Ngoại thương Việt Nam (Vietcombank)"
holder = "NGUYEN THI HONG NHUNG"
"""

TET_2026 = date(2026, 2, 17)


def grocery() -> tuple[str, Journal]:
    rng = random.Random(202601)
    journal = Journal()
    shop = Business(journal, bank="bank:vcb", cash_float=5_000_000)
    shop.suppliers = {
        "hl": Supplier("Công ty TNHH Thương mại Hoàng Long", "1C26THL", (0, 3), "bank"),
        "ma": Supplier("Công ty CP Phân phối Minh Anh", "1C26TMA", (1,), "bank"),
        "tc": Supplier("Nhà phân phối sữa Thành Công", "1C26TTC", (0, 4), "bank"),
        "hp": Supplier("Công ty TNHH Hóa mỹ phẩm Hưng Phát", "1C26THP", (2,), "bank"),
        "tl": Supplier("Hộ kinh doanh Trần Thị Lý (chợ Nghĩa Tân)", "2C26TTL", (1, 5), "cash"),
    }
    specs = [  # name, unit, cost per unit, pieces per unit, supplier, retail price per piece, pieces/day
        ("Bia Hà Nội lon 330ml", "thùng", 238_000, 24, "hl", 11_000, 40),
        ("Coca-Cola lon 320ml", "thùng", 186_000, 24, "hl", 10_000, 30),
        ("Nước suối Lavie 500ml", "thùng", 96_000, 24, "hl", 5_000, 35),
        ("Trà xanh Không Độ 455ml", "thùng", 192_000, 24, "hl", 10_000, 18),
        ("Nước tăng lực Sting 330ml", "thùng", 212_000, 24, "hl", 10_000, 20),
        ("Mì Hảo Hảo tôm chua cay", "thùng", 118_000, 30, "ma", 5_000, 45),
        ("Dầu ăn Neptune 1 lít", "thùng", 636_000, 12, "ma", 60_000, 6),
        ("Nước mắm Nam Ngư 500ml", "thùng", 480_000, 12, "ma", 45_000, 4),
        ("Hạt nêm Knorr 400g", "thùng", 780_000, 20, "ma", 45_000, 4),
        ("Cà phê G7 3in1 hộp 18 gói", "thùng", 1_080_000, 24, "ma", 52_000, 3),
        ("Bánh Chocopie hộp 12 cái", "thùng", 528_000, 8, "ma", 75_000, 3),
        ("Nước tương Maggi 700ml", "thùng", 312_000, 12, "ma", 31_000, 5),
        ("Sữa tươi Vinamilk 180ml", "thùng", 336_000, 48, "tc", 8_000, 60),
        ("Sữa chua Vinamilk có đường", "thùng", 270_000, 48, "tc", 7_000, 40),
        ("Sữa đặc Ông Thọ 380g", "thùng", 1_150_000, 48, "tc", 28_000, 5),
        ("Bột giặt OMO 3kg", "túi", 152_000, 1, "hp", 172_000, 3),
        ("Nước rửa chén Sunlight 750g", "chai", 27_000, 1, "hp", 32_000, 6),
        ("Dầu gội Clear 630g", "chai", 158_000, 1, "hp", 180_000, 2),
        ("Kem đánh răng P/S 230g", "tuýp", 29_000, 1, "hp", 35_000, 5),
        ("Giấy vệ sinh Bless You 10 cuộn", "bịch", 58_000, 1, "hp", 68_000, 5),
        ("Trứng gà ta", "vỉ 10 quả", 30_000, 1, "tl", 36_000, 12),
        ("Gạo ST25", "kg", 31_000, 1, "tl", 36_000, 25),
        ("Đường trắng Biên Hòa 1kg", "gói", 25_000, 1, "tl", 29_000, 8),
        ("Muối i-ốt 500g", "gói", 4_500, 1, "tl", 6_000, 10),
    ]
    drinks = {s[0] for s in specs if s[4] == "hl"}
    for name, unit, cost, pack, sup, price, daily in specs:
        cover, reorder = (8.0, 4.0) if sup == "tl" else (12.0, 6.0)
        shop.items[name] = Item(name, unit, cost, pack, sup, price, daily, cover, reorder, line="goods")
    items = list(shop.items.values())

    def open_on(day: date) -> bool:
        return not TET_2026 <= day <= TET_2026 + timedelta(days=3)

    def season(day: date) -> float:
        factor = 1.12 if day.weekday() >= 5 else 1.0
        if TET_2026 - timedelta(days=22) <= day < TET_2026:
            factor *= 1.9 if day >= TET_2026 - timedelta(days=7) else 1.5
        return factor

    def item_season(item: Item, day: date) -> float:
        return 1.25 if item.name in drinks and 5 <= day.month <= 8 else 1.0

    retail_target = 2_290_000_000
    base = sum(season(d) * sum(i.daily * i.price * item_season(i, d) for i in items)
               for d in days_of(2026) if open_on(d))
    scale = retail_target / base
    calibrate(items, lambda i: i.daily * scale)

    # opening balances at 31/12/2025
    opening = date(2025, 12, 31)
    shop.opening(opening, "cash", 8_350_000, "Tồn quỹ tiền mặt đầu kỳ")
    shop.opening(opening, shop.bank, 126_480_500, "Số dư tài khoản Vietcombank đầu kỳ")
    for item in items:
        shop.opening_item(opening, item, max(1, int(10 * item.rate / item.pack + 0.5)))

    shop.counters["HD"] = 214  # invoice numbers continue from 2025
    customers = {  # wholesale customer → whether it buys beer
        "Quán cà phê Mộc Trà": False, "Quán bún chả Hương Liên 2": True, "Quán nhậu Hải Xồm": True,
        "Căng tin Trường THCS Trung Hòa": False, "Quán cơm văn phòng Bà Bảy": True,
        "Tiệm trà sữa Mây Xanh": False,
    }
    wholesale = [i for i in items if i.supplier in ("hl", "tc")]
    revenue: dict[int, int] = {1: 0, 2: 0, 3: 0, 4: 0}
    recent: list[tuple[str, int, str]] = []  # (invoice, carton price, customer) for returns

    for day in days_of(2026):
        quarter = (day.month - 1) // 3 + 1
        if open_on(day):
            for key, supplier in shop.suppliers.items():
                if day.weekday() in supplier.weekdays and day not in HOLIDAYS:
                    shop.restock(day, key, factor=season(day))
            takings = 0
            for item in items:
                want = int(item.rate * season(day) * item_season(item, day) * noise(rng, 0.4) + rng.random())
                takings += shop.use(item, want) * item.price
            cash = rounded(takings * (0.5 + 0.14 * rng.random()), 1_000)
            morning = rounded(cash * (0.38 + 0.1 * rng.random()), 1_000)
            tag = day.strftime("%y%m%d")
            shop.sale(day, morning, "cash", line="goods", doc=f"BK{tag}-1",
                      description="Bán lẻ ca sáng – tiền mặt")
            shop.sale(day, cash - morning, "cash", line="goods", doc=f"BK{tag}-2",
                      description="Bán lẻ ca chiều – tiền mặt")
            shop.sale(day, takings - cash, shop.bank, line="goods", doc=f"BK{tag}-3",
                      description="Bán lẻ trong ngày – chuyển khoản QR")
            revenue[quarter] += takings
            if rng.random() < 0.3:
                customer = rng.choice(sorted(customers))
                offer = [i for i in wholesale if customers[customer] or not i.name.startswith("Bia")]
                amount, parts = 0, []
                for item in rng.sample(offer, rng.randint(1, 3)):
                    cartons = rng.randint(2, 6)
                    if item.on_hand < cartons * item.pack:
                        continue
                    shop.use(item, cartons * item.pack)
                    carton_price = rounded(item.cost * 1.06, 1_000)
                    amount += cartons * carton_price
                    parts.append(f"{cartons} {item.unit} {item.name}")
                    last = (carton_price, item.name)
                if amount:
                    invoice = shop.doc("HD", 6)
                    payment = shop.bank if rng.random() < 0.8 else "cash"
                    shop.sale(day, amount, payment, line="goods", doc=invoice,
                              description="Bán buôn: " + "; ".join(parts), counterparty=customer)
                    revenue[quarter] += amount
                    recent.append((invoice, last[0], customer))
            if rng.random() < 0.05:
                amount = rounded(rng.uniform(20_000, 260_000), 1_000)
                reason = rng.choice(["hàng móp méo", "sữa chua gần hết hạn", "bao bì rách", "khách đổi ý"])
                shop.sale_return(day, amount, "cash", line="goods", doc=shop.doc("PNTL"),
                                 description=f"Khách trả lại hàng ({reason})")
                revenue[quarter] -= amount
            if recent and rng.random() < 0.012:
                invoice, price, customer = recent[-1]
                shop.sale_return(day, price, shop.bank, line="goods", doc=f"TL-{invoice}",
                                 description=f"Trả lại 1 thùng hàng móp theo hóa đơn {invoice}",
                                 counterparty=customer)
                revenue[quarter] -= price
                recent.pop()
        grocery_bills(shop, day, rng)
        if day.weekday() == 5:
            shop.bank_cash(day)
        if month_end(day):
            shop.stock_out_all(day, lambda _, month: f"Xuất kho hàng bán tháng {month} (theo kiểm kê)")
        grocery_taxes(shop, day, revenue)

    toml = GROCERY_TOML.format(tax_code="001184023517", legacy=mst("0108", rng),
                               account="1023" + "".join(str(rng.randint(0, 9)) for _ in range(6)))
    return toml, journal


def grocery_bills(shop: Business, day: date, rng: random.Random) -> None:
    month = vnd_month(day)
    if day.day == 5:
        shop.expense(day, "telecom", 330_000, shop.bank, doc=shop.doc("1K26TVT-", 7),
                     description=f"Cước Internet cáp quang và điện thoại tháng {month}",
                     counterparty="Viettel Hà Nội")
    if day.day == 3:
        shop.expense(day, "other", 80_000, "cash", doc=shop.doc("BLVS", 3),
                     description=f"Phí thu gom rác thải tháng {month}", counterparty="Tổ dân phố số 12")
    if day.day == 12:
        summer = 1.45 if 5 <= day.month <= 9 else 1.0
        shop.expense(day, "electricity", round(2_450_000 * summer * noise(rng, 0.12)), shop.bank,
                     doc=shop.doc("1K26THN-", 8), description=f"Tiền điện tháng {month}",
                     counterparty="Công ty Điện lực Cầu Giấy")
    if day.day == 15:
        shop.expense(day, "water", round(215_000 * noise(rng, 0.2)), shop.bank, doc=shop.doc("1K26TNS-", 8),
                     description=f"Tiền nước tháng {month}", counterparty="Công ty Nước sạch Hà Nội")
    if day.day in (8, 22) and rng.random() < 0.8:
        shop.expense(day, "management", rounded(rng.uniform(280_000, 720_000), 1_000), "cash",
                     doc=shop.doc("2C26TBB-", 7), description="Mua túi nilon, giấy in hóa đơn nhiệt",
                     counterparty="Cửa hàng bao bì Thanh Xuân")
    if day == date(2026, 1, 10):
        shop.expense(day, "management", 2_640_000, shop.bank, doc="1C26TKV-0031877",
                     description="Gia hạn phần mềm bán hàng KiotViet năm 2026",
                     counterparty="Công ty CP Công nghệ KiotViet")
    if day in (date(2026, 3, 14), date(2026, 9, 12)):
        shop.expense(day, "management", rounded(rng.uniform(1_100_000, 1_800_000), 10_000), "cash",
                     doc=shop.doc("2C26TDL-", 7), description="Bảo dưỡng, nạp gas tủ mát và tủ đông",
                     counterparty="Điện lạnh Quang Minh")
    if day.day == 28:
        shop.expense(day, "other", 11_000, shop.bank, doc=f"GBN{day:%y%m}28",
                     description=f"Phí dịch vụ SMS Banking tháng {month}", counterparty="Vietcombank")
    if month_end(day):
        shop.wage(day, 6_800_000, shop.bank, doc=f"BTL{day:%m/%Y}",
                  description=f"Lương tháng {month} – Phạm Văn Tùng (nhân viên bán hàng)",
                  counterparty="Phạm Văn Tùng")
    if day == date(2026, 2, 12):
        shop.wage(day, 6_800_000, shop.bank, doc="BTL-TET2026",
                  description="Thưởng Tết Bính Ngọ – Phạm Văn Tùng", counterparty="Phạm Văn Tùng")
    if day.day == 20:
        shop.drawing(day, rounded(rng.uniform(12_000_000, 18_000_000), 500_000), shop.bank,
                     "Chủ hộ rút tiền chi tiêu gia đình")


def grocery_taxes(shop: Business, day: date, revenue: dict[int, int]) -> None:
    """Payments of the 01/CNKD figures: Q4/2025 under TT 40; 2026 quarters as worked example E1."""
    if day == date(2026, 1, 27):  # Q4/2025: goods 1 % VAT, 0.5 % PIT on revenue 586,420,000
        shop.tax(day, "vat", pct(586_420_000, "1"), "Nộp thuế GTGT quý 4/2025")
        shop.tax(day, "pit", pct(586_420_000, "0.5"), "Nộp thuế TNCN quý 4/2025")
    due = {date(2026, 4, 28): 1, date(2026, 7, 29): 2, date(2026, 10, 29): 3}
    if day in due:
        quarter = due[day]
        before = sum(revenue[q] for q in range(1, quarter))
        deducted = max(0, min(revenue[quarter], 1_000_000_000 - before))
        shop.tax(day, "vat", pct(revenue[quarter], "1"), f"Nộp thuế GTGT quý {quarter}/2026")
        shop.tax(day, "pit", pct(revenue[quarter] - deducted, "0.5"), f"Nộp thuế TNCN quý {quarter}/2026")


# -- restaurant-2026: quán ăn, production (F&B), income method, ~4.6 bn (G3) ---------------------

RESTAURANT_TOML = """\
# Example ledger: a restaurant (quán ăn) in Thành phố Hồ Chí Minh, 2026, income method (compulsory above
# 3 bn: G3), annual revenue ≈ 4.6 bn, eight employees, opening inventory at 31/12/2025 (01/BK-HTK).
# Generated by ledgers/generate.py; format: docs/ledger-format.md. All names are fictitious.
tax_code = "{tax_code}"
legacy_tax_code = "{legacy}"
name = "Trần Văn Phúc"
shop_name = "Quán cơm niêu Phương Nam"
address = "Số 142 đường Nguyễn Thị Minh Khai"
ward = "Phường Bàn Cờ"
province = "Thành phố Hồ Chí Minh"
residence = "Số 18/4 đường Trần Quốc Thảo, Phường Xuân Hòa, Thành phố Hồ Chí Minh"
phone = "0903 627 145"
email = "comnieuphuongnam@gmail.com"
filing = "quarterly"
pit_method = "income"
pit_method_since = 2026
prior_year_revenue = 4386750000
inventory_method = "average"
employees = 8
opening_hours = 12
business_start = 2019-08-15

[tax_office]
code = "70105"
name = "Thuế cơ sở 3 Thành phố Hồ Chí Minh"

[[locations]]
id = "quan"
name = "Quán cơm niêu Phương Nam"
address = "Số 142 đường Nguyễn Thị Minh Khai"
ward = "Phường Bàn Cờ"
province = "Thành phố Hồ Chí Minh"
head_office = true
rented = true
area_m2 = 120

[[lines]]
id = "food"
group = "production"
name = "Dịch vụ ăn uống (quán cơm)"
location = "quan"
vat_cut = false

[[accounts]]
id = "tcb"
kind = "bank"
number = "{account}"
provider = "Ngân hàng TMCP Kỹ thương Việt Nam (Techcombank)"
holder = "TRAN VAN PHUC"
"""

STAFF = (  # name, role, monthly wage
    ("Võ Văn Tài", "bếp chính", 13_500_000),
    ("Lâm Thị Ngọc", "phụ bếp", 8_500_000),
    ("Huỳnh Văn Khải", "phụ bếp", 8_200_000),
    ("Trần Thị Mỹ Duyên", "phục vụ", 6_500_000),
    ("Đặng Quốc Bảo", "phục vụ", 6_500_000),
    ("Phan Thị Kim Thoa", "phục vụ", 6_300_000),
    ("Ngô Thị Hạnh", "thu ngân", 7_500_000),
    ("Bùi Thị Lệ", "tạp vụ", 6_000_000),
)


def restaurant() -> tuple[str, Journal]:
    rng = random.Random(202602)
    journal = Journal()
    shop = Business(journal, bank="bank:tcb", cash_float=10_000_000)
    shop.suppliers = {
        "th": Supplier("Cơ sở kinh doanh thịt heo Tư Hiền", "2C26TTH", (0, 2, 4, 5), "bank"),
        "pn": Supplier("Công ty TNHH Thực phẩm Phương Nam", "1C26TPN", (1, 4), "bank"),
        "nc": Supplier("Vựa hải sản Năm Căn", "2C26TNC", (0, 3), "bank"),
        "bd": Supplier("Bà Lê Thị Bông (chợ đầu mối Bình Điền)", "", (0, 1, 2, 3, 4, 5, 6), "cash"),
        "bm": Supplier("Công ty CP Phân phối Hàng tiêu dùng Bình Minh", "1C26TBM", (1,), "bank"),
        "dp": Supplier("Công ty TNHH Thương mại Đại Phát", "1C26TDP", (0, 3), "bank"),
        "ht": Supplier("Cửa hàng gas Hưng Thịnh", "2C26THT", (2, 5), "cash"),
    }
    specs = [  # name, unit, cost per unit, pieces per unit, supplier, share of spend, cover, reorder
        ("Thịt heo ba rọi", "kg", 135_000, 10, "th", 0.12, 3.5, 2.2),
        ("Thịt heo nạc dăm", "kg", 125_000, 10, "th", 0.08, 3.5, 2.2),
        ("Sườn non heo", "kg", 165_000, 10, "th", 0.06, 3.5, 2.2),
        ("Thịt bò thăn", "kg", 285_000, 10, "pn", 0.10, 5.5, 4.2),
        ("Gà ta làm sẵn", "kg", 120_000, 10, "pn", 0.08, 5.5, 4.2),
        ("Tôm sú", "kg", 290_000, 10, "nc", 0.07, 5.0, 4.2),
        ("Cá lóc", "kg", 85_000, 10, "nc", 0.05, 5.0, 4.2),
        ("Mực ống", "kg", 230_000, 10, "nc", 0.05, 5.0, 4.2),
        ("Rau củ các loại", "kg", 24_000, 10, "bd", 0.07, 1.8, 1.2),
        ("Hành, tỏi, ớt, gia vị tươi", "kg", 60_000, 10, "bd", 0.03, 1.8, 1.2),
        ("Gạo tẻ thơm", "kg", 21_000, 10, "bm", 0.05, 14.0, 8.0),
        ("Dầu ăn Tường An can 5 lít", "can", 215_000, 10, "bm", 0.03, 14.0, 8.0),
        ("Nước mắm Liên Thành can 4 lít", "can", 180_000, 10, "bm", 0.02, 14.0, 8.0),
        ("Đường cát trắng", "kg", 24_000, 10, "bm", 0.01, 14.0, 8.0),
        ("Trứng gà", "vỉ 10 quả", 32_000, 10, "bm", 0.02, 14.0, 8.0),
        ("Bia Sài Gòn Special lon 330ml", "thùng", 372_000, 24, "dp", 0.10, 9.0, 5.0),
        ("Nước ngọt Pepsi lon 320ml", "thùng", 188_000, 24, "dp", 0.03, 9.0, 5.0),
        ("Nước suối Aquafina 500ml", "thùng", 110_000, 24, "dp", 0.02, 9.0, 5.0),
        ("Gas công nghiệp bình 45kg", "bình", 1_680_000, 10, "ht", 0.03, 7.0, 4.5),
    ]
    total_share = sum(spec[5] for spec in specs)
    for name, unit, cost, pack, sup, share, cover, reorder in specs:
        shop.items[name] = Item(name, unit, cost, pack, sup, daily=share / total_share, cover=cover,
                                reorder=reorder, line="food")
    items = list(shop.items.values())
    tet_closed = (TET_2026 - timedelta(days=1), TET_2026 + timedelta(days=4))
    weekday = (0.85, 0.9, 0.95, 1.0, 1.15, 1.25, 1.15)
    ingredient_ratio = 0.41

    def open_on(day: date) -> bool:
        return not tet_closed[0] <= day <= tet_closed[1]

    def season(day: date) -> float:
        factor = weekday[day.weekday()]
        if day.month == 12:
            factor *= 1.12
        if tet_closed[1] < day <= tet_closed[1] + timedelta(days=7):
            factor *= 0.8
        return factor

    walk_in_target = 3_880_000_000
    scale = walk_in_target / sum(season(d) for d in days_of(2026) if open_on(d))
    mean_day = (walk_in_target + 340_000_000) / 359
    calibrate(items, lambda i: mean_day * ingredient_ratio * i.daily / i.cost * i.pack)

    opening = date(2025, 12, 31)
    shop.opening(opening, "cash", 18_640_000, "Tồn quỹ tiền mặt đầu kỳ")
    shop.opening(opening, shop.bank, 212_305_800, "Số dư tài khoản Techcombank đầu kỳ")
    for item in items:
        days = 7 if item.supplier in ("bm", "dp") else 3 if item.supplier == "ht" else 1.5
        shop.opening_item(opening, item, max(1, int(days * item.rate / item.pack + 0.5)))

    shop.counters["HD"] = 1_862
    revenue: dict[int, int] = {1: 0, 2: 0, 3: 0, 4: 0}
    eve = {tet_closed[0] - timedelta(days=1)}  # no fresh deliveries just before the Tết closure
    for day in days_of(2026):
        quarter = (day.month - 1) // 3 + 1
        takings = 0
        if open_on(day):
            for key, supplier in shop.suppliers.items():
                if day.weekday() in supplier.weekdays and day not in HOLIDAYS | eve:
                    shop.restock(day, key)
            if day in RESTAURANT_CASH_BUYS:  # paid in cash although ≥ 5,000,000: not deductible
                name, qty, what = RESTAURANT_CASH_BUYS[day]
                shop.purchase(day, shop.items[name], Decimal(qty), payment="cash", description=what)
            takings = rounded(scale * season(day) * noise(rng, 0.15), 1_000)
            tag = day.strftime("%y%m%d")
            lunch = rounded(takings * (0.42 + 0.06 * rng.random()), 1_000)
            for number, (shift, amount) in enumerate((("trưa", lunch), ("tối", takings - lunch))):
                cash = rounded(amount * (0.35 + 0.12 * rng.random()), 1_000)
                shop.sale(day, cash, "cash", line="food", doc=f"BK{tag}-{2 * number + 1}",
                          description=f"Doanh thu ca {shift} – tiền mặt")
                shop.sale(day, amount - cash, shop.bank, line="food", doc=f"BK{tag}-{2 * number + 2}",
                          description=f"Doanh thu ca {shift} – chuyển khoản, quẹt thẻ")
            takings += restaurant_catering(shop, day, rng)
            revenue[quarter] += takings
            for item in items:
                shop.use(item, int(takings * ingredient_ratio * item.daily / item.cost * item.pack
                                   * noise(rng, 0.25) + rng.random()))
        restaurant_bills(shop, day, rng)
        if day.weekday() in (0, 3):
            shop.bank_cash(day)
        if month_end(day):
            shop.stock_out_all(day, lambda item, month: (
                f"Xuất bán đồ uống tháng {month}" if item.supplier == "dp"
                else f"Xuất kho nguyên liệu chế biến tháng {month}"))
        restaurant_taxes(shop, day, revenue)

    toml = RESTAURANT_TOML.format(tax_code="079078004629", legacy=mst("83", rng),
                                  account="1903" + "".join(str(rng.randint(0, 9)) for _ in range(10)))
    return toml, journal


RESTAURANT_CASH_BUYS = {
    date(2026, 1, 29): ("Bia Sài Gòn Special lon 330ml", 15, "Mua thêm bia cho tiệc tất niên và Tết"),
    date(2026, 3, 7): ("Gà ta làm sẵn", 45, "Mua gà ta cho tiệc 8/3"),
    date(2026, 6, 19): ("Tôm sú", 20, "Mua tôm sú cho tiệc sinh nhật đặt trước"),
    date(2026, 12, 24): ("Thịt bò thăn", 22, "Mua thịt bò cho tiệc Giáng sinh, tất niên"),
}


def restaurant_catering(shop: Business, day: date, rng: random.Random) -> int:
    """Invoiced orders from companies: monthly lunch boxes and year-end parties."""
    orders: list[tuple[str, str, int]] = []
    if month_end(day):
        month = vnd_month(day)
        orders.append(("Công ty TNHH Phần mềm Sao Việt", f"Cơm trưa văn phòng tháng {month}",
                       rounded(rng.uniform(32_000_000, 42_000_000), 10_000)))
        orders.append(("Công ty CP Kiến trúc Nam Long", f"Cơm trưa văn phòng tháng {month}",
                       rounded(rng.uniform(15_000_000, 22_000_000), 10_000)))
    parties = {
        date(2026, 1, 30): ("Công ty TNHH Logistics Đông Á", "Tiệc tất niên năm 2025", 38_400_000),
        date(2026, 3, 8): ("Hội Phụ nữ Phường Bàn Cờ", "Tiệc mừng ngày Quốc tế Phụ nữ 8/3", 12_600_000),
        date(2026, 6, 20): ("Ông Lý Minh Quân", "Tiệc sinh nhật 40 khách", 16_800_000),
        date(2026, 11, 20): ("Trường THCS Lê Quý Đôn", "Tiệc mừng ngày Nhà giáo Việt Nam 20/11", 21_500_000),
        date(2026, 12, 26): ("Văn phòng Luật sư Minh Khang", "Tiệc tất niên năm 2026", 24_300_000),
    }
    if day in parties:
        orders.append(parties[day])
    total = 0
    for customer, description, amount in orders:
        shop.sale(day, amount, shop.bank, line="food", doc=shop.doc("HD", 6), description=description,
                  counterparty=customer)
        total += amount
    return total


def restaurant_bills(shop: Business, day: date, rng: random.Random) -> None:
    month, bank = vnd_month(day), shop.bank
    if day.day == 5:
        shop.expense(day, "rent", 32_000_000, bank, doc=f"HĐTMB-2024/15-T{day.month:02d}",
                     description=f"Tiền thuê mặt bằng tháng {month}", counterparty="Bà Hoàng Thị Mai")
        shop.expense(day, "telecom", 550_000, bank, doc=shop.doc("1K26TVN-", 7),
                     description=f"Cước Internet và điện thoại tháng {month}",
                     counterparty="VNPT Thành phố Hồ Chí Minh")
        shop.expense(day, "other", 350_000, "cash", doc=shop.doc("BLVS", 3),
                     description=f"Phí thu gom rác thải tháng {month}",
                     counterparty="Hợp tác xã Vệ sinh môi trường Bàn Cờ")
    if day.day == 11:
        summer = 1.25 if 4 <= day.month <= 8 else 1.0
        shop.expense(day, "electricity", round(10_400_000 * summer * noise(rng, 0.1)), bank,
                     doc=shop.doc("1K26TSG-", 8), description=f"Tiền điện tháng {month}",
                     counterparty="Công ty Điện lực Sài Gòn")
    if day.day == 16:
        shop.expense(day, "water", round(2_250_000 * noise(rng, 0.15)), bank, doc=shop.doc("1K26TBT-", 8),
                     description=f"Tiền nước tháng {month}", counterparty="Công ty CP Cấp nước Bến Thành")
    if day.day == 9:
        shop.expense(day, "management", rounded(rng.uniform(900_000, 1_450_000), 1_000), "cash",
                     doc=shop.doc("2C26TVS-", 7), description="Mua nước rửa chén, khăn lau, chất tẩy rửa",
                     counterparty="Cửa hàng tạp hóa Kim Phát")
        shop.expense(day, "other", rounded(rng.uniform(1_500_000, 3_000_000), 10_000), bank,
                     doc=shop.doc("QCFB", 4), description=f"Quảng cáo Facebook tháng {month}",
                     counterparty="Meta Platforms Ireland Ltd")
    if day.day == 25:
        insured = len(STAFF) * 5_310_000
        shop.expense(day, "labour", pct(insured, "21.5"), bank, doc=f"BHXH{day:%m%y}",
                     description=f"Nộp BHXH, BHYT, BHTN tháng {month} (phần chủ hộ đóng cho người lao động)",
                     counterparty="Bảo hiểm xã hội Thành phố Hồ Chí Minh")
        shop.expense(day, "other", rounded(rng.uniform(1_100_000, 1_800_000), 1_000), bank,
                     doc=f"GBN{day:%y%m}25", description=f"Phí dịch vụ thanh toán thẻ, QR tháng {month}",
                     counterparty="Techcombank")
    if day.month in (1, 4, 7, 10) and day.day == 14:
        shop.expense(day, "management", rounded(rng.uniform(3_000_000, 4_800_000), 10_000), bank,
                     doc=shop.doc("1C26TMK-", 7), description="Mua bát đĩa, ly, dụng cụ nhà bếp",
                     counterparty="Công ty TNHH Gia dụng Minh Khoa")
    if day == date(2026, 1, 8):
        shop.expense(day, "management", 4_800_000, bank, doc="1C26TSP-0104432",
                     description="Phí phần mềm quản lý bán hàng Sapo FnB năm 2026",
                     counterparty="Công ty CP Công nghệ Sapo")
    repairs = {date(2026, 4, 18): ("Sửa tủ đông, thay máy nén", 8_000_000, "Điện lạnh Thành Công"),
               date(2026, 9, 22): ("Sửa hệ thống hút khói bếp", 12_000_000, "Cơ khí Tấn Phát")}
    if day in repairs:
        what, amount, who = repairs[day]
        shop.expense(day, "management", amount, "cash", doc=shop.doc("2C26TSC-", 7), description=what,
                     counterparty=who)
    no_document = {  # small costs the owner could not document (ND 68 Art 6.2.b)
        date(2026, 1, 19): ("other", 1_250_000, "Mua đá viên tháng 01 (người bán không có hóa đơn)"),
        date(2026, 3, 21): ("management", 650_000, "Thuê thợ sửa ống nước"),
        date(2026, 5, 16): ("other", 1_480_000, "Mua đá viên tháng 5 (người bán không có hóa đơn)"),
        date(2026, 6, 6): ("other", 2_900_000, "Mua than hoa ở chợ"),
        date(2026, 8, 12): ("management", 1_850_000, "Mua ghế nhựa, bàn xếp ở chợ"),
        date(2026, 10, 10): ("other", 4_200_000, "Thuê người phụ việc thời vụ (không có hợp đồng)"),
        date(2026, 12, 19): ("other", 2_700_000, "Mua đồ trang trí Giáng sinh, Tết"),
    }
    if day in no_document:
        category, amount, what = no_document[day]
        shop.expense(day, category, amount, "cash", description=what)
    if month_end(day):
        for number, (person, role, pay) in enumerate(STAFF, start=1):
            shop.wage(day, pay, bank, doc=f"BTL{day:%m%y}-{number:02d}",
                      description=f"Lương tháng {month} – {person} ({role})", counterparty=person)
        shop.wage(day, 15_000_000, bank, category="owner_wage", doc=f"BTL{day:%m%y}-CH",
                  description=f"Lương tháng {month} – Trần Văn Phúc (chủ hộ)", counterparty="Trần Văn Phúc")
        shop.wage(day, 10_000_000, bank, category="owner_wage", doc=f"BTL{day:%m%y}-TV",
                  description=f"Lương tháng {month} – Nguyễn Thị Lan (vợ chủ hộ, quản lý quán)",
                  counterparty="Nguyễn Thị Lan")
    if day == date(2026, 2, 13):
        for number, (person, role, pay) in enumerate(STAFF, start=1):
            shop.wage(day, pay, bank, doc=f"TT2026-{number:02d}",
                      description=f"Thưởng Tết (tháng lương thứ 13) – {person} ({role})", counterparty=person)
    if day.day == 27 and open_on_restaurant(day):
        shop.expense(day, "personal", rounded(rng.uniform(2_400_000, 3_900_000), 10_000), "cash",
                     doc=shop.doc("PC", 4), description="Chi tiêu gia đình lấy từ quỹ quán")
    if day in (date(2026, 1, 12), date(2026, 8, 17)):
        shop.expense(day, "personal", 8_500_000, bank, doc=shop.doc("UNC", 4),
                     description="Đóng học phí học kỳ cho con",
                     counterparty="Trường Tiểu học Nguyễn Thái Sơn")
    if day.day == 20 and day.month % 3 == 0:
        shop.drawing(day, 100_000_000, bank, "Chủ hộ rút lợi nhuận quý")
    if day == date(2026, 2, 10):
        shop.drawing(day, 80_000_000, bank, "Chủ hộ rút tiền chi tiêu Tết")


def open_on_restaurant(day: date) -> bool:
    return not TET_2026 - timedelta(days=1) <= day <= TET_2026 + timedelta(days=4)


def restaurant_taxes(shop: Business, day: date, revenue: dict[int, int]) -> None:
    """Q4/2025 under TT 40 (F&B: VAT 3 %, PIT 1.5 %); 2026: VAT 3 % and provisional PIT (OQ-03)."""
    if day == date(2026, 1, 28):
        shop.tax(day, "vat", pct(1_162_380_000, "3"), "Nộp thuế GTGT quý 4/2025")
        shop.tax(day, "pit", pct(1_162_380_000, "1.5"), "Nộp thuế TNCN quý 4/2025")
    due = {date(2026, 4, 28): 1, date(2026, 7, 29): 2, date(2026, 10, 29): 3}
    if day in due:
        quarter = due[day]
        before = sum(revenue[q] for q in range(1, quarter))
        deducted = max(0, min(revenue[quarter], 1_000_000_000 - before))
        shop.tax(day, "vat", pct(revenue[quarter], "3"), f"Nộp thuế GTGT quý {quarter}/2026")
        shop.tax(day, "pit", pct(revenue[quarter] - deducted, "1.5"),
                 f"Nộp thuế TNCN tạm nộp quý {quarter}/2026")


# -- tailor-2026: may đo, services, under 1 bn (G1), platform sales with withholding -------------

TAILOR_TOML = """\
# Example ledger: a tailor (may đo) in Đà Nẵng, 2026, annual revenue ≈ 800 m (G1: at or under 1 bn,
# no VAT or PIT, annual revenue notice 01/TKN-CNKD), part of it sold through Shopee, which withheld
# VAT 5 % and PIT 2 % (ND 117/2025). Generated by ledgers/generate.py; format: docs/ledger-format.md.
# All names are fictitious.
tax_code = "{tax_code}"
legacy_tax_code = "{legacy}"
name = "Lê Thị Thu Hà"
shop_name = "Tiệm may Thu Hà"
address = "Số 56 đường Lê Duẩn"
ward = "Phường Hải Châu"
province = "Thành phố Đà Nẵng"
residence = "Số 56 đường Lê Duẩn, Phường Hải Châu, Thành phố Đà Nẵng"
phone = "0905 318 742"
email = "maythuha.dn@gmail.com"
filing = "quarterly"
pit_method = "revenue"
prior_year_revenue = 762400000
inventory_method = "average"
employees = 2
business_start = 2011-05-20

[tax_office]
code = "40101"
name = "Thuế cơ sở 1 Thành phố Đà Nẵng"

[[locations]]
id = "tiem"
name = "Tiệm may Thu Hà"
address = "Số 56 đường Lê Duẩn"
ward = "Phường Hải Châu"
province = "Thành phố Đà Nẵng"
head_office = true
rented = true
area_m2 = 28

[[lines]]
id = "tailoring"
group = "services"
name = "May đo quần áo, áo dài; sửa chữa quần áo"
location = "tiem"

[[accounts]]
id = "acb"
kind = "bank"
number = "{account}"
provider = "Ngân hàng TMCP Á Châu (ACB)"
holder = "LE THI THU HA"

[[accounts]]
id = "momo"
kind = "ewallet"
number = "0905318742"
provider = "Ví điện tử MoMo (Công ty CP Dịch vụ Di động Trực tuyến)"
holder = "LE THI THU HA"
"""

TAILOR_ORDERS = (  # description, lowest, highest price, weight
    ("May áo dài", 650_000, 1_500_000, 40),
    ("May áo dài cưới", 2_500_000, 4_200_000, 3),
    ("May vest nam", 2_800_000, 4_500_000, 6),
    ("May đầm dự tiệc", 900_000, 1_800_000, 10),
    ("May sơ mi", 320_000, 480_000, 22),
    ("May quần tây", 300_000, 420_000, 19),
)
TAILOR_FIXES = ("Sửa, lên lai quần", "Bóp eo áo", "Thay khóa kéo", "Chỉnh sửa áo dài", "Sửa vest",
                "Nới, bóp quần tây")
TAILOR_COMPANIES = {
    date(2026, 1, 14): ("Công ty TNHH Du lịch Biển Xanh", "May đồng phục nhân viên lễ tân", 24_600_000),
    date(2026, 3, 20): ("Khách sạn Sông Hàn", "May áo dài đồng phục nhân viên", 31_800_000),
    date(2026, 5, 12): ("Công ty CP Bất động sản Hòa Xuân", "May vest đồng phục nhân viên kinh doanh",
                        28_500_000),
    date(2026, 7, 24): ("Trường Mầm non Hoa Sen", "May đồng phục giáo viên năm học 2026–2027", 18_900_000),
    date(2026, 8, 14): ("Trường Tiểu học Phù Đổng", "May đồng phục giáo viên năm học 2026–2027", 22_400_000),
    date(2026, 10, 6): ("Nhà hàng Hải sản Mỹ Khê", "May đồng phục nhân viên phục vụ", 15_200_000),
    date(2026, 11, 18): ("Công ty TNHH Sự kiện Ánh Dương", "May áo dài cho đoàn lễ tân sự kiện", 21_600_000),
}


def tailor() -> tuple[str, Journal]:
    rng = random.Random(202603)
    journal = Journal()
    shop = Business(journal, bank="bank:acb", cash_float=3_000_000)
    momo = "ewallet:momo"
    shop.money[momo] = 0
    shop.suppliers = {
        "mt": Supplier("Sạp vải Minh Thư (chợ Hàn)", "2C26TMT", (1, 4), "cash"),
        "hk": Supplier("Công ty TNHH Dệt may Hòa Khánh", "1C26THK", (0,), "bank"),
        "tb": Supplier("Cửa hàng phụ liệu may Thanh Bình", "2C26TTB", (2,), "cash"),
    }
    specs = [  # name, unit, cost, pieces per unit, supplier, share of material use
        ("Vải lụa tơ tằm Bảo Lộc", "mét", 180_000, 10, "mt", 0.22),
        ("Vải lụa Thái Tuấn", "mét", 95_000, 10, "mt", 0.18),
        ("Vải gấm Thượng Hải", "mét", 120_000, 10, "mt", 0.08),
        ("Vải lót", "mét", 25_000, 10, "mt", 0.05),
        ("Vải kaki Việt Thắng", "mét", 65_000, 10, "hk", 0.10),
        ("Vải cotton lạnh", "mét", 55_000, 10, "hk", 0.08),
        ("Vải vest wool pha", "mét", 320_000, 10, "hk", 0.16),
        ("Chỉ may Tiger", "hộp 10 cuộn", 45_000, 10, "tb", 0.04),
        ("Khóa kéo YKK", "gói 10 cái", 60_000, 10, "tb", 0.03),
        ("Nút áo các loại", "gói 100 cái", 35_000, 10, "tb", 0.02),
        ("Keo dựng (mếch)", "mét", 18_000, 10, "tb", 0.04),
    ]
    for name, unit, cost, pack, source, share in specs:
        cover, reorder = (14.0, 8.0) if source == "hk" else (9.0, 5.0)
        shop.items[name] = Item(name, unit, cost, pack, source, daily=share, cover=cover, reorder=reorder,
                                line="tailoring")
    items = list(shop.items.values())
    closed = (TET_2026 - timedelta(days=2), TET_2026 + timedelta(days=5))
    material_ratio = 0.3
    mean_orders = sum((lo + hi) / 2 * w for _, lo, hi, w in TAILOR_ORDERS) / sum(w for *_, w in TAILOR_ORDERS)
    calibrate(items, lambda i: 1.35 * mean_orders * material_ratio * i.daily / i.cost * i.pack)

    def season(day: date) -> float:
        if closed[0] - timedelta(days=30) <= day < closed[0]:
            return 1.9
        if day.month in (10, 11, 12):
            return 1.3
        return 1.0 if day.weekday() < 6 else 0.6

    opening = date(2025, 12, 31)
    shop.opening(opening, "cash", 6_240_000, "Tồn quỹ tiền mặt đầu kỳ")
    shop.opening(opening, shop.bank, 84_615_200, "Số dư tài khoản ACB đầu kỳ")
    shop.opening(opening, momo, 1_250_000, "Số dư ví MoMo đầu kỳ")
    for item in items:
        shop.opening_item(opening, item, max(1, int(10 * item.rate / item.pack + 0.5)))
    shop.counters["HD"] = 37
    payments = ("cash", "cash", "cash", "cash", "cash", shop.bank, shop.bank, shop.bank, momo, momo)
    platform_month = 0
    for day in days_of(2026):
        if not closed[0] <= day <= closed[1] and day not in HOLIDAYS:
            for key, supplier in shop.suppliers.items():
                if day.weekday() in supplier.weekdays:
                    shop.restock(day, key, factor=season(day))
            made = 0
            for _ in range(int(1.05 * season(day) * noise(rng, 0.6) + rng.random())):
                what, low, high, _w = rng.choices(TAILOR_ORDERS, weights=[o[3] for o in TAILOR_ORDERS])[0]
                amount = rounded(rng.uniform(low, high), 10_000)
                shop.sale(day, amount, rng.choice(payments), line="tailoring", doc=shop.doc("PT", 5),
                          description=what)
                made += amount
            for _ in range(int(3.6 * noise(rng, 0.5) + rng.random())):
                amount = rounded(rng.uniform(40_000, 180_000), 5_000)
                shop.sale(day, amount, rng.choice(payments), line="tailoring", doc=shop.doc("PT", 5),
                          description=rng.choice(TAILOR_FIXES))
            if rng.random() < 0.36:
                amount = rounded(rng.uniform(650_000, 1_250_000), 10_000)
                shop.receive(shop.bank, -(pct(amount, "5") + pct(amount, "2")))
                shop.sale(day, amount, shop.bank, line="tailoring", doc=shopee_order(day, rng),
                          description="Đặt may áo dài qua sàn Shopee", withheld=True,
                          withheld_vat=pct(amount, "5"), withheld_pit=pct(amount, "2"),
                          counterparty="Công ty TNHH Shopee")
                made += amount
                platform_month += amount
            if day in TAILOR_COMPANIES:
                customer, what, amount = TAILOR_COMPANIES[day]
                shop.sale(day, amount, shop.bank, line="tailoring", doc=shop.doc("HD", 6), description=what,
                          counterparty=customer)
                made += amount
            for item in items:
                shop.use(item, int(made * material_ratio * item.daily / item.cost * item.pack
                                   * noise(rng, 0.3) + rng.random()))
        if day.weekday() == 5:
            shop.bank_cash(day)
            if shop.money[momo] > 1_000_000:
                shop.transfer(day, shop.money[momo] // 100_000 * 100_000, momo, shop.bank,
                              "Chuyển tiền từ ví MoMo về tài khoản ACB")
        if month_end(day):
            shop.expense(day, "other", rounded(platform_month * 0.11, 1), shop.bank, doc=f"SPF{day:%y%m}",
                         description=f"Phí cố định, phí thanh toán sàn Shopee tháng {vnd_month(day)}",
                         counterparty="Công ty TNHH Shopee")
            platform_month = 0
            shop.stock_out_all(day, lambda _, month: f"Xuất vải, phụ liệu may tháng {month}")
        tailor_bills(shop, day, rng)

    toml = TAILOR_TOML.format(tax_code="048190007214", legacy=mst("0401", rng),
                              account="2468" + "".join(str(rng.randint(0, 9)) for _ in range(5)))
    return toml, journal


def shopee_order(day: date, rng: random.Random) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return day.strftime("%y%m%d") + "".join(rng.choice(alphabet) for _ in range(8))


def tailor_bills(shop: Business, day: date, rng: random.Random) -> None:
    month, bank = vnd_month(day), shop.bank
    if day.day == 2:
        shop.expense(day, "rent", 9_000_000, bank, doc=f"HĐTN-2023/07-T{day.month:02d}",
                     description=f"Tiền thuê nhà mặt tiền tháng {month}", counterparty="Ông Phạm Văn Dũng")
    if day.day == 6:
        shop.expense(day, "telecom", 250_000, bank, doc=shop.doc("1K26TFT-", 7),
                     description=f"Cước Internet FPT tháng {month}", counterparty="FPT Telecom Đà Nẵng")
        shop.expense(day, "other", 60_000, "cash", doc=shop.doc("BLVS", 3),
                     description=f"Phí thu gom rác thải tháng {month}", counterparty="Tổ dân phố 18")
    if day.day == 13:
        summer = 1.3 if 5 <= day.month <= 8 else 1.0
        shop.expense(day, "electricity", round(1_080_000 * summer * noise(rng, 0.12)), bank,
                     doc=shop.doc("1K26TDN-", 8), description=f"Tiền điện tháng {month}",
                     counterparty="Công ty Điện lực Đà Nẵng")
        shop.expense(day, "water", round(140_000 * noise(rng, 0.2)), bank, doc=shop.doc("1K26TCN-", 8),
                     description=f"Tiền nước tháng {month}", counterparty="Công ty CP Cấp nước Đà Nẵng")
    if day.day == 21 and day.month % 3 == 1:
        shop.expense(day, "management", rounded(rng.uniform(400_000, 900_000), 1_000), "cash",
                     doc=shop.doc("2C26TTB-", 7), description="Mua kim máy, phấn may, kéo, thước dây",
                     counterparty="Cửa hàng phụ liệu may Thanh Bình")
    if day in (date(2026, 3, 9), date(2026, 9, 7)):
        shop.expense(day, "management", 1_200_000, "cash", doc=shop.doc("2C26TMM-", 7),
                     description="Bảo dưỡng máy may, máy vắt sổ", counterparty="Sửa máy may Tuấn Phát")
    if month_end(day):
        for number, (person, pay) in enumerate((("Hồ Thị Mai", 7_500_000),
                                                ("Nguyễn Văn Sang", 7_000_000)), start=1):
            shop.wage(day, pay, bank, doc=f"BTL{day:%m%y}-{number:02d}",
                      description=f"Lương tháng {month} – {person} (thợ may)", counterparty=person)
    if day == date(2026, 2, 11):
        shop.wage(day, 5_000_000, bank, doc="TT2026-01", description="Thưởng Tết – Hồ Thị Mai (thợ may)",
                  counterparty="Hồ Thị Mai")
        shop.wage(day, 5_000_000, bank, doc="TT2026-02", description="Thưởng Tết – Nguyễn Văn Sang (thợ may)",
                  counterparty="Nguyễn Văn Sang")
    if day.day == 25:
        shop.drawing(day, rounded(rng.uniform(14_000_000, 19_000_000), 500_000), bank,
                     "Chủ hộ rút tiền chi tiêu gia đình")
    if day == date(2026, 1, 29):  # Q4/2025 under TT 40: services VAT 5 %, PIT 2 % on 214,650,000
        shop.tax(day, "vat", pct(214_650_000, "5"), "Nộp thuế GTGT quý 4/2025")
        shop.tax(day, "pit", pct(214_650_000, "2"), "Nộp thuế TNCN quý 4/2025")


# -- shop-2025: goods, services and food lines, regime A (TT 40), ~1.5 bn, VAT cut ----------------

SHOP_TOML = """\
# Example ledger: a shop in Cần Thơ, 2025 (regime A, TT 40/2021), three lines: household electrical goods,
# repair and installation services, and a drinks counter (food and drink service, production group).
# Annual revenue ≈ 1.5 bn, quarterly returns. VAT cut (20 % off the rate): the drinks line is marked
# eligible for the whole year; repair jobs are marked eligible per entry from 01/07/2025 (NQ 204/2025).
# Generated by ledgers/generate.py; format: docs/ledger-format.md. All names are fictitious.
tax_code = "{tax_code}"
name = "Võ Thanh Phong"
shop_name = "Cửa hàng Điện gia dụng Phước Lộc"
address = "Số 88 đường 30 Tháng 4"
ward = "Phường Ninh Kiều"
province = "Thành phố Cần Thơ"
residence = "Số 88 đường 30 Tháng 4, Phường Ninh Kiều, Thành phố Cần Thơ"
phone = "0939 514 268"
email = "phuocloc.cantho@gmail.com"
filing = "quarterly"
pit_method = "revenue"
prior_year_revenue = 1384600000
inventory_method = "average"
employees = 2
business_start = 2016-10-01

[tax_office]
code = "81501"
name = "Thuế cơ sở 1 Thành phố Cần Thơ"

[[locations]]
id = "cuahang"
name = "Cửa hàng Điện gia dụng Phước Lộc"
address = "Số 88 đường 30 Tháng 4"
ward = "Phường Ninh Kiều"
province = "Thành phố Cần Thơ"
head_office = true
area_m2 = 64

[[lines]]
id = "goods"
group = "goods"
name = "Bán lẻ đồ điện gia dụng"
location = "cuahang"

[[lines]]
id = "services"
group = "services"
name = "Sửa chữa, lắp đặt, vệ sinh đồ điện gia dụng và máy lạnh"
location = "cuahang"

[[lines]]
id = "food"
group = "production"
name = "Quầy giải khát: cà phê, sinh tố, nước ép"
location = "cuahang"
vat_cut = true

[[accounts]]
id = "agribank"
kind = "bank"
number = "{account}"
provider = "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam (Agribank)"
holder = "VO THANH PHONG"
"""

TET_2025 = date(2025, 1, 29)
SHOP_JOBS = (  # description, lowest, highest, weight, needs refrigerant
    ("Vệ sinh máy lạnh", 150_000, 250_000, 30, False),
    ("Nạp gas, sửa máy lạnh", 450_000, 1_200_000, 14, True),
    ("Lắp đặt máy lạnh", 500_000, 850_000, 12, True),
    ("Sửa máy giặt", 300_000, 1_200_000, 14, False),
    ("Sửa tủ lạnh", 400_000, 1_500_000, 10, True),
    ("Sửa quạt, nồi cơm điện", 80_000, 250_000, 12, False),
    ("Đi lại dây điện, lắp đèn", 300_000, 2_500_000, 8, False),
)
SHOP_STAFF = (("Lê Văn Hậu", "thợ điện lạnh", 7_500_000),
              ("Trần Thị Bích Tuyền", "nhân viên pha chế", 5_500_000))


def shop_2025() -> tuple[str, Journal]:
    rng = random.Random(202504)
    journal = Journal()
    shop = Business(journal, bank="bank:agribank", cash_float=4_000_000)
    shop.suppliers = {
        "dq": Supplier("Công ty TNHH Điện máy Đại Quang", "1C25TDQ", (1,), "bank"),
        "rd": Supplier("Nhà phân phối Rạng Đông Cần Thơ", "1C25TRD", (4,), "bank"),
        "hc": Supplier("Cửa hàng vật tư điện lạnh Hùng Cường", "2C25THC", (3,), "cash"),
        "cl": Supplier("Cơ sở rang xay cà phê Cửu Long", "2C25TCL", (0,), "cash"),
        "tk": Supplier("Đại lý thực phẩm Tân Khánh", "1C25TTK", (0, 3), "cash"),
        "sh": Supplier("Bà Nguyễn Thị Sáu (chợ Xuân Khánh)", "", (0, 2, 4, 5), "cash"),
    }
    goods = [  # name, unit, cost, supplier, retail price, pieces/day
        ("Quạt đứng Senko", "cái", 385_000, "dq", 450_000, 0.9),
        ("Nồi cơm điện Sunhouse 1.8 lít", "cái", 520_000, "dq", 620_000, 0.5),
        ("Ấm siêu tốc Philips 1.7 lít", "cái", 410_000, "dq", 490_000, 0.4),
        ("Bàn ủi Philips", "cái", 450_000, "dq", 540_000, 0.3),
        ("Máy sấy tóc Panasonic", "cái", 380_000, "dq", 460_000, 0.3),
        ("Quạt trần Panasonic 5 cánh", "cái", 2_150_000, "dq", 2_550_000, 0.08),
        ("Máy lọc nước Karofi 9 lõi", "cái", 4_200_000, "dq", 4_990_000, 0.05),
        ("Bóng đèn LED Rạng Đông 12W", "cái", 38_000, "rd", 48_000, 6.0),
        ("Ổ cắm điện Lioa 6 lỗ", "cái", 115_000, "rd", 145_000, 1.5),
        ("Dây điện Cadivi 2x1.5", "mét", 9_500, "rd", 12_500, 12.0),
        ("Pin Panasonic AA vỉ 4 viên", "vỉ", 28_000, "rd", 36_000, 3.0),
        ("Công tắc điện Panasonic", "cái", 22_000, "rd", 30_000, 3.0),
    ]
    for name, unit, cost, source, price, daily in goods:
        shop.items[name] = Item(name, unit, cost, 1, source, price, daily, cover=16.0, reorder=9.0,
                                line="goods")
    for name, unit, cost, pack, daily in (("Gas lạnh R32", "kg", 180_000, 10, 0.55),
                                          ("Tụ điện máy lạnh", "cái", 85_000, 1, 0.35)):
        shop.items[name] = Item(name, unit, cost, pack, "hc", daily=daily, cover=12.0, reorder=8.0,
                                line="services")
    drinks = [  # name, unit, cost, pieces per unit, supplier, share of ingredient use
        ("Cà phê hạt Robusta rang xay", "kg", 230_000, 10, "cl", 0.30),
        ("Sữa đặc Ông Thọ 380g", "hộp", 26_000, 10, "tk", 0.15),
        ("Sữa tươi Dalat Milk 950ml", "hộp", 36_000, 10, "tk", 0.08),
        ("Trà ô long túi lọc", "hộp", 65_000, 10, "tk", 0.08),
        ("Ly nhựa 500ml kèm nắp", "cây 50 cái", 45_000, 50, "tk", 0.08),
        ("Đường cát trắng", "kg", 23_000, 10, "sh", 0.06),
        ("Trái cây các loại", "kg", 38_000, 10, "sh", 0.25),
    ]
    for name, unit, cost, pack, source, share in drinks:
        cover, reorder = (3.0, 2.0) if source == "sh" else (9.0, 5.0)
        shop.items[name] = Item(name, unit, cost, pack, source, daily=share, cover=cover, reorder=reorder,
                                line="food")
    shelf = [shop.items[g[0]] for g in goods]
    counter = [shop.items[d[0]] for d in drinks]
    closed = (TET_2025 - timedelta(days=1), TET_2025 + timedelta(days=4))

    def open_on(day: date) -> bool:
        return not closed[0] <= day <= closed[1] and day not in HOLIDAYS

    def season(day: date) -> float:
        factor = 1.15 if day.weekday() >= 5 else 1.0
        if closed[0] - timedelta(days=18) <= day < closed[0]:
            factor *= 1.6
        return factor * (1.25 if 3 <= day.month <= 6 else 1.0)  # hot season: fans, air conditioners

    goods_target = 880_000_000
    base = sum(season(d) for d in days_of(2025) if open_on(d)) * sum(i.daily * i.price for i in shelf)
    calibrate(shelf, lambda i: i.daily * goods_target / base * sum(
        1 for d in days_of(2025) if open_on(d)) / 365)
    drinks_day, drink_ratio = 1_000_000, 0.36
    calibrate(counter, lambda i: drinks_day * drink_ratio * i.daily / i.cost * i.pack)

    opening = date(2024, 12, 31)
    shop.opening(opening, "cash", 5_820_000, "Tồn quỹ tiền mặt đầu kỳ")
    shop.opening(opening, shop.bank, 96_450_300, "Số dư tài khoản Agribank đầu kỳ")
    for item in shop.items.values():
        shop.opening_item(opening, item, max(1, int(12 * item.rate / item.pack + 0.5)))
    shop.counters["HD"] = 1_204
    revenue: dict[tuple[int, str], int] = {}
    cut_revenue: dict[tuple[int, str], int] = {}
    for day in days_of(2025):
        quarter = (day.month - 1) // 3 + 1
        if open_on(day):
            for key, supplier in shop.suppliers.items():
                if day.weekday() in supplier.weekdays:
                    shop.restock(day, key, factor=season(day))
            tag = day.strftime("%y%m%d")
            small = 0
            for item in shelf:
                sold = shop.use(item, int(item.rate * season(day) * noise(rng, 0.6) + rng.random()))
                if item.price >= 2_000_000:
                    for _ in range(sold):
                        shop.sale(day, item.price, shop.bank if rng.random() < 0.7 else "cash", line="goods",
                                  doc=shop.doc("HD", 7), description="Bán " + lower_first(item.name))
                        revenue[quarter, "goods"] = revenue.get((quarter, "goods"), 0) + item.price
                else:
                    small += sold * item.price
            if small:
                cash = rounded(small * (0.55 + 0.2 * rng.random()), 500)
                shop.sale(day, cash, "cash", line="goods", doc=f"BK{tag}-G1",
                          description="Bán lẻ đồ điện – tiền mặt")
                if small > cash:
                    shop.sale(day, small - cash, shop.bank, line="goods", doc=f"BK{tag}-G2",
                              description="Bán lẻ đồ điện – chuyển khoản")
                revenue[quarter, "goods"] = revenue.get((quarter, "goods"), 0) + small
            for _ in range(int(1.45 * season(day) * noise(rng, 0.7) + rng.random())):
                what, low, high, _w, gas = rng.choices(SHOP_JOBS, weights=[j[3] for j in SHOP_JOBS])[0]
                amount = rounded(rng.uniform(low, high), 10_000)
                eligible = day >= date(2025, 7, 1)
                shop.sale(day, amount, shop.bank if rng.random() < 0.45 else "cash", line="services",
                          doc=shop.doc("HD", 7), description=what, vat_cut=eligible)
                revenue[quarter, "services"] = revenue.get((quarter, "services"), 0) + amount
                if eligible:
                    cut_revenue[quarter, "services"] = cut_revenue.get((quarter, "services"), 0) + amount
                if gas:
                    shop.use(shop.items["Gas lạnh R32"], rng.randint(4, 12))
                    if rng.random() < 0.4:
                        shop.use(shop.items["Tụ điện máy lạnh"], 1)
            takings = rounded(drinks_day * season(day) * noise(rng, 0.3), 1_000)
            cash = rounded(takings * (0.6 + 0.2 * rng.random()), 1_000)
            shop.sale(day, cash, "cash", line="food", doc=f"BK{tag}-F1",
                      description="Bán nước giải khát – tiền mặt")
            shop.sale(day, takings - cash, shop.bank, line="food", doc=f"BK{tag}-F2",
                      description="Bán nước giải khát – chuyển khoản")
            revenue[quarter, "food"] = revenue.get((quarter, "food"), 0) + takings
            for item in counter:
                shop.use(item, int(takings * drink_ratio * item.daily / item.cost * item.pack
                                   * noise(rng, 0.3) + rng.random()))
            if rng.random() < 0.025:
                item = rng.choice(shelf[:5])
                shop.sale_return(day, item.price, "cash", line="goods", doc=shop.doc("PNTL"),
                                 description=f"Khách trả lại {lower_first(item.name)} lỗi kỹ thuật")
                revenue[quarter, "goods"] -= item.price
        if day.weekday() == 5:
            shop.bank_cash(day)
        if month_end(day):
            shop.stock_out_all(day, lambda item, month: {
                "goods": f"Xuất kho hàng bán tháng {month}",
                "services": f"Xuất vật tư sửa chữa tháng {month}",
                "food": f"Xuất nguyên liệu pha chế tháng {month}"}[item.line])
        shop_bills(shop, day, rng)
        shop_taxes(shop, day, revenue, cut_revenue)

    toml = SHOP_TOML.format(tax_code=mst("1801", rng),
                            account="7300" + "".join(str(rng.randint(0, 9)) for _ in range(9)))
    return toml, journal


def shop_bills(shop: Business, day: date, rng: random.Random) -> None:
    month, bank = vnd_month(day), shop.bank
    if day.day == 7:
        shop.expense(day, "telecom", 280_000, bank, doc=shop.doc("1K25TVT-", 7),
                     description=f"Cước Internet và điện thoại tháng {month}", counterparty="Viettel Cần Thơ")
        shop.expense(day, "other", 70_000, "cash", doc=shop.doc("BLVS", 3),
                     description=f"Phí vệ sinh môi trường tháng {month}",
                     counterparty="Ban quản lý khu vực 3")
    if day.day == 14:
        summer = 1.35 if 3 <= day.month <= 6 else 1.0
        shop.expense(day, "electricity", round(2_300_000 * summer * noise(rng, 0.12)), bank,
                     doc=shop.doc("1K25TCT-", 8), description=f"Tiền điện tháng {month}",
                     counterparty="Công ty Điện lực Cần Thơ")
        shop.expense(day, "water", round(260_000 * noise(rng, 0.2)), bank, doc=shop.doc("1K25TCN-", 8),
                     description=f"Tiền nước tháng {month}", counterparty="Công ty CP Cấp thoát nước Cần Thơ")
    if day.day == 18 and day.month % 2 == 0:
        shop.expense(day, "management", rounded(rng.uniform(350_000, 1_200_000), 1_000), "cash",
                     doc=shop.doc("2C25TVP-", 7), description="Mua văn phòng phẩm, dụng cụ sửa chữa",
                     counterparty="Nhà sách và văn phòng phẩm Tây Đô")
    if day == date(2025, 8, 9):
        shop.expense(day, "management", 3_450_000, bank, doc="1C25TMP-0007715",
                     description="Mua máy xay sinh tố công nghiệp cho quầy giải khát",
                     counterparty="Công ty TNHH Thiết bị Bếp Miền Tây")
    if month_end(day):
        for number, (person, role, pay) in enumerate(SHOP_STAFF, start=1):
            shop.wage(day, pay, bank, doc=f"BTL{day:%m%y}-{number:02d}",
                      description=f"Lương tháng {month} – {person} ({role})", counterparty=person)
    if day == date(2025, 1, 24):
        for number, (person, role, pay) in enumerate(SHOP_STAFF, start=1):
            shop.wage(day, pay, bank, doc=f"TT2025-{number:02d}",
                      description=f"Thưởng Tết Ất Tỵ – {person} ({role})", counterparty=person)
    if day.day == 26:
        shop.drawing(day, rounded(rng.uniform(26_000_000, 34_000_000), 500_000), bank,
                     "Chủ hộ rút tiền chi tiêu gia đình")


def shop_taxes(shop: Business, day: date, revenue: dict[tuple[int, str], int],
               cut: dict[tuple[int, str], int]) -> None:
    """Q4/2024 and the 2025 quarters under TT 40 (goods 1 %/0.5 %, services 5 %/2 %, F&B 3 %/1.5 %);
    the drinks line and, from Q3, repair jobs at 80 % of the VAT rate (ND 180/2024, NQ 204/2025)."""
    if day == date(2025, 1, 20):
        shop.tax(day, "other", 1_000_000, "Nộp lệ phí môn bài năm 2025")
    if day == date(2025, 1, 22):  # Q4/2024: goods 231,450,000; services 62,800,000; drinks 86,300,000
        shop.tax(day, "vat", pct(231_450_000, "1") + pct(62_800_000, "5") + pct(86_300_000, "2.4"),
                 "Nộp thuế GTGT quý 4/2024")
        shop.tax(day, "pit", pct(231_450_000, "0.5") + pct(62_800_000, "2") + pct(86_300_000, "1.5"),
                 "Nộp thuế TNCN quý 4/2024")
    due = {date(2025, 4, 25): 1, date(2025, 7, 28): 2, date(2025, 10, 28): 3}
    if day in due:
        q = due[day]
        goods, services, food = (revenue.get((q, line), 0) for line in ("goods", "services", "food"))
        reduced = cut.get((q, "services"), 0)
        vat = pct(goods, "1") + pct(services - reduced, "5") + pct(reduced, "4") + pct(food, "2.4")
        pit = pct(goods, "0.5") + pct(services, "2") + pct(food, "1.5")
        shop.tax(day, "vat", vat, f"Nộp thuế GTGT quý {q}/2025")
        shop.tax(day, "pit", pit, f"Nộp thuế TNCN quý {q}/2025")


LEDGERS: dict[str, Callable[[], tuple[str, Journal]]] = {
    "grocery-2026": grocery,
    "restaurant-2026": restaurant,
    "tailor-2026": tailor,
    "shop-2025": shop_2025,
}


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else HERE
    for name, build in LEDGERS.items():
        toml, journal = build()
        write_ledger(out, name, toml, journal)
        print(f"{name}: {len(journal.rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

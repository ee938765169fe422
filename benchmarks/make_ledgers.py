"""Write N realistic synthetic household ledgers (fixed seed) for the batch benchmarks and tests.

    python benchmarks/make_ledgers.py N OUT [--format text|sqlite] [--seed S] [--years 2025,2026]
                                            [--scale F]

Each household gets a valid tax code (a 12-digit personal ID, or a 10-digit MST whose check digit
comes from `hhtax.ids.check_digit`), 1–3 business lines of mixed industry groups, a filing
frequency, a PIT method (the income method is forced above 3 bn, ND 68/2026 Art 4), and a journal of
daily sales, weekly purchases, monthly expenses and wages, sized from its annual revenue:
about 60 % below 1 bn (G1), 25 % 1–3 bn (G2), 13 % 3–50 bn (G3) and 2 % above 50 bn (G4). A journal
covering 2025 and 2026 gives both regimes (A up to 2025-12-31, B from 2026-01-01).

`--format text` writes plain-text ledger directories (household.toml + journal.csv); `--format sqlite`
writes SQLite ledgers through `hhtax.journal.store.SqliteLedger`. `--scale` multiplies the number of
sale rows per day (0.25 = roughly weekly totals) to make lighter or heavier journals.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from hhtax.ids import check_digit

GROUPS = ("goods", "goods", "goods", "services", "production", "leasing", "other", "digital")
LINE_NAMES = {
    "goods": ("Bán lẻ tạp hóa", "Bán buôn vật liệu xây dựng", "Bán điện thoại và phụ kiện"),
    "services": ("Dịch vụ cắt tóc, gội đầu", "Sửa chữa xe máy", "Dịch vụ giặt là"),
    "production": ("Quán ăn, giải khát", "Sản xuất bánh kẹo", "Vận tải hàng hóa"),
    "leasing": ("Cho thuê nhà", "Cho thuê mặt bằng kinh doanh"),
    "other": ("Hoạt động kinh doanh khác",),
    "digital": ("Sáng tạo nội dung số",),
}
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Quang")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hương", "Khánh", "Lan", "Linh", "Nam", "Phúc",
         "Quỳnh", "Sơn", "Thảo", "Tuấn", "Việt", "Yến")
PROVINCES = (("Thành phố Hà Nội", "001"), ("Thành phố Hồ Chí Minh", "079"), ("Thành phố Đà Nẵng", "048"),
             ("Thành phố Hải Phòng", "031"), ("Thành phố Cần Thơ", "092"), ("Tỉnh Khánh Hòa", "056"))
WARDS = ("Phường Bến Thành", "Phường Hoàn Kiếm", "Phường Hải Châu", "Xã Tân Phú", "Phường Ninh Kiều")
STREETS = ("Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung")
EXPENSES = (("rent", 0.04), ("electricity", 0.01), ("water", 0.003), ("telecom", 0.002),
            ("management", 0.005), ("other", 0.004))
JOURNAL_COLUMNS = ("date", "kind", "amount", "line", "doc", "description", "payment", "category")


def revenue_band(rng: random.Random) -> int:
    """An annual revenue drawn from the G1–G4 mix."""
    draw = rng.random()
    if draw < 0.60:
        return rng.randrange(60_000_000, 1_000_000_000, 1000)
    if draw < 0.85:
        return rng.randrange(1_000_000_000, 3_000_000_000, 1000)
    if draw < 0.98:
        return rng.randrange(3_000_000_000, 50_000_000_000, 1000)
    return rng.randrange(50_000_000_000, 80_000_000_000, 1000)


def tax_code(rng: random.Random, province: str) -> str:
    """A 12-digit personal ID (most households) or a valid 10-digit MST."""
    if rng.random() < 0.7:
        return province + str(rng.randrange(0, 4)) + f"{rng.randrange(0, 10**8):08d}"
    while True:
        first9 = f"{rng.randrange(1, 9)}{rng.randrange(0, 10**8):08d}"
        digit = check_digit(first9)
        if digit is not None and digit < 10:
            return first9 + str(digit)


def toml_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def household_toml(rng: random.Random, number: int, revenue: int) -> tuple[str, list[str]]:
    """The household.toml text and the ids of its business lines."""
    province, prefix = rng.choice(PROVINCES)
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    n_lines = 1 if rng.random() < 0.7 else rng.choice((2, 3))
    groups = [rng.choice(GROUPS) for _ in range(n_lines)]
    method = "income" if revenue > 3_000_000_000 or (revenue > 1_000_000_000 and rng.random() < 0.3) \
        else "revenue"
    filing = "monthly" if revenue > 50_000_000_000 else "quarterly"
    head = {
        "tax_code": tax_code(rng, prefix), "name": name, "shop_name": f"Hộ kinh doanh {name}",
        "address": f"Số {number % 300 + 1} đường {rng.choice(STREETS)}", "ward": rng.choice(WARDS),
        "province": province, "phone": f"09{rng.randrange(0, 10**8):08d}", "filing": filing,
        "pit_method": method, "prior_year_revenue": int(revenue * rng.uniform(0.8, 1.1)),
        "employees": rng.randrange(0, 6),
    }
    if method == "income":
        head["pit_method_since"] = 2026
    lines = [f"{key} = {toml_text(value)}" for key, value in head.items()]
    lines += ["", "[tax_office]", 'code = "10100"', f'name = "Thuế cơ sở {province}"']
    line_ids: list[str] = []
    for index, group in enumerate(groups, start=1):
        line_id = f"L{index}"
        line_ids.append(line_id)
        lines += ["", "[[lines]]", f'id = "{line_id}"', f'group = "{group}"',
                  f"name = {toml_text(rng.choice(LINE_NAMES[group]))}"]
    return "\n".join(lines) + "\n", line_ids


def journal_rows(rng: random.Random, revenue: int, line_ids: list[str], years: list[int],
                 scale: float) -> Iterator[tuple[str, ...]]:
    """Journal rows in date order: sales per line, weekly purchases, monthly expenses and wages.

    A line records about `scale` × (1 + revenue / 5 bn) sales a day (daily totals for a small shop,
    one row per invoice batch for a large one), at least one a month.
    """
    sales_per_year = max(12, round(365 * scale * (1 + revenue // 5_000_000_000)))
    average = revenue / len(line_ids) / sales_per_year
    doc_number = 0
    for year in years:
        rows: list[tuple[str, ...]] = []
        first = date(year, 1, 1).toordinal()
        for line_id in line_ids:
            for index in range(sales_per_year):
                day = date.fromordinal(first + index * 365 // sales_per_year)
                amount = max(1000, int(average * rng.uniform(0.5, 1.5)) // 1000 * 1000)
                doc_number += 1
                doc = f"HD{doc_number:07d}" if rng.random() < 0.6 else ""
                payment = "bank" if rng.random() < 0.4 else "cash"
                rows.append((day.isoformat(), "sale", str(amount), line_id, doc, "Doanh thu bán hàng",
                             payment, ""))
        for week in range(52):
            day = date.fromordinal(first + week * 7)
            amount = max(1000, int(revenue * 0.6 / 52 * rng.uniform(0.6, 1.4)) // 1000 * 1000)
            rows.append((day.isoformat(), "purchase", str(amount), "", f"MH{day:%y%m%d}", "Nhập hàng",
                         "bank" if amount >= 5_000_000 else "cash", "goods"))
        for month in range(1, 13):
            day = date(year, month, 28)
            for category, share in EXPENSES:
                amount = max(1000, int(revenue * share / 12 * rng.uniform(0.8, 1.2)) // 1000 * 1000)
                rows.append((day.isoformat(), "expense", str(amount), "", f"CP{day:%y%m}{category[:3]}",
                             f"Chi phí {category}", rng.choice(("cash", "bank")), category))
            wage = max(1000, int(revenue * 0.05 / 12) // 1000 * 1000)
            rows.append((day.isoformat(), "wage", str(wage), "", f"TL{day:%y%m}", "Tiền lương nhân viên",
                         "bank", "labour"))
        rows.sort(key=lambda row: row[0])
        yield from rows


def write_text(directory: Path, toml: str, rows: Iterator[tuple[str, ...]]) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "household.toml").write_text(toml, encoding="utf-8")
    count = 0
    with (directory / "journal.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(JOURNAL_COLUMNS)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_sqlite(path: Path, toml: str, rows: Iterator[tuple[str, ...]]) -> int:
    import tomllib

    from hhtax.importers.rows import parse_row
    from hhtax.journal.household_file import household_from_dict
    from hhtax.service.ledgers import create_ledger

    household = household_from_dict(tomllib.loads(toml))
    ledger = create_ledger(path, household)
    try:
        entries = [parse_row(dict(zip(JOURNAL_COLUMNS, row, strict=True)), household) for row in rows]
        ledger.import_entries(entries)
    finally:
        ledger.close()
    return len(entries)


def make(count: int, out: Path, *, fmt: str = "text", seed: int = 20260101, years: list[int] | None = None,
         scale: float = 1.0) -> int:
    """Write `count` households under `out`; return the number of journal rows written."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for number in range(count):
        revenue = revenue_band(rng)
        toml, line_ids = household_toml(rng, number, revenue)
        rows = journal_rows(rng, revenue, line_ids, years or [2025, 2026], scale)
        name = f"hh{number:07d}"
        if fmt == "sqlite":
            total += write_sqlite(out / f"{name}.sqlite", toml, rows)
        else:
            total += write_text(out / name, toml, rows)
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--format", choices=("text", "sqlite"), default="text")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--years", default="2025,2026")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    years = [int(y) for y in args.years.split(",")]
    rows = make(args.count, args.out, fmt=args.format, seed=args.seed, years=years, scale=args.scale)
    print(f"{args.count} households, {rows} journal rows → {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

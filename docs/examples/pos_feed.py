"""A POS feeding hhtax: each evening it sends the day's receipts; after the quarter it produces
the 01/CNKD XML (and PDF) to upload to eTax. Runnable as is:

    python docs/examples/pos_feed.py OUT_DIR

It creates OUT_DIR/shop.sqlite (removing an earlier run's), feeds every day of Q1 2026 from a
simulated till, and writes the quarter's declaration into OUT_DIR. tests/test_api.py runs
this script, so it stays correct.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

from hhtax import Ledger
from hhtax.fsutil import atomic_write

HOUSEHOLD = {
    "tax_code": "001085012345",  # 12-digit personal ID, the household's tax code since 2025
    "name": "Nguyễn Thị Hương",
    "shop_name": "Tạp hoá Hương Quê",
    "address": "Số 12 phố Hàng Bạc",
    "ward": "Phường Hoàn Kiếm",
    "province": "Thành phố Hà Nội",
    "tax_office": {"code": "10101", "name": "Thuế cơ sở 1 Thành phố Hà Nội"},
    "lines": [
        {"id": "retail", "group": "goods", "name": "Bán lẻ tạp hoá"},
        {"id": "drinks", "group": "production", "name": "Đồ uống pha chế"},
    ],
    "accounts": [{"id": "vcb", "number": "0011004455667", "provider": "Vietcombank",
                  "holder": "Nguyễn Thị Hương"}],
}


def till_receipts(day: date) -> list[dict[str, object]]:
    """What the POS recorded on `day` (simulated, deterministic): receipt number, line, total, tender."""
    rng = random.Random(day.toordinal())
    receipts = []
    for number in range(1, 41):
        line = "drinks" if number % 4 == 0 else "retail"
        total = rng.randrange(50, 700) * 1_000
        receipts.append({"no": f"{day:%y%m%d}-{number:03d}", "line": line, "total": total,
                         "tender": "card" if number % 3 == 0 else "cash"})
    return receipts


def feed_day(ledger: Ledger, day: date, receipts: list[dict[str, object]]) -> int:
    """Send one day's receipts as sale entries; returns how many were new (re-sending is harmless)."""
    entries = [{"date": day, "kind": "sale", "amount": receipt["total"], "line": receipt["line"],
                "doc": f"POS-{receipt['no']}", "description": "Bán hàng qua máy POS",
                "payment": "bank:vcb" if receipt["tender"] == "card" else "cash",
                "source": f"pos:{receipt['no']}"}
               for receipt in receipts]
    return ledger.append(entries).added


def main(out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "shop.sqlite"
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    with Ledger.create(path, HOUSEHOLD) as ledger:
        day = date(2026, 1, 1)
        while day <= date(2026, 3, 31):
            feed_day(ledger, day, till_receipts(day))
            day += timedelta(days=1)
        assert feed_day(ledger, date(2026, 3, 31), till_receipts(date(2026, 3, 31))) == 0  # idempotent

        assessment = ledger.assess("2026-Q1")
        print(f"Q1 2026 revenue {assessment.revenue.value:,} đ; VAT {assessment.vat.value:,} đ; "
              f"PIT {assessment.pit.value:,} đ; to pay {assessment.payable.value:,} đ; "
              f"file {assessment.filing}")

        xml = ledger.declaration_xml("2026-Q1", today=date(2026, 4, 10))
        target = out_dir / "001085012345_01-CNKD_2026-Q1.xml"
        atomic_write(target, xml)
        atomic_write(target.with_suffix(".pdf"), ledger.declaration_pdf("2026-Q1", today=date(2026, 4, 10)))
        print(f"wrote {target} ({len(xml):,} bytes)")
        return target


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("pos-demo"))

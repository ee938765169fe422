"""Benchmark (run by hand): e-invoice import, `verify` and `backup`.

    python benchmarks/bench_integrity.py [--invoices 5000] [--entries 300000]

Prints one JSON object per measurement on stdout and a readable line on stderr:
- einvoice_import: a zip of N purchase invoices (3 goods lines each) read, mapped and appended;
- verify: the hash chain of an M-entry ledger recomputed;
- backup: the same ledger copied with SQLite's backup API.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

from hhtax.importers.einvoice import import_einvoices
from hhtax.journal.backup import backup_ledger
from hhtax.journal.verify import verify_ledger
from hhtax.service.ledgers import create_ledger
from hhtax.model import Entry, EntryKind, Household

HOUSEHOLD = Household.model_validate({"tax_code": "0314409058", "name": "Bench",
                                      "lines": [{"id": "shop", "group": "goods"}]})
LINE = ("<HHDVu><TChat>1</TChat><STT>{n}</STT><THHDVu>Hàng {n}</THHDVu><DVTinh>cái</DVTinh>"
        "<SLuong>{q}</SLuong><DGia>12500</DGia><ThTien>{a}</ThTien><TSuat>8%</TSuat></HHDVu>")


def _invoice(number: int) -> bytes:
    lines = "".join(LINE.format(n=n, q=n + number % 7, a=12_500 * (n + number % 7)) for n in (1, 2, 3))
    net = sum(12_500 * (n + number % 7) for n in (1, 2, 3))
    return (f'<?xml version="1.0" encoding="UTF-8"?><HDon><DLHDon><TTChung><KHMSHDon>1</KHMSHDon>'
            f"<KHHDon>C26TBB</KHHDon><SHDon>{number}</SHDon><NLap>2026-03-{1 + number % 28:02d}</NLap>"
            f"<HTTToan>CK</HTTToan></TTChung><NDHDon>"
            f"<NBan><Ten>Nhà cung cấp</Ten><MST>0100109106</MST></NBan>"
            f"<NMua><MST>0314409058</MST></NMua><DSHHDVu>{lines}</DSHHDVu><TToan><TgTCThue>{net}</TgTCThue>"
            f"<TgTThue>{net * 8 // 100}</TgTThue><TgTTTBSo>{net + net * 8 // 100}</TgTTTBSo></TToan>"
            f"</NDHDon></DLHDon></HDon>").encode()


def _report(name: str, count: int, seconds: float, unit: str) -> None:
    print(json.dumps({"benchmark": name, "count": count, "seconds": round(seconds, 3),
                      "per_second": round(count / seconds)}))
    print(f"{name}: {count:,} {unit} in {seconds:.2f} s ({count / seconds:,.0f}/s)", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=5000)
    parser.add_argument("--entries", type=int, default=300_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        archive = work / "invoices.zip"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
            for number in range(1, args.invoices + 1):
                zipped.writestr(f"{number:07d}.xml", _invoice(number))
        archive.write_bytes(buffer.getvalue())
        with create_ledger(work / "e.sqlite", HOUSEHOLD) as ledger:
            started = time.perf_counter()
            ledger.import_entries(import_einvoices(archive, HOUSEHOLD, ledger.entries()).entries)
            _report("einvoice_import", args.invoices, time.perf_counter() - started, "invoices")

        path = work / "big.sqlite"
        with create_ledger(path, HOUSEHOLD) as ledger:
            ledger.import_entries(
                Entry(date=date(2026, 1 + i % 12, 1 + i % 28), kind=EntryKind.SALE, amount=1_000 + i,
                      line="shop", doc=f"HD{i}") for i in range(args.entries))
        started = time.perf_counter()
        assert verify_ledger(path).ok
        _report("verify", args.entries, time.perf_counter() - started, "entries")
        started = time.perf_counter()
        backup_ledger(path, work / "copy.sqlite")
        _report("backup", args.entries, time.perf_counter() - started, "entries")


if __name__ == "__main__":
    main()

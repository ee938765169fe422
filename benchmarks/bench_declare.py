"""Benchmark: XML (target ≤ 0.5 ms) and XML + PDF (target ≤ 5 ms) for one household's quarter.

Run by hand: `python benchmarks/bench_declare.py`. Builds a two-location, three-group TT 18 return
for Q2/2026 and times `to_xml`, `from_xml`, `validate_xml` and `render_pdf` (best of five rounds per
call). One JSON object on stdout, a readable line on stderr.
"""

from __future__ import annotations

import json
import sys
import tempfile
import timeit
from collections.abc import Callable
from datetime import date
from pathlib import Path

from hhtax.declarations.build import prepare
from hhtax.declarations.model import Declaration
from hhtax.declarations.pdf import render_pdf
from hhtax.declarations.validate import validate_xml
from hhtax.declarations.xml import from_xml, to_xml
from hhtax.service.ledgers import open_text_ledger
from hhtax.periods import Period
from hhtax.rules import load_rules

HOUSEHOLD = """tax_code = "001085012345"
name = "Nguyễn Văn An"
shop_name = "Tạp hóa An"
address = "12 Hàng Bạc"
ward = "Phường Hoàn Kiếm"
province = "Hà Nội"
prior_year_revenue = 2400000000

[[locations]]
id = "main"
name = "Cửa hàng chính"
address = "12 Hàng Bạc"
head_office = true

[[locations]]
id = "branch"
name = "Quầy Chợ Đồng Xuân"
address = "Chợ Đồng Xuân"

[[lines]]
id = "goods"
group = "goods"
name = "Tạp hóa"
location = "main"

[[lines]]
id = "repair"
group = "services"
name = "Sửa chữa"
location = "main"

[[lines]]
id = "food"
group = "production"
name = "Quán ăn"
location = "branch"

[[accounts]]
id = "vcb"
number = "0011001234567"
provider = "Vietcombank"
"""


def declaration(folder: Path) -> Declaration:
    (folder / "household.toml").write_text(HOUSEHOLD, encoding="utf-8")
    rows = ["date,kind,amount,line,description"]
    for month in range(1, 7):
        for line, amount in (("goods", 200_000_000), ("repair", 40_000_000), ("food", 90_000_000)):
            rows.append(f"2026-{month:02d}-15,sale,{amount},{line},Bán hàng")
    (folder / "journal.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    ledger = open_text_ledger(folder)
    prepared = prepare(ledger, Period.parse("2026-Q2"), load_rules(), today=date(2026, 7, 10))
    assert prepared.declaration is not None
    return prepared.declaration


def best_ms(call: Callable[[], object], number: int) -> float:
    timer = timeit.Timer(call)
    return min(timer.repeat(repeat=5, number=number)) / number * 1000


def main() -> None:
    rules = load_rules()
    with tempfile.TemporaryDirectory() as tmp:
        decl = declaration(Path(tmp))
    xml = to_xml(decl)
    result = {
        "benchmark": "declare", "rows": xml.count(b"<CTietDoanhThu "), "appendices": len(decl.appendices),
        "xml_bytes": len(xml),
        "to_xml_ms": round(best_ms(lambda: to_xml(decl), 2000), 4),
        "from_xml_ms": round(best_ms(lambda: from_xml(xml, rules), 500), 4),
        "validate_xml_ms": round(best_ms(lambda: validate_xml(xml, rules), 200), 4),
        "render_pdf_ms": round(best_ms(lambda: render_pdf(decl), 20), 4),
    }
    result["xml_and_pdf_ms"] = round(result["to_xml_ms"] + result["render_pdf_ms"], 4)
    print(json.dumps(result))
    print(f"declare {decl.form.code} {decl.period}: to_xml {result['to_xml_ms']} ms (target ≤ 0.5), "
          f"XML + PDF {result['xml_and_pdf_ms']} ms (target ≤ 5); from_xml {result['from_xml_ms']} ms, "
          f"validate {result['validate_xml_ms']} ms", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Declaration PDFs (and XML) of N different households, against one declaration rendered N times.

    python benchmarks/bench_pdf.py [--count 300] [--quick]

`households.py` writes N SQLite ledgers of different households (fixed seed) and each one's return
for the last period ended on 20/07/2026 is prepared once through the service layer (not timed).
Then, in one process: `render_pdf` of the N different declarations (different names, addresses,
lines, places and figures: the font subsets and the text measurer see new strings), the same for
`to_xml`, and in the same run the first declaration rendered N times (what this benchmark measured
before issue 16, every cache hitting); the ratio different/same is printed. For scale,
`reportlab_canvas` draws two A4 pages of 62 lines with reportlab's Canvas as a fresh document each
time. CPU time is the figure to read on a shared machine. Target: PDF ≤ 4.5 ms per declaration
(the XML + PDF budget is 5 ms). One JSON object per measurement on stdout, a readable line on stderr.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from bench_declare import prepare_one
from households import FILED_ON, write_declaring
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from hhtax.declarations.model import Declaration
from hhtax.declarations.pdf import render_pdf
from hhtax.declarations.xml import to_xml
from hhtax.fonts import BOLD, ITALIC, REGULAR, register_fonts
from hhtax.rules import load_rules


def reportlab_canvas() -> bytes:
    register_fonts()
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    for _ in range(2):
        canvas.setFont(BOLD, 11)
        canvas.drawString(50, 800, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        canvas.setFont(REGULAR, 10)
        for i in range(60):
            canvas.drawString(50, 780 - i * 12, f"[{i}] Tên người nộp thuế: Nguyễn Văn Ấn – 354.650.000 đồng")
        canvas.setFont(ITALIC, 9)
        canvas.drawString(50, 20, "(Ký, ghi rõ họ tên/ Ký điện tử)")
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def per_item(make: Callable[[Declaration], bytes], items: Sequence[Declaration]) -> tuple[float, float, int]:
    """Wall and CPU milliseconds per item, and the bytes written in all."""
    written = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for item in items:
        written += len(make(item))
    return ((time.perf_counter() - wall) * 1000 / len(items), (time.process_time() - cpu) * 1000 / len(items),
            written)


def declarations(count: int) -> list[Declaration]:
    rules, on = load_rules(), date.fromisoformat(FILED_ON)
    with tempfile.TemporaryDirectory(prefix="hhtax-bench-pdf-") as temp:
        found = [prepare_one(path, rules, on).declaration for path in write_declaring(count, Path(temp))]
    return [decl for decl in found if decl is not None]


def report(case: str, different: tuple[float, float, int], same: tuple[float, float, int], count: int) -> None:
    result = {"bench": "pdf", "case": case, "declarations": count, "different_ms": round(different[0], 3),
              "different_cpu_ms": round(different[1], 3), "same_cpu_ms": round(same[1], 3),
              "reference": "one declaration rendered N times", "ratio": round(different[1] / same[1], 2),
              "bytes": different[2], "target_ms": 4.5 if case == "render_pdf" else 0.5,
              "load": round(os.getloadavg()[0], 2)}
    print(json.dumps(result))
    print(f"{case:>10}: {different[1]:6.2f} ms CPU per different declaration ({different[0]:.2f} ms wall), "
          f"{same[1]:6.2f} ms for one declaration again: {result['ratio']}×", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="20 households (a smoke run)")
    args = parser.parse_args(argv)
    decls = declarations(20 if args.quick else args.count)
    render_pdf(decls[0])  # warm: fonts parsed once per process, as in any long run
    for case, make in (("render_pdf", render_pdf), ("to_xml", to_xml)):
        different = per_item(make, decls)
        same = per_item(make, [decls[0]] * len(decls))
        report(case, different, same, len(decls))
    reportlab_canvas()
    canvas = per_item(lambda _decl: reportlab_canvas(), decls[: max(len(decls) // 4, 10)])
    print(json.dumps({"bench": "pdf", "case": "reportlab_canvas", "cpu_ms": round(canvas[1], 3),
                      "ms": round(canvas[0], 3)}))
    print(f"reportlab Canvas, 2 pages: {canvas[1]:.2f} ms CPU", file=sys.stderr)


if __name__ == "__main__":
    main()

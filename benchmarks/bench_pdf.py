"""Time `render_pdf` for one household's quarter, and the reportlab Canvas it replaced.

    python benchmarks/bench_pdf.py [--repeat 200]

Best of three loops, wall clock and process CPU time (the CPU figure is the one to read on a
machine shared with other work). Declarations (tests/pdf_samples.py): a 2025 quarter (01/CNKD
TT 40 + 01-2/BK-HĐKD, 3 pages), a 2026 quarter (01/CNKD TT 18 with two places + 01/BK-STK,
01/BK-HTK, PL_NQ142_GTGT, 6 pages), the same as a supplementary return (+ 01/KHBS, 01-1/KHBS,
8 pages) and the revenue notice. For comparison, `reportlab_canvas` draws the same amount of text
(two A4 pages of 62 lines, three fonts) with reportlab's Canvas (`invariant=1`, page compression
on), which re-subsets and re-compresses the TrueType fonts for every document. Target: PDF ≤ 4.5 ms
per quarter (the XML + PDF budget is 5 ms). One JSON object per measurement on stdout, a readable
line on stderr.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import pdf_samples as samples
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from hhtax.declarations.pdf import render_pdf
from hhtax.fonts import BOLD, ITALIC, REGULAR, register_fonts


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


def measure(name: str, make: Callable[[], bytes], repeat: int) -> None:
    data = make()  # warm: fonts parsed and fixed subsets built once per process
    wall = cpu = float("inf")
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(repeat):
            make()
        wall = min(wall, (time.perf_counter() - start) / repeat)
        cpu = min(cpu, (time.process_time() - start_cpu) / repeat)
    result = {"benchmark": "pdf", "case": name, "ms": round(wall * 1000, 3), "cpu_ms": round(cpu * 1000, 3),
              "bytes": len(data), "target_ms": 4.5}
    print(json.dumps(result))
    print(f"{name:>18}: {wall * 1000:6.2f} ms wall, {cpu * 1000:6.2f} ms CPU, {len(data):>7} bytes",
          file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    tt40, tt18, tt18b, tkn = samples.tt40(), samples.tt18(), samples.tt18(supplementary=True), samples.tkn()
    measure("tt40_quarter", lambda: render_pdf(tt40), args.repeat)
    measure("tt18_quarter", lambda: render_pdf(tt18), args.repeat)
    measure("tt18_supplementary", lambda: render_pdf(tt18b), args.repeat)
    measure("revenue_notice", lambda: render_pdf(tkn), args.repeat)
    measure("reportlab_canvas", reportlab_canvas, max(args.repeat // 4, 10))


if __name__ == "__main__":
    main()

"""Where a batch household's CPU goes: each step of `hhtax batch` timed on its own, in one process.

    python benchmarks/profile_batch.py [--count 400] [--period 2026-Q1] [--root EXISTING_LEDGERS]

Writes the synthetic SQLite ledgers of make_ledgers.py (or uses `--root`), copies them, and for
each household times (CPU, `time.process_time`) what a worker does — open the ledger, the filed and
empty-period checks, `declarations.prepare`, and for a household with a return the XML, its
validation and the PDF — then what the parent does for each filing: open for writing, keep the
filing (its `quick_check` shown apart), close (the WAL checkpoint). Prints ms per household (per
filing for the parent's steps) on stderr and one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from make_ledgers import make

from hhtax.declarations.build import prepare
from hhtax.declarations.pdf import render_pdf
from hhtax.declarations.validate import validate_xml
from hhtax.declarations.xml import to_xml
from hhtax.errors import HhtaxError
from hhtax.fonts import register_fonts
from hhtax.journal import integrity
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.service.ledgers import open_ledger, open_writable, split_limit
from hhtax.service.returns import _head, _journal_warnings, is_filed, keep_filing

ON = date(2026, 12, 1)


class Steps:
    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)

    def run(self, name: str, step: Callable[[], Any]) -> Any:
        start = time.process_time()
        try:
            return step()
        finally:
            self.cpu[name] += time.process_time() - start


def worker_side(paths: list[Path], period: Period, steps: Steps) -> list[tuple[Path, Any]]:
    rules = load_rules()
    filings = []
    for path in paths:
        try:
            ledger = steps.run("open", lambda: open_ledger(path))  # noqa: B023
        except HhtaxError:
            continue
        try:
            steps.run("checks", lambda: (is_filed(ledger, period), _journal_warnings(ledger, period)))  # noqa: B023
            built = steps.run("prepare", lambda: prepare(ledger, period, rules, today=ON))  # noqa: B023
            if built.declaration is not None:
                decl = built.declaration
                head = _head(ledger)
                xml = steps.run("xml", lambda: to_xml(decl))  # noqa: B023
                steps.run("validate", lambda: validate_xml(xml, rules))  # noqa: B023
                steps.run("pdf", lambda: render_pdf(decl, head))  # noqa: B023
                filings.append((path, decl))
        except HhtaxError:
            pass
        finally:
            steps.run("close", ledger.close)
    return filings


def parent_side(filings: list[tuple[Path, Any]], period: Period, steps: Steps) -> None:
    from hhtax.journal.filings import FilingRecord

    checked = integrity.damage

    def timed_damage(*args: Any, **kwargs: Any) -> list[str]:
        return steps.run("quick_check", lambda: checked(*args, **kwargs))

    integrity.damage = timed_damage  # type: ignore[assignment]
    try:
        for path, decl in filings:
            record = FilingRecord(str(period), decl.form.code, "C", 0, "0" * 64, "{}", f"{ON}T00:00:00")
            ledger = steps.run("open_writable", lambda: open_writable(path))  # noqa: B023
            steps.run("keep_filing+check", lambda: keep_filing(ledger, record, on=ON))  # noqa: B023
            steps.run("close_checkpoint", ledger.close)
    finally:
        integrity.damage = checked  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--period", default="2026-Q1")
    parser.add_argument("--root", type=Path, default=None)
    args = parser.parse_args(argv)
    period = Period.parse(args.period)
    register_fonts()
    split_limit()
    with tempfile.TemporaryDirectory(prefix="hhtax-profile-") as temp:
        source = args.root or Path(temp) / "ledgers"
        if args.root is None:
            make(args.count, source, fmt="sqlite")
        copy = Path(temp) / "copy"
        shutil.copytree(source, copy)
        paths = sorted(copy.glob("*.sqlite"))[:args.count]
        worker, parent = Steps(), Steps()
        filings = worker_side(paths, period, worker)
        parent_side(filings, period, parent)
    per_household = {name: round(cpu * 1000 / len(paths), 3) for name, cpu in worker.cpu.items()}
    per_filing = {name: round(cpu * 1000 / max(1, len(filings)), 3) for name, cpu in parent.cpu.items()}
    print(json.dumps({"bench": "profile_batch", "period": str(period), "households": len(paths),
                      "filings": len(filings), "worker_ms_per_household": per_household,
                      "parent_ms_per_filing": per_filing}))
    print(f"{len(paths)} households, {len(filings)} returns, {period}", file=sys.stderr)
    for name, value in per_household.items():
        print(f"  worker {name:16s} {value:6.2f} ms per household", file=sys.stderr)
    for name, value in per_filing.items():
        print(f"  parent {name:16s} {value:6.2f} ms per filing", file=sys.stderr)


if __name__ == "__main__":
    main()

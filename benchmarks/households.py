"""Different households that all file a return: the input of bench_declare.py and bench_pdf.py.

A benchmark that renders one declaration again and again hits every layout cache (font subsets,
measured strings, the XML schema); an accountant's quarter has N households with different names,
addresses, lines and figures. `write_declaring(count, out)` writes `count` SQLite ledgers with
make_ledgers.py's building blocks (fixed seed), their revenues drawn above the non-taxable
threshold (1–80 bn: groups G2–G4, both PIT methods, 1–3 lines of mixed industry groups), so that
each one has a 01/CNKD to prepare for 2026-Q2. Not timed.
"""

from __future__ import annotations

import random
from pathlib import Path

from make_ledgers import household_toml, journal_rows, write_sqlite

PERIOD = "2026-Q2"
FILED_ON = "2026-07-20"


def declaring_revenue(rng: random.Random) -> int:
    """An annual revenue above the threshold: 70 % G2 (1–3 bn), 25 % G3, 5 % G4."""
    draw = rng.random()
    if draw < 0.70:
        return rng.randrange(1_050_000_000, 3_000_000_000, 1000)
    if draw < 0.95:
        return rng.randrange(3_000_000_000, 50_000_000_000, 1000)
    return rng.randrange(50_000_000_000, 80_000_000_000, 1000)


def write_declaring(count: int, out: Path, *, seed: int = 16_2026, scale: float = 0.25) -> list[Path]:
    """`count` SQLite ledgers under `out` (2026 journal: a sale row every few days per line, weekly
    purchases, monthly expenses and wages); their paths, in order."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for number in range(count):
        revenue = declaring_revenue(rng)
        toml, line_ids = household_toml(rng, number, revenue)
        path = out / f"hh{number:05d}.sqlite"
        write_sqlite(path, toml, journal_rows(rng, revenue, line_ids, [2026], scale))
        paths.append(path)
    return paths

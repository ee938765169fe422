"""Form rows: the unit of rounding (reading OQ-10).

A return's row is one industry group at one place for one filing period (01/CNKD TT 18/2026 rows
[11]–[15] per group and place; TT 40/2021 rows [28]–[31] per group). The business lines that share a
row are added first, then the rate is applied and the product rounded half-up to the đồng once:

    row VAT = round(Σ vat_revenue × vat_rate) − Σ VAT cut of the row's appendix rows
    row PIT = round(Σ (pit_revenue − deduction) × pit_rate)

The VAT cut keeps its own rows: one `PL_NQ142_GTGT` row per line that took it, each rounded there
(cut revenue × rate × reduction). Under `vat_cut.main_form = "gross"` the main row keeps the VAT
before the cut. Each line's figure is its share of the row figure (`hhtax.money.shares`, largest
remainder), so the lines of a row always add up to the row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from hhtax.money import apply_rate, shares
from hhtax.periods import Period
from hhtax.tax.assessment import FormRow, TaxKind


class RowKey(NamedTuple):
    """Which row of the return a line's tax goes to: the row label (TT 40 box, or the industry group on
    TT 18), the place ("" when the form has no places) and the rate (rows never mix rates)."""

    row: str
    location: str
    rate: Decimal


@dataclass(frozen=True)
class LineBase:
    """One business line's taxable bases in one filing period."""

    line: str
    vat_key: RowKey
    pit_key: RowKey
    vat_revenue: int = 0  # revenue declared for VAT (platform-withheld sales excluded)
    cut_revenue: int = 0  # part of vat_revenue taxed at the reduced rate (OQ-07)
    reduction: int = 0  # the line's PL_NQ142_GTGT row: cut_revenue × vat_rate × reduction, rounded
    pit_revenue: int = 0
    deduction: int = 0  # part of the 1 bn used by the line (regime B, OQ-02)


@dataclass(frozen=True)
class LineTax:
    """A line's share of its rows' figures, and the unrounded value it stands for."""

    vat: int
    vat_exact: Decimal
    pit: int
    pit_exact: Decimal


def row_taxes(
    bases: Sequence[LineBase], period: Period, *, net_cut: bool
) -> tuple[dict[str, LineTax], list[FormRow]]:
    """Each line's share and each row's figure, rounding once per row (OQ-10). `net_cut`: the main row's
    VAT is after the VAT cut (`vat_cut.main_form = "net"`, reading OQ-07)."""
    vat_rows, vat_share = _rows(
        "vat",
        period,
        [(b.line, b.vat_key, b.vat_revenue, b.reduction if net_cut else 0) for b in bases],
    )
    pit_rows, pit_share = _rows(
        "pit", period, [(b.line, b.pit_key, b.pit_revenue - b.deduction, 0) for b in bases]
    )
    taxes = {
        b.line: LineTax(
            vat=vat_share[b.line][0],
            vat_exact=vat_share[b.line][1],
            pit=pit_share[b.line][0],
            pit_exact=pit_share[b.line][1],
        )
        for b in bases
    }
    return taxes, vat_rows + pit_rows


def _rows(
    tax: TaxKind, period: Period, parts: Sequence[tuple[str, RowKey, int, int]]
) -> tuple[list[FormRow], dict[str, tuple[int, Decimal]]]:
    """Rows of one tax from (line, row key, base, reduction) parts, keeping the parts' order."""
    grouped: dict[RowKey, list[tuple[str, int, int]]] = {}
    for line, key, base, reduction in parts:
        grouped.setdefault(key, []).append((line, base, reduction))
    rows: list[FormRow] = []
    share: dict[str, tuple[int, Decimal]] = {}
    for key, members in grouped.items():
        base = sum(m[1] for m in members)
        reduction = sum(m[2] for m in members)
        gross = apply_rate(base, key.rate)
        exacts = [Decimal(m[1]) * key.rate for m in members]
        split = shares(gross, exacts)
        for (line, _base, cut), part, exact in zip(members, split, exacts, strict=True):
            share[line] = (part - cut, exact - cut)
        rows.append(
            FormRow(
                period=period,
                tax=tax,
                row=key.row,
                location=key.location,
                rate=key.rate,
                base=base,
                exact=Decimal(base) * key.rate - reduction,
                value=gross - reduction,
                reduction=reduction,
                lines=tuple((m[0], share[m[0]][0]) for m in members),
            )
        )
    return rows, share

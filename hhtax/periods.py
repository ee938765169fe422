"""Tax periods: month, quarter, half-year and calendar year.

Written and parsed as `2026-03`, `2026-Q1`, `2026-H1` and `2026`. A period belongs to the
regime of its end date (shared/law/README.md): A up to 31/12/2025 (TT 40/2021), B from
01/01/2026 (ND 68/2026). No period straddles the change because all are calendar-aligned.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from hhtax.errors import InputError
from hhtax.i18n import msg, register

register({
    "period.month_number": ("số tháng phải từ 1 đến {limit}, ở đây là {index}",
                            "month number must be 1–{limit}, got {index}"),
    "period.quarter_number": ("số quý phải từ 1 đến {limit}, ở đây là {index}",
                              "quarter number must be 1–{limit}, got {index}"),
    "period.half_number": ("số nửa năm phải từ 1 đến {limit}, ở đây là {index}",
                           "half number must be 1–{limit}, got {index}"),
    "period.year_number": ("số năm phải là {limit}, ở đây là {index}",
                           "year number must be {limit}, got {index}"),
    "period.year_range": ("năm {year} nằm ngoài khoảng cho phép", "year {year} is out of range"),
    "period.bad": ("'{value}' không phải là kỳ; dùng 2026-03, 2026-Q1, 2026-H1 hoặc 2026",
                   "'{value}' is not a period; use 2026-03, 2026-Q1, 2026-H1 or 2026"),
})

Regime = Literal["A", "B"]  # "A": TT 40/2021 (periods to 2025); "B": ND 68/2026 (periods from 2026)

_PATTERNS = (
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), "month"),
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-[Hh]([12])$"), "half"),
    (re.compile(r"^(\d{4})$"), "year"),
)


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"

    @property
    def months(self) -> int:
        return _KIND_MONTHS[self]


_KIND_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}  # a StrEnum member is its text


@dataclass(frozen=True, order=True)
class Period:
    """A calendar-aligned tax period. `index` is the month, quarter or half number (1 for a year)."""

    year: int
    kind: PeriodKind
    index: int = 1

    def __post_init__(self) -> None:
        limit = 12 // self.kind.months
        if not 1 <= self.index <= limit:
            key = {"month": "period.month_number", "quarter": "period.quarter_number",
                   "half": "period.half_number", "year": "period.year_number"}[self.kind.value]
            raise InputError(msg(key, limit=limit, index=self.index), field="period")
        if not 1900 <= self.year <= 2999:
            raise InputError(msg("period.year_range", year=self.year), field="period")

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse `2026-03`, `2026-Q1`, `2026-H1` or `2026`.

        >>> q3 = Period.parse("2026-Q3")
        >>> str(q3), q3.start.isoformat(), q3.end.isoformat(), q3.label_vi
        ('2026-Q3', '2026-07-01', '2026-09-30', 'Quý 3 năm 2026')
        >>> [str(m) for m in q3.months()], str(q3.previous()), str(Period.parse("2026-h1"))
        (['2026-07', '2026-08', '2026-09'], '2026-Q2', '2026-H1')
        >>> Period.parse("2026-Q5")
        Traceback (most recent call last):
        hhtax.errors.InputError: period: '2026-Q5' is not a period; use 2026-03, 2026-Q1, 2026-H1 or 2026
        """
        value = text.strip()
        for pattern, kind in _PATTERNS:
            match = pattern.match(value)
            if match:
                index = int(match.group(2)) if kind != "year" else 1
                return cls(int(match.group(1)), PeriodKind(kind), index)
        raise InputError(msg("period.bad", value=text), field="period")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(year, PeriodKind.MONTH, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls(year, PeriodKind.QUARTER, quarter)

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(year, PeriodKind.YEAR, 1)

    @classmethod
    def containing(cls, day: date, kind: PeriodKind) -> Period:
        """The period of the given kind that contains `day`."""
        index = (day.month - 1) // kind.months + 1
        return cls(day.year, kind, index)

    # -- properties ------------------------------------------------------------------------------
    @property
    def first_month(self) -> int:
        return (self.index - 1) * self.kind.months + 1

    @property
    def last_month(self) -> int:
        return self.first_month + self.kind.months - 1

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def regime(self) -> Regime:
        """"A" (TT 40/2021) or "B" (ND 68/2026), by the period's end date.

        The boundary is the `valid_from` of the shipped regime-B rule pack (01/01/2026), not a
        constant here:

        >>> Period.parse("2025-Q4").regime, Period.parse("2026-01").regime
        ('A', 'B')
        """
        from hhtax.rules.loader import regime_b_start  # the packs import nothing from here

        return "B" if self.end >= regime_b_start() else "A"

    def months(self) -> Iterator[Period]:
        """The months of this period, in order."""
        for month in range(self.first_month, self.last_month + 1):
            yield Period.month(self.year, month)

    def quarters(self) -> Iterator[Period]:
        """The quarters this period covers (none for a single month)."""
        if self.kind.months >= 3:
            for quarter in range((self.first_month + 2) // 3, self.last_month // 3 + 1):
                yield Period.quarter(self.year, quarter)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def year_to_date(self) -> Period:
        """The whole calendar year this period lies in."""
        return Period.of_year(self.year)

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, 12 // self.kind.months)

    def next(self) -> Period:
        """The period of the same kind just after this one."""
        if self.index < 12 // self.kind.months:
            return Period(self.year, self.kind, self.index + 1)
        return Period(self.year + 1, self.kind, 1)

    @property
    def label_vi(self) -> str:
        """The period as printed on forms and books: "Quý 2 năm 2026", "Tháng 07 năm 2026",
        "6 tháng đầu năm 2026", "Năm 2026"."""
        if self.kind is PeriodKind.QUARTER:
            return f"Quý {self.index} năm {self.year}"
        if self.kind is PeriodKind.MONTH:
            return f"Tháng {self.index:02d} năm {self.year}"
        if self.kind is PeriodKind.HALF:
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        return f"Năm {self.year}"

    def __str__(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.index}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}-H{self.index}"
        return str(self.year)


def last_ended(kind: PeriodKind, today: date) -> Period:
    """The last period of `kind` that has fully ended before `today` (the default for `declare`)."""
    return Period.containing(today, kind).previous()

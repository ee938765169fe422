"""The home page's chart: this year's revenue, month by month and added up, against the threshold.

A pure function of the figures (no web framework, no I/O): `revenue_chart` returns an SVG document
fragment the server puts straight into the page, so the chart shows without JavaScript, without a
CDN and in any browser. The figures come from the service layer (`hhtax.service.revenue`, the tax
engine's own revenue); the chart only adds them up month by month to draw them. The threshold is
the rule pack's (1 bn đồng from 2026, ND 68/2026 Art 3.1 as amended by ND 141/2026; 100 m đồng up
to 2025, TT 40/2021 Art 4.2).

The SVG is accessible: `role="img"` with a `<title>` and a `<desc>` that say the figures in words,
in the page's language; each bar carries its own `<title>` (a tooltip on hover and focus).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from itertools import accumulate

from hhtax.i18n import register, t
from hhtax.money import format_vnd

register(
    {
        "chart.title": (
            "Doanh thu cộng dồn năm {year} so với ngưỡng {threshold}",
            "Revenue so far in {year} against the {threshold} threshold",
        ),
        "chart.desc": (
            "Đến hết {month}: {revenue} đồng; ngưỡng {threshold} đồng.",
            "To the end of {month}: {revenue} đồng; threshold {threshold} đồng.",
        ),
        "chart.desc_last": (" Cả năm {year}: {revenue} đồng.", " The whole of {year}: {revenue} đồng."),
        "chart.threshold": ("Ngưỡng {amount}", "Threshold {amount}"),
        "chart.last_year": ("Năm {year}", "{year}"),
        "chart.this_year": ("Năm {year}", "{year}"),
        "chart.bar": (
            "{month}: cộng dồn {revenue} đồng (trong tháng {in_month} đồng)",
            "{month}: {revenue} đồng so far ({in_month} đồng in the month)",
        ),
        "chart.no_revenue": ("Chưa có doanh thu trong năm {year}.", "No revenue yet in {year}."),
    }
)

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_EN_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Geometry of the drawing (SVG user units; the picture scales to the width of its box).
WIDTH, HEIGHT = 480, 300
_LEFT, _RIGHT, _TOP, _BOTTOM = 70, 8, 24, 34  # room on the left for "1,5 tỷ" in a phone's larger text
_PLOT_W, _PLOT_H = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
_STEP = _PLOT_W / 12


def short_amount(amount: int, lang: str) -> str:
    """An axis label: 1 500 000 000 → "1,5 tỷ" / "1.5 bn"; 250 000 000 → "250 tr" / "250 m"."""
    units = (("tỷ", "bn", 10**9), ("tr", "m", 10**6), ("nghìn", "k", 10**3))
    for vi, en, size in units:
        if abs(amount) >= size:
            value = f"{amount / size:.2f}".rstrip("0").rstrip(".")
            if lang == "vi":
                value = value.replace(".", ",")
            return f"{value} {vi if lang == 'vi' else en}"
    return str(amount)


def month_label(month: int, lang: str, year: int | None = None) -> str:
    """ "T3" / "Mar", or with `year` "tháng 3/2026" / "March 2026"."""
    if lang == "vi":
        return f"T{month}" if year is None else f"tháng {month}/{year}"
    return _MONTHS_EN[month - 1] if year is None else f"{_MONTHS_EN_LONG[month - 1]} {year}"


def _nice(value: float) -> int:
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above `value` (at least 1)."""
    power = 1
    while power * 10 <= value:
        power *= 10
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= value:
            return int(factor * power)
    return 10 * power  # pragma: no cover - the loop always returns


def axis(highest: int) -> tuple[int, list[int]]:
    """The top of the axis and its ticks: four or five round steps from 0 past `highest`."""
    step = _nice(max(highest, 1) / 4)
    top = -(-max(highest, 1) // step) * step
    return top, list(range(0, top + 1, step))


def _y(amount: int, top: int) -> float:
    return _TOP + _PLOT_H - _PLOT_H * max(amount, 0) / top


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def revenue_chart(
    months: Sequence[int],
    threshold: int,
    *,
    year: int,
    lang: str = "vi",
    upto: int | None = None,
    last_year: Sequence[int] | None = None,
) -> str:
    """The SVG of `year`'s revenue added up month by month, as bars, with the threshold as a
    dashed line and last year's revenue added up month by month as a grey step line.

    `months` are the twelve months' revenue (fewer are padded with 0); `upto` is the last month
    drawn (default: all twelve; the running month of the running year); `last_year` the twelve
    months of the year before, or None when the ledger holds none.
    """
    own = [*months, *[0] * 12][:12]
    shown = 12 if upto is None else max(0, min(12, upto))
    running = list(accumulate(own))[:shown]
    before = list(accumulate([*last_year, *[0] * 12][:12])) if last_year is not None else None
    top, ticks = axis(int(max([threshold, *running, *(before or [])]) * 1.06))
    parts = [_open(own, running, threshold, year, lang, before)]
    parts += _grid(top, ticks, lang)
    parts += _bars(own, running, threshold, top, year, lang)
    if before is not None:
        parts += _last_year_line(before, top, year - 1, lang)
    parts += _threshold_line(threshold, top, lang)
    parts += _month_axis(lang)
    parts.append("</svg>")
    return "\n".join(parts)


def _open(
    own: Sequence[int],
    running: Sequence[int],
    threshold: int,
    year: int,
    lang: str,
    before: Sequence[int] | None,
) -> str:
    title = t("chart.title", lang, year=year, threshold=short_amount(threshold, lang))
    if running and running[-1] > 0:
        desc = t(
            "chart.desc",
            lang,
            month=month_label(len(running), lang, year),
            revenue=format_vnd(running[-1]),
            threshold=format_vnd(threshold),
        )
    else:
        desc = t("chart.no_revenue", lang, year=year)
    if before is not None:
        desc += t("chart.desc_last", lang, year=year - 1, revenue=format_vnd(before[-1]))
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMidYMid meet">\n'
        f'<title id="chart-title">{escape(title)}</title>\n<desc id="chart-desc">{escape(desc)}</desc>'
    )


def _grid(top: int, ticks: list[int], lang: str) -> list[str]:
    out = []
    for value in ticks:
        y = _fmt(_y(value, top))
        out.append(f'<line class="grid" x1="{_LEFT}" y1="{y}" x2="{WIDTH - _RIGHT}" y2="{y}"/>')
        out.append(
            f'<text class="axis" x="{_LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle">'
            f"{escape(short_amount(value, lang))}</text>"
        )
    return out


def _bars(
    own: Sequence[int], running: Sequence[int], threshold: int, top: int, year: int, lang: str
) -> list[str]:
    out = []
    base = _TOP + _PLOT_H
    for index, total in enumerate(running):
        x = _LEFT + index * _STEP + _STEP * 0.18
        y = _y(total, top)
        over = " over" if total > threshold else ""
        tip = t(
            "chart.bar",
            lang,
            month=month_label(index + 1, lang, year),
            revenue=format_vnd(total),
            in_month=format_vnd(own[index]),
        )
        out.append(
            f'<rect class="bar{over}" x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(_STEP * 0.64)}" '
            f'height="{_fmt(base - y)}"><title>{escape(tip)}</title></rect>'
        )
    return out


def _last_year_line(before: Sequence[int], top: int, year: int, lang: str) -> list[str]:
    points = []
    for index, total in enumerate(before):
        y = _fmt(_y(total, top))
        points += [f"{_fmt(_LEFT + index * _STEP)},{y}", f"{_fmt(_LEFT + (index + 1) * _STEP)},{y}"]
    label_y = _fmt(max(_TOP + 10, _y(before[-1], top) - 6))
    return [
        f'<polyline class="last-year" points="{" ".join(points)}"/>',
        f'<text class="last-year-label" x="{WIDTH - _RIGHT - 4}" y="{label_y}" text-anchor="end">'
        f"{escape(t('chart.last_year', lang, year=year))}</text>",
    ]


def _threshold_line(threshold: int, top: int, lang: str) -> list[str]:
    y = _y(threshold, top)
    label = t("chart.threshold", lang, amount=short_amount(threshold, lang))
    return [
        f'<line class="threshold" x1="{_LEFT}" y1="{_fmt(y)}" x2="{WIDTH - _RIGHT}" y2="{_fmt(y)}"/>',
        f'<text class="threshold-label" x="{_LEFT + 6}" y="{_fmt(y - 6)}">{escape(label)}</text>',
    ]


def _month_axis(lang: str) -> list[str]:
    """The months' labels; the even months' are `minor`: a phone's stylesheet hides them, so that
    the six left stay legible in its larger text (hhtax.css)."""
    y = _fmt(_TOP + _PLOT_H + 22)
    return [
        f'<text class="axis{" minor" if m % 2 == 0 else ""}" x="{_fmt(_LEFT + (m - 0.5) * _STEP)}" '
        f'y="{y}" text-anchor="middle">{escape(month_label(m, lang))}</text>'
        for m in range(1, 13)
    ]

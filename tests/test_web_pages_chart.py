"""The home page's revenue chart (a pure function drawing SVG), the monthly revenue it draws (the
engine's, adding up to the year's assessment) and the page texts every template names."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from hhtax import Ledger
from hhtax.i18n import catalogue
from hhtax.service.revenue import monthly_revenue
from hhtax.web.chart import axis, revenue_chart, short_amount

LEDGERS = Path(__file__).parent.parent / "ledgers"
TEMPLATES = Path(__file__).parent.parent / "hhtax" / "web" / "templates"
SVG = "{http://www.w3.org/2000/svg}"


def _svg(text: str) -> ElementTree.Element:
    return ElementTree.fromstring(text)


def test_the_chart_is_valid_svg_with_a_title_and_one_bar_per_month_drawn() -> None:
    months = [100_000_000] * 12
    svg = _svg(revenue_chart(months, 1_000_000_000, year=2026, upto=8, lang="vi"))
    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text == "Doanh thu cộng dồn năm 2026 so với ngưỡng 1 tỷ"
    bars = svg.findall(f"{SVG}rect")
    assert len(bars) == 8
    assert [b.get("class") for b in bars] == ["bar"] * 8  # 800 m: not above the threshold
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and "800.000.000 đồng" in (desc.text or "")


def test_bars_grow_with_the_running_total_and_turn_over_the_threshold() -> None:
    months = [300_000_000, 300_000_000, 300_000_000, 300_000_000]
    svg = _svg(revenue_chart(months, 1_000_000_000, year=2026, upto=4, lang="en"))
    bars = svg.findall(f"{SVG}rect")
    heights = [float(b.get("height") or 0) for b in bars]
    assert heights == sorted(heights) and heights[0] > 0
    assert [b.get("class") for b in bars] == ["bar", "bar", "bar", "bar over"]
    tips = [b.find(f"{SVG}title") for b in bars]
    assert (
        tips[3] is not None
        and tips[3].text == "April 2026: 1.200.000.000 đồng so far (300.000.000 đồng in the month)"
    )
    line = svg.find(f"{SVG}line[@class='threshold']")
    assert line is not None
    # the threshold line sits at 1 bn on the axis: between the bars of 900 m and 1.2 bn
    top_of = {i: float(b.get("y") or 0) for i, b in enumerate(bars)}
    assert top_of[3] < float(line.get("y1") or 0) < top_of[2]


def test_last_year_is_a_step_line_and_named_in_the_description() -> None:
    text = revenue_chart([50_000_000] * 12, 100_000_000, year=2025, lang="vi", last_year=[10_000_000] * 12)
    svg = _svg(text)
    assert svg.find(f"{SVG}polyline[@class='last-year']") is not None
    assert "Cả năm 2024: 120.000.000 đồng." in (svg.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]


def test_an_empty_year_says_so_and_escapes_nothing_unsafe() -> None:
    svg = _svg(revenue_chart([], 1_000_000_000, year=2026, upto=0, lang="vi"))
    assert not svg.findall(f"{SVG}rect")
    assert svg.find(f"{SVG}desc").text == "Chưa có doanh thu trong năm 2026."  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("highest", "top", "ticks"),
    [
        (1_060_000_000, 1_500_000_000, 4),
        (2_540_000_000, 3_000_000_000, 4),
        (90_000_000, 100_000_000, 5),
        (1, 1, 2),
    ],
)
def test_axis_steps_are_round(highest: int, top: int, ticks: int) -> None:
    found_top, found = axis(highest)
    assert found_top == top and len(found) == ticks and found[0] == 0 and found[-1] == top


def test_short_amounts() -> None:
    assert short_amount(1_500_000_000, "vi") == "1,5 tỷ"
    assert short_amount(1_250_000_000, "en") == "1.25 bn"
    assert short_amount(250_000_000, "vi") == "250 tr"
    assert short_amount(0, "en") == "0"


@pytest.mark.parametrize(
    "name", ["grocery-2026", "restaurant-2026", "shop-2025", "lease-2025", "lease-2026", "tailor-2026"]
)
def test_monthly_revenue_adds_up_to_the_year_assessment(name: str) -> None:
    with Ledger.open(LEDGERS / name) as ledger:
        year = int(name[-4:])
        months = monthly_revenue(ledger.store, year, ledger.rules)
        assert len(months) == 12
        assert sum(months) == ledger.assess(str(year)).revenue.value == ledger.status(year=year)["revenue"]


def test_every_text_a_template_names_is_registered_in_both_languages() -> None:
    import hhtax.web.chart

    pytest.importorskip("fastapi")
    import hhtax.web.pages.common  # noqa: F401  (registers the page texts)

    known = catalogue()
    used = {
        key
        for path in TEMPLATES.glob("*.html")
        for key in re.findall(
            r"""\bt\(\s*["']([a-z_.A-Z0-9]+)["'](?!\s*~)""", path.read_text(encoding="utf-8")
        )
    }
    assert used and not sorted(key for key in used if key not in known)
    prefixes = {
        key
        for path in TEMPLATES.glob("*.html")
        for key in re.findall(r"""\bt\(\s*["']([a-z_.]+)["']\s*~""", path.read_text(encoding="utf-8"))
    }
    for prefix in prefixes:  # keys built from a value ("page.status." ~ state): some exist
        assert any(key.startswith(prefix) for key in known), prefix

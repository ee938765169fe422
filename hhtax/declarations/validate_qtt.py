"""Arithmetic of 02/CNKD (maTKhai 1244; shared/law/forms-more.md §1, the relations the form prints):
[13] = [11] − [12]; [14] the income-method rate of the year's revenue band (Law 109/2025/QH15 Art
7.2, rule `income.bands`); [15] = max([13], 0) × [14] rounded half-up (OQ-10, OQ-14); [11a] ≤ [11];
[17] = [15] − [16] when ≥ 0 and [18] = [16] − [15] when the platforms withheld more; Part B total
[25] = Σ rows; refund [26] and offset [28] not negative.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from hhtax.declarations.model import Declaration
from hhtax.declarations.model_qtt import QttBody
from hhtax.declarations.xml_reader import find, integer
from hhtax.errors import DeclarationError, Problem, RuleError
from hhtax.money import rate_as_percent, round_half_up
from hhtax.rules import RuleBook
from hhtax.tax.groups import income_rate

WHERE = "CTieuTKhaiChinh/KeKhaiTTTinhThue"


def check_qtt(root: ET.Element, decl: Declaration, rules: RuleBook) -> list[Problem]:
    """Every arithmetic problem of a 02/CNKD (`root` the file, `decl` as read from it)."""
    body = decl.body
    assert isinstance(body, QttBody)
    problems: list[Problem] = []

    def expect(box: str, written: int, expected: int, what: str) -> None:
        if written != expected:
            problems.append(Problem(f"{WHERE}/{box}", f"{written} ≠ {what} = {expected}"))

    part_a = _written(root)
    expect("ct13", part_a["ct13"], body.revenue - body.costs, "[11] − [12]")
    try:
        rate, _ = income_rate(body.revenue, rules, decl.period.end)
    except RuleError:
        rate = body.rate
    if body.rate != Decimal(rate):
        problems.append(Problem(f"{WHERE}/ct14", f"rate {rate_as_percent(body.rate):f} % is not the rate "
                                f"{rate_as_percent(Decimal(rate)):f} % of a year's revenue of {body.revenue} "
                                "(income.bands)"))
    expect("ct15", body.pit, round_half_up(Decimal(max(part_a["ct13"], 0)) * body.rate),
           "max([13], 0) × [14]")
    expect("ct17", part_a["ct17"], max(body.pit - body.platform_pit, 0), "[15] − [16] when ≥ 0")
    expect("ct18", part_a["ct18"], max(body.platform_pit - body.pit, 0), "[16] − [15] when > 0")
    if not 0 <= body.platform_revenue <= body.revenue:
        problems.append(Problem(f"{WHERE}/ct11a", f"{body.platform_revenue} is not within 0 and [11]"))
    total = part_a["tong_sotien"]
    expect("../HoTroThongTinNopThue/tong_sotien", total, sum(p.amount for p in body.payments), "Σ [22]")
    refund = body.refund.amount if body.refund is not None else 0
    for box, value in (("thueTNCNDeNghiHT", refund), ("deNghiBuTruKyKhac", body.offset)):
        if value < 0:
            problems.append(Problem(f"CTieuTKhaiChinh/DeNghiXuLyKhoanNopThua/{box}", f"{value} is negative"))
    return problems


def _written(root: ET.Element) -> dict[str, int]:
    """The boxes the model derives ([13], [17], [18], [25]) as written in the file (0 when unreadable:
    the structure check reports it)."""
    body = find(root, "HSoKhaiThue/CTieuTKhaiChinh")
    found: dict[str, int] = {}
    for path in ("KeKhaiTTTinhThue/ct13", "KeKhaiTTTinhThue/ct17", "KeKhaiTTTinhThue/ct18",
                 "HoTroThongTinNopThue/tong_sotien"):
        try:
            value = integer(body, path, "CTieuTKhaiChinh")
        except DeclarationError:
            value = None
        found[path.rsplit("/", 1)[-1]] = value or 0
    return found

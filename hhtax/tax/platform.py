"""Platform sales and the 1 bn deduction at the end of the year (reading OQ-31).

Platforms withhold PIT on every sale without the 1 bn deduction (ND 117/2025; ND 68/2026 Art 11), and
withheld revenue is not declared again, so the deduction is used period by period on the declared
revenue only (OQ-02). Reading: what is still unused once the year's last filing period is assessed
reaches the platform-withheld revenue, highest PIT rate first, as the most favourable allocation
("theo phương án có lợi nhất", ND 68/2026 Art 4.3); the PIT withheld on the part it covers is overpaid
and is offset or refunded (Art 12.3; 01/TKN-CNKD). Rule `deduction.reaches_platform_revenue` (false:
the deduction stays with declared revenue).
"""

from __future__ import annotations

from decimal import Decimal

from hhtax.money import format_vnd, round_half_up
from hhtax.tax.run import Run


def platform_deduction(run: Run, left: int) -> int:
    """The PIT withheld by platforms that the deduction `left` unused at the year's end makes overpaid
    (OQ-31), with a warning; 0 when nothing is left, nothing was withheld or the rule says no."""
    rule = run.rules.find("deduction.reaches_platform_revenue", run.on)
    if rule is None or not rule.value or left <= 0 or run.period.last_month != 12:
        return 0
    withheld = {
        line.id: sum(v.withheld for (ln, _m), v in run.facts.lines.items() if ln == line.id)
        for line in run.order
    }
    exact = Decimal(0)
    reached = 0
    for line in sorted(run.order, key=lambda ln: -run.rates[ln.id].pit_rate):
        part = max(0, min(left - reached, withheld[line.id]))
        reached += part
        exact += Decimal(part) * run.rates[line.id].pit_rate
    overpaid = round_half_up(exact)
    if overpaid <= 0:
        return 0
    run.warn(
        "OQ-31",
        f"{format_vnd(reached)} of the 1 bn deduction unused at the year's end reaches the platform-withheld "
        f"revenue: the PIT withheld on it, {format_vnd(overpaid)}, is overpaid; ask for a refund on "
        "01/TKN-CNKD or offset it against later obligations",
        f"{format_vnd(reached)} của mức trừ 1 tỷ chưa dùng hết đến cuối năm được trừ vào doanh thu đã bị sàn "
        f"khấu trừ thuế: số thuế TNCN sàn đã khấu trừ trên phần này, {format_vnd(overpaid)}, là số nộp thừa; "
        "đề nghị hoàn trên 01/TKN-CNKD hoặc bù trừ vào nghĩa vụ sau",
        ref=f"NĐ 68/2026/NĐ-CP Art 4.3, 11, 12.3; {rule.citation()}",
        amount=overpaid,
    )
    return overpaid

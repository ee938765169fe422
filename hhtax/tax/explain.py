"""An assessment as JSON-ready data and as a plain-language trace (Vietnamese or English).

Each figure is printed with its formula, inputs, legal reference and the reading (OQ-nn) it rests
on, so the trace is the explanation a tax officer or accountant can check line by line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from hhtax.i18n import register, t
from hhtax.model import Household
from hhtax.money import format_rate, format_vnd
from hhtax.rules import RuleBook
from hhtax.tax.assessment import Assessment, Figure, LineAssessment, TaxWarning
from hhtax.tax.formulas import formula_text

LABELS: dict[str, tuple[str, str]] = {
    "revenue": ("doanh thu", "revenue"),
    "vat_revenue": ("doanh thu tính thuế GTGT", "VAT revenue"),
    "vat": ("thuế GTGT", "VAT"),
    "pit_revenue": ("doanh thu tính thuế TNCN", "PIT revenue"),
    "deduction": ("doanh thu được trừ (1 tỷ)", "deduction (1 bn)"),
    "pit": ("thuế TNCN", "PIT"),
    "payable": ("tổng thuế phải nộp", "total payable"),
    "year_revenue": ("doanh thu năm (xác định nhóm)", "year's revenue (decides the group)"),
    "provisional_pit": ("thuế TNCN tạm nộp", "provisional PIT"),
    "deductible_costs": ("chi phí được trừ", "deductible costs"),
    "goods_cost": ("giá vốn hàng bán", "cost of goods sold"),
    "taxable_income": ("thu nhập tính thuế", "taxable income"),
    "finalisation_due": ("số phải nộp khi quyết toán", "to pay at finalisation"),
    "late_interest": ("tiền chậm nộp", "late-payment interest"),
}

_TOKENS_VI = {
    "periods": "các kỳ",
    "estimate": "doanh thu ước tính của hộ",
    "tax": "tổng thuế năm",
    "opening_stock": "hàng tồn kho đầu kỳ",
    "closing_stock": "hàng tồn kho cuối kỳ",
    "purchases": "hàng mua vào trong kỳ",
    "valuation": "phương pháp tính giá xuất kho",
    "row_vat_revenue": "doanh thu tính thuế GTGT của dòng tờ khai",
    "row_pit_revenue": "doanh thu tính thuế TNCN của dòng tờ khai",
    "row_vat": "thuế GTGT của dòng tờ khai",
    "row_pit": "thuế TNCN của dòng tờ khai",
    "vat_cut_revenue": "doanh thu được giảm thuế",
    "vat_revenue": "doanh thu tính thuế GTGT",
    "pit_revenue": "doanh thu tính thuế TNCN",
    "deductible_costs": "chi phí được trừ",
    "taxable_income": "thu nhập tính thuế",
    "provisional_pit": "thuế TNCN tạm nộp",
    "withheld_pit": "thuế TNCN sàn đã khấu trừ",
    "withheld_revenue": "doanh thu qua sàn đã khấu trừ",
    "income_rate": "thuế suất",
    "vat_rate": "tỷ lệ GTGT",
    "pit_rate": "tỷ lệ TNCN",
    "daily_rate": "lãi suất ngày",
    "vat_cut": "số thuế GTGT được giảm",
    "deduction": "doanh thu được trừ",
    "revenue": "doanh thu",
    "amount": "số thuế",
    "prior_year_revenue": "doanh thu năm trước",
    "year_revenue": "doanh thu năm",
    "leasing_revenue": "doanh thu cho thuê",
    "leasing_months": "số tháng cho thuê",
    "days": "số ngày",
    "vat": "thuế GTGT",
    "pit": "thuế TNCN",
}


METHODS_VI = {"revenue": "doanh thu", "income": "thu nhập", "declaration": "kê khai"}
GROUPS_VI = {"taxable": "phải nộp thuế", "exempt": "không phải nộp thuế"}


def method_name(method: str, lang: str) -> str:
    """The PIT method as printed: Vietnamese names for `--lang vi`."""
    return METHODS_VI.get(method, method) if lang == "vi" else method


def group_name(group: str, lang: str) -> str:
    """The revenue group as printed: regime A's "taxable"/"exempt" (over / not over the threshold
    of TT 40/2021 Art 4) in Vietnamese for `--lang vi`; "G1".."G4" as the law names them."""
    return GROUPS_VI.get(group, group) if lang == "vi" else group


def _value(value: object) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def figure_dict(fig: Figure) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": fig.name,
        "value": fig.value,
        "formula": formula_text(fig.formula, "en"),
        "formula_id": fig.formula,
        "inputs": {k: _value(v) for k, v in fig.inputs.items()},
        "ref": fig.ref,
    }
    if fig.reading:
        data["reading"] = fig.reading
    if fig.exact is not None:
        data["exact"] = str(fig.exact)
    return data


def _line_dict(line: LineAssessment) -> dict[str, Any]:
    return {
        "line": line.line,
        "group": line.group,
        "row": line.row,
        "location": line.location,
        "revenue": line.revenue.value,
        "vat_revenue": line.vat_revenue.value,
        "vat_rate": str(line.vat_rate),
        "vat": line.vat.value,
        "vat_cut_revenue": line.vat_cut_revenue,
        "vat_reduction": line.vat_reduction,
        "pit_revenue": line.pit_revenue.value,
        "deduction": line.deduction.value,
        "pit_rate": str(line.pit_rate),
        "pit": line.pit.value,
        "withheld_revenue": line.withheld_revenue,
    }


def to_dict(a: Assessment) -> dict[str, Any]:
    """The JSON form of `hhtax assess --json`."""
    data: dict[str, Any] = {
        "period": str(a.period),
        "regime": a.regime,
        "group": a.group,
        "method": a.method,
        "filing": a.filing,
        "filings": list(a.filings),
        "filing_note": a.filing_note,
        "filing_note_vi": a.filing_note_vi,
        "filing_frequency": a.filing_frequency,
        "year_revenue": a.year_revenue.value,
        "lines": [_line_dict(line) for line in a.lines],
        "totals": {
            "revenue": a.revenue.value,
            "vat": a.vat.value,
            "pit": a.pit.value,
            "payable": a.payable.value,
        },
        "deduction": {"used": a.deduction.value if a.deduction else 0, "left": a.deduction_left},
        "crossing": a.crossing,
        "withheld": {"vat": a.withheld_vat, "pit": a.withheld_pit},
        "readings": list(a.readings),
        "warnings": [
            {
                "code": w.code,
                "message": w.message,
                "ref": w.ref,
                **({"amount": w.amount} if w.amount is not None else {}),
            }
            for w in a.warnings
        ],
        "schedule": [
            {
                "period": str(r.period),
                "declared": r.declared,
                "revenue": r.revenue,
                "vat": r.vat,
                "deduction": r.deduction,
                "pit": r.pit,
                "deduction_left": r.deduction_left,
            }
            for r in a.schedule
        ],
    }
    if a.provisional_pit is not None:
        data["provisional_pit"] = a.provisional_pit.value
    if a.costs:
        data["costs"] = [
            {
                "category": c.category,
                "total": c.total,
                "deductible": c.deductible,
                "excluded": dict(c.excluded),
            }
            for c in a.costs
        ]
    if a.goods_cost is not None:
        data["goods_cost"] = a.goods_cost.value
    if a.deductible_costs is not None:
        data["deductible_costs"] = a.deductible_costs.value
    if a.taxable_income is not None:
        data["taxable_income"] = a.taxable_income.value
    if a.income_rate is not None:
        data["income_rate"] = str(a.income_rate)
    if a.finalisation_due is not None:
        data["finalisation_due"] = a.finalisation_due.value
    data["rows"] = [
        {
            "period": str(r.period),
            "tax": r.tax,
            "row": r.row,
            "location": r.location,
            "rate": str(r.rate),
            "base": r.base,
            "exact": str(r.exact),
            "value": r.value,
            "reduction": r.reduction,
            "lines": dict(r.lines),
        }
        for r in a.rows
    ]
    if a.platform_overpaid_pit:  # OQ-31: the unused deduction reaches platform-withheld revenue
        data["platform_overpaid_pit"] = a.platform_overpaid_pit
    if a.declared_vat or a.declared_pit:  # OQ-29: a G1 year's periodic returns, now overpaid
        data["overpaid"] = {
            "vat": a.declared_vat + a.withheld_vat,
            "pit": a.declared_pit + a.withheld_pit,
            "declared_vat": a.declared_vat,
            "declared_pit": a.declared_pit,
        }
    data["trace"] = [figure_dict(fig) for fig in trace_figures(a)]
    return data


def trace_figures(a: Assessment) -> list[Figure]:
    """The figures of an assessment in reading order."""
    figures = [a.year_revenue]
    for line in a.lines:
        figures += [line.revenue, line.vat, line.deduction, line.pit]
    figures += [a.revenue, a.vat]
    if a.deduction is not None:
        figures.append(a.deduction)
    figures += [
        f for f in (a.provisional_pit, a.goods_cost, a.deductible_costs, a.taxable_income) if f is not None
    ]
    figures.append(a.pit)
    if a.finalisation_due is not None:
        figures.append(a.finalisation_due)
    figures.append(a.payable)
    return figures


_REF_VI = (
    (re.compile(r"\bArts? "), "Điều "),
    (re.compile(r"\bLaw "), "Luật "),
    (re.compile(r"\bApp\. "), "Phụ lục "),
    (re.compile(r"\bas amended by\b"), "sửa đổi bởi"),
    (re.compile(r"\bas issued\b"), "bản ban hành"),
    (re.compile(r"\bCivil Code\b"), "Bộ luật Dân sự"),
    (re.compile(r"\bLabour Code\b"), "Bộ luật Lao động"),
    (re.compile(r"\bND "), "NĐ "),
)


def cite(ref: str, lang: str) -> str:
    """A legal reference as printed: Vietnamese words for `--lang vi` ("Điều", "Luật", "Phụ lục")."""
    if lang != "vi":
        return ref
    for pattern, words in _REF_VI:
        ref = pattern.sub(words, ref)
    return ref


def _label(name: str, lang: str) -> str:
    """An input's name as printed: its Vietnamese label for `--lang vi` (keyed by the name)."""
    return _TOKENS_VI.get(name, name) if lang == "vi" else name


def _input(name: str, value: object, lang: str) -> str:
    label = _label(name, lang)
    if isinstance(value, Decimal) and name.endswith("rate"):
        return f"{label} = {format_rate(value)} %"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{label} = {format_vnd(value)}"
    return f"{label} = {value}"


def explain_figure(fig: Figure, lang: str, prefix: str = "") -> list[str]:
    vi, en = LABELS.get(fig.name, (fig.name, fig.name))
    label = vi if lang == "vi" else en
    lines = [f"{prefix}{label}: {format_vnd(fig.value)}"]
    if fig.formula:
        lines.append(f"    = {formula_text(fig.formula, lang)}")
    if fig.inputs:
        lines.append("      " + "; ".join(_input(k, v, lang) for k, v in fig.inputs.items()))
    if fig.exact is not None and fig.exact != fig.value:
        shared = "row_vat" in fig.inputs or "row_pit" in fig.inputs  # a share of its row (OQ-10)
        if shared:
            rounded = "giá trị chưa làm tròn" if lang == "vi" else "unrounded"
        else:
            rounded = "làm tròn từ" if lang == "vi" else "rounded half-up from"
        lines.append(f"      ({rounded} {fig.exact.normalize():f})")
    label_ref = "Căn cứ" if lang == "vi" else "Ref"
    reading = f" [{fig.reading}]" if fig.reading else ""
    if fig.ref or reading:
        lines.append(f"      {label_ref}: {cite(fig.ref, lang)}{reading}")
    return lines


def display_names(household: Household, rules: RuleBook, on: date, lang: str) -> dict[str, str]:
    """What a person calls each line ("line:<id>": the profile's name, else the id) and each industry
    group ("group:<id>": the rule pack's `groups.<g>.name_vi` / `name_en`)."""
    names = {f"line:{line.id}": line.name or line.id for line in household.lines}
    for line in household.lines:
        rule = rules.find(f"groups.{line.group.value}.name_{'vi' if lang == 'vi' else 'en'}", on)
        if rule is not None:
            names[f"group:{line.group.value}"] = str(rule.value)
    return names


register({
    "assess.head": ("Kỳ {period} · chế độ {regime} · nhóm {group} · phương pháp {method}",
                    "Period {period} · regime {regime} · group {group} · method {method}"),
    "assess.line": ("Ngành {line} ({group}) — {place}", "Line {line} ({group}) — {place}"),
    "assess.head_office": ("trụ sở", "head office"),
    "assess.excluded": ("  {category}: loại trừ {amount} ({reason})",
                        "  {category}: excluded {amount} ({reason})"),
    "assess.readings": ("Cách hiểu đã dùng: {readings}", "Readings used: {readings}"),
    "assess.warnings": ("Lưu ý:", "Warnings:"),
    "assess.to_file": ("Hồ sơ phải nộp: {filing}", "To file: {filing}"),
    "assess.columns": ("ngành|nhóm|doanh thu|thuế GTGT|được trừ|thuế TNCN",
                       "line|group|revenue|VAT|deduction|PIT"),
    "assess.total": ("Tổng", "Total"),
    "assess.provisional": ("Tạm nộp: {provisional} · Phải nộp khi quyết toán: {due}",
                           "Provisional PIT: {provisional} · Due at finalisation: {due}"),
    "assess.payable": ("Tổng phải nộp: {amount}", "Payable: {amount}"),
    "assess.file": ("Hồ sơ: {form}", "File: {form}"),
})


def _head(a: Assessment, lang: str) -> str:
    return t("assess.head", lang, period=a.period, regime=a.regime, group=group_name(a.group, lang),
             method=method_name(a.method, lang))


def _warning(w: TaxWarning, lang: str) -> str:
    return w.message_vi if lang == "vi" and w.message_vi else w.message


def explain(a: Assessment, lang: str, names: Mapping[str, str] | None = None) -> list[str]:
    """The full trace of `hhtax assess --explain`; `names` (from `display_names`) shows lines and
    groups by name instead of by id."""
    out = [_head(a, lang), "", *explain_figure(a.year_revenue, lang)]
    for line in a.lines:
        out += ["", _line_heading(line, lang, names or {})]
        for fig in (line.revenue, line.vat, line.deduction, line.pit):
            out += explain_figure(fig, lang, "  ")
    out.append("")
    for fig in _totals(a):
        out += explain_figure(fig, lang)
    out += [t("assess.excluded", lang, category=cost.category, amount=format_vnd(amount), reason=reason)
            for cost in a.costs for reason, amount in cost.excluded.items()]
    return out + _notes(a, lang)


def _line_heading(line: LineAssessment, lang: str, names: Mapping[str, str]) -> str:
    return t("assess.line", lang, line=names.get("line:" + line.line, line.line),
             group=names.get("group:" + line.group, line.group),
             place=line.location or t("assess.head_office", lang))


def _totals(a: Assessment) -> list[Figure]:
    """The assessment's own figures in the order of the trace (the optional ones where they exist)."""
    optional = (a.deduction, a.provisional_pit, a.goods_cost, a.deductible_costs, a.taxable_income)
    return [a.revenue, a.vat, *(f for f in optional if f is not None), a.pit,
            *([a.finalisation_due] if a.finalisation_due is not None else []), a.payable]


def _notes(a: Assessment, lang: str) -> list[str]:
    """Readings used, warnings with their citations, and what to file."""
    out: list[str] = []
    if a.readings:
        out += ["", t("assess.readings", lang, readings=", ".join(a.readings))]
    if a.warnings:
        out += ["", t("assess.warnings", lang)]
        out += [f"  - [{w.code}] {_warning(w, lang)}" + (f" ({cite(w.ref, lang)})" if w.ref else "")
                for w in a.warnings]
    filing = ", ".join(a.filings or [a.filing] if a.filing else []) or (
        a.filing_note_vi if lang == "vi" else a.filing_note)
    return [*out, "", t("assess.to_file", lang, filing=filing or "—")]


def summary(a: Assessment, lang: str, names: Mapping[str, str] | None = None) -> list[str]:
    """The short table of `hhtax assess`; `names` as for `explain`."""
    out = [_head(a, lang), *_table(a, lang, names or {})]
    if a.finalisation_due is not None and a.provisional_pit is not None:
        out.append(t("assess.provisional", lang, provisional=format_vnd(a.provisional_pit.value),
                     due=format_vnd(a.finalisation_due.value)))
    out.append(t("assess.payable", lang, amount=format_vnd(a.payable.value)))
    if a.filing:
        out.append(t("assess.file", lang, form=", ".join(a.filings or [a.filing])))
    if a.filing_note:
        out.append(a.filing_note_vi if lang == "vi" else a.filing_note)
    return out + [f"! [{w.code}] {_warning(w, lang)}" for w in a.warnings]


def _table(a: Assessment, lang: str, names: Mapping[str, str]) -> list[str]:
    """One row per line and a total row, names left-aligned and amounts right-aligned."""
    header = tuple(t("assess.columns", lang).split("|"))
    rows = [header] + [
        (names.get("line:" + ln.line, ln.line), names.get("group:" + ln.group, ln.group),
         format_vnd(ln.revenue.value), format_vnd(ln.vat.value), format_vnd(ln.deduction.value),
         format_vnd(ln.pit.value))
        for ln in a.lines
    ]
    rows.append((t("assess.total", lang), "", format_vnd(a.revenue.value), format_vnd(a.vat.value),
                 format_vnd(a.deduction.value if a.deduction else 0), format_vnd(a.pit.value)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return ["  ".join(cell.ljust(width) if column < 2 else cell.rjust(width)
                      for column, (cell, width) in enumerate(zip(row, widths, strict=True)))
            for row in rows]

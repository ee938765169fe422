"""An assessment as JSON-ready data and as a plain-language trace (Vietnamese or English).

Each figure is printed with its formula, inputs, legal reference and the reading (OQ-nn) it rests
on, so the trace is the explanation a tax officer or accountant can check line by line.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from hhtax.money import format_rate, format_vnd
from hhtax.tax.assessment import Assessment, Figure, LineAssessment
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


def method_name(method: str, lang: str) -> str:
    """The PIT method as printed: Vietnamese names for `--lang vi`."""
    return METHODS_VI.get(method, method) if lang == "vi" else method


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


def _head(a: Assessment, lang: str) -> str:
    if lang == "vi":
        return (
            f"Kỳ {a.period} · chế độ {a.regime} · nhóm {a.group} · phương pháp {method_name(a.method, lang)}"
        )
    return f"Period {a.period} · regime {a.regime} · group {a.group} · method {a.method}"


def _tail(a: Assessment) -> list[Figure]:
    """The assessment's own figures after the lines, in reading order."""
    tail = [a.revenue, a.vat] + ([a.deduction] if a.deduction is not None else [])
    tail += [
        f for f in (a.provisional_pit, a.goods_cost, a.deductible_costs, a.taxable_income) if f is not None
    ]
    return tail + [a.pit] + ([a.finalisation_due] if a.finalisation_due is not None else []) + [a.payable]


def _explain_lines(a: Assessment, lang: str) -> list[str]:
    vi = lang == "vi"
    out: list[str] = []
    for line in a.lines:
        out.append("")
        name = f"Ngành {line.line} ({line.group})" if vi else f"Line {line.line} ({line.group})"
        out.append(f"{name} — {line.location or ('trụ sở' if vi else 'head office')}")
        for fig in (line.revenue, line.vat, line.deduction, line.pit):
            out += explain_figure(fig, lang, "  ")
    return out


def _explain_notes(a: Assessment, lang: str) -> list[str]:
    """Excluded costs, readings used and warnings."""
    vi = lang == "vi"
    out = [
        f"  {cost.category}: {'loại trừ' if vi else 'excluded'} {format_vnd(amount)} ({reason})"
        for cost in a.costs
        for reason, amount in cost.excluded.items()
    ]
    if a.readings:
        out += ["", ("Cách hiểu đã dùng: " if vi else "Readings used: ") + ", ".join(a.readings)]
    if a.warnings:
        out += ["", "Lưu ý:" if vi else "Warnings:"]
        for w in a.warnings:
            text = w.message_vi if vi and w.message_vi else w.message
            out.append(f"  - [{w.code}] {text}" + (f" ({cite(w.ref, lang)})" if w.ref else ""))
    return out


def explain(a: Assessment, lang: str) -> list[str]:
    """The full trace of `hhtax assess --explain`."""
    vi = lang == "vi"
    out = [_head(a, lang), ""]
    out += explain_figure(a.year_revenue, lang)
    out += _explain_lines(a, lang)
    out.append("")
    for fig in _tail(a):
        out += explain_figure(fig, lang)
    out += _explain_notes(a, lang)
    filing = a.filing or (a.filing_note_vi if vi else a.filing_note)
    out += ["", ("Hồ sơ phải nộp: " if vi else "To file: ") + (filing or "—")]
    return out


def _table(a: Assessment, lang: str) -> list[str]:
    """The lines and the total as aligned columns."""
    vi = lang == "vi"
    header = (
        ("ngành", "nhóm", "doanh thu", "thuế GTGT", "được trừ", "thuế TNCN")
        if vi
        else ("line", "group", "revenue", "VAT", "deduction", "PIT")
    )
    rows = [header] + [
        (
            ln.line,
            ln.group,
            format_vnd(ln.revenue.value),
            format_vnd(ln.vat.value),
            format_vnd(ln.deduction.value),
            format_vnd(ln.pit.value),
        )
        for ln in a.lines
    ]
    rows.append(
        (
            "Tổng" if vi else "Total",
            "",
            format_vnd(a.revenue.value),
            format_vnd(a.vat.value),
            format_vnd(a.deduction.value if a.deduction else 0),
            format_vnd(a.pit.value),
        )
    )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return [
        "  ".join(
            c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]


def summary(a: Assessment, lang: str) -> list[str]:
    """The short table of `hhtax assess`."""
    vi = lang == "vi"
    out = [_head(a, lang), *_table(a, lang)]
    if a.finalisation_due is not None and a.provisional_pit is not None:
        out.append(
            ("Tạm nộp: " if vi else "Provisional PIT: ")
            + format_vnd(a.provisional_pit.value)
            + " · "
            + ("Phải nộp khi quyết toán: " if vi else "Due at finalisation: ")
            + format_vnd(a.finalisation_due.value)
        )
    out.append(("Tổng phải nộp: " if vi else "Payable: ") + format_vnd(a.payable.value))
    if a.filing:
        out.append(("Hồ sơ: " if vi else "File: ") + a.filing)
    if a.filing_note:
        out.append(a.filing_note_vi if vi else a.filing_note)
    for w in a.warnings:
        out.append(f"! [{w.code}] " + (w.message_vi if vi and w.message_vi else w.message))
    return out

"""Supplementary returns (loaiTKhai B): what was filed, what it should be, and the late interest.

A filed return is corrected only by a supplementary declaration of the same form with
`loaiTKhai = B`, `soLan = n` and an explanation of each changed box (Law 38/2019 Art 47; Law
108/2025 Art 12.5 from 01/07/2026; 01-1/KHBS of TT 80/2021). Where the viewer's catalogue has no
KHBS appendix (1240 B, OQ-23) or no B entry at all (1244, 1245), the explanation is printed only.
Late-payment interest runs on each increase of tax from the day after the due date to the day
before payment (Law 38/2019 Art 59; Law 108/2025 Art 16), via `hhtax.tax.interest`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from hhtax.declarations.leasing_model import BdsBody, TtsBody
from hhtax.declarations.model import (
    LAYOUT_QTT,
    LAYOUT_TT18,
    LAYOUT_TT40,
    SUPPLEMENTARY,
    BkHtk,
    BkStk,
    Declaration,
    Khbs,
    KhbsRow,
    TknBody,
    Tt18Body,
    Tt40Body,
)
from hhtax.declarations.model_qtt import QttBody
from hhtax.declarations.notes import reading_note
from hhtax.declarations.xml_reader import form_info
from hhtax.errors import DeclarationError, Problem
from hhtax.i18n import msg, register
from hhtax.rules import RuleBook

register({
    "supplementary.unchanged": (
        "sổ sách cho cùng số liệu với tờ khai đã nộp; không có gì để khai bổ sung",
        "the journal gives the same figures as the return filed; there is nothing to supplement"),
    "supplementary.too_late": (
        "quá thời hạn khai bổ sung: {years} năm kể từ hạn nộp {due}, tức đến hết ngày {last} ({ref})",
        "too late for a supplementary return: {years} years from the deadline {due}, i.e. up to {last} "
        "({ref})"),
})

_TT40_COLUMNS = (("a", "Doanh thu tính thuế GTGT", False, "vat"), ("b", "Số thuế GTGT", True, "vat"),
                 ("c", "Doanh thu tính thuế TNCN", False, "pit"), ("d", "Số thuế TNCN", True, "pit"))
_TT18_BOXES = (("11", "Doanh thu tính thuế GTGT", False, "vat"), ("12", "Số thuế GTGT phải nộp", True, "vat"),
               ("13", "Doanh thu tính thuế TNCN", False, "pit"),
               ("14", "Doanh thu được trừ để xác định doanh thu tính thuế", False, "pit"),
               ("15", "Số thuế TNCN phải nộp", True, "pit"))


_QTT_BOXES = (("11", "Doanh thu bán hàng hoá và cung cấp dịch vụ", False),
              ("11a", "Doanh thu trên nền tảng TMĐT do sàn khấu trừ, nộp thay", False),
              ("12", "Chi phí sản xuất, kinh doanh hàng hoá, dịch vụ", False),
              ("13", "Thu nhập tính thuế", False), ("15", "Số thuế TNCN phải nộp", True),
              ("16", "Số thuế TNCN do sàn TMĐT đã khấu trừ", False))


# The revenue notice's figures stand on its total row [11] (TT 50/2026 layout) in the explanation.
_TKN_BOXES = {"revenue": "[11]", "vat": "[11]", "pit": "[11]"}


def box_figures(decl: Declaration) -> dict[str, int]:
    """The declared figures by box: TT 40 "28a" … "32d"; TT 18 totals "11" … "15"; 02/CNKD "11" … "16";
    TKN revenue and tax."""
    body = decl.body
    if isinstance(body, Tt40Body):
        figures: dict[str, int] = {}
        for row in (*body.rows, body.total):
            figures.update({f"{row.box}a": row.vat_revenue, f"{row.box}b": row.vat,
                            f"{row.box}c": row.pit_revenue, f"{row.box}d": row.pit})
        return figures
    if isinstance(body, Tt18Body):
        total = body.total
        return {"11": total.vat_revenue, "12": total.vat, "13": total.pit_revenue, "14": total.deduction,
                "15": total.pit}
    if isinstance(body, QttBody):
        return {"11": body.revenue, "11a": body.platform_revenue, "12": body.costs, "13": body.income,
                "15": body.pit, "16": body.platform_pit}
    if isinstance(body, TtsBody | BdsBody):
        from hhtax.declarations.leasing_build import leasing_figures
        return leasing_figures(body)
    assert isinstance(body, TknBody)
    return {"revenue": body.revenue, "vat": body.vat, "pit": body.pit}


def box_names(decl: Declaration) -> dict[str, str]:
    """The names of the boxes `box_figures` gives, as the form prints them (Vietnamese), where the
    form names them (the revenue notice's figures are named by their meaning)."""
    body = decl.body
    if isinstance(body, Tt40Body):
        return {f"{row.box}{letter}": name for row in (*body.rows, body.total)
                for letter, name, _tax, _kind in _TT40_COLUMNS}
    if isinstance(body, Tt18Body):
        return {box: name for box, name, _tax, _kind in _TT18_BOXES}
    if isinstance(body, QttBody):
        return {box: name for box, name, _tax in _QTT_BOXES}
    if isinstance(body, TtsBody | BdsBody):
        from hhtax.declarations.leasing_build import BDS_BOXES, TTS_BOXES

        return {box: name for box, name, _kind in (TTS_BOXES if isinstance(body, TtsBody) else BDS_BOXES)}
    return {"revenue": "Doanh thu", "vat": "Thuế GTGT", "pit": "Thuế TNCN"}


def payload(decl: Declaration) -> str:
    """The JSON kept with the filing record: the figures a later supplementary return starts from."""
    data = {"form": decl.form.code, "ma_tkhai": decl.form.ma_tkhai, "period": str(decl.period),
            "kind": decl.kind, "seq": decl.seq, "boxes": box_figures(decl)}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _box_table(decl: Declaration) -> list[tuple[str, str, bool, str]]:
    """(box, label, is_tax, tax) for every box of the layout, in form order."""
    if decl.layout == LAYOUT_TT40:
        return [(f"{box}{col}", f"{label} [{box}]({col})", is_tax, tax)
                for box in ("28", "29", "30", "31") for col, label, is_tax, tax in _TT40_COLUMNS]
    if decl.layout == LAYOUT_TT18:
        return [(box, f"{label} [{box}]", is_tax, tax) for box, label, is_tax, tax in _TT18_BOXES]
    if decl.layout == LAYOUT_QTT:
        return [(box, f"{label} [{box}]", is_tax, "pit") for box, label, is_tax in _QTT_BOXES]
    return [("revenue", "Tổng doanh thu trong năm", False, "vat"), ("vat", "Thuế GTGT phải nộp", True, "vat"),
            ("pit", "Thuế TNCN phải nộp", True, "pit")]


def supplement(corrected: Declaration, filed_payload: str, seq: int, *, due: date, paid: date,
               rules: RuleBook, khbs_appendix: bool = False) -> Declaration:
    """The correction `seq` of `corrected` against the figures filed (`filed_payload`), in the shape
    the viewer catalogue accepts for the form (`FormInfo.supplement`, shared/law/forms-more.md §3):

    - "khbs" (473): `loaiTKhai` B, `soLan` n, with 01/KHBS and 01-1/KHBS;
    - "plain" (1240, OQ-23 revised): B without them; the explanation and interest are printed on the
      PDF and in the output (`Declaration.explanation`); `khbs_appendix` puts them in the XML
      anyway (the override of OQ-23, with a warning: the viewer fails on such a file);
    - "replace" (1244, 1245: no B entry): a new original return (C) with the corrected figures, the
      explanation printed only.

    Raises DeclarationError when nothing changed, or when `paid` (the day of the supplementary
    return) is past the window of `supplementary.window_years` years from the deadline `due`
    (Law 38/2019 Art 47.1: 10 years; Law 108/2025 Art 12.5: 5 years from 01/07/2026).
    """
    khbs = _explain(corrected, filed_payload, due=due, paid=paid, rules=rules)
    kept = tuple(a for a in corrected.appendices if not isinstance(a, BkStk | BkHtk))
    mode = corrected.form.supplement
    notes = corrected.notes
    if mode == "replace":
        return replace(corrected, appendices=kept, explanation=khbs, correction=seq,
                       notes=(*notes, reading_note("KHBS-C")))
    if mode == "plain" and not khbs_appendix:
        return replace(corrected, kind=SUPPLEMENTARY, seq=seq, appendices=kept, explanation=khbs,
                       notes=(*notes, reading_note("OQ-23")))
    if mode == "plain":
        notes = (*notes, reading_note("OQ-23-override"))
    return replace(corrected, kind=SUPPLEMENTARY, seq=seq, appendices=(*kept, khbs), notes=notes)


def _explain(corrected: Declaration, filed_payload: str, *, due: date, paid: date, rules: RuleBook) -> Khbs:
    """01-1/KHBS rows (each changed box: filed, corrected, difference) and the late interest on each
    increase of tax (Law 38/2019 Art 59; Law 108/2025 Art 16)."""
    from hhtax.tax.interest import late_interest

    check_window(str(corrected.period), due, paid, rules)
    filed: dict[str, Any] = json.loads(filed_payload)
    old = {str(k): int(v) for k, v in filed.get("boxes", {}).items()}
    new = box_figures(corrected)
    rows = []
    increase = {"vat": 0, "pit": 0}
    for box, label, is_tax, tax in _box_table(corrected):
        before, after = old.get(box, 0), new.get(box, 0)
        if before == after:
            continue
        sub_item = str(rules.value(f"budget.sub_item.{tax}", corrected.period.end)) if is_tax else ""
        rows.append(KhbsRow(name=label, box=_TKN_BOXES.get(box, f"[{box}]"), filed=before, corrected=after,
                            tax=is_tax, reason="Khai bổ sung theo số liệu sổ sách", sub_item=sub_item))
        if is_tax:
            increase[tax] += after - before
    if not rows:
        raise DeclarationError([Problem(str(corrected.period), msg("supplementary.unchanged"))])
    figures = [late_interest(amount, due, paid, rules) for amount in increase.values() if amount > 0]
    interest = sum(figure.value for figure in figures)
    late_days = max((int(figure.inputs.get("days", 0)) for figure in figures), default=0)
    on = corrected.period.end
    return Khbs(form=form_info(rules, "01_1_KHBS", on), interest_form=form_info(rules, "PL01_KHBS", on),
                return_name=f"{corrected.form.code} - {corrected.period.label_vi}", rows=tuple(rows),
                return_form=corrected.form.code, interest_to=paid if interest else None,
                late_days=late_days if interest else 0, interest=interest)


def check_window(period: str, due: date, on: date, rules: RuleBook) -> None:
    """Refuse a supplementary return made on `on` after the statutory window from the deadline `due`."""
    rule = rules.get("supplementary.window_years", on)
    years = int(rule.value)
    try:
        last = due.replace(year=due.year + years)
    except ValueError:  # 29 February
        last = due.replace(year=due.year + years, day=28)
    if on > last:
        raise DeclarationError([Problem(period, msg("supplementary.too_late", years=years,
                                                    due=due.strftime("%d/%m/%Y"),
                                                    last=last.strftime("%d/%m/%Y"), ref=rule.citation()))])

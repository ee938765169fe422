"""Arithmetic of the leasing returns, for `hhtax validate` (structure and header: `validate`).

01/TTS (TT 40/2021 App. II): [24] ≤ [23]; [25] = [24] × VAT rate and [26] = [24] × PIT rate of the
`leasing` group (5 % + 5 %, App. I), rounded half-up per contract row and filing period (OQ-10);
[29] = [26] + [28]; with 01/BK-TTS, [24]–[26] are the sums of the rows and each row's [21] = [19] ×
[20]. 01/BĐS (TT 18/2026 mẫu 01/BĐS, 01/BK-BĐS; forms-more.md §2): each property's [12] = [09] × 5 %,
[13] = ([09] − [10] + [11]) × 5 % above the threshold (0 at or under it, reading OQ-09), the
deduction within `real_estate.deduction`; the totals row; main [09]–[18] from the appendix and the
printed relations [15] = [12] + [14], [14] = [13] × 5 %, [17] = [15] − [16], [18] = [11] + [17];
exactly one threshold box; Part B adds up to [29] and, by tiểu mục, to [11] and [17].
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

from hhtax.declarations.leasing_model import BdsBody, TtsBody
from hhtax.declarations.leasing_xml import read_leasing
from hhtax.declarations.xml_reader import find, integer, kids, text
from hhtax.errors import DeclarationError, Problem
from hhtax.money import apply_rate
from hhtax.periods import PeriodKind
from hhtax.rules import RuleBook

# maTKhai → the period kinds the form is filed for (TT 40/2021 Art 8; NĐ 68/2026 Art 8.3.d).
LEASING_FORMS = {"470": (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR),
                 "1255": (PeriodKind.HALF, PeriodKind.YEAR)}
BODY = "HSoKhaiThue/CTieuTKhaiChinh"
PLUC = "HSoKhaiThue/PLuc"


def leasing_problems(root: ET.Element, rules: RuleBook) -> list[Problem]:
    """The arithmetic problems of a 470 or 1255 document (reading problems included)."""
    try:
        decl = read_leasing(root, rules)
    except DeclarationError as exc:
        return list(exc.problems)
    checker = _Check(root, rules, decl.period.end)
    if isinstance(decl.body, TtsBody):
        checker.tts(decl.period.last_month - decl.period.first_month + 1)
    elif isinstance(decl.body, BdsBody):
        checker.bds()
    return checker.problems


class _Check:
    def __init__(self, root: ET.Element, rules: RuleBook, on: date) -> None:
        self.root = root
        self.rules = rules
        self.on = on
        self.problems: list[Problem] = []

    def num(self, el: ET.Element | None, path: str, where: str) -> int:
        try:
            value = integer(el, path, where)
        except DeclarationError:
            return 0  # reported by the structure check
        return 0 if value is None else value

    def expect(self, element: str, written: int, expected: int, what: str, slack: int = 0) -> None:
        if abs(written - expected) > slack:
            self.problems.append(Problem(element, f"{written} ≠ {what} = {expected}"))

    def rate(self, name: str) -> Decimal:
        return Decimal(self.rules.value(name, self.on))

    # 01/TTS
    def tts(self, months: int) -> None:
        part = find(self.root, f"{BODY}/CaNhanKeKhai")
        where = "CTieuTKhaiChinh/CaNhanKeKhai"
        box = {n: self.num(part, f"ct{n}", where) for n in range(23, 30)}
        if box[24] > box[23]:
            self.problems.append(Problem(f"{where}/ct24", f"taxable revenue {box[24]} exceeds the revenue "
                                         f"[23] {box[23]}"))
        vat_rate, pit_rate = self.rate("groups.leasing.vat_rate"), self.rate("groups.leasing.pit_rate")
        # Tax is rounded per contract and filing period (OQ-10): a year may differ by a đồng a month.
        for main, rate in ((25, vat_rate), (26, pit_rate)):
            self.expect(f"{where}/ct{main}", box[main], apply_rate(box[24], rate), f"round([24] × {rate})",
                        months)
        self.expect(f"{where}/ct29", box[29], box[26] + box[28], "[26] + [28]")
        rows = kids(find(self.root, f"{PLUC}/PLuc_01_BK_TTS"), "CTietBKeHDongTTS")
        if not rows:
            return
        at = "PLuc/PLuc_01_BK_TTS/CTietBKeHDongTTS"
        for column, main in (("ct24", 24), ("ct25", 25), ("ct26", 26)):
            self.expect(f"{where}/ct{main}", box[main], sum(self.num(r, column, at) for r in rows),
                        f"the sum of 01/BK-TTS [{column[2:]}]")
        for row in rows:
            row_at = f"{at}[@id='{row.get('id', '')}']"
            self.expect(f"{row_at}/ct21", self.num(row, "ct21", at),
                        self.num(row, "ct19", at) * self.num(row, "ct20", at), "[19] × [20]")

    # 01/BĐS
    def bds(self) -> None:
        header = find(self.root, f"{BODY}/Header")
        below = text(header, "doanhThuDuoiNguong") in ("1", "true")
        above = text(header, "doanhThuTrenNguong") in ("1", "true")
        if below == above:
            self.problems.append(Problem("CTieuTKhaiChinh/Header", "exactly one of doanhThuDuoiNguong and "
                                         "doanhThuTrenNguong must be ticked"))
        totals = self._bk_bds(below)
        part = find(self.root, f"{BODY}/CaNhanKeKhai")
        where = "CTieuTKhaiChinh/CaNhanKeKhai"
        box = {n: self.num(part, f"ct{n:02d}", where) for n in range(9, 19)}
        if totals is not None:
            for main, column, label in ((9, 15, "09"), (10, 16, "10"), (13, 17, "11"), (11, 18, "12"),
                                        (15, 19, "13")):
                self.expect(f"{where}/ct{main:02d}", box[main], totals[column], f"01/BK-BĐS total [{label}]")
        rate = self.rate("real_estate.pit_rate")
        if not below:
            rows = len(kids(find(self.root, f"{PLUC}/PLuc_01_BK_BDS"), "CTietBKeBDS"))
            self.expect(f"{where}/ct12", box[12], apply_rate(box[9] - box[10], rate),
                        f"round(([09] − [10]) × {rate})", rows)  # rounded per property (OQ-10)
            self.expect(f"{where}/ct14", box[14], apply_rate(box[13], rate), f"round([13] × {rate})")
        self.expect(f"{where}/ct15", box[15], box[12] + box[14], "[12] + [14]")
        self.expect(f"{where}/ct17", box[17], box[15] - box[16], "[15] − [16]")
        self.expect(f"{where}/ct18", box[18], box[11] + box[17], "[11] + [17]")
        self._payments(box)
        left = self.num(find(self.root, BODY), "soTienTruKyTiep", "CTieuTKhaiChinh")
        deduction = int(self.rules.value("real_estate.deduction", self.on))
        if not 0 <= left <= deduction:
            self.problems.append(Problem("CTieuTKhaiChinh/soTienTruKyTiep",
                                         f"{left} is not within 0 and the deduction {deduction}"))

    def _bk_bds(self, below: bool) -> dict[int, int] | None:
        bk = find(self.root, f"{PLUC}/PLuc_01_BK_BDS")
        if bk is None:
            return None
        at = "PLuc/PLuc_01_BK_BDS"
        vat_rate, pit_rate = self.rate("real_estate.vat_rate"), self.rate("real_estate.pit_rate")
        columns = {14: "ct07", 15: "ct09", 16: "ct10", 17: "ct11", 18: "ct12_soThue", 19: "ct13_soThue"}
        sums = dict.fromkeys(columns, 0)
        for row in kids(bk, "CTietBKeBDS"):
            row_at = f"{at}/CTietBKeBDS[@id='{row.get('id', '')}']"
            value = {k: self.num(row, tag, at) for k, tag in columns.items()}
            for key in sums:
                sums[key] += value[key]
            if not 0 <= value[16] <= max(value[15], 0):
                self.problems.append(Problem(f"{row_at}/ct10", f"the deduction {value[16]} is not within 0 "
                                             f"and the revenue [09] {value[15]}"))
            vat = 0 if below else apply_rate(value[15], vat_rate)
            pit = 0 if below else apply_rate(value[15] - value[16] + value[17], pit_rate)
            self.expect(f"{row_at}/ct12_soThue", value[18], vat, "round([09] × rate)" if not below
                        else "0 (revenue at or under the threshold)")
            self.expect(f"{row_at}/ct13_soThue", value[19], pit, "round(([09] − [10] + [11]) × rate)"
                        if not below else "0 (revenue at or under the threshold)")
        deduction = int(self.rules.value("real_estate.deduction", self.on))
        if sums[16] > deduction:
            self.problems.append(Problem(f"{at}/TongCong/tongCT16", f"the deductions {sums[16]} exceed "
                                         f"{deduction}"))
        total = find(bk, "TongCong")
        for key in columns:
            self.expect(f"{at}/TongCong/tongCT{key}", self.num(total, f"tongCT{key}", at), sums[key],
                        "the sum of the rows")
        owed = find(bk, "SoThueConPhaiNop")
        self.expect(f"{at}/SoThueConPhaiNop/soThueGTGT_ct21", self.num(owed, "soThueGTGT_ct21", at), sums[18],
                    "the total [12]")
        exempt = self.num(bk, "soThueTNCNMienCT20", at)
        self.expect(f"{at}/SoThueConPhaiNop/soThueTNCN_ct22", self.num(owed, "soThueTNCN_ct22", at),
                    sums[19] - exempt, "the total [13] − the PIT exempted")
        return sums

    def _payments(self, box: dict[int, int]) -> None:
        support = find(self.root, f"{BODY}/HoTroThongTinNopThue")
        rows = kids(support, "ChiTietThongTinNopTHue")
        at = "CTieuTKhaiChinh/HoTroThongTinNopThue"
        self.expect(f"{at}/tong_sotienCT29", self.num(support, "tong_sotienCT29", at),
                    sum(self.num(r, "ct22", at) for r in rows), "the sum of [22]")
        if not rows:
            return
        for tax, main in (("vat", 11), ("pit", 17)):
            item = str(self.rules.value(f"budget.sub_item.{tax}", self.on))
            paid = sum(self.num(r, "ct22", at) for r in rows if text(r, "ct24_ma") == item)
            self.expect(f"{at}/ChiTietThongTinNopTHue/ct22", paid, box[main],
                        f"[{main}] (rows with tiểu mục {item})")

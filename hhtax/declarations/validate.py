"""`hhtax validate`: structure, period, tax code and arithmetic of a declaration XML.

Checks, each reported as a `Problem` naming the element:
- the document is safe XML (no DTD, entities or external references: defusedxml);
- structure against the reconstructed XSD of the form (`schema_check`, OQ-22);
- period encoding (xml-format.md §4) and the tax code (hhtax.ids; TT 86/2024, OQ-24);
- arithmetic: every total is the sum of its rows; every tax is revenue × the rule-pack rate of the
  period rounded half-up (OQ-10), after the VAT cut listed in `PL_NQ142_GTGT` (OQ-07); TT 40
  [32] = [28]+…+[31] (TT 40/2021 App. II); TT 18 [16] = Σ rows, [18] = [16] − [17], PIT on
  revenue less the deduction [14] (ND 68/2026 Art 4.3) and the carried deduction within the
  threshold; appendix totals (01-2/BK-HĐKD, 01/BK-HTK, 01-1/KHBS).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from hhtax import ids
from hhtax.declarations.leasing_validate import LEASING_FORMS, leasing_problems
from hhtax.declarations.model import TT40_BOXES, TT40_METHOD_BOXES, Declaration, vn_date, vn_month
from hhtax.declarations.schema_check import SCHEMAS, check_structure
from hhtax.declarations.validate_qtt import check_qtt
from hhtax.declarations.xml_reader import (
    find,
    group_names,
    integer,
    kids,
    parse_document,
    parse_period,
    read_declaration,
    text,
)
from hhtax.declarations.xml_writer import TKN_GROUPS
from hhtax.errors import DeclarationError, InputError, Problem, RuleError
from hhtax.money import apply_rate, percent
from hhtax.periods import Period, PeriodKind
from hhtax.rules import RuleBook, load_rules

HEAD = "HSoKhaiThue/TTinChung/TTinTKhaiThue/TKhaiThue"
BODY = "HSoKhaiThue/CTieuTKhaiChinh"
PLUC = "HSoKhaiThue/PLuc"


def validate_xml(data: bytes, rules: RuleBook | None = None, *,
                 use_lxml: bool | None = None) -> list[Problem]:
    """Every problem found in a declaration file (an empty list: the file is valid)."""
    try:
        root = parse_document(data)
    except DeclarationError as exc:
        return list(exc.problems)
    ma_tkhai = text(root, f"{HEAD}/maTKhai")
    if ma_tkhai not in SCHEMAS:
        return [Problem("TKhaiThue/maTKhai",
                        f"form {ma_tkhai!r} is not one hhtax checks (473, 470, 1240, 1244, 1245, 1255)")]
    problems = check_structure(data, ma_tkhai, use_lxml=use_lxml)
    problems += _header(root)
    book = rules or load_rules()
    if ma_tkhai in LEASING_FORMS:  # 01/TTS, 01/BĐS: leasing_validate
        return _unique(problems + leasing_problems(root, book))
    try:
        decl = read_declaration(root, book)
    except DeclarationError as exc:
        return _unique(problems + list(exc.problems))
    checker = _Arithmetic(root, decl, book)
    problems += checker.run()
    return _unique(problems)


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


# -- header: period, kind, tax code --------------------------------------------------------------

def _header(root: ET.Element) -> list[Problem]:
    problems: list[Problem] = []
    kind, seq = text(root, f"{HEAD}/loaiTKhai"), text(root, f"{HEAD}/soLan")
    if kind == "C" and seq not in ("", "0"):
        problems.append(Problem("TKhaiThue/soLan", f"an original return (C) has soLan 0, not {seq}"))
    if kind == "B" and (not seq.isdigit() or int(seq) < 1):
        problems.append(Problem("TKhaiThue/soLan", f"a supplementary return (B) has soLan ≥ 1, not {seq!r}"))
    try:
        period = parse_period(text(root, f"{HEAD}/KyKKhaiThue/kieuKy"),
                              text(root, f"{HEAD}/KyKKhaiThue/kyKKhai"))
    except DeclarationError as exc:
        problems += exc.problems
    else:
        problems += _period_dates(root, period)
        kinds = {"1245": (PeriodKind.YEAR, PeriodKind.HALF), "1244": (PeriodKind.YEAR,), **LEASING_FORMS}
        allowed = kinds.get(text(root, f"{HEAD}/maTKhai"), (PeriodKind.MONTH, PeriodKind.QUARTER))
        if period.kind not in allowed:
            problems.append(Problem("TKhaiThue/KyKKhaiThue/kieuKy",
                                    f"this form is not filed for a {period.kind.value}"))
    for path, element in (("HSoKhaiThue/TTinChung/TTinTKhaiThue/NNT/mst", "NNT/mst"),
                          (f"{BODY}/mst_cu", "CTieuTKhaiChinh/mst_cu")):
        code = text(root, path)
        if not code and element == "NNT/mst":
            problems.append(Problem(element, "the tax code is missing"))
        elif code:
            try:
                ids.validate(code)
            except InputError as exc:
                problems.append(Problem(element, exc.message))
    return problems


def _period_dates(root: ET.Element, period: Period) -> list[Problem]:
    problems = []
    expected = {"kyKKhaiTuNgay": vn_date(period.start), "kyKKhaiDenNgay": vn_date(period.end)}
    if period.kind is not PeriodKind.YEAR:
        expected |= {"kyKKhaiTuThang": vn_month(period.year, period.first_month),
                     "kyKKhaiDenThang": vn_month(period.year, period.last_month)}
    for tag, value in expected.items():
        written = text(root, f"{HEAD}/KyKKhaiThue/{tag}")
        if written and written != value:
            problems.append(Problem(f"TKhaiThue/KyKKhaiThue/{tag}", f"{written} does not match the period "
                                    f"{text(root, f'{HEAD}/KyKKhaiThue/kyKKhai')} (expected {value})"))
    return problems


# -- arithmetic ------------------------------------------------------------------------------------

class _Arithmetic:
    """The arithmetic checks of one parsed declaration."""

    def __init__(self, root: ET.Element, decl: Declaration, rules: RuleBook) -> None:
        self.root = root
        self.decl = decl
        self.rules = rules
        self.on: date = decl.period.end
        self.problems: list[Problem] = []
        self.rate_rows: Counter[Decimal] = Counter()  # rows with revenue at each VAT rate

    def run(self) -> list[Problem]:
        layout = self.decl.layout
        if layout == "tt40":
            self._tt40()
        elif layout == "tt18":
            self._tt18()
        elif layout == "qtt":
            self.problems += check_qtt(self.root, self.decl, self.rules)
        else:
            self._tkn()
        self._appendices()
        return self.problems

    # helpers
    def num(self, el: ET.Element | None, path: str, where: str) -> int:
        try:
            value = integer(el, path, where)
        except DeclarationError:
            return 0  # reported by the structure check
        return 0 if value is None else value

    def expect(self, element: str, written: int, expected: int, what: str) -> None:
        if written != expected:
            self.problems.append(Problem(element, f"{written} ≠ {what} = {expected}"))

    def rate(self, group: str, tax: str) -> Decimal | None:
        try:
            return Decimal(self.rules.value(f"groups.{group}.{tax}_rate", self.on))
        except RuleError:
            return None

    def cut_by_rate(self) -> dict[Decimal, tuple[int, Decimal, int]]:
        """VAT-cut revenue, reduced rate and reduction by ordinary rate, from `PL_NQ142_GTGT`."""
        cut: dict[Decimal, tuple[int, Decimal, int]] = {}
        for row in kids(find(self.root, f"{PLUC}/PL_NQ142_GTGT/HH_DV_BanRaTrongKy"), "BangKeTenHHDV"):
            try:
                rate = percent(text(row, "thueSuatTheoQuyDinh") or "0")
                reduced = percent(text(row, "thueSuatSauGiam") or "0")
            except ArithmeticError:
                continue
            revenue, reduction = self.num(row, "giaTriHHDV", "PL_NQ142_GTGT"), self.num(
                row, "thueGTGTDuocGiam", "PL_NQ142_GTGT")
            before = cut.get(rate, (0, reduced, 0))
            cut[rate] = (before[0] + revenue, reduced, before[2] + reduction)
        return cut

    def vat_ok(self, revenue: int, vat: int, rates: Iterable[Decimal]) -> tuple[bool, int]:
        """Whether `vat` is revenue × one of `rates` (after the VAT cut of the appendix, reading OQ-07);
        and the expected value. When several rows share a cut rate the cut revenue may be split
        between them, so any split is accepted."""
        cuts = self.cut_by_rate()
        try:
            net = self.rules.value("vat_cut.main_form", self.on) != "gross"
        except RuleError:
            net = True
        first: int | None = None
        for rate in rates:
            plain = apply_rate(revenue, rate)
            if rate not in cuts:
                candidates = {plain}
                lowest = plain
            else:
                cut_revenue, reduced, reduction = cuts[rate]
                part = min(cut_revenue, revenue)
                candidates = {apply_rate(revenue - part, rate) + apply_rate(part, reduced), plain - reduction}
                lowest = min(candidates)
                if not net:
                    candidates = {plain}
            first = min(candidates) if first is None else first
            if vat in candidates or (self.rate_rows[rate] > 1 and net and lowest <= vat <= plain):
                return True, vat
        return False, 0 if first is None else first

    # 01/CNKD TT 40
    def _tt40(self) -> None:
        part = find(self.root, f"{BODY}/KKThueGTGT_TNCN")
        where = "CTieuTKhaiChinh/KKThueGTGT_TNCN"
        for column in ("DoanhThuThueGTGT", "SoThueGTGT", "DoanhThuThueTNCN", "SoThueTNCN"):
            values = [self.num(part, f"{column}/ct{box}", where) for box in TT40_BOXES]
            self.expect(f"{where}/{column}/ct32", self.num(part, f"{column}/ct32", where), sum(values),
                        "[28]+[29]+[30]+[31]")
        groups_by_box: dict[str, list[str]] = {}
        for rule in self.rules.all_on(self.on):
            parts = rule.name.split(".")
            if len(parts) == 3 and parts[0] == "groups" and parts[2] == "row":
                groups_by_box.setdefault(str(rule.value), []).append(parts[1])
        box_rates = {box: [r for g in groups_by_box.get(box, []) if (r := self.rate(g, "vat")) is not None]
                     for box in TT40_BOXES}
        for box, rates in box_rates.items():
            if rates and self.num(part, f"DoanhThuThueGTGT/ct{box}", where):
                self.rate_rows[rates[0]] += 1
        for box in TT40_BOXES:
            groups = groups_by_box.get(box, [])
            vat_rates = box_rates[box]
            pit_rates = [r for g in groups if (r := self.rate(g, "pit")) is not None]
            revenue = self.num(part, f"DoanhThuThueGTGT/ct{box}", where)
            vat = self.num(part, f"SoThueGTGT/ct{box}", where)
            ok, expected = self.vat_ok(revenue, vat, vat_rates)
            if not ok:
                self.problems.append(Problem(f"{where}/SoThueGTGT/ct{box}", f"{vat} ≠ round([{box}](a) × VAT "
                                             f"rate) = {expected}"))
            pit_revenue = self.num(part, f"DoanhThuThueTNCN/ct{box}", where)
            pit = self.num(part, f"SoThueTNCN/ct{box}", where)
            options = [apply_rate(pit_revenue, r) for r in pit_rates]
            if options and pit not in options:
                self.problems.append(Problem(f"{where}/SoThueTNCN/ct{box}", f"{pit} ≠ round([{box}](c) × PIT "
                                             f"rate) = {options[0]}"))
        header = find(self.root, f"{BODY}/Header")
        if not any(text(header, box) in ("1", "true") for box in TT40_METHOD_BOXES):
            self.problems.append(Problem("CTieuTKhaiChinh/Header", "no method check box is ticked"))

    # 01/CNKD TT 18
    def _tt18(self) -> None:
        part = find(self.root, f"{BODY}/KhaiThueGTGTTNCN")
        where = "CTieuTKhaiChinh/KhaiThueGTGTTNCN"
        sums = dict.fromkeys(("ct11", "ct12_soThue", "ct13", "ct14", "ct15_soThue"), 0)
        names = group_names(self.rules, self.on)
        collected = []
        for section in ("KinhDoanhDiaDiemCoDinh", "KinhDoanhTMDT", "KinhDoanhLPS"):
            for place in kids(find(part, section), "DoanhThuThueGTGTTNCN"):
                for row in kids(place, "CTietDoanhThu"):
                    row_where = f"{where}/{section}/CTietDoanhThu[@id='{row.get('id', '')}']"
                    values = {tag: self.num(row, tag, row_where) for tag in sums}
                    for tag, value in values.items():
                        sums[tag] += value
                    name = text(row, "ct09_ten")
                    rate = self.rate(names[name], "vat") if name in names else None
                    if rate is not None and values["ct11"]:
                        self.rate_rows[rate] += 1
                    collected.append((row_where, name, values))
        for row_where, name, values in collected:
            self._tt18_row(row_where, name, values, names)
        total = find(part, "TongCongCT16")
        total_tags = ("tongCT11", "tongCT12", "tongCT13", "tongCT14", "tongCT15")
        for tag, total_tag in zip(sums, total_tags, strict=True):
            self.expect(f"{where}/TongCongCT16/{total_tag}", self.num(total, total_tag, where), sums[tag],
                        f"the sum of [{tag[2:4]}] over all rows")
        for tax, box in (("GTGT", "12"), ("TNCN", "15")):
            whole = self.num(total, f"tongCT{box}", where)
            exempt = self.num(part, f"SoThueMienCT17/soThueDuocMienCT{box}", where)
            payable = self.num(part, f"SoThueConPhaiNopCT18/soThue{tax}_ct{box}", where)
            self.expect(f"{where}/SoThueConPhaiNopCT18/soThue{tax}_ct{box}", payable, whole - exempt,
                        f"[16]({box}) − [17]({box})")
        left = integer(self.root, f"{BODY}/soTienTruKyTiep", "CTieuTKhaiChinh")
        threshold = int(self.rules.value("threshold", self.on))
        if left is not None and not 0 <= left <= threshold - self.num(total, "tongCT14", where):
            self.problems.append(Problem("CTieuTKhaiChinh/soTienTruKyTiep",
                                         f"{left} is not within 0 and the threshold {threshold} less the "
                                         f"deduction used in this period"))
        support = find(self.root, f"{BODY}/HoTroThongTinNopThue")
        if find(support, "tongTienCT44") is not None:
            self.expect("CTieuTKhaiChinh/HoTroThongTinNopThue/tongTienCT44",
                        self.num(support, "tongTienCT44", "HoTroThongTinNopThue"),
                        sum(self.num(row, "ct38", "HoTroThongTinNopThue")
                            for row in kids(support, "ChiTietThongTinNopTHue")), "the sum of [38]")
        self._tt18_payments(support, part, where)
        header = find(self.root, f"{BODY}/Header")
        ticked = [box for box in ("nopThueTNCNDoanhThu", "nopThueTNCNThunhapTinhThue")
                  if text(header, box) in ("1", "true")]
        if len(ticked) != 1:
            self.problems.append(Problem("CTieuTKhaiChinh/Header", "exactly one of nopThueTNCNDoanhThu and "
                                         "nopThueTNCNThunhapTinhThue must be ticked"))

    def _tt18_payments(self, support: ET.Element | None, part: ET.Element | None, where: str) -> None:
        """Part D, when filled: the rows of each tax's tiểu mục ([40], `budget.sub_item.*`) add up to
        that tax's [18] (TT 18/2026 mẫu 01/CNKD Part D; xml-format.md §9.3)."""
        rows = kids(support, "ChiTietThongTinNopTHue")
        if not rows:
            return
        for tax, name, box in (("vat", "GTGT", "12"), ("pit", "TNCN", "15")):
            item = str(self.rules.value(f"budget.sub_item.{tax}", self.on))
            paid = sum(self.num(row, "ct38", "HoTroThongTinNopThue")
                       for row in rows if text(row, "ct40_ma") == item)
            payable = self.num(part, f"SoThueConPhaiNopCT18/soThue{name}_ct{box}", where)
            self.expect("CTieuTKhaiChinh/HoTroThongTinNopThue/ChiTietThongTinNopTHue/ct38", paid, payable,
                        f"[18]({box}): the payable {name} (rows with tiểu mục {item})")

    def _tt18_row(self, where: str, name: str, values: dict[str, int], names: dict[str, str]) -> None:
        group = names.get(name)
        if group is None:
            self.problems.append(Problem(f"{where}/ct09_ten", f"{name!r} is not an industry group name"))
            return
        vat_rate, pit_rate = self.rate(group, "vat"), self.rate(group, "pit")
        if vat_rate is not None:
            ok, expected = self.vat_ok(values["ct11"], values["ct12_soThue"], [vat_rate])
            if not ok:
                written = values["ct12_soThue"]
                self.problems.append(Problem(f"{where}/ct12_soThue",
                                             f"{written} ≠ round([11] × {vat_rate}) = {expected}"))
        if values["ct14"] < 0 or values["ct14"] > max(values["ct13"], 0):
            self.problems.append(Problem(f"{where}/ct14", f"the deduction {values['ct14']} is not within 0 "
                                         f"and the revenue [13] {values['ct13']}"))
        elif pit_rate is not None:
            self.expect(f"{where}/ct15_soThue", values["ct15_soThue"],
                        apply_rate(values["ct13"] - values["ct14"], pit_rate),
                        f"round(([13] − [14]) × {pit_rate})")

    # 01/TKN-CNKD
    def _tkn(self) -> None:
        body = find(self.root, BODY)
        for group in TKN_GROUPS:
            values = [self.num(body, f"{group}/ct{n}", "CTieuTKhaiChinh") for n in range(11, 16)]
            self.expect(f"CTieuTKhaiChinh/{group}/ct16", self.num(body, f"{group}/ct16", "CTieuTKhaiChinh"),
                        sum(values), "[11]+…+[15]")

    # appendices
    def _appendices(self) -> None:
        pluc = find(self.root, PLUC)
        bk = find(pluc, "PLuc_01_2_BK_HDKD")
        if bk is not None:
            self._bk_hdkd(bk)
        htk = find(pluc, "PLuc_01_BK_HTK")
        if htk is not None:
            self._bk_htk(htk)
        cut = find(pluc, "PL_NQ142_GTGT")
        if cut is not None:
            self._vat_cut(cut)
        explain = find(pluc, "PL01_1_KHBS")
        if explain is not None:
            self._khbs(explain)

    def _bk_hdkd(self, bk: ET.Element) -> None:
        where = "PLuc/PLuc_01_2_BK_HDKD"
        costs = find(bk, "ChiPhiQL")
        self.expect(f"{where}/ChiPhiQL/ct31", self.num(costs, "ct31", where),
                    sum(self.num(costs, f"ct{n}", where) for n in range(24, 31)), "[24]+…+[30]")
        table = find(bk, "VlieuDcuSPHH/BKeVLDCSPHH")
        rows = kids(table, "CTietHKDCNKD")
        for column in range(8, 16):  # [08]–[15] total in [16]–[23]
            total_tag = f"ct{column + 8}"
            if not text(table, total_tag):
                continue
            expected = sum((self._qty(row, f"ct{column:02d}") for row in rows), Decimal(0))
            written = self._qty(table, total_tag)
            if written != expected:
                self.problems.append(Problem(f"{where}/{total_tag}",
                                             f"{written} ≠ the sum of [{column:02d}] = {expected}"))
        for row in rows:
            for first in (8, 9):
                opening, inflow, outflow, closing = (self._qty(row, f"ct{first + 2 * k:02d}")
                                                     for k in range(4))
                if closing != opening + inflow - outflow:
                    self.problems.append(Problem(
                        f"{where}/CTietHKDCNKD[@id='{row.get('id', '')}']/ct{first + 6}",
                        f"closing {closing} ≠ opening + in − out = {opening + inflow - outflow}"))

    def _qty(self, el: ET.Element | None, path: str) -> Decimal:
        raw = text(el, path)
        try:
            return Decimal(raw) if raw else Decimal(0)
        except ArithmeticError:
            return Decimal(0)  # reported by the structure check

    def _bk_htk(self, htk: ET.Element) -> None:
        where = "PLuc/PLuc_01_BK_HTK"
        totals = []
        for section, row_tag, value_tag in (("HHoaSPhamTonKho", "CTietHHoaSPham", "ct09"),
                                            ("MayMocThietBi", "CTietMayMocThietBi", "ct11")):
            table = find(htk, section)
            rows = kids(table, row_tag)
            value_sum = sum(self.num(row, "ct07", where) for row in rows)
            self.expect(f"{where}/{section}/{value_tag}", self.num(table, value_tag, where), value_sum,
                        "the sum of the rows' values")
            totals.append(value_sum)
        self.expect(f"{where}/ct13", self.num(htk, "ct13", where), sum(totals), "[09] + [11]")

    def _vat_cut(self, cut: ET.Element) -> None:
        where = "PLuc/PL_NQ142_GTGT/HH_DV_BanRaTrongKy"
        sales = find(cut, "HH_DV_BanRaTrongKy")
        rows = kids(sales, "BangKeTenHHDV")
        for row in rows:
            rate, reduced = self._qty(row, "thueSuatTheoQuyDinh"), self._qty(row, "thueSuatSauGiam")
            self.expect(f"{where}/BangKeTenHHDV[@id='{row.get('id', '')}']/thueGTGTDuocGiam",
                        self.num(row, "thueGTGTDuocGiam", where),
                        apply_rate(self.num(row, "giaTriHHDV", where), percent(rate - reduced)),
                        "(3) × [(4) − (5)]")
        self.expect(f"{where}/tongCongGiaTriHHDV", self.num(sales, "tongCongGiaTriHHDV", where),
                    sum(self.num(row, "giaTriHHDV", where) for row in rows), "the sum of (3)")
        self.expect(f"{where}/tongCongThueGTGTDuocGiam", self.num(sales, "tongCongThueGTGTDuocGiam", where),
                    sum(self.num(row, "thueGTGTDuocGiam", where) for row in rows), "the sum of (6)")

    def _khbs(self, explain: ET.Element) -> None:
        where = "PLuc/PL01_1_KHBS/Muc_A/DSachHSo"
        changes = 0
        for sheet in kids(find(explain, "Muc_A/DSachHSo"), "BKeHSo"):
            for row in kids(find(sheet, "CTietHSo"), "ChiTiet"):
                row_where = f"{where}/BKeHSo/CTietHSo/ChiTiet[@id='{row.get('id', '')}']"
                self.expect(f"{row_where}/ct06", self.num(row, "ct06", where),
                            self.num(row, "ct05", where) - self.num(row, "ct04", where), "(5) − (4)")
                changes += self.num(row, "ct7", where)
        self.expect(f"{where}/TongCong/tongCong_7",
                    self.num(explain, "Muc_A/DSachHSo/TongCong/tongCong_7", where), changes, "the sum of (7)")

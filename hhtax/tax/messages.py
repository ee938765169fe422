"""Plain sentences the engine puts in an assessment (filing notes, exclusion reasons), in English and
Vietnamese."""

from __future__ import annotations

from hhtax.tax.costs import EXCLUSION_REFS

Note = tuple[str, str]  # (English, Vietnamese)

NO_NOTE: Note = ("", "")
NOTHING_EXEMPT_A: Note = (
    "no return: calendar-year revenue ≤ {threshold} (TT 40/2021 Art 4.2)",
    "không phải khai: doanh thu năm ≤ {threshold} (TT 40/2021 Điều 4.2)",
)
NO_ANNUAL_A: Note = (
    "no annual return under the declaration method (TT 40/2021): file the monthly or quarterly 01/CNKD "
    "returns",
    "phương pháp kê khai (TT 40/2021) không quyết toán năm: khai 01/CNKD theo tháng hoặc quý",
)
NOTHING_G1: Note = (
    "no {kind} return: revenue ≤ {threshold}; file 01/TKN-CNKD by {due}",
    "không khai theo kỳ: doanh thu ≤ {threshold}; nộp 01/TKN-CNKD chậm nhất ngày {due}",
)
NEW_BUSINESS_HALVES: Note = (
    "no annual notice: the business started on {start}, so its revenue is notified on 01/TKN-CNKD for "
    "{year}-H1 (by 31/07) and {year}-H2 (by 31/01 of the next year) (NĐ 68/2026 Art 9.1)",
    "không thông báo doanh thu năm: hộ bắt đầu kinh doanh ngày {start} nên thông báo doanh thu trên "
    "01/TKN-CNKD cho kỳ 6 tháng đầu năm {year} (chậm nhất 31/07) và 6 tháng cuối năm {year} (chậm nhất "
    "31/01 năm sau) (NĐ 68/2026 Điều 9.1)",
)
NO_ANNUAL_REVENUE_METHOD: Note = (
    "no annual return for the revenue method: the year's PIT is the sum of the period returns (OQ-11)",
    "phương pháp doanh thu không quyết toán năm: thuế TNCN năm là tổng các kỳ (OQ-11)",
)
NO_HALF_YEAR: Note = (
    "no half-year return: returns are monthly or quarterly",
    "không có tờ khai nửa năm: khai theo tháng hoặc quý",
)
OTHER_FREQUENCY: Note = (
    "no {kind} return: the household files {frequency} returns; the figures are shown for information",
    "không có tờ khai {kind_vi}: hộ khai theo {frequency_vi}; số liệu chỉ để tham khảo",
)
NOTHING_BEFORE_CROSSING: Note = (
    "no return for this period: cumulative revenue had not passed the threshold; the first return is "
    "{crossing} (OQ-01)",
    "kỳ này không phải khai: doanh thu lũy kế chưa vượt ngưỡng; tờ khai đầu tiên là kỳ {crossing} (OQ-01)",
)


FREQUENCY_VI = {"monthly": "tháng", "quarterly": "quý"}
KIND_VI = {"monthly": "tháng", "quarterly": "quý"}


def frequency_note(kind: str, frequency: str) -> Note:
    """A period assessed at another frequency than the household files (e.g. a month of a quarterly filer)."""
    return note(
        OTHER_FREQUENCY,
        kind=kind,
        frequency=frequency,
        kind_vi=KIND_VI.get(kind, kind),
        frequency_vi=FREQUENCY_VI.get(frequency, frequency),
    )


def note(pair: Note, **values: object) -> Note:
    """Both sentences of a note, formatted with `values`."""
    return pair[0].format(**values), pair[1].format(**values)


REASON_EN = {
    "personal": "personal or family spending",
    "owner_wage": "wages of the owner or household members",
    "wage_unpaid": "wages booked but not paid",
    "depreciation_excess": "depreciation above the allowed level or of assets not used in the business",
    "fine": "fines, contract penalties and compensation due to the household's own fault",
    "private_asset": "residential land, houses, cars and other assets in the individual's own name",
    "no_document": "no invoice or voucher",
    "cash_payment": "single payment of {limit} or more made in cash",
}
# `{limit}` is the `cash_payment_limit` rule of the period, formatted by the caller.
REASON_VI = {
    "personal": "chi tiêu cá nhân, gia đình",
    "owner_wage": "tiền lương của chủ hộ, thành viên hộ",
    "wage_unpaid": "tiền lương đã hạch toán nhưng chưa chi trả",
    "depreciation_excess": "khấu hao vượt mức hoặc của tài sản không dùng cho kinh doanh",
    "fine": "tiền phạt vi phạm hành chính, vi phạm hợp đồng, bồi thường do lỗi của hộ",
    "private_asset": "đất ở, nhà ở, ô tô và tài sản khác đứng tên cá nhân",
    "no_document": "không có hóa đơn, chứng từ",
    "cash_payment": "thanh toán bằng tiền mặt từ {limit} đồng trở lên mỗi lần",
}

__all__ = ["EXCLUSION_REFS", "REASON_EN", "REASON_VI", "Note", "note"]

"""What `declare` tells the user about a return: the readings (OQ-nn of shared/law/open-questions.md)
the figures rest on, each as one short sentence in English and Vietnamese, and the engine's warnings.

A reading the engine explains with a warning of the same code uses the engine's message; the others
use the sentence below, which summarises the reading adopted in open-questions.md.
"""

from __future__ import annotations

from hhtax.declarations.model import Note
from hhtax.tax.assessment import Assessment

READINGS: dict[str, tuple[str, str]] = {
    "OQ-01": ("the first return after crossing the threshold declares revenue from 01/01 to the end of the "
              "period",
              "tờ khai đầu tiên sau khi vượt ngưỡng khai doanh thu lũy kế từ 01/01 đến hết kỳ"),
    "OQ-02": ("the 1 bn deduction is used period by period, on the highest PIT rate first; "
              "the balance carries to the next period and lapses at 31/12",
              "mức trừ 1 tỷ được trừ dần theo từng kỳ, ưu tiên nhóm ngành có thuế suất TNCN cao nhất; "
              "phần còn lại chuyển sang kỳ sau và hết hiệu lực vào 31/12"),
    "OQ-03": ("provisional PIT under the income method = industry rate × (revenue − unused deduction); "
              "the finalisation trues it up",
              "thuế TNCN tạm nộp theo phương pháp thu nhập = tỷ lệ ngành × (doanh thu − mức trừ còn lại); "
              "quyết toán năm sẽ điều chỉnh"),
    "OQ-04": ("01/CNKD is written in the TT 18 layout (1240 / 2.8.9); the TT 50 code is not confirmed",
              "tờ khai 01/CNKD theo mẫu TT 18 (1240 / 2.8.9); mã XML của mẫu TT 50 chưa được xác nhận"),
    "OQ-05": ("the 2026 01/TKN-CNKD XML (1245) is an unverified format: check it before filing",
              "định dạng XML 01/TKN-CNKD năm 2026 (1245) chưa được xác nhận: kiểm tra trước khi nộp"),
    "OQ-07": ("the VAT column carries the tax after the 20 % cut; the cut is listed on PL_NQ142_GTGT",
              "cột thuế GTGT ghi số thuế sau khi giảm 20 %; phần giảm kê trên phụ lục PL_NQ142_GTGT"),
    "OQ-10": ("each row's tax (industry group × place × period) is rounded half-up to the đồng once, then "
              "the rounded rows are added",
              "thuế từng dòng tờ khai (nhóm ngành × địa điểm × kỳ) được làm tròn đến đồng một lần (từ 0,5 "
              "làm tròn lên) rồi cộng các dòng"),
    "OQ-11": ("the year's revenue-method PIT is the sum of the period returns",
              "thuế TNCN năm theo phương pháp doanh thu là tổng số thuế các kỳ đã khai"),
    "OQ-12": ("the group and filing frequency follow the declared profile and last year's revenue",
              "nhóm và kỳ khai theo thông tin đã đăng ký và doanh thu năm trước"),
    "OQ-28": ("the period's group and duty follow the household's estimate of the year's revenue (else last "
              "year's revenue), as held when the period is filed; later entries are not read",
              "nhóm và nghĩa vụ khai của kỳ theo ước tính doanh thu năm của hộ (nếu không có: doanh thu năm "
              "trước) tại thời điểm khai; không xét các bút toán sau kỳ"),
    "OQ-30": ("returns are quarterly at or under 50 bn (NĐ 68/2026 Art 10.1.a); monthly only by the "
              "household's override, with its reason",
              "doanh thu đến 50 tỷ khai theo quý (NĐ 68/2026 Điều 10.1.a); khai theo tháng chỉ khi hộ chọn, "
              "có nêu lý do"),
    "OQ-14": ("a loss under the income method gives PIT 0; it is not carried forward",
              "lỗ theo phương pháp thu nhập: thuế TNCN bằng 0, không chuyển lỗ"),
    "OQ-15": ("the 50,000 đồng minimum tax exemption is not applied",
              "không áp dụng miễn thuế cho số thuế năm từ 50.000 đồng trở xuống"),
    "OQ-18": ("the 2025 threshold is tested on actual calendar-year revenue, not annualised",
              "ngưỡng năm 2025 xét theo doanh thu thực tế của năm dương lịch, không quy đổi cả năm"),
    "OQ-19": ("2025 digital content is declared as services (row [29]); leasing goes to 01/TTS",
              "năm 2025 nội dung số khai vào nhóm dịch vụ (dòng [29]); cho thuê tài sản khai trên 01/TTS"),
    "OQ-26": ("the income-method finalisation is written as 02/CNKD (1244 / 2.8.9) in the layout the tax "
              "authority's viewer reads; Part B shows the PIT left after the provisional payments",
              "quyết toán thuế TNCN theo phương pháp thu nhập lập theo mẫu 02/CNKD (1244 / 2.8.9) mà "
              "phần mềm của cơ quan thuế đọc được; phần B ghi số thuế còn phải nộp sau khi trừ số đã "
              "tạm nộp"),
    "OQ-23": ("the viewer lists no KHBS appendix for 1240 B: the explanation of the changes and the late "
              "interest are on the PDF and below, not in the XML; attach them on the portal if asked",
              "danh mục của cơ quan thuế không có phụ lục KHBS cho tờ khai 1240 bổ sung: bản giải trình "
              "và tiền chậm nộp in trên PDF và dưới đây, không ghi trong XML; đính kèm trên cổng thuế "
              "nếu được yêu cầu"),
    "OQ-23-override": ("--khbs-appendix: the KHBS appendices are in the 1240 B file although the viewer "
                       "lists none for it; the tax authority's viewer fails on this file",
                       "--khbs-appendix: tệp 1240 bổ sung có phụ lục KHBS dù danh mục không liệt kê; "
                       "phần mềm xem tờ khai của cơ quan thuế sẽ báo lỗi với tệp này"),
    "KHBS-C": ("this form has no supplementary (B) entry in the viewer's catalogue: the correction is "
               "filed as a new original return with the corrected figures; the explanation is on the PDF",
               "mẫu này không có loại tờ khai bổ sung trong danh mục của cơ quan thuế: nộp lại tờ khai "
               "lần đầu với số liệu đã điều chỉnh; bản giải trình in trên PDF"),
}


def reading_note(code: str) -> Note:
    """The reading `code` as a sentence (the code alone when it has no sentence here)."""
    en, vi = READINGS.get(code, ("reading used", "đã áp dụng cách hiểu"))
    return Note(code, en, vi)


def assessment_notes(assessment: Assessment, form_readings: tuple[str, ...] = ()) -> tuple[Note, ...]:
    """The form's readings, then each reading of the assessment (the engine's message when it gave
    one), then the engine's other warnings; each code once, in that order."""
    warnings = {w.code: w for w in assessment.warnings}
    notes: list[Note] = []
    seen: set[str] = set()
    for code in (*form_readings, *assessment.readings):
        if code in seen:
            continue
        seen.add(code)
        warning = warnings.get(code)
        notes.append(Note(code, warning.message, warning.message_vi or warning.message)
                     if warning is not None else reading_note(code))
    for warning in assessment.warnings:
        if warning.code not in seen:
            notes.append(Note(warning.code, warning.message, warning.message_vi or warning.message))
    return tuple(notes)

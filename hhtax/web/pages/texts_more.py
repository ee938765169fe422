"""The words of the journal, books, returns and clients pages (vi, en); see `texts`."""

from __future__ import annotations

from hhtax.i18n import register

register(
    {
        # -- journal ----------------------------------------------------------------------------------
        "page.journal.title": ("Nhật ký", "Journal"),
        "page.journal.period": ("Kỳ", "Period"),
        "page.journal.period_hint": ("ví dụ 2026-03, 2026-Q1, 2026", "e.g. 2026-03, 2026-Q1, 2026"),
        "page.journal.id": ("Số", "No."),
        "page.journal.empty": ("Không có bút toán nào.", "No entries."),
        "page.journal.newer": ("← Mới hơn", "← Newer"),
        "page.journal.older": ("Cũ hơn →", "Older →"),
        "page.journal.newest": ("Mới nhất", "Newest"),
        "page.journal.reverse": ("Đảo", "Reverse"),
        "page.journal.reversal_of": ("đảo bút toán {id}", "reverses entry {id}"),
        "page.journal.reversed": (
            "Đã ghi bút toán {id} đảo bút toán {original}.",
            "Entry {id} recorded; it reverses entry {original}.",
        ),
        "page.journal.bad_period": ("Kỳ không hợp lệ: {detail}", "Not a period: {detail}"),
        "page.reverse.title": ("Đảo bút toán {id}", "Reverse entry {id}"),
        "page.reverse.explain": (
            "Nhật ký không xóa được dòng nào. Đảo một bút toán là ghi thêm một bút toán "
            "với số tiền ngược dấu, cùng ngày với bút toán gốc.",
            "Nothing is ever deleted from the journal. Reversing an entry records a new "
            "entry with the opposite amount, dated as the original.",
        ),
        "page.reverse.confirm": (
            "Tôi chắc chắn muốn đảo bút toán này",
            "I am sure I want to reverse this entry",
        ),
        "page.reverse.send": ("Ghi bút toán đảo", "Record the reversal"),
        "page.reverse.need_confirm": ("hãy đánh dấu ô xác nhận", "tick the confirmation box"),
        # -- books ------------------------------------------------------------------------------------
        "page.books.title": ("Sổ kế toán", "Books"),
        "page.books.intro": (
            "Các sổ hộ kinh doanh phải lập cho kỳ {period}, theo quy định.",
            "The books the household keeps for {period}, as the law requires.",
        ),
        "page.books.code": ("Sổ", "Book"),
        "page.books.reason": ("Vì sao phải lập", "Why"),
        "page.books.formats": ("Tải về", "Download"),
        "page.books.none": ("Không có sổ nào phải lập cho kỳ này.", "No book is required for this period."),
        "page.books.choose": ("Chọn kỳ", "Choose the period"),
        "page.book.rows": ("Dòng {first}–{last}", "Rows {first}–{last}"),
        "page.book.prev": ("← Trang trước", "← Previous page"),
        "page.book.next": ("Trang sau →", "Next page →"),
        "page.book.page": ("Trang {page}", "Page {page}"),
        "page.book.warnings": ("Lưu ý", "Notes"),
        "page.book.back": ("Tất cả các sổ", "All books"),
        # -- returns ----------------------------------------------------------------------------------
        "page.returns.title": ("Tờ khai", "Returns"),
        "page.returns.year": ("Các tờ khai và thông báo năm {year}", "Returns and notices of {year}"),
        "page.returns.open": ("Xem và lập", "View and prepare"),
        "page.returns.late": (
            "trễ {days} ngày, tiền chậm nộp {interest}",
            "{days} days late, late interest {interest}",
        ),
        "page.returns.none": ("Không có tờ khai nào trong năm này.", "No return this year."),
        "page.status.filed": ("Đã nộp", "Filed"),
        "page.status.due": ("Phải nộp", "Due"),
        "page.status.overdue": ("Quá hạn", "Overdue"),
        "page.status.upcoming": ("Chưa đến kỳ", "Not yet"),
        "page.status.error": ("Lỗi", "Error"),
        "page.status.nothing": ("Không phải khai", "Nothing due"),
        "page.status.written": ("Không ghi nhận được (sổ chỉ đọc)", "Not recorded (read-only ledger)"),
        "page.return.title": ("Tờ khai kỳ {period}", "Return for {period}"),
        "page.return.preview": ("Xem trước tờ khai", "Preview"),
        "page.return.pdf_fallback": (
            "Trình duyệt không hiển thị được PDF ở đây: mở tệp PDF.",
            "Your browser cannot show the PDF here: open the PDF file.",
        ),
        "page.return.xml": ("Tệp XML (nộp trên cổng thuế điện tử)", "XML file (for the e-tax portal)"),
        "page.return.pdf": ("Tệp PDF (bản in)", "PDF file (printable)"),
        "page.return.figures": ("Các chỉ tiêu", "Figures"),
        "page.return.box": ("Chỉ tiêu", "Box"),
        "page.return.value": ("Giá trị", "Value"),
        "page.return.to_pay": ("Số phải nộp lần này", "To pay now"),
        "page.return.late": (
            "Nộp muộn {days} ngày: tiền chậm nộp {interest} (tính đến {on}).",
            "Filed {days} days late: late interest {interest} (to {on}).",
        ),
        "page.return.explain": ("Giải thích từng số (tiếng Việt)", "Every figure explained (in Vietnamese)"),
        "page.return.warnings": ("Lưu ý trước khi nộp", "Check before filing"),
        "page.return.not_locked": (
            "Lập và tải tờ khai không khóa sổ. Sau khi đã nộp trên cổng thuế điện tử, "
            'bấm "Đánh dấu đã nộp": kỳ này sẽ bị khóa, mọi thay đổi sau đó phải khai '
            "bổ sung.",
            "Preparing and downloading the return locks nothing. Once you have filed it "
            'on the e-tax portal, press "Mark as filed": the period is then locked and '
            "any later change needs a supplementary return.",
        ),
        "page.return.confirm": (
            "Tôi đã nộp tờ khai này trên cổng thuế điện tử",
            "I have filed this return on the e-tax portal",
        ),
        "page.return.mark": ("Đánh dấu đã nộp", "Mark as filed"),
        "page.return.filed": (
            "Đã ghi nhận tờ khai {form} kỳ {period}; kỳ này đã được khóa.",
            "Recorded the filing of {form} for {period}; the period is locked.",
        ),
        "page.return.chain": (
            "Mã kiểm tra của sổ (chain head) lúc lập tờ khai:",
            "The ledger's chain head the return was prepared from:",
        ),
        "page.return.chain_now": (
            "Mã kiểm tra hiện tại của sổ (đến bút toán {entry}):",
            "The ledger's chain head now (up to entry {entry}):",
        ),
        "page.return.chain_hint": (
            "Ghi lại mã này ở nơi khác: lệnh `hhtax verify --head <mã>` chứng minh về sau "
            "rằng sổ không bị sửa đến bút toán đó.",
            "Write it down somewhere else: `hhtax verify --head <head>` later proves the "
            "ledger was not altered up to that entry.",
        ),
        "page.return.changed": (
            "Sổ đã thay đổi kể từ khi xem trước (tờ khai khác với bản đã tải): xem lại tờ khai rồi nộp lại.",
            "The ledger changed since the preview (the return differs from the one "
            "downloaded): review the return and file again.",
        ),
        "page.return.need_confirm": (
            "hãy đánh dấu ô xác nhận đã nộp",
            "tick the box confirming you filed it",
        ),
        "page.return.filings": ("Đã nộp", "Filed"),
        "page.return.amend_title": ("Khai bổ sung kỳ {period}", "Supplementary return for {period}"),
        "page.return.amend_intro": (
            "Kỳ này đã nộp tờ khai. Nếu sổ đã thay đổi (ghi thêm, đảo bút toán với "
            '"ghi vào kỳ đã nộp"), lập tờ khai bổ sung: hhtax tính lại từ sổ và '
            "tính tiền chậm nộp.",
            "This period has been filed. If the ledger changed since (entries recorded "
            'or reversed "in a filed period"), prepare a supplementary return: hhtax '
            "rebuilds it from the ledger, with late interest.",
        ),
        "page.return.amend_open": ("Lập tờ khai bổ sung", "Prepare the supplementary return"),
        "page.return.amend_confirm": (
            "Tôi đã nộp tờ khai bổ sung này trên cổng thuế điện tử",
            "I have filed this supplementary return on the e-tax portal",
        ),
        "page.return.amend_mark": ("Đánh dấu đã nộp bổ sung", "Mark the supplementary return as filed"),
        "page.return.amend_filed": (
            "Đã ghi nhận tờ khai bổ sung lần {seq} kỳ {period}.",
            "Recorded supplementary return no. {seq} for {period}.",
        ),
        "page.return.changes": ("Thay đổi so với lần khai trước", "Changes from the last return"),
        "page.return.was": ("Đã khai", "Filed"),
        "page.return.now": ("Khai lại", "Corrected"),
        "page.return.diff": ("Chênh lệch", "Difference"),
        "page.return.tax_change": (
            "Thuế thay đổi: {amount}; tiền chậm nộp: {interest}.",
            "Change of tax: {amount}; late interest: {interest}.",
        ),
        "page.return.back": ("Tất cả các tờ khai", "All returns"),
        "page.return.also": ("Tờ khai kèm theo: {form}", "Also due: {form}"),
        "page.return.read_only": (
            "Sổ văn bản không ghi nhận việc nộp tờ khai.",
            "A plain-text ledger records no filings.",
        ),
        # -- clients ----------------------------------------------------------------------------------
        "page.clients.title": ("Khách hàng", "Clients"),
        "page.clients.period": ("Kỳ khai", "Period"),
        "page.clients.show": ("Xem", "Show"),
        "page.clients.client": ("Khách hàng", "Client"),
        "page.clients.name": ("Người nộp thuế", "Taxpayer"),
        "page.clients.counts": (
            "{filed} đã nộp · {due} phải nộp · {overdue} quá hạn · {error} lỗi · {nothing} không phải khai",
            "{filed} filed · {due} due · {overdue} overdue · {error} errors · {nothing} nothing due",
        ),
        "page.clients.days_late": ("{form}: trễ {days} ngày", "{form}: {days} days late"),
        "page.clients.none": ("Thư mục không có sổ nào.", "The folder holds no ledger."),
        "page.clients.batch": ("Lập tờ khai hàng loạt", "Batch filing"),
        "page.clients.batch_intro": (
            "Lập tờ khai kỳ {period} cho mọi khách hàng: tệp XML và PDF được ghi vào "
            "{out}, và mỗi sổ SQLite ghi nhận việc nộp (khóa kỳ).",
            "Prepare the {period} return of every client: the XML and PDF files go "
            "to {out}, and each SQLite ledger records the filing (locking the period).",
        ),
        "page.clients.batch_books": ("Kèm các sổ kế toán", "With the books"),
        "page.clients.batch_run": ("Chạy", "Run"),
        "page.clients.batch_running": (
            "Đang chạy: {done}/{total} khách hàng.",
            "Running: {done} of {total} clients.",
        ),
        "page.clients.batch_done": (
            "Xong: {ok} đã lập, {filed} đã nộp trước đó, {nothing} không phải khai, {failed} lỗi.",
            "Done: {ok} prepared, {filed} filed before, {nothing} nothing due, {failed} failed.",
        ),
        "page.clients.batch_failed": ("Không chạy được: {error}", "The batch could not run: {error}"),
        "page.clients.batch_busy": ("Một lượt chạy khác đang chạy.", "Another batch is running."),
        "page.clients.batch_wait": (
            "Trang tự tải lại vài giây một lần.",
            "This page reloads every few seconds.",
        ),
        "page.clients.batch_result": ("Kết quả", "Result"),
        "page.clients.batch_files": ("Tệp", "Files"),
        "page.clients.result.ok": ("Đã lập", "Prepared"),
        "page.clients.result.nothing_due": ("Không phải khai", "Nothing due"),
        "page.clients.result.filed": ("Đã nộp trước đó", "Filed before"),
        "page.clients.result.failed": ("Lỗi", "Failed"),
        "page.clients.result.pending": ("Đang chờ", "Waiting"),
        "page.clients.summary": ("Bảng tổng hợp (CSV)", "Summary (CSV)"),
    }
)

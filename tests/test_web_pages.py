"""The web pages of `hhtax serve` (issue 17): every page renders for the example ledgers, recording
and uploading go through the library's validation, the journal pages by keyset, reversals and book
downloads, CSRF and the busy ledger. Returns: test_web_pages_returns.py; clients: …_clients.py."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from web_pages_support import (
    EXAMPLES,
    LEDGERS,
    TODAY,
    csrf_of,
    field_error,
    pages_client,
    sqlite_copy,
    value_of,
)

from hhtax import Ledger
from hhtax.journal import connection
from hhtax.journal.listing import PageQuery, memory_page
from hhtax.web.pages.view_books import default_year

PAGES = ("/", "/record", "/upload", "/journal", "/books", "/returns")


def _links(html: str, prefix: str) -> list[str]:
    return sorted(set(re.findall(rf'href="({re.escape(prefix)}[^"?#]*)', html)))


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_renders_for_every_example_ledger(
    name: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pages_client(monkeypatch, ledger=LEDGERS / name) as client:
        for path in PAGES:
            answer = client.get(path, params={"lang": lang})
            assert answer.status_code == 200, (path, answer.text[:500])
            assert f'<html lang="{lang}">' in answer.text
            assert "Traceback" not in answer.text
        books = client.get("/books").text
        for link in _links(books, "/books/S")[:2]:
            assert client.get(link).status_code == 200, link
        returns = client.get("/returns").text
        for link in _links(returns, "/returns/")[:3]:
            answer = client.get(link)
            assert answer.status_code == 200, (link, answer.text[:500])
            assert "Traceback" not in answer.text


def test_the_language_is_vietnamese_first_and_the_choice_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pages_client(monkeypatch, ledger=LEDGERS / "grocery-2026") as client:
        first = client.get("/", headers={"Accept-Language": ""})
        assert '<html lang="vi">' in first.text and "Doanh thu năm 2026" in first.text
        english = client.get("/?lang=en")
        assert "Revenue in 2026" in english.text and english.cookies.get("hhtax_lang") == "en"
        assert '<html lang="en">' in client.get("/journal").text  # kept by the cookie


def test_home_shows_the_library_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    with Ledger.open(LEDGERS / "grocery-2026") as ledger:
        status = ledger.status(on=TODAY, lang="vi")
        quarter = ledger.assess("2026-Q3")
    with pages_client(monkeypatch, ledger=LEDGERS / "grocery-2026") as client:
        html = client.get("/?lang=vi").text
    assert f"{status['revenue']:,}".replace(",", ".") in html
    assert f"{quarter.payable.value:,}".replace(",", ".") in html
    assert "<svg" in html and 'role="img"' in html
    assert html.index("Tờ khai quá hạn") < html.index("Doanh thu năm")  # overdue returns first
    for duty in status["overdue"]:
        assert f"/returns/{duty['period']}" in html


def test_recording_a_sale_changes_the_home_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sqlite_copy("grocery-2026", tmp_path)
    with Ledger.open(path) as ledger:
        before = ledger.status(on=TODAY)["revenue"]
    with pages_client(monkeypatch, ledger=path) as client:
        form = client.get("/record")
        assert value_of(form.text, "date") == TODAY.isoformat()
        answer = client.post(
            "/record",
            data={
                "csrf": csrf_of(form.text),
                "kind": "sale",
                "date": "2026-12-05",
                "amount": "1234000",
                "line": "goods",
                "payment": "cash",
                "description": "Bán lẻ",
            },
            follow_redirects=False,
        )
        assert answer.status_code == 303 and "/record?saved=" in answer.headers["location"]
        done = client.get(answer.headers["location"])
        assert "Đã ghi bút toán số" in done.text
        home = client.get("/").text
    after = before + 1_234_000
    assert f"{after:,}".replace(",", ".") in home
    with Ledger.open(path) as ledger:
        assert ledger.status(on=TODAY)["revenue"] == after


@pytest.mark.parametrize(
    ("field", "value", "lang"),
    [("amount", "12x", "vi"), ("amount", "12x", "en"), ("date", "2026-13-45", "vi"), ("line", "nope", "vi")],
)
def test_bad_input_shows_the_field_error_and_writes_nothing(
    field: str, value: str, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sqlite_copy("grocery-2026", tmp_path)
    with Ledger.open(path) as ledger:
        count = ledger.store.count()
    row = {
        "kind": "sale",
        "date": "2026-12-05",
        "amount": "500000",
        "line": "goods",
        "description": "Giữ lại",
    }
    row[field] = value
    with Ledger.open(path) as ledger:  # the message the CLI's `hhtax add` gives
        try:
            ledger.add_row({k: v for k, v in row.items() if v})
        except Exception as exc:
            expected = exc.msg.render(lang)  # type: ignore[attr-defined]
    with pages_client(monkeypatch, ledger=path) as client:
        csrf = csrf_of(client.get("/record").text)
        answer = client.post(f"/record?lang={lang}", data={**row, "csrf": csrf})
    assert answer.status_code == 422
    from html import unescape

    assert unescape(field_error(answer.text, field) or "") == expected
    assert value_of(answer.text, "description") == "Giữ lại"  # the input is kept
    assert 'aria-invalid="true"' in answer.text
    with Ledger.open(path) as ledger:
        assert ledger.store.count() == count


def test_forms_without_the_csrf_field_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sqlite_copy("grocery-2026", tmp_path)
    with Ledger.open(path) as ledger:
        count = ledger.store.count()
    with pages_client(monkeypatch, ledger=path) as client:
        row = {"kind": "sale", "date": "2026-12-05", "amount": "500000", "line": "goods"}
        assert client.post("/record", data=row).status_code == 403
        assert client.post("/record", data={**row, "csrf": "forged"}).status_code == 403
        assert client.post("/upload", files={"file": ("a.csv", b"date,kind,amount\n")}).status_code == 403
        assert client.post("/journal/1/reverse", data={"confirm": "1"}).status_code == 403
        refused = client.post("/returns/2026-Q3/file", data={"confirm": "1", "sha": "x"})
        assert refused.status_code == 403 and "Traceback" not in refused.text
    with Ledger.open(path) as ledger:
        assert ledger.store.count() == count and not ledger.filings()


def test_pages_need_the_session(monkeypatch: pytest.MonkeyPatch) -> None:
    with pages_client(monkeypatch, ledger=LEDGERS / "grocery-2026", signed_in=False) as client:
        answer = client.get("/journal")
    assert answer.status_code == 401 and "hhtax serve" in answer.text and "<html" in answer.text


def test_upload_imports_a_csv_and_shows_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sqlite_copy("grocery-2026", tmp_path)
    data = (
        "date,kind,amount,line,doc,description,payment\n"
        "2026-12-01,sale,700000,goods,W1,Bán lẻ,cash\n"
        "2026-12-02,sale,800000,goods,W2,Bán lẻ,cash\n"
    ).encode()
    with pages_client(monkeypatch, ledger=path) as client:
        csrf = csrf_of(client.get("/upload").text)
        answer = client.post(
            "/upload", data={"csrf": csrf}, files={"file": ("../../ngày 1.csv", data, "text/csv")}
        )
        assert answer.status_code == 200, answer.text[:800]
        assert "2 bút toán mới, 0 đã có" in answer.text and "ngày 1.csv" in answer.text
        again = client.post("/upload", data={"csrf": csrf}, files={"file": ("ngày 1.csv", data, "text/csv")})
        assert "0 bút toán mới, 2 đã có" in again.text
    with Ledger.open(path) as ledger:
        assert {e.doc for e in ledger.entries() if e.doc in ("W1", "W2")} == {"W1", "W2"}


def test_upload_refuses_a_bad_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sqlite_copy("grocery-2026", tmp_path)
    with Ledger.open(path) as ledger:
        count = ledger.store.count()
    data = (b"date,kind,amount,line\n2026-12-01,sale,700000,goods\n2026-12-02,sale,80x,goods\n")
    with pages_client(monkeypatch, ledger=path) as client:
        csrf = csrf_of(client.get("/upload").text)
        answer = client.post("/upload", data={"csrf": csrf}, files={"file": ("bad.csv", data, "text/csv")})
        assert answer.status_code == 422
        assert "không dòng nào được ghi" in answer.text and "Dòng 3, cột amount" in answer.text
        wrong = client.post("/upload", data={"csrf": csrf}, files={"file": ("x.exe", b"MZ", "x/y")})
        assert wrong.status_code == 422 and ".csv" in wrong.text
    with Ledger.open(path) as ledger:
        assert ledger.store.count() == count


def test_a_read_only_ledger_offers_no_form(monkeypatch: pytest.MonkeyPatch) -> None:
    with pages_client(monkeypatch, ledger=LEDGERS / "grocery-2026") as client:
        for path in ("/record", "/upload"):
            html = client.get(path).text
            assert "hhtax init --from" in html and '<form class="stack' not in html


def _walk(client: object, params: dict[str, str]) -> list[int]:
    ids: list[int] = []
    cursor: dict[str, str] = {}
    while True:
        html = client.get("/journal", params={**params, **cursor}).text  # type: ignore[attr-defined]
        ids += [int(x) for x in re.findall(r'<td data-label="[^"]*">(\d+)</td>', html)]
        older = re.search(r'rel="next" href="[^"]*before=(\d+)', html)
        if older is None:
            return ids
        cursor = {"before": older.group(1)}


def test_journal_pages_by_keyset_with_filters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sqlite_copy("grocery-2026", tmp_path)
    with Ledger.open(path) as ledger:
        entries = list(ledger.entries())
    newest_first = [e.id for e in sorted(entries, key=lambda e: (e.date, e.id), reverse=True)]
    with pages_client(monkeypatch, ledger=path) as client:
        assert _walk(client, {}) == newest_first
        chosen = [
            e.id
            for e in sorted(entries, key=lambda e: (e.date, e.id), reverse=True)
            if e.kind.value == "sale" and "2026-07-01" <= e.date.isoformat() <= "2026-09-30"
        ]
        assert _walk(client, {"kind": "sale", "period": "2026-Q3"}) == chosen
        second = client.get("/journal", params={"before": str(newest_first[49])}).text
        newer = re.search(r'rel="prev" href="[^"]*after=(\d+)', second)
        assert newer is not None
        back = client.get("/journal", params={"after": newer.group(1)}).text
        assert re.findall(r'<td data-label="[^"]*">(\d+)</td>', back)[:50] == [
            str(i) for i in newest_first[:50]
        ]
        bad = client.get("/journal", params={"period": "2026-Q9"})
        assert bad.status_code == 422 and 'id="e-period"' in bad.text


def test_text_ledger_journal_pages_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    with Ledger.open(LEDGERS / "tailor-2026") as ledger:
        entries = list(ledger.entries())
    expected = [e.id for e in sorted(entries, key=lambda e: (e.date, e.id), reverse=True)]
    with pages_client(monkeypatch, ledger=LEDGERS / "tailor-2026") as client:
        assert _walk(client, {}) == expected


def test_memory_and_sql_pages_agree(tmp_path: Path) -> None:
    path = sqlite_copy("restaurant-2026", tmp_path)
    with Ledger.open(path) as ledger:
        entries = list(ledger.entries())
        ids = [e.id for e in entries]
        for query in (
            PageQuery(size=7),
            PageQuery(kind="expense", size=5),
            PageQuery(line=entries[0].line, size=9),
            PageQuery(before=ids[len(ids) // 2], size=11),
            PageQuery(after=ids[3], size=4, kind="sale"),
            PageQuery(start=entries[10].date, end=entries[40].date, size=3, before=ids[30]),
        ):
            assert ledger.store.entry_page(query) == memory_page(entries, query), query


def test_reversing_an_entry_from_the_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sqlite_copy("grocery-2026", tmp_path)
    with Ledger.open(path) as ledger:
        target = next(e for e in ledger.entries() if e.kind.value == "sale" and e.date.month == 12)
        count = ledger.store.count()
    with pages_client(monkeypatch, ledger=path) as client:
        page = client.get(f"/journal/{target.id}/reverse")
        assert page.status_code == 200 and 'name="confirm"' in page.text
        unconfirmed = client.post(f"/journal/{target.id}/reverse", data={"csrf": csrf_of(page.text)})
        assert unconfirmed.status_code == 422
        done = client.post(
            f"/journal/{target.id}/reverse",
            data={"csrf": csrf_of(page.text), "confirm": "1"},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert "Đã ghi bút toán" in client.get(done.headers["location"]).text
        twice = client.post(
            f"/journal/{target.id}/reverse", data={"csrf": csrf_of(page.text), "confirm": "1"}
        )
        assert twice.status_code == 409 and "đã được đảo" in twice.text
        assert client.get("/journal/999999/reverse").status_code == 404
    with Ledger.open(path) as ledger:
        assert ledger.store.count() == count + 1
        last = list(ledger.entries())[-1]
        assert any(e.reverses == target.id and e.amount == -target.amount for e in ledger.entries()), last


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_book_downloads_are_the_library_bytes(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Ledger.open(LEDGERS / "restaurant-2026") as ledger:
        year = default_year(ledger, TODAY)
        codes = [code for code, _ in ledger.required_books(str(year))]
        expected = {code: ledger.book(code, str(year), fmt) for code in codes[:2]}
    with pages_client(monkeypatch, ledger=LEDGERS / "restaurant-2026") as client:
        for code, data in expected.items():
            answer = client.get(f"/books/{code}/{fmt}", params={"period": str(year)})
            assert answer.status_code == 200 and answer.content == data
            assert "attachment" in answer.headers["content-disposition"]
        assert client.get("/books/S9z-HKD").status_code == 404
        assert client.get(f"/books/{codes[0]}/docx").status_code == 404


def test_a_big_book_is_paged(monkeypatch: pytest.MonkeyPatch) -> None:
    with pages_client(monkeypatch, ledger=LEDGERS / "grocery-2026") as client:
        first = client.get("/books/S2a-HKD", params={"period": "2026"}).text
        assert "Dòng 1–200" in first and 'rel="next"' in first
        second = client.get("/books/S2a-HKD", params={"period": "2026", "page": "1"}).text
        assert "Dòng 201–" in second and 'rel="prev"' in second


def test_a_busy_ledger_gives_the_busy_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sqlite_copy("grocery-2026", tmp_path)
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        with pages_client(monkeypatch, ledger=path) as client:
            csrf = csrf_of(client.get("/record").text)
            holder.execute("BEGIN IMMEDIATE")
            answer = client.post(
                "/record",
                data={"csrf": csrf, "kind": "sale", "date": "2026-12-05", "amount": "1000", "line": "goods"},
            )
            holder.execute("ROLLBACK")
    finally:
        holder.close()
    assert answer.status_code == 503 and answer.headers.get("retry-after")
    assert "Sổ đang bận" in answer.text and "Traceback" not in answer.text

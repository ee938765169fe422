"""The returns pages of `hhtax serve`: preview with explanation, downloads equal to the library's
bytes, "mark as filed" (locks the period, shows the chain head), stale previews refused, and the
supplementary return of a filed period."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from web_pages_support import LEDGERS, TODAY, csrf_of, pages_client, sqlite_copy, value_of

from hhtax import Ledger
from hhtax.periods import Period
from hhtax.service.returns import prepare_amendment

PERIOD = "2026-Q3"


def test_the_return_page_previews_and_explains(monkeypatch: pytest.MonkeyPatch) -> None:
    with Ledger.open(LEDGERS / "grocery-2026") as ledger:
        prepared = ledger.prepare_return(PERIOD, on=TODAY)
    with pages_client(monkeypatch, ledger=LEDGERS / "grocery-2026") as client:
        html = client.get(f"/returns/{PERIOD}").text
    assert '<object class="pdf" data="/returns/2026-Q3/download/pdf?inline=1"' in html
    assert f"{prepared.to_pay:,}".replace(",", ".") in html
    assert "Căn cứ" in html  # the trace cites the law, in Vietnamese
    assert 'action="/returns/2026-Q3/file"' not in html  # a plain-text ledger records no filing
    assert "Sổ văn bản không ghi nhận" in html


@pytest.mark.parametrize("fmt", ["xml", "pdf"])
def test_declaration_downloads_are_the_library_bytes(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sqlite_copy("restaurant-2026", tmp_path)
    with Ledger.open(path) as ledger:
        expected = (
            ledger.declaration_xml(PERIOD, on=TODAY)
            if fmt == "xml"
            else ledger.declaration_pdf(PERIOD, on=TODAY)
        )
    with pages_client(monkeypatch, ledger=path) as client:
        answer = client.get(f"/returns/{PERIOD}/download/{fmt}")
        inline = client.get(f"/returns/{PERIOD}/download/{fmt}?inline=1")
    assert answer.status_code == 200 and answer.content == expected
    assert answer.headers["content-disposition"].startswith("attachment")
    if fmt == "pdf":
        assert inline.headers["content-disposition"].startswith("inline")
        assert inline.headers["x-frame-options"] == "SAMEORIGIN"
    with Ledger.open(path) as ledger:
        assert not ledger.filings()  # preparing and downloading lock nothing


def test_a_leasing_return_downloads_by_its_form(monkeypatch: pytest.MonkeyPatch) -> None:
    with Ledger.open(LEDGERS / "lease-2026") as ledger:
        found = {
            d.form.code: ledger.declaration_xml(d.period, on=TODAY, form=d.form.code)
            for year_period in ("2026-H1",)
            for d in ledger.declarations(year_period, on=TODAY)
        }
    assert found
    with pages_client(monkeypatch, ledger=LEDGERS / "lease-2026") as client:
        page = client.get("/returns/2026-H1")
        assert page.status_code == 200
        for form, data in found.items():
            answer = client.get("/returns/2026-H1/download/xml", params={"form": form})
            assert answer.status_code == 200 and answer.content == data
            assert form.replace("/", "-").replace("Đ", "D") in answer.headers["content-disposition"]
        assert client.get("/returns/2026-H1/download/xml", params={"form": "01/XYZ"}).status_code == 422


def _file(client: object, period: str = PERIOD) -> object:
    page = client.get(f"/returns/{period}").text  # type: ignore[attr-defined]
    return client.post(
        f"/returns/{period}/file",
        follow_redirects=False,  # type: ignore[attr-defined]
        data={"csrf": csrf_of(page), "sha": value_of(page, "sha"), "confirm": "1"},
    )


def test_mark_as_filed_locks_the_period(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sqlite_copy("grocery-2026", tmp_path)
    with Ledger.open(path) as ledger:
        expected_sha = ledger.prepare_return(PERIOD, on=TODAY).xml_sha256
    with pages_client(monkeypatch, ledger=path) as client:
        page = client.get(f"/returns/{PERIOD}").text
        assert value_of(page, "sha") == expected_sha
        unconfirmed = client.post(
            f"/returns/{PERIOD}/file", data={"csrf": csrf_of(page), "sha": expected_sha}
        )
        assert unconfirmed.status_code == 422
        done = _file(client)
        assert done.status_code == 303  # type: ignore[attr-defined]
        shown = client.get(done.headers["location"]).text  # type: ignore[attr-defined]
        assert "kỳ này đã được khóa" in shown
        with Ledger.open(path) as ledger:
            head, _ = ledger.store.chain_head()
            filed = ledger.filings(PERIOD)
        assert head in shown and filed[0].chain_head in shown and filed[0].xml_sha256 == expected_sha
        csrf = csrf_of(client.get("/record").text)
        refused = client.post(
            "/record",
            data={"csrf": csrf, "kind": "sale", "date": "2026-08-15", "amount": "1000000", "line": "goods"},
        )
        assert refused.status_code == 422 and "2026-Q3" in refused.text
        home = client.get("/").text
        assert f'href="/returns/{PERIOD}">{PERIOD}</a>' in home  # the last filings
        listing = client.get("/returns").text
        assert re.search(
            r"2026-Q3</td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*><div><span class=\"badge filed\"", listing
        )
    with Ledger.open(path) as ledger:
        assert len(ledger.filings(PERIOD)) == 1


def test_a_stale_preview_is_not_filed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sqlite_copy("grocery-2026", tmp_path)
    with pages_client(monkeypatch, ledger=path) as client:
        page = client.get(f"/returns/{PERIOD}").text
        sha = value_of(page, "sha")
        with Ledger.open(path) as ledger:  # the ledger changes after the preview
            ledger.add_row({"kind": "sale", "date": "2026-09-30", "amount": "5000000", "line": "goods"})
        answer = client.post(
            f"/returns/{PERIOD}/file", data={"csrf": csrf_of(page), "sha": sha, "confirm": "1"}
        )
    assert answer.status_code == 409 and "Sổ đã thay đổi" in answer.text
    with Ledger.open(path) as ledger:
        assert not ledger.filings(PERIOD)


def test_the_supplementary_return_of_a_filed_period(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sqlite_copy("grocery-2026", tmp_path)
    with pages_client(monkeypatch, ledger=path) as client:
        assert _file(client).status_code == 303  # type: ignore[attr-defined]
        csrf = csrf_of(client.get("/record").text)
        added = client.post(
            "/record",
            follow_redirects=False,
            data={
                "csrf": csrf,
                "kind": "sale",
                "date": "2026-08-15",
                "amount": "30000000",
                "line": "goods",
                "amend": "1",
            },
        )
        assert added.status_code == 303
        assert "Lập tờ khai bổ sung" in client.get(f"/returns/{PERIOD}").text
        page = client.get(f"/returns/{PERIOD}/amend")
        assert page.status_code == 200 and "Thay đổi so với lần khai trước" in page.text
        with Ledger.open(path) as ledger:
            expected = prepare_amendment(
                ledger.store, Period.parse(PERIOD), ledger.rules, on=TODAY, paid_on=TODAY
            )
        assert client.get(f"/returns/{PERIOD}/amend/download/xml").content == expected.xml
        assert value_of(page.text, "sha") == expected.xml_sha256
        done = client.post(
            f"/returns/{PERIOD}/amend",
            follow_redirects=False,
            data={"csrf": csrf_of(page.text), "sha": expected.xml_sha256, "confirm": "1"},
        )
        assert done.status_code == 303
        assert "tờ khai bổ sung lần 1" in client.get(done.headers["location"]).text
    with Ledger.open(path) as ledger:
        kinds = [(f.kind, f.seq) for f in ledger.filings(PERIOD)]
    assert kinds[0][0] == "C" and kinds[-1] == ("B", 1)


def test_a_period_not_ended_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    with pages_client(monkeypatch, ledger=LEDGERS / "grocery-2026") as client:
        answer = client.get("/returns/2026-Q4")
    assert (
        answer.status_code == 200 and 'class="alert error"' in answer.text and "Traceback" not in answer.text
    )


def test_an_unchanged_filed_period_has_nothing_to_supplement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sqlite_copy("grocery-2026", tmp_path)
    with pages_client(monkeypatch, ledger=path) as client:
        assert _file(client).status_code == 303  # type: ignore[attr-defined]
        page = client.get(f"/returns/{PERIOD}/amend")
    assert page.status_code == 200 and "không có gì để khai bổ sung" in page.text
    assert 'name="sha"' not in page.text


@pytest.mark.parametrize("name", ["grocery-2026", "restaurant-2026", "shop-2025", "lease-2026"])
def test_every_figure_shown_has_its_box_name(name: str) -> None:
    from hhtax.declarations.supplementary import box_figures, box_names

    with Ledger.open(LEDGERS / name) as ledger:
        for duty in ledger.duties(int(name[-4:]), on=TODAY).duties:
            if duty.kind == "registration" or not duty.ended:
                continue
            for decl in ledger.declarations(duty.period, on=TODAY):
                names = box_names(decl)
                assert set(box_figures(decl)) <= set(names) and all(names.values()), decl.form.code

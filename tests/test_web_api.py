"""The JSON API of `hhtax serve` (/api/v1), endpoint by endpoint, through the in-process client:
the same figures, errors and guarantees as `hhtax.Ledger`, as JSON and RFC 9457 problems."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from conftest import WEB_AUTH, web_client

from hhtax.declarations.validate import validate_xml

BIG_SALE = {"date": "2026-02-10", "kind": "sale", "amount": 1_200_000_000, "line": "shop",
            "source": "pos:big"}
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def client(tmp_path: Path) -> Any:
    with web_client(tmp_path) as client:
        yield client


def _get(client: Any, url: str, status: int = 200, *, raw: bool = False) -> Any:
    answer = client.get(url, headers=WEB_AUTH)
    assert answer.status_code == status, answer.text
    return answer if raw else answer.json()


def _post(client: Any, url: str, body: Any = None, status: int = 201) -> Any:
    answer = client.post(url, headers=WEB_AUTH, json=body)
    assert answer.status_code == status, answer.text
    return answer.json()


def _problem(answer: Any, status: int, kind: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = answer.json()
    assert problem["type"] == f"urn:hhtax:problem:{kind}" and problem["status"] == status
    return problem


def test_status_gives_the_home_figures(client: Any) -> None:
    status = _get(client, "/api/v1/status?on=2026-04-10")
    assert status["tax_code"] == "0100109106" and status["year"] == 2026
    assert status["revenue"] == 2_300_000 and status["threshold"] == 1_000_000_000
    assert "ledger" not in status  # no server path
    duties = _get(client, "/api/v1/duties?on=2026-04-10")
    assert duties["year"] == 2026 and isinstance(duties["deadlines"], list)


def test_append_is_idempotent_by_source(client: Any) -> None:
    sale = {"date": "2026-02-01", "kind": "sale", "amount": 100_000, "line": "shop", "source": "pos:evt-1"}
    assert _post(client, "/api/v1/entries", {"entries": [sale]}) == {
        "added": 1, "present": 0, "corrected": 0, "reversals": 0}
    again = _post(client, "/api/v1/entries", {"entries": [sale]}, status=200)
    assert (again["added"], again["present"]) == (0, 1)
    other = _post(client, "/api/v1/entries", {"entries": [{**sale, "source": "pos:evt-2"}]})
    assert other["added"] == 1  # another event with the same content is another sale


@pytest.mark.parametrize(("bad", "field"), [
    ({"date": "2026-02-30", "kind": "sale", "amount": 1, "line": "shop"}, "date"),
    ({"date": "2026-02-03", "kind": "sale", "amount": 1.5, "line": "shop"}, "amount"),
    ({"date": "2026-02-03", "kind": "sale", "amount": 10, "line": "nope"}, "line"),
    ({"date": "2026-02-03", "kind": "sale", "amount": 10, "line": "shop", "colour": "red"}, "colour"),
    ({"date": "2026-02-03", "kind": "sale", "amount": 10, "line": "shop", "id": 7}, "id"),
])
def test_a_bad_entry_is_a_422_naming_entry_and_field_and_nothing_is_written(
        client: Any, bad: dict[str, Any], field: str) -> None:
    good = {"date": "2026-02-01", "kind": "sale", "amount": 10, "line": "shop"}
    problem = _problem(client.post("/api/v1/entries", headers=WEB_AUTH, json={"entries": [good, bad]}),
                       422, "input")
    assert (problem["file"], problem["line"], problem["field"]) == ("api", 2, field)
    assert problem["value"] is None or not problem["value"].startswith("'")
    assert problem["message_id"] and problem["detail"]
    assert len(_get(client, "/api/v1/entries")["entries"]) == 3


def test_a_malformed_body_is_a_422_problem(client: Any) -> None:
    problem = _problem(client.post("/api/v1/entries", headers=WEB_AUTH, json={"entries": "x"}), 422, "input")
    assert problem["errors"] and problem["field"] == "entries"
    _problem(client.post("/api/v1/entries", headers=WEB_AUTH, content=b"{", ), 422, "input")


def test_entries_come_in_pages_in_journal_order(client: Any) -> None:
    batch = [{"date": f"2026-03-{day:02d}", "kind": "sale" if day % 2 else "expense", "amount": 1000 + day,
              "line": "shop", "category": None if day % 2 else "electricity"} for day in range(28, 0, -1)]
    _post(client, "/api/v1/entries", {"entries": batch})
    seen, after = [], None
    while True:
        page = _get(client, "/api/v1/entries?limit=10" + (f"&after={after}" if after else ""))
        seen += page["entries"]
        after = page["next_after"]
        if after is None:
            break
    assert len(seen) == 31 and len({e["id"] for e in seen}) == 31
    assert [(e["date"], e["id"]) for e in seen] == sorted((e["date"], e["id"]) for e in seen)
    march = _get(client, "/api/v1/entries?period=2026-03&kind=sale&limit=1000")["entries"]
    assert len(march) == 14 and {e["kind"] for e in march} == {"sale"}
    cafe = _get(client, "/api/v1/entries?line=cafe")["entries"]
    assert [e["amount"] for e in cafe] == [800_000]
    _problem(client.get("/api/v1/entries?after=99999", headers=WEB_AUTH), 422, "input")
    _problem(client.get("/api/v1/entries?limit=5000", headers=WEB_AUTH), 422, "input")


def test_reverse_appends_a_reversal(client: Any) -> None:
    assert _post(client, "/api/v1/entries/1/reverse") == {"id": 4, "reverses": 1}
    reversal = next(e for e in _get(client, "/api/v1/entries")["entries"] if e["id"] == 4)
    assert reversal["reverses"] == 1 and reversal["amount"] == -1_500_000
    _problem(client.post("/api/v1/entries/99/reverse", headers=WEB_AUTH), 422, "input")


def test_import_an_uploaded_csv(client: Any) -> None:
    csv = b"date,kind,amount,line\n2026-02-03,sale,5000,shop\n2026-02-04,sale,6000,cafe\n"
    answer = client.post("/api/v1/imports", headers=WEB_AUTH, files={"file": ("day.csv", csv)})
    assert answer.status_code == 201
    assert answer.json() == {"file": "day.csv", "added": 2, "present": 0, "corrected": 0, "reversals": 0,
                             "skipped": []}
    again = client.post("/api/v1/imports", headers=WEB_AUTH, files={"file": ("day.csv", csv)}).json()
    assert (again["added"], again["present"]) == (0, 2)


def test_a_bad_upload_names_the_file_as_sent_and_writes_nothing(client: Any) -> None:
    bad = b"date,kind,amount,line\n2026-02-03,sale,5000,shop\n2026-02-04,sale,6x00,shop\n"
    problem = _problem(client.post("/api/v1/imports", headers=WEB_AUTH, files={"file": ("day.csv", bad)}),
                       422, "input")
    assert (problem["file"], problem["line"], problem["field"]) == ("day.csv", 3, "amount")
    assert "hhtax-upload" not in json.dumps(problem)
    assert len(_get(client, "/api/v1/entries")["entries"]) == 3
    _problem(client.post("/api/v1/imports", headers=WEB_AUTH, files={"file": ("x.exe", b"MZ")}), 422, "input")


@pytest.mark.parametrize("profile", ["../../etc/passwd", "/tmp/x.toml", "x.toml", "nope"])
def test_an_import_profile_is_a_shipped_name_never_a_path(client: Any, profile: str) -> None:
    answer = client.post("/api/v1/imports", headers=WEB_AUTH, data={"profile": profile},
                         files={"file": ("a.csv", b"date,kind,amount\n")})
    assert _problem(answer, 422, "input")["field"] == "profile"


def test_an_e_invoice_zip_upload(tmp_path: Path) -> None:
    import zipfile

    from fastapi.testclient import TestClient

    from hhtax import Ledger
    from hhtax.web.app import create_app
    from hhtax.web.config import ServeConfig

    corpus = ROOT / "tests" / "corpus" / "einvoices"
    Ledger.create(tmp_path / "inv.sqlite", corpus / "household.toml").close()
    archive = tmp_path / "hd.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(corpus.glob("*.xml")):
            bundle.writestr(path.name, path.read_bytes())
    config = ServeConfig(token="t" * 20, ledger=tmp_path / "inv.sqlite")
    with TestClient(create_app(config)) as client:
        answer = client.post("/api/v1/imports", headers={"Authorization": "Bearer " + "t" * 20},
                             files={"file": ("hd.zip", archive.read_bytes())})
    assert answer.status_code == 201, answer.text
    outcome = answer.json()
    assert outcome["file"] == "hd.zip" and outcome["added"] > 0
    assert outcome["skipped"] and all("hhtax-upload" not in text for text in outcome["skipped"])


def test_assessment_with_its_trace_in_both_languages(client: Any) -> None:
    _post(client, "/api/v1/entries", {"entries": [BIG_SALE]})
    vi = _get(client, "/api/v1/assessment/2026-Q1")
    en = _get(client, "/api/v1/assessment/2026-Q1?lang=en")
    assert vi["totals"] == en["totals"] and vi["totals"]["payable"] > 0
    assert vi["trace"] and all(fig["ref"] is not None for fig in vi["trace"])
    assert vi["explanation"] != en["explanation"]
    assert any("doanh thu" in line for line in vi["explanation"])
    _problem(client.get("/api/v1/assessment/2026-Q5", headers=WEB_AUTH), 422, "input")


@pytest.mark.parametrize(("fmt", "media", "magic"), [
    ("pdf", "application/pdf", b"%PDF"), ("xlsx", "application/vnd.openxmlformats", b"PK"),
    ("csv", "text/csv", "Phần".encode()), ("json", "application/json", b"{")])
def test_books_with_reasons_and_as_bytes(client: Any, fmt: str, media: str, magic: bytes) -> None:
    books = _get(client, "/api/v1/books?period=2026")
    assert books["books"] and all(book["reason"] for book in books["books"])
    code = books["books"][0]["code"]
    answer = _get(client, f"/api/v1/books/{code}?period=2026-Q1&format={fmt}", raw=True)
    assert answer.headers["content-type"].startswith(media)
    assert answer.content.startswith(magic)
    assert "attachment" in answer.headers["content-disposition"]


def test_prepare_download_file_and_amend_a_return(client: Any) -> None:
    _post(client, "/api/v1/entries", {"entries": [BIG_SALE]})
    preview = _get(client, "/api/v1/returns/2026-Q1?on=2026-04-10")
    assert preview["form"] == "01/CNKD" and preview["kind"] == "C" and preview["to_pay"] > 0
    xml = _get(client, "/api/v1/returns/2026-Q1/xml?on=2026-04-10", raw=True)
    assert xml.headers["content-type"] == "application/xml"
    assert validate_xml(xml.content) == []
    import hashlib

    assert hashlib.sha256(xml.content).hexdigest() == preview["xml_sha256"]
    pdf = _get(client, "/api/v1/returns/2026-Q1/pdf?on=2026-04-10", raw=True)
    assert pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
    assert _get(client, "/api/v1/verify")["filings"] == 0  # preparing locks nothing

    filed = _post(client, "/api/v1/returns/2026-Q1/filing", {"on": "2026-04-10"})
    assert [f["xml_sha256"] for f in filed["filings"]] == [preview["xml_sha256"]]
    assert _get(client, "/api/v1/filings?period=2026-Q1") == filed["filings"]
    assert filed["head"] and filed["head_entry"] == 4
    _problem(client.post("/api/v1/returns/2026-Q1/filing", headers=WEB_AUTH, json={"on": "2026-04-10"}),
             422, "input")
    late = {"date": "2026-02-11", "kind": "sale", "amount": 7_000_000, "line": "shop"}
    _problem(client.post("/api/v1/entries", headers=WEB_AUTH, json={"entries": [late]}), 409, "period-locked")
    _post(client, "/api/v1/entries", {"entries": [late], "amend": True})

    amended = _post(client, "/api/v1/returns/2026-Q1/amend", {"on": "2026-05-10"})
    assert amended["kind"] == "B" and amended["recorded"] and amended["tax_change"] > 0
    assert amended["xml"].startswith("<?xml") and base64.b64decode(amended["pdf_base64"]).startswith(b"%PDF")
    check = _get(client, f"/api/v1/verify?head={filed['head']}")
    assert check["ok"] and check["filings"] == 2 and check["findings"] == []


def test_no_return_due_is_a_422_with_the_reason(client: Any) -> None:
    problem = _problem(client.post("/api/v1/returns/2026-Q1/filing", headers=WEB_AUTH,
                                   json={"on": "2026-04-10"}), 422, "declaration")
    assert problem["problems"] and problem["problems"][0]["message"]
    _problem(client.post("/api/v1/returns/2026-Q1/filing", headers=WEB_AUTH, json={"on": "10/04/2026"}),
             422, "input")


def test_a_busy_ledger_is_a_503_with_retry_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from hhtax.journal import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.2)
    with web_client(tmp_path) as client:
        holder = sqlite3.connect(tmp_path / "hhtax.sqlite", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            answer = client.post("/api/v1/entries", headers=WEB_AUTH, json={"entries": [BIG_SALE]})
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        _problem(answer, 503, "ledger-busy")
        assert answer.headers["retry-after"] == "1"
        assert _post(client, "/api/v1/entries", {"entries": [BIG_SALE]})["added"] == 1


def test_clients_mode_routes(tmp_path: Path) -> None:
    with web_client(tmp_path, clients=True) as client:
        assert _get(client, "/api/v1/clients") == {"clients": [{"name": "an", "kind": "sqlite"},
                                                               {"name": "binh", "kind": "sqlite"}]}
        assert _get(client, "/api/v1/clients/an/status?on=2026-04-10")["tax_code"] == "0100109106"
        _post(client, "/api/v1/clients/binh/entries", {"entries": [BIG_SALE]})
        assert len(_get(client, "/api/v1/clients/binh/entries")["entries"]) == 4
        assert len(_get(client, "/api/v1/clients/an/entries")["entries"]) == 3
        for url in ("/api/v1/status", "/api/v1/clients/nobody/status", "/api/v1/clients/..%2Fan/status",
                    "/api/v1/clients/an.sqlite/status", "/api/v1/clients/%2Fetc%2Fpasswd/status"):
            assert client.get(url, headers=WEB_AUTH).status_code == 404, url


def test_single_mode_has_no_clients(client: Any) -> None:
    _problem(client.get("/api/v1/clients", headers=WEB_AUTH), 404, "not-found")
    _problem(client.get("/api/v1/clients/hhtax/status", headers=WEB_AUTH), 404, "not-found")


def test_a_plain_text_ledger_reads_but_does_not_write(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from hhtax.web.app import create_app
    from hhtax.web.config import ServeConfig

    config = ServeConfig(token="t" * 20, ledger=ROOT / "ledgers" / "grocery-2026")
    with TestClient(create_app(config)) as client:
        auth = {"Authorization": "Bearer " + "t" * 20}
        page = client.get("/api/v1/entries?limit=5&kind=sale", headers=auth).json()
        assert len(page["entries"]) == 5 and page["next_after"] == page["entries"][-1]["id"]
        following = client.get(f"/api/v1/entries?limit=5&kind=sale&after={page['next_after']}", headers=auth)
        assert following.json()["entries"][0]["id"] > page["next_after"]
        sale = {**BIG_SALE, "line": "goods"}
        _problem(client.post("/api/v1/entries", headers=auth, json={"entries": [sale]}), 409, "ledger")


def test_the_published_openapi_document_is_current() -> None:
    """docs/api/openapi.json is what the code generates (regenerate: python -m hhtax.web.app >
    docs/api/openapi.json); compared as parsed JSON."""
    from hhtax.web.app import openapi_document

    published = json.loads((ROOT / "docs" / "api" / "openapi.json").read_text(encoding="utf-8"))
    assert openapi_document() == published, "regenerate: python -m hhtax.web.app > docs/api/openapi.json"


def test_the_openapi_document_explains_every_operation(client: Any) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    operations = [op for item in document["paths"].values() for op in item.values()]
    assert len(operations) >= 28
    for operation in operations:
        assert operation["summary"] and operation["description"], operation["operationId"]
        assert "api_v1" not in operation["operationId"]
        assert operation["security"] == [{"HTTPBearer": []}]
        assert "application/problem+json" in operation["responses"]["422"]["content"]
    assert all(path.startswith("/api/v1/") for path in document["paths"])


def test_a_filtered_page_reads_a_bounded_stretch_and_says_where_to_go_on(tmp_path: Path) -> None:
    """kind/line filters look at `scan` entries per call: short or empty pages, nothing lost."""
    from hhtax import Ledger

    path = tmp_path / "many.sqlite"
    with Ledger.create(path, {"tax_code": "0314409058", "name": "Tâm",
                              "lines": [{"id": "shop", "group": "goods"}]}) as ledger:
        ledger.append([{"date": f"2026-01-{1 + n % 28:02d}", "kind": "expense" if n % 9 == 0 else "sale",
                        "amount": 1000 + n, "category": "electricity" if n % 9 == 0 else None,
                        "source": f"s{n}"} for n in range(60)])
        expected = [e.id for e in ledger.entries() if e.kind.value == "expense"]
        seen: list[int | None] = []
        after, calls, shorts = None, 0, 0
        while True:
            page, after = ledger.store.page(after=after, limit=3, match={"kind": ["expense"]}, scan=7)
            seen += [e.id for e in page]
            calls += 1
            shorts += len(page) < 3
            if after is None:
                break
        assert seen == expected and shorts > 1 and calls >= 60 // 7
        everything, none_left = ledger.entries_page(limit=1000)
        assert len(everything) == 60 and none_left is None


def test_a_download_name_is_header_safe(client: Any) -> None:
    answer = client.get("/api/v1/books/S1a-HKD?period=2026&format=csv", headers=WEB_AUTH)
    assert answer.headers["content-disposition"] == 'attachment; filename="S1a-HKD_2026.csv"'
    _problem(client.get('/api/v1/books/x%0d%0aSet-Cookie:%20a=b?period=2026', headers=WEB_AUTH), 422, "input")

"""The accountant's view of `hhtax serve --clients DIR`: every client's state for a period (filed,
due, overdue, error, nothing due), the batch run with its self-reloading progress page, and each
client's own pages under /c/{client}/."""

from __future__ import annotations

import re
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from web_pages_support import LEDGERS, csrf_of, pages_client, sqlite_copy

from hhtax import Ledger
from hhtax.web.pages import view_clients

PERIOD = "2026-Q3"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two SQLite clients, two plain-text ones and a damaged file."""
    sqlite_copy("grocery-2026", tmp_path, "grocery.sqlite")
    sqlite_copy("tailor-2026", tmp_path, "tailor.sqlite")
    shutil.copytree(LEDGERS / "restaurant-2026", tmp_path / "restaurant")
    shutil.copytree(LEDGERS / "shop-2025", tmp_path / "shop")
    (tmp_path / "broken.sqlite").write_bytes(b"not a ledger " * 100)
    view_clients._cache.clear()
    return tmp_path


def _states(html: str) -> dict[str, str]:
    rows = re.findall(r'<a href="/c/([^/"]+)/">[^<]*</a></th>.*?<span class="badge (\w+)"', html, re.S)
    return dict(rows)


def test_clients_with_their_state_for_a_period(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pages_client(monkeypatch, clients=folder) as client:
        html = client.get("/", params={"period": PERIOD}).text
        assert _states(html) == {
            "broken": "error",
            "grocery": "overdue",
            "restaurant": "overdue",
            "shop": "overdue",
            "tailor": "nothing",
        }
        assert "1 lỗi" in html and "3 quá hạn" in html
    with pages_client(monkeypatch, clients=folder, today=date(2026, 10, 15)) as client:  # before the deadline
        assert _states(client.get("/", params={"period": PERIOD}).text)["grocery"] == "due"


def test_client_pages_live_under_their_name(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pages_client(monkeypatch, clients=folder) as client:
        for path in (
            "/c/grocery/",
            "/c/grocery/journal",
            "/c/restaurant/books",
            f"/c/restaurant/returns/{PERIOD}",
            "/c/grocery/record",
        ):
            answer = client.get(path)
            assert answer.status_code == 200, (path, answer.text[:300])
            assert 'href="/c/' in answer.text
        assert client.get("/record").status_code == 404  # the single-household URLs are not served
        assert client.get("/c/nobody/").status_code == 404
        assert client.get("/c/..%2Fgrocery/").status_code == 404
        broken = client.get("/c/broken/")
        assert broken.status_code >= 400 and "Traceback" not in broken.text
        form = client.get("/c/grocery/record").text
        done = client.post(
            "/c/grocery/record",
            follow_redirects=False,
            data={
                "csrf": csrf_of(form),
                "kind": "sale",
                "date": "2026-12-01",
                "amount": "100000",
                "line": "goods",
            },
        )
        assert done.status_code == 303 and done.headers["location"].startswith("/c/grocery/record?saved=")


def test_single_mode_has_no_client_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = sqlite_copy("tailor-2026", tmp_path)
    with pages_client(monkeypatch, ledger=path) as client:
        assert client.get("/c/tailor/").status_code == 404
        assert client.get("/batch/abc").status_code == 404


def test_the_batch_runs_with_a_progress_page(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pages_client(monkeypatch, clients=folder) as client:
        page = client.get("/", params={"period": PERIOD}).text
        started = client.post(
            "/batch", data={"csrf": csrf_of(page), "period": PERIOD}, follow_redirects=False
        )
        assert started.status_code == 303 and started.headers["location"].startswith("/batch/")
        progress = started.headers["location"]
        for _ in range(600):
            html = client.get(progress).text
            if "Xong:" in html:
                break
            assert '<meta http-equiv="refresh"' in html
            time.sleep(0.1)
        assert '<meta http-equiv="refresh"' not in html
        assert re.search(r"Xong: 3 đã lập, 0 đã nộp trước đó, 1 không phải khai, 1 lỗi", html), html[:3000]
        assert _states(client.get("/", params={"period": PERIOD}).text)["grocery"] == "filed"
    with Ledger.open(folder / "grocery.sqlite") as ledger:
        assert [f.kind for f in ledger.filings(PERIOD)] == ["C"]
    out = folder / view_clients.OUT_DIR / PERIOD
    assert any(out.glob("*/*.xml")) and (out / "summary.csv").is_file()


def test_the_batch_needs_the_csrf_field(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pages_client(monkeypatch, clients=folder) as client:
        assert client.post("/batch", data={"period": PERIOD}).status_code == 403
    assert not (folder / view_clients.OUT_DIR).exists()

"""`hhtax serve` security: the API token, the page session cookie, CSRF, the body limit, the clients
folder's names, the token file and the warning of a non-loopback bind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from conftest import WEB_AUTH, WEB_TOKEN, seeded_ledger, web_client
from fastapi import Depends, Form, Request

from hhtax.errors import LedgerError
from hhtax.web import deps
from hhtax.web.config import ServeConfig
from hhtax.web.problems import accept_language
from hhtax.web.token import load_or_create, token_path

PROBE = "/api/v1/_probe"


def _with_probe(client: object) -> object:
    """Add a token-protected API route and a session page with a CSRF-checked form to the app."""
    app = client.app  # type: ignore[attr-defined]

    @app.get(PROBE, dependencies=[Depends(deps.require_api_token)])
    def probe() -> dict[str, bool]:
        return {"ok": True}

    @app.post(PROBE)
    async def upload(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    @app.get("/_page")
    def page(request: Request, _session: str = Depends(deps.require_session)) -> dict[str, str]:
        return {"csrf": deps.csrf_token(request)}

    @app.post("/_page")
    def form(request: Request, csrf: str = Form(""), _session: str = Depends(deps.require_session),
             ) -> dict[str, bool]:
        deps.check_csrf(request, csrf)
        return {"done": True}

    return client


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token-0123456789"},
                                     {"Authorization": f"Basic {WEB_TOKEN}"}, {"Authorization": "Bearer "}])
def test_the_api_refuses_a_missing_or_wrong_token(tmp_path: Path, headers: dict[str, str]) -> None:
    with _with_probe(web_client(tmp_path, signed_in=False)) as client:  # type: ignore[attr-defined]
        answer = client.get(PROBE, headers=headers)
        assert answer.status_code == 401
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.headers["www-authenticate"].startswith("Bearer")
        problem = answer.json()
        assert problem["type"] == "urn:hhtax:problem:unauthorized" and problem["status"] == 401
        assert client.get(PROBE, headers=WEB_AUTH).json() == {"ok": True}


def test_the_session_cookie_is_http_only_and_same_site_strict(tmp_path: Path) -> None:
    with web_client(tmp_path, signed_in=False) as client:
        answer = client.get(f"/login?token={WEB_TOKEN}", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/"
        cookie = answer.headers["set-cookie"]
        assert cookie.startswith(deps.SESSION_COOKIE + "=")
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        assert answer.headers["cache-control"] == "no-store"
        assert answer.headers["referrer-policy"] == "no-referrer"  # the token in the URL goes nowhere
        assert WEB_TOKEN not in cookie  # the cookie is a signed nonce, not the token


def test_a_wrong_login_token_sets_no_cookie(tmp_path: Path) -> None:
    with web_client(tmp_path, signed_in=False) as client:
        answer = client.get("/login?token=guess", follow_redirects=False)
        assert answer.status_code == 401 and "set-cookie" not in answer.headers
        assert "text/html" in answer.headers["content-type"]


def test_pages_need_the_session_and_forms_the_csrf_field(tmp_path: Path) -> None:
    with _with_probe(web_client(tmp_path, signed_in=False)) as client:  # type: ignore[attr-defined]
        assert client.get("/_page").status_code == 401
        client.get(f"/login?token={WEB_TOKEN}", follow_redirects=False)
        csrf = client.get("/_page").json()["csrf"]
        assert client.post("/_page", data={"csrf": csrf}).json() == {"done": True}
        assert client.post("/_page", data={}).status_code == 403
        other = csrf[:-1] + ("1" if csrf.endswith("0") else "0")
        assert client.post("/_page", data={"csrf": other}).status_code == 403
        client.cookies.set(deps.SESSION_COOKIE, "forged.0000")
        assert client.post("/_page", data={"csrf": csrf}).status_code == 401


def test_the_csrf_token_is_bound_to_the_session(tmp_path: Path) -> None:
    with _with_probe(web_client(tmp_path)) as client:  # type: ignore[attr-defined]
        csrf = client.get("/_page").json()["csrf"]
        client.get(f"/login?token={WEB_TOKEN}", follow_redirects=False)  # a new session
        assert client.get("/_page").json()["csrf"] != csrf
        assert client.post("/_page", data={"csrf": csrf}).status_code == 403


def test_a_body_over_the_limit_is_refused_with_413(tmp_path: Path) -> None:
    with _with_probe(web_client(tmp_path, max_json=1000, max_body=5000)) as client:  # type: ignore[attr-defined]
        assert client.post(PROBE, content=b"x" * 1000).json() == {"size": 1000}
        answer = client.post(PROBE, content=b"x" * 1001)
        assert answer.status_code == 413
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["type"] == "urn:hhtax:problem:too-large"

        def chunks() -> object:  # no Content-Length: counted as it arrives
            for _ in range(20):
                yield b"y" * 100

        assert client.post(PROBE, content=chunks()).status_code == 413
        upload = client.post(PROBE, files={"file": ("a.csv", b"z" * 3000)})
        assert upload.status_code == 200  # an upload has the larger limit
        assert client.post(PROBE, files={"file": ("a.csv", b"z" * 6000)}).status_code == 413


@pytest.mark.parametrize("name", ["../x", "..", ".", "/etc/passwd", "an/../binh", "an.sqlite/x", "seed",
                                  "an\0", "nobody", "%2e%2e", ""])
def test_clients_mode_refuses_names_not_in_the_folder(tmp_path: Path, name: str) -> None:
    config = ServeConfig(token=WEB_TOKEN, clients=tmp_path)
    seeded_ledger(tmp_path, "an.sqlite")
    (tmp_path / "outside.sqlite").symlink_to(tmp_path / "an.sqlite")
    with pytest.raises(deps.WebError) as caught:
        deps.ledger_path(config, name)
    assert caught.value.status == 404
    assert [ref.name for ref in deps.list_clients(config)] == ["an"]
    assert deps.ledger_path(config, "an") == tmp_path / "an.sqlite"


def test_clients_are_sqlite_files_and_plain_text_ledgers(tmp_path: Path) -> None:
    seeded_ledger(tmp_path, "b.sqlite")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "household.toml").write_text("", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / ".hidden.sqlite").write_bytes(b"")
    config = ServeConfig(token=WEB_TOKEN, clients=tmp_path)
    assert [(ref.name, ref.path.name) for ref in deps.list_clients(config)] == [("a", "a"),
                                                                                 ("b", "b.sqlite")]


def test_single_mode_knows_no_client(tmp_path: Path) -> None:
    config = ServeConfig(token=WEB_TOKEN, ledger=tmp_path / "x.sqlite")
    with pytest.raises(deps.WebError):
        deps.ledger_path(config, "x")


def test_the_token_file_is_0600_and_reused(tmp_path: Path) -> None:
    ledger = tmp_path / "shop.sqlite"
    path = token_path(ledger)
    assert path == tmp_path / "shop.sqlite.token"
    old = os.umask(0)
    try:
        token = load_or_create(path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(token) >= 40 and load_or_create(path) == token
    assert token_path(clients=tmp_path) == tmp_path / ".hhtax-serve.token"


def test_a_token_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite.token"
    load_or_create(path)
    path.chmod(0o644)
    with pytest.raises(LedgerError, match="chmod 600"):
        load_or_create(path)


def test_responses_carry_the_security_headers(tmp_path: Path) -> None:
    with web_client(tmp_path) as client:
        headers = client.get("/api/v1/openapi.json").headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_a_foreign_host_header_is_refused_when_hosts_are_listed(tmp_path: Path) -> None:
    with web_client(tmp_path, signed_in=False, allowed_hosts=("127.0.0.1", "testserver")) as client:
        assert client.get("/api/v1/openapi.json").status_code == 200
        assert client.get("/api/v1/openapi.json", headers={"host": "evil.example:8000"}).status_code == 400


def test_problems_follow_the_language_asked_for(tmp_path: Path) -> None:
    with web_client(tmp_path) as client:
        vi = client.get("/api/v1/none", headers=WEB_AUTH).json()
        en = client.get("/api/v1/none?lang=en", headers=WEB_AUTH).json()
        assert vi["title"] == "Không tìm thấy" and en["title"] == "Not found"
    assert accept_language("en-US,en;q=0.9") == "en"
    assert accept_language("fr, vi;q=0.5, en;q=0.4") == "vi"
    assert accept_language("") == "vi"


# -- the command ------------------------------------------------------------------------------------
def _serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> object:
    import uvicorn
    from click.testing import CliRunner

    from hhtax.cli.main import cli

    served: list[object] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: served.append(self.config.app))
    ledger = seeded_ledger(tmp_path)
    result = CliRunner().invoke(cli, ["--lang", "en", "--ledger", str(ledger), "serve", "--port", "0", *args])
    assert result.exit_code == 0, result.output
    assert len(served) == 1
    return result


def test_serve_prints_the_address_and_the_sign_in_link(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    result = _serve(tmp_path, monkeypatch)
    out = result.stdout  # type: ignore[attr-defined]
    token = (tmp_path / "hhtax.sqlite.token").read_text(encoding="ascii").strip()
    assert "hhtax serve: http://127.0.0.1:" in out and f"/login?token={token}" in out
    assert "Warning" not in result.stderr  # type: ignore[attr-defined]


def test_serve_warns_on_a_non_loopback_bind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _serve(tmp_path, monkeypatch, "--host", "0.0.0.0")
    assert "Warning: listening on 0.0.0.0" in result.stderr  # type: ignore[attr-defined]
    assert "hhtax serve: http://0.0.0.0:" in result.stdout  # type: ignore[attr-defined]


def test_serve_without_the_extra_says_what_to_install(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys\nsys.modules['uvicorn'] = None\nsys.argv = ['hhtax', '--lang', 'en', '--ledger', "
            f"{str(seeded_ledger(tmp_path))!r}, 'serve']\nfrom hhtax.cli.main import main\nmain()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "`hhtax serve` needs the optional extra: pip install 'hhtax[serve]' (uvicorn is missing)"]


def test_serve_refuses_a_missing_ledger_before_making_a_token(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from hhtax.cli.main import cli

    result = CliRunner().invoke(cli, ["--lang", "en", "--ledger", str(tmp_path / "none.sqlite"), "serve"])
    assert result.exit_code != 0
    assert not (tmp_path / "none.sqlite.token").exists()


def test_serve_a_clients_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from click.testing import CliRunner

    from hhtax.cli.main import cli

    served: list[object] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: served.append(self.config.app))
    seeded_ledger(tmp_path, "an.sqlite")
    result = CliRunner().invoke(cli, ["--lang", "en", "serve", "--port", "0", "--clients", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "(clients folder" in result.stdout
    token = tmp_path / ".hhtax-serve.token"
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    assert f"/login?token={token.read_text(encoding='ascii').strip()}" in result.stdout
    assert served and served[0].state.config.clients == tmp_path  # type: ignore[attr-defined]


def test_accept_language_weights_are_read_exactly_and_odd_ones_count_as_zero() -> None:
    assert accept_language("vi;q=0.5, en;q=0.5") == "vi"  # equal weights: the first wins
    assert accept_language("vi;q=0.333, en;q=0.334") == "en"
    assert accept_language("en;q=nan, vi;q=0.1") == "vi"
    assert accept_language("en;q=inf") == "vi"
    assert accept_language("en;q=abc") == "vi"

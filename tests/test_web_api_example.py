"""docs/examples/pos_client.sh, a POS client in POSIX sh + curl, run against a real `hhtax serve`
process on a free loopback port: it appends a sale, reads the assessment and downloads the XML."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from conftest import ServeProcess

from hhtax import Ledger
from hhtax.declarations.validate import validate_xml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs" / "examples" / "pos_client.sh"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("curl") is None or shutil.which("sh") is None,
                    reason="the example needs sh and curl, not installed here")
def test_the_curl_client_appends_assesses_and_downloads_the_return(tmp_path: Path) -> None:
    ledger = tmp_path / "shop.sqlite"
    Ledger.create(ledger, {"tax_code": "0314409058", "name": "Đỗ Minh Tâm", "shop_name": "Quán Tâm",
                           "lines": [{"id": "shop", "group": "goods"}]}).close()
    server = ServeProcess(ledger)
    try:
        assert server.url.startswith("http://127.0.0.1:")
        env = {**os.environ, "HHTAX_URL": server.url, "HHTAX_TOKEN": server.token, "ON": "2026-04-10",
               "OUT": str(tmp_path)}
        runs = [subprocess.run(["sh", str(SCRIPT)], capture_output=True, text=True, env=env, timeout=120)
                for _ in range(2)]  # the second run re-sends the sale: nothing is added twice
    finally:
        code = server.stop()
    assert code == 0, server.stderr
    for run in runs:
        assert run.returncode == 0, run.stderr
    first, second = (json.loads(run.stdout.split("== append\n")[1].split("\n")[0]) for run in runs)
    assert (first["added"], second["added"], second["present"]) == (1, 0, 1)
    assessment = json.loads(runs[0].stdout.split("== assessment\n")[1].split("\n")[0])
    assert assessment["totals"]["revenue"] == 1_250_000_000 and assessment["explanation"]
    xml = (tmp_path / "return-2026-Q1.xml").read_bytes()
    assert xml.startswith(b"<?xml") and validate_xml(xml) == []
    with Ledger.open(ledger) as opened:
        assert [e.source for e in opened.entries()] == ["pos:evt-2026-0214-001"]
        assert opened.filings() == []  # downloading the return locked nothing


@pytest.mark.slow
def test_serve_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    import signal

    from conftest import seeded_ledger

    server = ServeProcess(seeded_ledger(tmp_path))
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=20) == 0
    server.stop()

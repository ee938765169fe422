"""Issue 14 #5: the chain head of the ledger a return was computed from is printed on every page of
its PDF (and in the output and the filing record), so that `hhtax verify --head H` can later prove
that past unchanged."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from hhtax.cli.main import cli

LEDGERS = Path(__file__).resolve().parent.parent / "ledgers"


def test_filed_return_prints_its_chain_head_on_every_pdf_page(tmp_path: Path) -> None:
    runner = CliRunner()
    ledger = tmp_path / "shop.sqlite"
    created = runner.invoke(cli, ["--lang", "en", "--ledger", str(ledger), "init", "--from",
                                  str(LEDGERS / "grocery-2026")])
    assert created.exit_code == 0, created.output
    filed = runner.invoke(cli, ["--lang", "en", "--ledger", str(ledger), "declare", "--period", "2026-Q3",
                                "--on", "2026-10-20", "--out", str(tmp_path / "out"), "--json"])
    assert filed.exit_code == 0, filed.output
    result = json.loads(filed.stdout)
    head = result["chain_head"]
    assert len(head) == 64
    pages = PdfReader(io.BytesIO(Path(result["pdf"]).read_bytes())).pages
    assert pages
    for page in pages:
        text = page.extract_text().replace("\n", "")
        assert "Mã kiểm chứng sổ nhật ký" in text
        assert head in text.replace(" ", "")
    verified = runner.invoke(cli, ["--lang", "en", "--ledger", str(ledger), "verify", "--head", head])
    assert verified.exit_code == 0, verified.output

"""`hhtax declare` and `hhtax amend` on plain-text and SQLite ledgers (E1, E6, E10a)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hhtax.cli.main import cli
from hhtax.declarations import filing
from hhtax.declarations.model import Khbs
from hhtax.declarations.xml import from_xml
from hhtax.journal.store import SqliteLedger
from hhtax.service.ledgers import create_ledger, open_text_ledger
from hhtax.model import Entry, EntryKind
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.service.returns import file_return
from tests.test_declarations_golden import e1, e6

BASE = "001085012345_01-CNKD"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--lang", "en", *args])


def said(result: Result) -> str:
    """What the user sees: the output, or the one-line error `hhtax` prints for a library error."""
    return result.output + (str(result.exception) if result.exception else "")


def test_declare_on_a_plain_text_ledger(tmp_path: Path) -> None:
    ledger = e1(tmp_path / "e1")
    out = tmp_path / "out"
    out.mkdir()
    result = run("--ledger", str(ledger), "declare", "--period", "2026-Q2", "--out", str(out),
                 "--on", "2026-07-10", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["form"], data["ma_tkhai"], data["kind"], data["seq"], data["recorded"]) == (
        "01/CNKD", "1240", "C", 0, False)
    assert data["payable"] == 7_000_000 and data["figures"]["15"] == 1_000_000
    xml = (out / f"{BASE}_2026-Q2.xml").read_bytes()
    assert (out / f"{BASE}_2026-Q2.pdf").read_bytes().startswith(b"%PDF")
    assert data["xml_sha256"] == hashlib.sha256(xml).hexdigest()
    assert b"<ngayLapTKhai>2026-07-10</ngayLapTKhai>" in xml
    assert sorted(p.name for p in out.iterdir()) == [f"{BASE}_2026-Q2.pdf", f"{BASE}_2026-Q2.xml"]
    text = run("--ledger", str(ledger), "declare", "--period", "2026-Q2", "--out", str(out),
               "--on", "2026-07-10")
    assert "not recorded" in text.output


def test_default_period_is_the_last_ended_quarter(tmp_path: Path) -> None:
    ledger = e1(tmp_path / "e1")
    result = run("--ledger", str(ledger), "declare", "--out", str(tmp_path), "--on", "2026-10-05", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["period"] == "2026-Q3"


def test_empty_signature_flag(tmp_path: Path) -> None:
    ledger = e1(tmp_path / "e1")
    result = run("--ledger", str(ledger), "declare", "--period", "2026-Q1", "--out", str(tmp_path),
                 "--empty-signature", "--on", "2026-04-10")
    assert result.exit_code == 0, result.output
    assert b"<CKyDTu></CKyDTu>" in (tmp_path / f"{BASE}_2026-Q1.xml").read_bytes()


def test_nothing_due_for_a_g1_quarter(tmp_path: Path) -> None:
    ledger = e6(tmp_path / "e6")
    result = run("--ledger", str(ledger), "declare", "--period", "2026-Q2", "--out", str(tmp_path),
                 "--on", "2026-07-10")
    assert result.exit_code == 0, result.output
    assert "Nothing to file for 2026-Q2" in result.output
    assert "01/TKN-CNKD" in result.output
    assert not list(tmp_path.glob("*.xml"))


def test_tt50_layout_is_refused_as_usage(tmp_path: Path) -> None:
    result = run("--ledger", str(e1(tmp_path / "e1")), "declare", "--form-version", "tt50")
    assert result.exit_code == 2


def test_amend_needs_a_recorded_filing(tmp_path: Path) -> None:
    result = run("--ledger", str(e1(tmp_path / "e1")), "amend", "--period", "2026-Q2", "--out", str(tmp_path))
    assert result.exit_code == 1 and "no return is recorded for 2026-Q2" in said(result)


def test_nothing_is_written_when_rendering_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_render(*_args: object, **_kwargs: object) -> tuple[bytes, bytes]:
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(filing, "render", broken_render)
    ledger = open_text_ledger(e1(tmp_path / "e1"))
    with pytest.raises(RuntimeError):
        file_return(ledger, Period.parse("2026-Q1"), load_rules(), tmp_path, on=date(2026, 4, 10))
    assert not list(tmp_path.glob("*.xml")) and not list(tmp_path.glob("*.pdf"))


def test_declare_and_amend_on_sqlite_e10a(tmp_path: Path) -> None:
    """E10a: Q2 revenue 700 m instead of 600 m, paid 20/11/2026: +1,000,000 VAT, +500,000 PIT, 111 days,
    interest 33,300 + 16,650 = 49,950; loaiTKhai B, soLan 1."""
    path = tmp_path / "e1.sqlite"
    source = open_text_ledger(e1(tmp_path / "e1"))
    with create_ledger(path, source.household) as ledger:
        ledger.import_entries(source.entries())
    out = tmp_path / "out"
    out.mkdir()
    for period, day in (("2026-Q1", "2026-04-20"), ("2026-Q2", "2026-07-20")):
        result = run("--ledger", str(path), "declare", "--period", period, "--out", str(out), "--on", day)
        assert result.exit_code == 0, result.output
        assert "locked" in result.output
    again = run("--ledger", str(path), "declare", "--period", "2026-Q2", "--out", str(out))
    assert again.exit_code == 1 and "already been filed" in said(again)
    nothing = run("--ledger", str(path), "amend", "--period", "2026-Q2", "--out", str(out),
                  "--on", "2026-11-15")
    assert nothing.exit_code == 1 and "nothing to supplement" in said(nothing)
    with SqliteLedger(path) as ledger:
        ledger.add(Entry(date=date(2026, 6, 20), kind=EntryKind.SALE, amount=100_000_000, line="goods"),
                   amend=True)
    result = run("--ledger", str(path), "amend", "--period", "2026-Q2", "--paid-on", "2026-11-20",
                 "--out", str(out), "--on", "2026-11-15", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["kind"], data["seq"], data["recorded"]) == ("B", 1, True)
    xml = (out / f"{BASE}_2026-Q2_B1.xml").read_bytes()
    decl = from_xml(xml)
    # OQ-23 (revised): the viewer lists no KHBS appendix for 1240 B, so the XML carries none; the
    # explanation and the interest are in the output (and on the PDF).
    assert decl.appendix(Khbs) is None and b"KHBS" not in xml
    assert (decl.kind, decl.seq) == ("B", 1)
    assert not data["explanation_in_xml"]
    changes = {row["box"]: (row["filed"], row["corrected"], row["difference"]) for row in data["changes"]}
    assert changes["[12]"] == (6_000_000, 7_000_000, 1_000_000)
    assert changes["[15]"] == (1_000_000, 1_500_000, 500_000)
    assert "[14]" not in changes  # the deduction is unchanged (400,000,000)
    assert (data["interest"], data["late_days"], data["interest_to"]) == (49_950, 111, "2026-11-20")
    assert (data["tax_change"], data["to_pay"]) == (1_500_000, 1_549_950)
    assert "OQ-23" in {note["code"] for note in data["notes"]}
    with SqliteLedger(path) as ledger:
        records = ledger.filings()
    assert [(r.period, r.kind, r.seq) for r in records] == [("2026-Q1", "C", 0), ("2026-Q2", "C", 0),
                                                           ("2026-Q2", "B", 1)]
    assert records[2].xml_sha256 == hashlib.sha256((out / f"{BASE}_2026-Q2_B1.xml").read_bytes()).hexdigest()

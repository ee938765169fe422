"""Issue 12 §3 / OQ-29: tax declared in a year that ends at or under 1 bn is reported as overpaid on
01/TKN-CNKD, and `amend` of one of its quarters says so instead of refusing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from hhtax.cli.main import cli
from hhtax.declarations.model import TknBody
from hhtax.declarations.xml import from_xml
from tests.test_declarations_golden import line, write_ledger


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--lang", "en", *args])
    return result.exit_code, result.output + (str(result.exception) if result.exception else "")


def test_quarters_of_a_year_under_1_bn_are_overpaid_not_amended(tmp_path: Path) -> None:
    sales = [("2026-02-15", 300_000_000, "sc"), ("2026-05-15", 300_000_000, "sc"),
             ("2026-08-15", 300_000_000, "sc"), ("2026-11-15", 99_999_999, "sc")]
    profile = line("sc", "services", "Sửa chữa")
    text = write_ledger(tmp_path / "text", "prior_year_revenue = 1300000000", profile, sales)
    ledger = str(tmp_path / "l.sqlite")
    assert run("--ledger", ledger, "init", "--from", str(text))[0] == 0
    out = tmp_path / "out"
    out.mkdir()
    for quarter, day in ((1, "2026-04-10"), (2, "2026-07-10"), (3, "2026-10-10")):
        code, said = run("--ledger", ledger, "declare", "--period", f"2026-Q{quarter}", "--out", str(out),
                         "--on", day)
        assert code == 0 and "15.000.000" in said, said
    code, said = run("--ledger", ledger, "declare", "--period", "2026", "--out", str(out),
                     "--on", "2027-01-10")
    assert code == 0, said
    tkn = from_xml(next(out.glob("*TKN*2026.xml")).read_bytes())
    assert isinstance(tkn.body, TknBody)
    assert (tkn.body.revenue, tkn.body.vat, tkn.body.withheld_vat, tkn.body.vat_overpaid) == (
        999_999_999, 0, 45_000_000, 45_000_000)
    code, said = run("--ledger", ledger, "amend", "--period", "2026-Q1", "--out", str(out),
                     "--on", "2027-01-20", "--json")
    assert code == 0, said
    data = json.loads(said)
    assert data["status"] == "nothing_due" and "overpaid" in data["note"] and "01/TKN-CNKD" in data["note"]
    code, said = run("--ledger", ledger, "assess", "--period", "2026", "--json")
    assert json.loads(said)["overpaid"] == {"vat": 45_000_000, "pit": 0, "declared_vat": 45_000_000,
                                            "declared_pit": 0}

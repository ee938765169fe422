"""The ledger commands: init (prompts and --from), import, add, journal, reverse, status."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from click.testing import CliRunner, Result
from conftest import SEED_CSV, assert_golden, row_count, seeded_ledger

from hhtax.cli.main import cli
from hhtax.errors import InputError, PeriodLocked
from hhtax.journal.filings import FilingRecord
from hhtax.journal.store import SqliteLedger
from hhtax.status import ledger_status

CORPUS = Path(__file__).parent / "corpus" / "bad"
ANSWERS = "\n".join(["0100233488", "Trần Thị Bích", "Tạp hóa Bích", "12 Nguyễn Trãi", "Phường Bến Thành",
                     "TP Hồ Chí Minh", "79101", "Thuế cơ sở 1", "shop", "Bán lẻ", "goods"]) + "\n"


def run(ledger: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--lang", "en", "--ledger", str(ledger), *args], input=input)


def test_init_prompts_for_what_is_missing(tmp_path: Path) -> None:
    ledger = tmp_path / "h.sqlite"
    result = run(ledger, "init", input=ANSWERS)
    assert result.exit_code == 0, result.output
    assert "Created ledger" in result.output
    with SqliteLedger(ledger) as opened:
        assert opened.household.shop_name == "Tạp hóa Bích"
        assert opened.household.lines[0].group.value == "goods"
    assert run(ledger, "init", input=ANSWERS).exit_code == 1


def test_init_prompt_rejects_bad_tax_codes(tmp_path: Path) -> None:
    ledger = tmp_path / "h.sqlite"
    for code, fragment in (("0100233480", "the tenth digit should be 8"), ("01002334881", "got 11")):
        result = run(ledger, "init", input=ANSWERS.replace("0100233488", code))
        assert result.exit_code == 1
        assert isinstance(result.exception, InputError)
        assert fragment in result.exception.one_line()
        assert not ledger.exists()


def test_init_from_a_plain_text_ledger(tmp_path: Path) -> None:
    source = tmp_path / "plain"
    shutil.copytree(CORPUS / "init_bad_journal", source)
    (source / "journal.csv").write_text(SEED_CSV.replace(",cafe,", ",shop,"), encoding="utf-8")
    ledger = tmp_path / "h.sqlite"
    result = run(ledger, "init", "--from", str(source), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["entries"] == 3
    listed = json.loads(run(source, "journal", "--json").output)
    stored = json.loads(run(ledger, "journal", "--json").output)
    assert [(e["id"], e["amount"]) for e in listed] == [(e["id"], e["amount"]) for e in stored]


def test_import_twice_add_reverse_journal(tmp_path: Path) -> None:
    ledger = seeded_ledger(tmp_path)
    again = run(ledger, "import", str(tmp_path / "seed.csv"))
    assert again.exit_code == 0
    assert again.output.strip() == "0 new, 3 already present"
    added = run(ledger, "add", "expense", "--date", "2026-02-01", "--amount", "450000", "--category", "rent",
                "--description", "Thuê mặt bằng tháng 2", "--json")
    assert json.loads(added.output) == {"id": 4}
    assert run(ledger, "reverse", "4").output.strip() == "Entry 5 reverses entry 4"
    month = json.loads(run(ledger, "journal", "--period", "2026-02", "--json").output)
    assert [(e["id"], e["amount"], e["reverses"]) for e in month] == [(4, 450_000, None), (5, -450_000, 4)]
    text = run(ledger, "journal").output.splitlines()
    assert text[0].split()[:4] == ["1", "2026-01-05", "sale", "1.500.000"]
    bad = run(ledger, "add", "sale", "--date", "2026-02-30", "--amount", "5", "--line", "shop")
    assert bad.exit_code == 1 and "2026-02-30" in str(bad.exception)
    assert row_count(ledger) == 5


def test_locked_period_needs_amend(tmp_path: Path) -> None:
    ledger = seeded_ledger(tmp_path)
    with SqliteLedger(ledger) as opened:
        opened.record_filing(FilingRecord("2026-Q1", "01/CNKD", "C", 0, "0" * 64, "{}",
                                          "2026-04-20T00:00:00"))
    refused = run(ledger, "add", "sale", "--date", "2026-03-01", "--amount", "5", "--line", "shop")
    assert refused.exit_code == 1 and isinstance(refused.exception, PeriodLocked)
    assert run(ledger, "reverse", "1").exit_code == 1
    assert run(ledger, "reverse", "1", "--amend").exit_code == 0
    assert row_count(ledger) == 4


def test_plain_text_ledger_is_read_only(tmp_path: Path) -> None:
    result = run(CORPUS / "init_bad_journal", "add", "sale", "--date", "2026-01-01", "--amount", "5")
    assert result.exit_code == 2
    assert "plain-text ledger (read-only)" in result.output


def test_status(tmp_path: Path) -> None:
    ledger = seeded_ledger(tmp_path)
    result = run(ledger, "status", "--json")
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    assert (status["year"], status["regime"], status["revenue"], status["threshold"]) == (
        2026, "B", 2_300_000, 1_000_000_000)
    assert status["group"] == "G1" and status["books"]
    with SqliteLedger(ledger) as opened:
        fixed = ledger_status(opened, None, today=date(2026, 11, 23))
    assert fixed["next_deadline"]["form"] == "01/TKN-CNKD"
    assert "Revenue so far: 2.300.000" in run(ledger, "status").output


def test_import_routes_einvoice_xml(tmp_path: Path) -> None:
    invoices = Path(__file__).parent / "corpus" / "einvoices"
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(invoices / "household.toml", plain / "household.toml")
    ledger = tmp_path / "h.sqlite"
    assert run(ledger, "init", "--from", str(plain)).exit_code == 0
    first = run(ledger, "import", str(invoices), "--json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    assert report["added"] == 5 and any("replaced" in note for note in report["skipped"])
    again = json.loads(run(ledger, "import", str(invoices), "--json").output)
    assert again["added"] == 0
    assert row_count(ledger) == 5


GOLDEN = Path(__file__).parent / "golden" / "cli_ledger"


def test_journal_and_status_golden(tmp_path: Path) -> None:
    """Same ledger → same bytes (a deliberate change: review `*.new`, then rename it; see conftest)."""
    ledger = seeded_ledger(tmp_path)
    run(ledger, "add", "purchase", "--date", "2026-02-03", "--amount", "1250000", "--doc", "PN7", "--item",
        "Gạo ST25", "--unit", "kg", "--qty", "12.5", "--unit-price", "100000", "--payment", "credit")
    run(ledger, "reverse", "2")
    outputs = {
        "journal.txt": run(ledger, "journal").output,
        "journal.json": run(ledger, "journal", "--json").output.replace(str(tmp_path), "<tmp>"),
        "status.json": run(ledger, "status", "--on", "2026-12-06", "--json").output.replace(str(ledger), "<ledger>"),
    }
    status = json.loads(outputs["status.json"])
    status["next_deadline"] = None  # depends on today's date
    outputs["status.json"] = json.dumps(status, ensure_ascii=False, indent=2) + "\n"
    for name, text in outputs.items():
        assert_golden(GOLDEN / name, text)


def test_status_names_the_regime_a_group_in_vietnamese() -> None:
    """`--lang vi` prints regime A's group as words ("phải nộp thuế"), not the key "taxable"."""
    ledger = Path(__file__).parent.parent / "ledgers" / "lease-2025"
    args = ["--ledger", str(ledger), "--lang", "vi", "status", "--on", "2026-01-15"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Nhóm: phải nộp thuế" in result.output
    assert "taxable" not in result.output


def test_add_refuses_an_amount_with_a_single_thousands_group(tmp_path: Path) -> None:
    """`150.000` typed by a Vietnamese shop owner means 150,000 đồng; read as a decimal it is 150.
    Ambiguous, so refused with how to write it, and nothing is written."""
    ledger = seeded_ledger(tmp_path)
    result = run(ledger, "add", "sale", "--date", "2026-02-01", "--amount", "150.000", "--line", "shop")
    assert result.exit_code == 1
    assert "'150.000' is ambiguous" in str(result.exception) and "150000" in str(result.exception)
    assert row_count(ledger) == 3
    assert run(ledger, "add", "sale", "--date", "2026-02-01", "--amount", "150000", "--line", "shop").exit_code == 0

"""`hhtax books`: listing with reasons, one book in each format, `--all`, and the error exits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hhtax.cli.main import cli
from hhtax.journal.household_file import household_to_toml
from tests.test_books_support import household

JOURNAL = """date,kind,amount,line,doc,description,payment,category,item,unit,qty
2025-12-31,opening,5000000,,SD,Tồn quỹ đầu kỳ,cash,,,,
2026-01-05,sale,700000000,goods,HD1,Bán buôn đợt 1,bank:vcb,,Gạo,kg,1000
2026-01-06,sale,2000000,goods,HD2,Bán lẻ,cash,,,,
2026-01-06,sale,3000000,goods,HD3,Bán lẻ,cash,,,,
2026-01-02,purchase,500000000,,MH1,Nhập gạo,bank:vcb,goods,Gạo,kg,2000
2026-02-01,expense,1500000,,PC1,Tiền điện,cash,electricity,,,
"""


@pytest.fixture()
def ledger_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "ledger"
    directory.mkdir()
    profile = household(prior_year_revenue=2_000_000_000)
    (directory / "household.toml").write_text(household_to_toml(profile), encoding="utf-8")
    (directory / "journal.csv").write_text(JOURNAL, encoding="utf-8")
    return directory


def run(ledger: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--ledger", str(ledger), "--lang", "en", "books", *args])
    return result.exit_code, result.output


def test_lists_the_books_with_reasons(ledger_dir: Path) -> None:
    code, output = run(ledger_dir, "--period", "2026-Q1", "--json")
    assert code == 0
    assert json.loads(output) == [{"code": "S2a-HKD", "title": "SỔ DOANH THU BÁN HÀNG HÓA, DỊCH VỤ",
                                   "reason": "VAT and PIT as a percentage of revenue, group G2 "
                                             "(TT 152/2025/TT-BTC Art 5)"}]
    code, output = run(ledger_dir, "--period", "2026-Q1")
    assert code == 0 and "S2a-HKD" in output and "group G2" in output


def test_one_book_as_csv_table_and_daily_summary(ledger_dir: Path) -> None:
    code, output = run(ledger_dir, "s2a", "--period", "2026-Q1", "--format", "csv")
    assert code == 0
    header = 'Phần,Loại dòng,A - Số hiệu,"B - Ngày, tháng",C - Diễn giải,1 - Số tiền'
    assert output.splitlines()[0] == header
    assert ",Cộng,,,Tổng cộng,705000000" in output
    kinds = {line.split(",")[1] for line in output.splitlines()[1:]}
    assert kinds <= {"Nghiệp vụ", "Số dư đầu kỳ", "Cộng", "Số dư cuối kỳ", "Thuế", "Tiêu đề"}, kinds
    code, output = run(ledger_dir, "S1a-HKD", "--period", "2026-Q1", "--summary", "daily")
    assert code == 0
    assert "Doanh thu ngày 06/01/2026 – Ngành goods" in output and "5.000.000" in output


def test_binary_formats_and_all(ledger_dir: Path, tmp_path: Path) -> None:
    code, _output = run(ledger_dir, "S2d", "--period", "2026-Q1", "--format", "xlsx")
    assert code == 2
    target = tmp_path / "s2d.xlsx"
    code, output = run(ledger_dir, "S2d", "--period", "2026-Q1", "--format", "xlsx", "--out", str(target))
    assert code == 0 and target.read_bytes()[:2] == b"PK"
    out = tmp_path / "all"
    out.mkdir()
    code, output = run(ledger_dir, "--all", "--period", "2026-Q1", "--out", str(out))
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir()) == ["0314409058_S2a-HKD_2026-Q1.pdf",
                                                     "0314409058_books_2026-Q1.xlsx"]


def test_usage_errors_exit_2(ledger_dir: Path) -> None:
    assert run(ledger_dir, "S9")[0] == 2
    assert run(ledger_dir, "--all", "--period", "2026")[0] == 2
    assert run(ledger_dir, "S2a", "--period", "2026-Q5")[0] == 2


def test_wrong_regime_is_one_line_exit_1(ledger_dir: Path) -> None:
    command = [sys.executable, "-m", "hhtax", "--ledger", str(ledger_dir), "--lang", "en", "books", "S6-HKD",
               "--period", "2026"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: book: S6-HKD is a book of TT 88/2021 (periods up to 2025); period 2026 is regime B"]
    assert result.stdout == ""

"""`hhtax rules | assess | compare | due` through Click's CliRunner on plain-text ledgers in a tmp dir."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from hhtax.cli.main import cli

HOUSEHOLD = """tax_code = "001099012345"
name = "Lê Văn Cường"
shop_name = "Cửa hàng Cường"

[estimates]  # the household's own estimate of its 2026 revenue (OQ-28)
2026 = 2_800_000_000

[[lines]]
id = "hang_hoa"
group = "goods"

[[lines]]
id = "dich_vu"
group = "services"
"""


def _ledger(tmp_path: Path) -> Path:
    """Worked example E5 as a plain-text ledger: goods 400 m and services 300 m per quarter of 2026."""
    folder = tmp_path / "ledger"
    folder.mkdir(exist_ok=True)
    (folder / "household.toml").write_text(HOUSEHOLD, encoding="utf-8")
    rows = ["date,kind,amount,line,doc,payment"]
    for quarter in range(1, 5):
        month = 3 * quarter - 2
        rows.append(f"2026-{month:02d}-10,sale,400000000,hang_hoa,HD{quarter}A,bank")
        rows.append(f"2026-{month:02d}-11,sale,300000000,dich_vu,HD{quarter}B,bank")
    (folder / "journal.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_assess_json(tmp_path: Path) -> None:
    code, out = _run("--ledger", str(_ledger(tmp_path)), "assess", "--period", "2026-Q2", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["period"], data["regime"], data["group"], data["method"]) == (
        "2026-Q2",
        "B",
        "G2",
        "revenue",
    )
    assert data["totals"] == {
        "revenue": 700_000_000,
        "vat": 19_000_000,
        "pit": 2_000_000,
        "payable": 21_000_000,
    }
    lines = {line["line"]: line for line in data["lines"]}
    assert lines["hang_hoa"]["pit"] == 2_000_000 and lines["dich_vu"]["deduction"] == 300_000_000
    assert "OQ-02" in data["readings"]


def test_assess_year_and_explain_vi(tmp_path: Path) -> None:
    ledger = str(_ledger(tmp_path))
    code, out = _run("--ledger", ledger, "assess", "--period", "2026", "--json")
    assert json.loads(out)["totals"]["pit"] == 18_000_000
    code, out = _run("--ledger", ledger, "--lang", "vi", "assess", "--period", "2026-Q3", "--explain")
    assert code == 0
    assert "thuế TNCN: 8.000.000" in out and "Căn cứ: Luật 109/2025/QH15 Điều 7.3" in out and "[OQ-02]" in out


def test_compare_names_the_cheaper_choice_and_the_optimum_plan(tmp_path: Path) -> None:
    code, out = _run("--ledger", str(_ledger(tmp_path)), "compare", "--year", "2026", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["cheaper"] == "revenue" and data["optimum_plan"] == {"dich_vu": 1_000_000_000}
    assert (data["optimum_pit"], data["default_pit"]) == (12_000_000, 18_000_000)
    code, out = _run("--ledger", str(_ledger(tmp_path)), "compare", "--year", "2026")
    assert "Cheaper legal choice: the revenue method" in out


def test_due_lists_moved_deadlines(tmp_path: Path) -> None:
    code, out = _run("--ledger", str(_ledger(tmp_path)), "due", "--year", "2026", "--json")
    assert code == 0
    dues = [(d["period"], d["due"]) for d in json.loads(out)["deadlines"]]
    assert dues == [
        ("2026-Q1", "2026-05-04"),
        ("2026-Q2", "2026-07-31"),
        ("2026-Q3", "2026-11-02"),
        ("2026-Q4", "2027-02-01"),
    ]


def test_rules_on_a_date() -> None:
    code, out = _run("rules", "--date", "2025-06-30", "--json")
    data = json.loads(out)
    by_name = {r["name"]: r for r in data["rules"]}
    assert by_name["threshold"]["value"] == 100_000_000 and by_name["threshold"]["ref"].startswith(
        "TT 40/2021"
    )
    code, out = _run("rules", "--date", "2026-06-30")
    assert code == 0 and "threshold = 1000000000" in out and "NĐ 141/2026" in out


def test_bad_usage_and_bad_data_exit_codes(tmp_path: Path) -> None:
    code, _ = _run("--ledger", str(_ledger(tmp_path)), "assess", "--period", "2026-Q7")
    assert code == 2
    bad = tmp_path / "bad.toml"
    bad.write_text('[pack]\nid = "x"\n[[rule]]\nname = "threshold"\nvalue = 0.5\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "hhtax", "--rules", str(bad), "rules"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "bad.toml" in proc.stderr


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(str(value), ensure_ascii=False)


def _text_ledger(folder: Path, stem: str) -> tuple[Path, list[dict[str, object]]]:
    """A scenario written as a plain-text ledger (household.toml + journal.csv)."""
    import tomllib

    from test_scenarios import SCENARIOS, load

    _household, entries, expects = load(SCENARIOS / f"{stem}.toml")
    data = tomllib.loads((SCENARIOS / f"{stem}.toml").read_text(encoding="utf-8"))["household"]
    folder.mkdir(parents=True, exist_ok=True)
    text = [f"{k} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, list)]
    for table in ("locations", "lines", "properties"):
        for item in data.get(table, []):
            text += ["", f"[[{table}]]"] + [f"{k} = {_toml_value(v)}" for k, v in item.items()]
    (folder / "household.toml").write_text("\n".join(text) + "\n", encoding="utf-8")
    columns = [
        "date",
        "kind",
        "amount",
        "line",
        "doc",
        "payment",
        "category",
        "vat_cut",
        "withheld",
        "withheld_vat",
        "withheld_pit",
        "item",
        "unit",
        "qty",
    ]
    rows = [",".join(columns)]
    for e in entries:
        rows.append(
            ",".join(
                [
                    e.date.isoformat(),
                    e.kind.value,
                    str(e.amount),
                    e.line,
                    e.doc,
                    e.payment,
                    e.category.value if e.category else "",
                    "" if e.vat_cut is None else str(e.vat_cut),
                    "1" if e.withheld else "0",
                    str(e.withheld_vat),
                    str(e.withheld_pit),
                    e.item,
                    e.unit,
                    "" if e.qty is None else str(e.qty),
                ]
            )
        )
    (folder / "journal.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder, expects


def test_scenarios_through_the_cli_on_plain_text_ledgers(tmp_path: Path) -> None:
    from test_scenarios import scenario_files

    for path in scenario_files():
        folder, expects = _text_ledger(tmp_path / path.stem, path.stem)
        for expect in expects:
            code, out = _run("--ledger", str(folder), "assess", "--period", str(expect["period"]), "--json")
            assert code == 0, out
            data = json.loads(out)
            for key in ("vat", "pit", "payable", "revenue"):
                if key in expect:
                    assert data["totals"][key] == expect[key], (path.stem, expect["period"], key)

"""The assessment names the forms actually due (issue 12 left): 01/TTS for a 2025 household that only
leases (TT 40/2021 Art 8; OQ-19), both 01/CNKD and 01/TTS for one that also sells, 01/BĐS for a 2026
household that only leases real estate (NĐ 68/2026 Art 8.3.d; OQ-09); `assess`, `due` and `declare`
agree, through the CLI and the `hhtax.Ledger` API, and a note never sends a leasing-only household
to 01/CNKD or 01/TKN-CNKD. TT 40 Art 8 lets the lessor declare per period or once a year, never both:
once one way is recorded, `due` follows it and `declare` refuses the other."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from conftest import pdf_text

from hhtax import Ledger
from hhtax.cli.main import cli
from hhtax.service.ledgers import create_ledger, open_text_ledger

LEDGERS = Path(__file__).parent.parent / "ledgers"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args])
    return result.exit_code, result.output


def assessed(ledger: Path, period: str) -> dict[str, object]:
    code, out = run("--ledger", str(ledger), "assess", "--period", period, "--json")
    assert code == 0, out
    data: dict[str, object] = json.loads(out)
    return data


def test_lease_only_2025_assessment_names_01_tts() -> None:
    lease = LEDGERS / "lease-2025"
    for period in ("2025-Q1", "2025"):
        data = assessed(lease, period)
        assert (data["filing"], data["filings"]) == ("01/TTS", ["01/TTS"]), period
        assert "01/CNKD" not in str(data["filing_note"]) + str(data["filing_note_vi"])
        code, out = run("--lang", "vi", "--ledger", str(lease), "assess", "--period", period)
        assert code == 0 and "Hồ sơ: 01/TTS" in out and "Hồ sơ: 01/CNKD" not in out
    half = assessed(lease, "2025-H1")  # no 01/TTS for a half-year: the note names the periods it has
    assert half["filing"] == "" and "01/TTS" in str(half["filing_note"])
    assert "01/CNKD" not in str(half["filing_note"]) + str(half["filing_note_vi"])
    with Ledger.open(lease) as api:
        assert api.assess("2025-Q1").filings == ("01/TTS",)
        assert [d.form.code for d in api.declarations("2025-Q1", on=date(2026, 2, 1))] == ["01/TTS"]


def _shop_and_lease(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    shutil.copytree(LEDGERS / "lease-2025", folder)
    profile = folder / "household.toml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "[[lines]]", '[[lines]]\nid = "shop"\ngroup = "goods"\nname = "Bán lẻ"\n\n[[lines]]', 1), encoding="utf-8")
    with (folder / "journal.csv").open("a", encoding="utf-8") as journal:
        journal.write("2025-02-10,sale,200000000,shop,BL-1\n")
    return folder


def test_shop_and_lease_2025_name_both_forms(tmp_path: Path) -> None:
    folder = _shop_and_lease(tmp_path)
    q1 = assessed(folder, "2025-Q1")
    assert (q1["filing"], q1["filings"]) == ("01/CNKD", ["01/CNKD", "01/TTS"])
    code, out = run("--ledger", str(folder), "assess", "--period", "2025-Q1")
    assert code == 0 and "File: 01/CNKD, 01/TTS" in out
    year = assessed(folder, "2025")  # 01/CNKD has no annual return; 01/TTS may be filed for the year
    assert (year["filing"], year["filings"]) == ("01/TTS", ["01/TTS"])
    code, out = run("--ledger", str(folder), "declare", "--period", "2025-Q1", "--on", "2026-02-01",
                    "--out", str(tmp_path / "o"), "--json")
    data = json.loads(out)
    assert code == 0 and [data["form"], *[a["form"] for a in data["also"]]] == ["01/CNKD", "01/TTS"]
    # the quarter's 01/CNKD is due with the shop's tax only: 01/TTS carries the lease's (OQ-19)
    code, out = run("--ledger", str(folder), "due", "--year", "2025", "--on", "2025-04-01", "--json")
    q1_cnkd = next(d for d in json.loads(out)["deadlines"] if d["form"] == "01/CNKD" and d["period"] == "2025-Q1")
    assert (q1_cnkd["vat"], q1_cnkd["pit"]) == (2_000_000, 1_000_000)


def test_lease_only_real_estate_2026_names_01_bds(tmp_path: Path) -> None:
    folder = tmp_path / "re"
    shutil.copytree(LEDGERS / "lease-2026", folder)
    profile = folder / "household.toml"
    text = profile.read_text(encoding="utf-8")
    start = text.index('[[lines]]\nid = "taphoa"')
    profile.write_text(text[:start] + text[text.index("[[lines]]", start + 1):], encoding="utf-8")
    journal = folder / "journal.csv"
    rows = journal.read_text(encoding="utf-8").splitlines()
    journal.write_text("\n".join(r for r in rows if ",taphoa," not in r) + "\n", encoding="utf-8")
    h1 = assessed(folder, "2026-H1")
    assert (h1["filing"], h1["filings"]) == ("01/BĐS", ["01/BĐS"])
    for period in ("2026-Q1", "2026"):
        data = assessed(folder, period)
        note = str(data["filing_note"]) + str(data["filing_note_vi"])
        assert data["filing"] == "" and "01/BĐS" in note and "01/TKN-CNKD" not in note, period
    code, out = run("--ledger", str(folder), "due", "--year", "2026", "--on", "2027-02-15", "--json")
    forms = {(d["form"], d["period"]) for d in json.loads(out)["deadlines"]}
    assert ("01/TKN-CNKD", "2026") not in forms and {("01/BĐS", "2026-H1"), ("01/BĐS", "2026-H2")} <= forms


def test_01_tts_per_period_or_for_the_year_never_both(tmp_path: Path) -> None:
    """TT 40/2021 Art 8. `due` lists the year's 01/TTS and says the per-period returns are the other
    way; once a quarter is recorded `due` lists the quarters and `declare` refuses the year."""
    source = open_text_ledger(LEDGERS / "lease-2025")
    path = tmp_path / "lease.sqlite"
    with create_ledger(path, source.household) as ledger:
        ledger.import_entries(source.entries())
    code, out = run("--ledger", str(path), "due", "--year", "2025", "--on", "2025-05-01", "--json")
    listed = [(d["form"], d["period"], d["note"]) for d in json.loads(out)["deadlines"]]
    assert [x[:2] for x in listed] == [("01/TTS", "2025")] and "each month or quarter" in listed[0][2]
    code, out = run("--ledger", str(path), "declare", "--period", "2025-Q1", "--on", "2025-04-20",
                    "--out", str(tmp_path / "q1"))
    assert code == 0, out
    code, out = run("--ledger", str(path), "due", "--year", "2025", "--on", "2025-05-01", "--json")
    listed = [(d["form"], d["period"], d["filed"]) for d in json.loads(out)["deadlines"]]
    assert listed == [("01/TTS", "2025-Q1", True), ("01/TTS", "2025-Q2", False), ("01/TTS", "2025-Q3", False),
                      ("01/TTS", "2025-Q4", False)]
    code, out = run("--ledger", str(path), "declare", "--period", "2025", "--on", "2026-01-20",
                    "--out", str(tmp_path / "y"))
    assert code == 0 and "Nothing to file for 2025" in out and "2025-Q1" in out and "Art 8" in out
    assert not (tmp_path / "y").exists()


# -- 01/BK-TTS only with a contract's first filing (TT 40/2021 Art 8) ---------------------------------

SCENARIOS = Path(__file__).parent / "scenarios"
GOLDEN = Path(__file__).parent / "golden" / "xml"


def test_bk_tts_rows_only_on_each_contracts_first_return() -> None:
    """Scenario s17: each contract's row is on the return whose period contains its start."""
    import tomllib

    from conftest import load_scenario
    from books_support import MemoryLedger

    from hhtax.declarations.build import prepare
    from hhtax.declarations.leasing_model import TtsBody
    from hhtax.periods import Period
    from hhtax.rules import load_rules

    path = SCENARIOS / "s17_bk_tts_first_filing_2025.toml"
    household, entries, _ = load_scenario(path)
    for expect in tomllib.loads(path.read_text(encoding="utf-8"))["expect_returns"]:
        prepared = prepare(MemoryLedger(household, entries), Period.parse(expect["period"]), load_rules(),
                           today=date(2026, 2, 1))
        assert [d.form.code for d in prepared.declarations] == expect["forms"]
        body = prepared.declarations[0].body
        assert isinstance(body, TtsBody)
        assert [c.contract_no for c in body.contracts] == expect["bk_contracts"], expect["period"]
        assert (body.bk_form is not None) == bool(expect["bk_contracts"])


def test_first_return_override_puts_the_row_on_the_named_return(tmp_path: Path) -> None:
    """lease-2025's contract started on 01/07/2024, so its first filing was in 2024 and no 2025 return
    carries the row; `first_return = "2025-Q1"` (say 2024 was not taxable) puts it on Q1, byte for
    byte the 01/TTS reviewed before this change, and on nothing else."""
    folder = tmp_path / "lease"
    shutil.copytree(LEDGERS / "lease-2025", folder)
    profile = folder / "household.toml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "rent = 10000000", 'rent = 10000000\nfirst_return = "2025-Q1"'), encoding="utf-8")
    for period, out in (("2025-Q1", tmp_path / "q1"), ("2025-Q2", tmp_path / "q2")):
        code, text = run("--ledger", str(folder), "declare", "--period", period, "--on", "2027-01-20",
                         "--out", str(out), "--json")
        assert code == 0, text
        xml = Path(json.loads(text)["xml"]).read_bytes()
        pdf = pdf_text(Path(json.loads(text)["pdf"]).read_bytes())
        if period == "2025-Q1":
            assert xml == (GOLDEN / "lease-2025_2025-Q1_first-return.xml").read_bytes()
            assert "01/BK-TTS" in pdf and "07/2024/HĐTN" in pdf
        else:
            assert b"PLuc_01_BK_TTS" not in xml and "01/BK-TTS" not in pdf
    code, text = run("--ledger", str(LEDGERS / "lease-2025"), "declare", "--period", "2025-Q1", "--on",
                     "2027-01-20", "--out", str(tmp_path / "plain"), "--json")
    assert b"PLuc_01_BK_TTS" not in Path(json.loads(text)["xml"]).read_bytes()


# -- item 4: `due` and `declare` agree on every example ledger ----------------------------------------

EXAMPLES = {"grocery-2026": 2026, "restaurant-2026": 2026, "tailor-2026": 2026, "lease-2026": 2026,
            "shop-2025": 2025, "lease-2025": 2025}
FORM_OF_DUTY = {"02/CNKD-TNCN-QTT": "02/CNKD"}  # the engine's name, the viewer's code (OQ-26)


def test_every_return_due_lists_is_the_one_declare_writes_and_only_those() -> None:
    """Each return or notice `due` lists is written by `declare` for its period, unless the duty says
    how else to file it (01/BK-STK); and `declare` writes nothing for a period `due` does not list."""
    for name, year in EXAMPLES.items():
        on = date(year + 1, 4, 15)
        with Ledger.open(LEDGERS / name) as api:
            report = api.duties(year, on=on)
            listed: dict[str, set[str]] = {}
            for duty in report.duties:
                if duty.kind == "registration":
                    continue
                if duty.form == "01/BK-STK":
                    assert duty.how and duty.to_dict()["declare"] is False, name
                    continue
                assert not duty.how and duty.to_dict()["declare"] is True, (name, duty.form)
                listed.setdefault(str(duty.period), set()).add(FORM_OF_DUTY.get(duty.form, duty.form))
            for period in (*(f"{year}-Q{q}" for q in range(1, 5)), f"{year}-H1", f"{year}-H2", str(year)):
                written = {d.form.code for d in api.declarations(period, on=on)}
                wanted = listed.get(period, set())
                if name == "lease-2025" and period.endswith(("Q1", "Q2", "Q3", "Q4")):
                    wanted = {"01/TTS"}  # the other way TT 40 Art 8 allows: due lists the year, with a note
                assert written == wanted, (name, period, written, wanted)


def test_declare_says_in_vietnamese_why_nothing_is_due_and_how_to_file_01_bk_stk(tmp_path: Path) -> None:
    code, out = run("--lang", "vi", "--ledger", str(LEDGERS / "tailor-2026"), "declare", "--period",
                    "2026-Q3", "--on", "2026-12-06", "--out", str(tmp_path / "o"))
    assert code == 0 and "không khai theo kỳ: doanh thu ≤ 1.000.000.000" in out
    assert "no quarterly return" not in out
    assert "Cần nộp: 01/BK-STK kỳ 2026" in out and "trên eTax" in out  # declare cannot write it: says how
    code, out = run("--ledger", str(LEDGERS / "tailor-2026"), "due", "--on", "2026-12-06")
    assert code == 0 and "enter the accounts of household.toml [[accounts]] on eTax" in out
    assert not (tmp_path / "o").exists()


def test_no_01_bds_for_a_half_year_without_a_lease(tmp_path: Path) -> None:
    """lease-2025's contract ends on 30/06/2026: 2026-H2 has no contract and no rent, so neither `due`
    nor `declare` has a 01/BĐS for it (NĐ 68/2026 Art 8.3.d); H1 has one. Rent recorded in H2 (paid
    late) makes H2's return due again."""
    folder = tmp_path / "lease"
    shutil.copytree(LEDGERS / "lease-2025", folder)
    with (folder / "journal.csv").open("a", encoding="utf-8") as journal:
        journal.write("2026-03-05,sale,10000000,thue-nha,HD-2026-03\n")
    code, out = run("--ledger", str(folder), "due", "--year", "2026", "--on", "2027-02-15", "--json")
    assert [(d["form"], d["period"]) for d in json.loads(out)["deadlines"] if d["form"] == "01/BĐS"] == [
        ("01/BĐS", "2026-H1")]
    with Ledger.open(folder) as api:
        assert api.assess("2026-H2").filings == () and api.declarations("2026-H2", on=date(2027, 2, 15)) == ()
        assert [d.form.code for d in api.declarations("2026-H1", on=date(2027, 2, 15))] == ["01/BĐS"]
    with (folder / "journal.csv").open("a", encoding="utf-8") as journal:
        journal.write("2026-08-05,sale,10000000,thue-nha,HD-2026-08\n")
    with Ledger.open(folder) as api:
        assert api.assess("2026-H2").filings == ("01/BĐS",)
        assert [d.form.code for d in api.declarations("2026-H2", on=date(2027, 2, 15))] == ["01/BĐS"]


def test_deadline_notes_are_vietnamese_under_lang_vi() -> None:
    """Issue 13 left: duty notes were English under --lang vi (OQ-20's missing holiday list here)."""
    code, out = run("--lang", "vi", "--ledger", str(LEDGERS / "tailor-2026"), "due", "--year", "2027", "--on",
                    "2027-06-01")
    assert code == 0 and "chưa có danh sách ngày nghỉ lễ năm 2028" in out and "no holiday list" not in out
    code, out = run("--ledger", str(LEDGERS / "tailor-2026"), "due", "--year", "2027", "--on", "2027-06-01",
                    "--json")
    notice = json.loads(out)["deadlines"][0]
    assert "no holiday list for 2028" in notice["note"] and "ngày nghỉ lễ năm 2028" in notice["note_vi"]

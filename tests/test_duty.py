"""The one duty decision (`hhtax.duty`) through the library and the real CLI: `due`, `status` and
`declare` agree with the engine (OQ-28, OQ-01), overdue returns come first with days late and
interest to date, filed periods are marked, and the 2026 calendar of issue 12 §4 (issue 13 §5)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from books_support import MemoryLedger, household
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from hhtax.cli.main import cli
from hhtax.duty import lateness, year_duties
from hhtax.ledger_tax import assess_ledger
from hhtax.model import Entry
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.service.ledgers import create_ledger, open_ledger, open_text_ledger

RULES = load_rules()
LEDGERS = Path(__file__).parent.parent / "ledgers"
TODAY = date(2026, 12, 6)


def _ledger(tmp_path: Path, profile: str, sales: list[tuple[str, int]], *, group: str = "services") -> Path:
    folder = tmp_path / "ledger"
    folder.mkdir(parents=True)
    (folder / "household.toml").write_text(
        f'tax_code = "001099012345"\nname = "Trịnh Văn Hòa"\n{profile}\n'
        f'[[lines]]\nid = "l"\ngroup = "{group}"\n',
        encoding="utf-8",
    )
    rows = [f"{day},sale,{amount},l,HD{n}" for n, (day, amount) in enumerate(sales)]
    (folder / "journal.csv").write_text(
        "date,kind,amount,line,doc\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    return folder


def _run(ledger: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--ledger", str(ledger), "--lang", "en", *args])
    return result.exit_code, result.output


def test_overdue_returns_first_with_days_late_and_interest_per_tax() -> None:
    report = year_duties(open_ledger(LEDGERS / "grocery-2026"), 2026, RULES, TODAY)
    assert [str(d.period) for d in report.overdue] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    q1 = report.overdue[0]
    assert (q1.due, q1.days_late, q1.filed) == (date(2026, 5, 4), 216, None)
    # interest runs 05/05 … 05/12/2026 (215 days) on the Q1 VAT, rounded once per tax (OQ-10)
    assert q1.interest_vat == round(q1.vat * 3 * 215 / 10_000) and q1.interest_pit == 0
    assert [str(d.period) for d in report.upcoming] == ["2026-Q4"]
    code, out = _run(LEDGERS / "grocery-2026", "due", "--on", "2026-12-06")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("Overdue") and "216 days late" in lines[2] and "410.034" in lines[2]
    assert out.index("Due next") < out.index("Every deadline") and "no filing record" in out
    status = _run(LEDGERS / "grocery-2026", "status", "--on", "2026-12-06")[1].splitlines()
    assert status[0].startswith("Overdue") and "2026-Q3" in status[3]


def test_filed_periods_are_marked_and_a_late_declare_prints_its_interest(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite"
    text = open_text_ledger(LEDGERS / "grocery-2026")
    create_ledger(path, text.household, sorted(text.entries(), key=lambda e: e.id or 0)).close()
    code, out = _run(
        path, "declare", "--period", "2026-Q1", "--on", "2026-12-06", "--out", str(tmp_path / "o")
    )
    assert code == 0 and "Filed late: due 04/05/2026, 216 days late" in out and "410.034" in out
    data = json.loads(_run(path, "due", "--on", "2026-12-06", "--json")[1])
    marks = {d["period"]: d["filed"] for d in data["deadlines"]}
    assert marks == {"2026-Q1": True, "2026-Q2": False, "2026-Q3": False, "2026-Q4": False}
    assert [d["period"] for d in data["overdue"]] == ["2026-Q2", "2026-Q3"]
    status = json.loads(_run(path, "status", "--on", "2026-12-06", "--json")[1])
    assert [d["period"] for d in status["overdue"]] == ["2026-Q2", "2026-Q3"]
    assert status["next_deadline"]["period"] == "2026-Q4"
    on_time = json.loads(
        _run(
            path,
            "declare",
            "--period",
            "2026-Q2",
            "--on",
            "2026-07-31",
            "--json",
            "--out",
            str(tmp_path / "o"),
        )[1]
    )
    assert on_time["late"] is None


def test_due_and_declare_agree_with_the_crossing_quarter(tmp_path: Path) -> None:
    """Issue 12 §1: prior 800 m, 1.2 bn by Q3: no Q1/Q2 returns in `due`, and `declare` of Q1 does not
    tell the user to file the Q1 01/CNKD it has just refused."""
    sales = [("2026-01-10", 300_000_000), ("2026-04-10", 400_000_000), ("2026-07-10", 500_000_000)]
    ledger = _ledger(tmp_path, "prior_year_revenue = 800_000_000", sales, group="goods")
    data = json.loads(_run(ledger, "due", "--year", "2026", "--on", "2026-12-06", "--json")[1])
    returns = [d["period"] for d in data["deadlines"] if d["form"] == "01/CNKD"]
    assert returns == ["2026-Q3", "2026-Q4"] and data["group"] == "G2"
    q3 = next(d for d in data["deadlines"] if d["period"] == "2026-Q3" and d["form"] == "01/CNKD")
    assert q3["vat"] == 12_000_000 and q3["reading"] == "OQ-01"
    registration = next(d for d in data["deadlines"] if d["form"] == "HĐĐT")
    assert registration["due"] == "2026-10-30" and not registration["overdue"]
    code, out = _run(
        ledger, "declare", "--period", "2026-Q1", "--on", "2026-12-06", "--out", str(tmp_path / "o")
    )
    assert code == 0 and "Nothing to file for 2026-Q1" in out
    assert "01/CNKD for 2026-Q1" not in out and "File instead: 01/CNKD for 2026-Q3" in out


def test_einvoice_registration_moves_off_holidays(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path, "", [("2026-02-10", 1_200_000_000)], group="goods")
    report = year_duties(open_ledger(ledger), 2026, RULES, date(2026, 4, 1))
    registration = next(d for d in report.duties if d.form == "HĐĐT")
    assert (registration.statutory, registration.due) == (date(2026, 4, 30), date(2026, 5, 4))
    code, out = _run(ledger, "assess", "--period", "2026-Q1")
    assert code == 0 and "by 04/05/2026" in out


def test_new_business_in_h1_under_the_threshold_files_the_half_year_notice(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path, "business_start = 2026-03-01", [("2026-03-05", 80_000_000)])
    report = year_duties(open_ledger(ledger), 2026, RULES, date(2026, 6, 15))
    # NĐ 68/2026 Art 9.1: H1 by 31/07, H2 by 31/01 (moved to 01/02/2027); no year notice
    assert [(d.form, str(d.period), d.due) for d in report.duties] == [
        ("01/TKN-CNKD", "2026-H1", date(2026, 7, 31)),
        ("01/TKN-CNKD", "2026-H2", date(2027, 2, 1)),
    ]


def test_every_notice_due_lists_is_what_declare_prepares(tmp_path: Path) -> None:
    """Issue 12 left: `declare --period 2026-H1` wrote nothing while `due` listed the H1 notice. Each
    notice `due` lists is now written by `declare` for its period (XML 1245, kieuKy N, the half's
    revenue only), and the year, notified as two halves, is not (NĐ 68/2026 Art 9.1)."""
    sales = [("2026-03-05", 80_000_000), ("2026-05-10", 120_000_000), ("2026-08-10", 150_000_000)]
    ledger = _ledger(tmp_path, "business_start = 2026-03-01", sales)
    report = year_duties(open_ledger(ledger), 2026, RULES, date(2027, 2, 15))
    assert [str(d.period) for d in report.duties] == ["2026-H1", "2026-H2"]
    revenue = {"2026-H1": "200000000", "2026-H2": "150000000"}
    for duty in report.duties:
        out = tmp_path / str(duty.period)
        code, text = _run(ledger, "declare", "--period", str(duty.period), "--on", "2027-02-15",
                          "--out", str(out), "--json")
        assert code == 0, text
        data = json.loads(text)
        assert (data["form"], data["ma_tkhai"], data["period"]) == ("01/TKN-CNKD", "1245", str(duty.period))
        xml = Path(data["xml"]).read_text(encoding="utf-8")
        assert "<kieuKy>N</kieuKy>" in xml and f"<ct16>{revenue[str(duty.period)]}</ct16>" in xml
        assert "<PLuc" not in xml  # 1245 C: no appendix in the viewer's catalogue
    code, text = _run(ledger, "declare", "--period", "2026", "--on", "2027-02-15", "--out", str(tmp_path / "y"))
    assert code == 0 and "Nothing to file for 2026" in text and "Art 9.1" in text
    assert "File instead: 01/TKN-CNKD for 2026-H1" in text and "File instead: 01/TKN-CNKD for 2026-H2" in text
    assert not (tmp_path / "y").exists()


def test_h1_notice_stays_due_after_crossing_in_q3(tmp_path: Path) -> None:
    """A business started in H1 under the threshold notifies H1; crossing in Q3 starts quarterly returns
    (NĐ 68/2026 Art 9.2, OQ-01) and the H2 notice is not due."""
    sales = [("2026-03-05", 200_000_000), ("2026-08-10", 900_000_000)]
    ledger = _ledger(tmp_path, "business_start = 2026-03-01", sales)
    report = year_duties(open_ledger(ledger), 2026, RULES, date(2027, 2, 15))
    assert [(d.form, str(d.period)) for d in report.duties if d.kind != "registration"] == [
        ("01/TKN-CNKD", "2026-H1"), ("01/CNKD", "2026-Q3"), ("01/CNKD", "2026-Q4")]


def test_bank_accounts_list_for_households_under_1bn(tmp_path: Path) -> None:
    small = _ledger(tmp_path, "prior_year_revenue = 500_000_000", [("2026-01-05", 10_000_000)])
    report = year_duties(open_ledger(small), 2026, RULES, date(2026, 5, 1))
    stk = next(d for d in report.duties if d.form == "01/BK-STK")
    assert (stk.due, stk.reading, stk.kind) == (date(2026, 7, 31), "OQ-25", "notice")
    big = _ledger(tmp_path / "b", "prior_year_revenue = 2_000_000_000", [("2026-01-05", 10_000_000)])
    assert all(d.form != "01/BK-STK" for d in year_duties(open_ledger(big), 2026, RULES, TODAY).duties)


def test_no_duty_before_the_business_started(tmp_path: Path) -> None:
    """Issue 12 §4: a 2025 leasing-only household starting 01/04 has no Q1/2025 return and no 01/CNKD."""
    sales = [(f"2025-{m:02d}-05", 20_000_000) for m in range(4, 13)]
    ledger = _ledger(tmp_path, "business_start = 2025-04-01", sales, group="leasing")
    report = year_duties(open_ledger(ledger), 2025, RULES, TODAY)
    assert [(d.form, str(d.period), d.vat, d.pit) for d in report.duties] == [
        ("01/TTS", "2025", 9_000_000, 9_000_000)
    ]
    code, out = _run(
        ledger, "declare", "--period", "2025-Q1", "--on", "2026-01-10", "--out", str(tmp_path / "o")
    )
    assert code == 0 and "business started on 01/04/2025" in out and not (tmp_path / "o").exists()


def test_monthly_filer_above_50bn_january_to_march_due_20_april(tmp_path: Path) -> None:
    ledger = _ledger(
        tmp_path,
        'filing = "monthly"\n[estimates]\n2026 = 60_000_000_000',
        [("2026-01-10", 5_000_000_000)],
        group="goods",
    )
    report = year_duties(open_ledger(ledger), 2026, RULES, date(2026, 4, 1))
    months = [(str(d.period), d.due) for d in report.duties if d.form == "01/CNKD"][:4]
    assert months == [
        ("2026-01", date(2026, 4, 20)),
        ("2026-02", date(2026, 4, 20)),
        ("2026-03", date(2026, 4, 20)),
        ("2026-04", date(2026, 5, 20)),
    ]


def test_lateness_of_a_return_filed_on_time_is_none() -> None:
    q1 = Period.parse("2026-Q1")
    assert lateness("01/CNKD", q1, 1_000_000, 0, date(2026, 5, 4), RULES) is None
    late = lateness("01/CNKD", q1, 1_000_000, 500_000, date(2026, 5, 6), RULES)
    assert late is not None and (late.days_late, late.interest_vat, late.interest_pit) == (2, 300, 150)


_sales = st.lists(st.tuples(st.integers(0, 364), st.integers(1, 700_000_000)), max_size=10)


@settings(max_examples=30, deadline=None)
@given(
    _sales,
    _sales,
    st.sampled_from([None, 600_000_000, 1_300_000_000]),
    st.sampled_from([None, 900_000_000, 2_000_000_000]),
    st.integers(1, 3),
)
def test_later_entries_never_change_an_earlier_periods_duty(
    early: list[tuple[int, int]],
    later: list[tuple[int, int]],
    prior: int | None,
    estimate: int | None,
    quarter: int,
) -> None:
    """OQ-28: what is due for the quarters up to Q`quarter` is the same before and after the sales of
    the following quarters are recorded, and each is due exactly when `assess` names a return."""
    cut = Period.quarter(2026, quarter).end
    start = date(2026, 1, 1)

    def sales(items: list[tuple[int, int]], after: bool) -> list[Entry]:
        days = [start + timedelta(days=d) for d, _ in items]
        return [
            Entry(date=day, kind="sale", amount=amount, line="goods", doc=f"{'B' if after else 'A'}{n}")
            for n, (day, (_d, amount)) in enumerate(zip(days, items, strict=True))
            if (day > cut) == after
        ]

    profile = household(prior_year_revenue=prior, **({"estimates": {2026: estimate}} if estimate else {}))
    known = MemoryLedger(profile, sales(early, False))
    everything = MemoryLedger(profile, [*sales(early, False), *sales(later, True)])

    def due_up_to_cut(ledger: MemoryLedger) -> list[tuple[str, str, int]]:
        report = year_duties(ledger, 2026, RULES, TODAY)
        return [
            (d.form, str(d.period), d.vat)
            for d in report.duties
            if d.period.end <= cut and d.kind == "return"
        ]

    before = due_up_to_cut(known)
    assert before == due_up_to_cut(everything)
    for number in range(1, quarter + 1):
        period = Period.quarter(2026, number)
        named = assess_ledger(everything, period, RULES).filing == "01/CNKD"
        assert named == any(p == str(period) for _f, p, _v in before)


def test_json_keeps_the_existing_keys() -> None:
    """`due --json` and `status --json` keep the keys they had; the duty decision only adds keys."""
    due = json.loads(_run(LEDGERS / "grocery-2026", "due", "--year", "2026", "--json")[1])
    assert {"year", "group", "deadlines"} <= set(due)
    for item in due["deadlines"]:
        assert {"form", "period", "due", "statutory", "what", "ref", "note"} <= set(item)
    status = json.loads(_run(LEDGERS / "grocery-2026", "status", "--json")[1])
    assert {"ledger", "year", "regime", "revenue", "threshold", "group", "pit_method", "filing", "books",
            "next_deadline", "overdue", "due_next"} <= set(status)
    assert set(status["next_deadline"]) == {"form", "period", "due", "what"}

"""What decides a period's duty (reading OQ-28) and its frequency (OQ-30), through the engine, the
SQLite ledger's dated estimates and the real CLI (issue 12 §1, §5)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from hhtax.cli.main import cli
from hhtax.errors import InputError
from hhtax.journal.estimates import EstimateRecord, in_force
from hhtax.journal.filings import FilingRecord
from hhtax.ledger_tax import assess_ledger
from hhtax.model import Entry, EntryKind, Household
from hhtax.periods import Period
from hhtax.rules import load_rules
from hhtax.service.ledgers import create_ledger
from hhtax.tax.engine import assess

RULES = load_rules()


def _household(**extra: object) -> Household:
    return Household.model_validate(
        {"tax_code": "001099012345", "name": "Hộ thử", "lines": [{"id": "dv", "group": "services"}], **extra}
    )


def _sale(day: date, amount: int, doc: str) -> Entry:
    return Entry(date=day, kind=EntryKind.SALE, amount=amount, line="dv", doc=doc)


Q1_AND_APRIL = [_sale(date(2026, 2, 10), 300_000_000, "HD1"), _sale(date(2026, 4, 15), 100_000_000, "HD2")]


def _text_ledger(tmp_path: Path, profile: str, rows: list[str]) -> Path:
    folder = tmp_path / "ledger"
    folder.mkdir()
    (folder / "household.toml").write_text(
        'tax_code = "001099012345"\nname = "Phạm Thị Dung"\n'
        + profile
        + '\n[[lines]]\nid = "dv"\ngroup = "services"\n',
        encoding="utf-8",
    )
    (folder / "journal.csv").write_text(
        "date,kind,amount,line,doc\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    return folder


def test_prior_year_household_importing_april_sales_owes_q1_vat(tmp_path: Path) -> None:
    """Issue 12 §1: prior-year 1.3 bn, April sales imported before filing Q1 → VAT 15,000,000 due."""
    hh = _household(prior_year_revenue=1_300_000_000)
    q1 = assess(hh, Q1_AND_APRIL, Period.quarter(2026, 1), RULES)
    assert (q1.group, q1.filing, q1.vat.value, q1.pit.value) == ("G2", "01/CNKD", 15_000_000, 0)
    folder = _text_ledger(
        tmp_path,
        "prior_year_revenue = 1_300_000_000",
        ["2026-02-10,sale,300000000,dv,HD1", "2026-04-15,sale,100000000,dv,HD2"],
    )
    result = CliRunner().invoke(
        cli,
        [
            "--ledger",
            str(folder),
            "--lang",
            "en",
            "declare",
            "--period",
            "2026-Q1",
            "--on",
            "2026-04-20",
            "--out",
            str(tmp_path / "out"),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["form"] == "01/CNKD" and data["payable"] == 15_000_000


def test_no_prior_year_household_is_not_made_late_by_later_sales() -> None:
    """Issue 12 §1: without any estimate, Q1 stays not due however much is recorded later."""
    hh = _household()
    april = assess(hh, Q1_AND_APRIL[:1], Period.quarter(2026, 1), RULES)
    later = [*Q1_AND_APRIL, _sale(date(2026, 8, 1), 900_000_000, "HD3")]
    after = assess(hh, later, Period.quarter(2026, 1), RULES)
    assert april == after
    assert after.filing == "" and after.vat.value == 0 and "OQ-28" in {w.code for w in after.warnings}
    q3 = assess(hh, later, Period.quarter(2026, 3), RULES)
    assert q3.crossing and q3.vat.value == 5 * 1_300_000_000 // 100


_amounts = st.lists(st.tuples(st.integers(1, 365), st.integers(1, 900_000_000)), max_size=12)


@settings(max_examples=40, deadline=None)
@given(_amounts, st.sampled_from([None, 500_000_000, 1_300_000_000, 4_000_000_000]), st.integers(1, 4))
def test_entries_after_the_period_are_never_read(
    sales: list[tuple[int, int]], prior: int | None, quarter: int
) -> None:
    hh = _household(prior_year_revenue=prior)
    period = Period.quarter(2026, quarter)
    entries = [
        _sale(date(2026, 1, 1) + timedelta(days=day - 1), amount, f"HD{n}")
        for n, (day, amount) in enumerate(sales)
    ]
    known = [e for e in entries if e.date <= period.end]
    assert assess(hh, entries, period, RULES) == assess(hh, known, period, RULES)


def test_estimate_comes_before_prior_year_and_contradictions_warn() -> None:
    hh = _household(prior_year_revenue=2_000_000_000, estimates={2026: 900_000_000})
    q1 = assess(hh, Q1_AND_APRIL, Period.quarter(2026, 1), RULES)
    assert q1.group == "G1" and q1.filing == ""
    beyond = assess(hh, [_sale(date(2026, 3, 1), 1_100_000_000, "X")], Period.quarter(2026, 1), RULES)
    assert beyond.group == "G2" and beyond.crossing
    assert any(w.code == "OQ-28" and "exceeds the estimate" in w.message for w in beyond.warnings)
    slow = assess(
        _household(estimates={2026: 2_000_000_000}),
        [_sale(date(2026, 1, 5), 50_000_000, "Y")],
        Period.quarter(2026, 1),
        RULES,
    )
    assert slow.group == "G2" and any(w.code == "OQ-12" for w in slow.warnings)
    year = assess(
        _household(estimates={2026: 2_000_000_000}),
        [_sale(date(2026, 1, 5), 50_000_000, "Y")],
        Period.of_year(2026),
        RULES,
    )
    assert year.group == "G1" and any(w.code == "OQ-12" and "fixes" in w.message for w in year.warnings)


def test_in_force_takes_the_latest_record_before_filing() -> None:
    records = [
        EstimateRecord(2026, 1, "2026-03-01T00:00:00+00:00"),
        EstimateRecord(2026, 2, "2026-04-10T09:00:00+07:00"),
        EstimateRecord(2026, 3, "2026-06-01T00:00:00+00:00"),
    ]
    assert in_force(records, None) == records[2]
    assert in_force(records, "2026-04-10T02:00:00+00:00") == records[1]  # same instant, other offset
    assert in_force(records, "2026-04-10T01:59:59+00:00") == records[0]
    assert in_force(records, "2026-01-01T00:00:00+00:00") is None


def test_sqlite_estimates_are_dated_append_only_and_a_filed_period_keeps_its_duty(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with create_ledger(path, _household(), Q1_AND_APRIL) as ledger:
        assert assess_ledger(ledger, Period.quarter(2026, 1), RULES).group == "G1"
        ledger.record_estimate(EstimateRecord(2026, 1_300_000_000, "2026-04-05T08:00:00+07:00", "plan"))
        q1 = assess_ledger(ledger, Period.quarter(2026, 1), RULES)
        assert (q1.group, q1.vat.value) == ("G2", 15_000_000)
        ledger.record_filing(
            FilingRecord("2026-Q1", "01/CNKD", "C", 0, "0" * 64, "{}", "2026-04-20T10:00:00+07:00")
        )
        ledger.record_estimate(EstimateRecord(2026, 700_000_000, "2026-05-02T08:00:00+07:00", "lower"))
        assert assess_ledger(ledger, Period.quarter(2026, 1), RULES).group == "G2"  # as filed
        assert assess_ledger(ledger, Period.quarter(2026, 2), RULES).group == "G1"  # the new estimate
        assert [e.revenue for e in ledger.estimates(2026)] == [1_300_000_000, 700_000_000]
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE estimates SET revenue = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM estimates")
    db.close()


def test_estimate_command(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    create_ledger(path, _household(), Q1_AND_APRIL).close()
    runner = CliRunner()
    base = ["--ledger", str(path), "--lang", "en"]
    assert "No estimate" in runner.invoke(cli, [*base, "estimate"]).output
    done = runner.invoke(
        cli, [*base, "estimate", "--year", "2026", "--revenue", "1300000000", "--note", "kế hoạch"]
    )
    assert done.exit_code == 0 and "1.300.000.000" in done.output
    listed = json.loads(runner.invoke(cli, [*base, "estimate", "--year", "2026", "--json"]).output)
    assert [(e["year"], e["revenue"], e["note"]) for e in listed["estimates"]] == [
        (2026, 1_300_000_000, "kế hoạch")
    ]
    assessed = json.loads(runner.invoke(cli, [*base, "assess", "--period", "2026-Q1", "--json"]).output)
    assert assessed["group"] == "G2" and assessed["totals"]["vat"] == 15_000_000
    assert runner.invoke(cli, [*base, "estimate", "--revenue", "5"]).exit_code == 2
    folder = _text_ledger(tmp_path, "", [])
    refused = runner.invoke(
        cli, ["--ledger", str(folder), "--lang", "en", "estimate", "--year", "2026", "--revenue", "5"]
    )
    assert refused.exit_code == 2 and "[estimates]" in refused.output


def test_monthly_at_or_under_50bn_is_refused_unless_overridden(tmp_path: Path) -> None:
    monthly = _household(filing="monthly", prior_year_revenue=2_000_000_000)
    with pytest.raises(InputError, match=r"Art 10\.1.*filing_override"):
        assess(monthly, Q1_AND_APRIL, Period.month(2026, 2), RULES)
    overridden = _household(
        filing_override="monthly",
        filing_override_reason="chủ hộ muốn theo dõi hàng tháng",
        prior_year_revenue=2_000_000_000,
    )
    feb = assess(overridden, Q1_AND_APRIL, Period.month(2026, 2), RULES)
    assert feb.filing == "01/CNKD" and feb.filing_frequency == "monthly"
    assert any(w.code == "OQ-30" and "theo dõi" in w.message for w in feb.warnings)
    with pytest.raises(ValueError, match="filing_override_reason"):
        _household(filing_override="monthly")
    big = assess(_household(estimates={2026: 60_000_000_000}), Q1_AND_APRIL, Period.month(2026, 2), RULES)
    warning = next(w for w in big.warnings if w.code == "frequency")
    assert "Art 10.1" in warning.ref and "Art 8.2" not in warning.ref and "Art 10.1" in warning.message
    folder = _text_ledger(
        tmp_path,
        'filing = "monthly"\nprior_year_revenue = 2_000_000_000',
        ["2026-02-10,sale,300000000,dv,HD1"],
    )
    result = CliRunner().invoke(
        cli, ["--ledger", str(folder), "--lang", "en", "assess", "--period", "2026-02"]
    )
    assert result.exit_code == 1 and isinstance(result.exception, InputError)
    assert "OQ-30" in str(result.exception) and "2026-02" in str(result.exception)


def test_an_estimate_under_3bn_keeps_the_revenue_method_when_revenue_passes_3bn() -> None:
    """OQ-11 with OQ-28: the household expected G2 (estimate 2 bn, no prior year) and passed 3 bn in Q3."""
    hh = _household(estimates={2026: 2_000_000_000})
    sales = [_sale(date(2026, 1, 5), 1_000_000_000, "A"), _sale(date(2026, 4, 5), 1_000_000_000, "B"),
             _sale(date(2026, 7, 5), 1_500_000_000, "C")]
    q3 = assess(hh, sales, Period.quarter(2026, 3), RULES)
    assert (q3.group, q3.method) == ("G3", "revenue") and "OQ-11" in {w.code for w in q3.warnings}
    locked = _household(estimates={2026: 2_000_000_000}, prior_year_revenue=4_000_000_000)
    assert assess(locked, sales, Period.quarter(2026, 3), RULES).method == "income"

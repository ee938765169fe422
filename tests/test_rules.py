"""Rule packs: shipped values, dates and citations, validation errors, local packs on top."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from hhtax.errors import RuleError
from hhtax.rules import load_rules, parse_pack

RULES = load_rules()
A_DAY, B_DAY = date(2025, 6, 30), date(2026, 6, 30)


def test_threshold_per_regime_and_history() -> None:
    assert RULES.value("threshold", A_DAY) == 100_000_000
    assert RULES.value("threshold", date(2026, 1, 1)) == 1_000_000_000
    history = RULES.history("threshold")
    assert [r.value for r in history] == [100_000_000, 500_000_000, 1_000_000_000]
    assert history[1].status == "superseded" and history[1].reading == "OQ-13"


@pytest.mark.parametrize(
    ("group", "vat", "pit", "row_a", "row_b"),
    [
        ("goods", "0.01", "0.005", "28", "a"),
        ("services", "0.05", "0.02", "29", "b"),
        ("production", "0.03", "0.015", "30", "d"),
        ("other", "0.02", "0.01", "31", "e"),
        ("leasing", "0.05", "0.05", "TTS", "c"),
        ("digital", "0.05", "0.02", "29", "đ"),
    ],
)
def test_group_rates_and_rows(group: str, vat: str, pit: str, row_a: str, row_b: str) -> None:
    assert RULES.value(f"groups.{group}.vat_rate", A_DAY) == Decimal(vat)
    assert RULES.value(f"groups.{group}.pit_rate", A_DAY) == Decimal(pit)
    assert RULES.value(f"groups.{group}.row", A_DAY) == row_a
    assert RULES.value(f"groups.{group}.row", B_DAY) == row_b
    assert RULES.value(f"groups.{group}.name_vi", B_DAY)


def test_digital_pit_is_5_percent_in_regime_b() -> None:
    assert RULES.value("groups.digital.pit_rate", B_DAY) == Decimal("0.05")
    assert RULES.get("groups.digital.vat_rate", B_DAY).reading == "OQ-08"


def test_contract_keys_exist_for_both_regimes() -> None:
    for day in (A_DAY, B_DAY):
        for key in (
            "forms.01_CNKD",
            "forms.01_TKN_CNKD",
            "forms.PL_NQ142_GTGT",
            "forms.01_1_KHBS",
            "forms.PL01_KHBS",
            "xml.service",
            "books.required",
            "interest.daily_rate",
        ):
            assert RULES.find(key, day) is not None, (key, day)
    assert RULES.value("forms.01_CNKD", A_DAY)["ma_tkhai"] == "473"
    assert RULES.value("forms.01_CNKD", B_DAY) | {} == RULES.value("forms.01_CNKD", B_DAY)
    assert RULES.value("forms.01_CNKD", B_DAY)["version"] == "2.8.9"
    assert RULES.value("forms.01_2_BK_HDKD", A_DAY)["code"] == "01-2/BK-HĐKD"
    assert RULES.value("forms.01_BK_STK", B_DAY)["ma_tkhai"] == "1265"
    assert RULES.value("cash_payment_limit", B_DAY) == 5_000_000
    assert RULES.find("cash_payment_limit", A_DAY) is None
    assert RULES.value("books.required", B_DAY)["income"] == ["S2b-HKD", "S2c-HKD", "S2d-HKD", "S2e-HKD"]
    assert RULES.value("books.required", A_DAY)["always"] == ["S1-HKD", "S3-HKD", "S4-HKD"]
    assert RULES.value("interest.daily_rate", date(2026, 8, 1)) == Decimal("0.0003")


def test_vat_cut_windows() -> None:
    assert RULES.find("vat_cut.reduction", date(2025, 3, 1)).ref.startswith("NĐ 180/2024")  # type: ignore[union-attr]
    assert RULES.find("vat_cut.reduction", date(2025, 8, 1)).ref.startswith("NQ 204/2025")  # type: ignore[union-attr]
    assert RULES.value("vat_cut.reduction", date(2026, 12, 31)) == Decimal("0.2")
    assert RULES.find("vat_cut.reduction", date(2027, 1, 1)) is None


def test_every_rule_in_force_has_a_citation_and_confidence() -> None:
    for day in (date(2022, 1, 1), A_DAY, B_DAY, date(2027, 6, 1)):
        for rule in RULES.all_on(day):
            assert len(rule.ref) >= 3 and rule.confidence in "HML"
            assert rule.valid_from <= day


def test_get_raises_when_nothing_applies() -> None:
    with pytest.raises(RuleError):
        RULES.get("threshold", date(2010, 1, 1))


def test_floats_and_bad_values_are_refused() -> None:
    head = '[pack]\nid = "x"\nvalid_from = 2026-01-01\n[[rule]]\nref = "test ref"\nconfidence = "H"\n'
    with pytest.raises(RuleError, match="strings"):
        parse_pack(head + 'name = "groups.goods.vat_rate"\nvalue = 0.01\n', "x.toml")
    with pytest.raises(RuleError, match="threshold"):
        parse_pack(head + 'name = "threshold"\nvalue = "lots"\n', "x.toml")
    with pytest.raises(RuleError, match="reading"):
        parse_pack(head + 'name = "threshold"\nvalue = 1\nreading = "Q1"\n', "x.toml")


def test_overlapping_values_are_refused() -> None:
    rule = '[[rule]]\nname = "threshold"\nvalue = 1\nref = "ref"\nconfidence = "H"\nvalid_from = 2026-01-01\n'
    text = '[pack]\nid = "x"\n' + rule * 2
    with pytest.raises(RuleError, match="overlap"):
        load_rules_from_text(text)


def load_rules_from_text(text: str) -> None:
    from hhtax.rules.book import RuleBook

    RuleBook([parse_pack(text, "x.toml")])


def test_local_pack_layers_over_the_shipped_ones(tmp_path: Path) -> None:
    local = tmp_path / "local.toml"
    local.write_text(
        '[pack]\nid = "local"\nvalid_from = 2026-01-01\n[[rule]]\nname = "threshold"\n'
        'value = 500_000_000\nref = "ND 68/2026 as issued"\nconfidence = "H"\nreading = "OQ-13"\n',
        encoding="utf-8",
    )
    book = load_rules(local)
    assert book.value("threshold", B_DAY) == 500_000_000
    assert book.value("threshold", A_DAY) == 100_000_000
    assert load_rules().value("threshold", B_DAY) == 1_000_000_000


def test_missing_local_pack_is_a_rule_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="cannot read"):
        load_rules(tmp_path / "nope.toml")


def test_holidays_known_for_2025_to_2027() -> None:
    assert date(2026, 4, 30) in RULES.value("holidays.2026", B_DAY)
    assert date(2025, 1, 29) in RULES.value("holidays.2025", A_DAY)
    assert RULES.find("holidays.2027", date(2027, 1, 1)) is not None

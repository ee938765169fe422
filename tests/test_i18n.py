"""Every runtime message exists in Vietnamese and English; errors carry message ids."""

from __future__ import annotations

import ast
import importlib
import pickle
import pkgutil
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

import hhtax
from hhtax.cli.main import cli
from hhtax.errors import HhtaxError, InputError, LedgerError
from hhtax.i18n import catalogue, msg, register

ROOT = Path(hhtax.__file__).parent
ERRORS = {"HhtaxError", "InputError", "RuleError", "LedgerError", "LedgerBusy", "PeriodLocked",
          "LedgerCorrupt", "LedgerTampered"}


def _import_everything() -> None:
    for module in pkgutil.walk_packages([str(ROOT)], "hhtax."):
        if module.name != "hhtax.__main__":
            importlib.import_module(module.name)


def _sources() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(ROOT.rglob("*.py"))]


def _message_ids_used() -> set[tuple[str, str]]:
    used = set()
    for path, tree in _sources():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", "")
            if name in ("msg", "t") and isinstance(node.args[0].value, str):
                used.add((str(path.relative_to(ROOT)), node.args[0].value))
    return used


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_id_used_is_registered() -> None:
    _import_everything()
    known = catalogue()
    missing = sorted(f"{path}: {key}" for path, key in _message_ids_used() if key not in known)
    assert not missing


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    _import_everything()
    for key, (vi, en) in catalogue().items():
        assert vi.strip() and en.strip(), key
        assert _fields(vi) == _fields(en), key


# Modules whose errors are still English sentences; each is converted to message ids in turn.
PENDING: tuple[str, ...] = ()


def test_no_error_is_raised_with_an_english_sentence() -> None:
    """`raise XError("…")` or `XError(f"…")` must pass a Message (msg(...)) instead."""
    offenders = []
    for path, tree in _sources():
        if str(path.relative_to(ROOT)).startswith(PENDING):
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ERRORS
                    and node.args and isinstance(node.args[0], (ast.Constant, ast.JoinedStr, ast.BinOp))):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


def test_error_renders_in_both_languages_and_survives_pickling() -> None:
    register({"test.bad": ("giá trị sai: {value}", "bad value: {value}")})
    err = InputError(msg("test.bad", value="x"), file="a.csv", line=2, field="amount")
    assert err.render("vi") == "a.csv:2: amount: giá trị sai: x"
    assert str(err) == "a.csv:2: amount: bad value: x"
    again = pickle.loads(pickle.dumps(err))
    assert isinstance(again, InputError) and again.render("vi") == err.render("vi")
    plain = pickle.loads(pickle.dumps(LedgerError(msg("test.bad", value=1))))
    assert isinstance(plain, HhtaxError) and plain.render("vi") == "giá trị sai: 1"


@pytest.mark.parametrize(("args", "expected"), [
    (["frobnicate"], "Không có lệnh"),
    (["status", "--frob"], "Không có tùy chọn"),
    (["assess", "--period"], "cần một giá trị"),
    (["books", "--format", "docx"], "không thuộc"),
])
def test_click_usage_errors_are_vietnamese(args: list[str], expected: str) -> None:
    result = CliRunner().invoke(cli, ["--lang", "vi", *args])
    assert result.exit_code == 2
    assert expected in result.output
    assert "Error" not in result.output and "Usage" not in result.output


def test_click_usage_errors_stay_english_with_lang_en() -> None:
    result = CliRunner().invoke(cli, ["--lang", "en", "frobnicate"])
    assert result.exit_code == 2 and "No such command" in result.output


def test_library_error_is_rendered_in_the_cli_language(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.sqlite"
    result = CliRunner().invoke(cli, ["--lang", "vi", "--ledger", str(missing), "status"])
    assert result.exit_code != 0
    text = result.output + (str(result.exception) if result.exception else "")
    assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text.lower()) or \
        isinstance(result.exception, HhtaxError)


LEDGERS = Path(__file__).parent.parent / "ledgers"


def _vi(*args: str) -> str:
    result = CliRunner().invoke(cli, ["--lang", "vi", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_status_in_vietnamese_has_no_raw_keys_or_english() -> None:
    text = _vi("--ledger", str(LEDGERS / "grocery-2026"), "status")
    for english in ("above_threshold", "next_deadline", "True", "False", "quarterly", "return", "revenue"):
        assert english not in text, english
    assert "Vượt ngưỡng: có" in text and "Kỳ khai thuế: theo quý" in text


def test_compare_and_due_in_vietnamese() -> None:
    compare = _vi("--ledger", str(LEDGERS / "restaurant-2026"), "compare", "--year", "2026")
    for english in ("VAT", "PIT", "total", "books", "kept", "no lock", " Art ", "Law "):
        assert english not in compare, english
    due = _vi("--ledger", str(LEDGERS / "grocery-2026"), "due", "--year", "2026")
    assert "quarterly" not in due and "file and pay" not in due and "tờ khai quý" in due


def test_assess_shows_names_not_internal_ids() -> None:
    text = _vi("--ledger", str(LEDGERS / "grocery-2026"), "assess", "--period", "2026-Q3", "--explain")
    assert "(goods)" not in text and "Phân phối, cung cấp hàng hóa" in text
    table = _vi("--ledger", str(LEDGERS / "grocery-2026"), "assess", "--period", "2026-Q3")
    assert "goods" not in table

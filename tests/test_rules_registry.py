"""Rules are a closed, checked vocabulary (issue 10 §3): every name a pack uses is known, typed and
read by code; an unknown name is refused with file, line and name, on every path."""

from __future__ import annotations

import ast
import importlib
from fnmatch import fnmatchcase
from pathlib import Path

import pytest
from click.testing import CliRunner

from hhtax.cli.main import cli
from hhtax.errors import RuleError
from hhtax.rules import load_rules
from hhtax.rules.loader import parse_pack, shipped_rules
from hhtax.rules.registry import VOCABULARY, RuleName, lookup

LOCAL = '''[pack]
id = "office"
valid_from = 2026-01-01

[[rule]]
name = "threshold"
value = 500_000_000
ref = "NĐ 68/2026/NĐ-CP as issued"
confidence = "H"

[[rule]]
name = "threshhold"
value = 500_000_000
ref = "typo"
confidence = "H"
'''


def _reads(module: str) -> set[str]:
    """Rule names (as globs) that `module` looks up: `<…rules>.get/value/find/history(NAME, …)`."""
    source = Path(importlib.import_module(module).__file__ or "").read_text(encoding="utf-8")
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args \
                and node.func.attr in ("get", "value", "find", "history") \
                and "rules" in ast.unparse(node.func.value):
            found.add(_glob(node.args[0]))
        elif isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant) \
                and isinstance(node.left.value, str) and node.left.value.endswith("."):
            found.add(node.left.value + "*")  # "deadlines." + key
    return found


def _glob(node: ast.expr) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "*" for v in node.values)
    return "*.unknown"  # a name computed elsewhere: not counted as a read here


def _names(entry: RuleName) -> list[str]:
    shipped = [name for name in shipped_rules().names() if lookup(name) == entry]
    return shipped or [entry.pattern.replace("####", "2026").replace("*", "x")]


@pytest.mark.parametrize("entry", [e for e in VOCABULARY if not e.informational], ids=lambda e: e.pattern)
def test_every_name_is_read_by_its_reader(entry: RuleName) -> None:
    reads = _reads(entry.reader)
    assert any(fnmatchcase(name, read) for name in _names(entry) for read in reads), \
        f"{entry.pattern} is not read by {entry.reader}"


def test_every_shipped_name_is_in_the_vocabulary() -> None:
    assert all(lookup(name) is not None for name in shipped_rules().names())


def test_unknown_name_is_refused_with_file_line_and_name(tmp_path: Path) -> None:
    pack = tmp_path / "office.toml"
    pack.write_text(LOCAL, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules(pack)
    assert str(caught.value) == f"{pack}:12: unknown rule name 'threshhold'; did you mean 'threshold'? " \
                                "(see docs/rules.md)"


def test_shipped_packs_are_checked_the_same_way() -> None:
    text = "[pack]\nid = \"regime-b\"\nvalid_from = 2026-01-01\n\n[[rule]]\nname = \"groups.goods.vat\"\n" \
           "value = \"0.01\"\nref = \"Law 48\"\nconfidence = \"H\"\n"
    with pytest.raises(RuleError, match=r"^regime-b.toml:6: unknown rule name 'groups.goods.vat'"):
        parse_pack(text, "regime-b.toml")


def test_a_value_of_the_wrong_type_is_refused_with_its_line() -> None:
    text = "[pack]\nid = \"x\"\nvalid_from = 2026-01-01\n[[rule]]\nname = \"deduction.order\"\n" \
           "value = \"lowest_first\"\nref = \"x y\"\nconfidence = \"L\"\n"
    with pytest.raises(RuleError, match=r"^x.toml:5: deduction.order: "):
        parse_pack(text, "x.toml")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_cli_exits_non_zero_naming_file_line_and_name(tmp_path: Path, lang: str) -> None:
    pack = tmp_path / "office.toml"
    pack.write_text(LOCAL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--lang", lang, "--rules", str(pack), "rules"])
    assert result.exit_code != 0
    shown = result.output + str(result.exception)
    assert f"{pack}:12" in shown and "threshhold" in shown

"""Loading rule packs from TOML: the shipped packs (cached) and an optional local pack on top.

Every rule name must be in the closed vocabulary of `hhtax.rules.registry`; an unknown name is
refused with the pack's file, line and the name, in shipped and local packs alike.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hhtax.errors import RuleError
from hhtax.i18n import literal, msg, register
from hhtax.rules.book import RuleBook
from hhtax.rules.model import Pack, Rule
from hhtax.rules.registry import known_names, lookup
from hhtax.text import nfc

register({
    "rules.not_toml": ("{source}: không phải TOML hợp lệ: {detail}", "{source}: not valid TOML: {detail}"),
    "rules.invalid": ("{source}: {detail}", "{source}: {detail}"),
    "rules.invalid_rule": ("{source}:{line}: {name}: {detail}", "{source}:{line}: {name}: {detail}"),
    "rules.unknown_name": (
        "{source}:{line}: tên quy định không có trong danh mục: '{name}'{hint} (xem docs/rules.md)",
        "{source}:{line}: unknown rule name '{name}'{hint} (see docs/rules.md)"),
    "rules.did_you_mean": ("; có phải '{name}'?", "; did you mean '{name}'?"),
    "rules.unreadable": ("{path}: không đọc được gói quy định: {reason}",
                         "{path}: cannot read rule pack: {reason}"),
    "rules.not_utf8": ("{path}: gói quy định không phải văn bản UTF-8",
                       "{path}: rule pack is not UTF-8 text"),
    "rules.no_regime_b": ("các gói quy định không có gói nào cho chế độ B",
                          "no shipped rule pack is for regime B"),
})

SHIPPED_PACKS = ("regime-a.toml", "regime-b.toml")
_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]")
_NAME = re.compile(r"^\s*name\s*=")


def parse_pack(text: str, source: str) -> list[Rule]:
    """Validate one pack's text; rules without dates take the pack's `valid_from`/`valid_to`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(msg("rules.not_toml", source=source, detail=literal(str(exc)))) from None
    try:
        pack = Pack.model_validate(_nfc(data))
    except ValidationError as exc:
        raise RuleError(msg("rules.invalid", source=source, detail=literal(_first(exc)))) from None
    lines = _rule_lines(text)
    rules: list[Rule] = []
    for number, raw in enumerate(pack.rule):
        line = lines[number] if number < len(lines) else 0
        name = str(raw.get("name", f"rule #{number + 1}"))
        if "name" in raw and lookup(name) is None:
            close = difflib.get_close_matches(name, known_names(), n=1)
            hint = msg("rules.did_you_mean", name=close[0]) if close else ""
            raise RuleError(msg("rules.unknown_name", source=source, line=line, name=name, hint=hint))
        item = {"valid_from": pack.pack.valid_from, "valid_to": pack.pack.valid_to, **raw, "pack": source}
        if item["valid_from"] is None:
            item.pop("valid_from")
        try:
            rules.append(Rule.model_validate(item))
        except ValidationError as exc:
            raise RuleError(msg("rules.invalid_rule", source=source, line=line, name=name,
                                detail=literal(_first(exc)))) from None
    return rules


def read_pack(path: Path) -> list[Rule]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(msg("rules.unreadable", path=str(path), reason=literal(str(exc.strerror)))) from None
    except UnicodeDecodeError:
        raise RuleError(msg("rules.not_utf8", path=str(path))) from None
    return parse_pack(text, str(path))


@lru_cache(maxsize=1)
def shipped_rules() -> RuleBook:
    """The packs shipped in hhtax/rules/packs, validated once per process."""
    rules: list[Rule] = []
    for name in SHIPPED_PACKS:
        rules.extend(parse_pack(_shipped_text(name), name))
    return RuleBook([rules])


@lru_cache(maxsize=1)
def regime_b_start() -> date:
    """The first day of regime B: the `valid_from` of the shipped pack whose header says `regime = "B"`."""
    for name in SHIPPED_PACKS:
        header = Pack.model_validate(tomllib.loads(_shipped_text(name))).pack
        if header.regime == "B" and header.valid_from is not None:
            return header.valid_from
    raise RuleError(msg("rules.no_regime_b"))  # pragma: no cover - the shipped packs have one


def load_rules(extra: Path | None = None) -> RuleBook:
    """The shipped rule book, with the local pack `extra` (`--rules FILE`) consulted first."""
    book = shipped_rules()
    return book.layered(read_pack(extra)) if extra is not None else book


def _shipped_text(name: str) -> str:
    return (resources.files("hhtax.rules") / "packs" / name).read_text(encoding="utf-8")


def _rule_lines(text: str) -> list[int]:
    """The line of each `[[rule]]` table's `name =` (its header line when it has none), in order."""
    found: list[int] = []
    named = True
    for number, line in enumerate(text.splitlines(), start=1):
        if _HEADER.match(line):
            found.append(number)
            named = False
        elif not named and _NAME.match(line):
            found[-1] = number
            named = True
    return found


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def _first(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message

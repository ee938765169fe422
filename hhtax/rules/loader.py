"""Loading rule packs from TOML: the shipped packs (cached) and an optional local pack on top."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hhtax.errors import RuleError
from hhtax.rules.book import RuleBook
from hhtax.rules.model import Pack, Rule
from hhtax.text import nfc

SHIPPED_PACKS = ("regime-a.toml", "regime-b.toml")


def parse_pack(text: str, source: str) -> list[Rule]:
    """Validate one pack's text; rules without dates take the pack's `valid_from`/`valid_to`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{source}: not valid TOML: {exc}") from None
    try:
        pack = Pack.model_validate(_nfc(data))
    except ValidationError as exc:
        raise RuleError(f"{source}: {_first(exc)}") from None
    rules: list[Rule] = []
    for number, raw in enumerate(pack.rule, start=1):
        item = {"valid_from": pack.pack.valid_from, "valid_to": pack.pack.valid_to, **raw, "pack": source}
        if item["valid_from"] is None:
            item.pop("valid_from")
        try:
            rules.append(Rule.model_validate(item))
        except ValidationError as exc:
            name = raw.get("name", f"rule #{number}")
            raise RuleError(f"{source}: {name}: {_first(exc)}") from None
    return rules


def read_pack(path: Path) -> list[Rule]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule pack: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise RuleError(f"{path}: rule pack is not UTF-8 text") from None
    return parse_pack(text, str(path))


@lru_cache(maxsize=1)
def shipped_rules() -> RuleBook:
    """The packs shipped in hhtax/rules/packs, validated once per process."""
    rules: list[Rule] = []
    folder = resources.files("hhtax.rules") / "packs"
    for name in SHIPPED_PACKS:
        rules.extend(parse_pack((folder / name).read_text(encoding="utf-8"), name))
    return RuleBook([rules])


def load_rules(extra: Path | None = None) -> RuleBook:
    """The shipped rule book, with the local pack `extra` (`--rules FILE`) consulted first."""
    book = shipped_rules()
    return book.layered(read_pack(extra)) if extra is not None else book


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

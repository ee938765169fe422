"""Reading and writing `household.toml`, the household profile of a ledger (docs/ledger-format.md)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hhtax.errors import InputError
from hhtax.i18n import Message, literal, msg, register
from hhtax.model import Household

register({
    "household.not_found": ("không tìm thấy hồ sơ hộ kinh doanh", "household profile not found"),
    "household.not_utf8": ("không phải văn bản UTF-8", "not UTF-8 text"),
    "household.not_toml": ("không phải TOML hợp lệ: {detail}", "not valid TOML: {detail}"),
})


def load_household(path: Path) -> Household:
    """Load and validate a household profile; errors name the file, line and key."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(msg("household.not_found"), file=str(path)) from None
    except UnicodeDecodeError:
        raise InputError(msg("household.not_utf8"), file=str(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line_match = re.search(r"line (\d+)", str(exc))
        raise InputError(msg("household.not_toml", detail=literal(str(exc))), file=str(path),
                         line=int(line_match.group(1)) if line_match else None) from None
    return household_from_dict(data, source=str(path), text=text)


def household_from_dict(data: dict[str, Any], *, source: str = "api", text: str = "") -> Household:
    """Validate a profile given as a dict (as parsed from TOML or JSON)."""
    try:
        return Household.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "household"
        message: Message = literal(first["msg"].removeprefix("Value error, "))
        if isinstance(first.get("ctx", {}).get("error"), InputError):
            message = first["ctx"]["error"].msg
        key = str(first["loc"][-1]) if first["loc"] else ""
        raise InputError(message, file=source, line=_line_of(text, key), field=field) from None
    except InputError as exc:
        raise InputError(exc.msg, file=source, line=_line_of(text, exc.field or ""),
                         field=exc.field) from None


def _line_of(text: str, key: str) -> int | None:
    if not key or not text:
        return None
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def household_to_toml(household: Household) -> str:
    """Serialise a profile back to TOML (used by `hhtax init` prompts and exports)."""
    data = household.model_dump(mode="json", exclude_defaults=True)
    lines: list[str] = []
    tables: list[tuple[str, Any]] = []
    for key, value in data.items():
        if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    for key, value in tables:
        if isinstance(value, dict):
            lines.append(f"\n[{key}]")
            lines.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        else:
            for item in value:
                lines.append(f"\n[[{key}]]")
                lines.extend(f"{k} = {_toml_value(v)}" for k, v in item.items())
    return "\n".join(lines) + "\n"


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_value(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'

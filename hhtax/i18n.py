"""The message catalogue for user-facing CLI text, in Vietnamese and English.

Statutory documents are always Vietnamese; this catalogue is for the CLI's own sentences.
The language comes from `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): `vi*` →
Vietnamese, anything else → English. Modules add their messages with `register`.
"""

from __future__ import annotations

import os

_CATALOGUE: dict[str, tuple[str, str]] = {
    "error": ("Lỗi", "Error"),
    "ledger_busy": ("Sổ đang bận (một tiến trình khác đang ghi)", "ledger busy (another process is writing)"),
}


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add (vi, en) messages under their keys; a key may be registered once."""
    for key, value in messages.items():
        if key in _CATALOGUE and _CATALOGUE[key] != value:
            raise KeyError(f"message {key!r} registered twice with different text")
        _CATALOGUE[key] = value


def default_lang() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


def t(key: str, lang: str, **values: object) -> str:
    """The message `key` in `lang` ("vi" or "en"), formatted with `values`."""
    vi, en = _CATALOGUE[key]
    return (vi if lang == "vi" else en).format(**values)

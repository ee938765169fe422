"""Runtime messages in Vietnamese and English, keyed by message id.

Every sentence a user reads at runtime (CLI output, library errors, warnings) is a message id
with parameters; the text lives in one catalogue as a (Vietnamese, English) pair. Statutory
documents are always Vietnamese and do not use this catalogue.

A module declares its messages next to the code that uses them with `register`, and refers to
them by id: `msg("import.bad_amount", value=raw)` builds a `Message` (id + parameters) that a
library error carries; the CLI renders it in the language of `--lang` with `Message.render`.
The language comes from `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): `vi*` →
Vietnamese, anything else → English.

>>> register({"demo.hello": ("Xin chào {name}", "Hello {name}")})
>>> m = msg("demo.hello", name="Lan")
>>> m.render("vi"), m.render("en"), str(m)
('Xin chào Lan', 'Hello Lan', 'Hello Lan')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["vi", "en"]

_CATALOGUE: dict[str, tuple[str, str]] = {
    "error": ("Lỗi", "Error"),
    "ledger_busy": ("Sổ đang bận (một tiến trình khác đang ghi)", "ledger busy (another process is writing)"),
    "aborted": ("Đã hủy.", "Aborted."),
    "text": ("{text}", "{text}"),
}


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add (vi, en) messages under their ids; an id may be registered once."""
    for key, value in messages.items():
        if key in _CATALOGUE and _CATALOGUE[key] != value:
            raise KeyError(f"message {key!r} registered twice with different text")
        _CATALOGUE[key] = value


def catalogue() -> Mapping[str, tuple[str, str]]:
    """A copy of every message registered so far, for tests and tools."""
    return dict(_CATALOGUE)


def default_lang() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


def t(key: str, lang: str, /, **values: object) -> str:
    """The message `key` in `lang` ("vi" or "en"), formatted with `values` (nested messages rendered)."""
    vi, en = _CATALOGUE[key]
    shown = {name: render(value, lang) if isinstance(value, Message) else value
             for name, value in values.items()}
    return (vi if lang == "vi" else en).format(**shown)


@dataclass(frozen=True)
class Message:
    """A message id with its parameters, rendered in either language when shown.

    A parameter may itself be a `Message` (e.g. the name of a field): it is rendered in the same
    language. `str()` is the English text, for logs and `repr`s.
    """

    key: str
    params: Mapping[str, object] = field(default_factory=dict[str, object])

    def render(self, lang: str) -> str:
        if self.key not in _CATALOGUE:  # a programming error; tests check every id is registered
            return f"{self.key} {dict(self.params)}"
        return t(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.render("en")

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted((name, repr(value)) for name, value in self.params.items()))))


def msg(key: str, /, **params: object) -> Message:
    """The message `key` with `params`: what a library error carries instead of a sentence."""
    return Message(key, dict(params))


def literal(text: str) -> Message:
    """Text that is the same in both languages (a file name, a value as written, a foreign message)."""
    return Message("text", {"text": text})


def render(value: Message | str, lang: str) -> str:
    """A message or plain string in `lang` (a plain string is shown as it is)."""
    return value.render(lang) if isinstance(value, Message) else value

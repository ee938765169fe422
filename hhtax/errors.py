"""The typed error hierarchy of hhtax.

The library raises these; only the CLI turns them into one-line messages and exit codes.
Every error carries a message id with its parameters (`hhtax.i18n.Message`), rendered in the
user's language by `render(lang)`, and enough context to point the user at the file, line and
field at fault. `str(err)` is the English form, for logs and tests.

>>> from hhtax.i18n import msg, register
>>> register({"demo.bad": ("số tiền không hợp lệ: {value}", "not an amount: {value}")})
>>> err = InputError(msg("demo.bad", value="12x"), file="sales.csv", line=3, field="amount")
>>> err.render("vi")
'sales.csv:3: amount: số tiền không hợp lệ: 12x'
>>> str(err)
'sales.csv:3: amount: not an amount: 12x'
"""

from __future__ import annotations

from dataclasses import dataclass

from hhtax.i18n import Message, literal, render

_CONTROL = {code: f"\\x{code:02x}" for code in [*range(0x20), *range(0x7f, 0xa0)]}
_CONTROL.update({0x2028: "\\u2028", 0x2029: "\\u2029"})


def one_line(text: str) -> str:
    """`text` with control characters (newlines, carriage returns, terminal escapes) written as
    `\\xNN`, so that a message quoting user input stays one line and cannot drive the terminal."""
    return text.translate(_CONTROL)


def _as_message(message: Message | str) -> Message:
    return message if isinstance(message, Message) else literal(message)


class HhtaxError(Exception):
    """Base class of every error hhtax raises on purpose.

    `message` is a `Message` (id + parameters); a plain string is accepted for text that is the
    same in every language (e.g. a message passed through from another library).
    """

    def __init__(self, message: Message | str = "") -> None:
        self.msg = _as_message(message)
        super().__init__(str(self.msg))

    def render(self, lang: str) -> str:
        """The error as one line in `lang` ("vi" or "en")."""
        return self.msg.render(lang)

    def __str__(self) -> str:
        return self.render("en")

    def __reduce__(self) -> tuple[object, ...]:
        # Keep the message id, parameters and location across processes (batch workers).
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _rebuild(cls: type[HhtaxError], args: tuple[object, ...], state: dict[str, object]) -> HhtaxError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InputError(HhtaxError):
    """Bad user input: a ledger file, an import file, a CLI value.

    `render(lang)` is the one-line form `FILE:LINE: FIELD: message` with the missing parts left out.
    """

    def __init__(self, message: Message | str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.file = file
        self.line = line
        self.field = field
        super().__init__(message)

    @property
    def message(self) -> str:
        """The message alone, in English (no file, line or field)."""
        return str(self.msg)

    def render(self, lang: str) -> str:
        where = ""
        if self.file:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [p for p in (where, self.field) if p]
        return one_line(": ".join([*parts, self.msg.render(lang)]))

    def one_line(self, lang: str = "en") -> str:
        return self.render(lang)

    def located(self, *, file: str | None = None, line: int | None = None) -> InputError:
        """A copy of this error with the file and line filled in where they were unknown."""
        return InputError(self.msg, file=self.file or file,
                          line=self.line if self.line is not None else line, field=self.field)


class RuleError(HhtaxError):
    """A rule pack is malformed, or no rule value applies on the date asked for."""


class LedgerError(HhtaxError):
    """The ledger cannot be used: missing, busy, corrupt, tampered with, or the period is locked."""


class LedgerBusy(LedgerError):
    """Another process holds the ledger's write lock for longer than the busy timeout."""


class PeriodLocked(LedgerError):
    """A change touches a period that has been filed; it needs `--amend`."""


class LedgerCorrupt(LedgerError):
    """The SQLite file is not a readable hhtax ledger."""


class LedgerTampered(LedgerError):
    """The hash chain or a stored declaration hash does not match."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a declaration: the element (XPath or box) and what is wrong."""

    element: str
    message: Message | str

    def render(self, lang: str) -> str:
        return f"{self.element}: {render(self.message, lang)}"

    def __str__(self) -> str:
        return self.render("en")


class DeclarationError(HhtaxError):
    """A declaration failed validation; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem], file: str | None = None) -> None:
        self.problems = problems
        self.file = file
        super().__init__()

    def render(self, lang: str) -> str:
        prefix = f"{self.file}: " if self.file else ""
        return prefix + "; ".join(p.render(lang) for p in self.problems)

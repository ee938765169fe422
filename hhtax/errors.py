"""The typed error hierarchy of hhtax.

The library raises these; only the CLI turns them into one-line messages and exit codes.
Every error carries enough context to point the user at the file, line and field at fault.
"""

from __future__ import annotations

from dataclasses import dataclass

_CONTROL = {code: f"\\x{code:02x}" for code in [*range(0x20), *range(0x7f, 0xa0)]}
_CONTROL.update({0x2028: "\\u2028", 0x2029: "\\u2029"})


def one_line(text: str) -> str:
    """`text` with control characters (newlines, carriage returns, terminal escapes) written as
    `\\xNN`, so that a message quoting user input stays one line and cannot drive the terminal."""
    return text.translate(_CONTROL)


class HhtaxError(Exception):
    """Base class of every error hhtax raises on purpose."""


class InputError(HhtaxError):
    """Bad user input: a ledger file, an import file, a CLI value.

    `str(err)` is the one-line form `FILE:LINE: FIELD: message` with the missing parts left out.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.file:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [p for p in (where, self.field) if p]
        return one_line(": ".join([*parts, self.message]))

    def located(self, *, file: str | None = None, line: int | None = None) -> InputError:
        """A copy of this error with the file and line filled in where they were unknown."""
        return InputError(self.message, file=self.file or file,
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
    message: str

    def __str__(self) -> str:
        return f"{self.element}: {self.message}"


class DeclarationError(HhtaxError):
    """A declaration failed validation; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem], file: str | None = None) -> None:
        self.problems = problems
        self.file = file
        prefix = f"{file}: " if file else ""
        super().__init__(prefix + "; ".join(str(p) for p in problems))

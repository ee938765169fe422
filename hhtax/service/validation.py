"""Checking declaration files (`hhtax validate FILE…`): each file's verdict, and all of them.

The checks are `hhtax.declarations.validate.validate_xml` (structure against the shipped XSDs,
arithmetic, period, tax code); a valid file is read back to name its form and period, and a form
whose XML layout is not confirmed against a real file carries the OQ-05/OQ-23 note.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hhtax.errors import Problem
from hhtax.rules import RuleBook


@dataclass(frozen=True)
class FileVerdict:
    """One file: its problems (none when valid) and, when valid, its form, code and period."""

    file: str
    problems: tuple[Problem, ...] = ()
    form: str = ""
    ma_tkhai: str = ""
    period: str = ""
    verified: bool = True  # the form's XML layout is confirmed (else OQ-05, OQ-23)

    @property
    def valid(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "valid": self.valid, "form": self.form, "ma_tkhai": self.ma_tkhai,
                "period": self.period, "verified": self.verified,
                "problems": [{"element": p.element, "message": p.message} for p in self.problems]}


@dataclass(frozen=True)
class ValidationReport:
    """The verdicts of every file checked, in the order given; `lxml` says which checker ran."""

    files: tuple[FileVerdict, ...]
    lxml: bool = True

    @property
    def valid(self) -> int:
        """How many files are valid."""
        return sum(1 for verdict in self.files if verdict.valid)

    @property
    def ok(self) -> bool:
        return self.valid == len(self.files)

    def to_dict(self) -> dict[str, Any]:
        return {"valid": self.ok, "lxml": self.lxml, "files": [verdict.to_dict() for verdict in self.files]}


def validate_file(path: Path, rules: RuleBook) -> FileVerdict:
    """The verdict on one declaration XML file."""
    from hhtax.declarations.validate import validate_xml
    from hhtax.declarations.xml_reader import from_xml

    data = path.read_bytes()
    problems = validate_xml(data, rules)
    if problems:
        return FileVerdict(str(path), tuple(problems))
    decl = from_xml(data, rules)
    return FileVerdict(str(path), form=decl.form.code, ma_tkhai=decl.form.ma_tkhai, period=str(decl.period),
                       verified=decl.form.verified)


def validate_files(paths: list[Path], rules: RuleBook) -> ValidationReport:
    """The verdicts on `paths`, in order."""
    from hhtax.declarations.schema_check import lxml_available

    return ValidationReport(tuple(validate_file(path, rules) for path in paths), lxml=lxml_available())

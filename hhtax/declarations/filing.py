"""A declaration as the bytes that are filed: the XML, checked by `validate_xml`, and the PDF.

Writing the files and recording the filing (which locks the period) are the service layer's
steps (`hhtax.service.returns`): preparing a return never locks anything.
"""

from __future__ import annotations

from hhtax.declarations.model import Declaration
from hhtax.declarations.validate import validate_xml
from hhtax.declarations.xml import to_xml
from hhtax.errors import DeclarationError
from hhtax.rules import RuleBook


def render(decl: Declaration, rules: RuleBook, *, empty_signature: bool = False,
           ledger_head: tuple[str, int] | None = None) -> tuple[bytes, bytes]:
    """XML and PDF bytes of a declaration that passed validation; DeclarationError otherwise. The
    PDF's pages carry `ledger_head` (chain head, last entry) when given."""
    from hhtax.declarations.pdf import render_pdf

    xml = to_xml(decl, empty_signature=empty_signature)
    problems = validate_xml(xml, rules)
    if problems:
        raise DeclarationError(problems)
    return xml, render_pdf(decl, ledger_head)

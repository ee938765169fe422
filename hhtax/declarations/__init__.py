"""Declarations: the 01/CNKD family as a model, as XML in the HSoThueDTu envelope, and validation.

`prepare` builds a `Declaration` from a ledger's assessment (`build`); `xml.to_xml` /
`xml.from_xml` serialise it (shared/law/xml-format.md); `validate.validate_xml` checks a file;
`filing.declare` / `filing.amend` write and record returns; `pdf.render_pdf` prints them.
"""

from hhtax.declarations.build import Prepared, prepare

__all__ = ["Prepared", "prepare"]

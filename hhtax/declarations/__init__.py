"""Declarations: the 01/CNKD family as a model, as XML in the HSoThueDTu envelope, and validation.

`prepare` builds a `Declaration` from a ledger's assessment (`build`); `xml.to_xml` /
`xml.from_xml` serialise it (shared/law/xml-format.md); `validate.validate_xml` checks a file;
`filing.render` gives the validated XML and PDF bytes; writing and recording a return is the
service layer's (`hhtax.service.returns`).
"""

from hhtax.declarations.build import Prepared, prepare

__all__ = ["Prepared", "prepare"]

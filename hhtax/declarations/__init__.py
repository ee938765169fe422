"""Declarations: the 01/CNKD family as a model, as XML in the HSoThueDTu envelope, and validation.

`prepare` builds a `Declaration` from a ledger's assessment; `xml.to_xml` / `xml.from_xml`
serialise it (shared/law/xml-format.md); `validate.validate_xml` checks a file.
"""

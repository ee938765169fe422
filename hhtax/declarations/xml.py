"""The declaration XML: `to_xml` (writer) and `from_xml` (safe reader), xml-format.md §1–§13.

The leasing returns 01/TTS (470) and 01/BĐS (1255) have their own module (`leasing_xml`); every
other household form goes through `xml_writer` / `xml_reader`.
"""

from __future__ import annotations

from hhtax.declarations import leasing_xml, xml_reader, xml_writer
from hhtax.declarations.leasing_model import BdsBody, TtsBody
from hhtax.declarations.model import Declaration
from hhtax.errors import DeclarationError, Problem
from hhtax.rules import RuleBook, load_rules


def to_xml(decl: Declaration, *, empty_signature: bool = False) -> bytes:
    """The declaration as UTF-8 XML bytes; the same declaration always gives the same bytes."""
    if isinstance(decl.body, TtsBody | BdsBody):
        return leasing_xml.to_xml(decl, empty_signature=empty_signature)
    return xml_writer.to_xml(decl, empty_signature=empty_signature)


def from_xml(data: bytes, rules: RuleBook | None = None) -> Declaration:
    """Parse a declaration; raises DeclarationError on unsafe, malformed or unknown input."""
    root = xml_reader.parse_document(data)
    if xml_reader.local(root.tag) != "HSoThueDTu":
        raise DeclarationError([Problem(xml_reader.local(root.tag), "the root element must be HSoThueDTu")])
    code = xml_reader.text(root, "HSoKhaiThue/TTinChung/TTinTKhaiThue/TKhaiThue/maTKhai")
    if code in leasing_xml.FORM_KEYS:
        return leasing_xml.read_leasing(root, rules or load_rules())
    return xml_reader.read_declaration(root, rules or load_rules())


__all__ = ["from_xml", "to_xml"]

"""The declaration XML: `to_xml` (writer) and `from_xml` (safe reader), xml-format.md §1–§13."""

from __future__ import annotations

from hhtax.declarations.xml_reader import from_xml
from hhtax.declarations.xml_writer import to_xml

__all__ = ["from_xml", "to_xml"]

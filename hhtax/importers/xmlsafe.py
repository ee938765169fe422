"""Parsing untrusted XML safely: no DTDs, no entities, no external references, bounded size.

E-invoices and declarations come from outside (tax portals, suppliers, e-mail). They are parsed
with defusedxml, which refuses the known XML attacks (entity expansion "billion laughs",
quadratic blow-up, external entities, external DTDs). Every refusal or syntax error becomes an
`InputError` naming the file and, where known, the line.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from hhtax.errors import InputError
from hhtax.i18n import literal, msg, register

MAX_XML_BYTES = 20_000_000


register({
    "xml.too_large": ("tệp XML lớn hơn {limit} byte; bị từ chối",
                      "XML file larger than {limit} bytes; refused"),
    "import.empty_file": ("tệp trống", "the file is empty"),
    "xml.unsafe": ("từ chối XML không an toàn ({kind}): không cho phép DTD, thực thể và tham chiếu ngoài",
                   "refused unsafe XML ({kind}): DTDs, entities and external references are not allowed"),
    "xml.malformed": ("XML sai cấu trúc: {reason}", "not well-formed XML: {reason}"),
    "xml.unreadable": ("không đọc được XML: {reason}", "not readable XML: {reason}"),
})


def parse_untrusted(data: bytes, file: str) -> Element:
    """Parse XML bytes; DTDs, entity declarations and external references are refused."""
    if len(data) > MAX_XML_BYTES:
        raise InputError(msg("xml.too_large", limit=f"{MAX_XML_BYTES:,}"), file=file)
    if not data.strip():
        raise InputError(msg("import.empty_file"), file=file)
    try:
        root: Element = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(msg("xml.unsafe", kind=type(exc).__name__), file=file) from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InputError(msg("xml.malformed", reason=literal(_reason(exc))), file=file, line=line) from None
    except LookupError as exc:  # an unknown encoding="…" in the XML declaration
        raise InputError(msg("xml.unreadable", reason=literal(str(exc))), file=file) from None
    except (ValueError, RecursionError, UnicodeError) as exc:
        raise InputError(msg("xml.unreadable", reason=type(exc).__name__), file=file) from None
    return root


def local(tag: str) -> str:
    """An element's name without its namespace: `{http://…}HDon` → `HDon`."""
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def child(element: Element, name: str) -> Element | None:
    """The first direct child called `name` (any namespace)."""
    for item in element:
        if isinstance(item.tag, str) and local(item.tag) == name:
            return item
    return None


def children(element: Element, name: str) -> list[Element]:
    """All direct children called `name` (any namespace)."""
    return [item for item in element if isinstance(item.tag, str) and local(item.tag) == name]


def text_of(element: Element | None, name: str) -> str:
    """Stripped text of the direct child `name`, or "" when absent or empty."""
    if element is None:
        return ""
    found = child(element, name)
    if found is None or found.text is None:
        return ""
    return found.text.strip()


def _reason(exc: ParseError) -> str:
    text = str(exc)
    return text.split(":", 1)[0] if ": line" in text else text

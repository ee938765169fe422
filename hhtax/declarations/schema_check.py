"""Structure check of a declaration against the reconstructed XSDs in `schemas/` (OQ-22).

With lxml installed the XSD is applied by lxml (libxml2). Without it, a built-in checker applies
the same files: it understands the subset they use (sequences of elements with minOccurs,
maxOccurs and nillable, `xs:any`, an `id` attribute, simple types with a base and a pattern).
The documents reaching this module have already been parsed safely by defusedxml.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from defusedxml import ElementTree as SafeET

from hhtax.errors import Problem

XS = "{http://www.w3.org/2001/XMLSchema}"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
SCHEMAS = {"473": "473.xsd", "1240": "1240.xsd", "1244": "1244.xsd", "1245": "1245.xsd", "470": "470.xsd",
           "1255": "1255.xsd"}


def schema_bytes(ma_tkhai: str) -> bytes:
    return resources.files("hhtax.declarations").joinpath("schemas", SCHEMAS[ma_tkhai]).read_bytes()


def lxml_available() -> bool:
    try:
        import lxml.etree  # noqa: F401
    except ImportError:
        return False
    return True


def check_structure(data: bytes, ma_tkhai: str, *, use_lxml: bool | None = None) -> list[Problem]:
    """Problems of `data` against the schema of form `ma_tkhai` (lxml when available)."""
    if use_lxml is None:
        use_lxml = lxml_available()
    if use_lxml:
        return _lxml_check(data, ma_tkhai)
    root: ET.Element = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    return builtin_check(root, ma_tkhai)


def _lxml_check(data: bytes, ma_tkhai: str) -> list[Problem]:
    from lxml import etree

    schema = _lxml_schema(ma_tkhai)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    doc = etree.fromstring(data, parser)
    if schema.validate(doc):
        return []
    by_line = {el.sourceline: el for el in doc.iter() if isinstance(el.tag, str)}
    problems = []
    for error in schema.error_log:
        element = by_line.get(error.line)
        path = "/".join(_local(a.tag) for a in reversed([element, *element.iterancestors()])) \
            if element is not None else "document"
        message = re.sub(r"\{[^}]*\}", "", error.message)
        problems.append(Problem(path, f"line {error.line}: {message}"))
    return problems


@cache
def _lxml_schema(ma_tkhai: str) -> Any:
    from lxml import etree

    return etree.XMLSchema(etree.fromstring(schema_bytes(ma_tkhai)))


# -- the built-in checker --------------------------------------------------------------------------

@dataclass
class Decl:
    """An element declaration: a simple type name or children, with its occurrence bounds."""

    name: str
    type: str = ""
    min: int = 1
    max: int | None = 1  # None: unbounded
    nillable: bool = False
    children: list[Decl] = field(default_factory=list)
    any_content: bool = False


@dataclass
class Schema:
    root: Decl
    types: dict[str, tuple[str, re.Pattern[str] | None]]


@cache
def load_schema(ma_tkhai: str) -> Schema:
    tree: ET.Element = SafeET.fromstring(schema_bytes(ma_tkhai))
    types: dict[str, tuple[str, re.Pattern[str] | None]] = {}
    for simple in tree.findall(f"{XS}simpleType"):
        restriction = simple.find(f"{XS}restriction")
        assert restriction is not None
        pattern = restriction.find(f"{XS}pattern")
        compiled = re.compile(pattern.get("value", "")) if pattern is not None else None
        types[simple.get("name", "")] = (restriction.get("base", ""), compiled)
    top = tree.find(f"{XS}element")
    assert top is not None
    return Schema(_decl(top), types)


def _decl(el: ET.Element) -> Decl:
    max_text = el.get("maxOccurs", "1")
    decl = Decl(name=el.get("name", ""), type=el.get("type", ""), min=int(el.get("minOccurs", "1")),
                max=None if max_text == "unbounded" else int(max_text), nillable=el.get("nillable") == "true")
    complex_type = el.find(f"{XS}complexType")
    if complex_type is not None:
        sequence = complex_type.find(f"{XS}sequence")
        if sequence is not None:
            if sequence.find(f"{XS}any") is not None:
                decl.any_content = True
            decl.children = [_decl(child) for child in sequence.findall(f"{XS}element")]
    return decl


def builtin_check(root: ET.Element, ma_tkhai: str) -> list[Problem]:
    schema = load_schema(ma_tkhai)
    problems: list[Problem] = []
    if _local(root.tag) != schema.root.name:
        return [Problem(_local(root.tag), f"expected root element {schema.root.name}")]
    _check(root, schema.root, schema, schema.root.name, problems)
    return problems


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _check(el: ET.Element, decl: Decl, schema: Schema, path: str, problems: list[Problem]) -> None:
    if decl.any_content:
        return
    if decl.type:
        _check_value(el, decl, schema, path, problems)
        return
    children = list(el)
    index = 0
    for child_decl in decl.children:
        count = 0
        while index < len(children) and _local(children[index].tag) == child_decl.name \
                and (child_decl.max is None or count < child_decl.max):
            _check(children[index], child_decl, schema, f"{path}/{child_decl.name}", problems)
            index += 1
            count += 1
        if count < child_decl.min:
            problems.append(Problem(f"{path}/{child_decl.name}", "missing element"))
    if index < len(children):
        problems.append(Problem(f"{path}/{_local(children[index].tag)}", "unexpected element here"))


def _check_value(el: ET.Element, decl: Decl, schema: Schema, path: str, problems: list[Problem]) -> None:
    if len(el):
        problems.append(Problem(path, "a value element must not have child elements"))
        return
    value = (el.text or "").strip()
    if el.get(XSI_NIL) in ("true", "1"):
        if not decl.nillable:
            problems.append(Problem(path, "xsi:nil is not allowed here"))
        elif value:
            problems.append(Problem(path, "an element with xsi:nil must be empty"))
        return
    base, pattern = schema.types.get(decl.type, (decl.type, None))
    if pattern is not None and not pattern.fullmatch(value):
        problems.append(Problem(path, f"{value!r} does not match the pattern {pattern.pattern}"))
    elif not _base_ok(base, value):
        problems.append(Problem(path, f"{value!r} is not a valid {base.removeprefix('xs:')}"))


def _base_ok(base: str, value: str) -> bool:
    if base == "xs:integer":
        return re.fullmatch(r"[+-]?[0-9]+", value) is not None
    if base == "xs:nonNegativeInteger":
        return re.fullmatch(r"\+?[0-9]+", value) is not None
    if base == "xs:decimal":
        if re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", value) is None:
            return False
        try:
            Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            return False
        return True
    if base == "xs:date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) is not None
    return True

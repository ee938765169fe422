"""JSON Schemas of the entry and household formats, generated from the pydantic models.

Integrators (POS vendors, e-commerce exports) validate their data against these before handing
it to hhtax; `hhtax schema` prints them and docs/schema/*.json publishes them. They are derived
from `hhtax.model` so that they can never drift from what hhtax accepts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from hhtax import __version__
from hhtax.fsutil import atomic_write
from hhtax.model import Entry, Household

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "entry": (Entry, "One journal entry of a household business ledger (hhtax). Amounts are whole đồng; "
                     "`id` is assigned by the ledger and `source` says where the entry came from."),
    "household": (Household, "The household business profile (household.toml) of an hhtax ledger."),
}
NAMES = tuple(_MODELS)
# A decimal written as a string ("1.5"): hhtax states the pattern itself, because pydantic versions
# differ in whether they emit one for `Decimal` fields (2.14 stopped), and the published schema must
# not depend on which pydantic generated it.
DECIMAL_STRING = {"pattern": "^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d*$", "type": "string"}


def _decimal_strings(node: Any) -> Any:
    """The schema with every `Decimal` alternative (number | string) given hhtax's own pattern."""
    if isinstance(node, list):
        return [_decimal_strings(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _decimal_strings(value) for key, value in node.items()}
    branches = out.get("anyOf")
    if isinstance(branches, list) and {"type": "number"} in branches:
        out["anyOf"] = [DECIMAL_STRING if isinstance(b, dict) and b.get("type") == "string"
                        and set(b) <= {"type", "pattern"} else b for b in branches]
    return out


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the `entry` or `household` format."""
    model, description = _MODELS[name]
    schema = _decimal_strings(model.model_json_schema(mode="validation"))
    body = {k: v for k, v in schema.items() if k not in ("title", "description")}
    return {"$schema": SCHEMA_DIALECT, "$id": f"https://hhtax.invalid/schema/{name}.json",
            "title": f"hhtax {name}", "description": description, "x-hhtax-version": __version__, **body}


def schema_bytes(name: str) -> bytes:
    """The schema as deterministic, pretty JSON (UTF-8, Vietnamese unescaped, newline-terminated)."""
    return (json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_schemas(directory: Path, names: tuple[str, ...] = NAMES) -> list[Path]:
    """Write `<name>.schema.json` files into `directory` (atomically); returns the paths."""
    paths = []
    for name in names:
        path = directory / f"{name}.schema.json"
        atomic_write(path, schema_bytes(name))
        paths.append(path)
    return paths

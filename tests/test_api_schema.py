"""The published JSON Schemas (docs/schema) are exactly what `hhtax schema` generates from the
models, and they accept what hhtax accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from hhtax.cli.main import cli
from hhtax.schema import NAMES, json_schema, schema_bytes

DOCS = Path(__file__).parent.parent / "docs" / "schema"


@pytest.mark.parametrize("name", NAMES)
def test_published_schema_is_current(name: str) -> None:
    """Regenerate with `hhtax schema --out docs/schema` when the models change.

    The comparison is of the parsed schemas (what a validator sees), not of their bytes, so that a
    pydantic release that only reorders keys does not fail it; hhtax.schema fixes the one part that
    pydantic versions generate differently (the pattern of decimal strings).
    """
    assert json.loads((DOCS / f"{name}.schema.json").read_bytes()) == json.loads(schema_bytes(name))


def test_cli_prints_and_writes_schemas(tmp_path: Path) -> None:
    runner = CliRunner()
    printed = runner.invoke(cli, ["schema", "entry"])
    assert printed.exit_code == 0 and json.loads(printed.output) == json_schema("entry")
    both = runner.invoke(cli, ["schema"])
    assert [s["title"] for s in json.loads(both.output)] == ["hhtax entry", "hhtax household"]
    written = runner.invoke(cli, ["schema", "--out", str(tmp_path / "out")])
    assert written.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["entry.schema.json", "household.schema.json"]
    assert runner.invoke(cli, ["schema", "ledger"]).exit_code == 2


def test_schema_describes_the_entry_contract() -> None:
    entry = json_schema("entry")
    assert entry["$schema"].endswith("2020-12/schema")
    assert set(entry["required"]) == {"date", "kind", "amount"}
    assert entry["properties"]["amount"]["type"] == "integer"
    assert entry["additionalProperties"] is False
    household = json_schema("household")
    assert {"tax_code", "name", "lines"} <= set(household["required"])
    assert "einvoice" in household["properties"]

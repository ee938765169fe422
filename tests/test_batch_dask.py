"""The Dask engine gives the same bytes as the process pool (skipped only without dask)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sample_ledgers import GOOD_CODES, tree, write_household

from hhtax.batch import BatchConfig, run_batch, write_reports
from hhtax.periods import Period

pytest.importorskip("dask.distributed")


def test_dask_local_cluster_matches_the_process_pool(tmp_path: Path) -> None:
    from hhtax.batch_dask import map_dask

    root = tmp_path / "clients"
    for number, code in enumerate(GOOD_CODES):
        write_household(root / f"hh{number}", code, monthly_sales=400_000_000 + number * 100_000_000)
    write_household(root / "broken", "079203005555", journal=b"date,kind,amount\n2026-02-30,sale,5\n")
    outputs = {}
    for engine in ("process", "dask"):
        out = tmp_path / engine
        config = BatchConfig(root=root, out=out, period=Period.parse("2026-Q1"), today=date(2026, 4, 20))
        mapper = map_dask(2, processes=False) if engine == "dask" else None
        results = list(run_batch(config, jobs=2, mapper=mapper))
        write_reports(out, results)
        assert [r.status for r in results] == ["failed"] + ["ok"] * len(GOOD_CODES)
        outputs[engine] = tree(out)
    assert outputs["dask"].keys() == outputs["process"].keys()
    assert any(name.endswith(".xml") for name in outputs["dask"])
    for name, data in outputs["process"].items():
        assert outputs["dask"][name] == data, name

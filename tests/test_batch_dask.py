"""The Dask engine gives the same bytes as the process pool (skipped only without dask)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hhtax.batch import BatchConfig, run_batch, write_reports
from hhtax.periods import Period
from tests.test_batch import GOOD_CODES, tree, write_household

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


def _processes_in_group(group: int) -> list[str]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # fields after the name: state, ppid, pgrp, ...
            found.append(f"{stat.parent.name} {fields[0]}")
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_dask_engine_leaves_no_process_behind(tmp_path: Path) -> None:
    """`hhtax batch --engine dask` with a local cluster of worker processes: when hhtax exits,
    nothing of its process group is left (multiprocessing's resource tracker used to outlive it)."""
    import subprocess
    import sys

    root = tmp_path / "clients"
    write_household(root / "hh0", GOOD_CODES[0], monthly_sales=400_000_000)
    command = [sys.executable, "-m", "hhtax", "--lang", "en", "batch", str(root), "--period", "2026-Q1",
               "--out", str(tmp_path / "out"), "--jobs", "2", "--engine", "dask", "--on", "2026-04-20"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    _out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    assert _processes_in_group(process.pid) == []

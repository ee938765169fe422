"""`hhtax batch` and `hhtax.batch`: good and broken ledgers, determinism, re-runs, shards."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from hhtax.batch import (
    RECORD_DIR,
    BatchConfig,
    HouseholdResult,
    Shard,
    chunked,
    errors_csv,
    find_ledgers,
    summary_csv,
)
from hhtax.cli.main import cli
from hhtax.errors import InputError
from hhtax.service.ledgers import create_ledger, open_text_ledger
from hhtax.periods import Period

GOOD_CODES = ("079203001234", "001185004321", "0100109106", "048190007777")  # personal IDs and an MST
HEADER = "date,kind,amount,line,doc,description,payment,category\n"


def write_household(directory: Path, tax_code: str, *, monthly_sales: int = 600_000_000,
                    group: str = "goods", journal: str | bytes | None = None) -> Path:
    """A plain-text ledger with one line and sales, purchases and rent in 2025 Q4 and 2026 Q1."""
    directory.mkdir(parents=True)
    (directory / "household.toml").write_text(
        f'tax_code = "{tax_code}"\nname = "Nguyễn Thị Hạnh"\nshop_name = "Tạp hóa Hạnh"\n'
        f'address = "Số 1 đường Lê Lợi"\nprovince = "Thành phố Hồ Chí Minh"\n\n'
        f'[[lines]]\nid = "L1"\ngroup = "{group}"\nname = "Bán lẻ tạp hóa"\n', encoding="utf-8")
    if journal is None:
        rows = [HEADER]
        for year, months in ((2025, (10, 11, 12)), (2026, (1, 2, 3))):
            for month in months:
                rows.append(f"{year}-{month:02d}-05,sale,{monthly_sales},L1,HD{month},Bán hàng,cash,\n")
                rows.append(
                    f"{year}-{month:02d}-06,purchase,{monthly_sales // 2},,MH{month},Nhập hàng,bank,goods\n")
                rows.append(f"{year}-{month:02d}-28,expense,3000000,,CP{month},Thuê cửa hàng,bank,rent\n")
        journal = "".join(rows)
    data = journal.encode("utf-8") if isinstance(journal, str) else journal
    (directory / "journal.csv").write_bytes(data)
    return directory


def write_sqlite(path: Path, source: Path) -> Path:
    """A SQLite ledger holding the household and journal of the plain-text ledger `source`."""
    text = open_text_ledger(source)
    ledger = create_ledger(path, text.household)
    ledger.import_entries(entry.model_copy(update={"id": None}) for entry in text.entries())
    ledger.close()
    return path


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    """Four good ledgers (one SQLite), one with nothing due, and broken ledgers of every kind."""
    base = tmp_path / "clients"
    base.mkdir()
    write_household(base / "a-good", GOOD_CODES[0])
    write_household(base / "b-good", GOOD_CODES[1], group="services", monthly_sales=450_000_000)
    write_household(base / "nested" / "c-good", GOOD_CODES[2])
    write_household(base / "d-small", "079203009999", monthly_sales=20_000_000)
    write_household(base / "e-bad-code", "0100109107")  # wrong check digit
    write_household(base / "f-bad-csv", "079203005555",
                    journal=b"date,kind,amount\n2026-01-05,sale,\xff\xfe\n")
    write_household(base / "g-empty", "079203006666", journal=HEADER)
    (base / "h-corrupt.sqlite").write_bytes(b"this is not a database" * 200)
    write_sqlite(base / "i-good.sqlite", write_household(tmp_path / "src-i", GOOD_CODES[3]))
    truncated = write_sqlite(base / "j-truncated.sqlite", write_household(tmp_path / "src-j", "079203007777"))
    os.truncate(truncated, truncated.stat().st_size // 2)
    (base / "notes").mkdir()  # neither a ledger nor holding one
    return base


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--lang", "en", "batch", *args, "--today", "2026-04-20"])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.output


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


# -- the whole batch through the CLI --------------------------------------------------------------

def test_batch_good_and_broken_ledgers(root: Path, tmp_path: Path) -> None:
    from hhtax.declarations.validate import validate_xml

    out = tmp_path / "out"
    code, output = invoke(str(root), "--period", "2026-Q1", "--out", str(out), "--jobs", "2")
    assert code == 1, output
    assert "5 failed" in output
    summary = read_csv_rows(out / "summary.csv")
    assert [row["ledger"] for row in sorted(summary, key=lambda r: r["ledger"])] == \
        ["a-good", "b-good", "d-small", "i-good.sqlite", "nested/c-good"]
    declared = [row for row in summary if row["status"] == "ok"]
    assert {row["tax_code"] for row in declared} == set(GOOD_CODES)
    for row in declared:
        files = row["files"].split(";")
        assert any(name.endswith(".xml") for name in files) and any(name.endswith(".pdf") for name in files)
        for name in files:
            assert name.startswith(row["tax_code"] + "/")
            data = (out / name).read_bytes()
            if name.endswith(".xml"):
                assert validate_xml(data) == []
            else:
                assert data.startswith(b"%PDF")
        assert int(row["payable"]) == int(row["vat"]) + int(row["pit"]) > 0
    assert next(row for row in summary if row["ledger"] == "d-small")["status"] == "nothing_due"
    errors = {row["ledger"]: row["error"] for row in read_csv_rows(out / "errors.csv")}
    assert set(errors) == {"e-bad-code", "f-bad-csv", "g-empty", "h-corrupt.sqlite", "j-truncated.sqlite"}
    assert "check digit" in errors["e-bad-code"]
    assert "UTF-8" in errors["f-bad-csv"] or "utf-8" in errors["f-bad-csv"]
    assert "empty" in errors["g-empty"]
    assert not list(out.rglob("*.part")) and not list(out.rglob("*.tmp"))


def test_jobs_1_and_2_give_identical_bytes_with_books(root: Path, tmp_path: Path) -> None:
    # Each run records the SQLite ledger's filing, so each starts from its own copy of the ledgers.
    one, two = tmp_path / "one", tmp_path / "two"
    shutil.copytree(root, tmp_path / "root-two")
    invoke(str(root), "--period", "2026-Q1", "--out", str(one), "--jobs", "1", "--books")
    invoke(str(tmp_path / "root-two"), "--period", "2026-Q1", "--out", str(two), "--jobs", "2", "--books")
    first, second = tree(one), tree(two)
    assert first.keys() == second.keys()
    assert any(name.endswith("_01-CNKD_2026-Q1.pdf") for name in first)
    assert any(name.endswith("_books_2026-Q1.xlsx") for name in first)
    for name in first:
        assert first[name] == second[name], name


def test_rerun_skips_done_households_and_redoes_changed_ones(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    invoke(str(root), "--period", "2025-Q4", "--out", str(out))
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.xml")}
    assert before
    code, output = invoke(str(root), "--period", "2025-Q4", "--out", str(out), "--json")
    assert code == 1
    counts = json.loads(output)
    assert (counts["skipped"], counts["failed"], counts["total"]) == (5, 5, 10)
    assert counts["summary"] == str(out / "summary.csv")
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.xml")} == before
    journal = root / "a-good" / "journal.csv"
    journal.write_text(journal.read_text(encoding="utf-8") + "2025-12-30,sale,1000000,L1,,,cash,\n",
                       encoding="utf-8")
    code, output = invoke(str(root), "--period", "2025-Q4", "--out", str(out))
    assert "4 skipped" in output
    revenue = {row["ledger"]: int(row["revenue"]) for row in read_csv_rows(out / "summary.csv")
               if row["status"] != "filed"}  # a household filed by the first run has no figures now
    assert revenue["a-good"] == 3 * 600_000_000 + 1_000_000
    next(out.glob(f"{GOOD_CODES[1]}/*.pdf")).unlink()  # an incomplete output is redone
    code, output = invoke(str(root), "--period", "2025-Q4", "--out", str(out))
    assert "4 skipped" in output and "1 declared" in output
    assert len(list(out.glob(f"{GOOD_CODES[1]}/*.pdf"))) == 1


def test_shards_partition_the_ledgers_and_a_plain_run_merges(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    seen: list[str] = []
    for index in (1, 2, 3):
        invoke(str(root), "--period", "2026-Q1", "--out", str(out), "--shard", f"{index}/3")
        rows = read_csv_rows(out / f"summary-{index}-of-3.csv")
        rows += read_csv_rows(out / f"errors-{index}-of-3.csv")
        seen += [row["ledger"] for row in rows]
    assert sorted(seen) == find_ledgers(root)
    assert not (out / "summary.csv").exists()
    code, output = invoke(str(root), "--period", "2026-Q1", "--out", str(out))
    assert code == 1 and "5 skipped" in output and "0 declared" in output
    merged = read_csv_rows(out / "summary.csv") + read_csv_rows(out / "errors.csv")
    assert sorted(row["ledger"] for row in merged) == find_ledgers(root)


def test_usage_errors_exit_2(root: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    assert invoke(str(root), "--period", "2026-Q5", "--out", out)[0] == 2
    assert invoke(str(root), "--period", "2026-Q1", "--out", out, "--shard", "4/3")[0] == 2
    assert invoke(str(root), "--period", "2026-Q1", "--out", out, "--scheduler", "tcp://x:1")[0] == 2
    assert not Path(out).exists()


def test_duplicate_tax_code_goes_to_the_first_ledger(tmp_path: Path) -> None:
    base = tmp_path / "clients"
    write_household(base / "a", GOOD_CODES[0])
    write_household(base / "b", GOOD_CODES[0], monthly_sales=700_000_000)
    out = tmp_path / "out"
    code, _ = invoke(str(base), "--period", "2026-Q1", "--out", str(out), "--jobs", "2")
    assert code == 1
    assert [row["ledger"] for row in read_csv_rows(out / "summary.csv")] == ["a"]
    errors = read_csv_rows(out / "errors.csv")
    assert errors[0]["ledger"] == "b" and "also the tax code of a" in errors[0]["error"]
    assert not list(out.rglob("*.part"))


# -- library pieces -------------------------------------------------------------------------------

def test_find_ledgers_skips_hidden_and_output(root: Path) -> None:
    (root / ".cache").mkdir()
    write_household(root / ".cache" / "x", GOOD_CODES[0])
    out = root / "out"
    write_household(out / "y", GOOD_CODES[0])
    found = find_ledgers(root, exclude=out)
    assert found == ["a-good", "b-good", "d-small", "e-bad-code", "f-bad-csv", "g-empty",
                     "h-corrupt.sqlite", "i-good.sqlite", "j-truncated.sqlite", "nested/c-good"]
    with pytest.raises(InputError):
        find_ledgers(root / "a-good" / "journal.csv")


@given(names=st.lists(st.text(min_size=1, max_size=20), max_size=50, unique=True),
       count=st.integers(min_value=1, max_value=9))
def test_shards_are_a_partition(names: list[str], count: int) -> None:
    shards = [Shard(index, count) for index in range(1, count + 1)]
    for name in names:
        assert sum(shard.holds(name) for shard in shards) == 1


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0", ""])
def test_bad_shards(text: str) -> None:
    with pytest.raises(InputError):
        Shard.parse(text)


@given(count=st.integers(min_value=0, max_value=3000), jobs=st.integers(min_value=1, max_value=16))
def test_chunks_keep_order_and_size(count: int, jobs: int) -> None:
    items = [f"l{i}" for i in range(count)]
    chunks = chunked(items, jobs)
    assert [item for chunk in chunks for item in chunk] == items
    assert all(1 <= len(chunk) <= 64 for chunk in chunks)


def test_reports_are_sorted_and_split() -> None:
    results = [
        HouseholdResult(ledger="z", status="ok", tax_code="079203001234", name="Bùi Văn An", revenue=5,
                        vat=1, pit=2, payable=3, form="01/CNKD", files=("079203001234/x.xml",)),
        HouseholdResult(ledger="b", status="failed", error="bad"),
        HouseholdResult(ledger="a", status="nothing_due", tax_code="001185004321", name="Lê Thu"),
        HouseholdResult(ledger="0", status="failed", error="worse, \"quoted\""),
    ]
    summary = summary_csv(results).decode("utf-8").splitlines()
    assert summary[0] == "tax_code,name,regime,group,method,revenue,vat,pit,payable,form,status,files,ledger"
    assert [line.split(",")[0] for line in summary[1:]] == ["001185004321", "079203001234"]
    assert "Bùi Văn An" in summary[2]
    errors = list(csv.reader(io.StringIO(errors_csv(results).decode("utf-8"))))
    assert errors == [["ledger", "error"], ["0", 'worse, "quoted"'], ["b", "bad"]]


def test_config_is_small_and_picklable(tmp_path: Path) -> None:
    import pickle
    from datetime import date

    config = BatchConfig(root=tmp_path, out=tmp_path / "o", period=Period.parse("2026-Q1"),
                         today=date(2026, 4, 20))
    assert pickle.loads(pickle.dumps(config)) == config
    assert len(pickle.dumps(config)) < 400
    assert RECORD_DIR.startswith(".") and os.sep not in RECORD_DIR


@given(order=st.permutations(range(5)))
def test_reports_do_not_depend_on_result_order(order: list[int]) -> None:
    results = [HouseholdResult(ledger=f"l{i}", status="failed" if i % 2 else "ok",
                               tax_code=f"07920300{i:04d}", error=f"e{i}") for i in range(5)]
    shuffled = [results[i] for i in order]
    assert summary_csv(shuffled) == summary_csv(results)
    assert errors_csv(shuffled) == errors_csv(results)


def _die(config: BatchConfig, ledgers: list[str]) -> list[HouseholdResult]:
    os._exit(3)  # a worker killed mid-chunk (out of memory, kill -9)


def test_a_dead_worker_stops_the_batch_with_a_typed_error(root: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    import hhtax.batch
    from hhtax.batch import run_batch
    from hhtax.errors import HhtaxError

    monkeypatch.setattr(hhtax.batch, "process_chunk", _die)
    config = BatchConfig(root=root, out=tmp_path / "out", period=Period.parse("2026-Q1"),
                         today=date(2026, 4, 20))
    with pytest.raises(HhtaxError, match="run the same command again"):
        list(run_batch(config, jobs=2))


def test_a_tax_code_cannot_steer_the_output_path(tmp_path: Path) -> None:
    base = tmp_path / "clients"
    write_household(base / "evil", "../../../tmp/x")
    write_household(base / "spaced", "0100 1091 06")  # valid once compacted: written as digits only
    out = tmp_path / "out"
    code, _ = invoke(str(base), "--period", "2026-Q1", "--out", str(out))
    assert code == 1
    assert [row["ledger"] for row in read_csv_rows(out / "errors.csv")] == ["evil"]
    assert sorted(p.name for p in out.iterdir()) == [RECORD_DIR, "0100109106", "errors.csv", "summary.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients", "out"]


def test_a_tax_code_shared_across_shards_goes_to_the_first_ledger_on_merge(tmp_path: Path) -> None:
    base = tmp_path / "clients"
    write_household(base / "a", GOOD_CODES[0])  # shard 2 of 2
    write_household(base / "d", GOOD_CODES[0], monthly_sales=700_000_000)  # shard 1 of 2
    out = tmp_path / "out"
    for index in (1, 2):
        code, _ = invoke(str(base), "--period", "2026-Q1", "--out", str(out), "--shard", f"{index}/2")
        assert code == 0
    for _ in range(2):  # the merge, and a run after it, both settle on the first ledger
        code, _ = invoke(str(base), "--period", "2026-Q1", "--out", str(out))
        assert code == 1
        assert [row["ledger"] for row in read_csv_rows(out / "summary.csv")] == ["a"]
        assert [row["ledger"] for row in read_csv_rows(out / "errors.csv")] == ["d"]
        revenue = int(read_csv_rows(out / "summary.csv")[0]["revenue"])
        assert revenue == 3 * 600_000_000

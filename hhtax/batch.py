"""Accountants' batch: assess and declare every household ledger under a directory.

`run_batch` finds the ledgers under ROOT (SQLite files `*.sqlite` and plain-text directories with
`household.toml`), keeps the shard asked for, skips households whose outputs are complete and whose
ledger has not changed since, and runs the rest on a process pool (or on Dask, `hhtax.batch_dask`).
Per household it assesses the period, prepares the return due (01/CNKD of TT 40/2021 or TT 18/2026;
filing frequency ND 126/2020 Art 9 and ND 68/2026 Art 8, as `hhtax.declarations` implements them),
renders the XML and the PDF, validates the XML, and optionally renders the books the rules require
(TT 88/2021 Art 3, TT 152/2025 Art 3). Every step is the service layer's (`hhtax.service`): the
workers only prepare (which never locks); the parent writes the files and records each filing in
its SQLite ledger, locking the period as `hhtax declare` does. A household whose period is already
filed is reported as filed and skipped. The period must have ended on the filing date `on`.

Results come back in ledger-path order whatever the number of workers, and every file is produced
by a deterministic renderer, so the outputs are byte-identical for any `jobs`. Workers write each
file under a temporary name; the parent renames them into place in ledger-path order, so a tax code
claimed by two ledgers always goes to the first (the second is an error) and nothing partial is left
under a final name. A bad ledger (corrupt SQLite file, unreadable CSV, bad tax code, empty journal)
becomes a failed result and never stops the others.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hhtax import __version__, ids
from hhtax.batch_model import (
    FAILED,
    FILED,
    NOTHING_DUE,
    OK,
    BatchConfig,
    BatchCounts,
    HouseholdResult,
    Shard,
)
from hhtax.errors import HhtaxError, InputError
from hhtax.fsutil import atomic_write
from hhtax.i18n import msg, register
from hhtax.journal import Ledger
from hhtax.periods import Period
from hhtax.service.ledgers import open_ledger, open_writable
from hhtax.service.pool import frozen_heap, process_pool
from hhtax.text import spreadsheet_text

if TYPE_CHECKING:  # the pipeline itself is imported by the workers only, not by every CLI start
    from hhtax.rules import RuleBook
    from hhtax.tax.assessment import Assessment

__all__ = [
    "FAILED",
    "FILED",
    "NOTHING_DUE",
    "OK",
    "RECORDERS",
    "RECORD_DIR",
    "BatchConfig",
    "BatchCounts",
    "ChunkMapper",
    "HouseholdResult",
    "Shard",
    "chunked",
    "errors_csv",
    "find_ledgers",
    "ledger_signature",
    "map_processes",
    "process_chunk",
    "process_household",
    "run_batch",
    "select_ledgers",
    "summary_csv",
    "write_reports",
]

HOUSEHOLD_FILE = "household.toml"
JOURNAL_FILE = "journal.csv"
SQLITE_SUFFIX = ".sqlite"
RECORD_DIR = ".hhtax-batch"  # per-ledger completion records, under OUT
SUMMARY_COLUMNS = ("tax_code", "name", "regime", "group", "method", "revenue", "vat", "pit", "payable",
                   "form", "status", "files", "ledger")
ERROR_COLUMNS = ("ledger", "error")

RECORDERS = 8
"""Filings recorded at once by the parent, each in its own ledger. Each write ends with an fsync
(`integrity.checkpoint`); the file system commits concurrent ones together (ext4: 20 ms for one,
2.4 ms each for eight at a time), which one after the other made the parent the batch's bottleneck."""


register({
    "batch.worker_died": (
        "một tiến trình xử lý đã dừng đột ngột (hết bộ nhớ hoặc bị dừng); các hộ đã xong được giữ lại: "
        "chạy lại đúng lệnh đó để làm tiếp",
        "a worker process died (out of memory or killed); the households done so far are kept: run the "
        "same command again to resume"),
})

ChunkMapper = Callable[[BatchConfig, list[list[str]]], Iterator[list[HouseholdResult]]]


# -- finding ledgers ------------------------------------------------------------------------------

def find_ledgers(root: Path, *, exclude: Path | None = None) -> list[str]:
    """Ledgers under `root`, as sorted relative paths: `*.sqlite` files and directories holding
    `household.toml` (not searched further). Hidden entries and `exclude` (the output) are left out."""
    if not root.is_dir():
        raise InputError(msg("fs.not_directory"), file=str(root))
    skip = exclude.resolve() if exclude is not None else None
    found: list[str] = []
    pending = [root]
    visited: set[Path] = set()
    while pending:
        directory = pending.pop()
        real = directory.resolve()
        if real in visited:  # a symbolic link back up the tree
            continue
        visited.add(real)
        with os.scandir(directory) as listing:
            for item in listing:
                if item.name.startswith("."):
                    continue
                path = Path(item.path)
                if item.is_dir():
                    if skip is not None and path.resolve() == skip:
                        continue
                    if (path / HOUSEHOLD_FILE).is_file():
                        found.append(path.relative_to(root).as_posix())
                    else:
                        pending.append(path)
                elif item.name.endswith(SQLITE_SUFFIX) and item.is_file():
                    found.append(path.relative_to(root).as_posix())
    return sorted(found)


def ledger_signature(path: Path) -> list[list[Any]]:
    """(file, mtime_ns, size) of every file a ledger consists of: the basis of `skip when unchanged`."""
    if path.is_dir():
        parts = [path / HOUSEHOLD_FILE, path / JOURNAL_FILE]
    else:
        parts = [path, path.with_name(path.name + "-wal")]
    signature: list[list[Any]] = []
    for part in parts:
        try:
            info = part.stat()
        except OSError:
            continue
        signature.append([part.name, info.st_mtime_ns, info.st_size])
    return signature


# -- completion records ---------------------------------------------------------------------------

def _ledger_key(ledger: str) -> str:
    return hashlib.sha1(ledger.encode("utf-8")).hexdigest()[:20]


def _config_key(config: BatchConfig) -> str:
    rules = ledger_signature(config.rules_file) if config.rules_file else []
    return json.dumps([__version__, str(config.period), config.books, rules])


def _record_path(out: Path, ledger: str) -> Path:
    return out / RECORD_DIR / f"{_ledger_key(ledger)}.json"


def _done_before(config: BatchConfig, config_key: str, ledger: str,
                 signature: list[list[Any]]) -> HouseholdResult | None:
    """The recorded result when this ledger's outputs are complete, none is older than the ledger,
    and the ledger has not changed (same files, sizes and modification times) since they were made."""
    try:
        record = json.loads(_record_path(config.out, ledger).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (record.get("config") != config_key or record.get("signature") != signature
            or record.get("result", {}).get("ledger") != ledger):
        return None
    try:
        data = dict(record["result"], files=tuple(record["result"]["files"]))
        result = HouseholdResult(**data)
    except (KeyError, TypeError):  # a record from another version or edited by hand: redo
        return None
    changed = max((mtime for _name, mtime, _size in signature), default=0)
    try:
        written = [(config.out / name).stat().st_mtime_ns for name in result.files]
    except OSError:  # an output is missing
        return None
    if min(written, default=changed) < changed:  # an output is older than its ledger
        return None
    return replace(result, skipped=True)


def _write_record(config: BatchConfig, config_key: str, result: HouseholdResult,
                  signature: list[list[Any]]) -> None:
    data = asdict(result)
    del data["skipped"], data["record"], data["more_records"]
    record = {"config": config_key, "signature": signature, "result": data}
    _replace_into(_record_path(config.out, result.ledger), json.dumps(record, ensure_ascii=False).encode())


# -- writing files --------------------------------------------------------------------------------

def _replace_into(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename, without fsync (one per household would cost
    more than the household itself); the reports at the end use `fsutil.atomic_write`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def _staged(final: Path, ledger: str) -> Path:
    """The temporary name a worker writes `final` under before the parent renames it into place."""
    return final.with_name(f".{final.name}.{_ledger_key(ledger)}.part")


# -- one household --------------------------------------------------------------------------------

_RULES_CACHE: dict[Path | None, RuleBook] = {}


def _rules(rules_file: Path | None) -> RuleBook:
    """The rule book, loaded once per worker process (and per local pack)."""
    from hhtax.rules import load_rules

    if rules_file not in _RULES_CACHE:
        _RULES_CACHE[rules_file] = load_rules(rules_file)
    return _RULES_CACHE[rules_file]


def process_household(config: BatchConfig, ledger: str) -> HouseholdResult:
    """Assess, declare and (optionally) keep the books of one ledger; never raises.

    The output files are left under their staged names (see `_staged`); `_commit` renames them.
    """
    written: list[Path] = []
    try:
        return _process(config, ledger, written)
    except HhtaxError as exc:
        message = str(exc)
    except Exception as exc:  # a broken ledger must not stop the batch (sqlite3, OSError, …)
        message = f"{type(exc).__name__}: {exc}"
    for path in written:
        path.unlink(missing_ok=True)
    message = message.replace(str(config.root / ledger), ledger)  # the report names ledgers under ROOT
    return HouseholdResult(ledger=ledger, status=FAILED, error=" ".join(message.split()))


def _process(config: BatchConfig, ledger: str, written: list[Path]) -> HouseholdResult:
    from hhtax.declarations.files import declaration_basename
    from hhtax.declarations.leasing_model import BdsBody
    from hhtax.service.returns import is_filed, prepare_return

    rules = _rules(config.rules_file)
    opened = open_ledger(config.root / ledger)
    try:
        household = opened.household
        tax_code = ids.validate(household.tax_code, lenient=household.lenient_tax_code)
        if is_filed(opened, config.period):
            return HouseholdResult(ledger=ledger, status=FILED, tax_code=tax_code, name=household.name,
                                   skipped=True)
        prepared = prepare_return(opened, config.period, rules, on=config.today)
        assessment = prepared.assessment
        folder = config.out / tax_code  # digits only (validated above): no path traversal
        files: list[str] = []

        def emit(name: str, data: bytes) -> None:
            if Path(name).name != name or name.startswith("."):
                raise HhtaxError(msg("batch.bad_output_name", name=repr(name)))
            final = folder / name
            staged = _staged(final, ledger)
            staged.parent.mkdir(parents=True, exist_ok=True)
            written.append(staged)
            staged.write_bytes(data)
            files.append(final.relative_to(config.out).as_posix())

        form, record, forms, records = "", None, [], []
        for one in (prepared, *prepared.others):  # the ordinary return and any 01/TTS or 01/BĐS
            if one.declaration is None:
                continue
            base = declaration_basename(one.declaration)
            emit(f"{base}.xml", one.xml)
            emit(f"{base}.pdf", one.pdf)
            forms.append(one.declaration.form.code)
            records.append(one.filing_record())
        if records:
            form, record = " + ".join(forms), records[0]
        # real-estate leasing is a pool apart from the assessment (OQ-09): its 01/BĐS adds to the payable
        pool = sum(one.declaration.payable for one in prepared.others
                   if one.declaration is not None and isinstance(one.declaration.body, BdsBody))
        if prepared.declaration is not None and isinstance(prepared.declaration.body, BdsBody):
            pool += prepared.declaration.payable
        if config.books:
            for name, data in _books(opened, tax_code, config.period, rules, assessment):
                emit(name, data)
    finally:
        opened.close()
    return HouseholdResult(
        ledger=ledger, status=OK if record is not None else NOTHING_DUE, tax_code=tax_code,
        name=household.name, regime=assessment.regime, group=assessment.group, method=assessment.method,
        revenue=assessment.revenue.value, vat=assessment.vat.value, pit=assessment.pit.value,
        payable=assessment.payable.value + pool, form=form, files=tuple(files), record=record,
        more_records=tuple(records[1:]))


def _books(ledger: Ledger, tax_code: str, period: Period, rules: RuleBook,
           assessment: Assessment) -> Iterator[tuple[str, bytes]]:
    """The books the rules require for this household and period (TT 88/2021 Art 3, TT 152/2025
    Art 3), as `hhtax books --all` writes them: one XLSX workbook and one PDF per book."""
    from hhtax.books import build_book, required_books
    from hhtax.books.output import book_basename, render
    from hhtax.books.render_xlsx import write_xlsx

    codes = required_books(ledger.household, period, rules, assessment)
    books = [build_book(code, ledger, period, rules) for code, _reason in codes]
    if not books:
        return
    workbook = io.BytesIO()
    write_xlsx(books, workbook)
    yield f"{tax_code}_books_{period}.xlsx", workbook.getvalue()
    for book in books:
        yield f"{book_basename(book, tax_code)}.pdf", render(book, "pdf")


def process_chunk(config: BatchConfig, ledgers: Sequence[str]) -> list[HouseholdResult]:
    """Process a chunk of ledgers in one worker (one task: households are small, IPC is not)."""
    return [process_household(config, ledger) for ledger in ledgers]


# -- engines --------------------------------------------------------------------------------------

def chunked(items: Sequence[str], jobs: int) -> list[list[str]]:
    """Split into chunks: about 8 per worker, between 1 and 64 ledgers each."""
    size = max(1, min(64, len(items) // (jobs * 8) or 1))
    return [list(items[start:start + size]) for start in range(0, len(items), size)]


def map_processes(jobs: int) -> ChunkMapper:
    """A ChunkMapper on a local process pool of `jobs` workers (in-process when jobs is 1).

    The parent loads the rules, the renderers and the fonts first and freezes them out of the
    garbage collector's sight; where processes can be forked, every worker starts with them.
    """

    def mapper(config: BatchConfig, chunks: list[list[str]]) -> Iterator[list[HouseholdResult]]:
        _warm_up(config)
        if jobs <= 1 or len(chunks) <= 1:
            with frozen_heap():
                for chunk in chunks:
                    yield process_chunk(config, chunk)
            return
        with process_pool(jobs, died=msg("batch.worker_died")) as pool:
            yield from pool.map(process_chunk, [config] * len(chunks), chunks)

    return mapper


def _warm_up(config: BatchConfig) -> None:
    """Load what every household needs: the rule packs, the pipeline's modules, the fonts."""
    import hhtax.declarations.pdf
    import hhtax.declarations.validate
    import hhtax.declarations.xml
    from hhtax.fonts import register_fonts

    _rules(config.rules_file)
    register_fonts()
    if config.books:
        import hhtax.books.render_pdf
        import hhtax.books.render_xlsx  # noqa: F401


# -- the batch ------------------------------------------------------------------------------------

def select_ledgers(config: BatchConfig, shard: Shard | None = None) -> list[str]:
    """The ledgers a batch over `config.root` processes (those of `shard` only, if given), sorted."""
    ledgers = find_ledgers(config.root, exclude=config.out)
    return ledgers if shard is None else [name for name in ledgers if shard.holds(name)]


def run_batch(config: BatchConfig, *, jobs: int = 1, shard: Shard | None = None,
              mapper: ChunkMapper | None = None, ledgers: Sequence[str] | None = None
              ) -> Iterator[HouseholdResult]:
    """Yield one result per ledger, in ledger-path order; print nothing.

    The ledgers are `ledgers` when given (from `select_ledgers`), else `select_ledgers(config,
    shard)`. `mapper` runs the chunks (default: a process pool of `jobs` workers;
    `hhtax.batch_dask.map_dask` for a Dask cluster). Skipped households come from their
    completion record.
    """
    from hhtax.service.periods import check_ended

    check_ended(config.period, config.today)
    if ledgers is None:
        ledgers = select_ledgers(config, shard)
    key = _config_key(config)
    signatures = {name: ledger_signature(config.root / name) for name in ledgers}
    done: dict[str, HouseholdResult] = {}
    for name in ledgers:
        previous = _done_before(config, key, name, signatures[name])
        if previous is not None:
            done[name] = previous
    done = _without_shared_codes(done)
    chunks = chunked([name for name in ledgers if name not in done], max(1, jobs))
    run = (mapper or map_processes(jobs))(config, chunks) if chunks else iter(())
    fresh = (result for chunk in run for result in chunk)
    claimed: dict[str, str] = {}
    with ThreadPoolExecutor(RECORDERS, thread_name_prefix="hhtax-record") as recorders:
        pending: deque[Future[HouseholdResult]] = deque()
        for name in ledgers:
            result = done.get(name) or next(fresh)
            if not result.skipped:
                pending.append(_commit(config, key, result, claimed, signatures[name], recorders))
            else:
                if claimed.setdefault(result.tax_code, name) != name:  # an earlier ledger took the code
                    _record_path(config.out, name).unlink(missing_ok=True)
                    result = _shared_code(result, claimed[result.tax_code])
                pending.append(_ready(result))
            while pending and (pending[0].done() or len(pending) > 4 * RECORDERS):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _ready(result: HouseholdResult) -> Future[HouseholdResult]:
    future: Future[HouseholdResult] = Future()
    future.set_result(result)
    return future


def _shared_code(result: HouseholdResult, owner: str) -> HouseholdResult:
    return HouseholdResult(ledger=result.ledger, status=FAILED, tax_code=result.tax_code,
                           error=f"tax code {result.tax_code} is also the tax code of {owner}")


def _without_shared_codes(done: dict[str, HouseholdResult]) -> dict[str, HouseholdResult]:
    """Drop recorded results whose tax code another recorded ledger also has (two shards wrote the
    same folder): those ledgers are done again, and the first in path order keeps the code."""
    owners: dict[str, list[str]] = {}
    for name, result in done.items():
        if result.tax_code:
            owners.setdefault(result.tax_code, []).append(name)
    shared = {name for names in owners.values() if len(names) > 1 for name in names}
    return {name: result for name, result in done.items() if name not in shared}


def _commit(config: BatchConfig, key: str, result: HouseholdResult, claimed: dict[str, str],
            signature: list[list[Any]], recorders: Executor) -> Future[HouseholdResult]:
    """Rename a worker's staged files into place, unless another ledger already has the tax code
    (in ledger-path order, here), then record the filing in the ledger (`_record`, on one of the
    `recorders` threads)."""
    if result.failed:
        return _ready(result)
    owner = claimed.setdefault(result.tax_code, result.ledger)
    finals = [config.out / name for name in result.files]
    if owner != result.ledger:
        for final in finals:
            _staged(final, result.ledger).unlink(missing_ok=True)
        return _ready(_shared_code(result, owner))
    for final in finals:
        os.replace(_staged(final, result.ledger), final)
    if result.record is None:
        return _ready(_record(config, key, result, finals, signature))
    return recorders.submit(_record, config, key, result, finals, signature)


def _record(config: BatchConfig, key: str, result: HouseholdResult, finals: list[Path],
            signature: list[list[Any]]) -> HouseholdResult:
    """Record the household's filing in its ledger (its period locked; one write transaction that
    ends durably on disk) and then its completion record; the files go if the ledger refuses."""
    try:
        _record_filing(config, result)
    except HhtaxError as exc:  # busy, locked, filed meanwhile: the files go, the household failed
        for final in finals:
            final.unlink(missing_ok=True)
        return HouseholdResult(ledger=result.ledger, status=FAILED, tax_code=result.tax_code,
                               error=" ".join(str(exc).split()))
    _write_record(config, key, result, signature)
    return replace(result, record=None, more_records=())


def _record_filing(config: BatchConfig, result: HouseholdResult) -> None:
    """Record the filing of a SQLite ledger's return and lock its period, as `hhtax declare` does
    (a plain-text ledger records nothing)."""
    from hhtax.service.returns import keep_filing

    location = config.root / result.ledger
    if result.record is None or location.is_dir():
        return
    with contextlib.closing(open_writable(location)) as ledger:
        for record in (result.record, *result.more_records):
            keep_filing(ledger, record, on=config.today)


# -- reports --------------------------------------------------------------------------------------

def summary_csv(results: Iterable[HouseholdResult]) -> bytes:
    """summary.csv: one row per household with outputs, sorted by tax code then ledger. A household
    filed before (status `filed`) has its figures left empty, not 0: this run computed none."""
    rows = sorted((r for r in results if not r.failed), key=lambda r: (r.tax_code, r.ledger))
    return _csv(SUMMARY_COLUMNS, ([r.tax_code, r.name, *_figures(r), r.form, r.status, ";".join(r.files),
                                   r.ledger] for r in rows))


def _figures(result: HouseholdResult) -> list[object]:
    if result.status == FILED:
        return ["", "", "", "", "", "", ""]
    return [result.regime, result.group, result.method, result.revenue, result.vat, result.pit,
            result.payable]


def errors_csv(results: Iterable[HouseholdResult]) -> bytes:
    """errors.csv: one row per failed ledger (path relative to ROOT, what went wrong), sorted by ledger."""
    rows = sorted((r for r in results if r.failed), key=lambda r: r.ledger)
    return _csv(ERROR_COLUMNS, ([r.ledger, r.error] for r in rows))


def write_reports(out: Path, results: Sequence[HouseholdResult], shard: Shard | None = None) -> list[Path]:
    """Write summary.csv and errors.csv (with a `-K-of-M` suffix for a shard) atomically."""
    suffix = shard.suffix if shard is not None else ""
    summary = out / f"summary{suffix}.csv"
    errors = out / f"errors{suffix}.csv"
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(summary, summary_csv(results))
    atomic_write(errors, errors_csv(results))
    return [summary, errors]


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The CSV bytes; text cells that a spreadsheet would run as a formula (a household named
    `=cmd|…`, a directory named `@…`) get a leading ' as in the book exports."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_text(cell) if isinstance(cell, str) else cell for cell in row]
                     for row in rows)
    return buffer.getvalue().encode("utf-8")

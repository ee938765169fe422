"""The accountant's view: each client's state for a period, and the batch run with its progress
(no web framework here).

A client's state is the duty decision of `Ledger.duties` (`hhtax.duty`) for the period: filed,
overdue, due, not yet due, nothing to file, or an error (the ledger cannot be read). States are
kept per content key of the ledger (`view_state.content_key`: the last record of its log), so a page
reload reads only the ledgers that changed, and a change is seen at the next reload.

The batch is `hhtax.batch.run_batch` over exactly the listed clients, one household at a time in a
background thread (forking worker processes from a threaded server is not safe), writing into a
hidden folder of the clients folder (which `hhtax batch` and the listing skip) and recording each
filing in its SQLite ledger, as `hhtax batch` does.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hhtax.api import Ledger
from hhtax.batch import (
    BatchConfig,
    BatchCounts,
    HouseholdResult,
    process_household,
    run_batch,
    write_reports,
)
from hhtax.errors import HhtaxError
from hhtax.periods import Period
from hhtax.web.pages.view_returns import duty_state
from hhtax.web.pages.view_state import content_key

ERROR, NOTHING = "error", "nothing"
OUT_DIR = ".hhtax-serve-batch"
_CACHE_LIMIT = 4096


@dataclass(frozen=True)
class ClientStatus:
    name: str
    tax_code: str = ""
    taxpayer: str = ""
    state: str = NOTHING
    form: str = ""
    due: date | None = None
    payable: int = 0
    days_late: int = 0
    error: str = ""


_cache: dict[tuple[str, str, str, str, str], ClientStatus] = {}
_cache_lock = threading.Lock()
_jobs_lock = threading.Lock()


def client_status(
    name: str, path: Path, period: Period, today: date, lang: str, rules_file: Path | None = None
) -> ClientStatus:
    """One client's state for `period` on `today` (cached while its ledger's content is unchanged;
    read each time when it has no content key)."""
    state = content_key(path, rules_file)
    key = (str(path), state or "", str(period), today.isoformat(), lang)
    with _cache_lock:
        found = _cache.get(key) if state is not None else None
    if found is not None:
        return found
    status = _read_status(name, path, period, today, lang, rules_file)
    if state is None or content_key(path, rules_file) != state:
        return status
    with _cache_lock:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[key] = status
    return status


def _read_status(
    name: str, path: Path, period: Period, today: date, lang: str, rules_file: Path | None
) -> ClientStatus:
    try:
        with Ledger.open(path, rules_file=rules_file) as ledger:
            household = ledger.household
            duties = [
                d
                for d in ledger.duties(period.year, on=today).duties
                if d.kind != "registration" and d.period.start >= period.start and d.period.end <= period.end
            ]
            filed = bool(ledger.filings(period))
    except HhtaxError as exc:
        return ClientStatus(name, state=ERROR, error=exc.render(lang))
    except Exception as exc:  # a damaged file of one client never breaks the page
        return ClientStatus(name, state=ERROR, error=type(exc).__name__)
    base = ClientStatus(name, household.tax_code, household.name)
    if not duties:
        return ClientStatus(**{**base.__dict__, "state": "filed" if filed else NOTHING})
    states = [duty_state(d) for d in duties]
    worst = next((s for s in ("overdue", "due", "upcoming", "filed") if s in states), "filed")
    first = duties[states.index(worst)]
    return ClientStatus(
        **{
            **base.__dict__,
            "state": worst,
            "form": first.form,
            "due": first.due,
            "payable": sum(d.vat + d.pit for d in duties),
            "days_late": first.days_late,
        }
    )


def counts(statuses: Sequence[ClientStatus]) -> dict[str, int]:
    """How many clients are in each state."""
    found = dict.fromkeys(("filed", "due", "overdue", "upcoming", ERROR, NOTHING), 0)
    for status in statuses:
        found[status.state] = found.get(status.state, 0) + 1
    return found


# -- the batch run -------------------------------------------------------------------------------------


@dataclass
class BatchJob:
    """One batch run: its period, the clients in order, the results so far, and how it ended."""

    id: str
    period: Period
    clients: list[str]
    out: Path
    results: dict[str, HouseholdResult] = field(default_factory=dict)
    finished: bool = False
    failure: HhtaxError | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def done(self) -> int:
        return len(self.results)

    @property
    def counts(self) -> BatchCounts:
        tally = BatchCounts()
        for result in self.results.values():
            tally.add(result)
        return tally

    def state_of(self, client: str) -> str:
        result = self.results.get(client)
        if result is None:
            return "pending"
        if result.skipped:
            return "filed"
        return result.status


def _one_at_a_time(config: BatchConfig, chunks: list[list[str]]) -> Iterator[list[HouseholdResult]]:
    """A ChunkMapper running each household in this thread and handing it back at once (progress)."""
    for chunk in chunks:
        for ledger in chunk:
            yield [process_household(config, ledger)]


def start_batch(
    jobs: dict[str, BatchJob],
    root: Path,
    clients: Sequence[tuple[str, Path]],
    period: Period,
    today: date,
    *,
    books: bool = False,
    rules_file: Path | None = None,
) -> BatchJob | None:
    """Start a batch over `clients` (name, path) in a background thread; None when one is running."""
    names = {path.relative_to(root).as_posix(): name for name, path in clients}
    out = root / OUT_DIR / str(period)
    job = BatchJob(uuid.uuid4().hex[:12], period, [name for name, _ in clients], out)
    with _jobs_lock:  # two clicks at once start one batch
        if any(not running.finished for running in jobs.values()):
            return None
        jobs[job.id] = job
    config = BatchConfig(root=root, out=out, period=period, today=today, books=books, rules_file=rules_file)
    thread = threading.Thread(
        target=_run, args=(job, config, names), name=f"hhtax-batch-{job.id}", daemon=True
    )
    thread.start()
    return job


def _run(job: BatchJob, config: BatchConfig, names: dict[str, str]) -> None:
    results: list[HouseholdResult] = []
    try:
        config.out.mkdir(parents=True, exist_ok=True)
        for result in run_batch(config, mapper=_one_at_a_time, ledgers=sorted(names)):
            results.append(result)
            with job.lock:
                job.results[names.get(result.ledger, result.ledger)] = result
        write_reports(config.out, results)
    except HhtaxError as exc:
        job.failure = exc
    except Exception as exc:  # the page says so; the server keeps running
        job.failure = HhtaxError(type(exc).__name__)
    finally:
        job.finished = True

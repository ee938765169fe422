"""What `hhtax batch` works with: its configuration, a shard of the ledgers, one household's outcome
and the counts of a run (`hhtax.batch` runs it; these are its picklable values)."""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from hhtax.errors import InputError
from hhtax.i18n import msg, register
from hhtax.journal.filings import FilingRecord
from hhtax.periods import Period

OK = "ok"
NOTHING_DUE = "nothing_due"
FILED = "filed"  # filed by an earlier run (recorded in the ledger): skipped
FAILED = "failed"

register({
    "batch.bad_shard": ("{value} không phải phân đoạn; dùng K/M, ví dụ 1/4",
                        "{value} is not a shard; use K/M, e.g. 1/4"),
    "batch.shard_range": ("phân đoạn {value}: K phải từ 1 đến M", "shard {value}: K must be between 1 and M"),
    "batch.bad_output_name": ("từ chối ghi tệp kết quả tên {name}",
                              "refusing to write an output named {name}"),
})


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `count` (1-based): the ledgers whose crc32(relative path) % count == index − 1."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """Parse `K/M` with 1 ≤ K ≤ M."""
        parts = text.strip().split("/")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise InputError(msg("batch.bad_shard", value=repr(text)), field="shard")
        index, count = int(parts[0]), int(parts[1])
        if not 1 <= index <= count:
            raise InputError(msg("batch.shard_range", value=text), field="shard")
        return cls(index, count)

    def holds(self, ledger: str) -> bool:
        return zlib.crc32(ledger.encode("utf-8")) % self.count == self.index - 1

    @property
    def suffix(self) -> str:
        return f"-{self.index}-of-{self.count}"


@dataclass(frozen=True)
class BatchConfig:
    """What every worker needs; small and picklable (sent once per chunk)."""

    root: Path
    out: Path
    period: Period
    today: date  # the filing date (`--on`)
    books: bool = False
    rules_file: Path | None = None


@dataclass(frozen=True)
class HouseholdResult:
    """The outcome for one ledger. `files` are paths relative to OUT; `skipped` = done by an earlier run."""

    ledger: str  # path relative to ROOT, with "/" separators
    status: str  # OK, NOTHING_DUE or FAILED
    tax_code: str = ""
    name: str = ""
    regime: str = ""
    group: str = ""
    method: str = ""
    revenue: int = 0
    vat: int = 0
    pit: int = 0
    payable: int = 0
    form: str = ""
    files: tuple[str, ...] = ()
    error: str = ""
    skipped: bool = False
    record: FilingRecord | None = None  # the filing to record once the files are in place
    more_records: tuple[FilingRecord, ...] = ()  # 01/TTS or 01/BĐS filed beside it (leasing)

    @property
    def failed(self) -> bool:
        return self.status == FAILED


@dataclass
class BatchCounts:
    """How many households ended in each state (for the CLI's closing line); `filed` counts the
    skipped households whose period an earlier run (or `hhtax declare`) has filed."""

    ok: int = 0
    nothing_due: int = 0
    filed: int = 0
    skipped: int = 0
    failed: int = 0
    total: int = 0

    def to_dict(self) -> dict[str, int]:
        """The counts as `hhtax batch --json` prints them."""
        return asdict(self)

    def add(self, result: HouseholdResult) -> None:
        self.total += 1
        if result.skipped:
            self.skipped += 1
            self.filed += result.status == FILED
        elif result.status == OK:
            self.ok += 1
        elif result.status == NOTHING_DUE:
            self.nothing_due += 1
        else:
            self.failed += 1

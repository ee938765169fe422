"""Shared fixtures, helpers and Hypothesis strategies of the test suite.

Test modules import helpers from here (`from conftest import household`), never from one another:
- ledgers: `household()`, `SEED_CSV`, `seeded_ledger()`, `row_count()`, `to_cp1258()`;
- worked-example scenarios: `SCENARIOS`, `scenario_files()`, `load_scenario()`;
- rule packs: `local_pack()` writes a one-rule local pack;
- PDFs: `pdf_text()` and `page_sizes()` read a PDF with pypdf (no system package needed);
- golden files: `assert_golden()`, the one way a test compares output with a reviewed file;
- strategies: `entry_strategy()` (journal entries around the 2025/2026 boundary).
"""

from __future__ import annotations

import io
import tomllib
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from pypdf import PdfReader

from hhtax.journal.household_file import household_from_dict
from hhtax.journal.store import SqliteLedger
from hhtax.model import CostCategory, Entry, EntryKind, Household
from hhtax.rules import RuleBook, load_rules
from hhtax.service.ledgers import create_ledger

TESTS = Path(__file__).parent
SCENARIOS = TESTS / "scenarios"


# -- ledgers ----------------------------------------------------------------------------------------
SEED_CSV = (
    "date,kind,amount,line,doc,description,payment,category\n"
    "2026-01-05,sale,1500000,shop,HD1,Bán hàng,cash,\n"
    "2026-01-06,sale,800000,cafe,HD2,Bán cà phê,bank,\n"
    "2026-01-07,expense,300000,,,Tiền điện tháng 1,cash,electricity\n"
)


def household(**changes: object) -> Household:
    """A two-line household (grocery and café); `changes` replace its fields."""
    data: dict[str, object] = {
        "tax_code": "0100109106", "name": "Nguyễn Văn An", "shop_name": "Tạp hóa An",
        "address": "12 Lê Lợi", "ward": "Phường Bến Nghé", "province": "TP Hồ Chí Minh",
        "lines": [{"id": "shop", "group": "goods", "name": "Bán lẻ"},
                  {"id": "cafe", "group": "production", "name": "Cà phê"}],
    }
    data.update(changes)
    return Household.model_validate(data)


def seeded_ledger(folder: Path, name: str = "hhtax.sqlite") -> Path:
    """A ledger file holding the three entries of SEED_CSV."""
    from hhtax.importers import import_file

    path = folder / name
    seed = folder / "seed.csv"
    seed.write_text(SEED_CSV, encoding="utf-8")
    with create_ledger(path, household()) as ledger:
        ledger.import_entries(import_file(seed, ledger.household))
    return path


def row_count(path: Path) -> int:
    with SqliteLedger(path) as ledger:
        return ledger.count()


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese text as Windows-1258 does: base letters precomposed, tone marks combining."""
    out = []
    for char in text:
        try:
            char.encode("cp1258")
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = [c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323"]
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(tones))
    return "".join(out).encode("cp1258")


# -- hhtax serve (tests of hhtax.web import fastapi with pytest.importorskip first) ------------------
WEB_TOKEN = "test-token-0123456789abcdef"


def web_client(folder: Path, *, clients: bool = False, signed_in: bool = True, **config: Any) -> Any:
    """A fastapi TestClient of `hhtax serve` over a seeded ledger in `folder` (or, with `clients`,
    over the folder holding `an.sqlite` and `binh.sqlite`), signed in to the pages unless told not
    to; API calls need `headers=WEB_AUTH`. Use it in a `with` block."""
    from fastapi.testclient import TestClient

    from hhtax.web.app import create_app
    from hhtax.web.config import ServeConfig

    if clients:
        seeded_ledger(folder, "an.sqlite")
        seeded_ledger(folder, "binh.sqlite")
        serve = ServeConfig(token=WEB_TOKEN, clients=folder, **config)
    else:
        serve = ServeConfig(token=WEB_TOKEN, ledger=seeded_ledger(folder), **config)
    client = TestClient(create_app(serve))
    if signed_in:
        assert client.get(f"/login?token={WEB_TOKEN}", follow_redirects=False).status_code == 303
    return client


WEB_AUTH = {"Authorization": f"Bearer {WEB_TOKEN}"}


class ServeProcess:
    """A real `hhtax serve` process on a free loopback port: `url` (from the address it printed),
    `token` (from the token file) and `stop()` (Ctrl+C, then wait for it to exit)."""

    def __init__(self, ledger: Path, *args: str) -> None:
        import os
        import subprocess
        import sys
        import time

        root = Path(__file__).resolve().parent.parent
        env = {**os.environ, "PYTHONPATH": str(root), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hhtax", "--lang", "en", "--ledger", str(ledger), "serve", "--port", "0",
             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: list[str] = []
        self.stderr = ""
        deadline = time.monotonic() + 60
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            if line.startswith("Press Ctrl+C"):
                break
        address = [line for line in self.lines if line.startswith("hhtax serve: http://")]
        if not address:
            self.stop()
            raise AssertionError(f"hhtax serve printed no address: {self.lines} {self.stderr}")
        self.url = address[0].split()[2].rstrip("/")
        self.token = Path(f"{ledger}.token").read_text(encoding="ascii").strip()

    def stop(self) -> int:
        import signal
        import subprocess

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                if stream is self.process.stderr:
                    self.stderr = stream.read()
                stream.close()
        return self.process.returncode


# -- scenarios (worked examples as TOML an accountant can read) -------------------------------------
def scenario_files() -> list[Path]:
    return sorted(SCENARIOS.glob("*.toml"))


def load_scenario(path: Path) -> tuple[Household, list[Entry], list[dict[str, Any]]]:
    """A scenario file's household, its entries (quarterly `[revenue]`/`[costs]` tables and explicit
    `[[entries]]`) and its `[[expect]]` tables."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = [*_quarterly_sales(data.get("revenue", {}), path.name),
               *_quarterly_costs(data.get("costs", {}), path.name)]
    for number, raw in enumerate(data.get("entries", []), start=1):
        item = {"doc": f"E-{number}", **raw, "source": f"{path.name}:entries[{number}]"}
        entries.append(Entry.model_validate(item))
    return household_from_dict(data["household"]), entries, data.get("expect", [])


def _quarterly_sales(revenue: dict[str, Any], source: str) -> list[Entry]:
    return [Entry(date=date(revenue["year"], 3 * quarter - 2, 15), kind="sale", amount=amount, line=line,
                  doc=f"HD-{line}-Q{quarter}", source=f"{source}:revenue")
            for line, amounts in revenue.items() if line != "year"
            for quarter, amount in enumerate(amounts, start=1)]


def _quarterly_costs(costs: dict[str, Any], source: str) -> list[Entry]:
    def kind(category: str) -> str:
        return "purchase" if category == "goods" else "wage" if category == "labour" else "expense"

    return [Entry(date=date(costs["year"], 3 * quarter - 2, 20), kind=kind(category), amount=amount,
                  category=category, payment="bank", doc=f"CP-{category}-Q{quarter}",
                  source=f"{source}:costs")
            for category, amounts in costs.items() if category != "year"
            for quarter, amount in enumerate(amounts, start=1)]


# -- rule packs -------------------------------------------------------------------------------------
def local_pack(folder: Path, name: str, value: str, valid_from: str = "2026-01-01") -> Path:
    """A local rule pack (`--rules FILE`) setting rule `name` to the TOML literal `value`."""
    path = folder / "local.toml"
    path.write_text(
        f'[pack]\nid = "local"\nvalid_from = {valid_from}\n[[rule]]\nname = "{name}"\n'
        f'value = {value}\nref = "local override"\nconfidence = "M"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def rules() -> RuleBook:
    """The shipped rule packs."""
    return load_rules()


# -- PDFs -------------------------------------------------------------------------------------------
def pdf_text(data: bytes, *, layout: bool = False) -> str:
    """The text of every page (pypdf; `layout=True` keeps the columns' horizontal placement)."""
    reader = PdfReader(io.BytesIO(data))
    mode = "layout" if layout else "plain"
    return "\n\f".join(page.extract_text(extraction_mode=mode) for page in reader.pages)


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """(width, height) of each page in points."""
    reader = PdfReader(io.BytesIO(data))
    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]


# -- golden files -----------------------------------------------------------------------------------
def assert_golden(golden: Path, produced: bytes | str) -> None:
    """`produced` must equal the reviewed file `golden`, byte for byte.

    A golden file is never rewritten by a test: on a difference (or a missing file) the output is
    written next to it as `<name>.new` and the test fails. Review the diff, check the changed
    figures by hand against the law, then rename the `.new` file over the golden one and say why in
    the commit message.
    """
    data = produced.encode("utf-8") if isinstance(produced, str) else produced
    new = golden.with_name(golden.name + ".new")
    if golden.exists() and golden.read_bytes() == data:
        new.unlink(missing_ok=True)
        return
    new.parent.mkdir(parents=True, exist_ok=True)
    new.write_bytes(data)
    what = "differs from" if golden.exists() else "has no"
    pytest.fail(f"output {what} golden file {golden.relative_to(TESTS)}; written to {new.name} for review")


# -- Hypothesis strategies --------------------------------------------------------------------------
_kinds = st.sampled_from([EntryKind.SALE, EntryKind.SALE_RETURN, EntryKind.EXPENSE, EntryKind.PURCHASE])
_AMOUNTS = st.integers(1, 12_000_000)


def entry_strategy(amounts: st.SearchStrategy[int] = _AMOUNTS) -> st.SearchStrategy[Entry]:
    """Journal entries from 01/11/2025 to 31/03/2026 (both regimes) on lines shop, cafe and none,
    with documents, payment means, VAT-cut flags and platform withholding drawn too."""
    return st.builds(
        lambda kind, day, amount, line, doc, payment, vat_cut, withheld, wv: Entry(
            date=day, kind=kind, amount=amount, line=line, doc=doc, payment=payment, vat_cut=vat_cut,
            withheld=withheld, withheld_vat=wv, withheld_pit=wv // 2,
            category=CostCategory.RENT if kind is EntryKind.EXPENSE else None),
        _kinds, st.dates(date(2025, 11, 1), date(2026, 3, 31)), amounts,
        st.sampled_from(["shop", "cafe", ""]), st.sampled_from(["", "HD1", "HD2"]),
        st.sampled_from(["cash", "bank", "credit"]), st.sampled_from([None, True, False]), st.booleans(),
        st.integers(0, 50_000))

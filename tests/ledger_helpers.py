"""Shared fixtures of the journal-store, importer and ledger-CLI tests."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hhtax.journal.store import SqliteLedger
from hhtax.service.ledgers import create_ledger
from hhtax.model import Household

SEED_CSV = (
    "date,kind,amount,line,doc,description,payment,category\n"
    "2026-01-05,sale,1500000,shop,HD1,Bán hàng,cash,\n"
    "2026-01-06,sale,800000,cafe,HD2,Bán cà phê,bank,\n"
    "2026-01-07,expense,300000,,,Tiền điện tháng 1,cash,electricity\n"
)


def household(**changes: object) -> Household:
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

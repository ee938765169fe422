"""The record of a filed declaration, kept in the ledger so that the period is locked.

A filed period may not change silently: Law 38/2019 Art 47 and Law 108/2025 Art 12 correct a
filed return only by a supplementary declaration (kind "B"), so once `declare` records an
original ("C") return, entries dated inside its period need `--amend`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FilingRecord:
    """One filed declaration: period ("2026-Q1"), form ("01/CNKD"), kind "C" (original) or "B"
    (supplementary), its sequence number, the sha256 of the XML filed, the declared figures as
    JSON (the base of a later supplementary return), when it was filed (ISO 8601) and the head of
    the ledger's chain the return was computed from."""

    period: str
    form: str
    kind: str
    seq: int
    xml_sha256: str
    payload: str
    filed_at: str
    chain_head: str = ""  # the ledger's head the return was prepared at (hhtax.journal.chainlog)

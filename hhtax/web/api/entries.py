"""The journal over HTTP: list (keyset paging), append a batch, reverse an entry, import a file."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from hhtax.errors import InputError
from hhtax.i18n import msg, register
from hhtax.web.api.common import LedgerTarget, Target, parse_period
from hhtax.web.api.models import (
    AppendRequest,
    EntriesPage,
    ImportOutcomeOut,
    ImportResultOut,
    Reversed,
)

register({
    "web.upload_kind": ("chỉ nhận tệp .csv, .jsonl, .ndjson, .xml hoặc .zip (tệp gửi lên: {name})",
                        "only .csv, .jsonl, .ndjson, .xml or .zip files are taken (sent: {name})"),
    "web.profile": ("không có mẫu nhập {name}; các mẫu có sẵn: {known}",
                    "no import profile {name}; the shipped ones: {known}"),
    "web.period_and_dates": ("cho kỳ (period) hoặc ngày đầu/cuối (start/end), không cả hai",
                             "give a period or start/end dates, not both"),
})

router = APIRouter(tags=["journal"])
UPLOAD_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".xml", ".zip")
CHUNK = 1024 * 1024


@router.get("/entries", response_model=EntriesPage, summary="List the journal (paged)")
def list_entries(
        target: LedgerTarget,
        period_: Annotated[str | None, Query(alias="period", description="Only this period (2026-Q1, "
                                                                           "2026-03, 2026).")] = None,
        start: Annotated[date | None, Query(description="Only entries on or after this date.")] = None,
        end: Annotated[date | None, Query(description="Only entries on or before this date.")] = None,
        kind: Annotated[list[str] | None, Query(description="Only these kinds (repeatable): sale, "
                                                            "expense, purchase, …")] = None,
        line: Annotated[list[str] | None, Query(description="Only these business lines.")] = None,
        after: Annotated[int | None, Query(description="The `next_after` of the previous page.")] = None,
        limit: Annotated[int, Query(ge=1, le=1000, description="Entries per page.")] = 100,
) -> EntriesPage:
    """Entries in journal order (date, then id), one page at a time: pass the `next_after` of a
    page as `after` to get the next one, until it is null (keyset paging: page 10,000 costs what
    page 1 costs). With `kind` or `line`, each call looks at a bounded stretch of the journal, so a
    page may hold fewer than `limit` entries (even none) while `next_after` says there is more."""
    if period_ is not None:
        if start is not None or end is not None:
            raise InputError(msg("web.period_and_dates"), field="period")
        chosen = parse_period(period_)
        start, end = chosen.start, chosen.end
    with target.open() as ledger:
        page, going_on = ledger.entries_page(after=after, limit=limit, start=start, end=end, kinds=kind or (),
                                             lines=line or ())
    return EntriesPage(entries=page, next_after=going_on)


@router.post("/entries", response_model=ImportResultOut, status_code=201,
             summary="Append entries (idempotent)",
             responses={200: {"model": ImportResultOut,
                              "description": "Nothing new: every entry was already in the ledger."}})
def append_entries(target: LedgerTarget, body: AppendRequest, response: Response) -> ImportResultOut:
    """Validate and append a batch of entries in one transaction: all are written or none (a bad
    entry is a 422 problem whose `line` is its position in `entries`, from 1, and `field` the field
    at fault). Idempotent: an entry whose `source` (your event id) or document is already in the
    ledger with the same content is counted as `present`, not added again, so a request that timed
    out can simply be sent again. 503 `ledger-busy` (with `Retry-After`): nothing was written; retry."""
    with target.open(write=True) as ledger:
        result = ledger.append(body.entries, amend=body.amend, corrections=body.corrections)
    response.status_code = 201 if result.added or result.reversals else 200
    return ImportResultOut(added=result.added, present=result.present, corrected=result.corrected,
                           reversals=result.reversals)


@router.post("/entries/{entry_id}/reverse", response_model=Reversed, status_code=201,
             summary="Reverse an entry")
def reverse_entry(target: LedgerTarget, entry_id: int,
                  amend: Annotated[bool, Query(description="Allow a reversal in a filed period.")] = False,
                  ) -> Reversed:
    """Append the reversal of entry `entry_id` (the journal is append-only: nothing is deleted)."""
    with target.open(write=True) as ledger:
        new = ledger.reverse(entry_id, amend=amend)
    return Reversed(id=new, reverses=entry_id)


@router.post("/imports", response_model=ImportOutcomeOut, status_code=201, summary="Import a file")
async def import_upload(
        target: LedgerTarget,
        file: Annotated[UploadFile, File(description="A journal CSV, a vendor export (with `profile`), JSON "
                                                     "Lines (.jsonl), an e-invoice .xml or a .zip of them.")],
        profile: Annotated[str | None, Form(description="A shipped import profile: pos-generic, …")] = None,
        line: Annotated[str | None, Form(description="Business line of rows that name none.")] = None,
        amend: Annotated[bool, Form()] = False,
        corrections: Annotated[bool, Form()] = False,
        mine: Annotated[bool, Form(description="Book e-invoices with an empty or other buyer tax code as "
                                               "this household's.")] = False,
) -> ImportOutcomeOut:
    """Import an uploaded file, all or nothing (as `hhtax import`): a bad row is a 422 problem naming
    the file, line, field and value; e-invoices not imported are listed in `skipped` with the reason."""
    name = file.filename or "upload"
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(msg("web.upload_kind", name=name), file=name, field="file")
    _check_profile(profile)
    with tempfile.TemporaryDirectory(prefix="hhtax-upload-") as folder:  # mode 0700, removed after
        path = Path(folder) / f"upload{suffix}"
        with open(path, "xb") as out:
            while chunk := await file.read(CHUNK):
                out.write(chunk)
        return await run_in_threadpool(_import, target, path, name, profile, line, amend, corrections, mine)


def _check_profile(profile: str | None) -> None:
    """Only a shipped profile, by name: a path from a request never reaches the file system."""
    if profile is None:
        return
    from hhtax.importers.profiles import shipped_profiles

    known = shipped_profiles()
    if not re.fullmatch(r"[A-Za-z0-9_-]+", profile) or profile not in known:
        raise InputError(msg("web.profile", name=profile, known=", ".join(known)), field="profile")


def _import(target: Target, path: Path, name: str, profile: str | None, line: str | None, amend: bool,
            corrections: bool, mine: bool) -> ImportOutcomeOut:
    try:
        with target.open(write=True) as ledger:
            outcome = ledger.import_file(path, profile, line=line, amend=amend, corrections=corrections,
                                         mine=mine)
    except InputError as exc:  # name the file as the user sent it, not the private temporary copy
        raise InputError(exc.msg, file=_shown(exc.file, path, name), line=exc.line, field=exc.field) from None
    return ImportOutcomeOut(file=name, added=outcome.added, present=outcome.present,
                            corrected=outcome.corrected, reversals=outcome.reversals,
                            skipped=[_shown(text, path, name) or "" for text in outcome.skipped])


def _shown(text: str | None, path: Path, name: str) -> str | None:
    if text is None:
        return None
    return text.replace(str(path), name).replace(str(path.parent) + os.sep, "")

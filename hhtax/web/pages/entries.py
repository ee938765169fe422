"""Record an entry, upload a file, read the journal, reverse an entry.

Forms are read on the event loop and the ledger is used in a worker thread (SQLite connections
belong to the thread that opened them); every POST checks the CSRF field first. A form with a bad
field is shown again with the input kept and the message beside the field (422); a good one
redirects (303) to a page saying what was recorded.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from hhtax.api import Ledger
from hhtax.errors import HhtaxError, InputError, LedgerBusy
from hhtax.i18n import t
from hhtax.importers.profiles import shipped_profiles
from hhtax.model import Entry
from hhtax.web import deps
from hhtax.web.pages import common
from hhtax.web.pages.view_entries import (
    UploadOutcome,
    blank_form,
    choices,
    cursor,
    journal_filter,
    journal_page,
    record,
    safe_suffix,
    upload,
)
from hhtax.web.problems import not_found, request_lang

router = APIRouter()
CHUNK = 1024 * 1024


# -- record -----------------------------------------------------------------------------------------


def _record_page(
    request: Request,
    values: dict[str, str],
    *,
    errors: dict[str, str] | None = None,
    general: str = "",
    saved: str = "",
    amend: bool = False,
    status: int = 200,
) -> Response:
    lang = request_lang(request)
    with common.ledger_of(request) as ledger:
        shown = values or blank_form(ledger, common.today())
        options = choices(ledger, lang)
        writable, name = ledger.writable, ledger.name
    return common.render(
        request,
        "record.html",
        active="record",
        title=t("page.record.title", lang),
        status=status,
        values=shown,
        errors=errors or {},
        general=general,
        saved=saved,
        options=options,
        writable=writable,
        ledger_name=name,
        amend=amend,
    )


@common.page(router, "/record")
def record_form(request: Request) -> Response:
    saved = request.query_params.get("saved", "")
    return _record_page(request, {}, saved=saved if saved.isdigit() else "")


@common.page(router, "/record", methods=("POST",))
async def record_post(request: Request) -> Response:
    form = await request.form()
    deps.check_csrf(request, _text(form.get("csrf")))
    values = {key: _text(value) for key, value in form.items() if key != "csrf"}
    amend = values.pop("amend", "") == "1"
    return await run_in_threadpool(_do_record, request, values, amend)


def _do_record(request: Request, values: dict[str, str], amend: bool) -> Response:
    lang = request_lang(request)
    with common.ledger_of(request, write=True) as ledger:
        outcome = record(ledger, values, lang, amend=amend)
    if outcome.ok:
        return common.redirect(common.url(request, "/record", saved=outcome.entry_id))
    return _record_page(
        request, outcome.values, errors=outcome.errors, general=outcome.general, amend=amend, status=422
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


# -- upload -----------------------------------------------------------------------------------------


def _upload_page(
    request: Request, *, outcome: UploadOutcome | None = None, error: str = "", status: int = 200
) -> Response:
    lang = request_lang(request)
    with common.ledger_of(request) as ledger:
        lines = choices(ledger, lang)["line"]
        writable, name = ledger.writable, ledger.name
    return common.render(
        request,
        "upload.html",
        active="upload",
        title=t("page.upload.title", lang),
        status=status,
        outcome=outcome,
        error=error,
        lines=lines,
        profiles=shipped_profiles(),
        writable=writable,
        ledger_name=name,
    )


@common.page(router, "/upload")
def upload_form(request: Request) -> Response:
    return _upload_page(request)


@common.page(router, "/upload", methods=("POST",))
async def upload_post(request: Request) -> Response:
    lang = request_lang(request)
    form = await request.form()
    deps.check_csrf(request, _text(form.get("csrf")))
    sent = form.get("file")
    if not isinstance(sent, UploadFile) or not sent.filename:
        return await run_in_threadpool(
            _upload_page, request, error=t("page.upload.no_file", lang), status=422
        )
    suffix = safe_suffix(sent.filename)
    if suffix is None:
        return await run_in_threadpool(
            _upload_page, request, error=t("page.upload.bad_type", lang), status=422
        )
    profile = _text(form.get("profile"))
    options = {
        "profile": profile if profile in shipped_profiles() else None,
        "line": _text(form.get("line")),
        "mine": form.get("mine") == "1",
        "corrections": form.get("corrections") == "1",
    }
    private = Path(tempfile.mkdtemp(prefix="hhtax-upload-"))  # mode 0700: this user only
    try:
        path = private / ("upload" + suffix)
        with path.open("wb") as handle:
            while chunk := await sent.read(CHUNK):
                handle.write(chunk)
        return await run_in_threadpool(_do_upload, request, path, Path(sent.filename).name, options)
    finally:
        shutil.rmtree(private, ignore_errors=True)


def _do_upload(request: Request, path: Path, shown: str, options: dict[str, Any]) -> Response:
    lang = request_lang(request)
    with common.ledger_of(request, write=True) as ledger:
        outcome = upload(ledger, path, shown, lang, **options)
    return _upload_page(request, outcome=outcome, status=200 if outcome.ok else 422)


# -- journal ----------------------------------------------------------------------------------------


@common.page(router, "/journal")
def journal(request: Request) -> Response:
    lang = request_lang(request)
    query = request.query_params
    chosen = journal_filter(query.get("period", ""), query.get("kind", ""), query.get("line", ""), lang)
    before, after = cursor(query.get("before")), cursor(query.get("after"))
    done = query.get("reversed", "")
    with common.ledger_of(request) as ledger:
        entries = journal_page(ledger, chosen, before=before, after=after)
        options = choices(ledger, lang)
        writable = ledger.writable
    return common.render(
        request,
        "journal.html",
        active="journal",
        title=t("page.journal.title", lang),
        status=200 if not chosen.error else 422,
        chosen=chosen,
        page=entries,
        options=options,
        writable=writable,
        kinds=dict(options["kind"]),
        lines=dict(options["line"]),
        reversed=done if done.isdigit() else "",
        original=query.get("of", "") if query.get("of", "").isdigit() else "",
    )


@common.page(router, "/journal/{entry_id}/reverse")
def reverse_form(request: Request, entry_id: int) -> Response:
    return _reverse_page(request, entry_id)


def _reverse_page(request: Request, entry_id: int, *, error: str = "", status: int = 200) -> Response:
    lang = request_lang(request)
    with common.ledger_of(request) as ledger:
        entry = _entry(ledger, entry_id)
        options = choices(ledger, lang)
        writable = ledger.writable
    return common.render(
        request,
        "reverse.html",
        active="journal",
        title=t("page.reverse.title", lang, id=entry_id),
        status=status,
        entry=entry,
        error=error,
        kinds=dict(options["kind"]),
        lines=dict(options["line"]),
        writable=writable,
    )


def _entry(ledger: Ledger, entry_id: int) -> Entry:
    """Entry `entry_id` of a SQLite ledger (404 when there is none; a plain-text ledger reverses nothing)."""
    get = getattr(ledger.store, "get", None)
    try:
        found = get(entry_id) if get is not None and 0 < entry_id < 2**63 else None
    except InputError:
        found = None
    if not isinstance(found, Entry):
        raise not_found(f"#{entry_id}")
    return found


@common.page(router, "/journal/{entry_id}/reverse", methods=("POST",))
async def reverse_post(request: Request, entry_id: int) -> Response:
    form = await request.form()
    deps.check_csrf(request, _text(form.get("csrf")))
    confirmed = form.get("confirm") == "1"
    amend = form.get("amend") == "1"
    return await run_in_threadpool(_do_reverse, request, entry_id, confirmed, amend)


def _do_reverse(request: Request, entry_id: int, confirmed: bool, amend: bool) -> Response:
    lang = request_lang(request)
    if not confirmed:
        return _reverse_page(request, entry_id, error=t("page.reverse.need_confirm", lang), status=422)
    try:
        with common.ledger_of(request, write=True) as ledger:
            new_id = ledger.reverse(entry_id, amend=amend)
    except LedgerBusy:
        raise
    except HhtaxError as exc:
        return _reverse_page(request, entry_id, error=exc.render(lang), status=409)
    return common.redirect(common.url(request, "/journal", reversed=new_id, of=entry_id))

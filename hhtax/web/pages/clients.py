"""The accountant's view (`hhtax serve --clients DIR`): every client's state for a period, and the
batch run (`hhtax batch` over the folder) with a progress page that reloads itself (no JavaScript)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from hhtax.errors import InputError
from hhtax.i18n import t
from hhtax.periods import Period, PeriodKind, last_ended
from hhtax.web import deps
from hhtax.web.pages import common
from hhtax.web.pages.view_clients import BatchJob, client_status, counts, start_batch
from hhtax.web.problems import not_found, request_lang

router = APIRouter()


def _period(text: str, today: date, lang: str) -> tuple[Period, str]:
    if not text.strip():
        return last_ended(PeriodKind.QUARTER, today), ""
    try:
        return Period.parse(text), ""
    except InputError as exc:
        return last_ended(PeriodKind.QUARTER, today), t(
            "page.journal.bad_period", lang, detail=exc.msg.render(lang)
        )


def _jobs(request: Request) -> dict[str, BatchJob]:
    state = request.app.state
    if not hasattr(state, "hhtax_batch_jobs"):
        state.hhtax_batch_jobs = {}
    jobs: dict[str, BatchJob] = state.hhtax_batch_jobs
    return jobs


def clients_page(request: Request, *, error: str = "", status: int = 200) -> Response:
    """`/` in clients mode: the clients with their state for `?period=` (default: the last quarter)."""
    config = deps.get_config(request)
    lang = request_lang(request)
    today = common.today()
    period, bad = _period(request.query_params.get("period", ""), today, lang)
    refs = deps.list_clients(config)
    statuses = [client_status(ref.name, ref.path, period, today, lang, config.rules_file) for ref in refs]
    running = next((job for job in _jobs(request).values() if not job.finished), None)
    assert config.clients is not None
    return common.render(
        request,
        "clients.html",
        active="clients",
        title=t("page.clients.title", lang),
        status=422 if bad else status,
        period=str(period),
        period_error=bad,
        error=error,
        statuses=statuses,
        counts=counts(statuses),
        running=running,
        out=str(config.clients / ".hhtax-serve-batch" / str(period)),
    )


@common.page(router, "/batch", methods=("POST",), both=False)
async def batch_post(request: Request) -> Response:
    form = await request.form()
    csrf = form.get("csrf")
    deps.check_csrf(request, csrf if isinstance(csrf, str) else None)
    period_text = form.get("period")
    books = form.get("books") == "1"
    return await run_in_threadpool(
        _start, request, period_text if isinstance(period_text, str) else "", books
    )


def _start(request: Request, period_text: str, books: bool) -> Response:
    config = deps.get_config(request)
    if config.clients is None:
        raise not_found("/batch")
    lang = request_lang(request)
    period, bad = _period(period_text, common.today(), lang)
    if bad:
        return clients_page(request, error=bad, status=422)
    clients = [(ref.name, ref.path) for ref in deps.list_clients(config)]
    job = start_batch(
        _jobs(request),
        config.clients,
        clients,
        period,
        common.today(),
        books=books,
        rules_file=config.rules_file,
    )
    if job is None:
        running = next(job for job in _jobs(request).values() if not job.finished)
        return common.redirect(f"/batch/{running.id}")
    return common.redirect(f"/batch/{job.id}")


@common.page(router, "/batch/{job_id}", both=False)
def batch_page(request: Request, job_id: str) -> Response:
    if deps.get_config(request).clients is None:
        raise not_found("/batch")
    job = _jobs(request).get(job_id)
    if job is None:
        raise not_found(f"/batch/{job_id}")
    lang = request_lang(request)
    with job.lock:
        rows: list[dict[str, Any]] = [
            {"name": name, "state": job.state_of(name), "result": job.results.get(name)}
            for name in job.clients
        ]
        tally = job.counts
        done = job.done
    return common.render(
        request,
        "batch.html",
        active="clients",
        title=t("page.clients.batch", lang),
        job=job,
        rows=rows,
        tally=tally,
        done=done,
        total=len(job.clients),
        failure=job.failure.render(lang) if job.failure else "",
    )

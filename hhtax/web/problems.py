"""Errors as RFC 9457 problem details (`application/problem+json`) for the API, plain pages elsewhere.

Every error the web layer shows is one of these: the library's typed errors (`hhtax.errors`) mapped
to a status, and the web layer's own (`WebError`: no token, bad CSRF field, body too large, unknown
client). A problem carries `type`, `title`, `status`, `detail` (in the request's language: `?lang=`,
else the `hhtax_lang` cookie, else `Accept-Language`, else Vietnamese), the message id and its
parameters (so a program can react without parsing text), and for an input error the `file`,
`line`, `field` and `value` at fault. A request outside `/api/` gets an HTML page instead
(`hhtax.web.pages.error_page` when the pages define one).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from hhtax.errors import (
    DeclarationError,
    HhtaxError,
    InputError,
    LedgerBusy,
    LedgerError,
    PeriodLocked,
    RuleError,
)
from hhtax.i18n import Message, msg, register, render, t

register({
    "web.title.unauthorized": ("Chưa đăng nhập", "Not signed in"),
    "web.title.forbidden": ("Bị từ chối", "Forbidden"),
    "web.title.too_large": ("Dữ liệu gửi lên quá lớn", "Request too large"),
    "web.title.not_found": ("Không tìm thấy", "Not found"),
    "web.title.input": ("Dữ liệu không hợp lệ", "Invalid input"),
    "web.title.declaration": ("Không lập được tờ khai", "The return cannot be prepared"),
    "web.title.period_locked": ("Kỳ đã nộp tờ khai", "Period already filed"),
    "web.title.ledger_busy": ("Sổ đang bận", "Ledger busy"),
    "web.title.ledger": ("Không dùng được sổ", "The ledger cannot be used"),
    "web.title.rules": ("Không áp dụng được quy định", "No rule applies"),
    "web.title.bad_request": ("Yêu cầu không hợp lệ", "Bad request"),
    "web.title.method": ("Phương thức không được phép", "Method not allowed"),
    "web.title.server": ("Lỗi máy chủ", "Server error"),
    "web.no_token": ("cần mã truy cập: gửi tiêu đề `Authorization: Bearer <mã>` (mã nằm trong tệp "
                     ".token cạnh sổ)",
                     "an access token is needed: send `Authorization: Bearer <token>` (the token is in "
                     "the .token file beside the ledger)"),
    "web.bad_token": ("mã truy cập không đúng", "wrong access token"),
    "web.no_session": ("hãy mở đường dẫn đăng nhập mà lệnh `hhtax serve` đã in ra",
                       "open the sign-in link printed by `hhtax serve`"),
    "web.csrf": ("biểu mẫu đã cũ hoặc không đến từ trang này: tải lại trang rồi gửi lại",
                 "the form is stale or did not come from this site: reload the page and send it again"),
    "web.too_large": ("nội dung gửi lên vượt quá {limit} byte", "the request body is over {limit} bytes"),
    "web.not_found": ("không có {what}", "there is no {what}"),
    "web.no_client": ("không có khách hàng {name} trong thư mục", "no client {name} in the folder"),
    "web.bad_request": ("{detail}", "{detail}"),
    "web.method": ("phương thức {method} không dùng được ở đây", "method {method} is not allowed here"),
    "web.server": ("lỗi không mong đợi; xem nhật ký của máy chủ", "unexpected error; see the server log"),
    "web.busy_retry": ("sổ đang bận (một yêu cầu khác đang ghi): thử lại sau {seconds} giây",
                       "the ledger is busy (another request is writing): retry in {seconds} s"),
    "web.validation": ("{location}: {detail}", "{location}: {detail}"),
})

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "urn:hhtax:problem:"
RETRY_AFTER_S = 1
LANG_COOKIE = "hhtax_lang"

_log = logging.getLogger("hhtax.web")


class WebError(Exception):
    """An error of the web layer itself: `status`, a problem `kind` (the last part of its `type`),
    the message, extra members for the problem body and response headers."""

    def __init__(self, status: int, kind: str, message: Message, *,
                 headers: Mapping[str, str] | None = None, extra: Mapping[str, Any] | None = None) -> None:
        self.status = status
        self.kind = kind
        self.message = message
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})
        super().__init__(str(message))


def not_found(what: str) -> WebError:
    return WebError(404, "not-found", msg("web.not_found", what=what))


def request_lang(request: Request) -> str:
    """The language of the answer: `?lang=vi|en`, the `hhtax_lang` cookie, `Accept-Language`, else vi."""
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if chosen in ("vi", "en"):
        return chosen
    return accept_language(request.headers.get("accept-language", ""))


def accept_language(header: str) -> str:
    """vi or en, whichever `header` (an Accept-Language value) prefers; vi when it names neither."""
    best, best_q = "vi", Decimal(0)
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        q = _quality(params.strip())
        lang = tag.strip().lower()[:2]
        if lang in ("vi", "en") and q > best_q:  # strictly greater: the first of equal weights wins
            best, best_q = lang, q
    return best


def _quality(params: str) -> Decimal:
    """The q weight of an Accept-Language part (RFC 9110 §12.4.2): 1 when absent, 0 when unreadable."""
    if not params.startswith("q="):
        return Decimal(1)
    try:
        q = Decimal(params[2:])
    except InvalidOperation:
        return Decimal(0)
    return q if q.is_finite() else Decimal(0)


def _kind_and_status(exc: HhtaxError) -> tuple[str, int]:
    if isinstance(exc, InputError):
        return "input", 422
    if isinstance(exc, DeclarationError):
        return "declaration", 422
    if isinstance(exc, PeriodLocked):
        return "period-locked", 409
    if isinstance(exc, LedgerBusy):
        return "ledger-busy", 503
    if isinstance(exc, LedgerError):
        return "ledger", 409
    if isinstance(exc, RuleError):
        return "rules", 422
    return "bad-request", 400


def _params(params: Mapping[str, object], lang: str) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, Message):
            shown[name] = value.render(lang)
        elif isinstance(value, str | int | float | bool) or value is None:
            shown[name] = value
        else:
            shown[name] = str(value)
    return shown


def library_problem(exc: HhtaxError, lang: str) -> tuple[int, dict[str, Any], dict[str, str]]:
    """(status, problem body, headers) of a library error."""
    kind, status = _kind_and_status(exc)
    body = _body(kind, status, exc.render(lang), exc.msg, lang)
    headers: dict[str, str] = {}
    if isinstance(exc, InputError):
        body.update(file=exc.file, line=exc.line, field=exc.field, value=_value(exc.msg))
    if isinstance(exc, DeclarationError):
        body["problems"] = [{"element": p.element, "message": render(p.message, lang)} for p in exc.problems]
        if exc.file:
            body["file"] = exc.file
    if isinstance(exc, LedgerBusy):
        headers["Retry-After"] = str(RETRY_AFTER_S)
        body["detail"] = t("web.busy_retry", lang, seconds=RETRY_AFTER_S)
    return status, body, headers


def _value(message: Message) -> str | None:
    """The offending value an input error quotes, when its message names one."""
    for name in ("value", "raw", "text"):
        value = message.params.get(name)
        if isinstance(value, str | int):
            text = str(value)  # messages quote the value as Python does ('12x'): the value alone here
            return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text
    return None


def _body(kind: str, status: int, detail: str, message: Message, lang: str) -> dict[str, Any]:
    title_key = "web.title." + kind.replace("-", "_")
    title = t(title_key, lang) if title_key in _titles() else t("web.title.bad_request", lang)
    return {"type": TYPE_BASE + kind, "title": title, "status": status, "detail": detail,
            "message_id": message.key, "params": _params(message.params, lang)}


def _titles() -> set[str]:
    from hhtax.i18n import catalogue

    return {key for key in catalogue() if key.startswith("web.title.")}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def respond(request: Request, status: int, body: dict[str, Any], headers: Mapping[str, str]) -> Response:
    """The problem as JSON for the API, as a page for a browser."""
    if is_api(request):
        return JSONResponse(body, status_code=status, headers=dict(headers), media_type=PROBLEM_JSON)
    return error_page(request, status, str(body["title"]), str(body["detail"]), headers)


def error_page(request: Request, status: int, title: str, detail: str,
               headers: Mapping[str, str] | None = None) -> Response:
    """The HTML page of an error: the pages' own (`hhtax.web.pages.error_page`) when defined."""
    from hhtax.web import pages

    custom = getattr(pages, "error_page", None)
    if custom is not None:
        page: Response = custom(request, status, title, detail)
        page.headers.update(dict(headers or {}))
        return page
    lang = request_lang(request)
    text = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}'
            f'</title></head><body><h1>{html.escape(title)}</h1><p>{html.escape(detail)}</p></body></html>')
    return HTMLResponse(text, status_code=status, headers=dict(headers or {}))


async def _on_web_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebError)
    lang = request_lang(request)
    body = _body(exc.kind, exc.status, exc.message.render(lang), exc.message, lang)
    body.update(exc.extra)
    return respond(request, exc.status, body, exc.headers)


async def _on_library_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HhtaxError)
    status, body, headers = library_problem(exc, request_lang(request))
    return respond(request, status, body, headers)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    lang = request_lang(request)
    if exc.status_code == 404:
        message, kind = msg("web.not_found", what=request.url.path), "not-found"
    elif exc.status_code == 405:
        message, kind = msg("web.method", method=request.method), "method"
    else:
        message, kind = msg("web.bad_request", detail=str(exc.detail)), "bad-request"
    body = _body(kind, exc.status_code, message.render(lang), message, lang)
    return respond(request, exc.status_code, body, exc.headers or {})


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    lang = request_lang(request)
    errors = [{"location": ".".join(str(part) for part in error.get("loc", ())),
               "detail": str(error.get("msg", "")), "type": str(error.get("type", ""))}
              for error in exc.errors()]
    first = errors[0] if errors else {"location": "", "detail": ""}
    message = msg("web.validation", location=first["location"], detail=first["detail"])
    body = _body("input", 422, message.render(lang), message, lang)
    body.update(field=first["location"].split(".")[-1] or None, errors=errors)
    return respond(request, 422, body, {})


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    _log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    lang = request_lang(request)
    message = msg("web.server")
    return respond(request, 500, _body("server", 500, message.render(lang), message, lang), {})


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem (or an error page)."""
    app.add_exception_handler(WebError, _on_web_error)
    app.add_exception_handler(HhtaxError, _on_library_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unexpected)

"""ASGI middleware of `hhtax serve`: the request-size limit (413), the `Host` check and the
security headers of every response."""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hhtax.i18n import msg
from hhtax.web.problems import PROBLEM_JSON, _body, request_lang

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class BodyLimit:
    """Refuse a request body over `max_body` (multipart uploads) or `max_json` (anything else) with
    a 413 problem: at once when `Content-Length` says so, else as soon as the bytes received pass
    the limit (a chunked body), before the application has acted on it."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_json: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_json = max_json

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        upload = headers.get("content-type", "").lower().startswith("multipart/")
        limit = self.max_body if upload else self.max_json
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _refuse(scope, receive, send, limit)
            return
        received = 0
        refused = started = False

        async def counted() -> Message:
            nonlocal received, refused, started
            message = await receive()
            if message["type"] == "http.request" and not refused:
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True  # answer now; whatever the application does next is dropped
                    if not started:
                        await _refuse(scope, receive, send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            if not refused:
                await send(message)

        try:
            await self.app(scope, counted, watched)
        except Exception:
            if not refused:
                raise


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    lang = request_lang(Request(scope, receive))
    message = msg("web.too_large", limit=limit)
    body = json.dumps(_body("too-large", 413, message.render(lang), message, lang),
                      ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", PROBLEM_JSON.encode()),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add the security headers to every response, and (when `allowed_hosts` is set) refuse a
    request whose `Host` is not one of them: a page on another site that rebinds its DNS name to
    127.0.0.1 then cannot talk to the server."""

    def __init__(self, app: ASGIApp, *, allowed_hosts: Iterable[str] = ()) -> None:
        self.app = app
        self.allowed = {host.lower() for host in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed and _host(Headers(scope=scope).get("host", "")) not in self.allowed:
            body = b"Invalid Host header"
            await send({"type": "http.response.start", "status": 400,
                        "headers": [(b"content-type", b"text/plain"), *SECURITY_HEADERS]})
            await send({"type": "http.response.body", "body": body})
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def _host(value: str) -> str:
    """The host part of a Host header (`[::1]:8000` → `[::1]`, `localhost:80` → `localhost`)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value.split("]", 1)[0] + "]"
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value

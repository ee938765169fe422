"""`hhtax serve`: the ledger (or an accountant's folder of ledgers) as a local web app and JSON API.

FastAPI and uvicorn (the optional extra `serve`) are imported only when the command runs, so
`hhtax --help` and every other command work without them.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
from pathlib import Path

import click

from hhtax.cli.context import get_context
from hhtax.i18n import register
from hhtax.web.config import LOOPBACK_HOSTS, ServeConfig, is_loopback
from hhtax.web.token import load_or_create, token_path

register({
    "serve.no_extra": ("`hhtax serve` cần gói tùy chọn: pip install 'hhtax[serve]' (thiếu {module})",
                       "`hhtax serve` needs the optional extra: pip install 'hhtax[serve]' "
                       "({module} is missing)"),
    "serve.address": ("hhtax serve: {url} (sổ {what})", "hhtax serve: {url} (ledger {what})"),
    "serve.address_clients": ("hhtax serve: {url} (thư mục khách hàng {what})",
                              "hhtax serve: {url} (clients folder {what})"),
    "serve.login": ("Đăng nhập (mở trong trình duyệt): {url}", "Sign in (open in a browser): {url}"),
    "serve.api": ("API: {url} — mã truy cập trong {token} (Authorization: Bearer …)",
                  "API: {url} — access token in {token} (Authorization: Bearer …)"),
    "serve.stop": ("Nhấn Ctrl+C để dừng.", "Press Ctrl+C to stop."),
    "serve.exposed": ("Cảnh báo: đang mở trên {host}, không chỉ máy này: ai trong mạng có mã truy cập đều "
                      "xem và ghi được sổ, và kết nối không mã hóa (http). Chỉ dùng trong mạng tin cậy.",
                      "Warning: listening on {host}, not this machine only: anyone on the network with the "
                      "token can read and write the ledger, and the connection is not encrypted (http). Use "
                      "on a trusted network only."),
})


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the ledger to the network (warned).")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port to listen on; 0 picks a free one (the address is printed). A POS needs a fixed one.")
@click.option("--clients", "clients", type=click.Path(path_type=Path, file_okay=False, exists=True),
              default=None, help="An accountant's folder of ledgers (*.sqlite, plain-text ledger "
                                 "directories) instead of --ledger.")
def serve_cmd(host: str, port: int, clients: Path | None) -> None:
    """Serve the ledger (or a folder of clients' ledgers) as a local web app and JSON API; prints the address
    and the sign-in link.

    The access token is kept beside the ledger in `<ledger>.token` (clients: `DIR/.hhtax-serve.token`),
    mode 0600, made on the first start and reused. Stop with Ctrl+C."""
    ctx = get_context()
    try:
        import uvicorn

        from hhtax.web.app import create_app
    except ImportError as exc:  # the optional extra is not installed
        click.echo(ctx.msg("serve.no_extra", module=exc.name or "fastapi"), err=True)
        raise click.exceptions.Exit(1) from None
    ledger = None if clients is not None else ctx.ledger_path
    if ledger is not None:
        from hhtax.api import Ledger

        Ledger.open(ledger, rules_file=ctx.rules_file).close()  # a missing or damaged ledger stops here
    token = load_or_create(token_path(ledger, clients))
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    allowed = (*LOOPBACK_HOSTS, host.lower()) if is_loopback(host) else ()
    config = ServeConfig(token=token, ledger=ledger, clients=clients, rules_file=ctx.rules_file,
                         host=host, port=bound, allowed_hosts=allowed)
    server = uvicorn.Server(uvicorn.Config(create_app(config), log_level="warning", access_log=False,
                                           server_header=False, timeout_graceful_shutdown=5))
    # uvicorn stops cleanly on Ctrl+C or SIGTERM, then passes the signal on: both end here, exit 0
    # (the handler is set before the address is printed: a signal right after it is handled too)
    previous = signal.signal(signal.SIGTERM, _interrupted)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            _announce(config, token_path(ledger, clients))
            server.run(sockets=[sock])
    finally:
        signal.signal(signal.SIGTERM, previous)
        sock.close()


def _interrupted(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: a free one), so the address is known before serving."""
    bare = host.strip("[]")
    family = socket.AF_INET6 if ":" in bare else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((bare, port))
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"{host}:{port}: {exc.strerror}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _announce(config: ServeConfig, token_file: Path) -> None:
    ctx = get_context()
    shown = f"[{config.host.strip('[]')}]" if ":" in config.host else config.host
    base = f"http://{shown}:{config.port}"
    if config.clients is not None:
        click.echo(ctx.msg("serve.address_clients", url=base + "/", what=str(config.clients)))
    else:
        click.echo(ctx.msg("serve.address", url=base + "/", what=str(config.ledger)))
    click.echo(ctx.msg("serve.login", url=f"{base}/login?token={config.token}"))
    click.echo(ctx.msg("serve.api", url=f"{base}/api/v1/openapi.json", token=str(token_file)))
    click.echo(ctx.msg("serve.stop"))
    if not is_loopback(config.host):
        click.echo(ctx.msg("serve.exposed", host=config.host), err=True)
    sys.stdout.flush()


commands = [serve_cmd]

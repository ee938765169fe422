"""The access token of `hhtax serve`: a file beside the ledger, made once, readable by its owner only.

Single household: `<ledger>.token` (e.g. `shop.sqlite.token`); accountant's folder:
`<DIR>/.hhtax-serve.token`. The file is created with `O_CREAT | O_EXCL` and mode 0600 (never
world-readable, even for a moment, and two servers starting at once agree on one token), and
reused at every later start, so a POS configured with it keeps working. Delete it to change the token.
"""

from __future__ import annotations

import os
import secrets
import stat
import time
from pathlib import Path

from hhtax.errors import LedgerError
from hhtax.i18n import msg, register

register({
    "serve.token_open": ("tệp mã truy cập {path} để người khác đọc được (quyền {mode}): chạy "
                         "`chmod 600 {path}` hoặc xóa tệp để tạo mã mới",
                         "the token file {path} is readable by others (mode {mode}): run "
                         "`chmod 600 {path}`, or delete it to make a new token"),
    "serve.token_bad": ("tệp mã truy cập {path} rỗng hoặc hỏng: xóa tệp để tạo mã mới",
                        "the token file {path} is empty or damaged: delete it to make a new token"),
})

CLIENTS_TOKEN = ".hhtax-serve.token"


def token_path(ledger: Path | None = None, clients: Path | None = None) -> Path:
    """Where the token of a ledger (`<ledger>.token`) or of a clients folder is kept."""
    if clients is not None:
        return clients / CLIENTS_TOKEN
    assert ledger is not None
    return ledger.with_name(ledger.name.rstrip("/") + ".token")


def load_or_create(path: Path) -> str:
    """The token kept in `path`, created (mode 0600) when the file does not exist yet."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        return _read(path)
    token = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(token + "\n")
    return token


def _read(path: Path) -> str:
    for _ in range(50):  # another server may have just created it and not yet written the token
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
            raise LedgerError(msg("serve.token_bad", path=str(path)))
        if info.st_mode & 0o077:
            raise LedgerError(msg("serve.token_open", path=str(path), mode=oct(info.st_mode & 0o777)))
        token = path.read_text(encoding="ascii", errors="replace").strip()
        if token:
            if len(token) < 16 or not token.isascii() or any(c.isspace() for c in token):
                raise LedgerError(msg("serve.token_bad", path=str(path)))
            return token
        time.sleep(0.02)
    raise LedgerError(msg("serve.token_bad", path=str(path)))

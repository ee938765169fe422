"""A real `hhtax serve` process, for the browser tests, the serve benchmark and the screenshots script
(benchmarks/bench_serve.py and tools/screenshots.py import this file).

`serve(ledger)` starts `python -m hhtax --ledger LEDGER serve --port 0` in its own process group, reads
the address and the sign-in link it prints, and on leaving stops it with SIGTERM and waits for it (a
process that outlives 10 s is killed, and that is reported as a failure: nothing is left behind).
"""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "ledgers" / "grocery-2026"
LOGIN = re.compile(r"(http://[^\s/]+)/login\?token=([A-Za-z0-9_\-]+)(?=\s)")


@dataclass(frozen=True)
class Server:
    """A running `hhtax serve`: its base URL (`http://127.0.0.1:PORT`), the sign-in link and the token."""

    base: str
    login: str
    token: str
    pid: int

    @property
    def auth(self) -> dict[str, str]:
        """The API's `Authorization` header."""
        return {"Authorization": f"Bearer {self.token}"}


def hhtax_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "hhtax", *args]


def environment() -> dict[str, str]:
    """The environment of the child: this checkout first on the import path, English messages."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def example_ledger(folder: Path, name: str = "shop.sqlite", source: Path = EXAMPLE) -> Path:
    """The example plain-text ledger turned into a SQLite ledger in `folder` (`hhtax init --from`)."""
    path = folder / name
    subprocess.run(hhtax_command("--ledger", str(path), "init", "--from", str(source)), check=True,
                   env=environment(), cwd=folder, capture_output=True, timeout=120)
    return path


@contextmanager
def serve(ledger: Path | None = None, *extra: str, clients: Path | None = None,
          timeout: float = 60.0) -> Iterator[Server]:
    """`hhtax --ledger LEDGER serve --port 0 EXTRA…` (or `serve --clients DIR`) running for the block;
    stopped cleanly after it."""
    if (ledger is None) == (clients is None):
        raise ValueError("serve() takes a ledger or a clients folder")
    where = ["--ledger", str(ledger)] if ledger is not None else []
    mode = ["--clients", str(clients)] if clients is not None else []
    folder = ledger.parent if ledger is not None else clients
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty server never blocks on it
        proc = subprocess.Popen(hhtax_command("--lang", "en", *where, "serve", "--port", "0", *mode, *extra),
                                stdout=subprocess.PIPE, stderr=errors, env=environment(), cwd=folder,
                                start_new_session=True)
        try:
            yield _wait_for_link(proc, timeout, errors)
        finally:
            stop(proc)


def _wait_for_link(proc: subprocess.Popen[bytes], timeout: float, errors: IO[bytes]) -> Server:
    """Read the child's output until it prints the sign-in link (it is then listening)."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()  # read unbuffered: a buffered reader would hide lines from select()
    seen = b""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while time.monotonic() < deadline and selector.select(timeout=max(0.0, deadline - time.monotonic())):
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            seen += chunk
            found = LOGIN.search(seen.decode("utf-8", "replace"))
            if found:
                return Server(base=found[1], login=found[0], token=found[2], pid=proc.pid)
    errors.seek(0)
    printed = (seen + errors.read()).decode("utf-8", "replace")
    raise RuntimeError(f"hhtax serve printed no sign-in link: {printed}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server, wait; kill its process group and fail if it does not end in 10 s."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise RuntimeError("hhtax serve did not stop within 10 s of SIGTERM") from None
    finally:
        if proc.stdout is not None:
            proc.stdout.close()

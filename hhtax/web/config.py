"""The settings of one `hhtax serve` run (no web framework imported here)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True)
class ServeConfig:
    """What `create_app` serves: one household's ledger (`ledger`) or an accountant's folder of
    ledgers (`clients`), exactly one of the two, behind the access token `token`.

    `max_body` bounds a file upload (multipart) request, `max_json` every other request body (413
    beyond). `allowed_hosts`, when not empty, is the list of `Host` header values accepted (a
    defence against DNS rebinding); `hhtax serve` fills it for a loopback bind.
    """

    token: str
    ledger: Path | None = None
    clients: Path | None = None
    rules_file: Path | None = None
    max_body: int = 32 * MIB
    max_json: int = 8 * MIB
    host: str = "127.0.0.1"
    port: int = 0
    allowed_hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.ledger is None) == (self.clients is None):
            raise ValueError("ServeConfig needs exactly one of `ledger` and `clients`")
        if len(self.token) < 16:
            raise ValueError("ServeConfig.token is too short to be a secret")

    @property
    def clients_mode(self) -> bool:
        return self.clients is not None


def is_loopback(host: str) -> bool:
    """Whether binding `host` keeps the server reachable from this machine only."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False

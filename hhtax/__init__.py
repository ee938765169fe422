"""hhtax: bookkeeping, tax and e-filing for Vietnamese household businesses (hộ kinh doanh)."""

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from hhtax.api import Ledger as Ledger


def __getattr__(name: str) -> object:
    """`hhtax.Ledger`, the integrator facade (hhtax.api), imported on first use."""
    if name == "Ledger":
        from hhtax.api import Ledger

        return Ledger
    raise AttributeError(f"module 'hhtax' has no attribute {name!r}")

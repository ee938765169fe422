"""The one process pool of hhtax (`hhtax batch`, `hhtax books --all`).

Workers are forked where the platform can (they start with hhtax, the rule packs and the fonts
already imported); the long-lived objects of the parent are frozen out of the garbage
collector's sight meanwhile, so a forked worker does not walk (and copy) their pages. A worker
that dies (out of memory, killed) becomes one `HhtaxError` with the message the caller gives.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from hhtax.errors import HhtaxError


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep the objects alive now out of the garbage collector's sight for the block."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def process_pool(jobs: int, *, died: str) -> Iterator[ProcessPoolExecutor]:
    """A pool of `jobs` worker processes; `died` is the message when a worker dies."""
    context = None
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
    try:
        with frozen_heap(), ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            yield pool
    except BrokenProcessPool:
        raise HhtaxError(died) from None

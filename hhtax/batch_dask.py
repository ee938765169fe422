"""The Dask engine of `hhtax batch`: the same chunks as the process pool, on a Dask cluster.

Optional (`pip install 'hhtax[dask]'`). With no scheduler address a `LocalCluster` of `workers`
single-threaded workers is started for the run; with one, the chunks go to that cluster, whose
workers must see ROOT and OUT at the same paths (a shared file system). Each worker loads the rule
packs once (`hhtax.batch._rules`), and results are gathered in submission order, so the outputs are
the same as with the process pool (docs/scaling.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

from hhtax.batch import BatchConfig, ChunkMapper, HouseholdResult, process_chunk
from hhtax.errors import HhtaxError


def map_dask(workers: int, scheduler: str | None = None, *, processes: bool = True) -> ChunkMapper:
    """A ChunkMapper on the Dask scheduler at `scheduler`, or on a local cluster of `workers`.

    Raises HhtaxError at once when dask.distributed is not installed.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise HhtaxError("the Dask engine needs dask.distributed: pip install 'hhtax[dask]'") from None

    def mapper(config: BatchConfig, chunks: list[list[str]]) -> Iterator[list[HouseholdResult]]:
        with ExitStack() as stack:
            if scheduler is None and processes:
                stack.callback(_stop_resource_tracker)  # runs last: after the cluster has closed
            if scheduler is None:
                cluster = stack.enter_context(LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None))
                client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
            else:
                try:
                    client = stack.enter_context(Client(scheduler, timeout=30))  # type: ignore[no-untyped-call]
                except OSError as exc:
                    raise HhtaxError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
            futures = client.map(process_chunk, [config] * len(chunks), chunks, pure=False)
            for future in futures:
                yield future.result()
                future.release()

    return mapper


def _stop_resource_tracker() -> None:
    """Stop multiprocessing's resource tracker, which the local cluster's spawned workers start.

    Left alone it outlives the run and exits only after hhtax does: a process left in hhtax's
    process group (issue 16). `_stop` closes its pipe and waits for it; it is a no-op when the
    tracker is not running, and absent on Pythons that stop it by themselves.
    """
    from multiprocessing import resource_tracker

    stop = getattr(resource_tracker._resource_tracker, "_stop", None)
    if stop is not None:
        stop()

"""The Dask engine of `hhtax batch`: the same chunks as the process pool, on a Dask cluster.

Optional (`pip install 'hhtax[dask]'`). With no scheduler address a `LocalCluster` of `workers`
single-threaded worker processes is started for the run; with one, the chunks go to that cluster,
whose workers must see ROOT and OUT at the same paths (a shared file system). Each worker loads the
rule packs once (`hhtax.batch._rules`), and results are gathered in submission order, so the
outputs are the same as with the process pool.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

from hhtax.batch import BatchConfig, ChunkMapper, HouseholdResult, process_chunk


def map_dask(workers: int, scheduler: str | None = None, *, processes: bool = True) -> ChunkMapper:
    """A ChunkMapper on the Dask scheduler at `scheduler`, or on a local cluster of `workers`."""

    def mapper(config: BatchConfig, chunks: list[list[str]]) -> Iterator[list[HouseholdResult]]:
        from dask.distributed import Client, LocalCluster

        with ExitStack() as stack:
            if scheduler is None:
                cluster = stack.enter_context(LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=processes,
                    dashboard_address=None))  # type: ignore[no-untyped-call]
                client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
            else:
                client = stack.enter_context(Client(scheduler))  # type: ignore[no-untyped-call]
            futures = client.map(process_chunk, [config] * len(chunks), chunks, pure=False)
            for future in futures:
                yield future.result()
                future.release()

    return mapper

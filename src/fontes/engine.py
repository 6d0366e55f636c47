"""Engines: where the per-document stages run (this process, a pool of processes, or a Dask cluster).

``pipeline.analyse`` is a function of one Document and the Settings only, so it runs as a map
task anywhere. An engine maps a function over a stream of items and yields the results in
input order, keeping at most ``window`` items in flight: the driver reads, sends and saves in
that window, so its memory does not grow with the number of documents, and the database it
writes does not depend on the engine or the number of workers.

    local   this process (``workers=1``) or ``workers`` spawned processes on this machine
    dask    Dask distributed: a LocalCluster of ``workers`` processes on loopback, or the
            cluster whose scheduler is at ``scheduler`` (tcp://host:8786; started by hand,
            by dask-jobqueue on Slurm or by dask-kubernetes), whose workers must have
            fontes installed (``pip install 'fontes[dask]'``).

Dask is an optional dependency (``pip install 'fontes[dask]'``), imported only by DaskEngine.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Protocol, TypeVar

from fontes.errors import FontesError

ENGINES = ("local", "dask")
MAX_WINDOW = 64  # documents in flight at most: enough to keep 32 workers busy, small enough for memory

T = TypeVar("T")
R = TypeVar("R")


class EngineError(FontesError):
    """An engine that cannot start: dask not installed, no scheduler at the address."""


class Engine(Protocol):
    """Maps a function over items on some workers; results come back in input order."""

    name: str
    workers: int

    def map_ordered(self, fn: Callable[..., R], items: Iterable[T], *args: Any) -> Iterator[R]: ...

    def close(self) -> None: ...


def window_for(workers: int) -> int:
    """Items in flight: two per worker (one running, one queued), at most MAX_WINDOW."""
    return max(2, min(MAX_WINDOW, 2 * workers))


class LocalEngine:
    """This process (one worker) or a pool of spawned processes (each loads its own models)."""

    name = "local"

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def map_ordered(self, fn: Callable[..., R], items: Iterable[T], *args: Any) -> Iterator[R]:
        if self.workers == 1:
            return (fn(item, *args) for item in items)
        return _windowed(lambda item: self._executor().submit(fn, item, *args), Future.result,
                         items, window_for(self.workers))

    def _executor(self) -> ProcessPoolExecutor:
        # started on the first item, so a build with nothing to analyse starts no process
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("spawn"),
                                             initializer=_exit_with_parent, initargs=(os.getpid(),))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


class DaskEngine:
    """Dask distributed: a LocalCluster on loopback, or an existing cluster's scheduler address."""

    name = "dask"

    def __init__(self, workers: int = 1, scheduler: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as err:
            raise EngineError("--engine dask needs Dask distributed: pip install 'fontes[dask]'") from err
        self._cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="30s")
            else:
                # one single-threaded process per worker: the stages hold the GIL, and each
                # process loads its models once; loopback only, no dashboard to open a port for
                self._cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                             host="127.0.0.1", dashboard_address=None, silence_logs=40)
                self.client = Client(self._cluster)
        except (OSError, TimeoutError) as err:
            self.close()
            raise EngineError(f"{scheduler or 'LocalCluster'}: cannot reach the Dask scheduler ({err}); "
                              "start it (dask scheduler) or check the address, e.g. tcp://host:8786") from err
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def map_ordered(self, fn: Callable[..., R], items: Iterable[T], *args: Any) -> Iterator[R]:
        # pure=False: two copies of one text are two tasks, never one cached result
        return _windowed(lambda item: self.client.submit(fn, item, *args, pure=False),
                         lambda future: future.result(), items, window_for(self.workers))

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def open_engine(name: str = "local", *, workers: int = 1, scheduler: str | None = None) -> Engine:
    """The engine called ``name`` (local or dask) with ``workers`` workers, or attached to ``scheduler``."""
    if scheduler and name != "dask":
        raise EngineError(f"--scheduler {scheduler} needs --engine dask")
    if name == "local":
        return LocalEngine(workers)
    if name == "dask":
        return DaskEngine(workers, scheduler)
    raise EngineError(f"{name}: no such engine; choose one of {', '.join(ENGINES)}")


def _exit_with_parent(parent: int) -> None:
    """In a pool worker: exit when the build that started it is gone (killed with SIGKILL, it cannot say so)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _windowed(submit: Callable[[T], Any], result: Callable[[Any], R], items: Iterable[T],
              window: int) -> Iterator[R]:
    """Submit items as the window frees up; yield results in input order."""
    pending: deque = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())

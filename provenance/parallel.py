"""Spreading Python-bound work over processes, with an optional progress bar.

Stages whose work is mostly Python (cutting documents, aligning candidate pairs)
run in worker processes started by ``fork``, which share the parent's data
without copying it up front. Results come back in input order, so the output is the same for any
number of workers. Where ``fork`` is not available the work runs in-process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, NamedTuple, TypeVar

from tqdm import tqdm

from provenance.errors import ConfigError

__all__ = [
    "MAX_WORKERS",
    "Run",
    "beside",
    "collector_paused",
    "in_threads",
    "map_chunks",
    "progress",
    "release_memory",
    "runs_of",
    "worker_count",
]

T = TypeVar("T")
R = TypeVar("R")


class _Task(NamedTuple):
    """What a worker process calls for each item: ``func(*args, item)``."""

    func: Callable[..., Any]
    args: tuple[Any, ...]


# The task of a worker process, set there by its initializer (fork hands the task over
# without pickling it); the parent never sets it, so map_chunks holds no state between
# calls and may run in several threads at once.
_WORKER_TASK: list[_Task] = []


# More processes than this is a mistake, not a plan: each is a fork of the whole
# parent, and the work comes in chunks of thousands of items.
MAX_WORKERS = 256


def worker_count(requested: int) -> int:
    """Workers to use: ``requested``, or every core when it is 0.

    :raises ConfigError: unless ``requested`` is an integer from 0 to :data:`MAX_WORKERS`.

    >>> worker_count(3)
    3
    >>> worker_count(-3)
    Traceback (most recent call last):
    ...
    provenance.errors.ConfigError: workers must be an integer from 0 (one per core) to 256, got -3
    """
    if (
        isinstance(requested, bool)
        or not isinstance(requested, int)
        or not (0 <= requested <= MAX_WORKERS)
    ):
        raise ConfigError(
            f"workers must be an integer from 0 (one per core) to {MAX_WORKERS}, got {requested!r}"
        )
    return requested if requested > 0 else (os.cpu_count() or 1)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration, then restore it.

    Stages that keep millions of new objects (alignments, edits, segments) set off
    full collections that walk the whole heap, the segmentation included, for
    nothing: they make no reference cycles (tests check), so reference counting
    alone frees what they drop. Worker processes forked meanwhile inherit the
    pause. The collector is switched back on only if it was on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc: nothing to call
        return None
    return trim


def release_memory() -> None:
    """Hand the memory freed by the last stage back to the operating system.

    A stage frees many arrays and objects of a few hundred kilobytes or less (the
    batches a worker sends back, say); glibc keeps such memory in its heap for
    reuse, where it still counts as resident, and the next stage's allocations
    rarely fit the holes. ``malloc_trim`` returns the free pages; on a C library
    without it this does nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@contextmanager
def beside(
    workers: int, func: Callable[..., R], /, *args: Any, **kwargs: Any
) -> Iterator[Callable[[], R]]:
    """Run ``func(*args, **kwargs)`` in a thread of its own while the body runs, and
    yield a function that waits for its result. A stage uses it for work that needs
    nothing the body computes, while the body leaves a core idle (a serial step in
    the parent, or workers of their own beside one). With ``workers`` (the stage's
    count) 1 the call is made first, in this thread: one core does one thing at a
    time. Every keyword, ``workers=`` included, goes to ``func``.

    >>> with beside(2, sum, [1, 2, 3]) as total:
    ...     rest = 4
    >>> total() + rest
    10
    """
    if workers <= 1:
        value = func(*args, **kwargs)
        yield lambda: value
        return
    with ThreadPoolExecutor(1) as thread:
        future = thread.submit(func, *args, **kwargs)
        yield future.result


def in_threads(func: Callable[[T], Any], items: Iterable[T], *, threads: int) -> None:
    """``func(item)`` for every item, over ``threads`` threads (in turn with one): for
    numpy work that lets go of the GIL, on disjoint parts of one array."""
    if threads <= 1:
        for item in items:
            func(item)
        return
    with ThreadPoolExecutor(threads) as pool:
        for _ in pool.map(func, items):
            pass


def progress(
    total: int, description: str, *, enabled: bool | None, unit: str = "pairs"
) -> tqdm[Any]:
    """A progress bar on a terminal (``enabled=None``), always (True) or never (False)."""
    return tqdm(
        total=total,
        desc=description,
        unit=unit,
        disable=None if enabled is None else not enabled,
        leave=False,
        dynamic_ncols=True,
    )


class Run(NamedTuple):
    """``[start, stop)``: consecutive items given to a worker at a time."""

    start: int
    stop: int


def runs_of(sizes: Iterable[int], target: int) -> list[Run]:
    """Runs of consecutive items, each as few items as add up to ``target`` (the last
    one possibly less), covering all ``sizes``.

    >>> runs_of([2, 2, 2, 0, 9, 1], 4)
    [Run(start=0, stop=2), Run(start=2, stop=5), Run(start=5, stop=6)]
    """
    out: list[Run] = []
    start = stop = total = 0
    for stop, size in enumerate(sizes, 1):
        total += size
        if total >= target:
            out.append(Run(start, stop))
            start, total = stop, 0
    if start < stop:
        out.append(Run(start, stop))
    return out


def _start_worker(task: _Task) -> None:
    """A worker process's initializer: keep the task it was forked for."""
    _WORKER_TASK[:] = [task]


def _run(chunk: Sequence[Any]) -> list[Any]:
    (task,) = _WORKER_TASK
    return [task.func(*task.args, item) for item in chunk]


def map_chunks(
    func: Callable[..., R],
    args: tuple[Any, ...],
    items: Sequence[T],
    *,
    workers: int,
    chunk: int = 0,
    bar: tqdm[Any] | None = None,
    renew: int | None = None,
) -> Iterator[R]:
    """``func(*args, item)`` for every item, in order, over ``workers`` processes.

    ``args`` (large shared inputs) reach the workers through ``fork``, not pickling.
    ``chunk`` items go to a worker at a time (0: a size that gives each worker
    several chunks, between 100 and 2000 items). ``renew`` replaces each worker by
    a fresh fork after that many chunks: a worker that reads the parent's Python
    objects updates their reference counts, so it copies every page it reads,
    and a long-lived one ends up with a private copy of much of the parent.
    """
    if chunk <= 0:
        chunk = max(100, min(2000, len(items) // (4 * max(workers, 1)) or 1))
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    if workers <= 1 or len(chunks) <= 1 or "fork" not in mp.get_all_start_methods():
        for part in chunks:
            for item in part:
                yield func(*args, item)
            if bar is not None:
                bar.update(len(part))
        return
    # No more processes than chunks: the rest would only be forked and wait.
    size = min(workers, len(chunks))
    context = mp.get_context("fork")
    task = _Task(func, args)
    with context.Pool(size, _start_worker, (task,), maxtasksperchild=renew) as pool:
        for part, results in zip(chunks, pool.imap(_run, chunks), strict=True):
            yield from results
            if bar is not None:
                bar.update(len(part))

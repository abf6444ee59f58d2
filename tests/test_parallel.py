"""map_chunks: results in input order, from forked workers, renewed when asked."""

from __future__ import annotations

import multiprocessing as mp
import os
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.parallel import beside, map_chunks, runs_of

fork_only = pytest.mark.skipif(
    "fork" not in mp.get_all_start_methods(), reason="workers are forked processes"
)


def _square_with_pid(offset: int, item: int) -> tuple[int, int]:
    return item * item + offset, os.getpid()


@fork_only
def test_results_come_back_in_order_from_workers() -> None:
    found = list(map_chunks(_square_with_pid, (1,), list(range(40)), workers=2, chunk=4))
    assert [value for value, _ in found] == [i * i + 1 for i in range(40)]
    assert os.getpid() not in {pid for _, pid in found}


@fork_only
def test_renewed_workers_are_fresh_processes() -> None:
    """With renew=1 every chunk runs in a process of its own; without it, two serve all."""
    items = list(range(12))
    renewed = list(map_chunks(_square_with_pid, (0,), items, workers=2, chunk=2, renew=1))
    kept = list(map_chunks(_square_with_pid, (0,), items, workers=2, chunk=2))
    assert [v for v, _ in renewed] == [v for v, _ in kept] == [i * i for i in items]
    assert len({pid for _, pid in renewed}) == len(items) // 2
    assert len({pid for _, pid in kept}) <= 2


def test_runs_of_cover_every_item_once_in_order() -> None:
    assert runs_of([], 5) == []
    assert runs_of([2, 2, 2, 0, 9, 1], 4) == [(0, 2), (2, 5), (5, 6)]
    assert runs_of([0, 0], 4) == [(0, 2)]


@given(st.lists(st.integers(0, 50), max_size=40), st.integers(1, 120))
def test_runs_of_are_as_short_as_the_target_allows(sizes: list[int], target: int) -> None:
    runs = runs_of(sizes, target)
    assert [i for run in runs for i in range(run.start, run.stop)] == list(range(len(sizes)))
    for run in runs[:-1]:  # every run but the last reaches the target, one item less does not
        assert sum(sizes[run.start : run.stop]) >= target > sum(sizes[run.start : run.stop - 1])


def _record(events: list[tuple[str, int]], value: int) -> int:
    events.append(("call", threading.get_ident()))
    return value * 2


def test_beside_runs_first_in_this_thread_with_one_worker() -> None:
    events: list[tuple[str, int]] = []
    with beside(1, _record, events, 21) as result:
        events.append(("body", threading.get_ident()))
    assert result() == 42
    here = threading.get_ident()
    assert events == [("call", here), ("body", here)]


def test_beside_runs_in_another_thread_while_the_body_runs() -> None:
    events: list[tuple[str, int]] = []
    started = threading.Event()

    def call() -> int:
        started.set()
        return _record(events, 5)

    with beside(2, call) as result:
        assert started.wait(10)  # it started without the body waiting for it
        assert result() == 10
    assert events[0][1] != threading.get_ident()


def test_beside_passes_on_the_calls_error() -> None:
    def fail() -> int:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"), beside(2, fail) as result:
        result()


def _counted_workers(*, workers: int) -> int:
    return workers


@pytest.mark.parametrize("spare", [1, 2])
def test_beside_passes_every_keyword_on(spare: int) -> None:
    """A ``workers=`` keyword is the call's own, not taken for the stage's count."""
    with beside(spare, _counted_workers, workers=7) as result:
        pass
    assert result() == 7

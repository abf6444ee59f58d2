"""map_chunks: results in input order, from forked workers, renewed when asked."""

from __future__ import annotations

import multiprocessing as mp
import os

import pytest

from provenance.parallel import map_chunks

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

"""The SQLite archive (provenance.store.sqlite) with real processes: killed in the
middle of additions, read while written, written by two at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from provenance import Archive, ArchiveBusyError, Document
from provenance.store.rows import DocumentRow
from provenance.store.sqlite import SQLiteStore

BATCH = 1500  # documents per addition: a transaction long enough to be killed inside

# Adds batches ``first``, ``first + 1``, ... of BATCH documents each, forever (or
# ``count`` of them), printing "start K" before batch K and "K" once it is committed.
_WRITER = """
import sys
from provenance import Archive, Document
path, first, count, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
body = " ".join(f"word{i}" for i in range(300))
with Archive(path, timeout=timeout) as archive:
    k = first
    while count < 0 or k < first + count:
        print("start", k, flush=True)
        archive.add([Document(f"b{k:04d}-{i:05d}", f"Batch {k}, article {i}. {body}")
                     for i in range({batch})])
        print(k, flush=True)
        k += 1
""".replace("{batch}", str(BATCH))


def _writer(
    path: Path, first: int, count: int = -1, timeout: float = 60.0
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), str(first), str(count), str(timeout)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _batches(path: Path, since: str = "") -> Counter[str]:
    """The documents per batch the archive holds, those from batch ``since`` on each
    checked whole: what it says is what was written (its digest)."""
    store = SQLiteStore(path, timeout=60.0)
    try:
        _, rows = store.rows()
    finally:
        store.close()
    for row in rows:
        if row.id >= since:
            assert DocumentRow.of(row.document()).digest == row.digest
    return Counter(row.id.split("-")[0] for row in rows)


def test_a_killed_addition_leaves_the_archive_before_or_after_it(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    Archive(path).close()
    rng = random.Random(5)
    committed: set[str] = set()
    first = inside = 0
    for _ in range(15):
        child = _writer(path, first)
        time.sleep(rng.uniform(0.6, 2.0))  # start-up, then somewhere among the additions
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        lines = out.splitlines()
        said = {f"b{int(k):04d}" for k in lines if not k.startswith("start")}
        inside += bool(lines) and lines[-1].startswith("start")
        found = _batches(path, since=f"b{first:04d}")
        # Every batch held is whole, every batch the child reported is held, and
        # nothing else: at most the one it was writing, committed before its report.
        assert set(found.values()) <= {BATCH}
        assert committed | said <= set(found)
        assert len(set(found) - committed - said) <= 1
        committed = set(found)
        first += 100
    assert committed  # the kills did not all land before the first commit
    assert inside >= 5  # and many landed in the middle of an addition
    with Archive(path) as archive:  # and the next addition works
        assert archive.add([Document("after", "An article added after the kills.")]).added


def test_readers_see_whole_additions_while_a_writer_adds(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    Archive(path).close()
    child = _writer(path, 0, count=6)
    seen: list[int] = []
    try:
        while child.poll() is None:
            with Archive(path) as archive:
                held = archive.documents().documents
            counts = Counter(d.id.split("-")[0] for d in held)
            assert set(counts.values()) <= {BATCH}
            seen.append(len(counts))
    finally:
        child.wait(timeout=120)
    assert child.returncode == 0, child.stderr.read() if child.stderr else ""
    assert seen == sorted(seen)  # what a reader sees never goes back
    assert _batches(path) == Counter({f"b{k:04d}": BATCH for k in range(6)})


def test_two_writers_wait_for_each_other(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    Archive(path).close()
    writers = [_writer(path, 0, count=3), _writer(path, 100, count=3)]
    for w in writers:
        w.wait(timeout=180)
        assert w.returncode == 0, w.stderr.read() if w.stderr else ""
    expected = {f"b{k:04d}": BATCH for k in [0, 1, 2, 100, 101, 102]}
    assert _batches(path) == Counter(expected)


def test_a_writer_that_waits_too_long_is_told_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    Archive(path).close()
    store = SQLiteStore(path, timeout=0.2)
    # Another process's addition, in the middle:
    busy = pytest.raises(ArchiveBusyError, match=r"news\.db is being written .* 0\.2 s")
    with store._writing(), Archive(path, timeout=0.2) as archive, busy:
        archive.add([Document("a", "An article that must wait.")])
    store.close()
    with Archive(path) as archive:
        assert len(archive) == 0
        assert archive.add([Document("a", "An article that must wait.")]).added == ("a",)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_the_writer_lock_is_released_by_a_killed_process(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    Archive(path).close()
    child = _writer(path, 0)
    time.sleep(1.0)
    child.send_signal(signal.SIGKILL)
    child.communicate()
    with Archive(path, timeout=5.0) as archive:  # no stale lock
        assert archive.add([Document("z", "Written after the kill.")]).added == ("z",)

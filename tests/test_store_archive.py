"""The archive (provenance.store.archive), on both storages (SQLite and PostgreSQL):
additions, parameters, its report against analyze of the same documents in one
batch; and with real processes, additions killed midway, read while written, and
written by two at once."""

from __future__ import annotations

import datetime as dt
import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from helpers import generated_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance
from provenance import Archive, ArchiveBusyError, ArchiveError, Config, Document, InputError
from provenance.dates import parse_date
from provenance.ingest import InputWarning
from provenance.store import archive as archive_module
from provenance.store.archive import open_store
from provenance.store.rows import DocumentRow

WIRE = Path(__file__).parent / "data" / "wire-example"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> provenance.Corpus:
    """A generated corpus of 600 paragraphs: many outlets, copies and their edits."""
    return generated_corpus(tmp_path_factory.mktemp("gen") / "gen-600", paragraphs=600, seed=3)


@pytest.fixture(scope="module")
def wire() -> provenance.Corpus:
    return provenance.load(WIRE)


BACKENDS = pytest.mark.parametrize("archive_address", ["sqlite", "postgresql"], indirect=True)


def _set_meta(address: str, key: str, value: str) -> None:
    """Change what an archive says of itself, behind its back."""
    if "://" in address:
        with psycopg.connect(address, autocommit=True) as pg:
            pg.execute("UPDATE provenance_archive SET value = %s WHERE key = %s", (value, key))
        return
    with sqlite3.connect(address) as db:
        db.execute("UPDATE archive SET value = ? WHERE key = ?", (value, key))


def _batch_json(corpus: provenance.Corpus) -> str:
    return provenance.analyze(corpus, workers=1, progress=False).to_json()


@BACKENDS
@pytest.mark.parametrize("name", ["wire", "generated"])
@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_report_after_any_additions_is_the_batch_report(
    name: str,
    data: st.DataObject,
    request: pytest.FixtureRequest,
    archive_address: Callable[[], str],
) -> None:
    corpus: provenance.Corpus = request.getfixturevalue(name)
    docs = list(corpus.documents)
    order = data.draw(st.permutations(range(len(docs))), label="order")
    cuts = sorted(data.draw(st.sets(st.integers(1, len(docs) - 1), max_size=4), label="cuts"))
    path = archive_address()
    with Archive(path) as archive:
        for lo, hi in zip([0, *cuts], [*cuts, len(docs)], strict=True):
            archive.add([docs[i] for i in order[lo:hi]])
    with Archive(path) as archive:  # opened again: everything was written
        assert len(archive) == len(docs)
        found = archive.report(workers=1, progress=False).to_json()
    assert found == _batch_json(corpus)


@BACKENDS
def test_documents_come_back_field_for_field(archive_address: Callable[[], str]) -> None:
    docs = [
        Document(
            "a", "First text.", outlet="Wire", date=parse_date("2023-09"), url="https://x.test/a"
        ),
        Document(
            "b", "Second text.", date=dt.datetime(2023, 9, 14, 10, 30, tzinfo=dt.timezone.utc)
        ),
        Document("c", "Third “text”.", title="T", metadata={"section": "world", "n": [1, 2]}),
        Document("d", "Fourth.", date=parse_date("2023-09-14T10:30:00.125+04:00")),
        Document("e", "Fifth.", date=dt.date(2023, 9, 14)),
    ]
    with Archive(archive_address()) as archive:
        archive.add(docs)
        back = archive.documents().documents
    assert back == tuple(docs)
    assert [d.date for d in back] == [d.date for d in docs]


@BACKENDS
def test_a_held_document_is_skipped_and_a_changed_one_refused(
    archive_address: Callable[[], str],
) -> None:
    path = archive_address()
    one = Document("a", "The minister said on Monday that the talks would resume.", outlet="Wire")
    with Archive(path) as archive:
        assert archive.add([one]).added == ("a",)
        again = archive.add([one, Document("b", "Another article entirely.")])
        assert (again.added, again.skipped, again.changed) == (("b",), ("a",), True)
        assert not archive.add([one]).changed
        changed = Document("a", "The minister said on Tuesday that the talks would resume.")
        with pytest.raises(ArchiveError, match=r"holds 1 of these documents .*\(a\)"):
            archive.add([changed, Document("c", "Written with it, or not at all.")])
        assert len(archive) == 2  # nothing of the refused addition was written
        assert archive.documents().by_id()["a"] == one
        # Another outlet for the same text is a change too: nothing is lost silently.
        with pytest.raises(ArchiveError):
            archive.add([Document("a", one.text, outlet="Daily")])
        replaced = archive.add([changed], replace=True)
        assert replaced.replaced == ("a",)
        assert archive.documents().by_id()["a"] == changed


@BACKENDS
def test_bad_input_writes_nothing_unless_skipped(archive_address: Callable[[], str]) -> None:
    path = archive_address()
    records = [{"id": "a", "text": "A good article."}, {"id": "b", "body": "no text field"}]
    with Archive(path) as archive:
        with pytest.raises(InputError, match='no "text" field'):
            archive.add(records)
        assert len(archive) == 0
        with pytest.warns(InputWarning, match='no "text" field'):
            added = archive.add(records, on_error="warn")
        assert added.added == ("a",)


@BACKENDS
def test_the_parameters_are_kept_and_a_mix_refused(archive_address: Callable[[], str]) -> None:
    path = archive_address()
    with Archive(path, min_sentence_coverage=0.8) as archive:
        assert archive.config.align.min_sentence_coverage == 0.8
    with Archive(path) as archive:  # no parameters: its own
        assert archive.config == Config.from_options(min_sentence_coverage=0.8)
    with Archive(path, config=Config.from_options(min_sentence_coverage=0.8)):
        pass  # the same parameters
    with pytest.raises(
        ArchiveError, match=r"other parameters \(min_sentence_coverage: 0\.8 -> 0\.7"
    ):
        Archive(path, min_sentence_coverage=0.7)
    with pytest.raises(ArchiveError, match="either config or options"):
        Archive(path, config=Config(), min_run=3)


@BACKENDS
def test_the_report_uses_the_archive_parameters(
    archive_address: Callable[[], str], wire: provenance.Corpus
) -> None:
    config = Config.from_options(min_sentence_coverage=0.9, min_clause_words=9)
    with Archive(archive_address(), config=config) as archive:
        archive.add(wire)
        found = archive.report(workers=1, progress=False).to_json()
    assert found == provenance.analyze(wire, config=config, workers=1, progress=False).to_json()


@BACKENDS
def test_a_newer_archive_is_refused(archive_address: Callable[[], str]) -> None:
    path = archive_address()
    Archive(path).close()
    _set_meta(path, "schema", "99")
    with pytest.raises(ArchiveError, match=r"newer version of provenance .*schema 99"):
        Archive(path)


@BACKENDS
def test_the_kept_parameters_unreadable_is_an_error(archive_address: Callable[[], str]) -> None:
    path = archive_address()
    Archive(path).close()
    _set_meta(path, "config", json.dumps({"align": {"no_such_option": 1}}))
    with pytest.raises(ArchiveError, match=r"parameters cannot be read .*no_such_option"):
        Archive(path)


@BACKENDS
def test_an_empty_archive_has_an_empty_report(archive_address: Callable[[], str]) -> None:
    with Archive(archive_address()) as archive:
        report = archive.report(workers=1, progress=False)
    data = json.loads(report.to_json())
    assert (data["documents"], data["families"]) == ([], [])


# --------------------------------------------------------------------------- processes

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


def _batches(path: str, since: str = "") -> Counter[str]:
    """The documents per batch the archive holds, those from batch ``since`` on each
    checked whole: what it says is what was written (its digest)."""
    _, store = open_store(path, timeout=60.0)
    try:
        _, rows = store.rows()
    finally:
        store.close()
    for row in rows:
        if row.id >= since:
            assert DocumentRow.of(row.document()).digest == row.digest
    return Counter(row.id.split("-")[0] for row in rows)


@BACKENDS
def test_a_killed_addition_leaves_the_archive_before_or_after_it(
    archive_address: Callable[[], str],
) -> None:
    path = archive_address()
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


@BACKENDS
def test_readers_see_whole_additions_while_a_writer_adds(
    archive_address: Callable[[], str],
) -> None:
    path = archive_address()
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


@BACKENDS
def test_two_writers_wait_for_each_other(archive_address: Callable[[], str]) -> None:
    path = archive_address()
    Archive(path).close()
    writers = [_writer(path, 0, count=3), _writer(path, 100, count=3)]
    for w in writers:
        w.wait(timeout=180)
        assert w.returncode == 0, w.stderr.read() if w.stderr else ""
    expected = {f"b{k:04d}": BATCH for k in [0, 1, 2, 100, 101, 102]}
    assert _batches(path) == Counter(expected)


@BACKENDS
def test_a_writer_that_waits_too_long_is_told_and_writes_nothing(
    archive_address: Callable[[], str],
) -> None:
    path = archive_address()
    Archive(path).close()
    _, store = open_store(path, timeout=0.2)
    # Another process's addition, in the middle:
    busy = pytest.raises(ArchiveBusyError, match=r"is being written .* 0\.2 s")
    with store._writing(), Archive(path, timeout=0.2) as archive, busy:
        archive.add([Document("a", "An article that must wait.")])
    store.close()
    with Archive(path) as archive:
        assert len(archive) == 0
        assert archive.add([Document("a", "An article that must wait.")]).added == ("a",)


@BACKENDS
def test_the_writer_lock_is_released_by_a_killed_process(
    archive_address: Callable[[], str],
) -> None:
    path = archive_address()
    Archive(path).close()
    child = _writer(path, 0)
    time.sleep(1.0)
    child.send_signal(signal.SIGKILL)
    child.communicate()
    with Archive(path, timeout=5.0) as archive:  # no stale lock
        assert archive.add([Document("z", "Written after the kill.")]).added == ("z",)


@BACKENDS
def test_a_long_addition_shows_its_progress(
    archive_address: Callable[[], str], capsys: pytest.CaptureFixture[str]
) -> None:
    docs = [Document(f"d{i:05d}", f"Article number {i}.") for i in range(12_000)]
    with Archive(archive_address()) as archive:
        archive.add(docs, progress=True)
        assert len(archive) == 12_000
        archive.add(docs[:10], progress=False)
    shown = capsys.readouterr().err
    assert "adding" in shown and "/12000" in shown  # tqdm draws at most every 0.1 s
    assert "10/10" not in shown


# --------------------------------------------------------------------------- outlets


@BACKENDS
def test_the_report_keeps_its_outlet_profile_for_lookups(
    archive_address: Callable[[], str], generated: provenance.Corpus
) -> None:
    *held, asked = generated.documents
    with Archive(archive_address()) as archive:
        archive.add(held)
        assert archive.query(asked, workers=1, progress=False).outlets is None
        report = archive.report(workers=1, progress=False)
        assert report.outlets.sources
        assert archive._profile() == (1, report.outlets)
        found = archive.query(asked, workers=1, progress=False)
        assert found.outlets == 1 and found.to_dict()["outlets"] == {"generation": 1}
        assert archive.query(asked, exact=True, workers=1, progress=False).outlets is None
        archive.add([Document("late", "An article added after the report.")])
        assert archive.query(asked, workers=1, progress=False).outlets == 1  # the last kept


@BACKENDS
def test_a_report_never_waits_for_a_writer_to_keep_its_profile(
    archive_address: Callable[[], str],
) -> None:
    path = archive_address()
    with Archive(path) as archive:
        archive.add(provenance.example_path())
    _, store = open_store(path, timeout=5.0)
    with store._writing(), Archive(path, timeout=5.0) as archive:  # another's addition
        begin = time.monotonic()
        report = archive.report(workers=1, progress=False)
        assert time.monotonic() - begin < 5.0
        assert report.documents and archive._profile() == (None, None)
    store.close()


def test_a_report_read_before_an_addition_keeps_no_profile(
    archive_address: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = archive_address()
    with Archive(path) as archive:
        archive.add(provenance.example_path())
    real = archive_module.analyze

    def meanwhile(*args: Any, **kwargs: Any) -> provenance.Report:
        with Archive(path) as other:  # another process adds while the report is made
            other.add([Document("meanwhile", "Added while the report was being made.")])
        return real(*args, **kwargs)

    monkeypatch.setattr(archive_module, "analyze", meanwhile)
    with Archive(path) as archive:
        assert len(archive.report(workers=1, progress=False).documents) == 5
        assert archive._profile() == (None, None)

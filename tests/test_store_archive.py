"""The archive (provenance.store.archive): additions, parameters, and its report
against analyze of the same documents in one batch."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from helpers import bench_module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance
from provenance import Archive, ArchiveError, Config, Document, InputError
from provenance.dates import parse_date
from provenance.ingest import InputWarning

WIRE = Path(__file__).parent / "data" / "wire-example"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> provenance.Corpus:
    """A generated corpus of 600 paragraphs: many outlets, copies and their edits."""
    folder = tmp_path_factory.mktemp("gen") / "gen-600"
    bench_module("generate").generate(folder, paragraphs=600, seed=3)
    return provenance.load(folder / "corpus")


@pytest.fixture(scope="module")
def wire() -> provenance.Corpus:
    return provenance.load(WIRE)


def _batch_json(corpus: provenance.Corpus) -> str:
    return provenance.analyze(corpus, workers=1, progress=False).to_json()


@pytest.mark.parametrize("name", ["wire", "generated"])
@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_report_after_any_additions_is_the_batch_report(
    name: str,
    data: st.DataObject,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    corpus: provenance.Corpus = request.getfixturevalue(name)
    docs = list(corpus.documents)
    order = data.draw(st.permutations(range(len(docs))), label="order")
    cuts = sorted(data.draw(st.sets(st.integers(1, len(docs) - 1), max_size=4), label="cuts"))
    path = tmp_path_factory.mktemp("archive") / "news.db"
    with Archive(path) as archive:
        for lo, hi in zip([0, *cuts], [*cuts, len(docs)], strict=True):
            archive.add([docs[i] for i in order[lo:hi]])
    with Archive(path) as archive:  # opened again: everything was written
        assert len(archive) == len(docs)
        found = archive.report(workers=1, progress=False).to_json()
    assert found == _batch_json(corpus)


def test_documents_come_back_field_for_field(tmp_path: Path) -> None:
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
    with Archive(tmp_path / "news.db") as archive:
        archive.add(docs)
        back = archive.documents().documents
    assert back == tuple(docs)
    assert [d.date for d in back] == [d.date for d in docs]


def test_a_held_document_is_skipped_and_a_changed_one_refused(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    one = Document("a", "The minister said on Monday that the talks would resume.", outlet="Wire")
    with Archive(path) as archive:
        assert archive.add([one]).added == ("a",)
        again = archive.add([one, Document("b", "Another article entirely.")])
        assert (again.added, again.skipped, again.changed) == (("b",), ("a",), True)
        assert not archive.add([one]).changed
        changed = Document("a", "The minister said on Tuesday that the talks would resume.")
        with pytest.raises(ArchiveError, match=r"news\.db holds 1 of these documents .*\(a\)"):
            archive.add([changed, Document("c", "Written with it, or not at all.")])
        assert len(archive) == 2  # nothing of the refused addition was written
        assert archive.documents().by_id()["a"] == one
        # Another outlet for the same text is a change too: nothing is lost silently.
        with pytest.raises(ArchiveError):
            archive.add([Document("a", one.text, outlet="Daily")])
        replaced = archive.add([changed], replace=True)
        assert replaced.replaced == ("a",)
        assert archive.documents().by_id()["a"] == changed


def test_bad_input_writes_nothing_unless_skipped(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    records = [{"id": "a", "text": "A good article."}, {"id": "b", "body": "no text field"}]
    with Archive(path) as archive:
        with pytest.raises(InputError, match='no "text" field'):
            archive.add(records)
        assert len(archive) == 0
        with pytest.warns(InputWarning, match='no "text" field'):
            added = archive.add(records, on_error="warn")
        assert added.added == ("a",)


def test_the_parameters_are_kept_and_a_mix_refused(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
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


def test_the_report_uses_the_archive_parameters(tmp_path: Path, wire: provenance.Corpus) -> None:
    config = Config.from_options(min_sentence_coverage=0.9, min_clause_words=9)
    with Archive(tmp_path / "news.db", config=config) as archive:
        archive.add(wire)
        found = archive.report(workers=1, progress=False).to_json()
    assert found == provenance.analyze(wire, config=config, workers=1, progress=False).to_json()


def test_a_file_that_is_no_archive_is_named(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(ArchiveError, match=r"notes\.db is not a provenance archive"):
        Archive(text)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE things (x)")
    with pytest.raises(ArchiveError, match=r"other\.db is an SQLite database of another"):
        Archive(other)
    with pytest.raises(ArchiveError, match="is a folder"):
        Archive(tmp_path)
    with pytest.raises(ArchiveError, match="does not exist"):
        Archive(tmp_path / "absent" / "news.db")
    with pytest.raises(ArchiveError, match="postgresql:// archives are not available yet"):
        Archive("postgresql://localhost/news")


def test_a_damaged_archive_is_named(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with Archive(path) as archive:
        archive.add([Document("a", "Some text of an article.")])
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page, after the header
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match=r"news\.db"), Archive(path) as archive:
        archive.documents()


def test_a_newer_archive_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    Archive(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE archive SET value = '99' WHERE key = 'schema'")
    with pytest.raises(ArchiveError, match=r"newer version of provenance .*schema 99"):
        Archive(path)


def test_the_kept_parameters_unreadable_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    Archive(path).close()
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE archive SET value = ? WHERE key = 'config'",
            (json.dumps({"align": {"no_such_option": 1}}),),
        )
    with pytest.raises(ArchiveError, match=r"parameters cannot be read .*no_such_option"):
        Archive(path)


def test_an_empty_archive_has_an_empty_report(tmp_path: Path) -> None:
    with Archive(tmp_path / "news.db") as archive:
        report = archive.report(workers=1, progress=False)
    data = json.loads(report.to_json())
    assert (data["documents"], data["families"]) == ([], [])

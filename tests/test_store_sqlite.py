"""The archive in an SQLite file (provenance.store.sqlite): what is not an archive,
and what is damaged, named. (What every storage does is in test_store_archive.py.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from provenance import Archive, ArchiveError, Document


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
    with pytest.raises(ArchiveError, match="ftp:// archives are not known"):
        Archive("ftp://localhost/news")


def test_a_damaged_archive_is_named(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with Archive(path) as archive:
        archive.add([Document("a", "Some text of an article.")])
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page, after the header
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match=r"news\.db"), Archive(path) as archive:
        archive.documents()


def test_another_application_database_is_left_as_it_was(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE things (x)")
    before = other.read_bytes()
    with pytest.raises(ArchiveError):
        Archive(other)
    assert other.read_bytes() == before  # not even put in WAL mode
    assert not (tmp_path / "other.db-wal").exists()

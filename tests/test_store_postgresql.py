"""The archive in a PostgreSQL database (provenance.store.postgresql): what only a
server shows. (What every storage does is in test_store_archive.py.)"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable

import psycopg
import pytest

from provenance import Archive, ArchiveError, Document
from provenance.errors import MissingExtraError
from provenance.store.postgresql import _redacted


def test_a_server_that_does_not_answer_is_named_without_the_password() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    address = f"postgresql://reader:s3cret@127.0.0.1:{port}/news"
    with pytest.raises(
        ArchiveError, match=rf"reader:\*\*\*@127\.0\.0\.1:{port}/news: cannot connect"
    ) as err:
        Archive(address)
    assert "s3cret" not in str(err.value)


def test_the_password_is_kept_out_of_messages() -> None:
    assert _redacted("postgresql://u:p@h/db") == "postgresql://u:***@h/db"
    assert _redacted("postgresql://u@h/db") == "postgresql://u@h/db"
    assert _redacted("postgresql://h/db") == "postgresql://h/db"


@pytest.mark.parametrize("archive_address", ["postgresql"], indirect=True)
def test_the_database_other_tables_are_left_alone(archive_address: Callable[[], str]) -> None:
    address = archive_address()
    with psycopg.connect(address, autocommit=True) as db:
        db.execute("CREATE TABLE things (x int)")
        db.execute("INSERT INTO things VALUES (1)")
    with Archive(address) as archive:
        archive.add([Document("a", "An article kept beside another application's table.")])
    with Archive(address) as archive:
        assert len(archive) == 1
    with psycopg.connect(address) as db:
        assert db.execute("SELECT x FROM things").fetchall() == [(1,)]


def test_without_psycopg_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    with pytest.raises(MissingExtraError, match=r"news-provenance\[postgresql\]"):
        Archive("postgresql://127.0.0.1/news")

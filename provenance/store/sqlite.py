"""The archive in an SQLite file: the embedded default, from the standard library.

The file is in WAL mode: readers see the state of the last committed addition and
never wait for a writer; one writer at a time, the next waiting up to ``timeout``
seconds for the lock. Every addition is one transaction, committed with
``synchronous=FULL``: a process killed in the middle of one leaves the file as it
was before it (SQLite rolls the unfinished transaction back when the file is next
opened), and a committed one survives a power cut.

Tables (schema 2):

- ``archive(key, value)``: ``format`` (:data:`provenance.store.archive.FORMAT`),
  ``schema`` (the schema version), ``config`` (the parameters,
  :meth:`Config.to_dict` as JSON) and ``generation`` (how many additions changed
  the archive);
- ``documents``: one row per document (:class:`~provenance.store.rows.DocumentRow`),
  with the generation that wrote it;
- ``wording(gram, number)`` and ``wording_recent(gram, number)``: the wording index
  (:mod:`provenance.store.wording`), clustered tables of its keys, settled and recent
  (:data:`~provenance.store.rows.MERGE_FRACTION`), and ``wording_ids(number, id)`` the
  documents' numbers.

Schema 1 had the first two tables only: opening one adds the index (``upgrade``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from provenance.errors import ArchiveBusyError, ArchiveError
from provenance.store.rows import (
    COLUMNS,
    Division,
    DocumentRow,
    Keys,
    Statements,
    upgrade,
    write,
)
from provenance.store.wording import COMMON, Choose

__all__ = ["SQLiteStore"]

_APPLICATION_ID = 0x4E505256  # "NPRV", in the file's header: SQLite's file type field
_HEADER = b"SQLite format 3\x00"

_TABLES = """
CREATE TABLE IF NOT EXISTS archive (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    outlet TEXT,
    date TEXT,
    url TEXT,
    title TEXT,
    metadata TEXT NOT NULL,
    source TEXT,
    digest TEXT NOT NULL,
    generation INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS wording (
    gram INTEGER NOT NULL, number INTEGER NOT NULL, PRIMARY KEY (gram, number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS wording_recent (
    gram INTEGER NOT NULL, number INTEGER NOT NULL, PRIMARY KEY (gram, number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS wording_ids (number INTEGER PRIMARY KEY, id TEXT NOT NULL);
"""

_COLUMNS = ", ".join(COLUMNS)

_STATEMENTS = Statements(
    insert=f"INSERT OR REPLACE INTO documents ({_COLUMNS}, generation) "
    f"VALUES ({', '.join('?' * (len(COLUMNS) + 1))})",
    generation="SELECT value FROM archive WHERE key = 'generation'",
    next_generation="UPDATE archive SET value = ? WHERE key = 'generation'",
    held=f"SELECT {_COLUMNS} FROM documents WHERE id = ?",
    index="INSERT OR IGNORE INTO wording_recent (gram, number) VALUES (?, ?)",
    forget=(
        "DELETE FROM wording WHERE gram = ? AND number = ?",
        "DELETE FROM wording_recent WHERE gram = ? AND number = ?",
    ),
    name="INSERT INTO wording_ids (number, id) VALUES (?, ?)",
    merge=(
        "INSERT OR IGNORE INTO wording SELECT gram, number FROM wording_recent",
        "DELETE FROM wording_recent",
    ),
    merged="SELECT value FROM archive WHERE key = 'wording_merged'",
    next_merged="INSERT OR REPLACE INTO archive VALUES ('wording_merged', ?)",
    every=f"SELECT {_COLUMNS} FROM documents ORDER BY id",
    next_schema="UPDATE archive SET value = ? WHERE key = 'schema'",
)


_POSTINGS = tuple(
    f"SELECT number FROM {table} WHERE gram = ? LIMIT ?" for table in ("wording", "wording_recent")
)
_BY_NUMBER = (
    f"SELECT {', '.join('d.' + c for c in COLUMNS)} FROM wording_ids AS w "
    "JOIN documents AS d ON d.id = w.id WHERE w.number = ?"
)


class SQLiteStore:
    """An SQLite archive file, opened (and created when absent or empty).
    :class:`~provenance.store.archive.Archive` is the way in; this class only reads
    and writes rows."""

    def __init__(self, path: Path, *, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        if path.is_dir():
            raise ArchiveError(f"{path} is a folder; expected an archive file")
        if path.exists() and path.stat().st_size:
            with path.open("rb") as f:
                if f.read(len(_HEADER)) != _HEADER:
                    raise ArchiveError(f"{path} is not a provenance archive (not an SQLite file)")
        if not path.parent.is_dir():
            raise ArchiveError(f"{path}: the folder {path.parent} does not exist")
        try:
            self._db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as err:
            raise ArchiveError(f"{path}: cannot open the archive ({err})") from None
        try:
            with self._failures():  # of this connection only: the file is not touched
                self._db.execute("PRAGMA synchronous=FULL")
        except ArchiveError:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _failures(self) -> Iterator[None]:
        """SQLite's errors as the archive's: a lock held too long, a damaged file."""
        try:
            yield
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                raise ArchiveBusyError(
                    f"{self.path} is being written by another process; waited "
                    f"{self.timeout:g} s for it (nothing was written)"
                ) from None
            raise ArchiveError(f"{self.path}: {err}") from None
        except sqlite3.DatabaseError as err:
            raise ArchiveError(f"{self.path} is damaged or not an archive ({err})") from None

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, holding the file's write lock from its start:
        everything in it is committed together, or nothing is."""
        with self._failures():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every read in it sees one committed state."""
        with self._failures():
            self._db.execute("BEGIN")
            try:
                yield self._db
            finally:
                self._db.execute("ROLLBACK")

    def meta(self) -> dict[str, str] | None:
        """The ``archive`` table, or ``None`` for a new (empty) file.

        :raises ArchiveError: for an SQLite file of another application.
        """
        with self._reading() as db:
            return self._meta(db)

    def _meta(self, db: sqlite3.Connection) -> dict[str, str] | None:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        if "archive" not in tables:
            if tables:
                raise ArchiveError(
                    f"{self.path} is an SQLite database of another application, "
                    "not a provenance archive"
                )
            return None
        return dict(db.execute("SELECT key, value FROM archive").fetchall())

    def create(self, meta: dict[str, str]) -> dict[str, str]:
        """Make the tables and write ``meta``, unless another process did first;
        the archive's ``meta`` either way. The file is put in WAL mode first (which
        it keeps): only an archive of ours is, never another application's file."""
        with self._failures():
            self._db.execute("PRAGMA journal_mode=WAL")
        with self._writing() as db:
            found = self._meta(db)
            if found is not None:
                return found
            db.execute(f"PRAGMA application_id={_APPLICATION_ID}")
            self._tables(db)
            db.executemany("INSERT INTO archive VALUES (?, ?)", sorted(meta.items()))
            return meta

    @staticmethod
    def _tables(db: sqlite3.Connection) -> None:
        # One statement at a time: executescript would commit the transaction first.
        for statement in _TABLES.split(";"):
            if statement.strip():
                db.execute(statement)

    def upgrade(self, schema: int, keys: Keys) -> dict[str, str]:
        """Bring an archive of an older schema to ``schema`` in one transaction
        (:func:`~provenance.store.rows.upgrade`); its ``meta`` after."""
        with self._writing() as db:
            self._tables(db)  # CREATE ... IF NOT EXISTS: the tables a later schema adds
            return upgrade(db, self._meta(db) or {}, _STATEMENTS, keys, schema)

    def add(
        self,
        rows: Sequence[DocumentRow],
        *,
        keys: Keys,
        replace: bool,
        written: Callable[[int], None] | None = None,
    ) -> Division:
        """Write ``rows`` in one transaction (:func:`~provenance.store.rows.write`):
        the new ones, and the changed ones if ``replace``; else nothing is written;
        the wording index with them (``keys``). ``written`` is told the size of each
        step written (a progress bar).

        :raises ArchiveError: listing the changed documents, without ``replace``.
        """
        with self._writing() as db:
            held = self._digests(db, [r.id for r in rows])
            where = str(self.path)
            return write(
                db,
                rows,
                held,
                _STATEMENTS,
                keys=keys,
                replace=replace,
                where=where,
                written=written,
            )

    @staticmethod
    def _digests(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):  # SQLite's limit on a statement's parameters
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT id, digest FROM documents WHERE id IN ({marks})"
            found.update(db.execute(query, chunk).fetchall())
        return found

    def rows(self) -> tuple[dict[str, str], list[DocumentRow]]:
        """The archive's ``meta`` and every document's row, by id, as of one
        committed state."""
        with self._reading() as db:
            meta = self._meta(db) or {}
            found = db.execute(f"SELECT {_COLUMNS} FROM documents ORDER BY id").fetchall()
        return meta, [DocumentRow(*row) for row in found]

    def remember(self, key: str, value: str, generation: str) -> bool:
        """Set ``key`` of the ``archive`` table to ``value``, unless another process is
        adding (this never waits for it), an addition was made since ``generation``,
        or the file cannot be written; whether it was set."""
        self._db.execute("PRAGMA busy_timeout = 0")
        try:
            with self._writing() as db:
                (now,) = db.execute(_STATEMENTS.generation).fetchone()
                if now != generation:
                    return False
                db.execute("INSERT OR REPLACE INTO archive VALUES (?, ?)", (key, value))
                return True
        except ArchiveError:  # busy (an ArchiveBusyError), or read-only
            return False
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {round(self.timeout * 1000)}")

    def row(self, doc_id: str) -> DocumentRow | None:
        """The row of document ``doc_id``, if the archive holds it."""
        with self._reading() as db:
            if self._meta(db) is None:
                return None
            found = db.execute(_STATEMENTS.held, (doc_id,)).fetchone()
            return DocumentRow(*found) if found else None

    def near(self, grams: Sequence[int], choose: Choose) -> list[DocumentRow]:
        """The documents ``choose`` picks (by number) from the wording index's
        documents of each of ``grams`` (at most :data:`COMMON` + 1 of each), as of
        one committed state, in the order chosen."""
        with self._reading() as db:
            postings = {
                g: sorted(n for sql in _POSTINGS for (n,) in db.execute(sql, (g, COMMON + 1)))
                for g in grams
            }
            rows = []
            for number in choose(postings):
                found = db.execute(_BY_NUMBER, (number,)).fetchone()
                if found is not None:
                    rows.append(DocumentRow(*found))
            return rows

    def count(self) -> int:
        with self._reading() as db:
            if self._meta(db) is None:
                return 0
            (n,) = db.execute("SELECT count(*) FROM documents").fetchone()
            return int(n)

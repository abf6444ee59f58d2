"""The archive in a PostgreSQL database, for an archive a team shares.

``Archive("postgresql://user@host/db")`` keeps the same rows as the SQLite file
(:mod:`provenance.store.sqlite`), in tables of that database: ``provenance_archive``
and ``provenance_documents``, and the wording index in ``provenance_wording``,
``provenance_wording_recent`` and ``provenance_wording_ids``; the database may hold
other things. Every addition is one transaction that first takes a transaction-level
advisory lock (one writer at a time; the next waits up to ``timeout`` seconds, then
:class:`~provenance.errors.ArchiveBusyError`). A client killed in the middle of one
leaves nothing of it: the server rolls its transaction back. Reads run in one
``REPEATABLE READ`` transaction, so they see one committed state. Needs psycopg 3:
``pip install 'news-provenance[postgresql]'``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from provenance.errors import ArchiveBusyError, ArchiveError, MissingExtraError
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

__all__ = ["PostgresStore"]

_LOCK = 0x4E505256  # the advisory lock every writer of an archive takes ("NPRV")

_TABLES = (
    "CREATE TABLE IF NOT EXISTS provenance_archive (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS provenance_documents ("
    "id TEXT PRIMARY KEY, text TEXT NOT NULL, outlet TEXT, date TEXT, url TEXT, title TEXT, "
    "metadata TEXT NOT NULL, source TEXT, digest TEXT NOT NULL, generation BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS provenance_wording ("
    "gram BIGINT NOT NULL, number BIGINT NOT NULL, PRIMARY KEY (gram, number))",
    "CREATE TABLE IF NOT EXISTS provenance_wording_recent ("
    "gram BIGINT NOT NULL, number BIGINT NOT NULL, PRIMARY KEY (gram, number))",
    "CREATE TABLE IF NOT EXISTS provenance_wording_ids "
    "(number BIGINT PRIMARY KEY, id TEXT NOT NULL)",
)

_COLUMNS = ", ".join(COLUMNS)

_STATEMENTS = Statements(
    insert=f"INSERT INTO provenance_documents ({_COLUMNS}, generation) "
    f"VALUES ({', '.join(['%s'] * (len(COLUMNS) + 1))}) ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in [*COLUMNS[1:], "generation"]),
    generation="SELECT value FROM provenance_archive WHERE key = 'generation'",
    next_generation="UPDATE provenance_archive SET value = %s WHERE key = 'generation'",
    held=f"SELECT {_COLUMNS} FROM provenance_documents WHERE id = %s",
    # A new document's keys are distinct and none is held (a changed one's are taken
    # out first): a copy, many times faster than inserts, meets no conflict.
    index="COPY provenance_wording_recent (gram, number) FROM STDIN",
    forget=(
        "DELETE FROM provenance_wording WHERE gram = %s AND number = %s",
        "DELETE FROM provenance_wording_recent WHERE gram = %s AND number = %s",
    ),
    name="INSERT INTO provenance_wording_ids (number, id) VALUES (%s, %s)",
    merge=(
        "INSERT INTO provenance_wording SELECT gram, number FROM provenance_wording_recent "
        "ON CONFLICT DO NOTHING",
        "DELETE FROM provenance_wording_recent",
    ),
    merged="SELECT value FROM provenance_archive WHERE key = 'wording_merged'",
    next_merged="INSERT INTO provenance_archive VALUES ('wording_merged', %s) "
    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    every=f'SELECT {_COLUMNS} FROM provenance_documents ORDER BY id COLLATE "C"',
    next_schema="UPDATE provenance_archive SET value = %s WHERE key = 'schema'",
    copy=True,
)
# One round trip each: every key's documents (at most a number of each), and the
# chosen documents' rows.
_POSTINGS = (
    "SELECT g, w.number FROM unnest(%s::bigint[]) AS g, LATERAL "
    "((SELECT number FROM provenance_wording WHERE gram = g LIMIT %s) UNION ALL "
    "(SELECT number FROM provenance_wording_recent WHERE gram = g LIMIT %s)) AS w"
)
_BY_NUMBER = (
    f"SELECT w.number, {', '.join('d.' + c for c in COLUMNS)} FROM provenance_wording_ids AS w "
    "JOIN provenance_documents AS d ON d.id = w.id WHERE w.number = ANY(%s)"
)


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise MissingExtraError(
            "PostgreSQL archives need psycopg: pip install 'news-provenance[postgresql]'"
        ) from None
    return psycopg


class PostgresStore:
    """An archive in a PostgreSQL database, at ``address`` (a ``postgresql://`` URL).
    :class:`~provenance.store.archive.Archive` is the way in."""

    def __init__(self, address: str, *, timeout: float) -> None:
        self._psycopg = _psycopg()
        self.path = _redacted(address)  # named in messages, without a password
        self.timeout = timeout
        try:
            self._db = self._psycopg.connect(address, autocommit=True, connect_timeout=30)
        except self._psycopg.Error as err:
            raise ArchiveError(f"{self.path}: cannot connect ({_first_line(err)})") from None

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _failures(self) -> Iterator[None]:
        errors = self._psycopg.errors
        try:
            yield
        except errors.LockNotAvailable:
            raise ArchiveBusyError(
                f"{self.path} is being written by another process; waited "
                f"{self.timeout:g} s for it (nothing was written)"
            ) from None
        except self._psycopg.Error as err:
            raise ArchiveError(f"{self.path}: {_first_line(err)}") from None

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        """One write transaction, holding the archive's writer lock from its start."""
        with self._failures(), self._db.transaction(), self._db.cursor() as cur:
            # At least 1 ms: 0 would mean waiting for ever.
            cur.execute(f"SET LOCAL lock_timeout = {max(1, int(self.timeout * 1000))}")
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            yield cur

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        """One read transaction: every read in it sees one committed state."""
        with self._failures(), self._db.transaction(), self._db.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield cur

    @staticmethod
    def _meta(cur: Any) -> dict[str, str] | None:
        cur.execute("SELECT to_regclass('provenance_archive') IS NOT NULL")
        if not cur.fetchone()[0]:
            return None
        cur.execute("SELECT key, value FROM provenance_archive")
        return dict(cur.fetchall())

    def meta(self) -> dict[str, str] | None:
        """The ``provenance_archive`` table, or ``None`` when the database has none."""
        with self._reading() as cur:
            return self._meta(cur)

    def create(self, meta: dict[str, str]) -> dict[str, str]:
        """Make the tables and write ``meta``, unless another process did first;
        the archive's ``meta`` either way."""
        with self._writing() as cur:
            found = self._meta(cur)
            if found is not None:
                return found
            for statement in _TABLES:
                cur.execute(statement)
            cur.executemany("INSERT INTO provenance_archive VALUES (%s, %s)", sorted(meta.items()))
            return meta

    def upgrade(self, schema: int, keys: Keys) -> dict[str, str]:
        """As :meth:`provenance.store.sqlite.SQLiteStore.upgrade`."""
        with self._writing() as cur:
            for statement in _TABLES:  # CREATE ... IF NOT EXISTS
                cur.execute(statement)
            return upgrade(cur, self._meta(cur) or {}, _STATEMENTS, keys, schema)

    def add(
        self,
        rows: Sequence[DocumentRow],
        *,
        keys: Keys,
        replace: bool,
        written: Callable[[int], None] | None = None,
    ) -> Division:
        """As :meth:`provenance.store.sqlite.SQLiteStore.add`."""
        with self._writing() as cur:
            cur.execute(
                "SELECT id, digest FROM provenance_documents WHERE id = ANY(%s)",
                ([r.id for r in rows],),
            )
            held = dict(cur.fetchall())
            where = str(self.path)
            return write(
                cur,
                rows,
                held,
                _STATEMENTS,
                keys=keys,
                replace=replace,
                where=where,
                written=written,
            )

    def remember(self, key: str, value: str, generation: str) -> bool:
        """As :meth:`provenance.store.sqlite.SQLiteStore.remember`."""
        try:
            with self._failures(), self._db.transaction(), self._db.cursor() as cur:
                cur.execute("SELECT pg_try_advisory_xact_lock(%s)", (_LOCK,))
                if not cur.fetchone()[0]:
                    return False
                cur.execute(_STATEMENTS.generation)
                if cur.fetchone()[0] != generation:
                    return False
                cur.execute(
                    "INSERT INTO provenance_archive VALUES (%s, %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                    (key, value),
                )
                return True
        except ArchiveError:  # a role that may not write
            return False

    def row(self, doc_id: str) -> DocumentRow | None:
        """As :meth:`provenance.store.sqlite.SQLiteStore.row`."""
        with self._reading() as cur:
            if self._meta(cur) is None:
                return None
            cur.execute(_STATEMENTS.held, (doc_id,))
            found = cur.fetchone()
            return DocumentRow(*found) if found else None

    def near(self, grams: Sequence[int], choose: Choose) -> list[DocumentRow]:
        """As :meth:`provenance.store.sqlite.SQLiteStore.near`."""
        with self._reading() as cur:
            postings: dict[int, list[int]] = {g: [] for g in grams}
            cur.execute(_POSTINGS, (list(grams), COMMON + 1, COMMON + 1))
            for g, number in cur.fetchall():
                postings[g].append(number)
            for numbers in postings.values():
                numbers.sort()  # in the index's order, as SQLite gives them
            chosen = list(choose(postings))
            cur.execute(_BY_NUMBER, (chosen,))
            found = {number: DocumentRow(*row) for number, *row in cur.fetchall()}
            return [found[n] for n in chosen if n in found]

    def rows(self) -> tuple[dict[str, str], list[DocumentRow]]:
        """The archive's ``meta`` and every document's row, by id, as of one
        committed state."""
        with self._reading() as cur:
            meta = self._meta(cur) or {}
            if not meta:
                return meta, []
            cur.execute(f'SELECT {_COLUMNS} FROM provenance_documents ORDER BY id COLLATE "C"')
            return meta, [DocumentRow(*row) for row in cur.fetchall()]

    def count(self) -> int:
        with self._reading() as cur:
            if self._meta(cur) is None:
                return 0
            cur.execute("SELECT count(*) FROM provenance_documents")
            return int(cur.fetchone()[0])


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


def _redacted(address: str) -> str:
    """``address`` without its password, as messages name it."""
    scheme, sep, rest = address.partition("://")
    login, at, host = rest.rpartition("@")
    if not at or ":" not in login:
        return address
    return f"{scheme}{sep}{login.split(':', 1)[0]}:***@{host}"

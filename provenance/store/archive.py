"""An archive that grows: documents kept in a file, added to, and analysed as a whole.

>>> import tempfile, provenance
>>> from provenance import Archive
>>> folder = tempfile.mkdtemp()
>>> example = provenance.load(provenance.example_path()).documents
>>> with Archive(f"{folder}/news.db") as archive:
...     first = archive.add(example[:1])
...     rest = archive.add(provenance.example_path())
...     report = archive.report()
>>> len(first.added), len(rest.added), len(rest.skipped)
(1, 4, 1)
>>> report.to_json() == provenance.analyze(provenance.example_path()).to_json()
True
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol

import attrs

from provenance.errors import ArchiveError, ConfigError
from provenance.ingest import load
from provenance.model import Config, Corpus, Document, OutletProfile, Report
from provenance.parallel import progress as bar
from provenance.pipeline import CorpusLike, analyze
from provenance.store.lookup import Lookup, lookup
from provenance.store.postgresql import PostgresStore
from provenance.store.rows import Division, DocumentRow, Keys
from provenance.store.sqlite import SQLiteStore
from provenance.store.wording import Choose, nearest, wording_keys

__all__ = ["FORMAT", "NEIGHBOURS", "SCHEMA", "Added", "Archive", "Store", "open_store"]

FORMAT = "news-provenance archive"
"""What an archive says it is (its ``format``), on either storage."""

SCHEMA = 2
"""The schema this version writes and reads, on either storage. An archive of a later
schema is refused; one of an earlier schema is brought up to this one when it is
opened, in one transaction (``docs/archive.md``): schema 1 had no wording index."""

_OUTLETS = "outlets"  # the archive table's key of the last report's outlets' profile

NEIGHBOURS = 100
"""The most documents of the archive a lookup analyses with the article, by default:
those that share the most indexed wording with it (:mod:`provenance.store.wording`)."""


class Store(Protocol):
    """What :class:`Archive` asks of a storage: rows in, rows out, each call one
    transaction (:class:`~provenance.store.sqlite.SQLiteStore`,
    :class:`~provenance.store.postgresql.PostgresStore`)."""

    def meta(self) -> dict[str, str] | None: ...

    def create(self, meta: dict[str, str]) -> dict[str, str]: ...

    def upgrade(self, schema: int, keys: Keys) -> dict[str, str]: ...

    def add(
        self,
        rows: Sequence[DocumentRow],
        *,
        keys: Keys,
        replace: bool,
        written: Callable[[int], None] | None = None,
    ) -> Division: ...

    def rows(self) -> tuple[dict[str, str], list[DocumentRow]]: ...

    def row(self, doc_id: str) -> DocumentRow | None: ...

    def remember(self, key: str, value: str, generation: str) -> bool: ...

    def near(self, grams: Sequence[int], choose: Choose) -> list[DocumentRow]: ...

    def count(self) -> int: ...

    def close(self) -> None: ...


_POSTGRESQL = ("postgresql", "postgres")


def open_store(where: str | os.PathLike[str], *, timeout: float) -> tuple[str, Store]:
    """The storage at ``where`` (a path: SQLite; a ``postgresql://`` URL: PostgreSQL)
    and the name messages give it (a URL without its password)."""
    if isinstance(where, str) and "://" in where:
        scheme = where.split("://", 1)[0].lower()
        if scheme not in _POSTGRESQL:
            raise ArchiveError(
                f"{scheme}:// archives are not known; give the path of an SQLite file "
                "or a postgresql:// address"
            )
        store = PostgresStore(where, timeout=timeout)
        return store.path, store
    return str(where), SQLiteStore(Path(where), timeout=timeout)


@attrs.frozen
class Added:
    """What one :meth:`Archive.add` did, each a tuple of document ids in id order:
    the documents ``added``, those ``replaced`` (``replace=True``), and those
    ``skipped`` because the archive held them already, the same."""

    added: tuple[str, ...]
    replaced: tuple[str, ...]
    skipped: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """Whether the addition changed the archive."""
        return bool(self.added or self.replaced)


class Archive:
    """A persistent store of documents, to which articles are added day after day:
    opened on a path (an SQLite file, made when absent) or a ``postgresql://``
    address (a database of a PostgreSQL server; its tables are made when absent).

    The archive keeps the parameters it was made with (``config``, or flat
    ``options`` as :func:`provenance.analyze` takes them; the defaults when none is
    given). Opened again with none, it uses them; with others, it is an error, never
    a silent mix. ``timeout`` is how long an addition waits for another process's
    addition to finish before :class:`~provenance.errors.ArchiveBusyError`.

    :raises ArchiveError: for a file that is not an archive, is damaged, was
        written by a newer version, or was made with other parameters.
    """

    def __init__(
        self,
        where: str | os.PathLike[str],
        *,
        config: Config | None = None,
        timeout: float = 60.0,
        **options: Any,
    ) -> None:
        if config is not None and options:
            raise ArchiveError("give either config or options, not both")
        asked = Config.from_options(**options) if options else config
        self.where, self._store = open_store(where, timeout=timeout)
        self._parsed: tuple[str, int, OutletProfile] | None = None
        try:
            self.config = self._open(asked)
        except BaseException:
            self._store.close()
            raise

    def _open(self, asked: Config | None) -> Config:
        meta = self._store.meta()
        if meta is None:
            meta = self._store.create(
                {
                    "format": FORMAT,
                    "schema": str(SCHEMA),
                    "config": json.dumps((asked or Config()).to_dict(), sort_keys=True),
                    "generation": "0",
                }
            )
        if meta.get("format") != FORMAT or not meta.get("schema", "").isdigit():
            raise ArchiveError(f"{self.where} is not a provenance archive")
        if int(meta["schema"]) > SCHEMA:
            raise ArchiveError(
                f"{self.where} was written by a newer version of provenance (archive schema "
                f"{meta['schema']}; this version reads schema {SCHEMA}): upgrade provenance"
            )
        try:
            kept = Config.from_dict(json.loads(meta["config"]))
        except (KeyError, ValueError) as err:
            raise ArchiveError(f"{self.where}: its parameters cannot be read ({err})") from None
        if asked is not None and asked != kept:
            raise ArchiveError(
                f"{self.where} was made with other parameters ({_differences(kept, asked)}); "
                "open it without parameters to use its own, or make a new archive"
            )
        if int(meta["schema"]) < SCHEMA:
            self._store.upgrade(SCHEMA, lambda documents: wording_keys(documents, kept))
        return kept

    def _keys(self, documents: Sequence[Document]) -> dict[str, Any]:
        """The wording index's keys of ``documents``, with the archive's parameters."""
        return wording_keys(documents, self.config)

    def add(
        self,
        corpus: CorpusLike,
        *,
        manifest: str | os.PathLike[str] | None = None,
        encoding: str | Sequence[str] = "utf-8",
        on_error: Literal["raise", "warn", "skip"] = "raise",
        replace: bool = False,
        progress: bool | None = None,
    ) -> Added:
        """Add documents: anything :func:`provenance.load` accepts, read as it reads
        them (``manifest``, ``encoding``, ``on_error``). All of them are written in
        one transaction, or none: a process killed in the middle leaves the archive
        as it was. A document the archive holds already, the same (its text and every
        other field), is skipped; a different one with the same id is an error that
        writes nothing, unless ``replace``. ``progress`` shows a progress bar of the
        documents written (``None``: on a terminal only).

        :raises InputError: for bad input (with ``on_error="raise"``); nothing is
            written.
        :raises ArchiveError: for a document that would change, without ``replace``.
        """
        documents = load(corpus, manifest, encoding=encoding, on_error=on_error).documents
        with bar(len(documents), "adding", enabled=progress, unit="documents") as shown:
            part = self._store.add(
                [DocumentRow.of(d) for d in documents],
                keys=self._keys,
                replace=replace,
                written=shown.update,
            )
        return Added(tuple(r.id for r in part.new), tuple(r.id for r in part.changed), part.skipped)

    def documents(self) -> Corpus:
        """Every document of the archive, by id, as of its last committed addition."""
        return self._held()[1]

    def _held(self) -> tuple[str, Corpus]:
        """The archive's generation and its documents, as of one committed state."""
        meta, rows = self._store.rows()
        documents = tuple(row.document() for row in sorted(rows, key=lambda r: r.id))
        return meta.get("generation", "0"), Corpus(documents)

    def report(self, *, workers: int = 0, progress: bool | None = None) -> Report:
        """The report of every document of the archive, the same, JSON byte for byte,
        as :func:`provenance.analyze` of those documents in one batch with the
        archive's parameters. (Made from the documents as they stand: see
        ``docs/archive.md`` for what is kept and what is recomputed.) An empty
        archive's report has no documents.

        The outlets' profile it found (:attr:`Report.outlets`) is kept for lookups
        (:meth:`query`), unless another process is adding at that moment (the report
        never waits for it) or has added since it read the documents.
        """
        generation, documents = self._held()
        report = analyze(documents, config=self.config, workers=workers, progress=progress)
        kept = json.dumps({"generation": int(generation), "profile": report.outlets.to_dict()})
        self._store.remember(_OUTLETS, kept, generation)
        return report

    def _profile(self) -> tuple[int | None, OutletProfile | None]:
        """The outlets' profile of the archive's last report, and its generation
        (``None`` when no report was kept); parsed once while it stays the same."""
        raw = (self._store.meta() or {}).get(_OUTLETS)
        if raw is None:
            return None, None
        if self._parsed is None or self._parsed[0] != raw:
            kept = json.loads(raw)
            self._parsed = (raw, int(kept["generation"]), OutletProfile.from_dict(kept["profile"]))
        return self._parsed[1], self._parsed[2]

    def query(
        self,
        text_or_document: str | Document,
        *,
        top: int = 10,
        exact: bool = False,
        neighbours: int = NEIGHBOURS,
        workers: int = 1,
        progress: bool | None = None,
    ) -> Lookup:
        """Where did this come from? The archive's documents that share wording with
        ``text_or_document`` (an article's text, or a :class:`Document` with its
        outlet and date), its ``top`` best matches, and the origin of each of its
        words. Nothing is added.

        The answer is read off an analysis of the article with the ``neighbours``
        documents of the archive that share the most indexed wording with it
        (:mod:`provenance.store.wording`), weighing the outlets' profile of the
        archive's last :meth:`report` (when one was kept): milliseconds for most
        articles, seconds for a story a hundred outlets carry. With ``exact``, it is
        read off the analysis of the whole archive with the article, as
        :func:`provenance.analyze` gives it, at the cost of that analysis. The two
        nearly always agree on the matches; the words' origins can differ
        (``docs/archive.md``). ``workers`` and ``progress`` are
        :func:`provenance.analyze`'s; one process by default, as worker processes
        cost a lookup more than they save (``exact`` lookups gain from ``workers=0``).

        A text alone gets the id ``query`` (``query-2``, ... if the archive holds
        that id). A document whose id the archive holds is looked up as held if it is
        the same, and is an error if it is not.

        :raises ArchiveError: for a document that differs from the held one of its id.
        """
        if not isinstance(top, int) or isinstance(top, bool) or top < 1:
            raise ConfigError(f"top must be a positive integer, got {top!r}")
        if not isinstance(neighbours, int) or isinstance(neighbours, bool) or neighbours < 1:
            raise ConfigError(f"neighbours must be a positive integer, got {neighbours!r}")
        if isinstance(text_or_document, Document):
            document = text_or_document
        else:
            name, n = "query", 1
            while self._store.row(name) is not None:
                n += 1
                name = f"query-{n}"
            document = Document(name, text_or_document)
        held = self._store.row(document.id)
        if held is not None and not held.same_as(DocumentRow.of(document)):
            raise ArchiveError(
                f"{self.where} holds another document with the id {document.id!r}; "
                "give the document another id to look it up"
            )
        generation, profile = None, None
        if exact:
            others = [d for d in self.documents().documents if d.id != document.id]
            scope = "archive"
        else:
            others = self.nearest(document, most=neighbours)
            scope = "neighbourhood"
            generation, profile = self._profile()
        report = analyze(
            [document, *others],
            config=self.config,
            workers=workers,
            progress=progress,
            outlets=profile,
        )
        return lookup(
            report.to_dict(),
            document.id,
            top=top,
            scope=scope,
            compared=len(others),
            outlets=generation,
        )

    def nearest(self, document: Document, *, most: int = NEIGHBOURS) -> list[Document]:
        """The ``most`` documents of the archive, ``document`` aside, that share the
        most of its indexed wording (:mod:`provenance.store.wording`), nearest first:
        those a lookup analyses it with."""
        keys = [int(k) for k in self._keys([document])[document.id]]
        rows = self._store.near(keys, functools.partial(nearest, most=most + 1))
        return [r.document() for r in rows if r.id != document.id][:most]

    def __len__(self) -> int:
        return self._store.count()

    def close(self) -> None:
        """Close the archive's file. Everything added is written already."""
        self._store.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Archive({self.where!r})"


def _differences(kept: Config, asked: Config) -> str:
    """The options that differ, as ``name: kept -> asked`` (the first three)."""
    old, new = kept.to_dict(), asked.to_dict()
    found = [
        f"{name}: {old[stage][name]!r} -> {new[stage][name]!r}"
        for stage in old
        for name in old[stage]
        if old[stage][name] != new[stage].get(name)
    ]
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    return "; ".join(found[:3]) + more

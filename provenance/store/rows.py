"""Documents as the rows an archive stores, and back: the same document, field for field."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from provenance.dates import parse_date
from provenance.errors import ArchiveError
from provenance.model import Document, _jsonable, date_to_iso
from provenance.store.wording import document_number

__all__ = [
    "COLUMNS",
    "STEP",
    "Division",
    "DocumentRow",
    "Keys",
    "Statements",
    "divide",
    "index",
    "settle",
    "upgrade",
    "write",
]

STEP = 5000
"""Rows an addition writes at a time, inside its one transaction: the step of its
progress bar."""


@attrs.frozen
class DocumentRow:
    """A :class:`~provenance.model.Document` as text fields: its date in ISO 8601 (of
    its precision), its metadata as JSON (in its own order, as the report writes it).
    ``digest`` identifies what the document says (:meth:`same_as`); ``source`` (the
    file it was read from) is kept but is not part of it."""

    id: str
    text: str
    outlet: str | None
    date: str | None
    url: str | None
    title: str | None
    metadata: str
    source: str | None
    digest: str

    @classmethod
    def of(cls, doc: Document) -> DocumentRow:
        """The row of ``doc``.

        >>> row = DocumentRow.of(Document("a", "Text.", date=parse_date("2023-09")))
        >>> row.date, row.document() == Document("a", "Text.", date=parse_date("2023-09"))
        ('2023-09', True)
        """
        metadata = _jsonable(doc.metadata)
        date = date_to_iso(doc.date)
        said = [doc.id, doc.text, doc.outlet, date, doc.url, doc.title, metadata]
        canonical = json.dumps(said, sort_keys=True, ensure_ascii=False)
        return cls(
            id=doc.id,
            text=doc.text,
            outlet=doc.outlet,
            date=date,
            url=doc.url,
            title=doc.title,
            metadata=json.dumps(metadata, ensure_ascii=False),
            source=doc.source,
            digest=hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest(),
        )

    def values(self) -> tuple[str | None, ...]:
        """The fields, in the order of :data:`COLUMNS`."""
        return attrs.astuple(self)

    def document(self) -> Document:
        """The document this row holds."""
        metadata: dict[str, Any] = json.loads(self.metadata)
        return Document(
            self.id,
            self.text,
            outlet=self.outlet,
            date=parse_date(self.date),
            url=self.url,
            title=self.title,
            metadata=metadata,
            source=self.source,
        )

    def same_as(self, other: DocumentRow) -> bool:
        """Whether both rows hold the same document (its source aside)."""
        return self.digest == other.digest


COLUMNS = tuple(a.name for a in attrs.fields(DocumentRow))
"""A row's fields, in order: the columns an archive stores them in."""


@attrs.frozen
class Division:
    """An addition's rows, by what the archive holds: ``new`` ids, ``changed`` ones
    (held with another document) and ``skipped`` ones (held, the same)."""

    new: tuple[DocumentRow, ...]
    changed: tuple[DocumentRow, ...]
    skipped: tuple[str, ...]


def divide(
    rows: Sequence[DocumentRow], held: Mapping[str, str], *, replace: bool, where: str
) -> Division:
    """Divide ``rows`` by ``held`` (the archive ``where``'s digests of their ids): the
    one rule of every storage's addition.

    :raises ArchiveError: naming the changed documents, unless ``replace``.
    """
    new = tuple(r for r in rows if r.id not in held)
    changed = tuple(r for r in rows if r.id in held and held[r.id] != r.digest)
    skipped = tuple(r.id for r in rows if held.get(r.id) == r.digest)
    if changed and not replace:
        ids = ", ".join(r.id for r in changed[:5])
        more = f" and {len(changed) - 5} more" if len(changed) > 5 else ""
        raise ArchiveError(
            f"{where} holds {len(changed)} of these documents with another text or other "
            f"fields ({ids}{more}); nothing was added. Add them with replace=True "
            "(provenance add --replace) to replace them"
        )
    return Division(new, changed, skipped)


@attrs.frozen
class Statements:
    """A storage's SQL for :func:`write`, in its own dialect and tables: ``insert``
    (or replace) a row, its :data:`COLUMNS` then its generation; ``generation``
    read; ``next_generation`` set (one parameter); ``held`` read a document's row
    (its :data:`COLUMNS`, by id); and the wording index's (:mod:`provenance.store.wording`):
    ``index`` keys ``(gram, number)`` into its recent part (an ``INSERT`` of one, or
    with ``copy`` a ``COPY ... FROM STDIN`` of many, psycopg's), ``forget`` one from
    each part, ``name`` a document's number ``(number, id)``, ``merge`` the recent
    part into the settled one and empty it, and ``merged`` read and ``next_merged``
    set the generation of the last merge (:func:`write`)."""

    insert: str
    generation: str
    next_generation: str
    held: str
    index: str
    forget: tuple[str, ...]
    name: str
    merge: tuple[str, ...]
    merged: str
    next_merged: str
    every: str
    next_schema: str
    copy: bool = False


Keys = Callable[[Sequence[Document]], Mapping[str, Any]]
"""The wording index's keys of documents, by id (:func:`provenance.store.wording.wording_keys`
with the archive's parameters)."""


def index(
    cursor: Any, rows: Sequence[DocumentRow], sql: Statements, keys: Keys, *, named: bool = False
) -> None:
    """Put ``rows``' documents in the wording index, :data:`STEP` of them at a time,
    and their numbers unless they are ``named`` already (a number another id holds is
    an error of the storage, never a silent merge)."""
    for start in range(0, len(rows), STEP):
        step = rows[start : start + STEP]
        if not named:
            cursor.executemany(sql.name, [(document_number(r.id), r.id) for r in step])
        pairs = _pairs(step, keys)
        if sql.copy:
            with cursor.copy(sql.index) as copy:
                for pair in pairs:
                    copy.write_row(pair)
        else:
            cursor.executemany(sql.index, pairs)


def _unindex(cursor: Any, rows: Sequence[DocumentRow], sql: Statements, keys: Keys) -> None:
    """Take the held documents ``rows`` out of the wording index (their numbers stay)."""
    if not rows:
        return
    pairs = _pairs(rows, keys)
    for statement in sql.forget:
        cursor.executemany(statement, pairs)


MERGE_FRACTION = 8
"""The wording index is two tables: the keys of the latest additions go to a recent
part, small enough that writing into it stays cheap, and are merged into the settled
part once the additions since the last merge outnumber an eighth of those before it
(and at least :data:`MERGE_AFTER`). A merge rewrites the settled part's pages once;
writing every addition into it would rewrite most of them each time (at 1M
paragraphs, 2 s an addition and growing)."""

MERGE_AFTER = 4


def settle(cursor: Any, sql: Statements, generation: int) -> None:
    """Merge the wording index's recent part into its settled one, if it is time
    (:data:`MERGE_FRACTION`), inside an addition's transaction at ``generation``."""
    row = cursor.execute(sql.merged).fetchone()
    merged = int(row[0]) if row else 0
    if generation - merged >= max(MERGE_AFTER, merged // MERGE_FRACTION):
        for statement in sql.merge:
            cursor.execute(statement)
        cursor.execute(sql.next_merged, (str(generation),))


def _pairs(rows: Sequence[DocumentRow], keys: Keys) -> list[tuple[int, int]]:
    """The index's ``(gram, number)`` of ``rows``' documents, in the index's order
    (written in order, they fill its pages one after another)."""
    found = keys([r.document() for r in rows])
    grams = np.concatenate([np.asarray(found[r.id], dtype=np.int64) for r in rows])
    numbers = np.repeat(
        np.array([document_number(r.id) for r in rows], dtype=np.int64),
        [len(found[r.id]) for r in rows],
    )
    order = np.lexsort((numbers, grams))
    return list(zip(grams[order].tolist(), numbers[order].tolist(), strict=True))


def upgrade(
    cursor: Any, meta: dict[str, str], sql: Statements, keys: Keys, schema: int
) -> dict[str, str]:
    """Bring an archive of an older schema to ``schema`` inside a storage's open write
    transaction, once its tables are made, the same on every storage (from 1: the
    wording index of every document, ``keys``); its ``meta`` (read in the same
    transaction) after."""
    if int(meta.get("schema", schema)) < schema:
        rows = [DocumentRow(*row) for row in cursor.execute(sql.every).fetchall()]
        index(cursor, rows, sql, keys)
        settle(cursor, sql, int(meta.get("generation", "0")))
        cursor.execute(sql.next_schema, (str(schema),))
        meta = {**meta, "schema": str(schema)}
    return meta


def write(
    cursor: Any,
    rows: Sequence[DocumentRow],
    held: Mapping[str, str],
    sql: Statements,
    *,
    keys: Keys,
    replace: bool,
    where: str,
    written: Callable[[int], None] | None,
) -> Division:
    """An addition inside a storage's open write transaction, the same on every
    storage: ``rows`` divided by ``held`` (:func:`divide`), the new and the changed
    ones written :data:`STEP` rows at a time (``written`` told each step's size: a
    progress bar) under the archive's next generation, each step put in the wording
    index (``keys``; a changed document's old keys taken out first). ``cursor`` is a
    DB-API cursor or connection whose ``execute`` returns a cursor.

    :raises ArchiveError: naming the changed documents, unless ``replace``.
    """
    part = divide(rows, held, replace=replace, where=where)
    if part.new or part.changed:
        generation = int(cursor.execute(sql.generation).fetchone()[0]) + 1
        old = [DocumentRow(*cursor.execute(sql.held, (r.id,)).fetchone()) for r in part.changed]
        _unindex(cursor, old, sql, keys)
        out = [*part.new, *part.changed]
        for start in range(0, len(out), STEP):
            step = out[start : start + STEP]
            cursor.executemany(sql.insert, [(*r.values(), generation) for r in step])
            index(cursor, [r for r in step if r.id not in held], sql, keys)
            index(cursor, [r for r in step if r.id in held], sql, keys, named=True)
            if written is not None:
                written(len(step))
        settle(cursor, sql, generation)
        cursor.execute(sql.next_generation, (str(generation),))
    return part

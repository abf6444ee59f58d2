"""Documents as the rows an archive stores, and back: the same document, field for field."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import attrs

from provenance.dates import parse_date
from provenance.model import Document, _jsonable, date_to_iso

__all__ = ["COLUMNS", "DocumentRow"]


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

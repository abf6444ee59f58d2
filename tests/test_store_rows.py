"""Documents as archive rows and back (provenance.store.rows)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from provenance.dates import PartialDate
from provenance.model import Document
from provenance.store.rows import COLUMNS, DocumentRow

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80)
_ZONES = st.sampled_from(
    [
        None,
        dt.timezone.utc,
        dt.timezone(dt.timedelta(hours=4)),
        dt.timezone(dt.timedelta(hours=-5, minutes=-30)),
    ]
)
_DATES = st.one_of(
    st.none(),
    st.dates(dt.date(1800, 1, 1), dt.date(2100, 1, 1)),
    st.builds(
        lambda d, tz: d.replace(tzinfo=tz),
        st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)),
        _ZONES,
    ),
    st.builds(PartialDate, st.integers(1000, 2999), st.none() | st.integers(1, 12)),
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=6,
)
_DOCUMENTS = st.builds(
    Document,
    _TEXT,
    _TEXT,
    outlet=st.none() | _TEXT,
    date=_DATES,
    url=st.none() | _TEXT,
    title=st.none() | _TEXT,
    metadata=st.dictionaries(_TEXT, _JSON, max_size=4),
    source=st.none() | _TEXT,
)


@given(_DOCUMENTS)
def test_a_document_comes_back_the_same(doc: Document) -> None:
    row = DocumentRow.of(doc)
    back = row.document()
    assert back == doc
    assert back.source == doc.source
    assert DocumentRow.of(back) == row
    assert len(row.values()) == len(COLUMNS)


@given(_DOCUMENTS, _TEXT)
def test_the_digest_tells_what_a_document_says(doc: Document, other: str) -> None:
    row = DocumentRow.of(doc)
    moved = DocumentRow.of(Document(doc.id, doc.text, outlet=doc.outlet, source="elsewhere"))
    assert moved.same_as(DocumentRow.of(Document(doc.id, doc.text, outlet=doc.outlet)))
    if other != doc.text:
        changed = Document(doc.id, other, outlet=doc.outlet, date=doc.date, metadata=doc.metadata)
        assert not DocumentRow.of(changed).same_as(row)


def test_the_metadata_order_is_kept_and_does_not_count() -> None:
    a = DocumentRow.of(Document("a", "Text.", metadata={"x": 1, "y": 2}))
    b = DocumentRow.of(Document("a", "Text.", metadata={"y": 2, "x": 1}))
    assert a.same_as(b)
    assert list(a.document().metadata) == ["x", "y"]
    assert list(b.document().metadata) == ["y", "x"]

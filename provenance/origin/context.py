"""What the origin stage knows of the corpus, shared by the trees of every family."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from provenance.dates import DateKey
from provenance.model import AlignConfig, Credit, Document, OriginConfig, Segmentation


@attrs.frozen
class _Context:
    """What the trees of any family need to know of the corpus, read by every module of
    the stage (built once per run by :func:`provenance.origin.stage._context`)."""

    docs: Mapping[str, Document]
    credits: Mapping[str, tuple[Credit, ...]]
    seg: Segmentation
    config: OriginConfig
    align: AlignConfig  # how edge edits are computed: as the links' are
    doc_ids: list[str]  # numbering the documents for attribution codes
    doc_index: Mapping[str, int]
    dates: Mapping[str, DateKey]  # per document, :func:`provenance.dates.date_key`
    iso: Mapping[str, str | None]  # per document, its date as written in ISO 8601

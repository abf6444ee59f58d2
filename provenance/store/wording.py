"""The archive's wording index: which documents carry which runs of words.

An archive keeps, for every document, a sample of its word n-grams (the anchors'
length, ``anchor_words``), each as a 64-bit key of the words' normalised forms
(:func:`provenance.scan.word_hashes`, stable from one run to the next). An n-gram is
kept when its key is a multiple of :data:`SAMPLE`: the choice depends on the words
alone, so two documents that share a run of words keep the same keys for it, and a
shared passage of a dozen words is found with near certainty while a quarter of the
keys is stored. A document's keys depend on its text alone (every paragraph, its
boilerplate too: whether a paragraph is an outlet's repeated line depends on the
outlet's other documents), so the index is the same whatever the additions it was
built by.

A lookup (:meth:`provenance.store.archive.Archive.query`) asks the index for the
documents that share the most keys with an article, leaving out keys more than
:data:`COMMON` documents carry (stock phrases), and analyses the article with them.

>>> from provenance.model import Document
>>> a = "The minister said on Monday that the border talks would resume in Geneva next week."
>>> b = "Officials confirmed the border talks would resume in Geneva next week, after a pause."
>>> both = wording_keys([Document("a", a), Document("b", b)])
>>> alone = wording_keys([Document("a", a)])
>>> list(both["a"]) == list(alone["a"]), all(k % SAMPLE == 0 for k in both["a"])
(True, True)
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from provenance.anchors import gram_hashes
from provenance.model import Config, Corpus, Document
from provenance.scan import word_hashes
from provenance.segment import segment

__all__ = ["COMMON", "SAMPLE", "Choose", "document_number", "nearest", "wording_keys"]

SAMPLE = 4
"""One n-gram in this many is kept (those whose key it divides). On the generator's
corpus of 10k paragraphs, lookups found 99.5 % of the documents a whole-archive
analysis links to the article, against 100 % with every n-gram kept
(``benchmarks/RESULTS.md`` §6)."""

COMMON = 1000
"""A key more documents than this carry is a stock phrase to a lookup: it is not
counted, and only this many of its documents (plus one) are read to know it."""


Choose = Callable[[Mapping[int, Sequence[int]]], Sequence[int]]
"""What picks documents, by number, from each key's documents (:func:`nearest`)."""


def wording_keys(
    documents: Sequence[Document], config: Config | None = None
) -> dict[str, npt.NDArray[np.int64]]:
    """The index keys of each document, by id: its sampled n-grams' keys (as signed
    64-bit integers, what SQLite and PostgreSQL store), sorted and distinct. An
    n-gram does not cross paragraphs; words are cut as ``config`` cuts them."""
    config = config or Config()
    n = config.index.anchor_words
    found: dict[str, npt.NDArray[np.int64]] = {d.id: np.zeros(0, dtype=np.int64) for d in documents}
    if not documents:
        return found
    seg = segment(Corpus(tuple(documents)), config.segment)
    if not len(seg.token_ids):
        return found
    words = word_hashes(seg.vocabulary)[seg.token_ids]
    grams = gram_hashes(words, n)
    table = seg.paragraphs
    lo, hi = table.tokens[:, 0], table.tokens[:, 1]
    # Every start of an n-gram inside a paragraph, by its paragraph.
    counts = np.maximum(hi - lo - n + 1, 0)
    owner = np.repeat(np.arange(len(lo)), counts)
    before = np.cumsum(counts) - counts  # n-grams of the paragraphs before each one
    starts = np.arange(int(counts.sum())) + np.repeat(lo - before, counts)
    keys = grams[starts]
    kept = keys % np.uint64(SAMPLE) == 0
    keys, docs = keys[kept].view(np.int64), table.doc[owner[kept]]
    order = np.lexsort((keys, docs))  # by document, then key: a run per document
    keys, docs = keys[order], docs[order]
    bounds = np.searchsorted(docs, np.arange(len(table.docs) + 1))
    for d, name in enumerate(table.docs):
        found[name] = np.unique(keys[bounds[d] : bounds[d + 1]])
    return found


def document_number(doc_id: str) -> int:
    """The number the index knows a document by: 63 bits of the SHA-256 of its id
    (a function of the id, so a document keeps it when it is replaced)."""
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def nearest(postings: Mapping[int, Iterable[int]], *, most: int) -> list[int]:
    """The ``most`` documents (by number) that share the most keys with an article,
    given each of its keys' documents (``postings``; a key with more than
    :data:`COMMON` is left out), best first; ties by number."""
    shared: Counter[int] = Counter()
    for numbers in postings.values():
        held = list(numbers)
        if len(held) <= COMMON:
            shared.update(held)
    ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
    return [number for number, _ in ranked[:most]]

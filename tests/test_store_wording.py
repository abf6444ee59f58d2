"""The archive's wording index (provenance.store.wording): its keys against a plain
reference, its ranking, and the index the storages keep against the keys of the
documents they hold, on both storages, through additions, replacements and an
upgrade from schema 1."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance
from provenance import Archive, Config, Document
from provenance.anchors import gram_hashes
from provenance.model import Corpus
from provenance.scan import word_hashes
from provenance.segment import segment
from provenance.store.archive import open_store
from provenance.store.wording import COMMON, SAMPLE, document_number, nearest, wording_keys

BACKENDS = pytest.mark.parametrize("archive_address", ["sqlite", "postgresql"], indirect=True)

WORDS = ["the", "talks", "would", "resume", "in", "Geneva", "minister", "said", "on"]
WORDS += ["Monday", "border", "officials"]


def _reference_keys(doc: Document, config: Config) -> list[int]:
    """The keys, a paragraph at a time: each paragraph's words hashed alone."""
    seg = segment(Corpus((doc,)), config.segment)
    n = config.index.anchor_words
    found: set[int] = set()
    for lo, hi in seg.paragraphs.tokens.tolist():
        words = [seg.vocabulary[i] for i in seg.token_ids[lo:hi].tolist()]
        if len(words) < n:
            continue
        grams = gram_hashes(word_hashes(words), n)[: len(words) - n + 1]
        found.update(int(g) for g in grams.view(np.int64) if int(g) % SAMPLE == 0)
    return sorted(found)


texts = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=30).map(" ".join),
    min_size=1,
    max_size=4,
).map("\n\n".join)


@given(st.lists(texts, min_size=1, max_size=4))
@settings(max_examples=40, deadline=None)
def test_keys_are_the_reference_and_do_not_depend_on_the_batch(bodies: list[str]) -> None:
    config = Config()
    docs = [Document(f"d{i}", text) for i, text in enumerate(bodies)]
    together = wording_keys(docs, config)
    for doc in docs:
        alone = wording_keys([doc], config)[doc.id]
        assert together[doc.id].tolist() == alone.tolist() == _reference_keys(doc, config)


def test_keys_follow_the_anchor_length_and_never_cross_paragraphs() -> None:
    run = " ".join(WORDS)
    apart = Document("a", "\n\n".join(WORDS))  # one word a paragraph: no n-gram at all
    assert wording_keys([apart])["a"].tolist() == []
    three = Config.from_options(anchor_words=3)
    doc = Document("b", f"{run}\n\n{run}")  # a paragraph twice: its keys once
    keys = wording_keys([doc], three)["b"].tolist()
    assert keys == _reference_keys(Document("b", run), three)
    assert keys and set(keys).isdisjoint(wording_keys([doc])["b"].tolist())


def test_the_nearest_share_the_most_keys_and_stock_phrases_do_not_count() -> None:
    postings: dict[int, Sequence[int]] = {
        1: [10, 20],
        2: [20, 30],
        3: [20],
        4: list(range(100, 100 + COMMON + 1)),  # a stock phrase
    }
    assert nearest(postings, most=2) == [20, 10]
    assert nearest(postings, most=10) == [20, 10, 30]


def test_document_numbers_are_63_bit_and_stable() -> None:
    assert document_number("a") == document_number("a") != document_number("b")
    assert 0 <= document_number("a") < 2**63


def _index_of(archive: Archive, docs: Sequence[Document]) -> dict[int, set[int]]:
    """What the archive's index holds for every key of ``docs``, read through the
    storage's lookup (every document of each key: ``docs`` are few)."""
    seen: dict[int, set[int]] = {}

    def record(postings: Mapping[int, Sequence[int]]) -> list[int]:
        seen.update({g: set(numbers) for g, numbers in postings.items()})
        return []

    grams = sorted({int(g) for keys in wording_keys(docs).values() for g in keys})
    archive._store.near(grams, record)
    return {g: numbers for g, numbers in seen.items() if numbers}


def _expected(held: Sequence[Document], asked: Sequence[Document]) -> dict[int, set[int]]:
    keys = wording_keys(held)
    grams = {int(g) for k in wording_keys(asked).values() for g in k}
    out: dict[int, set[int]] = {}
    for doc in held:
        for g in keys[doc.id].tolist():
            if g in grams:
                out.setdefault(g, set()).add(document_number(doc.id))
    return out


@BACKENDS
def test_the_index_holds_the_keys_of_what_is_held(archive_address: Callable[[], str]) -> None:
    seeds = list(provenance.load(provenance.example_path()).documents)
    changed = [Document(d.id, d.text.replace("Armenia", "Georgia")) for d in seeds[:2]]
    with Archive(archive_address()) as archive:
        # One addition at a time: the index's recent part is merged into its settled
        # one at the fourth (MERGE_AFTER), and read from both before and after.
        for k, doc in enumerate(seeds):
            archive.add([doc])
            assert _index_of(archive, seeds) == _expected(seeds[: k + 1], seeds)
        archive.add(changed, replace=True)  # the sixth addition: in the recent part
        now = changed + seeds[2:]
        assert _index_of(archive, seeds + changed) == _expected(now, seeds + changed)
        archive.add([Document("x", "Another article.")])
        archive.add([Document("y", "One more article.")])  # the eighth: merged again
        assert _index_of(archive, seeds + changed) == _expected(now, seeds + changed)


def _downgrade(address: str) -> None:
    """Make an archive of schema 1, as the first version wrote it: no wording index."""
    if "://" in address:
        with psycopg.connect(address, autocommit=True) as pg:
            pg.execute(
                "DROP TABLE provenance_wording, provenance_wording_recent, provenance_wording_ids"
            )
            pg.execute("DELETE FROM provenance_archive WHERE key = 'wording_merged'")
            pg.execute("UPDATE provenance_archive SET value = '1' WHERE key = 'schema'")
        return
    with sqlite3.connect(address) as db:
        for table in ("wording", "wording_recent", "wording_ids"):
            db.execute(f"DROP TABLE {table}")
        db.execute("DELETE FROM archive WHERE key = 'wording_merged'")
        db.execute("UPDATE archive SET value = '1' WHERE key = 'schema'")


@BACKENDS
def test_an_archive_of_schema_1_is_upgraded_when_opened(
    archive_address: Callable[[], str],
) -> None:
    seeds = list(provenance.load(provenance.example_path()).documents)
    path = archive_address()
    with Archive(path) as archive:
        archive.add(seeds[1:])
    _downgrade(path)
    with Archive(path) as archive:
        assert _index_of(archive, seeds) == _expected(seeds[1:], seeds)
        found = archive.query(seeds[0], workers=1, progress=False)
        assert found.matches and found.scope == "neighbourhood"
    _, store = open_store(path, timeout=10)
    try:
        assert (store.meta() or {})["schema"] == "2"
    finally:
        store.close()


def test_a_shared_passage_is_found_through_few_keys() -> None:
    """The sample keeps one key in SAMPLE, by the words alone: over many passages of
    a dozen shared words, nearly all share a kept key."""
    rng = np.random.default_rng(4)
    vocabulary = [f"w{i}" for i in range(5000)]
    found = 0
    for _ in range(200):
        shared = " ".join(rng.choice(vocabulary, 12))
        a = Document("a", f"{' '.join(rng.choice(vocabulary, 20))} {shared}.")
        b = Document("b", f"{shared} {' '.join(rng.choice(vocabulary, 20))}.")
        keys = wording_keys([a, b])
        found += bool(set(keys["a"].tolist()) & set(keys["b"].tolist()))
    # 8 five-word n-grams in 12 words: at least one kept in 1 - (3/4)^8 = 90 % of them.
    assert found >= 170

"""The index's sort-based grouping against a plain dictionary of buckets.

The index groups a band's units by sorting a hash of each key packed with the
unit, then splits by the full key the runs where different keys share a hash.
The references below group by the key itself, as ``MinHashLSH`` does. The hash
is swapped for the identity (so keys differing only in their low bits collide)
or for zero (so every key collides) to put the collision handling to work, and
the block size is shrunk so that blocks end inside runs.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance.index as index_module
from provenance.index import _band_pairs, band_keys, candidate_units, candidates
from provenance.model import IndexConfig

HASHES = {"mixed": index_module._MIX, "identity": np.uint64(1), "zero": np.uint64(0)}


@contextmanager
def _hashing(hash_name: str, rows: int) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_module, "_MIX", HASHES[hash_name])
        patch.setattr(index_module, "_ROWS", rows)
        yield


def _reference_band_pairs(keys: list[int], max_bucket: int) -> set[tuple[int, int]]:
    """Every pair of units with one key; past ``max_bucket``, neighbours in unit order."""
    buckets: dict[int, list[int]] = defaultdict(list)
    for unit, key in enumerate(keys):
        buckets[key].append(unit)
    pairs: set[tuple[int, int]] = set()
    for units in buckets.values():
        if len(units) > max_bucket:
            pairs.update(itertools.pairwise(units))
        else:
            pairs.update(itertools.combinations(units, 2))
    return pairs


def _keys(rng: random.Random, units: int, highs: int, lows: int) -> np.ndarray:
    """Keys from a few high parts and a few low parts: keys that differ only in
    their low bits collide under the identity hash."""
    high = [rng.getrandbits(40) << 24 for _ in range(highs)]
    return np.array([rng.choice(high) + rng.randrange(lows) for _ in range(units)], dtype=np.uint64)


def _check_band(keys: np.ndarray, max_bucket: int) -> None:
    left, right = _band_pairs(keys, max_bucket)
    found = list(zip(left.tolist(), right.tolist(), strict=True))
    assert all(i < j for i, j in found)
    assert len(found) == len(set(found))  # a band lists each pair once
    assert set(found) == _reference_band_pairs(keys.tolist(), max_bucket)


@settings(max_examples=300, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    units=st.integers(0, 80),
    highs=st.integers(1, 6),
    lows=st.integers(1, 5),
    max_bucket=st.integers(1, 8),
    hash_name=st.sampled_from(sorted(HASHES)),
    rows=st.sampled_from([1, 2, 5, 1 << 15]),
)
def test_band_pairs_equal_dictionary_buckets(
    seed: int, units: int, highs: int, lows: int, max_bucket: int, hash_name: str, rows: int
) -> None:
    keys = _keys(random.Random(seed), units, highs, lows)
    with _hashing(hash_name, rows):
        _check_band(keys, max_bucket)


@pytest.mark.parametrize("hash_name", sorted(HASHES))
def test_band_pairs_with_large_and_oversized_buckets(hash_name: str) -> None:
    rng = random.Random(7)
    # Mostly distinct keys, some buckets of every size up to past max_bucket=200.
    keys = [rng.getrandbits(64) for _ in range(20_000)]
    for size in [2, 3, 5, 40, 199, 200, 201, 350]:
        key = rng.getrandbits(64)
        for unit in rng.sample(range(len(keys)), size):
            keys[unit] = key
    colliding = _keys(rng, 3_000, 4, 3)  # also collide under the identity hash
    column = np.concatenate([np.array(keys, dtype=np.uint64), colliding])
    with _hashing(hash_name, 1 << 12):
        _check_band(column, 200)
        _check_band(column, 3)


def _signatures(
    rng: np.random.Generator, units: int, bands: int, paragraphs: int
) -> SimpleNamespace:
    # Few distinct values, so that keys repeat and collide in every band; the low
    # value varies more than the high one, so keys also share high bits.
    values = np.empty((units, 2 * bands), dtype=np.uint32)
    values[:, 0::2] = rng.integers(0, 5, (units, bands))
    values[:, 1::2] = rng.integers(0, 3, (units, bands))
    paragraph = rng.integers(0, paragraphs, units)  # in no particular order
    return SimpleNamespace(values=values, paragraph=paragraph)


@pytest.mark.parametrize("hash_name", sorted(HASHES))
@pytest.mark.parametrize("max_bucket", [2, 30, 200])
def test_candidates_equal_the_reference_for_any_workers(hash_name: str, max_bucket: int) -> None:
    rng = np.random.default_rng(5)
    sig = _signatures(rng, 600, 6, 150)
    doc_of = np.sort(rng.integers(0, 40, 150))
    seg = SimpleNamespace(paragraphs=SimpleNamespace(doc=doc_of))
    config = IndexConfig(bands=6, rows=2, max_bucket=max_bucket)
    keys = band_keys(sig.values, config.bands, config.rows)
    unit_pairs: set[tuple[int, int]] = set()
    for band in range(config.bands):
        unit_pairs |= _reference_band_pairs(keys[:, band].tolist(), max_bucket)
    paragraph_pairs = set()
    for i, j in unit_pairs:
        a, b = sorted((int(sig.paragraph[i]), int(sig.paragraph[j])))
        if doc_of[a] != doc_of[b]:
            paragraph_pairs.add((a, b))
    with _hashing(hash_name, 64):
        assert candidate_units(sig, config).tolist() == [list(p) for p in sorted(unit_pairs)]
        for workers in (1, 2):
            found = candidates(seg, sig, config, workers=workers)
            assert found.dtype == np.int64
            assert found.tolist() == [list(p) for p in sorted(paragraph_pairs)]

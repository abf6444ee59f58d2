"""The numpy word scanner against its definition, the regular expression."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance.scan as scan_module
from provenance.scan import WORD_PATTERN, normalize_word, scan, word_hash, word_hashes

# Characters that exercise every rule: letters and digits (ASCII and not), the
# joiners, dots (abbreviations), underscores, quotes, dashes, white space, a
# character whose low byte is a dot (U+012E), full-width letters and ligatures
# (NFKC), a letter that case-folds to two (ß), and one outside the BMP.
_TRICKY = "abcXYZé019_ .'’-‐‑–—“”\"\nĮÉßﬁＡ😀"


def _oracle(text: str) -> list[tuple[int, int, int]]:
    return [
        (m.start(), m.end(), word_hash(normalize_word(m.group())))
        for m in WORD_PATTERN.finditer(text)
    ]


def _scanned(text: str) -> list[tuple[int, int, int]]:
    starts, ends, hashes = scan(text)
    return list(zip(starts.tolist(), ends.tolist(), hashes.tolist(), strict=True))


@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=80))
@settings(max_examples=400)
def test_scan_finds_the_pattern_s_words_and_hashes_their_normal_forms(text: str) -> None:
    assert _scanned(text) == _oracle(text)


@given(st.text(max_size=60))
def test_scan_agrees_with_the_pattern_on_any_unicode(text: str) -> None:
    assert _scanned(text) == _oracle(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The U.S. envoy’s “visit”", ["The", "U.S.", "envoy’s", "visit"]),
        ("U.S.A and U.S", ["U.S.", "A", "and", "U", "S"]),
        ("Xa.b.c. x-U.S. ab.c.d.", ["Xa", "b.c.", "x-U", "S", "ab", "c.d."]),
        (
            "a--b a'-b Nagorno‑Karabakh 3.5.1 p.m.",
            ["a", "b", "a", "b", "Nagorno‑Karabakh", "3", "5", "1", "p.m."],
        ),
    ],
)
def test_scan_examples(text: str, words: list[str]) -> None:
    starts, ends, _ = scan(text)
    assert [text[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)] == words


@given(st.lists(st.text(alphabet=st.sampled_from(_TRICKY), max_size=12), max_size=30))
def test_long_texts_are_scanned_in_pieces_with_the_same_words(
    lines: list[str],
) -> None:
    text = " ".join(lines)
    expected = _oracle(text)
    original = scan_module._PIECE
    scan_module._PIECE = 16  # force many pieces (cut after white space)
    try:
        assert _scanned(text) == expected
    finally:
        scan_module._PIECE = original


@given(st.lists(st.text(max_size=20), max_size=20))
def test_word_hashes_in_bulk_equal_one_at_a_time(words: list[str]) -> None:
    words = [w.replace("\x00", "") for w in words]
    assert word_hashes(words).tolist() == [word_hash(w) for w in words]


def test_word_hash_depends_on_every_byte_and_the_length() -> None:
    words = ["", "a", "a" * 8, "a" * 9, "abcdefgh", "abcdefgi", "u.s.", "us", "é", "e"]
    assert len({word_hash(w) for w in words}) == len(words)


def test_a_piece_without_white_space_is_not_cut_inside_a_word() -> None:
    text = "x" * 40 + " tail U.S. words"
    original = scan_module._PIECE
    scan_module._PIECE = 16
    try:
        assert _scanned(text) == _oracle(text)
    finally:
        scan_module._PIECE = original

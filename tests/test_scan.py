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
# (NFKC), a letter that case-folds to two (ß), one outside the BMP; marks and
# invisible characters that belong to the word before them (a combining acute, an
# Arabic vowel sign, a Devanagari vowel sign, a zero-width space, a soft hyphen, a
# right-to-left override, a variation selector); characters that are words by
# themselves (Chinese, Japanese kana, Thai, with a Thai vowel mark) and a Cyrillic
# look-alike.
_TRICKY = (
    "abcXYZé019_ .'’-‐‑–—“”\"\nĮÉßﬁＡ😀\u0301\u064e\u093f\u200b\u00ad\u202e\ufe0f中国かカก\u0e31аі"
)


def _oracle(text: str) -> list[tuple[int, int, int]]:
    return [
        (m.start(), m.end(), word_hash(normalize_word(m.group())))
        for m in WORD_PATTERN.finditer(text)
    ]


def _scanned(text: str) -> list[tuple[int, int, int]]:
    starts, ends, hashes = scan(text)
    return list(zip(starts.tolist(), ends.tolist(), hashes.tolist(), strict=True))


@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=80))
@settings(max_examples=1000)
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


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # marks and invisible characters belong to the word they follow
        ("Pre\u200bsi\u00addent Ma\u202ecron", ["Pre\u200bsi\u00addent", "Ma\u202ecron"]),
        ("كَتَبَ الوَلَدُ", ["كَتَبَ", "الوَلَدُ"]),
        ("हिन्दी भाषा", ["हिन्दी", "भाषा"]),  # Devanagari vowel signs do not cut words
        ("e\u0301te\u0301 \u0301x", ["e\u0301te\u0301", "x"]),  # a mark never starts one
        # each character of a script without spaces is a word, with its marks
        ("中国外交部", ["中", "国", "外", "交", "部"]),
        ("iPhone発売", ["iPhone", "発", "売"]),
        ("ภาษาไทย", ["ภ", "า", "ษ", "า", "ไ", "ท", "ย"]),
        ("ก็ได้", ["ก็", "ไ", "ด้"]),
    ],
)
def test_words_with_marks_and_of_scripts_without_spaces(text: str, words: list[str]) -> None:
    starts, ends, _ = scan(text)
    assert [text[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)] == words
    assert [m.group() for m in WORD_PATTERN.finditer(text)] == words


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("Pre\u200bsi\u00addent", "president"),  # zero-width space, soft hyphen
        ("\u200dMa\u2060cron\ufeff", "macron"),  # joiners, byte order mark
        ("Ukr\u0430\u0456ne", "ukraine"),  # Cyrillic а and і
        ("ΚΙΕV", "kiev"),  # Greek capitals
        ("ВВС", "bbc"),  # Cyrillic capitals whose small letters look like nothing
        ("كَتَبَ", "كتب"),  # Arabic vowel signs
        ("שָׁלוֹם", "שלום"),  # Hebrew points
        ("cafe\u0301", "café"),  # a decomposed accent composes, and stays
        ("x\u0336y", "xy"),  # a strike-through overlay
    ],
)
def test_the_normal_form_sees_through_disguises(disguised: str, plain: str) -> None:
    assert normalize_word(disguised) == normalize_word(plain)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("modern", "modem"),  # ASCII is never folded: rn is not m
        ("café", "cafe"),  # accents are letters
        ("हिन्दी", "हन्द"),  # and so are Indic vowel signs
        ("sun", "sum"),
    ],
)
def test_the_normal_form_keeps_different_words_apart(one: str, other: str) -> None:
    assert normalize_word(one) != normalize_word(other)


def test_a_word_reads_the_same_in_capitals_and_not() -> None:
    for word in ("Москва", "ΑΘΗΝΑ", "İstanbul", "Kyїv", "ВВС"):
        assert normalize_word(word.upper()) == normalize_word(word.lower())

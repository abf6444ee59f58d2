"""The segment stage's array code against a frozen copy of the per-paragraph code it replaced.

The frozen functions below are the implementation before the batch was cut with
array operations (sentence ends, boilerplate rules, distinct words); Hypothesis
checks that the new code gives the same rows, words and vocabulary for texts full
of abbreviations, initials, quotes, ellipses, unicode punctuation and blank lines.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance.segment as segment_module
from provenance.model import BOILERPLATE_RULES, Corpus, Document, SegmentConfig
from provenance.scan import FOLD, WORD_PATTERN, normalize_word, scan, scan_with, word_hashes
from provenance.segment import (
    _ABBREVIATIONS,
    _ALPHA,
    _CAPITAL,
    _CLOSER,
    _CLOSERS,
    _FINAL,
    _FINAL_MARK,
    _MIN_WRAP_WIDTH,
    _OPENER,
    _SENTENCE_CLASSES,
    _SENTENCE_END,
    _SPACE,
    _WIDE_SENTENCE_END,
    _Cut,
    _cut_batch,
    _distinct,
    _paragraph_spans,
    _sentence_class,
    _title_words,
    segment,
)

# --- The frozen implementation -------------------------------------------------------


def _old_words_and_spans(text: str, a: int, b: int) -> tuple[list[str], list[tuple[int, int]]]:
    spans = [m.span() for m in WORD_PATTERN.finditer(text, a, b)]
    folded = text[a:b].translate(FOLD)
    if folded.isascii():
        lower = folded.lower()
        return [lower[s - a : e - a] for s, e in spans], spans
    return [normalize_word(text[s:e]) for s, e in spans], spans


def _old_tokenize(text: str) -> list[tuple[str, int, int]]:
    words, spans = _old_words_and_spans(text, 0, len(text))
    return [(w, s, e) for w, (s, e) in zip(words, spans, strict=True)]


def _old_sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    ends = [(m.start(), m.end(), False) for m in _SENTENCE_END.finditer(text, start, stop)]
    # The full stops of scripts without spaces (added since the frozen copy was taken).
    ends += [(m.start(), m.end(), True) for m in _WIDE_SENTENCE_END.finditer(text, start, stop)]
    for first, last, wide in sorted(ends):
        if not wide and text[first] == "." and _old_is_abbreviation(text, cursor, first):
            continue
        spans.append((cursor, last))
        cursor = last
        while cursor < stop and text[cursor].isspace():
            cursor += 1
    if cursor < stop:
        spans.append((cursor, stop))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _old_is_abbreviation(text: str, floor: int, dot: int) -> bool:
    i = max(text.rfind(" ", floor, dot) + 1, floor)
    word = text[i:dot]
    if not word.replace(".", "").isalpha() or (i > floor and text[i - 1] != " "):
        i = dot
        while i > floor and (text[i - 1].isalpha() or text[i - 1] == "."):
            i -= 1
        word = text[i:dot]
    if not word:
        return False
    if "." in word:
        return True
    if len(word) == 1 and word.isupper():
        return True
    return word.casefold() in _ABBREVIATIONS


def _old_paragraph_spans(text: str) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    blocks: list[list[tuple[int, int]]] = [[]]
    for a, b in lines:
        if text[a:b].strip():
            blocks[-1].append((a, b))
        elif blocks[-1]:
            blocks.append([])
    spans: list[tuple[int, int]] = []
    for block in blocks:
        if not block:
            continue
        if _old_hard_wrapped(text, block):
            spans.append(_old_trim(text, block[0][0], block[-1][1]))
        else:
            spans.extend(_old_trim(text, a, b) for a, b in block)
    return spans


def _old_hard_wrapped(text: str, block: list[tuple[int, int]]) -> bool:
    if len(block) < 2:
        return False
    open_ends = sum(
        1 for a, b in block[:-1] if b - a >= _MIN_WRAP_WIDTH and not _old_ends_sentence(text[a:b])
    )
    return open_ends * 2 > len(block) - 1


def _old_ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _FINAL + ":;"


def _old_trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _old_boilerplate_rule(
    text: str, words: int, title_key: str | None, config: SegmentConfig
) -> str | None:
    if words < config.min_words:
        return "short"
    stripped = text.rstrip().rstrip(_CLOSERS)
    if stripped.endswith(":") and words < config.max_heading_words:
        return "prompt"
    if stripped[-1:] not in tuple(_FINAL) and words < config.max_heading_words:
        return "heading"
    if (
        title_key is not None
        and words < 2 * config.max_heading_words
        and _old_key(text) == title_key
    ):
        return "title"
    return None


def _old_key(text: str) -> str:
    return " ".join(w for w, _, _ in _old_tokenize(text))


def _old_cut_batch(config: SegmentConfig, batches: list[list[Document]], i: int) -> _Cut:
    batch = batches[i]
    word_starts, word_ends, hashes = scan("\n".join(d.text for d in batch))
    lengths = np.fromiter((len(d.text) + 1 for d in batch), dtype=np.int64, count=len(batch))
    bases = np.cumsum(lengths) - lengths
    bounds = np.searchsorted(word_starts, np.concatenate([bases, [bases[-1] + lengths[-1]]]))
    base_of_word = np.repeat(bases, np.diff(bounds))
    starts = (word_starts - base_of_word).astype(np.int32)
    ends = (word_ends - base_of_word).astype(np.int32)
    paragraphs: list[tuple[int, ...]] = []
    sentences: list[tuple[int, int, int, int]] = []
    for d, (doc, lo, hi) in enumerate(
        zip(batch, bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)
    ):
        _old_cut_document(doc, d, config, starts[lo:hi], lo, paragraphs, sentences)
    distinct, first, where = np.unique(hashes, return_index=True, return_inverse=True)
    return _Cut(
        starts,
        ends,
        distinct,
        first,
        where.reshape(-1).astype(np.int32),  # the rows, as the stage sends them
        np.diff(bounds),
        np.array(paragraphs, dtype=np.int64).reshape(-1, 8),
        np.array(sentences, dtype=np.int64).reshape(-1, 4),
    )


def _old_cut_document(
    doc: Document,
    position: int,
    config: SegmentConfig,
    starts: npt.NDArray[np.int32],
    first: int,
    paragraphs: list[tuple[int, ...]],
    sentences: list[tuple[int, int, int, int]],
) -> None:
    text = doc.text
    title_key = _old_key(doc.title) if doc.title else None
    spans = _old_paragraph_spans(text)
    found = [_old_sentence_spans(text, a, b) for a, b in spans]
    bounds = [x for a, b in spans for x in (a, b)]
    bounds += [x for inside in found for span in inside for x in span]
    at = (np.searchsorted(starts, bounds) + first).tolist()
    k = 2 * len(spans)
    for index, ((a, b), inside) in enumerate(zip(spans, found, strict=True)):
        lo, hi = at[2 * index], at[2 * index + 1]
        for s, e in inside:
            sentences.append((s, e, at[k], at[k + 1]))
            k += 2
        rule = _old_boilerplate_rule(text[a:b], hi - lo, title_key, config)
        code = -1 if rule is None else BOILERPLATE_RULES.index(rule)
        paragraphs.append((position, index, a, b, lo, hi, code, len(inside)))


# --- Texts ------------------------------------------------------------------------------

_CORES = [
    "U.S", "U.K", "Mr", "mrs", "Dr", "No", "no", "Sept", "etc", "Inc", "J", "F", "a", "x.y.z",
    "Xa.b.c", "ﬅ", "İ", "ß", "said", "talks", "Kennedy", "The", "She", "we", "A", "B", "1",
    "42", "30,000", "Élan", "É", "Ω", "_x", "x_", "it's", "Baku’s", "Nagorno-Karabakh",
    "The talks between the two delegations resumed on",
    "Monday in the capital after a pause of several weeks",
    "Sign up for our daily briefing in your inbox",
]  # fmt: skip
_OPENERS = ["", "", "", '"', "'", "“", "‘", "”", "(", "[", "«", "„"]
_MARKS = ["", "", ".", ".", ".", "..", "...", "…", "?", "!", "?!", ".?", ":", ";", ","]
_QUOTES = ["", "", "", '"', "'", "”", "’", ")", "]", "»", "”)", "“"]
_GAPS = [
    " ", " ", " ", " ", "  ", "\n", "\n", "\n\n", " \n ", "\t", "\u00a0", "\u2028", "\x1c",
    "\r\n", "", "-",
]  # fmt: skip
_words = st.tuples(
    st.sampled_from(_OPENERS),
    st.one_of(st.sampled_from(_CORES), st.text(max_size=3)),
    st.sampled_from(_MARKS),
    st.sampled_from(_QUOTES),
    st.sampled_from(_GAPS),
).map("".join)
_texts = st.one_of(
    st.lists(_words, max_size=40).map("".join),
    st.text(alphabet=st.sampled_from("aZ1 .!?…\"'“”’(«»:\n\t\u00a0中。！？」"), max_size=40),
)
_documents = st.lists(st.tuples(_texts, st.one_of(st.none(), _texts)), max_size=6).map(
    lambda docs: [
        Document(f"d{k}", text, title=title or None) for k, (text, title) in enumerate(docs)
    ]
)
_configs = st.builds(
    SegmentConfig,
    min_words=st.integers(1, 8),
    max_heading_words=st.integers(1, 25),
    outlet_repeats=st.integers(1, 3),
)


def _same(a: _Cut, b: _Cut) -> None:
    for x, y, name in zip(a, b, _Cut._fields, strict=True):
        assert x.dtype == y.dtype and x.shape == y.shape, name
        assert np.array_equal(x, y), name


# --- Tests ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(_documents, _configs)
def test_cut_batch_matches_the_frozen_implementation(
    docs: list[Document], config: SegmentConfig
) -> None:
    if docs:
        _same(_cut_batch(config, [docs], 0), _old_cut_batch(config, [docs], 0))


@settings(max_examples=100, deadline=None)
@given(_documents)
def test_segment_matches_the_frozen_implementation(docs: list[Document]) -> None:
    new = segment(Corpus(tuple(docs)))
    with pytest.MonkeyPatch.context() as m:
        m.setattr(segment_module, "_cut_batch", _old_cut_batch)
        old = segment(Corpus(tuple(docs)))
    assert new.vocabulary == old.vocabulary
    for name in ("token_ids", "token_starts", "token_ends"):
        assert np.array_equal(getattr(new, name), getattr(old, name))
    for name in ("doc", "position", "start", "end", "tokens", "rule", "first_sentence"):
        assert np.array_equal(getattr(new.paragraphs, name), getattr(old.paragraphs, name))
    assert np.array_equal(new.paragraphs.sentence_spans, old.paragraphs.sentence_spans)
    assert np.array_equal(new.paragraphs.sentence_tokens, old.paragraphs.sentence_tokens)


@given(_texts)
def test_paragraph_spans_match_the_frozen_implementation(text: str) -> None:
    assert _paragraph_spans(text) == [x for span in _old_paragraph_spans(text) for x in span]


@given(st.lists(st.one_of(st.none(), _texts), max_size=6))
def test_title_words_are_the_hashes_of_the_frozen_key_s_words(titles: list[str | None]) -> None:
    batch = [Document(id=str(k), text="Text.", title=t) for k, t in enumerate(titles)]
    expected = [
        word_hashes(_old_key(t).split(" ")).tolist() if t and _old_key(t) else [] if t else None
        for t in titles
    ]
    assert _title_words(batch) == expected


@given(st.lists(st.integers(0, 40), max_size=200), st.sampled_from([1, 0x9E3779B97F4A7C15]))
def test_distinct_is_unique_with_first_and_inverse(values: list[int], spread: int) -> None:
    # Small values differ only in their low bits: the order of the sorted keys is wrong.
    hashes = np.array(values, dtype=np.uint64) * np.uint64(spread)
    got = _distinct(hashes)
    expected = np.unique(hashes, return_index=True, return_inverse=True)
    for x, y in zip(got, expected, strict=True):
        assert np.array_equal(x, y)
    assert [x.dtype for x in got] == [np.uint64, np.int64, np.int32]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=50))
def test_sentence_classes_are_the_classes_of_each_character(text: str) -> None:
    starts, ends, hashes, (classes,) = scan_with(text, (_SENTENCE_CLASSES,))
    assert classes.tolist() == [_sentence_class(ch) for ch in text]
    for got, expected in zip((starts, ends, hashes), scan(text), strict=True):
        assert np.array_equal(got, expected)


def test_sentence_classes_agree_with_the_sentence_pattern() -> None:
    r"""The flags stand for the classes :data:`_SENTENCE_END` names, for every character."""
    classes = [
        (_SPACE, re.compile(r"\s")),
        (_FINAL_MARK, re.compile(r"[.!?…]")),
        (_CLOSER, re.compile(r"[\"'”’)\]»]")),
        (_OPENER, re.compile(r"[\"'“‘”(\[«]")),
        (_CAPITAL, re.compile(r"[^\W_a-z]")),
    ]
    assert _SENTENCE_END.pattern == r"[.!?…]+[\"'”’)\]»]*(?=\s+[\"'“‘”(\[«]?[^\W_a-z])"
    for c in range(0x110000):
        ch = chr(c)
        flags = _sentence_class(ch)
        for flag, pattern in classes:
            assert bool(flags & flag) == bool(pattern.match(ch)), (hex(c), flag)
        assert bool(flags & _ALPHA) == ch.isalpha()
        assert len(ch.casefold()) >= 1  # so a word of five letters or more is no abbreviation


@given(_texts)
def test_sentence_classes_of_a_text_cut_in_pieces(text: str) -> None:
    import provenance.scan as scan_module

    whole = scan_with(text, (_SENTENCE_CLASSES,))
    with pytest.MonkeyPatch.context() as m:
        m.setattr(scan_module, "_PIECE", 7)  # many pieces, cut after white space
        pieces = scan_with(text, (_SENTENCE_CLASSES,))
    for got, expected in zip(pieces[:3], whole[:3], strict=True):
        assert np.array_equal(got, expected)
    assert pieces[3][0].tolist() == [_sentence_class(ch) for ch in text]

"""Segment: cut documents into paragraphs, sentences and normalised words.

Paragraphs are the non-blank lines of a document, except that a block of lines
that looks hard-wrapped (most of its lines stop without closing punctuation) is
one paragraph. Sentences are found with a rule-based splitter that knows
abbreviations such as ``U.S.`` and initials. Words are normalised (NFKC, case
folding, typographic quotes and dashes folded) and stored once in a flat token
table, with their character offsets in the original text.

Boilerplate (share counters, captions, bare names, newsletter prompts, repeated
headlines) is detected by the general rules documented on
:class:`~provenance.model.SegmentConfig`, never by particular strings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import chain, pairwise
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from provenance.model import (
    BOILERPLATE_RULES,
    Corpus,
    Document,
    Paragraphs,
    Segmentation,
    SegmentConfig,
)
from provenance.parallel import map_chunks, progress, worker_count
from provenance.scan import FOLD, WORD_PATTERN, CharTable, normalize_word, scan, scan_with
from provenance.wording import components

__all__ = [
    "normalize_word",
    "normalized_words",
    "quote_spans",
    "segment",
    "sentence_spans",
    "tokenize",
]

_MIN_WRAP_WIDTH = 30  # characters: lines of hard-wrapped prose are at least this long
_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘”([«"  # before a sentence: some texts misuse ” there
_FINAL = ".!?…"
# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "rev",
        "jr",
        "sr",
        "vs",
        "etc",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "corp",
        "ltd",
        "co",
    ]
)
# A sentence ends at final punctuation and closing quotes, before white space and
# a capital or digit (perhaps behind an opening quote: some texts misuse ” there).
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]»]*(?=\s+[\"'“‘”(\[«]?[^\W_a-z])")
# Where a sentence of a script written without spaces ends: its full stop,
# exclamation or question mark and the closing brackets and quotes after them, with
# nothing needed after (the next sentence starts at once).
_WIDE_SENTENCE_END = re.compile("[。！？]+[」』）》”’]*")


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """The normalised words of ``text`` with their ``[start, end)`` offsets.

    >>> tokenize("U.S. envoy’s “visit”")
    [('u.s.', 0, 4), ("envoy's", 5, 12), ('visit', 14, 19)]
    """
    words, spans = _words_and_spans(text, 0, len(text))
    return [(w, s, e) for w, (s, e) in zip(words, spans, strict=True)]


def _words_and_spans(text: str, a: int, b: int) -> tuple[list[str], list[tuple[int, int]]]:
    """The normalised words of ``text[a:b]`` and their spans.

    Where folding quotes and dashes leaves ASCII, lower-casing the whole stretch at
    once gives every word's normal form (ASCII is unchanged by NFKC, and case folds
    letter by letter), so words are sliced from it; otherwise each word is
    normalised on its own.
    """
    spans = [m.span() for m in WORD_PATTERN.finditer(text, a, b)]
    folded = text[a:b].translate(FOLD)
    if folded.isascii():
        lower = folded.lower()
        return [lower[s - a : e - a] for s, e in spans], spans
    return [normalize_word(text[s:e]) for s, e in spans], spans


def normalized_words(text: str) -> list[str]:
    """The normalised words of ``text``, as :func:`tokenize` gives them, without offsets.

    >>> normalized_words("The U.S. envoy’s “visit”")
    ['the', 'u.s.', "envoy's", 'visit']
    """
    found = WORD_PATTERN.findall(text)
    joined = "\x00".join(found).translate(FOLD)
    if joined.isascii():
        return joined.lower().split("\x00") if found else []
    return [normalize_word(w) for w in found]


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence boundaries inside ``text[start:end]`` as absolute offsets.

    >>> t = "The U.S. envoy spoke. “We urge calm,” she said. Mr. Kim agreed."
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['The U.S. envoy spoke.', '“We urge calm,” she said.', 'Mr. Kim agreed.']
    """
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    ends = [(m.start(), m.end(), False) for m in _SENTENCE_END.finditer(text, start, stop)]
    ends += [(m.start(), m.end(), True) for m in _WIDE_SENTENCE_END.finditer(text, start, stop)]
    for first, last, wide in sorted(ends):
        if not wide and text[first] == "." and _is_abbreviation(text, cursor, first):
            continue
        spans.append((cursor, last))
        cursor = last
        while cursor < stop and text[cursor].isspace():
            cursor += 1
    if cursor < stop:
        spans.append((cursor, stop))
    return [(a, b) for a, b in spans if text[a:b].strip()]


_OPEN_QUOTES = "“«„"
_CLOSE_QUOTES = "”»"
_QUOTE_MARKS = '“«„”»"'
_QUOTE_MARK = re.compile(f"[{_QUOTE_MARKS}]")


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` inside double quotation marks, marks included.

    Typographic quotes open and close as written; a closing mark met outside a
    quotation opens one (a common typo), and a straight ``"`` toggles.

    >>> t = 'He said “we urge calm” and left. ”We note it.” "Yes."'
    >>> [t[a:b] for a, b in quote_spans(t)]
    ['“we urge calm”', '”We note it.”', '"Yes."']
    """
    stop = len(text) if end is None else end
    # Most paragraphs hold no mark: substring tests tell that faster than the
    # pattern's scan (whose bounds, as the slice's here, are clamped to the text).
    part = text[max(start, 0) : max(stop, 0)]
    if not any([mark in part for mark in _QUOTE_MARKS]):
        return []
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for m in _QUOTE_MARK.finditer(text, start, stop):
        i, ch = m.start(), m.group()
        if opened is None:
            opened = i
        elif ch in _CLOSE_QUOTES or ch == '"':
            spans.append((opened, i + 1))
            opened = None
    if opened is not None:  # an unclosed quotation runs to the end of the paragraph
        spans.append((opened, stop))
    return spans


def _is_abbreviation(text: str, floor: int, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or an initial.

    The word before the dot is the run of letters and dots back to ``floor``:
    usually everything after the last space, which one ``rfind`` finds; the
    characters are walked one by one only when that stretch holds anything else.
    """
    i = max(text.rfind(" ", floor, dot) + 1, floor)
    word = text[i:dot]
    if not word.replace(".", "").isalpha() or (i > floor and text[i - 1] != " "):
        i = dot
        while i > floor and (text[i - 1].isalpha() or text[i - 1] == "."):
            i -= 1
        word = text[i:dot]
    if not word:
        return False
    if "." in word:  # U.S, U.K: dotted abbreviations
        return True
    if len(word) == 1 and word.isupper():  # an initial: John F. Kennedy
        return True
    return word.casefold() in _ABBREVIATIONS


def _paragraph_spans(text: str, longest: int | None = None) -> list[int]:
    """``start, end`` of each paragraph, one after the other, trimmed of white space.

    Paragraphs are the non-blank lines, or the blocks of them that are hard-wrapped;
    one longer than ``longest`` characters is cut (:func:`_cut_long`).
    """
    spans: list[int] = []
    block: list[tuple[int, str]] = []  # the current run of non-blank lines, with their starts
    pos = 0
    for line in text.split("\n"):
        if line and not line.isspace():
            block.append((pos, line))
        elif block:
            _add_block(block, spans)
            block = []
        pos += len(line) + 1
    if block:
        _add_block(block, spans)
    pairs = list(zip(spans[0::2], spans[1::2], strict=True))
    if longest is None or all(b - a <= longest for a, b in pairs):
        return spans
    cut: list[int] = []
    for a, b in pairs:
        cut.extend(_cut_long(text, a, b, longest) if b - a > longest else (a, b))
    return cut


def _cut_long(text: str, a: int, b: int, longest: int) -> list[int]:
    """``text[a:b]`` cut into pieces of at most ``longest`` characters, trimmed of white
    space, as ``start, end`` one after the other: each piece ends at the last sentence
    end inside it (:data:`_SENTENCE_END`, or a full stop of a script without spaces),
    else at its last white space, else at ``longest`` characters."""
    out: list[int] = []
    while b - a > longest:
        stop = a + longest
        ends = [m.end() for m in _SENTENCE_END.finditer(text, a, stop)]
        ends += [m.end() for m in _WIDE_SENTENCE_END.finditer(text, a, stop)]
        cut = max(ends, default=-1)
        if cut <= a:
            cut = max(
                text.rfind(" ", a, stop), text.rfind("\n", a, stop), text.rfind("\t", a, stop)
            )
        if cut <= a:
            cut = stop
        end = cut
        while end > a and text[end - 1].isspace():
            end -= 1
        out += (a, end)
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if a < b:
        out += (a, b)
    return out


def _add_block(block: list[tuple[int, str]], spans: list[int]) -> None:
    """Append the trimmed spans of a run of non-blank lines: one if it is hard-wrapped,
    else one per line."""
    if len(block) > 1 and _hard_wrapped([line for _, line in block]):
        (a, first), (b, last) = block[0], block[-1]
        spans += (a + len(first) - len(first.lstrip()), b + len(last.rstrip()))
    else:
        for a, line in block:
            spans += (a + len(line) - len(line.lstrip()), a + len(line.rstrip()))


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines that mostly stop mid-sentence, at some length, are one wrapped paragraph.

    Short lines without punctuation (counters, names) are separate lines, not a wrap.
    """
    open_ends = sum(
        1 for line in lines[:-1] if len(line) >= _MIN_WRAP_WIDTH and not _ends_sentence(line)
    )
    return open_ends * 2 > len(lines) - 1


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _FINAL + ":;"


_BATCH_CHARS = 1 << 20  # characters of documents cut together (one task for a worker)

# Columns of the paragraph rows a worker returns: the document (its position in the
# batch), the paragraph's index, start and end, its first and last word (counted from
# the batch's first word), its boilerplate rule (a code of BOILERPLATE_RULES, -1 for
# none) and how many sentences it has. Sentence rows: start, end, first and last word.
_DOC, _INDEX, _START, _END, _LO, _HI, _RULE, _SENTENCES = range(8)


class _Cut(NamedTuple):
    """One batch of documents cut into words, paragraphs and sentences."""

    starts: npt.NDArray[np.int32]  # every word's offsets in its document
    ends: npt.NDArray[np.int32]
    distinct: npt.NDArray[np.uint64]  # the batch's distinct word hashes, sorted
    first: npt.NDArray[np.int64]  # the first word with each distinct hash
    where: npt.NDArray[np.int32]  # each word's row in ``distinct``
    words: npt.NDArray[np.int64]  # words per document
    paragraphs: npt.NDArray[np.int64]  # (paragraphs, 8): the columns above
    sentences: npt.NDArray[np.int64]  # (sentences, 4)


class _Vocabulary:
    """Dense word ids, in order of first appearance, from the scanner's word hashes."""

    def __init__(self) -> None:
        self.ids: dict[int, int] = {}
        self.words: list[str] = []

    def lookup(self, cut: _Cut, batch: list[Document]) -> npt.NDArray[np.int32]:
        """The id of every word of a cut batch; new words get the next ids."""
        distinct, first = cut.distinct, cut.first
        get = self.ids.get
        known = np.fromiter((get(h, -1) for h in distinct.tolist()), np.int32, len(distinct))
        new = np.flatnonzero(known < 0)
        new = new[np.argsort(first[new], kind="stable")]  # ids in order of appearance
        if len(new):
            doc_of = np.searchsorted(np.cumsum(cut.words), first[new], side="right")
            for j, d in zip(new.tolist(), doc_of.tolist(), strict=True):
                k = int(first[j])
                self.ids[int(distinct[j])] = known[j] = len(self.words)
                self.words.append(normalize_word(batch[d].text[cut.starts[k] : cut.ends[k]]))
        return known[cut.where]


def segment(
    corpus: Corpus,
    config: SegmentConfig | None = None,
    *,
    workers: int = 1,
    show_progress: bool | None = False,
) -> Segmentation:
    """Cut every document of ``corpus`` into paragraphs, sentences and words.

    Documents are processed in id order, so the token table and the paragraph
    order do not depend on the order the articles were given in. Batches of
    about a megabyte of text are cut by ``workers`` processes (0: one per core),
    their words found by :func:`provenance.scan.scan`; the result does not
    depend on the number of workers. ``show_progress`` shows a progress bar
    (``None``: on a terminal only).
    """
    config = config or SegmentConfig()
    documents = sorted(corpus.documents, key=lambda d: d.id)
    batches = list(_batches(documents))
    vocabulary = _Vocabulary()
    ids: list[npt.NDArray[np.int32]] = []
    starts: list[npt.NDArray[np.int32]] = []
    ends: list[npt.NDArray[np.int32]] = []
    rows: list[npt.NDArray[np.int64]] = [np.zeros((0, 8), dtype=np.int64)]
    sentences: list[npt.NDArray[np.int64]] = [np.zeros((0, 4), dtype=np.int64)]
    count = 0  # words in the table so far
    done = 0  # documents so far
    cuts = map_chunks(
        _cut_batch, (config, batches), range(len(batches)), workers=worker_count(workers), chunk=1
    )
    with progress(len(documents), "cutting", enabled=show_progress, unit="documents") as bar:
        for batch, cut in zip(batches, cuts, strict=True):
            ids.append(vocabulary.lookup(cut, batch))
            starts.append(cut.starts)
            ends.append(cut.ends)
            cut.paragraphs[:, _DOC] += done
            cut.paragraphs[:, _LO : _HI + 1] += count
            cut.sentences[:, 2:] += count
            rows.append(cut.paragraphs)
            sentences.append(cut.sentences)
            count += len(cut.where)
            done += len(batch)
            bar.update(len(batch))
    token_ids = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int32)
    table = np.concatenate(rows)
    spans = np.concatenate(sentences)
    _mark_outlet_repeats(documents, table, token_ids, spans[:, 2:], config)
    return Segmentation(
        corpus=corpus,
        paragraphs=Paragraphs(
            docs=tuple(d.id for d in documents),
            doc=table[:, _DOC],
            position=table[:, _INDEX],
            start=table[:, _START],
            end=table[:, _END],
            tokens=table[:, _LO : _HI + 1],
            rule=table[:, _RULE],
            first_sentence=np.concatenate([[0], np.cumsum(table[:, _SENTENCES])]),
            sentence_spans=spans[:, :2],
            sentence_tokens=spans[:, 2:],
        ),
        token_ids=token_ids,
        token_starts=np.concatenate(starts) if starts else np.zeros(0, dtype=np.int32),
        token_ends=np.concatenate(ends) if ends else np.zeros(0, dtype=np.int32),
        vocabulary=tuple(vocabulary.words),
        texts={d.id: d.text for d in corpus.documents},
    )


def _batches(documents: list[Document]) -> Iterable[list[Document]]:
    """Runs of consecutive documents of about ``_BATCH_CHARS`` characters."""
    batch: list[Document] = []
    size = 0
    for doc in documents:
        batch.append(doc)
        size += len(doc.text) + 1
        if size >= _BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _cut_batch(config: SegmentConfig, batches: list[list[Document]], i: int) -> _Cut:
    """Words, paragraphs and sentences of batch ``i`` (documents joined by line breaks).

    The batch is handled as one text: its words are scanned, its sentence ends
    found and its paragraphs classed with array operations over all documents at
    once; only the paragraph lines and the few words before full stops that may
    be abbreviations are looked at in Python.
    """
    batch = batches[i]
    text = "\n".join(d.text for d in batch)
    word_starts, word_ends, hashes, (classes,) = scan_with(text, (_SENTENCE_CLASSES,))
    lengths = np.fromiter((len(d.text) + 1 for d in batch), dtype=np.int64, count=len(batch))
    bases = np.cumsum(lengths) - lengths
    bounds = np.searchsorted(word_starts, np.concatenate([bases, [bases[-1] + lengths[-1]]]))
    base_of_word = np.repeat(bases, np.diff(bounds))
    starts = (word_starts - base_of_word).astype(np.int32)
    ends = (word_ends - base_of_word).astype(np.int32)
    found = [_paragraph_spans(d.text, config.max_paragraph_chars) for d in batch]
    counts = np.fromiter(map(len, found), dtype=np.int64, count=len(batch)) // 2
    doc = np.repeat(np.arange(len(batch)), counts)
    spans = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=2 * int(counts.sum()))
    base = bases[doc]
    para_start = spans[0::2] + base
    para_end = spans[1::2] + base
    cut, resume, owner = _sentence_ends(text, classes, para_start, para_end)
    per_paragraph = np.bincount(owner, minlength=len(doc)) + 1
    sent_start = np.sort(np.concatenate([para_start, resume]))
    sent_end = np.sort(np.concatenate([cut, para_end]))
    sent_base = np.repeat(base, per_paragraph)
    lo, hi = np.searchsorted(word_starts, para_start), np.searchsorted(word_starts, para_end)
    rule = _rules(classes, para_start, para_end, (lo, hi), hashes, doc, batch, config)
    paragraphs = np.stack(
        [
            doc,
            np.arange(len(doc)) - np.repeat(np.cumsum(counts) - counts, counts),
            para_start - base,
            para_end - base,
            lo,
            hi,
            rule,
            per_paragraph,
        ],
        axis=1,
    )
    sentences = np.stack(
        [
            sent_start - sent_base,
            sent_end - sent_base,
            np.searchsorted(word_starts, sent_start),
            np.searchsorted(word_starts, sent_end),
        ],
        axis=1,
    )
    distinct, first, where = _distinct(hashes)
    return _Cut(
        starts,
        ends,
        distinct,
        first,
        where.reshape(-1),
        np.diff(bounds),
        paragraphs,
        sentences,
    )


def _distinct(
    hashes: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """``np.unique(hashes, return_index=True, return_inverse=True)``, three times faster,
    the inverse in 32 bits (a batch of words is far fewer than 2**31; it is sent back
    to the parent, four bytes a word less through the pipe).

    ``np.unique`` sorts stably to find first occurrences, which for 64-bit keys is a
    merge sort. Here each hash has its position written over its low bits and the
    keys get a plain (vectorised) sort: equal hashes come out together, first
    occurrence first. That order is right unless two different hashes agree in all
    their high bits (the hashes do not come out sorted); then a stable argsort is used.
    """
    bits = max(len(hashes) - 1, 1).bit_length()
    low = np.uint64((1 << bits) - 1)
    keys = np.sort((hashes & ~low) | np.arange(len(hashes), dtype=np.uint64))
    order = (keys & low).astype(np.int64)
    ordered = hashes[order]
    if np.any(ordered[1:] < ordered[:-1]):
        order = np.argsort(hashes, kind="stable")
        ordered = hashes[order]
    head = np.ones(len(hashes), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=head[1:])
    heads = np.flatnonzero(head)
    where = np.empty(len(hashes), dtype=np.int32)
    where[order] = np.cumsum(head, dtype=np.int32) - 1
    return ordered[heads], order[heads], where


# Classes of characters for finding sentence ends, as bit flags.
_SPACE, _FINAL_MARK, _CLOSER, _OPENER, _CAPITAL, _ALPHA, _DOT, _COLON = (1 << k for k in range(8))
_CAPITAL_CHAR = re.compile(r"[^\W_a-z]")


def _sentence_class(ch: str) -> int:
    """The flags of one character, as :data:`_SENTENCE_END` and :func:`_is_abbreviation` see it."""
    return (
        _SPACE * ch.isspace()  # str.isspace is exactly \s
        | _FINAL_MARK * (ch in _FINAL)
        | _CLOSER * (ch in _CLOSERS)
        | _OPENER * (ch in _OPENERS)
        | _CAPITAL * bool(_CAPITAL_CHAR.fullmatch(ch))
        | _ALPHA * ch.isalpha()
        | _DOT * (ch == ".")
        | _COLON * (ch == ":")
    )


_SENTENCE_CLASSES = CharTable(_sentence_class)


def _run_back(
    classes: npt.NDArray[np.uint8], stop: npt.NDArray[np.int64], mask: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """Where the run of characters with a flag of ``mask`` that ends at each ``stop`` starts,
    and the union of the flags of its characters. All runs are walked back at once."""
    start = stop.copy()
    seen = np.zeros(len(stop), dtype=np.uint8)
    active = np.flatnonzero(start > 0)
    while len(active):
        flags = classes[start[active] - 1]
        held = (flags & mask) != 0
        active, flags = active[held], flags[held]
        start[active] -= 1
        seen[active] |= flags
        active = active[start[active] > 0]
    return start, seen


def _run_forward(
    classes: npt.NDArray[np.uint8], start: npt.NDArray[np.int64], mask: int
) -> npt.NDArray[np.int64]:
    """Where the run of characters with a flag of ``mask`` that starts at each ``start`` ends."""
    stop = start.copy()
    active = np.flatnonzero(stop < len(classes))
    while len(active):
        active = active[(classes[stop[active]] & mask) != 0]
        stop[active] += 1
        active = active[stop[active] < len(classes)]
    return stop


def _sentence_ends(
    text: str,
    classes: npt.NDArray[np.uint8],
    para_start: npt.NDArray[np.int64],
    para_end: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Where sentences end inside the paragraphs ``[para_start, para_end)`` of ``text``, as
    :func:`sentence_spans` of each paragraph finds them: the end of each sentence but
    the last of its paragraph, where the next one starts, and the paragraph.

    A match of :data:`_SENTENCE_END` ends at white space behind closing quotes behind
    final marks; those are found from the white space after a mark or a quote. As
    paragraphs stand between white space, the word before a full stop never reaches
    back past the start of its sentence, and whether it is an abbreviation depends
    on the word alone.
    """
    n = len(classes)
    marks = np.flatnonzero((classes[:-1] & (_FINAL_MARK | _CLOSER)) != 0)
    cut = marks[(classes[marks + 1] & _SPACE) != 0] + 1
    quotes, _ = _run_back(classes, cut, _CLOSER)
    final = (quotes > 0) & ((classes[np.maximum(quotes - 1, 0)] & _FINAL_MARK) != 0)
    cut, quotes = cut[final], quotes[final]
    resume = _run_forward(classes, cut, _SPACE)
    owner = np.searchsorted(para_start, cut, side="right") - 1
    stop = para_end[owner]
    after = classes[np.minimum(resume, n - 1)]
    then = classes[np.minimum(resume + 1, n - 1)]
    ahead = (resume < stop) & (
        ((after & _CAPITAL) != 0)
        | (((after & _OPENER) != 0) & (resume + 1 < stop) & ((then & _CAPITAL) != 0))
    )
    cut, quotes, resume, owner = cut[ahead], quotes[ahead], resume[ahead], owner[ahead]
    mark, _ = _run_back(classes, quotes, _FINAL_MARK)  # where the match starts
    dots = np.flatnonzero((classes[mark] & _DOT) != 0)
    dot = mark[dots]
    word, seen = _run_back(classes, dot, _ALPHA | _DOT)
    size = dot - word
    short = np.flatnonzero(((seen & _DOT) == 0) & (size > 0) & (size <= _LONGEST_ABBREVIATION))
    abbreviation = (seen & _DOT) != 0
    abbreviation[short] = [
        _abbreviated(text[a:b])
        for a, b in zip(word[short].tolist(), dot[short].tolist(), strict=True)
    ]
    keep = np.ones(len(cut), dtype=bool)
    keep[dots[abbreviation]] = False
    cut, resume, owner = cut[keep], resume[keep], owner[keep]
    # The full stops of scripts written without spaces end a sentence whatever follows,
    # inside a paragraph (rare: found by the pattern, not by classes).
    wide = np.array([m.end() for m in _WIDE_SENTENCE_END.finditer(text)], dtype=np.int64)
    if len(wide):
        mine = np.searchsorted(para_start, wide, side="right") - 1
        inside = (mine >= 0) & (wide < para_end[np.maximum(mine, 0)])
        wide, mine = wide[inside], mine[inside]
        order = np.argsort(np.concatenate([cut, wide]), kind="stable")
        cut = np.concatenate([cut, wide])[order]
        resume = np.concatenate([resume, _run_forward(classes, wide, _SPACE)])[order]
        owner = np.concatenate([owner, mine])[order]
    return cut, resume, owner


_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))  # case folding never shortens a word


def _abbreviated(word: str) -> bool:
    """Whether a word of letters before a full stop is an initial or an abbreviation."""
    return (len(word) == 1 and word.isupper()) or word.casefold() in _ABBREVIATIONS


def _rules(
    classes: npt.NDArray[np.uint8],
    para_start: npt.NDArray[np.int64],
    para_end: npt.NDArray[np.int64],
    words: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    hashes: npt.NDArray[np.uint64],
    doc: npt.NDArray[np.int64],
    batch: list[Document],
    config: SegmentConfig,
) -> npt.NDArray[np.int64]:
    """The boilerplate rule code of every paragraph (-1 for none), as documented on
    :class:`~provenance.model.SegmentConfig`: short, else prompt (ends in a colon, quotes
    aside), else heading (no final mark), else title; the first that applies.
    ``words`` are the paragraphs' first and last words (``[lo, hi)``) in the batch's
    words, whose normal-form hashes are ``hashes``."""
    lo, hi = words
    count = hi - lo
    last, _ = _run_back(classes, para_end, _CLOSER)
    last = np.maximum(last, para_start) - 1  # the last character that is not a closing quote
    flags = np.where(last >= para_start, classes[np.maximum(last, 0)], 0)
    heading = count < config.max_heading_words
    rule = np.full(len(count), -1, dtype=np.int64)
    rule[((flags & _FINAL_MARK) == 0) & heading] = BOILERPLATE_RULES.index("heading")
    rule[((flags & _COLON) != 0) & heading] = BOILERPLATE_RULES.index("prompt")
    rule[count < config.min_words] = BOILERPLATE_RULES.index("short")
    titles = _title_words(batch)
    maybe = np.flatnonzero((rule < 0) & (count < 2 * config.max_heading_words))
    title = BOILERPLATE_RULES.index("title")
    # A paragraph that repeats its document's title: the same words, in normal form.
    for k, d, a, b in zip(
        maybe.tolist(), doc[maybe].tolist(), lo[maybe].tolist(), hi[maybe].tolist(), strict=True
    ):
        mine = titles[d]
        if mine is not None and b - a == len(mine) and hashes[a:b].tolist() == mine:
            rule[k] = title
    return rule


def _title_words(batch: list[Document]) -> list[list[int] | None]:
    """The normal-form hashes of the words of each document's title (``None``: no title),
    scanned at once."""
    titled = [d.title for d in batch if d.title]
    if not titled:
        return [None] * len(batch)
    text = "\n".join(titled)
    starts, _, hashes = scan(text)
    lengths = np.fromiter((len(t) + 1 for t in titled), dtype=np.int64, count=len(titled))
    bounds = np.searchsorted(starts, np.concatenate([[0], np.cumsum(lengths)])).tolist()
    words = [hashes[a:b].tolist() for a, b in pairwise(bounds)]
    found = iter(words)
    return [next(found) if d.title else None for d in batch]


def _mark_outlet_repeats(
    documents: list[Document],
    table: npt.NDArray[np.int64],
    ids: npt.NDArray[np.int32],
    sentence_tokens: npt.NDArray[np.int64],
    config: SegmentConfig,
) -> None:
    """Mark short paragraphs whose words recur in ``outlet_repeats`` stories of one outlet.

    Only paragraphs under twice ``max_heading_words`` words are considered: a
    sign-off or a promotion recurs verbatim, while an outlet that reuses a long
    background paragraph of its own is reusing wording, which is ours to find.
    Documents of the outlet that are versions of one story (:func:`_stories`: an
    agency's updates of a story keep most of its sentences) count once, so the
    paragraphs an update keeps stay article text. ``table`` holds the paragraph
    rows (see :data:`_DOC`), ``sentence_tokens`` the token range of every sentence;
    the rule column is updated in place.
    """
    has_outlet = np.array([d.outlet is not None for d in documents], dtype=bool)
    words = table[:, _HI] - table[:, _LO]
    eligible = np.flatnonzero(
        has_outlet[table[:, _DOC]] & (table[:, _RULE] < 0) & (words < 2 * config.max_heading_words)
    )
    seen: dict[tuple[str | None, tuple[int, ...]], set[int]] = defaultdict(set)
    keys: list[tuple[str | None, tuple[int, ...]]] = []
    for doc, lo, hi in table[eligible][:, [_DOC, _LO, _HI]].tolist():
        key = (documents[doc].outlet, tuple(ids[lo:hi].tolist()))
        seen[key].add(doc)
        keys.append(key)
    recurring = {key for key, docs in seen.items() if len(docs) >= config.outlet_repeats}
    if not recurring:
        return
    outlets = {outlet for outlet, _ in recurring}
    story = _stories(
        documents,
        table,
        ids,
        sentence_tokens,
        {d for d, doc in enumerate(documents) if doc.outlet is not None and doc.outlet in outlets},
    )
    least = config.outlet_repeats
    marked = {key for key in recurring if len({story[d] for d in seen[key]}) >= least}
    repeat = BOILERPLATE_RULES.index("outlet-repeat")
    for i, key in zip(eligible.tolist(), keys, strict=True):
        if key in marked:
            table[i, _RULE] = repeat


def _stories(
    documents: list[Document],
    table: npt.NDArray[np.int64],
    ids: npt.NDArray[np.int32],
    sentence_tokens: npt.NDArray[np.int64],
    involved: set[int],
) -> dict[int, int]:
    """The story of each of the ``involved`` documents (every document of the outlets
    concerned): the smallest document number among those it is, step by step, a
    version of.

    Two documents of one outlet are versions of one story when the sentences they
    both hold (verbatim, in paragraphs no other rule marked) make up more than half
    the words of the shorter. A sentence that more than :data:`_MOST_VERSIONS`
    documents of the outlet hold makes no versions: no story is issued that often,
    and boilerplate is.
    """
    first = np.concatenate([[0], np.cumsum(table[:, _SENTENCES])])
    rows = np.flatnonzero(np.isin(table[:, _DOC], list(involved)) & (table[:, _RULE] < 0))
    holders: dict[tuple[str | None, bytes], dict[int, int]] = defaultdict(dict)
    size: dict[int, int] = dict.fromkeys(involved, 0)
    for row in rows.tolist():
        doc = int(table[row, _DOC])
        outlet = documents[doc].outlet
        for lo, hi in sentence_tokens[first[row] : first[row + 1]].tolist():
            size[doc] += hi - lo
            holders[outlet, ids[lo:hi].tobytes()][doc] = hi - lo
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for held in holders.values():
        if 2 <= len(held) <= _MOST_VERSIONS:
            docs = sorted(held)
            for k, a in enumerate(docs):
                for b in docs[k + 1 :]:
                    shared[a, b] += held[a]
    versions = [(a, b) for (a, b), n in shared.items() if 2 * n > min(size[a], size[b])]
    story = {d: d for d in involved}  # a document no other versions is its own story
    u = np.array([a for a, _ in versions], dtype=np.int64)
    v = np.array([b for _, b in versions], dtype=np.int64)
    nodes, label = components(u, v)
    story.update(zip(nodes.tolist(), label.tolist(), strict=True))
    return story


_MOST_VERSIONS = 64  # documents of one outlet holding a sentence, at most, for it to join versions

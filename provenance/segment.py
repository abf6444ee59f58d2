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
from provenance.scan import FOLD, WORD_PATTERN, normalize_word, scan

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
_OPENERS = "\"'“‘([«"
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
    for m in _SENTENCE_END.finditer(text, start, stop):
        if text[m.start()] == "." and _is_abbreviation(text, cursor, m.start()):
            continue
        spans.append((cursor, m.end()))
        cursor = m.end()
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


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each paragraph, trimmed of surrounding white space."""
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
        if _hard_wrapped(text, block):
            spans.append(_trim(text, block[0][0], block[-1][1]))
        else:
            spans.extend(_trim(text, a, b) for a, b in block)
    return spans


def _hard_wrapped(text: str, block: list[tuple[int, int]]) -> bool:
    """A block whose lines mostly stop mid-sentence, at some length, is one wrapped paragraph.

    Short lines without punctuation (counters, names) are separate lines, not a wrap.
    """
    if len(block) < 2:
        return False
    open_ends = sum(
        1 for a, b in block[:-1] if b - a >= _MIN_WRAP_WIDTH and not _ends_sentence(text[a:b])
    )
    return open_ends * 2 > len(block) - 1


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _FINAL + ":;"


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _boilerplate_rule(
    text: str, words: int, title_key: str | None, config: SegmentConfig
) -> str | None:
    if words < config.min_words:
        return "short"
    stripped = text.rstrip().rstrip(_CLOSERS)
    if stripped.endswith(":") and words < config.max_heading_words:
        return "prompt"
    if stripped[-1:] not in tuple(_FINAL) and words < config.max_heading_words:
        return "heading"
    if title_key is not None and words < 2 * config.max_heading_words and _key(text) == title_key:
        return "title"
    return None


def _key(text: str) -> str:
    return " ".join(w for w, _, _ in tokenize(text))


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
    where: npt.NDArray[np.int64]  # each word's row in ``distinct``
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
    _mark_outlet_repeats(documents, table, token_ids, config)
    spans = np.concatenate(sentences)
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
    """Words, paragraphs and sentences of batch ``i`` (documents joined by line breaks)."""
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
        _cut_document(doc, d, config, starts[lo:hi], lo, paragraphs, sentences)
    distinct, first, where = np.unique(hashes, return_index=True, return_inverse=True)
    return _Cut(
        starts,
        ends,
        distinct,
        first,
        where.reshape(-1),
        np.diff(bounds),
        np.array(paragraphs, dtype=np.int64).reshape(-1, 8),
        np.array(sentences, dtype=np.int64).reshape(-1, 4),
    )


def _cut_document(
    doc: Document,
    position: int,
    config: SegmentConfig,
    starts: npt.NDArray[np.int32],
    first: int,
    paragraphs: list[tuple[int, ...]],
    sentences: list[tuple[int, int, int, int]],
) -> None:
    """Append the paragraph rows (see :data:`_DOC`) and sentence rows of ``doc``, the
    ``position``-th document of its batch, whose words (offsets ``starts``) are rows
    ``first`` on."""
    text = doc.text
    title_key = _key(doc.title) if doc.title else None
    spans = _paragraph_spans(text)
    found = [sentence_spans(text, a, b) for a, b in spans]
    # Word ranges of paragraphs and sentences, all found in one search.
    bounds = [x for a, b in spans for x in (a, b)]
    bounds += [x for inside in found for span in inside for x in span]
    at = (np.searchsorted(starts, bounds) + first).tolist()
    k = 2 * len(spans)
    for index, ((a, b), inside) in enumerate(zip(spans, found, strict=True)):
        lo, hi = at[2 * index], at[2 * index + 1]
        for s, e in inside:
            sentences.append((s, e, at[k], at[k + 1]))
            k += 2
        rule = _boilerplate_rule(text[a:b], hi - lo, title_key, config)
        code = -1 if rule is None else BOILERPLATE_RULES.index(rule)
        paragraphs.append((position, index, a, b, lo, hi, code, len(inside)))


def _mark_outlet_repeats(
    documents: list[Document],
    table: npt.NDArray[np.int64],
    ids: npt.NDArray[np.int32],
    config: SegmentConfig,
) -> None:
    """Mark short paragraphs whose words recur in ``outlet_repeats`` documents of one outlet.

    Only paragraphs under twice ``max_heading_words`` words are considered: a
    sign-off or a promotion recurs verbatim, while an outlet that reuses a long
    background paragraph of its own is reusing wording, which is ours to find.
    ``table`` holds the paragraph rows (see :data:`_DOC`); their rule column is
    updated in place.
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
    repeat = BOILERPLATE_RULES.index("outlet-repeat")
    for i, key in zip(eligible.tolist(), keys, strict=True):
        if len(seen[key]) >= config.outlet_repeats:
            table[i, _RULE] = repeat

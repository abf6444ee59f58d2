"""The data model: every value that flows between the pipeline stages.

All classes are frozen ``attrs`` classes. Change one with :func:`attrs.evolve`.
Character offsets are always ``[start, end)`` into the owning ``Document.text``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, overload

import attrs
import numpy as np
import numpy.typing as npt

from provenance.arrays import ranges
from provenance.dates import DateValue, PartialDate, precision
from provenance.errors import ConfigError
from provenance.parallel import collector_paused

if TYPE_CHECKING:
    from pathlib import Path

    from provenance.frames import Tables

__all__ = [
    "COMMON_SOURCE",
    "CREDITED",
    "DATED",
    "EVIDENCE_KINDS",
    "FOLLOWED",
    "HELD",
    "TEXTUAL",
    "UNDETERMINED",
    "AlignConfig",
    "Alignment",
    "AlignmentTable",
    "Alignments",
    "ClusterConfig",
    "Config",
    "Corpus",
    "Credit",
    "Document",
    "DocumentView",
    "Edge",
    "EdgeTable",
    "Edges",
    "Edit",
    "EditTable",
    "Edits",
    "Family",
    "FrozenMapping",
    "IndexConfig",
    "Link",
    "LinkTable",
    "Links",
    "OutletProfile",
    "Paragraph",
    "Paragraphs",
    "Passage",
    "Report",
    "Segment",
    "SegmentConfig",
    "SegmentTable",
    "Segmentation",
    "Segments",
    "Sentence",
    "Signatures",
    "SketchConfig",
]


class FrozenMapping(Mapping[str, Any]):
    """A read-only mapping, as the model's mapping fields hold: unlike
    ``types.MappingProxyType`` it pickles, so documents, families and reports do.

    >>> import pickle
    >>> m = FrozenMapping({"b": 1})
    >>> m["b"], m == {"b": 1}, pickle.loads(pickle.dumps(m)) == m
    (1, True, True)
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        self._items: dict[str, Any] = dict(items or {})

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"FrozenMapping({self._items!r})"

    def __reduce__(self) -> tuple[type[FrozenMapping], tuple[dict[str, Any]]]:
        return FrozenMapping, (self._items,)


def _freeze_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return FrozenMapping(value)


def date_to_iso(value: DateValue | None) -> str | None:
    """ISO 8601 text for a date of any precision (``2023``, ``2023-09``, ``2023-09-14``,
    a date-time with its zone as given), ``None`` for a missing date."""
    return None if value is None else value.isoformat()


# --------------------------------------------------------------------------- ingest


@attrs.frozen
class Document:
    """One article: its text and what is known about where it was published.

    ``date`` is a :class:`datetime.date`, a :class:`datetime.datetime` (with or
    without a zone, as given), a :class:`~provenance.dates.PartialDate` (a month or a
    year only), or ``None`` when unknown: a date is never invented. Compare dates with
    :func:`provenance.dates.order`, which knows that a month and a day inside it are
    neither earlier nor later than each other.
    ``source`` names the file (and line, for JSON Lines) the document came from.
    """

    id: str
    text: str
    outlet: str | None = None
    date: DateValue | None = None
    url: str | None = None
    title: str | None = None
    metadata: Mapping[str, Any] = attrs.field(factory=dict, converter=_freeze_mapping)
    source: str | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Corpus:
    """Documents ready for analysis, sorted by id, with the problems met reading them."""

    documents: tuple[Document, ...]
    problems: tuple[Any, ...] = ()

    def __len__(self) -> int:
        return len(self.documents)

    def by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}


# --------------------------------------------------------------------------- configs


def _is_int(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


def _in_unit(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    number = isinstance(value, int | float | np.integer | np.floating)
    if isinstance(value, bool | np.bool_) or not number or not 0.0 <= value <= 1.0:
        raise ConfigError(f"{attribute.name} must be a number in [0, 1], got {value!r}")


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not _is_int(value) or value < 1:
        raise ConfigError(f"{attribute.name} must be a positive integer, got {value!r}")


def _non_negative(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not _is_int(value) or value < 0:
        raise ConfigError(f"{attribute.name} must be a non-negative integer, got {value!r}")


def _seed(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not _is_int(value) or not 0 <= value < 2**32:
        raise ConfigError(f"{attribute.name} must be an integer from 0 to 2**32 - 1, got {value!r}")


def _flag(instance: object, attribute: attrs.Attribute[bool], value: bool) -> None:
    if not isinstance(value, bool):
        raise ConfigError(f"{attribute.name} must be True or False, got {value!r}")


@attrs.frozen(kw_only=True)
class SegmentConfig:
    """How articles are cut into paragraphs and sentences, and what is boilerplate.

    A paragraph is boilerplate (kept in the report, left out of matching) when it
    has fewer than ``min_words`` words; or it has no sentence-final punctuation
    and fewer than ``max_heading_words`` words (headlines, captions, bylines);
    or it ends in a colon and has fewer than ``max_heading_words`` words (prompts
    such as newsletter sign-ups); or it repeats the document's title; or the same
    words, under twice ``max_heading_words`` long, stand in documents of
    ``outlet_repeats`` or more stories of one outlet (sign-offs, promotions).
    Documents of one outlet are versions of one story, and count once, when the
    sentences both hold verbatim make up more than half the words of the shorter:
    an agency that updates a story twice repeats its paragraphs in three
    documents, and they stay article text.

    A paragraph longer than ``max_paragraph_chars`` characters (a whole article on
    one line, say) is cut into paragraphs of at most that many, at sentence ends
    where there are some, else at white space: aligning two paragraphs takes memory
    that grows with the product of their lengths.
    """

    min_words: int = attrs.field(default=6, validator=_positive)
    max_heading_words: int = attrs.field(default=20, validator=_positive)
    outlet_repeats: int = attrs.field(default=3, validator=_positive)
    max_paragraph_chars: int = attrs.field(default=10_000, validator=_positive)


@attrs.frozen(kw_only=True)
class SketchConfig:
    """Word shingles and MinHash signatures.

    ``num_perm`` permutations, shingles of ``shingle_size`` words. ``seed``
    fixes the permutations, as datasketch's ``seed`` does.
    """

    shingle_size: int = attrs.field(default=3, validator=_positive)
    num_perm: int = attrs.field(default=64, validator=_positive)
    seed: int = attrs.field(default=1, validator=_seed)
    min_sentence_words: int = attrs.field(default=5, validator=_positive)


@attrs.frozen(kw_only=True)
class IndexConfig:
    """Banded LSH: ``bands`` bands of ``rows`` rows each (``bands * rows <= num_perm``).

    A pair of units with Jaccard similarity ``j`` becomes a candidate with
    probability ``1 - (1 - j**rows) ** bands``. The default 32 x 2 gives 0.996
    at 0.4 and 0.95 at 0.3: lightly edited or reordered copies have low shingle
    Jaccard, and the rapidfuzz verification that follows is cheap. (Since the
    anchors screen the candidates, a pair the sketches find counts only if it
    shares a rare n-gram too, or is widely carried text; 64 x 2 over 128
    permutations, at twice the cost, found 12 more of 91,924 linked pairs on the
    generated corpus at 100k and nothing more on the others.) Sentences are
    indexed as well as paragraphs, so a sentence kept inside a longer paragraph
    meets its source at the sentence level.
    ``max_bucket`` caps how many units one band bucket may pair (a bucket larger
    than that holds a stock phrase, not a copy).

    Anchors (:mod:`provenance.anchors`) add the paragraph pairs that share at
    least ``min_anchors`` distinct runs of ``anchor_words`` words (n-grams) found
    in at most ``max_anchor_documents`` documents: a clause kept inside a
    rewritten sentence. An n-gram in more documents is a stock phrase.
    A candidate pair of the index is aligned only if its paragraphs share at least
    ``min_candidate_anchors`` of those rare n-grams, or both are mostly n-grams too
    common to be anchors (text carried more widely than any anchor can pair): a
    sentence made of a stock phrase resembles every other sentence that holds it.
    0 aligns every candidate pair.
    """

    bands: int = attrs.field(default=32, validator=_positive)
    rows: int = attrs.field(default=2, validator=_positive)
    max_bucket: int = attrs.field(default=200, validator=_positive)
    anchor_words: int = attrs.field(default=5, validator=_positive)
    min_anchors: int = attrs.field(default=3, validator=_positive)
    max_anchor_documents: int = attrs.field(default=50, validator=_positive)
    min_candidate_anchors: int = attrs.field(default=1, validator=_non_negative)


@attrs.frozen(kw_only=True)
class AlignConfig:
    """What makes a candidate pair a verified link.

    Shared runs shorter than ``min_run`` words are ignored. A link needs at least
    ``min_shared_words`` words in shared runs, and one sentence (of at least
    ``min_sentence_words`` words, on either side) of which ``min_sentence_coverage``
    or more of the words are shared: reuse carries whole sentences, while a common
    phrase (a title, a stock formula) covers only part of one.
    Words left over after the in-order alignment are aligned again, so that runs
    of at least ``min_moved_run`` words moved elsewhere in the paragraph count too.
    A clause carried inside a sentence of the other's own makes a link too: a
    shared run of at least ``min_clause_words`` words holding at least
    ``min_anchors`` starts of n-grams that are not stock phrases (see
    :class:`IndexConfig`) and at least ``min_clause_fresh_words`` words that are in
    no stock phrase (two stock phrases side by side, ``it was not immediately clear
    whether officials said``, share rare n-grams across their seam and no more); the
    shared runs within ``clause_gap`` words of it on both sides belong to it.
    The aligned region of each side spans its sentences of which at least
    ``region_coverage`` of the words are shared, and the runs matching them.
    """

    min_run: int = attrs.field(default=2, validator=_positive)
    min_moved_run: int = attrs.field(default=4, validator=_positive)
    min_shared_words: int = attrs.field(default=8, validator=_positive)
    min_sentence_words: int = attrs.field(default=6, validator=_positive)
    min_sentence_coverage: float = attrs.field(default=0.7, validator=_in_unit)
    region_coverage: float = attrs.field(default=0.5, validator=_in_unit)
    min_clause_words: int = attrs.field(default=7, validator=_positive)
    min_clause_fresh_words: int = attrs.field(default=4, validator=_non_negative)
    clause_gap: int = attrs.field(default=3, validator=_non_negative)


@attrs.frozen(kw_only=True)
class ClusterConfig:
    """How aligned regions become passages, and passages families.

    The aligned regions found in one paragraph are taken longest first; a region
    whose overlap with an earlier passage is at least ``min_inside`` of the longer
    of the two belongs to that passage, any other region is a passage of its own
    (a sentence carried into a longer paragraph is a nested passage, in a family
    of its own). Passages never grow by merging, so a family cannot be chained
    together through paragraphs that share different sentences with different
    neighbours.
    """

    min_inside: float = attrs.field(default=0.6, validator=_in_unit)


def _aliases(value: Mapping[str, Any] | None) -> Mapping[str, tuple[str, ...]]:
    if value is None:
        return FrozenMapping({})
    shape = "aliases must map outlet names to lists of names"
    if not isinstance(value, Mapping):
        raise ConfigError(f"{shape}, got {value!r}")
    out: dict[str, tuple[str, ...]] = {}
    for key, names in value.items():
        if not isinstance(key, str) or isinstance(names, str) or not isinstance(names, Iterable):
            raise ConfigError(f"{shape}, got {key!r}: {names!r}")
        listed = tuple(names)
        if not all(isinstance(name, str) for name in listed):
            raise ConfigError(f"{shape}, got {key!r}: {names!r}")
        out[key] = listed
    return FrozenMapping(out)


@attrs.frozen(kw_only=True)
class OriginConfig:
    """How direction is decided (``docs/direction.md``).

    ``aliases`` maps an outlet name to other names it is credited by, e.g.
    ``{"Agence France-Presse": ["AFP"]}``; they extend the table shipped in
    ``provenance/data/outlets.json`` unless ``builtin_aliases`` is false.
    Evidence kinds weigh ``date_weight``, ``credit_weight`` and ``text_weight``.
    Two candidate parents whose similarity to a child differs by less than
    ``close_call`` are a close call, which lowers the edge's confidence.

    Where dates and credits leave versions unordered, the wording they hold orders
    them (:mod:`provenance.origin.holdings`): ``x`` comes before ``y`` when ``x``
    holds at least ``holds`` of the words ``y`` received, ``y`` at most
    ``holds - holds_margin`` of those ``x`` shares, and at least ``witnessed`` of
    the wording ``x`` has beyond ``y`` is held by documents that hold at least
    ``witness_overlap`` of what ``x`` and ``y`` share. ``holds=1`` with
    ``holds_margin=1`` turns the rule off.

    A replace edit of at most ``rewritten_words`` words on each side, between words a
    passage took from another document, rewords its tree parent's wording: its words
    stay the passage's document's own, and their segments name the origin of the
    words they replace (``Segment.rewrites``; 0 turns this off).

    A replace of at most ``rewritten_words`` words a side that an outlet made in at
    least ``habit_documents`` of its documents, where dates or credits put the
    version it copied first, is that outlet's house style
    (:mod:`provenance.origin.habits`). Of two versions dates and credits leave
    unordered, the one whose differences from the other are its outlet's house style
    (and none the other's) comes second, when the other's outlet is one the dates
    show filing far more than copying (an agency). 0 turns this off.

    An outlet the dates show coming after such source outlets in at least
    ``follow_documents`` document pairs, and before them in under a tenth as many,
    follows them (:mod:`provenance.origin.precedence`): of a source outlet's version
    and a follower's that the dates leave open (not both dated to the same day), the
    follower's comes second, in the word accounts and as evidence weighing
    ``follow_weight`` between linked passages when the trees are grown. 0 turns this
    off.

    A family of more than ``max_family_passages`` passages is too large to grow its
    tree in full: every version hangs under its root (a star), with a
    :class:`~provenance.errors.ProvenanceWarning`; its word accounts are as for any.
    """

    aliases: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_aliases)
    builtin_aliases: bool = attrs.field(default=True, validator=_flag)
    date_weight: float = attrs.field(default=1.0, validator=_in_unit)
    credit_weight: float = attrs.field(default=1.0, validator=_in_unit)
    text_weight: float = attrs.field(default=0.5, validator=_in_unit)
    close_call: float = attrs.field(default=0.02, validator=_in_unit)
    holds: float = attrs.field(default=0.8, validator=_in_unit)
    holds_margin: float = attrs.field(default=0.1, validator=_in_unit)
    witnessed: float = attrs.field(default=0.5, validator=_in_unit)
    witness_overlap: float = attrs.field(default=0.25, validator=_in_unit)
    rewritten_words: int = attrs.field(default=4, validator=_non_negative)
    habit_documents: int = attrs.field(default=2, validator=_non_negative)
    follow_documents: int = attrs.field(default=3, validator=_non_negative)
    follow_weight: float = attrs.field(default=0.5, validator=_in_unit)
    max_family_passages: int = attrs.field(default=50_000, validator=_positive)


_STAGES: dict[str, type] = {
    "segment": SegmentConfig,
    "sketch": SketchConfig,
    "index": IndexConfig,
    "align": AlignConfig,
    "cluster": ClusterConfig,
    "origin": OriginConfig,
}


def _stage_config(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    expected = _STAGES[attribute.name]
    if not isinstance(value, expected):
        raise ConfigError(f"{attribute.name} must be a {expected.__name__}, got {value!r}")


@attrs.frozen(kw_only=True)
class Config:
    """Every option of :func:`provenance.analyze`, one config per stage."""

    segment: SegmentConfig = attrs.field(default=SegmentConfig(), validator=_stage_config)
    sketch: SketchConfig = attrs.field(default=SketchConfig(), validator=_stage_config)
    index: IndexConfig = attrs.field(default=IndexConfig(), validator=_stage_config)
    align: AlignConfig = attrs.field(default=AlignConfig(), validator=_stage_config)
    cluster: ClusterConfig = attrs.field(default=ClusterConfig(), validator=_stage_config)
    origin: OriginConfig = attrs.field(default=OriginConfig(), validator=_stage_config)

    def __attrs_post_init__(self) -> None:
        needed = self.index.anchor_words + self.index.min_anchors - 1
        if self.align.min_clause_words < needed:
            raise ConfigError(
                f"min_clause_words ({self.align.min_clause_words}) must be at least "
                f"anchor_words + min_anchors - 1 ({needed}): a shorter clause would not "
                "always share enough anchors to be found"
            )
        if self.index.bands * self.index.rows > self.sketch.num_perm:
            raise ConfigError(
                f"bands * rows ({self.index.bands} * {self.index.rows}) must not exceed "
                f"num_perm ({self.sketch.num_perm})"
            )

    @classmethod
    def from_options(cls, **options: Any) -> Config:
        """Build a config from flat option names, e.g. ``shingle_size=4``.

        Each name belongs to exactly one stage config; an unknown name is a
        :class:`~provenance.errors.ConfigError` that lists the known ones.
        """
        owners: dict[str, str] = {}
        for stage, klass in _STAGES.items():
            for a in attrs.fields(klass):
                owners[a.name] = stage
        # Names shared by two stages are addressed as stage_name, e.g. sketch_min_sentence_words.
        per_stage: dict[str, dict[str, Any]] = {stage: {} for stage in _STAGES}
        for name, value in options.items():
            stage, _, field = name.partition("_")
            if stage in _STAGES and field in attrs.fields_dict(_STAGES[stage]):
                per_stage[stage][field] = value
            elif name in owners:
                per_stage[owners[name]][name] = value
            else:
                known = ", ".join(sorted(owners))
                raise ConfigError(f"unknown option {name!r}; known options: {known}")
        return cls(**{stage: klass(**per_stage[stage]) for stage, klass in _STAGES.items()})

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {
            stage: {k: _jsonable(v) for k, v in attrs.asdict(getattr(self, stage)).items()}
            for stage in _STAGES
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Mapping[str, Any]]) -> Config:
        """The config whose :meth:`to_dict` is ``data`` (an archive keeps its
        parameters so); a stage left out takes its defaults.

        >>> Config.from_dict(Config(align=AlignConfig(min_run=4)).to_dict()).align.min_run
        4

        :raises ConfigError: for an unknown stage or option.
        """
        unknown = sorted(set(data) - set(_STAGES))
        if unknown:
            raise ConfigError(f"unknown stage {unknown[0]!r}; known stages: {', '.join(_STAGES)}")
        stages: dict[str, Any] = {}
        for stage, values in data.items():
            klass = _STAGES[stage]
            names = attrs.fields_dict(klass)
            extra = sorted(set(values) - set(names))
            if extra:
                raise ConfigError(
                    f"unknown option {extra[0]!r} of {stage}; known options: {', '.join(names)}"
                )
            stages[stage] = klass(**values)
        return cls(**stages)


# --------------------------------------------------------------------------- segment


@attrs.frozen
class Sentence:
    """A sentence of a paragraph: ``[start, end)`` in the document text, and the
    ``[first, last)`` range of its words in the :class:`Segmentation` token table."""

    start: int
    end: int
    tokens: tuple[int, int] = (0, 0)


@attrs.frozen
class Paragraph:
    """A paragraph of a document, with its sentences and its boilerplate verdict.

    ``index`` is the paragraph's position in the document; ``tokens`` is the
    ``[first, last)`` range of its words in the :class:`Segmentation` token table.
    ``boilerplate`` names the rule that marked it (``"short"``, ``"heading"``,
    ``"prompt"``, ``"title"``, ``"outlet-repeat"``), or is ``None`` for article text.
    """

    doc: str
    index: int
    start: int
    end: int
    sentences: tuple[Sentence, ...]
    tokens: tuple[int, int]
    boilerplate: str | None = None

    @property
    def is_boilerplate(self) -> bool:
        return self.boilerplate is not None


BOILERPLATE_RULES = ("short", "heading", "prompt", "title", "outlet-repeat")
"""The boilerplate rules, in the order of the codes in :attr:`Paragraphs.rule`."""

_BLOCK = 4096  # rows built at a time when iterating a table: paragraphs, and the views
# of alignments, links, edges, edits and segments (_RowView)


def _int8s(values: Any) -> npt.NDArray[np.int8]:
    return np.ascontiguousarray(values, dtype=np.int8).reshape(-1)


def _int32s(values: Any) -> npt.NDArray[np.int32]:
    return np.ascontiguousarray(values, dtype=np.int32).reshape(-1)


def _int64s(values: Any) -> npt.NDArray[np.int64]:
    return np.ascontiguousarray(values, dtype=np.int64).reshape(-1)


def _int64_quads(values: Any) -> npt.NDArray[np.int64]:
    return np.ascontiguousarray(values, dtype=np.int64).reshape(-1, 4)


def _bools(values: Any) -> npt.NDArray[np.bool_]:
    return np.asarray(values, dtype=np.bool_)


def _int32_pairs(values: Any) -> npt.NDArray[np.int32]:
    return np.ascontiguousarray(values, dtype=np.int32).reshape(-1, 2)


def _int64_pairs(values: Any) -> npt.NDArray[np.int64]:
    return np.ascontiguousarray(values, dtype=np.int64).reshape(-1, 2)


@attrs.frozen(eq=False, repr=False)
class Paragraphs(Sequence[Paragraph]):
    """Every paragraph of a segmentation, held as numpy columns.

    It reads as a sequence of :class:`Paragraph` (``paragraphs[i]``, ``for p in
    paragraphs``, ``len``): each access builds the paragraph and its sentences
    afresh, equal by value to the last. The columns serve code that walks millions
    of paragraphs: paragraph ``i`` belongs to document ``docs[doc[i]]``, is
    paragraph ``position[i]`` of it (its ``index``), spans ``[start[i], end[i])``
    in its text and words ``tokens[i]`` of the token table; ``rule[i]`` indexes
    :data:`BOILERPLATE_RULES` (-1 for article text). Its sentences are rows
    ``first_sentence[i]`` to ``first_sentence[i + 1]`` of ``sentence_spans``
    (character offsets) and ``sentence_tokens`` (word ranges).

    >>> table = Paragraphs.from_paragraphs([
    ...     Paragraph("a", 0, 0, 9, (Sentence(0, 9, (0, 2)),), (0, 2), "short")])
    >>> table[0].doc, table[0].sentences, table.is_boilerplate.tolist()
    ('a', (Sentence(start=0, end=9, tokens=(0, 2)),), [True])
    """

    docs: tuple[str, ...]
    doc: npt.NDArray[np.int32] = attrs.field(converter=_int32s)
    position: npt.NDArray[np.int32] = attrs.field(converter=_int32s)
    start: npt.NDArray[np.int32] = attrs.field(converter=_int32s)
    end: npt.NDArray[np.int32] = attrs.field(converter=_int32s)
    tokens: npt.NDArray[np.int64] = attrs.field(converter=_int64_pairs)
    rule: npt.NDArray[np.int8] = attrs.field(converter=_int8s)
    first_sentence: npt.NDArray[np.int64] = attrs.field(converter=_int64s)
    sentence_spans: npt.NDArray[np.int32] = attrs.field(converter=_int32_pairs)
    sentence_tokens: npt.NDArray[np.int64] = attrs.field(converter=_int64_pairs)

    @classmethod
    def from_paragraphs(cls, paragraphs: Iterable[Paragraph]) -> Paragraphs:
        """The table of ``paragraphs``, in their order."""
        if isinstance(paragraphs, Paragraphs):
            return paragraphs
        items = list(paragraphs)
        docs = tuple(dict.fromkeys(p.doc for p in items))
        code = {d: i for i, d in enumerate(docs)}
        sentences = [s for p in items for s in p.sentences]
        return cls(
            docs,
            [code[p.doc] for p in items],
            [p.index for p in items],
            [p.start for p in items],
            [p.end for p in items],
            np.array([p.tokens for p in items], dtype=np.int64).reshape(-1, 2),
            [
                -1 if p.boilerplate is None else BOILERPLATE_RULES.index(p.boilerplate)
                for p in items
            ],
            np.cumsum([0] + [len(p.sentences) for p in items]),
            np.array([(s.start, s.end) for s in sentences], dtype=np.int32).reshape(-1, 2),
            np.array([s.tokens for s in sentences], dtype=np.int64).reshape(-1, 2),
        )

    def __len__(self) -> int:
        return len(self.doc)

    @overload
    def __getitem__(self, i: int) -> Paragraph: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[Paragraph, ...]: ...

    def __getitem__(self, i: int | slice) -> Paragraph | tuple[Paragraph, ...]:
        if isinstance(i, slice):
            return tuple(self._build(*i.indices(len(self))))
        n = len(self)
        if not -n <= i < n:
            raise IndexError(f"paragraph {i} out of range ({n} paragraphs)")
        i %= n
        return next(self._build(i, i + 1, 1))

    def __iter__(self) -> Iterator[Paragraph]:
        for lo in range(0, len(self), _BLOCK):
            yield from self._build(lo, min(lo + _BLOCK, len(self)), 1)

    def _build(self, lo: int, hi: int, step: int) -> Iterator[Paragraph]:
        """Paragraphs ``lo:hi:step``, built from their rows: a contiguous run (``step``
        1) reads each column once, any other step one paragraph at a time."""
        if step != 1 or hi <= lo:
            for i in range(lo, hi, step):
                yield from self._build(i, i + 1, 1)
            return
        first = self.first_sentence[lo : hi + 1].tolist()
        spans = self.sentence_spans[first[0] : first[-1]].tolist()
        words = self.sentence_tokens[first[0] : first[-1]].tolist()
        rows = zip(
            self.doc[lo:hi].tolist(),
            self.position[lo:hi].tolist(),
            self.start[lo:hi].tolist(),
            self.end[lo:hi].tolist(),
            self.tokens[lo:hi].tolist(),
            self.rule[lo:hi].tolist(),
            strict=True,
        )
        base = first[0]
        for k, (doc, index, start, end, (x, y), rule) in enumerate(rows):
            a, b = first[k] - base, first[k + 1] - base
            yield Paragraph(
                self.docs[doc],
                index,
                start,
                end,
                tuple(
                    Sentence(s, e, (u, v))
                    for (s, e), (u, v) in zip(spans[a:b], words[a:b], strict=True)
                ),
                (x, y),
                None if rule < 0 else BOILERPLATE_RULES[rule],
            )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Paragraphs):
            return bool(
                [self.doc_id(i) for i in range(len(self))]
                == [other.doc_id(i) for i in range(len(other))]
                and all(
                    np.array_equal(getattr(self, name), getattr(other, name)) for name in _COLUMNS
                )
            )
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Paragraphs({len(self)} paragraphs, {len(self.sentence_spans)} sentences)"

    def doc_id(self, i: int) -> str:
        """The id of paragraph ``i``'s document."""
        return self.docs[int(self.doc[i])]

    def token_range(self, i: int) -> tuple[int, int]:
        """The ``[first, last)`` word range of paragraph ``i`` in the token table."""
        lo, hi = self.tokens[i].tolist()
        return lo, hi

    def sentence_rows(self, i: int) -> range:
        """The rows of paragraph ``i``'s sentences in ``sentence_spans``/``sentence_tokens``."""
        return range(int(self.first_sentence[i]), int(self.first_sentence[i + 1]))

    def sentences_of(
        self, paragraphs: npt.NDArray[np.integer[Any]]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The sentence rows of ``paragraphs``, one paragraph after the other, and for
        each row the paragraph it belongs to.

        >>> table = Paragraphs.from_paragraphs([
        ...     Paragraph("a", 0, 0, 9, (Sentence(0, 4), Sentence(5, 9)), (0, 2)),
        ...     Paragraph("a", 1, 10, 14, (Sentence(10, 14),), (2, 3))])
        >>> [a.tolist() for a in table.sentences_of(np.array([1, 0]))]
        [[2, 0, 1], [1, 0, 0]]
        """
        lo = self.first_sentence[paragraphs]
        hi = self.first_sentence[np.asarray(paragraphs) + 1]
        return ranges(lo, hi), np.repeat(np.asarray(paragraphs, dtype=np.int64), hi - lo)

    @property
    def is_boilerplate(self) -> npt.NDArray[np.bool_]:
        """Whether each paragraph is boilerplate."""
        return self.rule >= 0


_COLUMNS = (
    "position",
    "start",
    "end",
    "tokens",
    "rule",
    "first_sentence",
    "sentence_spans",
    "sentence_tokens",
)


def _paragraph_table(value: Iterable[Paragraph]) -> Paragraphs:
    return Paragraphs.from_paragraphs(value)


@attrs.frozen(eq=False)
class Segmentation:
    """The corpus cut into paragraphs, sentences and words.

    ``paragraphs`` reads as a sequence of :class:`Paragraph` and holds them as
    columns (:class:`Paragraphs`); a sequence of ``Paragraph`` given here is
    converted. Words live in one flat token table: ``token_ids[i]`` is the vocabulary id of
    word ``i`` (normalised: NFKC, case-folded, typographic quotes and dashes
    folded), ``token_starts[i]``/``token_ends[i]`` its offsets in its document.
    ``vocabulary[id]`` gives the normalised word back.
    """

    corpus: Corpus
    paragraphs: Paragraphs = attrs.field(converter=_paragraph_table)
    token_ids: npt.NDArray[np.int32]
    token_starts: npt.NDArray[np.int32]
    token_ends: npt.NDArray[np.int32]
    vocabulary: tuple[str, ...]
    texts: Mapping[str, str] = attrs.field(converter=_freeze_mapping)

    def corpus_text(self, doc_id: str) -> str:
        """The text of document ``doc_id``."""
        return self.texts[doc_id]

    def words(self, first: int, last: int) -> list[int]:
        """Token ids of the words ``[first, last)`` as a list (rapidfuzz's input)."""
        return self.token_ids[first:last].tolist()  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- sketch


@attrs.frozen(eq=False)
class Signatures:
    """MinHash signatures of matching units, one row per unit.

    A unit is a paragraph (``kind`` 0) or a sentence (``kind`` 1) of article
    text. ``paragraph[i]`` is the index, in ``Segmentation.paragraphs``, of the
    paragraph unit ``i`` belongs to; ``tokens[i]`` its ``[first, last)`` word range.
    ``values`` is ``uint32`` of shape ``(units, num_perm)``, in datasketch's
    ``affine32`` scheme: :func:`provenance.sketch.to_lean_minhash` converts a row.
    """

    values: npt.NDArray[np.uint32]
    paragraph: npt.NDArray[np.int64]
    kind: npt.NDArray[np.int8]
    tokens: npt.NDArray[np.int64]
    seed: int
    shingle_size: int

    def __len__(self) -> int:
        return int(self.values.shape[0])


# --------------------------------------------------------------------------- align

EditOp = Literal["replace", "insert", "delete"]


@attrs.frozen
class Edit:
    """One difference between the texts of two passages, from ``a`` to ``b``.

    ``a_start``/``a_end`` are offsets in ``a``'s document, ``b_start``/``b_end``
    in ``b``'s; an insert has an empty ``a`` side, a delete an empty ``b`` side.
    ``moved`` marks wording present on both sides but in another order.
    """

    op: EditOp
    a_text: str
    b_text: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    moved: bool = False


T = TypeVar("T")


class _RowView(Sequence[T]):
    """Rows ``start:stop`` of a table of columns, read as objects built on access:
    equal by value to the last build, and equal to any sequence of equal objects (a
    tuple included). Subclasses say how rows become objects (:meth:`_build`)."""

    __slots__ = ()
    start: int
    stop: int

    def _build(self, start: int, stop: int) -> list[T]:
        raise NotImplementedError

    def __len__(self) -> int:
        return self.stop - self.start

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[T, ...]: ...

    def __getitem__(self, i: int | slice) -> T | tuple[T, ...]:
        if isinstance(i, slice):
            return tuple(self)[i]
        n = len(self)
        if not -n <= i < n:
            raise IndexError(f"row {i} out of range ({n} rows)")
        at = self.start + i % n
        return self._build(at, at + 1)[0]

    def __iter__(self) -> Iterator[T]:
        # A block of rows at a time: the report's three million links are not all
        # objects at once while it is written.
        for lo in range(self.start, self.stop, _BLOCK):
            yield from self._build(lo, min(lo + _BLOCK, self.stop))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


EDIT_OPS: tuple[EditOp, ...] = ("replace", "insert", "delete")
_OP_CODES = {op: i for i, op in enumerate(EDIT_OPS)}
_SWAPPED_OPS: tuple[EditOp, ...] = ("replace", "delete", "insert")

# An Edit's fields in order, as plain values (what worker processes produce).
EditRow = tuple[EditOp, str, str, int, int, int, int, bool]


@attrs.frozen(eq=False, repr=False)
class EditTable:
    """The edits of many links or edges as numpy columns, one row per edit.

    ``op`` indexes :data:`EDIT_OPS`; ``a_text`` and ``b_text`` index ``words``;
    ``offsets`` holds ``a_start, a_end, b_start, b_end``; ``moved`` is the flag.
    Millions of edits take some 40 bytes each this way instead of an object, two
    strings and four integers; :class:`Edits` reads a run of rows as :class:`Edit`.
    """

    op: npt.NDArray[np.int8] = attrs.field(converter=_int8s)
    a_text: npt.NDArray[np.int32] = attrs.field(converter=_int32s)
    b_text: npt.NDArray[np.int32] = attrs.field(converter=_int32s)
    offsets: npt.NDArray[np.int64] = attrs.field(converter=_int64_quads)
    moved: npt.NDArray[np.bool_] = attrs.field(converter=_bools)
    words: tuple[str, ...]

    @classmethod
    def from_rows(cls, rows: Iterable[EditRow]) -> EditTable:
        """The table of ``rows`` (an :class:`Edit`'s fields in order), in their order."""
        items = list(rows)
        if not items:
            return cls((), (), (), (), (), ())
        op, a_text, b_text, a_start, a_end, b_start, b_end, moved = zip(*items, strict=True)
        code: dict[str, int] = {}
        words = code.setdefault
        return cls(
            [_OP_CODES[o] for o in op],
            [words(w, len(code)) for w in a_text],
            [words(w, len(code)) for w in b_text],
            np.array([a_start, a_end, b_start, b_end], dtype=np.int64).T,
            moved,
            tuple(code),
        )

    @classmethod
    def concatenate(cls, tables: Sequence[EditTable]) -> EditTable:
        """The rows of ``tables``, one table after the other, in one table (their
        texts listed one table's after the other's)."""
        if len(tables) == 1:
            return tables[0]
        if not tables:
            return _NO_EDITS
        shift = np.cumsum([0, *[len(t.words) for t in tables[:-1]]])
        return cls(
            np.concatenate([t.op for t in tables]),
            np.concatenate([t.a_text + k for t, k in zip(tables, shift.tolist(), strict=True)]),
            np.concatenate([t.b_text + k for t, k in zip(tables, shift.tolist(), strict=True)]),
            np.concatenate([t.offsets for t in tables]),
            np.concatenate([t.moved for t in tables]),
            tuple(w for t in tables for w in t.words),
        )

    def __len__(self) -> int:
        return len(self.op)

    def __repr__(self) -> str:
        return f"EditTable({len(self)} edits, {len(self.words)} distinct texts)"

    def rows(self, start: int, stop: int, *, swapped: bool = False) -> list[EditRow]:
        """Rows ``start:stop`` as :data:`EditRow` tuples; ``swapped`` reads each edit
        from the other side (``b`` to ``a``: inserts become deletes)."""
        words = self.words
        ops = _SWAPPED_OPS if swapped else EDIT_OPS
        offsets = self.offsets[start:stop].tolist()
        fields = zip(
            self.op[start:stop].tolist(),
            self.a_text[start:stop].tolist(),
            self.b_text[start:stop].tolist(),
            offsets,
            self.moved[start:stop].tolist(),
            strict=True,
        )
        if swapped:
            return [
                (ops[o], words[b], words[a], u, v, s, e, m) for o, a, b, (s, e, u, v), m in fields
            ]
        return [(ops[o], words[a], words[b], s, e, u, v, m) for o, a, b, (s, e, u, v), m in fields]


_NO_EDITS = EditTable((), (), (), (), (), ())


@attrs.frozen(eq=False, repr=False)
class Edits(_RowView[Edit]):
    """The edits of one link or edge: rows ``start:stop`` of an :class:`EditTable`.

    It reads as a sequence of :class:`Edit` (built on access, equal by value) and
    compares equal to any sequence of the same edits, a tuple included.
    ``swapped`` reads the rows from the other side (:meth:`swap`).

    >>> edits = Edits.of([Edit("insert", "", "the", 4, 4, 4, 8)])
    >>> edits[0].op, edits.swap()[0].op, edits.swap()[0].a_text
    ('insert', 'delete', 'the')
    """

    table: EditTable = _NO_EDITS
    start: int = 0
    stop: int = 0
    swapped: bool = False

    @classmethod
    def of(cls, edits: Iterable[Edit]) -> Edits:
        """``edits`` as a table of their own (an :class:`Edits` is returned as is)."""
        if isinstance(edits, Edits):
            return edits
        table = EditTable.from_rows(
            (e.op, e.a_text, e.b_text, e.a_start, e.a_end, e.b_start, e.b_end, e.moved)
            for e in edits
        )
        return cls(table, 0, len(table))

    def swap(self) -> Edits:
        """The same edits read from the other side: ``b`` to ``a``."""
        return Edits(self.table, self.start, self.stop, not self.swapped)

    def rows(self) -> list[EditRow]:
        """The edits as :data:`EditRow` tuples (an :class:`Edit`'s fields in order)."""
        return self.table.rows(self.start, self.stop, swapped=self.swapped)

    def _build(self, start: int, stop: int) -> list[Edit]:
        return [Edit(*row) for row in self.table.rows(start, stop, swapped=self.swapped)]


def _edits(value: Iterable[Edit]) -> Edits:
    return Edits.of(value)


@attrs.frozen
class Alignment:
    """A verified alignment of two paragraphs of different documents.

    ``a``/``b`` index ``Segmentation.paragraphs`` (``a < b``); ``a_span``/``b_span``
    are the aligned regions as character offsets, ``blocks`` the shared runs as
    ``(a_first_word, b_first_word, length)`` in token-table positions.
    ``similarity`` is the normalised Indel similarity of the two regions' words,
    ``containment`` the share of the shorter region's words that are shared.
    """

    a: int
    b: int
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    blocks: tuple[tuple[int, int, int], ...]
    similarity: float
    containment: float
    shared_words: int
    edits: Edits = attrs.field(converter=_edits)
    quotation: bool = False


def _float64s(values: Any) -> npt.NDArray[np.float64]:
    return np.ascontiguousarray(values, dtype=np.float64).reshape(-1)


def _int64_triples(values: Any) -> npt.NDArray[np.int64]:
    return np.ascontiguousarray(values, dtype=np.int64).reshape(-1, 3)


@attrs.frozen(eq=False, repr=False)
class AlignmentTable:
    """Many verified alignments as numpy columns, one row per alignment.

    Row ``i`` is the :class:`Alignment` of paragraphs ``a[i]`` and ``b[i]``, with
    ``spans[i]`` its ``a_span`` and ``b_span`` (four offsets), ``similarity[i]``,
    ``containment[i]``, ``shared[i]`` words and ``quotation[i]``; its blocks are rows
    ``block_stops[i]:block_stops[i + 1]`` of ``blocks`` and its edits rows
    ``edit_stops[i]:edit_stops[i + 1]`` of ``edits``. A million paragraphs of wire
    copy have three million alignments: as objects they held 2.4 GB more after
    verification (``benchmarks/RESULTS.md``). :class:`Alignments` reads rows as objects.
    """

    a: npt.NDArray[np.int64] = attrs.field(converter=_int64s)
    b: npt.NDArray[np.int64] = attrs.field(converter=_int64s)
    spans: npt.NDArray[np.int64] = attrs.field(converter=_int64_quads)
    similarity: npt.NDArray[np.float64] = attrs.field(converter=_float64s)
    containment: npt.NDArray[np.float64] = attrs.field(converter=_float64s)
    shared: npt.NDArray[np.int64] = attrs.field(converter=_int64s)
    quotation: npt.NDArray[np.bool_] = attrs.field(converter=_bools)
    block_stops: npt.NDArray[np.int64] = attrs.field(converter=_int64s)
    blocks: npt.NDArray[np.int64] = attrs.field(converter=_int64_triples)
    edit_stops: npt.NDArray[np.int64] = attrs.field(converter=_int64s)
    edits: EditTable

    @classmethod
    def from_alignments(cls, alignments: Iterable[Alignment]) -> AlignmentTable:
        """The table of ``alignments``, in their order (an :class:`Alignments` that
        reads a whole table gives that table)."""
        if isinstance(alignments, Alignments) and alignments.whole():
            return alignments.table
        items = list(alignments)
        block_counts = [len(al.blocks) for al in items]
        edit_counts = [len(al.edits) for al in items]
        return cls(
            [al.a for al in items],
            [al.b for al in items],
            [(*al.a_span, *al.b_span) for al in items],
            [al.similarity for al in items],
            [al.containment for al in items],
            [al.shared_words for al in items],
            [al.quotation for al in items],
            np.concatenate([[0], np.cumsum(block_counts, dtype=np.int64)]),
            [blk for al in items for blk in al.blocks],
            np.concatenate([[0], np.cumsum(edit_counts, dtype=np.int64)]),
            EditTable.from_rows(row for al in items for row in al.edits.rows()),
        )

    @classmethod
    def concatenate(cls, tables: Sequence[AlignmentTable]) -> AlignmentTable:
        """The rows of ``tables``, one table after the other, in one table."""
        if len(tables) == 1:
            return tables[0]
        if not tables:
            return cls.from_alignments(())

        def stops(columns: list[npt.NDArray[np.int64]]) -> npt.NDArray[np.int64]:
            sizes = np.concatenate([np.diff(c) for c in columns])
            return np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])

        return cls(
            np.concatenate([t.a for t in tables]),
            np.concatenate([t.b for t in tables]),
            np.concatenate([t.spans for t in tables]),
            np.concatenate([t.similarity for t in tables]),
            np.concatenate([t.containment for t in tables]),
            np.concatenate([t.shared for t in tables]),
            np.concatenate([t.quotation for t in tables]),
            stops([t.block_stops for t in tables]),
            np.concatenate([t.blocks for t in tables]),
            stops([t.edit_stops for t in tables]),
            EditTable.concatenate([t.edits for t in tables]),
        )

    def __len__(self) -> int:
        return len(self.a)

    def __repr__(self) -> str:
        return f"AlignmentTable({len(self)} alignments)"

    def rows(self, start: int, stop: int) -> list[Alignment]:
        """Rows ``start:stop`` as :class:`Alignment` objects."""
        first = int(self.block_stops[start])
        block_stops = (self.block_stops[start : stop + 1] - first).tolist()
        blocks = self.blocks[first : first + block_stops[-1]].tolist()
        edit_stops = self.edit_stops[start : stop + 1].tolist()
        return [
            Alignment(
                a,
                b,
                (s0, s1),
                (s2, s3),
                tuple([tuple(blk) for blk in blocks[lo:hi]]),
                sim,
                cont,
                shared,
                Edits(self.edits, e0, e1),
                q,
            )
            for a, b, (s0, s1, s2, s3), sim, cont, shared, q, lo, hi, e0, e1 in zip(
                self.a[start:stop].tolist(),
                self.b[start:stop].tolist(),
                self.spans[start:stop].tolist(),
                self.similarity[start:stop].tolist(),
                self.containment[start:stop].tolist(),
                self.shared[start:stop].tolist(),
                self.quotation[start:stop].tolist(),
                block_stops[:-1],
                block_stops[1:],
                edit_stops[:-1],
                edit_stops[1:],
                strict=True,
            )
        ]


@attrs.frozen(eq=False, repr=False)
class Alignments(_RowView[Alignment]):
    """Verified alignments: rows ``start:stop`` of an :class:`AlignmentTable`, read as
    a sequence of :class:`Alignment` (built on access, equal by value), equal to any
    sequence of the same alignments, a list included. :func:`provenance.align.align`
    returns one; the stages after it read its columns.

    >>> edits = Edits.of([Edit("delete", "the", "", 5, 9, 5, 5)])
    >>> found = Alignment(0, 1, (0, 20), (0, 16), ((0, 4, 3),), 0.9, 1.0, 3, edits)
    >>> table = AlignmentTable.from_alignments([found])
    >>> Alignments(table, 0, 1) == [found], Alignments(table, 0, 1)[0].edits[0].a_text
    (True, 'the')
    """

    table: AlignmentTable
    start: int
    stop: int

    @classmethod
    def of(cls, alignments: Iterable[Alignment]) -> Alignments:
        """``alignments`` as a table of their own (an :class:`Alignments` is returned as is)."""
        if isinstance(alignments, Alignments):
            return alignments
        table = AlignmentTable.from_alignments(alignments)
        return cls(table, 0, len(table))

    def whole(self) -> bool:
        """Whether it reads every row of its table."""
        return self.start == 0 and self.stop == len(self.table)

    def _build(self, start: int, stop: int) -> list[Alignment]:
        return self.table.rows(start, stop)


# --------------------------------------------------------------------------- cluster


@attrs.frozen
class Passage:
    """A reused stretch of one document: ``[start, end)`` inside one paragraph."""

    id: str
    doc: str
    paragraph: int
    start: int
    end: int
    text: str


@attrs.frozen
class Link:
    """A verified reuse link between two passages (``a < b`` by id).

    ``quotation`` is true when every shared run lies inside quotation marks on
    both sides: the outlets quote the same statement rather than copy each other.
    """

    a: str
    b: str
    similarity: float
    containment: float
    shared_words: int
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    edits: Edits = attrs.field(converter=_edits)
    quotation: bool = False


@attrs.frozen(eq=False, repr=False)
class LinkTable:
    """Many links as numpy columns, one row per link.

    Row ``i`` is the :class:`Link` between passages ``ids[a[i]]`` and ``ids[b[i]]``,
    with ``spans[i]`` its ``a_span`` and ``b_span`` (four offsets), ``similarity[i]``,
    ``containment[i]``, ``shared[i]`` words and ``quotation[i]``; its edits are rows
    ``edit_bounds[i, 0]:edit_bounds[i, 1]`` of ``edits``, read from the other side
    (``b`` to ``a``) where ``swapped[i]``. A million paragraphs of wire copy have three
    million links: as objects they took some 600 bytes each, as rows some 90
    (``benchmarks/RESULTS.md``). :class:`Links` reads rows as :class:`Link`.
    """

    ids: Sequence[str]
    a: npt.NDArray[np.int64] = attrs.field(converter=_int64s)
    b: npt.NDArray[np.int64] = attrs.field(converter=_int64s)
    spans: npt.NDArray[np.int64] = attrs.field(converter=_int64_quads)
    similarity: npt.NDArray[np.float64] = attrs.field(converter=_float64s)
    containment: npt.NDArray[np.float64] = attrs.field(converter=_float64s)
    shared: npt.NDArray[np.int64] = attrs.field(converter=_int64s)
    quotation: npt.NDArray[np.bool_] = attrs.field(converter=_bools)
    edit_bounds: npt.NDArray[np.int64] = attrs.field(converter=_int64_pairs)
    swapped: npt.NDArray[np.bool_] = attrs.field(converter=_bools)
    edits: EditTable

    @classmethod
    def from_links(cls, links: Iterable[Link]) -> LinkTable:
        """The table of ``links``, in their order (their edits copied into one table,
        each read from its ``a`` side)."""
        items = list(links)
        number: dict[str, int] = {}
        for ln in items:
            number.setdefault(ln.a, len(number))
            number.setdefault(ln.b, len(number))
        stops = np.cumsum([0, *[len(ln.edits) for ln in items]], dtype=np.int64)
        return cls(
            tuple(number),
            [number[ln.a] for ln in items],
            [number[ln.b] for ln in items],
            [(*ln.a_span, *ln.b_span) for ln in items],
            [ln.similarity for ln in items],
            [ln.containment for ln in items],
            [ln.shared_words for ln in items],
            [ln.quotation for ln in items],
            np.stack([stops[:-1], stops[1:]], axis=1),
            np.zeros(len(items), dtype=np.bool_),
            EditTable.from_rows(row for ln in items for row in ln.edits.rows()),
        )

    def __len__(self) -> int:
        return len(self.a)

    def __repr__(self) -> str:
        return f"LinkTable({len(self)} links)"

    def take(self, rows: npt.NDArray[np.int64]) -> LinkTable:
        """The rows ``rows`` of the table, in that order (the same ids and edits)."""
        return LinkTable(
            self.ids,
            self.a[rows],
            self.b[rows],
            self.spans[rows],
            self.similarity[rows],
            self.containment[rows],
            self.shared[rows],
            self.quotation[rows],
            self.edit_bounds[rows],
            self.swapped[rows],
            self.edits,
        )

    def rows(self, rows: slice | npt.NDArray[np.int64]) -> list[Link]:
        """The rows ``rows`` (a slice or an array of row numbers) as :class:`Link`."""
        ids, edits = self.ids, self.edits
        return [
            Link(ids[a], ids[b], sim, cont, shared, (s0, s1), (s2, s3), Edits(edits, e0, e1, sw), q)
            for a, b, (s0, s1, s2, s3), sim, cont, shared, q, (e0, e1), sw in zip(
                self.a[rows].tolist(),
                self.b[rows].tolist(),
                self.spans[rows].tolist(),
                self.similarity[rows].tolist(),
                self.containment[rows].tolist(),
                self.shared[rows].tolist(),
                self.quotation[rows].tolist(),
                self.edit_bounds[rows].tolist(),
                self.swapped[rows].tolist(),
                strict=True,
            )
        ]


@attrs.frozen(eq=False, repr=False)
class Links(_RowView[Link]):
    """Links: rows ``start:stop`` of a :class:`LinkTable` (or, with ``order``, the
    rows ``order[start:stop]``), read as a sequence of :class:`Link` built on access,
    equal by value, and equal to any sequence of the same links, a tuple included.
    A family's links and the report's are such views of one table.

    >>> link = Link("a:0-9", "b:0-9", 1.0, 1.0, 2, (0, 9), (0, 9), ())
    >>> links = Links.of([link])
    >>> links == (link,), links[0].b, len(links.table)
    (True, 'b:0-9', 1)
    """

    table: LinkTable
    start: int
    stop: int
    order: npt.NDArray[np.int64] | None = None

    @classmethod
    def of(cls, links: Iterable[Link]) -> Links:
        """``links`` as a table of their own (a :class:`Links` is returned as is; no
        links, a view of the one empty table)."""
        if isinstance(links, Links):
            return links
        items = list(links)
        if not items:
            return cls(_NO_LINKS, 0, 0)
        table = LinkTable.from_links(items)
        return cls(table, 0, len(table))

    def table_rows(self) -> slice | npt.NDArray[np.int64]:
        """The rows of :attr:`table` it reads, in its order (to index the columns)."""
        if self.order is None:
            return slice(self.start, self.stop)
        rows: npt.NDArray[np.int64] = self.order[self.start : self.stop]
        return rows

    def row_numbers(self) -> list[int]:
        """The numbers of the rows of :attr:`table` it reads, in its order."""
        if self.order is None:
            return list(range(self.start, self.stop))
        numbers: list[int] = self.order[self.start : self.stop].tolist()
        return numbers

    def _build(self, start: int, stop: int) -> list[Link]:
        if self.order is None:
            return self.table.rows(slice(start, stop))
        return self.table.rows(self.order[start:stop])


_NO_LINKS = LinkTable((), (), (), (), (), (), (), (), (), (), _NO_EDITS)


def _links(value: Iterable[Link]) -> Links:
    return Links.of(value)


# The kinds of evidence that orient an edge, as ``Edge.direction`` lists them, and the
# direction of an edge that none orients. The report carries these strings
# (``docs/report-schema.md``) and gold annotations name the kinds in ``decided_by``:
# they are a contract, defined here once.
DATED: Final = "dated"
CREDITED: Final = "credited"
TEXTUAL: Final = "textual"
FOLLOWED: Final = "followed"
HELD: Final = "held"
EVIDENCE_KINDS: Final = (DATED, CREDITED, TEXTUAL, FOLLOWED, HELD)
UNDETERMINED: Final = "undetermined"
COMMON_SOURCE: Final = "common-source"
# How a reader is told of wording from a common source outside the corpus (a
# segment whose origin is None), in text and in evaluation outcomes.
OUTSIDE: Final = "a common source outside the corpus"


@attrs.frozen
class Edge:
    """``child`` descends from ``parent`` (passage ids) in a provenance tree.

    ``direction`` lists the kinds of evidence that orient the edge (:data:`DATED`,
    :data:`CREDITED`, :data:`TEXTUAL`, :data:`FOLLOWED`, in that order; or
    :data:`HELD` alone, where none of those does and the parent's document holds the
    wording the child's received: ``docs/direction.md``), or is ``(UNDETERMINED,)``
    when none does, or ``(COMMON_SOURCE,)`` when the two are copies of one source
    outside the corpus: the same day, neither crediting the other, each with its own
    wording where the other has another (the parent named is then one of two
    siblings, not a source).
    ``evidence`` says, in words, what was found; ``edits`` go from parent to child.
    ``quotation`` marks an edge whose shared wording is all inside quotation marks.
    """

    parent: str
    child: str
    confidence: float
    direction: tuple[str, ...]
    evidence: tuple[str, ...]
    edits: Edits = attrs.field(converter=_edits)
    similarity: float
    quotation: bool = False


@attrs.frozen(eq=False, repr=False)
class EdgeTable:
    """Many edges as numpy columns, one row per edge.

    Row ``i`` is the :class:`Edge` from passage ``ids[parent[i]]`` to
    ``ids[child[i]]``, with ``confidence[i]``, the direction
    ``directions[direction[i]]``, the evidence ``evidence[j]`` for ``j`` in
    ``evidence_bounds[i, 0]:evidence_bounds[i, 1]``, ``similarity[i]`` and
    ``quotation[i]``; its edits are rows ``edit_bounds[i, 0]:edit_bounds[i, 1]`` of
    ``edits``. As objects, an edge took some 400 bytes besides its sentences of
    evidence. :class:`Edges` reads rows as :class:`Edge`.
    """

    ids: Sequence[str]
    parent: npt.NDArray[np.int64] = attrs.field(converter=_int64s)
    child: npt.NDArray[np.int64] = attrs.field(converter=_int64s)
    confidence: npt.NDArray[np.float64] = attrs.field(converter=_float64s)
    direction: npt.NDArray[np.int32] = attrs.field(converter=_int32s)
    directions: Sequence[tuple[str, ...]]
    evidence_bounds: npt.NDArray[np.int64] = attrs.field(converter=_int64_pairs)
    evidence: Sequence[str]
    similarity: npt.NDArray[np.float64] = attrs.field(converter=_float64s)
    quotation: npt.NDArray[np.bool_] = attrs.field(converter=_bools)
    edit_bounds: npt.NDArray[np.int64] = attrs.field(converter=_int64_pairs)
    edits: EditTable

    @classmethod
    def from_edges(cls, edges: Iterable[Edge]) -> EdgeTable:
        """The table of ``edges``, in their order (their edits copied into one table)."""
        items = list(edges)
        ids: dict[str, int] = {}
        directions: dict[tuple[str, ...], int] = {}
        for e in items:
            ids.setdefault(e.parent, len(ids))
            ids.setdefault(e.child, len(ids))
            directions.setdefault(e.direction, len(directions))
        edit_stops = np.cumsum([0, *[len(e.edits) for e in items]], dtype=np.int64)
        evidence_stops = np.cumsum([0, *[len(e.evidence) for e in items]], dtype=np.int64)
        return cls(
            tuple(ids),
            [ids[e.parent] for e in items],
            [ids[e.child] for e in items],
            [e.confidence for e in items],
            [directions[e.direction] for e in items],
            tuple(directions),
            np.stack([evidence_stops[:-1], evidence_stops[1:]], axis=1),
            [s for e in items for s in e.evidence],
            [e.similarity for e in items],
            [e.quotation for e in items],
            np.stack([edit_stops[:-1], edit_stops[1:]], axis=1),
            EditTable.from_rows(row for e in items for row in e.edits.rows()),
        )

    def __len__(self) -> int:
        return len(self.parent)

    def __repr__(self) -> str:
        return f"EdgeTable({len(self)} edges)"

    def is_direction(self, direction: tuple[str, ...]) -> npt.NDArray[np.bool_]:
        """Per row, whether its direction is ``direction``."""
        codes = [k for k, d in enumerate(self.directions) if d == direction]
        return np.isin(self.direction, codes)

    def amended(
        self,
        rows: Sequence[int],
        *,
        confidence: float,
        direction: tuple[str, ...],
        evidence: Sequence[tuple[str, ...]],
    ) -> EdgeTable:
        """The table with rows ``rows`` given ``confidence``, ``direction`` and, row by
        row, ``evidence`` (the other rows and columns shared or copied as they are)."""
        at = np.asarray(rows, dtype=np.int64)
        directions = list(self.directions)
        if direction not in directions:
            directions.append(direction)
        confidences = self.confidence.copy()
        confidences[at] = confidence
        codes = self.direction.copy()
        codes[at] = directions.index(direction)
        sentences = list(self.evidence)
        spans = self.evidence_bounds.copy()
        for row, told in zip(rows, evidence, strict=True):
            spans[row] = (len(sentences), len(sentences) + len(told))
            sentences.extend(told)
        return attrs.evolve(
            self,
            confidence=confidences,
            direction=codes,
            directions=tuple(directions),
            evidence_bounds=spans,
            evidence=sentences,
        )

    def rows(self, rows: slice | npt.NDArray[np.int64]) -> list[Edge]:
        """The rows ``rows`` (a slice or an array of row numbers) as :class:`Edge`."""
        ids, edits, directions, evidence = self.ids, self.edits, self.directions, self.evidence
        return [
            Edge(
                ids[p],
                ids[c],
                conf,
                directions[d],
                tuple(evidence[v0:v1]),
                Edits(edits, e0, e1),
                sim,
                q,
            )
            for p, c, conf, d, (v0, v1), sim, q, (e0, e1) in zip(
                self.parent[rows].tolist(),
                self.child[rows].tolist(),
                self.confidence[rows].tolist(),
                self.direction[rows].tolist(),
                self.evidence_bounds[rows].tolist(),
                self.similarity[rows].tolist(),
                self.quotation[rows].tolist(),
                self.edit_bounds[rows].tolist(),
                strict=True,
            )
        ]


@attrs.frozen(eq=False, repr=False)
class Edges(_RowView[Edge]):
    """Edges: rows ``start:stop`` of an :class:`EdgeTable`, read as a sequence of
    :class:`Edge` built on access, equal by value, and equal to any sequence of the
    same edges, a tuple included. A family's edges are such a view.

    >>> edge = Edge("a:0-9", "b:0-9", 0.8, ("dated",), ("a is earlier.",), (), 1.0)
    >>> edges = Edges.of([edge])
    >>> edges == (edge,), edges[0].evidence, len(edges.table)
    (True, ('a is earlier.',), 1)
    """

    table: EdgeTable
    start: int
    stop: int

    @classmethod
    def of(cls, edges: Iterable[Edge]) -> Edges:
        """``edges`` as a table of their own (an :class:`Edges` is returned as is; no
        edges, a view of the one empty table)."""
        if isinstance(edges, Edges):
            return edges
        items = list(edges)
        if not items:
            return cls(_NO_EDGES, 0, 0)
        table = EdgeTable.from_edges(items)
        return cls(table, 0, len(table))

    def table_rows(self) -> slice:
        """The rows of :attr:`table` it reads (to index the columns)."""
        return slice(self.start, self.stop)

    def _build(self, start: int, stop: int) -> list[Edge]:
        return self.table.rows(slice(start, stop))


_NO_EDGES = EdgeTable((), (), (), (), (), (), (), (), (), (), (), _NO_EDITS)


def _edges_of(value: Iterable[Edge]) -> Edges:
    return Edges.of(value)


@attrs.frozen
class Segment:
    """``[start, end)`` of a passage whose wording first appears in document ``origin``.

    ``origin`` is ``None`` for wording that several copies of one day share and none
    of them wrote: a common source outside the corpus. ``determined`` is false when
    the evidence leaves the origin open: the best guess, not a finding.
    ``rewrites`` names the document whose wording this segment rewords, when it is a
    short replace inside wording its document took from another (``"told"`` for
    ``"said"``, ``"£40,000"`` for ``"40,000 pounds"``; see
    :attr:`OriginConfig.rewritten_words`): the words are the rewording document's own
    (``origin`` is that document), and ``rewrites`` is the origin of the words they
    replace.
    """

    start: int
    end: int
    origin: str | None
    determined: bool = True
    rewrites: str | None = None


@attrs.frozen(eq=False, repr=False)
class SegmentTable:
    """The segments of many passages as numpy columns, one row per segment.

    Row ``i`` is ``Segment(start[i], end[i], docs[origin[i]], determined[i],
    docs[rewrites[i]])``, a negative ``rewrites[i]`` standing for ``None``;
    :class:`Segments` reads a run of rows as :class:`Segment`. An entry of ``docs``
    may be ``None``: a common source outside the corpus. Without ``rewrites``, no
    segment rewords another document's wording.
    """

    start: npt.NDArray[np.int64] = attrs.field(converter=_int64s)
    end: npt.NDArray[np.int64] = attrs.field(converter=_int64s)
    origin: npt.NDArray[np.int32] = attrs.field(converter=_int32s)
    determined: npt.NDArray[np.bool_] = attrs.field(converter=_bools)
    docs: Sequence[str | None]
    rewrites: npt.NDArray[np.int32] = attrs.field(converter=_int32s, default=())

    def __attrs_post_init__(self) -> None:
        if not len(self.rewrites) and len(self.start):
            object.__setattr__(self, "rewrites", np.full(len(self.start), -1, dtype=np.int32))

    def __len__(self) -> int:
        return len(self.start)

    def __repr__(self) -> str:
        return f"SegmentTable({len(self)} segments)"

    def rows(self, start: int, stop: int) -> list[tuple[int, int, str | None, bool, str | None]]:
        """Rows ``start:stop`` as a :class:`Segment`'s fields in order."""
        docs = self.docs
        return [
            (s, e, docs[o], d, docs[r] if r >= 0 else None)
            for s, e, o, d, r in zip(
                self.start[start:stop].tolist(),
                self.end[start:stop].tolist(),
                self.origin[start:stop].tolist(),
                self.determined[start:stop].tolist(),
                self.rewrites[start:stop].tolist(),
                strict=True,
            )
        ]


@attrs.frozen(eq=False, repr=False)
class Segments(_RowView[Segment]):
    """The segments of one passage: rows ``start:stop`` of a :class:`SegmentTable`.

    It reads as a sequence of :class:`Segment` (built on access, equal by value)
    and compares equal to any sequence of the same segments, a tuple included.

    >>> table = SegmentTable([0, 5], [5, 9], [1, 0], [True, False], ["a", "b"])
    >>> [(g.origin, g.determined) for g in Segments(table, 0, 2)]
    [('b', True), ('a', False)]
    """

    table: SegmentTable
    start: int
    stop: int

    def _build(self, start: int, stop: int) -> list[Segment]:
        return [Segment(*row) for row in self.table.rows(start, stop)]


@attrs.frozen
class Family:
    """Passages that are versions of one wording, the links between them, and their tree.

    ``origin`` is the root passage of the provenance tree; ``origin_determined``
    is false when the evidence leaves more than one passage that could be the
    origin (the one named is then the earliest dated, or the fullest).
    ``segments`` maps each passage id to its wording-level origins.
    :attr:`common_source` is true when the versions at the top of the tree are
    copies of one source outside the corpus (edges :data:`COMMON_SOURCE`).
    ``links`` and ``edges`` read as sequences of :class:`Link` and :class:`Edge`:
    views of rows of tables (:class:`Links`, :class:`Edges`); any sequence of links
    or edges given is made a table of its own.
    """

    id: str
    passages: tuple[Passage, ...]
    links: Links = attrs.field(converter=_links)
    origin: str | None = None
    origin_determined: bool = False
    edges: Edges = attrs.field(factory=lambda: Edges.of(()), converter=_edges_of)
    segments: Mapping[str, Sequence[Segment]] = attrs.field(factory=dict, converter=_freeze_mapping)

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(sorted({p.doc for p in self.passages}))

    @property
    def common_source(self) -> bool:
        """Whether two versions of the family are copies of a source outside the corpus."""
        return any(e.direction == (COMMON_SOURCE,) for e in self.edges)


@attrs.frozen
class Credit:
    """A credit line or dateline in a document naming an outlet (``text`` as written)."""

    outlet: str
    text: str
    start: int
    end: int


@attrs.frozen
class OutletProfile:
    """What a corpus shows of its outlets, which the provenance trees weigh: the
    ``sources`` (outlets that others take from and that seldom come after another),
    the ``followers`` (an outlet's document pairs after a source outlet and before
    one, when it follows them), and each outlet's house style, ``habits``
    (``(outlet, theirs, ours)``: the outlet wrote ``ours`` for ``theirs`` in several
    of its documents). :func:`provenance.analyze` finds it from the links
    (:attr:`Report.outlets`), or is given one (``outlets=``): an archive's lookups
    weigh the profile of its last report.

    >>> profile = OutletProfile(frozenset({"Wire"}), {"Daily": (3, 0)}, frozenset())
    >>> OutletProfile.from_dict(profile.to_dict()) == profile
    True
    """

    sources: frozenset[str] = frozenset()
    followers: Mapping[str, tuple[int, int]] = attrs.field(
        factory=FrozenMapping, converter=FrozenMapping
    )
    habits: frozenset[tuple[str, str, str]] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types, sorted: the same profile gives the same text."""
        return {
            "sources": sorted(self.sources),
            "followers": {k: list(self.followers[k]) for k in sorted(self.followers)},
            "habits": [list(h) for h in sorted(self.habits)],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OutletProfile:
        """The profile :meth:`to_dict` wrote."""
        return cls(
            frozenset(str(s) for s in data["sources"]),
            {str(k): (int(v[0]), int(v[1])) for k, v in data["followers"].items()},
            frozenset((str(o), str(a), str(b)) for o, a, b in data["habits"]),
        )


@attrs.frozen
class DocumentView:
    """Where one document's article text came from.

    ``sources`` maps another document's id to the share of this document's article
    text (boilerplate excluded, in characters) whose wording first appeared there;
    ``original`` is the share that is its own; ``quoted`` the share of shared
    wording that is only a quotation every outlet carries; ``undetermined`` the
    share of shared wording whose origin the evidence cannot decide; ``outside`` the
    share that copies of one day share and none of them wrote, from a common source
    outside the corpus. ``rewritten`` is the part of ``original`` that rewords
    wording this document took from another (segments with ``rewrites``).
    ``parents`` maps each document this one copied from directly (a tree edge the
    evidence orients) to the characters copied.
    """

    doc: str
    sources: Mapping[str, float] = attrs.field(factory=dict, converter=_freeze_mapping)
    original: float = 1.0
    quoted: float = 0.0
    undetermined: float = 0.0
    parents: Mapping[str, int] = attrs.field(factory=dict, converter=_freeze_mapping)
    credits: tuple[Credit, ...] = ()
    outside: float = 0.0
    rewritten: float = 0.0


# --------------------------------------------------------------------------- report

SCHEMA_NAME = "provenance-report"
SCHEMA_VERSION = "2.8"


_EDIT_KEYS = ("op", "a_text", "b_text", "a_start", "a_end", "b_start", "b_end", "moved")
_SEGMENT_KEYS = ("start", "end", "origin", "determined", "rewrites")


def _edit_dicts(edits: Edits) -> list[dict[str, Any]]:
    return [dict(zip(_EDIT_KEYS, row, strict=True)) for row in edits.rows()]


def _segment_dicts(segments: Sequence[Segment]) -> list[dict[str, Any]]:
    if isinstance(segments, Segments):
        rows = segments.table.rows(segments.start, segments.stop)
        return [dict(zip(_SEGMENT_KEYS, row, strict=True)) for row in rows]
    return [
        dict(zip(_SEGMENT_KEYS, attrs.astuple(g, recurse=False), strict=True)) for g in segments
    ]


def _edge_dict(e: Edge) -> dict[str, Any]:
    return {
        "parent": e.parent,
        "child": e.child,
        "confidence": e.confidence,
        "direction": list(e.direction),
        "evidence": list(e.evidence),
        "edits": _edit_dicts(e.edits),
        "similarity": e.similarity,
        "quotation": e.quotation,
    }


def _view_dict(v: DocumentView | None) -> dict[str, Any]:
    if v is None:
        return {
            "sources": {},
            "original": 1.0,
            "quoted": 0.0,
            "undetermined": 0.0,
            "outside": 0.0,
            "rewritten": 0.0,
            "credits": [],
        }
    return {
        "sources": dict(v.sources),
        "original": v.original,
        "quoted": v.quoted,
        "undetermined": v.undetermined,
        "outside": v.outside,
        "rewritten": v.rewritten,
        "credits": [
            {"outlet": c.outlet, "text": c.text, "start": c.start, "end": c.end} for c in v.credits
        ],
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | PartialDate):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


@attrs.frozen(eq=False)
class Report:
    """The result of :func:`provenance.analyze`: documents, families and links.

    :meth:`to_dict` and :meth:`to_json` give the documented JSON schema
    (``docs/report-schema.md``); :meth:`to_text` a plain-text summary.
    """

    documents: tuple[Document, ...]
    paragraphs: Paragraphs = attrs.field(converter=_paragraph_table)
    families: tuple[Family, ...]
    links: Links = attrs.field(converter=_links)
    config: Config
    problems: tuple[Any, ...] = ()
    views: tuple[DocumentView, ...] = ()
    # The outlets' order and house style the trees weighed (not in the JSON).
    outlets: OutletProfile = attrs.field(factory=OutletProfile)
    # The views by document id, made with the report (asked once per document, a
    # scan of the views each time would cost the square of their number).
    _views_by_doc: Mapping[str, DocumentView] = attrs.field(
        init=False,
        repr=False,
        default=attrs.Factory(lambda self: {v.doc: v for v in self.views}, takes_self=True),
    )

    def view(self, doc_id: str) -> DocumentView:
        """The document view of ``doc_id``: its sources, its own share, its credits.

        >>> import provenance
        >>> report = provenance.analyze([{"id": "a", "text": "Nothing is shared here at all."}])
        >>> report.view("a").original
        1.0
        >>> report.view("b")
        Traceback (most recent call last):
        ...
        KeyError: "no document 'b' in the report"
        """
        try:
            return self._views_by_doc[doc_id]
        except KeyError:
            raise KeyError(f"no document {doc_id!r} in the report") from None

    def family_of(self, passage_id: str) -> Family | None:
        """The family holding passage ``passage_id``, if any."""
        for f in self.families:
            if any(p.id == passage_id for p in f.passages):
                return f
        return None

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data, in the documented schema."""
        # Millions of new dicts and lists, no cycles: the cyclic collector would
        # walk them all again and again (8 s -> 1.8 s at 100k paragraphs).
        with collector_paused():
            return self._to_dict()

    def _to_dict(self) -> dict[str, Any]:
        by_doc: dict[str, list[Paragraph]] = {}
        for p in self.paragraphs:
            by_doc.setdefault(p.doc, []).append(p)
        family_of_passage = {p.id: f.id for f in self.families for p in f.passages}
        views = {v.doc: v for v in self.views}
        return {
            "schema": SCHEMA_NAME,
            "version": SCHEMA_VERSION,
            "config": self.config.to_dict(),
            "documents": [
                {
                    "id": d.id,
                    "outlet": d.outlet,
                    "date": date_to_iso(d.date),
                    "date_precision": precision(d.date),
                    "url": d.url,
                    "title": d.title,
                    "metadata": _jsonable(d.metadata),
                    **_view_dict(views.get(d.id)),
                    "paragraphs": [
                        {
                            "index": p.index,
                            "start": p.start,
                            "end": p.end,
                            "boilerplate": p.is_boilerplate,
                            "boilerplate_rule": p.boilerplate,
                            "sentences": [[s.start, s.end] for s in p.sentences],
                        }
                        for p in by_doc.get(d.id, [])
                    ],
                }
                for d in self.documents
            ],
            "families": [
                {
                    "id": f.id,
                    "documents": list(f.documents),
                    "passages": [
                        {
                            "id": p.id,
                            "doc": p.doc,
                            "paragraph": int(self.paragraphs.position[p.paragraph]),
                            "start": p.start,
                            "end": p.end,
                            "text": p.text,
                            "segments": _segment_dicts(f.segments.get(p.id, ())),
                        }
                        for p in f.passages
                    ],
                    "origin": f.origin,
                    "origin_determined": f.origin_determined,
                    "common_source": f.common_source,
                    "edges": [_edge_dict(e) for e in f.edges],
                }
                for f in self.families
            ],
            "links": [
                {
                    "a": ln.a,
                    "b": ln.b,
                    "family": family_of_passage.get(ln.a),
                    "similarity": ln.similarity,
                    "containment": ln.containment,
                    "shared_words": ln.shared_words,
                    "a_span": list(ln.a_span),
                    "b_span": list(ln.b_span),
                    "edits": _edit_dicts(ln.edits),
                    "quotation": ln.quotation,
                }
                for ln in self.links
            ],
            "document_graph": [
                {"source": parent, "target": v.doc, "chars": chars}
                for v in self.views
                for parent, chars in v.parents.items()
            ],
            "problems": [str(p) for p in self.problems],
        }

    def to_pandas(self) -> Tables:
        """The report as five pandas DataFrames: documents, passages, links, edges and
        segments (:mod:`provenance.frames`; ``pip install 'news-provenance[tables]'``)."""
        from provenance.frames import tables_of

        return tables_of(self.to_dict())

    def to_parquet(self, folder: str | os.PathLike[str]) -> list[Path]:
        """Write :meth:`to_pandas`'s tables to ``folder`` as Parquet files, one per
        table, each whole or not at all; the files written."""
        from provenance.frames import tables_of, write_parquet

        return write_parquet(tables_of(self.to_dict()), folder)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text (UTF-8, keys in schema order)."""
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_text(self) -> str:
        """A plain-text summary for reading in a terminal."""
        from provenance.render import render_text

        return render_text(self)

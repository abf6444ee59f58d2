"""The whole analysis: ingest, segment, sketch, index, align, cluster, origin, report."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

from provenance.align import align
from provenance.anchors import anchors
from provenance.cluster import cluster
from provenance.errors import ConfigError
from provenance.index import candidates
from provenance.ingest import load
from provenance.model import Config, Corpus, Document, OutletProfile, Report
from provenance.origin import credits_of, origin
from provenance.parallel import beside, collector_paused, release_memory, worker_count
from provenance.segment import segment
from provenance.sketch import sketch
from provenance.wording import Affinity

__all__ = ["analyze"]

CorpusLike = Corpus | str | os.PathLike[str] | Iterable[Document | Mapping[str, Any]]


def analyze(
    corpus: CorpusLike,
    *,
    manifest: str | os.PathLike[str] | None = None,
    encoding: str | Sequence[str] = "utf-8",
    on_error: Literal["raise", "warn", "skip"] = "raise",
    config: Config | None = None,
    workers: int = 0,
    progress: bool | None = None,
    outlets: OutletProfile | None = None,
    **options: Any,
) -> Report:
    """Find the reused passages of a corpus and group them into families.

    ``corpus`` is anything :func:`provenance.load` accepts (a folder, a file,
    records in memory) or a loaded :class:`~provenance.model.Corpus`. Options are
    either a whole ``config`` or flat option names (``shingle_size=4``,
    ``min_sentence_coverage=0.8``, ...), documented in ``docs/parameters.md``.
    ``workers`` processes cut documents, sketch, index, verify candidate pairs
    and trace origins (0: one per core) and ``progress`` shows a progress bar for each long
    stage (``None``: only on a terminal); neither changes the report. ``outlets`` is
    an outlets' order and house style to weigh instead of the one these documents'
    links show (:class:`~provenance.model.OutletProfile`; an archive's lookups pass
    the profile of the whole archive); the report's :attr:`~Report.outlets` is the
    one weighed.

    >>> import provenance
    >>> wire = "The minister said on Monday that the border talks would resume in Geneva."
    >>> daily = "The minister said on Monday that border talks would resume in Geneva."
    >>> report = provenance.analyze([
    ...     {"id": "a", "outlet": "Wire", "date": "2024-05-01", "text": wire},
    ...     {"id": "b", "outlet": "Daily", "date": "2024-05-02", "text": daily},
    ... ])
    >>> [(ln.a, ln.b) for ln in report.links]
    [('a:0-73', 'b:0-69')]
    >>> [(e.op, e.a_text) for e in report.links[0].edits]
    [('delete', 'the')]
    """
    worker_count(workers)  # a number out of range is an error before any work
    if progress is not None and not isinstance(progress, bool):
        raise ConfigError(f"progress must be True, False or None, got {progress!r}")
    if config is None:
        config = Config.from_options(**options)
    elif options:
        raise TypeError("pass either config= or individual options, not both")
    if not isinstance(corpus, Corpus):
        corpus = load(corpus, manifest, encoding=encoding, on_error=on_error)
    return _run(corpus, config, workers=workers, progress=progress, outlets=outlets)


def _run(
    corpus: Corpus,
    config: Config,
    *,
    workers: int,
    progress: bool | None,
    on_stage: Callable[[str], None] | None = None,
    outlets: OutletProfile | None = None,
) -> Report:
    """The stages in turn; ``on_stage(name)`` is called as each one ends (the
    benchmarks time them with it)."""
    done = on_stage or (lambda name: None)
    # Each stage's inputs are dropped as soon as the next stage has its outputs, and
    # the memory they held is handed back (release_memory) before the next one runs.
    seg = segment(corpus, config.segment, workers=workers, show_progress=progress)
    release_memory()
    done("segment")
    signatures = sketch(seg, config.sketch, workers=workers, show_progress=progress)
    done("sketch")
    pairs = candidates(seg, signatures, config.index, workers=workers, show_progress=progress)
    del signatures
    anchored = anchors(seg, config.index, workers=workers)
    release_memory()
    done("index")
    # From here on the stages build millions of objects and no reference cycles: the
    # cyclic collector stays paused until the report is built (see collector_paused).
    with collector_paused():
        alignments = align(
            seg, pairs, config.align, anchors=anchored, workers=workers, show_progress=progress
        )
        del pairs, anchored
        release_memory()
        done("align")
        # The documents' credit lines depend on them alone: their workers scan them
        # while this process clusters, a serial step that would leave a core idle.
        count = worker_count(workers)
        with beside(
            count, credits_of, corpus.documents, config.origin, workers=count
        ) as credits_found:
            affinity = Affinity.of(seg, alignments)
            families, links = cluster(seg, alignments, config.cluster)
            del alignments
            credits = credits_found()
        release_memory()
        done("cluster")
        traced = origin(
            seg,
            families,
            config.origin,
            affinity=affinity,
            align=config.align,
            workers=workers,
            show_progress=progress,
            credits=credits,
            outlets=outlets,
        )
        done("origin")
        return Report(
            documents=corpus.documents,
            paragraphs=seg.paragraphs,
            families=tuple(traced.families),
            links=links,
            config=config,
            problems=corpus.problems,
            views=tuple(traced.views),
            outlets=traced.outlets,
        )

"""Helpers for tests: small constructed corpora, independent of the bundled seeds."""

from __future__ import annotations

import importlib.util
import random
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import provenance
from provenance.align import align
from provenance.cluster import cluster, passage_id
from provenance.index import candidates
from provenance.model import Config, Corpus, Document, Family, Link, Passage, Segmentation
from provenance.segment import segment
from provenance.sketch import sketch

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
GEN_PATH = BENCH / "generate.py"


def bench_module(name: str) -> ModuleType:
    """A script of ``benchmarks/`` as a module, with that folder importable while it
    loads (the scripts import each other)."""
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


def paragraph_passages(seg: Segmentation) -> list[Passage]:
    """Every paragraph of ``seg`` as a passage of its whole span."""
    table = seg.paragraphs
    out = []
    for par in range(len(table)):
        doc = table.docs[int(table.doc[par])]
        start, end = int(table.start[par]), int(table.end[par])
        text = seg.corpus_text(doc)[start:end]
        out.append(Passage(passage_id(doc, start, end), doc, par, start, end, text))
    return out


def generator() -> Any:
    """The benchmark corpus generator (``benchmarks/generate.py``) as a module."""
    name = "provenance_benchmark_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, GEN_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# What the origin stage takes: a segmentation, its families, and the config.
Stages = tuple[Segmentation, list[Family], Config]


def generated_corpus(out: Path, *, paragraphs: int, seed: int) -> Corpus:
    """The benchmark generator's corpus of ``paragraphs`` paragraphs, made in ``out``."""
    bench_module("generate").generate(out, paragraphs=paragraphs, seed=seed)
    return provenance.load(out / "corpus")


def generated_families(out: Path, *, paragraphs: int, seed: int) -> Stages:
    """Segmentation and families of a corpus the benchmark generator writes in ``out``:
    the input of the origin stage, with the default config."""
    generator().generate(out, paragraphs=paragraphs, seed=seed)
    config = Config()
    seg = segment(provenance.load(out / "corpus"), config.segment)
    pairs = candidates(seg, sketch(seg, config.sketch), config.index)
    families, _ = cluster(seg, align(seg, pairs, config.align, workers=1), config.cluster)
    return seg, families, config


_WORDS = [
    "minister",
    "government",
    "border",
    "talks",
    "officials",
    "said",
    "week",
    "agency",
    "forces",
    "ceasefire",
    "region",
    "capital",
    "president",
    "parliament",
    "election",
    "opposition",
    "report",
    "statement",
    "humanitarian",
    "aid",
    "corridor",
    "supplies",
    "troops",
    "military",
    "offensive",
    "diplomats",
    "envoy",
    "meeting",
    "agreement",
    "peace",
    "negotiations",
    "sanctions",
    "economy",
    "budget",
    "inflation",
    "protest",
    "police",
    "court",
    "ruling",
    "judge",
    "spokesman",
    "ministry",
    "foreign",
    "defense",
    "interior",
    "council",
    "summit",
    "delegation",
    "visit",
    "crisis",
    "refugees",
    "shelter",
    "convoy",
    "village",
    "city",
    "province",
    "river",
    "airport",
    "port",
    "railway",
    "bridge",
    "road",
    "energy",
    "pipeline",
    "gas",
    "oil",
    "prices",
    "market",
    "bank",
    "currency",
    "exports",
    "imports",
    "tariffs",
    "workers",
    "union",
    "strike",
    "hospital",
    "doctors",
    "patients",
    "vaccine",
    "outbreak",
    "drought",
    "harvest",
    "farmers",
    "grain",
]
_GLUE = ["the", "a", "of", "in", "on", "to", "and", "for", "with", "by", "at", "from", "that", "as"]


def sentence(rng: random.Random, words: int = 16) -> str:
    """A capitalised sentence of distinct-looking words, ending with a full stop."""
    out = []
    for i in range(words):
        out.append(rng.choice(_GLUE) if i % 3 == 1 else rng.choice(_WORDS))
    out[0] = out[0].capitalize()
    return " ".join(out) + "."


def sentences(seed: int, count: int, words: int = 16) -> list[str]:
    rng = random.Random(seed)
    return [sentence(rng, words) for _ in range(count)]


def corpus(
    texts: dict[str, str],
    dates: dict[str, str] | None = None,
    outlets: dict[str, str] | None = None,
) -> Corpus:
    """A corpus from ``{id: text}``, each document its own outlet unless told."""
    return provenance.load(
        [
            {
                "id": doc_id,
                "text": text,
                "outlet": (outlets or {}).get(doc_id, f"Outlet {doc_id}"),
                "date": (dates or {}).get(doc_id),
            }
            for doc_id, text in texts.items()
        ]
    )


def by_day(a: Document, b: Document) -> bool:
    """``a`` is dated on an earlier day than ``b`` (a plain order for the oracles)."""
    return a.date is not None and b.date is not None and str(a.date)[:10] < str(b.date)[:10]


def linked_documents(
    families: Iterable[Family], docs: Mapping[str, Document]
) -> Iterator[tuple[Link, Document, Document]]:
    """Every link of ``families`` with the documents of its two passages, read as
    objects, link by link (what the plain references of origin's link readers walk)."""
    for f in families:
        doc_of = {p.id: p.doc for p in f.passages}
        for link in f.links:
            yield link, docs[doc_of[link.a]], docs[doc_of[link.b]]


def docs_in_family(report: provenance.Report, family: provenance.Family) -> set[str]:
    return {p.doc for p in family.passages}


def paragraphs(*parts: Sequence[str]) -> str:
    """Join sentence lists into paragraphs separated by blank lines."""
    return "\n\n".join(" ".join(p) for p in parts)


__all__ = ["DATES", "by_day", "corpus", "docs_in_family", "paragraphs", "sentence", "sentences"]

# Dates as a manifest or a record may give them, for Hypothesis to draw: none (""), a
# year, a month, two days, a time with a zone and local times on the first day.
DATES = (
    "",
    "2024",
    "2024-03",
    "2024-03-04",
    "2024-03-05",
    "2024-03-04T09:00:00+00:00",
    "2024-03-04T09:00:00",
    "2024-03-04T21:00:00",
)


# --------------------------------------------------------------------------- origin stories

# Sentences the origin tests build their articles from, and the first three as one paragraph.
SENTENCES = tuple(sentences(seed=7, count=10, words=18))
BASE = " ".join(SENTENCES[0:3])


def analyze_records(records: list[dict[str, object]], **options: object) -> provenance.Report:
    """:func:`provenance.analyze` of records (dicts), with options."""
    return provenance.analyze(records, **options)  # type: ignore[arg-type]


def edge_between(report: provenance.Report, parent: str, child: str) -> provenance.model.Edge:
    """The edge of the report's one family from document ``parent`` to document ``child``."""
    (family,) = report.families
    for e in family.edges:
        if e.parent.startswith(parent + ":") and e.child.startswith(child + ":"):
            return e
    raise AssertionError(f"no edge {parent} -> {child}: {family.edges}")


def replaced(text: str, old: str, new: str) -> str:
    """``text`` with its first ``old`` replaced by ``new`` (which must be there)."""
    assert old in text
    return text.replace(old, new, 1)

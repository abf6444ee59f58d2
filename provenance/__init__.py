"""provenance: trace where the wording of news articles came from.

>>> import provenance
>>> report = provenance.analyze(provenance.example_path())
>>> len(report.documents)
5
"""

from __future__ import annotations

from pathlib import Path

from provenance.errors import ConfigError, InputError, Problem, ProvenanceError
from provenance.evaluate import Evaluation, evaluate, load_gold
from provenance.ingest import load
from provenance.model import (
    Config,
    Corpus,
    Document,
    DocumentView,
    Edge,
    Family,
    Link,
    Passage,
    Report,
    Segment,
)
from provenance.pipeline import analyze

__all__ = [
    "Config",
    "ConfigError",
    "Corpus",
    "Document",
    "DocumentView",
    "Edge",
    "Evaluation",
    "Family",
    "InputError",
    "Link",
    "Passage",
    "Problem",
    "ProvenanceError",
    "Report",
    "Segment",
    "analyze",
    "evaluate",
    "example_path",
    "load",
    "load_gold",
]

__version__ = "0.1.0"


def example_path() -> Path:
    """The folder of the bundled example corpus (five news articles and a manifest)."""
    return Path(__file__).parent / "data" / "seeds"

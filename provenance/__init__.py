"""provenance: trace where the wording of news articles came from.

>>> import provenance
>>> report = provenance.analyze(provenance.example_path())
>>> len(report.documents)
5

The names below load their modules on first use: ``import provenance`` alone does
not load numpy, so that the ``provenance`` command can choose numpy's settings
first (:mod:`provenance.cpu`).
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.errors import (
    ArchiveBusyError,
    ArchiveError,
    ConfigError,
    InputError,
    Problem,
    ProvenanceError,
)

if TYPE_CHECKING:
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
    from provenance.store import Added, Archive

__all__ = [
    "Added",
    "Archive",
    "ArchiveBusyError",
    "ArchiveError",
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

# Each public name that needs numpy, and the module it is defined in.
_LAZY = {
    "Evaluation": "provenance.evaluate",
    "evaluate": "provenance.evaluate",
    "load_gold": "provenance.evaluate",
    "load": "provenance.ingest",
    "Config": "provenance.model",
    "Corpus": "provenance.model",
    "Document": "provenance.model",
    "DocumentView": "provenance.model",
    "Edge": "provenance.model",
    "Family": "provenance.model",
    "Link": "provenance.model",
    "Passage": "provenance.model",
    "Report": "provenance.model",
    "Segment": "provenance.model",
    "analyze": "provenance.pipeline",
    "Added": "provenance.store",
    "Archive": "provenance.store",
}


def __getattr__(name: str) -> Any:
    """A public name's value, its module loaded on first use; or a submodule
    (``provenance.segment``), loaded as ``import provenance`` used to load them all."""
    module = _LAZY.get(name)
    if module is not None:
        return getattr(import_module(module), name)
    try:
        return import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as err:
        if err.name != f"{__name__}.{name}":
            raise  # the submodule exists, and something it imports does not
        raise AttributeError(f"module 'provenance' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def example_path() -> Path:
    """The folder of the bundled example corpus (five news articles and a manifest)."""
    return Path(__file__).parent / "data" / "seeds"

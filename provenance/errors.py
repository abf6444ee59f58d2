"""Exceptions raised by ``provenance``.

Every error the library raises on purpose derives from :class:`ProvenanceError`,
and also from the builtin exception that fits, so ``except ValueError`` keeps
working for callers who do not know this library.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = [
    "ArchiveBusyError",
    "ArchiveError",
    "ConfigError",
    "DateError",
    "InputError",
    "MissingExtraError",
    "Problem",
    "ProvenanceError",
    "ProvenanceWarning",
]


class ProvenanceError(Exception):
    """Base class of every error raised by ``provenance``."""


class ProvenanceWarning(UserWarning):
    """Base class of every warning issued by ``provenance``."""


class ConfigError(ProvenanceError, ValueError):
    """An option has a value outside its documented range, or is unknown."""


class ArchiveError(ProvenanceError, OSError):
    """An archive that cannot be used as asked: not an archive, damaged, written by a
    newer version, made with other parameters, or a document that would change
    without ``replace=True``. The message names the archive."""


class ArchiveBusyError(ArchiveError):
    """Another process kept the archive locked for writing longer than the wait
    allowed (``Archive(..., timeout=)``); nothing was written."""


class MissingExtraError(ProvenanceError, ImportError):
    """A feature needs an optional extra that is not installed; the message says
    which (``pip install 'news-provenance[tables]'``)."""


class DateError(ProvenanceError, ValueError):
    """A date that is none of the accepted forms, or out of range (``docs/input.md``)."""


@attrs.frozen
class Problem:
    """One piece of bad input: where it is and what was expected there.

    ``source`` is a file path (or ``"<records>"`` for in-memory input), ``line``
    the 1-based line number within it where one applies.
    """

    source: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}, line {self.line}"
        return f"{where}: {self.message}"


class InputError(ProvenanceError, ValueError):
    """Input that could not be read as articles.

    ``problems`` lists every bad record found (reading goes on past each one);
    ``documents`` holds the documents that did load, so nothing read is lost.
    """

    def __init__(self, problems: Sequence[Problem], documents: Sequence[object] = ()) -> None:
        self.problems = tuple(problems)
        self.documents = tuple(documents)
        first = str(self.problems[0]) if self.problems else "bad input"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        super().__init__(first + suffix)

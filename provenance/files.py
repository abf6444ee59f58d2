"""Writing files: whole or not at all, and never over an input.

Every file the project writes goes first to a temporary file beside it, which is
flushed to disk and then renamed over the target in one step
(:func:`write_text_atomic`): a run killed while writing, or failing while encoding,
leaves the earlier file as it was, and a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from provenance.errors import ConfigError

__all__ = ["check_not_input", "write_text_atomic"]


def write_text_atomic(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically: all of it, or nothing changed.

    The text is encoded before anything is written (an encoding error leaves no
    trace), written to a temporary file in the same folder, flushed to disk and
    renamed over ``path``. A file already at ``path`` keeps its permissions; a new
    one gets those of any new file (``0o666`` less the umask).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_text_atomic(folder / "report.json", '{"schema": "2.7"}\\n')
    >>> (folder / "report.json").read_text()
    '{"schema": "2.7"}\\n'
    >>> sorted(p.name for p in folder.iterdir())  # no temporary file left behind
    ['report.json']
    """
    target = Path(path)
    data = text.encode(encoding)
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def check_not_input(path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Raise :class:`~provenance.errors.ConfigError` if ``path`` is one of ``inputs``
    (the same file, by any name or link), so that no output is written over an input.

    >>> check_not_input("report.json", ["corpus/a.txt"])
    >>> check_not_input("corpus/./a.txt", ["corpus/a.txt"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    provenance.errors.ConfigError: corpus/./a.txt is an input (corpus/a.txt); expected ...
    """
    target = Path(path).resolve()
    for source in inputs:
        if Path(source).resolve() == target:
            raise ConfigError(
                f"{os.fspath(path)} is an input ({os.fspath(source)}); expected an output "
                "path that is not one of the inputs"
            )

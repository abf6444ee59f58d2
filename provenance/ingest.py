"""Reading articles: folders of text files, JSON Lines, and in-memory records.

:func:`load` turns any accepted input into a :class:`~provenance.model.Corpus`.
Text is decoded, a UTF-8 byte order mark is dropped and line endings are
normalised to ``\\n``; nothing else in the text is changed (apart from the
first-line date marker of a text file, see :func:`load`), so every character
offset the library reports is an offset into that normalised text.

Bad input never stops the reading: every problem is collected as a
:class:`~provenance.errors.Problem` naming the file, the line and what was
expected, and ``on_error`` decides what happens to them at the end.
"""

from __future__ import annotations

import codecs
import csv
import errno
import gzip
import io
import json
import math
import os
import re
import stat
import warnings
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeAlias

from provenance.dates import DateValue, parse_date
from provenance.errors import ConfigError, InputError, Problem, ProvenanceWarning
from provenance.model import Corpus, Document

__all__ = ["InputWarning", "input_files", "load", "parse_date"]

OnError: TypeAlias = Literal["raise", "warn", "skip"]
Record: TypeAlias = "Document | Mapping[str, Any]"
Source: TypeAlias = "str | os.PathLike[str] | Corpus | Iterable[Record]"

RECORDS = "<records>"
"""The ``Problem.source`` of problems found in in-memory records."""

_ON_ERROR = ("raise", "warn", "skip")
_MANIFEST_NAME = "manifest.csv"
_MANIFEST_COLUMNS = ("file", "outlet", "date", "url", "title")
_RECORD_FIELDS = ("id", "text", "outlet", "date", "url", "title")

# ' date 2023-09-10 Text...': an optional leading space, the word, a token that
# starts like a year; the one space (or line break) after it goes with it.
_MARKER = re.compile(r"\A ?date (\d{4}\S*)(?:[ \n]|\Z)")


class InputWarning(ProvenanceWarning):
    """Issued once per :class:`~provenance.errors.Problem` by ``load(..., on_error="warn")``."""


# --------------------------------------------------------------------------- collecting


class _Collector:
    """The documents read so far, the problems met, and which id came from where."""

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self.problems: list[Problem] = []
        self._first: dict[str, str] = {}

    def problem(self, source: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(source=source, message=message, line=line))

    def add(self, doc: Document, source: str, line: int | None, *, decoded: bool = False) -> None:
        """Keep ``doc`` unless it is unfit (:func:`_document_problem`) or its id is taken.
        ``decoded``: its strings came from bytes through a codec (or from JSON without a
        surrogate's escape), so they hold no lone surrogate."""
        if line is None:
            here = source
        elif source == RECORDS:
            here = f"record {line}"
        else:
            here = f"{source}, line {line}"
        unfit = _document_problem(doc, decoded=decoded)
        if unfit is not None:
            self.problem(source, f"{unfit}; the document is not loaded", line)
            return
        first = self._first.get(doc.id)
        if first is not None:
            self.problem(
                source,
                f"duplicate id {doc.id!r}: read from {first} and again from {here}; "
                "the first is kept; expected each document id to be unique",
                line,
            )
            return
        self._first[doc.id] = here
        self.documents.append(doc)


def _newlines(text: str) -> str:
    if "\r" not in text:  # one scan and no copy for most texts
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_empty(text: str) -> bool:
    """Nothing but whitespace (``str.isspace`` stops at the first other character;
    ``strip`` copies the text)."""
    return not text or text.isspace()


_EMPTY = "empty: expected article text"

# Metadata nested deeper than this is refused: the report writes it back out, and
# JSON's readers and writers recurse once per level.
_MAX_DEPTH = 64


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X}"


# A lone surrogate: valid in JSON (``"\\ud800"``) and in a Python string, but not
# Unicode text; no file can hold it.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Its escape in JSON text (``\\ud800`` to ``\\udfff``, either case).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _string_problem(text: str, what: str) -> str | None:
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return (
        f"{what} holds a lone surrogate ({_char_name(found[0])} at character "
        f"{found.start()}); expected Unicode text"
    )


def _value_problem(value: object, what: str, depth: int = 0, *, strings: bool = True) -> str | None:
    """What makes ``value`` (a metadata value) unfit for the report's JSON, or ``None``:
    a lone surrogate (looked for when ``strings``), a number that is not finite,
    nesting deeper than ``_MAX_DEPTH``. Values of other types are kept and written as
    their text."""
    if isinstance(value, str):
        return _string_problem(value, what) if strings else None
    if isinstance(value, float):
        if math.isfinite(value):
            return None
        return f"{what} is {value!r}, which JSON cannot hold; expected a finite number"
    if isinstance(value, Mapping | list | tuple):
        if depth >= _MAX_DEPTH:
            return f"{what} is nested more than {_MAX_DEPTH} levels deep; expected at most that"
        if not value:
            return None
        items = value.items() if isinstance(value, Mapping) else enumerate(value)
        for key, item in items:
            if strings and isinstance(key, str):
                found = _string_problem(key, f"a key of {what}")
                if found:
                    return found
            found = _value_problem(item, what, depth + 1, strings=strings)
            if found:
                return found
    return None


def _document_problem(doc: Document, *, decoded: bool = False) -> str | None:
    """The first thing that makes ``doc`` unfit for analysis and its report, or ``None``.
    With ``decoded``, its strings are not searched for lone surrogates but its id (a
    file name may hold them: Python reads undecodable bytes of names as surrogates)."""
    found = _string_problem(doc.id, "the id")
    if found:
        return found
    if not decoded:
        for name in ("text", "outlet", "url", "title"):
            value = getattr(doc, name)
            if isinstance(value, str) and (found := _string_problem(value, f"the {name}")):
                return found
    return _value_problem(doc.metadata, "the metadata", strings=not decoded)


# --------------------------------------------------------------------------- encodings


AUTO = "auto"
"""The encoding name that asks for UTF-8, else a guess (charset-normalizer's)."""


def _encodings(encoding: str | Sequence[str]) -> tuple[str, ...]:
    names = (encoding,) if isinstance(encoding, str) else tuple(encoding)
    if not names:
        raise ConfigError("encoding must name at least one text encoding, e.g. 'utf-8'")
    for name in names:
        if not isinstance(name, str):
            raise ConfigError(f"encoding names must be strings, got {name!r}")
        if name == AUTO:
            continue
        try:
            info = codecs.lookup(name)
        except LookupError:
            info = None
        if info is None or not getattr(info, "_is_text_encoding", True):
            raise ConfigError(f"unknown text encoding {name!r}; expected e.g. 'utf-8'")
    return names


def _label(encoding: str) -> str:
    return "GUESSED" if encoding == AUTO else codecs.lookup(encoding).name.upper()


def _guess(data: bytes) -> tuple[str, str] | None:
    """``data`` decoded as UTF-8 if it is, else in the encoding charset-normalizer finds
    likeliest, with that encoding's name; ``None`` if it finds none. A guess: the
    shorter the text, the likelier a wrong one."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if "\x00" not in text:  # UTF-16 of ASCII text is valid UTF-8, with NULs
            return text, "utf_8"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else (str(best), best.encoding)


class _Decoded(NamedTuple):
    """Decoded text, and the encoding that charset-normalizer guessed for it (``None``
    when it was named, not guessed)."""

    text: str
    guessed: str | None = None


def _decode(
    data: bytes,
    encodings: tuple[str, ...],
    source: str,
    out: _Collector,
    line: int | None = None,
) -> _Decoded | None:
    """The decoded text without a UTF-8 BOM, or ``None`` (and a problem) if no encoding fits.

    Text with a NUL character is not text in that encoding: UTF-16 without a byte
    order mark decodes as UTF-8 or cp1252 without an error, a NUL beside every
    ASCII letter; the next encoding is tried.
    """
    failures: list[tuple[str, str]] = []
    for encoding in encodings:
        name = None
        if encoding == AUTO:
            guessed = _guess(data)
            if guessed is None:
                failures.append((encoding, "charset-normalizer finds none"))
                continue
            text, name = guessed
        else:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                at = f"byte 0x{exc.object[exc.start]:02x} at offset {exc.start}"
                failures.append((encoding, at))
                continue
        nul = text.find("\x00")
        if nul >= 0:
            failures.append((encoding, f"a NUL character at character {nul}"))
            continue
        return _Decoded(text[1:] if text.startswith("\ufeff") else text, name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        hint = "it starts with a UTF-16 byte order mark: pass encoding='utf-16'"
    elif any(reason.startswith("a NUL") for _, reason in failures):
        hint = (
            "NUL characters are what UTF-16 without a byte order mark looks like: pass "
            "encoding='utf-16-le' (or 'utf-16-be')"
        )
    else:
        hint = ""
    if len(failures) == 1 and failures[0][0] == AUTO:
        hint = hint or "pass the file's encoding as encoding="
        message = f"no text encoding fits ({failures[0][1]}); expected text, or {hint}"
    elif len(failures) == 1:
        name, reason = failures[0]
        label = _label(name)
        if not hint:
            hint = (
                "pass encoding=('utf-8', 'cp1252')"
                if label == "UTF-8"
                else "pass the file's encoding as encoding="
            )
        message = f"not valid {label} ({reason}); expected {label} text, or {hint}"
    else:
        tried = "; ".join(f"{_label(enc)}: {reason}" for enc, reason in failures)
        hint = hint or "add the file's encoding to encoding="
        message = (
            f"not valid in any of the encodings tried ({tried}); expected text in one of "
            f"them, or {hint}"
        )
    out.problem(source, message, line)
    return None


def _read_bytes(path: Path, out: _Collector) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        out.problem(
            str(path), f"could not be read ({exc.strerror or exc}); expected a readable file"
        )
        return None
    if path.name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            out.problem(str(path), f"not a valid gzip file ({exc}); expected gzip-compressed text")
            return None
    return data


# --------------------------------------------------------------------------- manifest


class _Entry(NamedTuple):
    """One manifest row."""

    line: int
    outlet: str | None
    date: DateValue | None
    url: str | None
    title: str | None
    extra: dict[str, str]


def _read_manifest(
    path: Path, base: Path, encodings: tuple[str, ...], out: _Collector
) -> dict[str, _Entry]:
    """Manifest rows by normalised file name (relative to ``base``)."""
    source = str(path)
    data = _read_bytes(path, out)
    decoded = None if data is None else _decode(data, encodings, source, out)
    if decoded is None:
        return {}
    text = decoded.text
    # strict: a quote left open is an error at the end of the file, not a cell that
    # silently swallows every row after it. A malformed row is a problem of its own:
    # the reader goes on with the next line.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    entries: dict[str, _Entry] = {}
    header: list[str] | None = None
    end = 0  # the last line of the last row read
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if str(exc) == "unexpected end of data":
                message = (
                    "a quoted cell opens in the row starting here and never closes (the "
                    "rest of the file is ignored); expected a closing quote"
                )
            else:
                message = (
                    f"not valid CSV ({exc}); the row is ignored; expected comma-separated values"
                )
            out.problem(source, message, end + 1)
            end = reader.line_num
            if header is None:
                return {}
            continue
        line, end = end + 1, reader.line_num
        if header is None:
            header = [name.strip() for name in row]
            if "file" not in header:
                found = f"columns: {', '.join(header)}" if any(header) else "no header row"
                out.problem(source, _no_file_column(found), 1)
                return {}
            continue
        if not any(cell.strip() for cell in row):
            continue
        _manifest_row(row, header, line, source, base, entries, out)
    if header is None:
        out.problem(source, _no_file_column("no header row"), 1)
    return entries


def _no_file_column(found: str) -> str:
    return (
        f'no "file" column ({found}); expected a header row naming the columns '
        f"{','.join(_MANIFEST_COLUMNS)}"
    )


def _manifest_row(
    row: list[str],
    header: list[str],
    line: int,
    source: str,
    base: Path,
    entries: dict[str, _Entry],
    out: _Collector,
) -> None:
    if len(row) > len(header):
        out.problem(
            source,
            f"{len(row)} cells but the header has {len(header)} columns; the extra cells "
            "are ignored; expected one cell per column",
            line,
        )
    cells = dict(zip(header, row, strict=False))
    name = cells.get("file", "").strip()
    if not name:
        out.problem(source, 'no file named; expected a file name in the "file" column', line)
        return
    key = os.path.normpath(name)
    if not (base / name).exists():
        out.problem(
            source, f"names {name!r}, which does not exist; expected a file in {base}", line
        )
        return
    if key in entries:
        out.problem(
            source,
            f"names {name!r} again (first on line {entries[key].line}); the first row is "
            "kept; expected one row per file",
            line,
        )
        return
    raw_date = cells.get("date", "")
    try:
        date = parse_date(raw_date)
    except ValueError as exc:
        out.problem(source, f"{exc}, for {name!r}", line)
        date = None

    def text(column: str) -> str | None:
        return cells.get(column, "").strip() or None

    entries[key] = _Entry(
        line=line,
        outlet=text("outlet"),
        date=date,
        url=text("url"),
        title=text("title"),
        extra={k: v for k, v in cells.items() if k and k not in _MANIFEST_COLUMNS},
    )


# --------------------------------------------------------------------------- files


def _kind(path: Path) -> Literal["txt", "jsonl"] | None:
    name = path.name.lower()
    if name.endswith(".txt"):
        return "txt"
    if name.endswith((".jsonl", ".jsonl.gz")):
        return "jsonl"
    return None


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".jsonl.gz", ".jsonl", ".txt"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def _read_text_file(
    path: Path, entry: _Entry | None, encodings: tuple[str, ...], out: _Collector
) -> None:
    source = str(path)
    data = _read_bytes(path, out)
    decoded = None if data is None else _decode(data, encodings, source, out)
    if decoded is None:
        return
    text = _newlines(decoded.text)
    metadata: dict[str, Any] = dict(entry.extra) if entry else {}
    if decoded.guessed is not None:
        metadata["detected_encoding"] = decoded.guessed
    file_date: DateValue | None = None
    marker = _MARKER.match(text)
    if marker:
        text = text[marker.end() :]
        try:
            file_date = parse_date(marker[1])
        except ValueError as exc:
            out.problem(source, f"{exc}, in the first-line date marker", 1)
        if file_date is not None:
            metadata["file_date"] = file_date.isoformat()
    if _is_empty(text):
        out.problem(source, _EMPTY)
        return
    date = entry.date if entry and entry.date is not None else file_date
    doc = Document(
        id=_stem(path),
        text=text,
        outlet=entry.outlet if entry else None,
        date=date,
        url=entry.url if entry else None,
        title=entry.title if entry else None,
        metadata=metadata,
        source=source,
    )
    out.add(doc, source, None, decoded=True)


def _read_jsonl_file(
    path: Path, entry: _Entry | None, encodings: tuple[str, ...], out: _Collector
) -> None:
    """Read a JSON Lines file one line at a time (each line decoded on its own).

    Memory holds one line, not the file; a line that cannot be decoded or parsed
    is a problem of that line, and a file that breaks off (a truncated gzip
    stream) keeps the records read before the break.
    """
    source = str(path)
    stem = _stem(path)
    lineno = 0
    seen = False
    try:
        with _open_binary(path) as fh:
            for lineno, raw in enumerate(fh, start=1):
                decoded = _decode(raw, encodings, source, out, lineno)
                if decoded is None or _is_empty(decoded.text):
                    continue
                line = decoded.text
                seen = True
                _read_json_line(line, lineno, entry, stem, source, out)
    except OSError as exc:
        message = (
            f"not a valid gzip file ({exc}); expected gzip-compressed text"
            if isinstance(exc, gzip.BadGzipFile)
            else f"could not be read ({exc.strerror or exc}); expected a readable file"
        )
        out.problem(source, message, lineno + 1 if lineno else None)
        return
    except (EOFError, zlib.error) as exc:
        out.problem(
            source,
            f"not a valid gzip file ({exc}); expected gzip-compressed text",
            lineno + 1 if lineno else None,
        )
        return
    if not seen and not any(p.source == source for p in out.problems):
        out.problem(source, f"{_EMPTY} (one JSON object per line)")


def _open_binary(path: Path) -> io.BufferedIOBase:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


def _read_json_line(
    line: str, lineno: int, entry: _Entry | None, stem: str, source: str, out: _Collector
) -> None:
    try:
        record = _JSON.decode(line)
    except json.JSONDecodeError as exc:
        out.problem(
            source,
            f"invalid JSON ({exc.msg} at column {exc.colno}); expected one JSON object per line",
            lineno,
        )
        return
    except _NotJson as exc:
        out.problem(source, f"invalid JSON ({exc}); expected one JSON object per line", lineno)
        return
    except RecursionError:
        out.problem(
            source,
            f"JSON nested too deeply to read; expected a record nested at most {_MAX_DEPTH} "
            "levels deep",
            lineno,
        )
        return
    if not isinstance(record, dict):
        out.problem(
            source,
            f"a JSON {_json_type(record)}, not an object; expected a JSON object with "
            'a "text" field',
            lineno,
        )
        return
    _read_mapping(
        record,
        default_id=f"{stem}-{lineno}",
        source=source,
        line=lineno,
        doc_source=f"{source}:{lineno}",
        defaults=entry,
        out=out,
        # A JSON string holds a lone surrogate only through its escape.
        decoded=_SURROGATE_ESCAPE.search(line) is None,
    )


class _NotJson(ValueError):
    """A token Python's reader accepts that JSON does not (``NaN``, ``Infinity``)."""


def _not_json(token: str) -> object:
    raise _NotJson(f"{token} is not a JSON value")


# One decoder for every line (json.loads with an option builds one per call); it
# holds no state between lines.
_JSON = json.JSONDecoder(parse_constant=_not_json)


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "null"


# --------------------------------------------------------------------------- records


def _read_mapping(
    record: Mapping[Any, Any],
    *,
    default_id: str,
    source: str,
    line: int,
    doc_source: str,
    out: _Collector,
    defaults: _Entry | None = None,
    own_source: bool = False,
    decoded: bool = False,
) -> None:
    """One passim-style record (a JSON Lines line or an in-memory mapping); ``decoded``
    as for :meth:`_Collector.add`."""
    text = record.get("text")
    if text is None:
        out.problem(source, 'no "text" field; expected the article text under "text"', line)
        return
    if not isinstance(text, str):
        out.problem(source, f'"text" is a {type(text).__name__}; expected a string', line)
        return
    text = _newlines(text)
    if _is_empty(text):
        out.problem(source, _EMPTY, line)
        return

    raw_id = record.get("id")
    if raw_id is None or raw_id == "":
        doc_id = default_id
    elif isinstance(raw_id, str):
        doc_id = raw_id
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        out.problem(
            source, f'"id" is a {type(raw_id).__name__}; expected a string (or no id)', line
        )
        return

    def optional_text(key: str) -> str | None:
        value = record.get(key)
        if value is None or isinstance(value, str):
            return value or None
        out.problem(
            source,
            f"{key!r} is a {type(value).__name__}; expected a string; it is left unknown",
            line,
        )
        return None

    used = set(_RECORD_FIELDS)
    outlet = optional_text("outlet")
    if record.get("outlet") is None:
        outlet = optional_text("series")
        used.add("series")
    url = optional_text("url")
    title = optional_text("title")
    try:
        date = parse_date(record.get("date"))
    except ValueError as exc:
        out.problem(source, f"{exc}; the date is left unknown", line)
        date = None

    metadata: dict[str, Any] = {}
    if defaults is not None:
        outlet = outlet if outlet is not None else defaults.outlet
        date = date if date is not None else defaults.date
        url = url if url is not None else defaults.url
        title = title if title is not None else defaults.title
        metadata.update(defaults.extra)
    nested = record.get("metadata")
    if isinstance(nested, Mapping):
        used.add("metadata")
        metadata.update({str(k): v for k, v in nested.items()})
    if own_source and isinstance(record.get("source"), str):
        used.add("source")
        doc_source = record["source"]
    metadata.update({str(k): v for k, v in record.items() if k not in used})

    doc = Document(
        id=doc_id,
        text=text,
        outlet=outlet,
        date=date,
        url=url,
        title=title,
        metadata=metadata,
        source=doc_source,
    )
    out.add(doc, source, line, decoded=decoded)


def _read_records(items: Iterable[object], out: _Collector) -> None:
    count = 0
    for n, item in enumerate(items, start=1):
        count = n
        if isinstance(item, Document):
            if _is_empty(item.text):
                out.problem(RECORDS, f"{_EMPTY} (record {n}, id {item.id!r})", n)
            else:
                out.add(item, RECORDS, n)
        elif isinstance(item, Mapping):
            _read_mapping(
                item,
                default_id=f"record-{n}",
                source=RECORDS,
                line=n,
                doc_source=f"{RECORDS}:{n}",
                own_source=True,
                out=out,
            )
        else:
            out.problem(
                RECORDS,
                f"record {n} is a {type(item).__name__}; expected a Document or a mapping "
                'with a "text" field',
                n,
            )
    if count == 0:
        raise InputError([Problem(source=RECORDS, message="no records; expected articles")])


# --------------------------------------------------------------------------- paths


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` is not a regular file (or a link to one) that can be read, or
    ``None``. Nothing is opened: a named pipe would block the reader."""
    try:
        info = path.stat()
    except OSError as exc:
        if path.is_symlink():
            if exc.errno == errno.ELOOP:
                return "is a symbolic link in a loop"
            return "is a broken symbolic link (what it points to does not exist)"
        return f"could not be read ({exc.strerror or exc})"
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    return "is not a regular file"


def _folder_files(folder: Path, manifest: Path | None, out: _Collector) -> list[Path]:
    """The article files of ``folder``; those that are not regular files are problems."""
    skip = manifest.resolve() if manifest is not None else None
    files = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.stem.split(".")[0].lower() == "readme":
            continue
        if not _kind(path):
            continue
        unfit = _not_a_file(path)
        if unfit is not None:
            out.problem(str(path), f"{unfit}; expected a regular file of articles; not read")
        elif path.resolve() != skip:
            files.append(path)
    return files


def _read_path(
    path: Path, manifest: Path | None, encodings: tuple[str, ...], out: _Collector
) -> None:
    expected = "expected a folder of articles, a .txt file or a .jsonl/.jsonl.gz file"
    if not path.exists():
        unfit = _not_a_file(path) if path.is_symlink() else "does not exist"
        raise InputError([Problem(source=str(path), message=f"{unfit}; {expected}")])
    if manifest is not None:
        there = manifest.exists() or manifest.is_symlink()
        unfit = _not_a_file(manifest) if there else "does not exist"
        if unfit is not None:
            raise InputError(
                [Problem(source=str(manifest), message=f"{unfit}; expected a manifest CSV file")]
            )
    if path.is_dir():
        folder = path
        if manifest is None and (path / _MANIFEST_NAME).is_file():
            manifest = path / _MANIFEST_NAME
        files = _folder_files(path, manifest, out)
        if not files:
            raise InputError(
                [
                    *out.problems,
                    Problem(
                        source=str(path),
                        message="no articles; expected .txt, .jsonl or .jsonl.gz files "
                        "in this folder",
                    ),
                ]
            )
    else:
        folder = path.parent
        unfit = _not_a_file(path)
        if unfit is None and _kind(path) is None:
            unfit = "not a supported file"
        if unfit is not None:
            raise InputError([Problem(source=str(path), message=f"{unfit}; {expected}")])
        files = [path]

    entries = _read_manifest(manifest, folder, encodings, out) if manifest is not None else {}
    if path.is_dir() and manifest is not None:
        names = {f.name for f in files}
        for key, row in entries.items():
            if key not in names:
                out.problem(
                    str(manifest),
                    f"names {key!r}, which is not an article file; expected a .txt, .jsonl "
                    f"or .jsonl.gz file directly in {folder}",
                    row.line,
                )

    for file in files:
        key = os.path.normpath(os.path.relpath(file, folder))
        entry = entries.get(key)
        if _kind(file) == "txt":
            _read_text_file(file, entry, encodings, out)
        else:
            _read_jsonl_file(file, entry, encodings, out)


def input_files(
    source: str | os.PathLike[str], manifest: str | os.PathLike[str] | None = None
) -> list[Path]:
    """The files :func:`load` reads for the path ``source``: the file itself, or the
    folder's article files, and the manifest. Nothing is read; a path that does not
    exist gives none."""
    path = Path(source)
    found = [Path(manifest)] if manifest is not None else []
    if path.is_dir():
        if manifest is None and (path / _MANIFEST_NAME).is_file():
            found.append(path / _MANIFEST_NAME)
        found.extend(_folder_files(path, None, _Collector()))
    elif path.exists():
        found.append(path)
    return found


# --------------------------------------------------------------------------- entry point


def load(
    source: Source,
    manifest: str | os.PathLike[str] | None = None,
    *,
    encoding: str | Sequence[str] = "utf-8",
    on_error: OnError = "raise",
) -> Corpus:
    """Read articles into a :class:`~provenance.model.Corpus` sorted by document id.

    ``source`` is a folder (its ``*.txt``, ``*.jsonl`` and ``*.jsonl.gz`` files,
    not recursive, with ``manifest.csv`` beside them found automatically), one such
    file, an iterable of :class:`~provenance.model.Document` objects and/or
    mappings with at least ``text``, or a ``Corpus`` (returned unchanged).
    ``manifest`` names a manifest CSV explicitly (columns ``file,outlet,date,url,title``;
    other columns go to ``Document.metadata``).

    A text file whose first line starts with `` date YYYY-MM-DD `` takes that date
    (``metadata["file_date"]`` keeps it, as ISO text) and the marker and the space
    after it are removed from the text; a manifest date takes precedence.

    ``encoding`` is one encoding or a sequence tried in order; ``"auto"`` reads UTF-8,
    else guesses the encoding (charset-normalizer; ``metadata["detected_encoding"]``
    of a text file keeps the guess). ``on_error`` decides
    what happens when some input is bad: ``"raise"`` raises
    :class:`~provenance.errors.InputError` (holding every problem and the documents
    that did load), ``"warn"`` issues one :class:`InputWarning` per problem, and
    ``"skip"`` stays silent; both of the latter return the good documents, with the
    problems in ``Corpus.problems``. A missing path, a folder without articles or
    an empty iterable raise ``InputError`` in every mode.

    :raises ConfigError: for an unknown ``on_error`` value or encoding.
    """
    if on_error not in _ON_ERROR:
        raise ConfigError(f"on_error must be one of {', '.join(_ON_ERROR)}, got {on_error!r}")
    encodings = _encodings(encoding)
    if isinstance(source, Corpus):
        return source
    out = _Collector()
    if isinstance(source, (str, os.PathLike)):
        _read_path(Path(source), None if manifest is None else Path(manifest), encodings, out)
    elif isinstance(source, (bytes, bytearray, Mapping)) or not isinstance(source, Iterable):
        raise TypeError(
            f"cannot load a {type(source).__name__}; expected a path, a Corpus, or an "
            "iterable of Document objects and/or mappings"
        )
    elif manifest is not None:
        raise ConfigError("manifest applies to a folder or file source, not to records")
    else:
        _read_records(source, out)

    documents = tuple(sorted(out.documents, key=lambda d: d.id))
    problems = tuple(out.problems)
    if problems and on_error == "raise":
        raise InputError(problems, documents)
    if on_error == "warn":
        for problem in problems:
            warnings.warn(str(problem), InputWarning, stacklevel=2)
    return Corpus(documents=documents, problems=problems)

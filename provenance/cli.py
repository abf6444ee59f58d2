"""The ``provenance`` command: library errors become one clear line each, here only."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from provenance.errors import ConfigError, InputError, ProvenanceError
from provenance.files import check_not_input, write_text_atomic
from provenance.ingest import input_files, load
from provenance.pipeline import analyze
from provenance.render import visible
from provenance.store import Archive
from provenance.store.archive import NEIGHBOURS

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="provenance",
        description="Trace where the wording of news articles came from.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "analyze",
        help="find reused passages in a folder or file of articles",
        description="Find reused passages, print their families, optionally write the JSON.",
    )
    run.add_argument(
        "path", help="a folder of .txt files (with manifest.csv), a .txt or a .jsonl file"
    )
    run.add_argument("--manifest", help="a manifest CSV (default: manifest.csv beside the files)")
    run.add_argument("--json", dest="json_out", metavar="OUT", help="write the JSON report to OUT")
    run.add_argument(
        "--encoding",
        action="append",
        metavar="ENC",
        help="text encoding to try, in order (repeatable; default utf-8); 'auto' reads "
        "UTF-8, else guesses the encoding",
    )
    run.add_argument(
        "--skip-bad",
        action="store_true",
        help="warn about bad records and analyse the rest, instead of stopping",
    )
    _talk(run, workers=0, workers_help="processes to use (default: one per core)")
    add = commands.add_parser(
        "add",
        help="add articles to an archive (an SQLite file, made if absent, or a database)",
        description="Add the articles of each PATH to ARCHIVE, each PATH in one transaction.",
    )
    add.add_argument("archive", help="the archive file (made if absent) or a postgresql:// address")
    add.add_argument("paths", nargs="+", metavar="PATH", help="as for analyze; one or more")
    add.add_argument("--manifest", help="a manifest CSV for every PATH (default: beside each)")
    add.add_argument("--encoding", action="append", metavar="ENC", help="as for analyze")
    add.add_argument("--skip-bad", action="store_true", help="warn about bad records, add the rest")
    add.add_argument(
        "--replace",
        action="store_true",
        help="replace a held document by a different one with its id (else an error)",
    )
    _talk(add)
    report = commands.add_parser(
        "report",
        help="analyse every document of an archive",
        description="The report of every document of ARCHIVE, as analyze gives it.",
    )
    report.add_argument("archive", help="the archive file or a postgresql:// address")
    report.add_argument("--json", dest="json_out", metavar="OUT", help="write the JSON report")
    _talk(report, workers=0, workers_help="as for analyze")
    query = commands.add_parser(
        "query",
        help="where did this article come from? (looked up in an archive, not added)",
        description="The archive's documents that share wording with the article in FILE, "
        "and the origin of its words.",
    )
    query.add_argument("archive", help="the archive file or postgresql:// address")
    query.add_argument("file", help="one article: a .txt file (with its manifest) or .jsonl")
    query.add_argument("--manifest", help="a manifest CSV (default: beside the file)")
    query.add_argument("--json", dest="json_out", metavar="OUT", help="write the JSON answer")
    query.add_argument("--top", type=int, default=10, metavar="N", help="matches (default 10)")
    query.add_argument(
        "--exact",
        action="store_true",
        help="analyse it with the whole archive, as analyze would (slow on a large archive)",
    )
    query.add_argument(
        "--neighbours",
        type=int,
        default=NEIGHBOURS,
        metavar="N",
        help=f"without --exact: the most documents analysed with it (default {NEIGHBOURS})",
    )
    _talk(
        query,
        workers=1,
        workers_help="processes (default 1: a lookup's analysis is small; 0, one per core, "
        "helps --exact)",
    )
    return parser


def _reading(args: argparse.Namespace) -> dict[str, Any]:
    """How ``analyze`` and ``add`` read their input: ``--manifest``, ``--encoding``,
    ``--skip-bad``, as :func:`provenance.load`'s arguments."""
    return {
        "manifest": args.manifest,
        "encoding": tuple(args.encoding) if args.encoding else "utf-8",
        "on_error": "warn" if args.skip_bad else "raise",
    }


def _talk(
    command: argparse.ArgumentParser, *, workers: int | None = None, workers_help: str = ""
) -> None:
    """The options every command shares: ``--quiet``, ``--no-progress``, and
    ``--workers`` (default ``workers``) for those that analyse."""
    command.add_argument("--quiet", action="store_true", help="print nothing but errors")
    if workers is not None:
        command.add_argument("--workers", type=int, default=workers, metavar="N", help=workers_help)
    command.add_argument("--no-progress", action="store_true", help="never show a progress bar")


def _say(message: str) -> None:
    """One line to standard error; what it quotes of the input (file names, ids) is
    escaped (:func:`~provenance.render.visible`)."""
    print(f"provenance: {visible(message)}", file=sys.stderr)


def _check_output(out: str, path: str, manifest: str | None) -> None:
    """Before any work: ``out`` can be written, and is not one of the inputs."""
    target = Path(out)
    if target.is_dir():
        raise ConfigError(f"{out} is a folder; expected a file name for the JSON report")
    if not target.parent.is_dir():
        raise ConfigError(
            f"{out}: the folder {target.parent} does not exist; expected an existing folder"
        )
    check_not_input(target, input_files(path, manifest))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "add":
        return _add(args)
    if args.command == "report":
        return _report(args)
    if args.command == "query":
        return _query(args)
    try:
        if args.json_out:
            _check_output(args.json_out, args.path, args.manifest)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            report = analyze(
                args.path,
                **_reading(args),
                workers=args.workers,
                progress=_progress(args),
            )
        for w in caught:
            _say(f"warning: {w.message}")
        if args.json_out:
            # Whole or not at all: a failure leaves an earlier report as it was.
            write_text_atomic(args.json_out, report.to_json() + "\n")
    except InputError as err:
        for problem in err.problems:
            _say(f"error: {problem}")
        if err.documents:
            _say(
                f"{len(err.documents)} other documents read fine; "
                "use --skip-bad to analyse them anyway"
            )
        return 1
    except (ProvenanceError, OSError) as err:
        _say(f"error: {err}")
        return 1
    if not args.quiet:
        sys.stdout.write(report.to_text())
        if args.json_out:
            print(f"JSON report written to {visible(args.json_out)}")
    return 0


def _progress(args: argparse.Namespace) -> bool | None:
    """Whether to show progress bars: never with ``--no-progress`` or ``--quiet``,
    else on a terminal."""
    return False if args.no_progress or args.quiet else None


def _check_archive(archive: str) -> None:
    """Before any work: an archive file to read exists (an address names a server)."""
    if "://" not in archive and not Path(archive).is_file():
        raise ConfigError(f"{archive}: no such archive file")


def _add(args: argparse.Namespace) -> int:
    """``provenance add``: each path is one addition; a path that fails is reported
    and the others are added."""
    failed = 0
    try:
        archive = Archive(args.archive)
    except (ProvenanceError, OSError) as err:
        _say(f"error: {err}")
        return 1
    with archive:
        for path in args.paths:
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    added = archive.add(
                        path,
                        **_reading(args),
                        replace=args.replace,
                        progress=_progress(args),
                    )
                for w in caught:
                    _say(f"warning: {w.message}")
            except InputError as err:
                failed += 1
                for problem in err.problems:
                    _say(f"error: {problem}")
                _say(f"nothing added from {path}; use --skip-bad to add its good documents")
                continue
            except (ProvenanceError, OSError) as err:
                failed += 1
                _say(f"error: {err}")
                continue
            if not args.quiet:
                print(
                    f"{visible(path)}: {len(added.added)} added, {len(added.replaced)} "
                    f"replaced, {len(added.skipped)} already held"
                )
        if not args.quiet:
            print(f"{visible(args.archive)} holds {len(archive)} documents")
    return 1 if failed else 0


def _report(args: argparse.Namespace) -> int:
    """``provenance report``: the archive's report, printed and/or written."""
    try:
        _check_archive(args.archive)
        if args.json_out:  # never over the archive file (an address names no file)
            _check_output(args.json_out, args.archive, None)
        with Archive(args.archive) as archive:
            report = archive.report(
                workers=args.workers,
                progress=_progress(args),
            )
        if args.json_out:
            write_text_atomic(args.json_out, report.to_json() + "\n")
    except (ProvenanceError, OSError) as err:
        _say(f"error: {err}")
        return 1
    if not args.quiet:
        sys.stdout.write(report.to_text())
        if args.json_out:
            print(f"JSON report written to {visible(args.json_out)}")
    return 0


def _query(args: argparse.Namespace) -> int:
    """``provenance query``: one article looked up in the archive; a summary, and the
    JSON answer when asked."""
    try:
        _check_archive(args.archive)
        if args.top < 1:
            raise ConfigError(f"--top must be a positive number, got {args.top}")
        if args.neighbours < 1:
            raise ConfigError(f"--neighbours must be a positive number, got {args.neighbours}")
        if args.json_out:
            _check_output(args.json_out, args.file, args.manifest)
        documents = load(args.file, args.manifest).documents
        if len(documents) != 1:
            raise ConfigError(
                f"{args.file} holds {len(documents)} documents; expected one article to look up"
            )
        with Archive(args.archive) as archive:
            found = archive.query(
                documents[0],
                top=args.top,
                exact=args.exact,
                neighbours=args.neighbours,
                workers=args.workers,
                progress=_progress(args),
            )
        if args.json_out:
            write_text_atomic(args.json_out, found.to_json() + "\n")
    except InputError as err:
        for problem in err.problems:
            _say(f"error: {problem}")
        return 1
    except (ProvenanceError, OSError) as err:
        _say(f"error: {err}")
        return 1
    if not args.quiet:
        doc = found.document
        print(visible(f"{doc['id']}: {doc['original']:.0%} its own"))
        if found.scope == "archive":
            print(f"  analysed with every document of the archive ({found.compared:,})")
        else:
            weighed = (
                f"the outlets' profile of the report at generation {found.outlets}"
                if found.outlets is not None
                else "their own outlets' profile (no report kept)"
            )
            print(f"  analysed with the {found.compared:,} documents nearest in wording, {weighed}")
        for m in found.matches:
            print(
                visible(
                    f"  {m.id} · {m.outlet or 'unknown outlet'} · {m.date or 'undated'}: "
                    f"{m.score:.0%} of its text shared ({m.shared_words} words), {m.role}"
                )
            )
        if not found.matches:
            print("  shares no wording with the archive")
        if args.json_out:
            print(f"JSON answer written to {visible(args.json_out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The ``provenance`` command: library errors become one clear line each, here only."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from provenance.errors import ConfigError, InputError, ProvenanceError
from provenance.files import check_not_input, write_text_atomic
from provenance.ingest import input_files
from provenance.pipeline import analyze
from provenance.render import visible

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
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")
    run.add_argument(
        "--workers",
        type=int,
        default=0,
        metavar="N",
        help="processes to use (default: one per core)",
    )
    run.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    return parser


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
    try:
        if args.json_out:
            _check_output(args.json_out, args.path, args.manifest)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            report = analyze(
                args.path,
                manifest=args.manifest,
                encoding=tuple(args.encoding) if args.encoding else "utf-8",
                on_error="warn" if args.skip_bad else "raise",
                workers=args.workers,
                progress=False if args.no_progress or args.quiet else None,
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


if __name__ == "__main__":
    sys.exit(main())

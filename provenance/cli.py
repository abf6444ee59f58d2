"""The ``provenance`` command: library errors become one clear line each, here only."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from provenance.errors import InputError, ProvenanceError
from provenance.pipeline import analyze

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
        help="text encoding to try, in order (repeatable; default utf-8)",
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


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
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
            print(f"provenance: warning: {w.message}", file=sys.stderr)
        if args.json_out:
            Path(args.json_out).write_text(report.to_json() + "\n", encoding="utf-8")
    except InputError as err:
        for problem in err.problems:
            print(f"provenance: error: {problem}", file=sys.stderr)
        if err.documents:
            print(
                f"provenance: {len(err.documents)} other documents read fine; "
                "use --skip-bad to analyse them anyway",
                file=sys.stderr,
            )
        return 1
    except (ProvenanceError, OSError) as err:
        print(f"provenance: error: {err}", file=sys.stderr)
        return 1
    if not args.quiet:
        sys.stdout.write(report.to_text())
        if args.json_out:
            print(f"JSON report written to {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The origin stage alone on a whole corpus: its wall time, and that of the word
accounts inside it, from the stages before it saved once.

    python benchmarks/bench_origin.py dump benchmarks/out/wire-1000000 /tmp/wire-1m.pkl
    python benchmarks/bench_origin.py time /tmp/wire-1m.pkl [--workers 2]

``dump`` runs the stages before origin (segment to cluster) and pickles what origin
takes (several GiB at 1M paragraphs: keep it out of the repository). ``time`` reads it
back and times :func:`provenance.origin.origin` with the cyclic collector paused, as
:func:`provenance.analyze` runs it. Run ``time`` with another checkout's code
(``PYTHONPATH=other/checkout``) on the same file to compare two versions of the stage
like for like: the stages before it, and the machine's mood between two full runs, are
out of the figure.
"""

from __future__ import annotations

import argparse
import contextlib
import pickle
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from common import machine


def dump(folder: Path, out: Path) -> None:
    """Pickle origin's inputs for the corpus in ``folder`` (``corpus/`` in it)."""
    import provenance.pipeline as pipeline
    from provenance.ingest import load
    from provenance.model import Config

    saved: dict[str, Any] = {}

    class _Stop(Exception):
        pass

    def keep(seg: Any, families: Any, config: Any, **kwargs: Any) -> Any:
        saved["inputs"] = (seg, families, config, kwargs["affinity"], kwargs["align"])
        raise _Stop

    stage = pipeline.origin
    pipeline.origin = keep  # type: ignore[assignment]
    try:
        with contextlib.suppress(_Stop):
            pipeline._run(load(folder / "corpus"), Config(), workers=0, progress=False)
    finally:
        pipeline.origin = stage  # the stage as it was, for whatever runs next
    with out.open("wb") as f:
        pickle.dump(saved["inputs"], f, protocol=5)


def time_origin(path: Path, workers: int) -> dict[str, float]:
    """Seconds of the origin stage on the inputs pickled at ``path``, and of its word
    accounts."""
    import provenance.origin.stage as stage
    from provenance.parallel import collector_paused

    with path.open("rb") as f:
        seg, families, config, affinity, align = pickle.load(f)
    spent: dict[str, float] = {}
    accounts = stage.accounts

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        found = accounts(*args, **kwargs)
        spent["accounts"] = time.perf_counter() - start
        return found

    stage.accounts = timed  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        with collector_paused():
            stage.origin(seg, families, config, affinity=affinity, align=align, workers=workers)
        spent["origin"] = time.perf_counter() - start
    finally:
        stage.accounts = accounts  # the stage as it was, for whatever runs next
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="run the stages before origin and pickle its inputs")
    d.add_argument("folder", type=Path, help="a corpus folder of generate.py or wire.py")
    d.add_argument("out", type=Path, help="the pickle to write")
    t = sub.add_parser("time", help="time the origin stage on pickled inputs")
    t.add_argument("pickle", type=Path)
    t.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    if args.command == "dump":
        dump(args.folder, args.out)
        print(f"wrote {args.out}")
    else:
        spent = time_origin(args.pickle, args.workers)
        print(
            f"origin {spent['origin']:.1f} s, of which the word accounts {spent['accounts']:.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

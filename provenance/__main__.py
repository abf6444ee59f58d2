"""``python -m provenance`` and the ``provenance`` command."""

import sys


def run() -> int:
    """The ``provenance`` command: numpy's settings for this CPU are chosen first
    (:func:`provenance.cpu.prefer_avx2_sort`), before anything loads numpy."""
    from provenance.cpu import prefer_avx2_sort

    prefer_avx2_sort()
    from provenance.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())

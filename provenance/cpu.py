"""What this CPU asks of numpy before numpy loads: its sort on AMD Zen 4.

numpy sorts 32- and 64-bit numbers with a vectorised quicksort, in AVX-512 where the
CPU has it. On AMD's Zen 4 cores (family 19h with AVX-512: EPYC 9004, Ryzen 7000)
that version stores through the one AVX-512 instruction Zen 4 runs in microcode
(a compress to memory), and is five times slower than numpy's AVX2 version of the
same sort: 61 against 12 ns a key for 4.5M 64-bit keys, measured on the
project's benchmark machines (``benchmarks/RESULTS.md``). The project sorts
hundreds of millions of keys at 1M paragraphs (the index's bands, the anchors'
n-grams, the word classes), so the index stage alone took 27-31 s there against 18-19.

numpy reads which CPU features to leave unused from ``NPY_DISABLE_CPU_FEATURES``
once, when it loads; a loaded numpy cannot be changed. The ``provenance`` command
therefore calls :func:`prefer_avx2_sort` before anything imports numpy, and so do
the benchmarks. A program that imports :mod:`provenance` itself (a notebook, a
script) keeps numpy as it is: setting a process-wide variable behind a caller's back
would change their numpy too. They can set the variable themselves before numpy
loads (``docs/how-it-works.md``, "Sorting on AMD Zen 4"). The setting changes no
result: the project's sorts sort values or are stable, and their output does not
depend on how they are computed.

Nothing else is changed: nothing on other CPUs, and nothing when either of numpy's
two variables is set already (an empty ``NPY_DISABLE_CPU_FEATURES`` keeps AVX-512).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, MutableMapping, Sequence

__all__ = [
    "avx512_features_to_disable",
    "numpy_dispatch",
    "prefer_avx2_sort",
    "slow_avx512_sort",
]

_ZEN4_FAMILY = 0x19  # AMD family 19h: Zen 3 (no AVX-512) and Zen 4; Zen 5 is 1Ah


def slow_avx512_sort(cpuinfo: str) -> bool:
    """Whether the CPU that ``cpuinfo`` (the text of Linux's ``/proc/cpuinfo``)
    describes runs numpy's AVX-512 sort slowly: an AMD CPU of family 19h with
    AVX-512, that is Zen 4.

    >>> slow_avx512_sort("vendor_id : AuthenticAMD\\ncpu family : 25\\nflags : avx2 avx512f")
    True
    >>> slow_avx512_sort("vendor_id : AuthenticAMD\\ncpu family : 26\\nflags : avx2 avx512f")
    False
    """
    fields: dict[str, str] = {}
    for line in cpuinfo.splitlines():
        if not line.strip():
            break  # the first processor's block says it for all
        name, _, value = line.partition(":")
        fields.setdefault(name.strip(), value.strip())
    try:
        family = int(fields.get("cpu family", ""))
    except ValueError:
        return False
    return (
        fields.get("vendor_id") == "AuthenticAMD"
        and family == _ZEN4_FAMILY
        and "avx512f" in fields.get("flags", "").split()
    )


def avx512_features_to_disable(
    cpuinfo: str, environ: Mapping[str, str], dispatched: Sequence[str]
) -> str | None:
    """The value for ``NPY_DISABLE_CPU_FEATURES`` that gives numpy its AVX2 sort on
    the CPU ``cpuinfo`` describes, or ``None`` to leave numpy as it is: another CPU,
    or a choice already made in ``environ``. ``dispatched`` are the CPU targets numpy
    was built to dispatch to (:func:`numpy_dispatch`): their names change between
    numpy versions, and numpy warns of one it does not dispatch.

    >>> zen4 = "vendor_id : AuthenticAMD\\ncpu family : 25\\nflags : avx512f"
    >>> avx512_features_to_disable(zen4, {}, ["X86_V3", "X86_V4", "AVX512_ICL"])
    'X86_V4 AVX512_ICL'
    >>> print(avx512_features_to_disable(zen4, {"NPY_DISABLE_CPU_FEATURES": ""}, ["X86_V4"]))
    None
    """
    if _chosen(environ) or not slow_avx512_sort(cpuinfo):
        return None
    targets = [name for name in dispatched if name.startswith("AVX512") or name == "X86_V4"]
    return " ".join(targets) or None


def _chosen(environ: Mapping[str, str]) -> bool:
    """Whether numpy's CPU features are chosen in ``environ`` already."""
    return "NPY_DISABLE_CPU_FEATURES" in environ or "NPY_ENABLE_CPU_FEATURES" in environ


# Prints the CPU targets numpy dispatches to (numpy 2: ``numpy._core``; 1.x: ``numpy.core``).
_PROBE = """
try:
    from numpy._core._multiarray_umath import __cpu_dispatch__
except ImportError:
    from numpy.core._multiarray_umath import __cpu_dispatch__
print(" ".join(__cpu_dispatch__))
"""


def numpy_dispatch() -> list[str]:
    """The CPU targets the installed numpy dispatches to, asked of a child process
    (this one must not load numpy yet); none when it cannot tell."""
    try:
        found = subprocess.run(
            [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=60, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return found.stdout.split()


def prefer_avx2_sort(
    environ: MutableMapping[str, str] | None = None, cpuinfo: str = "/proc/cpuinfo"
) -> bool:
    """Set ``NPY_DISABLE_CPU_FEATURES`` in ``environ`` (the process's, by default)
    when :func:`avx512_features_to_disable` says so and numpy is not loaded yet;
    whether it was set. ``cpuinfo`` is the file that describes the CPU. Worker
    processes inherit the setting. Where it applies, numpy is asked which targets it
    dispatches to (:func:`numpy_dispatch`, some 0.1 s)."""
    environ = os.environ if environ is None else environ
    if "numpy" in sys.modules:
        return False
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:  # not Linux: nothing known of the CPU
        return False
    if _chosen(environ) or not slow_avx512_sort(text):
        return False  # without asking numpy
    value = avx512_features_to_disable(text, environ, numpy_dispatch())
    if value is None:
        return False
    environ["NPY_DISABLE_CPU_FEATURES"] = value
    return True

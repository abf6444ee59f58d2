"""numpy's settings for the CPU (provenance.cpu), chosen before numpy loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from provenance.cpu import avx512_features_to_disable, prefer_avx2_sort, slow_avx512_sort


def _cpuinfo(vendor: str, family: int, flags: str, processors: int = 2) -> str:
    block = (
        f"processor\t: {{}}\nvendor_id\t: {vendor}\ncpu family\t: {family}\nflags\t\t: {flags}\n"
    )
    return "\n".join(block.format(i) for i in range(processors))


ZEN4 = _cpuinfo("AuthenticAMD", 25, "fpu sse2 avx avx2 avx512f avx512dq avx512_bf16")
ZEN3 = _cpuinfo("AuthenticAMD", 25, "fpu sse2 avx avx2")
ZEN5 = _cpuinfo("AuthenticAMD", 26, "fpu sse2 avx avx2 avx512f avx512dq")
INTEL = _cpuinfo("GenuineIntel", 6, "fpu sse2 avx avx2 avx512f avx512dq")

# The targets numpy 2.3 and 2.4 report dispatching to on x86-64.
NUMPY_2_3 = [
    "SSSE3",
    "SSE41",
    "POPCNT",
    "SSE42",
    "AVX",
    "F16C",
    "FMA3",
    "AVX2",
    "AVX512F",
    "AVX512CD",
    "AVX512_KNL",
    "AVX512_KNM",
    "AVX512_SKX",
    "AVX512_CLX",
    "AVX512_CNL",
    "AVX512_ICL",
]
NUMPY_2_4 = ["X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR"]


@pytest.mark.parametrize(
    ("cpuinfo", "slow"),
    [
        (ZEN4, True),
        (ZEN3, False),  # no AVX-512
        (ZEN5, False),  # family 1Ah: a compress to memory is fast again
        (INTEL, False),
        ("", False),
        ("vendor_id : AuthenticAMD\ncpu family : many\nflags : avx512f", False),
    ],
)
def test_only_zen4_is_slow(cpuinfo: str, slow: bool) -> None:
    assert slow_avx512_sort(cpuinfo) is slow


def test_only_the_first_processor_is_read() -> None:
    # A block without AVX-512 after Zen 4's first one changes nothing.
    assert slow_avx512_sort(ZEN4 + "\n\n" + ZEN3)
    assert not slow_avx512_sort(ZEN3 + "\n\n" + ZEN4)


def test_every_avx512_target_of_the_numpy_at_hand_is_named() -> None:
    assert avx512_features_to_disable(ZEN4, {}, NUMPY_2_4) == "X86_V4 AVX512_ICL AVX512_SPR"
    assert avx512_features_to_disable(ZEN4, {}, NUMPY_2_3) == (
        "AVX512F AVX512CD AVX512_KNL AVX512_KNM AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"
    )
    assert avx512_features_to_disable(ZEN4, {}, ["SSE42", "AVX2"]) is None  # nothing to leave
    assert avx512_features_to_disable(ZEN4, {}, []) is None  # numpy could not be asked


@pytest.mark.parametrize("cpuinfo", [ZEN3, ZEN5, INTEL])
def test_other_cpus_keep_numpy_as_it_is(cpuinfo: str) -> None:
    assert avx512_features_to_disable(cpuinfo, {}, NUMPY_2_4) is None


@pytest.mark.parametrize(
    "environ",
    [
        {"NPY_DISABLE_CPU_FEATURES": ""},
        {"NPY_DISABLE_CPU_FEATURES": "AVX512_SPR"},
        {"NPY_ENABLE_CPU_FEATURES": "X86_V3 X86_V4"},
    ],
)
def test_a_choice_already_made_is_kept(environ: dict[str, str]) -> None:
    assert avx512_features_to_disable(ZEN4, environ, NUMPY_2_4) is None


def test_nothing_is_set_once_numpy_is_loaded(tmp_path: Path) -> None:
    # This process has loaded numpy: a setting now would not reach it.
    assert "numpy" in sys.modules
    info = tmp_path / "cpuinfo"
    info.write_text(ZEN4, encoding="utf-8")
    environ: dict[str, str] = {}
    assert not prefer_avx2_sort(environ, cpuinfo=str(info))
    assert environ == {}


def test_no_cpuinfo_sets_nothing(tmp_path: Path) -> None:
    environ: dict[str, str] = {}
    assert not prefer_avx2_sort(environ, cpuinfo=str(tmp_path / "absent"))
    assert environ == {}


def _python(code: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return done.stdout


def test_the_setting_reaches_numpy_without_a_warning(tmp_path: Path) -> None:
    """In a fresh process, as the command does it: the setting is made before numpy
    loads, numpy takes every name in it (``-W error``: it warns of a name it does not
    dispatch) and leaves those targets unused."""
    info = tmp_path / "cpuinfo"
    info.write_text(ZEN4, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NPY_")}
    found = json.loads(
        _python(
            "import json, os\n"
            "from provenance.cpu import prefer_avx2_sort, numpy_dispatch\n"
            f"env = {{}}\nset_ = prefer_avx2_sort(env, cpuinfo={str(info)!r})\n"
            "print(json.dumps([set_, env, numpy_dispatch()]))",
            env,
        )
    )
    was_set, chosen, dispatched = found
    avx512 = [t for t in dispatched if t.startswith("AVX512") or t == "X86_V4"]
    assert was_set == bool(avx512)
    if not was_set:  # a numpy built without AVX-512 targets: nothing to leave
        assert chosen == {}
        return
    assert chosen == {"NPY_DISABLE_CPU_FEATURES": " ".join(avx512)}
    features = json.loads(
        _python(
            "import json\n"
            "try:\n"
            "    from numpy._core._multiarray_umath import __cpu_features__ as f\n"
            "except ImportError:\n"
            "    from numpy.core._multiarray_umath import __cpu_features__ as f\n"
            "print(json.dumps(f))",
            {**env, **chosen},
        )
    )
    assert not any(features.get(t, False) for t in avx512)


def test_importing_the_package_does_not_load_numpy() -> None:
    out = _python(
        "import sys, provenance, provenance.__main__\n"
        "print('numpy' in sys.modules)\n"
        "provenance.Config\n"  # a public name loads its module on first use
        "print('numpy' in sys.modules)"
    )
    assert out.split() == ["False", "True"]


def test_submodules_are_reached_as_attributes_of_the_package() -> None:
    out = _python(
        "import provenance\n"
        "print(provenance.segment.segment.__name__, provenance.origin.stage.__name__)"
    )
    assert out.split() == ["segment", "provenance.origin.stage"]


def test_the_package_lists_and_reaches_every_public_name() -> None:
    import provenance

    for name in provenance.__all__:
        assert getattr(provenance, name) is not None
        assert name in dir(provenance)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = provenance.nothing  # type: ignore[attr-defined]

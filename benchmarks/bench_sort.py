"""numpy's sort with and without its AVX-512 targets (``provenance.cpu``).

Each setting runs in a child process of its own, as numpy reads
``NPY_DISABLE_CPU_FEATURES`` once, when it loads: numpy as it comes, and numpy
with the setting ``provenance.cpu.prefer_avx2_sort`` makes on this CPU (on another
CPU than AMD Zen 4 it makes none, and the script says so). Random keys, in place;
the median of ``--runs`` sorts, in ns a key.

    python benchmarks/bench_sort.py --sizes 1000000 4463008 30000000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from common import machine

_CHILD = """
import json, statistics, sys, time
import numpy as np
sizes, runs = json.loads(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(7)
out = {}
for dtype in ("uint64", "uint32"):
    for n in sizes:
        keys = rng.integers(0, np.iinfo(dtype).max, n, dtype=dtype)
        times = []
        for _ in range(runs):
            work = keys.copy()
            start = time.perf_counter()
            work.sort()
            times.append(time.perf_counter() - start)
        out[f"{dtype} {n}"] = statistics.median(times) / n * 1e9
print(json.dumps(out))
"""


def _run(env: dict[str, str], sizes: list[int], runs: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(sizes), str(runs)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 4_463_008])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    chosen = os.environ.get("NPY_DISABLE_CPU_FEATURES")
    plain = {k: v for k, v in os.environ.items() if not k.startswith("NPY_")}
    if not chosen:
        print("provenance.cpu makes no setting on this CPU: numpy as it comes only")
    settings = [("numpy as it comes", plain)]
    if chosen:
        settings.append((f"without {chosen}", {**plain, "NPY_DISABLE_CPU_FEATURES": chosen}))
    found = [(name, _run(env, args.sizes, args.runs)) for name, env in settings]
    print("| keys | " + " | ".join(f"{name}, ns a key" for name, _ in found) + " | ratio |")
    print("|---|" + "---:|" * (len(found) + 1))
    for key in found[0][1]:
        values = [result[key] for _, result in found]
        ratio = f"{values[0] / values[-1]:.1f}x" if len(values) > 1 else "-"
        print(f"| {key} | " + " | ".join(f"{v:.1f}" for v in values) + f" | {ratio} |")


if __name__ == "__main__":
    main()
